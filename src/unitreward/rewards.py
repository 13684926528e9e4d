"""Reward functions for TRL's ``GRPOTrainer`` and ``RLOOTrainer``.

Each reward is a small frozen, picklable callable class plus a ready default
instance, so the common case is one line::

    GRPOTrainer(..., reward_funcs=[think_format, correctness])

Every reward follows the trainer's contract: it is called by keyword with
``completions`` (``list[str]`` or ``list[list[dict]]``), every other data set
column, and the trainer's ``trainer_state``, ``log_extra`` and ``log_metric``;
it returns one ``float | None`` per completion (``None``: the trainer skips the
sample for this reward). Each instance carries its own ``__name__``, which is
what the trainer logs (``rewards/<name>/mean``). Odd completions (``None``,
numbers, empty lists, broken messages) score ``0.0``; nothing raises while
scoring.

>>> from unitreward.rewards import correctness, think_format
>>> completions = ["<think>d = v t = 12 m/s * 10 s</think> The answer is 120 m."]
>>> think_format(completions), correctness(completions, solutions=[["120 m"]])
([1.0], [1.0])
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from unitreward.engine.checker import Checker
from unitreward.engine.errors import ConfigError
from unitreward.engine.text import completion_text
from unitreward.engine.verdict import (
    NO_ANSWER,
    REASONS,
    UNPARSEABLE_ANSWER,
    UNPARSEABLE_REFERENCE,
    Verdict,
)

__all__ = [
    "Correctness",
    "SoftThinkFormat",
    "ThinkFormat",
    "UnitDimension",
    "correctness",
    "soft_think_format",
    "think_format",
    "unit_dimension",
]

_OPEN = "<think>"
_CLOSE = "</think>"

# ---------------------------------------------------------------------------
# completion -> text
# ---------------------------------------------------------------------------


def _text(completion: Any) -> str | None:
    """The assistant's text of one completion, or ``None`` when it has none.

    See :func:`unitreward.engine.text.completion_text`: the last assistant message of a
    conversational completion, with a think block that the chat template moved
    to ``reasoning_content`` put back in front as ``<think>...</think>``.
    """
    text = completion_text(completion)
    return text if text or isinstance(completion, str) else None


# ---------------------------------------------------------------------------
# shared machinery
# ---------------------------------------------------------------------------


def _snake(name: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _format_option(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return repr(value)
    return "".join(str(value).split())


class _RewardBase:
    """Naming, ``repr`` and option checks shared by the reward classes."""

    name: str | None
    __name__: str

    def _set_name(self) -> None:
        if self.name is not None and (not isinstance(self.name, str) or not self.name.strip()):
            raise ConfigError(f"name must be a non-empty string, got {self.name!r}")
        object.__setattr__(self, "__name__", self.name or self._default_name())

    def _options(self) -> list[tuple[str, Any]]:
        """The non-default options, in declaration order (``name`` excluded)."""
        out = []
        for f in fields(self):  # type: ignore[arg-type]
            if not f.init or f.name == "name":
                continue
            value = getattr(self, f.name)
            if value != f.default:
                out.append((f.name, value))
        return out

    def _default_name(self) -> str:
        parts = [_snake(type(self).__name__)]
        for key, value in self._options():
            parts.append(f"{key}_{_format_option(value)}")
        return "_".join(parts)

    def __repr__(self) -> str:
        options = self._options()
        if self.name is not None:
            options.append(("name", self.name))
        args = ", ".join(f"{k}={v!r}" for k, v in options)
        return f"{type(self).__name__}({args})"


def _check_bool(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise ConfigError(f"{name} must be a bool, got {value!r}")


# ---------------------------------------------------------------------------
# format rewards
# ---------------------------------------------------------------------------


def _think_ok(text: str, require_answer: bool) -> bool:
    # Same as re.match(r"^<think>(?!.*<think>)(.*?)</think>.*$", text, re.DOTALL):
    # starts with <think>, no second <think>, a </think> somewhere after it.
    if not text.startswith(_OPEN):
        return False
    rest = text[len(_OPEN) :]
    if _OPEN in rest:
        return False
    end = rest.rfind(_CLOSE)
    if end < 0:
        return False
    return not require_answer or bool(rest[end + len(_CLOSE) :].strip())


@dataclass(frozen=True, kw_only=True, repr=False)
class ThinkFormat(_RewardBase):
    """1.0 when the completion is one ``<think>...</think>`` block followed by the answer.

    By default this is exactly the tutorial's (and ``trl.rewards.think_format_reward``'s)
    ``^<think>(?!.*<think>)(.*?)</think>.*$`` with ``re.DOTALL``: the completion
    starts with ``<think>``, opens no second think block, and closes it.

    Args:
        require_answer: Also require non-blank text after the last ``</think>``.
        prefilled: The chat template already opened ``<think>`` in the prompt
            (Qwen3, DeepSeek-R1 templates), so the completion starts inside the
            block; the reward then reads the completion as ``"<think>" + completion``.
            Without it such a run's format reward is stuck at 0.
        name: The name logged by the trainer; defaults to ``think_format`` plus
            the non-default options (``think_format_require_answer_true``).

    A think block that the template moved to the message's ``reasoning_content``
    counts as written before the content.

    >>> fmt = ThinkFormat()
    >>> fmt(["<think>a</think>b", "no tags", "<think>a</think><think>b</think>c"])
    [1.0, 0.0, 0.0]
    >>> ThinkFormat(prefilled=True)(["reasoning...</think> 4 m"])
    [1.0]
    >>> ThinkFormat(require_answer=True)(["<think>a</think>   "])
    [0.0]
    >>> ThinkFormat(require_answer=True).__name__
    'think_format_require_answer_true'
    """

    require_answer: bool = False
    prefilled: bool = False
    name: str | None = None

    def __post_init__(self) -> None:
        _check_bool("require_answer", self.require_answer)
        _check_bool("prefilled", self.prefilled)
        self._set_name()

    def _text(self, completion: Any) -> str | None:
        text = _text(completion)
        if text is not None and self.prefilled:
            text = _OPEN + text
        return text

    def score(self, completion: Any) -> float:
        """The reward of one completion.

        >>> ThinkFormat().score([{"role": "assistant", "content": "<think>x</think>y"}])
        1.0
        """
        text = self._text(completion)
        return 1.0 if text is not None and _think_ok(text, self.require_answer) else 0.0

    def __call__(self, completions: Sequence[Any], **kwargs: Any) -> list[float | None]:
        """Score a batch: one float per completion (never ``None``)."""
        return [self.score(c) for c in _as_batch(completions)]


@dataclass(frozen=True, kw_only=True, repr=False)
class SoftThinkFormat(ThinkFormat):
    """Partial credit per well-placed think tag: a denser signal early in training.

    1.0 exactly when :class:`ThinkFormat` with the same options gives 1.0;
    otherwise 0.25 for each of: the text starts with ``<think>``; it has exactly
    one ``<think>``; it has exactly one ``</think>``; a ``</think>`` follows the
    ``<think>`` (and, with ``require_answer``, non-blank text follows it). A
    completion that fails the strict check scores at most 0.75, so the soft
    reward never pays more than the strict one pays for the format it asks for.

    Takes the same options as :class:`ThinkFormat`.

    >>> soft = SoftThinkFormat()
    >>> soft(["<think>a</think>b", "<think>a", "a</think>b", "nothing"])
    [1.0, 0.5, 0.25, 0.0]
    >>> soft.__name__
    'soft_think_format'
    """

    def score(self, completion: Any) -> float:
        """The reward of one completion.

        >>> SoftThinkFormat().score("<think>a")
        0.5
        """
        text = self._text(completion)
        if text is None:
            return 0.0
        if _think_ok(text, self.require_answer):
            return 1.0
        opens, closes = text.count(_OPEN), text.count(_CLOSE)
        start = text.find(_OPEN)
        end = text.rfind(_CLOSE)
        placed = start >= 0 and end > start
        if placed and self.require_answer:
            placed = bool(text[end + len(_CLOSE) :].strip())
        parts = (text.startswith(_OPEN), opens == 1, closes == 1, placed)
        return min(0.25 * sum(parts), 0.75)


# ---------------------------------------------------------------------------
# answer rewards
# ---------------------------------------------------------------------------

_WARNED_LOCK = threading.Lock()
_WARNED: set[str] = set()
_MAX_WARNED = 1024


def _warn_unparseable(reference: str, name: str) -> None:
    """One warning per distinct reference; bounded, so a bad data set cannot flood the log."""
    with _WARNED_LOCK:
        if reference in _WARNED or len(_WARNED) > _MAX_WARNED:
            return
        _WARNED.add(reference)
        full = len(_WARNED) > _MAX_WARNED
    message = (
        f"{name}: cannot parse the reference {reference[:200]!r}; "
        "its samples get reward None (skipped by the trainer)"
    )
    if full:
        message += f" (more than {_MAX_WARNED} distinct references: further warnings suppressed)"
    warnings.warn(message, UserWarning, stacklevel=3)


def _as_batch(completions: Any) -> list[Any]:
    if isinstance(completions, (str, bytes)) or not isinstance(completions, Sequence):
        return [completions]
    return list(completions)


def _questions(prompts: Any, n: int) -> list[Any]:
    """One question per completion from TRL's ``prompts`` (strings or chat messages).

    Anything that is not one prompt per completion means the question is unknown (``None``),
    and the rules about the question's givens do not apply.
    """
    if isinstance(prompts, (str, bytes)) or not isinstance(prompts, Sequence):
        return [None] * n
    if len(prompts) != n:
        return [None] * n
    return list(prompts)


def _references(value: Any) -> list[Any] | None:
    """One row's references as a list, or ``None`` when there are none.

    Strings and numbers, and quantities as objects (a pint ``Quantity`` or unitreward's),
    which the engine reads as they are; a NaN, an empty string or any other object is
    no reference.
    """
    refs: list[Any]
    if type(value) is list:  # the common case, without the ABC checks below
        refs = [v for v in value if _is_reference(v)]
    elif isinstance(value, str) or (_is_reference(value) and not isinstance(value, Sequence)):
        refs = [value]
    elif isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        refs = [v for v in value if _is_reference(v)]
    else:
        return None
    refs = [str(r) if isinstance(r, (int, float)) else r for r in refs]
    refs = [r for r in refs if not isinstance(r, str) or r.strip()]
    return refs or None


def _is_reference(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return True
    if isinstance(value, (int, float)):
        return not (isinstance(value, float) and not math.isfinite(value))
    # a pint Quantity or unitreward's: the engine reads its magnitude and unit
    return hasattr(value, "magnitude") and (hasattr(value, "units") or hasattr(value, "unit"))


def _shown(ref: Any) -> str:
    return ref if isinstance(ref, str) else str(ref)


@dataclass(frozen=True, kw_only=True, repr=False)
class _AnswerReward(_RewardBase):
    """Shared batch logic of the rewards that run the answer engine."""

    column: str | None = None
    prefilled: bool = False
    name: str | None = None
    _checker: Checker = field(init=False, compare=False, repr=False)

    _DEFAULT_COLUMNS: ClassVar[tuple[str, ...]] = ("solutions", "solution")

    def _engine_options(self) -> dict[str, Any]:
        return {}

    def __post_init__(self) -> None:
        if self.column is not None and (not isinstance(self.column, str) or not self.column):
            raise ConfigError(f"column must be a non-empty string, got {self.column!r}")
        _check_bool("prefilled", self.prefilled)
        object.__setattr__(
            self, "_checker", Checker(prefilled=self.prefilled, **self._engine_options())
        )
        self._set_name()

    def _column_values(self, kwargs: Mapping[str, Any], n: int) -> list[Any]:
        names = (self.column,) if self.column is not None else self._DEFAULT_COLUMNS
        for key in names:
            if key in kwargs:
                values = kwargs[key]
                if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
                    raise ConfigError(
                        f"{self.__name__}: column {key!r} must hold one reference per completion, "
                        f"got {type(values).__name__}"
                    )
                if len(values) != n:
                    raise ConfigError(
                        f"{self.__name__}: {n} completions but {len(values)} rows in column {key!r}"
                    )
                return list(values)
        wanted = " or ".join(repr(k) for k in names)
        given = sorted(k for k in kwargs if k not in ("trainer_state", "log_extra", "log_metric"))
        raise ConfigError(
            f"{self.__name__} needs the references in column {wanted}; the batch has {given}"
        )

    def verdicts(self, completions: Sequence[Any], **kwargs: Any) -> list[Verdict]:
        """The engine's :class:`~unitreward.Verdict` for every completion of a batch.

        Takes the same arguments as calling the reward.

        >>> [v.reason for v in correctness.verdicts(["3 m", "5 kg", ""], solution=["3 m"] * 3)]
        ['correct', 'wrong_dimension', 'no_answer']
        """
        batch = _as_batch(completions)
        rows = self._column_values(kwargs, len(batch))
        questions = _questions(kwargs.get("prompts"), len(batch))
        return [self._verdict(c, r, q) for c, r, q in zip(batch, rows, questions, strict=True)]

    def _verdict(self, completion: Any, row: Any, question: Any = None) -> Verdict:
        refs = _references(row)
        if refs is None:
            shown = repr(row)[:200]
            _warn_unparseable(shown, self.__name__)
            return Verdict(0.0, UNPARSEABLE_REFERENCE, None, shown, "no usable reference")
        text = _text(completion)
        if text is None:
            return Verdict(
                0.0, NO_ANSWER, None, _shown(refs[0]), "no assistant text in the completion"
            )
        try:
            verdict = self._checker.check(text, refs, question=question)
        except Exception as exc:  # the engine must never take a training run down
            return Verdict(
                0.0, UNPARSEABLE_ANSWER, None, _shown(refs[0]), f"engine error: {exc!r}"
            )
        if verdict.reason == UNPARSEABLE_REFERENCE:
            _warn_unparseable(verdict.expected or _shown(refs[0]), self.__name__)
        return verdict

    def _reward(self, verdict: Verdict) -> float:
        raise NotImplementedError

    def __call__(
        self,
        completions: Sequence[Any],
        *,
        log_extra: Any = None,
        log_metric: Any = None,
        **kwargs: Any,
    ) -> list[float | None]:
        """Score a batch: one float per completion, ``None`` where the reference is unusable."""
        verdicts = self.verdicts(completions, **kwargs)
        rewards: list[float | None] = [
            None if v.reason == UNPARSEABLE_REFERENCE else self._reward(v) for v in verdicts
        ]
        if log_extra is not None:
            log_extra(f"{self.__name__}/answer", [v.answer for v in verdicts])
            log_extra(f"{self.__name__}/reason", [v.reason for v in verdicts])
        if log_metric is not None and verdicts:
            n = len(verdicts)
            for reason in REASONS:
                log_metric(
                    f"{self.__name__}/{reason}", sum(v.reason == reason for v in verdicts) / n
                )
        return rewards


def _check_tol(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} must be a number, got {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ConfigError(f"{name} must be a finite number >= 0, got {value!r}")


@dataclass(frozen=True, kw_only=True, repr=False)
class Correctness(_AnswerReward):
    """The answer engine as a batch reward: 1.0 for a correct final answer in any unit.

    References come from the ``solutions`` column (a list of acceptable answers
    per row, or a string), else from ``solution`` (a string, as TRL's
    ``accuracy_reward`` reads it); ``column=`` names another column. A row whose
    reference cannot be used gives ``None`` (the trainer skips that sample) and
    one warning per distinct reference, never 1.0 and never an exception. A
    batch with none of those columns raises :class:`~unitreward.engine.errors.ConfigError`
    (a data set problem no reward value can hide).

    The question is read from TRL's ``prompts`` (a string, or the user turns of a chat):
    a quantity the question gives, restated as the answer, is not an answer (a conversion
    question answered with its own input scores 0, reason ``echoed_given``), while "It
    falls 20 m" still answers "dropped from 20 m, how far does it fall?" (see the verdict
    policy, section 8.4).

    When the trainer passes ``log_extra``, the completions table gains the
    columns ``<name>/answer`` (the extracted final answer) and ``<name>/reason``
    (the verdict's reason); with ``log_metric``, the fraction of every reason in
    the batch is logged as ``<name>/<reason>`` (``correctness/no_answer``, ...).

    Args:
        rel_tol: Relative tolerance after conversion to the reference's unit.
        abs_tol: Absolute tolerance (for references of 0): a number in the
            reference's unit, or a quantity string such as ``"1 cm"``; it adds to
            the relative part.
        sig_figs: Tolerance of half a unit in the reference's last written
            digit instead of ``rel_tol``.
        unitless_credit: Reward for a right number without the reference's unit.
        tolerance_rule: How ``rel_tol`` and ``abs_tol`` combine when both are set:
            ``"sum"`` (they add), ``"both"`` (each must hold) or ``"either"``.
        column: The column that holds the references.
        prefilled: The chat template opened ``<think>`` in the prompt: a
            completion with no ``</think>`` was truncated while reasoning and
            scores 0 (reason ``no_answer``), instead of being read as an answer.
        name: The name logged by the trainer; defaults to ``correctness`` plus the
            non-default options (``correctness_rel_tol_0.05``).

    >>> correctness(["<think>...</think> It travels 0.12 km.", "It travels 120 s."],
    ...             solutions=[["120 m", "120 meters"]] * 2)
    [1.0, 0.0]
    >>> Correctness(rel_tol=0.05).__name__
    'correctness_rel_tol_0.05'
    >>> Correctness(rel_tol=0.05)
    Correctness(rel_tol=0.05)
    """

    rel_tol: float = 1e-2
    abs_tol: float | str = 0.0
    sig_figs: bool = False
    unitless_credit: float = 0.0
    tolerance_rule: str = "sum"

    def __post_init__(self) -> None:
        _check_tol("rel_tol", self.rel_tol)
        if not isinstance(self.abs_tol, str):  # a quantity string is checked by the Checker
            _check_tol("abs_tol", self.abs_tol)
        _check_bool("sig_figs", self.sig_figs)
        _check_tol("unitless_credit", self.unitless_credit)
        if self.unitless_credit > 1:
            raise ConfigError(f"unitless_credit must be in [0, 1], got {self.unitless_credit!r}")
        super().__post_init__()  # builds the Checker, which checks tolerance_rule

    def _engine_options(self) -> dict[str, Any]:
        return {
            "rel_tol": self.rel_tol,
            "abs_tol": self.abs_tol,
            "sig_figs": self.sig_figs,
            "unitless_credit": self.unitless_credit,
            "tolerance_rule": self.tolerance_rule,
        }

    def _reward(self, verdict: Verdict) -> float:
        reward = float(verdict.reward)
        return reward if math.isfinite(reward) else 0.0


@dataclass(frozen=True, kw_only=True, repr=False)
class UnitDimension(_AnswerReward):
    """1.0 when the final answer has the reference's dimension, whatever its value.

    A shaping reward: it teaches "give a length in a length unit" before the
    value is right. Reads the references like :class:`Correctness` (``solutions``,
    else ``solution``, or ``column=``); an unusable reference gives ``None``.

    Args:
        column: The column that holds the references.
        prefilled: As for :class:`Correctness`.
        name: The name logged by the trainer (default ``unit_dimension``).

    >>> unit_dimension(["It is 3 km.", "It is 3 kg.", "no idea"], solution=["120 m"] * 3)
    [1.0, 0.0, 0.0]
    """

    def _reward(self, verdict: Verdict) -> float:
        return 1.0 if verdict.dimension_ok else 0.0


#: Strict ``<think>...</think>`` format, as the tutorial's regular expression.
think_format = ThinkFormat()
#: Graded format reward: 0.25 per well-placed tag, 1.0 for the strict format.
soft_think_format = SoftThinkFormat()
#: Correct final answer in any equivalent unit (``rel_tol=1e-2``).
correctness = Correctness()
#: Final answer has the reference's dimension.
unit_dimension = UnitDimension()
