"""Printing formula trees: LaTeX, plain text and unicode text, in many styles.

A :class:`Style` holds every typographic choice (how to multiply, divide, take
roots, write subscripts, Greek letters, primes, ``e^x``, function arguments);
:func:`draw_style` reads one from a plan, so that each choice shrinks toward
its first option, and ``Style()`` is the canonical LaTeX style.

Every style prints an expression that means the same thing to any careful
reader, not just to unitreward's grammar, because the printer avoids the
spellings that readers disagree on: a denominator is an atom or in brackets
(never ``E/kT``), a function takes a bare argument (``\\sin x``) only when the
argument is one variable and nothing is multiplied after it implicitly, plain
text never juxtaposes two letters (``mg`` could be one name, ``mu`` is μ), a
cube root is written ``\\sqrt[3]{}`` only of a positive radicand (readers differ
on the cube root of a negative number), ``\\log`` is never used (natural or
decimal?), and a fraction ``1/2`` before an implicit product is in brackets.

>>> from fractions import Fraction
>>> from unitreward.strategies._formula import Div, Mul, Num, Pow, Symbol, Var
>>> tree = Div(Pow(Var(Symbol("v", "0")), Fraction(2)),
...            Mul((Num(Fraction(2)), Var(Symbol("mu")), Var(Symbol("g")))))
>>> print_formula(tree, Style())
'\\\\frac{v_{0}^{2}}{2 \\\\mu g}'
>>> print_formula(tree, Style(notation="plain", times="star", sub="bare"))
'v0^2/(2*mu*g)'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from unitreward.strategies._formula import (
    GREEK,
    Add,
    Div,
    Fn,
    Mul,
    Neg,
    Node,
    Num,
    Pi,
    Pow,
    Symbol,
    Var,
    is_positive,
)
from unitreward.strategies._spelling import _Plan

__all__ = ["NOTATIONS", "Style", "draw_style", "print_formula"]

NOTATIONS = ("latex", "plain", "unicode")

_LATEX_FUNCTIONS = {
    "sin": r"\sin",
    "cos": r"\cos",
    "tan": r"\tan",
    "cot": r"\cot",
    "ln": r"\ln",
    "log10": r"\log_{10}",
    "sinh": r"\sinh",
    "cosh": r"\cosh",
    "tanh": r"\tanh",
    "coth": r"\coth",
    "arctan": r"\arctan",
}
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class Style:
    """Every typographic choice of one rendering; the defaults are the canonical LaTeX.

    Attributes:
        notation: ``latex``, ``plain`` (ASCII) or ``unicode`` (plain with θ, ², ·, √, v₀).
        times: The multiplication sign: ``space`` (implicit), ``cdot``, ``times``
            (LaTeX); ``star``, ``space``, ``spaced_star`` (plain); ``dot``,
            ``space``, ``times`` (unicode).
        juxtapose: A leading number touches what it multiplies (``2x``).
        fraction: ``frac``, ``dfrac``, ``tfrac`` or ``slash`` (LaTeX; plain is always ``slash``).
        short_frac: ``\\frac12`` for one-digit numbers.
        root: ``sqrt`` (``\\sqrt{x}``, ``sqrt(x)``, ``√x``), ``power`` (``x^{1/2}``),
            ``power_frac`` (``x^{\\frac{1}{2}}``) or ``decimal`` (``x^{0.5}``).
        braces: Braced powers and subscripts (``x^{2}``, ``v_{0}``) where optional
            (LaTeX); braced subscripts of several letters (``v_{max}``) in plain text.
        power_op: ``^`` or ``**`` (plain).
        left_right: ``\\left( \\right)`` for brackets (LaTeX).
        greek_unicode: ``θ`` instead of ``\\theta`` or ``theta``.
        sub: Subscripts: ``underscore`` (``v_0``) or ``bare`` (plain ``v0``, digits
            only); for a word in LaTeX ``underscore``, ``text`` (``\\text{max}``) or ``mathrm``.
        prime_command: ``x^{\\prime}`` for ``x'`` (LaTeX).
        exp: ``e`` (``e^{x}``), ``exp`` (``\\exp(x)``) or ``mathrm`` (``\\mathrm{e}^{x}``).
        fn_args: ``paren``, ``left`` (``\\sin\\left(x\\right)``) or ``bare`` (``\\sin x``, where safe).
        fn_power: ``prefix`` (``\\sin^{2} x``) or ``outside`` (``(\\sin x)^{2}``).
        arctan: ``arctan`` (``\\arctan``, ``arctan``) or ``inverse`` (``\\tan^{-1}``, plain ``atan``).
        decimal_halves: ``0.5`` for ``1/2`` and ``0.25`` for ``1/4``.
        tight: No spaces around ``+`` and ``-``.
    """

    notation: str = "latex"
    times: str = "space"
    juxtapose: bool = False
    fraction: str = "frac"
    short_frac: bool = False
    root: str = "sqrt"
    braces: bool = True
    power_op: str = "^"
    left_right: bool = False
    greek_unicode: bool = False
    sub: str = "underscore"
    prime_command: bool = False
    exp: str = "e"
    fn_args: str = "paren"
    fn_power: str = "prefix"
    arctan: str = "arctan"
    decimal_halves: bool = False
    tight: bool = False


def draw_style(plan: _Plan, notation: str) -> Style:
    """A style for ``notation`` whose every choice is read from ``plan`` (0: the first option)."""
    latex = notation == "latex"
    if latex:
        times = plan.pick(("space", "cdot", "times"))
    elif notation == "plain":
        times = plan.pick(("star", "space", "spaced_star"))
    else:
        times = plan.pick(("dot", "space", "times"))
    return Style(
        notation=notation,
        times=times,
        juxtapose=plan.flag(),
        fraction=plan.pick(("frac", "dfrac", "tfrac", "slash")) if latex else "slash",
        short_frac=plan.flag(),
        root=plan.pick(("sqrt", "power", "power_frac", "decimal")),
        braces=not plan.flag(),
        power_op=plan.pick(("^", "**")) if notation == "plain" else "^",
        left_right=plan.flag() if latex else False,
        greek_unicode=plan.flag() if notation != "unicode" else True,
        sub=plan.pick(("underscore", "bare", "text", "mathrm")),
        prime_command=plan.flag() if latex else False,
        exp=plan.pick(("e", "exp", "mathrm")),
        fn_args=plan.pick(("paren", "left", "bare")),
        fn_power=plan.pick(("prefix", "outside")),
        arctan=plan.pick(("arctan", "inverse")),
        decimal_halves=plan.flag(),
        tight=plan.flag(),
    )


def print_formula(node: Node, style: Style) -> str:
    """The text of ``node`` in ``style``."""
    return _Printer(style).text(node)


def _is_atom(node: Node) -> bool:
    """Printed as one unit that needs no brackets as an operand (``x``, ``2``, ``0.05``, ``\\pi``)."""
    if isinstance(node, Num):
        return node.value.denominator == 1 or _decimal(node.value) is not None
    return isinstance(node, (Var, Pi))


def _decimal(value: Fraction) -> str | None:
    """``0.05`` or ``9.81`` for a short terminating decimal, not a half or a quarter (``\\frac12``)."""
    q = value.denominator
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    if q != 1 or value.denominator <= 4:
        return None
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text if len(text) <= 12 else None


class _Printer:
    """One style's printer; each method returns the text of one node in one context."""

    def __init__(self, style: Style) -> None:
        self.s = style
        self.latex = style.notation == "latex"
        self.unicode = style.notation == "unicode"

    # -- brackets and signs
    def paren(self, text: str) -> str:
        if self.latex and self.s.left_right:
            return rf"\left({text}\right)"
        return f"({text})"

    def text(self, node: Node, *, followed: bool = False) -> str:
        """A whole expression (sum level); ``followed`` by ``/`` (no bare ``\\sin x`` then)."""
        if isinstance(node, Add):
            return self.sum(node.terms)
        if isinstance(node, Neg):
            return "-" + self.negated(node.arg)
        if isinstance(node, Mul):
            return self.product(node.factors, followed=followed)
        if isinstance(node, Div) and not self.frac():
            return self.slash(node)
        return self.single(node, followed=followed)

    def negated(self, arg: Node) -> str:
        """What follows a minus sign: a sum or a sign in brackets."""
        if isinstance(arg, (Add, Neg)):
            return self.paren(self.text(arg))
        if isinstance(arg, Num) and not _is_atom(arg) and not self.frac():
            return self.paren(self.number(arg.value))
        return self.text(arg)

    def sum(self, terms: tuple[Node, ...]) -> str:
        plus, minus = ("+", "-") if self.s.tight else (" + ", " - ")
        out = ""
        for i, t in enumerate(terms):
            if isinstance(t, Neg):
                out += ("-" if i == 0 else minus) + self.negated(t.arg)
            else:
                out += ("" if i == 0 else plus) + self.text(t)
        return out

    # -- products
    def frac(self) -> bool:
        return self.latex and self.s.fraction != "slash"

    def times(self) -> str:
        if self.unicode and self.s.times == "times":
            return "×"
        return {
            "space": " ",
            "cdot": r" \cdot ",
            "times": r" \times ",
            "star": "*",
            "spaced_star": " * ",
            "dot": "·",
        }[self.s.times]

    def implicit(self) -> bool:
        return self.s.times == "space"

    def product(self, factors: tuple[Node, ...], *, followed: bool = False) -> str:
        last = len(factors) - 1
        pieces = [self.factor(f, followed=i < last or followed) for i, f in enumerate(factors)]
        out = pieces[0]
        for i in range(1, len(pieces)):
            prev, piece = factors[i - 1], pieces[i]
            starts_number = piece[0].isdigit() or piece[0] == "."
            if (
                self.s.juxtapose
                and isinstance(prev, Num)
                and not starts_number
                and piece[0] not in "eE"
            ):
                sep = ""
            elif self.implicit() and starts_number:
                sep = r" \cdot " if self.latex else "*"
            else:
                sep = self.times()
            out += sep + piece
        return out

    def factor(self, node: Node, *, followed: bool) -> str:
        """One factor of a product; ``followed`` when another factor comes after it."""
        if isinstance(node, (Add, Neg)):
            return self.paren(self.text(node))
        if isinstance(node, Div) and not self.frac():
            return self.paren(self.slash(node))
        if isinstance(node, Num) and not _is_atom(node) and not self.frac():
            if self.s.decimal_halves and node.value.denominator in (2, 4):
                return self.number(node.value)
            return self.paren(self.number(node.value))
        return self.single(node, followed=followed)

    # -- quotients
    def slash(self, node: Div) -> str:
        num = node.num
        if isinstance(num, (Add, Neg, Div)) or (isinstance(num, Num) and not _is_atom(num)):
            top = self.paren(self.text(num))
        else:
            top = self.text(num, followed=True)
        return f"{top}/{self.operand(node.den)}"

    def operand(self, node: Node) -> str:
        """A denominator or a power's base: an atom, a function call, or in brackets."""
        if _is_atom(node) or (isinstance(node, Fn) and self.s.fn_args != "bare"):
            return self.single(node, followed=True)
        if isinstance(node, Pow) and (_is_atom(node.base) or self._is_sqrt(node)):
            return self.single(node, followed=True)
        return self.paren(self.text(node))

    # -- single nodes
    def single(self, node: Node, *, followed: bool) -> str:
        """A node that is not a sum, a negation or a product."""
        if isinstance(node, Var):
            return self.symbol(node.symbol)
        if isinstance(node, Num):
            return self.number(node.value)
        if isinstance(node, Pi):
            return (
                (r"\pi" if not self.s.greek_unicode else "π")
                if self.latex
                else ("π" if self.s.greek_unicode else "pi")
            )
        if isinstance(node, Div):
            if not self.frac():
                return self.paren(self.slash(node))
            command = "\\" + self.s.fraction
            return f"{command}{{{self.text(node.num)}}}{{{self.text(node.den)}}}"
        if isinstance(node, Pow):
            return self.power(node, followed=followed)
        if isinstance(node, Fn):
            return self.function(node, followed=followed)
        return self.paren(self.text(node))

    def number(self, value: Fraction) -> str:
        if value.denominator == 1:
            return str(value.numerator)
        decimal = _decimal(value)
        if decimal is not None:
            return decimal
        if self.s.decimal_halves and value.denominator in (2, 4):
            return str(float(value))
        p, q = value.numerator, value.denominator
        if not self.frac():
            return f"{p}/{q}"
        if self.s.short_frac and p < 10 and q < 10:
            return rf"\{self.s.fraction}{p}{q}"
        return rf"\{self.s.fraction}{{{p}}}{{{q}}}"

    # -- names
    def symbol(self, sym: Symbol, *, powered: bool = False) -> str:
        s = self.s
        if sym.greek:
            if self.latex:
                base = GREEK[sym.base] if s.greek_unicode else "\\" + sym.base
            else:
                base = GREEK[sym.base] if s.greek_unicode or self.unicode else sym.base
        else:
            base = sym.base
        out = base + self.subscript(sym, base)
        if sym.primes:
            if self.latex and s.prime_command and not powered:
                out += "^{" + r"\prime" * sym.primes + "}"
            else:
                out += ("′" if self.unicode else "'") * sym.primes
        return out

    def subscript(self, sym: Symbol, base: str) -> str:
        sub = sym.sub
        if not sub:
            return ""
        style = self.s.sub
        if self.latex:
            if style in ("text", "mathrm") and sub.isalpha():
                return f"_{{\\{style}{{{sub}}}}}"
            return f"_{{{sub}}}" if self.s.braces or len(sub) > 1 else f"_{sub}"
        if self.unicode and sub.isdigit():
            return sub.translate(_SUBSCRIPT)
        if style == "bare" and sub.isdigit() and base.isascii():
            return sub  # v0, omega0: trailing digits are a subscript
        return f"_{{{sub}}}" if self.s.braces and len(sub) > 1 else f"_{sub}"

    # -- powers and roots
    def _is_sqrt(self, node: Pow) -> bool:
        return self.s.root == "sqrt" and (
            node.exp == Fraction(1, 2) or (node.exp == Fraction(1, 3) and self.cube_root(node))
        )

    def cube_root(self, node: Pow) -> bool:
        return self.latex and is_positive(node.base)

    def power(self, node: Pow, *, followed: bool) -> str:
        base, exp = node.base, node.exp
        if self._is_sqrt(node):
            inner = self.text(base)
            if exp == Fraction(1, 3):
                return rf"\sqrt[3]{{{inner}}}"
            if self.latex:
                return rf"\sqrt{{{inner}}}"
            if self.unicode:
                return "√" + (inner if _is_atom(base) else self.paren(inner))
            return f"sqrt({inner})"
        if isinstance(base, Fn) and self._prefix_power(base, exp):
            return self.function(base, followed=followed, power=exp)
        if isinstance(base, Var):
            base_text = self.symbol(base.symbol, powered=True)
        elif _is_atom(base):
            base_text = self.single(base, followed=True)
        else:
            base_text = self.paren(self.text(base))
        return base_text + self.exponent(exp)

    def _prefix_power(self, fn: Fn, exp: Fraction) -> bool:
        return (
            self.latex
            and self.s.fn_power == "prefix"
            and exp.denominator == 1
            and exp > 0
            and fn.name not in ("exp", "log10")
            and not (fn.name == "arctan" and self.s.arctan == "inverse")
        )

    def exponent(self, exp: Fraction) -> str:
        """``^{2}``, ``^2``, ``^(1/2)``, ``**0.5``, ``²`` ..."""
        if exp.denominator == 1:
            n = exp.numerator
            if self.unicode:
                return str(n).translate(_SUPERSCRIPT)
            if self.latex:
                return f"^{{{n}}}" if self.s.braces or not 0 <= n <= 9 else f"^{n}"
            op = self.s.power_op
            return f"{op}{n}" if n >= 0 else f"{op}({n})"
        p, q = exp.numerator, exp.denominator
        decimal = self.s.root == "decimal" and q in (2, 4)
        if self.latex:
            if decimal:
                return f"^{{{float(exp)}}}"
            if self.s.root == "power_frac":
                sign = "-" if p < 0 else ""
                return f"^{{{sign}\\frac{{{abs(p)}}}{{{q}}}}}"
            return f"^{{{p}/{q}}}"
        op = "^" if self.unicode else self.s.power_op
        if decimal and p > 0:
            return f"{op}{float(exp)}"
        return f"{op}({float(exp)})" if decimal else f"{op}({p}/{q})"

    # -- functions
    def function(self, node: Fn, *, followed: bool, power: Fraction | None = None) -> str:
        name, arg = node.name, node.arg
        if name == "exp":
            return self.exponential(arg, followed=followed)
        bare = (
            self.latex and self.s.fn_args == "bare" and not followed and isinstance(arg, (Var, Pi))
        )
        inner = self.text(arg)
        if self.latex:
            head = _LATEX_FUNCTIONS[name]
            if name == "arctan" and self.s.arctan == "inverse":
                head = r"\tan^{-1}"
            if power is not None:
                head += self.exponent(power)
            if bare:
                return f"{head} {inner}"
            if self.s.fn_args == "left":
                return rf"{head}\left({inner}\right)"
            return f"{head}({inner})"
        plain = {"arctan": "atan" if self.s.arctan == "inverse" else "arctan"}.get(name, name)
        return f"{plain}({inner})"

    def exponential(self, arg: Node, *, followed: bool) -> str:
        inner = self.text(arg)
        style = self.s.exp
        if self.latex:
            if style == "exp":
                return rf"\exp\left({inner}\right)" if self.s.left_right else rf"\exp({inner})"
            e = r"\mathrm{e}" if style == "mathrm" else "e"
            return f"{e}^{{{inner}}}"
        if style == "exp":
            return f"exp({inner})"
        op = "^" if self.unicode else self.s.power_op
        bare = isinstance(arg, Var) and not arg.symbol.primes and not followed
        return f"e{op}" + (inner if bare else f"({inner})")
