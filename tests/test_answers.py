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
    (
        r"T_E = 290 \, \text{K}, F_E = 6 \times 10^8 \, \text{N}",
        "parts(quantity[T_E], quantity[F_E])",
    ),
    ("f_2 = 3.99 cm, f_1 = -6.63 cm", "parts(quantity[f_2], quantity[f_1])"),  # labels kept
    ("5.03 \\times 10^3, 5.58 \\times 10^3", "parts(number, number)"),  # unlabelled, in order
    ("27.9 cm and 28.8 cm", "parts(quantity, quantity)"),  # "and" separates
    (
        r"M = \sqrt{17} m_0, v = 1.7 \times 10^{10} \text{ cm/s}",
        "parts(expression[M], quantity[v])",
    ),
    ("(3, 2, 7)", "parts(number, number, number)"),  # a tuple is ordered
    (r"\{1, 2, 3\}", "set(number, number, number)"),  # a set is not
    ("(p, q, r) = (3, 2, 7)", "parts[(p,q,r)](number, number, number)"),  # a labelled tuple
    (r"1 \pm \sqrt{19}", "set(number, number)"),  # plus-minus: the set of both values
    (r"\pm 2021", "set(number, number)"),  # plus-minus alone
    ("[0, 1)", "interval"),  # half-open
    (r"(-\infty, 1] \cup [10, +\infty)", "interval"),  # a union with infinite ends
    (r"25 m/s, \text{downward}", "parts(quantity, text)"),  # a direction is a text part
    (r"v = 3 m/s, L_0 > 0.67\,\text{m}", "parts(quantity[v], text)"),  # an inequality too
    (
        r"\frac{d\sigma}{d\Omega} = \frac{R^2}{4}",
        "expression[fracdsigmadOmega]",
    ),  # derivative label
]


@pytest.mark.parametrize(("reference", "expected"), KINDS)
def test_kinds(reference: str, expected: str) -> None:
    assert shape(parse_reference(reference)) == expected


REFUSED = [
    ("", ParseError),  # empty
    ("   ", ParseError),  # blank
    ("the ball stops", ParseError),  # prose alone
    ("downward", ParseError),  # one word that is not a symbol
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
