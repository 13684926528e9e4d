"""Operator precedence: sums, products, implicit products, powers and postfix operators.

The loosest levels of the grammar (the table is in :mod:`unitreward.engine.grammar`):
``a + b``, ``a \\cdot b``, ``a / b``, the implicit product ``2 x y`` (tighter than ``*``
and ``/``), the unary minus, powers (right-associative in plain text) and ``n!``,
``30°``, ``5%``. Atoms are read by the subclasses (:mod:`unitreward.engine.atoms`).

>>> from unitreward.engine.grammar import parse_tree
>>> parse_tree("E/kT")[0]
('mul', (('sym', 'E'), ('pow', ('mul', (('sym', 'k'), ('sym', 'T'))), ('num', -1.0, '-1'))))
"""

from __future__ import annotations

from unitreward.engine.cursor import TokenCursor
from unitreward.engine.errors import ParseError
from unitreward.engine.tokens import (
    BAR,
    CLOSE,
    CMD,
    DEG,
    END,
    FUNC,
    NAME,
    NUM,
    OP,
    OPEN,
    PRIME,
    SUB,
    WORD,
)
from unitreward.engine.trees import (
    MINUS_ONE,
    PI,
    Node,
    add,
    derivative,
    div,
    factorial,
    mul,
    neg,
    num,
    split_suffix,
)

__all__ = ["OperatorParser"]


class OperatorParser(TokenCursor):
    """The descent from a sum down to a power and its postfix operators."""

    # -- read by the subclasses
    def atom(self) -> Node:
        """A number, a name, a function, a group, ``|x|`` or a LaTeX command."""
        raise NotImplementedError

    def group(self) -> Node:
        """A bracketed sum."""
        raise NotImplementedError

    def name_suffix(self) -> tuple[str, str]:
        """A name's subscript and primes."""
        raise NotImplementedError

    # -- sums and products
    def sum_(self) -> Node:
        self.enter()
        tok = self.tok
        negative = False
        if tok[0] == OP and tok[1] in "+-":
            negative = tok[1] == "-"
            self.advance()
        first = self.product()
        terms = [neg(first) if negative else first]
        while self.tok[0] == OP and self.tok[1] in "+-":
            minus = self.tok[1] == "-"
            self.advance()
            if self.remainder():
                continue
            term = self.product()
            terms.append(neg(term) if minus else term)
        self.depth -= 1
        return add(terms)

    def remainder(self) -> bool:
        """Skip a series' remainder ``+ \\mathcal{O}(v^6/c^6)`` (a sum's term): the series
        is compared as the terms it writes out."""
        if self.tok[0] != CMD or self.tok[1] != "decor:cal" or self.constant:
            return False
        state = self.mark()
        self.advance()
        shape = []
        for _ in range(3):
            shape.append(self.tok[1])
            self.advance()
        if shape != ["{", "O", "}"] or self.tok[0] != OPEN or self.tok[1] not in "([":
            self.reset(state)
            return False
        depth = 0
        while self.tok[0] != END:
            if self.tok[0] == OPEN:
                depth += 1
            elif self.tok[0] == CLOSE:
                depth -= 1
                if depth == 0:
                    self.advance()
                    return True
            self.advance()
        self.reset(state)
        return False

    def product(self) -> Node:
        node = self.implicit()
        while self.tok[0] == OP and self.tok[1] in "*/":
            dividing = self.tok[1] == "/"
            self.advance()
            negative = False
            while self.tok[0] == OP and self.tok[1] in "+-":  # a \cdot -b
                negative ^= self.tok[1] == "-"
                self.advance()
            if dividing and node[0] == "num" and self.tok[0] == NUM:
                after = self.peek()
                if after[4] > 0 and after[0] in (NAME, WORD, FUNC, CMD, OPEN):
                    # 1/2 m v^2: a literal fraction, then the product it multiplies
                    node = div(node, num(self.tok[1]))
                    self.advance()
                    node = mul([node, self.implicit()])
                    if negative:
                        node = neg(node)
                    continue
            rhs = self.implicit()
            if negative:
                rhs = neg(rhs)
            node = self.derivative(node, rhs) or div(node, rhs) if dividing else mul([node, rhs])
        return node

    def derivative(self, top: Node, bottom: Node) -> Node | None:
        try:
            return derivative(top, bottom)
        except ParseError as exc:
            raise self.error(str(exc)) from None

    def starts_factor(self) -> bool:
        kind = self.tok[0]
        if kind in (NUM, NAME, WORD, FUNC, OPEN, CMD):
            return True
        return kind == BAR and self.abs_depth == 0

    def implicit(self) -> Node:
        factors = [self.factor()]
        while self.starts_factor():
            if self.tok[0] == NUM and factors[-1][0] == "num":
                raise self.error("two numbers in a row")
            factors.append(self.factor())
        return mul(factors)

    def factor(self) -> Node:
        base = self.postfix()
        if self.tok[0] == OP and self.tok[1] == "^":
            self.advance()
            exponent = self.exponent()
            tok = self.tok
            if base[0] == "sym" and (tok[0] == SUB or (tok[0] == PRIME and tok[4] == 0)):
                # E^{(1)}_0: the subscript is the base's, written after the power
                sub, primes = self.name_suffix()
                stripped = base[1].rstrip("'*")
                old_primes = base[1][len(stripped) :]
                core, suffix = split_suffix(stripped)
                if sub and suffix:
                    raise self.error("a double subscript")
                if sub and not suffix:
                    suffix = f"_{sub}" if len(sub) == 1 else f"_{{{sub}}}"
                base = ("sym", core + suffix + old_primes + primes)
            base = ("pow", base, exponent)
            base = self.postfix_ops(base)
        return base

    def exponent(self) -> Node:
        tok = self.tok
        if tok[0] == OPEN and tok[1] == "{":
            return self.group()
        if tok[0] == OP and tok[1] in "+-":
            self.advance()
            inner = self.exponent()
            return neg(inner) if tok[1] == "-" else inner
        self.split_number()
        if not self.latex:
            return self.factor()  # plain text: x^y^z is x^(y^z)
        return self.single_atom()

    def single_atom(self) -> Node:
        """One token's atom, as LaTeX reads ``x^m (a+b)`` and ``\\frac a b``: no call."""
        saved = self.no_call
        self.no_call = True
        try:
            return self.atom()
        finally:
            self.no_call = saved

    def postfix(self) -> Node:
        return self.postfix_ops(self.atom())

    def postfix_ops(self, node: Node) -> Node:
        while True:
            tok = self.tok
            if tok[0] == OP and tok[1] == "!" and tok[4] == 0:
                self.advance()
                node = factorial(node)
            elif tok[0] == DEG and (not self.constant or self.trig > 0):
                self.advance()
                node = mul([node, PI, ("pow", num("180"), MINUS_ONE)])
            elif tok[0] == OP and tok[1] == "%" and not self.constant:
                self.advance()
                node = mul([node, num("0.01")])
            elif (
                tok[0] == BAR and node[0] == "sym" and self.abs_depth == 0 and self.peek()[0] == SUB
            ):
                # \left. \frac{di}{dt} \right|_{t=0}: the derivative at a point, one name
                self.advance()
                node = ("sym", f"{node[1]}|_{{{self.tok[1]}}}")
                self.advance()
            else:
                return node
