"""Architecture: folders stand in layers, talk through their entry points, and keep each engine to itself.

A folder of ``cahtool/`` (or a module at its top) is a unit: modules inside it import each other freely; a
module of another unit imports it only through its entry point (``from cahtool.akn import load_bytes``, a
name its ``__init__`` lists in ``__all__``), never a module inside it; and a unit imports only units of
lower layers. Every module must belong to a unit of ``LAYERS``: adding a folder means deciding where it stands.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "cahtool"

#: Unit (folder, or module at the top of the package) → layer. A unit imports only units of lower layers.
LAYERS = {
    "errors": 0, "model": 0, "text": 0, "jsontext": 0,
    "layout": 1, "akn": 1, "output": 1,
    "diff": 2, "amend": 2,
    "corpus": 3,
    "propose": 4, "reports": 4, "check": 4,
    "render": 5,
    "site": 6, "word": 6,
    "cli": 7, "__main__": 8,
}
#: The package's own ``__init__`` (version, the baseline id, the lazy public API): importable from anywhere.
ROOT_MODULE = ""

#: Third-party engine → the only units (or unit.module) allowed to import it.
ENGINES = {
    "lxml": {"akn", "amend", "check", "propose.writing", "word.ooxml", "word.rolling"},
    "cobalt": {"akn.xsd"},
    # word.rolling writes the footnotes part python-docx has no API for, and reads it back
    "docx": {"word.docx", "word.synopsis", "word.rolling"},
    "diff_match_patch": {"diff.words"},
    "click": {"cli"},
    "jinja2": {"render.jinja"},
    "markupsafe": {"render.jinja", "render.html", "site.search"},
    "pagefind_bin": {"site.search"},
}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name under ``cahtool`` ('' for the package itself)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts).removesuffix("__init__").rstrip(".")] = path
    return found


def unit(name: str) -> str:
    """The unit a module belongs to: its top folder, or itself at the top."""
    return name.split(".")[0]


def imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(module imported, names imported from it) for every absolute import of a file, at any depth."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, tuple(alias.name for alias in node.names)))
    return out


@cache
def entry_point(folder: str) -> frozenset[str]:
    """The names a folder's ``__init__`` makes public (its ``__all__``)."""
    tree = ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return frozenset(ast.literal_eval(node.value))
    return frozenset()


def violations(name: str, path: Path) -> list[str]:
    """Every import of one module that breaks the layering or goes around an entry point."""
    mine = unit(name)
    out = []
    for module, names in imports(path):
        if module != "cahtool" and not module.startswith("cahtool."):
            continue
        target = module.removeprefix("cahtool").lstrip(".")
        if target == ROOT_MODULE:  # from cahtool import BASELINE, __version__
            continue
        other = unit(target)
        if other == mine:
            continue
        if other not in LAYERS:
            out.append(f"{name} imports {module}, which is in no layer")
        elif LAYERS[other] >= LAYERS[mine]:
            out.append(f"{name} (layer {LAYERS[mine]}, {mine}) imports {module} (layer {LAYERS[other]}, {other})")
        elif (PACKAGE / other).is_dir():
            if target != other:
                out.append(f"{name} imports {module}: go through the entry point, `from cahtool.{other} import …`")
            else:
                hidden = sorted(set(names) - entry_point(other))
                if hidden:
                    out.append(f"{name} imports {hidden} from cahtool.{other}, which its __all__ does not list")
    return out


def test_every_module_has_a_layer() -> None:
    assert sorted({unit(n) for n in modules() if n} - set(LAYERS)) == []


@pytest.mark.parametrize("name", sorted(n for n in modules() if n))
def test_imports_follow_the_layers_and_the_entry_points(name: str) -> None:
    assert violations(name, modules()[name]) == []


def test_a_wrong_way_import_is_caught(tmp_path: Path) -> None:
    """The rule itself: a lower folder importing a higher one, or reaching inside a folder, fails."""
    upward = tmp_path / "upward.py"
    upward.write_text("from cahtool.render import Options\n", encoding="utf-8")
    assert violations("diff.alignment", upward) == [
        "diff.alignment (layer 2, diff) imports cahtool.render (layer 5, render)"]
    inside = tmp_path / "inside.py"
    inside.write_text("from cahtool.akn.load import load_bytes\nfrom cahtool.akn import _provision\n",
                      encoding="utf-8")
    assert violations("corpus", inside) == [
        "corpus imports cahtool.akn.load: go through the entry point, `from cahtool.akn import …`",
        "corpus imports ['_provision'] from cahtool.akn, which its __all__ does not list"]


@pytest.mark.parametrize("folder", sorted(u for u in LAYERS if (PACKAGE / u).is_dir()))
def test_every_folder_says_what_it_is_for(folder: str) -> None:
    tree = ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree) or ""
    assert len(docstring.split()) >= 8, f"cahtool/{folder}/__init__.py needs a docstring saying what it is for"
    assert entry_point(folder), f"cahtool/{folder}/__init__.py lists no public names in __all__"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{folder}/`" in readme, f"the README's code map has no line for {folder}/"


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_engines_stay_behind_their_module(engine: str) -> None:
    users = set()
    for name, path in modules().items():
        if any(m == engine or m.startswith(engine + ".") for m, _ in imports(path)):
            allowed = ENGINES[engine]
            if unit(name) not in allowed and name not in allowed:
                users.add(name)
    assert users == set(), f"{engine} imported by {sorted(users)}"


def test_startup_imports_only_click() -> None:
    """``cahtool --version`` must not pay for lxml, Jinja2 or the engine (they load in the commands)."""
    code = ("import sys; sys.argv = ['cahtool', '--version']\n"
            "from cahtool.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'lxml', 'jinja2', 'diff_match_patch', "
            "'docx', 'cobalt'} or m.startswith(('cahtool.akn', 'cahtool.diff', 'cahtool.corpus')))\n"
            "print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_reports_that_load_on_first_use_give_their_functions() -> None:
    """``cahtool.reports`` loads most of its modules on first use (so that ``diff`` does not pay for them).

    ``positions`` and ``synopsis`` name both a module and its function: once the module is imported by anything
    but the entry point, ``from cahtool.reports import positions`` would give the module. So no module of the
    folder imports them, and with every other module loaded first the names still give the functions.
    """
    for name, path in modules().items():
        if unit(name) == "reports" and name not in ("reports", "reports.positions", "reports.synopsis"):
            imported = {module for module, _ in imports(path)}
            assert not imported & {"cahtool.reports.positions", "cahtool.reports.synopsis"}, name
    code = ("import importlib, pkgutil, types\nimport cahtool.reports as reports\n"
            "for found in pkgutil.iter_modules(reports.__path__):\n"
            "    if found.name not in ('positions', 'synopsis'):\n"
            "        importlib.import_module('cahtool.reports.' + found.name)\n"
            "from cahtool.reports import positions, synopsis, rolling_text, compile_proposals, MEANINGS\n"
            "print(all(callable(f) and not isinstance(f, types.ModuleType) for f in (positions, synopsis)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "True", done.stderr


def test_diff_loads_no_report_it_does_not_make() -> None:
    """``cahtool diff`` of two drafts loads neither the amendment engine nor the compilation, histories, rolling
    texts, positions or synopses, nor defines the negotiation's values (their start-up is most of what a small diff
    costs over the floor)."""
    drafts = ROOT / "drafts"
    code = ("import sys\nfrom cahtool.cli import main\n"
            f"sys.argv = ['cahtool', '--drafts', {str(drafts)!r}, 'diff', 'rome-statute-art7', 'ilc-2019',"
            " '--format', 'json', '--no-layers']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "loaded = sorted(m for m in sys.modules if m.startswith(('cahtool.amend', 'cahtool.reports.', "
            "'cahtool.model.', 'cahtool.akn.rolling')))\n"
            "print(loaded, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stderr.strip().splitlines()[-1] == "['cahtool.reports.layers']", done.stderr
    from cahtool.akn import may_be_rolling
    from cahtool.model import RollingText, plain  # and are there when asked for

    assert RollingText.__module__ == "cahtool.model.negotiation" and plain(("a ", "b")) == "a b"
    assert callable(may_be_rolling)


def test_a_diff_of_two_files_loads_no_hashing_and_no_hygiene() -> None:
    """``cahtool diff OLD NEW`` names no document (no hashing) and looks for no blemish (``text.hygiene``): both
    load when first used, not with the modules that import them (about 5 ms of every diff)."""
    old, new = ROOT / "tests" / "corpus" / "rome-statute-art7.xml", ROOT / "tests" / "corpus" / "ilc-2019-art2.xml"
    code = ("import sys\nfrom cahtool.cli import main\n"
            f"sys.argv = ['cahtool', 'diff', {str(old)!r}, {str(new)!r}, '--format', 'json', '-o', {os.devnull!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('hashlib', 'cahtool.text.hygiene') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
    from cahtool.text import Blemish, blemishes  # and are there when asked for

    assert [b.rule for b in blemishes("a\u200bb")] == ["invisible-character"] and Blemish.__name__ == "Blemish"
