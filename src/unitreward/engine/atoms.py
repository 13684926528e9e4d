"""Atoms: numbers, groups, ``|x|`` and the LaTeX commands ``\\frac``, ``\\sqrt``, ``\\binom``.

The tightest level of the grammar (the table is in :mod:`unitreward.engine.grammar`).
A Leibniz fraction (``\\frac{dx}{dt}``) is a derivative, read by
:func:`unitreward.engine.trees.derivative`; names, decorations and functions are read by
:class:`unitreward.engine.grammar.Parser`.

>>> from unitreward.engine.grammar import parse_tree
>>> parse_tree(r"\\sqrt[3]{|x|}")[0]
('root', ('fn', 'abs', ('sym', 'x')), ('num', 3.0, '3'))
"""

from __future__ import annotations

from unitreward.engine.operators import OperatorParser
from unitreward.engine.tokens import (
    BAR,
    CLOSE,
    CMD,
    END,
    FUNC,
    NAME,
    NUM,
    OPEN,
    SUB,
    WORD,
)
from unitreward.engine.trees import (
    MINUS_ONE,
    Node,
    add,
    derivative_operator,
    div,
    factorial,
    fn,
    mul,
    neg,
    num,
)

__all__ = ["AtomParser"]

_CLOSER = {"(": ")", "[": "]", "{": "}"}


class AtomParser(OperatorParser):
    """Atoms, brackets and LaTeX commands."""

    # -- read by the subclass
    def name(self) -> Node:
        """A name with its subscript and primes (or ``e``, ``\\pi``)."""
        raise NotImplementedError

    def function(self) -> Node:
        """A known function applied to its argument."""
        raise NotImplementedError

    def decorated(self) -> Node:
        """A decorated name (``\\dot{x}``) or a decoration of an expression."""
        raise NotImplementedError

    def after_symbol(self, name: str) -> Node:
        """A symbol, or a call when parentheses follow it."""
        raise NotImplementedError

    # -- atoms
    def atom(self) -> Node:
        self.enter()
        tok = self.tok
        kind = tok[0]
        if kind == NUM:
            self.advance()
            node = num(tok[1])
        elif kind in (NAME, WORD):
            node = self.name()
        elif kind == FUNC:
            node = self.function()
        elif kind == OPEN:
            node = self.group()
            if node[0] == "sym" and self.tok[0] == SUB:
                # (\partial U / \partial V)_T: a derivative at constant T
                node = ("sym", f"({node[1]})_{{{self.tok[1]}}}")
                self.advance()
        elif kind == BAR:
            node = self.absolute()
        elif kind == CMD:
            node = self.command()
        else:
            raise self.unexpected()
        self.depth -= 1
        return node

    def group(self) -> Node:
        opener = self.tok[1]
        self.advance()
        if self.tok[0] == CLOSE:
            raise self.error("empty brackets")
        saved = (self.abs_depth, self.top)
        self.abs_depth = 0
        self.top = False
        node = self.sum_()
        self.abs_depth, self.top = saved
        self.close(opener)
        return node

    def close(self, opener: str) -> None:
        tok = self.tok
        if tok[0] != CLOSE:
            raise self.unexpected() if tok[0] != END else self.error("unbalanced brackets")
        if tok[1] != _CLOSER[opener]:
            raise self.error(f"{opener!r} closed by {tok[1]!r}")
        self.advance()

    def absolute(self) -> Node:
        self.advance()
        saved_top = self.top
        self.top = False
        self.abs_depth += 1
        inner = self.sum_()
        self.abs_depth -= 1
        self.top = saved_top
        if self.tok[0] != BAR:
            raise self.error("unbalanced |")
        self.advance()
        return fn("abs", inner)

    def argument(self) -> Node:
        """One argument of ``\\frac``, ``\\sqrt``, ``\\binom``: a group or a single atom."""
        tok = self.tok
        saved_top = self.top
        self.top = False
        if tok[0] == OPEN:
            node = self.group()
        else:
            self.split_number()
            node = self.single_atom()
        self.top = saved_top
        return node

    def command(self) -> Node:
        tok = self.tok
        name = tok[1]
        if name == "frac":
            self.advance()
            top = self.argument()
            bottom = self.argument()
            operator = derivative_operator(top, bottom)
            if operator is not None:
                # \frac{d}{dt}\left[...\right]: the derivative of what follows, uninterpreted
                if not self.starts_factor():
                    raise self.error("a derivative of nothing")
                return ("ufunc", operator, (self.factor(),))
            named = self.derivative(top, bottom)
            if named is not None and named[0] == "sym":
                return self.after_symbol(named[1])  # dsigma/dOmega(theta = 0): its value there
            return named or div(top, bottom)
        if name == "sqrt":
            self.advance()
            index: Node | None = None
            if self.tok[0] == OPEN and self.tok[1] == "[":
                self.advance()
                saved_top = self.top
                self.top = False
                index = self.sum_()
                self.top = saved_top
                self.close("[")
            radicand = self.argument()
            return fn("sqrt", radicand) if index is None else ("root", radicand, index)
        if name == "binom":
            self.advance()
            n = self.argument()
            k = self.argument()
            return mul(
                [
                    factorial(n),
                    ("pow", factorial(k), MINUS_ONE),
                    ("pow", factorial(add([n, neg(k)])), MINUS_ONE),
                ]
            )
        if name.startswith("decor:"):
            return self.decorated()
        if name == "infty":
            raise self.error("infinity inside an expression")
        raise self.unexpected()  # pragma: no cover - the lexer emits no other commands
