"""The one expression grammar: tokens -> a small tree, in two modes.

*Expression mode* (:func:`parse_tree`) reads whole expressions and equations,
LaTeX or plain: ``\\frac{q_0}{\\sqrt{2LC}}``, ``v0^2/(2μg)``,
``t = \\frac{2 v_0 \\sin\\theta}{g}``. *Constant mode*
(:func:`~unitreward.engine.constants.read_constant`)
reads the exact number form that starts at a position of prose, for the number
grammar (:mod:`unitreward.engine.numbers`): ``\\frac{\\sqrt{3}}{2}``, ``2π``,
``\\ln 2``, ``1-1/e``, ``\\cos(40°)``; it stops where the number ends.

Precedence, loosest first::

    relation   =  \\approx \\simeq ≈ < > \\le ...   (one, at the top; equations only)
    sum        a + b - c
    product    a \\cdot b, a \\times b, a * b, a / b, a \\div b
    implicit   2 x y, m(v_1 - v_2), 2\\sqrt{2}\\sin x     (binds tighter than * and /)
    unary      -x^2 is -(x^2)
    power      x^{2}, x^2, x**2, e^{-t}; right-associative in plain text
    postfix    n!, 30°, 5%
    atom       number, name (with _subscript and primes), function application,
               ( ) [ ] { } groups, |x|, \\frac, \\sqrt[n]{}, \\binom, \\dot{x} ...

Choices a reader should know (each mirrors common physics writing; sympy's
``parse_latex`` and math-verify's ``latex2sympy2_extended`` make the same first two):

- Implicit products bind tighter than ``/``: ``E/kT`` is ``E/(kT)``. Except a
  literal fraction of two numbers followed by a space: ``1/2 m v^2`` is ``(1/2) m v^2``.
- A function without parentheses takes the implicit product that follows, up to
  the next function or bracket: ``\\sin 2x`` is ``sin(2x)``, ``\\sin x \\cos y`` is
  ``sin(x) cos(y)``, ``\\sin\\theta (1+x)`` is ``sin(θ)(1+x)``. ``\\sin^2 x`` is
  ``sin(x)^2``; ``\\sin^{-1} x`` is ``arcsin x``. ``\\log`` is natural (as in sympy).
- A name followed by parentheses is a product (``m(v_1 - v_2)``), the physics
  convention. A comma inside makes it a function call (``S(T, L)``, ``\\psi(1, 2)``):
  an *uninterpreted function*, evaluated as a fixed smooth function of its
  arguments seeded by its name. On the left of an equation, ``I_L(t) = ...`` and
  ``\\Phi(x) = ...`` (arguments that are names or numbers) are labels: the call
  is uninterpreted there too.
- A name followed by parentheses holding one number is a function's value
  (``f(0)``, ``i_2(0)``): nobody writes the product ``2m`` as ``m(2)``.
- ``e`` is Euler's number and ``\\pi``/``π``/``pi`` is π, everywhere; ``i`` is a
  plain variable (so both sides read ``e`` and ``i`` alike; a reference whose
  ``e`` is a charge still compares consistently).
- A Leibniz derivative of one variable is itself a variable: ``\\frac{dx}{dt}``
  and ``dx/dt`` are ``dot{x}`` (Newton's dot, as ``\\dot{x}`` is), ``d^2x/dt^2``
  is ``ddot{x}``, ``\\frac{\\partial f}{\\partial x}`` is ``partial(f)/partial(x)``
  (``(...)_T`` and ``|_{t=0}`` after it are part of the name). A derivative of an
  expression (``\\frac{d}{dt}[...]``, ``\\frac{d \\ln p}{dT}``), like a decoration
  of one (``\\overline{E^2}``), is an uninterpreted function of it.
- A ket ``|1, 1\\rangle``, a bracket ``\\langle E \\rangle`` or ``\\langle a|b\\rangle`` is
  one opaque name (linear combinations of kets compare as sums of symbols).
- A trailing unit (``\\,\\text{A}``, ``\\mathrm{rad/s}``) is dropped: expressions
  compare as magnitudes, whether the answer writes the unit or not.
- Refused: integrals, sums, limits, ``\\nabla``, ``\\pm``, matrices, lists,
  chains of relations, prose, and ``\\infty`` except as a whole side.

Work is bounded by the input: at most :data:`MAX_TEXT_CHARS` characters and
:data:`MAX_TOKENS` tokens, and at most :data:`MAX_DEPTH` levels of the descent
(two per bracket, so about 20 brackets deep; far below Python's recursion
limit), so hostile input is refused with :class:`ParseError` in microseconds.
Trees are walked without recursion everywhere else.

The parser is layered along these levels: :mod:`unitreward.engine.cursor` (tokens,
lookahead, budgets), :mod:`unitreward.engine.operators` (sums down to powers),
:mod:`unitreward.engine.atoms` (atoms, groups, LaTeX commands) and :class:`Parser` here
(names, decorations, calls, functions), then the entry points.

>>> parse_tree(r"\\frac{1}{2} m v^2")[0]
('mul', (('num', 1.0, '1'), ('pow', ('num', 2.0, '2'), ('num', -1.0, '-1')), ('sym', 'm'), ('pow', ('sym', 'v'), ('num', 2.0, '2'))))
"""

from __future__ import annotations

import re
from typing import NamedTuple

from unitreward.engine.atoms import AtomParser
from unitreward.engine.cursor import NotConstantError
from unitreward.engine.errors import ParseError
from unitreward.engine.tokens import (
    CLOSE,
    CMD,
    COMMA,
    END,
    FUNC,
    NAME,
    NUM,
    OP,
    OPEN,
    PRIME,
    REL,
    SUB,
    WORD,
    Lexer,
)
from unitreward.engine.trees import (
    MINUS_ONE,
    PI,
    E,
    Node,
    div,
    fn,
    mentions,
    mul,
    num,
    symbol_name,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_TEXT_CHARS",
    "MAX_TOKENS",
    "Node",
    "NotConstantError",
    "ParsedRelation",
    "Parser",
    "constant_start",
    "parse_tree",
    "strip_delimiters",
    "strip_unit",
]

MAX_TEXT_CHARS = 5000
MAX_TOKENS = 2500
MAX_DEPTH = 40

_TRIG = frozenset(["sin", "cos", "tan", "cot", "sec", "csc"])
_INVERTIBLE = frozenset(
    ["sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "sech", "csch"]
)


class _NotAName(ParseError):
    """A decoration (``\\bar``, ``\\vec``) of something other than one name."""


# ----------------------------------------------------------------------------- parser


class Parser(AtomParser):
    """Recursive descent over a :class:`Lexer`, with a depth counter and token budget.

    The levels are layered: :class:`~unitreward.engine.cursor.TokenCursor` (tokens,
    budgets), :class:`~unitreward.engine.operators.OperatorParser` (precedence),
    :class:`~unitreward.engine.atoms.AtomParser` (atoms, LaTeX commands) and this class
    (names, decorations, calls and functions).

    >>> p = Parser(Lexer("2 v_0 t"), constant=False, max_tokens=100, max_depth=10)
    >>> p.sum_()
    ('mul', (('num', 2.0, '2'), ('sym', 'v_0'), ('sym', 't')))
    """

    # -- names
    def name_suffix(self) -> tuple[str, str]:
        sub = ""
        primes = ""
        while True:
            tok = self.tok
            if tok[0] == SUB:
                if sub:
                    raise self.error("a double subscript")
                sub = tok[1]
                self.advance()
            elif tok[0] == PRIME and tok[4] == 0:
                primes += tok[1]
                self.advance()
            else:
                return sub, primes

    def name(self) -> Node:
        tok = self.tok
        self.advance()
        sub, primes = self.name_suffix()
        base = tok[1]
        if not sub and not primes and tok[0] == NAME:
            if base == "pi":
                return PI
            if base == "e":
                return E
        return self.after_symbol(symbol_name(base, (), sub, primes))

    def decorated(self) -> Node:
        state = self.mark()
        try:
            return self.decorated_name()
        except _NotAName:
            self.reset(state)
        # \overline{E^2}, \widetilde{\Delta E}: a function of what it decorates
        decoration = self.tok[1][6:]
        self.advance()
        if self.constant:
            raise NotConstantError(f"a decorated expression in {self.text[:200]!r}")
        return ("ufunc", "@" + decoration, (self.argument(),))

    def decorated_name(self) -> Node:
        decorations: list[str] = []
        inner_sub = ""
        inner_primes = ""
        base = ""
        closers = 0
        while True:
            tok = self.tok
            if tok[0] == CMD and tok[1].startswith("decor:"):
                decorations.append(tok[1][6:])
                self.advance()
                if self.tok[0] == OPEN and self.tok[1] == "{":
                    self.advance()
                    closers += 1
                continue
            if tok[0] in (NAME, WORD):
                base = tok[1]
                self.advance()
                inner_sub, inner_primes = self.name_suffix()
                break
            raise _NotAName(self.text)
        for _ in range(closers):
            if self.tok[0] != CLOSE or self.tok[1] != "}":
                raise _NotAName(self.text)
            self.advance()
        sub, primes = self.name_suffix()
        if sub and inner_sub:
            raise self.error("a double subscript")
        return self.after_symbol(
            symbol_name(base, tuple(decorations), sub or inner_sub, inner_primes + primes)
        )

    def after_symbol(self, name: str) -> Node:
        if self.constant:
            raise NotConstantError(f"a variable ({name}) in {self.text[:200]!r}")
        sym: Node = ("sym", name)
        tok = self.tok
        if tok[0] != OPEN or tok[1] != "(" or tok[4] > 0 or self.no_call:
            return sym
        args = self.call_arguments()
        if len(args) > 1 or args[0][0] == "num":
            # S(T, L), f(0): a function's value (a product is never written m(2))
            return ("ufunc", name, args)
        node = mul([sym, args[0]])
        self.head_calls[id(node)] = (node, name, args)
        return node

    def call_arguments(self) -> tuple[Node, ...]:
        self.advance()
        saved = self.abs_depth
        self.abs_depth = 0
        args = [self.call_argument()]
        while self.tok[0] == COMMA:
            self.advance()
            args.append(self.call_argument())
        self.abs_depth = saved
        self.close("(")
        return tuple(args)

    def call_argument(self) -> Node:
        node = self.sum_()
        if self.tok[0] == REL and self.tok[1] == "=" and node[0] == "sym":
            self.advance()  # sigma(r = b): the value b
            node = self.sum_()
        return node

    def function(self) -> Node:
        name = self.tok[1]
        self.advance()
        base: Node | None = None
        power: Node | None = None
        for _ in range(2):  # \log_{2}^{2} x or \log^{2}_{2} x
            tok = self.tok
            if tok[0] == SUB and base is None:
                if name not in ("log", "ln"):
                    raise self.error(f"a subscript on \\{name}")
                base = E if tok[1] == "e" else _subscript_number(tok[1], self)
                self.advance()
            elif tok[0] == OP and tok[1] == "^" and power is None:
                self.advance()
                power = self.exponent()
        is_trig = name in _TRIG
        if is_trig:
            self.trig += 1
        tok = self.tok
        arg = self.group() if tok[0] == OPEN else self.bare_argument()
        if is_trig:
            self.trig -= 1
        if power is not None and power == MINUS_ONE and name in _INVERTIBLE:
            name = "a" + name
            power = None
        if name == "log10":
            name, base = "log", num("10")
        if name == "log":
            name = "ln"
        node = fn(name, arg)
        if base is not None:
            node = div(node, fn("ln", base))
        if power is not None:
            node = ("pow", node, power)
        return node

    def bare_argument(self) -> Node:
        """A function's argument without brackets: the implicit product that follows."""
        factors: list[Node] = []
        while True:
            tok = self.tok
            kind = tok[0]
            if factors and (kind == FUNC or (kind == OPEN and tok[1] == "(")):
                break
            if self.constant and self.top:
                if not constant_start(self, bare_e=True):
                    break
            elif not self.starts_factor():
                break
            if kind == NUM and factors and factors[-1][0] == "num":
                raise self.error("two numbers in a row")
            factors.append(self.factor())
            if kind == FUNC:
                break
        if not factors:
            if self.constant:
                raise NotConstantError(f"a function of no number in {self.text[:200]!r}")
            raise self.error("a function without an argument")
        return mul(factors)


def constant_start(p: Parser, *, bare_e: bool) -> bool:
    """Whether a constant factor starts at the current token (constant mode, top level)."""
    tok = p.tok
    kind = tok[0]
    if kind in (NUM, FUNC):
        return True
    if kind == NAME:
        if tok[1] == "pi":
            return True
        if tok[1] == "e":
            nxt = p.peek()
            if nxt[0] in (SUB, PRIME):
                return False
            return bare_e or (nxt[0] == OP and nxt[1] == "^" and nxt[4] == 0)
        return False
    if kind == CMD:
        return tok[1] in ("frac", "sqrt")
    return kind == OPEN and tok[1] == "{"


def _subscript_number(text: str, p: Parser) -> Node:
    try:
        return num(text)
    except ValueError:
        raise p.error(f"a logarithm base {text!r}") from None


# ------------------------------------------------------------------------- entry points

_WRAPPERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))
_BOXES = ("\\boxed{", "\\fbox{")


def _boxed_whole(text: str, box: str) -> bool:
    """Whether ``text`` is one ``\\boxed{...}``: the box's brace closes at the very end."""
    if not (text.startswith(box) and text.endswith("}")):
        return False
    depth = 0
    i = len(box) - 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0:
            return i == len(text) - 1
        i += 1
    return False


def strip_delimiters(text: str) -> str:
    """The text inside math delimiters (``$...$``, ``$$...$$``, ``\\[...\\]``, ``\\(...\\)``), trimmed.

    A ``\\boxed{...}`` (or ``\\fbox{...}``) around the whole text goes too, so a
    boxed equation reads as an equation, and a trailing ``.``, ``,`` or ``;``.

    >>> strip_delimiters(r"$$ x^2. $$"), strip_delimiters(r"$\\boxed{t = 2}$")
    ('x^2', 't = 2')
    >>> strip_delimiters(r"\\boxed{x} + \\boxed{y}")
    '\\\\boxed{x} + \\\\boxed{y}'
    """
    text = text.strip()
    for _ in range(3):
        before = text
        for left, right in _WRAPPERS:
            if (
                len(text) >= len(left) + len(right)
                and text.startswith(left)
                and text.endswith(right)
            ):
                text = text[len(left) : len(text) - len(right)].strip()
        for box in _BOXES:
            if _boxed_whole(text, box):
                text = text[len(box) : -1].strip()
        while text and text[-1] in ".,;" and text[-2:-1] != "\\":
            text = text[:-1].rstrip()
        if text == before:
            break
    return text


class ParsedRelation(NamedTuple):
    """What :func:`parse_tree` read: one expression, or two sides of a relation.

    Attributes:
        lhs: The expression (or the left side of the relation).
        relation: ``None`` for an expression, else the relation (``"="``, ``"<"``, ...).
        rhs: The right side, or ``None``.
        label: For an equation whose left side is one variable or a labelled
            function head (``I_L(t)``), its canonical name.
        body: The text read: without math delimiters and a trailing unit.
        lhs_text: The left side's text (the body, for an expression).
        rhs_text: The right side's text (``""`` for an expression).
    """

    lhs: Node
    relation: str | None
    rhs: Node | None
    label: str | None
    body: str
    lhs_text: str
    rhs_text: str


def parse_tree(text: str) -> ParsedRelation:
    """Read an expression, or an equation/relation, into a tree (expression mode).

    Raises:
        ParseError: Not something we read; the message names the input.

    >>> lhs, rel, rhs, label, body, lhs_text, rhs_text = parse_tree("I_L(t) = 0.05(1 - e^{-10^7 t})")
    >>> rel, label, lhs
    ('=', 'I_L', ('ufunc', 'I_L', (('sym', 't'),)))
    >>> parse_tree(r"\\int x dx")
    Traceback (most recent call last):
    ...
    unitreward.engine.errors.ParseError: an integral (\\int) in '\\\\int x dx'
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(f"expression text too long ({len(text)} characters)")
    body = strip_unit(strip_delimiters(text))
    if not body:
        raise ParseError(f"empty expression {text!r}")
    parser = Parser(Lexer(body), constant=False, max_tokens=MAX_TOKENS, max_depth=MAX_DEPTH)
    infinity = _infinity(parser)
    if infinity is not None:
        return ParsedRelation(infinity, None, None, None, body, body, "")
    lhs = parser.sum_()
    relation: str | None = None
    rhs: Node | None = None
    label: str | None = None
    split: tuple[int, int] | None = None
    if parser.tok[0] == REL:
        relation = parser.tok[1]
        split = (parser.tok[2], parser.tok[3])
        head = parser.head_calls.get(id(lhs))
        if lhs[0] == "sym" or (lhs[0] == "ufunc" and not lhs[1].startswith("@")):
            label = lhs[1]
        elif head is not None and head[0] is lhs and all(a[0] in ("sym", "num") for a in head[2]):
            label = head[1]
            lhs = ("ufunc", head[1], head[2])
        parser.advance()
        rhs = _infinity(parser) or parser.sum_()
        if parser.tok[0] == REL:
            raise parser.error("a chain of relations")
    if parser.tok[0] != END:
        raise parser.unexpected()
    for side in (lhs, rhs):
        if side is not None and mentions(side, ("sym", "partial")):
            raise parser.error("a derivative (\\partial)")
    if split is None:
        return ParsedRelation(lhs, None, None, None, body, body, "")
    lhs_text = body[: split[0]].strip()
    rhs_text = body[split[1] :].strip()
    return ParsedRelation(lhs, relation, rhs, label, body, lhs_text, rhs_text)


_TRAILING_UNIT = re.compile(
    r"(?:\\[,;:! ]|\\quad\b|\s|~)*\\(?:text|mathrm|textrm|mbox|rm)\s*\{([^{}]*)\}"
    r"(?:\s*\^\s*(?:\{[^{}]*\}|\d))?\s*$"
)


def strip_unit(body: str) -> str:
    """Drop a unit written after an expression (``\\sqrt{2k/m}\\,\\text{rad/s}``).

    A unit is a trailing ``\\text{}``/``\\mathrm{}`` that follows an operand (not
    an operator) and is not ``d``, ``e`` or ``i``; the expressions compared are
    the magnitudes, so the answer may write the unit or not.

    >>> strip_unit(r"0.47 \\, \\text{A, upward}"), strip_unit(r"x = \\text{const}")
    ('0.47', 'x = \\\\text{const}')
    """
    m = _TRAILING_UNIT.search(body)
    if m is None or m.group(1).strip() in ("", "d", "e", "i"):
        return body
    before = body[: m.start()].rstrip()
    if not before or before[-1] in "+-*/=^_({[,<>|&" or before.endswith(("\\cdot", "\\times")):
        return body
    return before


def _infinity(parser: Parser) -> Node | None:
    """``\\infty``, ``-\\infty``: the only places infinity is read."""
    tok = parser.tok
    sign = 1.0
    if tok[0] == OP and tok[1] in "+-":
        sign = -1.0 if tok[1] == "-" else 1.0
        tok = parser.peek()
        if tok[0] != CMD or tok[1] != "infty":
            return None
        parser.advance()
    if tok[0] != CMD or tok[1] != "infty":
        return None
    parser.advance()
    if parser.tok[0] != END:
        raise parser.error("infinity inside an expression")
    return ("inf", sign)
