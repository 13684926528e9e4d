r"""Symbolic answers: finding an expression or an equation in a completion, and judging it.

When the reference is an expression (``\frac{q_0}{\sqrt{2LC}}``, or labelled:
``t = \frac{2v_0\sin\theta}{g}``) or an equation (``x^2 + y^2 = 1``), the final answer is
read as one, by the same precedence as a quantity:

1. every ``\boxed{}`` (the last 64), else every ``<answer>`` tag, else the formulas of the
   region a final-answer phrase marks, else the last formula of the answer section
   (``$$…$$``, ``\[…\]``, ``\(…\)``, ``$…$``), else its last line when that is no prose;
2. beside the last formula, the formulas joined to it as alternatives (``$a$ or $b$``,
   ``$a$, $b$``) are offered too; formulas the text denies ("not $a$", "$a$ (this is
   wrong)") or only asks about are not offered (the policy's rules for quantities, in
   :mod:`unitreward.engine.policy`);
3. a chain ``a = b = c`` is working up to its last link: the last link is the value, and
   its first link is a label when it names a symbol;
4. several different formulas offered (two boxes, ``a \text{ or } b``) are a hedge
   (``ambiguous``), whichever of them is right; a formula taken back with nothing else
   offered is ``retracted``.

An expression matches when :func:`~unitreward.engine.expression.equivalent` says so (the
checker's ``rel_tol`` and ``abs_tol``; ``exact`` when both are 0): the same variables,
agreeing at seeded random points. A labelled reference also accepts the whole equation,
compared as an equation; an equation matches up to rearrangement and a nonzero factor
(:func:`~unitreward.engine.expression.equations_equivalent`).

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

from unitreward.engine.answers import EquationAnswer, ExpressionAnswer, looks_like_prose, unwrap
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
from unitreward.engine.policy import denied, denied_span, uncommitted
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    NO_ANSWER,
    RETRACTED,
    UNPARSEABLE_ANSWER,
    WRONG_VALUE,
    Verdict,
)

__all__ = ["SymbolicReference", "judge_symbolic", "symbolic_regions"]

SymbolicReference = ExpressionAnswer | EquationAnswer

#: Formulas longer than this are not read (they are no answer we evaluate).
MAX_FORMULA_CHARS = 2000
#: At most this many formulas are offered from one region (more is a shotgun).
MAX_OFFERS = 16

_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$([^$]+?)\$", re.DOTALL)
_RELATION = re.compile(r"(?<![<>!\\])(?:=|≈|≃|\\approx|\\simeq)(?!=)")
_OR = re.compile(
    r"\s+(?:or|\\text\s*\{\s*or\s*\}|\\quad\s*\\text\s*\{\s*or\s*\}\s*\\quad)\s+"
    r"|\\text\s*\{\s*or\s*\}"
)
# Between two formulas, what makes them alternatives ("$a$ or $b$", "$a$, $b$"); a
# sentence between them ("We get $a$. Then $b$.") makes the first one working.
_ALTERNATIVE_GAP = re.compile(
    r"\s*(?:[,;/]\s*)?(?:(?:or|either|perhaps|maybe|possibly|alternatively|and)\s*(?:[,:]\s*)?)?",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s.,;:!]+$|\s+(?:where|with|for|and|which|in|when)\b.*$", re.DOTALL)
_LEADING = re.compile(r"^\s*(?:is|are|equals|=|:|≈)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Offer:
    """A formula as written where the final answer is, and whether the text takes it back."""

    text: str
    denied: bool = False


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One formula offered as the final answer, cut into its chain."""

    text: str
    label: str | None
    value: str  # the last link of a chain
    first: str  # the first link (the left-hand side of an equation)
    denied: bool = False


def symbolic_regions(section: str) -> tuple[str, list[str]]:
    r"""``(where, formulas)``: the formulas offered as the final answer, by precedence.

    ``where`` is ``"boxed"``, ``"answer tag"``, ``"marked"`` (a phrase marks them),
    ``"formula"`` (the last formula of the section, with those offered beside it as
    alternatives) or ``"last line"``. Formulas the text takes back are left out.

    >>> symbolic_regions(r"We get $E = mc^2$. Then $p = mv$ follows.")
    ('formula', ['p = mv'])
    >>> symbolic_regions(r"\boxed{a} and then \boxed{b}")
    ('boxed', ['a', 'b'])
    >>> symbolic_regions(r"It is $a$ or $b$, not $c$.")
    ('formula', ['a', 'b'])
    """
    where, offers = _offers(section)
    return where, [o.text for o in offers if not o.denied]


def _offers(section: str) -> tuple[str, list[_Offer]]:
    boxes = boxed_spans(section)
    if boxes:
        offers: list[_Offer] = []
        for content, end in boxes:
            start = max(section.rfind("\\boxed", 0, end), section.rfind("\\fbox", 0, end), 0)
            taken_back = denied_span(section, start, end)
            offers.extend(_Offer(piece, taken_back) for piece in _pieces(content))
        return "boxed", _distinct(offers)
    tags = answer_tags(section)
    if tags:
        return "answer tag", _distinct([_Offer(p) for tag in tags for p in _pieces(tag)])
    region = phrase_region(section)
    if region is not None and region.strip():
        offers = _offers_in(region)
        if offers:
            return "marked", offers
    offers = _offers_in(section)
    if offers:
        return "formula", offers
    lines = [line for line in section.splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    if not last.strip() or looks_like_prose(last.strip()):
        return "last line", []
    return "last line", [_Offer(p) for p in _pieces(last)]


def _offers_in(text: str) -> list[_Offer]:
    """The last formula of ``text`` and the formulas offered beside it as alternatives."""
    found = [
        (m.start(), m.end(), next(g for g in m.groups() if g is not None))
        for m in _MATH.finditer(text)
    ]
    if not found:
        plain = text.strip()
        if not plain or looks_like_prose(plain) or _has_prose(plain):
            return []
        return [_Offer(p) for p in _pieces(plain)]
    spans = [(a, b) for a, b, _ in found]
    taken_back = [
        d or u for d, u in zip(denied(text, spans), uncommitted(text, spans), strict=True)
    ]
    kept = [i for i, back in enumerate(taken_back) if not back]
    if not kept:  # every formula is taken back: say so rather than read one of them
        return [_Offer(p, True) for p in _pieces(found[-1][2])]
    last = [kept[-1]]
    for i in reversed(kept[:-1]):  # formulas joined to the last one as alternatives
        if _ALTERNATIVE_GAP.fullmatch(text, spans[i][1], spans[last[0]][0]) is None:
            break
        last.insert(0, i)
    return _distinct([_Offer(p) for i in last for p in _pieces(found[i][2])])


_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{4,}(?![A-Za-z])")
_LATEX_WORDS = re.compile(r"\\[A-Za-z]+(?:\s*\{[^{}]*\})?")


def _has_prose(text: str) -> bool:
    """Words of four letters or more outside LaTeX commands: a sentence, not a formula."""
    bare = _LATEX_WORDS.sub(" ", text)
    return any(looks_like_prose(w) for w in _WORD.findall(bare))


def _pieces(formula: str) -> list[str]:
    """A formula as offered: unwrapped, trailing words dropped, split at ``or``."""
    text = _LEADING.sub("", _TRAILING.sub("", unwrap(formula).strip()))
    return [p.strip() for p in _OR.split(text) if p.strip()][:MAX_OFFERS]


def _distinct(offers: list[_Offer]) -> list[_Offer]:
    """Offers written alike once (the last copy's denial decides), at most MAX_OFFERS + 1."""
    by_text: dict[str, _Offer] = {}
    for o in offers:
        by_text[re.sub(r"\s+", "", o.text)] = o
    return list(by_text.values())[: MAX_OFFERS + 1]


def _candidate(offer: _Offer) -> _Candidate:
    links = _links(offer.text)
    label = None
    if len(links) > 1:
        label, _, _ = split_label(f"{links[0]} = 0")
    return _Candidate(offer.text, label, links[-1], links[0], offer.denied)


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
        if ref.equation is None:
            return False
        reference_equation: Equation = ref.equation
    else:
        reference_equation = ref.equation
    equation = _parsed_equation(candidate)
    return equation is not None and equations_equivalent(
        reference_equation, equation, rel_tol=rel_tol, abs_tol=abs_tol, exact=exact
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
    >>> judge_symbolic(r"It is not $\frac{\hbar\omega}{2}$.", refs).reason
    'retracted'
    """
    expected = refs[0].text
    exact = rel_tol == 0 and abs_tol == 0
    where, offers = _offers(section)
    candidates = [_candidate(o) for o in offers if len(o.text) <= MAX_FORMULA_CHARS]
    if not candidates:
        return Verdict(0.0, NO_ANSWER, None, expected, "no final answer found")
    offered = [c for c in candidates if not c.denied]
    if not offered:
        shown = candidates[-1].text[:300]
        return Verdict(
            0.0, RETRACTED, shown, expected, f"the text takes back {shown[:120]!r}; nothing else"
        )
    if len(offered) > MAX_OFFERS:
        return Verdict(
            0.0,
            AMBIGUOUS,
            None,
            expected,
            f"the {where} answer offers more than {MAX_OFFERS} formulas",
        )
    distinct: list[_Candidate] = []
    for c in offered:
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
    value = _parsed_value(answer)
    if value is None and _parsed_equation(answer) is None:
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
    return Verdict(
        0.0,
        WRONG_VALUE,
        answer.text[:300],
        expected,
        _why_not(answer, value, refs[0]),
        dimension_ok=value is not None,
    )


def _why_not(answer: _Candidate, value: Expression | None, ref: SymbolicReference) -> str:
    shown = f"{answer.text[:120]!r}"
    if isinstance(ref, ExpressionAnswer) and value is not None:
        mine, theirs = value.variables, ref.expression.variables
        extra, missing = sorted(mine - theirs), sorted(theirs - mine)
        if extra or missing:
            parts = [
                f"uses {', '.join(extra)}" if extra else "",
                f"lacks {', '.join(missing)}" if missing else "",
            ]
            return f"{shown} {', '.join(p for p in parts if p)}: not the reference's variables"
    return f"{shown} is not equivalent to {ref.text[:120]!r}"
