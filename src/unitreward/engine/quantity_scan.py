r"""Finding the quantities in a text: where each starts, and what it reads as.

:func:`scan_quantities` walks a normalised text from left to right and reads every
quantity in it (a number, and the unit after it if any); ``read_quantity_at`` reads one
at a known position (it also reads whole references, for
:func:`~unitreward.engine.quantity.parse_quantity`). The walk skips text without digits
at the speed of one character-class search, and tests one character before each optional
pattern (an uncertainty, a bracket, a star, a prime), so prose with dozens of numbers
costs a few microseconds a number. Work is bounded by the input: at most
:data:`MAX_QUANTITIES` quantities (and :data:`MAX_REFUSED` refused numbers) are read.

>>> [(s, str(q)) for s, _, q in scan_quantities("It moves 20 m in 4 s, at 5 m/s.").quantities]
[(9, '20 m'), (17, '4 s'), (25, '5 m/s')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from unitreward.engine.errors import UnitError
from unitreward.engine.numbers import MAX_ABS, EvalError, power_of_ten, scan_number
from unitreward.engine.quantity import Quantity
from unitreward.engine.records import quick_init
from unitreward.engine.units import UnitInfo, parse_unit, scan_unit

__all__ = [
    "MAX_QUANTITIES",
    "MAX_REFUSED",
    "QUANTITY_START",
    "WHOLE_START",
    "Scan",
    "as_difference",
    "read_quantity_at",
    "scan_quantities",
]

# A number starts after neither a word character nor a decimal point; after "{" only when
# the brace opens a set or a group ("{80 m, 120 m}"), not an exponent, a subscript, the
# argument of a command or a brace inside braces ("^{10}", "_{1}", "\\frac{a}{2}", "{{2}}").
#: Where a quantity may start (see the comment above).
QUANTITY_START = re.compile(
    r"(?<![\w.^_\\])(?<![\^_}{A-Za-z]\{)(?<![\^{][-+−])(?:[-+−]\s?)?(?=\d|\.\d|\\frac|\\sqrt|√|π|e\^"
    r"|\\(?:ln|log|lg|exp|sin|cos|tan|cot|sec|csc|arcsin|arccos|arctan|sinh|cosh|tanh)(?![A-Za-z]))"
)
#: A whole quantity may also start with Euler's number alone ("e", "1-1/e" starts with 1).
WHOLE_START = re.compile(r"[-+−]?e(?![A-Za-z])")
_SPACE = re.compile(r"[ \t]*")
# "120 ± 5 m", "120 +/- 5 m": the uncertainty is read and dropped (the central value counts).
_PLUS_MINUS = re.compile(r"[ \t]*(?:±|\+/-|\+-)[ \t]*")
# "(120 ± 5) m", "(8.65)kW", "(1.2 ± 0.1) × 10^3 m": a parenthesised number, a unit after.
_OPEN_BEFORE = re.compile(r"\([ \t]*$")
_CLOSE_THEN = re.compile(r"[ \t]*\)[ \t]*")
# Letters that, glued to a number in a model's text, are variables: "v = 2u", "3d".
_GLUED_VARIABLES = frozenset({"u", "d", "b", "D"})
# "8650*watt", "1.04*metre" (sympy's product of a number and a unit)
_STAR_UNIT = re.compile(r"[ \t]?\*[ \t]?(?=[A-Za-zµΩ°(])")
# "28° 26'", "28°26' 15''": degrees, minutes and seconds of arc
_ARC_MINUTES = re.compile(
    r"[ \t]*(\d{1,2}(?:\.\d+)?)[ \t]*(?:'|′)(?!')(?:[ \t]*(\d{1,2}(?:\.\d+)?)[ \t]*(?:''|″|\"))?"
)


def read_quantity_at(
    text: str, pos: int, *, whole: bool = False
) -> tuple[Quantity | None, int, bool]:
    """Read a quantity at ``pos``: (quantity or None, end, refused-as-unsafe).

    ``whole``: the text is one quantity (a reference), so what follows the number is
    read as a unit in the liberal way of :func:`~unitreward.engine.units.parse_unit`.

    >>> q, end, refused = read_quantity_at("v = 12 m/s now", 4)
    >>> str(q), end, refused
    ('12 m/s', 10, False)
    """
    start = pos
    window = text
    shift = 0
    if text[pos] in "-+−" and pos + 1 < len(text) and text[pos + 1] == " ":
        # "= - 5": a sign written apart from its number; read it from a joined copy
        window = text[pos] + text[pos + 2 : pos + 400]
        shift = pos + 1  # window index k >= 1 is text index k + shift
        pos = 0
    try:
        number = scan_number(window, pos)
    except EvalError:
        return None, start + 1, True
    if number is None:
        return None, start + 1, False
    end = number.end if window is text else number.end + shift
    value, after = _after_number(text, start, end, number.value)
    if value is None:
        return None, end + 1, True
    if after > end and ")" in text[end:after]:
        start = text.rfind("(", 0, start)  # "(120 ± 5) m": the quantity starts at "("
    end = after
    space = _SPACE.match(text, end)
    upos = space.end() if space else end
    if text[upos : upos + 1] == "*":  # "8650*watt" (a star after at most one space)
        star = _STAR_UNIT.match(text, end)
        if star is not None:
            upos = star.end()
    unit: UnitInfo | None = None
    unknown: str | None = None
    prime = _PRIME.match(text, end) if text[end : end + 1] in _PRIME_FIRST else None
    if prime is not None:  # 2″, 30′: seconds and minutes of arc glued to the number
        unit, end = parse_unit(_ARC_UNITS[prime.group(1)]), prime.end()
    elif upos < len(text):
        unit, uend = _whole_unit(text, upos) if whole else (None, upos)
        if unit is None:
            unit, uend = scan_unit(text, upos)
        if unit is not None and not whole and upos == end and unit.text in _GLUED_VARIABLES:
            unit = None  # "2u", "3d": a product with a variable in working, not 2 amu
        if unit is not None:
            end = uend
            if end < len(text) and text[end] == "^":  # m^{10^{10}}: a power we did not read
                return None, end + 1, True
            if unit.expr == "degree" and end < len(text):
                value, end = _arc_minutes(text, end, value)
        else:
            word = _WORD.match(text, upos)
            if word is not None and word.group(0).lower() not in _NOT_UNITS:
                unknown = word.group(0)
    exact = number.exact and value == number.value
    q = Quantity(
        value,
        unit,
        text[start:end].strip(),
        exact,
        number.resolution,
        number.tree if exact else None,
        unknown,
        number.step,
    )
    return q, end, False


def _after_number(text: str, start: int, end: int, value: float) -> tuple[float | None, int]:
    """Read what belongs to a number after it: an uncertainty (dropped), the closing
    bracket of "(120 ± 5) m" and a power of ten after it. ``None``: refused."""
    blank = _SPACE.match(text, end).end()  # type: ignore[union-attr]
    pm = _PLUS_MINUS.match(text, end) if text[blank : blank + 1] in ("±", "+") else None
    if pm is not None:
        try:
            spread = scan_number(text, pm.end())
        except EvalError:
            return None, end
        # an uncertainty is a plain decimal smaller than the value; "3 ± 2√2" is two values
        if spread is not None and not spread.exact and abs(spread.value) < abs(value):
            end = spread.end
    if (
        end < len(text)
        and text.find("(", max(0, start - 4), start) >= 0
        and _OPEN_BEFORE.search(text, max(0, start - 4), start)
    ):
        close = _CLOSE_THEN.match(text, end)
        if close is not None:
            after = close.end()
            try:
                scale = power_of_ten(text, after)
            except EvalError:
                return None, end
            if scale is not None:
                scaled = value * scale[0]
                if not abs(scaled) <= MAX_ABS:  # (9) × 10^{300}: beyond the number grammar
                    return None, end
                return scaled, scale[1]
            if after < len(text) and (text[after].isalpha() or text[after] in "µΩ°%"):
                return value, after  # "(8650)W": the unit follows the bracket
    return value, end


def _arc_minutes(text: str, end: int, degrees: float) -> tuple[float, int]:
    """Minutes and seconds of arc after a value in degrees (``28° 26'``)."""
    arc = _ARC_MINUTES.match(text, end)
    if arc is None:
        return degrees, end
    minutes = float(arc.group(1)) / 60.0
    seconds = float(arc.group(2)) / 3600.0 if arc.group(2) else 0.0
    sign = -1.0 if degrees < 0 else 1.0
    return degrees + sign * (minutes + seconds), arc.end()


# The end of a reference after its unit: punctuation, a unit vector ("N \hat{i}").
_UNIT_TAIL = re.compile(r"(?:\s*\\hat\s*\{\s*[ijkxyz]\s*\})?[\s.,;:!]*$")
_ABBREVIATION_DOT = re.compile(r"(?<=[A-Za-z])\.(?=\s*(?:[/·*]|$))")
_ARC_UNITS = {
    "'": "arcminute",
    "′": "arcminute",
    "''": "arcsecond",
    "″": "arcsecond",
    '"': "arcsecond",
}
# Glued primes read in any text: a lone ' or " may be a quote, so only ′ ″ and ''.
_PRIME = re.compile(r"(''|″|′)(?![\w'′″])")
_PRIME_FIRST = ("'", "″", "′")


def _whole_unit(text: str, upos: int) -> tuple[UnitInfo | None, int]:
    """The rest of a reference read as one unit (liberally), or ``(None, upos)``."""
    tail = _UNIT_TAIL.search(text, upos)
    stop = tail.start() if tail is not None else len(text)
    written = text[upos:stop].strip()
    if not written:
        return None, upos
    written = _ABBREVIATION_DOT.sub("", written)  # "ft. / sec."
    written = _ARC_UNITS.get(written, written)
    try:
        return parse_unit(written), len(text)
    except UnitError:
        return None, upos


_WORD = re.compile(r"[A-Za-z][A-Za-z]+\b")
# Words that may follow a bare number without being a unit someone tried to write.
_NOT_UNITS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "at",
        "on",
        "for",
        "by",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "so",
        "as",
        "if",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "which",
        "with",
        "from",
        "into",
        "than",
        "then",
        "per",
        "each",
        "times",
        "time",
        "way",
        "ways",
        "more",
        "less",
        "about",
        "nearly",
        "roughly",
        "approximately",
        "exactly",
        "only",
        "just",
        "total",
        "overall",
        "times",
    ]
)


@quick_init
@dataclass(frozen=True, slots=True)
class Scan:
    """The quantities found in a stretch of normalised text.

    Attributes:
        quantities: ``(start, end, quantity)`` in order of appearance.
        refused: Where number-like spans were refused as unsafe (power
            towers, overflow).
    """

    quantities: tuple[tuple[int, int, Quantity], ...]
    refused: tuple[int, ...]
    truncated: bool = False


#: The most quantities :func:`scan_quantities` reads by default.
MAX_QUANTITIES = 256
#: The most numbers refused as unsafe (power towers, malformed exact forms) it reads.
MAX_REFUSED = 64


def scan_quantities(text: str, *, limit: int = MAX_QUANTITIES) -> Scan:
    """Find the quantities in normalised text, left to right (at most ``limit``).

    When the text holds more (numbers refused as unsafe count too, and more than
    :data:`MAX_REFUSED` of those is too many), the scan stops and says so (``truncated``):
    a caller must then not treat the first ``limit`` as all of them.

    >>> [str(q) for _, _, q in scan_quantities("v = 20 m/s, t = 3 s").quantities]
    ['20 m/s', '3 s']
    >>> scan_quantities("1 m, " * 5, limit=3).truncated
    True
    """
    found: list[tuple[int, int, Quantity]] = []
    refused: list[int] = []
    pos = 0
    n = len(text)
    truncated = False
    while pos < n:
        start_or_none = _next_start(text, pos)
        if start_or_none is None:
            break
        if len(found) + len(refused) >= limit or len(refused) > MAX_REFUSED:
            truncated = True  # refused numbers cost a parse too, and answer nothing
            break
        start = start_or_none
        if (
            text[start] in "-+"
            and text[start + 1 : start + 2] in (" ", "\t")
            and _line_start(text, start)
        ):
            start += 2  # a Markdown bullet ("- 120 m" at the start of a line), not a sign
        elif (
            text[start] in "-+−"
            and start > 0
            and (text[start - 1].isalnum() or text[start - 1] in ")]}")
        ):
            # subtraction "a - 3": read the number without the operator
            start += 1
            while start < n and text[start] in " -+−":
                start += 1
        last = text[start + 399 : start + 400]  # the 400th character must be a digit, too
        if (last.isdigit() or last in ".,") and last and _LONG_NUMBER.match(text, start):
            # not a number anyone writes as an answer
            q, end, bad = None, start + 1, True
        else:
            q, end, bad = read_quantity_at(text, start)
        if bad:
            refused.append(start)
            # skip the whole refused token (e.g. a power tower)
            end = _NON_SPACE.match(text, start).end()  # type: ignore[union-attr]
        if q is not None and not (q.unit is None and _is_label(text, start, end)):
            if (
                q.unit is not None
                and q.unit.offset
                and _DIFFERENCE_BEFORE.search(text, max(0, start - 24), start)
            ):
                q = as_difference(q)  # "ΔT = 10 °C" is 10 K
            found.append((start, end, q))
        pos = max(end, start + 1)
    return Scan(tuple(found), tuple(refused), truncated)


# Where a number can start: a digit, a root, π, e^ (found by its ^) or a LaTeX command
# (a fraction, a root, a function). A quantity starts at most two characters before (a
# sign and a space, or a decimal point; the e of e^).
_CORE = re.compile(r"[0-9√π\\^]")
_COMMAND_STARTS = (
    "\\frac", "\\sqrt", "\\ln", "\\log", "\\lg", "\\exp", "\\sin", "\\cos", "\\tan", "\\cot",
    "\\sec", "\\csc", "\\arc", "\\sinh", "\\cosh", "\\tanh",
)  # fmt: skip
_IN_WORD = re.compile(r"[0-9A-Za-z_.]+")  # ASCII: a fast skip (the scan resumes after it)
_LONG_NUMBER = re.compile(r"[\d.,]{400}")
_SIGNS = frozenset("-+−")
_SIGNS_POINT = frozenset("-+−.")
_NON_SPACE = re.compile(r"\S*")


def _next_start(text: str, pos: int) -> int | None:
    """Where the next quantity starts at or after ``pos`` (what ``QUANTITY_START.search`` finds),
    skipping text without digits at the speed of one character-class scan."""
    while True:
        core = _CORE.search(text, pos)
        if core is None:
            return None
        at = core.start()
        if text[at] == "\\" and not text.startswith(_COMMAND_STARTS, at):
            pos = at + 1
            continue
        if text[at] == "^":  # e^x starts at its e, or at a sign before it
            if at > 0 and text[at - 1] == "e":
                for candidate in (at - 3, at - 2, at - 1):
                    if candidate >= pos and QUANTITY_START.match(text, candidate) is not None:
                        return candidate
            pos = at + 1
            continue
        # two characters before: only a sign and a space; one before: a sign or a point
        if at - 2 >= pos and text[at - 2] in _SIGNS and QUANTITY_START.match(text, at - 2):
            return at - 2
        if at - 1 >= pos and text[at - 1] in _SIGNS_POINT and QUANTITY_START.match(text, at - 1):
            return at - 1
        if QUANTITY_START.match(text, at) is not None:
            return at
        # inside a word or after a decimal point ("m1", "x2.5"): skip the whole run
        pos = _IN_WORD.match(text, at).end() if text[at].isdigit() else at + 1  # type: ignore[union-attr]


def _line_start(text: str, pos: int) -> bool:
    """Only spaces stand between the start of a line of a list and ``pos``.

    The first line of a text with no other line is no list: ``\boxed{- 40 cm}`` and the
    sentence a phrase marks (``is - 40 cm``) start with a sign, not a bullet.
    """
    lo = max(0, pos - 16)
    begin = text.rfind("\n", lo, pos) + 1 or lo
    if begin == 0 and lo == 0 and "\n" not in text:
        return False
    return (begin > 0 or lo == 0) and text[begin:pos].strip() == ""


_DIFFERENCE_BEFORE = re.compile(r"(?:Δ|\\Delta)\s*[A-Za-z]\w*(?:_\{?\w+\}?)?\s*(?:=|≈)\s*$")


def as_difference(q: Quantity) -> Quantity:
    """A temperature in °C or °F read as a difference (no offset from absolute zero).

    >>> from unitreward.engine.quantity import parse_quantity
    >>> as_difference(parse_quantity("10 °C")).si_magnitude
    10.0
    """
    if q.unit is None or not q.unit.offset:
        return q
    return replace(q, unit=replace(q.unit, offset=0.0, expr=f"delta_{q.unit.expr}"))


_LABEL_BEFORE = re.compile(
    r"(?:\b(?:step|part|case|eq|equation|question|problem|fig|figure|table|option|line|no|"
    r"method|approach|trial|attempt|item)\.?|#)\s*\(?$",
    re.IGNORECASE,
)
# "1. First", "2) Then": a marker followed by more text on its line ("0.25." or "3." alone
# on the last line is an answer, not a marker).
_LIST_MARKER_AFTER = re.compile(r"[.)][ \t]+\S")


def _is_label(text: str, start: int, end: int) -> bool:
    """A bare number that numbers something ("Step 2", "1. First", "Eq. (3)")."""
    if _LABEL_BEFORE.search(text, max(0, start - 12), start):
        return True
    if not text[start:end].isdigit() or end - start > 3:
        return False
    lo = max(0, start - 64)
    line_start = text.rfind("\n", lo, start) + 1 or lo
    return text[line_start:start].strip() == "" and bool(_LIST_MARKER_AFTER.match(text, end))
