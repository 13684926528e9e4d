"""Labelled equations: ``t = \\frac{2 v_0 \\sin\\theta}{g}``, its rearrangements and its wrong forms.

- :func:`equations`: random labelled equations (:class:`FormulaEquation`): a
  variable, then a formula from :func:`~unitreward.strategies.expressions`.
- :func:`equation_renderings`: strings that state the same equation: sides
  swapped, ``lhs - rhs = 0``, both sides scaled, a denominator cleared, a
  term moved across, each side written as
  :func:`~unitreward.strategies.expression_renderings` writes it.
- :func:`wrong_equations`: strings that state another one: the right-hand
  side replaced by one of its wrong forms, then rearranged the same ways.

Equivalence of equations is equivalence of their solution sets: ``D t = N``
states ``t = N/D`` where ``D`` is not zero, which is where a verifier compares.

>>> from hypothesis import given
>>> from unitreward.engine.expression import equations_equivalent, parse_equation
>>> @given(equations(max_depth=2).flatmap(lambda eq: equation_renderings(
...     eq, arrangements=["swapped", "zero_right", "scaled", "moved"]).map(lambda text: (eq, text))))
... def test_every_rendering_is_the_same_equation(case):
...     eq, text = case
...     assert equations_equivalent(parse_equation(eq.latex), parse_equation(text))
>>> test_every_rendering_is_the_same_equation()
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from unitreward.strategies import _formula as tree_
from unitreward.strategies._formula import Add, Div, Node, Num, Symbol, Var, add, mul, neg
from unitreward.strategies._formula_edit import WRONG_KINDS, rewrite
from unitreward.strategies._formula_options import check_notations, check_rel_tol, names
from unitreward.strategies._formula_text import Style, draw_style, print_formula
from unitreward.strategies._spelling import _Plan, _plans
from unitreward.strategies.expression import (
    _CANONICAL_PLAIN,
    _LATEX_WRAPPERS,
    _PLAIN_WRAPPERS,
    Formula,
    _coerced,
    _wrong_trees,
    expressions,
)

__all__ = ["ARRANGEMENTS", "FormulaEquation", "equation_renderings", "equations", "wrong_equations"]

#: How :func:`equation_renderings` may arrange ``label = rhs``, in the order it shrinks through.
ARRANGEMENTS = ("as_is", "swapped", "zero_right", "zero_left", "scaled", "cleared", "moved")

#: Variables a label is taken from: the first one the formula does not use.
_LABELS = tuple(
    Symbol(name)
    for name in ("y", "E", "F", "T", "P", "U", "W", "K", "V", "Q", "z")
)  # fmt: skip
_SCALES = (Fraction(2), Fraction(3), Fraction(1, 2))


@dataclass(frozen=True)
class FormulaEquation:
    """A labelled equation ``label = rhs`` drawn by :func:`equations`.

    Attributes:
        latex: Its canonical LaTeX (``y = \\frac{x}{2}``).
        plain: Its plain-text spelling (``y = x/2``).
        label: The canonical name of the variable on the left (``y``, ``v_0``).
        rhs: The right-hand side.
        variables: The label's and the right-hand side's variables.

    >>> eq = FormulaEquation.from_text(r"t = \\frac{2 v_0 \\sin\\theta}{g}")
    >>> eq.label, eq.rhs.plain, sorted(eq.variables)
    ('t', '2*v_0*sin(theta)/g', ['g', 't', 'theta', 'v_0'])
    """

    latex: str
    plain: str
    label: str
    rhs: Formula
    variables: frozenset[str]
    _label: Symbol = field(repr=False)

    @classmethod
    def _of(cls, label: Symbol, rhs: Formula) -> FormulaEquation:
        left = Var(label)
        return cls(
            f"{print_formula(left, Style())} = {rhs.latex}",
            f"{print_formula(left, _CANONICAL_PLAIN)} = {rhs.plain}",
            label.name,
            rhs,
            rhs.variables | {label.name},
            label,
        )

    @classmethod
    def from_text(cls, text: str) -> FormulaEquation:
        """An equation read from a reference whose left side is one variable (``t = ...``).

        Raises:
            ValueError: The engine cannot read it as an equation, its left side
                is not one variable the strategies can spell (``x^2 + y^2 = 1``,
                ``I_L(t) = ...``), the label also occurs on the right, or the
                right side is refused by :meth:`Formula.from_text`.

        >>> FormulaEquation.from_text("v = v0 + a t").latex
        'v = v_{0} + a t'
        """
        from unitreward.engine.errors import ParseError
        from unitreward.engine.expression import parse_equation
        from unitreward.strategies._formula_read import _symbol

        if not isinstance(text, str):
            raise ValueError(f"expected a str, got {text!r}")
        try:
            parsed = parse_equation(text)
        except ParseError as exc:
            raise ValueError(str(exc)) from None
        if parsed.lhs._tree[0] != "sym":
            raise ValueError(f"the left side of {text!r} is not one variable")
        label = _symbol(parsed.lhs._tree[1])
        rhs = Formula.from_text(parsed.rhs.text)
        if label.name in rhs.variables:
            raise ValueError(f"the label {label.name!r} also occurs on the right of {text!r}")
        return cls._of(label, rhs)

    def to_sympy(self) -> Any:
        """``sympy.Eq(label, rhs)``, with positive symbols.

        >>> FormulaEquation.from_text("v = a t").to_sympy()
        Eq(v, a*t)
        """
        import sympy

        return sympy.Eq(tree_.to_sympy(Var(self._label)), self.rhs.to_sympy())

    def __str__(self) -> str:
        return self.latex

    def __repr__(self) -> str:
        return f"FormulaEquation({self.latex!r})"


def _equation(expr: object) -> FormulaEquation:
    return _coerced(expr, FormulaEquation, FormulaEquation.from_text, "equations")


def equations(
    *,
    variables: str | Collection[str] | None = None,
    max_variables: int = 3,
    functions: str | Collection[str] | None = None,
    operations: str | Collection[str] | None = None,
    max_depth: int = 3,
    max_leaves: int = 8,
    constants: bool = True,
) -> SearchStrategy[FormulaEquation]:
    """Random labelled equations ``label = formula``, as :class:`FormulaEquation` values.

    The right side is drawn by :func:`~unitreward.strategies.expressions` with
    these arguments (see there); the label is the first of ``y``, ``E``,
    ``F``, ``T``, ``P``, ``U``, ``W``, ``K``, ``V``, ``Q``, ``z`` that the
    formula does not use.

    Shrinks toward ``y = x``.

    Raises:
        hypothesis.errors.InvalidArgument: As :func:`~unitreward.strategies.expressions`.

    >>> from hypothesis import given
    >>> @given(equations())
    ... def test_labels(eq):
    ...     assert eq.label not in eq.rhs.variables
    >>> test_labels()
    """
    formulas = expressions(
        variables=variables,
        max_variables=max_variables,
        functions=functions,
        operations=operations,
        max_depth=max_depth,
        max_leaves=max_leaves,
        constants=constants,
    )
    return formulas.map(_labelled)


def _labelled(rhs: Formula) -> FormulaEquation:
    label = next(s for s in _LABELS if s.name not in rhs.variables)
    return FormulaEquation._of(label, rhs)


def _arrangements(rhs: Node, allowed: Sequence[str]) -> tuple[str, ...]:
    """The arrangements of ``allowed`` that apply to ``label = rhs`` (``as_is`` always does)."""
    applies = {"cleared": isinstance(rhs, Div), "moved": isinstance(rhs, Add)}
    return ("as_is", *(a for a in allowed if a != "as_is" and applies.get(a, True)))


def _arranged(label: Node, rhs: Node, how: str, plan: _Plan) -> tuple[Node, Node]:
    """The two sides of ``label = rhs`` arranged ``how``."""
    if how == "swapped":
        return rhs, label
    if how == "zero_right":
        return add([label, neg(rhs)]), Num(Fraction(0))
    if how == "zero_left":
        return Num(Fraction(0)), add([rhs, neg(label)])
    if how == "scaled":
        k = Num(plan.pick(_SCALES))
        return mul([k, label]), mul([k, rhs])
    if how == "cleared" and isinstance(rhs, Div):  # t = N/D as D t = N
        return mul([rhs.den, label]), rhs.num
    if how == "moved" and isinstance(rhs, Add):  # y = a + b as y - b = a
        i = plan.pick(range(len(rhs.terms)))
        rest = [t for j, t in enumerate(rhs.terms) if j != i]
        return add([label, neg(rhs.terms[i])]), add(rest)
    return label, rhs


def _equation_cases(
    label: Symbol,
    trees: Sequence[Node],
    notations: Sequence[str],
    arrangements: Sequence[str],
    algebra: bool,
    wrapped: bool,
) -> SearchStrategy[tuple[Node, Node, str]]:
    """(left, right, text): ``label = tree`` for one of ``trees``, arranged and spelled."""

    def build(choice: tuple[int, int, _Plan, _Plan]) -> tuple[Node, Node, str]:
        which, index, edits, plan = choice
        rhs = trees[which]
        how = plan.pick(_arrangements(rhs, arrangements))
        left, right = _arranged(Var(label), rhs, how, plan)
        if algebra:
            left, right = rewrite(left, edits), rewrite(right, edits)
        notation = notations[index % len(notations)]
        style = draw_style(plan, notation)
        wrapper = plan.pick(_LATEX_WRAPPERS if notation == "latex" else _PLAIN_WRAPPERS)
        if not wrapped:
            wrapper = "{}"
        if "\\" in wrapper:
            style = replace(style, braces=True)
        equals = "=" if style.tight else " = "
        text = print_formula(left, style) + equals + print_formula(right, style)
        return left, right, wrapper.format(text)

    return st.tuples(st.integers(0, len(trees) - 1), st.integers(0, 255), _plans, _plans).map(build)


def _text(case: tuple[Node, Node, str]) -> str:
    return case[2]


def _flags(**flags: object) -> None:
    for name, flag in flags.items():
        if not isinstance(flag, bool):
            raise InvalidArgument(f"{name} must be a bool, got {flag!r}")


def equation_renderings(
    eq: FormulaEquation | str,
    *,
    notations: str | Collection[str] | None = None,
    arrangements: str | Collection[str] | None = None,
    algebra: bool = True,
    wrapped: bool = True,
) -> SearchStrategy[str]:
    """Strings that state the same equation as ``eq``.

    The equation is arranged in one of ``arrangements`` (:data:`ARRANGEMENTS`):
    as it is, sides swapped (``\\frac{x}{2} = y``), ``y - \\frac{x}{2} = 0``
    and ``0 = \\frac{x}{2} - y``, both sides scaled (``2 y = x``), a
    denominator cleared (``D y = N`` for ``y = N/D``: the same solutions
    where ``D`` is not zero; leave ``cleared`` out if your verifier counts
    the solutions at ``D = 0`` too), a term moved across (``y - b = a`` for
    ``y = a + b``); then (with ``algebra``) each side is rewritten, and both
    are spelled as :func:`~unitreward.strategies.expression_renderings` does,
    in one style.

    Shrinks toward ``eq.latex``.

    Args:
        eq: A :class:`FormulaEquation`, or a reference text to read with
            :meth:`FormulaEquation.from_text`.
        notations: Names from :data:`~unitreward.strategies.NOTATIONS`; ``None`` for all.
        arrangements: Names from :data:`ARRANGEMENTS`; ``None`` for all
            (``as_is`` is always among them).
        algebra: Whether to rewrite each side too (``False``: typography only).
        wrapped: Whether some come in ``\\boxed{}``, ``$...$`` ...

    Raises:
        hypothesis.errors.InvalidArgument: For a non-equation (or a text
            :meth:`FormulaEquation.from_text` refuses), an unknown notation or
            arrangement, or a non-bool flag.

    >>> from hypothesis import find, settings
    >>> once = settings(database=None, derandomize=True)
    >>> find(equation_renderings("v = a t"), lambda s: s.endswith("= 0"), settings=once)
    'v - a t = 0'
    """
    equation = _equation(eq)
    allowed = check_notations(notations)
    ways = names(arrangements, "arrangements", ARRANGEMENTS)
    _flags(algebra=algebra, wrapped=wrapped)
    trees = (equation.rhs._tree,)
    return _equation_cases(equation._label, trees, allowed, ways, algebra, wrapped).map(_text)


def wrong_equations(
    eq: FormulaEquation | str,
    *,
    kinds: str | Collection[str] | None = None,
    rel_tol: float = 1e-2,
    notations: str | Collection[str] | None = None,
    arrangements: str | Collection[str] | None = None,
    wrapped: bool = True,
) -> SearchStrategy[str]:
    """Strings that state another equation than ``eq``: its right side made wrong.

    The right-hand side is replaced by one of its wrong forms
    (:func:`~unitreward.strategies.wrong_expressions`' kinds, each checked to
    differ), then arranged and spelled as :func:`equation_renderings` does:
    ``y = 2 x`` for ``y = x``, and also ``2 x = y``, ``y - 2x = 0`` ...

    Shrinks toward the first kind that applies, as written: ``y = 2 x`` for ``y = x``.

    Args:
        eq: A :class:`FormulaEquation`, or a reference text.
        kinds: Names from :data:`~unitreward.strategies.WRONG_EXPRESSIONS`; ``None`` for all.
        rel_tol: The verifier's relative tolerance, in ``[0, 0.25]``.
        notations: Names from :data:`~unitreward.strategies.NOTATIONS`; ``None`` for all.
        arrangements: Names from :data:`ARRANGEMENTS`; ``None`` for all.
        wrapped: Whether some come in ``\\boxed{}``, ``$...$`` ...

    Raises:
        hypothesis.errors.InvalidArgument: As :func:`~unitreward.strategies.wrong_expressions`,
            or for an unknown arrangement.

    >>> from hypothesis import find, settings
    >>> once = settings(database=None, derandomize=True)
    >>> find(wrong_equations("v = a t", kinds="power"), lambda s: True, settings=once)
    'v = a^{2} t'
    """
    equation = _equation(eq)
    chosen = names(kinds, "kinds", WRONG_KINDS)
    check_rel_tol(rel_tol)
    allowed = check_notations(notations)
    ways = names(arrangements, "arrangements", ARRANGEMENTS)
    _flags(wrapped=wrapped)
    label = equation._label
    # never the label as a replacement: t = t would be another kind of equation
    forms = _wrong_trees(equation.rhs, chosen, rel_tol, avoid=(label,))
    if not forms:
        return st.nothing()
    return _equation_cases(label, forms, allowed, ways, True, wrapped).map(_text)
