"""TEMPORARY placeholder: the real engine replaces this file (same API)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from unitreward.errors import ConfigError
from unitreward.verdict import Verdict

_NUM = regex.compile(r"(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*([A-Za-z/^0-9*]*)")


@dataclass(frozen=True)
class Checker:
    rel_tol: float = 1e-2
    abs_tol: float | str = 0.0
    sig_figs: bool = False
    unitless_credit: float = 0.0

    def __post_init__(self) -> None:
        if not self.rel_tol >= 0:
            raise ConfigError(f"rel_tol must be a finite number >= 0, got {self.rel_tol}")

    def check(self, completion: Any, solutions: str | Sequence[str]) -> Verdict:
        import pint

        ureg = pint.UnitRegistry()
        text = completion if isinstance(completion, str) else completion[-1]["content"]
        text = text.split("</think>")[-1]
        refs = [solutions] if isinstance(solutions, str) else list(solutions)
        m = list(_NUM.finditer(text))
        if not m:
            return Verdict(0.0, "no_answer", None, refs[0])
        ans = m[-1].group(0).strip()
        try:
            q = ureg.Quantity(ans)
        except Exception:
            return Verdict(0.0, "unparseable_answer", ans, refs[0])
        for r in refs:
            try:
                rq = ureg.Quantity(r)
            except Exception:
                return Verdict(0.0, "unparseable_reference", ans, r)
            if q.dimensionality != rq.dimensionality:
                return Verdict(0.0, "wrong_dimension", ans, r)
            if abs(q.to(rq.units).magnitude - rq.magnitude) <= self.rel_tol * abs(rq.magnitude):
                return Verdict(1.0, "correct", ans, r, dimension_ok=True)
        return Verdict(0.0, "wrong_value", ans, refs[0], dimension_ok=True)

    __call__ = check


def check(completion: Any, solutions: str | Sequence[str], **options: Any) -> Verdict:
    return Checker(**options).check(completion, solutions)
