"""docs/property-testing.md runs: its examples execute in order, in one namespace,
and show what the page says (the substring reward fails with the shrunk
counterexample printed on the page; the unitreward properties pass)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[1] / "docs" / "property-testing.md"
_FENCE = re.compile(r"^```(?P<lang>\w+)\n(?P<body>.*?)^```$", re.DOTALL | re.MULTILINE)


def run_page() -> dict[str, object]:
    """Execute the page's python blocks and check its pycon blocks, in page order."""
    namespace: dict[str, object] = {"__name__": "property_testing_page"}
    parser, runner = (
        doctest.DocTestParser(),
        doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
    )
    ran = 0
    for n, match in enumerate(_FENCE.finditer(PAGE.read_text(encoding="utf-8"))):
        lang, body = match["lang"], match["body"]
        if lang == "python":
            exec(compile(body, f"{PAGE.name}[{n}]", "exec"), namespace)
        elif lang == "pycon":
            test = parser.get_doctest(body, namespace, f"{PAGE.name}[{n}]", str(PAGE), 0)
            result = runner.run(test, clear_globs=False)
            namespace.update(test.globs)
            assert result.failed == 0, f"pycon block {n} of {PAGE.name} does not match"
        else:
            continue
        ran += 1
    assert ran >= 6, "the page lost its examples"
    return namespace


@pytest.fixture(scope="module")
def page() -> dict[str, object]:
    return run_page()


def test_page_examples_run(page: dict[str, object]) -> None:
    # The pycon block already printed the counterexample; check it is the shrunk one.
    note = page["note"]
    assert isinstance(note, str)
    assert "case=('1 m', '<think>\\n\\n</think>\\n\\nThe answer is 0.001 km.')" in note


def test_substring_reward_fails_and_unitreward_passes(page: dict[str, object]) -> None:
    substring_test = page["test_substring_reward_accepts_correct_answers"]
    unitreward_test = page["test_unitreward_accepts_correct_answers"]
    with pytest.raises(AssertionError):
        substring_test()  # type: ignore[operator]
    unitreward_test()  # type: ignore[operator]
