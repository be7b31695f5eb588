// Search with Pagefind (a static index written by `cahtool build`), ordered as a lawyer reads, one typo forgiven. Results are built with textContent
// and <mark> elements only: nothing from the index is ever parsed as HTML. A classic script (not a
// module), so that opened from file:// it still runs and explains that search needs http.
(function () {
"use strict";
const form = document.querySelector(".search-form");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const root = form.dataset.root;
let pagefind = null;
let words = null;
// Results read and ordered (relevance first is Pagefind's; then the rules below), and results shown.
const RANKED = 200;
const SHOWN = 50;
// Pagefind 1.5 also searches metadata, the title most of all: a provision whose document's title has the words
// would outrank one whose own words do. Titles count a little, the other metadata not at all.
const RANKING = { metaWeights: { title: 0.2, document: 0.2, citation: 0.5, date: 0, verification: 0, rank: 0,
                                 target: 0, also: 0 } };

function link(url) {
  // Record URLs are site paths ("documents/x.html#eId"); make them relative to this page.
  return root + url.replace(/^\/+/, "");
}

// Pagefind marks hits with <mark>; split on them and insert the text between as text.
function excerpt(text) {
  const p = document.createElement("p");
  p.className = "excerpt";
  const parts = text.split(/<mark>|<\/mark>/);
  const decode = document.createElement("textarea");
  parts.forEach((part, i) => {
    decode.innerHTML = part;  // a textarea decodes entities and never runs or parses markup
    const node = document.createTextNode(decode.value);
    if (i % 2 === 1) { const m = document.createElement("mark"); m.appendChild(node); p.appendChild(m); }
    else p.appendChild(node);
  });
  return p;
}

// One typo: a substitution, an insertion, a deletion or two letters swapped ("persecusion", "persecuton").
function oneEditApart(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// The query with each word the texts do not use (nor begin with) replaced by the most used word one typo away;
// null when no word is. Pagefind matches what it can of a misspelt word ("aparthied": "apart…"), so a word no
// text uses is corrected before searching, not only when nothing is found.
async function corrected(query) {
  if (!words) {
    // The texts' words, and the proposals' (a bundle of their own): each word with how often all of them use it.
    const lists = [form.dataset.words].concat(form.dataset.merge ? [form.dataset.merge + "words.json"] : []);
    words = {};
    for (const where of lists) {
      const response = await fetch(new URL(where, document.baseURI).href);
      const found = response.ok ? await response.json() : {};
      for (const [word, count] of Object.entries(found)) words[word] = (words[word] || 0) + count;
    }
  }
  const known = Object.keys(words);
  let changed = false;
  const out = query.split(/\s+/).filter(Boolean).map((word) => {
    const lower = word.toLowerCase();
    if (lower.length < 4 || !/^\p{L}+$/u.test(lower) || Object.prototype.hasOwnProperty.call(words, lower)
        || known.some((w) => w.startsWith(lower))) return word;
    let best = null;
    for (const [candidate, count] of Object.entries(words)) {
      if (oneEditApart(lower, candidate) && (!best || count > words[best] || (count === words[best] && candidate < best))) {
        best = candidate;
      }
    }
    if (best) { changed = true; return best; }
    return word;
  });
  return changed ? out.join(" ") : null;
}

// A lawyer's order: a provision whose own words match before one found by its document's title; among them, the
// texts themselves, then documented proposals, then illustrative wordings; Pagefind's relevance within each.
function ordered(results) {
  const key = (data) => [/<mark>/.test(data.excerpt) ? 0 : 1, Number(data.meta.rank || 0)];
  return results.map((data, index) => ({ data, index })).sort((a, b) => {
    const [x, y] = [key(a.data), key(b.data)];
    return x[0] - y[0] || x[1] - y[1] || a.index - b.index;
  }).map((item) => item.data);
}

async function search(query) {
  list.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  if (location.protocol === "file:") {
    status.textContent = "Search needs the site to be served over http (for example: python3 -m http.server -d site); "
      + "opened as a file, use the concordance and the document pages.";
    return;
  }
  status.textContent = "Searching…";
  try {
    if (!pagefind) {
      pagefind = await import(new URL(form.dataset.bundle, document.baseURI).href);
      await pagefind.options({ excerptLength: 40, ranking: RANKING });
      // The proposals are a bundle of their own (a new proposal does not make the texts' index again): merged in.
      if (form.dataset.merge) {
        await pagefind.mergeIndex(new URL(form.dataset.merge, document.baseURI).href,
                                  { excerptLength: 40, ranking: RANKING });
      }
    }
    const instead = await corrected(query);
    const found = await pagefind.search(instead || query);
    const results = ordered(await Promise.all(found.results.slice(0, RANKED).map((r) => r.data()))).slice(0, SHOWN);
    const count = found.results.length === 1 ? "1 provision found" : found.results.length + " provisions found";
    status.textContent = instead ? "No text uses “" + query + "”: " + count + " for “" + instead + "”."
      : count + ".";
    for (const data of results) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = link(data.meta.target || data.url);
      a.textContent = data.meta.citation || data.meta.title || data.url;
      const doc = document.createElement("span");
      doc.className = "sub";
      doc.textContent = [data.meta.document, data.meta.date, data.meta.verification].filter(Boolean).join(" · ");
      li.append(a, doc);
      // One record for a wording several texts share (the latest's): the earlier texts that have it too.
      if (data.meta.also) {
        const also = document.createElement("span");
        also.className = "sub also";
        also.textContent = "Worded alike in " + data.meta.also;
        li.append(also);
      }
      li.append(excerpt(data.excerpt));
      list.appendChild(li);
    }
  } catch (error) {
    status.textContent = "Search is unavailable here (it needs the site to be served over http, not opened as a file).";
  }
}

form.hidden = false;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  const params = new URLSearchParams({ q: query });
  history.replaceState(null, "", "?" + params.toString());
  search(query);
});
const initial = new URLSearchParams(location.search).get("q");
if (initial) { input.value = initial; search(initial); }
})();
