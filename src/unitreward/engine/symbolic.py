r"""Symbolic answers: finding an expression or an equation in a completion, and judging it.

When the reference is an expression (``\frac{q_0}{\sqrt{2LC}}``, or labelled:
``t = \frac{2v_0\sin\theta}{g}``) or an equation (``x^2 + y^2 = 1``), the final answer is
read as one, by the same precedence as a quantity:

1. every ``\boxed{}`` (the last 64), else every ``<answer>`` tag, else the region a
   final-answer phrase marks, else the last displayed or inline formula of the answer
   section (``$$…$$``, ``\[…\]``, ``\(…\)``, ``$…$``), else its last line;
2. inside a region, its last formula if it has any, else the region itself, with
   trailing words and punctuation dropped;
3. a chain ``a = b = c`` is working up to its last link: the last link is the value, and
   its first link is a label when it names the reference's label (or any symbol);
4. several different values offered (two boxes, ``a \text{ or } b``) are a hedge
   (``ambiguous``), whichever of them is right.

An expression matches when :func:`~unitreward.engine.expression.equivalent` says so (the
checker's ``rel_tol`` and ``abs_tol``; ``exact`` when ``rel_tol`` is 0): the same
variables, agreeing at seeded random points. A labelled reference also accepts the whole
equation, compared as an equation; an equation matches up to rearrangement and a nonzero
factor (:func:`~unitreward.engine.expression.equations_equivalent`).

>>> from unitreward.engine.answers import parse_reference
>>> judge_symbolic(r"So $t = \dfrac{2 v_0 \sin\theta}{g}$.", [parse_reference(r"t = \frac{2v_0\sin\theta}{g}")]).reason
'correct'
>>> judge_symbolic(r"\boxed{x^2 - y^2 = 1}", [parse_reference("x^2+y^2=1")]).reason
'wrong_value'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from unitreward.engine.answers import EquationAnswer, ExpressionAnswer, unwrap
from unitreward.engine.errors import UnitrewardError
from unitreward.engine.expression import (
    Equation,
    Expression,
    equations_equivalent,
    equivalent,
    parse_equation,
    parse_expression,
)
from unitreward.engine.extract import answer_tags, boxed_spans, phrase_region
from unitreward.engine.parts import canonical_label, split_label
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    NO_ANSWER,
    UNPARSEABLE_ANSWER,
    WRONG_VALUE,
    Verdict,
)

__all__ = ["SymbolicReference", "judge_symbolic", "symbolic_regions"]

SymbolicReference = ExpressionAnswer | EquationAnswer

#: Formulas longer than this are not read (they are no answer we evaluate).
MAX_FORMULA_CHARS = 2000

_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$([^$]+?)\$", re.DOTALL)
_RELATION = re.compile(r"(?<![<>!\\])(?:=|≈|≃|\\approx|\\simeq)(?!=)")
_OR = re.compile(r"\s+(?:or|\\text\s*\{\s*or\s*\}|\\quad\s*\\text\s*\{\s*or\s*\}\s*\\quad)\s+|\\text\s*\{\s*or\s*\}")
_TRAILING = re.compile(r"[\s.,;:!]+$|\s+(?:where|with|for|and|which|in|when)\b.*$", re.DOTALL)
_LEADING = re.compile(r"^\s*(?:is|are|equals|=|:|≈)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One formula offered as the final answer."""

    text: str
    label: str | None
    value: str  # the last link of a chain
    first: str  # the first link (the left-hand side of an equation)


def symbolic_regions(section: str) -> tuple[str, list[str]]:
    r"""``(where, regions)``: the texts that hold the final answer, by precedence.

    ``where`` is ``"boxed"``, ``"answer tag"``, ``"marked"``, ``"formula"`` (the last
    formula of the section) or ``"last line"``.

    >>> symbolic_regions(r"We get $E = mc^2$. Then $p = mv$ follows.")
    ('formula', ['p = mv'])
    >>> symbolic_regions(r"\boxed{a} and then \boxed{b}")
    ('boxed', ['a', 'b'])
    """
    boxes = boxed_spans(section)
    if boxes:
        return "boxed", list(dict.fromkeys(content for content, _ in boxes))
    tags = answer_tags(section)
    if tags:
        return "answer tag", list(dict.fromkeys(tags))
    region = phrase_region(section)
    if region is not None and region.strip():
        return "marked", [region]
    last = None
    for m in _MATH.finditer(section):
        last = m
    if last is not None:
        return "formula", [next(g for g in last.groups() if g is not None)]
    lines = [line for line in section.splitlines() if line.strip()]
    return "last line", lines[-1:]


def _formulas(region: str) -> list[str]:
    """The formulas offered in a region: its last formula, or the region itself; split at
    ``or``."""
    spans = [next(g for g in m.groups() if g is not None) for m in _MATH.finditer(region)]
    text = unwrap(spans[-1] if spans else region)
    text = _LEADING.sub("", _TRAILING.sub("", text.strip()))
    pieces = [p.strip() for p in _OR.split(text) if p.strip()]
    return pieces[:8]


def _candidate(text: str) -> _Candidate:
    links = _links(text)
    label = None
    if len(links) > 1:
        lab, _, _ = split_label(f"{links[0]} = 0")
        label = lab
    return _Candidate(text, label, links[-1], links[0])


def _links(text: str) -> list[str]:
    """A chain ``a = b ≈ c`` cut at its relations outside brackets."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "{}":
            depth += 1 if text[i + 1] == "{" else -1
            i += 2
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = _RELATION.match(text, i)
            if m is not None:
                out.append(text[start:i].strip())
                start = m.end()
                i = m.end()
                continue
        i += 1
    out.append(text[start:].strip())
    return [link for link in out if link] or [text.strip()]


def _parsed_value(candidate: _Candidate) -> Expression | None:
    try:
        return parse_expression(candidate.value)
    except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
        return None


def _parsed_equation(candidate: _Candidate) -> Equation | None:
    if candidate.first == candidate.value:
        return None
    try:
        return parse_equation(f"{candidate.first} = {candidate.value}")
    except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
        return None


def _matches(
    candidate: _Candidate, ref: SymbolicReference, rel_tol: float, abs_tol: float, exact: bool
) -> bool:
    if isinstance(ref, ExpressionAnswer):
        value = _parsed_value(candidate)
        if value is not None and equivalent(
            ref.expression, value, rel_tol=rel_tol, abs_tol=abs_tol, exact=exact
        ):
            return True
        if ref.equation is not None:
            equation = _parsed_equation(candidate)
            if equation is not None and equations_equivalent(
                ref.equation, equation, rel_tol=rel_tol, abs_tol=abs_tol, exact=exact
            ):
                return True
        return False
    equation = _parsed_equation(candidate)
    return equation is not None and equations_equivalent(
        ref.equation, equation, rel_tol=rel_tol, abs_tol=abs_tol, exact=exact
    )


def _same(a: _Candidate, b: _Candidate, rel_tol: float, abs_tol: float) -> bool:
    """Whether two offered formulas say the same thing (a restatement, not a hedge)."""
    if canonical_label(a.value) == canonical_label(b.value):
        return True
    va, vb = _parsed_value(a), _parsed_value(b)
    if va is not None and vb is not None:
        return equivalent(va, vb, rel_tol=rel_tol, abs_tol=abs_tol)
    ea, eb = _parsed_equation(a), _parsed_equation(b)
    return ea is not None and eb is not None and equations_equivalent(ea, eb, rel_tol=rel_tol)


def judge_symbolic(
    section: str,
    refs: Sequence[SymbolicReference],
    *,
    rel_tol: float = 1e-2,
    abs_tol: float = 0.0,
) -> Verdict:
    r"""The verdict on an answer section against expression or equation references.

    ``rel_tol`` 0 (with ``abs_tol`` 0) asks for exact equivalence.

    >>> from unitreward.engine.answers import parse_reference
    >>> refs = [parse_reference(r"\frac{\hbar\omega}{2}")]
    >>> judge_symbolic(r"\boxed{\frac{\omega \hbar}{2}}", refs).reward
    1.0
    >>> judge_symbolic(r"\boxed{\frac{\hbar}{2}} or \boxed{\frac{\hbar\omega}{2}}", refs).reason
    'ambiguous'
    """
    expected = refs[0].text
    exact = rel_tol == 0 and abs_tol == 0
    where, regions = symbolic_regions(section)
    candidates: list[_Candidate] = []
    for region in regions:
        for formula in _formulas(region):
            if len(formula) <= MAX_FORMULA_CHARS:
                candidates.append(_candidate(formula))
    if not candidates:
        return Verdict(0.0, NO_ANSWER, None, expected, "no final answer found")
    distinct: list[_Candidate] = []
    for c in candidates:
        if not any(_same(c, d, rel_tol, abs_tol) for d in distinct):
            distinct.append(c)
    if len(distinct) > 1:
        shown = " | ".join(c.text for c in distinct[:4])[:300]
        return Verdict(
            0.0,
            AMBIGUOUS,
            shown,
            expected,
            f"the {where} answer offers {len(distinct)} different formulas: {shown}",
        )
    answer = distinct[0]
    readable = _parsed_value(answer) is not None or _parsed_equation(answer) is not None
    if not readable:
        return Verdict(
            0.0,
            UNPARSEABLE_ANSWER,
            answer.text[:300],
            expected,
            f"the {where} answer {answer.text[:120]!r} is not a formula we read",
        )
    for ref in refs:
        if _matches(answer, ref, rel_tol, abs_tol, exact):
            return Verdict(
                1.0,
                CORRECT,
                answer.text[:300],
                ref.text,
                f"{answer.text[:120]!r} is equivalent to {ref.text[:120]!r}",
                dimension_ok=True,
            )
    value = _parsed_value(answer)
    ref0 = refs[0]
    if isinstance(ref0, ExpressionAnswer) and value is not None:
        mine, theirs = value.variables, ref0.expression.variables
        if mine != theirs:
            extra, missing = sorted(mine - theirs), sorted(theirs - mine)
            why = ", ".join(
                part
                for part in (
                    f"uses {', '.join(extra)}" if extra else "",
                    f"lacks {', '.join(missing)}" if missing else "",
                )
                if part
            )
            return Verdict(
                0.0,
                WRONG_VALUE,
                answer.text[:300],
                expected,
                f"{answer.text[:120]!r} {why}: not the reference's variables",
            )
    return Verdict(
        0.0,
        WRONG_VALUE,
        answer.text[:300],
        expected,
        f"{answer.text[:120]!r} is not equivalent to {expected[:120]!r}",
        dimension_ok=value is not None,
    )

