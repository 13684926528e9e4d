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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from unitreward.engine.quantity import Quantity
from unitreward.engine.quantity_scan import scan_quantities
from unitreward.engine.records import quick_init
from unitreward.engine.text import normalize
from unitreward.engine.units import scan_unit

__all__ = [
    "FinalValues",
    "answer_tags",
    "box_groups",
    "boxed_contents",
    "boxed_spans",
    "final_candidates",
    "final_values",
    "phrase_region",
    "unit_after_box",
]

#: More different boxed (or tagged) answers than this are not one final answer.
MAX_BOXED = 64
_BOX_TOKEN = re.compile(r"\\(?:boxed|fbox)\s*\{|\\[{}]|[{}]")


def boxed_contents(text: str) -> list[str]:
    r"""The contents of every outermost ``\boxed{...}`` / ``\fbox{...}`` (balanced braces), in order.

    An unclosed box is ignored; a box inside a closed box is part of its content.

    >>> boxed_contents(r"\boxed{a{b}c} \boxed{unclosed")
    ['a{b}c']
    """
    return [content for content, _ in boxed_spans(text)]


def boxed_spans(text: str) -> list[tuple[str, int]]:
    r"""Like :func:`boxed_contents`, with the index just past each closing brace.

    One pass over the braces with a stack, so the work is linear in the text however many
    boxes are left open (``\boxed{`` repeated 5,000 times costs one scan).

    >>> boxed_spans(r"$\boxed{2}$ m")
    [('2', 10)]
    >>> boxed_spans(r"\boxed{\boxed{3} m} \boxed{ \boxed{4}")
    [('\\boxed{3} m', 19), ('4', 37)]
    """
    if "\\" not in text or ("\\boxed" not in text and "\\fbox" not in text):
        return []
    stack: list[int] = []  # per open brace: where a box's content starts, or -1
    closed: list[tuple[int, int]] = []  # (content start, index past the closing brace)
    for m in _BOX_TOKEN.finditer(text):
        token = m.group(0)
        if token == "{":
            stack.append(-1)
        elif token == "}":
            if not stack:
                continue
            start = stack.pop()
            if start >= 0:
                while closed and closed[-1][0] > start:  # boxes inside this one
                    closed.pop()
                closed.append((start, m.end()))
        elif len(token) > 2:  # \boxed{ or \fbox{
            stack.append(m.end())
    return [(text[start : end - 1], end) for start, end in closed]


_ONE_LEVEL_BOX = re.compile(r"\\(?:boxed|fbox)\s*\{((?:[^{}]++|\{[^{}]*+\})*+)\}")


def box_groups(text: str, limit: int = MAX_BOXED) -> dict[str, list[int]] | None:
    r"""The different boxes of a text: each box as written, with where its copies end.

    One scan of the text, stopping as soon as more than ``limit`` different boxes are
    seen (then ``None``). Boxes inside boxes, unclosed boxes and braces deeper than one
    level go through :func:`boxed_spans` instead.

    >>> box_groups(r"\boxed{3 m} and \boxed{3 m}; \boxed{4\text{ m}}")
    {'\\boxed{3 m}': [11, 27], '\\boxed{4\\text{ m}}': [47]}
    """
    if "\\" not in text or ("\\boxed" not in text and "\\fbox" not in text):
        return {}
    groups: dict[str, list[int]] = {}
    count = 0
    for m in _ONE_LEVEL_BOX.finditer(text):
        count += 1
        ends = groups.get(m.group(0))
        if ends is None:
            if len(groups) >= limit:
                return None
            groups[m.group(0)] = [m.end()]
        else:
            ends.append(m.end())
    openers = text.count("\\boxed") + text.count("\\fbox")
    if count == openers and not any("\\boxed" in box[6:] or "\\fbox" in box[5:] for box in groups):
        return groups
    groups = {}
    for content, end in boxed_spans(text):
        start = text.rfind("\\", 0, end - 1 - len(content))
        groups.setdefault(text[start:end], []).append(end)
        if len(groups) > limit:
            return None
    return groups


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
    if ">" not in text or ("answer>" not in text and "ANSWER>" not in text):
        return []  # (one character first: some texts make the word search slow)
    lower = text.lower()
    out: list[str] = []
    pos = 0
    while True:
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
_BACK_REFERENCE = re.compile(
    r"(?:which|that|this)\s+is\s+$|\bto\s+$|\bwe\s+$"
    # someone else's answer: "the expected answer is", "the reference answer is"
    r"|\b(?:expected|reference|official|model|grader'?s|key|given)\s+$",
    re.IGNORECASE,
)
# The last word of every _BACK_REFERENCE (each also ends in a space): a cheap test first.
_BACK_WORDS = (
    "is", "to", "we", "expected", "reference", "official", "model", "graders", "grader's",
    "key", "given",
)  # fmt: skip
_NOT_AN_ANSWER = re.compile(r"\s*(?:above|below|not\b|that\b|the\s+same)", re.IGNORECASE)


# Literal pieces of every phrase: the text is searched for these (str.rfind, from the end)
# and only the text around them is matched against the patterns, so a megabyte of text
# costs a few scans in C.
_ANCHORS = ("nswer", "NSWER", "inal", "INAL")


def _marks(text: str) -> list[re.Match[str]]:
    """The last final-answer phrases and "(final)" marks, nearest the end of the text."""
    found: list[re.Match[str]] = []
    heads = [text.rfind(a) for a in _ANCHORS]  # the last place of each anchor not yet read
    stop = -1
    while True:
        at = max(heads)  # the anchors' first letters differ: no two start at one place
        if at < 0 or at < stop:
            break
        k = heads.index(at)
        lo, hi = max(0, at - 40), min(len(text), at + 60)
        if text.find("(", lo, hi) >= 0:
            found.extend(_FINAL_MARK.finditer(text, lo, hi))
        for m in _phrases(text, lo, hi):
            before = text[max(0, m.start() - 16) : m.start()]
            back = (
                not before.isascii()
                or (  # (case folding beyond ASCII: the pattern)
                    before[-1:].isspace() and before.rstrip().lower().endswith(_BACK_WORDS)
                )
            )
            if not (
                (back and _BACK_REFERENCE.search(before)) or _NOT_AN_ANSWER.match(text, m.end())
            ):
                found.append(m)
        if found and stop < 0:
            stop = max([m.start() for m in found]) - 100  # nothing earlier can be last
        # the anchor's place before this one; once a mark is found, none before `stop` counts
        heads[k] = text.rfind(_ANCHORS[k], max(0, stop), at) if at > 0 else -1
    return found


# The characters beyond ASCII that a case-insensitive pattern matches with an ASCII letter
# (all of them, found once by trying every code point); only "İ" also lowers to two.
_FOLDS_TO_ASCII = "İıſ\u212a"


def _phrases(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """``list(_PHRASE.finditer(text, lo, hi))``, matched only where a phrase can start.

    Every phrase holds the word "answer"; it starts at that word, at "final" or "the"
    before it (across spaces), or at the start of its line. Matching at those few places
    costs a fraction of searching the window (a case-insensitive search tries every
    position). A window holding a character that matches an ASCII letter only under case
    folding (``ſ``, ``ı``, ``İ``, the Kelvin sign) is searched as before.
    """
    window = text[lo:hi]
    if not window.isascii() and any(c in window for c in _FOLDS_TO_ASCII):
        return list(_PHRASE.finditer(text, lo, hi))
    lowered = window.lower()
    starts: set[int] = set()
    at = lowered.find("answer")
    while at >= 0:
        word = lo + at
        starts.add(word)
        space = word
        while space > lo and text[space - 1].isspace():
            space -= 1
        if space < word:  # "final answer", "the answer": the word before the spaces
            for before in ("final", "the"):
                start = space - len(before)
                if start >= lo and lowered[start - lo : space - lo] == before:
                    starts.add(start)
        line = word
        while line > lo and text[line - 1] in " \t#*":
            line -= 1
        if line == 0 or text[line - 1] == "\n":  # "### Answer" alone on its line
            starts.add(line)
        at = lowered.find("answer", at + 1)
    found: list[re.Match[str]] = []
    end = lo
    for start in sorted(starts):
        if start >= end:
            m = _PHRASE.match(text, start, hi)
            if m is not None:
                found.append(m)
                end = m.end()
    return found


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
    best_end = -1
    region: str | None = None
    last: re.Match[str] | None = None
    for m in _marks(text):
        if m.re is _FINAL_MARK:
            if m.start() > best_end:
                line_start = text.rfind("\n", 0, m.start()) + 1
                best_end = m.start()
                region = text[line_start : m.start()]
        elif last is None or m.start() > last.start():
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
_RELATION = re.compile(r"[=≈≃→⇒≡]")  # ":=" is found by its "="
# A value alone on the left of one of these is offered as equal to the right
# ("2.4 km = 2400 m", "v = 12 m/s ≈ 43 km/h"), not an operand; arrows are steps.
_EQUALITY = frozenset("=≈≃≡")
_OPERATOR_BEFORE = frozenset("+-−×·*/÷(^")


@quick_init
@dataclass(frozen=True, slots=True)
class FinalValues:
    """The values of a stretch of normalised text that can be final answers.

    Attributes:
        values: ``(start, end, quantity)`` of each value that is not an operand, in order.
        refused: Where numbers refused as unsafe start (those that are not operands).
        truncated: The text holds more values than are read (see
            :func:`unitreward.engine.quantity.scan_quantities`).
    """

    values: list[tuple[int, int, Quantity]]
    refused: list[int]
    truncated: bool = False


def final_values(text: str) -> FinalValues:
    """The values that can be final answers in normalised text, with where they are.

    Operands of a shown calculation are working, not answers: a value followed, in its
    clause, by a ``=``/``≈``/``→`` that only operators and other values lead to is
    dropped (``30 Ω + 60 Ω = 90 Ω`` yields ``90 Ω``), and so are values joined by an
    arithmetic operator (``12 m + 8 m gives 20 m`` yields ``20 m``). A value with words between it and
    the relation is not an operand (``v = 12 m/s at t = 3 s`` offers both), and a value
    standing alone right before an ``=`` or ``≈`` (``2.4 km = 2400 m``, ``3.2 N = 4.5 N``)
    is stated equal to what follows, so it is offered too, and the hedging rules decide
    whether the two agree. One pass over the text: linear in its length.

    >>> [(s, str(q)) for s, _, q in final_values("R = 30 Ω + 60 Ω = 90 Ω; d = 2.4 km = 2400 m").values]
    [(18, '90 Ω'), (28, '2.4 km'), (37, '2400 m')]
    >>> [str(q) for _, _, q in final_values("v = 12 m/s at t = 3 s").values]
    ['12 m/s', '3 s']
    """
    scan = scan_quantities(text)
    if not scan.quantities and not scan.refused:
        return FinalValues([], [], scan.truncated)
    found = scan.quantities
    joined = _operands(text, found)
    rel = _Next(_RELATION, text)
    sep = _Next(_CLAUSE, text)
    values = []
    for i, (s, e, q) in enumerate(found):
        if i in joined:
            continue
        r = rel.after(e)
        if (
            r is None
            or _separated(sep, s, r.start())
            or _alone_before_equality(text, s, e)
            or not _operand(text, found, i, r.start())
        ):
            values.append((s, e, q))
    refused = []
    rel, sep = _Next(_RELATION, text), _Next(_CLAUSE, text)  # fresh cursors: positions restart
    for start in scan.refused:
        r = rel.after(start + 1)
        if r is None or _separated(sep, start, r.start()):
            refused.append(start)
    return FinalValues(values, refused, scan.truncated)


#: How far after a value its relation (or the end of its clause) is looked for.
_REACH = 2048


class _Next:
    """The next match of a pattern at or after a position, within reach of it, for
    positions that only grow: each stretch of text is searched about once."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text
        self.match: re.Match[str] | None = None
        self.searched_to = -1

    def after(self, pos: int) -> re.Match[str] | None:
        """The next match at or after ``pos`` and within :data:`_REACH` characters of it."""
        if self.match is not None and self.match.start() >= pos:
            return self.match if self.match.start() - pos <= _REACH else None
        if self.searched_to >= pos + _REACH:
            return None  # nothing up to there (the last search found nothing in its reach)
        self.match = self.pattern.search(self.text, pos, pos + _REACH)
        if self.match is None:
            self.searched_to = pos + _REACH
        return self.match


def _separated(sep: _Next, start: int, relation: int) -> bool:
    """A clause boundary lies between a value's start and the relation after it."""
    m = sep.after(start)
    return m is not None and m.end() <= relation


# What may stand between an operand and its relation, besides other values: operators,
# brackets, powers, single-letter variables, LaTeX commands and operator words.
_OPERAND_PATH = re.compile(
    r"(?:[\s+\-−×·*/÷()\[\]{}^²³¹⁰⁴-⁹⁻,.|_'√π]|\\[A-Za-z]+|(?<![A-Za-z])[A-Za-zα-ωΑ-Ω](?![A-Za-z])"
    r"|\b(?:times|over|plus|minus|divided\s+by|multiplied\s+by|squared|cubed|sqrt)\b)*"
)


def _operand(text: str, found: Sequence[tuple[int, int, Quantity]], i: int, relation: int) -> bool:
    """Only operators and other values lead from value ``i`` to the relation after it."""
    pos = found[i][1]
    j = i + 1
    while pos < relation:
        stop = found[j][0] if j < len(found) and found[j][0] < relation else relation
        m = _OPERAND_PATH.match(text, pos, stop)
        if m is None or m.end() != stop:
            return False
        if stop == relation:
            return True
        pos = found[j][1]
        j += 1
    return True


def _alone_before_equality(text: str, start: int, end: int) -> bool:
    after = text[end : end + 8].lstrip(" \t")
    if not after or after[0] not in _EQUALITY or after.startswith("=>"):
        return False
    if text[start] in "+-−" and text[start + 1 : start + 2].isspace():
        return False  # "30 Ω + 60 Ω =": the sign read with the number is an operator
    before = text[max(0, start - 8) : start].rstrip(" \t")
    return not before or before[-1] not in _OPERATOR_BEFORE


_OPERATOR_BETWEEN = re.compile(r"[ \t]*[+\-−×·*][ \t]*$")


def _operands(text: str, quantities: tuple[tuple[int, int, Quantity], ...]) -> set[int]:
    """Indices of quantities joined to a neighbour by an arithmetic operator: the
    operands of a shown sum or product ("12 m + 8 m gives 20 m", "= 2 s + 3 s\n= 5 s")."""
    found: set[int] = set()
    for i in range(len(quantities) - 1):
        end, start = quantities[i][1], quantities[i + 1][0]
        if start - end > 6:
            continue
        if text[end:start] == "-":
            continue  # "80-120 m": a range (see policy.ranges), not a difference
        bracket = text[end:start].strip() == "(" or (
            text[start : start + 1] == "(" and not text[end:start].strip()
        )
        if bracket and quantities[i][2].unit is None:
            found.add(i)  # "7 (2/3) m": a product, of which only the bracket is read
            continue
        # the operator is between them, or read as the sign of the second ("+ 8 m")
        signed = (
            text[start : start + 1] in ("+", "-", "−")
            and text[end:start].isspace()
            and "\n" not in text[end:start]  # a new line starts a new item
        )
        if signed or _OPERATOR_BETWEEN.match(text, end, start):
            found.update((i, i + 1))
    return found


def final_candidates(text: str) -> tuple[list[Quantity], int]:
    """The quantities that can be final answers in a stretch of normalised text.

    :func:`final_values` without the positions: operands of a shown calculation (before
    a relation, or joined by an arithmetic operator: ``12 m + 8 m gives 20 m`` yields
    ``20 m``) are working. Returns the candidates in order and how many numbers were
    refused as unsafe.

    >>> [str(q) for q in final_candidates("R = 30 Ω + 60 Ω = 90 Ω, so I = 2 A")[0]]
    ['90 Ω', '2 A']
    """
    found = final_values(text)
    return [q for _, _, q in found.values], len(found.refused)
