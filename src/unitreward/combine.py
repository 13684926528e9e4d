"""Combinators: build one reward out of several TRL-style reward functions.

Every combinator takes any callable the trainer accepts as a reward function
(``f(completions=..., **kwargs) -> list[float | None]``): the rewards of
:mod:`unitreward.rewards`, TRL's own (``trl.rewards.think_format_reward``,
``get_soft_overlong_punishment(...)``, ``get_repetition_penalty_reward(...)``),
plain functions and ``functools.partial`` objects, and async reward functions.

``None`` ("not applicable") propagates as TRL treats it: a component that
returns ``None`` for a sample is left out for that sample (TRL's ``nansum``),
and the combination is ``None`` only where every component is ``None``.

Nesting the same combinator flattens (``all_of(all_of(a, b), c)`` is
``all_of(a, b, c)``). Each combination logs the batch mean of every component
through ``log_metric`` as ``<combination>/<component>``, so the trainer's logs
still show the parts; components get ``log_extra``/``log_metric`` with the same
prefix, so their own diagnostics never collide with a top-level reward's.

All combinations are small picklable classes with their own ``__name__``
(``name=`` to choose it).

>>> from unitreward import correctness, gate, think_format, weighted
>>> reward = weighted({think_format: 0.2, gate(think_format, correctness): 1.0})
>>> reward.__name__
'weighted_think_format_gate_think_format_correctness'
>>> reward(["<think>v t</think> 120 m", "120 m", "<think>v t</think> 12 m"], solution=["120 m"] * 3)
[1.2, 0.0, 0.2]
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import math
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from unitreward.engine.errors import ConfigError

__all__ = [
    "AllOf",
    "AnyOf",
    "Clip",
    "Gate",
    "Weighted",
    "all_of",
    "any_of",
    "clip",
    "gate",
    "weighted",
]

RewardFunc = Callable[..., Any]
Rewards = list[float | None]

_HOOKS = ("log_extra", "log_metric")


def reward_name(func: Any) -> str:
    """The name TRL logs for a reward function (``trl.trainer.utils.get_callable_name``).

    >>> import functools
    >>> from unitreward import correctness
    >>> def my_reward(completions, **kwargs): return [0.0] * len(completions)
    >>> reward_name(correctness), reward_name(functools.partial(my_reward))
    ('correctness', 'my_reward')
    """
    while isinstance(func, functools.partial):
        func = func.func
    return str(getattr(func, "__name__", type(func).__name__))


class _Prefixed:
    """A ``log_extra``/``log_metric`` hook that prefixes every name it is given."""

    __slots__ = ("hook", "prefix")

    def __init__(self, hook: Callable[[str, Any], Any], prefix: str) -> None:
        self.hook = hook
        self.prefix = prefix

    def __call__(self, name: str, value: Any) -> Any:
        return self.hook(f"{self.prefix}/{name}", value)


def _run_coroutine(awaitable: Any) -> Any:
    async def wait() -> Any:
        return await awaitable

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(wait())
    # A loop already runs in this thread: run the coroutine on a fresh loop in another.
    result: list[Any] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(wait()))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]


def _clean(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _check_reward_func(func: Any) -> None:
    if not callable(func):
        raise ConfigError(f"a reward function must be callable, got {func!r}")
    if isinstance(func, str):
        raise ConfigError(f"a reward function must be a callable, not a model name: {func!r}")


def _check_name(name: Any) -> None:
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ConfigError(f"name must be a non-empty string, got {name!r}")


def _check_number(what: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{what} must be a finite number, got {value!r}")
    return float(value)


class _Combination:
    """Calls the components, logs their means, and names the result."""

    kind: str = ""
    name: str | None
    __name__: str

    def _components(self) -> tuple[RewardFunc, ...]:
        raise NotImplementedError

    def _default_name(self) -> str:
        return "_".join([self.kind, *(reward_name(f) for f in self._components())])

    def _set_name(self, name: str | None) -> None:
        _check_name(name)
        self.name = name
        self.__name__ = name or self._default_name()

    def _call_components(self, completions: Any, kwargs: dict[str, Any]) -> list[Rewards]:
        hooks = {key: kwargs.pop(key, None) for key in _HOOKS}
        inner = dict(kwargs)
        for key, hook in hooks.items():
            if hook is not None:
                inner[key] = _Prefixed(hook, self.__name__)
        n = len(completions) if isinstance(completions, Sequence) else 1
        outputs: list[Rewards] = []
        for func in self._components():
            out = func(completions=completions, **inner)
            if inspect.isawaitable(out):
                out = _run_coroutine(out)
            values = [_clean(v) for v in out]
            if len(values) != n:
                raise ValueError(
                    f"{self.__name__}: the reward function {reward_name(func)!r} returned "
                    f"{len(values)} rewards for {n} completions"
                )
            outputs.append(values)
        log_metric = hooks["log_metric"]
        if log_metric is not None:
            for func, values in zip(self._components(), outputs, strict=True):
                present = [v for v in values if v is not None]
                if present:
                    log_metric(f"{self.__name__}/{reward_name(func)}", sum(present) / len(present))
        return outputs

    def _combine(self, row: list[float | None]) -> float | None:
        raise NotImplementedError

    def __call__(self, completions: Any, **kwargs: Any) -> Rewards:
        """Score a batch: one ``float | None`` per completion."""
        outputs = self._call_components(completions, kwargs)
        return [self._combine(list(row)) for row in zip(*outputs, strict=True)]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self.__dict__ == other.__dict__)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.__name__))

    def _name_repr(self) -> str:
        return f", name={self.name!r}" if self.name is not None else ""


class Weighted(_Combination):
    """A weighted sum of rewards, as the trainer sums ``reward_weights`` (built by :func:`weighted`).

    >>> from unitreward import think_format
    >>> Weighted([(think_format, 0.5)])(["<think>a</think>b"])
    [0.5]
    """

    kind = "weighted"

    def __init__(self, parts: Iterable[tuple[RewardFunc, float]], *, name: str | None = None):
        merged: list[tuple[RewardFunc, float]] = []
        for func, weight in parts:
            _check_reward_func(func)
            w = _check_number("a weight", weight)
            if isinstance(func, Weighted) and func.name is None:
                pending = [(f, x * w) for f, x in func.parts]
            else:
                pending = [(func, w)]
            for f, x in pending:
                for i, (g, y) in enumerate(merged):
                    if g is f or g == f:
                        merged[i] = (g, y + x)
                        break
                else:
                    merged.append((f, x))
        if not merged:
            raise ConfigError("weighted() needs at least one reward function")
        self.parts: tuple[tuple[RewardFunc, float], ...] = tuple(merged)
        self._set_name(name)

    def _components(self) -> tuple[RewardFunc, ...]:
        return tuple(f for f, _ in self.parts)

    def _combine(self, row: list[float | None]) -> float | None:
        terms = [v * w for v, (_, w) in zip(row, self.parts, strict=True) if v is not None]
        return sum(terms) if terms else None

    def __repr__(self) -> str:
        body = ", ".join(f"{reward_name(f)}: {w:g}" for f, w in self.parts)
        return f"weighted({{{body}}}{self._name_repr()})"


class _Extremum(_Combination):
    def __init__(self, funcs: Sequence[RewardFunc], *, name: str | None = None):
        flat: list[RewardFunc] = []
        for func in funcs:
            _check_reward_func(func)
            if type(func) is type(self) and getattr(func, "name", None) is None:
                flat.extend(func.funcs)  # type: ignore[attr-defined]
            else:
                flat.append(func)
        if not flat:
            raise ConfigError(f"{self.kind}() needs at least one reward function")
        self.funcs: tuple[RewardFunc, ...] = tuple(flat)
        self._set_name(name)

    def _components(self) -> tuple[RewardFunc, ...]:
        return self.funcs

    def __repr__(self) -> str:
        body = ", ".join(reward_name(f) for f in self.funcs)
        return f"{self.kind}({body}{self._name_repr()})"


class AllOf(_Extremum):
    """The smallest component reward: for 0/1 rewards, 1.0 only when all are 1.0 (built by :func:`all_of`).

    >>> from unitreward import correctness, think_format
    >>> AllOf([think_format, correctness])(["<think>x</think> 3 m", "3 m"], solution=["3 m"] * 2)
    [1.0, 0.0]
    """

    kind = "all_of"

    def _combine(self, row: list[float | None]) -> float | None:
        present = [v for v in row if v is not None]
        return min(present) if present else None


class AnyOf(_Extremum):
    """The largest component reward: for 0/1 rewards, 1.0 when any is 1.0 (built by :func:`any_of`).

    >>> from unitreward import correctness, think_format
    >>> AnyOf([think_format, correctness])(["<think>x</think> 5 m", "3 m"], solution=["3 m"] * 2)
    [1.0, 1.0]
    """

    kind = "any_of"

    def _combine(self, row: list[float | None]) -> float | None:
        present = [v for v in row if v is not None]
        return max(present) if present else None


class Gate(_Combination):
    """``then``'s reward where ``condition``'s reaches ``threshold``, else 0.0 (built by :func:`gate`).

    >>> from unitreward import correctness, think_format
    >>> Gate(think_format, correctness)(["<think>x</think> 3 m", "3 m"], solution=["3 m"] * 2)
    [1.0, 0.0]
    """

    kind = "gate"
    condition: RewardFunc
    then: RewardFunc
    threshold: float

    def __init__(
        self,
        condition: RewardFunc,
        then: RewardFunc,
        *,
        threshold: float = 1.0,
        name: str | None = None,
    ):
        _check_reward_func(condition)
        _check_reward_func(then)
        self.threshold = _check_number("threshold", threshold)
        # gate(a, gate(b, c)) == gate(all_of(a, b), c) for the same threshold.
        if isinstance(then, Gate) and then.name is None and then.threshold == self.threshold:
            condition = all_of(condition, then.condition)
            then = then.then
        self.condition = condition
        self.then = then
        self._set_name(name)

    def _components(self) -> tuple[RewardFunc, ...]:
        return (self.condition, self.then)

    def _combine(self, row: list[float | None]) -> float | None:
        condition, then = row
        if then is None:
            return None
        if condition is None:  # the condition does not apply to this sample
            return then
        return then if condition >= self.threshold else 0.0

    def __repr__(self) -> str:
        threshold = f", threshold={self.threshold:g}" if self.threshold != 1.0 else ""
        return (
            f"gate({reward_name(self.condition)}, {reward_name(self.then)}"
            f"{threshold}{self._name_repr()})"
        )


class Clip(_Combination):
    """A reward clamped to ``[low, high]`` (built by :func:`clip`).

    >>> from unitreward import think_format
    >>> Clip(think_format, low=0.0, high=0.5)(["<think>a</think>b", "b"])
    [0.5, 0.0]
    """

    kind = "clip"
    func: RewardFunc
    low: float | None
    high: float | None

    def __init__(
        self,
        func: RewardFunc,
        low: float | None = None,
        high: float | None = None,
        *,
        name: str | None = None,
    ):
        _check_reward_func(func)
        lo = None if low is None else _check_number("low", low)
        hi = None if high is None else _check_number("high", high)
        if lo is None and hi is None:
            raise ConfigError("clip() needs low, high or both")
        if lo is not None and hi is not None and lo > hi:
            raise ConfigError(f"clip() needs low <= high, got low={lo:g}, high={hi:g}")
        if isinstance(func, Clip) and func.name is None:
            # clip(clip(f, a, b), c, d) == clip(f, max(a, c), min(b, d)) where the ranges overlap.
            inner_lo = func.low if lo is None else lo if func.low is None else max(lo, func.low)
            inner_hi = func.high if hi is None else hi if func.high is None else min(hi, func.high)
            if inner_lo is None or inner_hi is None or inner_lo <= inner_hi:
                func, lo, hi = func.func, inner_lo, inner_hi
        self.func = func
        self.low = lo
        self.high = hi
        self._set_name(name)

    def _components(self) -> tuple[RewardFunc, ...]:
        return (self.func,)

    def _combine(self, row: list[float | None]) -> float | None:
        (value,) = row
        if value is None:
            return None
        if self.low is not None:
            value = max(value, self.low)
        if self.high is not None:
            value = min(value, self.high)
        return value

    def __repr__(self) -> str:
        return f"clip({reward_name(self.func)}, {self.low!r}, {self.high!r}{self._name_repr()})"


def weighted(
    weights: Mapping[RewardFunc, float] | Iterable[tuple[RewardFunc, float]],
    *,
    name: str | None = None,
) -> Weighted:
    """The weighted sum of several rewards: ``sum(weight * reward)``.

    A component's ``None`` is left out of the sum (TRL's ``nansum``); the sum is
    ``None`` only where every component is ``None``. Nested ``weighted`` flatten
    (their weights multiply), and the same reward given twice adds its weights.

    Args:
        weights: ``{reward: weight}``, or ``(reward, weight)`` pairs (for rewards
            that are not hashable).
        name: The name logged by the trainer; defaults to ``weighted_<component names>``.

    Returns:
        The combined reward.

    Raises:
        ConfigError: No reward, something not callable, or a weight that is not a finite number.

    >>> from unitreward import correctness, think_format
    >>> reward = weighted({think_format: 0.5, correctness: 1.0})
    >>> reward(["<think>a</think> 3 m", "3 m", "<think>a</think> 4 m"], solution=["3 m"] * 3)
    [1.5, 1.0, 0.5]
    """
    pairs = weights.items() if isinstance(weights, Mapping) else weights
    return Weighted(list(pairs), name=name)


def gate(
    condition: RewardFunc,
    then: RewardFunc,
    *,
    threshold: float = 1.0,
    name: str | None = None,
) -> Gate:
    """``then``'s reward only where ``condition``'s reward is at least ``threshold``, else 0.0.

    The usual use: correctness only counts in the right format. Where ``then``
    is ``None`` the result is ``None``; where ``condition`` is ``None`` (it does
    not apply to that sample) the result is ``then``'s reward.
    ``gate(a, gate(b, c))`` flattens to ``gate(all_of(a, b), c)``.

    Args:
        condition: The reward that opens the gate.
        then: The reward that passes through.
        threshold: The condition reward that opens the gate (default 1.0).
        name: The name logged by the trainer; defaults to ``gate_<condition>_<then>``.

    Returns:
        The gated reward.

    >>> from unitreward import correctness, think_format
    >>> reward = gate(think_format, correctness)
    >>> reward(["<think>a</think> 3 m", "3 m"], solution=["3 m", "3 m"])
    [1.0, 0.0]
    """
    return Gate(condition, then, threshold=threshold, name=name)


def all_of(*funcs: RewardFunc, name: str | None = None) -> AllOf:
    """The minimum of several rewards: for 0/1 rewards, 1.0 exactly when all are 1.0.

    ``None`` components are left out; the result is ``None`` only where all are.

    Args:
        *funcs: The rewards.
        name: The name logged by the trainer; defaults to ``all_of_<component names>``.

    Returns:
        The combined reward.

    >>> from unitreward import correctness, think_format
    >>> all_of(think_format, correctness)(["<think>a</think> 3 m", "3 m"], solution=["3 m"] * 2)
    [1.0, 0.0]
    """
    return AllOf(funcs, name=name)


def any_of(*funcs: RewardFunc, name: str | None = None) -> AnyOf:
    """The maximum of several rewards: for 0/1 rewards, 1.0 when any is 1.0.

    ``None`` components are left out; the result is ``None`` only where all are.

    Args:
        *funcs: The rewards.
        name: The name logged by the trainer; defaults to ``any_of_<component names>``.

    Returns:
        The combined reward.

    >>> from unitreward import correctness, think_format
    >>> any_of(think_format, correctness)(["<think>a</think> 4 m", "x"], solution=["3 m"] * 2)
    [1.0, 0.0]
    """
    return AnyOf(funcs, name=name)


def clip(
    func: RewardFunc,
    low: float | None = None,
    high: float | None = None,
    *,
    name: str | None = None,
) -> Clip:
    """A reward clamped to ``[low, high]`` (either bound may be ``None``); ``None`` stays ``None``.

    Args:
        func: The reward.
        low: The lowest value returned.
        high: The highest value returned.
        name: The name logged by the trainer; defaults to ``clip_<component name>``.

    Returns:
        The clipped reward.

    >>> from unitreward import correctness, weighted
    >>> signed = weighted({correctness: 2.0})
    >>> clip(signed, 0.0, 1.0)(["3 m", "4 m"], solution=["3 m", "3 m"])
    [1.0, 0.0]
    """
    return Clip(func, low, high, name=name)
