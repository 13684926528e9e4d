"""Tables for the readers of the kinds beyond quantities and formulas: intervals and
inequalities, matrices, units after a formula, words.

Each row is (text, expected); a comment says why.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unitreward.engine.intervals import answer_pieces, read_interval, same_pieces
from unitreward.engine.matrices import evaluated, matrix_rows
from unitreward.engine.unit_suffix import split_unit
from unitreward.engine.words import ordering_words, text_reference, text_words

INF = math.inf

INTERVALS = [
    ("[0, 1)", (((0.0, 1.0, True, False),), None)),  # half-open
    (r"(-\infty, 1] \cup [10, +\infty)", (((-INF, 1.0, False, True), (10.0, INF, True, False)), None)),
    (r"\{-1\} \cup [0,7)", (((-1.0, -1.0, True, True), (0.0, 7.0, True, False)), None)),  # a point
    (r"x \in [-2, 7]", (((-2.0, 7.0, True, True),), "x")),  # named by \in
    (r"x \ge 5", (((5.0, INF, True, False),), "x")),  # one side
    (r"5 \geq x", (((-INF, 5.0, False, True),), "x")),  # the variable on the right
    ("-x > -1", (((-INF, 1.0, False, False),), "x")),  # linear, solved: the relation turns
    ("2x + 1 <= 5", (((-INF, 2.0, False, True),), "x")),  # linear with a coefficient
    ("x != 3", (((-INF, 3.0, False, False), (3.0, INF, False, False)), "x")),  # all but a point
    ("-793 < a < 10", (((-793.0, 10.0, False, False),), "a")),  # a chain
    ("10 > a > -793", (((-793.0, 10.0, False, False),), "a")),  # a chain written downwards
    ("0 < f(x) < 1", (((0.0, 1.0, False, False),), "f(x)")),  # a function value bounded
    (r"1 \le |z| \le 2", (((-2.0, -1.0, True, True), (1.0, 2.0, True, True)), "z")),  # |z|
    (r"\frac{1}{2} < t < \pi", (((0.5, math.pi, False, False),), "t")),  # exact ends
    ("(1, 2)", None),  # a lone pair: a tuple as much as an interval
    ("x^2 < 4", None),  # nonlinear: not read
    ("x < y", None),  # two variables
    (r"L > 0.67\,\text{m}", None),  # a bound with a unit
    (r"0 < x < 1 < y", None),  # three relations
    ("[3, 1]", None),  # ends the wrong way round
]


@pytest.mark.parametrize(("text", "expected"), INTERVALS)
def test_read_interval(text: str, expected: object) -> None:
    assert read_interval(text) == expected


def test_an_answer_pair_is_an_open_interval() -> None:
    assert answer_pieces("(0, 1)") == (((0.0, 1.0, False, False),), None)
    assert answer_pieces("(12,102)") == (((12.0, 102.0, False, False),), None)  # not 12102


@given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6))
def test_a_chain_and_its_interval_agree(low: float, width: float) -> None:
    high = low + width
    found = read_interval(f"{low!r} <= x < {high!r}")
    assert found is not None and found[1] == "x"
    assert same_pieces(found[0], ((low, high, True, False),), 1e-12)


MATRICES = [
    (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", [["1", "2"], ["3", "4"]]),  # 2x2
    (r"\begin{bmatrix}0\\0\end{bmatrix}", [["0"], ["0"]]),  # a column
    (r"\left[\begin{array}{cc}1 & 2 \\3 & 4\end{array}\right]", [["1", "2"], ["3", "4"]]),  # array
    (r"(\begin{pmatrix}\frac{1}{3}\\ \frac{1}{5} \end{pmatrix})", [[r"\frac{1}{3}"], [r"\frac{1}{5}"]]),  # in brackets
    (r"\begin{pmatrix}a & b \\ c & d \\ \end{pmatrix}", [["a", "b"], ["c", "d"]]),  # a trailing \\
    (r"\begin{pmatrix}\frac{1}{2} & 0\end{pmatrix}", [[r"\frac{1}{2}", "0"]]),  # & inside braces? none
    (r"\begin{pmatrix}1 & 2 \\ 3\end{pmatrix}", None),  # ragged rows
    (r"\begin{vmatrix}1 & 2 \\ 3 & 4\end{vmatrix}", None),  # a determinant is a number
    (r"A + \begin{pmatrix}1\end{pmatrix}", None),  # more than one matrix
]


@pytest.mark.parametrize(("text", "expected"), MATRICES)
def test_matrix_rows(text: str, expected: list[list[str]] | None) -> None:
    assert matrix_rows(text) == expected


ARITHMETIC = [
    (r"\begin{pmatrix}1 & 2\end{pmatrix} + \begin{pmatrix}3 & 4\end{pmatrix}", [["4", "6"]]),  # sum
    (r"\begin{pmatrix}1 & 2\end{pmatrix} - \begin{pmatrix}3 & 4\end{pmatrix}", [["-2", "-2"]]),  # difference
    (r"\begin{pmatrix}0 & 1 \\ 1 & 0\end{pmatrix} \begin{pmatrix}2 \\ 3\end{pmatrix}", [["3"], ["2"]]),  # product
    (r"\begin{pmatrix}1 & 2\end{pmatrix} \cdot \begin{pmatrix}1 & 2\end{pmatrix}", None),  # shapes do not fit
    (r"\begin{pmatrix}x\end{pmatrix} + \begin{pmatrix}1\end{pmatrix}", None),  # a variable entry
    (r"\begin{pmatrix}1\end{pmatrix}", None),  # one matrix: nothing to evaluate
]


@pytest.mark.parametrize(("text", "expected"), ARITHMETIC)
def test_matrix_arithmetic(text: str, expected: list[list[str]] | None) -> None:
    assert evaluated(text) == expected


UNITS = [
    (r"\sqrt{2gh}\ \mathrm{m/s}", (r"\sqrt{2gh}", "m/s")),  # LaTeX text unit
    (r"5 \mathrm{m}\,\mathrm{s}^{-1}", ("5", "m s^{-1}")),  # several text units in a row
    ("2*pi*f radian/second", ("2*pi*f", "radian/second")),  # plain unit words
    ("f Hz", ("f", "Hz")),  # a plain symbol of two letters
    (r"\sqrt{2gh} m/s", (r"\sqrt{2gh}", "m/s")),  # a ratio of units
    ("m g h", None),  # lone letters are variables
    (r"x = \text{const}", None),  # not a unit
    (r"2 \pi \,\mathrm{d}", None),  # a differential
    (r"\hbar \omega", None),  # no space, no unit
    (r"\frac{a}{2 \sin \theta}", None),  # a function name is no unit
]


@pytest.mark.parametrize(("text", "expected"), UNITS)
def test_split_unit(text: str, expected: tuple[str, str] | None) -> None:
    found = split_unit(text)
    assert (None if found is None else (found[0], found[1].text)) == expected


TEXT_REFERENCES = [
    (r"\text{Even}", "even"),  # words written as text
    (r"\text{The midpoints form a regular hexagon}", "themidpointsformaregularhexagon"),  # a sentence
    ("downward", "downward"),  # one plain word
    ("thorium-234", "thorium-234"),  # a word and its number
    ("12:00", "12:00"),  # a clock time
    ("10:00 PM", "10:00pm"),  # with its half of the day
    ("204_5", "204_5"),  # a numeral in a base
    ("(C)", "c"),  # a choice letter
    ("about a hundred", None),  # a plain phrase
    ("2.5 ft (approx.)", None),  # a number of its own
    (r"\text{The ball stops at the wall and then it rolls back}", None),  # too long
]


@pytest.mark.parametrize(("text", "expected"), TEXT_REFERENCES)
def test_text_reference(text: str, expected: str | None) -> None:
    assert text_reference(text) == expected


def test_text_words_normalise_the_spellings() -> None:
    assert text_words(r"\textbf{Even}.") == text_words("**even**") == "even"
    assert text_words(r"\text{(C)}") == text_words("[c]") == "c"


ORDERINGS = [
    ("f(2) < f(1) < f(4)", "f(4)>f(1)>f(2)"),  # upwards, written downwards
    (r"v_A \ge v_B > v_C", "v_a>=v_b>v_c"),  # a closed relation is kept
    (r"a \lt b", "b>a"),  # LaTeX's \lt
    ("a < b > c", None),  # not one direction
    ("0 < x < 1", None),  # numbers: an interval, not a ranking
]


@pytest.mark.parametrize(("text", "expected"), ORDERINGS)
def test_ordering_words(text: str, expected: str | None) -> None:
    assert ordering_words(text) == expected
