"""unitreward as an OpenRLHF reward function (``--reward.remote_url reward_func.py``).

OpenRLHF (0.11; ``--remote_rm_url`` in older releases) loads a Python file
named by ``--reward.remote_url`` when it ends in ``.py``, takes its
``reward_func`` attribute, and calls ``reward_func(queries, prompts, labels)``
in a worker thread after each generation:

* ``queries``: the decoded prompt **and** response, special tokens kept;
* ``prompts``: the prompts as the model saw them (chat template applied);
* ``labels``: the data set's ``--data.label_key`` column (the reference).

It expects a dict: ``rewards`` (a tensor, used for the advantages), ``scores``
(a tensor in [0, 1], used by ``--dynamic_filtering``) and ``extra_logs`` (a
dict of tensors, logged). This file is such a module: point OpenRLHF at it::

    python -m openrlhf.cli.train_ppo_ray ... \\
        --reward.remote_url "$(python -c 'import unitreward.integrations.openrlhf as m; print(m.__file__)')" \\
        --data.label_key solution

or, for other options, at a file of your own with one line:
``reward_func = RewardFunc(rel_tol=0.05, format_weight=0.1)``.

The response is what follows the prompt in the query, less trailing
end-of-turn tokens (``<|im_end|>``, ``</s>``, ...); the prompt is passed to the
engine as the question. Needs ``torch`` (which OpenRLHF has), imported when
scores are returned.

>>> out = reward_func(["<|user|>How far?<|assistant|><think>d = vt</think> 0.12 km<|end|>"],
...                   ["<|user|>How far?<|assistant|>"], ["120 m"])
>>> out["rewards"].tolist(), out["extra_logs"]["unitreward/correct"].tolist()
([1.0], [1.0])
"""

# No ``from __future__ import annotations`` here: OpenRLHF loads this file by path without
# registering it in ``sys.modules``, and ``dataclasses`` resolves string annotations through
# ``sys.modules[cls.__module__]``; real annotations need no lookup.
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from unitreward.engine.checker import Checker
from unitreward.engine.errors import ConfigError
from unitreward.engine.verdict import CORRECT, UNPARSEABLE_REFERENCE
from unitreward.integrations._common import (
    cached_checker,
    finite_reward,
    references,
    score_text,
    warn_unusable_reference,
)
from unitreward.rewards import ThinkFormat

__all__ = ["RewardFunc", "response_text", "reward_func"]

#: Special tokens a tokenizer leaves at the end of a decoded turn when
#: ``skip_special_tokens=False``: ``<|im_end|>``, ``<|eot_id|>``, ``</s>``, ``<eos>``, ...
_TRAILING_SPECIAL = re.compile(
    r"(?:\s*(?:<\|[A-Za-z0-9_.:-]{1,40}\|>|</s>|<eos>|<end_of_turn>|<\uff5cend\u2581of\u2581sentence\uff5c>))+\s*\Z"
)


def response_text(query: str, prompt: str | None) -> str:
    """The response part of an OpenRLHF query: after the prompt, less trailing special tokens.

    A query that does not contain the prompt (a tokenizer that does not round-trip
    it exactly) is scored whole: the engine reads the final answer after the last
    ``</think>``, which lies in the response.

    >>> response_text("<|im_start|>user\\nHow far?<|im_end|>\\n<|im_start|>assistant\\n12 m<|im_end|>",
    ...               "<|im_start|>user\\nHow far?<|im_end|>\\n<|im_start|>assistant\\n")
    '12 m'
    """
    text = query
    if prompt:
        if query.startswith(prompt):
            text = query[len(prompt) :]
        else:
            at = query.rfind(prompt)
            if at >= 0:
                text = query[at + len(prompt) :]
    return _TRAILING_SPECIAL.sub("", text)


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - OpenRLHF always has torch
        raise ImportError(
            "unitreward.integrations.openrlhf returns torch tensors, as OpenRLHF expects: "
            "pip install torch (OpenRLHF installs it)"
        ) from exc
    return torch


@dataclass(frozen=True, kw_only=True)
class RewardFunc:
    """An OpenRLHF ``reward_func(queries, prompts, labels)`` with unitreward's options.

    Args:
        rel_tol: Relative tolerance after conversion to the reference's unit.
        abs_tol: Absolute tolerance (for references of 0): a number, or a quantity
            string such as ``"1 cm"``.
        sig_figs: Tolerance of half a unit in the reference's last significant digit.
        unitless_credit: Reward for a right number without the reference's unit.
        tolerance_rule: How ``rel_tol`` and ``abs_tol`` combine when both are set:
            ``"sum"`` (they add), ``"both"`` (each must hold) or ``"either"``.
        prefilled: The chat template opened ``<think>`` in the prompt.
        format_weight: Weight ``w`` of the think format (one ``<think>...</think>``
            block first) in the reward: ``(1 - w) * correctness + w * format``.

    Raises:
        ConfigError: For invalid options (checked when the object is built).

    >>> fn = RewardFunc(rel_tol=0.1)
    >>> fn(["Q: How long? A: 2.1 s"], ["Q: How long? A:"], ["2 s"])["scores"].tolist()
    [1.0]
    """

    rel_tol: float = 1e-2
    abs_tol: float | str = 0.0
    sig_figs: bool = False
    unitless_credit: float = 0.0
    prefilled: bool = False
    tolerance_rule: str = "sum"
    format_weight: float = 0.0
    _checker: Checker = field(init=False, repr=False, compare=False)
    _format: ThinkFormat = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weight = self.format_weight
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
            raise ConfigError(f"format_weight must be a number in [0, 1], got {weight!r}")
        checker = cached_checker(
            self.rel_tol,
            self.abs_tol,
            self.sig_figs,
            self.unitless_credit,
            self.prefilled,
            self.tolerance_rule,
        )
        object.__setattr__(self, "_checker", checker)
        object.__setattr__(self, "_format", ThinkFormat(prefilled=self.prefilled))

    def __call__(
        self, queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any]
    ) -> dict[str, Any]:
        """Score a batch as OpenRLHF calls it; see the module docs for the fields."""
        n = len(queries)
        if len(prompts) != n or len(labels) != n:
            raise ConfigError(
                f"unitreward.integrations.openrlhf: {n} queries, {len(prompts)} prompts and "
                f"{len(labels)} labels; set --data.label_key to the reference column"
            )
        rewards: list[float] = []
        correct: list[float] = []
        dimension: list[float] = []
        unusable: list[float] = []
        for query, prompt, label in zip(queries, prompts, labels, strict=True):
            prompt_text = prompt if isinstance(prompt, str) else None
            text = response_text(str(query), prompt_text)
            refs = references(label)
            verdict = score_text(self._checker, text, refs, prompt_text)
            if verdict.reason == UNPARSEABLE_REFERENCE:
                warn_unusable_reference(
                    repr(label), "unitreward.integrations.openrlhf", "its responses score 0.0"
                )
            fmt = self._format.score(text)
            w = float(self.format_weight)
            rewards.append((1.0 - w) * finite_reward(verdict) + w * fmt)
            correct.append(1.0 if verdict.reason == CORRECT else 0.0)
            dimension.append(1.0 if verdict.dimension_ok else 0.0)
            unusable.append(1.0 if verdict.reason == UNPARSEABLE_REFERENCE else 0.0)
        torch = _torch()
        tensor = torch.tensor(rewards, dtype=torch.float32)
        return {
            "rewards": tensor,
            "scores": tensor.clone(),
            "extra_logs": {
                "unitreward/correct": torch.tensor(correct),
                "unitreward/dimension_ok": torch.tensor(dimension),
                "unitreward/unusable_reference": torch.tensor(unusable),
            },
        }


#: The function OpenRLHF looks up in this file: default options.
reward_func = RewardFunc()
