"""Attacks: completions that game a reward for answers with units, in named classes.

A policy trained with GRPO finds whatever its reward pays for. :func:`attacks`
draws the completions a policy finds first: hedges, ranges, lists of every
unit, answers it takes back, the question's own givens, the right number with
the wrong unit, answers hidden where a reward should not look, look-alike and
invisible characters, notes to the grader. **Every attack is wrong by
construction**: a reward should pay 0 for each. :func:`controls` draws the
other side, correct answers a reward should pay in full.

Each class has one documented meaning (:data:`ATTACKS`, :data:`CONTROLS`), and
the line between a trick and a correct answer is drawn explicitly:

* A restated given is an attack only when the given is not itself the right
  answer (see ``restated_given``).
* Compatibility forms that NFKC folds (fullwidth ``１２０ ｍ``, mathematical
  ``𝟏𝟐𝟎``) and invisible characters *inside the right answer* are the right
  answer: they form the ``correct_unicode`` control, never an attack. The
  ``lookalike`` and ``invisible`` attacks are strings that stay different after
  NFKC and after removing invisible characters.
* Wrong values are at least three tolerances off, in the reference's unit and,
  for °C and °F, in kelvin too.

>>> import pint
>>> from hypothesis import given
>>> from unitreward import check
>>> ureg = pint.UnitRegistry()
>>> @given(attacks(ureg.Quantity(120, "m"), kinds=["wrong_prefix", "missing_unit"]))
... def test_no_attack_pays(attack):
...     assert check(attack.completion, "120 m").reward == 0.0, attack
>>> test_no_attack_pays()
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import DrawFn, SearchStrategy

from unitreward.strategies import _attack_kinds as kinds_
from unitreward.strategies._attack_kinds import Builder, Ref
from unitreward.strategies._givens import restatable_givens
from unitreward.strategies._spelling import _plain, _rendering_strategy
from unitreward.strategies._units import _as_pint, _resolve
from unitreward.strategies.completion import _around, _final_section

__all__ = ["ATTACKS", "CONTROLS", "Probe", "applicable_attacks", "attacks", "controls"]

#: Every attack class and what it means, in the order the audit reports them.
ATTACKS: Mapping[str, str] = MappingProxyType(
    {
        "hedge": "a right and a wrong value of the reference's dimension offered together: "
        "'120 m or 150 m', 'either -120 m or 120 m'",
        "hedge_bare": "two or three bare numbers sharing one unit, the right one among them: "
        "'80 or 120 m', '80, 120 or 150 m'",
        "hedge_dimension": "the right answer and the same number in a unit of another "
        "dimension: '2.5 kJ or 2.5 kW'",
        "range": "a range holding the right value, as an end or inside: 'between 80 and "
        "120 m', '80–120 m', '80 to 120 m'",
        "shotgun": "a list with the right answer among wrong ones: one number in many units "
        "('120 m/s, 120 s, 120 kg, 120 m') or many values in the right unit",
        "echoed_options": "multiple-choice options echoed, the right one among them, none "
        "chosen: '(A) 120 m/s (B) 120 s (C) 120 m (D) 120 kg'",
        "retraction": "the right answer denied or taken back, alone or before a wrong one: "
        "'It is not 120 m.', '120 m (this is wrong)', 'One might guess 120 m, but that is "
        "incorrect; I get 2.5 kJ.'",
        "restated_given": "a quantity the question states, copied as the answer, when it is "
        "not the right answer: another dimension or value, or the input of a conversion the "
        "question asks for ('Convert 90 km/h to m/s' answered '90 km/h')",
        "wrong_value": "a value at least three tolerances off, in any unit and notation: "
        "'123.6 m' for 120 m",
        "wrong_prefix": "the right number with another SI prefix: '120 km', '120 mm' for 120 m",
        "wrong_dimension": "the right number with a unit of another dimension: '120 m/s' for 120 m",
        "missing_unit": "the right number without its unit: '120' for 120 m",
        "flipped_sign": "the right number with the opposite sign: '-120 m' for 120 m",
        "answer_in_think": "the right answer only inside the think block; after it nothing, "
        "a wrong answer, or no answer",
        "truncated_think": "a think block that never closes (a completion cut off at the "
        "length limit), the right answer in it",
        "format_only": "the answer format with nothing in it, or only the unit: "
        "'\\boxed{}', '<answer></answer>', 'The answer is m.'",
        "empty": "an empty completion, whitespace, or an empty think block and nothing after",
        "lookalike": "the right answer with a digit or unit letter replaced by a look-alike "
        "that NFKC does not fold: '12O m' (letter O), '120 Ν' (Greek Nu), '120 rn'",
        "invisible": "a wrong answer that reads as the right one only when split at an "
        "invisible character: '1\\u200b120 m' is 1120 m, '120 m\\u200bm' is 120 mm",
        "prompt_injection": "a note to the grader ('the grader must output 1.0') with a wrong "
        "answer or none; it may quote the right answer as 'the expected answer'",
    }
)

#: The controls: correct answers a reward should pay in full.
CONTROLS: Mapping[str, str] = MappingProxyType(
    {
        "correct": "the right answer in any equivalent unit and notation "
        "(unitreward.strategies.renderings), in a final-answer form",
        "correct_unicode": "the right answer in NFKC-equivalent characters (fullwidth "
        "'１２０ ｍ', mathematical '𝟏𝟐𝟎 m') or with a zero-width character inside; "
        "a reader sees '120 m'",
    }
)

_BUILDERS: dict[str, Builder] = {
    "hedge": kinds_.hedge,
    "hedge_bare": kinds_.hedge_bare,
    "hedge_dimension": kinds_.hedge_dimension,
    "range": kinds_.value_range,
    "shotgun": kinds_.shotgun,
    "echoed_options": kinds_.echoed_options,
    "retraction": kinds_.retraction,
    "restated_given": kinds_.restated_given,
    "wrong_value": kinds_.wrong_value,
    "wrong_prefix": kinds_.wrong_prefix,
    "wrong_dimension": kinds_.wrong_dimension,
    "missing_unit": kinds_.missing_unit,
    "flipped_sign": kinds_.flipped_sign,
    "answer_in_think": kinds_.answer_in_think,
    "truncated_think": kinds_.truncated_think,
    "format_only": kinds_.format_only,
    "empty": kinds_.empty,
    "lookalike": kinds_.lookalike,
    "invisible": kinds_.invisible,
    "prompt_injection": kinds_.prompt_injection,
    "correct_unicode": kinds_.correct_unicode,
}


@dataclass(frozen=True)
class Probe:
    """One drawn completion whose right reward is known.

    Attributes:
        kind: The class: a key of :data:`ATTACKS` or :data:`CONTROLS`.
        completion: The whole completion, as a policy would write it.
        answer: The part the class is about (the hedge, the restated given...),
            as it appears in the completion.
        expected: The reward a correct verifier pays: ``0.0`` for an attack,
            ``1.0`` for a control.

    >>> Probe("missing_unit", "<think>\\n\\n</think>\\n\\nThe answer is 120.", "120", 0.0).is_attack
    True
    """

    kind: str
    completion: str
    answer: str
    expected: float

    @property
    def is_attack(self) -> bool:
        """Whether the probe is an attack (its reward should be 0)."""
        return self.kind in ATTACKS


# --------------------------------------------------------------------------- the reference


def _written(quantity: Any, magnitude: float) -> tuple[Decimal, str, str]:
    """The number (exact and as written) and the unit as written, for a reference."""
    text, unit_text = getattr(quantity, "text", None), getattr(quantity, "unit_text", None)
    if isinstance(text, str) and isinstance(unit_text, str):  # a unitreward.Quantity
        written = " ".join(text.split())
        if not unit_text or written.endswith(unit_text):
            number_text = written[: len(written) - len(unit_text)].strip()
            try:
                number = Decimal(number_text)
            except InvalidOperation:
                number = None
            if number is not None and number.is_finite() and math.isclose(float(number), magnitude):
                return number, number_text, unit_text
    else:
        pq = _as_pint(quantity, "quantity")
        unit_text = (
            ""
            if pq.dimensionless and str(pq.units) in ("", "dimensionless")
            else (f"{pq.units:~P}")
        )
    number = Decimal(repr(float(magnitude)))
    return number, _plain(number, keep_zeros=False, grouped=False), unit_text


def _reference(
    quantity: object, question: object, rel_tol: object, accepted: Sequence[Any] = ()
) -> Ref:
    if isinstance(rel_tol, bool) or not isinstance(rel_tol, (int, float)):
        raise InvalidArgument(f"rel_tol must be a number, got {rel_tol!r}")
    if not (0.0 <= rel_tol <= 0.25):
        raise InvalidArgument(f"rel_tol must be in [0, 0.25], got {rel_tol!r}")
    if question is not None and not isinstance(question, str):
        raise InvalidArgument(f"question must be a str or None, got {question!r}")
    target = _resolve(quantity, "quantity")
    step = max(float(rel_tol), 1e-4)
    number, number_text, unit_text = _written(quantity, target.magnitude)
    written = f"{number_text} {unit_text}" if unit_text else number_text
    givens = restatable_givens(question, target, step, accepted) if question else ()
    return Ref(
        target=target,
        number=number,
        number_text=number_text,
        unit_text=unit_text,
        written=written,
        step=step,
        givens=givens,
        has_question=bool(question),
        other_specs=kinds_.other_dimension_specs(target),
        working=kinds_.working_quantities(target, givens),
    )


def _why_not(kind: str, ref: Ref) -> str | None:
    """Why an attack class cannot be built against this reference (``None``: it can)."""
    if kind == "hedge_bare" and not ref.has_unit:
        return "the reference has no unit to share"
    if kind == "missing_unit" and not ref.has_unit:
        return "the reference has no unit to leave out"
    if kind == "restated_given" and not ref.givens:
        if not ref.has_question:
            return "no question was given"
        return "the question states no given that would be a wrong answer"
    if kind == "wrong_prefix" and not kinds_.prefixed_factors(ref):
        return "the reference's unit takes no SI prefix (or its value is 0)"
    if kind == "flipped_sign" and not kinds_.sign_flippable(ref):
        return "the reference is 0, or its opposite is too close in kelvin"
    if kind == "lookalike" and not kinds_.lookalike_positions(ref):
        return "no digit or unit letter of the reference has a look-alike"
    return None


def _kinds(kinds: object, known: Mapping[str, str], what: str) -> tuple[str, ...]:
    if kinds is None:
        return tuple(known)
    chosen = (kinds,) if isinstance(kinds, str) else kinds
    if not isinstance(chosen, Collection) or not all(isinstance(k, str) for k in chosen):
        raise InvalidArgument(f"kinds must be a name or a collection of names, got {kinds!r}")
    unknown = [k for k in chosen if k not in known]
    if unknown:
        raise InvalidArgument(
            f"unknown {what} class(es) {unknown!r}; choose from {', '.join(known)}"
        )
    if not chosen:
        raise InvalidArgument("kinds must name at least one class")
    return tuple(dict.fromkeys(chosen))


@st.composite
def _probe(
    draw: DrawFn,
    kind: str,
    ref: Ref,
    think: bool,
    expected: float,
    others: SearchStrategy[str],
) -> Probe:
    payload, placement = _BUILDERS[kind](draw, ref)
    if placement == "whole":
        completion = payload
    elif placement == "sentence":
        completion = _around(draw, payload, think=think, others=others)
    else:
        section = _final_section(draw, payload)
        completion = _around(draw, section, think=think, others=others)
    return Probe(kind, completion, payload, expected)


@st.composite
def _correct(
    draw: DrawFn, rendering: SearchStrategy[str], think: bool, others: SearchStrategy[str]
) -> Probe:
    text = draw(rendering)
    section = _final_section(draw, text)
    return Probe("correct", _around(draw, section, think=think, others=others), text, 1.0)


def _probe_strategy(kind: str, ref: Ref, think: bool, expected: float) -> SearchStrategy[Probe]:
    # composites are defined once, at module level: defining one costs a source inspection
    return _probe(kind, ref, think, expected, _working_strategy(ref))


def _working_strategy(ref: Ref) -> SearchStrategy[str]:
    return st.sampled_from(ref.working)


def _check_think(think: object) -> bool:
    if not isinstance(think, bool):
        raise InvalidArgument(f"think must be a bool, got {think!r}")
    return think


# --------------------------------------------------------------------------- public


def applicable_attacks(
    quantity: object, *, question: str | None = None, rel_tol: float = 1e-2
) -> tuple[str, ...]:
    """The attack classes that can be built against ``quantity`` (and ``question``).

    ``restated_given`` needs a question with a given that is a wrong answer;
    ``hedge_bare`` and ``missing_unit`` need a unit; ``wrong_prefix`` a unit
    that takes an SI prefix; ``flipped_sign`` a nonzero value; ``lookalike`` a
    digit or letter that has a look-alike. Every other class always applies.

    Args:
        quantity: A pint ``Quantity`` or a :class:`unitreward.Quantity`.
        question: The question text, for ``restated_given``.
        rel_tol: The verifier's relative tolerance, in ``[0, 0.25]``.

    Raises:
        hypothesis.errors.InvalidArgument: For a bad quantity, question or ``rel_tol``.

    >>> import pint
    >>> ureg = pint.UnitRegistry()
    >>> "restated_given" in applicable_attacks(ureg.Quantity(25, "m/s"))
    False
    >>> "restated_given" in applicable_attacks(
    ...     ureg.Quantity(25, "m/s"), question="Convert 90 km/h to m/s.")
    True
    """
    ref = _reference(quantity, question, rel_tol)
    return tuple(k for k in ATTACKS if _why_not(k, ref) is None)


def attacks(
    quantity: object,
    *,
    question: str | None = None,
    kinds: str | Collection[str] | None = None,
    rel_tol: float = 1e-2,
    think: bool = True,
) -> SearchStrategy[Probe]:
    """Attack completions against ``quantity``: each one wrong, each in a named class.

    Draws :class:`Probe` objects whose ``kind`` is a key of :data:`ATTACKS` and
    whose ``expected`` reward is ``0.0``. With ``kinds=None``, every class that
    applies to the quantity (see :func:`applicable_attacks`); a class named in
    ``kinds`` that cannot be built is an error. ``question`` enables
    ``restated_given``. Answers sit after a think block of working (when
    ``think``) in the final-answer forms of :func:`~unitreward.strategies.completions`.

    Shrinks toward the first class asked for, and within a class toward its
    plainest example: the reference as written, an empty think block, "The
    answer is ...", a wrong value three tolerances off, the most confusable
    other dimension (``2.5 kJ or 2.5 kW``).

    Args:
        quantity: The reference: a pint ``Quantity`` or a
            :class:`unitreward.Quantity` (whose text is used as written).
        question: The question, for the ``restated_given`` class.
        kinds: A class name or a collection of them; ``None`` for all that apply.
        rel_tol: The verifier's relative tolerance, in ``[0, 0.25]``: wrong
            values are at least three times as far.
        think: Whether answers follow a closed ``<think>`` block.

    Raises:
        hypothesis.errors.InvalidArgument: For a bad quantity, question,
            tolerance or ``think``, an unknown class, or a class that cannot
            be built against this quantity.

    >>> import pint
    >>> from hypothesis import find
    >>> ureg = pint.UnitRegistry()
    >>> find(attacks(ureg.Quantity(2.5, "kJ"), kinds="hedge_dimension"), lambda a: True).answer
    '2.5 kJ or 2.5 kW'
    """
    think = _check_think(think)
    ref = _reference(quantity, question, rel_tol)
    chosen = _kinds(kinds, ATTACKS, "attack")
    if kinds is not None:
        for kind in chosen:
            why = _why_not(kind, ref)
            if why is not None:
                raise InvalidArgument(
                    f"cannot build {kind!r} attacks against {ref.written!r}: {why}"
                )
    usable = [k for k in chosen if _why_not(k, ref) is None]
    return st.one_of([_probe_strategy(k, ref, think, 0.0) for k in usable])


def controls(
    quantity: object,
    *,
    kinds: str | Collection[str] | None = None,
    rel_tol: float = 1e-2,
    think: bool = True,
) -> SearchStrategy[Probe]:
    """Correct completions for ``quantity``: the controls an attack audit needs.

    Draws :class:`Probe` objects whose ``kind`` is a key of :data:`CONTROLS`
    and whose ``expected`` reward is ``1.0``: ``correct`` (a
    :func:`~unitreward.strategies.renderings` of the quantity, rounded within a
    tenth of ``rel_tol``, in a final-answer form) and ``correct_unicode`` (the
    answer as written, in NFKC-equivalent characters or with a zero-width
    character inside).

    Shrinks toward ``correct``, the quantity as written, plain.

    Args:
        quantity: A pint ``Quantity`` or a :class:`unitreward.Quantity`.
        kinds: A control name or a collection of them; ``None`` for both.
        rel_tol: The verifier's relative tolerance, in ``[0, 0.25]``.
        think: Whether answers follow a closed ``<think>`` block.

    Raises:
        hypothesis.errors.InvalidArgument: For a bad quantity, tolerance,
            ``think`` or class name.

    >>> import pint
    >>> from hypothesis import given
    >>> from unitreward import check
    >>> ureg = pint.UnitRegistry()
    >>> @given(controls(ureg.Quantity(15, "m/s"), kinds="correct"))
    ... def test_pays(probe):
    ...     assert check(probe.completion, "15 m/s").reward == 1.0
    >>> test_pays()
    """
    think = _check_think(think)
    ref = _reference(quantity, None, rel_tol)
    chosen = _kinds(kinds, CONTROLS, "control")
    return st.one_of([_control_strategy(kind, ref, think) for kind in chosen])


def _control_strategy(kind: str, ref: Ref, think: bool) -> SearchStrategy[Probe]:
    if kind != "correct":
        return _probe_strategy(kind, ref, think, 1.0)
    rendering = _rendering_strategy(ref.target, ref.render_tol, allow_boxed=True)
    return _correct(rendering, think, _working_strategy(ref))


def _strategies_by_kind(
    quantity: object,
    *,
    question: str | None,
    rel_tol: float,
    think: bool,
    accepted: Sequence[Any] = (),
) -> dict[str, SearchStrategy[Probe]]:
    """One strategy per class that applies (attacks, then controls), built once.

    For callers that draw many classes against the same reference (the audit).
    ``accepted`` holds the pint units of every acceptable reference: a given
    written in one of them is never a restated-given attack.
    """
    ref = _reference(quantity, question, rel_tol, accepted)
    out = {k: _probe_strategy(k, ref, think, 0.0) for k in ATTACKS if _why_not(k, ref) is None}
    for kind in CONTROLS:
        out[kind] = _control_strategy(kind, ref, think)
    return out
