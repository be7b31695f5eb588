"""The commands leave no cycle of their own objects behind: what they drop is freed at once, by reference counting.

A closure that calls itself (``def walk(...): ... walk(child)`` inside a function) is a cycle: the function holds
the cell that holds the function. Each one kept everything it reached (the lists it filled, the provisions it
indexed, a whole consolidated document) until the garbage collector found it, and the survivors made the
collector run more often: `import` of 16,000 tracked paragraphs left 8,000 such cycles (one a paragraph read),
`propose` three documents' worth of provisions. The commands below run with the collector off; what a collection
finds afterwards must hold nothing of cahtool's but what importing left (the classes ``dataclass(slots=True)``
makes anew), which a first run clears.
"""

from __future__ import annotations

import ast
import gc
from collections.abc import Callable

import pytest

from cahtool.render import document as show
from tests.conftest import FROZEN_ARG, ROOT
from tests.test_wordimport import mexico, saved


def _ours(o: object) -> bool:
    if isinstance(o, type):
        return False  # a class replaced when it was defined (slots): importing, not running
    module = getattr(type(o), "__module__", "") or ""
    if module.startswith("cahtool"):
        return True
    qualname = getattr(o, "__qualname__", "")
    return callable(o) and "<locals>" in qualname and (getattr(o, "__module__", "") or "").startswith("cahtool")


def _left(run: Callable[[], object]) -> list[str]:
    """What of cahtool's a collection finds after ``run`` (run with the collector off)."""
    run()  # the imports' own garbage, cleared below
    gc.collect()
    gc.disable()
    try:
        run()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        found = sorted({f"{type(o).__module__}.{getattr(o, '__qualname__', type(o).__qualname__)}"
                        for o in gc.garbage if _ours(o)})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    return found


@pytest.mark.parametrize("command", ["diff", "apply", "check", "propose", "import"])
def test_a_command_leaves_no_cycle_behind(command, corpus, tmp_path, monkeypatch, capsys) -> None:
    from cahtool.cli import cli

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CAHTOOL_DRAFTS", FROZEN_ARG)
    base = corpus.get("ilc-2019")
    runs = iter(range(3))
    if command == "diff":
        args = ["diff", "rome-statute-art7", "ilc-2019", "--format", "json"]
    elif command == "apply":
        args = ["apply", "gender-apartheid-definition", "--format", "text"]
    elif command == "check":
        args = ["check"]
    elif command == "propose":
        edit = tmp_path / "edit.txt"
        edit.write_text(show.text(base, base.find("art_2__para_1__point_h")).replace("gender or", "gender, age or"))
        args = ["propose", "--base", "ilc-2019", str(edit), "--date", "2024-05-01", "--proponent", "Utopia",
                "--provenance", "verbatim", "--source", "Utopia", "-o"]
    else:
        args = ["import", str(saved(mexico(base), tmp_path, "ilc-2019.docx")), "--base", "ilc-2019", "-o"]

    def run() -> None:
        # As the command line runs it, but returning rather than exiting: click's SystemExit, kept with its
        # traceback by a test runner, would be a cycle of the test's making.
        out = [str(tmp_path / f"out-{next(runs)}.xml")] if args[-1] == "-o" else []
        cli.main([*args, *out], prog_name="cahtool", standalone_mode=False)

    assert _left(run) == []
    capsys.readouterr()


def test_no_function_defined_in_another_calls_itself() -> None:
    """The cycles above came from one shape of code, found here in any module: a function defined inside another
    that calls itself by name. Such a walk is written as a function (or method) of its own, its state passed in."""
    found = []
    for path in sorted((ROOT / "cahtool").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for outer in ast.walk(tree):
            if not isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(outer):
                if inner is not outer and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                        isinstance(n, ast.Name) and n.id == inner.name for n in ast.walk(inner)):
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno} {outer.name}.<locals>.{inner.name}")
    assert found == []
