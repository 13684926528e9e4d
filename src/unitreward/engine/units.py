"""Reading units from text: the tokenizer, :func:`scan_unit` and :func:`parse_unit`.

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
metre second^(-2)``).

What the tokenizer reads (pint atoms and their powers) becomes a :class:`UnitInfo` in
:mod:`unitreward.engine.unit_info`: conversion to SI, angles and cycles (dimensionless to
pint) kept apart, pound inside a torque, energy, pressure or impulse unit read as
pound-force. The names of single units, and the words prose shares with them, are in
:mod:`unitreward.engine.unit_names`. ``UnitInfo`` and ``get_registry`` are importable
from here too. One lazily built registry; every cache is bounded.

>>> u = parse_unit("km/h")
>>> u.text, round(u.factor, 6), u.dimensionality
('km/h', 0.277778, '[length] / [time]')
>>> parse_unit("kg·m·s^{-2}").same_dimension(parse_unit("N"))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import UnitError
from unitreward.engine.unit_info import UnitInfo, unit_from_parts
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
        return unit_from_parts(text[pos : parsed.end].strip(), tuple(parsed.parts)), parsed.end
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
    return unit_from_parts(stripped, tuple(scanned.parts))


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
        return unit_from_parts(text, ((_PINT_OFFSET_UNITS[parts[0][0]], 1),))
    exact = unit_from_parts(text, parts)
    try:
        written = parse_unit(text)
    except UnitError:
        return exact
    # keep the written spelling when it reads back as the same unit
    return written if written.dims == exact.dims and written.factor == exact.factor else exact


_PINT_OFFSET_UNITS = {"degree_Celsius": "degC", "degree_Fahrenheit": "degF"}
