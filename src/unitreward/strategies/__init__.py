"""Hypothesis strategies for property-testing reward parsers: yours and ours.

A reward for answers with units has two jobs: pay 1.0 for every correct way of
writing the answer, and 0.0 for every wrong one. These strategies generate both
sides, so a property test can look for the counterexample a hand-written table
forgets:

- :func:`quantities`: pint quantities of the dimensions physics problems use.
- :func:`renderings`: strings any correct verifier must accept as equal to a
  quantity (other units, prefixes, imperial and compound units; plain,
  scientific, LaTeX and unicode notation; unit names; ``\\boxed{}``).
- :func:`wrong_answers`: strings any correct verifier must reject (value off
  beyond tolerance, flipped sign, wrong prefix, wrong dimension, missing unit,
  hedged pairs).
- :func:`completions`: realistic completions (think block, then a final answer
  in one of the forms unitreward's policy recognises) around an answer string.
- :func:`reward_inputs`: adversarial text for "never raises, always in range".
- :func:`attacks`: completions that game a reward (hedges, ranges, restated
  givens, wrong prefixes, look-alike characters, notes to the grader ...),
  each in a named class of :data:`ATTACKS` and each wrong by construction;
  :func:`controls`, the right answers to set them against.

For symbolic answers (``\\frac{v_0^2}{2\\mu g}``):

- :func:`expressions`: random physics-like formulas (:class:`Formula`).
- :func:`expression_renderings`: strings equal to a formula (LaTeX, plain and
  unicode text; reordered, distributed, factored; ``\\sqrt{x}``, ``x^{1/2}``,
  ``\\exp``, ``v_{0}``, ``v0``, ``θ``, ``\\boxed{}`` ...).
- :func:`wrong_expressions`: strings that are not (doubled, halved, a sign
  flipped, variables swapped, a power changed, a factor dropped, a function
  swapped ...), each checked to really differ.
- :func:`equations`, :func:`equation_renderings`, :func:`wrong_equations`: the
  same for labelled equations (``t = \\frac{2 v_0 \\sin\\theta}{g}``), rearranged
  (sides swapped, ``lhs - rhs = 0``, both sides scaled, a denominator cleared).

Every strategy checks its arguments when it is built (raising
:class:`hypothesis.errors.InvalidArgument`), draws only from hypothesis (so it
is deterministic under hypothesis' seed), and shrinks toward a short, readable
example; each docstring says which.

The package's modules, by what they draw: :mod:`~unitreward.strategies.quantity`
(quantities and renderings), :mod:`~unitreward.strategies.wrong` (wrong
answers), :mod:`~unitreward.strategies.completion` (completions, hostile
text), :mod:`~unitreward.strategies.attack` (attacks and controls),
:mod:`~unitreward.strategies.expression` (formulas, their renderings and wrong
forms), :mod:`~unitreward.strategies.equation` (labelled equations). Every
public name is importable from ``unitreward.strategies``.

This package needs the ``hypothesis`` extra (``pip install 'unitreward[hypothesis]'``).

>>> from hypothesis import given
>>> import unitreward
>>> from unitreward.strategies import completions, quantities, renderings
>>> @given(quantities(dimensions="energy").flatmap(
...     lambda q: renderings(q).map(lambda text: (q, text))))
... def test_any_rendering_scores_one(case):
...     q, text = case
...     assert unitreward.check(text, f"{q:~P}").reward == 1.0
>>> test_any_rendering_scores_one()
"""

from __future__ import annotations

try:
    import hypothesis.strategies  # noqa: F401  (fail here, with the install hint)
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "unitreward.strategies needs hypothesis; install it with "
        "pip install 'unitreward[hypothesis]'"
    ) from exc

from unitreward.strategies._units import DIMENSIONS
from unitreward.strategies.attack import (
    ATTACKS,
    CONTROLS,
    Probe,
    applicable_attacks,
    attacks,
    controls,
)
from unitreward.strategies.completion import completions, reward_inputs
from unitreward.strategies.equation import (
    ARRANGEMENTS,
    FormulaEquation,
    equation_renderings,
    equations,
    wrong_equations,
)
from unitreward.strategies.expression import (
    FUNCTIONS,
    NOTATIONS,
    OPERATIONS,
    VARIABLE_KINDS,
    WRONG_EXPRESSIONS,
    Formula,
    expression_renderings,
    expressions,
    wrong_expressions,
)
from unitreward.strategies.quantity import quantities, renderings
from unitreward.strategies.wrong import wrong_answers

__all__ = [
    "ARRANGEMENTS",
    "ATTACKS",
    "CONTROLS",
    "DIMENSIONS",
    "FUNCTIONS",
    "NOTATIONS",
    "OPERATIONS",
    "VARIABLE_KINDS",
    "WRONG_EXPRESSIONS",
    "Formula",
    "FormulaEquation",
    "Probe",
    "applicable_attacks",
    "attacks",
    "completions",
    "controls",
    "equation_renderings",
    "equations",
    "expression_renderings",
    "expressions",
    "quantities",
    "renderings",
    "reward_inputs",
    "wrong_answers",
    "wrong_equations",
    "wrong_expressions",
]
