"""Shared fixtures: a tiny local model (built once per session) and a small physics data set."""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A tiny ``LlamaForCausalLM`` and tokenizer saved with ``save_pretrained`` (offline)."""
    pytest.importorskip("transformers", reason="needs the [train] extra")
    from unitreward.data.tiny import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"), seed=0)


def _physics_rows(n: int = 32) -> list[dict[str, Any]]:
    """``n`` conversational prompts, each with a ``solutions`` list of acceptable answers."""
    rows = []
    for i in range(n):
        speed, time = 2 + i % 9, 2 + (i // 9) % 5
        distance = speed * time
        rows.append(
            {
                "prompt": [
                    {
                        "role": "user",
                        "content": f"A car moves at {speed} m/s for {time} s. How far does it go?",
                    }
                ],
                "solutions": [f"{distance} m", f"{distance} meters", f"{distance / 1000:g} km"],
            }
        )
    return rows


@pytest.fixture(scope="session")
def physics_rows() -> Callable[[int], list[dict[str, Any]]]:
    """Make ``n`` rows of a small conversational physics data set with a ``solutions`` column.

    Each row is ``{"prompt": [{"role": "user", ...}], "solutions": ["12 m", "12 meters", ...]}``.
    """
    return _physics_rows


def require_framework(module: str, install: str) -> Any:
    """Import a training framework for its adapter's real-package tests.

    Outside CI a missing framework skips the test (the shared development venv
    does not carry every trainer). In CI (``CI`` set, as ``.ci/run`` runs) it
    must import: ``.ci/run`` installs it, and a skip there would hide a failure.
    """
    import importlib
    import os

    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"not installed here; .ci/run installs it: {install}")
