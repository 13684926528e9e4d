"""The symbolic engine's properties, checked with the library's own expression strategies.

- every rendering of a random formula is ``equivalent`` to it (and to every
  other rendering), at the default tolerance and exactly;
- every wrong form is not, and ``equivalent`` is symmetric on both;
- every rearrangement of a labelled equation is the same equation, every wrong one is not;
- the parser raises nothing but ``ParseError`` on renderings cut, spliced or
  corrupted anywhere;
- ``unitreward.check`` pays 1.0 for a rendering in a completion, 0.0 for a wrong
  form, and never raises on a symbolic reference.

Counterexamples these find are kept, shrunk, as rows in ``test_expression.py`` (the
engine's) and in ``CHECK_CASES`` below (check()'s), with cases of their class.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unitreward import Verdict, check
from unitreward.engine.errors import ParseError
from unitreward.engine.expression import (
    equations_equivalent,
    equivalent,
    parse_equation,
    parse_expression,
)
from unitreward.engine.verdict import REASONS
from unitreward.strategies import (
    Formula,
    FormulaEquation,
    completions,
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


@PROPERTY
@given(equations().flatmap(lambda eq: equation_renderings(eq).map(lambda t: (eq, t))))
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


# -- check(): symbolic references end to end ---------------------------------------

# Final-answer forms (with a think block of working before them); CHECK_CASES below has
# the classes of each.
_FORMS = (
    r"\boxed{{{a}}}",
    r"$\boxed{{{a}}}$",
    "<answer>{a}</answer>",
    "<answer>\n{a}\n</answer>",
    "The answer is {a}.",
    "Final answer: {a}",
    "the final answer is {a}",
    "**Answer:** {a}",
    "The answer is {a}. This is the final result.",
)
_EQUATION_FORMS = (*_FORMS, "Therefore, {a} (final)")
_WORKING = "<think>\nThe ball starts at rest; g = 9.8 m/s^2 and 3 s pass.\n</think>\n\n"


@settings(PROPERTY, max_examples=100)
@given(st.data())
def test_check_pays_one_for_a_rendering(data: st.DataObject) -> None:
    f = data.draw(expressions(), label="formula")
    answer = data.draw(expression_renderings(f, wrapped=False))
    form = data.draw(st.sampled_from(_FORMS), label="form")
    verdict = check(_WORKING + form.format(a=answer), f.latex)
    assert verdict.reward == 1.0, verdict


@settings(PROPERTY, max_examples=100)
@given(st.data())
def test_check_pays_nothing_for_a_wrong_form(data: st.DataObject) -> None:
    f = data.draw(expressions(), label="formula")
    answer = data.draw(wrong_expressions(f), label="answer")
    completion = data.draw(completions(answer, think=data.draw(st.booleans())), label="text")
    verdict = check(completion, f.latex)
    assert verdict.reward == 0.0, verdict


@settings(PROPERTY, max_examples=60)
@given(st.data())
def test_check_pays_nothing_for_a_wrong_equation(data: st.DataObject) -> None:
    eq = data.draw(equations(), label="equation")
    answer = data.draw(wrong_equations(eq, wrapped=False))
    form = data.draw(st.sampled_from(_EQUATION_FORMS), label="form")
    verdict = check(_WORKING + form.format(a=answer), eq.latex)
    assert verdict.reward == 0.0, verdict


@settings(PROPERTY, max_examples=60)
@given(st.data())
def test_check_pays_one_for_a_rearranged_equation(data: st.DataObject) -> None:
    eq = data.draw(equations(), label="equation")
    answer = data.draw(equation_renderings(eq, wrapped=False))
    form = data.draw(st.sampled_from(_EQUATION_FORMS), label="form")
    verdict = check(_WORKING + form.format(a=answer), eq.latex)
    assert verdict.reward == 1.0, verdict


@PROPERTY
@given(expressions(), reward_inputs())
def test_check_never_raises_on_symbolic_references(f: Formula, text: str) -> None:
    for verdict in (check(text, f.latex), check(f.latex, text), check(text, [f.latex, text])):
        assert isinstance(verdict, Verdict)
        assert 0.0 <= verdict.reward <= 1.0
        assert verdict.reason in REASONS


# check() on symbolic references, by class. The first row of each class was found by the
# properties above; the others are ours.
CHECK_CASES = [
    # markdown emphasis around a marked answer is no part of it
    ("**Answer:** x", "x", 1.0, "the bold marker's closing ** stays in the answer"),
    ("**Answer:** x**", "x", 1.0, "bold closed after the formula"),
    ("**Answer: x**", "x", 1.0, "the whole line bold"),
    # a marked answer without math delimiters is read to the end of its first sentence
    ("The answer is x. This is the final result.", "x", 1.0, "a sentence after the formula"),
    ("The answer is x_0. This is the final result.", "x_0", 1.0, "the same, read whole"),
    ("The answer is 2x. I am confident.", "2x", 1.0, "a short sentence after"),
    ("The answer is 0.5 x.", r"\frac{x}{2}", 1.0, "a decimal point is no sentence end"),
    ("The answer is x - atan(x).", r"x - \arctan x", 1.0, "a function's name is no prose (found)"),
    ("The answer is sqrt(theta) omega.", r"\sqrt{\theta} \omega", 1.0, "nor are Greek names"),
    ("The answer is n! and more.", "n!", 1.0, "a factorial, words after it"),
    ("The answer is x. This is the final result.", "2x", 0.0, "the first sentence decides"),
    ("The answer is not 2x. It is x.", "2x", 0.0, "a denied formula is not offered"),
    # ... and after a lead-in
    ("Therefore, x = y (final)", "y", 1.0, "a lead-in before 'x = ... (final)'"),
    ("So we get x = y (final)", "y", 1.0, "short lead-in words"),
    ("So I get x = y (final)", "y", 1.0, "I before a verb is a word"),
    ("The answer is I R.", "I R", 1.0, "I alone is a current, not a lead-in word"),
    ("Therefore, the speed is v = a t (final)", "a t", 1.0, "a lead-in with a verb"),
    ("Therefore, x = y + 1 (final)", "y", 0.0, "a lead-in does not make a wrong value right"),
    # a subscript digit is a subscript, written ₀ (which NFKC makes 0) or 0 after a letter
    ("ω₀ t", r"\omega_0 t", 1.0, "NFKC turns ω₀ into ω0, read as ω·0"),
    ("The answer is θ₁ + θ₂.", r"\theta_1 + \theta_2", 1.0, "two subscripted Greek letters"),
    ("ω0 t", r"\omega_0 t", 1.0, "the same typed with a digit"),
    ("2ω t", r"2 \omega t", 1.0, "a digit before the letter is a coefficient"),
    # single letters laid out by LaTeX are variables, not a unit written alone
    (r"\frac{F}{m}", r"\frac{F}{m}", 1.0, "letters that are unit symbols: refused as a bare unit"),
    (r"\frac{m}{s} t", r"\frac{m t}{s}", 1.0, "metres per second as letters"),
    # a left side that is no name makes the answer an equation, compared as one
    (r"\boxed{2 y = x}", "y = x", 0.0, "any left side of a labelled answer passes for the label"),
    (r"\boxed{2 t = \frac{2 v_0 \sin\theta}{g}}", r"t = \frac{2 v_0 \sin\theta}{g}", 0.0, "the same"),
    (r"\boxed{a y = x}", "y = x", 0.0, "a factor on the label"),
    (r"\boxed{x = x}", "y = x", 0.0, "a variable of the value is no label"),
    (r"\boxed{2y = x}", "x", 0.0, "an unlabelled reference: still an equation"),
    (r"\boxed{g t = 2 v_0 \sin\theta}", r"t = \frac{2 v_0 \sin\theta}{g}", 1.0, "the equation, rearranged"),
    (r"\boxed{T = \frac{2 v_0 \sin\theta}{g}}", r"t = \frac{2 v_0 \sin\theta}{g}", 1.0, "another name for it"),
    (r"\boxed{\Delta x = v t}", "v t", 1.0, "a name of two letters"),
    (r"\boxed{KE = \frac12 m v^2}", r"\frac{1}{2} m v^2", 1.0, "a name in capitals"),
    (r"\boxed{I_L(t) = 0.05(1 - e^{-10^7 t})}", r"0.05 - 0.05e^{-10^{7} t}", 1.0, "a function head"),
    (r"\boxed{S(T, L) = T L + \frac{1}{T}}", r"S(T, L) = \frac{T^2 L + 1}{T}", 1.0, "a function head of two arguments"),
    (r"\boxed{2 S(T, L) = T L + \frac{1}{T}}", r"S(T, L) = \frac{T^2 L + 1}{T}", 0.0, "twice the function"),
    (r"\boxed{x = \frac{a}{b} = \frac{2a}{2b}}", r"\frac{a}{b}", 1.0, "a chain after a label"),
    (r"\boxed{\frac{2a}{2b} = \frac{a}{b}}", r"\frac{a}{b}", 1.0, "a chain of working, equal links"),
    (r"\boxed{\omega x = v_0 \sin(\omega t)}", r"x = \frac{v_0 \sin(\omega t)}{\omega}", 1.0, "a denominator cleared"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "reference", "reward", "why"), CHECK_CASES, ids=[r[3] for r in CHECK_CASES]
)
def test_check_cases(text: str, reference: str, reward: float, why: str) -> None:
    assert check(text, reference).reward == reward, why
