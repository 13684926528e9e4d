"""Symbolic answers: random formulas, the ways to write each, and its wrong forms.

- :func:`expressions`: random physics-like formulas (:class:`Formula`):
  ``\\frac{v_{0}^{2}}{2 \\mu g}``, ``q_{0} e^{-t/\\tau}``, ``\\sqrt{\\frac{L}{g}}``.
- :func:`expression_renderings`: strings equal to a formula (LaTeX, plain
  text and unicode text; reordered, distributed or factored; every spelling of
  fractions, roots, products, subscripts, Greek letters, ``e^x``, boxed or not).
- :func:`wrong_expressions`: strings that are not equal to it (doubled,
  halved, a sign flipped, variables swapped, a power changed, a factor or term
  dropped, a fraction inverted, a function swapped, a variable replaced), each
  checked to really differ.

A formula is the strategies' own tree (:mod:`~unitreward.strategies._formula`),
printed by :mod:`~unitreward.strategies._formula_text` and edited by
:mod:`~unitreward.strategies._formula_edit`; none of them uses unitreward's
engine, so the tests can hold the engine against them. sympy is imported only
by :meth:`Formula.to_sympy`.

>>> from hypothesis import given
>>> from unitreward.engine.expression import equivalent, parse_expression
>>> @given(expressions(max_depth=2).flatmap(
...     lambda f: expression_renderings(f).map(lambda text: (f, text))))
... def test_every_rendering_is_equivalent(case):
...     f, text = case
...     assert equivalent(parse_expression(f.latex), parse_expression(text))
>>> test_every_rendering_is_equivalent()
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypeVar

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import DrawFn, SearchStrategy

from unitreward.strategies import _formula as tree_
from unitreward.strategies._formula import (
    Div,
    Fn,
    Node,
    Num,
    Pi,
    Pow,
    Symbol,
    Var,
    add,
    check_points,
    mul,
    neg,
)
from unitreward.strategies._formula_edit import WRONG_KINDS, rewrite, wrong_forms
from unitreward.strategies._formula_options import (
    FUNCTIONS,
    OPERATIONS,
    POOLS,
    VARIABLE_KINDS,
    check_notations,
    check_rel_tol,
    int_in,
    names,
    variable_pool,
)
from unitreward.strategies._formula_text import NOTATIONS, Style, draw_style, print_formula
from unitreward.strategies._spelling import _Plan, _plans

__all__ = [
    "FUNCTIONS",
    "NOTATIONS",
    "OPERATIONS",
    "VARIABLE_KINDS",
    "WRONG_EXPRESSIONS",
    "Formula",
    "expression_renderings",
    "expressions",
    "wrong_expressions",
]

#: Every kind of wrong form :func:`wrong_expressions` draws, and what it means.
WRONG_EXPRESSIONS: Mapping[str, str] = MappingProxyType(
    {
        "doubled": "the whole expression times 2 (a coefficient doubled: 'm v^2' for '\\frac12 m v^2')",
        "halved": "the whole expression times 1/2",
        "sign": "the whole expression negated, or one term's sign flipped ('x + y' for 'x - y')",
        "swapped": "two variables exchanged ('\\frac{b}{a}' for '\\frac{a}{b}')",
        "power": "an exponent changed ('x^3' for 'x^2', 'x' for '\\sqrt{x}') or a variable squared",
        "dropped_factor": "one factor of a product left out, or a denominator",
        "dropped_term": "one term of a sum left out",
        "inverted": "a fraction upside down",
        "function": "a function swapped: sin/cos, tan/cot, sinh/cosh, tanh/coth, arctan/tan, ln/log10",
        "replaced": "a variable written as another one (of the expression, or a new one)",
    }
)  # fmt: skip

assert tuple(WRONG_EXPRESSIONS) == WRONG_KINDS


_CANONICAL_PLAIN = Style(notation="plain", times="star")
_MAX_VALUE = 1e8


@dataclass(frozen=True)
class Formula:
    """A physics-like expression drawn by :func:`expressions`.

    Attributes:
        latex: Its canonical LaTeX (``\\frac{v_{0}^{2}}{2 \\mu g}``): what
            :func:`expression_renderings` shrinks toward, a ready reference string.
        plain: Its plain-text spelling (``v_0^2/(2*mu*g)``).
        variables: The canonical names of its variables, as
            :func:`unitreward.engine.expression.parse_expression` names them
            (``v_0``, ``theta``, ``omega'``, ``v_{max}``) and as :meth:`to_sympy` does.

    >>> f = Formula.from_text(r"\\frac{v_0^2}{2 \\mu g}")
    >>> f.latex, f.plain, sorted(f.variables)
    ('\\\\frac{v_{0}^{2}}{2 \\\\mu g}', 'v_0^2/(2*mu*g)', ['g', 'mu', 'v_0'])
    """

    latex: str
    plain: str
    variables: frozenset[str]
    _tree: Node = field(repr=False)

    @classmethod
    def _of(cls, tree: Node) -> Formula:
        return cls(
            print_formula(tree, Style()),
            print_formula(tree, _CANONICAL_PLAIN),
            frozenset(s.name for s in tree_.variables(tree)),
            tree,
        )

    @classmethod
    def from_text(cls, text: str) -> Formula:
        """A formula read from a reference answer (LaTeX or plain), through unitreward's engine.

        So that your own data set's answers can be rendered and broken like
        drawn formulas. Numbers are read exactly (``0.5`` is ``\\frac{1}{2}``).

        Raises:
            ValueError: The engine cannot read it (see
                :func:`unitreward.engine.expression.parse_expression`), or it
                holds what the strategies cannot spell: a decorated or
                multi-letter name (``\\dot{x}``, ``\\langle E \\rangle``), ``|x|``,
                ``n!``, a function other than those of :data:`FUNCTIONS` and
                ``cot``/``coth``, a power with a variable exponent other than
                ``e^{x}``, an odd root of something negative; or it is
                undefined at most points with its variables in ``[0.5, 2.5]``.

        >>> f = Formula.from_text("v0^2/(2μg)")
        >>> f.latex, f.plain, sorted(f.variables)
        ('\\\\frac{v_{0}^{2}}{2 \\\\mu g}', 'v_0^2/(2*mu*g)', ['g', 'mu', 'v_0'])
        """
        from unitreward.strategies._formula_read import from_text

        if not isinstance(text, str):
            raise ValueError(f"expected a str, got {text!r}")
        return cls._of(from_text(text))

    def evaluate(self, point: Mapping[str, complex]) -> complex:
        """Its value at a point, in complex arithmetic with principal branches (NaN where undefined).

        Raises:
            ValueError: ``point`` lacks one of the variables.

        >>> from hypothesis import find
        >>> f = find(expressions(operations=["root"], constants=False), lambda f: "sqrt" in f.latex)
        >>> f.latex, f.evaluate({"x": 4})
        ('\\\\sqrt{x}', (2+0j))
        """
        try:
            return tree_.value(self._tree, point)
        except KeyError as exc:
            raise ValueError(f"no value for the variable {exc.args[0]!r}") from None

    def to_sympy(self) -> Any:
        """Its exact sympy form, with positive symbols named like :attr:`variables`.

        >>> from hypothesis import find
        >>> f = find(expressions(operations="divide", constants=False), lambda f: len(f.variables) == 2)
        >>> f.latex, f.to_sympy()
        ('\\\\frac{x}{y}', x/y)
        """
        return tree_.to_sympy(self._tree)

    def __str__(self) -> str:
        return self.latex

    def __repr__(self) -> str:
        return f"Formula({self.latex!r})"


# ------------------------------------------------------------------------- validation


_Read = TypeVar("_Read")


def _coerced(expr: object, cls: type[_Read], read: Callable[[str], _Read], drawn_by: str) -> _Read:
    """``expr`` as a ``cls``: itself, or read from a string with ``read``; anything else,
    or a string that does not read, is an ``InvalidArgument`` naming it."""
    if isinstance(expr, str):
        try:
            return read(expr)
        except ValueError as exc:
            raise InvalidArgument(f"cannot render {expr!r}: {exc}") from None
    if not isinstance(expr, cls):
        name = cls.__name__
        raise InvalidArgument(
            f"expected a {name} (from {drawn_by}() or {name}.from_text) or a str, got {expr!r}"
        )
    return expr


def _formula(expr: object) -> Formula:
    return _coerced(expr, Formula, Formula.from_text, "expressions")


# ------------------------------------------------------------------------ expressions


def expressions(
    *,
    variables: str | Collection[str] | None = None,
    max_variables: int = 3,
    functions: str | Collection[str] | None = None,
    operations: str | Collection[str] | None = None,
    max_depth: int = 3,
    max_leaves: int = 8,
    constants: bool = True,
) -> SearchStrategy[Formula]:
    """Random physics-like expressions, as :class:`Formula` values.

    Trees of up to ``max_depth`` nested operations over up to ``max_leaves``
    leaves: variables (from :data:`VARIABLE_KINDS`: ``x``, ``L``, ``\\theta``,
    ``v_0``, ``v_{max}``, ``\\omega'`` ...), and, with ``constants``, small
    coefficients (``2``, ``\\frac{1}{2}``) and ``\\pi``. Products, quotients,
    powers (``x^2``, ``x^{-1}``), roots (``\\sqrt{x}``, ``\\sqrt[3]{x}``) and
    the functions in :data:`FUNCTIONS` (``e^{-x}`` among them) are as common
    as in physics answers. Every formula has at least one variable, and is
    defined, finite and between ``1e-8`` and ``1e8`` in size (``|re| + |im|``) at
    twelve fixed points with every variable in ``[0.5, 2.5]``: where physics
    magnitudes and symbolic verifiers' sample points are.

    Shrinks toward ``x``: one leaf, the first variable of the first kind.

    Args:
        variables: Kinds of variable from :data:`VARIABLE_KINDS` (``latin``,
            ``greek``, ``subscripted``, ``primed``), or variable names in the
            engine's canonical form (``m``, ``theta``, ``v_0``, ``V_{esc}``,
            ``omega'``: a Latin letter other than ``e``, ``i`` and ``d``, or a
            Greek letter of :data:`VARIABLE_KINDS`, then an optional subscript
            of letters and digits and up to two primes), mixed freely; ``None``
            for all kinds. The first one is what shrinking reaches.
        max_variables: Most distinct variables, in ``[1, 8]``.
        functions: Names from :data:`FUNCTIONS`; ``None`` for all, ``[]`` for none.
        operations: Names from :data:`OPERATIONS`; ``None`` for all.
        max_depth: Most nested operations, in ``[0, 6]`` (0: one leaf).
        max_leaves: Most leaves, in ``[1, 32]``.
        constants: Whether numbers and ``\\pi`` may be leaves.

    Raises:
        hypothesis.errors.InvalidArgument: When built with an unknown name or
            an out-of-range bound.

    >>> from hypothesis import given
    >>> @given(expressions(variables="greek", functions=[], max_leaves=4))
    ... def test_greek(f):
    ...     assert f.variables <= set(VARIABLE_KINDS["greek"])
    ...     assert "\\\\sin" not in f.latex
    >>> test_greek()
    """
    pool = variable_pool(variables)
    chosen_functions = (
        () if functions is not None and not isinstance(functions, str) and not functions
        else names(functions, "functions", FUNCTIONS)
    )  # fmt: skip
    ops = names(operations, "operations", OPERATIONS)
    most_variables = int_in("max_variables", max_variables, 1, 8)
    depth_limit = int_in("max_depth", max_depth, 0, 6)
    leaf_limit = int_in("max_leaves", max_leaves, 1, 32)
    if not isinstance(constants, bool):
        raise InvalidArgument(f"constants must be a bool, got {constants!r}")
    # Multiplication and division twice: physics answers are mostly products and quotients.
    weighted = [op for op in ops for _ in range(_WEIGHT.get(op, 1))]
    if chosen_functions:
        weighted.append("function")
    menus = {
        parent: ("leaf", *[op for op in weighted if op not in _NOT_UNDER.get(parent, ())])
        for parent in ("", *OPERATIONS, "function")
    }

    @st.composite
    def build(draw: DrawFn) -> Formula:
        picked = draw(
            st.lists(
                st.integers(0, len(pool) - 1),
                min_size=1,
                max_size=min(most_variables, len(pool)),
                unique=True,
            )
        )
        symbols = [pool[i] for i in picked]
        turn = [0]

        def leaf(constant_ok: bool, parent: str) -> Node:
            kind = draw(st.integers(0, 7)) if constants and constant_ok else 0
            if kind <= 4:  # variables most of the time; in turn, so that x/x is rare
                turn[0] += 1
                offset = draw(st.integers(0, len(symbols) - 1))
                return Var(symbols[(turn[0] - 1 + offset) % len(symbols)])
            if kind <= 6:
                # whole numbers above and below a line: \frac{1}{2x}, never \frac{1/2}{x}
                numbers = _WHOLE if parent == "divide" else _COEFFICIENTS
                return Num(draw(st.sampled_from(numbers)))
            return Pi()

        def node(depth: int, budget: int, parent: str, constant_ok: bool) -> tuple[Node, int]:
            """A subtree of at most ``depth`` levels and ``budget`` leaves, and its leaf count."""
            options = menus[parent]
            if depth == 0 or budget <= 1 or len(options) == 1:
                return leaf(constant_ok, parent), 1
            op = options[draw(st.integers(0, len(options) - 1))]
            if op == "leaf":
                return leaf(constant_ok, parent), 1
            if op == "function":
                name = draw(st.sampled_from(chosen_functions))
                # a simple exponent keeps e^{...} in range
                inner, used = node(
                    min(depth - 1, 1) if name == "exp" else depth - 1, budget, op, False
                )
                if name == "exp" and draw(st.booleans()):
                    inner = neg(inner)  # e^{-t/\tau}
                return Fn(name, inner), used
            if op in ("power", "root"):
                inner, used = node(depth - 1, budget, op, False)
                return Pow(inner, draw(st.sampled_from(_EXPONENTS[op]))), used
            count = 2 if op in ("divide", "subtract") else draw(st.integers(2, 3))
            count = min(count, budget)
            parts: list[Node] = []
            used = 0
            for i in range(count):
                # one constant at most: a coefficient, a numerator, a first term (1 - \cos x)
                ok = i == 0 or (op == "divide" and bool(tree_.variables(parts[0])))
                part, n = node(depth - 1, budget - used - (count - i - 1), op, ok)
                parts.append(part)
                used += n
            if op == "multiply":
                return mul(parts), used
            if op == "divide":
                return _quotient(parts[0], parts[1]), used
            if op == "subtract":
                return add([parts[0], neg(parts[1])]), used
            return add(parts), used

        tree, _ = node(depth_limit, leaf_limit, "", True)
        return Formula._of(tree)

    return build().filter(_usable)


_WEIGHT = {"multiply": 2, "divide": 2}
_COEFFICIENTS = tuple(Fraction(c) for c in ("2", "3", "1/2", "4", "1/3", "3/2", "5", "1/4"))
_WHOLE = tuple(c for c in _COEFFICIENTS if c.denominator == 1)
_EXPONENTS = {
    "power": tuple(Fraction(p) for p in (2, 3, -1, -2)),
    "root": tuple(Fraction(r) for r in ("1/2", "1/3", "-1/2")),
}
# Operations never drawn right under another: no \frac{\frac{a}{b}}{c}, (x^2)^3, \sin(\cos x).
_NOT_UNDER = {
    "multiply": ("multiply",),
    "divide": ("divide",),
    "add": ("add",),
    "power": ("power", "root"),
    "root": ("power", "root"),
    "function": ("function",),
}


def _quotient(num: Node, den: Node) -> Node:
    """``num / den``, or ``num`` for ``x/x`` (a quotient that is always 1 says nothing)."""
    return num if num == den else Div(num, den)


def _usable(f: Formula) -> bool:
    """Has a variable, and is defined and of moderate size at every check point."""
    if not f.variables:
        return False
    for point in check_points(sorted(f.variables)):
        z = tree_.value(f._tree, point)
        if not (1e-8 < abs(z.real) + abs(z.imag) < _MAX_VALUE):  # NaN fails too
            return False
    return True


# ------------------------------------------------------------------------- renderings

_LATEX_WRAPPERS = (
    "{}",
    r"\boxed{{{}}}",
    "${}$",
    r"$\boxed{{{}}}$",
    r"\({}\)",
    r"\[{}\]",
    "$${}$$",
    r"$\displaystyle {}$",
)
_PLAIN_WRAPPERS = ("{}", r"\boxed{{{}}}")


def _cases(
    trees: Sequence[Node], notations: Sequence[str], algebra: bool, *, wrapped: bool = True
) -> SearchStrategy[tuple[Node, str]]:
    """(tree, text): one of ``trees`` rewritten (with ``algebra``), styled and wrapped (with ``wrapped``).

    The tree is the rewritten one the text spells, for the tests' oracle.
    Shrinks toward the first tree, unchanged, in canonical LaTeX, unwrapped.
    """

    def build(choice: tuple[int, int, _Plan, _Plan]) -> tuple[Node, str]:
        which, index, edits, plan = choice
        tree = rewrite(trees[which], edits) if algebra else trees[which]
        notation = notations[index % len(notations)]
        style = draw_style(plan, notation)
        wrapper = plan.pick(_LATEX_WRAPPERS if notation == "latex" else _PLAIN_WRAPPERS)
        if not wrapped:
            wrapper = "{}"
        if "\\" in wrapper:  # LaTeX around plain text: v_max would be v_m a x there
            style = replace(style, braces=True)
        return tree, wrapper.format(print_formula(tree, style))

    return st.tuples(st.integers(0, len(trees) - 1), st.integers(0, 255), _plans, _plans).map(build)


def _text(case: tuple[Node, str]) -> str:
    return case[1]


def expression_renderings(
    expr: Formula | str,
    *,
    notations: str | Collection[str] | None = None,
    algebra: bool = True,
    wrapped: bool = True,
) -> SearchStrategy[str]:
    """Strings that any correct verifier must accept as equal to ``expr``.

    Each string is the formula (with ``algebra``) rewritten by identities:
    sums and products reordered, products distributed over sums or sums
    factored (``(M + m) g``, ``M g + m g``), quotients reshaped
    (``\\frac{m v^{2}}{2}``, ``\\frac{1}{2} m v^{2}``, ``m v^{2} \\cdot 2^{-1}``),
    ``\\frac{1}{x^{2}}`` for ``x^{-2}``, ``-\\frac{a}{b}`` as ``\\frac{-a}{b}``,
    roots of positive products split (``\\sqrt{2}\\sqrt{L}\\sqrt{C}``),
    ``e^{a+b}`` as ``e^{a} e^{b}``; then spelled in one of ``notations``:

    - ``latex``: ``\\frac``, ``\\dfrac``, ``\\tfrac`` or ``/``; ``\\frac12``;
      implicit products, ``\\cdot`` or ``\\times``; ``\\sqrt{x}``, ``x^{1/2}``,
      ``x^{\\frac{1}{2}}`` or ``x^{0.5}``; ``\\sqrt[3]{x}``; ``e^{x}``,
      ``\\mathrm{e}^{x}`` or ``\\exp(x)``; ``\\sin(x)``, ``\\sin\\left(x\\right)``
      or ``\\sin x``; ``\\sin^{2} x``; ``\\tan^{-1}``; ``v_{0}`` or ``v_0``;
      ``v_{\\text{max}}``; ``\\theta`` or ``θ``; ``x^{\\prime}``; ``\\left( \\right)``;
      bare, ``\\boxed{}``, ``$...$``, ``\\(...\\)``, ``\\[...\\]``, ``\\displaystyle``;
    - ``plain``: ``v0^2/(2*mu*g)``, ``x**0.5``, ``sqrt(x)``, ``exp(-t/tau)``, ``2 x``, ``2x``;
    - ``unicode``: ``v₀²/(2·μ·g)``, ``√x``, ``ω′``, ``2×x``.

    Only spellings that careful readers agree on are used: a denominator is
    an atom or in brackets, never ``E/kT``; ``\\sin x`` only of one variable
    with nothing multiplied after it; no two letters touch in plain text;
    ``\\sqrt[3]{}`` only of a positive radicand; never ``\\log``.

    Shrinks toward ``expr.latex``: no rewrite, canonical LaTeX, no wrapper.

    Args:
        expr: A :class:`Formula`, or a reference text to read with
            :meth:`Formula.from_text`.
        notations: Names from :data:`NOTATIONS`; ``None`` for all.
        algebra: Whether to rewrite the formula too (``False``: typography only).
        wrapped: Whether some renderings come in ``\\boxed{}``, ``$...$``,
            ``\\(...\\)`` ... (``False`` to put them in text of your own).

    Raises:
        hypothesis.errors.InvalidArgument: For a non-formula (or a text
            :meth:`Formula.from_text` refuses), an unknown notation or a
            non-bool ``algebra`` or ``wrapped``.

    >>> from hypothesis import given
    >>> from unitreward.engine.expression import equivalent, parse_expression
    >>> @given(expressions().flatmap(lambda f: expression_renderings(f, notations="plain")
    ...     .map(lambda text: (f, text))))
    ... def test_plain(case):
    ...     f, text = case
    ...     assert "\\\\frac" not in text
    ...     assert equivalent(parse_expression(f.latex), parse_expression(text))
    >>> test_plain()
    """
    formula = _formula(expr)
    allowed = check_notations(notations)
    for name, flag in (("algebra", algebra), ("wrapped", wrapped)):
        if not isinstance(flag, bool):
            raise InvalidArgument(f"{name} must be a bool, got {flag!r}")

    return _cases((formula._tree,), allowed, algebra, wrapped=wrapped).map(_text)


# ----------------------------------------------------------------------- wrong forms


def wrong_expressions(
    expr: Formula | str,
    *,
    kinds: str | Collection[str] | None = None,
    rel_tol: float = 1e-2,
    notations: str | Collection[str] | None = None,
    wrapped: bool = True,
) -> SearchStrategy[str]:
    """Strings that any verifier with tolerance ``rel_tol`` must reject for ``expr``.

    Each is a wrong form of one of the kinds in :data:`WRONG_EXPRESSIONS`
    (doubled, halved, a sign flipped, two variables swapped, a power changed,
    a factor or term dropped, a fraction inverted, a function swapped, a
    variable replaced), rewritten and spelled as :func:`expression_renderings`
    does. Every one is checked against the formula's value: it differs by more
    than ``3 * rel_tol`` (relative) at half or more of twelve points in
    ``[0.5, 2.5]`` (and at least three), so a change that leaves the value as
    it was (swapping the variables of ``x + y``, dropping a term that cancels,
    halving a formula where a factor 2 hides) is never drawn.

    A formula with no wrong form of the requested kinds (``function`` for a
    formula without functions) gives an empty strategy: hypothesis rejects the
    example, as for :func:`~hypothesis.assume`.

    Shrinks toward the first kind that applies, in canonical LaTeX: ``2 x``
    for ``x``.

    Args:
        expr: A :class:`Formula`, or a reference text to read with
            :meth:`Formula.from_text`.
        kinds: Names from :data:`WRONG_EXPRESSIONS`; ``None`` for all.
        rel_tol: The verifier's relative tolerance, in ``[0, 0.25]``.
        notations: Names from :data:`NOTATIONS`; ``None`` for all.
        wrapped: As for :func:`expression_renderings`.

    Raises:
        hypothesis.errors.InvalidArgument: For a non-formula (or a text
            :meth:`Formula.from_text` refuses), an unknown kind or notation,
            a bad ``rel_tol`` or a non-bool ``wrapped``.

    >>> from hypothesis import given
    >>> from unitreward.engine.expression import equivalent, parse_expression
    >>> @given(expressions().flatmap(lambda f: wrong_expressions(f).map(lambda w: (f, w))))
    ... def test_rejected(case):
    ...     f, wrong = case
    ...     assert not equivalent(parse_expression(f.latex), parse_expression(wrong))
    >>> test_rejected()
    """
    formula = _formula(expr)
    chosen = names(kinds, "kinds", WRONG_KINDS)
    check_rel_tol(rel_tol)
    allowed = check_notations(notations)
    if not isinstance(wrapped, bool):
        raise InvalidArgument(f"wrapped must be a bool, got {wrapped!r}")
    forms = _wrong_trees(formula, chosen, rel_tol)
    if not forms:
        return st.nothing()

    return _cases(forms, allowed, True, wrapped=wrapped).map(_text)


def _wrong_trees(
    formula: Formula, kinds: Sequence[str], rel_tol: float, *, avoid: Sequence[Symbol] = ()
) -> list[Node]:
    """The trees of every wrong form of ``kinds`` that differs beyond ``3 * rel_tol``.

    A variable the formula does not use (for ``replaced``) is never one of ``avoid``.
    """
    tree = formula._tree
    used = {*tree_.variables(tree), *avoid}
    spare = [s for pool in POOLS.values() for s in pool if s not in used]
    return [node for _, node in wrong_forms(tree, kinds, max(3 * rel_tol, 1e-4), spare)]
