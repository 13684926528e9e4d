"""Unit names: how one written name becomes pint expressions, and the tables behind it.

The spellings pint misses or misreads (``AU`` is not absorbance, ``cps`` is hertz),
the words prose uses that are also unit names (``in``, ``d``, ``e``, ``c``), counted
nouns (``photons``, ``turns``), SI prefixes written as factors of their own (sympy's
``kilo*gram``, lambda-feedback's ``8.65 k W``) and spellings with one meaning that pint
does not read (``Newtons``, ``KJ``, ``kPA``, ``microA``, ``JK``). The tokenizer in
:mod:`unitreward.engine.units` decides, from where a name stands, whether a word that
prose also uses is a unit there.

>>> resolve("km"), resolve("JK"), resolve("photons"), resolve("blorb")
(('kilometer',), ('joule', 'kelvin'), ('count',), None)
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

__all__ = [
    "ALIASES",
    "AMBIGUOUS_WORDS",
    "CONSTANTS",
    "COUNT_NOUNS",
    "CYCLE_NOUNS",
    "DENY",
    "JUXTAPOSABLE_NAMES",
    "PREFIX_FACTORS",
    "SPACED_PREFIXES",
    "WHOLE_ONLY",
    "base_of",
    "get_registry",
    "pint_name",
    "pint_parts",
    "resolve",
]

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
ALIASES: dict[str, str] = {
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
    "percentage": "percent",
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
    # optical power of a lens: pint has no diopter
    "diopter": "1 / meter",
    "diopters": "1 / meter",
    "dioptre": "1 / meter",
    "dioptres": "1 / meter",
    "Δ°C": "delta_degC",
    "Δ°F": "delta_degF",
}

# Counted things: a number of them is a dimensionless count ("161 turns", "1.07e16
# photons"). Cycles are kept apart from other counts: see `UnitInfo.cycles`.
COUNT_NOUNS = frozenset(
    {
        "photon", "electron", "atom", "nucleus", "nuclei", "molecule", "particle", "ion",
        "proton", "neutron", "event", "decay", "count", "quantum", "quanta", "nucleon",
        "fringe", "collision", "oscillation", "vibration", "reflection",
    }
)  # fmt: skip
CYCLE_NOUNS = frozenset({"turn", "cycle", "revolution", "rotation"})

# Names pint knows that are English words or physical constants, not units, when a
# model writes them after a number: never units.
DENY = frozenset(
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
AMBIGUOUS_WORDS = frozenset(
    {
        "in", "t", "l", "yd", "ft", "mi", "M", "c", "e", "u", "D", "b", "d", "pc", "au", "AU",
        "Sv", "Gy", "dB", "ly", "Da",
    }
)  # fmt: skip
# The physical constants used as units (``0.96c``, ``-5 e``): also refused before a
# closing bracket, where a part label ("3c)") is likelier.
CONSTANTS = frozenset({"c", "e"})
# pint's names of the offset temperature units ("20 degree_Celsius" is str(q))
_OFFSET_NAMES = {"degree_Celsius": "degC", "degree_Fahrenheit": "degF"}
# Units only in a reference read whole (none yet: pint's symbol for the year, a, is
# read only as \mathrm{a}, since data sets use a as a variable).
WHOLE_ONLY: dict[str, str] = {}

# Unit names that may follow another unit after a space ("kilogram metre", "kilowatt
# hour", "centimetre second^(-1)") while a prose text is scanned; symbols of at most
# three letters always may.
JUXTAPOSABLE_NAMES = frozenset(
    {
        "meter", "gram", "second", "newton", "joule", "watt", "ampere", "kelvin", "mole",
        "volt", "ohm", "pascal", "coulomb", "hertz", "tesla", "weber", "henry", "farad",
        "siemens", "radian", "hour", "minute", "candela", "electron_volt", "calorie", "liter",
        "foot", "pound", "force_pound",
    }
)  # fmt: skip

# SI prefixes written as a factor of their own, sympy's style ("1.0*kilo*gram",
# "0.123*da*W", "123*c*W") or apart from the unit ("8.65 k W", "10 µ A").
PREFIX_FACTORS: dict[str, str] = {
    "Y": "yotta", "Z": "zetta", "E": "exa", "P": "peta", "T": "tera", "G": "giga",
    "M": "mega", "k": "kilo", "h": "hecto", "da": "deca", "d": "deci", "c": "centi",
    "mu": "micro", "µ": "micro", "n": "nano", "p": "pico", "f": "femto", "a": "atto",
    "yotta": "yotta", "zetta": "zetta", "exa": "exa", "peta": "peta", "tera": "tera",
    "giga": "giga", "mega": "mega", "kilo": "kilo", "hecto": "hecto", "deca": "deca",
    "deka": "deca", "deci": "deci", "centi": "centi", "milli": "milli", "micro": "micro",
    "nano": "nano", "pico": "pico", "femto": "femto", "atto": "atto",
}  # fmt: skip
# Only these stand apart from their unit with a space: no unit is spelled k or µ alone.
SPACED_PREFIXES = frozenset({"k", "µ"})
_LONG_PREFIXES = tuple(
    sorted({v for v in PREFIX_FACTORS.values()} | {"deka"}, key=len, reverse=True)
)
# Symbols that may start a glued product of symbols ("JK^{-1}", "Jmol^{-1}", "kWhr").
_GLUED_HEADS = frozenset({"J", "kJ", "MJ", "N", "kN", "W", "kW", "MW", "V", "A", "C", "Pa", "eV"})
# Capitalisation slips with one reading: K for k before these ("KJ", "Kg", "Km"), and
# PA for Pa, HZ/hz for Hz.
_K_SLIPS = frozenset({"J", "g", "m", "W", "V", "N", "Pa", "Hz", "eV", "mol", "cal", "L", "A", "Ω"})


@lru_cache(maxsize=4096)
def resolve(name: str) -> tuple[str, ...] | None:
    """One written unit name as pint expressions, or ``None`` if it is not a unit.

    Usually one expression; a glued product of symbols ("JK", "kWhr") gives one per
    symbol (an exponent written after it applies to the last). Prose words that are
    also unit names are left to the callers' position rules (`AMBIGUOUS_WORDS`).

    >>> resolve("Newtons"), resolve("KJ"), resolve("microA"), resolve("the")
    (('newton',), ('kilojoule',), ('microampere',), None)
    """
    name = name.replace("μ", "µ")
    if "{" in name:  # µ_{B}
        name = name.replace("{", "").replace("}", "")
    if name in ALIASES:
        return (ALIASES[name],)
    if name in DENY:
        return None
    noun = _counted(name)
    if noun is not None:
        return noun
    expr = pint_name(name)
    if expr is not None:
        return (_OFFSET_NAMES.get(expr, expr),)
    return _repaired(name)


def _counted(name: str) -> tuple[str, ...] | None:
    """A counted noun ("photons", "nuclei", "turns"): a dimensionless count."""
    low = name.lower()
    if low.startswith("α-") or low.startswith("alpha-"):
        low = low.partition("-")[2]
    singular = low[:-1] if low.endswith("s") and low[:-1] in COUNT_NOUNS | CYCLE_NOUNS else low
    if singular in CYCLE_NOUNS:
        return ("turn",)
    if singular in COUNT_NOUNS:
        return ("count",)
    return None


def _repaired(name: str) -> tuple[str, ...] | None:
    """Spellings pint does not read but that have one meaning: capitalised names,
    a capital K for kilo, PA for Pa, a prefix name before a symbol, glued symbols."""
    n = len(name)
    if n >= 4 and name[0].isupper() and name[1:].islower():  # Newtons, Joules, Kelvin
        low = name.lower()
        if low not in DENY and low not in AMBIGUOUS_WORDS:
            found = resolve(low)
            if found is not None:
                return found
    if n >= 4 and name.endswith("s") and name[:-1] in ALIASES:  # Ohms-like plurals
        return (ALIASES[name[:-1]],)
    if n >= 2 and name[0] == "K" and name[1:] in _K_SLIPS:  # KJ, Kg, KHz
        expr = pint_name("k" + name[1:])
        return (expr,) if expr is not None else None
    for wrong, right in (("PA", "Pa"), ("HZ", "Hz"), ("hz", "Hz")):
        if name.endswith(wrong) and n <= len(wrong) + 2:  # kPA, MPA, KHZ, khz
            fixed = name[: -len(wrong)] + right
            head = fixed[:1]
            if head == "K" and len(fixed) > len(right):
                fixed = "k" + fixed[1:]
            expr = pint_name(fixed)
            return (expr,) if expr is not None else None
    for prefix in _LONG_PREFIXES:  # microA, kiloJ
        if name.startswith(prefix) and n > len(prefix):
            parts = pint_parts(name[len(prefix) :])
            if parts is not None and parts[0] == "" and name[len(prefix)].isupper():
                return (f"{prefix}{parts[1]}",)
            break
    for cut in (1, 2, 3):  # JK, Jmol, kWhr
        head, tail = name[:cut], name[cut:]
        if head in _GLUED_HEADS and tail:
            rest = _glued_tail(tail)
            head_expr = pint_name(head)
            if rest is not None and head_expr is not None:
                return (head_expr, *rest)
    return None


def _glued_tail(tail: str) -> tuple[str, ...] | None:
    if len(tail) > 3 or tail in DENY or tail in AMBIGUOUS_WORDS:
        return None
    expr = ALIASES.get(tail) or pint_name(tail)
    return (expr,) if expr is not None else None


@lru_cache(maxsize=4096)
def pint_parts(name: str) -> tuple[str, str] | None:
    """pint's reading of one name as (prefix, unit), or ``None``.

    An unprefixed reading wins (``Pa`` is pascal, not peta-annum); physical constants
    are not units here.

    >>> pint_parts("kPa"), pint_parts("c")
    (('kilo', 'pascal'), None)
    """
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


def pint_name(name: str) -> str | None:
    """pint's reading of one name as one expression, or ``None``.

    >>> pint_name("kPa")
    'kilopascal'
    """
    parts = pint_parts(name)
    return None if parts is None else f"{parts[0]}{parts[1]}"


@lru_cache(maxsize=1024)
def base_of(expr: str) -> str:
    """The unit of a pint expression without its prefix.

    >>> base_of("kilohertz"), base_of("newton * meter")
    ('hertz', 'newton * meter')
    """
    if not expr.replace("_", "").isalpha():
        return expr
    parts = pint_parts(expr)
    return parts[1] if parts is not None else expr
