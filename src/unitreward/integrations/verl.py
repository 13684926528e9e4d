"""unitreward as a verl custom reward function (Ray-scale RL training).

verl loads a custom reward from a Python file named in its config and calls
``compute_score(data_source=, solution_str=, ground_truth=, extra_info=)`` once
per response, with any ``reward_kwargs`` of the config as extra keywords. It
expects a float, or a dict with a ``"score"`` key whose other keys are logged.
This module needs nothing from verl::

    custom_reward_function:
      path: /path/to/site-packages/unitreward/integrations/verl.py
      name: compute_score
      reward_kwargs:
        rel_tol: 0.01

(``python -c "import unitreward.integrations.verl as m; print(m.__file__)"``
prints the path.) :func:`to_verl_rows` turns the bundled physics problems, or
any rows with ``question`` and ``solutions``, into verl's parquet layout.

>>> compute_score("unitreward/physics", "<think>d = v t</think> It goes 0.12 km.", ["120 m"])
1.0
"""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from unitreward.engine.checker import Checker
from unitreward.engine.errors import ConfigError
from unitreward.engine.verdict import CORRECT, UNPARSEABLE_REFERENCE

__all__ = ["DATA_SOURCE", "compute_score", "to_verl_rows"]

#: The ``data_source`` that :func:`to_verl_rows` writes by default.
DATA_SOURCE = "unitreward/physics"

_WARNED: set[str] = set()
_WARNED_LOCK = threading.Lock()
_MAX_WARNED = 1024


@lru_cache(maxsize=64)
def _checker(rel_tol: float, abs_tol: float, sig_figs: bool, unitless_credit: float) -> Checker:
    return Checker(
        rel_tol=rel_tol, abs_tol=abs_tol, sig_figs=sig_figs, unitless_credit=unitless_credit
    )


def _references(ground_truth: Any) -> list[str]:
    """The acceptable answers in ``ground_truth``: a string, a number, a list or array of them,
    or a JSON list in a string (as parquet round trips sometimes leave it)."""
    if isinstance(ground_truth, str):
        text = ground_truth.strip()
        if text.startswith("[") and text.endswith("]"):
            try:
                decoded = json.loads(text)
            except ValueError:
                decoded = None
            if isinstance(decoded, list):
                return _references(decoded)
        return [ground_truth] if text else []
    if isinstance(ground_truth, bool) or ground_truth is None:
        return []
    if isinstance(ground_truth, (int, float)):
        return [str(ground_truth)]
    if isinstance(ground_truth, Mapping):  # {"ground_truth": ...} passed one level too high
        return _references(ground_truth.get("ground_truth"))
    if isinstance(ground_truth, Iterable) and not isinstance(ground_truth, (bytes, bytearray)):
        refs: list[str] = []
        for item in ground_truth:
            refs.extend(_references(item))
        return refs
    return []


def _warn_once(reference: str) -> None:
    with _WARNED_LOCK:
        if reference in _WARNED or len(_WARNED) >= _MAX_WARNED:
            return
        _WARNED.add(reference)
    warnings.warn(
        f"unitreward.integrations.verl: cannot parse the reference {reference[:200]!r}; "
        "its responses score 0.0",
        UserWarning,
        stacklevel=3,
    )


def _think_format(text: str) -> float:
    """The tutorial's ``^<think>(?!.*<think>)(.*?)</think>.*$`` (DOTALL) as 1.0 or 0.0."""
    if not text.startswith("<think>"):
        return 0.0
    rest = text[len("<think>") :]
    return 1.0 if "<think>" not in rest and "</think>" in rest else 0.0


def compute_score(
    data_source: Any,
    solution_str: str,
    ground_truth: Any,
    extra_info: Any = None,
    *,
    rel_tol: float = 1e-2,
    abs_tol: float = 0.0,
    sig_figs: bool = False,
    unitless_credit: float = 0.0,
    format_weight: float = 0.0,
    return_dict: bool = False,
    **kwargs: Any,
) -> float | dict[str, float]:
    """Score one response in verl's custom-reward contract.

    Args:
        data_source: The row's ``data_source``; every source is scored the same way.
        solution_str: The decoded response (think block included, if any).
        ground_truth: ``reward_model.ground_truth`` of the row: one acceptable
            answer (``"120 m"``), a list or array of them, or a JSON list in a string.
        extra_info: The row's ``extra_info``; unused.
        rel_tol: Relative tolerance after unit conversion (``reward_kwargs``).
        abs_tol: Absolute tolerance, for references of 0.
        sig_figs: Also require the reference's significant figures.
        unitless_credit: Reward for a right number without the reference's unit.
        format_weight: Weight ``w`` of the tutorial's think format in the score:
            ``(1 - w) * correctness + w * format``; 0 (the default) scores correctness alone.
        return_dict: Return ``{"score", "acc", "dimension_ok", "format"}`` (all
            floats; verl logs the extra keys) instead of the float.
        **kwargs: What some verl reward managers add (``strict_box_verify``, ...); ignored.

    Returns:
        The score in ``[0, 1]``, or the dict. A reference that cannot be parsed
        scores 0.0 with one warning per distinct reference (verl needs a number;
        TRL's rewards return ``None`` instead).

    Raises:
        ConfigError: For invalid options (checked before anything is scored).

    >>> compute_score("physics", "The answer is \\\\boxed{54 km/h}", "15 m/s")
    1.0
    >>> compute_score("physics", "It is 54 km", ["15 m/s", "54 km/h"], return_dict=True)
    {'score': 0.0, 'acc': 0.0, 'dimension_ok': 0.0, 'format': 0.0}
    >>> compute_score("physics", "<think>v = d/t</think> 15 m/s", "15 m/s", format_weight=0.2)
    1.0
    """
    if isinstance(format_weight, bool) or not isinstance(format_weight, (int, float)):
        raise ConfigError(f"format_weight must be a number in [0, 1], got {format_weight!r}")
    if not 0.0 <= format_weight <= 1.0:
        raise ConfigError(f"format_weight must be a number in [0, 1], got {format_weight!r}")
    checker = _checker(rel_tol, abs_tol, sig_figs, unitless_credit)
    text = solution_str if isinstance(solution_str, str) else str(solution_str)
    refs = _references(ground_truth)
    fmt = _think_format(text)
    if not refs:
        _warn_once(repr(ground_truth))
        correct, dimension_ok, verdict_correct = 0.0, False, False
    else:
        try:
            verdict = checker.check(text, refs)
        except Exception:  # the engine must never take a training run down
            correct, dimension_ok, verdict_correct = 0.0, False, False
        else:
            verdict_correct = verdict.reason == CORRECT
            if verdict.reason == UNPARSEABLE_REFERENCE:
                _warn_once(verdict.expected or refs[0])
            correct, dimension_ok = float(verdict.reward), verdict.dimension_ok
    score = (1.0 - format_weight) * correct + format_weight * fmt
    if not return_dict:
        return score
    return {
        "score": score,
        "acc": 1.0 if verdict_correct else 0.0,
        "dimension_ok": 1.0 if dimension_ok else 0.0,
        "format": fmt,
    }


def to_verl_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    data_source: str = DATA_SOURCE,
    system_prompt: str | None = None,
    split: str = "train",
    ability: str = "physics",
) -> list[dict[str, Any]]:
    """Rows with ``question`` and ``solutions`` in verl's RL data layout.

    Each output row has ``data_source``, ``prompt`` (chat messages),
    ``ability``, ``reward_model = {"style": "rule", "ground_truth": solutions}``
    and ``extra_info = {"split", "index", "answer", ...}``; write them with
    ``pandas.DataFrame(rows).to_parquet(path)`` and point verl's
    ``data.train_files`` at the file.

    Args:
        rows: Dicts (or a ``datasets.Dataset``) with ``question`` and ``solutions``
            (a list or a string), e.g. :func:`unitreward.data.physics_records`.
        data_source: The ``data_source`` to write.
        system_prompt: A system message to put before each question, or ``None``.
        split: Written to ``extra_info.split``.
        ability: Written to ``ability``.

    Returns:
        A list of dicts, one per row.

    Raises:
        ConfigError: When a row has no ``question`` or no ``solutions``.

    >>> from unitreward.data import physics_records
    >>> row = to_verl_rows(physics_records(1))[0]
    >>> sorted(row)
    ['ability', 'data_source', 'extra_info', 'prompt', 'reward_model']
    >>> compute_score(row["data_source"], row["reward_model"]["ground_truth"][0],
    ...               row["reward_model"]["ground_truth"])
    1.0
    """
    out: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        if "question" not in row or "solutions" not in row:
            raise ConfigError(f"row {index} needs 'question' and 'solutions', has {sorted(row)}")
        solutions = row["solutions"]
        truth = [solutions] if isinstance(solutions, str) else [str(s) for s in solutions]
        messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
        messages.append({"role": "user", "content": str(row["question"])})
        extra = {"split": split, "index": index}
        extra.update({k: row[k] for k in ("answer", "topic", "unit") if k in row})
        out.append(
            {
                "data_source": data_source,
                "prompt": messages,
                "ability": ability,
                "reward_model": {"style": "rule", "ground_truth": truth},
                "extra_info": extra,
            }
        )
    return out
