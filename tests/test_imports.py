"""Architecture: a module imports only lower layers, and each third-party engine stays behind its module.

Every module of the package must be in LAYERS: adding a module means deciding where it stands.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "cahtool"

LAYERS = {
    # 0: leaves
    "errors": 0, "model": 0, "akn": 0, "_marks": 0,
    # 1: text
    "tokens": 1, "hygiene": 1, "rules": 1,
    # 2: the XML boundary
    "xmlio": 2, "load": 2, "wordml": 2, "instructions": 2, "consolidated": 2, "amend": 2, "drafting": 2, "corpus": 2,
    "validate": 2, "changed": 2, "numbering": 2, "akn_schema": 2, "proposal_rules": 2,
    # 3: comparison (pure)
    "classify": 3, "align": 3, "worddiff": 3, "compare": 3, "compilation": 3, "history": 3, "edited": 3, "propose": 3,
    "review": 3,
    # 4: output
    "render": 4, "render.common": 4, "render.text": 4, "render.json": 4, "render.markdown": 4,
    "render.document": 4, "render.html": 4, "templating": 4, "site": 4, "search": 4,
    "render.docx": 4, "render.compilation": 4, "render.history": 4, "render.findings": 4,
    "wordimport": 4,  # reads a .docx against the text layout of render.document
    # 5: the shell
    "cli": 5, "__main__": 5,
}

#: third-party module → the only modules allowed to import it
ENGINES = {
    "lxml": {"xmlio", "load", "wordml", "instructions", "consolidated", "amend", "drafting", "validate", "numbering",
             "akn_schema", "proposal_rules"},
    "docx": {"render.docx"},
    "diff_match_patch": {"worddiff"},
    "click": {"cli"},
    "jinja2": {"templating"},
    "pagefind_bin": {"search"},
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        if name == "__init__":
            continue
        found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path) -> set[str]:
    """Absolute names imported by a module (cahtool.x.y → 'cahtool.x.y'), at any depth of the file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_every_module_has_a_layer() -> None:
    assert sorted(set(modules()) - set(LAYERS)) == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_imports_a_higher_layer(name: str) -> None:
    mine = LAYERS[name]
    for imported in imports(modules()[name]):
        if not imported.startswith("cahtool."):
            continue
        target = imported.removeprefix("cahtool.")
        while target and target not in LAYERS:
            target = target.rpartition(".")[0]
        if target and target != name:
            assert LAYERS[target] <= mine, f"{name} (layer {mine}) imports {target} (layer {LAYERS[target]})"


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_engines_stay_behind_their_module(engine: str) -> None:
    users = {name for name, path in modules().items()
             if any(i == engine or i.startswith(engine + ".") for i in imports(path))}
    assert users <= ENGINES[engine], f"{engine} imported by {sorted(users - ENGINES[engine])}"


def test_startup_imports_only_click() -> None:
    """``cahtool --version`` must not pay for lxml, Jinja2 or the engine (they load in the commands)."""
    code = ("import sys; sys.argv = ['cahtool', '--version']\n"
            "from cahtool.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'lxml', 'jinja2', 'diff_match_patch', "
            "'docx', 'cobalt'} or m in {'cahtool.load', 'cahtool.compare'})\n"
            "print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "[]"
