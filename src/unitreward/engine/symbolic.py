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

from collections.abc import Sequence

from unitreward.engine.answers import EquationAnswer, ExpressionAnswer
from unitreward.engine.errors import ParseError, UnitrewardError
from unitreward.engine.expression import (
    Equation,
    Expression,
    equations_equivalent,
    equivalent,
    parse_equation,
)
from unitreward.engine.formula_offers import (
    MAX_FORMULA_CHARS,
    MAX_OFFERS,
    Candidate,
    candidate_of,
    constant_formulas,
    formula_offers,
    symbolic_regions,
    with_unit,
)
from unitreward.engine.parts import canonical_label
from unitreward.engine.units import UnitInfo
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    MISSING_UNIT,
    NO_ANSWER,
    RETRACTED,
    UNPARSEABLE_ANSWER,
    WRONG_DIMENSION,
    WRONG_VALUE,
    Verdict,
)

__all__ = [
    "SymbolicReference",
    "constant_formulas",
    "in_unit_of",
    "judge_symbolic",
    "symbolic_regions",
]

SymbolicReference = ExpressionAnswer | EquationAnswer


def _parsed_value(candidate: Candidate) -> Expression | None:
    found = with_unit(candidate.value)
    return found[0] if found is not None else None


def in_unit_of(value: Expression, unit: UnitInfo, reference: UnitInfo) -> Expression:
    """``value`` written in ``unit``, as a magnitude in ``reference``'s unit (same dimension).

    >>> from unitreward.engine.expression import parse_expression
    >>> from unitreward.engine.units import parse_unit
    >>> in_unit_of(parse_expression("f"), parse_unit("Hz"), parse_unit("rad/s")).evaluate({"f": 1}).real
    6.283185307179586
    """
    if unit.offset or reference.offset:
        if unit.text == reference.text:
            return value
        raise ParseError("an expression in a unit with an offset (°C, °F) converts only to itself")
    return value.scaled(unit.factor * unit.cycle_factor(reference) / reference.factor)


def _parsed_equation(candidate: Candidate) -> Equation | None:
    if candidate.first == candidate.value:
        return None
    try:
        return parse_equation(f"{candidate.first} = {candidate.value}")
    except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
        return None


def _match(
    candidate: Candidate,
    ref: SymbolicReference,
    rel_tol: float,
    abs_tol: float,
    exact: bool,
    rule: str = "sum",
) -> str:
    """``correct``, or why not: ``wrong_value``, ``missing_unit``, ``wrong_dimension``."""
    if isinstance(ref, ExpressionAnswer):
        found = with_unit(candidate.value)
        if found is not None and not _names_its_value(candidate, found[0], ref):
            found = None  # 2 y = x: an equation, not a label and a value
        if found is not None:
            value, unit = found
            if ref.unit is not None:
                if unit is None:
                    return MISSING_UNIT
                if unit.dims != ref.unit.dims:
                    return WRONG_DIMENSION
                try:
                    value = in_unit_of(value, unit, ref.unit)
                except ParseError:
                    return WRONG_VALUE
            if equivalent(
                ref.expression,
                value,
                rel_tol=rel_tol,
                abs_tol=abs_tol,
                exact=exact,
                tolerance_rule=rule,
            ):
                return CORRECT
        if ref.equation is None or ref.unit is not None:
            return WRONG_VALUE
        reference_equation: Equation = ref.equation
    else:
        reference_equation = ref.equation
    equation = _parsed_equation(candidate)
    if equation is not None and equations_equivalent(
        reference_equation,
        equation,
        rel_tol=rel_tol,
        abs_tol=abs_tol,
        exact=exact,
        tolerance_rule=rule,
    ):
        return CORRECT
    return WRONG_VALUE


def _names_its_value(candidate: Candidate, value: Expression, ref: ExpressionAnswer) -> bool:
    r"""Whether a chain's last link alone is the answer: its left side only names it.

    ``y = x``, ``I_L(t) = …``, ``\Delta x = …``, ``KE = …`` name a value; ``2 y = x``
    and ``a y = x`` (for ``y = x``) or ``x = x + 1`` do not: they are equations, and an
    equation is compared as one (any left side passing for the label would pay 1.0 for
    ``oxed{2 y = x}`` against ``y = x``). A chain of working whose first link equals
    its last (``rac{m v^2}{2} = rac{m (2 g h)}{2} = m g h``) names its value too.
    A left side is a name when it is one (``t``, ``v_{max}``, ``\dot{x}``, a function
    head) or a product of distinct letters (``\Delta x``, ``KE``), shares no variable
    with the value, and, when the reference is labelled, is that label or does not use it.
    """
    if candidate.links == 1:
        return True
    try:
        equation = parse_equation(f"{candidate.first} = {candidate.value}")
    except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
        return candidate.label is not None  # a left side we do not read: a label if it looks one
    left = equation.lhs
    names = _name_of(equation)
    ref_label = ref.equation.label if ref.equation is not None else None
    if names is not None:
        if names & value.variables:
            return False  # x = x + 1, x = x: an equation in x
        if ref_label is None or ref_label not in left.variables:
            return True
        return names == {ref_label} and left.variables == names
    return left.variables == value.variables and equivalent(left, value)


def _name_of(equation: Equation) -> frozenset[str] | None:
    """The names an equation's left side introduces, or ``None`` when it is no name."""
    if equation.label is not None:
        return frozenset([equation.label])
    tree = equation.lhs._tree
    factors = tree[1] if tree[0] == "mul" else (tree,)
    symbols = [f[1] for f in factors if f[0] == "sym"]
    if len(symbols) == len(factors) and len(set(symbols)) == len(symbols):
        return frozenset(symbols)
    return None


def _same(a: Candidate, b: Candidate, rel_tol: float, abs_tol: float, rule: str = "sum") -> bool:
    """Whether two offered formulas say the same thing (a restatement, not a hedge)."""
    if canonical_label(a.value) == canonical_label(b.value):
        return True
    wa, wb = with_unit(a.value), with_unit(b.value)
    if wa is not None and wb is not None:
        (va, ua), (vb, ub) = wa, wb
        if ua is not None and ub is not None:
            if ua.dims != ub.dims:
                return False
            try:
                vb = in_unit_of(vb, ub, ua)
            except ParseError:
                return False
        return equivalent(va, vb, rel_tol=rel_tol, abs_tol=abs_tol, tolerance_rule=rule)
    ea, eb = _parsed_equation(a), _parsed_equation(b)
    return ea is not None and eb is not None and equations_equivalent(ea, eb, rel_tol=rel_tol)


def judge_symbolic(
    section: str,
    refs: Sequence[SymbolicReference],
    *,
    rel_tol: float = 1e-2,
    abs_tol: float = 0.0,
    unitless_credit: float = 0.0,
    tolerance_rule: str = "sum",
) -> Verdict:
    r"""The verdict on an answer section against expression or equation references.

    ``rel_tol`` 0 (with ``abs_tol`` 0) asks for exact equivalence. A reference with a unit
    (``\sqrt{2gh}\,\mathrm{m/s}``) is compared in SI with the dimension checked; the
    right expression without a unit earns ``unitless_credit`` (``missing_unit``).
    ``tolerance_rule`` combines ``rel_tol`` and ``abs_tol`` as the checker's option does.

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
    where, offers = formula_offers(section)
    candidates = [candidate_of(o) for o in offers if len(o.text) <= MAX_FORMULA_CHARS]
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
    distinct: list[Candidate] = []
    for c in offered:
        if not any(_same(c, d, rel_tol, abs_tol, tolerance_rule) for d in distinct):
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
    reasons = [_match(answer, ref, rel_tol, abs_tol, exact, tolerance_rule) for ref in refs]
    for ref, reason in zip(refs, reasons, strict=True):
        if reason == CORRECT:
            return Verdict(
                1.0,
                CORRECT,
                answer.text[:300],
                ref.text,
                f"{answer.text[:120]!r} is equivalent to {ref.text[:120]!r}",
                dimension_ok=True,
            )
    if MISSING_UNIT in reasons:
        ref = refs[reasons.index(MISSING_UNIT)]
        unitless = _unitless(answer, ref, rel_tol, abs_tol, exact, tolerance_rule)
        return Verdict(
            unitless_credit if unitless else 0.0,
            MISSING_UNIT,
            answer.text[:300],
            ref.text,
            f"{answer.text[:120]!r} has no unit, expected {ref.text[:120]!r}",
        )
    if WRONG_DIMENSION in reasons and all(r == WRONG_DIMENSION for r in reasons):
        return Verdict(
            0.0,
            WRONG_DIMENSION,
            answer.text[:300],
            expected,
            f"{answer.text[:120]!r} has a unit of another dimension than {expected[:120]!r}",
        )
    return Verdict(
        0.0,
        WRONG_VALUE,
        answer.text[:300],
        expected,
        _why_not(answer, value, refs[0]),
        dimension_ok=value is not None,
    )


def _unitless(
    answer: Candidate,
    ref: SymbolicReference,
    rel_tol: float,
    abs_tol: float,
    exact: bool,
    rule: str = "sum",
) -> bool:
    """The right expression with no unit, read in the reference's unit."""
    value = _parsed_value(answer)
    return (
        isinstance(ref, ExpressionAnswer)
        and value is not None
        and equivalent(
            ref.expression,
            value,
            rel_tol=rel_tol,
            abs_tol=abs_tol,
            exact=exact,
            tolerance_rule=rule,
        )
    )


def _why_not(answer: Candidate, value: Expression | None, ref: SymbolicReference) -> str:
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
