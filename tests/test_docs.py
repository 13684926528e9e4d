"""The documentation is tested: every example in README.md and docs/ runs, and the site builds.

What runs, page by page, in a fresh namespace per page and in the order of the page:

* ```` ```python ```` blocks are executed (``exec``); an exception fails the page.
* ```` ```pycon ```` blocks are doctests: the shown output must match (ELLIPSIS and
  NORMALIZE_WHITESPACE on).
* ```` ```console ```` blocks whose lines start with ``$ unitreward`` run that command
  (``python -m unitreward ...``) and compare the output shown under it.

A block that cannot run in CI (it needs a GPU or the Hugging Face Hub) is preceded by a
comment naming why, ``<!-- skip: needs the Hugging Face Hub -->``; the test reads it and
checks that every skip gives a reason. Blocks of other languages (``bash``, ``yaml``) are
shown, not run.

Also here: ``mkdocs build --strict`` passes, and the README's comparison table holds the
scores that substring matching, math-verify and unitreward really give.
"""

from __future__ import annotations

import doctest
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# Pages whose examples run. Pages owned by other engineers are included too: their examples
# must run like everyone else's.
PAGES = sorted([ROOT / "README.md", *DOCS.rglob("*.md")])

_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)[^\n]*\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
_SKIP = re.compile(r"<!--\s*skip:(?P<reason>.*?)-->\s*$", re.DOTALL)
RUN_LANGS = {"python", "pycon", "console"}


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    path: Path
    lineno: int
    lang: str
    body: str
    skip: str | None  # the reason, when preceded by a skip comment

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.lineno}"


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, in order, with their skip reasons."""
    text = path.read_text(encoding="utf-8")
    found = []
    for m in _FENCE.finditer(text):
        indent = m.group("indent")
        body = "".join(
            line[len(indent) :] if line.startswith(indent) else line
            for line in m.group("body").splitlines(keepends=True)
        )
        before = text[: m.start()].rstrip()
        last_line = before.rsplit("\n", 1)[-1].strip()
        skip_match = _SKIP.search(last_line)
        skip = skip_match.group("reason").strip() if skip_match else None
        lineno = text.count("\n", 0, m.start()) + 1
        found.append(Block(path, lineno, m.group("lang").lower(), body, skip))
    return found


def _page_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _run_python(block: Block, namespace: dict[str, object]) -> None:
    code = compile(block.body, block.where, "exec")
    exec(code, namespace)


def _run_pycon(block: Block, namespace: dict[str, object]) -> str:
    """Run a doctest block; return the failure report ('' when it passed)."""
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.body, namespace, block.where, str(block.path), block.lineno)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    out: list[str] = []
    runner.run(test, out=out.append, clear_globs=False)
    namespace.update(test.globs)  # DocTest copies its globals: carry names to later blocks
    return "".join(out) if runner.failures else ""


def _console_commands(body: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` pairs of a console block (``\\`` continues a command)."""
    pairs: list[tuple[str, list[str]]] = []
    continued = False
    for line in body.splitlines():
        if continued:
            pairs[-1] = (pairs[-1][0] + " " + line.strip().removesuffix("\\"), pairs[-1][1])
            continued = line.rstrip().endswith("\\")
        elif line.startswith("$ "):
            pairs.append((line[2:].strip().removesuffix("\\"), []))
            continued = line.rstrip().endswith("\\")
        elif pairs:
            pairs[-1][1].append(line)
    return [(cmd, "\n".join(out).strip()) for cmd, out in pairs]


#: Commands a console block may run, and how: ``unitreward`` through ``python -m`` and
#: ``trl`` through the console script next to this interpreter.
_CONSOLE_PROGRAMS = {
    "unitreward": [sys.executable, "-m", "unitreward"],
    "trl": [str(Path(sys.executable).with_name("trl"))],
}


def _run_console(block: Block, cwd: Path) -> None:
    for command, expected in _console_commands(block.body):
        argv = shlex.split(command)
        if argv[0] not in _CONSOLE_PROGRAMS:
            pytest.fail(
                f"{block.where}: console blocks run only {sorted(_CONSOLE_PROGRAMS)} commands; "
                f"mark `{command}` with a skip comment or use a bash block",
                pytrace=False,
            )
        result = subprocess.run(
            [*_CONSOLE_PROGRAMS[argv[0]], *argv[1:]],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # interleaved as in a terminal
            text=True,
            timeout=600,
            env={
                **os.environ,
                "COLUMNS": "100",
                "NO_COLOR": "1",
                "PYTHONUNBUFFERED": "1",
                "HF_HUB_OFFLINE": "1",  # examples never download
                "HF_DATASETS_OFFLINE": "1",
                "OMP_NUM_THREADS": "1",  # tiny models train several times faster on a busy CPU
            },
        )
        got = result.stdout.strip()
        norm_got = " ".join(got.split())
        norm_expected = " ".join(expected.split())
        if expected and not doctest.OutputChecker().check_output(
            norm_expected + "\n", norm_got + "\n", doctest.ELLIPSIS
        ):
            pytest.fail(
                f"{block.where}: `{command}` printed\n{got}\n\nthe page shows\n{expected}",
                pytrace=False,
            )


def test_pages_are_found_and_have_examples() -> None:
    """The parser sees the examples (a broken parser must not pass every page silently)."""
    names = {_page_id(p) for p in PAGES}
    assert "README.md" in names
    assert "docs/reference/policy.md" in names
    readme = [b for b in blocks(ROOT / "README.md") if b.lang in RUN_LANGS and b.skip is None]
    assert len(readme) >= 2
    policy = [b for b in blocks(DOCS / "reference" / "policy.md") if b.lang == "pycon"]
    assert len(policy) >= 10


def test_every_skip_names_a_reason() -> None:
    for page in PAGES:
        for block in blocks(page):
            if block.skip is not None:
                assert block.skip, f"{block.where}: a skip comment must say why"


@pytest.fixture
def one_torch_thread() -> Iterator[None]:
    """Train the pages' tiny models on one thread (much faster on a busy CPU), then restore."""
    try:
        import torch
    except ImportError:  # a page that needs torch fails on its own, with a clear error
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _has_examples(path: Path) -> bool:
    return any(b.lang in RUN_LANGS and b.skip is None for b in blocks(path))


@pytest.mark.parametrize("page", [p for p in PAGES if _has_examples(p)], ids=_page_id)
@pytest.mark.usefixtures("one_torch_thread")
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every runnable block of the page runs, in order, in one fresh namespace."""
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    failures: list[str] = []  # doctest failures are collected, so one run shows them all
    for block in blocks(page):
        if block.lang not in RUN_LANGS or block.skip is not None:
            continue
        if block.lang == "python":
            _run_python(block, namespace)
        elif block.lang == "pycon":
            report = _run_pycon(block, namespace)
            if report:
                failures.append(report)
        else:
            _run_console(block, tmp_path)
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` passes: no broken link, no missing page, no docstring warning."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "reference" / "api" / "checker" / "index.html").is_file()


# --- the README's comparison table ---------------------------------------------------------

_CELL_CODE = re.compile(r"^`(?P<code>.*)`$")


def _comparison_rows() -> list[dict[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- comparison-table")
    lines = text[start:].splitlines()[1:]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def _code(cell: str) -> str:
    m = _CELL_CODE.match(cell)
    assert m, f"expected a `code` cell, got {cell!r}"
    return m.group("code")


def test_readme_comparison_table_holds_real_scores() -> None:
    """Each row's three scores are what substring, math-verify and unitreward really give."""
    from math_verify import parse, verify

    from unitreward import check

    rows = _comparison_rows()
    assert len(rows) >= 6
    wrong = []
    for row in rows:
        reference = _code(row["reference"])
        completion = "<think>...</think> " + _code(row["answer after `</think>`"])
        got = {
            "substring": int(reference in completion),
            "math-verify": int(bool(verify(parse(reference), parse(completion)))),
            "unitreward": int(check(completion, reference).reward),
        }
        shown = {name: int(row[name]) for name in got}
        if got != shown:
            wrong.append(f"{completion!r} vs {reference!r}: README shows {shown}, real {got}")
        # unitreward's column is the claim: it must agree with the "right?" label.
        assert shown["unitreward"] == int(row["right?"].startswith("yes")), row
    assert not wrong, "\n".join(wrong)


# --- the documentation's helper scripts ----------------------------------------------------


def _load_docs_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", DOCS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hooks_fence_docstring_examples_and_keep_fences() -> None:
    """docs/hooks.py renders bare `>>>` examples as code, leaves fenced code alone."""
    hooks = _load_docs_module("hooks")
    lines = [
        "Returns a :class:`~unitreward.engine.verdict.Verdict`; see :func:`check`.",
        "",
        ">>> check('<think>x</think> 3 m', '3 m').reward",
        "1.0",
        "",
        "```python",
        ">>> inside_a_fence()",
        "```",
        "    >>> indented()",
        "    2",
        "",
        "A literal block follows::",
        "::: unitreward.engine.checker",
    ]
    assert hooks.wrap_doctests(lines) == [
        "Returns a `Verdict`; see `check`.",
        "",
        "```pycon",
        ">>> check('<think>x</think> 3 m', '3 m').reward",
        "1.0",
        "```",
        "",
        "```python",
        ">>> inside_a_fence()",
        "```",
        "    ```pycon",
        "    >>> indented()",
        "    2",
        "    ```",
        "",
        "A literal block follows:",
        "::: unitreward.engine.checker",
    ]


def test_benchmark_plot_script_writes_a_png(tmp_path: Path) -> None:
    """docs/gen_benchmark_plot.py (the command on the benchmarks page) still works."""
    rows = [
        {"completion": "<think>x</think> It is 0.12 km.", "solutions": ["120 m"], "label": 1},
        {"completion": "<think>x</think> It is 120 m/s.", "solutions": ["120 m"], "label": 0},
        {"completion": "<think>x</think> It is 5 g.", "solutions": ["5 kg"], "label": 0},
    ]
    eval_file = tmp_path / "eval.jsonl"
    eval_file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    png = tmp_path / "plot.png"
    plot = _load_docs_module("gen_benchmark_plot")
    assert plot.main([str(eval_file), "-o", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
