r"""A unit written after a formula: ``\sqrt{2gh}\,\mathrm{m/s}``, ``2\pi f\ \text{rad/s}``, ``f Hz``.

A symbolic answer may carry a unit. :func:`split_unit` finds it at the end of a formula:

- a LaTeX text unit (``\text{}``, ``\mathrm{}``, ``\textrm{}``, ``\mbox{}``, ``\rm{}``,
  possibly raised to a power, several in a row: ``\mathrm{m}\,\mathrm{s}^{-1}``) after an
  operand; ``\text{d}``, ``\mathrm{e}`` and ``\mathrm{i}`` are a differential and
  constants, not units;
- a plain unit after a space, when it cannot be a product of variables: one of its words
  has two letters or more and is a unit (``Hz``, ``kg m/s^2``, ``radian/second``), or it
  is a ratio of units (``m/s``). A lone letter (``m g h``) is a variable.

The formula before the unit must be one we read; what is compared is then the value in
SI units with the dimension checked (:mod:`unitreward.engine.symbolic`).

>>> text, unit = split_unit(r"\sqrt{2gh}\ \mathrm{m/s}")
>>> text, unit.text
('\\sqrt{2gh}', 'm/s')
>>> split_unit("2*pi*f radian/second")[1].dims
(('[time]', -1.0),)
>>> split_unit("m g h") is None
True
"""

from __future__ import annotations

import re

from unitreward.engine.errors import UnitrewardError
from unitreward.engine.text import normalize
from unitreward.engine.units import UnitInfo, parse_unit

__all__ = ["split_unit"]

_TEXT_UNIT = re.compile(
    r"(?:\\[,;:! ]|\\quad\b|\s|~)*\\(?:text|mathrm|textrm|mbox|rm)\s*\{(?P<unit>[^{}]*)\}"
    r"(?P<power>\s*\^\s*(?:\{[^{}]*\}|-?\d))?\s*$"
)
_NOT_UNITS = frozenset({"", "d", "e", "i", "const", "constant"})
_PLAIN_TOKEN = re.compile(r"^[A-Za-zµΩÅ°/*·^()\-0-9.]+$")
_WORD = re.compile(r"[A-Za-zµΩÅ]{2,}")
_NAMES = frozenset(
    {"sin", "cos", "tan", "cot", "sec", "csc", "ln", "log", "exp", "sinh", "cosh", "tanh",
     "sqrt", "pi", "theta", "alpha", "beta", "gamma", "delta", "omega", "phi", "mu", "nu",
     "tau", "rho", "sigma", "lambda", "epsilon", "eta", "kappa", "chi", "psi", "xi", "zeta"}
)  # fmt: skip
_OPERATOR_END = tuple("+-*/=^_({[,<>|&")
MAX_UNIT_TOKENS = 4


def _operand_before(text: str) -> bool:
    before = text.rstrip()
    return (
        bool(before)
        and not before.endswith(_OPERATOR_END)
        and not before.endswith(("\\cdot", "\\times"))
    )


def _text_unit(text: str) -> tuple[str, UnitInfo] | None:
    """Trailing LaTeX text units (one or several in a row) and the formula before them."""
    end = len(text)
    pieces: list[str] = []
    rest = text
    for _ in range(MAX_UNIT_TOKENS):
        m = _TEXT_UNIT.search(rest[:end])
        if m is None or m.group("unit").strip() in _NOT_UNITS:
            break
        pieces.insert(0, m.group("unit").strip() + (m.group("power") or "").replace(" ", ""))
        rest = rest[: m.start()]
        end = len(rest)
    if not pieces or not _operand_before(rest):
        return None
    try:
        unit = parse_unit(normalize(" ".join(pieces)).strip())
    except UnitrewardError:
        return None
    return rest.rstrip(), unit


def _plain_unit(text: str) -> tuple[str, UnitInfo] | None:
    """A plain unit after the last spaces, when it cannot be a product of variables."""
    spans = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", text)]
    if len(spans) < 2:
        return None
    for k in range(min(MAX_UNIT_TOKENS, len(spans) - 1), 0, -1):
        suffix = [token for _, token in spans[-k:]]
        if not all(_PLAIN_TOKEN.match(t) for t in suffix):
            continue
        joined = " ".join(suffix)
        words = _WORD.findall(joined)
        if any(w.lower() in _NAMES for w in words) or (not words and "/" not in joined):
            continue
        try:
            unit = parse_unit(joined)
        except UnitrewardError:
            continue
        head = text[: spans[-k][0]]
        if _operand_before(head):
            return head.rstrip(), unit
    return None


def split_unit(text: str) -> tuple[str, UnitInfo] | None:
    r"""``(formula, unit)`` when ``text`` ends with a unit after a formula, else ``None``.

    >>> split_unit(r"-\sin(\pi/2) \sqrt{441}^{0.77233}\,\mathrm{kg\,m/s^2}")[1].dims
    (('[length]', 1.0), ('[mass]', 1.0), ('[time]', -2.0))
    >>> split_unit(r"x = \text{const}") is None
    True
    """
    t = text.strip().rstrip(".").rstrip()
    if not t:
        return None
    found = _text_unit(t) if "\\" in t else None
    if found is None:
        found = _plain_unit(t)
    if found is None or not found[0].strip():
        return None
    return found
