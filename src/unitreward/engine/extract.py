r"""Finding the final answer: ``\boxed{}``, ``<answer>`` tags, phrases, candidates.

All functions take the answer section (see :func:`unitreward.engine.text.answer_section`).

>>> boxed_contents(r"so $x = \boxed{\frac{1}{2}\text{ m}}$ and \fbox{3}")
['\\frac{1}{2}\\text{ m}', '3']
>>> answer_tags("<answer>3.5 A</answer>")
['3.5 A']
>>> phrase_region("The answer is 5.0 m/s. Done.")
'5.0 m/s. Done.'
"""

from __future__ import annotations

import itertools
import re
from collections import deque

from unitreward.engine.quantity import Quantity, scan_quantities
from unitreward.engine.text import normalize
from unitreward.engine.units import scan_unit

__all__ = [
    "answer_tags",
    "boxed_contents",
    "boxed_spans",
    "final_candidates",
    "phrase_region",
    "unit_after_box",
]

MAX_BOXED = 64
MAX_BOXED_CHARS = 2000
_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")
_BRACE = re.compile(r"\\[{}]|[{}]")


def boxed_contents(text: str) -> list[str]:
    r"""The contents of every ``\boxed{...}`` / ``\fbox{...}`` (balanced braces), in order.

    An unclosed box is ignored. The last 64 boxes, of at most 2,000 characters each, are read.

    >>> boxed_contents(r"\boxed{a{b}c} \boxed{unclosed")
    ['a{b}c']
    """
    return [content for content, _ in boxed_spans(text)]


def boxed_spans(text: str) -> list[tuple[str, int]]:
    r"""Like :func:`boxed_contents`, with the index just past each closing brace.

    >>> boxed_spans(r"$\boxed{2}$ m")
    [('2', 10)]
    """
    out: deque[tuple[str, int]] = deque(maxlen=MAX_BOXED)  # the last boxes are the final ones
    pos = 0
    n = len(text)
    while True:
        m = _BOXED.search(text, pos)
        if m is None:
            break
        depth = 1
        i = m.end()
        stop = min(n, i + MAX_BOXED_CHARS)
        for brace in _BRACE.finditer(text, i, stop):
            tok = brace.group(0)
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
                if depth == 0:
                    i = brace.end()
                    break
        if depth == 0:
            out.append((text[m.end() : i - 1], i))
            pos = i
        else:
            pos = m.end()
    return list(out)


_UNIT_AFTER = re.compile(r"[\s$]*")


def unit_after_box(text: str, end: int) -> str:
    r"""The unit written right after a box (``\boxed{2}\,\text{m}``), or ``""``.

    >>> unit_after_box(r"\boxed{2}\,\text{m} high", 9)
    'm'
    """
    tail = normalize(text[end : end + 60])
    lead = _UNIT_AFTER.match(tail)
    unit, _ = scan_unit(tail, lead.end() if lead else 0)
    return unit.text if unit is not None else ""


def answer_tags(text: str) -> list[str]:
    """The contents of every ``<answer>...</answer>`` pair, in order.

    >>> answer_tags("<answer>1.2 A</answer><answer>0.8 A</answer>")
    ['1.2 A', '0.8 A']
    """
    if "answer>" not in text and "ANSWER>" not in text:
        return []
    lower = text.lower()
    out: list[str] = []
    pos = 0
    while len(out) < MAX_BOXED:
        start = lower.find("<answer>", pos)
        if start < 0:
            break
        end = lower.find("</answer>", start + 8)
        if end < 0:
            break
        out.append(text[start + 8 : end])
        pos = end + 9
    return out


_PHRASE = re.compile(
    r"""
    (?:
        \b(?:final\s+answer|the\s+answer|answer)\s*(?:is|would\s+be|will\s+be|=|:|≈)\s*:?
      | \bfinal\s+answer\b[*#\s:]*
      | \banswer\s*\*\*\s*:?
      | ^[ \t#*]*answer[ \t*]*$
    )
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
_FINAL_MARK = re.compile(r"\(\s*final\s*\)", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"(?:which|that|this)\s+is\s+$|\bto\s+$|\bwe\s+$", re.IGNORECASE)
_NOT_AN_ANSWER = re.compile(r"\s*(?:above|below|not\b|that\b|the\s+same)", re.IGNORECASE)


def phrase_region(text: str) -> str | None:
    """The text a final-answer phrase marks, or ``None``.

    Phrases: "the answer is", "final answer:", "**Answer:**", "Answer =",
    a "Final Answer" heading, and "= 12 m (final)". The last phrase wins; its
    region runs to the end of the line (or the next non-empty line for a
    heading). For "(final)" the region is the line up to the marker.

    >>> phrase_region("R = 10 Ω + 5 Ω = 15 Ω (final)")
    'R = 10 Ω + 5 Ω = 15 Ω '
    >>> phrase_region("### Final Answer\\n\\n42 J")
    '42 J'
    """
    lower = text.lower()
    if "answer" not in lower and "final" not in lower:
        return None
    best_end = -1
    region: str | None = None
    last = None
    if "final" in lower:
        for m in _FINAL_MARK.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            best_end = m.start()
            region = text[line_start : m.start()]
    for m in _PHRASE.finditer(text):
        before = text[max(0, m.start() - 16) : m.start()]
        if _BACK_REFERENCE.search(before) or _NOT_AN_ANSWER.match(text, m.end()):
            continue
        last = m
    if last is not None and last.start() > best_end:
        rest_start = last.end()
        line_end = text.find("\n", rest_start)
        if line_end < 0:
            line_end = len(text)
        line = text[rest_start:line_end]
        if line.strip(" *#:_") == "":
            # a heading: take the next non-empty line
            nxt = text[line_end:].lstrip("\n ")
            end = nxt.find("\n\n")
            line = nxt if end < 0 else nxt[:end]
        region = line
    return region


_CLAUSE = re.compile(
    r"(?:[.;!?](?=\s|$)|,\s|:\s|\n|\|"
    r"|\s(?:so|and|then|thus|hence|therefore|which\s+is|i\.e\.|or|but|while|whereas|giving|gives|with)\s)",
    re.IGNORECASE,
)
_RELATION = re.compile(r"=|≈|≃|→|⇒|≡|:=")


_OPERATOR_BETWEEN = re.compile(r"[ \t]*[+\-−×·*][ \t]*$")


def _operands(text: str, quantities: tuple[tuple[int, int, Quantity], ...]) -> set[int]:
    """Indices of quantities joined to a neighbour by an arithmetic operator: the
    operands of a shown sum or product ("12 m + 8 m gives 20 m", "= 2 s + 3 s\n= 5 s")."""
    found: set[int] = set()
    for i in range(len(quantities) - 1):
        end, start = quantities[i][1], quantities[i + 1][0]
        if start - end > 6:
            continue
        # the operator is between them, or read as the sign of the second ("+ 8 m")
        signed = text[start : start + 1] in ("+", "-", "−") and text[end:start].isspace()
        if signed or _OPERATOR_BETWEEN.match(text, end, start):
            found.update((i, i + 1))
    return found


def final_candidates(text: str) -> tuple[list[Quantity], int]:
    """The quantities that can be final answers in a stretch of normalised text.

    Operands of a shown calculation are working, not answers: in each clause,
    quantities before the last ``=``/``≈``/``→`` are dropped
    (``30 Ω + 60 Ω = 90 Ω`` yields ``90 Ω``), and so are quantities joined by an
    arithmetic operator (``12 m + 8 m gives 20 m`` yields ``20 m``). Returns the
    candidates in order and how many numbers were refused as unsafe.

    >>> [str(q) for q in final_candidates("R = 30 Ω + 60 Ω = 90 Ω, so I = 2 A")[0]]
    ['90 Ω', '2 A']
    """
    scan = scan_quantities(text)
    if not scan.quantities and not scan.refused:
        return [], 0
    operands = _operands(text, scan.quantities)
    relations = [m.end() for m in _RELATION.finditer(text)]
    if not relations:  # no calculation shown: every quantity can be final
        kept = [q for i, (_, _, q) in enumerate(scan.quantities) if i not in operands]
        return kept, len(scan.refused)
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text) + 1]
    cutoffs: list[tuple[int, int]] = []  # (clause start, end of its last relation symbol)
    ri = 0
    for b0, b1 in itertools.pairwise(bounds):
        last_rel = -1
        while ri < len(relations) and relations[ri] <= b1:
            if relations[ri] > b0:
                last_rel = relations[ri]
            ri += 1
        cutoffs.append((b0, last_rel))

    def is_final(start: int) -> bool:
        lo, hi = 0, len(cutoffs) - 1
        while lo < hi:  # last clause starting at or before `start`
            mid = (lo + hi + 1) // 2
            if cutoffs[mid][0] <= start:
                lo = mid
            else:
                hi = mid - 1
        return cutoffs[lo][1] <= start

    out = [
        q
        for i, (start, _end, q) in enumerate(scan.quantities)
        if is_final(start) and i not in operands
    ]
    refused = sum(1 for start in scan.refused if is_final(start))
    return out, refused
