"""From a completion to the text that holds the answer.

>>> answer_section("<think>60 s</think> It takes 2.0 min.")
' It takes 2.0 min.'
>>> answer_section("<think>still thinking") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import regex

__all__ = [
    "answer_section",
    "clean_text",
    "closing_brace",
    "completion_text",
    "normalize",
    "unwrap_wrappers",
]


def closing_brace(text: str, pos: int, stop: int) -> int:
    """Where the brace opened just before ``pos`` closes, looking no further than ``stop``
    (``stop`` when it does not close before).

    >>> closing_brace("{a{b}c}d", 1, 8), closing_brace("{a{b", 1, 4)
    (6, 4)
    """
    depth = 1
    while pos < stop:
        ch = text[pos]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return stop


_THINK_OPEN = regex.compile(r"<think>", regex.IGNORECASE)
_THINK_CLOSE = "</think>"


def completion_text(completion: Any) -> str:
    """The assistant's text of a completion, standard or conversational.

    A string is returned as is. For a list of chat messages the last assistant
    message is used (the last message if none says ``role``); when the chat
    template moved the think block to ``reasoning_content`` (or
    ``reasoning``), it is put back in front as ``<think>...</think>``.
    Anything else gives ``""``.

    >>> completion_text([{"role": "assistant", "content": "42 m"}])
    '42 m'
    >>> completion_text({"role": "assistant", "reasoning_content": "d = vt", "content": "42 m"})
    '<think>d = vt</think>42 m'
    """
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Mapping):
        return _message_text(completion)
    if isinstance(completion, (list, tuple)) and completion:
        messages = [m for m in completion if isinstance(m, Mapping)]
        if not messages:
            return ""
        assistant = [m for m in messages if m.get("role") == "assistant"]
        return _message_text((assistant or messages)[-1])
    return ""


def _message_text(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):  # multimodal parts
        content = "".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping))
    text = content if isinstance(content, str) else ""
    reasoning = message.get("reasoning_content", message.get("reasoning"))
    if isinstance(reasoning, str) and reasoning and "</think>" not in text:
        text = f"<think>{reasoning}</think>{text}"
    return text


def answer_section(text: str, *, prefilled: bool = False) -> str | None:
    """The text after the last ``</think>``; ``None`` if a ``<think>`` never closes.

    Text with no think tags at all is entirely the answer section, unless
    ``prefilled`` says the chat template opened ``<think>`` in the prompt: then
    the completion starts inside the think block, and without a ``</think>`` it
    has no answer (it was truncated while reasoning).

    >>> answer_section("d = vt = 120 m", prefilled=True) is None
    True

    >>> answer_section("no tags, 3 m")
    'no tags, 3 m'
    >>> answer_section("<think>a</think>draft<think>more") is None
    True
    """
    if "<" not in text:  # no tag at all (one scan in C): the common case of prose
        return None if prefilled else text
    close = text.rfind(_THINK_CLOSE)
    if close < 0:
        close = text.lower().rfind(_THINK_CLOSE)
    if close >= 0:
        rest = text[close + len(_THINK_CLOSE) :]
        if "<" in rest and _THINK_OPEN.search(rest):
            return None  # a new think block opened and never closed
        return rest
    if prefilled or _THINK_OPEN.search(text):
        return None
    return text


# ------------------------------------------------------------------- unicode cleaning

# Characters that show nothing (or nothing but a join or a direction): dropped before any
# reading, so "120\u200b m" is "120 m" and an invisible character cannot split a unit or
# hide a value. Format characters (Cf), variation selectors, fillers, tags.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
# Degree look-alikes NFKC would turn into letters or a combining ring ("30º" is 30°).
_DEGREE_LIKE = {"º": "°", "˚": "°"}
_VULGAR = {
    "½": ".5", "¼": ".25", "¾": ".75", "⅛": ".125", "⅜": ".375", "⅝": ".625", "⅞": ".875",
    "⅕": ".2", "⅖": ".4", "⅗": ".6", "⅘": ".8", "⅒": ".1", "⅓": ".3333333333",
    "⅔": ".6666666667", "⅙": ".1666666667", "⅚": ".8333333333", "⅑": ".1111111111",
    "⅐": ".1428571429", "↉": ".0",
}  # fmt: skip
_STROKES = "\u0335\u0336\u0338"
_NEEDS_WORK = re.compile(
    "[" + _INVISIBLE + "".join(_DEGREE_LIKE) + "".join(_VULGAR) + _STROKES + "]"
)
_INVISIBLE_RUN = re.compile("[" + _INVISIBLE + "]+")
_STRUCK_RUN = re.compile(f"(?:[^{_STROKES}\\n][{_STROKES}]+)+")
_VULGAR_AFTER_DIGIT = re.compile("(\\d)([" + "".join(_VULGAR) + "])")
# Kept as they are by NFKC, which would make "m/s²" read "m/s2" and "µ" a Greek mu.
_PROTECTED = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻µ"
_PLACEHOLDERS = "".join(chr(0xE000 + i) for i in range(len(_PROTECTED)))
_PROTECT = tuple(zip(_PROTECTED, _PLACEHOLDERS, strict=True))


def clean_text(text: str) -> str:
    """The text as a reader sees it: NFKC, invisible characters dropped.

    Every reading starts here (the answer section, the question). ASCII text is returned
    as it is (the common case costs one scan in C). Otherwise: invisible characters
    (zero-width spaces and joiners, soft hyphens, direction marks, variation selectors)
    are dropped; text struck through with combining strokes becomes ``~~...~~``; ``º``
    and ``˚`` become ``°``; vulgar fractions become numbers (``3½`` is ``3.5``, ``½`` is
    ``1/2``); then NFKC (fullwidth and mathematical digits, ``℃``, the ohm and kelvin
    signs, ligatures), keeping superscripts and the micro sign, which the unit reader
    understands. A letter of another script that only looks Latin stays what it is
    (``120 Ν`` with a Greek Nu is no unit), as NFKC leaves it.

    >>> clean_text("１２０\\u200b ｍ")
    '120 m'
    >>> clean_text("9.8 m/s², 3½ h, 20 ℃, 5 \\u2126")
    '9.8 m/s², 3.5 h, 20 °C, 5 Ω'
    >>> clean_text("The answer is 1̶2̶0̶ m")
    'The answer is ~~120~~ m'
    """
    if text.isascii():
        return text
    if _needs_work(text):
        if _INVISIBLE_RUN.search(text) is not None:
            text = _INVISIBLE_RUN.sub("", text)
        for odd, degree in _DEGREE_LIKE.items():
            if odd in text:
                text = text.replace(odd, degree)
        if any(stroke in text for stroke in _STROKES) and _STRUCK_RUN.search(text) is not None:
            text = _STRUCK_RUN.sub(_struck, text)
        if any(fraction in text for fraction in _VULGAR):
            text = _VULGAR_AFTER_DIGIT.sub(_mixed_number, text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    present = [(c, p) for c, p in _PROTECT if c in text]
    for c, p in present:
        text = text.replace(c, p)
    text = unicodedata.normalize("NFKC", text)
    for c, p in present:
        text = text.replace(p, c)
    if "⁄" in text or "∕" in text:
        text = text.replace("⁄", "/").replace("∕", "/")
    if "\u2013" in text:
        text = minus_dashes(text)
    return text


_ASCII_BYTES = bytes(range(128))


def non_ascii(text: str) -> str:
    """The characters of ``text`` beyond ASCII, in order (``"3 Ω, 5 °C"`` gives ``"Ω°"``).

    Runs at the speed of ``str.encode`` and ``bytes.translate`` (~1 ns a character), where
    a regular expression over the whole text takes ~10x longer: a text that is mostly
    ASCII is tested for rare characters on what this returns.

    >>> non_ascii("It is 3 Ω at 5 °C.")
    'Ω°'
    """
    raw = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return raw.decode("utf-8", "surrogatepass")


def _needs_work(text: str) -> bool:
    """``_NEEDS_WORK.search(text) is not None`` (every character it knows is beyond ASCII)."""
    return _NEEDS_WORK.search(non_ascii(text)) is not None


#: The end of a sentence or clause: ".", "!" or "?" before a space or the end (not the
#: point of 2.5), ";" or a line break. Shared by every rule that reads to a sentence's end.
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[;\n]")


def minus_dashes(text: str) -> str:
    """An en dash written as a minus sign becomes ``-``; an en dash of a range stays.

    A dash is a sign where no value stands just before it (``q = –1 e``, ``(–3, 2)``,
    ``is –4 m``); right after a digit, a letter or a bracket, or after a digit and a space,
    it joins the ends of a range (``3–5 m``, ``3 – 5 m``).

    >>> minus_dashes("q = –1 e, 3–5 m, 3 – 5 m, (–2), is – 4 m")
    'q = -1 e, 3–5 m, 3 – 5 m, (-2), is - 4 m'
    """
    return _MINUS_DASH.sub("-", text)


_MINUS_DASH = re.compile(r"(?<![\w)\]}.,])(?<![\d)\]}.,][ \t])\u2013(?=[ \t]?[\d.])")


def _struck(m: re.Match[str]) -> str:
    kept = "".join(ch for ch in m.group(0) if ch not in _STROKES).strip()
    return f"~~{kept}~~" if kept else ""


def _mixed_number(m: re.Match[str]) -> str:
    return m.group(1) + _VULGAR[m.group(2)]


# ------------------------------------------------------------------- LaTeX normalising

# Commands whose braced argument stays and whose name and braces go: \text{m} is m.
_WRAPPER_NAMES = frozenset(
    {"text", "mathrm", "textrm", "mathit", "textit", "mathbf", "textbf", "boldsymbol",
     "operatorname", "mbox", "hbox", "rm", "mathsf", "textsf", "textup", "textnormal",
     "mathnormal", "underline", "bm", "pmb", "emph", "displaystyle", "textstyle"}
)  # fmt: skip
_BRACE_TOKEN = re.compile(r"\\([A-Za-z]+)\s*\{|\\[{}]|[{}]")
# Where a wrapper opens (a literal backslash first: a fast search); without one,
# unwrap_wrappers has nothing to do, and its pass over every brace is skipped.
_WRAPPER_OPEN = re.compile(r"\\(?:" + "|".join(sorted(_WRAPPER_NAMES)) + r")\s*\{")


def unwrap_wrappers(text: str) -> str:
    r"""``\text{...}``, ``\mathrm{...}`` and the other wrappers replaced by their contents.

    One pass with a stack of open braces, so nesting of any depth costs time linear in the
    text (a recursive pattern rescans to the end from every unclosed ``\text{``: quadratic).
    A wrapper whose brace never closes is left as written.

    >>> unwrap_wrappers(r"\text{\mathbf{12} m} and \frac{1}{\text{s}}")
    '12 m and \\frac{1}{s}'
    >>> unwrap_wrappers(r"\text{open")
    '\\text{open'
    """
    drop: list[tuple[int, int]] = []
    stack: list[tuple[int, int] | None] = []  # per open brace: its wrapper's span, if any
    for m in _BRACE_TOKEN.finditer(text):
        token = m.group(0)
        name = m.group(1)
        if name is not None:
            stack.append((m.start(), m.end()) if name in _WRAPPER_NAMES else None)
        elif token == "{":
            stack.append(None)
        elif token == "}" and stack:
            opener = stack.pop()
            if opener is not None:
                drop.append(opener)
                drop.append((m.start(), m.end()))
    if not drop:
        return text
    drop.sort()
    out: list[str] = []
    pos = 0
    for start, end in drop:
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


# Commands that only style what follows, or only make space: dropped after the
# wrappers are gone. A colour command keeps its argument ("\color{red}{120 m}",
# "\textcolor{red}{...}") and loses its colour.
_COLOR = regex.compile(r"\\(?:text)?color\s*\{[^{}]*\}\s*(\{)?")
_STYLE_ONLY = regex.compile(
    r"\\(?:(?:hspace|vspace|hphantom|vphantom|phantom)\*?\s*\{[^{}]*\}"
    r"|(?:displaystyle|textstyle|scriptstyle|scriptscriptstyle|textnormal|bf|it|bm)(?![A-Za-z]))"
)
# Degree signs built from an empty group or a braced \circ: "{ }^{\circ}", "{}^\circ",
# "{\circ}"; an empty group before any superscript ("electron{ }^{-1}").
_EMPTY_GROUP_POWER = re.compile(r"\{\s*\}\s*(?=\^)")
_BRACED_CIRC = re.compile(r"(?<!\^)\{\s*\\circ\s*\}")
# A number alone in braces ("{120}\,\mathrm{m}"), not an argument (\frac{1}{2},
# \boxed{3}, 10^{3}, x_{12}).
# (The brace comes first and the look-behind after it, so the search skips to each "{".)
_BRACED_NUMBER = re.compile(r"\{(?<![\w}\]^_\\]\{)\s*([-+−]?\d[\d.,]*)\s*\}")
_COMMAND_BEFORE = re.compile(r"\\[A-Za-z]+\s*$")


def _unbrace_number(m: re.Match[str]) -> str:
    """``{120}`` -> ``120``, unless the braces are a command's argument (``\frac {1}{2}``)."""
    if _COMMAND_BEFORE.search(m.string, max(0, m.start() - 24), m.start()):
        return m.group(0)
    return m.group(1)


# pint's and sympy's powers: "centimeter ** 2" (str), "cm**2" (~C), "10**10";
# markdown bold ("**5 m**", "**Answer:** 5") has no such neighbours.
_STAR_POWER = re.compile(r"(?<=[\w)])(?:\*\*| \*\* )(?=[-(]?\d)")
# "2 \frac{1}{\mathrm{s}}" (pint's LaTeX for 1/s) after a number: an inverse unit.
_INVERSE_UNIT = re.compile(
    r"(?<=[\d}])(\s*)\\frac\s*\{\s*1\s*\}\s*\{\s*"
    r"((?:\(\s*)?[A-Za-zµΩ°Δ](?:[A-Za-zµΩ°Δ·^\d\-−_ ()]|\{[^{}]*\})*?)\s*\}"
)
# pint's LaTeX symbol for the year is \mathrm{a} (annum); an article is never in \mathrm
_ANNUM = re.compile(r"\\mathrm\s*\{\s*a\s*\}")
_SI = regex.compile(
    r"\\(?:SI|qty)\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}"
)
_si = regex.compile(r"\\(?:si|unit)\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}")
_num = regex.compile(r"\\num\s*(?:\[[^\]]*\])?\s*\{([^{}]*)\}")

_SIUNITX_PREFIX = {
    "yocto": "y", "zepto": "z", "atto": "a", "femto": "f", "pico": "p", "nano": "n",
    "micro": "µ", "milli": "m", "centi": "c", "deci": "d", "deca": "da", "deka": "da",
    "hecto": "h", "kilo": "k", "mega": "M", "giga": "G", "tera": "T", "peta": "P",
}  # fmt: skip
_SIUNITX_UNIT = {
    "meter": "m", "metre": "m", "second": "s", "gram": "g", "kilogram": "kg", "ampere": "A",
    "kelvin": "K", "mole": "mol", "candela": "cd", "newton": "N", "joule": "J", "watt": "W",
    "volt": "V", "ohm": "Ω", "coulomb": "C", "farad": "F", "henry": "H", "tesla": "T",
    "weber": "Wb", "hertz": "Hz", "pascal": "Pa", "siemens": "S", "becquerel": "Bq",
    "electronvolt": "eV", "liter": "L", "litre": "L", "minute": "min", "hour": "h",
    "day": "d", "degreeCelsius": "°C", "celsius": "°C", "degree": "°", "radian": "rad",
    "steradian": "sr", "percent": "%", "bar": "bar", "angstrom": "Å", "atm": "atm",
    "calorie": "cal", "lumen": "lm", "lux": "lx", "gray": "Gy", "sievert": "Sv",
}  # fmt: skip
_SIUNITX_MACRO = regex.compile(r"\\([A-Za-z]+)\s*")


def _siunitx_units(spec: str) -> str:
    out: list[str] = []
    pending_prefix = ""
    pending_square = ""

    def repl_token(name: str) -> None:
        nonlocal pending_prefix, pending_square
        if name in _SIUNITX_PREFIX:
            pending_prefix += _SIUNITX_PREFIX[name]
        elif name in _SIUNITX_UNIT:
            if out and out[-1] == "/" and len(out) == 1:  # \per\second: s^-1
                out.pop()
                pending_square += "^-1" if not pending_square else ""
            out.append(f"{pending_prefix}{_SIUNITX_UNIT[name]}{pending_square} ")
            pending_prefix = ""
            pending_square = ""
        elif name == "per":
            out.append("/")
        elif name == "squared" and out:
            out[-1] = out[-1].rstrip() + "^2 "
        elif name == "cubed" and out:
            out[-1] = out[-1].rstrip() + "^3 "
        elif name == "square":
            pending_square = "^2"
        elif name == "cubic":
            pending_square = "^3"
        elif name in ("cdot", "times"):
            out.append("·")
        else:
            out.append(name + " ")

    if "\\" not in spec:
        return spec.replace("~", " ").replace(".", "·")
    pos = 0
    for m in _SIUNITX_MACRO.finditer(spec):
        if m.start() > pos:
            out.append(spec[pos : m.start()])
        repl_token(m.group(1))
        pos = m.end()
    out.append(spec[pos:])
    joined: str = regex.sub(r"\s*/\s*", "/", "".join(out))
    return joined.strip()


_LATEX_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("\\left", ""), ("\\right", ""), ("\\big", ""), ("\\Big", ""),
    ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\cfrac", "\\frac"),
    ("{}^{\\circ}", "°"), ("^{\\circ}", "°"), ("^\\circ", "°"), ("\\circ", "°"),
    ("\\degree", "°"), ("\\textdegree", "°"), ("\\celsius", "°C"),
    ("\\%", "%"), ("\\mu", "µ"), ("\\micro", "µ"), ("\\Omega", "Ω"),
    ("\\ohm", "Ω"), ("\\AA", "Å"), ("\\pi", "π"), ("\\varepsilon", "ε"),
    ("\\approx", "≈"), ("\\simeq", "≃"), ("\\sim", "~"), ("\\to", "→"),
    ("\\rightarrow", "→"), ("\\Rightarrow", "⇒"), ("\\implies", "⇒"), ("\\equiv", "≡"),
    ("\\cdot", "·"), ("\\times", "×"), ("\\div", "÷"), ("\\pm", "±"),
    ("\\quad", " "), ("\\qquad", " "), ("\\,", " "), ("\\;", " "), ("\\:", " "),
    ("\\ ", " "), ("\\!", ""), ("\\\\", "\n"),
    ("\\(", " "), ("\\)", " "), ("\\[", " "), ("\\]", " "),
)  # fmt: skip
# A unit inside a \frac: letters, powers in braces ("\mathrm{kg} \cdot \mathrm{m}^{2}"),
# and in a denominator pint's brackets ("\left(\mathrm{K} \cdot \mathrm{mol}\right)").
_FRACTION_UNIT = r"[A-Za-zµΩ°Δ](?:[A-Za-zµΩ°Δ·^\d\-−_ ]|\{[^{}]*\})*?"
_FRACTION_DENOMINATOR = r"(?:\(\s*)?[A-Za-zµΩ°Δ](?:[A-Za-zµΩ°Δ·^\d\-−_ ()]|\{[^{}]*\})*?"
_UNIT_FRACTION = re.compile(
    rf"\\frac\s*\{{\s*({_FRACTION_UNIT})\s*\}}\s*\{{\s*({_FRACTION_DENOMINATOR})\s*\}}"
)
_LATEX_TABLE = dict(_LATEX_REPLACEMENTS)
# A space after these only ends the command: \mu C is µC, 30^\circ C is 30°C.
_UNIT_SYMBOL_COMMANDS = frozenset(
    {"\\mu", "\\micro", "\\Omega", "\\ohm", "\\AA", "^\\circ", "^{\\circ}", "{}^{\\circ}", "\\circ",
     "\\degree", "\\textdegree", "\\celsius"}
)  # fmt: skip
_LATEX_PATTERN = re.compile(
    "|".join(
        re.escape(k)
        + (r"(?![A-Za-z])" if k[-1].isalpha() else "")
        + (r"\s*" if k in _UNIT_SYMBOL_COMMANDS else "")
        for k in sorted(_LATEX_TABLE, key=len, reverse=True)
    )
)


def _latex_replacement(m: re.Match[str]) -> str:
    # a space after an alphabetic command only ends the command (\mu C is µC)
    key = m.group(0)
    return _LATEX_TABLE[key] if key in _LATEX_TABLE else _LATEX_TABLE[key.rstrip()]


_PLAIN_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("{,}", ","), ("**", " "), ("__", " "), ("ohms", "Ω"),
)  # fmt: skip
_CHAR_REPLACEMENTS = (
    ("\u2212", "-"), ("\u00a0", " "), ("\u2009", " "), ("\u202f", " "), ("\u2007", " "),
    ("⋅", "·"), ("∙", "·"), ("μ", "µ"),
)  # fmt: skip

_WORD_UNITS = (
    ("deg", re.compile(r"\bdeg(?:rees?)?\.?\s*(?:Celsius|celsius|centigrade|C\b)"), "°C"),
    ("deg", re.compile(r"\bdeg(?:rees?)?\.?\s*(?:Fahrenheit|fahrenheit|F\b)"), "°F"),
    ("°", re.compile(r"°\s+([CFK])\b"), r"°\1"),
    ("cent", re.compile(r"\bper\s*cent\b"), "%"),
    # "~" is LaTeX's unbreakable space before a unit ("\mathrm{~kJ} \mathrm{~mol}^{-1}",
    # converted PDFs); before a number it stays "approximately" ("~5 m", "\sim 5").
    ("~", re.compile(r"~(?=[A-Za-zµΩ°Å(])"), " "),
    ("°", re.compile(r"([CFK])(?<![A-Za-z][CFK])°(?![A-Za-z])"), r"°\1"),  # "64.5 C°": 64.5 °C
    ("P.", re.compile(r"\bH\.\s?P\.(?!\w)"), "hp"),
    ("Hg", re.compile(r"(mm|cm|in)(?<!\w(?:mm|cm|in))\s?-?\s?Hg\b"), r"\1Hg"),
    ("particle", re.compile(r"(?:\\alpha|α)\s*-?\s*(?=particles?\b)"), ""),
    ("*", re.compile(r"\*(?:(?<![\w*]\*)(?=\S)|(?<=\S\*)(?![\w*]))"), " "),
)


def _replace_chars(text: str) -> str:
    """``$`` and a backtick become spaces, the other characters of :data:`_CHAR_REPLACEMENTS`
    their plain spelling: one ``str.replace`` per character present (a ``str.translate``
    with a dict table costs ~40 ns a character, a replace ~1 ns; no replacement is itself
    replaced, so the order does not matter).

    >>> _replace_chars("$v = \u22123$ μm")
    ' v = -3  µm'
    """
    if "$" in text:
        text = text.replace("$", " ")
    if "`" in text:
        text = text.replace("`", " ")
    if not text.isascii():
        present = non_ascii(text)
        for old, new in _CHAR_REPLACEMENTS:
            if old in present:
                text = text.replace(old, new)
    return text


def normalize(text: str) -> str:
    """Rewrite LaTeX, unicode and markdown variants into one plain spelling.

    ``\\text{}``/``\\mathrm{}`` wrappers are dropped, ``\\SI{}{}`` and ``\\si{}``
    become plain units, ``^\\circ`` becomes ``°``, ``\\mu``/``μ`` become ``µ``,
    LaTeX spacing becomes spaces, the unicode minus becomes ``-``, ``$`` and
    markdown emphasis disappear. ``\\frac``, ``\\sqrt`` and ``\\boxed`` stay.

    >>> normalize(r"$v = 2.5\\ \\mathrm{m\\,s^{-2}}$").strip()
    'v = 2.5 m s^{-2}'
    >>> normalize(r"\\SI{60}{\\kilo\\watt}")
    '60 kW'
    >>> normalize(r"98.6\\,^{\\circ}\\mathrm{F}")
    '98.6 °F'
    """
    if "*" in text and "**" in text:
        text = _STAR_POWER.sub("^", text)
    if "\\" in text:
        if "{" in text:
            text = _EMPTY_GROUP_POWER.sub("", text)
            if "\\circ" in text:
                text = _BRACED_CIRC.sub("°", text)
        if "\\SI" in text or "\\qty" in text:
            text = _SI.sub(lambda m: f"{m.group(1)} {_siunitx_units(m.group(2))}", text)
        if "\\si" in text or "\\unit" in text:
            text = _si.sub(lambda m: _siunitx_units(m.group(1)), text)
        if "\\num" in text:
            text = _num.sub(r"\1", text)
        text = _LATEX_PATTERN.sub(_latex_replacement, text)
        if "\\mathrm" in text and "{a" in text:
            text = _ANNUM.sub("yr", text)
        if "color" in text:
            text = _COLOR.sub(lambda m: "\\textnormal{" if m.group(1) else " ", text)
        if "{" in text and _WRAPPER_OPEN.search(text) is not None:
            text = unwrap_wrappers(text)
        text = _STYLE_ONLY.sub(" ", text)
        if "\\text" in text or "\\mathrm" in text:
            text = text.replace("\\mathrm", "").replace("\\text", "")
        if "\\frac" in text:  # units written as a fraction: \frac{m}{s^2}
            text = _INVERSE_UNIT.sub(r"\1(\2)^{-1}", text)
            text = _UNIT_FRACTION.sub(r"\1/(\2)", text)
        if "\\_" in text:
            text = text.replace("\\_", "_")
    if "{" in text:
        text = _BRACED_NUMBER.sub(_unbrace_number, text)
    text = _replace_chars(text)
    if "\u2013" in text:
        text = minus_dashes(text)
    # A one-character test first (memchr) before each longer one: searching a megabyte for
    # "**" or "deg" costs ~100x more than for "*", and most texts hold neither.
    for old, new in _PLAIN_REPLACEMENTS:
        if old[0] in text and old in text:
            text = text.replace(old, new)
    for trigger, pattern, repl in _WORD_UNITS:
        if trigger[0] in text and trigger in text:
            text = pattern.sub(repl, text)
    return text
