"""Unit spellings to pint units: one lazily built registry, bounded caches.

A unit as written by a model (``km/h``, ``kg·m·s⁻²``, ``J/(kg·K)``, ``metres``,
``meters per second squared``, ``°C``, ``µF``) is read by a small tokenizer of our
own into atoms, exponents and operators; each atom is resolved once through
pint's ``parse_unit_name`` (prefixes, plurals, aliases) and cached. We do not
hand whole strings to pint's own parser because (a) prose follows the unit
("15 N down the incline", "3 m in total") and pint would read ``in`` as inches
and juxtaposition as a product, (b) pint's parser costs ~100 µs a call, and
(c) pint resolves single letters to physical constants (``c``, ``e``, ``R``).

We read some spellings differently from pint's own string preprocessor, on purpose:
pint drops every comma (``2,5`` becomes 25) and reads each space as a product from left
to right (``J/kg K`` is J·K/kg); a reference read whole here takes ``J/kg K`` as
J/(kg·K), the physics convention, and numbers are read by
:mod:`unitreward.engine.numbers`. Like lambda-feedback's graders we accept SI prefixes
written as factors (``kilo*gram``, ``k W``) and unit names side by side (``kilogram
metre second^(-2)``). Angles and cycles, dimensionless to pint, are kept apart
(:class:`UnitInfo`), and pound inside a torque, energy, pressure or impulse unit is
pound-force (:func:`_pound_force`).

>>> u = parse_unit("km/h")
>>> u.text, round(u.factor, 6), u.dimensionality
('km/h', 0.277778, '[length] / [time]')
>>> parse_unit("kg·m·s^{-2}").same_dimension(parse_unit("N"))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import UnitError
from unitreward.engine.unit_names import (
    ALIASES,
    AMBIGUOUS_WORDS,
    CONSTANTS,
    DENY,
    JUXTAPOSABLE_NAMES,
    PREFIX_FACTORS,
    SPACED_PREFIXES,
    WHOLE_ONLY,
    base_of,
    get_registry,
    pint_parts,
    resolve,
)
from unitreward.engine.vocabulary import PROSE

__all__ = ["UnitInfo", "get_registry", "parse_unit", "scan_unit", "unit_from_pint"]

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
_END_OK = re.compile(
    r"\s*(?:$|[.,;:!?)\]}|$\\/·*^⁻²³]|\s(?:or|and|to|at|per)\b"
    # a new sentence whose period went missing: "3.28 ft This is the final result."
    r"|\s(?:The|This|That|These|It|So|Thus|Therefore|Hence|We|I|Final|Answer|But|Then|Here"
    r"|Note|Since|If|In|A|An)\b)"
)
_CONSTANT_END = re.compile(r"\s*(?:$|[.,;:!?}$\\/·*]|\s(?:or|and)\b)")
_LEADING_PER = re.compile(r"(?:1\s*)?(?:/|per\b)\s*(?=[A-Za-zµΩ°(])")
_PREFIX_JOIN = re.compile(r"\s?\*\s?(?=[A-Za-zµΩ])")
_PREFIX_SPACE = re.compile(r"\s+(?=[A-Za-zΩ])")


@lru_cache(maxsize=1024)
def _dimensionality_text(expr: str) -> str:
    return str(get_registry().Unit(expr).dimensionality)


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
    if fast is not None:
        span = fast.group(0)
        if span not in AMBIGUOUS_WORDS and not _continues(text, fast.end()):
            info, length = _scan_span(span)
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
    if name in AMBIGUOUS_WORDS:  # "lb in^{-2}", "lb ft" at the end: the tokenizer decides
        return True
    return _juxtaposable(name, whole=False)


def _unit_follows(text: str, end: int) -> bool:
    """A unit symbol follows after a space or a hyphen ("ft s^-1", "ft-lb"), so a word
    like ``ft`` is a unit."""
    word = _NEXT_WORD.match(text, end) or _HYPHEN_WORD.match(text, end)
    if word is None:
        return False
    name = word.group(1)
    return len(name) <= 3 and name not in AMBIGUOUS_WORDS and resolve(name) is not None


def _juxtaposable(name: str, *, whole: bool) -> bool:
    """Whether a unit written after another unit and a space continues the product.

    Symbols of up to three letters do ("kg m/s"), and SI unit names ("kilogram
    metre", "kilowatt hour"); prose words do not ("15 N down", "3 m in total").
    A unit read whole (a reference) takes any unit.
    """
    pieces = resolve(name)
    if pieces is None:
        return False
    if whole:
        return True
    if name in AMBIGUOUS_WORDS or name.lower() in PROSE:
        return False  # "ft And then": a word of the sentence, not ampere-nanodays
    return len(name) <= 3 or base_of(pieces[-1]) in JUXTAPOSABLE_NAMES


def _ambiguous_ok(text: str, end: int, name: str) -> bool:
    """An ambiguous word is a unit where no prose follows it (see `AMBIGUOUS_WORDS`)."""
    if name in CONSTANTS:
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
        if prefix not in SPACED_PREFIXES:
            return None
        join = _PREFIX_SPACE.match(text, end, limit)
        if join is None:
            return None
    nxt = _TOKEN.match(text, join.end(), limit)
    if nxt is None or nxt.group("atom") is None:
        return None
    unit = nxt.group("atom").replace("μ", "µ")
    parts = pint_parts(ALIASES.get(unit, unit))
    if parts is None or parts[0] != "" or ALIASES.get(unit, unit) in DENY:
        return None
    return (f"{PREFIX_FACTORS[prefix]}{parts[1]}",), nxt


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
            if not m.group("exp") and name.replace("μ", "µ") in PREFIX_FACTORS:
                joined = _join_prefix(text, m.end(), limit, name.replace("μ", "µ"))
                if joined is not None:
                    pieces, m = joined
            if pieces is None:
                pieces = resolve(name)
                if pieces is None:
                    if not (whole and name in WHOLE_ONLY):
                        break
                    pieces = (WHOLE_ONLY[name],)
                if (
                    name in AMBIGUOUS_WORDS
                    and not whole
                    and not after_per
                    and (
                        not _ambiguous_ok(text, m.end(), name)
                        or (name in CONSTANTS and m.group("exp"))  # e^{-2} is Euler's
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
                    nxt.group("atom") in AMBIGUOUS_WORDS
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
    if len(parts) < 2 or not any(base_of(e) == "pound" for e, _ in parts):
        return parts
    length = time = 0.0
    for expr, power in parts:
        if base_of(expr) != "pound":
            dims = ureg.Unit(expr).dimensionality
            length += dims.get("[length]", 0) * power
            time += dims.get("[time]", 0) * power
    if length == 1 or time > 0 or (length in (-1, -2) and time == 0):
        return tuple(
            (expr.replace("pound", "force_pound") if base_of(expr) == "pound" else expr, power)
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
        if any(base_of(e) == "decibel" for e, _ in parts):
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
        b = base_of(e)
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


def unit_from_pint(units: Any) -> UnitInfo | None:
    """The :class:`UnitInfo` of a pint unit, of this or any other registry.

    ``None`` for dimensionless. The unit is rebuilt from pint's own names and powers,
    so it never depends on how pint would print it.

    Raises:
        UnitError: The unit has a name this registry does not know.

    >>> import pint
    >>> ureg = pint.UnitRegistry()
    >>> unit_from_pint(ureg.Unit("m/s**2")).text
    'm/s²'
    >>> unit_from_pint(ureg.Unit("degC")).offset
    273.15
    >>> unit_from_pint(ureg.Unit("dimensionless")) is None
    True
    """
    container = getattr(units, "_units", None)
    if container is None:
        raise UnitError(f"not a pint unit: {units!r}")
    parts = tuple((str(name), power) for name, power in dict(container).items())
    if not parts:
        return None
    text = format(units, "~P")
    if len(parts) == 1 and parts[0][1] == 1 and parts[0][0] in _PINT_OFFSET_UNITS:
        return _unit_from_parts(text, ((_PINT_OFFSET_UNITS[parts[0][0]], 1),))
    exact = _unit_from_parts(text, parts)
    try:
        written = parse_unit(text)
    except UnitError:
        return exact
    # keep the written spelling when it reads back as the same unit
    return written if written.dims == exact.dims and written.factor == exact.factor else exact


_PINT_OFFSET_UNITS = {"degree_Celsius": "degC", "degree_Fahrenheit": "degF"}
