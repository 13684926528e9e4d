"""Hypothesis entry point: registers unitreward's strategies for type inference."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Called by hypothesis at import time (entry point group ``hypothesis``)."""
