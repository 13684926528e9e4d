"""The library's properties, checked with its own public strategies.

- every rendering of every quantity, inside any realistic completion, scores 1.0;
- every wrong answer scores 0.0;
- any text gets a verdict in [0, 1] with a known reason, and never raises;
- a pickled Checker and a thread pool give the same verdicts.

Engine bugs these found are kept, shrunk, as rows in ``test_regressions.py``.
"""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unitreward
from unitreward import Checker, check
from unitreward.engine.verdict import REASONS
from unitreward.strategies import (
    completions,
    quantities,
    renderings,
    reward_inputs,
    wrong_answers,
)

PROPERTY = settings(
    max_examples=200,
    deadline=None,  # the first example builds the pint registry
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def reference(q: object) -> str:
    """The reference string a dataset would hold: pint's unicode spelling."""
    return f"{q:~P}"


@PROPERTY
@given(st.data())
def test_every_rendering_scores_one(data: st.DataObject) -> None:
    q = data.draw(quantities(), label="quantity")
    answer = data.draw(renderings(q), label="answer")
    completion = data.draw(completions(answer, think=data.draw(st.booleans())), label="text")
    verdict = check(completion, reference(q))
    assert verdict.reward == 1.0, verdict


@PROPERTY
@given(st.data())
def test_every_bare_rendering_scores_one(data: st.DataObject) -> None:
    # The answer alone, as a completion: no phrase, no think block.
    q = data.draw(quantities(), label="quantity")
    answer = data.draw(renderings(q), label="answer")
    verdict = check(answer, reference(q))
    assert verdict.reward == 1.0, verdict


@PROPERTY
@given(st.data())
def test_every_wrong_answer_scores_zero(data: st.DataObject) -> None:
    q = data.draw(quantities(), label="quantity")
    answer = data.draw(wrong_answers(q), label="answer")
    completion = data.draw(completions(answer, think=data.draw(st.booleans())), label="text")
    verdict = check(completion, reference(q))
    assert verdict.reward == 0.0, verdict


@PROPERTY
@given(st.data())
def test_rendering_scores_one_as_a_chat_message(data: st.DataObject) -> None:
    q = data.draw(quantities(), label="quantity")
    text = data.draw(completions(renderings(q)), label="text")
    verdict = check([{"role": "assistant", "content": text}], [reference(q)])
    assert verdict.reward == 1.0, verdict


@PROPERTY
@given(st.data(), st.sampled_from([1e-3, 5e-2, 0.2]))
def test_tolerance_is_respected_both_ways(data: st.DataObject, rel_tol: float) -> None:
    # Rounded within a tenth of the tolerance: 1.0; at least three tolerances off: 0.0.
    q = data.draw(quantities(), label="quantity")
    right = data.draw(renderings(q, rel_tol=rel_tol / 10), label="right")
    wrong = data.draw(wrong_answers(q, rel_tol=rel_tol), label="wrong")
    assert check(right, reference(q), rel_tol=rel_tol).reward == 1.0
    assert check(wrong, reference(q), rel_tol=rel_tol).reward == 0.0


@PROPERTY
@given(reward_inputs(), st.sampled_from(["120 m", "0.25", "-9.8 m/s^2", "20 °C"]))
def test_any_text_gets_a_verdict_in_range(text: str, solution: str) -> None:
    for verdict in (
        check(text, solution),  # hostile completion
        check(f"The answer is {solution}.", text),  # hostile reference
        check(text, [text, solution]),  # both
    ):
        assert isinstance(verdict, unitreward.Verdict)
        assert 0.0 <= verdict.reward <= 1.0
        assert verdict.reason in REASONS


@settings(PROPERTY, max_examples=50)
@given(st.lists(st.tuples(reward_inputs(), quantities()), min_size=1, max_size=8))
def test_same_verdicts_after_pickling_and_in_threads(cases: list[tuple[str, object]]) -> None:
    checker = Checker(rel_tol=2e-2, unitless_credit=0.5)
    clone = pickle.loads(pickle.dumps(checker))
    assert clone == checker
    pairs = [(text, reference(q)) for text, q in cases]
    pairs += [(f"The answer is {reference(q)}.", reference(q)) for _, q in cases]
    here = [checker.check(text, ref) for text, ref in pairs]
    assert [clone.check(text, ref) for text, ref in pairs] == here
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda pair: clone(*pair), pairs))
    assert threaded == here
