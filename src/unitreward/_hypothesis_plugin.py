"""Hypothesis entry point: ``st.from_type(unitreward.Quantity)`` draws real quantities.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (entry point
group ``hypothesis`` in ``pyproject.toml``). The hook only registers a callable:
nothing is drawn, no pint registry is built and :mod:`unitreward.strategies` is
not imported until a test asks for the type.
"""

from __future__ import annotations

from typing import Any


def _quantity_strategy(_: type) -> Any:
    from unitreward.strategies.quantity import _engine_quantities

    return _engine_quantities()


def _hypothesis_setup_hook() -> None:
    """Register ``unitreward.Quantity`` for type inference; never fails hypothesis' import.

    >>> from hypothesis import find, strategies as st
    >>> import unitreward
    >>> find(st.from_type(unitreward.Quantity), lambda q: q.unit_text == "km/h").text
    '1 km/h'
    """
    try:
        import hypothesis.strategies as st

        from unitreward.engine.quantity import Quantity
    except ImportError:  # pragma: no cover - a broken install must not break hypothesis
        return
    st.register_type_strategy(Quantity, _quantity_strategy)
