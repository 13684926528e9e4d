"""Quantities: a magnitude and a unit, parsed from text and compared with tolerance.

>>> q = parse_quantity(r"1.2 \\times 10^{2}\\,\\mathrm{m}")
>>> q.magnitude, q.unit_text
(120.0, 'm')
>>> parse_quantity("0.12 km").to("m").magnitude
120.0
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import regex

from unitreward.engine.errors import ParseError, UnitError
from unitreward.engine.numbers import EvalError, power_of_ten, scan_number, to_sympy
from unitreward.engine.text import normalize
from unitreward.engine.units import UnitInfo, get_registry, parse_unit, scan_unit

__all__ = [
    "MAX_QUANTITIES",
    "MAX_REFUSED",
    "Quantity",
    "is_close",
    "parse_quantity",
    "scan_quantities",
]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with an optional unit, as written in an answer or reference.

    Attributes:
        magnitude: The value in the written unit (a finite float).
        unit: The parsed unit, or ``None`` for a bare number.
        text: The text the quantity was read from.
        exact: ``True`` when the number was an exact form (``\\frac13``, ``2π``).
        resolution: Half a unit in the last significant digit of the written
            number (``2.67`` -> ``0.005``); ``None`` for exact forms.

    >>> q = parse_quantity("54 km/h")
    >>> q.si_magnitude
    15.0
    >>> q.dimensionality
    '[length] / [time]'
    """

    magnitude: float
    unit: UnitInfo | None
    text: str
    exact: bool = False
    resolution: float | None = None
    _tree: Any = None
    unknown_unit: str | None = None
    last_digit: float | None = None

    @property
    def unit_text(self) -> str:
        """The unit as written (``""`` for a bare number).

        >>> parse_quantity("3 m·s⁻¹").unit_text
        'm·s⁻¹'
        """
        return self.unit.text if self.unit is not None else ""

    @property
    def has_unit(self) -> bool:
        """Whether a unit other than ``%`` or a count (``photons``, ``turns``) was written.

        >>> parse_quantity("25%").has_unit, parse_quantity("3 m").has_unit
        (False, True)
        >>> parse_quantity("161 turns").has_unit
        False
        """
        return self.unit is not None and not (self.unit.is_percent or self.unit.is_count)

    @property
    def dims(self) -> tuple[tuple[str, float], ...]:
        """The dimension as a hashable tuple (``()`` for dimensionless).

        >>> parse_quantity("3 N").dims == parse_quantity("3 kg m/s^2").dims
        True
        """
        return self.unit.dims if self.unit is not None else ()

    @property
    def dimensionality(self) -> str:
        """The dimension as pint writes it.

        >>> parse_quantity("2 J").dimensionality
        '[mass] * [length] ** 2 / [time] ** 2'
        """
        return self.unit.dimensionality if self.unit is not None else "dimensionless"

    @property
    def si_magnitude(self) -> float:
        """The value in SI base units (absolute temperatures in kelvin).

        >>> parse_quantity("26.85 °C").si_magnitude
        300.0
        """
        if self.unit is None:
            return self.magnitude
        return (self.magnitude + self.unit.offset) * self.unit.factor

    @property
    def units(self) -> Any:
        """The unit as a :class:`pint.Unit` (dimensionless for a bare number).

        >>> str(parse_quantity("3 kΩ").units)
        'kiloohm'
        """
        if self.unit is None:
            return get_registry().Unit("")
        return self.unit.pint_unit

    @property
    def exact_value(self) -> Any:
        """The magnitude as an exact sympy number (imports sympy on first use).

        >>> parse_quantity(r"\\frac{\\sqrt{2}}{2}").exact_value
        sqrt(2)/2
        """
        if self._tree is None:
            import sympy

            return sympy.Float(self.magnitude)
        return to_sympy(self._tree)

    def to_pint(self) -> Any:
        """This quantity as a :class:`pint.Quantity` of the shared registry.

        >>> parse_quantity("20 °C").to_pint().to("kelvin").magnitude
        293.15
        """
        return get_registry().Quantity(self.magnitude, self.units)

    def value_in(self, other: Quantity) -> float:
        """This quantity's magnitude expressed in ``other``'s unit (same dimension).

        Offsets of absolute temperatures are applied (``-40 °F`` is ``-40 °C``), and
        cycles become radians at 2π each (``1 Hz`` is ``6.28 rad/s``; see
        :meth:`UnitInfo.cycle_factor`).

        >>> round(parse_quantity("-40 °F").value_in(parse_quantity("0 °C")), 9)
        -40.0
        >>> parse_quantity("300 rpm").value_in(parse_quantity("1 Hz"))
        5.0
        """
        if other.unit is None:
            return self.si_magnitude
        si = self.si_magnitude
        if self.unit is not None and (self.unit.cycles or self.unit.angle):
            si *= self.unit.cycle_factor(other.unit)
        return si / other.unit.factor - other.unit.offset

    def to(self, unit: str) -> Quantity:
        """Convert to another unit of the same dimension.

        Raises:
            UnitError: ``unit`` is not a unit, or has another dimension.

        >>> parse_quantity("72 km/h").to("m/s").magnitude
        20.0
        """
        target = parse_unit(normalize(unit))
        if (self.unit is None and target.dims) or (
            self.unit is not None and not self.unit.same_dimension(target)
        ):
            raise UnitError(f"cannot convert {self.text!r} to {unit!r}: dimensions differ")
        value = self.value_in(Quantity(0.0, target, ""))
        return Quantity(value, target, f"{value:g} {target.text}")

    @property
    def tolerance_scale(self) -> float:
        """The size a relative tolerance is taken of: ``|magnitude|``, and for an
        absolute temperature in °C or °F its distance from absolute zero (so 1% of
        0 °C is 2.73 °C, not 0).

        >>> round(parse_quantity("0 °C").tolerance_scale, 2), parse_quantity("-3 m").tolerance_scale
        (273.15, 3.0)
        """
        if self.unit is not None and self.unit.offset:
            return abs(self.magnitude + self.unit.offset)
        return abs(self.magnitude)

    @property
    def digit_resolution(self) -> float | None:
        """Half a unit in the last written digit, trailing zeros of an integer
        included (``100`` -> ``0.5``): the ``sig_figs`` tolerance.

        >>> parse_quantity("100 m").digit_resolution, parse_quantity("100 m").resolution
        (0.5, 50.0)
        """
        return self.last_digit if self.last_digit is not None else self.resolution

    def __str__(self) -> str:
        return f"{self.magnitude:g} {self.unit_text}".strip()


# A number starts after neither a word character nor a decimal point; after "{" only when
# the brace opens a set or a group ("{80 m, 120 m}"), not an exponent, a subscript, the
# argument of a command or a brace inside braces ("^{10}", "_{1}", "\\frac{a}{2}", "{{2}}").
_QTY_START = re.compile(
    r"(?<![\w.^_\\])(?<![\^_}{A-Za-z]\{)(?<![\^{][-+−])(?:[-+−]\s?)?(?=\d|\.\d|\\frac|\\sqrt|√|π|e\^"
    r"|\\(?:ln|log|lg|exp|sin|cos|tan|cot|sec|csc|arcsin|arccos|arctan|sinh|cosh|tanh)(?![A-Za-z]))"
)
# A whole quantity may also start with Euler's number alone ("e", "1-1/e" starts with 1).
_WHOLE_START = re.compile(r"[-+−]?e(?![A-Za-z])")
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


def _quantity_at(text: str, pos: int, *, whole: bool = False) -> tuple[Quantity | None, int, bool]:
    """Read a quantity at ``pos``: (quantity or None, end, refused-as-unsafe).

    ``whole``: the text is one quantity (a reference), so what follows the number is
    read as a unit in the liberal way of :func:`~unitreward.engine.units.parse_unit`.
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
    star = _STAR_UNIT.match(text, end)
    if star is not None:
        upos = star.end()
    unit: UnitInfo | None = None
    unknown: str | None = None
    prime = _PRIME.match(text, end)
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
    pm = _PLUS_MINUS.match(text, end)
    if pm is not None:
        try:
            spread = scan_number(text, pm.end())
        except EvalError:
            return None, end
        # an uncertainty is a plain decimal smaller than the value; "3 ± 2√2" is two values
        if spread is not None and not spread.exact and abs(spread.value) < abs(value):
            end = spread.end
    if end < len(text) and _OPEN_BEFORE.search(text, max(0, start - 4), start):
        close = _CLOSE_THEN.match(text, end)
        if close is not None:
            after = close.end()
            try:
                scale = power_of_ten(text, after)
            except EvalError:
                return None, end
            if scale is not None:
                return value * scale[0], scale[1]
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
        if _LONG_NUMBER.match(text, start) is not None:  # not a number anyone writes as an answer
            q, end, bad = None, start + 1, True
        else:
            q, end, bad = _quantity_at(text, start)
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
                q = _as_difference(q)  # "ΔT = 10 °C" is 10 K
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
_NON_SPACE = re.compile(r"\S*")


def _next_start(text: str, pos: int) -> int | None:
    """Where the next quantity starts at or after ``pos`` (what ``_QTY_START.search`` finds),
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
                    if candidate >= pos and _QTY_START.match(text, candidate) is not None:
                        return candidate
            pos = at + 1
            continue
        for candidate in (at - 2, at - 1, at):
            if candidate >= pos and _QTY_START.match(text, candidate) is not None:
                return candidate
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


def _as_difference(q: Quantity) -> Quantity:
    """A temperature in °C or °F read as a difference (no offset from absolute zero)."""
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


_TRAILING = re.compile(r"[\s.,;:!]*")
_LEADING = re.compile(r"^\s*(?:[A-Za-z_][\w{}]*\s*(?:=|≈)\s*)?")
# A relation in a reference ("\tau = 4.5 × 10^9 yr", "h = ... ≈ 1.5 km", "P ≃ 16%"): the
# value after the last one that reads is the reference.
_RELATION = re.compile(r"=|≈|≃|(?<![\w~])~(?=[ \t]*[-+−\d.\\])")
# A caret lost in a data set's text: "2.2x1016 kg", "1.5 x 1017 meters" (a mantissa with
# a decimal point times "10" and a one- or two-digit exponent). Read whole only: in a
# completion "1.5 x 1017" stays arithmetic.
_LOST_CARET = re.compile(r"(?<![\d.])([-+−]?\d\.\d+)[ \t]?[x×][ \t]?10(\d{1,2})(?![\d.,])")
# A mixed number: "23 (4/7) °C", "2 1/2 h".
_MIXED = re.compile(r"^([-+−]?\d+)[ \t]+\(?(\d+)[ \t]*/[ \t]*(\d+)\)?(?=[ \t]|$)")
# Letters that are units only when written apart from the number: "2b", "5d", "3e"
# glued are products with a variable; "0.96c" glued is the speed-of-light fraction.
_GLUED_LETTER_NOT_UNIT = frozenset({"e", "u", "d", "b", "D", "t", "l"})
_DIFFERENCE = re.compile(r"Δ|\\Delta")


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Quantity:
    norm = normalize(text).strip()
    for wrapper in ("\\boxed{", "\\fbox{"):
        if norm.startswith(wrapper) and norm.endswith("}"):
            norm = norm[len(wrapper) : -1].strip()
    if "10" in norm:
        norm = _LOST_CARET.sub(r"\1×10^{\2}", norm)
    try:
        return _parse_whole(norm, text, "")
    except (ParseError, UnitError) as first:
        cuts = _top_level_relations(norm)
        if not cuts or not _names_a_value(norm[: cuts[0][0]]):
            # "a + 3z = 0" is an equation; "x = 3 m, y = 4 m" several values
            raise
        for start, end in reversed(cuts[-8:]):
            try:
                return _parse_whole(norm[end:].strip(), text, norm[:start])
            except (ParseError, UnitError):
                continue
        raise first


# A list separator between values: never the comma of "1,200" or "2,5".
_SEPARATOR = re.compile(r",(?!\d)|;|\band\b")


def _top_level_relations(norm: str) -> list[tuple[int, int]]:
    """The relations outside brackets, as (start, end); none when a list separator also
    stands outside brackets (several values, each named: "x = 3 m, y = 4 m")."""
    found: list[tuple[int, int]] = []
    depth = 0
    for i, ch in enumerate(norm):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth = max(0, depth - 1)
        elif depth == 0:
            if _SEPARATOR.match(norm, i):
                return []
            relation = _RELATION.match(norm, i)
            if relation is not None and not (found and found[-1][1] > i):
                found.append((relation.start(), relation.end()))
    return found


_BRACE_GROUP = re.compile(r"\{[^{}]*\}")
# What may name a value: letters, Greek commands, primes, subscripts, a ratio of names,
# brackets ("\tau", "\nu'", "T_{min}", "I'/I", "\langle x \rangle_{31}", "(\frac{R}{d})_{min}");
# never a number or a sum ("2x", "a + 3z": an equation).
_NAME = re.compile(r"(?:[\sA-Za-zα-ωΑ-ΩΔµ\\'′|/()⟨⟩*._]|(?<=_)\d+|\^(?!\s*\d))*")


def _names_a_value(lhs: str) -> bool:
    """Whether the text before a reference's first relation only names the value."""
    for _ in range(3):
        lhs = _BRACE_GROUP.sub("", lhs)
    return bool(lhs.strip()) and _NAME.fullmatch(lhs) is not None


def _parse_whole(norm: str, text: str, label: str) -> Quantity:
    """One quantity that is all of ``norm``: number, unit, nothing else."""
    lead = _LEADING.match(norm)
    pos = lead.end() if lead else 0
    if norm.startswith("(", pos) and ")" in norm:  # "(45 ± 2) m", "( 9.5 ) m"
        space = _SPACE.match(norm, pos + 1)
        pos = space.end() if space else pos + 1
    if pos >= len(norm) or not (_QTY_START.match(norm, pos) or _WHOLE_START.match(norm, pos)):
        raise ParseError(f"no number in {text!r}")
    mixed = _MIXED.match(norm, pos)
    if mixed is not None and int(mixed.group(3)) != 0:
        whole_part = float(mixed.group(1).replace("−", "-"))
        fraction = int(mixed.group(2)) / int(mixed.group(3))
        value = (
            whole_part - fraction if whole_part < 0 or norm[pos] in "-−" else whole_part + fraction
        )
        norm = f"{norm[:pos]}{value!r}{norm[mixed.end() :]}"
    q, end, bad = _quantity_at(norm, pos, whole=True)
    if bad:
        raise ParseError(f"number too large or malformed in {text!r}")
    if q is None:
        raise ParseError(f"no number in {text!r}")
    rest = _TRAILING.match(norm, end)
    tail = norm[rest.end() if rest else end :]
    if tail:
        word = regex.match(r"[^\s]+(?:\s+[^\s]+)?", tail)
        if q.unit is None and regex.match(r"[A-Za-zµΩ°%]", tail):
            bad_unit = word.group(0) if word else tail
            raise UnitError(f"unknown unit {bad_unit!r} in {text!r}")
        raise ParseError(f"unexpected {tail[:40]!r} after the quantity in {text!r}")
    unit = q.unit
    if unit is not None:
        written = unit.text
        at = q.text.rfind(written)
        glued = at > 0 and not q.text[at - 1].isspace()
        latex_exact = q.exact and "\\" in q.text[:at]  # \frac{1}{2}kT, not 1/3m
        if glued and (written in _GLUED_LETTER_NOT_UNIT or (latex_exact and written[:1].isalpha())):
            # "2b", "\frac{1}{2}kT": a product with variables, not 2 barns or 0.5 kilotesla
            raise ParseError(f"{q.text!r} in {text!r} is a product with a variable, not a unit")
        if unit.offset and _DIFFERENCE.search(label):
            # "ΔT = 5 °C": a temperature difference, 5 K, not 278.15 K
            unit = _as_difference(replace(q, unit=unit)).unit
    return Quantity(q.magnitude, unit, text, q.exact, q.resolution, q._tree, None, q.last_digit)


def parse_quantity(text: str) -> Quantity:
    """Parse one quantity: a number and an optional unit, nothing else.

    Numbers: ``120``, ``-9.8``, ``−9.8``, ``1,200``, ``1.2e3``, ``1.2 \\times 10^{3}``,
    ``1.2×10³``, ``1.2·10^-3``, ``\\frac{10}{3}``, ``\\sqrt{2}/2``, ``2\\pi``, ``3/4``,
    ``25%``. Units: symbols, names, plurals, British spellings, LaTeX
    (``\\text{}``, ``\\mathrm{}``, ``\\SI{}{}``, ``\\si{}``, ``^\\circ``, ``\\Omega``,
    ``\\mu``), unicode and compound units. A leading ``x =`` and a surrounding
    ``\\boxed{}`` are allowed.

    Raises:
        UnitError: The unit is unknown; the message names it.
        ParseError: There is no number, the number is unsafe to evaluate, or
            other text follows the quantity.

    >>> parse_quantity(r"\\SI{120}{\\meter}").to("m").magnitude
    120.0
    >>> parse_quantity("−2.0 µC").si_magnitude
    -2e-06
    >>> parse_quantity("3 blorbs")
    Traceback (most recent call last):
    ...
    unitreward.engine.errors.UnitError: unknown unit 'blorbs' in '3 blorbs'
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {type(text).__name__}: {text!r}")
    if len(text) > 1000:
        raise ParseError(f"quantity text too long ({len(text)} characters)")
    return _parse_cached(text)


def is_close(
    answer: Quantity,
    reference: Quantity,
    *,
    rel_tol: float = 1e-2,
    abs_tol: float = 0.0,
    sig_figs: bool = False,
) -> bool:
    """Whether ``answer`` equals ``reference`` within tolerance, in the reference's unit.

    Dimensions must already match (see :attr:`Quantity.dims`). The tolerance
    is ``rel_tol * |ref| + abs_tol`` (``numpy.isclose``'s rule); ``|ref|`` of an
    absolute temperature is taken from absolute zero (:attr:`Quantity.tolerance_scale`),
    so ``273 K`` is ``0 °C``. With ``sig_figs`` the relative part becomes half a unit
    in the reference's last written digit (:attr:`Quantity.digit_resolution`).

    >>> is_close(parse_quantity("0.12 km"), parse_quantity("120 m"))
    True
    >>> is_close(parse_quantity("2.7 m/s"), parse_quantity("2.67 m/s"))
    False
    >>> is_close(parse_quantity("2.7 m/s"), parse_quantity("2.67 m/s"), sig_figs=True)
    False
    >>> is_close(parse_quantity("273 K"), parse_quantity("0 °C"))
    True
    """
    ref = reference.magnitude
    value = answer.value_in(reference)
    if not math.isfinite(value):
        return False
    step = reference.digit_resolution if sig_figs else None
    tol = step if step is not None else rel_tol * reference.tolerance_scale
    return abs(value - ref) <= max(tol + abs_tol, float_slack(answer, reference, reference))


def float_slack(a: Quantity, b: Quantity, unit_of: Quantity) -> float:
    """Floating-point slack for comparing ``a`` and ``b``, in ``unit_of``'s unit.

    Scaled to the values in SI, so conversions through offsets and factors
    (0 °C against 32 °F differ by 3e-13) still compare equal.

    >>> float_slack(parse_quantity("32 °F"), parse_quantity("0 °C"), parse_quantity("0 °C")) < 1e-6
    True
    """
    factor = unit_of.unit.factor if unit_of.unit is not None else 1.0
    return 1e-9 * max(abs(a.si_magnitude), abs(b.si_magnitude)) / factor
