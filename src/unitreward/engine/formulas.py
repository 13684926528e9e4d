"""Expressions and equations as read: :class:`Expression`, :class:`Equation`, the parsers.

The grammar is :mod:`unitreward.engine.grammar` (its docstring lists every reading
choice); a parsed formula keeps its tree, its variables and a compiled program
(:mod:`unitreward.engine.evaluation`) that the comparisons evaluate. An equation also
keeps its denominators' programs, where its ``f = lhs - rhs`` has poles (see
:func:`unitreward.engine.equations.equations_equivalent`).
:mod:`unitreward.engine.expression` is the public face of these.

>>> e = parse_equation(r"x = \\frac{v_0 \\sin(\\omega t)}{\\omega}")
>>> e.label, sorted(e.rhs.variables)
('x', ['omega', 't', 'v_0'])
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import ParseError
from unitreward.engine.evaluation import Program, compile_tree, is_finite, run, tree_to_sympy
from unitreward.engine.grammar import parse_tree
from unitreward.engine.trees import Node, add, mul, neg, num, tree_size, variables_of

__all__ = ["MAX_NODES", "MAX_POLES", "Equation", "Expression", "parse_equation", "parse_expression"]

#: Expressions of more nodes than this are refused.
MAX_NODES = 4000


@dataclass(frozen=True, eq=False)
class Expression:
    """A parsed expression: immutable, picklable, safe to share between threads.

    Build one with :func:`parse_expression`.

    Attributes:
        text: The text it was read from.
        variables: The canonical names of its variables (``v_0`` for ``v_{0}``,
            ``v0`` and ``v_0``; ``theta`` for ``\\theta``, ``θ`` and ``theta``).
        size: Its number of tree nodes.

    >>> x = parse_expression(r"\\frac{q_0}{\\sqrt{2LC}}")
    >>> sorted(x.variables), x.size
    (['C', 'L', 'q_0'], 9)
    >>> round(x.evaluate({"q_0": 2, "L": 0.5, "C": 1}).real, 12)
    2.0
    """

    text: str
    variables: frozenset[str]
    size: int
    _tree: Node = field(repr=False)
    _names: tuple[str, ...] = field(repr=False)
    _program: Program = field(repr=False)

    @property
    def is_constant(self) -> bool:
        """Whether it has no variables.

        >>> parse_expression(r"\\sqrt{2}/2").is_constant, parse_expression("2x").is_constant
        (True, False)
        """
        return not self.variables

    @property
    def uses_functions(self) -> bool:
        """Whether it applies a function we do not know (``\\psi_1(1)``, ``S(T, L)``): a
        constant of those is a value of an unknown function, not a number.

        >>> parse_expression(r"\\psi_1(1) \\psi_1(2)").uses_functions, parse_expression("2x").uses_functions
        (True, False)
        """
        stack = [self._tree]
        while stack:
            node = stack.pop()
            kind = node[0]
            if kind == "ufunc":
                return True
            if kind in ("add", "mul"):
                stack.extend(node[1])
            elif kind in ("pow", "root"):
                stack.extend((node[1], node[2]))
            elif kind == "fn":
                stack.append(node[2])
        return False

    @property
    def value(self) -> float | None:
        """The real value of a constant (``None`` for a non-constant, non-real or undefined one).

        >>> parse_expression(r"-\\left(\\frac12 \\log_2 \\frac12 + \\frac12 \\log_2 \\frac12\\right)").value
        1.0
        >>> parse_expression("x").value is None, parse_expression(r"\\sqrt{-1}").value is None
        (True, True)
        """
        if self.variables:
            return None
        z = run(self._program, [], 1)[0]
        if math.isinf(z.real) and z.imag == 0:
            return z.real
        if not is_finite(z) or abs(z.imag) > 1e-12 * max(1.0, abs(z.real)):
            return None
        return z.real

    def evaluate(self, point: Mapping[str, complex]) -> complex:
        """Its value at a point (NaN where undefined).

        Raises:
            ValueError: ``point`` lacks one of the variables.

        >>> parse_expression(r"\\sqrt{c - v}").evaluate({"c": 1, "v": 5})
        2j
        """
        try:
            columns = [[complex(point[name])] for name in self._names]
        except KeyError as exc:
            raise ValueError(f"no value for the variable {exc.args[0]!r}") from None
        return run(self._program, columns, 1)[0]

    def to_sympy(self) -> Any:
        """Its exact sympy form (decimals as rationals; imports sympy on first use).

        Raises:
            ParseError: More than 600 nodes (sympy gets slow on big trees).

        >>> parse_expression(r"\\frac{m v^2}{2}").to_sympy()
        m*v**2/2
        """
        return tree_to_sympy(self._tree)

    def renamed(self, names: Mapping[str, str]) -> Expression:
        """The same expression with variables renamed (all at once, so swaps work).

        >>> e = parse_expression("a - 2b").renamed({"a": "b", "b": "a"})
        >>> e.evaluate({"a": 1, "b": 10})
        (8+0j)
        """
        tree = _rename(self._tree, names)
        return _expression(self.text, tree)

    def scaled(self, factor: float) -> Expression:
        """The expression times a finite number (a unit conversion factor).

        >>> parse_expression("2 x").scaled(1000.0).evaluate({"x": 1})
        (2000+0j)
        """
        if factor == 1.0:
            return self
        if not math.isfinite(factor):
            raise ParseError(f"cannot scale {self.text[:80]!r} by {factor!r}")
        return _expression(f"({self.text}) * {factor!r}", mul([self._tree, num(repr(factor))]))

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and self._tree == other._tree

    def __hash__(self) -> int:
        return hash(self._tree)


@dataclass(frozen=True, eq=False)
class Equation:
    """A parsed equation ``lhs = rhs`` (``\\approx``, ``\\simeq`` and ``≈`` count as ``=``).

    Build one with :func:`parse_equation`.

    Attributes:
        text: The text it was read from.
        lhs: The left side.
        rhs: The right side.
        label: The canonical name of the left side when it is one variable
            (``t``, ``a_n``, ``omega'``, ``I_{max}``) or a labelled function head
            (``I_L`` for ``I_L(t) = ...``, ``S`` for ``S(T, L) = ...``); else ``None``.

    >>> eq = parse_equation(r"t = \\frac{2 v_0 \\sin\\theta}{g}")
    >>> eq.label, sorted(eq.rhs.variables)
    ('t', ['g', 'theta', 'v_0'])
    """

    text: str
    lhs: Expression
    rhs: Expression
    label: str | None
    _names: tuple[str, ...] = field(repr=False)
    _program: Program = field(repr=False)
    _poles: tuple[Program, ...] = field(repr=False, default=())

    @property
    def variables(self) -> frozenset[str]:
        """The variables of both sides.

        >>> sorted(parse_equation("v = a t").variables)
        ['a', 't', 'v']
        """
        return self.lhs.variables | self.rhs.variables

    def renamed(self, names: Mapping[str, str]) -> Equation:
        """The same equation with variables renamed (all at once, so swaps work).

        >>> parse_equation("v = a t").renamed({"v": "u"}).text
        'v = a t'
        >>> sorted(parse_equation("v = a t").renamed({"v": "u"}).variables)
        ['a', 't', 'u']
        """
        label = names.get(self.label, self.label) if self.label is not None else None
        return _equation(self.text, self.lhs.renamed(names), self.rhs.renamed(names), label)

    def __repr__(self) -> str:
        return f"Equation({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Equation)
            and self.lhs == other.lhs
            and self.rhs == other.rhs
            and self.label == other.label
        )

    def __hash__(self) -> int:
        return hash((self.lhs, self.rhs, self.label))


def _rename(tree: Node, names: Mapping[str, str]) -> Node:
    kind = tree[0]
    if kind == "sym":
        return ("sym", names.get(tree[1], tree[1]))
    if kind in ("add", "mul"):
        return (kind, tuple(_rename(c, names) for c in tree[1]))
    if kind in ("pow", "root"):
        return (kind, _rename(tree[1], names), _rename(tree[2], names))
    if kind == "fn":
        return ("fn", tree[1], _rename(tree[2], names))
    if kind == "ufunc":
        return ("ufunc", tree[1], tuple(_rename(c, names) for c in tree[2]))
    return tree


def _expression(text: str, tree: Node) -> Expression:
    size = tree_size(tree)
    if size > MAX_NODES:
        raise ParseError(f"expression too large ({size} nodes) in {text[:80]!r}")
    variables = variables_of(tree)
    names = tuple(sorted(variables))
    program = compile_tree(tree, {n: i for i, n in enumerate(names)})
    return Expression(text, variables, size, tree, names, program)


@lru_cache(maxsize=4096)
def parse_expression(text: str) -> Expression:
    """Read an expression (LaTeX or plain text).

    Surrounding ``$...$``, ``\\(...\\)``, ``\\[...\\]``, ``\\boxed{}``,
    ``\\displaystyle``, ``\\left``/``\\right`` and LaTeX spacing are fine.

    Raises:
        ParseError: Not an expression we read: a relation (use
            :func:`parse_equation`), an integral, sum, limit, derivative, ``\\pm``,
            a matrix, prose, unbalanced brackets, or over 5,000 characters,
            2,500 tokens or about 20 levels of brackets. The message names the input.

    >>> parse_expression(r"$\\frac{(n-1)!}{k!} \\frac{n}{(n-k)!}$").variables == {"n", "k"}
    True
    >>> parse_expression("t = 2")
    Traceback (most recent call last):
    ...
    unitreward.engine.errors.ParseError: a relation ('=') in 't = 2': use parse_equation
    """
    parsed = parse_tree(text)
    if parsed.relation is not None:
        raise ParseError(f"a relation ({parsed.relation!r}) in {text[:200]!r}: use parse_equation")
    return _expression(text, parsed.lhs)


@lru_cache(maxsize=4096)
def parse_equation(text: str) -> Equation:
    """Read an equation: exactly one top-level ``=`` (or ``\\approx``, ``\\simeq``, ``≈``).

    Raises:
        ParseError: No relation, an inequality, a chain (``a = b = c``), or
            anything :func:`parse_expression` refuses.

    >>> parse_equation(r"I_L(t) = 0.05(1 - e^{-10^7 t})").label
    'I_L'
    >>> parse_equation("x^2 + y^2 = 1").label is None
    True
    """
    parsed = parse_tree(text)
    if parsed.relation is None:
        raise ParseError(f"no '=' in {text[:200]!r}")
    if parsed.relation != "=":
        raise ParseError(f"a relation other than '=' ({parsed.relation!r}) in {text[:200]!r}")
    assert parsed.rhs is not None
    return _equation(
        text,
        _expression(parsed.lhs_text, parsed.lhs),
        _expression(parsed.rhs_text, parsed.rhs),
        parsed.label,
    )


def _equation(text: str, lhs: Expression, rhs: Expression, label: str | None) -> Equation:
    names = tuple(sorted(lhs.variables | rhs.variables))
    f = add([lhs._tree, neg(rhs._tree)])
    index = {n: i for i, n in enumerate(names)}
    program = compile_tree(f, index)
    poles = tuple(compile_tree(d, index) for d in _denominators(f))
    return Equation(text, lhs, rhs, label, names, program, poles)


#: A function's poles are the zeros of another one: tan x = sin x / cos x.
_POLE_OF = {
    "tan": "cos", "sec": "cos", "cot": "sin", "csc": "sin",
    "tanh": "cosh", "sech": "cosh", "coth": "sinh", "csch": "sinh",
}  # fmt: skip
#: At most this many denominators of an equation are watched for spurious roots.
MAX_POLES = 16


def _denominators(tree: Node) -> list[Node]:
    """The sub-expressions whose zeros are poles of ``tree``, at most :data:`MAX_POLES`:
    the bases of negative constant powers (``\\frac{a}{b}`` is ``a b^{-1}``) and the
    ``\\cos`` under ``\\tan`` or ``\\sec`` (likewise ``\\sin``, ``\\cosh``, ``\\sinh``)."""
    out: list[Node] = []
    stack = [tree]
    while stack and len(out) < MAX_POLES:
        node = stack.pop()
        kind = node[0]
        if kind in ("add", "mul"):
            stack.extend(node[1])
        elif kind == "ufunc":
            stack.extend(node[2])
        elif kind == "root":
            stack.extend((node[1], node[2]))
        elif kind == "fn":
            stack.append(node[2])
            if node[1] in _POLE_OF:
                out.append(("fn", _POLE_OF[node[1]], node[2]))
        elif kind == "pow":
            stack.extend((node[1], node[2]))
            exponent = node[2]
            if not variables_of(exponent):
                value = run(compile_tree(exponent, {}), [], 1)[0]
                if is_finite(value) and value.real < 0:
                    out.append(node[1])
    return out
