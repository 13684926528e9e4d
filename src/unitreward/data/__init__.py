"""Bundled, verifiable training data: procedural physics problems with unit-converted answers.

Importing this package needs neither ``datasets`` nor ``torch``; the names are
loaded on first use and :func:`physics_problems` imports ``datasets`` only
when called.

>>> from unitreward.data import TOPICS, physics_records
>>> len(TOPICS) >= 10
True
>>> physics_records(1)[0]["topic"]
'kinematics'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unitreward.data.physics import (
        DEFAULT_SYSTEM_PROMPT,
        SPLITS,
        TOPICS,
        physics_problems,
        physics_records,
        to_prompts,
    )

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "SPLITS",
    "TOPICS",
    "physics_problems",
    "physics_records",
    "to_prompts",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'unitreward.data' has no attribute {name!r}")
    value = getattr(importlib.import_module("unitreward.data.physics"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
