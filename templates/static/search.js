// Search with Pagefind (a static index written by `cahtool build`). Results are built with textContent
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
      await pagefind.options({ excerptLength: 40 });
    }
    const found = await pagefind.search(query);
    const results = await Promise.all(found.results.slice(0, 50).map((r) => r.data()));
    status.textContent = found.results.length === 1 ? "1 provision found." : found.results.length + " provisions found.";
    for (const data of results) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = link(data.meta.target || data.url);
      a.textContent = data.meta.citation || data.meta.title || data.url;
      const doc = document.createElement("span");
      doc.className = "sub";
      doc.textContent = [data.meta.document, data.meta.date, data.meta.verification].filter(Boolean).join(" · ");
      li.append(a, doc, excerpt(data.excerpt));
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
