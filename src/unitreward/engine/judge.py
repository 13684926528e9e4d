"""The anti-hacking decisions: the one value a located final answer offers, or why none.

:func:`judge` takes where the final answer is (:func:`unitreward.engine.offers.locate`),
the values it holds with their roles, and decides, as the verdict policy (section 8) says:

* every box or answer tag together, and the sentence a phrase marks, must offer exactly
  one value (restatements agree; bare numbers count; a range or a list is a hedge);
* without a marker, the values of the reference's dimension must agree, and nothing may be
  offered as their alternative (a list, a range, one number in several units, options);
* nothing offered: the text denied it (``retracted``), asked it (``ambiguous``) or copied
  it from the question (``echoed_given``), unless that copy is the answer in the
  reference's unit in the completion's own words.

Comparing the one value with the references is :class:`~unitreward.engine.compare.Comparison`'s.

>>> from unitreward.engine.compare import Comparison
>>> from unitreward.engine.offers import locate
>>> from unitreward.engine.quantity import parse_quantity
>>> cmp = Comparison(rel_tol=1e-2)
>>> judge(locate("It is 80 m or 120 m."), [parse_quantity("120 m")], None, cmp).reason
'ambiguous'
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from unitreward.engine.compare import Comparison, relative_resolution
from unitreward.engine.extract import MAX_BOXED
from unitreward.engine.offers import Located, Question, Reading, Value, agree
from unitreward.engine.policy import alternatives, answer_part, ranges
from unitreward.engine.quantity import Quantity
from unitreward.engine.quantity_scan import MAX_QUANTITIES
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    ECHOED_GIVEN,
    NO_ANSWER,
    RETRACTED,
    UNPARSEABLE_ANSWER,
    Verdict,
)

__all__ = ["UNSAFE_DETAIL", "judge"]

#: The detail of a hedge verdict whose other offer is a number refused as unsafe to
#: evaluate (``10^{\frac{\sqrt{13}-5}{6}}`` beside its ``5``): the formula is not read whole.
UNSAFE_DETAIL = "the answer also holds an unsafe expression"


def judge(
    found: Located, refs: list[Quantity], question: Question | None, cmp: Comparison
) -> Verdict:
    """The verdict for a located final answer, with the question (``None``: unknown).

    >>> from unitreward.engine.compare import Comparison
    >>> from unitreward.engine.offers import locate, parse_question
    >>> from unitreward.engine.quantity import parse_quantity
    >>> q = parse_question("Convert 90 km/h to m/s.")
    >>> judge(locate("It is 90 km/h."), [parse_quantity("25 m/s")], q, Comparison()).reason
    'echoed_given'
    """
    if found.kind in ("boxed", "answer tag"):
        return _regions(cmp, found, refs, question)
    reading = found.reading.against(question)
    if reading.truncated:
        return _too_many(reading, refs[0].text)
    if found.kind == "marked":
        return _marked(cmp, reading, refs)
    return _unmarked(cmp, reading, refs)


def _regions(
    cmp: Comparison, found: Located, refs: list[Quantity], question: Question | None
) -> Verdict:
    """Every box (or every answer tag) together is the answer: one value, or a hedge."""
    expected = refs[0].text
    readings = found.readings
    if readings is None:
        return Verdict(
            0.0,
            AMBIGUOUS,
            found.contents[-1].strip()[:200],
            expected,
            f"more than {MAX_BOXED} different {found.kind} answers",
        )
    values: list[Value] = []
    refused = 0
    has_range = False
    for reading in readings:
        reading = reading.against(question)
        if reading.truncated:
            return _too_many(reading, expected)
        values.extend(reading.values)
        refused += reading.refused
        offered = reading.offered
        has_range = has_range or any(ranges(reading.text, [(v.start, v.end) for v in offered]))
    if not values and not refused:
        return Verdict(
            0.0,
            UNPARSEABLE_ANSWER,
            found.contents[-1].strip()[:200],
            expected,
            f"the {found.kind} answer holds no quantity",
        )
    shown = " | ".join(c.strip() for c in dict.fromkeys(found.contents))[:200]
    return _settle(cmp, values, refs, found.kind, shown, refused=refused, has_range=has_range)


def _marked(cmp: Comparison, reading: Reading, refs: list[Quantity]) -> Verdict:
    """The sentence a phrase marks is the answer; the rest of its line is context."""
    offered = reading.offered
    spans = [(v.start, v.end) for v in offered]
    in_answer = answer_part(reading.text, spans)
    answer = [v for v, a in zip(offered, in_answer, strict=True) if a]
    if answer:
        in_range = ranges(reading.text, spans)
        has_range = any(r for r, a in zip(in_range, in_answer, strict=True) if a)
        rest = [
            v
            for v, a, r in zip(offered, in_answer, in_range, strict=True)
            if not a and not r and v.start > answer[0].start
        ]
        anchor = _most_precise(answer)
        groups = alternatives(reading.text, spans) if rest else [0] * len(spans)
        answer_groups = {g for g, a in zip(groups, in_answer, strict=True) if a}
        for other in rest:
            joined = groups[offered.index(other)] in answer_groups  # "120 m; 120 s"
            if (joined or anchor.quantity.dims == other.quantity.dims) and not agree(
                other.quantity, anchor.quantity, cmp.rel_tol
            ):
                return _hedge(reading, [anchor, other], refs, "the marked answer also offers")
            if _one_number_many_units(anchor.quantity, other.quantity):
                return _hedge(reading, [anchor, other], refs, "one number in several units")
    else:
        has_range = False
    denied_or_echoed = [v for v in reading.values if not v.offered]
    shown = _span_text(reading, answer) if answer else None
    return _settle(
        cmp,
        answer + denied_or_echoed,
        refs,
        "marked",
        shown,
        refused=reading.refused,
        has_range=has_range,
    )


def _settle(
    cmp: Comparison,
    values: list[Value],
    refs: list[Quantity],
    kind: str,
    shown: str | None,
    *,
    refused: int = 0,
    has_range: bool = False,
) -> Verdict:
    """Judge a final answer that must offer exactly one value (boxes, tags, a marked sentence)."""
    expected = refs[0].text
    offered = [v for v in values if v.offered] or _restored(values, refs)
    if not offered:
        return _nothing_offered(values, refs, kind, refused)
    if has_range:
        return _hedge_text(shown, expected, f"the {kind} answer is a range")
    options = {v.option for v in offered if v.option is not None}
    if len(options) > 1:
        return _hedge_text(shown, expected, f"the {kind} answer lists {len(options)} options")
    anchor = _most_precise(offered)
    for other in offered:
        if other is not anchor and not agree(other.quantity, anchor.quantity, cmp.rel_tol):
            return _hedge_text(
                shown,
                expected,
                f"{kind} values disagree: {other.quantity.text!r} vs {anchor.quantity.text!r}",
            )
    if refused:
        return Verdict(
            0.0,
            AMBIGUOUS,
            anchor.quantity.text,
            expected,
            UNSAFE_DETAIL,
        )
    return _with_denials(cmp, cmp.verdict(anchor.quantity, refs), values, refs)


def _unmarked(cmp: Comparison, reading: Reading, refs: list[Quantity]) -> Verdict:
    """No marker: the values of the reference's dimension are the candidates."""
    offered = reading.offered
    fits = [cmp.fits(v.quantity, refs) for v in offered]
    matching = [v for v, f in zip(offered, fits, strict=True) if f]
    if len(offered) > 1 or (offered and "±" in reading.text):
        in_range = ranges(reading.text, [(v.start, v.end) for v in offered])
        if any(in_range):
            plain = [v for v, f, r in zip(offered, fits, in_range, strict=True) if f and not r]
            if matching and not plain:
                return _hedge(reading, matching, refs, "the answer is a range")
            # a range that is context ("from 80 m to 120 m it falls ...")
            offered = [v for v, r in zip(offered, in_range, strict=True) if not r]
            matching = plain
    if not matching:
        matching = _restored(reading.values, refs)
        offered = offered + matching
    if not matching:
        if not offered:
            return _nothing_offered(list(reading.values), refs, "unmarked", reading.refused)
        return _with_denials(
            cmp, cmp.verdict(offered[-1].quantity, refs), list(reading.values), refs
        )
    # anti-hedging: the candidates agree, and nothing is offered as their alternative
    last = matching[-1]
    ref = next(r for r in refs if r.dims == last.quantity.dims)
    for other in matching[:-1]:
        if not cmp.agree_in(other.quantity, last.quantity, ref):
            return _hedge(reading, [other, last], refs, "unmarked values disagree")
    if len(offered) > len(matching) or len(offered) > 1:
        hedge = _offered_beside(cmp, reading, offered, matching)
        if hedge is not None:
            return _hedge(reading, hedge[0], refs, hedge[1])
    # agreeing values: judge the most precisely written one ("10 m/s (22 mph)"
    # restates 10 m/s rounded); on a tie, the last
    best = min(reversed(matching), key=lambda v: relative_resolution(v.quantity))
    return _with_denials(cmp, cmp.compare(best.quantity, refs), list(reading.values), refs)


def _offered_beside(
    cmp: Comparison, reading: Reading, offered: list[Value], matching: list[Value]
) -> tuple[list[Value], str] | None:
    """What else the unmarked answer offers that makes it a hedge, if anything:
    an alternative to a candidate, one number in several units, several options."""
    candidates = {id(v) for v in matching}
    groups = alternatives(reading.text, [(v.start, v.end) for v in offered])
    members: dict[int, list[Value]] = {}
    for v, g in zip(offered, groups, strict=True):
        members.setdefault(g, []).append(v)
    for v, g in zip(offered, groups, strict=True):
        if id(v) in candidates and len(members[g]) > 1:
            for other in members[g]:
                if other is not v and not agree(other.quantity, v.quantity, cmp.rel_tol):
                    return members[g], "values offered as alternatives"
    numbers = {m.quantity.magnitude: m for m in matching if m.quantity.unit is not None}
    for v in offered:
        m = numbers.get(v.quantity.magnitude)
        if m is not None and _one_number_many_units(m.quantity, v.quantity):
            return [m, v], "one number in several units"
    options = {v.option for v in offered if v.option is not None}
    if len(options) > 1:
        return offered, f"{len(options)} options of the question"
    return None


# ------------------------------------------------------------ verdict helpers


def _restored(values: Sequence[Value], refs: list[Quantity]) -> list[Value]:
    """Echoes of a given that may still be the answer: written in the reference's unit,
    in the completion's own words, with nothing else of that dimension offered."""
    ref = refs[0]
    return [
        v
        for v in values
        if v.echoed
        and v.restorable
        and not v.denied
        and ((v.quantity.unit is None and ref.unit is None) or _same_unit(v.quantity, ref))
    ]


def _nothing_offered(
    values: Sequence[Value], refs: list[Quantity], kind: str, refused: int
) -> Verdict:
    expected = refs[0].text
    denied = [v for v in values if v.denied]
    if denied:
        shown = denied[-1].quantity.text
        return Verdict(0.0, RETRACTED, shown, expected, f"the answer denies {shown!r}")
    if any(v.uncommitted for v in values):
        shown = next(v for v in values if v.uncommitted).quantity.text
        return Verdict(
            0.0,
            AMBIGUOUS,
            shown,
            expected,
            f"the text only asks about or quotes {shown!r}; it does not answer it",
        )
    echoed = [v for v in values if v.echoed]
    if echoed:
        shown = echoed[-1].quantity.text
        return Verdict(0.0, ECHOED_GIVEN, shown, expected, f"{shown!r} only restates the question")
    if refused:
        return Verdict(
            0.0,
            UNPARSEABLE_ANSWER,
            None,
            expected,
            "the answer is not a number we evaluate safely",
        )
    if kind in ("boxed", "answer tag"):
        return Verdict(
            0.0, UNPARSEABLE_ANSWER, None, expected, f"the {kind} answer holds no quantity"
        )
    return Verdict(0.0, NO_ANSWER, None, expected, "no final answer found")


def _with_denials(
    cmp: Comparison, verdict: Verdict, values: Sequence[Value], refs: list[Quantity]
) -> Verdict:
    """A wrong verdict says ``retracted`` when the text denied the right value."""
    if verdict.reward >= 1.0:
        return verdict
    for v in values:
        if v.denied and cmp.verdict(v.quantity, refs).reason == CORRECT:
            return Verdict(
                verdict.reward,
                RETRACTED,
                v.quantity.text,
                verdict.expected,
                f"the text denies {v.quantity.text!r}, the right value; {verdict.detail}",
                verdict.dimension_ok,
            )
    return verdict


# ----------------------------------------------------------------------------- helpers


def _most_precise(values: Sequence[Value]) -> Value:
    """The value to compare: one with a unit if any, the most precisely written, the last on a tie."""
    if len(values) == 1:  # the common case: nothing to choose between
        return values[0]
    united = [v for v in values if v.quantity.unit is not None] or list(values)
    return min(reversed(united), key=lambda v: relative_resolution(v.quantity))


def _span_text(reading: Reading, values: Sequence[Value]) -> str:
    lo = min(v.start for v in values)
    hi = max(v.end for v in values)
    return reading.text[lo:hi].strip()[:200]


def _hedge(reading: Reading, values: Sequence[Value], refs: list[Quantity], why: str) -> Verdict:
    shown = _span_text(reading, values)
    return Verdict(0.0, AMBIGUOUS, shown, refs[0].text, f"{why}: {shown!r}")


def _hedge_text(shown: str | None, expected: str, why: str) -> Verdict:
    return Verdict(0.0, AMBIGUOUS, shown, expected, why)


def _too_many(reading: Reading, expected: str) -> Verdict:
    return Verdict(
        0.0, AMBIGUOUS, None, expected, f"more than {MAX_QUANTITIES} values: not one final answer"
    )


def _one_number_many_units(a: Quantity, b: Quantity) -> bool:
    """The same number written with units of two dimensions ("120 m/s ... 120 m")."""
    if a.unit is None or b.unit is None or a.unit.is_percent or b.unit.is_percent:
        return False
    return a.dims != b.dims and math.isclose(a.magnitude, b.magnitude, rel_tol=1e-9)


def _same_unit(q: Quantity, ref: Quantity) -> bool:
    if q.unit is None or ref.unit is None:
        return False
    return (
        q.unit.dims == ref.unit.dims
        and q.unit.offset == ref.unit.offset
        and math.isclose(q.unit.factor, ref.unit.factor, rel_tol=1e-9)
    )


def _answer_values(reading: Reading) -> list[Value]:
    """The offered values in the answer part of a marked region."""
    offered = reading.offered
    flags = answer_part(reading.text, [(v.start, v.end) for v in offered])
    return [v for v, a in zip(offered, flags, strict=True) if a]
