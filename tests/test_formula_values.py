"""A final answer written as a constant formula is read whole, as its value.

Models often leave a number as a formula of roots, functions, fractions and constants
(``\\sqrt{3}-1``, ``\\ln 2 + 1``, ``\\cos 40^\\circ + 3\\pi``), boxed or in math mode
with the unit after the closing ``$``. The property builds such formulas from a small
grammar (with the value computed beside them) and checks that each scores 1 against its
value and 0 against a value 10 % off.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unitreward import check

Formula = tuple[str, float]

_ATOMS: list[st.SearchStrategy[Formula]] = [
    st.integers(2, 9).map(lambda n: (rf"\sqrt{{{n}}}", math.sqrt(n))),
    st.integers(2, 9).map(lambda n: (rf"\frac{{{n}}}{{{n + 1}}}", n / (n + 1))),
    st.integers(2, 9).map(lambda n: (rf"\ln {n}", math.log(n))),
    st.just((r"\pi", math.pi)),
    st.integers(1, 8).map(lambda n: (rf"\cos {10 * n}^\circ", math.cos(math.radians(10 * n)))),
    st.integers(2, 8).map(lambda n: (rf"\sin\left(\frac{{\pi}}{{{n}}}\right)", math.sin(math.pi / n))),
    st.integers(1, 3).map(lambda n: (rf"e^{{{n}}}", math.exp(n))),
    st.integers(2, 9).map(lambda n: (str(n), float(n))),
    st.integers(2, 9).map(lambda n: (f"{n}.5", n + 0.5)),
]


def _combine(pair: tuple[Formula, str, Formula]) -> Formula:
    (a, va), op, (b, vb) = pair
    compound = " + " in b or " - " in b
    if op == "+":
        return f"{a} + {b}", va + vb
    if op == "-":
        return (rf"{a} - \left({b}\right)" if compound else f"{a} - {b}"), va - vb
    if op == "*":
        left = rf"\left({a}\right)" if " + " in a or " - " in a else a
        right = rf"\left({b}\right)" if compound else b
        return rf"{left} \cdot {right}", va * vb
    if abs(vb) < 1e-9:
        return a, va  # never a division by zero
    return rf"\frac{{{a}}}{{{b}}}", va / vb


def _formulas() -> st.SearchStrategy[Formula]:
    atom = st.one_of(_ATOMS)
    return st.recursive(
        atom,
        lambda inner: st.tuples(inner, st.sampled_from("+-*/"), inner).map(_combine),
        max_leaves=4,
    ).filter(
        # Left out: a fraction of powers of e, \frac{e^{2}}{e^{3}}, whose denominator is read
        # as the unit e (the elementary charge); it scores 0 (a known false fail, never a pay).
        lambda f: math.isfinite(f[1]) and 1e-3 < abs(f[1]) < 1e6 and "}{e^" not in f[0]
    )


_FORMS = [
    (r"\boxed{%s}", ""),  # boxed, no unit
    ("The answer is $%s$.", ""),  # marked, in math mode
    (r"\boxed{%s \text{ m}}", " m"),  # a unit inside the box
    ("So $v = %s$ m/s.", " m/s"),  # the unit after the closing $
]


@given(_formulas(), st.sampled_from(_FORMS))
def test_a_constant_formula_scores_as_its_value(formula: Formula, form: tuple[str, str]) -> None:
    tex, value = formula
    template, unit = form
    completion = template % tex
    assert check(completion, f"{value:.6g}{unit}").reward == 1.0, completion
    assert check(completion, f"{value * 1.1:.6g}{unit}").reward == 0.0, completion


ROWS = [
    # (completion, reference, reason)
    (r"\boxed{9.5 + 5.5}", "15", "correct"),  # a sum of plain numbers, nothing else read
    (r"The answer is $3.5 \cdot 7.5$.", "26.25", "correct"),  # a product
    (r"\boxed{9.5 - 8.5 \text{ m}}", "1 m", "correct"),  # a spaced minus is a subtraction
    (r"\boxed{\cos 40^\circ + 3 \cdot \pi}", "10.19", "correct"),  # the first term alone is not the answer
    (r"\boxed{9.5 \cdot \left(9.5 - e^{1}\right) \text{ m}}", "64.43 m", "correct"),  # a product with a bracket
    (r"So $v = \sqrt{5} \cdot 2$ m/s.", "4.472 m/s", "correct"),  # the unit after the closing $
    (r"So $v = \sqrt{5} \cdot 2$ km/h.", "4.472 m/s", "wrong_value"),  # that unit counts
    (r"So $v = \sqrt{5} \cdot 2$ in the end.", "4.472", "correct"),  # words after it are no unit
    # a formula the number grammar does not read, offered beside a plain value: a hedge
    (r"\boxed{9.5 + 5.5} or \boxed{16}", "16", "ambiguous"),  # the plain box is right, the formula not
    (r"\boxed{9.5 + 5.5} or \boxed{16}", "15", "wrong_value"),  # never paid either way
    (r"\boxed{\sqrt{2}+1} or \boxed{3}", "3", "ambiguous"),  # a root beside a guess
    (r"The answer is $(9+1)$ or $11$.", "11", "ambiguous"),  # "or" between them, no boxes
    (r"<answer>\ln 2 + 1</answer> <answer>2</answer>", "2", "ambiguous"),  # two answer tags
    (r"\boxed{\sqrt{2}+1} = \boxed{2.414}", "2.414", "correct"),  # the same value twice
    ("The answer is 6 N, since 2 × 3 = 6.", "6 N", "correct"),  # working after the answer
    (r"\boxed{F = 2 \times 3 = 6 \text{ N}}", "6 N", "correct"),  # a chain in the box
]


@pytest.mark.parametrize(("completion", "reference", "reason"), ROWS)
def test_formula_rows(completion: str, reference: str, reason: str) -> None:
    verdict = check(completion, reference)
    assert verdict.reason == reason, verdict
