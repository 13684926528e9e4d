"""unitreward as a verl custom reward function (Ray-scale RL training).

verl loads a custom reward from the module named in its config and calls
``compute_score(data_source=, solution_str=, ground_truth=, extra_info=)`` once
per response (its reward managers: ``naive``, ``dapo``, the reward loop), with
the config's ``reward_kwargs`` as extra keywords. It expects a float, or a dict
with a ``"score"`` key whose other keys are logged. This module needs nothing
from verl; point verl 0.9's config at it by package path::

    reward:
      custom_reward_function:
        path: pkg://unitreward.integrations.verl
        name: compute_score
        reward_kwargs:
          rel_tol: 0.01

(Older verl releases, and the legacy top-level ``custom_reward_function``
section, take a file path instead: ``python -c "import
unitreward.integrations.verl as m; print(m.__file__)"`` prints it.)

verl gives the reward no prompt; the question reaches it through the row's
``extra_info["question"]``, which :func:`to_verl_rows` writes (as verl's own
data preparation scripts do). :func:`to_verl_rows` turns the bundled physics
problems, or any rows with ``question`` and ``solutions``, into verl's parquet
layout.

>>> compute_score("unitreward/physics", "<think>d = v t</think> It goes 0.12 km.", ["120 m"])
1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from unitreward.engine.errors import ConfigError
from unitreward.engine.verdict import CORRECT, UNPARSEABLE_REFERENCE
from unitreward.integrations._common import (
    cached_checker,
    finite_reward,
    references,
    score_text,
    warn_unusable_reference,
)

__all__ = ["DATA_SOURCE", "compute_score", "to_verl_rows"]

#: The ``data_source`` that :func:`to_verl_rows` writes by default.
DATA_SOURCE = "unitreward/physics"


def _question(extra_info: Any) -> str | None:
    """The question that :func:`to_verl_rows` (or the user's data preparation) put in ``extra_info``."""
    if isinstance(extra_info, Mapping):
        question = extra_info.get("question")
        if isinstance(question, str) and question.strip():
            return question
    return None


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
    tolerance_rule: str = "sum",
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
        extra_info: The row's ``extra_info``; its ``"question"`` (written by
            :func:`to_verl_rows`) is the question passed to the engine.
        rel_tol: Relative tolerance after unit conversion (``reward_kwargs``).
        abs_tol: Absolute tolerance, for references of 0.
        sig_figs: Also require the reference's significant figures.
        unitless_credit: Reward for a right number without the reference's unit.
        tolerance_rule: How ``rel_tol`` and ``abs_tol`` combine when both are set:
            ``"sum"`` (they add), ``"both"`` (each must hold) or ``"either"``.
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
    checker = cached_checker(
        rel_tol, abs_tol, sig_figs, unitless_credit, tolerance_rule=tolerance_rule
    )
    text = solution_str if isinstance(solution_str, str) else str(solution_str)
    refs = references(ground_truth)
    fmt = _think_format(text)
    verdict = score_text(checker, text, refs, _question(extra_info))
    if verdict.reason == UNPARSEABLE_REFERENCE:
        shown = repr(verdict.expected) if refs else repr(ground_truth)
        warn_unusable_reference(shown, "unitreward.integrations.verl", "its responses score 0.0")
    correct = finite_reward(verdict)
    dimension_ok, verdict_correct = verdict.dimension_ok, verdict.reason == CORRECT
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
    and ``extra_info = {"split", "index", "question", "answer", ...}``; write them with
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
        extra = {"split": split, "index": index, "question": str(row["question"])}
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
