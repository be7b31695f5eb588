"""Fuzz targets: what cahtool does with one untrusted input, and the one outcome that counts as a crash.

Each target takes bytes and runs a command's library path on them: ``check`` (a draft checked: it must
report, never raise), ``diff`` (a draft compared with a real one both ways, every text renderer), ``apply``
(a proposal applied to its base), ``propose`` (an edited text made a proposal and read back) and ``import``
(a Word file's tracked changes; ``import-xml`` fuzzes the ``word/document.xml`` inside a real package, where
byte-level mutations of the zip would mostly break its checksums). Bad input must end as cahtool's own
error (``CahtoolError``, exit 2 on the command line); any other exception is a crash.

Each target also knows its seeds (the real drafts, proposals, printed texts and Word files) and how to
mutate an input structurally (``mutate``), for the random engine, hypothesis and atheris's custom mutator.
"""

from __future__ import annotations

import functools
import hashlib
import io
import random
import re
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cahtool.errors import CahtoolError

ROOT = Path(__file__).resolve().parent.parent.parent
DRAFTS = ROOT / "drafts"
CRASHES = Path(__file__).resolve().parent / "crashes"
#: The base every target works against (the basis of negotiation), and its file.
BASE_ID = "ilc-2019"

# Pieces that exercise cahtool's parsers: numbering, XML syntax, invisible, bidi and control characters,
# terminal escapes, Word's revision markup.
TOKENS = [
    "(a)", "(z)", "1.", "4.", "(k bis)", "Article 2", "Article 99", "\n", "\n\n", " ", "#", "# id: ilc-2019 · x",
    "# provision: art_2__para_1", "<", ">", "&", "&amp;", "&#x1b;", "&#0;", "<p>", "</p>", "<i>", "</i>",
    "<![CDATA[x]]>", "<!--x-->", "<?pi x?>", 'eId="art_2"', 'eId=""', "\u200b", "\u202e", "\u200f", "\u00ad",
    "\ufffd", "\ue000", "\u0085", "\u009b", "\x1b]0;title\x07", "\x1b[31m", "\x9b2J", "\x00", "\x7f", "\r",
    "\t", "’", "“", "”", "—", "ﬁ", "â€™", "é", "e\u0301", "x" * 130, "<w:ins w:author=\"A\">", "</w:ins>",
    "<w:del w:author=\"B\">", "</w:del>", "<w:delText>old</w:delText>", "<w:t>new</w:t>", "<w:p>", "</w:p>",
    '<w:sym w:char="001B"/>', '<w:sym w:char="F0FF"/>', "<w:br/>", "<w:tab/>", "murder", "gender", "persecution",
]


@dataclass(frozen=True)
class Target:
    """One fuzz target: run it on bytes; its seeds; a structural mutation."""

    name: str
    run: Callable[[bytes], None]
    seeds: Callable[[], list[bytes]]
    mutate: Callable[[random.Random, bytes], bytes]


# -- what the targets work against -----------------------------------------------------------------

@functools.cache
def _corpus():  # type: ignore[no-untyped-def]
    from cahtool.corpus import Corpus

    return Corpus(DRAFTS)


@functools.cache
def base():  # type: ignore[no-untyped-def]
    """The base document (ilc-2019), loaded once."""
    return _corpus().get(BASE_ID)


@functools.cache
def base_xml() -> bytes:
    return _corpus().xml(BASE_ID)


@functools.cache
def shown_docx() -> bytes:
    """The Word file `cahtool show ilc-2019 --format docx` writes."""
    from cahtool.word import document

    return document(base())


def _render_all(comparison) -> None:  # type: ignore[no-untyped-def]
    from cahtool.render import RENDERERS, Options, renderer

    for name in RENDERERS:
        for options in (Options(), Options(substantive_only=True, include_unchanged=True, color=True)):
            renderer(RENDERERS[name])(comparison, options)


# -- the targets -----------------------------------------------------------------------------------

def run_check(data: bytes) -> None:
    """``check_bytes`` reports bad input as findings: it may not raise at all, not even a CahtoolError."""
    from cahtool.check import FileResult, check_bytes

    result = check_bytes(data, "fuzz.xml")
    if not isinstance(result, FileResult):
        raise TypeError("check_bytes returned no FileResult")


def run_diff(data: bytes) -> None:
    """A draft loaded and compared with the base both ways, every renderer; the document printed."""
    from cahtool.akn import load_bytes
    from cahtool.diff import compare
    from cahtool.render import document

    try:
        doc = load_bytes(data, "fuzz.xml")
        document.text(doc)
        document.to_json(doc, None)
        for old, new in ((base(), doc), (doc, base())):
            _render_all(compare(old, new))
    except CahtoolError:
        return


def run_apply(data: bytes) -> None:
    """A proposal applied to its base, the consolidated text loaded and printed, conflicts looked for."""
    from cahtool.akn import load_bytes
    from cahtool.amend import apply_amendment_bytes, find_conflicts_bytes, read_amendment_bytes
    from cahtool.render import document

    try:
        read_amendment_bytes(data, "fuzz.xml")
        find_conflicts_bytes([(data, "fuzz.xml")], base_xml(), base().path)
        consolidated = apply_amendment_bytes([(data, "fuzz.xml")], base_xml(), base().path)
        document.text(load_bytes(consolidated, "consolidated.xml"))
    except CahtoolError:
        return


def run_propose(data: bytes) -> None:
    """An edited text (UTF-8, as ``read_edited`` decodes it) made a proposal, applied and read back."""
    from cahtool.propose import derive_proposal, verify

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # read_edited refuses it with an InputError before anything else
    try:
        draft = derive_proposal(base(), text, path="fuzz.txt", date="2024-01-01", proponents=("Fuzz",))
        verify(draft, base_xml(), text, path="fuzz.txt")
    except CahtoolError:
        return


def run_import(data: bytes) -> None:
    """A Word file read against its base, its tracked changes made a proposal."""
    from cahtool.word import ooxml, proposal, read_tracked

    try:
        document = ooxml.read_bytes(data, "fuzz.docx")
        for accept in (False, True):
            try:
                edit = read_tracked(document, base(), accept_untracked=accept)
            except CahtoolError:
                continue
            if edit.changed:
                proposal(edit, base_xml(), proponents=("Fuzz",), date="2024-01-01")
    except CahtoolError:
        return


def package(document_xml: bytes) -> bytes:
    """The shown Word file with its ``word/document.xml`` replaced."""
    source = zipfile.ZipFile(io.BytesIO(shown_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue()


def run_import_xml(data: bytes) -> None:
    """``run_import`` on the shown Word file whose main part is ``data``."""
    run_import(package(data))


# -- seeds -------------------------------------------------------------------------------------------

def _drafts() -> list[bytes]:
    return [p.read_bytes() for p in sorted(DRAFTS.rglob("*.xml"))]


def _proposals() -> list[bytes]:
    """The proposals on the base (the others would only fail on their base's name)."""
    return [data for p in sorted((DRAFTS / "proposals").glob("*.xml"))
            if f'ref="{BASE_ID}"'.encode() in (data := p.read_bytes())]


def _texts() -> list[bytes]:
    from cahtool.render import document

    doc = base()
    out = [document.text(doc).encode("utf-8"), document.text(doc, with_header=False).encode("utf-8")]
    out += [document.text(doc, p).encode("utf-8") for p in list(doc.walk())[:12]]
    return out


def _tracked_docx() -> bytes:
    """The shown Word file with a few tracked changes, as Word writes them."""
    xml = zipfile.ZipFile(io.BytesIO(shown_docx())).read("word/document.xml").decode("utf-8")
    tracked = ('</w:t></w:r><w:del w:id="901" w:author="Mexico" w:date="2024-04-01T00:00:00Z"><w:r>'
               '<w:delText>murder</w:delText></w:r></w:del><w:ins w:id="902" w:author="Mexico" '
               'w:date="2024-04-01T00:00:00Z"><w:r><w:t>killing</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">')
    xml = xml.replace("murder", tracked, 1)
    return package(xml.encode("utf-8"))


def _document_xml() -> list[bytes]:
    return [zipfile.ZipFile(io.BytesIO(d)).read("word/document.xml") for d in (shown_docx(), _tracked_docx())]


# -- mutations -------------------------------------------------------------------------------------

def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """A few byte-level edits: cut, delete, insert a token or random bytes, flip a byte, duplicate a run."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(out))
        kind = rng.choice(["cut", "delete", "insert", "flip", "duplicate", "token", "token"])
        if kind == "cut" and rng.random() < 0.3:
            del out[at:]
        elif kind == "delete":
            del out[at:at + rng.randint(1, 200)]
        elif kind == "insert":
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif kind == "flip" and at < len(out):
            out[at] = rng.randrange(256)
        elif kind == "duplicate":
            out[at:at] = out[at:at + rng.randint(1, 400)]
        else:
            out[at:at] = rng.choice(TOKENS).encode("utf-8")
    return bytes(out)


_ELEMENT = re.compile(rb"<([A-Za-z][\w:.-]*)[^<>]*>[^<>]*</\1>")


def mutate_xml(rng: random.Random, data: bytes) -> bytes:
    """Element-level edits that keep the file mostly well-formed: remove, duplicate or move an element,
    replace a text, an attribute value, a number or an eId; then sometimes byte-level edits."""
    out = data
    for _ in range(rng.randint(1, 4)):
        found = list(_ELEMENT.finditer(out))
        if not found:
            break
        m = rng.choice(found)
        kind = rng.choice(["remove", "duplicate", "move", "text", "attribute", "token"])
        if kind == "remove":
            out = out[:m.start()] + out[m.end():]
        elif kind == "duplicate":
            out = out[:m.end()] + m.group() + out[m.end():]
        elif kind == "move":
            piece = m.group()
            rest = out[:m.start()] + out[m.end():]
            at = rng.choice([x.start() for x in _ELEMENT.finditer(rest)] or [0])
            out = rest[:at] + piece + rest[at:]
        elif kind == "text":
            inner = m.group()
            close = inner.rfind(b"</")
            open_end = inner.find(b">") + 1
            word = rng.choice(TOKENS).replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "surrogatepass")
            out = out[:m.start()] + inner[:open_end] + word + inner[close:] + out[m.end():]
        elif kind == "attribute":
            attrs = list(re.finditer(rb'(\w+)="([^"]*)"', m.group()))
            if attrs:
                a = rng.choice(attrs)
                value = rng.choice(["", "art_2", "art_2__para_1__point_a", "#nobody", "x" * 40, "(a)", "1999",
                                    "substitution", "insertion", "repeal", "renumbering", "after", "before"])
                start = m.start() + a.start(2)
                out = out[:start] + value.encode() + out[m.start() + a.end(2):]
        else:
            at = rng.randint(0, len(out))
            out = out[:at] + rng.choice(TOKENS).encode("utf-8") + out[at:]
    return mutate_bytes(rng, out) if rng.random() < 0.3 else out


def mutate_text(rng: random.Random, data: bytes) -> bytes:
    """Line-level edits of a printed text: delete, duplicate, swap or split lines; edit words and numbers."""
    lines = data.decode("utf-8", "replace").split("\n")
    for _ in range(rng.randint(1, 4)):
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        kind = rng.choice(["delete", "duplicate", "swap", "words", "number", "token", "split", "join"])
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "words":
            words = lines[i].split(" ")
            k = rng.randrange(len(words))
            words[k:k + rng.randint(0, 2)] = rng.sample(["the", "gender", "age", "State", "and", "or", ""],
                                                        rng.randint(0, 2))
            lines[i] = " ".join(words)
        elif kind == "number":
            lines[i] = re.sub(r"^\S+", rng.choice(["(a)", "(z)", "1.", "9.", "Article 3", "(k bis)", ""]), lines[i])
        elif kind == "token":
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(TOKENS) + lines[i][at:]
        elif kind == "split":
            at = rng.randint(0, len(lines[i]))
            lines[i:i + 1] = [lines[i][:at], lines[i][at:]]
        elif kind == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + " " + lines[i + 1]]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def mutate_docx(rng: random.Random, data: bytes) -> bytes:
    """The zip itself: byte-level edits, entries dropped, duplicated or renamed, a part's XML mutated."""
    kind = rng.choice(["bytes", "part", "part", "entries"])
    if kind == "bytes":
        return mutate_bytes(rng, data)
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    except Exception:  # noqa: BLE001 - a mutant that is no zip any more: mutate its bytes
        return mutate_bytes(rng, data)
    if not parts:
        return mutate_bytes(rng, data)
    if kind == "part":
        k = rng.randrange(len(parts))
        name, xml = parts[k]
        if name == "word/document.xml" or rng.random() < 0.3:
            parts[k] = (name, mutate_xml(rng, xml))
    else:
        k = rng.randrange(len(parts))
        choice = rng.choice(["drop", "duplicate", "rename"])
        if choice == "drop":
            del parts[k]
        elif choice == "duplicate":
            parts.append(parts[k])
        else:
            parts[k] = (rng.choice(["word/document.xml", "_rels/.rels", "../evil.xml", "word/styles.xml"]),
                        parts[k][1])
    out = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point
        with zipfile.ZipFile(out, "w", rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])) as target:
            for name, part in parts:
                target.writestr(name, part)
    return out.getvalue()


TARGETS: dict[str, Target] = {
    "check": Target("check", run_check, _drafts, mutate_xml),
    "diff": Target("diff", run_diff, _drafts, mutate_xml),
    "apply": Target("apply", run_apply, _proposals, mutate_xml),
    "propose": Target("propose", run_propose, _texts, mutate_text),
    "import": Target("import", run_import, lambda: [shown_docx(), _tracked_docx()], mutate_docx),
    "import-xml": Target("import-xml", run_import_xml, _document_xml, mutate_xml),
}


# -- crashes -------------------------------------------------------------------------------------------

def signature(exc: BaseException) -> str:
    """What makes two crashes the same: the exception's type and the innermost frame of cahtool's code."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/cahtool/" in f.filename.replace("\\", "/")]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def crash_name(target: str, data: bytes) -> str:
    """The file name of a crash input: ``TARGET-SHA1.bin`` (its traceback beside it, ``.txt``)."""
    return f"{target}-{hashlib.sha1(data).hexdigest()[:16]}.bin"


def save_crash(directory: Path, target: str, data: bytes, exc: BaseException) -> Path:
    """Keep a crashing input and its traceback."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / crash_name(target, data)
    path.write_bytes(data)
    path.with_suffix(".txt").write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return path


def target_of(path: Path) -> str:
    """The target a crash file is for, from its name."""
    return next(name for name in sorted(TARGETS, key=len, reverse=True) if path.name.startswith(name + "-"))
