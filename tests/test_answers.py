"""Tables for reading a reference into its kind (unitreward.engine.answers).

Each row is (reference, its shape); a comment says why. The shape is written
``kind[label]``, parts as ``parts(...)`` and sets as ``set(...)``.
"""

from __future__ import annotations

import math
import pickle

import pint
import pytest

from unitreward import ParseError, UnitError, parse_quantity
from unitreward.engine.answers import (
    MAX_REFERENCES,
    Answer,
    IntervalAnswer,
    PartsAnswer,
    parse_reference,
    parse_references,
)


def shape(answer: Answer) -> str:
    label = getattr(answer, "label", None)
    tag = f"[{label}]" if label else ""
    if isinstance(answer, PartsAnswer):
        inner = ", ".join(shape(p) for p in answer.parts)
        return f"{'parts' if answer.ordered else 'set'}{tag}({inner})"
    return f"{answer.kind}{tag}"


KINDS = [
    ("120 m", "quantity"),  # a number and a unit
    (r"2.5\,\mathrm{kJ}", "quantity"),  # LaTeX unit
    ("T_E = 290 K", "quantity[T_E]"),  # a labelled quantity keeps its label
    ("0.25", "number"),  # dimensionless
    ("25%", "number"),  # percent is a number
    (r"\frac{\sqrt{3}}{2}", "number"),  # an exact constant is a number
    (r"\frac{\hbar \omega}{2}", "expression"),  # variables make an expression
    ("v0^2/(2μg)", "expression"),  # plain text with unicode Greek
    ("mg", "expression"),  # one glued token: a product of variables, not milligrams
    ("kT", "expression"),  # the same: k times T, not kilotesla
    (r"t = \frac{2 v_0 \sin\theta}{g}", "expression[t]"),  # a labelled expression
    (r"E = V_l(r_0) + (v+\frac12)\hbar\omega", "expression[E]"),  # a function call inside
    ("x^2 + y^2 = 1", "equation"),  # an equation without a label
    (r"\ddot{x} + \frac{2gx}{a} = 0", "equation"),  # a decorated variable
    (r"T_E = 290 \, \text{K}, F_E = 6 \times 10^8 \, \text{N}", "parts(quantity[T_E], quantity[F_E])"),
    ("f_2 = 3.99 cm, f_1 = -6.63 cm", "parts(quantity[f_2], quantity[f_1])"),  # labels kept
    ("5.03 \\times 10^3, 5.58 \\times 10^3", "parts(number, number)"),  # unlabelled, in order
    ("27.9 cm and 28.8 cm", "parts(quantity, quantity)"),  # "and" separates
    (r"M = \sqrt{17} m_0, v = 1.7 \times 10^{10} \text{ cm/s}", "parts(expression[M], quantity[v])"),
    ("(3, 2, 7)", "parts(number, number, number)"),  # a tuple is ordered
    (r"\{1, 2, 3\}", "set(number, number, number)"),  # a set is not
    ("(p, q, r) = (3, 2, 7)", "parts[(p,q,r)](number, number, number)"),  # a labelled tuple
    (r"1 \pm \sqrt{19}", "set(number, number)"),  # plus-minus: the set of both values
    (r"\pm 2021", "set(number, number)"),  # plus-minus alone
    ("[0, 1)", "interval"),  # half-open
    (r"(-\infty, 1] \cup [10, +\infty)", "interval"),  # a union with infinite ends
    (r"25 m/s, \text{downward}", "parts(quantity, text)"),  # a direction is a text part
    (r"v = 3 m/s, L_0 > 0.67\,\text{m}", "parts(quantity[v], text)"),  # a bound with a unit: text
    (r"v = 3 m/s, \alpha < 0", "parts(quantity[v], interval[alpha])"),  # a bound without: interval
    (r"\frac{d\sigma}{d\Omega} = \frac{R^2}{4}", "expression[fracdsigmadOmega]"),  # derivative label
    # the kinds other graders' conventions need
    (r"\text{Even}", "text"),  # words written as text
    ("downward", "text"),  # one plain word is a text answer
    (r"\text{C}", "text"),  # a choice letter, not coulombs
    (r"\text{e}", "text"),  # text, not Euler's number
    ("12:00", "text"),  # a clock time
    ("V_1 : V_2 = 11 : 21", "text"),  # a ratio after its label
    ("f(2) < f(1) < f(4)", "text"),  # a ranking compares as its ordering
    (r"\begin{pmatrix}1 & 0 \\ 0 & x\end{pmatrix}", "matrix"),  # a matrix
    (r"A = \left[\begin{array}{cc}1 & 2\\3 & 4\end{array}\right]", "matrix[A]"),  # labelled, array
    (r"x \ge 5", "interval[x]"),  # an inequality is an interval of its variable
    (r"-2 \le x \le 7", "interval[x]"),  # a chain
    ("0 < f(x) < 1", "interval[f(x)]"),  # a function value bounded
    (r"1 \le |z| \le 2", "interval[z]"),  # an absolute value: two pieces
    (r"\{-1\} \cup [0, 7)", "interval"),  # a finite set in a union
    ("(2,1),(3,1)", "set(parts(number, number), parts(number, number))"),  # solutions of a system
    ("x = 1/2, x = 3", "set(number[x], number[x])"),  # the values of one unknown
    ("a = 4, -8, -10", "set(number[a], number[a], number[a])"),  # one label, several values
    (r"\tau = 3 \text{ s}, 0, 2", "parts(quantity[tau], number, number)"),  # mixed kinds stay ordered
    ("3, 36", "parts(number, number)"),  # a plain list stays in order (answers to (a), (b))
    (r"U=\frac{S^{3}}{A^{3} N V}", "expression[U]"),  # letters in \frac, not siemens per volt
    (r"\{1\pm\sqrt{5},-2\}", "set(number, number, number)"),  # a \pm inside a set is flattened
    (r"\frac{-1 \pm \sqrt{13}}{4}", "set(number, number)"),  # \pm inside a fraction
    ("p=5, q=2; p=7, q=2", "set(parts(number[p], number[q]), parts(number[p], number[q]))"),  # groups
    ("$(11,7)$ or $(7,11)$", "set(parts(number, number), parts(number, number))"),  # "or" lists both
    (r"\sqrt{2gh}\,\mathrm{m/s}", "expression"),  # an expression with a unit
    (r"-\sin(\pi/2)\sqrt{441}^{0.77233}\ \mathrm{kg\,m/s^2}", "quantity"),  # constant times unit
    (r"I = 0.5 \, \text{mA, leftward}", "quantity[I]"),  # a direction after the unit is dropped
    (r"-e \mathbf{A}", "expression"),  # e is a charge here, not 2.718 amperes
    (r"The roots are $\boxed{1}$ and $\boxed{-2}$.", "parts(number, number)"),  # a solution's boxes
    (r"We get $n = \boxed{1, -2}$.", "set(number[n], number[n])"),  # the label before the box
    (r"So $x = 1/5$, or $\boxed{20}$ percent.", "number"),  # the unit after the box: 20 %
    ("-\x0crac{1}{2}", "number"),  # a form feed left by "\frac" in a string literal
    (r"1 = y = 0", "number"),  # a chain's last link
]


@pytest.mark.parametrize(("reference", "expected"), KINDS)
def test_kinds(reference: str, expected: str) -> None:
    assert shape(parse_reference(reference)) == expected


REFUSED = [
    ("", ParseError),  # empty
    ("   ", ParseError),  # blank
    ("the ball stops", ParseError),  # prose alone
    ("about a hundred", ParseError),  # a plain phrase: no reference we can check
    (r"\text{The ball stops at the wall and then it rolls back}", ParseError),  # long text
    (r"\text{classical ideal gas}, \text{downward}", ParseError),  # text parts only
    ("3 blorbs", UnitError),  # a quantity with an unknown unit names it
    ("kg m", ParseError),  # a unit without a number is no answer (not the variables k, g, m)
    ("kg*m/s^2", ParseError),  # the same with operators
    ("x" * 5000, ParseError),  # too long
    (True, ParseError),  # a bool is no answer
    (float("nan"), ParseError),  # not finite
    ({"a": 1}, ParseError),  # not a reference type
]


@pytest.mark.parametrize(("reference", "error"), REFUSED)
def test_refused(reference: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_reference(reference)


def test_interval_pieces() -> None:
    union = parse_reference(r"(-\infty, 1] \cup [10, +\infty)")
    assert isinstance(union, IntervalAnswer)
    assert union.pieces == ((-math.inf, 1.0, False, True), (10.0, math.inf, True, False))


REFERENCE_OBJECTS = [
    (pint.UnitRegistry().Quantity(204.5, "cm**2"), "quantity", 0.02045),  # another registry
    (pint.UnitRegistry().Quantity(25, "degC"), "quantity", 298.15),  # offset unit
    (pint.UnitRegistry().Quantity(3, "dimensionless"), "number", 3.0),  # dimensionless
    (parse_quantity("0.12 km"), "quantity", 120.0),  # unitreward's own Quantity
    (42, "number", 42.0),  # an int
    (9.81, "number", 9.81),  # a float
]


@pytest.mark.parametrize(("reference", "kind", "si"), REFERENCE_OBJECTS)
def test_reference_objects(reference: object, kind: str, si: float) -> None:
    answer = parse_reference(reference)
    assert answer.kind == kind
    assert math.isclose(answer.quantity.si_magnitude, si, rel_tol=1e-12)  # type: ignore[union-attr]


def test_parse_references_keeps_the_good_and_names_the_bad() -> None:
    answers, bad = parse_references(["120 m", 120, "about a hundred", None])
    assert [a.kind for a in answers] == ["quantity", "number"]
    assert bad == ["about a hundred", "None"]


def test_many_references_are_read() -> None:
    # more than 64 acceptable answers are all read, up to MAX_REFERENCES
    refs = [f"{i} m" for i in range(1, 301)]
    answers, bad = parse_references(refs)
    assert len(answers) == 300 and not bad
    answers, _ = parse_references([f"{i} m" for i in range(MAX_REFERENCES + 50)])
    assert len(answers) == MAX_REFERENCES


def test_answers_pickle() -> None:
    # the async trainer spawns workers: parsed references cross process boundaries
    for text in ["120 m", r"t = \frac{2v_0}{g}", "x^2+y^2=1", r"\{1, 2\}", "[0, 1)"]:
        answer = parse_reference(text)
        assert pickle.loads(pickle.dumps(answer)) == answer
