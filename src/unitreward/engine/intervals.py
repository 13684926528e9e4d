r"""Intervals and inequalities: ``[0, 1)``, ``(-\infty, 1] \cup \{3\}``, ``x \ge 5``, ``0 < f(x) < 1``.

An interval answer is a union of pieces ``(low, high, low closed, high closed)`` with
numeric ends (``±math.inf`` for an infinite end), and the name of the variable it
bounds when the text names one (``x \in [0, 1)``, ``k \ge 2``). Read here:

- an interval ``[a, b]``, ``[a, b)``, ``(a, b]``, and ``(a, b)`` inside a union or with an
  infinite end (a lone ``(1, 2)`` is a pair as much as an interval: the caller decides);
- a union with ``\cup``; a finite set in a union (``\{-1\} \cup [0, 7)``) is a piece per
  element;
- ``x \in S`` for any of these;
- an inequality in one variable: ``x > 5``, ``5 \le x``, ``x \ne 3``, a chain
  ``-2 \le x \le 7``, and a linear one (``-x > -1`` is ``x < 1``, solved by evaluating
  both sides). The variable may be a name or a function value (``0 < f(x) < 1``).
  Nonlinear inequalities (``|z| \le 1``, ``x^2 < 4``) are not read.

Two interval answers are the same when they have the same pieces (ends within the
relative tolerance, the same ends closed) and, when both name a variable, the same one:
``x \ge 5`` is ``[5, \infty)``, and ``(-793, 10)`` is ``-793 < a < 10``.

>>> read_interval(r"x \in [-2, 7]")
(((-2.0, 7.0, True, True),), 'x')
>>> read_interval(r"-x > -1")
(((-inf, 1.0, False, False),), 'x')
>>> read_interval(r"\{-1\} \cup [0,7)")[0]
((-1.0, -1.0, True, True), (0.0, 7.0, True, False))
"""

from __future__ import annotations

import math
import re

from unitreward.engine.errors import UnitrewardError
from unitreward.engine.expression import Expression, parse_expression
from unitreward.engine.extract import answer_tags, boxed_spans, phrase_region
from unitreward.engine.parts import canonical_label, enclosure, split_parts
from unitreward.engine.quantity import parse_quantity
from unitreward.engine.tolerance import allowed_difference
from unitreward.engine.unit_suffix import split_unit
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    NO_ANSWER,
    UNPARSEABLE_ANSWER,
    WRONG_VALUE,
    Verdict,
)

__all__ = ["Piece", "answer_pieces", "judge_interval", "read_interval", "same_pieces"]

#: ``(low, high, low closed, high closed)``.
Piece = tuple[float, float, bool, bool]

_CUP = re.compile(r"\\cup(?![A-Za-z])|∪")
_INFINITY = re.compile(r"^\s*([-+]?)\s*(?:\\infty|∞|inf(?:inity)?)\s*$")
_IN = re.compile(r"^(?P<name>.{1,40}?)\s*(?:\\in(?![A-Za-z])|∈)\s*(?P<set>.+)$", re.DOTALL)
_REL = re.compile(
    r"<=|>=|!=|=<|=>|≤|≥|≠|<|>|\\(?:leq|geq|neq|leqslant|geqslant|le|ge|ne|lt|gt)(?![A-Za-z])"
)
_LESS = {"<": (-1, False), "\\lt": (-1, False), "<=": (-1, True), "=<": (-1, True),
         "≤": (-1, True), "\\le": (-1, True), "\\leq": (-1, True), "\\leqslant": (-1, True),
         ">": (1, False), "\\gt": (1, False), ">=": (1, True), "=>": (1, True), "≥": (1, True),
         "\\ge": (1, True), "\\geq": (1, True), "\\geqslant": (1, True)}  # fmt: skip
_NOT_EQUAL = frozenset({"!=", "≠", "\\ne", "\\neq"})
_HEAD = re.compile(
    r"^\s*[A-Za-z](?:_\{?[A-Za-z0-9]{1,8}\}?)?\s*\(\s*[A-Za-z](?:\s*,\s*[A-Za-z])*\s*\)\s*$"
)
_ESCAPED = re.compile(r"\\\\(?=[A-Za-z]{2})")
_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])\s*|\\[,;:! ]")


def read_interval(text: str) -> tuple[tuple[Piece, ...], str | None] | None:
    r"""``(pieces, variable)`` of an interval, a union or an inequality; else ``None``.

    >>> read_interval(r"(-\infty, 1] \cup [10, \infty)")[0]
    ((-inf, 1.0, False, True), (10.0, inf, True, False))
    >>> read_interval("0 < f(x) < 1")
    (((0.0, 1.0, False, False),), 'f(x)')
    >>> read_interval("(1, 2)") is None
    True
    """
    t = _SIZING.sub(" ", text).strip().rstrip(".").strip()
    if "\\\\" in t:
        t = _ESCAPED.sub("\\\\", t)
    m = _IN.match(t)
    if m is not None:
        pieces = _union(m.group("set").strip(), pair_is_interval=True)
        name = _variable_name(m.group("name"))
        return (pieces, name) if pieces is not None and name is not None else None
    pieces = _union(t, pair_is_interval=False)
    if pieces is not None:
        return pieces, None
    return _inequality(t)


def answer_pieces(text: str) -> tuple[tuple[Piece, ...], str | None] | None:
    """An answer's interval: as :func:`read_interval`, and a lone pair ``(a, b)`` is open.

    >>> answer_pieces("(-793, 10)")
    (((-793.0, 10.0, False, False),), None)
    """
    found = read_interval(text)
    if found is not None:
        return found
    t = _SIZING.sub(" ", text).strip().rstrip(".").strip()
    pieces = _union(t, pair_is_interval=True)
    return (pieces, None) if pieces is not None else None


def _union(text: str, *, pair_is_interval: bool) -> tuple[Piece, ...] | None:
    pieces: list[Piece] = []
    chunks = _CUP.split(text)
    for chunk in chunks:
        enclosed = enclosure(chunk)
        if enclosed is None:
            return None
        opening, inside, closing = enclosed
        ends = split_parts(inside)
        if opening == "{":
            if len(chunks) == 1:
                return None  # a set alone is several parts, not an interval
            values = [_end(p.text) for p in ends]
            if not values or any(v is None or math.isinf(v) for v in values):
                return None
            pieces.extend((v, v, True, True) for v in values if v is not None)
            continue
        texts = [p.text for p in ends]
        if len(texts) == 1 and inside.count(",") == 1:  # (12,102): two ends, not 12102
            texts = [t.strip() for t in inside.split(",")]
        if len(texts) != 2:
            return None
        low, high = _end(texts[0]), _end(texts[1])
        if low is None or high is None or low > high:
            return None
        infinite = math.isinf(low) or math.isinf(high)
        form = opening + closing
        if not (form != "()" or infinite or len(chunks) > 1 or pair_is_interval):
            return None
        pieces.append((low, high, opening == "[", closing == "]"))
    return tuple(pieces) if pieces else None


def _end(text: str) -> float | None:
    m = _INFINITY.match(text)
    if m is not None:
        return -math.inf if m.group(1) == "-" else math.inf
    try:
        q = parse_quantity(text)
    except UnitrewardError:
        return _constant(text)
    return q.si_magnitude if not q.has_unit else None


def _constant(text: str) -> float | None:
    try:
        e = parse_expression(text)
    except UnitrewardError:
        return None
    return e.value if e.is_constant else None


def _variable_name(text: str) -> str | None:
    """The canonical name of a lone variable (``x``, ``v_0``) or function value (``f(x)``)."""
    t = text.strip()
    if _HEAD.match(t):
        return canonical_label(t)
    try:
        e = parse_expression(t)
    except UnitrewardError:
        return None
    if len(e.variables) == 1 and e.size == 1:
        return next(iter(e.variables))
    return None


def _sides(text: str) -> tuple[list[str], list[str]] | None:
    """The sides and relations of an inequality (relations at bracket depth 0)."""
    sides: list[str] = []
    relations: list[str] = []
    depth = start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            m = _REL.match(text, i)
            if m is not None:
                sides.append(text[start:i].strip())
                relations.append(m.group(0))
                i = start = m.end()
                continue
        i += 1
    sides.append(text[start:].strip())
    if not relations or len(relations) > 2 or not all(sides):
        return None
    return sides, relations


def _inequality(text: str) -> tuple[tuple[Piece, ...], str | None] | None:
    found = _sides(text)
    if found is None:
        return None
    sides, relations = found
    if len(relations) == 2:
        return _chain(sides, relations)
    relation = relations[0]
    for side, other, flip in ((0, 1, False), (1, 0, True)):
        name = _variable_name(sides[side])
        bound = _end(sides[other])
        if name is not None and bound is not None:
            return _one_side(relation, bound, flip), name
    return _linear(sides[0], relation, sides[1])


def _one_side(relation: str, bound: float, flip: bool) -> tuple[Piece, ...]:
    """The pieces of ``v REL bound`` (``bound REL v`` when ``flip``)."""
    inf = math.inf
    if relation in _NOT_EQUAL:
        return ((-inf, bound, False, False), (bound, inf, False, False))
    direction, closed = _LESS[relation]
    if flip:
        direction = -direction
    if direction > 0:  # v > bound
        return ((bound, inf, closed, False),)
    return ((-inf, bound, False, closed),)


def _chain(sides: list[str], relations: list[str]) -> tuple[tuple[Piece, ...], str | None] | None:
    if any(r not in _LESS for r in relations):
        return None
    (d1, c1), (d2, c2) = _LESS[relations[0]], _LESS[relations[1]]
    absolute = _ABS.match(sides[1])
    name = _variable_name(absolute.group("inner") if absolute else sides[1])
    low, high = _end(sides[0]), _end(sides[2])
    if name is None or low is None or high is None or d1 != d2:
        return None
    if d1 > 0:  # a > v > b
        low, high, c1, c2 = high, low, c2, c1
    if low > high:
        return None
    if absolute is not None:  # a <= |z| <= b: two pieces, mirrored
        if low < 0:
            return None
        if low == 0:
            return ((-high, high, c2, c2),), name
        return ((-high, -low, c2, c1), (low, high, c1, c2)), name
    return ((low, high, c1, c2),), name


# |z|, \left| z \right|: the absolute value of one variable
_ABS = re.compile(r"^\s*(?:\\left\s*)?\|\s*(?P<inner>[^|]+?)\s*(?:\\right\s*)?\|\s*$")


def _linear(lhs: str, relation: str, rhs: str) -> tuple[tuple[Piece, ...], str | None] | None:
    """``lhs REL rhs`` linear in one variable, solved (``-x > -1`` is ``x < 1``)."""
    if any(_has_unit(side) for side in (lhs, rhs)):
        return None  # L > 0.67 m: a bound with a unit is no interval of numbers
    try:
        a, b = parse_expression(lhs), parse_expression(rhs)
    except UnitrewardError:
        return None
    names = a.variables | b.variables
    if len(names) != 1:
        return None
    name = next(iter(names))
    f = [_residue(a, b, name, x) for x in (0.0, 1.0, 2.0, 3.7)]
    if any(v is None for v in f):
        return None
    f0, f1, f2, f3 = (v for v in f if v is not None)
    slope = f1 - f0
    scale = max(abs(f0), abs(f1), 1.0)
    if abs(slope) <= 1e-12 * scale:
        return None
    if abs(f2 - (f0 + 2 * slope)) > 1e-9 * scale or abs(f3 - (f0 + 3.7 * slope)) > 1e-9 * scale:
        return None  # not linear
    root = -f0 / slope
    if relation in _NOT_EQUAL:
        return _one_side(relation, root, False), name
    # slope * (v - root) REL 0: a negative slope turns the relation around
    return _one_side(relation, root, slope < 0), name


def _has_unit(text: str) -> bool:
    if split_unit(text) is not None:
        return True
    try:
        return parse_quantity(text).has_unit
    except UnitrewardError:
        return False


def _residue(a: Expression, b: Expression, name: str, x: float) -> float | None:
    point = {name: complex(x)}
    va = a.evaluate(point) if a.variables else complex(a.value if a.value is not None else math.nan)
    vb = b.evaluate(point) if b.variables else complex(b.value if b.value is not None else math.nan)
    d = va - vb
    if not (math.isfinite(d.real) and abs(d.imag) <= 1e-12 * max(1.0, abs(d.real))):
        return None
    return d.real


# ------------------------------------------------------------------------------ judging


def same_pieces(
    a: tuple[Piece, ...],
    b: tuple[Piece, ...],
    rel_tol: float,
    abs_tol: float = 0.0,
    tolerance_rule: str = "sum",
) -> bool:
    """Whether two unions have the same pieces (in order), ends within tolerance.

    >>> same_pieces(((0.0, 1.0, True, False),), ((0.0, 1.001, True, False),), 1e-2)
    True
    """
    return len(a) == len(b) and all(
        p[2:] == q[2:]
        and _close(p[0], q[0], rel_tol, abs_tol, tolerance_rule)
        and _close(p[1], q[1], rel_tol, abs_tol, tolerance_rule)
        for p, q in zip(sorted(a), sorted(b), strict=True)
    )


def _close(x: float, y: float, rel_tol: float, abs_tol: float, rule: str) -> bool:
    if math.isinf(x) or math.isinf(y):
        return x == y
    relative = rel_tol * max(abs(x), abs(y)) if rel_tol > 0 else None
    absolute = abs_tol * (1 + 1e-9) if abs_tol > 0 else None
    return abs(x - y) <= max(allowed_difference(relative, absolute, rule), 1e-12)


def _last_region(section: str) -> str:
    """The last box, tag, marked region or line, as written (an interval is one item)."""
    boxes = boxed_spans(section)
    if boxes:
        text = boxes[-1][0]
    else:
        tags = answer_tags(section)
        region = phrase_region(section) if not tags else None
        lines = [line for line in section.splitlines() if line.strip()]
        text = tags[-1] if tags else region if region else (lines[-1] if lines else "")
        formulas = re.findall(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$([^$]+?)\$", text, re.S)
        if formulas:
            text = next(g for g in formulas[-1] if g)
    return text.strip().strip("$").strip().rstrip(".").strip()


def judge_interval(
    section: str,
    pieces: tuple[Piece, ...],
    name: str | None,
    expected: str,
    rel_tol: float,
    abs_tol: float = 0.0,
    tolerance_rule: str = "sum",
) -> Verdict:
    r"""The verdict on an answer section against an interval (or inequality) reference.

    >>> judge_interval(r"so $x \ge 5$.", ((5.0, math.inf, True, False),), "x", "[5, oo)", 1e-2).reason
    'correct'
    """
    boxes = {re.sub(r"\s+", "", c) for c, _ in boxed_spans(section)} or {
        re.sub(r"\s+", "", t) for t in answer_tags(section)
    }
    if len(boxes) > 1:
        return Verdict(0.0, AMBIGUOUS, None, expected, f"{len(boxes)} different answers boxed")
    text = _last_region(section)
    if not text:
        return Verdict(0.0, NO_ANSWER, None, expected, "no interval found")
    found = answer_pieces(text)
    if found is None:
        return Verdict(
            0.0, UNPARSEABLE_ANSWER, text[:300], expected, f"{text[:120]!r} is no interval"
        )
    answer, answer_name = found
    if name is not None and answer_name is not None and name != answer_name:
        return Verdict(
            0.0,
            WRONG_VALUE,
            text[:300],
            expected,
            f"{text[:120]!r} bounds {answer_name}, not {name}",
        )
    if same_pieces(answer, pieces, rel_tol, abs_tol, tolerance_rule):
        return Verdict(1.0, CORRECT, text[:300], expected, "the same interval", True)
    return Verdict(
        0.0, WRONG_VALUE, text[:300], expected, f"{text[:120]!r} is another interval", True
    )
