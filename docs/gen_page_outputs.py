"""Rewrite the output shown under a page's examples with what they print now.

Usage::

    python docs/gen_page_outputs.py docs/how-to/audit.md [--check]

Runs the page's blocks in order, as ``tests/test_docs.py`` does (``python``
blocks executed, ``pycon`` blocks as doctests, ``console`` blocks through
``python -m unitreward``), in a temporary directory, and replaces the output
under every ``pycon`` example and ``console`` command with what it printed. A
line ``audited ... in 3.2 s`` keeps ``...`` for the time. With ``--check`` it
only reports which outputs differ (exit code 1 if any).

For pages whose numbers follow the engine (the audit page's tables): after a
change to the engine, run it, read the diff, and commit what is right. The page
test then holds the new numbers.
"""

from __future__ import annotations

import argparse
import doctest
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_docs  # noqa: E402 - the page parser the tests use

_TIME = re.compile(r"^(audited .* in )\d+(?:\.\d+)? s$", re.MULTILINE)
_CHECKER = doctest.OutputChecker()
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _matches(shown: str, printed: str) -> bool:
    """Whether the page's output already passes for what was printed (as the tests judge)."""
    return bool(_CHECKER.check_output(shown, printed, _FLAGS))


def _pycon_outputs(body: str, namespace: dict[str, object]) -> str:
    """The block with each example's expected output replaced by what it prints."""
    parser = doctest.DocTestParser()
    out: list[str] = []
    for piece in parser.parse(body):
        if isinstance(piece, str):
            out.append(piece)
            continue
        printed = io.StringIO()
        with redirect_stdout(printed):
            try:
                code = compile(piece.source, "<page>", "single")
                exec(code, namespace)
            except Exception as exc:  # shown, so the diff says what broke
                print(f"Traceback (most recent call last):\n{type(exc).__name__}: {exc}")
        lines = piece.source.splitlines()
        out.append(" " * piece.indent + ">>> " + lines[0] + "\n")
        out.extend(" " * piece.indent + "... " + line + "\n" for line in lines[1:])
        got = printed.getvalue()
        out.append(piece.want if _matches(piece.want, got) else got)  # keep deliberate "..."
    return "".join(out)


def _console_outputs(body: str, cwd: Path) -> str:
    out = []
    for command, shown in test_docs._console_commands(body):
        argv = shlex.split(command)
        result = subprocess.run(
            [*test_docs._CONSOLE_PROGRAMS[argv[0]], *argv[1:]],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
        )
        got = _TIME.sub(r"\1... s", result.stdout.rstrip("\n"))
        keep = shown and _matches(" ".join(shown.split()) + "\n", " ".join(got.split()) + "\n")
        out.append(f"$ {command}\n" + (shown if keep else got) + "\n")
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--check", action="store_true", help="report differences, change nothing")
    args = parser.parse_args(argv)
    page = args.page.resolve()
    text = page.read_text(encoding="utf-8")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    replacements: list[tuple[str, str]] = []
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            for block in test_docs.blocks(page):
                if block.lang not in test_docs.RUN_LANGS or block.skip is not None:
                    continue
                if block.lang == "python":
                    exec(compile(block.body, block.where, "exec"), namespace)
                elif block.lang == "pycon":
                    replacements.append((block.body, _pycon_outputs(block.body, namespace)))
                else:
                    replacements.append((block.body, _console_outputs(block.body, Path(tmp))))
        finally:
            os.chdir(here)
    changed = [(old, new) for old, new in replacements if old != new]
    for old, new in changed:
        print(f"--- {page.name}: a block changes\n{new}")
        text = text.replace(old, new, 1)
    if not args.check and changed:
        page.write_text(text, encoding="utf-8")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
