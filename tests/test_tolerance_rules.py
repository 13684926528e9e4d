"""How rel_tol and abs_tol combine (``tolerance_rule``): sum, both, either.

The cases are written here: a reference of 1 km (or 1 m) and answers placed on either
side of each part of the tolerance.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unitreward import Checker, Correctness, check
from unitreward.engine.errors import ConfigError
from unitreward.engine.tolerance import TOLERANCE_RULES, allowed_difference
from unitreward.integrations.verl import compute_score

CASES = [
    # (answer, reference, rel_tol, abs_tol, rule, reward)
    # 98 m off: within 10 % (100 m) and within 100 m, so every rule accepts
    ("1098 m", "1 km", 0.1, "100 m", "sum", 1.0),
    ("1098 m", "1 km", 0.1, "100 m", "both", 1.0),
    ("1098 m", "1 km", 0.1, "100 m", "either", 1.0),
    # 102 m off: beyond each part, within their sum (200 m)
    ("1102 m", "1 km", 0.1, "100 m", "sum", 1.0),
    ("1102 m", "1 km", 0.1, "100 m", "both", 0.0),
    ("1102 m", "1 km", 0.1, "100 m", "either", 0.0),
    # 98 m off with 5 % (50 m) and 100 m: the absolute part holds, the relative one does not
    ("1098 m", "1 km", 0.05, "100 m", "both", 0.0),
    ("1098 m", "1 km", 0.05, "100 m", "either", 1.0),
    # the same with the parts swapped: 10 % holds, 50 m does not
    ("1098 m", "1 km", 0.1, "50 m", "both", 0.0),
    ("1098 m", "1 km", 0.1, "50 m", "either", 1.0),
    ("1098 m", "1 km", 0.1, "50 m", "sum", 1.0),
    # a bare abs_tol is in the reference's unit: 0.05 km is 50 m
    ("1098 m", "1 km", 0.1, 0.05, "both", 0.0),
    ("1040 m", "1 km", 0.1, 0.05, "both", 1.0),
    # only one part set: the three rules agree (an unset part never tightens "both")
    ("1.04 m", "1 m", 0.0, 0.05, "both", 1.0),
    ("1.06 m", "1 m", 0.0, 0.05, "both", 0.0),
    ("21 kg", "20 kg", 0.1, 0.0, "both", 1.0),
    ("23 kg", "20 kg", 0.1, 0.0, "both", 0.0),
    # PrairieLearn's own convention is the sum: 1 m with 10 % and 0.1 m accepts 1.2 m
    ("1.2 m", "1 m", 0.1, "0.1 m", "sum", 1.0),
    ("1.21 m", "1 m", 0.1, "0.1 m", "sum", 0.0),
    # a bare number answer of the wrong unit is judged as before, under every rule
    ("1098 s", "1 km", 0.1, "100 m", "both", 0.0),
]


@pytest.mark.parametrize(("answer", "reference", "rel_tol", "abs_tol", "rule", "reward"), CASES)
def test_rules_on_quantities(
    answer: str, reference: str, rel_tol: float, abs_tol: float | str, rule: str, reward: float
) -> None:
    options = {"rel_tol": rel_tol, "abs_tol": abs_tol, "tolerance_rule": rule}
    assert check(f"The answer is {answer}.", reference, **options).reward == reward
    # the reward, the engine and verl's entry point agree
    assert Correctness(**options)([answer], solutions=[[reference]]) == [reward]
    if not isinstance(abs_tol, str):
        assert compute_score("physics", answer, reference, **options) == reward


def test_significant_figures_are_the_relative_part() -> None:
    # 100 N to the last digit is 99.5..100.5; with 0.3 N the stricter one holds under "both"
    assert (
        check("100.4 N", "100 N", sig_figs=True, abs_tol=0.3, tolerance_rule="both").reward == 0.0
    )
    assert (
        check("100.2 N", "100 N", sig_figs=True, abs_tol=0.3, tolerance_rule="both").reward == 1.0
    )
    assert check("100.7 N", "100 N", sig_figs=True, abs_tol=0.3).reward == 1.0  # the sum, 0.8


def test_temperatures_keep_their_scale_under_every_rule() -> None:
    # 1 % of an absolute temperature (283 K) is 2.8 K; 5 K absolute
    for rule in TOLERANCE_RULES:
        assert check("12 °C", "10 °C", abs_tol=5.0, tolerance_rule=rule).reward == 1.0
    assert check("15 °C", "10 °C", abs_tol=5.0, tolerance_rule="both").reward == 0.0
    assert check("15 °C", "10 °C", abs_tol=5.0, tolerance_rule="sum").reward == 1.0


@pytest.mark.parametrize("bad", ["max", "", "SUM", None, 1])
def test_an_unknown_rule_is_refused_naming_it(bad: object) -> None:
    with pytest.raises(ConfigError, match="tolerance_rule"):
        Checker(tolerance_rule=bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="tolerance_rule"):
        Correctness(tolerance_rule=bad)  # type: ignore[arg-type]


def test_the_rule_names_the_reward_and_survives_pickling() -> None:
    import pickle

    reward = Correctness(rel_tol=0.1, abs_tol="50 m", tolerance_rule="both")
    assert reward.__name__ == "correctness_rel_tol_0.1_abs_tol_50m_tolerance_rule_both"
    clone = pickle.loads(pickle.dumps(reward))
    assert clone(["1098 m", "1040 m"], solutions=[["1 km"]] * 2) == [0.0, 1.0]


def test_the_cli_takes_the_rule() -> None:
    def run(*rule: str) -> dict[str, object]:
        out = subprocess.run(
            [sys.executable, "-m", "unitreward", "check", "1098 m", "--reference", "1 km",
             "--rel-tol", "0.1", "--abs-tol", "50 m", "--json", *rule],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return dict(json.loads(out.stdout))

    assert run()["reward"] == 1.0
    assert run("--tolerance-rule", "both")["reward"] == 0.0


_PART = st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False))


@given(_PART, _PART)
def test_both_is_never_looser_than_either_nor_either_than_sum(
    relative: float | None, absolute: float | None
) -> None:
    both = allowed_difference(relative, absolute, "both")
    either = allowed_difference(relative, absolute, "either")
    total = allowed_difference(relative, absolute, "sum")
    assert both <= either <= total
    if relative is None or absolute is None:  # one part set: the rules agree
        assert both == either == total


def test_openrlhf_reward_func_takes_the_rule() -> None:
    from unitreward.integrations.openrlhf import RewardFunc

    both = RewardFunc(rel_tol=0.1, abs_tol="50 m", tolerance_rule="both")
    summed = RewardFunc(rel_tol=0.1, abs_tol="50 m")
    queries, prompts = ["Q: How far? A: 1098 m"], ["Q: How far? A:"]
    assert both(queries, prompts, ["1 km"])["scores"].tolist() == [0.0]
    assert summed(queries, prompts, ["1 km"])["scores"].tolist() == [1.0]
    with pytest.raises(ConfigError, match="tolerance_rule"):
        RewardFunc(tolerance_rule="all")


FORMULA_CASES = [
    # (completion, reference, rel_tol, abs_tol, rule, reason)
    # a constant formula: 2.664 against 2.414 is 0.25 off; 5 % is 0.133, plus 0.15 is 0.283
    (r"\boxed{\sqrt{2} + 1.25}", r"\sqrt{2}+1", 0.05, 0.15, "sum", "correct"),
    (r"\boxed{\sqrt{2} + 1.25}", r"\sqrt{2}+1", 0.05, 0.15, "both", "wrong_value"),
    (r"\boxed{\sqrt{2} + 1.25}", r"\sqrt{2}+1", 0.05, 0.15, "either", "wrong_value"),
    # a formula in a variable, 0.09 off at every point: within 0.1, beyond 1 % where x^2 < 9
    (r"\boxed{x^2 + 0.09}", "x^2", 0.01, 0.1, "sum", "correct"),
    (r"\boxed{x^2 + 0.09}", "x^2", 0.01, 0.1, "both", "wrong_value"),
    (r"\boxed{x^2 + 0.09}", "x^2", 0.01, 0.1, "either", "correct"),
    (r"\boxed{x^2 + 0.15}", "x^2", 0.01, 0.1, "sum", "wrong_value"),  # beyond the sum near 0
    # an interval's ends: 1.25 against 1 with 10 % and 0.2
    (r"\boxed{x \in [0, 1.25]}", "[0, 1]", 0.1, 0.2, "sum", "correct"),
    (r"\boxed{x \in [0, 1.25]}", "[0, 1]", 0.1, 0.2, "both", "wrong_value"),
    (r"\boxed{x \in [0, 1.15]}", "[0, 1]", 0.1, 0.2, "either", "correct"),
]


@pytest.mark.parametrize(
    ("completion", "reference", "rel_tol", "abs_tol", "rule", "reason"), FORMULA_CASES
)
def test_rules_reach_formulas_and_intervals(
    completion: str, reference: str, rel_tol: float, abs_tol: float, rule: str, reason: str
) -> None:
    verdict = check(completion, reference, rel_tol=rel_tol, abs_tol=abs_tol, tolerance_rule=rule)
    assert verdict.reason == reason, verdict
