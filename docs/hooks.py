"""MkDocs hooks: render the library's docstrings well (loaded by ``hooks:`` in mkdocs.yml).

The docstrings are written to be read in a terminal and run by ``pytest
--doctest-modules``: bare ``>>>`` examples and a few Sphinx roles
(:class:`Verdict`). Python-Markdown would render a ``>>>`` example as three nested
block quotes (and swallow ``<think>`` as an HTML tag), and the roles as literal
text. This hook adds a small Markdown preprocessor, used for the pages and for
everything mkdocstrings renders, that

* wraps every doctest block outside a code fence (from a ``>>>`` line to the next
  blank line) in a ``pycon`` fence, and
* turns ``:class:`X```, ``:func:`~a.b.X``` and the other roles into code spans, and
  the reST ``text::`` before a literal block into ``text:``.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|attr|data|mod|exc|obj|const):`~?(?P<target>[^`]+)`"
)


def _role_to_code(match: re.Match[str]) -> str:
    target = match.group("target")
    if match.group(0).split("`", 1)[1].startswith("~"):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def wrap_doctests(lines: list[str]) -> list[str]:
    """Fence the doctest blocks found outside code fences; rewrite Sphinx roles.

    >>> wrap_doctests(["Text :class:`~unitreward.Verdict`.", "", ">>> 1 + 1", "2", "", "after"])
    ['Text `Verdict`.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'after']
    """
    out: list[str] = []
    fence: str | None = None
    in_doctest = False
    indent = ""
    for line in lines:
        if fence is not None:  # inside a code fence: copy verbatim
            out.append(line)
            m = _FENCE.match(line)
            if m and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence):
                fence = None
            continue
        if in_doctest:
            if line.strip():
                out.append(line)
                continue
            out.append(f"{indent}```")
            in_doctest = False
        m = _FENCE.match(line)
        if m:
            fence = m.group("fence")
            out.append(line)
            continue
        if line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            out.append(line)
            in_doctest = True
            continue
        line = _ROLE.sub(_role_to_code, line)
        if line.endswith("::") and not line.endswith(":::"):  # reST "literal block follows"
            line = line[:-1]
        out.append(line)
    if in_doctest:
        out.append(f"{indent}```")
    return out


class _DoctestPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return wrap_doctests(lines)


class DoctestExtension(Extension):
    """Registers the preprocessor before the fenced-code preprocessors run."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_DoctestPreprocessor(md), "unitreward_doctests", 40)


def on_config(config: Any) -> Any:
    """Add the extension to the site's Markdown extensions (mkdocstrings reuses them)."""
    config.markdown_extensions.append(DoctestExtension())
    return config
