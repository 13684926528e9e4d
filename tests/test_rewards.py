"""Tests of the TRL reward functions in unitreward.rewards."""

from __future__ import annotations

import multiprocessing
import pickle
import re
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unitreward
from unitreward.engine.errors import ConfigError
from unitreward.engine.verdict import REASONS
from unitreward.rewards import (
    Correctness,
    SoftThinkFormat,
    ThinkFormat,
    UnitDimension,
    correctness,
    soft_think_format,
    think_format,
    unit_dimension,
)

# The tutorial's three example completions: well formatted and correct; correct
# but without think tags; well formatted but wrong.
TUTORIAL_COMPLETIONS = [
    "<think>\nThe car moves at 12 m/s for 10 s, so d = v t = 12 * 10 = 120 m.\n</think>\n"
    "The car travels 120 m.",
    "The car travels 120 meters.",
    "<think>\nd = v t = 12 * 10 = 100.\n</think>\nThe car travels 100 m.",
]
TUTORIAL_SOLUTIONS = [["120 m", "120.0 m", "120 meters", "120m", "120.0 meters"]] * 3

TRL_PATTERN = re.compile(r"^<think>(?!.*<think>)(.*?)</think>.*$", re.DOTALL)


def conversational(texts: list[str]) -> list[list[dict[str, str]]]:
    return [[{"role": "assistant", "content": t}] for t in texts]


# ---------------------------------------------------------------- tutorial


def test_tutorial_examples_standard() -> None:
    assert think_format(TUTORIAL_COMPLETIONS) == [1.0, 0.0, 1.0]
    assert correctness(TUTORIAL_COMPLETIONS, solutions=TUTORIAL_SOLUTIONS) == [1.0, 1.0, 0.0]


def test_tutorial_examples_conversational() -> None:
    chat = conversational(TUTORIAL_COMPLETIONS)
    assert think_format(completions=chat) == [1.0, 0.0, 1.0]
    assert correctness(completions=chat, solutions=TUTORIAL_SOLUTIONS) == [1.0, 1.0, 0.0]


def test_tutorial_examples_called_as_trainer_calls() -> None:
    # The trainer passes every column and its own arguments by keyword.
    logged: dict[str, list[Any]] = {}
    metrics: dict[str, float] = {}
    out = correctness(
        prompts=[[{"role": "user", "content": "How far?"}]] * 3,
        completions=conversational(TUTORIAL_COMPLETIONS),
        completion_ids=[[1, 2]] * 3,
        solutions=TUTORIAL_SOLUTIONS,
        difficulty=["easy"] * 3,
        trainer_state=object(),
        log_extra=logged.__setitem__,
        log_metric=metrics.__setitem__,
    )
    assert out == [1.0, 1.0, 0.0]
    assert logged["correctness/reason"] == ["correct", "correct", "wrong_value"]
    assert len(logged["correctness/answer"]) == 3
    assert logged["correctness/answer"][2] is not None and "100" in logged["correctness/answer"][2]
    assert set(metrics) == {f"correctness/{r}" for r in REASONS}
    assert metrics["correctness/correct"] == pytest.approx(2 / 3)
    assert metrics["correctness/wrong_value"] == pytest.approx(1 / 3)
    assert sum(metrics.values()) == pytest.approx(1.0)


# ---------------------------------------------------------------- think format

FORMAT_TABLE = [
    # (completion, think_format, soft_think_format)
    ("<think>a</think>b", 1.0, 1.0),  # the canonical format
    ("<think>\nreasoning\n</think>\n\nanswer", 1.0, 1.0),  # newlines anywhere (DOTALL)
    ("<think></think>", 1.0, 1.0),  # empty block, no answer: still the tutorial's format
    ("<think>a</think>b</think>c", 1.0, 1.0),  # a stray second close: the regex allows it
    ("no tags at all", 0.0, 0.0),  # nothing
    ("", 0.0, 0.0),  # empty completion
    (" <think>a</think>b", 0.0, 0.75),  # leading space: not at the start
    ("<think>a", 0.0, 0.5),  # truncated inside the think block
    ("a</think>b", 0.0, 0.25),  # prefilled-style output without the prefilled option
    ("<think>a</think><think>b</think>c", 0.0, 0.5),  # two think blocks
    ("<think><think>a</think>", 0.0, 0.75),  # a second open
    ("</think>a<think>", 0.0, 0.5),  # tags in the wrong order
    ("answer <think>a</think>", 0.0, 0.75),  # block after the answer
]


@pytest.mark.parametrize(("completion", "strict", "soft"), FORMAT_TABLE)
def test_format_table(completion: str, strict: float, soft: float) -> None:
    assert think_format([completion]) == [strict]
    assert soft_think_format([completion]) == [soft]
    assert think_format(conversational([completion])) == [strict]


@pytest.mark.parametrize(("completion", "strict", "soft"), FORMAT_TABLE)
def test_think_format_agrees_with_trl(completion: str, strict: float, soft: float) -> None:
    from trl.rewards import think_format_reward

    assert think_format_reward(conversational([completion])) == [strict]
    assert (1.0 if TRL_PATTERN.match(completion) else 0.0) == strict


@pytest.mark.parametrize(("completion", "strict", "soft"), FORMAT_TABLE)
def test_soft_never_pays_more_than_strict(completion: str, strict: float, soft: float) -> None:
    assert 0.0 <= soft <= 1.0
    assert (soft == 1.0) == (strict == 1.0)


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        ("<think>a</think>b", 1.0),  # answer after the block
        ("<think>a</think>", 0.0),  # no answer
        ("<think>a</think>  \n ", 0.0),  # blank answer
        ("<think>a</think>b</think>", 0.0),  # nothing after the LAST close
    ],
)
def test_require_answer(completion: str, expected: float) -> None:
    assert ThinkFormat(require_answer=True)([completion]) == [expected]
    soft = SoftThinkFormat(require_answer=True)([completion])[0]
    assert soft is not None
    assert (soft == 1.0) == (expected == 1.0)


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        ("\nreasoning\n</think>\n120 m", 1.0),  # the template opened <think>
        ("<think>again</think>120 m", 0.0),  # a second open inside the prefilled block
        ("120 m", 0.0),  # never closes the block
    ],
)
def test_prefilled(completion: str, expected: float) -> None:
    assert ThinkFormat(prefilled=True)([completion]) == [expected]
    if expected == 1.0:  # without the option, the same completion fails: the known stuck-at-0 cause
        assert think_format([completion]) == [0.0]


def test_reasoning_content_moved_by_template() -> None:
    moved = [
        [{"role": "assistant", "content": "The answer is 120 m.", "reasoning_content": "12*10"}]
    ]
    also = [[{"role": "assistant", "content": "120 m", "reasoning": "12*10"}]]
    empty = [[{"role": "assistant", "content": "120 m", "reasoning_content": ""}]]
    assert think_format(moved) == [1.0]
    assert think_format(also) == [1.0]
    assert think_format(empty) == [0.0]
    assert correctness(moved, solutions=[["120 m"]]) == [1.0]


def test_last_assistant_message_is_scored() -> None:
    completion = [
        {"role": "assistant", "content": "<think>call a tool</think>"},
        {"role": "tool", "content": "100 m"},
        {"role": "assistant", "content": "<think>ok</think> 120 m"},
    ]
    assert think_format([completion]) == [1.0]
    assert correctness([completion], solution=["120 m"]) == [1.0]
    parts = [
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "<think>a</think>"},
                {"type": "text", "text": "3 m"},
            ],
        }
    ]
    assert think_format([parts]) == [1.0]
    assert correctness([parts], solution=["3 m"]) == [1.0]


ODD_COMPLETIONS: list[Any] = [
    None,
    3,
    4.5,
    [],
    [{}],
    [{"role": "assistant"}],
    [{"role": "assistant", "content": None}],
    [{"role": "assistant", "content": 7}],
    ["not a dict"],
    {"content": "<think>a</think>b"},  # a bare message dict
    b"<think>a</think>b",
]


@pytest.mark.parametrize("reward", [think_format, soft_think_format, correctness, unit_dimension])
def test_odd_completions_never_raise(reward: Any) -> None:
    out = reward(ODD_COMPLETIONS, solution=["3 m"] * len(ODD_COMPLETIONS))
    assert len(out) == len(ODD_COMPLETIONS)
    assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in out)
    # Only the bare message dict has text; everything else scores 0.
    assert all(v == 0.0 for i, v in enumerate(out) if i != 9)


def test_huge_completion_is_fast() -> None:
    import time

    text = "<think>" + "x" * 1_000_000 + "</think>" + " 3 m"
    start = time.perf_counter()
    assert think_format([text]) == [1.0]
    assert soft_think_format([text]) == [1.0]
    assert time.perf_counter() - start < 0.5


# ---------------------------------------------------------------- correctness

CORRECTNESS_TABLE = [
    # (completion, solutions row, expected)
    ("The answer is 120 m.", ["120 m"], 1.0),  # plain
    ("The answer is 0.12 km.", ["120 m"], 1.0),  # another unit of the same dimension
    ("The answer is 120 m.", "120 m", 1.0),  # a string instead of a list
    ("The answer is 120 m.", ["12 m", "120 meters"], 1.0),  # any acceptable answer matches
    ("The answer is 120 s.", ["120 m"], 0.0),  # wrong dimension
    ("The answer is 150 m.", ["120 m"], 0.0),  # wrong value
    ("<think>120 m</think> I do not know.", ["120 m"], 0.0),  # nothing in the think block counts
    ("<think>120 m", ["120 m"], 0.0),  # truncated: no answer
]


@pytest.mark.parametrize(("completion", "row", "expected"), CORRECTNESS_TABLE)
def test_correctness_table(completion: str, row: Any, expected: float) -> None:
    assert correctness([completion], solutions=[row]) == [expected]
    assert correctness(conversational([completion]), solutions=[row]) == [expected]


def test_solution_column_and_column_option() -> None:
    assert correctness(["3 m", "4 m"], solution=["3 m", "3 m"]) == [1.0, 0.0]
    # solutions wins over solution
    assert correctness(["3 m"], solutions=[["3 m"]], solution=["9 m"]) == [1.0]
    answer = Correctness(column="answer")
    assert answer(["3 m"], answer=["3 m"], solutions=[["9 m"]]) == [1.0]
    assert answer.__name__ == "correctness_column_answer"


def test_missing_or_misshapen_column_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="solutions"):
        correctness(["3 m"], prompts=["q"])
    with pytest.raises(ConfigError, match="2 rows"):
        correctness(["3 m"], solution=["3 m", "4 m"])
    with pytest.raises(ConfigError, match="one reference per completion"):
        correctness(["3 m"], solution="3 m")


@pytest.mark.parametrize("bad", [None, [], [""], "   ", float("nan"), {"a": 1}])
def test_unusable_reference_gives_none_and_one_warning(bad: Any) -> None:
    reward = Correctness(name=f"corr_{id(bad)}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = reward(["3 m", "3 m", "3 m"], solution=[bad, bad, "3 m"])
    assert out == [None, None, 1.0]
    assert unit_dimension(["3 m"], solution=[bad]) == [None]
    assert len([w for w in caught if "cannot parse the reference" in str(w.message)]) <= 1


def test_unparseable_reference_from_engine_gives_none() -> None:
    # A reference the engine cannot read: never 1.0, never an exception.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = correctness(["3 blorbs", "3 m"], solution=["3 blorbs!!", "3 blorbs!!"])
        again = correctness(["3 m"], solution=["3 blorbs!!"])
    assert out == [None, None]
    assert again == [None]


def test_warning_once_per_distinct_reference() -> None:
    from unitreward import rewards

    ref = f"this-is-not-a-quantity-{id(object())}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert correctness(["3 m"] * 4, solution=[[]] * 4) == [None] * 4
            rewards._warn_unparseable(ref, "correctness")
    assert len([w for w in caught if ref in str(w.message)]) == 1


def test_numeric_reference_is_read_as_text() -> None:
    assert correctness(["The ratio is 0.5"], solution=[0.5]) == [1.0]


def test_quantity_objects_are_references_as_in_check() -> None:
    import pint

    from unitreward import check, parse_quantity

    ureg = pint.UnitRegistry()
    rows = [
        ureg.Quantity(120, "m"),  # a pint Quantity
        [ureg.Quantity(0.12, "km"), "120 meters"],  # in a list, beside a string
        parse_quantity("120 m"),  # unitreward's Quantity
        ureg.Quantity(120, "s"),  # a pint Quantity of another dimension: wrong
    ]
    rewards = correctness(completions=["It is 0.12 km."] * 4, solutions=rows)
    assert rewards == [1.0, 1.0, 1.0, 0.0]
    assert rewards == [check("It is 0.12 km.", row).reward for row in rows]


def test_engine_options_are_passed() -> None:
    loose = Correctness(rel_tol=0.1)
    assert correctness(["105 m"], solution=["100 m"]) == [0.0]
    assert loose(["105 m"], solution=["100 m"]) == [1.0]


def test_unit_dimension() -> None:
    out = unit_dimension(
        ["It is 3 km.", "It is 3 kg.", "It is 120 m.", "I do not know."],
        solutions=[["120 m"]] * 4,
    )
    assert out == [1.0, 0.0, 1.0, 0.0]


# ---------------------------------------------------------------- names, repr, validation


@pytest.mark.parametrize(
    ("reward", "name", "text"),
    [
        (think_format, "think_format", "ThinkFormat()"),
        (soft_think_format, "soft_think_format", "SoftThinkFormat()"),
        (correctness, "correctness", "Correctness()"),
        (unit_dimension, "unit_dimension", "UnitDimension()"),
        (Correctness(rel_tol=0.05), "correctness_rel_tol_0.05", "Correctness(rel_tol=0.05)"),
        (
            Correctness(rel_tol=0.05, sig_figs=True),
            "correctness_rel_tol_0.05_sig_figs_true",
            "Correctness(rel_tol=0.05, sig_figs=True)",
        ),
        (
            ThinkFormat(prefilled=True),
            "think_format_prefilled_true",
            "ThinkFormat(prefilled=True)",
        ),
        (Correctness(name="acc"), "acc", "Correctness(name='acc')"),
        (Correctness(rel_tol=0.01), "correctness", "Correctness()"),  # the default is not named
    ],
)
def test_names_and_repr(reward: Any, name: str, text: str) -> None:
    assert reward.__name__ == name
    assert repr(reward) == text


def test_trl_reads_the_instance_name() -> None:
    from trl.trainer.utils import get_callable_name

    assert get_callable_name(Correctness(rel_tol=0.05)) == "correctness_rel_tol_0.05"
    assert get_callable_name(correctness) != get_callable_name(Correctness(rel_tol=0.05))


def test_ready_instances_are_the_public_exports() -> None:
    assert unitreward.correctness is correctness
    assert unitreward.think_format is think_format
    assert unitreward.Correctness is Correctness


@pytest.mark.parametrize(
    ("factory", "kwargs"),
    [
        (Correctness, {"rel_tol": -1}),
        (Correctness, {"rel_tol": float("nan")}),
        (Correctness, {"rel_tol": "0.1"}),
        (Correctness, {"abs_tol": -0.5}),
        (Correctness, {"sig_figs": 1}),
        (Correctness, {"unitless_credit": 1.5}),
        (Correctness, {"column": ""}),
        (Correctness, {"name": ""}),
        (UnitDimension, {"column": 3}),
        (ThinkFormat, {"require_answer": "yes"}),
        (SoftThinkFormat, {"prefilled": None}),
    ],
)
def test_invalid_options_raise_config_error(factory: Any, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        factory(**kwargs)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Correctness(0.05)  # type: ignore[misc]


def test_frozen() -> None:
    from dataclasses import FrozenInstanceError

    with pytest.raises(FrozenInstanceError):
        correctness.rel_tol = 0.5  # type: ignore[misc]


# ---------------------------------------------------------------- pickling and threads

BATCH = TUTORIAL_COMPLETIONS * 4 + ["<think>x</think> 0.12 km", "5 kg", "", "<think>a"]
BATCH_SOLUTIONS = [["120 m", "120 meters"]] * len(BATCH)
ALL_REWARDS = [
    think_format,
    soft_think_format,
    correctness,
    unit_dimension,
    Correctness(rel_tol=0.2, name="loose"),
    ThinkFormat(require_answer=True, prefilled=True),
]


def _score(reward: Any) -> list[float | None]:
    return list(reward(BATCH, solutions=BATCH_SOLUTIONS))


@pytest.mark.parametrize("reward", ALL_REWARDS, ids=lambda r: r.__name__)
def test_pickle_round_trip(reward: Any) -> None:
    clone = pickle.loads(pickle.dumps(reward))
    assert clone == reward
    assert clone.__name__ == reward.__name__
    assert repr(clone) == repr(reward)
    assert _score(clone) == _score(reward)


def test_spawn_process_pool_gives_the_same_rewards() -> None:
    expected = [_score(r) for r in ALL_REWARDS]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        got = list(pool.map(_score, ALL_REWARDS))
    assert got == expected


def test_thread_pool_gives_the_same_rewards() -> None:
    expected = [_score(r) for r in ALL_REWARDS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(_score, ALL_REWARDS * 8))
    assert got == expected * 8


# ---------------------------------------------------------------- properties

_PIECES = st.sampled_from(["<think>", "</think>", "<think", "think>", " ", "\n", "a", "3 m", "<"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_format_rewards_match_the_tutorial_regex(text: str) -> None:
    strict = think_format([text])[0]
    soft = soft_think_format([text])[0]
    assert strict == (1.0 if TRL_PATTERN.match(text) else 0.0)
    assert soft is not None and 0.0 <= soft <= 1.0
    assert (soft == 1.0) == (strict == 1.0)
    if text.startswith("<think>"):  # prefilled: the template wrote the opening tag
        assert ThinkFormat(prefilled=True)([text[len("<think>") :]]) == [strict]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["120 m", "3 kg", "9.8 m/s^2", "", "junk!!"]))
def test_rewards_never_raise_and_stay_in_range(text: str, reference: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for reward in (think_format, soft_think_format, correctness, unit_dimension):
            (value,) = reward([text], solution=[reference])
            assert value is None or 0.0 <= value <= 1.0


def test_correctness_prefilled_scores_truncated_reasoning_zero() -> None:
    from unitreward import Correctness, UnitDimension

    completions = [
        "d = v t = 4 m/s × 30 s = 120 m.\n</think>\nThe car travels 120 m.",
        "d = v t = 4 m/s × 30 s = 120 m. So the car travels",
    ]
    refs = [["120 m"]] * 2
    reward = Correctness(prefilled=True)
    assert reward.__name__ == "correctness_prefilled_true"
    assert reward(completions, solutions=refs) == [1.0, 0.0]
    assert UnitDimension(prefilled=True)(completions, solutions=refs) == [1.0, 0.0]


def test_correctness_takes_abs_tol_as_a_quantity() -> None:
    from unitreward import ConfigError, Correctness

    reward = Correctness(abs_tol="1 cm")
    assert reward.__name__ == "correctness_abs_tol_1cm"
    assert reward(["x = 0.4 cm", "x = 2 cm"], solution=["0 m", "0 m"]) == [1.0, 0.0]
    with pytest.raises(ConfigError):
        Correctness(abs_tol="3 blorbs")
    with pytest.raises(ConfigError):
        Correctness(prefilled="yes")  # type: ignore[arg-type]
