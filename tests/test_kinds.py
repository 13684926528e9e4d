"""Tables for answers of every kind through ``check``: expressions, equations, several parts.

Each row is (reference, completion, expected reason); a comment says why. The reference
decides the kind, and the completion's final answer is read in that kind.
"""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from unitreward import Checker, check

EXPRESSIONS = [
    # plain text: the conclusion of an implication, a formula at the end of the last sentence
    (r"\sqrt{2gh}", r"So $\frac12 mv^2 = mgh \implies v = \sqrt{2gh}$.", "correct"),
    (r"\sqrt{2gh}", r"So $\frac12 mv^2 = mgh \Rightarrow v = \sqrt{gh}$.", "wrong_value"),
    (r"\frac{mg}{k}", "Thus the extension is x = mg/k.", "correct"),  # no phrase, no $
    (r"\frac{mg}{k}", "Thus the extension is x = 2mg/k.", "wrong_value"),
    (r"\frac{mg}{k}", "It is not x = mg/k.", "retracted"),  # short words are prose too
    (r"2\pi\sqrt{L/g}", "The period is 2*pi*sqrt(L/g)", "correct"),  # plain functions
    (r"\frac{q_0}{\sqrt{2LC}}", "We are done here at all", "no_answer"),  # words, no formula
    (
        r"\frac{q_0}{\sqrt{2LC}}",
        r"<think>..</think> $\boxed{\dfrac{q_0}{\sqrt{2 C L}}}$",
        "correct",
    ),  # order of factors
    (r"\frac{q_0}{\sqrt{2LC}}", r"\boxed{\frac{q_0}{\sqrt{LC}}}", "wrong_value"),  # a factor lost
    (
        r"\frac{\hbar \omega}{2}",
        r"The energy is $\frac{1}{2}\hbar\omega$.",
        "correct",
    ),  # unmarked formula
    (
        r"\frac{\hbar \omega}{2}",
        r"The energy is $\frac{1}{2}\hbar\nu$.",
        "wrong_value",
    ),  # another variable
    (
        r"\frac{\hbar \omega}{2}",
        r"\boxed{\frac{\hbar\omega}{2}} or \boxed{\hbar\omega}",
        "ambiguous",
    ),  # two boxes disagree
    (
        r"\frac{\hbar \omega}{2}",
        r"It is $\frac{\hbar\omega}{2}$ or $\hbar\omega$.",
        "ambiguous",
    ),  # "or" between formulas
    (
        r"\frac{\hbar \omega}{2}",
        r"\boxed{\frac{\hbar\omega}{2}} ... so \boxed{0.5\hbar\omega}",
        "correct",
    ),  # one value twice
    (
        "v0^2/(2μg)",
        r"Final answer: $\frac{v_0^2}{2\mu g}$",
        "correct",
    ),  # plain reference, LaTeX answer
    ("(M+m)g", r"**Answer:** $g(m + M)$", "correct"),  # plain reference, factors reordered
    ("(M+m)g", r"**Answer:** $g(m - M)$", "wrong_value"),  # a sign flipped
    (r"\sqrt{\frac{3gl}{2}}", r"\boxed{\sqrt{1.5 g l}}", "correct"),  # a decimal coefficient
    (r"\frac{q_0}{\sqrt{2LC}}", "no formula here at all", "no_answer"),  # prose only
    (
        r"\frac{q_0}{\sqrt{2LC}}",
        r"\boxed{q_0 / \sqrt{2LC} + }",
        "unparseable_answer",
    ),  # a broken formula
    (
        r"\frac{\hbar \omega}{2}",
        r"We get $E = \hbar\omega$. Halving, $E = \frac{\hbar\omega}{2}$.",
        "correct",
    ),  # derivation
    (r"\frac{q_0}{\sqrt{2LC}}", "<think>unfinished", "no_answer"),  # truncated in the think block
]

LABELLED = [
    (
        r"t = \frac{2 v_0 \sin\theta}{g}",
        r"\boxed{\frac{2v_0\sin\theta}{g}}",
        "correct",
    ),  # right-hand side alone
    (
        r"t = \frac{2 v_0 \sin\theta}{g}",
        r"So $t = \frac{2 v_0 \sin\theta}{g}$.",
        "correct",
    ),  # with the label
    (
        r"t = \frac{2 v_0 \sin\theta}{g}",
        r"$t = \frac{2 v_0 \sin\theta}{g} = \frac{2v_0}{g}\sin\theta$",
        "correct",
    ),  # chain
    (
        r"t = \frac{2 v_0 \sin\theta}{g}",
        r"\boxed{t = \frac{v_0 \sin\theta}{g}}",
        "wrong_value",
    ),  # half of it
    ("a_n = 2n+1", "a_n=2n+1", "correct"),  # the labelled equation
    ("a_n = 2n+1", "2n+1", "correct"),  # its right-hand side
    ("a_n = 2n+1", "2n-1", "wrong_value"),  # another sequence
]

EQUATIONS = [
    ("x^2+y^2=1", r"\boxed{1-x^{2}-y^{2}=0}", "correct"),  # rearranged
    ("x^2+y^2=1", r"\boxed{2x^2+2y^2=2}", "correct"),  # a nonzero factor
    ("x^2+y^2=1", r"\boxed{x^{2}-y^{2}=1}", "wrong_value"),  # another curve
    ("x^2+y^2=1", r"\boxed{x^{2}+y^{2}}", "wrong_value"),  # an expression is not the equation
]

PARTS = [
    # unlabelled parts of different dimensions in another order: each unit names its part
    ("2 s, 20 m", "The distance is 20 m and the time is 2 s.", "correct"),
    ("2 s, 20 m", "The distance is 30 m and the time is 2 s.", "wrong_value"),
    ("2 s, 20 m", "2 m, 20 m", "wrong_dimension"),  # no time given: in order, part 1 is wrong
    ("3, 36", "36, 3", "wrong_value"),  # numbers have no unit to say which part: in order
    (
        "R = 5 Ω, P = 20 W",
        r"\boxed{R = 5\,\Omega,\ P = 20\,\mathrm{W}}",
        "correct",
    ),  # labelled, in one box
    ("R = 5 Ω, P = 20 W", r"\boxed{P = 20 W, R = 5 Ω}", "correct"),  # labels match in any order
    (
        "R = 5 Ω, P = 20 W",
        r"\boxed{R = 5 Ω, P = 0.02 kW}",
        "correct",
    ),  # each part with its own unit
    ("R = 5 Ω, P = 20 W", r"\boxed{R = 5 Ω, P = 25 W}", "wrong_value"),  # one part wrong
    ("R = 5 Ω, P = 20 W", r"\boxed{5 Ω} and \boxed{20 W}", "correct"),  # unlabelled boxes in order
    (
        "R = 5 Ω, P = 20 W",
        r"\boxed{20 W} and \boxed{5 Ω}",
        "correct",
    ),  # unlabelled, another order: each unit names its part (every dimension differs)
    ("R = 5 Ω, P = 20 W", r"\boxed{20 W} and \boxed{5 W}", "wrong_dimension"),  # in order
    ("R = 5 Ω, P = 20 W", "We find R = 5 Ω and then P = 20 W.", "correct"),  # labels found in prose
    (
        "R = 5 Ω, P = 20 W",
        r"\boxed{R = 5 Ω, P = 20 W, P = 25 W}",
        "ambiguous",
    ),  # one label, two values
    ("2 s, 20 m", r"\boxed{2 s, 20 m, 30 m}", "ambiguous"),  # more values than parts
    ("2 s, 20 m", "Final answer: (a) 2 s (b) 20 m", "correct"),  # marked, with part markers
    ("2 s, 20 m", "Final answer: (a) 2 s", "no_answer"),  # a part missing
    ("(3, 2, 7)", r"\boxed{(3,2,7)}", "correct"),  # a tuple
    ("(3, 2, 7)", r"\boxed{(2,3,7)}", "wrong_value"),  # a tuple is ordered
    ("(p,q,r)=(3,2,7)", r"$\boxed{(3,2,7)}$", "correct"),  # labelled tuple, values alone
    (r"\{1, 2, 3\}", r"\boxed{\{3, 1, 2\}}", "correct"),  # a set in any order
    (r"\{1, 2, 3\}", r"\boxed{1},\boxed{2},\boxed{3}", "correct"),  # a set boxed value by value
    (r"\{1, 2, 3\}", r"\boxed{\{1, 2, 4\}}", "wrong_value"),  # one element wrong
    (
        r"1 \pm \sqrt{19}",
        r"\boxed{1+\sqrt{19},\ 1-\sqrt{19}}",
        "correct",
    ),  # plus-minus as two roots
    (
        r"M = \sqrt{17} m_0, v = 1.7 \times 10^{10} \text{ cm/s}",
        r"\boxed{M = \sqrt{17}\,m_0,\ v = 1.7\times 10^{8}\ \mathrm{m/s}}",
        "correct",
    ),  # an expression and a quantity
    (
        r"25 m/s, \text{downward}",
        r"\boxed{25 m/s, downward}",
        "correct",
    ),  # a text part by its words
    (r"25 m/s, \text{downward}", r"\boxed{25 m/s, upward}", "wrong_value"),  # a text part differs
    ("[0, 1)", r"\boxed{[0, 1)}", "correct"),  # an interval
    ("[0, 1)", r"\boxed{[0, 1]}", "wrong_value"),  # another end closed
    (
        r"(-\infty, 1] \cup [10, \infty)",
        r"c \in \boxed{(-\infty,1]\cup[10,+\infty)}",
        "correct",
    ),  # a union
]


@pytest.mark.parametrize(
    ("reference", "completion", "reason"), EXPRESSIONS + LABELLED + EQUATIONS + PARTS
)
def test_kinds(reference: str, completion: str, reason: str) -> None:
    verdict = check(completion, reference)
    assert verdict.reason == reason, verdict
    assert verdict.reward == (1.0 if reason == "correct" else 0.0)


def test_a_part_says_which_part_is_wrong() -> None:
    v = check(r"\boxed{R = 5 Ω, P = 25 W}", "R = 5 Ω, P = 20 W")
    assert "part 2 of 2 (P)" in v.detail
    assert [p.reason for p in v.parts] == ["correct", "wrong_value"]


def test_mixed_kinds_in_one_row() -> None:
    # a row may list a quantity and an expression as acceptable answers: either matches
    assert check(r"\boxed{2 m}", ["2 m", "2 L"]).correct
    assert check(r"\boxed{2 L}", ["2 m", "2 L"]).correct


def test_exact_comparison_when_rel_tol_is_zero() -> None:
    strict = Checker(rel_tol=0.0)
    assert strict.check(r"\boxed{\frac{\sqrt{2}}{2} x}", r"\frac{x}{\sqrt{2}}").correct
    assert not strict.check(r"\boxed{0.7071 x}", r"\frac{x}{\sqrt{2}}").correct
    assert Checker().check(r"\boxed{0.7071 x}", r"\frac{x}{\sqrt{2}}").correct  # within 1%


def test_symbolic_verdicts_agree_in_threads_and_after_pickling() -> None:
    rows = EXPRESSIONS + LABELLED + EQUATIONS + PARTS
    checker = pickle.loads(pickle.dumps(Checker()))
    here = [checker.check(c, r).reason for r, c, _ in rows]
    with ThreadPoolExecutor(4) as pool:
        there = list(pool.map(lambda row: Checker().check(row[1], row[0]).reason, rows))
    assert here == there == [reason for _, _, reason in rows]
