"""What the benchmarks compare unitreward with, and small helpers they share.

* ``substring``: the naive check of the GRPO physics tutorial,
  ``any(ref in content for ref in solutions)`` on the whole completion.
* ``math-verify``: Hugging Face's math-verify, ``parse`` on the completion and on
  each reference, then ``verify``, with its own ``signal.alarm`` timeouts (so it
  must run in the main thread).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: math-verify's default timeouts (seconds, integers: it uses signal.alarm).
MATH_VERIFY_TIMEOUT = 5


def completion_text(completion: str | list[dict[str, Any]]) -> str:
    """The text of a completion: the string itself or the last message's content."""
    if isinstance(completion, str):
        return completion
    return str(completion[-1].get("content", "")) if completion else ""


def as_list(solutions: str | Sequence[str]) -> list[str]:
    return [solutions] if isinstance(solutions, str) else list(solutions)


def substring_reward(
    completion: str | list[dict[str, Any]], solutions: str | Sequence[str]
) -> float:
    """The tutorial's check: 1.0 when any reference occurs verbatim in the completion."""
    content = completion_text(completion)
    return 1.0 if any(ref in content for ref in as_list(solutions)) else 0.0


def _quiet_math_verify() -> None:
    # math-verify logs every parse failure and timeout at WARNING/ERROR level.
    for name in (
        "math_verify",
        "math_verify.parser",
        "math_verify.grader",
        "latex2sympy2_extended",
    ):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def math_verify_available() -> bool:
    try:
        import math_verify  # noqa: F401
    except ImportError:
        return False
    return True


def math_verify_reward(
    completion: str | list[dict[str, Any]],
    solutions: str | Sequence[str],
    *,
    timeout: int = MATH_VERIFY_TIMEOUT,
) -> float:
    """math-verify's verdict: parse the completion and each reference, then verify.

    Uses math-verify's own timeouts (``signal.alarm``), so it must be called from
    the main thread. Any exception counts as 0.0, as a reward function would.
    """
    from math_verify import parse, verify

    _quiet_math_verify()
    try:
        pred = parse(completion_text(completion), parsing_timeout=timeout)
        if not pred:
            return 0.0
        for ref in as_list(solutions):
            gold = parse(ref, parsing_timeout=timeout)
            if gold and verify(gold, pred, timeout_seconds=timeout):
                return 1.0
    except Exception:
        return 0.0
    return 0.0


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: invalid JSON: {exc.msg}") from exc
    return rows


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of the values, by linear interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low = math.floor(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def fmt_seconds(seconds: float) -> str:
    """A duration with a sensible unit: ``12.3 µs``, ``4.56 ms``, ``1.23 s``."""
    if seconds != seconds:  # nan
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"
