"""What the trainer adapters share: reading references, scoring one response, warning once.

Every framework hands the reference in its own shape (a string, a number, a
list, a numpy array after a parquet round trip, a JSON list in a string) and
the question, when it has one, in its own place. :func:`references` reads all
of those shapes; :func:`score_text` runs the engine on one response and never
raises, so no adapter can take a training run down.

The question is passed to the engine when :meth:`Checker.check
<unitreward.engine.checker.Checker.check>` accepts a ``question=`` keyword (the
engine learns to use it to refuse echoed givens); until then it is accepted
and dropped here, in one place.

>>> references('["120 m", "120 meters"]')
['120 m', '120 meters']
>>> score_text(cached_checker(), "<think>d = v t</think> It goes 0.12 km.", ["120 m"]).reason
'correct'
"""

from __future__ import annotations

import inspect
import json
import math
import threading
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from unitreward.engine.checker import Checker
from unitreward.engine.verdict import (
    NO_ANSWER,
    UNPARSEABLE_ANSWER,
    UNPARSEABLE_REFERENCE,
    Verdict,
)

__all__ = [
    "CHECK_TAKES_QUESTION",
    "cached_checker",
    "finite_reward",
    "references",
    "score_text",
    "warn_unusable_reference",
]

#: Whether this engine's ``Checker.check`` takes the question (``question=``).
CHECK_TAKES_QUESTION = "question" in inspect.signature(Checker.check).parameters

_WARNED: set[str] = set()
_WARNED_LOCK = threading.Lock()
_MAX_WARNED = 1024


@lru_cache(maxsize=64)
def cached_checker(
    rel_tol: float = 1e-2,
    abs_tol: float | str = 0.0,
    sig_figs: bool = False,
    unitless_credit: float = 0.0,
    prefilled: bool = False,
    tolerance_rule: str = "sum",
) -> Checker:
    """One shared :class:`~unitreward.engine.checker.Checker` per set of options.

    Raises:
        ConfigError: For invalid options.

    >>> cached_checker(rel_tol=0.05) is cached_checker(rel_tol=0.05)
    True
    """
    return Checker(
        rel_tol=rel_tol,
        abs_tol=abs_tol,
        sig_figs=sig_figs,
        unitless_credit=unitless_credit,
        prefilled=prefilled,
        tolerance_rule=tolerance_rule,
    )


def references(value: Any) -> list[str]:
    """The acceptable answers in a framework's reference field, as non-blank strings.

    Reads a string, a number, a list/tuple/array of them, a JSON list in a string
    (as parquet and CSV round trips leave it), or a mapping with ``ground_truth``
    or ``solutions`` (a row handed over one level too high). Anything else, and
    booleans, NaN and blanks, give no reference.

    >>> references(3.0), references(["9.8 m/s^2", 9.8]), references({"ground_truth": "3 m"})
    (['3.0'], ['9.8 m/s^2', '9.8'], ['3 m'])
    >>> references(None), references(True), references("  "), references(float("nan"))
    ([], [], [], [])
    """
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("[") and text.endswith("]"):
            try:
                decoded = json.loads(text)
            except ValueError:
                decoded = None
            if isinstance(decoded, list):
                return references(decoded)
        return [value] if text else []
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [str(value)] if math.isfinite(value) else []
    if isinstance(value, Mapping):
        for key in ("ground_truth", "solutions", "solution", "answer"):
            if key in value:
                return references(value[key])
        return []
    if isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray)):
        refs: list[str] = []
        for item in value:
            refs.extend(references(item))
        return refs
    if hasattr(value, "item") and callable(value.item):  # a numpy scalar on its own
        try:
            return references(value.item())
        except (TypeError, ValueError):
            return []
    return []


def warn_unusable_reference(reference: str, where: str, consequence: str) -> None:
    """Warn once per distinct unusable reference (bounded, so a bad data set cannot flood logs).

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_unusable_reference("'?!'", "doctest", "scores 0.0")
    ...     warn_unusable_reference("'?!'", "doctest", "scores 0.0")
    >>> len(caught)
    1
    """
    with _WARNED_LOCK:
        key = f"{where}\0{reference}"
        if key in _WARNED or len(_WARNED) >= _MAX_WARNED:
            return
        _WARNED.add(key)
    warnings.warn(
        f"{where}: cannot use the reference {reference[:200]}; {consequence}",
        UserWarning,
        stacklevel=3,
    )


def score_text(
    checker: Checker, text: Any, refs: list[str], question: str | None = None
) -> Verdict:
    """The engine's verdict on one response; never raises.

    Args:
        checker: The engine with the run's options.
        text: The response: a string, or chat messages.
        refs: The acceptable answers (from :func:`references`); empty gives
            ``unparseable_reference``.
        question: The question (the prompt), when the framework gives it; passed
            to the engine once ``Checker.check`` takes ``question=``.

    >>> score_text(cached_checker(), "It is 5 g.", ["5 kg"]).reason
    'wrong_value'
    >>> score_text(cached_checker(), "It is 5 g.", []).reason
    'unparseable_reference'
    """
    if not refs:
        return Verdict(0.0, UNPARSEABLE_REFERENCE, None, "", "no usable reference")
    if text is None:
        return Verdict(0.0, NO_ANSWER, None, refs[0], "no response text")
    try:
        if question is not None and CHECK_TAKES_QUESTION:
            verdict: Verdict = checker.check(text, refs, question=question)  # type: ignore[call-arg, unused-ignore]
        else:
            verdict = checker.check(text, refs)
    except Exception as exc:  # the engine must never take a training run down
        return Verdict(0.0, UNPARSEABLE_ANSWER, None, refs[0], f"engine error: {exc!r}")
    return verdict


def finite_reward(verdict: Verdict) -> float:
    """The verdict's reward as a finite float (0.0 for anything else).

    >>> finite_reward(Verdict(float("nan"), "correct", None, "1 m"))
    0.0
    """
    reward = float(verdict.reward)
    return reward if math.isfinite(reward) else 0.0
