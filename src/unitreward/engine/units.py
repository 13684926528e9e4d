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

__all__ = ["UnitInfo", "get_registry", "parse_unit", "scan_unit", "unit_from_pint"]

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
}

# Names pint knows that are English words or physical constants, not units, when a
# model writes them after a number.
_DENY = frozenset(
    {
        "a", "at", "are", "as", "an", "am", "or", "and", "of", "to", "by", "for", "on", "the",
        "c", "e", "R", "G", "D", "u", "E", "k", "q", "n", "p", "P", "x", "y", "z", "i", "j",
        "pi", "pc", "au", "AU", "molecule", "molecules", "particle", "particles", "count",
        "point", "points", "line", "lines", "hand", "hands", "link", "chain", "rod", "pole",
        "turn", "turns", "cycle", "cycles", "revolution", "revolutions", "bit", "bits",
        "mass", "number", "times", "it", "is", "be", "if", "so", "no", "me", "we", "do",
        "go", "up", "gamma", "lambda", "sun", "planck",
        "atomic", "dozen", "unit", "units", "thou", "mil", "tex", "den", "nit", "ph",
        "ex", "St", "Sv", "Gy", "dB", "B", "b", "d", "f", "v", "w", "r", "o",
    }
)  # fmt: skip

# Accepted as a unit only where no prose can follow (end, punctuation, brace).
_AMBIGUOUS_WORDS = frozenset({"in", "t", "l", "yd", "ft", "mi", "M"})

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A parsed unit: how it was written, its pint unit and conversion to SI.

    Attributes:
        text: The unit as read from the text (whitespace-normalised).
        expr: The pint expression it resolved to (``"kilometer / hour"``).
        factor: Multiply a magnitude by this to get SI base units.
        offset: For absolute temperatures (``°C``, ``°F``): ``SI = (x + offset) * factor``.
        dims: The dimensionality as a sorted tuple of ``(dimension, exponent)``.
        is_percent: ``True`` for ``%``/``percent``, which count as "no unit" for
            the missing-unit rule.

    >>> parse_unit("°C").offset
    273.15
    """

    text: str
    expr: str
    factor: float
    offset: float = 0.0
    dims: tuple[tuple[str, float], ...] = field(default=())
    is_percent: bool = False

    @property
    def dimensionality(self) -> str:
        """The dimensionality written as pint writes it.

        >>> parse_unit("N").dimensionality
        '[mass] * [length] / [time] ** 2'
        """
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


# --------------------------------------------------------------------------- tokenizer

_ATOM = r"(?:[°℃℉](?:\s?[CFK](?![A-Za-z]))?|[A-Za-zµμΩÅ℃℉%]+(?:_[A-Za-z]+)?)"
_EXP = r"(?:\s?\^\s?(?:\{\s?[-+−]?\s?\d{1,2}\s?\}|\(\s?[-+−]?\d{1,2}\s?\)|[-+−]?\d{1,2})|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})"
_TOKEN = re.compile(
    rf"""
    (?P<open>\()
    |(?P<close>\)(?P<cexp>{_EXP})?)
    |(?P<per>\s*(?:/|\bper\b)\s*)
    |(?P<mul>\s*[·⋅∙*×]\s*|\s+)
    |(?P<square>\b(?:square|sq\.?)\s+)
    |(?P<cubic>\bcubic\s+)
    |(?P<atom>{_ATOM})(?P<exp>{_EXP})?(?P<post>\s+(?:squared|cubed)\b)?
    """,
    re.VERBOSE,
)
_END_OK = re.compile(r"\s*(?:$|[.,;:!?)\]}|$\\/·*^⁻²³]|\s(?:or|and|to|at)\b)")


@lru_cache(maxsize=1024)
def _dimensionality_text(expr: str) -> str:
    return str(get_registry().Unit(expr).dimensionality)


def _atom_expr(name: str) -> str | None:
    """Resolve one unit name to a pint expression, or ``None`` if it is not a unit."""
    name = name.replace("μ", "µ")
    if name in _ALIASES:
        return _ALIASES[name]
    if name in _DENY:
        return None
    return _pint_name(name)


@lru_cache(maxsize=4096)
def _pint_name(name: str) -> str | None:
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
    return f"{prefix}{unit}"


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
_CONTINUATION_CHARS = frozenset("/·*^({_⁰¹²³⁴⁵⁶⁷⁸⁹⁻0123456789")


def _continues(text: str, end: int) -> bool:
    if end >= len(text):
        return False
    ch = text[end]
    if ch in "/·*" and end + 1 < len(text) and (text[end + 1].isdigit() or text[end + 1] == " "):
        return ch != "/" or not text[end + 1 :].lstrip()[:1].isdigit()
    if ch in _CONTINUATION_CHARS or ch.isalpha():
        return True
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
    if name in ("per", "squared", "cubed", "Celsius", "Fahrenheit", "C", "F", "K"):
        return True
    return len(name) <= 3 and name not in _AMBIGUOUS_WORDS and _atom_expr(name) is not None


def _unit_follows(text: str, end: int) -> bool:
    """A unit symbol follows after a space ("ft s^-1"), so a word like ``ft`` is a unit."""
    word = _NEXT_WORD.match(text, end)
    if word is None:
        return False
    name = word.group(1)
    return len(name) <= 3 and name not in _AMBIGUOUS_WORDS and _atom_expr(name) is not None


@lru_cache(maxsize=4096)
def _scan_span(span: str) -> tuple[UnitInfo | None, int]:
    return _read(span, 0)


def _scan(text: str, pos: int) -> _Scan | None:
    """Tokenize a unit expression; keep the longest prefix that is a complete unit."""
    parts: list[tuple[str, int]] = []  # (pint atom expression, signed exponent)
    sign = 1
    group_stack: list[tuple[int, int]] = []  # (index into parts, sign before group)
    best: _Scan | None = None
    i = pos
    expect_atom = True
    pending_power = 1
    limit = min(len(text), pos + 80)
    steps = 0
    while i < limit and steps < 40:
        steps += 1
        m = _TOKEN.match(text, i, limit)
        if m is None:
            break
        kind = m.lastgroup
        if m.group("atom") is not None:
            kind = "atom"
        if kind == "atom":
            if not expect_atom:
                break
            name = m.group("atom")
            if " " in name:  # "° C"
                name = name.replace(" ", "")
            expr = _atom_expr(name)
            if expr is None and name[-1:] == "s" and len(name) > 3:
                expr = _atom_expr(name[:-1])
            if expr is None:
                break
            if name in _AMBIGUOUS_WORDS and not (
                _END_OK.match(text, m.end()) or _unit_follows(text, m.end())
            ):
                break
            power = _exp_value(m.group("exp")) * pending_power
            if m.group("post"):
                power *= 2 if "squared" in m.group("post") else 3
            pending_power = 1
            parts.append((expr, sign * power))
            i = m.end()
            expect_atom = False
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
        elif kind == "mul":
            op = m.group("mul")
            if op.strip() == "" and sign == -1 and not group_stack:
                # "m/s kg" is unusual; "J/kg K" is common but ambiguous: stop.
                break
            if op.strip() == "":
                # juxtaposition: only a symbol-like atom may follow ("kg m/s", "N s")
                nxt = _TOKEN.match(text, m.end(), limit)
                if nxt is None or nxt.group("atom") is None:
                    break
                name = nxt.group("atom")
                if len(name) > 3 or name in _AMBIGUOUS_WORDS or _atom_expr(name) is None:
                    break
        i = m.end()
        expect_atom = True
    return best


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
        expr = " * ".join(f"({e}) ** {p}" if p != 1 else f"({e})" for e, p in parts)
        unit = ureg.Unit(_multiply(ureg, parts))
        base = ureg.Quantity(1.0, unit).to_base_units()
    except Exception as exc:  # pint's errors vary by version
        raise UnitError(f"unknown unit {text!r}") from exc
    factor = float(base.magnitude.real)
    dims = tuple(sorted((str(k), float(v)) for k, v in base.dimensionality.items()))
    expr = str(unit) if str(unit) else expr
    return UnitInfo(
        text=text,
        expr=expr,
        factor=factor,
        dims=dims,
        is_percent=parts == (("percent", 1),),
    )


def _multiply(ureg: Any, parts: tuple[tuple[str, int], ...]) -> Any:
    unit = ureg.Unit("")
    for expr, power in parts:
        atom = ureg.Unit(expr.replace("degC", "delta_degC").replace("degF", "delta_degF"))
        unit = unit * atom**power
    return unit


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> UnitInfo:
    """Parse a whole unit string; raise :class:`UnitError` naming it if it is not one.

    Accepts symbols and names, plurals and British spellings, unicode
    (``µ Ω ° ² ⁻¹ ·``) and the LaTeX that :func:`unitreward.engine.text.normalize`
    turns into these.

    >>> parse_unit("meters per second squared").same_dimension(parse_unit("m/s^2"))
    True
    >>> parse_unit("blorbs")
    Traceback (most recent call last):
    ...
    unitreward.engine.errors.UnitError: unknown unit 'blorbs'
    """
    stripped = text.strip()
    scanned = _scan(stripped, 0)
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
