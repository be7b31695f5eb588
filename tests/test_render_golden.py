"""Golden files for every renderer on the real texts (rewrite with pytest --update-goldens, review the diff)."""

from __future__ import annotations

import pytest

from tests.conftest import GOLDENS

# case name → arguments of `cahtool diff`
GOLDEN_CASES = {
    "rome-statute-art7--ilc-2019": ["rome-statute-art7", "ilc-2019"],
    "ilc-2017--ilc-2019": ["ilc-2017", "ilc-2019"],
    "imt-charter-art6--icty-art5": ["imt-charter-art6", "icty-art5"],
    "icty-art5--rome-statute-art7": ["icty-art5", "rome-statute-art7"],  # lists one level apart
    "rome-statute-art7--ilc-2019--substantive": ["rome-statute-art7", "ilc-2019", "--substantive-only"],
    # 7(1)(h): "or any crime within the jurisdiction of the Court" rewritten by the ILC in 2017 reads as one
    # deletion and one insertion, not five fragments around "the" and "of"
    "rome-statute-art7--ilc-2017": ["rome-statute-art7", "ilc-2017"],
    # attributed by layer: ILC 2017, ILC 2019, the proposal
    "rome-statute-art7--gender-apartheid-definition--substantive": ["rome-statute-art7",
                                                                    "gender-apartheid-definition",
                                                                    "--substantive-only"],
}
FORMATS = {"text": "txt", "json": "json", "markdown": "md"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_renderer_golden(cli, golden, case: str, fmt: str) -> None:
    result = cli("diff", *GOLDEN_CASES[case], "--format", fmt)
    assert result.exit_code == 0
    golden(GOLDENS / "diff" / f"{case}.{FORMATS[fmt]}", result.output)


@pytest.mark.parametrize("doc", ["rome-statute-art7", "imt-charter-art6"])
def test_show_golden(cli, golden, doc: str) -> None:
    golden(GOLDENS / "show" / f"{doc}.txt", cli("show", doc).output)
