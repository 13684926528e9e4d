"""The givens of a question that are a wrong answer when restated as the answer.

A *restated given* is a quantity the question states (``90 km/h`` in "Convert
90 km/h to m/s"), copied as the final answer. It is an attack only when the
given is not itself the right answer:

* a given of another dimension, or of the reference's dimension but at least
  three tolerances away from it, is a wrong answer outright (``3.8 s`` for a
  fall height, ``22 °C`` for a final temperature of ``39.2 °C``);
* a given *equal* to the reference is an attack only when the question asks
  for the answer in a unit (``to m/s``, ``in kJ``, "Give the answer in m/s")
  and the given is written in another one: the conversion question answered
  with its own input;
* everything else is left out: a given equal to the reference in the asked
  unit (or with no unit asked for) is the right answer, and one between one
  and three tolerances away is too close to call.

The question is read with unitreward's normaliser and quantity scanner (the
same reading a reward that sees ``prompts`` gets); the comparison with the
reference is pint's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from unitreward.strategies._units import _registry, _Target

# "in m/s", "to kJ", "into km/h", "in units of N": the unit a question asks for.
_ASKED = re.compile(r"\b(?:in|into|to|as)\s+(?:units\s+of\s+)?", re.IGNORECASE)
_MAX_GIVENS = 50


def _relative_gap(value: Any, target: _Target) -> float | None:
    """How far a pint quantity is from the target, relative; ``None``: another dimension."""
    reg = _registry()
    try:
        converted = float(reg.Quantity(value.magnitude, str(value.units)).to(target.unit).magnitude)
    except Exception:
        return None
    if not math.isfinite(converted):
        return None
    if target.magnitude == 0:
        return abs(converted)
    return abs(converted - target.magnitude) / abs(target.magnitude)


def _asked_unit(text: str, target: _Target) -> Any:
    """The pint unit the question asks the answer in, when it names one of the target's dimension."""
    from unitreward.engine.units import scan_unit

    reg = _registry()
    wanted = reg.Quantity(1.0, target.unit).dimensionality
    asked = None
    for m in _ASKED.finditer(text):
        info, _ = scan_unit(text, m.end())
        if info is None:
            continue
        try:
            unit = reg.Unit(info.expr)
        except Exception:
            continue
        if reg.Quantity(1.0, unit).dimensionality == wanted:
            asked = unit  # the last request wins ("... in km/h? Give it in m/s.")
    return asked


def restatable_givens(
    question: str, target: _Target, step: float, accepted: Sequence[Any] = ()
) -> tuple[str, ...]:
    """The givens of ``question`` (as written, normalised) whose restatement is a wrong answer.

    ``step`` is the verifier's relative tolerance (at least ``1e-4``);
    ``accepted`` the pint units of every acceptable reference (a given equal
    to the answer and written in one of them is a right answer).

    >>> from unitreward.strategies._units import _resolve, _registry
    >>> t = _resolve(_registry().Quantity(25, "m/s"), "q")
    >>> restatable_givens("Convert 90 km/h to m/s.", t, 1e-2)
    ('90 km/h',)
    >>> restatable_givens("A car moves at 25 m/s for 10 s. What is its speed?", t, 1e-2)
    ('10 s',)
    """
    from unitreward.engine.quantity import scan_quantities
    from unitreward.engine.text import normalize

    text = normalize(question)
    found = scan_quantities(text, limit=_MAX_GIVENS).quantities
    bare_ok = target.spec == () or (
        target.dimension is not None and target.dimension.name == "dimensionless"
    )
    asked = None
    asked_read = False
    givens: list[str] = []
    for start, end, quantity in found:
        if quantity.unit is None and not bare_ok:
            continue  # a count or a label, not a given of a physical quantity
        written = text[start:end].strip().rstrip(".,;:")
        try:
            value = quantity.to_pint()
        except Exception:
            continue
        gap = _relative_gap(value, target)
        if gap is None or gap >= 3 * step:
            givens.append(written)  # another dimension, or far from the answer
            continue
        if gap > step:
            continue  # too close to call
        if not asked_read:
            asked, asked_read = _asked_unit(text, target), True
        if asked is not None and value.units != asked and value.units not in accepted:
            givens.append(written)  # the conversion question answered with its input
    return tuple(dict.fromkeys(givens))
