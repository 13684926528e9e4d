"""unitreward: composable, unit-aware, verifiable reward functions for RLVR.

The public names are loaded on first use, so ``import unitreward`` is cheap and
has no side effects (no pint registry is built, no sympy imported, no logging
configured).

>>> import unitreward
>>> unitreward.check("<think>v = d/t</think> The speed is 54 km/h", "15 m/s").reward
1.0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from unitreward._version import __version__
from unitreward.engine.errors import ConfigError, ParseError, UnitError, UnitrewardError
from unitreward.engine.verdict import REASONS, Verdict

if TYPE_CHECKING:
    from unitreward.combine import all_of, any_of, clip, gate, weighted
    from unitreward.engine.checker import Checker, check
    from unitreward.engine.quantity import Quantity, parse_quantity
    from unitreward.rewards import (
        Correctness,
        SoftThinkFormat,
        ThinkFormat,
        UnitDimension,
        correctness,
        soft_think_format,
        think_format,
        unit_dimension,
    )

_LAZY: dict[str, str] = {
    "Checker": "unitreward.engine.checker",
    "check": "unitreward.engine.checker",
    "Quantity": "unitreward.engine.quantity",
    "parse_quantity": "unitreward.engine.quantity",
    "Correctness": "unitreward.rewards",
    "SoftThinkFormat": "unitreward.rewards",
    "ThinkFormat": "unitreward.rewards",
    "UnitDimension": "unitreward.rewards",
    "correctness": "unitreward.rewards",
    "soft_think_format": "unitreward.rewards",
    "think_format": "unitreward.rewards",
    "unit_dimension": "unitreward.rewards",
    "all_of": "unitreward.combine",
    "any_of": "unitreward.combine",
    "clip": "unitreward.combine",
    "gate": "unitreward.combine",
    "weighted": "unitreward.combine",
}

__all__ = [
    "REASONS",
    "Checker",
    "ConfigError",
    "Correctness",
    "ParseError",
    "Quantity",
    "SoftThinkFormat",
    "ThinkFormat",
    "UnitDimension",
    "UnitError",
    "UnitrewardError",
    "Verdict",
    "__version__",
    "all_of",
    "any_of",
    "check",
    "clip",
    "correctness",
    "gate",
    "parse_quantity",
    "soft_think_format",
    "think_format",
    "unit_dimension",
    "weighted",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unitreward' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
