"""Tables for the answers other graders' conventions bring, through ``check``.

Each row is (reference, completion, expected reason); a comment says why. The classes are
those math-verify, OlympiadBench and SeePhys grade: words, matrices, intervals and
inequalities, sets and tuples, ``\\pm``, repeated labels, expressions with a unit, constant
formulas, equations in other forms, references that are worked solutions, and the ways a
completion writes them. Where one of those conventions conflicts with the physics policy
(units matter, several values offered are a hedge, a plain list is in order), the row says
so and keeps the policy.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unitreward import Checker, check

WORDS = [
    (r"\text{Even}", "$Even$", "correct"),  # \text{} aside, case aside
    (r"\text{Even}", r"\boxed{odd}", "wrong_value"),  # other words
    (r"\text{C}", r"The answer is $\boxed{\text{(C)}}$.", "correct"),  # a choice letter in brackets
    ("odd", r"\boxed{odd} or \boxed{even}", "ambiguous"),  # two answers offered: a hedge
    ("12:00", "The bell rings at $12:00$.", "correct"),  # a clock time
    ("12:00", "$1:00$", "wrong_value"),  # another time
    ("f(2) < f(1) < f(4)", r"\boxed{f(4) > f(1) > f(2)}", "correct"),  # the same ranking reversed
    ("f(2) < f(1) < f(4)", r"\boxed{f(1) < f(2) < f(4)}", "wrong_value"),  # another ranking
    ("V_1 : V_2 = 3:5", r"\boxed{3:5}", "correct"),  # a ratio without its label
    (r"\omega = const", r"\boxed{\omega = const}", "correct"),  # words after a label
]

MATRICES = [
    (r"\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}", r"It is $\begin{bmatrix}1 & 0 \\ 0 & 1\end{bmatrix}$.", "correct"),  # brackets aside
    (r"\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}", r"\boxed{\begin{pmatrix}1 & 2 \\ 3 & 5\end{pmatrix}}", "wrong_value"),  # one entry wrong
    (r"\begin{pmatrix}1 \\ 2\end{pmatrix}", r"\boxed{\begin{pmatrix}1 & 2\end{pmatrix}}", "wrong_value"),  # transposed shape
    (r"\begin{pmatrix}\frac13 \\ \frac15\end{pmatrix}", r"\boxed{\left[\begin{array}{c}0.333\\0.2\end{array}\right]}", "correct"),  # entries within tolerance
    (r"\begin{pmatrix}4 & 6\end{pmatrix}", r"$\begin{pmatrix}1 & 2\end{pmatrix} + \begin{pmatrix}3 & 4\end{pmatrix}$", "correct"),  # a sum written out
    (r"\begin{pmatrix}x & 0 \\ 0 & x\end{pmatrix}", r"\boxed{\begin{pmatrix}x & 0 \\ 0 & x\end{pmatrix}}", "correct"),  # entries are expressions
    (r"\begin{pmatrix}x & 0 \\ 0 & x\end{pmatrix}", r"\boxed{\begin{pmatrix}x & 0 \\ 0 & x\end{pmatrix}} or \boxed{\begin{pmatrix}x & 1 \\ 0 & x\end{pmatrix}}", "ambiguous"),  # two matrices boxed
]

INTERVALS = [
    (r"x \ge 5", r"So $5 \le x$.", "correct"),  # the same inequality written the other way
    (r"x \ge 5", r"So $x > 5$.", "wrong_value"),  # the end is open
    ("x < 1", "$-x > -1$", "correct"),  # a linear inequality solved
    ("-793 < a < 10", "$(-793, 10)$", "correct"),  # an inequality is its open interval
    ("0 < f(x) < 1", "$(0, 1)$", "correct"),  # the variable may be a function value
    (r"x \in [-2, 7]", r"$-2 \le x \le 7$", "correct"),  # an interval is its inequality (both ways)
    (r"k \ge 2", r"\boxed{n \ge 2}", "wrong_value"),  # another variable
    (r"\{-1\} \cup [0, 7)", r"x \in \boxed{\{-1\} \cup [0,7)}", "correct"),  # a point and an interval
    (r"1 \le |z| \le 2", r"$z \in [-2, -1] \cup [1, 2]$", "correct"),  # an absolute value
    ("[0, 1)", r"\boxed{[0, 1)} or \boxed{[0, 2)}", "ambiguous"),  # two intervals boxed
    (r"(2, 12) \cup (12, 102)", r"$x \in \boxed{(2,12) \cup (12,102)}$", "correct"),  # 12,102 is two ends here
]

SETS = [
    ("(2,1),(3,1)", r"\boxed{(3,1),(2,1)}", "correct"),  # solutions of a system in any order
    ("(2,1),(3,1)", r"\boxed{(3,1),(2,2)}", "wrong_value"),  # one solution wrong
    ("(1,2),(3,4)", r"\boxed{(3,4), (1,2), (3, 4)}", "correct"),  # a solution written twice is one
    ("(1,2),(3,4)", r"\boxed{(1,2)} and \boxed{(3,4)}", "correct"),  # one box per solution
    ("x = 1/2, x = 3", r"\boxed{x = 3, x = \frac12}", "correct"),  # the values of one unknown
    ("x = 1/2, x = 3", r"\boxed{y = 3, y = 1/2}", "wrong_value"),  # another unknown
    ("a = 4, -8, -10", r"\boxed{-10, -8, 4}", "correct"),  # one label, its values in any order
    ("3, 36", r"\boxed{36, 3}", "wrong_value"),  # policy: a plain list answers (a), (b) in order
    ("p=5, q=2; p=7, q=2", "$(5,2),(7,2)$", "correct"),  # ;-groups are tuples
    ("D = (0, 1)", "$D = (0, 1)$", "correct"),  # a labelled pair
    ("$(11,7)$ or $(7,11)$", r"\boxed{(7,11),\ (11,7)}", "correct"),  # "or" between solutions
    ("$21, 16$ or $11$", "$21, 16, 11$", "correct"),  # "or" ends a list
]

PLUS_MINUS = [
    (r"1 \pm \sqrt{19}", r"so $x = \boxed{1 \pm \sqrt{19}}$", "correct"),  # \pm on both sides
    (r"\sqrt{2}, -\sqrt{2}", r"y = \pm \sqrt{2}", "correct"),  # \pm answers two parts
    (r"\{1\pm\sqrt{5},-2\}", r"\boxed{\{1\pm\sqrt{5},-2\}}", "correct"),  # \pm inside a set
    (r"1 \pm \sqrt{19}", r"\boxed{1 + \sqrt{19}}", "no_answer"),  # one root missing
    (r"\frac{-1 \pm \sqrt{13}}{4}", r"\boxed{\frac{-1-\sqrt{13}}{4}, \frac{-1+\sqrt{13}}{4}}", "correct"),  # \pm in a fraction
]

LABELS = [
    ("E = 2 J, E = 5 J", r"\boxed{E = 2 J, E = 5 J}", "correct"),  # one label twice
    ("E = 2 J, E = 5 J", r"\boxed{E = 5 J, E = 2 J}", "correct"),  # one unknown's values: any order
    ("W = 2 J, Q = 3 J, W = 5 J, Q = 7 J", r"\boxed{W = 2 J, Q = 3 J, W = 5 J, Q = 7 J}", "correct"),  # repeated labels in order
    ("W = 2 J, Q = 3 J, W = 5 J, Q = 7 J", r"\boxed{W = 5 J, Q = 3 J, W = 2 J, Q = 7 J}", "wrong_value"),  # a label's values swapped
    ("T = 580 K, T = 750 K", r"\boxed{T = 580 K, T = 750 K, T = 900 K}", "ambiguous"),  # more values than parts
    ("Resistance R = 5 Ω, Power P = 20 W", r"So $R = V/I = 10 V / 2 A = 5 \Omega$ and $P = VI = 20 W$.", "correct"),  # named symbols, chains
]

UNITS = [
    (r"\sqrt{2gh}\,\mathrm{m/s}", r"\boxed{\sqrt{2gh}\ \mathrm{m/s}}", "correct"),  # the same with its unit
    (r"\sqrt{2gh}\,\mathrm{m/s}", r"\boxed{100\sqrt{2gh}\,\mathrm{cm/s}}", "correct"),  # compared in SI
    (r"\sqrt{2gh}\,\mathrm{m/s}", r"\boxed{\sqrt{2gh}}", "missing_unit"),  # the unit left out
    (r"\sqrt{2gh}\,\mathrm{m/s}", r"\boxed{\sqrt{2gh}\,\mathrm{km/h}}", "wrong_value"),  # the wrong scale
    (r"\sqrt{2gh}\,\mathrm{m/s}", r"\boxed{\sqrt{2gh}\,\mathrm{s}}", "wrong_dimension"),  # another dimension
    (r"2\pi f\ \mathrm{rad/s}", "f Hz", "correct"),  # angular and cyclic frequency, 2π apart
    (r"2\pi f\ \mathrm{rad/s}", "f rad/s", "wrong_value"),  # rad/s is not Hz
    (r"\sqrt{2gh}\,\mathrm{m/s}", r"\boxed{\sqrt{2gh}\,\mathrm{m/s}} or \boxed{\sqrt{gh}\,\mathrm{m/s}}", "ambiguous"),  # a hedge
    ("-10.5 N", "-sin(pi/2)*sqrt(441)^(0.77233) kg m/s^2", "correct"),  # a constant formula and a unit
    ("1/3", r"$\frac{1}{3} \text{meters}$", "wrong_dimension"),  # policy: units are never stripped
    ("5 kg", r"\boxed{5 g}", "wrong_value"),  # policy: the prefix counts
]

FORMULAS = [
    ("10", r"Answer \( (9+1) \)", "correct"),  # a sum in brackets is its value
    (r"\sqrt[3]{5/12}", r"(\frac{5}{12})^{\frac{1}{3}}", "correct"),  # a power of a bracket
    ("10", r"\boxed{(9+2)}", "wrong_value"),  # read whole, and wrong
    (r"10^{\frac{-5+\sqrt{13}}{6}}", r"\boxed{10^{\frac{\sqrt{13} - 5}{6}}}", "correct"),  # a power the number grammar refuses
    (r"-\left(\frac{1}{2}\log_2\frac{1}{2} + \frac{1}{2}\log_2\frac{1}{2}\right)", r"\boxed{-\left(\frac{1}{2}\log_2\frac{1}{2} + \frac{1}{2}\log_2\frac{1}{2}\right)}", "correct"),  # a sign before brackets
    ("1e10", r"\boxed{(10^{10})!}", "unparseable_answer"),  # a factorial too large to evaluate
    ("11", "$x = 5+5+1 = 7 = 11$", "ambiguous"),  # policy: values stated equal are alternatives
    (r"\ln y = \ln a + \ln(1 - x) - k t", r"$y = a (1 - x) e^{-kt}$", "correct"),  # a log form of the equation
    (r"\ln y = \ln a + \ln(1 - x) - k t", r"$y = a (1 + x) e^{-kt}$", "wrong_value"),  # another equation
    (r"E = mc^2\left(1 + \frac{v^2}{2c^2} + \mathcal{O}(v^4/c^4)\right)", r"$E \approx mc^2 + \frac12 m v^2$", "correct"),  # a series' remainder
    (r"\theta = \arctan\frac{a}{1000 b}", r"$\theta = 2\arctan\frac{a}{1000 b}$", "wrong_value"),  # roots near 0 differ
    # A root, a function or a fraction joined to a number is one value, never a range or a list
    ("2.414", r"\boxed{\sqrt{2}+1}", "correct"),  # not two values in the box
    (r"\sqrt{2}+1", r"\boxed{\sqrt{2}+1}", "correct"),  # the reference, boxed
    ("0.732", r"The answer is $\sqrt{3}-1$.", "correct"),  # not the range "√3 to 1"
    ("1.732", r"\boxed{\sqrt{3}-1}", "wrong_value"),  # read whole, the first term alone is wrong
    ("1.693", r"\boxed{\ln 2 + 1}", "correct"),  # a function then a number
    ("1.866", r"\boxed{\cos 30^\circ + 1}", "correct"),  # a function of degrees then a number
    ("4.243", r"\boxed{\sqrt{2}\cdot 3}", "correct"),  # a product
    ("1.5", r"\boxed{\frac{1}{2} + 1}", "correct"),  # a fraction then a number
    ("-0.586 m", r"\boxed{\sqrt{2}-2 \text{ m}}", "correct"),  # with a unit after
    ("2.414", r"\boxed{\sqrt{2} \text{ or } 1}", "ambiguous"),  # an "or" still offers two
    ("2.414", r"\boxed{\sqrt{2}, 1}", "ambiguous"),  # a list still offers two
    ("-2 m", r"\boxed{5-7 \text{ m}}", "ambiguous"),  # plain numbers with a hyphen stay a range
]

SOLUTIONS = [
    (r"We solve and get $n = \boxed{1, -2}$.", r"$\boxed{-2}$ and $\boxed{1}$", "correct"),  # the box's label
    (r"Thus $x = 1/5$, or $\boxed{20}$ percent.", "It is 20%.", "correct"),  # the box's unit
    (r"Thus $x = 1/5$, or $\boxed{20}$ percent.", r"\boxed{20}", "wrong_value"),  # policy: 20 is not 20 %
    (r"The roots are $\boxed{1}$ and $\boxed{-2}$.", r"$\boxed{1, -2}$", "correct"),  # several boxes
    ("Final Answer: The final answer is $28\\%$. I hope it is correct.", r"\boxed{28\%}", "correct"),  # a phrase
]

COMPLETIONS = [
    ("3", r"so \\boxed{3}", "correct"),  # a backslash doubled by escaping
    ("12", "So the answer is 12. <|im_start|>user\nAnd 13 and 14", "correct"),  # the next turn
    ("11111", r"$\boxed{11,\! 111}$", "correct"),  # digit groups with \!
    ("14916", r"The final answer is $14 {, }916$.", "correct"),  # digit groups with {, }
    ("28%", r"$\boxed{28 percentage}$", "correct"),  # "percentage" is %
    (r"\frac{1}{2}", "$-\x0crac{1}{2}$", "wrong_value"),  # a form feed left by "\frac": -1/2
]

ROWS = WORDS + MATRICES + INTERVALS + SETS + PLUS_MINUS + LABELS + UNITS + FORMULAS + SOLUTIONS + COMPLETIONS


@pytest.mark.parametrize(("reference", "completion", "reason"), ROWS)
def test_conventions(reference: str, completion: str, reason: str) -> None:
    verdict = check(completion, reference)
    assert verdict.reason == reason, verdict
    assert verdict.reward == (1.0 if reason == "correct" else 0.0)


def test_tolerances_reach_every_kind() -> None:
    # math-verify's precision 2 is an absolute tolerance of 0.01: intervals and matrices too
    two_places = Checker(rel_tol=0.0, abs_tol=0.01)
    assert two_places.check("$(0.6,2.6667]$", r"(\frac{3}{5},\frac{8}{3}]").correct
    assert two_places.check(r"\begin{pmatrix}0.33\\0.2\end{pmatrix}", r"\begin{pmatrix}\frac13\\\frac15\end{pmatrix}").correct
    assert not Checker(rel_tol=0.0, abs_tol=1e-6).check("$(0.6,2.6667]$", r"(\frac{3}{5},\frac{8}{3}]").correct
    # an absolute tolerance holds up to the rounding of the difference (0.003 - 0.002)
    assert Checker(rel_tol=0.0, abs_tol=0.001).check("0.002, 5.234", ["0.003, 5.233"]).correct


def test_a_missing_unit_earns_unitless_credit_for_expressions() -> None:
    lenient = Checker(unitless_credit=0.5)
    v = lenient.check(r"\boxed{\sqrt{2gh}}", r"\sqrt{2gh}\,\mathrm{m/s}")
    assert (v.reason, v.reward) == ("missing_unit", 0.5)
    v = lenient.check(r"\boxed{\sqrt{gh}}", r"\sqrt{2gh}\,\mathrm{m/s}")
    assert (v.reason, v.reward) == ("missing_unit", 0.0)  # and the wrong expression


@given(
    st.lists(
        st.tuples(st.integers(-50, 50), st.integers(-50, 50)), min_size=2, max_size=5, unique=True
    ),
    st.randoms(use_true_random=False),
)
def test_solutions_of_a_system_match_in_any_order(pairs: list[tuple[int, int]], rng: object) -> None:
    reference = ", ".join(f"({a}, {b})" for a, b in pairs)
    shuffled = list(pairs)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    answer = ", ".join(f"({a},{b})" for a, b in shuffled)
    assert check(rf"\boxed{{{answer}}}", reference).correct
    a, b = shuffled[0]
    wrong = ", ".join(f"({x},{y})" for x, y in [(a, b + 1), *shuffled[1:]])
    assert (a, b + 1) in pairs or not check(rf"\boxed{{{wrong}}}", reference).correct


@given(st.integers(-1000, 1000), st.integers(1, 1000), st.sampled_from(["<", r"\le"]))
def test_an_inequality_is_its_interval_both_ways(low: int, width: int, relation: str) -> None:
    high = low + width
    closed = relation != "<"
    interval = f"{'[' if closed else '('}{low}, {high}{']' if closed else ')'}"
    inequality = f"{low} {relation} x {relation} {high}"
    exact = Checker(rel_tol=0.0, abs_tol=0.5)  # integer ends
    assert exact.check(f"${interval}$", inequality).correct
    assert exact.check(f"${inequality}$", rf"x \in {interval}").correct
    assert not exact.check(f"${low} {relation} x {relation} {high + 1}$", rf"x \in {interval}").correct
