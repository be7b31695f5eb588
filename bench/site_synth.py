"""Generated corpora for the site benchmark (``bench/site_bench.py``), each valid for ``cahtool check``.

- ``frozen_copies(dir, factor)``: the frozen corpus (tests/corpus) with ``factor`` times as many documents: the
  documents themselves, then copies of its proposals, each with its own short id, title and proposed words (the
  words a copy inserts or substitutes carry its number), so that no two consolidated texts are the same.
- ``convention(dir, ...)``: a convention-shaped negotiation: a draft convention of 500 articles and about 150,000
  words (preamble, parts of articles › paragraphs › points, an annex), five revisions of it (articles edited,
  one inserted, one deleted each time) and 100 proposals on the last revision, each changing words of its own
  article (a substitution, an insertion of words, a deletion of words, or a new point).
- ``statute(dir, ...)``: a statute-shaped document of about 1 MB (parts, cross-headings between sections,
  sections › subsections › paragraphs, schedules), to build a site against as ``--baseline``, with a
  later version of it beside it.

The same arguments always give the same bytes. ``python bench/site_synth.py DIR`` writes each of them to DIR.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FROZEN = ROOT / "tests" / "corpus"
sys.path.insert(0, str(HERE))

from synth import _CONTENT, _FUNCTION  # noqa: E402

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CAH = "urn:cahtool:1"
NS = {"a": AKN, "cah": CAH}
SEED = 20250113


# -- (a) the frozen corpus, many times over -----------------------------------------------------------

def _text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


def proposal_copy(data: bytes, number: int) -> tuple[str, bytes]:
    """A copy of a proposal: its own short id, title and proposed words (marked with ``number``)."""
    root = etree.fromstring(data)
    alias = root.find(".//a:FRBRalias[@name='cahtool']", NS)
    assert alias is not None
    old_id = alias.get("value", "")
    new_id = f"{old_id}-v{number}"
    own = re.compile(rf"/{re.escape(old_id)}(?=/|$)")
    for element in root.iter(f"{{{AKN}}}FRBRthis", f"{{{AKN}}}FRBRuri"):
        element.set("value", own.sub(f"/{new_id}", element.get("value", "")))
    alias.set("value", new_id)
    suffix = f" (variant {number})"
    for element in root.iterfind(".//a:FRBRname", NS):
        element.set("value", element.get("value", "") + suffix)
    for element in root.iterfind(".//cah:title", NS):
        element.text = (element.text or "") + suffix
    for element in root.iterfind(".//a:amendmentHeading/a:p", NS):
        element.text = (element.text or "") + suffix
    # The proposed words: the last word of each text a substitution or an insertion brings gets the copy's
    # number, so each copy proposes its own wording (and its instruction says so).
    marks = f" variant {number}"
    for mod in root.iterfind(".//a:textualMod", NS):
        if mod.get("type") not in ("substitution", "insertion"):
            continue
        for new in mod.iterfind("a:new", NS):
            target = new.get("href", "").lstrip("#")
            found = root.find(f".//*[@eId='{target}']")
            if found is None:
                continue
            if found.tag == f"{{{AKN}}}quotedText":
                found.text = _reword(found.text or "", marks)
            else:
                for p in found.iterfind(".//a:p", NS):
                    if p.text and p.text.strip():
                        p.text = _reword(p.text, marks)
                        break
    return new_id, etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _reword(text: str, marks: str) -> str:
    """``text`` with words added before its closing punctuation."""
    m = re.match(r"^(.*?)([;:.,]?\s*)$", text, re.S)
    assert m is not None
    return m.group(1) + marks + m.group(2)


def frozen_copies(target: Path, factor: int) -> int:
    """The frozen corpus with ``factor`` times as many documents (copies of its proposals); the count written."""
    files = sorted(FROZEN.rglob("*.xml"))
    proposals = [p for p in files if "proposals" in p.parts]
    for path in files:
        dest = target / path.relative_to(FROZEN)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    extra = len(files) * (factor - 1)
    sources = {p: p.read_bytes() for p in proposals}
    (target / "copies").mkdir(exist_ok=True)
    for n in range(extra):
        source = proposals[n % len(proposals)]
        new_id, data = proposal_copy(sources[source], n // len(proposals) + 1)
        (target / "copies" / f"{new_id}.xml").write_bytes(data)
    return len(files) + extra


# -- shared: writing Akoma Ntoso ----------------------------------------------------------------------

def _e(parent: etree._Element, tag: str, ns: str = AKN, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)


def _p(parent: etree._Element, tag: str, text: str) -> None:
    _e(_e(parent, tag), "p").text = text


def _meta(doc: etree._Element, *, kind: str, name: str, alias: str, date: str, title: str, source: str,
          verification: str, base: str = "", proponents: tuple[str, ...] = ()) -> etree._Element:
    meta = _e(doc, "meta")
    ident = _e(meta, "identification", source="#cahtool")
    work = f"/akn/un/{kind}/{name}/{date}/{alias}"
    for level, suffix in (("FRBRWork", ""), ("FRBRExpression", f"/eng@{date}"),
                          ("FRBRManifestation", f"/eng@{date}")):
        frbr = _e(ident, level)
        _e(frbr, "FRBRthis", value=f"{work}{suffix}/!main" + (".xml" if level == "FRBRManifestation" else ""))
        _e(frbr, "FRBRuri", value=f"{work}{suffix}" + (".akn" if level == "FRBRManifestation" else ""))
        if level == "FRBRWork":
            _e(frbr, "FRBRalias", value=alias, name="cahtool")
        _e(frbr, "FRBRdate", date=date, name="encoding" if level == "FRBRManifestation" else "adoption")
        _e(frbr, "FRBRauthor", href="#cahtool")
        if level == "FRBRWork":
            _e(frbr, "FRBRcountry", value="un")
            _e(frbr, "FRBRname", value=title)
        if level == "FRBRExpression":
            _e(frbr, "FRBRlanguage", language="eng")
    analysis = _e(meta, "analysis", source="#cahtool") if base else None
    refs = _e(meta, "references", source="#cahtool")
    _e(refs, "TLCOrganization", eId="cahtool", href="/ontology/organization/cahtool", showAs="cahtool")
    for who in proponents:
        _e(refs, "TLCOrganization", eId=who, href=f"/ontology/organization/{who}", showAs=who.title())
    prop = _e(meta, "proprietary", source="#cahtool")
    _e(prop, "title", CAH).text = title
    _e(prop, "source", CAH).text = source
    if base:
        _e(prop, "status", CAH, value="proposed (synthetic)", date=date)
        _e(prop, "base", CAH, ref=base)
        _e(prop, "provenance", CAH, label="illustrative wording")
        for who in proponents:
            _e(prop, "proponent", CAH, by=f"#{who}")
    else:
        _e(prop, "verification", CAH, status="unverified reconstruction").text = verification
        _e(prop, "status", CAH, value="synthetic draft", date=date)
    return analysis if analysis is not None else meta


def _sub_meta(doc: etree._Element, uri: str, date: str) -> None:
    """The identification of an annex or schedule (a sub-document of the attachments)."""
    ident = _e(_e(doc, "meta"), "identification", source="#cahtool")
    for level, suffix in (("FRBRWork", ""), ("FRBRExpression", f"/eng@{date}"),
                          ("FRBRManifestation", f"/eng@{date}")):
        frbr = _e(ident, level)
        _e(frbr, "FRBRthis", value=f"{uri}{suffix}/!{doc.get('name')}")
        _e(frbr, "FRBRuri", value=f"{uri}{suffix}")
        _e(frbr, "FRBRdate", date=date, name="adoption")
        _e(frbr, "FRBRauthor", href="#cahtool")
        if level == "FRBRWork":
            _e(frbr, "FRBRcountry", value="un")
        if level == "FRBRExpression":
            _e(frbr, "FRBRlanguage", language="eng")


class _Words:
    """Deterministic treaty-like sentences."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self, length: int) -> str:
        rng = self.rng
        out = [rng.choice(_FUNCTION) if rng.random() < 0.45 else rng.choice(_CONTENT) for _ in range(length)]
        out[0] = out[0][:1].upper() + out[0][1:]
        return " ".join(out)


# -- (b) a convention, its revisions and proposals ------------------------------------------------------

class _Article:
    """One article: its number, heading, and paragraphs (each an intro/text and maybe points)."""

    def __init__(self, ident: int, heading: str, paragraphs: list[tuple[str, list[str]]]) -> None:
        self.ident = ident
        self.heading = heading
        self.paragraphs = paragraphs

    def copy(self) -> _Article:
        return _Article(self.ident, self.heading, [(t, list(pts)) for t, pts in self.paragraphs])


def _letters(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[n] if n < 26 else "z" + str(n)


def _convention_articles(words: _Words, articles: int, total_words: int) -> list[_Article]:
    per_article = total_words // articles + 8  # the preamble, headings and annex hold the rest
    out = []
    for k in range(articles):
        paragraphs = []
        budget = per_article - 4  # the heading
        count = 1 + k % 4
        for j in range(count):
            if j == 1 and k % 3 == 0:
                points = [words.sentence(12) + ";" for _ in range(4)]
                paragraphs.append((words.sentence(10) + ":", points))
                budget -= 58
            else:
                n = max(8, budget // (count - j))
                paragraphs.append((words.sentence(n) + ".", []))
                budget -= n
        out.append(_Article(k, words.sentence(4).rstrip("."), paragraphs))
    return out


def _write_article(parent: etree._Element, number: int, art: _Article) -> None:
    eid = f"{parent.get('eId')}__art_{number}"
    article = _e(parent, "article", eId=eid)
    _e(article, "num").text = f"Article {number}"
    _e(article, "heading").text = art.heading
    for j, (text, points) in enumerate(art.paragraphs, 1):
        para = _e(article, "paragraph", eId=f"{eid}__para_{j}")
        _e(para, "num").text = f"{j}."
        if points:
            _p(para, "intro", text)
            for i, point in enumerate(points):
                pt = _e(para, "point", eId=f"{eid}__para_{j}__point_{_letters(i)}")
                _e(pt, "num").text = f"({_letters(i)})"
                _p(pt, "content", point)
        else:
            _p(para, "content", text)


def _convention_xml(articles: list[_Article], alias: str, date: str, title: str, words: _Words,
                    parts: int = 10) -> bytes:
    root = etree.Element(f"{{{AKN}}}akomaNtoso", nsmap={None: AKN, "cah": CAH})
    doc = _e(root, "bill", name="draftConvention")
    _meta(doc, kind="bill", name="convention", alias=alias, date=date, title=title,
          source="Synthetic draft convention (bench/site_synth.py)", verification="synthetic text")
    preface = _e(doc, "preface")
    _e(preface, "p", **{"class": "title"}).text = title
    recitals = _e(_e(doc, "preamble"), "recitals", eId="preamble__recitals_1")
    r = random.Random(len(articles))
    for k in range(12):
        _e(_e(recitals, "recital", eId=f"preamble__recitals_1__recital_{k + 1}"), "p").text = (
            ("Recalling " if k % 2 else "Considering ") + words.sentence(20 + r.randrange(10)).lower() + ",")
    body = _e(doc, "body")
    per_part = -(-len(articles) // parts)
    for part_no in range(parts):
        chunk = articles[part_no * per_part:(part_no + 1) * per_part]
        if not chunk:
            continue
        part = _e(body, "part", eId=f"part_{part_no + 1}")
        _e(part, "num").text = f"Part {part_no + 1}"
        _e(part, "heading").text = f"Part {part_no + 1}"
        for offset, art in enumerate(chunk):
            _write_article(part, part_no * per_part + offset + 1, art)
    attachments = _e(doc, "attachments")
    attachment = _e(attachments, "attachment", eId="att_1")
    annex = _e(attachment, "doc", name="annex")
    _sub_meta(annex, f"/akn/un/bill/convention/{date}/{alias}", date)
    main = _e(annex, "mainBody")
    for k in range(20):
        para = _e(main, "paragraph", eId=f"para_{k + 1}")
        _e(para, "num").text = f"{k + 1}."
        _p(para, "content", words.sentence(40) + ".")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _revise(words: _Words, articles: list[_Article], round_no: int) -> list[_Article]:
    """The next revision: some articles reworded, one inserted, one deleted."""
    rng = random.Random(SEED + round_no)
    out = [a.copy() for a in articles]
    for art in rng.sample(out, max(1, len(out) // 12)):
        j = rng.randrange(len(art.paragraphs))
        text, points = art.paragraphs[j]
        ws = text.split()
        k = rng.randrange(1, len(ws))
        ws[k] = rng.choice(_CONTENT)
        art.paragraphs[j] = (" ".join(ws), points)
    del out[rng.randrange(len(out))]
    ident = max(a.ident for a in articles) + 1
    out.insert(rng.randrange(len(out)), _Article(ident, words.sentence(4).rstrip("."),
                                                 [(words.sentence(40) + ".", [])]))
    return out


def _proposal_xml(base_alias: str, base_uri: str, alias: str, date: str, number: int, article: int, part: int,
                  art: _Article, rng: random.Random, words: _Words) -> bytes:
    """One proposal on one article of the base: replace, insert or delete words, or add a point."""
    root = etree.Element(f"{{{AKN}}}akomaNtoso", nsmap={None: AKN, "cah": CAH})
    doc = _e(root, "amendment", name="proposal")
    title = f"Proposal {number} on article {article} (illustrative wording)"
    proponent = f"state-{number % 37 + 1}"
    analysis = _meta(doc, kind="amendment", name="proposal", alias=alias, date=date, title=title,
                     source=f"Synthetic proposal {number} (bench/site_synth.py)", verification="",
                     base=base_alias, proponents=(proponent,))
    mods = _e(analysis, "activeModifications")
    body = _e(doc, "amendmentBody")
    _p(body, "amendmentHeading", title)
    content = _e(_e(body, "amendmentContent"), "p")
    tmod = _e(mods, "textualMod", type="substitution", eId="tmod_1")
    _e(tmod, "source", href="#mod_1")
    mod = _e(content, "mod", eId="mod_1")
    para_no = next((j for j, (_, pts) in enumerate(art.paragraphs, 1) if pts), 0) if number % 4 == 3 else 0
    if para_no:
        # A new point at the end of a list.
        _, points = art.paragraphs[para_no - 1]
        last = f"part_{part}__art_{article}__para_{para_no}__point_{_letters(len(points) - 1)}"
        tmod.set("type", "insertion")
        _e(tmod, "destination", href=f"{base_uri}~{last}", pos="after")
        _e(tmod, "new", href="#mod_1__qstr_1")
        after = _letters(len(points) - 1)
        mod.text = f"In article {article}, paragraph {para_no}, after subparagraph ({after}), insert:"
        qs = _e(mod, "quotedStructure", eId="mod_1__qstr_1")
        letter = _letters(len(points))
        pt = _e(qs, "point", eId=f"mod_1__qstr_1__point_{letter}")
        _e(pt, "num").text = f"({letter})"
        _p(pt, "content", words.sentence(14) + ";")
    else:
        j = rng.randrange(len(art.paragraphs))
        text = art.paragraphs[j][0]
        eid = f"part_{part}__art_{article}__para_{j + 1}"
        ws = text.rstrip(".:").split()
        start = rng.randrange(1, max(2, len(ws) - 4))
        phrase = " ".join(ws[start:start + 3])
        # The phrase must say where: unique in the provision's text.
        if text.count(phrase) != 1:
            phrase = " ".join(ws[start:start + 6])
        _e(tmod, "destination", href=f"{base_uri}~{eid}")
        kind = number % 4
        if kind == 0:
            _e(tmod, "old", href="#mod_1__qtext_1")
            _e(tmod, "new", href="#mod_1__qtext_2")
            mod.text = f"In article {article}, paragraph {j + 1}, replace “"
            _e(mod, "quotedText", eId="mod_1__qtext_1").text = phrase
            mod[-1].tail = "” with “"
            _e(mod, "quotedText", eId="mod_1__qtext_2").text = words.sentence(4).lower()
            mod[-1].tail = "”."
        elif kind == 1:
            tmod.set("type", "repeal")
            _e(tmod, "old", href="#mod_1__qtext_1")
            mod.text = f"In article {article}, paragraph {j + 1}, delete “"
            _e(mod, "quotedText", eId="mod_1__qtext_1").text = phrase
            mod[-1].tail = "”."
        else:
            tmod.set("type", "insertion")
            tmod[-1].set("pos", "after")
            _e(tmod, "old", href="#mod_1__qtext_1")
            _e(tmod, "new", href="#mod_1__qtext_2")
            mod.text = f"In article {article}, paragraph {j + 1}, after “"
            _e(mod, "quotedText", eId="mod_1__qtext_1").text = phrase
            mod[-1].tail = "”, insert “"
            _e(mod, "quotedText", eId="mod_1__qtext_2").text = words.sentence(5).lower()
            mod[-1].tail = "”."
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def convention(target: Path, *, articles: int = 500, total_words: int = 150_000, revisions: int = 5,
               proposals: int = 100) -> dict[str, int]:
    """A draft convention, ``revisions`` revisions of it and ``proposals`` proposals on the last one (and one more
    proposal, kept aside in ``target/../NAME.later.xml`` for ``one_more_proposal``)."""
    words = _Words(SEED)
    text = _convention_articles(words, articles, total_words)
    aliases = []
    for round_no in range(revisions + 1):
        alias = "draft-convention" if round_no == 0 else f"draft-convention-rev{round_no}"
        title = "Draft convention (synthetic)" + (f", Rev.{round_no}" if round_no else "")
        date = f"{2025 + round_no}-03-01"
        if round_no:
            text = _revise(words, text, round_no)
        (target / f"{alias}.xml").write_bytes(_convention_xml(text, alias, date, title, words))
        aliases.append((alias, date))
    base_alias, base_date = aliases[-1]
    base_uri = f"/akn/un/bill/convention/{base_date}/{base_alias}/eng@{base_date}"
    rng = random.Random(SEED)
    (target / "proposals").mkdir(exist_ok=True)
    chosen = rng.sample(range(len(text)), proposals + 1)
    per_part = -(-len(text) // 10)
    for number, index in enumerate(chosen, 1):
        alias = f"proposal-{number:03d}"
        date = f"{2031 + number // 300}-{1 + number // 28 % 12:02d}-{1 + number % 28:02d}"
        data = _proposal_xml(base_alias, base_uri, alias, date, number, index + 1, index // per_part + 1,
                             text[index], rng, words)
        where = target / "proposals" / f"{alias}.xml" if number <= proposals else _later(target)
        where.write_bytes(data)
    return {"articles": len(text), "words": sum(len(t.split()) + sum(len(p.split()) for p in pts)
                                                 for a in text for t, pts in a.paragraphs),
            "documents": revisions + 1 + proposals}


def _later(target: Path) -> Path:
    return target.parent / f"{target.name}.later.xml"


def one_more_proposal(target: Path) -> None:
    """Table the proposal ``convention`` kept aside: the corpus in ``target`` has one proposal more."""
    later = _later(target)
    shutil.move(later, target / "proposals" / "proposal-later.xml")


# -- (c) a statute -------------------------------------------------------------------------------------

def _statute_sections(words: _Words, sections: int) -> Iterator[tuple[str, list[tuple[str, list[str]]]]]:
    for k in range(sections):
        subs = []
        for j in range(1 + k % 5):
            points = [words.sentence(14) + ";" for _ in range(3)] if j == 1 and k % 2 else []
            subs.append((words.sentence(30 + k % 17) + (":" if points else "."), points))
        yield words.sentence(5).rstrip("."), subs


def _statute_xml(alias: str, date: str, title: str, sections: list[tuple[str, list[tuple[str, list[str]]]]],
                 schedules: list[list[str]], words: _Words) -> bytes:
    root = etree.Element(f"{{{AKN}}}akomaNtoso", nsmap={None: AKN, "cah": CAH})
    doc = _e(root, "act", name="statute")
    _meta(doc, kind="act", name="statute", alias=alias, date=date, title=title,
          source="Synthetic statute (bench/site_synth.py)", verification="synthetic text")
    body = _e(doc, "body")
    per_part = 60
    part: etree._Element | None = None
    for k, (heading, subs) in enumerate(sections):
        if k % per_part == 0:
            part = _e(body, "part", eId=f"part_{k // per_part + 1}")
            _e(part, "num").text = f"Part {k // per_part + 1}"
            _e(part, "heading").text = words.sentence(3).rstrip(".")
        assert part is not None
        if k % 12 == 0:
            _e(part, "crossHeading", eId=f"part_{k // per_part + 1}__crossHeading_{k // 12 + 1}").text = (
                words.sentence(4).rstrip("."))
        sec = _e(part, "section", eId=f"{part.get('eId')}__sec_{k + 1}")
        _e(sec, "num").text = f"{k + 1}."
        _e(sec, "heading").text = heading
        for j, (text, points) in enumerate(subs, 1):
            sub = _e(sec, "subsection", eId=f"{sec.get('eId')}__subsec_{j}")
            _e(sub, "num").text = f"({j})"
            if points:
                _p(sub, "intro", text)
                for i, point in enumerate(points):
                    para = _e(sub, "paragraph", eId=f"{sub.get('eId')}__para_{_letters(i)}")
                    _e(para, "num").text = f"({_letters(i)})"
                    _p(para, "content", point)
            else:
                _p(sub, "content", text)
    attachments = _e(doc, "attachments")
    k = 0  # the schedules' paragraphs are numbered on from one schedule to the next
    for s, paragraphs in enumerate(schedules, 1):
        sched = _e(_e(attachments, "attachment", eId=f"att_{s}"), "doc", name="schedule")
        _sub_meta(sched, f"/akn/un/act/statute/{date}/{alias}/schedule_{s}", date)
        main = _e(sched, "mainBody")
        for text in paragraphs:
            k += 1
            para = _e(main, "paragraph", eId=f"para_{k}")
            _e(para, "num").text = f"{k}."
            _p(para, "content", text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def statute(target: Path, *, size: int = 1_000_000) -> dict[str, int]:
    """A statute of about ``size`` bytes and an amended version of it (sections edited, one inserted)."""
    words = _Words(SEED + 1)
    sections = list(_statute_sections(words, max(10, size // 1880)))
    schedules = [[words.sentence(35) + "." for _ in range(25)] for _ in range(3)]
    data = _statute_xml("statute", "2020-01-01", "Synthetic Statute 2020", sections, schedules, words)
    (target / "statute.xml").write_bytes(data)
    rng = random.Random(SEED + 2)
    later = [(h, [(t, list(p)) for t, p in subs]) for h, subs in sections]
    for k in rng.sample(range(len(later)), len(later) // 20):
        heading, subs = later[k]
        text, points = subs[0]
        ws = text.split()
        ws[rng.randrange(1, len(ws))] = rng.choice(_CONTENT)
        subs[0] = (" ".join(ws), points)
    later.insert(len(later) // 2, (words.sentence(5).rstrip("."), [(words.sentence(30) + ".", [])]))
    amended = _statute_xml("statute-amended", "2024-01-01", "Synthetic Statute 2020, as amended in 2024",
                           later, schedules, words)
    (target / "statute-amended.xml").write_bytes(amended)
    return {"bytes": len(data), "sections": len(sections), "documents": 2}


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "bench/out/site")
    for name, make in (("frozen-x10", lambda d: frozen_copies(d, 10)), ("convention", convention),
                       ("statute", statute)):
        directory = out / name
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        print(name, make(directory))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
