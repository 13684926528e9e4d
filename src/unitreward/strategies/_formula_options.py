"""The options of the formula strategies: what each name means, and how arguments are checked.

:data:`VARIABLE_KINDS`, :data:`FUNCTIONS` and :data:`OPERATIONS` (re-exported by
:mod:`unitreward.strategies.expression`), the variable pools behind them, and
the validators every formula strategy uses, each raising hypothesis'
:class:`~hypothesis.errors.InvalidArgument` naming the argument.

>>> [s.name for s in variable_pool(["m", "v_0", "V_{esc}", "omega'"])]
['m', 'v_0', 'V_{esc}', "omega'"]
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType

from hypothesis.errors import InvalidArgument

from unitreward.strategies._formula import Symbol
from unitreward.strategies._formula_text import NOTATIONS

__all__ = [
    "FUNCTIONS",
    "OPERATIONS",
    "POOLS",
    "VARIABLE_KINDS",
    "check_notations",
    "check_rel_tol",
    "int_in",
    "names",
    "variable_pool",
]

#: The kinds of variable :func:`~unitreward.strategies.expressions` draws, each with the names it uses.
VARIABLE_KINDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "latin": ("x", "y", "t", "m", "g", "v", "a", "k", "r", "q", "L", "C", "M", "R", "E", "F", "T"),
        "greek": (
            "theta", "omega", "mu", "lambda", "alpha", "beta", "rho", "sigma", "tau", "phi",
            "epsilon", "gamma", "Omega",
        ),
        "subscripted": (
            "v_0", "x_0", "t_1", "m_1", "m_2", "q_0", "omega_0", "theta_1", "m_e", "E_k",
            "v_{max}",
        ),
        "primed": ("x'", "v'", "omega'", "m'", "T'"),
    }
)  # fmt: skip

#: The functions :func:`~unitreward.strategies.expressions` may apply (``exp`` is printed ``e^{x}`` or ``\\exp(x)``).
FUNCTIONS = ("sin", "cos", "tan", "exp", "ln", "sinh", "cosh", "tanh", "arctan")

#: The operations :func:`~unitreward.strategies.expressions` may use.
OPERATIONS = ("add", "subtract", "multiply", "divide", "power", "root")


def _symbol(name: str) -> Symbol:
    """A pool name (``v_0``, ``v_{max}``, ``omega'``) as a :class:`Symbol`."""
    primes = len(name) - len(name.rstrip("'"))
    name = name.rstrip("'")
    base, _, sub = name.partition("_")
    return Symbol(base, sub.strip("{}"), primes)


POOLS = {kind: tuple(_symbol(n) for n in names) for kind, names in VARIABLE_KINDS.items()}
_NAME = re.compile(r"([A-Za-z]+)(?:_([A-Za-z0-9])|_\{([A-Za-z0-9]{2,8})\})?('{0,2})")


def variable_pool(variables: object) -> tuple[Symbol, ...]:
    """The symbols for ``variables``: kinds and names, in order, without repeats."""
    if variables is None:
        return tuple(s for pool in POOLS.values() for s in pool)
    chosen = (variables,) if isinstance(variables, str) else variables
    if not isinstance(chosen, Collection) or not all(isinstance(v, str) for v in chosen):
        raise InvalidArgument(
            f"variables must be a name or a collection of names, got {variables!r}"
        )
    if not chosen:
        raise InvalidArgument("variables must name at least one kind or variable")
    symbols: list[Symbol] = []
    for entry in chosen:
        if entry in POOLS:
            symbols.extend(POOLS[entry])
            continue
        m = _NAME.fullmatch(entry)
        if m is None or not (
            (len(m[1]) == 1 and m[1] not in "eid") or m[1] in VARIABLE_KINDS["greek"]
        ):
            raise InvalidArgument(
                f"unknown variable kind or name {entry!r}: use a kind "
                f"({', '.join(VARIABLE_KINDS)}) or a name such as 'm', 'theta', 'v_0', "
                "'V_{esc}', \"omega'\""
            )
        symbols.append(Symbol(m[1], m[2] or m[3] or "", len(m[4])))
    return tuple(dict.fromkeys(symbols))


def names(
    value: object, what: str, known: Sequence[str], *, allow_none: bool = True
) -> tuple[str, ...]:
    """A validated non-empty tuple of names from ``known`` (``None``: all of them)."""
    if value is None and allow_none:
        return tuple(known)
    chosen = (value,) if isinstance(value, str) else value
    if not isinstance(chosen, Collection) or not all(isinstance(k, str) for k in chosen):
        raise InvalidArgument(f"{what} must be a name or a collection of names, got {value!r}")
    unknown = [k for k in chosen if k not in known]
    if unknown:
        raise InvalidArgument(f"unknown {what} {unknown!r}; choose from {', '.join(known)}")
    if not chosen:
        raise InvalidArgument(f"{what} must name at least one of {', '.join(known)}")
    return tuple(k for k in known if k in chosen)


def int_in(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument(f"{name} must be an int in [{low}, {high}], got {value!r}")
    return value


def check_notations(value: object) -> tuple[str, ...]:
    return names(value, "notations", NOTATIONS)


def check_rel_tol(rel_tol: object) -> None:
    if isinstance(rel_tol, bool) or not isinstance(rel_tol, (int, float)):
        raise InvalidArgument(f"rel_tol must be a number, got {rel_tol!r}")
    if not 0.0 <= rel_tol <= 0.25 or math.isnan(rel_tol):
        raise InvalidArgument(f"rel_tol must be in [0, 0.25], got {rel_tol!r}")
