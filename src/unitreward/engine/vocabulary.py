"""The vocabulary of the expression grammar: token kinds, letters, functions, commands.

What each spelling means: ``\\theta``, ``θ`` and plain ``theta`` are the variable
``theta``; ``\\varepsilon`` is ``epsilon`` (letter variants are one letter, as
physicists use them); ``\\arcsin``, ``asin`` and ``\\sin^{-1}`` are ``asin``;
``\\lg`` is the decimal logarithm; ``\\mathbf`` and ``\\vec`` are both the
decoration ``vec``. Commands we refuse carry the reason the message gives.

>>> GREEK["varphi"], FUNCTIONS["arctan"], FUNCTIONS["lg"]
('phi', 'atan', 'log10')
"""

from __future__ import annotations

__all__ = [
    "BAR", "CLOSE", "CMD", "COMMA", "COMMANDS", "DECORATIONS", "DEG", "END", "FUNC",
    "FUNCTIONS", "GREEK", "MAX_WORD", "NAME", "NUM", "OP", "OPEN", "PLAIN_WORDS", "PRIME",
    "PROSE", "PROSE_SOLO", "REFUSED", "REL", "SIZING", "SPACING", "SUB", "TEXT_LIKE",
    "UNICODE", "UNICODE_GREEK", "UNICODE_REFUSED", "WORD", "Token",
]  # fmt: skip

# Token kinds.
NUM = 1  # a decimal number; value: its text ("1.25", "3e8")
NAME = 2  # a one-letter or Greek variable, or pi/e; value: canonical base name
FUNC = 3  # a known function; value: canonical function name ("sin", "asin", "ln")
OP = 4  # + - * / ^ ! %
OPEN = 5  # ( [ {
CLOSE = 6  # ) ] }
REL = 7  # a relation; value "=", "<", "<=", ">", ">=", "!=", "~", "->", "propto"
SUB = 8  # a subscript, already canonical ("0", "esc", "max")
PRIME = 9  # one prime (value "'") or a star (value "*")
DEG = 10  # a degree sign (° or ^\circ)
CMD = 11  # a command with arguments: frac, sqrt, binom, infty, or a decoration "decor:vec"
BAR = 12  # | or \lvert, \rvert, \|, \vert
WORD = 13  # a multi-letter name from \text{...} or \mathrm{...}
COMMA = 14  # ,
END = 0

#: A token: (kind, value, start, end, whitespace characters before it).
Token = tuple[int, str, int, int, int]


_GREEK_LOWER = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi",
    "chi", "psi", "omega",
]  # fmt: skip
_GREEK_UPPER = [
    "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
]  # fmt: skip
#: Greek names -> canonical variable names. Letter variants are one letter
#: (``\varepsilon`` is ``\epsilon``, ``\varphi`` is ``\phi``), as physicists use them.
GREEK: dict[str, str] = {g: g for g in _GREEK_LOWER + _GREEK_UPPER}
GREEK.update(
    {
        "varepsilon": "epsilon",
        "vartheta": "theta",
        "varphi": "phi",
        "varrho": "rho",
        "varsigma": "sigma",
        "varkappa": "kappa",
        "varpi": "varpi",
        "varGamma": "Gamma",
        "varDelta": "Delta",
        "varTheta": "Theta",
        "varLambda": "Lambda",
        "varPhi": "Phi",
        "varPsi": "Psi",
        "varOmega": "Omega",
        "hbar": "hbar",
        "hslash": "hbar",
        "ell": "l",
        "imath": "i",
        "jmath": "j",
    }
)  # fmt: skip
UNICODE_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩϵϑϕϱςϰµħℏℓ",
        [
            *_GREEK_LOWER,
            *_GREEK_UPPER,
            "epsilon", "theta", "phi", "rho", "sigma", "kappa", "mu", "hbar", "hbar", "l",
        ],
        strict=True,
    )
)  # fmt: skip

_TRIG = ["sin", "cos", "tan", "cot", "sec", "csc"]
#: Function spellings -> canonical function names.
FUNCTIONS: dict[str, str] = {}
for _f in _TRIG:
    FUNCTIONS[_f] = _f
    FUNCTIONS["arc" + _f] = "a" + _f
    FUNCTIONS["a" + _f] = "a" + _f
    FUNCTIONS[_f + "h"] = _f + "h"
    FUNCTIONS["ar" + _f + "h"] = "a" + _f + "h"
    FUNCTIONS["arc" + _f + "h"] = "a" + _f + "h"
    FUNCTIONS["a" + _f + "h"] = "a" + _f + "h"
FUNCTIONS.update(
    {
        "cosec": "csc",
        "tg": "tan",
        "ctg": "cot",
        "ln": "ln",
        "log": "log",
        "lg": "log10",
        "exp": "exp",
        "sqrt": "sqrt",
        "abs": "abs",
    }
)  # fmt: skip

# Words a plain run of letters is split into (longest first), besides single letters.
PLAIN_WORDS: dict[str, tuple[int, str]] = {}
for _w, _c in GREEK.items():
    if not _w.startswith("var") and _w not in ("ell", "imath", "jmath", "hslash"):
        PLAIN_WORDS[_w] = (NAME, _c)
for _w, _c in FUNCTIONS.items():
    if len(_w) > 2 or _w == "ln":
        PLAIN_WORDS[_w] = (FUNC, _c)
PLAIN_WORDS["pi"] = (NAME, "pi")
MAX_WORD = max(len(w) for w in PLAIN_WORDS)

#: English words that make a run of letters prose, not a product of variables.
PROSE = frozenset(
    [
        "and", "or", "the", "to", "for", "of", "with", "where", "when", "if", "is", "are",
        "was", "from", "then", "than", "approx", "about", "upward", "downward", "upwards",
        "downwards", "left", "right", "const", "constant", "hours", "hour", "minutes",
        "seconds", "direction", "towards", "toward", "into",
    ]
)  # fmt: skip
PROSE_SOLO = frozenset(["constant", "const"])  # fine as a whole \text{} name

# Commands.
SPACING = frozenset(
    [
        "quad", "qquad", "enspace", "thinspace", "negthinspace", "displaystyle", "textstyle",
        "scriptstyle", "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
        "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "boxed", "fbox", "limits",
        "nolimits", "mathstrut", "strut", "phantom",
    ]
)  # fmt: skip
SIZING = frozenset(
    [
        "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
        "Bigr", "biggl", "biggr", "Biggl", "Biggr",
    ]
)  # fmt: skip
TEXT_LIKE = frozenset(
    [
        "text", "mathrm", "textrm", "mathit", "textit", "mbox", "operatorname", "mathsf",
        "textup", "textnormal", "rm", "it", "mathnormal", "textsf",
    ]
)  # fmt: skip
DECORATIONS = {
    "dot": "dot",
    "ddot": "ddot",
    "dddot": "dddot",
    "vec": "vec",
    "mathbf": "vec",
    "boldsymbol": "vec",
    "bm": "vec",
    "pmb": "vec",
    "textbf": "vec",
    "overrightarrow": "vec",
    "hat": "hat",
    "widehat": "hat",
    "bar": "bar",
    "overline": "bar",
    "tilde": "tilde",
    "widetilde": "tilde",
    "check": "check",
    "breve": "breve",
    "acute": "acute",
    "grave": "grave",
    "mathcal": "cal",
    "mathscr": "scr",
    "mathfrak": "frak",
    "mathbb": "bb",
    "underline": "underline",
}
COMMANDS: dict[str, tuple[int, str]] = {
    "frac": (CMD, "frac"),
    "dfrac": (CMD, "frac"),
    "tfrac": (CMD, "frac"),
    "cfrac": (CMD, "frac"),
    "sqrt": (CMD, "sqrt"),
    "binom": (CMD, "binom"),
    "dbinom": (CMD, "binom"),
    "tbinom": (CMD, "binom"),
    "infty": (CMD, "infty"),
    "partial": (NAME, "partial"),
    "surd": (CMD, "sqrt"),
    "cdot": (OP, "*"),
    "times": (OP, "*"),
    "ast": (OP, "*"),
    "div": (OP, "/"),
    "%": (OP, "%"),
    "approx": (REL, "="),
    "simeq": (REL, "="),
    "cong": (REL, "="),
    "equiv": (REL, "="),
    "doteq": (REL, "="),
    "eq": (REL, "="),
    "le": (REL, "<="),
    "leq": (REL, "<="),
    "leqslant": (REL, "<="),
    "ge": (REL, ">="),
    "geq": (REL, ">="),
    "geqslant": (REL, ">="),
    "lt": (REL, "<"),
    "gt": (REL, ">"),
    "ll": (REL, "<"),
    "gg": (REL, ">"),
    "ne": (REL, "!="),
    "neq": (REL, "!="),
    "sim": (REL, "~"),
    "propto": (REL, "propto"),
    "to": (REL, "->"),
    "rightarrow": (REL, "->"),
    "Rightarrow": (REL, "->"),
    "longrightarrow": (REL, "->"),
    "implies": (REL, "->"),
    "iff": (REL, "->"),
    "prime": (PRIME, "'"),
    "degree": (DEG, "°"),
    "circ": (DEG, "°"),
    "{": (OPEN, "{"),
    "}": (CLOSE, "}"),
    "lbrace": (OPEN, "{"),
    "rbrace": (CLOSE, "}"),
    "lbrack": (OPEN, "["),
    "rbrack": (CLOSE, "]"),
    "lparen": (OPEN, "("),
    "rparen": (CLOSE, ")"),
    "|": (BAR, "|"),
    "vert": (BAR, "|"),
    "lvert": (BAR, "|"),
    "rvert": (BAR, "|"),
    "Vert": (BAR, "|"),
    "lVert": (BAR, "|"),
    "rVert": (BAR, "|"),
    "mid": (BAR, "|"),
}
for _w, _c in GREEK.items():
    COMMANDS[_w] = (NAME, _c)
for _w, _c in FUNCTIONS.items():
    if _w not in ("sqrt", "abs", "tg", "ctg", "asin", "acos", "atan", "acot", "asec", "acsc"):
        COMMANDS[_w] = (FUNC, _c)
for _w, _c in DECORATIONS.items():
    COMMANDS[_w] = (CMD, "decor:" + _c)

# Refused with a reason (the message names the command).
REFUSED = {
    **dict.fromkeys(["int", "iint", "iiint", "oint", "intop"], "an integral"),
    **dict.fromkeys(["sum", "prod", "coprod"], "a sum or product"),
    **dict.fromkeys(["lim", "limsup", "liminf", "sup", "inf", "max", "min"], "a limit"),
    **dict.fromkeys(["nabla"], "a derivative"),
    **dict.fromkeys(["begin", "end", "matrix", "pmatrix", "bmatrix", "cases"], "a matrix"),
    **dict.fromkeys(["rangle", "braket"], "a bra-ket"),
    **dict.fromkeys(["pm", "mp"], "two values (±)"),
    **dict.fromkeys(["ldots", "cdots", "dots", "vdots", "ddots", "dotsc", "dotsb"], "an ellipsis"),
}

UNICODE: dict[str, tuple[int, str]] = {
    "π": (NAME, "pi"),
    "∞": (CMD, "infty"),
    "∂": (NAME, "partial"),
    "√": (CMD, "sqrt"),
    "·": (OP, "*"),
    "×": (OP, "*"),
    "∙": (OP, "*"),
    "⋅": (OP, "*"),
    "∗": (OP, "*"),
    "÷": (OP, "/"),
    "−": (OP, "-"),
    "–": (OP, "-"),
    "′": (PRIME, "'"),
    "°": (DEG, "°"),
    "≈": (REL, "="),
    "≃": (REL, "="),
    "≅": (REL, "="),
    "≡": (REL, "="),
    "≤": (REL, "<="),
    "≥": (REL, ">="),
    "≠": (REL, "!="),
    "∝": (REL, "propto"),
    "→": (REL, "->"),
    "⇒": (REL, "->"),
    "∼": (REL, "~"),
    "‖": (BAR, "|"),
    "∣": (BAR, "|"),
}
for _ch, _g in UNICODE_GREEK.items():
    UNICODE[_ch] = (NAME, _g)
UNICODE_REFUSED = {
    "±": "two values (±)",
    "∓": "two values (±)",
    "∫": "an integral",
    "∑": "a sum",
    "∏": "a product",
    "∇": "a derivative",
    "…": "an ellipsis",
    "⟨": "a bra-ket",
    "⟩": "a bra-ket",
}
