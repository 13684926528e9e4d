"""Unit spellings to pint units: one lazily built registry, bounded caches.

A unit as written by a model (``km/h``, ``kg·m·s⁻²``, ``J/(kg·K)``, ``metres``,
``meters per second squared``, ``°C``, ``µF``) is read by a small tokenizer of our
own into atoms, exponents and operators; each atom is resolved once through
pint's ``parse_unit_name`` (prefixes, plurals, aliases) and cached. We do not
hand whole strings to pint's own parser because (a) prose follows the unit
("15 N down the incline", "3 m in total") and pint would read ``in`` as inches
and juxtaposition as a product, (b) pint's parser costs ~100 µs a call, and
(c) pint resolves single letters to physical constants (``c``, ``e``, ``R``).

>>> u = parse_unit("km/h")
>>> u.text, round(u.factor, 6), u.dimensionality
('km/h', 0.277778, '[length] / [time]')
>>> parse_unit("kg·m·s^{-2}").same_dimension(parse_unit("N"))
True
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import UnitError

__all__ = ["UnitInfo", "get_registry", "parse_unit", "scan_unit"]

_REGISTRY: Any = None
_LOCK = threading.Lock()


def get_registry() -> Any:
    """The shared pint registry, built on first use (~0.2 s) and then reused.

    Offset units (``°C``) inside products convert through kelvin
    (``autoconvert_offset_to_baseunit=True``), so ``J/(kg·°C)`` works.

    >>> get_registry() is get_registry()
    True
    """
    global _REGISTRY
    if _REGISTRY is None:
        with _LOCK:
            if _REGISTRY is None:
                import pint

                _REGISTRY = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    return _REGISTRY


# Spellings resolved by us before pint: symbols pint lacks or misreads.
_ALIASES: dict[str, str] = {
    "Ω": "ohm",
    "Ohm": "ohm",
    "Ohms": "ohm",
    "ohm": "ohm",
    "℃": "degC",
    "°C": "degC",
    "°F": "degF",
    "℉": "degF",
    "°K": "kelvin",
    "°": "degree",
    "degrees": "degree",
    "degree": "degree",
    "deg": "degree",
    "Celsius": "degC",
    "celsius": "degC",
    "centigrade": "degC",
    "Fahrenheit": "degF",
    "fahrenheit": "degF",
    "%": "percent",
    "percent": "percent",
    "pct": "percent",
    "amp": "ampere",
    "amps": "ampere",
    "Amp": "ampere",
    "Amps": "ampere",
    "Nm": "newton * meter",
    "Ns": "newton * second",
    "kmph": "kilometer / hour",
    "kph": "kilometer / hour",
    "Torr": "torr",
    "sec": "second",
    "secs": "second",
    "hrs": "hour",
    "mins": "minute",
    "yrs": "year",
    "gm": "gram",
    "gms": "gram",
    "cc": "centimeter ** 3",
    "Mohm": "megaohm",
    "kohm": "kiloohm",
    "kOhm": "kiloohm",
    "MOhm": "megaohm",
    # pint reads AU as absorbance, cps as counts per second, RPM not at all
    "AU": "astronomical_unit",
    "au": "astronomical_unit",
    "cps": "hertz",
    "RPM": "revolutions_per_minute",
    "rev": "turn",
    "revs": "turn",
    "Cal": "kilocalorie",
    "lbm": "pound",
    "Gauss": "gauss",
    "µ_B": "bohr_magneton",
    "µ_N": "nuclear_magneton",
    "mu_B": "bohr_magneton",
    "c": "speed_of_light",
    "e": "elementary_charge",
    "dimensionless": "dimensionless",
    "dB": "decibel",
    "Δ°C": "delta_degC",
    "Δ°F": "delta_degF",
}

# Counted things: a number of them is a dimensionless count ("161 turns", "1.07e16
# photons"). Cycles are kept apart from other counts: see `UnitInfo.cycles`.
_COUNT_NOUNS = frozenset(
    {
        "photon", "electron", "atom", "nucleus", "nuclei", "molecule", "particle", "ion",
        "proton", "neutron", "event", "decay", "count", "quantum", "quanta", "nucleon",
        "fringe", "collision", "oscillation", "vibration",
    }
)  # fmt: skip
_CYCLE_NOUNS = frozenset({"turn", "cycle", "revolution", "rotation"})

# Names pint knows that are English words or physical constants, not units, when a
# model writes them after a number: never units.
_DENY = frozenset(
    {
        "a", "at", "are", "as", "an", "am", "or", "and", "of", "to", "by", "for", "on", "the",
        "R", "G", "E", "k", "q", "n", "p", "P", "x", "y", "z", "i", "j",
        "pi", "point", "points", "line", "lines", "hand", "hands", "link", "chain", "rod",
        "pole", "bit", "bits", "mass", "number", "times", "it", "is", "be", "if", "so", "no",
        "me", "we", "do", "go", "up", "gamma", "lambda", "sun", "planck", "atomic", "dozen",
        "unit", "units", "thou", "mil", "tex", "den", "nit", "ph", "ex", "St", "B", "f", "v",
        "w", "r", "o", "mu", "da", "Einstein", "einstein",
    }
)  # fmt: skip

# Accepted as a unit only where no prose can follow (end, punctuation, brace, an
# operator or another unit), or in a reference read whole (`parse_unit`): letters and
# words that prose uses for other things (a variable d, the particle e, the word in).
_AMBIGUOUS_WORDS = frozenset(
    {
        "in", "t", "l", "yd", "ft", "mi", "M", "c", "e", "u", "D", "b", "d", "pc", "au", "AU",
        "Sv", "Gy", "dB", "ly", "Da",
    }
)  # fmt: skip
# The physical constants used as units (``0.96c``, ``-5 e``): also refused before a
# closing bracket, where a part label ("3c)") is likelier.
_CONSTANTS = frozenset({"c", "e"})
# pint's names of the offset temperature units ("20 degree_Celsius" is str(q))
_OFFSET_NAMES = {"degree_Celsius": "degC", "degree_Fahrenheit": "degF"}
# Units only in a reference read whole: pint's symbol for the year (annum) is a word.
_WHOLE_ONLY = {"a": "year"}

# Unit names that may follow another unit after a space ("kilogram metre", "kilowatt
# hour", "centimetre second^(-1)") while a prose text is scanned; symbols of at most
# three letters always may.
_JUXTAPOSABLE_NAMES = frozenset(
    {
        "meter", "gram", "second", "newton", "joule", "watt", "ampere", "kelvin", "mole",
        "volt", "ohm", "pascal", "coulomb", "hertz", "tesla", "weber", "henry", "farad",
        "siemens", "radian", "hour", "minute", "candela", "electron_volt", "calorie", "liter",
        "foot", "pound", "force_pound",
    }
)  # fmt: skip

# SI prefixes written as a factor of their own, sympy's style ("1.0*kilo*gram",
# "0.123*da*W", "123*c*W") or apart from the unit ("8.65 k W", "10 µ A").
_PREFIX_FACTORS: dict[str, str] = {
    "Y": "yotta", "Z": "zetta", "E": "exa", "P": "peta", "T": "tera", "G": "giga",
    "M": "mega", "k": "kilo", "h": "hecto", "da": "deca", "d": "deci", "c": "centi",
    "mu": "micro", "µ": "micro", "n": "nano", "p": "pico", "f": "femto", "a": "atto",
    "yotta": "yotta", "zetta": "zetta", "exa": "exa", "peta": "peta", "tera": "tera",
    "giga": "giga", "mega": "mega", "kilo": "kilo", "hecto": "hecto", "deca": "deca",
    "deka": "deca", "deci": "deci", "centi": "centi", "milli": "milli", "micro": "micro",
    "nano": "nano", "pico": "pico", "femto": "femto", "atto": "atto",
}  # fmt: skip
# Only these stand apart from their unit with a space: no unit is spelled k or µ alone.
_SPACED_PREFIXES = frozenset({"k", "µ"})
_LONG_PREFIXES = tuple(
    sorted({v for v in _PREFIX_FACTORS.values()} | {"deka"}, key=len, reverse=True)
)
# Symbols that may start a glued product of symbols ("JK^{-1}", "Jmol^{-1}", "kWhr").
_GLUED_HEADS = frozenset({"J", "kJ", "MJ", "N", "kN", "W", "kW", "MW", "V", "A", "C", "Pa", "eV"})
# Capitalisation slips with one reading: K for k before these ("KJ", "Kg", "Km"), and
# PA for Pa, HZ/hz for Hz.
_K_SLIPS = frozenset({"J", "g", "m", "W", "V", "N", "Pa", "Hz", "eV", "mol", "cal", "L", "A", "Ω"})

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")

_TWO_PI = 6.283185307179586
# Units pint defines through a turn (2π rad); we count cycles instead (`UnitInfo.cycles`).
_TURN_UNITS = frozenset({"turn", "revolutions_per_minute", "revolutions_per_second"})
_CYCLE_UNITS = _TURN_UNITS | {"hertz", "count_cycle"}
_ANGLE_UNITS = frozenset({"radian", "degree", "arcminute", "arcsecond", "grade"})


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A parsed unit: how it was written, its pint unit and conversion to SI.

    Angles and cycles (pint: dimensionless, a turn is 2π rad) are kept apart so that
    angular and cyclic frequency differ: ``rad/s`` carries ``angle = 1``, ``Hz`` and
    ``rpm`` carry ``cycles = 1`` (a cycle counts as 1, so 300 rpm is 5 Hz), and a
    conversion between the two multiplies by 2π per cycle (1 Hz is 2π rad/s). A unit
    with neither (``s⁻¹``) is unspecified and compares with both as written.

    Attributes:
        text: The unit as read from the text (whitespace-normalised).
        expr: The pint expression it resolved to (``"kilometer / hour"``).
        factor: Multiply a magnitude by this to get SI base units (a cycle counts 1).
        offset: For absolute temperatures (``°C``, ``°F``): ``SI = (x + offset) * factor``.
        dims: The dimensionality as a sorted tuple of ``(dimension, exponent)``.
        is_percent: ``True`` for ``%``/``percent``, which count as "no unit" for
            the missing-unit rule.
        is_count: ``True`` for a count of things (``photons``, ``turns``,
            ``dimensionless``): no unit for the missing-unit rule either.
        angle: The power of the angle (radians, degrees) in the unit.
        cycles: The power of cycles (turns, revolutions, the Hz of cyclic frequency).

    >>> parse_unit("°C").offset
    273.15
    >>> parse_unit("rpm").cycles, parse_unit("rad/s").angle
    (1.0, 1.0)
    """

    text: str
    expr: str
    factor: float
    offset: float = 0.0
    dims: tuple[tuple[str, float], ...] = field(default=())
    is_percent: bool = False
    is_count: bool = False
    angle: float = 0.0
    cycles: float = 0.0

    @property
    def dimensionality(self) -> str:
        """The dimensionality written as pint writes it.

        >>> parse_unit("N").dimensionality
        '[mass] * [length] / [time] ** 2'
        """
        if self.dims and self.dims[0][0] == _LOG_DIM:
            return "decibel (logarithmic)"
        return _dimensionality_text(self.expr) if self.dims else "dimensionless"

    @property
    def pint_unit(self) -> Any:
        """The unit as a :class:`pint.Unit` of the shared registry.

        >>> str(parse_unit("km/h").pint_unit)
        'kilometer / hour'
        """
        return get_registry().Unit(self.expr)

    def same_dimension(self, other: UnitInfo | None) -> bool:
        """Whether ``other`` (``None`` meaning a bare number) has this dimension.

        >>> parse_unit("J").same_dimension(parse_unit("eV"))
        True
        """
        return self.dims == (other.dims if other is not None else ())

    def cycle_factor(self, other: UnitInfo | None) -> float:
        """What a value in this unit is multiplied by to compare it in ``other``'s:
        2π per cycle turned into a radian, 1 when either side leaves angles unspecified.

        >>> round(parse_unit("Hz").cycle_factor(parse_unit("rad/s")), 4)
        6.2832
        >>> parse_unit("Hz").cycle_factor(parse_unit("1/s"))
        1.0
        """
        if other is None or not (self.angle or self.cycles) or not (other.angle or other.cycles):
            return 1.0
        return float(_TWO_PI ** (self.cycles - other.cycles))


_LOG_DIM = "[logarithmic ratio]"


# --------------------------------------------------------------------------- tokenizer

_ATOM = r"(?:Δ?[°℃℉](?:\s?[CFK](?![A-Za-z]))?|[A-Za-zµμΩÅ℃℉%]+(?:_\{?[A-Za-z]+\}?)?)"
_EXP = r"(?:[ \t]*\^\s?(?:\{\s?[-+−]?\s?\d{1,2}\s?\}|\(\s?[-+−]?\d{1,2}\s?\)|[-+−]?\d{1,2})|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})"
_TOKEN = re.compile(
    rf"""
    (?P<open>\()
    |(?P<close>\)(?P<cexp>{_EXP})?)
    |(?P<per>\.?\s*(?:/|\bper\b)\s*)
    |(?P<mul>\s*[·⋅∙*×]\s*|-(?=[A-Za-zµΩ°])|\s+)
    |(?P<square>\b(?:square|sq\.?)\s+)
    |(?P<cubic>\bcubic\s+)
    |(?P<atom>{_ATOM})(?P<exp>{_EXP})?(?P<post>\s+(?:squared|cubed)\b)?
    """,
    re.VERBOSE,
)
_END_OK = re.compile(r"\s*(?:$|[.,;:!?)\]}|$\\/·*^⁻²³]|\s(?:or|and|to|at|per)\b)")
_CONSTANT_END = re.compile(r"\s*(?:$|[.,;:!?}$\\/·*]|\s(?:or|and)\b)")
_LEADING_PER = re.compile(r"(?:1\s*)?(?:/|per\b)\s*(?=[A-Za-zµΩ°(])")
_PREFIX_JOIN = re.compile(r"\s?\*\s?(?=[A-Za-zµΩ])")
_PREFIX_SPACE = re.compile(r"\s+(?=[A-Za-zΩ])")


@lru_cache(maxsize=1024)
def _dimensionality_text(expr: str) -> str:
    return str(get_registry().Unit(expr).dimensionality)


@lru_cache(maxsize=4096)
def _resolve(name: str) -> tuple[str, ...] | None:
    """One written unit name as pint expressions, or ``None`` if it is not a unit.

    Usually one expression; a glued product of symbols ("JK", "kWhr") gives one per
    symbol (an exponent written after it applies to the last). Prose words that are
    also unit names are left to the callers' position rules (`_AMBIGUOUS_WORDS`).
    """
    name = name.replace("μ", "µ")
    if "{" in name:  # µ_{B}
        name = name.replace("{", "").replace("}", "")
    if name in _ALIASES:
        return (_ALIASES[name],)
    if name in _DENY:
        return None
    noun = _counted(name)
    if noun is not None:
        return noun
    expr = _pint_name(name)
    if expr is not None:
        return (_OFFSET_NAMES.get(expr, expr),)
    return _repaired(name)


def _counted(name: str) -> tuple[str, ...] | None:
    """A counted noun ("photons", "nuclei", "turns"): a dimensionless count."""
    low = name.lower()
    if low.startswith("α-") or low.startswith("alpha-"):
        low = low.partition("-")[2]
    singular = low[:-1] if low.endswith("s") and low[:-1] in _COUNT_NOUNS | _CYCLE_NOUNS else low
    if singular in _CYCLE_NOUNS:
        return ("turn",)
    if singular in _COUNT_NOUNS:
        return ("count",)
    return None


def _repaired(name: str) -> tuple[str, ...] | None:
    """Spellings pint does not read but that have one meaning: capitalised names,
    a capital K for kilo, PA for Pa, a prefix name before a symbol, glued symbols."""
    n = len(name)
    if n >= 4 and name[0].isupper() and name[1:].islower():  # Newtons, Joules, Kelvin
        low = name.lower()
        if low not in _DENY and low not in _AMBIGUOUS_WORDS:
            found = _resolve(low)
            if found is not None:
                return found
    if n >= 4 and name.endswith("s") and name[:-1] in _ALIASES:  # Ohms-like plurals
        return (_ALIASES[name[:-1]],)
    if n >= 2 and name[0] == "K" and name[1:] in _K_SLIPS:  # KJ, Kg, KHz
        expr = _pint_name("k" + name[1:])
        return (expr,) if expr is not None else None
    for wrong, right in (("PA", "Pa"), ("HZ", "Hz"), ("hz", "Hz")):
        if name.endswith(wrong) and n <= len(wrong) + 2:  # kPA, MPA, KHZ, khz
            fixed = name[: -len(wrong)] + right
            head = fixed[:1]
            if head == "K" and len(fixed) > len(right):
                fixed = "k" + fixed[1:]
            expr = _pint_name(fixed)
            return (expr,) if expr is not None else None
    for prefix in _LONG_PREFIXES:  # microA, kiloJ
        if name.startswith(prefix) and n > len(prefix):
            parts = _pint_parts(name[len(prefix) :])
            if parts is not None and parts[0] == "" and name[len(prefix)].isupper():
                return (f"{prefix}{parts[1]}",)
            break
    for cut in (1, 2, 3):  # JK, Jmol, kWhr
        head, tail = name[:cut], name[cut:]
        if head in _GLUED_HEADS and tail:
            rest = _glued_tail(tail)
            head_expr = _pint_name(head)
            if rest is not None and head_expr is not None:
                return (head_expr, *rest)
    return None


def _glued_tail(tail: str) -> tuple[str, ...] | None:
    if len(tail) > 3 or tail in _DENY or tail in _AMBIGUOUS_WORDS:
        return None
    expr = _ALIASES.get(tail) or _pint_name(tail)
    return (expr,) if expr is not None else None


def _atom_expr(name: str) -> tuple[str, ...] | None:
    """Resolve one unit name (the cached `_resolve`)."""
    return _resolve(name)


@lru_cache(maxsize=4096)
def _pint_parts(name: str) -> tuple[str, str] | None:
    """pint's reading of one name as (prefix, unit), or ``None``."""
    if len(name) > 40 or not name.replace("_", "").isalpha():
        return None
    try:
        candidates = get_registry().parse_unit_name(name)
    except Exception:  # pint raises several types on odd names
        return None
    if not candidates:
        return None
    # Prefer an unprefixed reading ("Pa" is pascal, not peta-annum).
    prefix, unit, _suffix = min(candidates, key=lambda c: (c[0] != "", len(c[1])))
    if unit in {"speed_of_light", "elementary_charge", "molar_gas_constant", "particle", "pi"}:
        return None
    return prefix, unit


def _pint_name(name: str) -> str | None:
    parts = _pint_parts(name)
    return None if parts is None else f"{parts[0]}{parts[1]}"


@lru_cache(maxsize=1024)
def _base_of(expr: str) -> str:
    """The unit of a pint expression without its prefix ("kilohertz" -> "hertz")."""
    if not expr.replace("_", "").isalpha():
        return expr
    parts = _pint_parts(expr)
    return parts[1] if parts is not None else expr


_NOT_DIGIT = re.compile(r"[^\d+-]")


def _exp_value(text: str | None) -> int:
    if not text:
        return 1
    t = text.translate(_SUPERSCRIPTS)
    t = t.replace("−", "-")
    digits = _NOT_DIGIT.sub("", t)
    try:
        return int(digits)
    except ValueError:
        return 1


@dataclass
class _Scan:
    parts: list[tuple[str, int]]
    end: int


def scan_unit(text: str, pos: int = 0) -> tuple[UnitInfo | None, int]:
    """Read the longest unit starting at ``text[pos]``; return it and where it ends.

    Returns ``(None, pos)`` when no unit starts there. Prose after the unit
    stops the scan (``"15 N down the incline"`` reads ``N``).

    >>> info, end = scan_unit("m/s in the ideal case")
    >>> info.text, end
    ('m/s', 3)
    >>> scan_unit("loops")[0] is None
    True
    """
    fast = _FAST.match(text, pos)
    if (
        fast is not None
        and fast.group(0) not in _AMBIGUOUS_WORDS
        and not _continues(text, fast.end())
    ):
        info, length = _scan_span(fast.group(0))
        return info, pos + length
    return _read(text, pos)


def _read(text: str, pos: int) -> tuple[UnitInfo | None, int]:
    """The full tokenizer at ``pos``: the unit and its end, or ``(None, pos)``."""
    parsed = _scan(text, pos)
    if parsed is None:
        return None, pos
    try:
        return _unit_from_parts(text[pos : parsed.end].strip(), tuple(parsed.parts)), parsed.end
    except UnitError:
        return None, pos


# The common case ("m/s²", "kJ", "N·m", "seconds") read by one regex and a cache;
# anything that may continue (a space and another unit, "per", a parenthesis) takes
# the full tokenizer.
_FAST = re.compile(
    r"[A-Za-zµΩÅ°%℃℉]+(?:[²³¹⁻]{1,3}|\^-?\d)?(?:[/·][A-Za-zµΩÅ]+(?:[²³¹⁻]{1,3}|\^-?\d)?){0,3}"
)
_NEXT_WORD = re.compile(r"\s+([A-Za-zµΩ°]+)")
_CONTINUING_WORDS = frozenset(
    {"per", "squared", "cubed", "Celsius", "Fahrenheit", "C", "F", "K", "square", "cubic"}
)
_HYPHEN_WORD = re.compile(r"-([A-Za-zµΩ]+)")
_CONTINUATION_CHARS = frozenset("/·*^({_⁰¹²³⁴⁵⁶⁷⁸⁹⁻0123456789°")


def _continues(text: str, end: int) -> bool:
    if end >= len(text):
        return False
    ch = text[end]
    if ch in "/·*" and end + 1 < len(text) and (text[end + 1].isdigit() or text[end + 1] == " "):
        return ch != "/" or not text[end + 1 :].lstrip()[:1].isdigit()
    if ch in _CONTINUATION_CHARS or ch.isalpha():
        return True
    if ch == "-":  # ft-lb, ohm-cm
        return end + 1 < len(text) and text[end + 1].isalpha()
    if ch == ".":  # "ft. / sec."
        return text[end + 1 : end + 4].lstrip()[:1] == "/"
    if not text[end].isspace():
        return False
    nxt = text[end : end + 8].lstrip()
    if nxt[:1] in ("/", "·", "*"):
        # "V / 4 Ω" divides by a number: the unit ends at V
        after = nxt[1:].lstrip()[:1]
        return bool(after) and (after.isalpha() or after in "(µΩ°")
    if nxt[:1] in ("(", "^"):
        return True
    word = _NEXT_WORD.match(text, end)
    if word is None:
        return False
    name = word.group(1)
    if name in _CONTINUING_WORDS:
        return True
    if name in _AMBIGUOUS_WORDS:  # "lb in^{-2}", "lb ft" at the end: the tokenizer decides
        return True
    return _juxtaposable(name, whole=False)


def _unit_follows(text: str, end: int) -> bool:
    """A unit symbol follows after a space or a hyphen ("ft s^-1", "ft-lb"), so a word
    like ``ft`` is a unit."""
    word = _NEXT_WORD.match(text, end) or _HYPHEN_WORD.match(text, end)
    if word is None:
        return False
    name = word.group(1)
    return len(name) <= 3 and name not in _AMBIGUOUS_WORDS and _atom_expr(name) is not None


def _juxtaposable(name: str, *, whole: bool) -> bool:
    """Whether a unit written after another unit and a space continues the product.

    Symbols of up to three letters do ("kg m/s"), and SI unit names ("kilogram
    metre", "kilowatt hour"); prose words do not ("15 N down", "3 m in total").
    A unit read whole (a reference) takes any unit.
    """
    pieces = _atom_expr(name)
    if pieces is None:
        return False
    if whole:
        return True
    if name in _AMBIGUOUS_WORDS:
        return False
    return len(name) <= 3 or _base_of(pieces[-1]) in _JUXTAPOSABLE_NAMES


def _ambiguous_ok(text: str, end: int, name: str) -> bool:
    """An ambiguous word is a unit where no prose follows it (see `_AMBIGUOUS_WORDS`)."""
    if name in _CONSTANTS:
        return bool(_CONSTANT_END.match(text, end))
    return bool(_END_OK.match(text, end) or _unit_follows(text, end))


@lru_cache(maxsize=4096)
def _scan_span(span: str) -> tuple[UnitInfo | None, int]:
    return _read(span, 0)


def _join_prefix(
    text: str, end: int, limit: int, prefix: str
) -> tuple[tuple[str, ...], re.Match[str]] | None:
    """A prefix written apart from its unit: "k*W", "kilo*gram", "da*W", "k W", "µ A".

    Returns the prefixed unit and the match of the unit's token, or ``None``.
    """
    join = _PREFIX_JOIN.match(text, end, limit)
    if join is None:
        if prefix not in _SPACED_PREFIXES:
            return None
        join = _PREFIX_SPACE.match(text, end, limit)
        if join is None:
            return None
    nxt = _TOKEN.match(text, join.end(), limit)
    if nxt is None or nxt.group("atom") is None:
        return None
    unit = nxt.group("atom").replace("μ", "µ")
    parts = _pint_parts(_ALIASES.get(unit, unit))
    if parts is None or parts[0] != "" or _ALIASES.get(unit, unit) in _DENY:
        return None
    return (f"{_PREFIX_FACTORS[prefix]}{parts[1]}",), nxt


def _scan(text: str, pos: int, whole: bool = False) -> _Scan | None:
    """Tokenize a unit expression; keep the longest prefix that is a complete unit.

    A leading ``/``, ``1/`` or ``per`` inverts ("2 / second", "2 1/s": pint's
    spellings). ``whole``: the text is known to be a unit (a reference read whole),
    so ambiguous words are units wherever they stand, and units after ``/`` and a
    space stay in the denominator ("J/kg K" is J/(kg·K)).
    """
    parts: list[tuple[str, int]] = []  # (pint atom expression, signed exponent)
    sign = 1
    group_stack: list[tuple[int, int]] = []  # (index into parts, sign before group)
    best: _Scan | None = None
    i = pos
    expect_atom = True
    after_per = False
    pending_power = 1
    limit = min(len(text), pos + 80)
    steps = 0
    lead = _LEADING_PER.match(text, i, limit)
    if lead is not None and lead.end() < limit:
        # "2 / second", "2 1/s" (pint's spellings of 2 s⁻¹), "3 per second"
        sign, i, after_per = -1, lead.end(), True
    while i < limit and steps < 40:
        steps += 1
        m = _TOKEN.match(text, i, limit)
        if m is None:
            break
        kind = m.lastgroup
        if m.group("atom") is not None:
            kind = "atom"
        if kind == "atom":
            name = m.group("atom")
            if not expect_atom and not (parts and name[0] in "°℃℉"):
                break  # only a glued degree continues a product: J°C^{-1}, cal/g°C
            if " " in name:  # "° C"
                name = name.replace(" ", "")
            pieces: tuple[str, ...] | None = None
            if not m.group("exp") and name.replace("μ", "µ") in _PREFIX_FACTORS:
                joined = _join_prefix(text, m.end(), limit, name.replace("μ", "µ"))
                if joined is not None:
                    pieces, m = joined
            if pieces is None:
                pieces = _atom_expr(name)
                if pieces is None:
                    if not (whole and name in _WHOLE_ONLY):
                        break
                    pieces = (_WHOLE_ONLY[name],)
                if (
                    name in _AMBIGUOUS_WORDS
                    and not whole
                    and not after_per
                    and (
                        not _ambiguous_ok(text, m.end(), name)
                        or (name in _CONSTANTS and m.group("exp"))  # e^{-2} is Euler's
                    )
                ):
                    break
            power = _exp_value(m.group("exp")) * pending_power
            if m.group("post"):
                power *= 2 if "squared" in m.group("post") else 3
            pending_power = 1
            parts.extend((piece, sign) for piece in pieces[:-1])
            parts.append((pieces[-1], sign * power))
            i = m.end()
            expect_atom = False
            after_per = False
            if not group_stack:
                best = _Scan(list(parts), i)
            continue
        if kind == "open":
            if not expect_atom:
                break
            group_stack.append((len(parts), sign))
            i = m.end()
            continue
        if kind == "close":
            if not group_stack or expect_atom:
                break
            start, outer = group_stack.pop()
            power = _exp_value(m.group("cexp"))
            if power != 1:
                parts[start:] = [(e, p * power) for e, p in parts[start:]]
            sign = outer
            i = m.end()
            if not group_stack:
                best = _Scan(list(parts), i)
            continue
        if kind in ("square", "cubic"):
            if not expect_atom:
                break
            pending_power = 2 if kind == "square" else 3
            i = m.end()
            continue
        if expect_atom:
            break
        if kind == "per":
            sign = -group_stack[-1][1] if group_stack else -1
            after_per = True
        elif kind == "mul":
            op = m.group("mul")
            if op.strip() == "":
                if sign == -1 and not group_stack and not whole:
                    # "m/s kg" is unusual; "J/kg K" is common but ambiguous in prose: stop.
                    break
                # juxtaposition: only a unit-like atom may follow ("kg m/s", "N s")
                nxt = _TOKEN.match(text, m.end(), limit)
                if nxt is None:
                    break
                if nxt.group("atom") is None:
                    if not (nxt.group("square") or nxt.group("cubic")):
                        break
                elif not _juxtaposable(nxt.group("atom"), whole=whole) and not (
                    nxt.group("atom") in _AMBIGUOUS_WORDS
                    and (nxt.group("exp") or _ambiguous_ok(text, nxt.end(), nxt.group("atom")))
                ):
                    break
        i = m.end()
        expect_atom = True
    return best


def _pound_force(ureg: Any, parts: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """Pound inside a compound unit is pound-force where a force makes the physics:
    times a length (ft·lb, ft·lb/s), per length or area (lb/ft, lb/in²), times a time
    (lb·s/ft). Alone, and in lb/ft³, lb·ft², lb/s, it stays pound-mass."""
    if len(parts) < 2 or not any(_base_of(e) == "pound" for e, _ in parts):
        return parts
    length = time = 0.0
    for expr, power in parts:
        if _base_of(expr) != "pound":
            dims = ureg.Unit(expr).dimensionality
            length += dims.get("[length]", 0) * power
            time += dims.get("[time]", 0) * power
    if length == 1 or time > 0 or (length in (-1, -2) and time == 0):
        return tuple(
            (expr.replace("pound", "force_pound") if _base_of(expr) == "pound" else expr, power)
            for expr, power in parts
        )
    return parts


@lru_cache(maxsize=8192)
def _unit_from_parts(text: str, parts: tuple[tuple[str, int], ...]) -> UnitInfo:
    ureg = get_registry()
    try:
        if len(parts) == 1 and parts[0][1] == 1 and parts[0][0] in ("degC", "degF"):
            zero = ureg.Quantity(0.0, parts[0][0]).to("kelvin").magnitude
            one = ureg.Quantity(1.0, parts[0][0]).to("kelvin").magnitude
            factor = float(one - zero)
            return UnitInfo(
                text=text,
                expr=parts[0][0],
                factor=factor,
                offset=float(zero) / factor,
                dims=(("[temperature]", 1.0),),
            )
        if any(_base_of(e) == "decibel" for e, _ in parts):
            if parts != (("decibel", 1),):
                raise UnitError(f"decibels in a compound unit {text!r}")
            # a logarithmic ratio: compared only with itself, never converted
            return UnitInfo(text=text, expr="decibel", factor=1.0, dims=((_LOG_DIM, 1.0),))
        parts = _pound_force(ureg, parts)
        expr = " * ".join(f"({e}) ** {p}" if p != 1 else f"({e})" for e, p in parts)
        unit = ureg.Unit(_multiply(ureg, parts))
        base = ureg.Quantity(1.0, unit).to_base_units()
    except UnitError:
        raise
    except Exception as exc:  # pint's errors vary by version
        raise UnitError(f"unknown unit {text!r}") from exc
    factor = float(base.magnitude.real)
    angle = cycles = turns = 0.0
    for e, p in parts:
        b = _base_of(e)
        if b in _ANGLE_UNITS:
            angle += p
        elif b in _CYCLE_UNITS:
            cycles += p
            if b in _TURN_UNITS:
                turns += p
    if turns:
        factor /= _TWO_PI**turns  # pint's turn is 2π rad; a cycle counts 1
    dims = tuple(sorted((str(k), float(v)) for k, v in base.dimensionality.items()))
    expr = str(unit) if str(unit) else expr
    counted = (
        len(parts) == 1 and parts[0][1] == 1 and parts[0][0] in ("count", "turn", "dimensionless")
    )
    return UnitInfo(
        text=text,
        expr=expr,
        factor=factor,
        dims=dims,
        is_percent=parts == (("percent", 1),),
        is_count=counted,
        angle=angle,
        cycles=cycles,
    )


_DELTA = {"degC": "delta_degC", "degF": "delta_degF"}


def _multiply(ureg: Any, parts: tuple[tuple[str, int], ...]) -> Any:
    unit = ureg.Unit("")
    for expr, power in parts:
        atom = ureg.Unit(_DELTA.get(expr, expr))
        unit = unit * atom**power
    return unit


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> UnitInfo:
    """Parse a whole unit string; raise :class:`UnitError` naming it if it is not one.

    Accepts symbols and names, plurals and British spellings, unicode
    (``µ Ω ° ² ⁻¹ ·``) and the LaTeX that :func:`unitreward.engine.text.normalize`
    turns into these; pint's and sympy's spellings (``kilogram * meter / second ** 2``,
    ``1.0*kilo*gram``, ``/ second``); compounds with hyphens (``ft-lb``); glued
    symbols (``JK^{-1}``); and, since the text is known to be a unit, the letters
    prose uses for other things (``c`` in ``MeV/c^2``, ``AU``, ``u``, ``D``, ``e``).

    >>> parse_unit("meters per second squared").same_dimension(parse_unit("m/s^2"))
    True
    >>> parse_unit("MeV/c^2").same_dimension(parse_unit("kg"))
    True
    >>> parse_unit("blorbs")
    Traceback (most recent call last):
    ...
    unitreward.engine.errors.UnitError: unknown unit 'blorbs'
    """
    stripped = text.strip()
    scanned = _scan(stripped, 0, whole=True)
    if scanned is None or scanned.end != len(stripped):
        raise UnitError(f"unknown unit {stripped!r}")
    return _unit_from_parts(stripped, tuple(scanned.parts))
