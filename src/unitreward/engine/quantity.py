"""Quantities: a magnitude and a unit, parsed from text and compared with tolerance.

:class:`Quantity` is the value; :func:`parse_quantity` reads one whole quantity (a
reference, an answer); :func:`is_close` compares two. Finding the quantities in running
text is :mod:`unitreward.engine.quantity_scan`'s (its names are still importable from here).

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
from unitreward.engine.numbers import digit_halves, to_sympy
from unitreward.engine.records import quick_init
from unitreward.engine.text import normalize
from unitreward.engine.tolerance import allowed_difference
from unitreward.engine.units import UnitInfo, get_registry, parse_unit

__all__ = ["Quantity", "float_slack", "is_close", "parse_quantity"]

#: Names that moved to :mod:`unitreward.engine.quantity_scan`, still importable from here.
_SCAN_NAMES = frozenset({"MAX_QUANTITIES", "MAX_REFUSED", "Scan", "scan_quantities"})


def __getattr__(name: str) -> Any:
    """The scan's names, where they were imported from before it had its own module
    (imported on first use: the scan module imports :class:`Quantity` from here)."""
    if name in _SCAN_NAMES:
        from unitreward.engine import quantity_scan

        return getattr(quantity_scan, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@quick_init
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
        unit, target = self.unit, other.unit  # (the properties inlined: called per comparison)
        si = self.magnitude if unit is None else (self.magnitude + unit.offset) * unit.factor
        if target is None:
            return si
        if unit is not None and (unit.cycles or unit.angle):
            si *= unit.cycle_factor(target)
        return si / target.factor - target.offset

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


_TRAILING = re.compile(r"[\s.,;:!]*")
_BLANKS = re.compile(r"[ \t]*")
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
    simple = _simple_quantity(norm, text)
    return simple if simple is not None else _parse_normalized(norm, text)


def _parse_normalized(norm: str, text: str) -> Quantity:
    """The full reading of a normalised quantity: the value after a relation that names
    it ("\\tau = 4.5 × 10^9 yr") when the whole does not read."""
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


# The common reference, a plain decimal, one space and a unit of letters ("512.37 m",
# "-9.8 m/s^2", "3 kJ"): what :func:`_parse_normalized` makes of it, read in a few
# steps (tests/test_fast_paths.py checks the two agree). Not: a unit that starts "e^" (an
# exact form, 2 e^3), a number word ("3 thousand"), more than 15 digits (beyond a float's).
_SIMPLE = re.compile(
    r"(-?)(\d{1,15}(?:\.\d{1,15})?) (?!e\^)(?!(?:thousand|million|billion|trillion)$)"
    r"([A-Za-z]{1,12}(?:\^[1-9])?(?:/[A-Za-z]{1,12}(?:\^[1-9])?)?)"
)


def _simple_quantity(norm: str, text: str) -> Quantity | None:
    """``norm`` read as :func:`_parse_whole` reads it when it is a simple quantity (see
    ``_SIMPLE``), else ``None``: the full reading decides (an unknown unit included)."""
    m = _SIMPLE.fullmatch(norm)
    if m is None:
        return None
    sign, mantissa, written = m.groups()
    try:
        unit = parse_unit(written)
    except UnitError:
        return None
    value = float(mantissa)
    resolution, step = digit_halves(mantissa)
    return Quantity(-value if sign else value, unit, text, False, resolution, None, None, step)


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


_SCAN: list[Any] = []


def _scan_module() -> Any:
    """:mod:`unitreward.engine.quantity_scan`, imported on first use (it imports
    :class:`Quantity` from here) and kept: an import statement in the reading path
    costs a microsecond a call."""
    if not _SCAN:
        from unitreward.engine import quantity_scan

        _SCAN.append(quantity_scan)
    return _SCAN[0]


def _parse_whole(norm: str, text: str, label: str) -> Quantity:
    """One quantity that is all of ``norm``: number, unit, nothing else."""
    scan = _scan_module()
    lead = _LEADING.match(norm)
    pos = lead.end() if lead else 0
    if norm.startswith("(", pos) and ")" in norm:  # "(45 ± 2) m", "( 9.5 ) m"
        pos = _BLANKS.match(norm, pos + 1).end()  # type: ignore[union-attr]
    if pos >= len(norm) or not (
        scan.QUANTITY_START.match(norm, pos) or scan.WHOLE_START.match(norm, pos)
    ):
        raise ParseError(f"no number in {text!r}")
    mixed = _MIXED.match(norm, pos)
    if mixed is not None and int(mixed.group(3)) != 0:
        whole_part = float(mixed.group(1).replace("−", "-"))
        fraction = int(mixed.group(2)) / int(mixed.group(3))
        value = (
            whole_part - fraction if whole_part < 0 or norm[pos] in "-−" else whole_part + fraction
        )
        norm = f"{norm[:pos]}{value!r}{norm[mixed.end() :]}"
    q, end, bad = scan.read_quantity_at(norm, pos, whole=True)
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
            unit = scan.as_difference(replace(q, unit=unit)).unit
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
    tolerance_rule: str = "sum",
) -> bool:
    """Whether ``answer`` equals ``reference`` within tolerance, in the reference's unit.

    Dimensions must already match (see :attr:`Quantity.dims`). The tolerance
    is ``rel_tol * |ref| + abs_tol`` (``numpy.isclose``'s rule; ``tolerance_rule``
    ``"both"`` or ``"either"`` combines them otherwise, see
    :func:`~unitreward.engine.tolerance.allowed_difference`); ``|ref|`` of an
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
    >>> km, close = parse_quantity("1 km"), parse_quantity("1098 m")
    >>> is_close(close, km, rel_tol=0.05, abs_tol=0.1), is_close(close, km, rel_tol=0.05, abs_tol=0.1, tolerance_rule="both")
    (True, False)
    """
    ref = reference.magnitude
    value = answer.value_in(reference)
    if not math.isfinite(value):
        return False
    step = reference.digit_resolution if sig_figs else None
    if step is None and rel_tol > 0:
        step = rel_tol * reference.tolerance_scale
    tol = allowed_difference(step, abs_tol if abs_tol > 0 else None, tolerance_rule)
    return abs(value - ref) <= max(tol, float_slack(answer, reference, reference))


def float_slack(a: Quantity, b: Quantity, unit_of: Quantity) -> float:
    """Floating-point slack for comparing ``a`` and ``b``, in ``unit_of``'s unit.

    Scaled to the values in SI, so conversions through offsets and factors
    (0 °C against 32 °F differ by 3e-13) still compare equal.

    >>> float_slack(parse_quantity("32 °F"), parse_quantity("0 °C"), parse_quantity("0 °C")) < 1e-6
    True
    """
    factor = unit_of.unit.factor if unit_of.unit is not None else 1.0
    ua, ub = a.unit, b.unit  # (si_magnitude inlined: called on every comparison)
    sa = a.magnitude if ua is None else (a.magnitude + ua.offset) * ua.factor
    sb = b.magnitude if ub is None else (b.magnitude + ub.offset) * ub.factor
    return 1e-9 * max(abs(sa), abs(sb)) / factor
