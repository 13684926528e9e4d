"""unitreward in Prime Intellect's ``verifiers`` environments (v1 tasks and classic rubrics).

**verifiers 0.4 (``import verifiers.v1 as vf``).** A task's rewards are async
functions that name what they need, ``task`` (the row's :class:`TaskData`) and
``trace`` (the rollout), and return a float. :data:`correctness` is one: it
reads the reference from the task data's ``solutions``, ``solution`` or
``answer`` field, the response from the trace's final reply (its
``reasoning_content`` put back in front as a think block), and the question
from the task's prompt. Plug it in by import path, with no code::

    --env.taskset.task.rewards.correctness.fn unitreward.integrations.verifiers:correctness

or call it from a ``@vf.reward`` method of your task. :class:`TaskReward`
takes the engine's options (``TaskReward(rel_tol=0.05)``, defined at module
level in your own file, plugged the same way).

**verifiers 0.1-0.3 (``vf.Rubric(funcs=[...])``).** A rubric calls each function
with the arguments it names from ``completion``, ``answer``, ``prompt``,
``state``, ``info``, ..., and treats a function as a *group* reward (called once
per group with ``completions``, ``answers``, ``prompts``, ... and returning a
list) when it names the plural ones. :data:`rubric_correctness` is the
per-rollout form, :data:`group_rubric_correctness` the group form::

    rubric = vf.Rubric(funcs=[rubric_correctness], weights=[1.0])

Nothing here imports ``verifiers``: the functions read the objects by their
documented fields, so the module works with either API and costs nothing to
import. Every function is an instance of a small frozen class: picklable, with
its own ``__name__`` (the name verifiers logs).

>>> rubric_correctness(completion=[{"role": "assistant", "content": "It goes 0.12 km."}],
...                    answer="120 m")
1.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from unitreward.engine.checker import Checker
from unitreward.engine.errors import ConfigError
from unitreward.engine.verdict import UNPARSEABLE_REFERENCE
from unitreward.integrations._common import (
    cached_checker,
    finite_reward,
    references,
    score_text,
    warn_unusable_reference,
)

__all__ = [
    "GroupRubricReward",
    "RubricReward",
    "TaskReward",
    "correctness",
    "group_rubric_correctness",
    "rubric_correctness",
]

#: Where the reference is looked for, in order: on the task data, in ``info``.
_REFERENCE_FIELDS = ("solutions", "solution", "answer")


class _Named:
    """Declares the per-instance ``__name__`` (not a dataclass field: set after init)."""

    __name__: str


@dataclass(frozen=True, kw_only=True)
class _Options(_Named):
    """The engine options every form takes, checked when the object is built."""

    rel_tol: float = 1e-2
    abs_tol: float | str = 0.0
    sig_figs: bool = False
    unitless_credit: float = 0.0
    prefilled: bool = False
    tolerance_rule: str = "sum"
    name: str | None = None
    _checker: Checker = field(init=False, repr=False, compare=False)

    _DEFAULT_NAME = "correctness"

    def __post_init__(self) -> None:
        if self.name is not None and (not isinstance(self.name, str) or not self.name.strip()):
            raise ConfigError(f"name must be a non-empty string, got {self.name!r}")
        checker = cached_checker(
            self.rel_tol,
            self.abs_tol,
            self.sig_figs,
            self.unitless_credit,
            self.prefilled,
            self.tolerance_rule,
        )
        object.__setattr__(self, "_checker", checker)
        object.__setattr__(self, "__name__", self.name or self._DEFAULT_NAME)

    def _score(self, completion: Any, reference: Any, question: Any) -> float:
        refs = references(reference)
        asked = question if isinstance(question, str) and question.strip() else None
        verdict = score_text(self._checker, completion, refs, asked)
        if verdict.reason == UNPARSEABLE_REFERENCE:
            warn_unusable_reference(
                repr(reference)[:200],
                f"unitreward.integrations.verifiers ({self.__name__})",
                "its rollouts score 0.0",
            )
        return finite_reward(verdict)


def _field(obj: Any, name: str) -> Any:
    """A field of task data: an attribute, a pydantic extra, or a mapping key."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    value = getattr(obj, name, None)
    if value is None:
        extra = getattr(obj, "model_extra", None)
        if isinstance(extra, Mapping):
            value = extra.get(name)
    return value


def _reference_of(*sources: Any) -> Any:
    for source in sources:
        if source is None:
            continue
        for name in _REFERENCE_FIELDS:
            value = _field(source, name)
            if value is not None and references(value):
                return value
    return None


def _prompt_text(prompt: Any) -> str | None:
    """The user text of a prompt: a string, or chat messages (dicts or message objects)."""
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, Sequence):
        parts = []
        for message in prompt:
            role = _field(message, "role")
            content = _field(message, "content")
            if role in (None, "user") and isinstance(content, str):
                parts.append(content)
        return "\n\n".join(parts) or None
    return None


def _trace_response(trace: Any) -> Any:
    """The rollout's final reply: the root reply, else the last assistant message as a dict."""
    root = getattr(trace, "root_reply", None)
    if isinstance(root, str):
        return root
    messages = getattr(trace, "assistant_messages", None) or []
    if not messages:
        return ""
    last = messages[-1]
    message: dict[str, Any] = {"role": "assistant", "content": _field(last, "content") or ""}
    reasoning = _field(last, "reasoning_content")
    if isinstance(reasoning, str) and reasoning:
        message["reasoning_content"] = reasoning
    return [message]


@dataclass(frozen=True, kw_only=True)
class TaskReward(_Options):
    """A verifiers 0.4 task reward: ``await reward(task=..., trace=...) -> float``.

    Args:
        rel_tol: Relative tolerance after conversion to the reference's unit.
        abs_tol: Absolute tolerance (for references of 0): a number, or a
            quantity string such as ``"1 cm"``.
        sig_figs: Tolerance of half a unit in the reference's last significant digit.
        unitless_credit: Reward for a right number without the reference's unit.
        tolerance_rule: How ``rel_tol`` and ``abs_tol`` combine when both are set:
            ``"sum"`` (they add), ``"both"`` (each must hold) or ``"either"``.
        prefilled: The chat template opened ``<think>`` in the prompt.
        name: ``__name__``, the name of the reward in verifiers' traces
            (default ``correctness``; a plugged function takes its config key).

    Raises:
        ConfigError: For invalid options.

    >>> import asyncio
    >>> from types import SimpleNamespace
    >>> task = {"prompt": "How far?", "answer": "120 m"}
    >>> trace = SimpleNamespace(root_reply="It goes 0.12 km.")
    >>> asyncio.run(TaskReward(rel_tol=0.05)(task=task, trace=trace))
    1.0
    """

    async def __call__(self, task: Any, trace: Any) -> float:
        """Score one rollout: the task data holds the reference, the trace the reply."""
        question = _field(task, "prompt_text") or _prompt_text(_field(task, "prompt"))
        reference = _reference_of(task, _field(task, "info"))
        return self._score(_trace_response(trace), reference, question)


@dataclass(frozen=True, kw_only=True)
class RubricReward(_Options):
    """A classic verifiers rubric function (0.1-0.3): one float per rollout.

    Takes the same options as :class:`TaskReward`. The reference is ``answer``,
    else ``info["solutions"]`` (or ``solution``, ``answer``); the question is the
    prompt's user text.

    >>> RubricReward(name="physics")(completion="It weighs 5 g.", answer="5 kg")
    0.0
    """

    def __call__(
        self,
        completion: Any,
        answer: Any = None,
        prompt: Any = None,
        info: Any = None,
        **kwargs: Any,
    ) -> float:
        """Score one rollout, as ``Rubric`` calls a per-rollout function."""
        reference = answer if references(answer) else _reference_of(info)
        return self._score(completion, reference, _prompt_text(prompt))


@dataclass(frozen=True, kw_only=True)
class GroupRubricReward(_Options):
    """A classic verifiers group reward function (0.1-0.3): one list per group.

    ``Rubric`` recognises it by its plural parameters (``completions``,
    ``answers``, ``prompts``, ``infos``). Takes the options of :class:`TaskReward`.

    >>> group_rubric_correctness(completions=["3 m", "3 s"], answers=["3 m", "3 m"])
    [1.0, 0.0]
    """

    _DEFAULT_NAME = "group_correctness"

    def __call__(
        self,
        completions: Sequence[Any],
        answers: Sequence[Any] | None = None,
        prompts: Sequence[Any] | None = None,
        infos: Sequence[Any] | None = None,
        **kwargs: Any,
    ) -> list[float]:
        """Score a group of rollouts, as ``Rubric`` calls a group function."""
        n = len(completions)
        answer_list = list(answers) if answers is not None else [None] * n
        prompt_list = list(prompts) if prompts is not None else [None] * n
        info_list = list(infos) if infos is not None else [None] * n
        if not len(answer_list) == len(prompt_list) == len(info_list) == n:
            raise ConfigError(
                f"{self.__name__}: {n} completions but {len(answer_list)} answers, "
                f"{len(prompt_list)} prompts and {len(info_list)} infos"
            )
        return [
            self._score(
                completion,
                answer if references(answer) else _reference_of(info),
                _prompt_text(prompt),
            )
            for completion, answer, prompt, info in zip(
                completions, answer_list, prompt_list, info_list, strict=True
            )
        ]


#: verifiers 0.4 task reward with default options (plug as ``...verifiers:correctness``).
correctness = TaskReward()
#: verifiers 0.1-0.3 per-rollout rubric function with default options.
rubric_correctness = RubricReward()
#: verifiers 0.1-0.3 group rubric function with default options.
group_rubric_correctness = GroupRubricReward()
