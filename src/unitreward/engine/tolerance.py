"""How a relative and an absolute tolerance combine into the largest difference allowed.

Graders disagree here, and each one's tests assert its own rule:

- ``"sum"`` (the default): ``abs_tol + rel_tol * |reference|``, as ``numpy.isclose`` and
  PrairieLearn's ``pl-units-input`` do (1 m with 10 % and 0.1 m accepts 1.2 m);
- ``"both"``: every tolerance that is set must hold on its own, as lambda-feedback's
  ``comparePhysicalQuantities`` and ``compareExpressions`` do with ``rtol`` and ``atol``
  (1 km with 10 % and 100 m accepts 1098 m, not 1102 m; with 5 % and 100 m, not 1098 m);
- ``"either"``: the larger of the two holds, as ``math.isclose`` does.

A tolerance is *set* when its option is: ``rel_tol > 0`` (or significant figures) and
``abs_tol > 0``. With only one set, the three rules agree.

>>> allowed_difference(100.0, 100.0, "sum"), allowed_difference(100.0, 50.0, "both")
(200.0, 50.0)
>>> allowed_difference(100.0, None, "both"), allowed_difference(None, None, "sum")
(100.0, 0.0)
"""

from __future__ import annotations

from typing import Final

__all__ = ["TOLERANCE_RULES", "allowed_difference"]

#: The rules a :class:`~unitreward.engine.checker.Checker` accepts as ``tolerance_rule``.
TOLERANCE_RULES: Final = ("sum", "both", "either")


def allowed_difference(relative: float | None, absolute: float | None, rule: str = "sum") -> float:
    """The largest difference the tolerances allow under ``rule``.

    Args:
        relative: The relative part, already scaled to the reference (``rel_tol * |ref|``,
            or half a unit in its last digit), or ``None`` when no relative tolerance is set.
        absolute: The absolute part in the same unit, or ``None`` when it is not set.
        rule: ``"sum"``, ``"both"`` or ``"either"`` (see the module docstring).

    >>> allowed_difference(0.1, 0.1, "either")
    0.1
    """
    if relative is None:
        return absolute or 0.0
    if absolute is None:
        return relative
    if rule == "sum":
        return relative + absolute
    if rule == "both":
        return min(relative, absolute)
    return max(relative, absolute)
