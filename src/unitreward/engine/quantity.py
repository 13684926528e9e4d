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
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from unitreward.engine.errors import ParseError, UnitError
from unitreward.engine.numbers import EvalError, scan_number, to_sympy
from unitreward.engine.text import normalize
from unitreward.engine.units import UnitInfo, get_registry, parse_unit, scan_unit

__all__ = ["MAX_QUANTITIES", "Quantity", "is_close", "parse_quantity", "scan_quantities"]


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

    @property
    def unit_text(self) -> str:
        """The unit as written (``""`` for a bare number).

        >>> parse_quantity("3 m·s⁻¹").unit_text
        'm·s⁻¹'
        """
        return self.unit.text if self.unit is not None else ""

    @property
    def has_unit(self) -> bool:
        """Whether a unit other than ``%`` was written.

        >>> parse_quantity("25%").has_unit, parse_quantity("3 m").has_unit
        (False, True)
        """
        return self.unit is not None and not self.unit.is_percent

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

        Offsets of absolute temperatures are applied (``-40 °F`` is ``-40 °C``).

        >>> round(parse_quantity("-40 °F").value_in(parse_quantity("0 °C")), 9)
        -40.0
        """
        if other.unit is None:
            return self.si_magnitude
        return self.si_magnitude / other.unit.factor - other.unit.offset

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
        value = self.si_magnitude / target.factor - target.offset
        return Quantity(value, target, f"{value:g} {target.text}")

    def __str__(self) -> str:
        return f"{self.magnitude:g} {self.unit_text}".strip()


# A number starts after neither a word character nor a decimal point; after "{" only when
# the brace opens a set or a group ("{80 m, 120 m}"), not an exponent, a subscript, the
# argument of a command or a brace inside braces ("^{10}", "_{1}", "\\frac{a}{2}", "{{2}}").
_QTY_START = re.compile(
    r"(?<![\w.^_\\])(?<![\^_}{A-Za-z]\{)(?<![\^{][-+−])(?:[-+−]\s?)?(?=\d|\.\d|\\frac|\\sqrt|√|π)"
)
_SPACE = re.compile(r"[ \t]*")


def _quantity_at(text: str, pos: int) -> tuple[Quantity | None, int, bool]:
    """Read a quantity at ``pos``: (quantity or None, end, refused-as-unsafe)."""
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
    space = _SPACE.match(text, end)
    upos = space.end() if space else end
    unit: UnitInfo | None = None
    unknown: str | None = None
    if upos < len(text):
        unit, uend = scan_unit(text, upos)
        if unit is not None:
            end = uend
            if end < len(text) and text[end] == "^":  # m^{10^{10}}: a power we did not read
                return None, end + 1, True
        else:
            word = _WORD.match(text, upos)
            if word is not None and word.group(0).lower() not in _NOT_UNITS:
                unknown = word.group(0)
    q = Quantity(
        number.value,
        unit,
        text[start:end].strip(),
        number.exact,
        number.resolution,
        number.tree if number.exact else None,
        unknown,
    )
    return q, end, False


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
MAX_QUANTITIES = 500


def scan_quantities(text: str, *, limit: int = MAX_QUANTITIES) -> Scan:
    """Find the quantities in normalised text, left to right (at most ``limit``).

    When the text holds more, the scan stops and says so (``truncated``): a caller must
    then not treat the first ``limit`` as all of them.

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
        if len(found) >= limit:
            truncated = True
            break
        start = start_or_none
        if (
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
            found.append((start, end, q))
        pos = max(end, start + 1)
    return Scan(tuple(found), tuple(refused), truncated)


# Where a number can start: a digit, a root, π or a LaTeX fraction or root. A quantity
# starts at most two characters before (a sign and a space, or a decimal point).
_CORE = re.compile(r"[0-9√π\\]")
_IN_WORD = re.compile(r"[\w.]+")
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
        if text[at] == "\\" and not text.startswith(("\\frac", "\\sqrt"), at):
            pos = at + 1
            continue
        for candidate in (at - 2, at - 1, at):
            if candidate >= pos and _QTY_START.match(text, candidate) is not None:
                return candidate
        # inside a word or after a decimal point ("m1", "x2.5"): skip the whole run
        pos = _IN_WORD.match(text, at).end() if text[at].isdigit() else at + 1  # type: ignore[union-attr]


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


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Quantity:
    norm = normalize(text).strip()
    for wrapper in ("\\boxed{", "\\fbox{"):
        if norm.startswith(wrapper) and norm.endswith("}"):
            norm = norm[len(wrapper) : -1].strip()
    lead = _LEADING.match(norm)
    pos = lead.end() if lead else 0
    if pos >= len(norm) or not _QTY_START.match(norm, pos):
        raise ParseError(f"no number in {text!r}")
    q, end, bad = _quantity_at(norm, pos)
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
    return Quantity(q.magnitude, q.unit, text, q.exact, q.resolution, q._tree)


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
    is ``max(rel_tol * |ref|, abs_tol)``; with ``sig_figs`` the relative part
    becomes half a unit in the reference's last significant digit.

    >>> is_close(parse_quantity("0.12 km"), parse_quantity("120 m"))
    True
    >>> is_close(parse_quantity("2.7 m/s"), parse_quantity("2.67 m/s"))
    False
    >>> is_close(parse_quantity("2.7 m/s"), parse_quantity("2.67 m/s"), sig_figs=True)
    False
    """
    ref = reference.magnitude
    value = answer.value_in(reference)
    if not math.isfinite(value):
        return False
    if sig_figs and reference.resolution is not None:
        tol = reference.resolution
    else:
        tol = rel_tol * abs(ref)
    return abs(value - ref) <= max(tol, abs_tol, float_slack(answer, reference, reference))


def float_slack(a: Quantity, b: Quantity, unit_of: Quantity) -> float:
    """Floating-point slack for comparing ``a`` and ``b``, in ``unit_of``'s unit.

    Scaled to the values in SI, so conversions through offsets and factors
    (0 °C against 32 °F differ by 3e-13) still compare equal.

    >>> float_slack(parse_quantity("32 °F"), parse_quantity("0 °C"), parse_quantity("0 °C")) < 1e-6
    True
    """
    factor = unit_of.unit.factor if unit_of.unit is not None else 1.0
    return 1e-9 * max(abs(a.si_magnitude), abs(b.si_magnitude)) / factor
