"""Constant mode of the expression grammar: the exact number that starts in prose.

The number grammar (:mod:`unitreward.engine.numbers`) calls :func:`read_constant`
where a plain decimal is not the whole number: ``\\frac{\\sqrt{3}}{2}``, ``2π``,
``10\\sqrt{3}``, ``e``, ``e^{-1}``, ``1-1/e``, ``\\ln 2``, ``\\log_{10} 5``,
``\\cos(40°)``, ``2 \\sqrt{2} \\sin \\frac{\\pi}{2 \\sqrt{2}}``. It is the same
grammar as expressions (:class:`~unitreward.engine.grammar.Parser`), with the rules
prose needs outside brackets, so a number does not swallow the text after it:

- a sum continues only with a term that is not a plain decimal: ``1-1/e`` and
  ``20 - 2π`` are one number, ``3 + 4 m`` is ``3`` then ``4 m``;
- implicit products take only ``π``, ``\\sqrt``, ``\\frac``, functions and ``e^``
  (``2π``, ``3\\ln 2``), after at most one space: ``2 eV`` is 2 electron-volts and
  ``2x`` is the number 2 before a word;
- at most one ``/`` divides (``3/4``), and ``e`` alone is Euler's number only
  where an operand is expected (``1/e``), never inside a word;
- a degree sign is left to the unit (``30°``), except inside trigonometric
  functions (``\\cos(40°)``).

Inside brackets the whole grammar applies, and a variable raises
:class:`~unitreward.engine.grammar.NotConstantError`.

>>> read_constant(r"2\\ln 2 kJ", 0)[1]
6
"""

from __future__ import annotations

from unitreward.engine.grammar import NotConstantError, Parser, constant_start
from unitreward.engine.tokens import CMD, FUNC, NAME, OP, Lexer
from unitreward.engine.trees import Node, add, div, is_plain, mul, neg

__all__ = ["MAX_CONSTANT_DEPTH", "MAX_CONSTANT_TOKENS", "NotConstantError", "read_constant"]

MAX_CONSTANT_TOKENS = 200
MAX_CONSTANT_DEPTH = 16


class ConstantParser(Parser):
    """The grammar's parser with the top-level rules of numbers in prose."""

    def __init__(self, lexer: Lexer, *, max_tokens: int, max_depth: int) -> None:
        super().__init__(lexer, constant=True, max_tokens=max_tokens, max_depth=max_depth)

    # -- constant mode, outside brackets
    def constant_top(self) -> Node | None:
        tok = self.tok
        negative = False
        if tok[0] == OP and tok[1] in "+-":
            if self.peek()[4] > 0:
                return None
            negative = tok[1] == "-"
            self.advance()
        first = self.constant_term(bare_e=True)
        if first is None:
            return None
        terms = [neg(first) if negative else first]
        while self.tok[0] == OP and self.tok[1] in "+-" and self.tok[4] <= 1:
            state = self.mark()
            minus = self.tok[1] == "-"
            self.advance()
            if self.tok[4] > 1:
                self.reset(state)
                break
            try:
                term = self.constant_term(bare_e=True)
            except NotConstantError:
                term = None
            if term is None or is_plain(term):
                self.reset(state)  # 3 + 4 m: the number is 3, not 7
                break
            terms.append(neg(term) if minus else term)
        return add(terms)

    def constant_term(self, *, bare_e: bool) -> Node | None:
        node = self.constant_product(bare_e=bare_e)
        if node is None:
            return None
        if self.tok[0] == OP and self.tok[1] == "/" and self.tok[4] <= 1:
            state = self.mark()
            self.advance()
            if self.tok[4] > 1:
                self.reset(state)
                return node
            try:
                bottom = self.constant_product(bare_e=True)
            except NotConstantError:
                bottom = None
            if bottom is None:
                self.reset(state)
            else:
                node = div(node, bottom)
        return node

    def constant_product(self, *, bare_e: bool) -> Node | None:
        if not constant_start(self, bare_e=bare_e):
            return None
        factors = [self.factor()]
        while self.tok[4] <= 1 and _implicit_constant(self):
            factors.append(self.factor())
        return mul(factors)


def _implicit_constant(p: Parser) -> bool:
    """Implicit products in prose: ``2π``, ``10\\sqrt{3}``, ``2\\ln 2``, ``3e^{-1}``."""
    tok = p.tok
    kind = tok[0]
    if kind == FUNC:
        return True
    if kind == CMD:
        return tok[1] in ("frac", "sqrt")
    if kind == NAME:
        return constant_start(p, bare_e=False)
    return False


def read_constant(text: str, pos: int) -> tuple[Node, int] | None:
    """Read the exact number form starting at ``text[pos]`` (constant mode).

    Outside brackets a sum continues only with a term that is not a plain
    decimal (``1-1/e`` and ``20 - 2π`` are one number, ``3 + 4 m`` is 3), at
    most one ``/`` divides, implicit products take only ``π``, ``\\sqrt``,
    ``\\frac``, functions and ``e^``, and a degree sign is left to the unit
    (except inside trigonometric functions: ``\\cos(40°)``). Inside brackets the
    whole grammar applies.

    Returns:
        ``(tree, end)`` or ``None`` when no number starts here.

    Raises:
        NotConstantError: A variable where a number was expected (``\\frac{m}{s}``).
        ParseError: Malformed or too long (over 200 tokens, nested over 16 deep).

    >>> read_constant("1-1/e s", 0)[1]
    5
    >>> read_constant("3 + 4 m", 0)[1]
    1
    """
    parser = ConstantParser(
        Lexer(text, pos, latex=True, grouped_numbers=True, lenient=True),
        max_tokens=MAX_CONSTANT_TOKENS,
        max_depth=MAX_CONSTANT_DEPTH,
    )
    if parser.tok[2] != pos:  # leading space: not a number here
        return None
    tree = parser.constant_top()
    if tree is None:
        return None
    return tree, parser.last_end
