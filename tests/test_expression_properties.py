"""The symbolic engine's properties, checked with the library's own expression strategies.

- every rendering of a random formula is ``equivalent`` to it (and to every
  other rendering), at the default tolerance and exactly;
- every wrong form is not, and ``equivalent`` is symmetric on both;
- every rearrangement of a labelled equation is the same equation, every wrong one is not;
- the parser raises nothing but ``ParseError`` on renderings cut, spliced or
  corrupted anywhere.

Counterexamples these find are kept, shrunk, as rows in ``test_expression.py``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unitreward.engine.errors import ParseError
from unitreward.engine.expression import (
    equations_equivalent,
    equivalent,
    parse_equation,
    parse_expression,
)
from unitreward.strategies import (
    ARRANGEMENTS,
    Formula,
    FormulaEquation,
    equation_renderings,
    equations,
    expression_renderings,
    expressions,
    reward_inputs,
    wrong_equations,
    wrong_expressions,
)

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# exact=True evaluates in 60-digit arithmetic: fewer examples.
EXACT = settings(PROPERTY, max_examples=40)

rendered = expressions().flatmap(
    lambda f: expression_renderings(f).map(lambda text: (f, text))
)  # fmt: skip
wronged = expressions().flatmap(lambda f: wrong_expressions(f).map(lambda text: (f, text)))


@PROPERTY
@given(rendered)
def test_every_rendering_is_equivalent(case: tuple[Formula, str]) -> None:
    f, text = case
    reference, answer = parse_expression(f.latex), parse_expression(text)
    assert answer.variables == f.variables
    assert equivalent(reference, answer)
    assert equivalent(answer, reference)


@PROPERTY
@given(
    expressions().flatmap(lambda f: st.tuples(expression_renderings(f), expression_renderings(f)))
)
def test_two_renderings_are_equivalent(pair: tuple[str, str]) -> None:
    assert equivalent(parse_expression(pair[0]), parse_expression(pair[1]))


@EXACT
@given(rendered)
def test_every_rendering_is_exactly_equivalent(case: tuple[Formula, str]) -> None:
    f, text = case
    assert equivalent(parse_expression(f.latex), parse_expression(text), exact=True)


@PROPERTY
@given(wronged)
def test_every_wrong_form_is_not_equivalent(case: tuple[Formula, str]) -> None:
    f, text = case
    reference, answer = parse_expression(f.latex), parse_expression(text)
    assert not equivalent(reference, answer)
    assert not equivalent(answer, reference)


@PROPERTY
@given(expressions().flatmap(lambda f: wrong_expressions(f, rel_tol=0.05).map(lambda t: (f, t))))
def test_wrong_forms_are_rejected_at_a_loose_tolerance(case: tuple[Formula, str]) -> None:
    f, text = case
    assert not equivalent(parse_expression(f.latex), parse_expression(text), rel_tol=0.05)


# A cleared denominator (D y = N for y = N/D) is left out: the engine refuses it where N
# vanishes with D (test_expression.py, CLEARED_WHERE_THE_NUMERATOR_VANISHES).
REARRANGED = [a for a in ARRANGEMENTS if a != "cleared"]


@PROPERTY
@given(
    equations().flatmap(
        lambda eq: equation_renderings(eq, arrangements=REARRANGED).map(lambda t: (eq, t))
    )
)
def test_every_equation_rendering_is_the_same_equation(case: tuple[FormulaEquation, str]) -> None:
    eq, text = case
    reference, answer = parse_equation(eq.latex), parse_equation(text)
    assert equations_equivalent(reference, answer)
    assert equations_equivalent(answer, reference)


@PROPERTY
@given(equations().flatmap(lambda eq: wrong_equations(eq).map(lambda t: (eq, t))))
def test_every_wrong_equation_is_another_equation(case: tuple[FormulaEquation, str]) -> None:
    eq, text = case
    reference, answer = parse_equation(eq.latex), parse_equation(text)
    assert not equations_equivalent(reference, answer)
    assert not equations_equivalent(answer, reference)


def _mangled(draw: st.DrawFn, text: str) -> str:
    """``text`` cut, spliced with hostile pieces, or with characters dropped or doubled."""
    how = draw(st.sampled_from(["cut", "splice", "drop", "double", "hostile"]))
    i = draw(st.integers(0, len(text)))
    j = draw(st.integers(i, len(text)))
    if how == "cut":
        return text[i:j]
    if how == "splice":
        return text[:i] + text[j:] + text[i:j]
    if how == "drop":
        return text[:i] + text[j:]
    if how == "double":
        return text[:j] + text[i:j] + text[j:]
    return text[:i] + draw(reward_inputs().map(lambda s: s[:200])) + text[j:]


@settings(PROPERTY, max_examples=300)
@given(st.data())
def test_parsing_raises_only_parse_error(data: st.DataObject) -> None:
    f = data.draw(expressions(max_depth=4, max_leaves=12), label="formula")
    source = data.draw(
        st.one_of(expression_renderings(f), wrong_expressions(f)), label="text"
    )  # fmt: skip
    text = data.draw(st.composite(_mangled)(source), label="mangled")
    try:
        expression = parse_expression(text)
    except ParseError:
        return
    assert isinstance(equivalent(expression, parse_expression(f.latex)), bool)
