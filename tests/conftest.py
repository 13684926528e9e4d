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
