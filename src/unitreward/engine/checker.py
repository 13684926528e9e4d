r"""The answer engine: one completion, its references, one :class:`Verdict`.

>>> check("<think>d = vt</think> The displacement is 0.12 km", "120 m").reward
1.0
>>> check(r"\boxed{80 m} or \boxed{120 m}", ["120 m", "120 meters"]).reason
'ambiguous'
>>> check("It weighs 5 g", "5 kg").reason
'wrong_value'
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from unitreward.engine.errors import ConfigError, UnitrewardError
from unitreward.engine.extract import MAX_BOXED
from unitreward.engine.offers import (
    RESTATEMENT_CAP,
    Located,
    Question,
    Reading,
    Value,
    agree,
    locate,
    parse_question,
)
from unitreward.engine.policy import alternatives, answer_part, ranges
from unitreward.engine.quantity import (
    MAX_QUANTITIES,
    Quantity,
    float_slack,
    is_close,
    parse_quantity,
)
from unitreward.engine.text import answer_section, clean_text, completion_text
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    ECHOED_GIVEN,
    MISSING_UNIT,
    NO_ANSWER,
    RETRACTED,
    UNPARSEABLE_ANSWER,
    UNPARSEABLE_REFERENCE,
    WRONG_DIMENSION,
    WRONG_VALUE,
    Verdict,
)

__all__ = ["Checker", "check"]


def _finite_number(name: str, value: Any, *, low: float = 0.0, high: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} must be a number, got {type(value).__name__}: {value!r}")
    if not math.isfinite(value) or not low <= value <= high:
        bound = f">= {low:g}" if high == math.inf else f"in [{low:g}, {high:g}]"
        raise ConfigError(f"{name} must be a finite number {bound}, got {value!r}")
    return float(value)


@dataclass(frozen=True, kw_only=True)
class Checker:
    """The answer engine with its options fixed; call :meth:`check` per completion.

    Options are keyword-only and validated here, raising :class:`ConfigError`.
    A ``Checker`` is immutable, picklable and safe to share between threads.

    Args:
        rel_tol: Relative tolerance after conversion to the reference's unit.
        abs_tol: Absolute tolerance: a float in the reference's unit, or a
            quantity string such as ``"1 cm"`` (converted to each reference's
            unit; ignored for references of another dimension).
        sig_figs: Use half a unit in the reference's last significant digit as
            the relative part of the tolerance (``2.67`` accepts ``2.665..2.675``),
            as unit-aware course graders do. Exact references (``\\frac53``)
            keep ``rel_tol``.
        unitless_credit: Reward for the right number with no unit when the
            reference has one (``1.0`` reproduces benchmarks that state the
            unit in the question).
        prefilled: The chat template opened ``<think>`` in the prompt, so a
            completion starts inside the think block: one with no ``</think>``
            was truncated while reasoning and has no answer.

    >>> Checker(rel_tol=0.05).check("v = 2.6 m/s", "2.5 m/s").reward
    1.0
    >>> Checker(unitless_credit=0.5).check(r"\\boxed{9.8}", "9.8 m/s^2").reward
    0.5
    """

    rel_tol: float = 1e-2
    abs_tol: float | str = 0.0
    sig_figs: bool = False
    unitless_credit: float = 0.0
    prefilled: bool = False
    _abs_quantity: Quantity | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rel_tol", _finite_number("rel_tol", self.rel_tol))
        if isinstance(self.abs_tol, str):
            try:
                q = parse_quantity(self.abs_tol)
            except UnitrewardError as exc:
                raise ConfigError(f"abs_tol {self.abs_tol!r} is not a quantity: {exc}") from exc
            if q.magnitude < 0:
                raise ConfigError(f"abs_tol must be >= 0, got {self.abs_tol!r}")
            object.__setattr__(self, "_abs_quantity", q)
        else:
            object.__setattr__(self, "abs_tol", _finite_number("abs_tol", self.abs_tol))
        for flag in ("sig_figs", "prefilled"):
            if not isinstance(getattr(self, flag), bool):
                raise ConfigError(f"{flag} must be True or False, got {getattr(self, flag)!r}")
        object.__setattr__(
            self,
            "unitless_credit",
            _finite_number("unitless_credit", self.unitless_credit, high=1.0),
        )

    # ------------------------------------------------------------------ public
    def check(
        self, completion: Any, solutions: str | Sequence[str], *, question: Any = None
    ) -> Verdict:
        """Score one completion against one or more acceptable references.

        Never raises for any string or chat-message input: a bad answer is a
        verdict, and a bad reference is ``unparseable_reference``.

        Args:
            completion: The completion: a string, or chat messages.
            solutions: The acceptable references.
            question: The question (a string, or the prompt's chat messages: the user
                turns are read). When given, a quantity restated from it is working,
                not an answer (section 8.4 of the verdict policy).

        >>> Checker().check([{"role": "assistant", "content": "**Answer:** 4.0 g"}], "4.0 kg").reason
        'wrong_value'
        >>> Checker().check("It is 90 km/h.", "25 m/s", question="Convert 90 km/h to m/s.").reason
        'echoed_given'
        """
        refs, bad_refs = _parse_references(solutions)
        expected = refs[0].text if refs else (bad_refs[0] if bad_refs else "")
        if not refs:
            return Verdict(
                0.0,
                UNPARSEABLE_REFERENCE,
                None,
                expected,
                f"reference {expected!r} is not a quantity",
            )
        try:
            return self._check(completion, refs, parse_question(question))
        except RecursionError:
            return Verdict(0.0, UNPARSEABLE_ANSWER, None, expected, "answer too deeply nested")

    __call__ = check

    def extract(self, completion: Any, *, question: Any = None) -> str | None:
        """The final answer text the engine would compare (``None`` if there is none).

        >>> Checker().extract("<think>...</think> so $x = \\\\boxed{3\\\\text{ m}}$")
        '3\\\\text{ m}'
        >>> Checker().extract("The answer is 120 m, since it moves at 12 m/s for 10 s.")
        '120 m'
        """
        section = _section(completion, self.prefilled)
        if section is None:
            return None
        found = locate(section)
        if found.kind in ("boxed", "answer tag"):
            return found.contents[-1].strip()
        reading = found.reading.against(parse_question(question))
        values = _answer_values(reading) if found.kind == "marked" else reading.offered
        return values[-1].quantity.text if values else None

    # ------------------------------------------------------------------ engine
    def _check(self, completion: Any, refs: list[Quantity], question: Question | None) -> Verdict:
        expected = refs[0].text
        section = _section(completion, self.prefilled)
        if section is None:
            return Verdict(0.0, NO_ANSWER, None, expected, "no answer after the think block")
        found = locate(section)
        if found.kind in ("boxed", "answer tag"):
            return self._judge_regions(found, refs, question)
        reading = found.reading.against(question)
        if reading.truncated:
            return _too_many(reading, expected)
        if found.kind == "marked":
            return self._judge_marked(reading, refs)
        return self._judge_unmarked(reading, refs)

    def _judge_regions(
        self, found: Located, refs: list[Quantity], question: Question | None
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
        return self._settle(values, refs, found.kind, shown, refused=refused, has_range=has_range)

    def _judge_marked(self, reading: Reading, refs: list[Quantity]) -> Verdict:
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
                    other.quantity, anchor.quantity, self.rel_tol
                ):
                    return _hedge(reading, [anchor, other], refs, "the marked answer also offers")
                if _one_number_many_units(anchor.quantity, other.quantity):
                    return _hedge(reading, [anchor, other], refs, "one number in several units")
        else:
            has_range = False
        denied_or_echoed = [v for v in reading.values if not v.offered]
        shown = _span_text(reading, answer) if answer else None
        return self._settle(
            answer + denied_or_echoed,
            refs,
            "marked",
            shown,
            refused=reading.refused,
            has_range=has_range,
        )

    def _settle(
        self,
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
        offered = [v for v in values if v.offered] or self._restored(values, refs)
        if not offered:
            return self._nothing_offered(values, refs, kind, refused)
        if has_range:
            return _hedge_text(shown, expected, f"the {kind} answer is a range")
        options = {v.option for v in offered if v.option is not None}
        if len(options) > 1:
            return _hedge_text(shown, expected, f"the {kind} answer lists {len(options)} options")
        anchor = _most_precise(offered)
        for other in offered:
            if other is not anchor and not agree(other.quantity, anchor.quantity, self.rel_tol):
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
                "the answer also holds an unsafe expression",
            )
        return self._with_denials(self._compare_one(anchor.quantity, refs), values, refs)

    def _judge_unmarked(self, reading: Reading, refs: list[Quantity]) -> Verdict:
        """No marker: the values of the reference's dimension are the candidates."""
        offered = reading.offered
        fits = [self._fits(v.quantity, refs) for v in offered]
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
            matching = self._restored(reading.values, refs)
            offered = offered + matching
        if not matching:
            if not offered:
                return self._nothing_offered(
                    list(reading.values), refs, "unmarked", reading.refused
                )
            return self._with_denials(
                self._compare_one(offered[-1].quantity, refs), list(reading.values), refs
            )
        # anti-hedging: the candidates agree, and nothing is offered as their alternative
        last = matching[-1]
        ref = next(r for r in refs if r.dims == last.quantity.dims)
        for other in matching[:-1]:
            if not self._agree(other.quantity, last.quantity, ref):
                return _hedge(reading, [other, last], refs, "unmarked values disagree")
        if len(offered) > len(matching) or len(offered) > 1:
            hedge = self._offered_beside(reading, offered, matching)
            if hedge is not None:
                return _hedge(reading, hedge[0], refs, hedge[1])
        # agreeing values: judge the most precisely written one ("10 m/s (22 mph)"
        # restates 10 m/s rounded); on a tie, the last
        best = min(reversed(matching), key=lambda v: _relative_resolution(v.quantity))
        return self._with_denials(self._compare(best.quantity, refs), list(reading.values), refs)

    def _offered_beside(
        self, reading: Reading, offered: list[Value], matching: list[Value]
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
                    if other is not v and not agree(other.quantity, v.quantity, self.rel_tol):
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
    def _fits(self, q: Quantity, refs: list[Quantity]) -> bool:
        dims = q.dims
        return any(dims == r.dims for r in refs) and not (
            q.unit is None and all(r.has_unit for r in refs)
        )

    def _restored(self, values: Sequence[Value], refs: list[Quantity]) -> list[Value]:
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
        self, values: Sequence[Value], refs: list[Quantity], kind: str, refused: int
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
                f"the text asks about {shown!r}, it does not say it",
            )
        echoed = [v for v in values if v.echoed]
        if echoed:
            shown = echoed[-1].quantity.text
            return Verdict(
                0.0, ECHOED_GIVEN, shown, expected, f"{shown!r} only restates the question"
            )
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
        self, verdict: Verdict, values: Sequence[Value], refs: list[Quantity]
    ) -> Verdict:
        """A wrong verdict says ``retracted`` when the text denied the right value."""
        if verdict.reward >= 1.0:
            return verdict
        for v in values:
            if v.denied and self._compare_one(v.quantity, refs).reason == CORRECT:
                return Verdict(
                    verdict.reward,
                    RETRACTED,
                    v.quantity.text,
                    verdict.expected,
                    f"the text denies {v.quantity.text!r}, the right value; {verdict.detail}",
                    verdict.dimension_ok,
                )
        return verdict

    def _compare_one(self, answer: Quantity, refs: list[Quantity]) -> Verdict:
        """The verdict for one final value: its dimension, its unit, then its value."""
        expected = refs[0].text
        if self._fits(answer, refs):
            return self._compare(answer, refs)
        if self._unit_missing(answer, refs):
            if answer.unknown_unit is not None:
                return Verdict(
                    0.0,
                    UNPARSEABLE_ANSWER,
                    f"{answer.text} {answer.unknown_unit}",
                    expected,
                    f"unknown unit {answer.unknown_unit!r} after {answer.text!r}",
                )
            return self._missing_unit(answer, refs)
        return Verdict(
            0.0,
            WRONG_DIMENSION,
            answer.text,
            expected,
            f"{answer.text!r} is {answer.dimensionality}, expected {refs[0].dimensionality}",
        )

    def _compare(self, answer: Quantity, refs: list[Quantity]) -> Verdict:
        best: Quantity | None = None
        best_err = math.inf
        for ref in refs:
            if ref.dims != answer.dims:
                continue
            if is_close(
                answer, ref, rel_tol=self.rel_tol, abs_tol=self._abs(ref), sig_figs=self.sig_figs
            ):
                value = answer.value_in(ref)
                return Verdict(
                    1.0,
                    CORRECT,
                    answer.text,
                    ref.text,
                    f"{answer.text!r} = {_fmt(value)} {ref.unit_text}".rstrip()
                    + f", expected {ref.text!r}",
                    dimension_ok=True,
                )
            err = abs(answer.value_in(ref) - ref.magnitude) / max(abs(ref.magnitude), 1e-300)
            if err < best_err:
                best, best_err = ref, err
        ref = best if best is not None else refs[0]
        value = answer.value_in(ref)
        return Verdict(
            0.0,
            WRONG_VALUE,
            answer.text,
            ref.text,
            f"{answer.text!r} = {_fmt(value)} {ref.unit_text}".rstrip()
            + f", expected {ref.text!r}",
            dimension_ok=True,
        )

    def _unit_missing(self, answer: Quantity, refs: list[Quantity]) -> bool:
        return answer.unit is None and all(r.has_unit for r in refs)

    def _missing_unit(self, answer: Quantity, refs: list[Quantity]) -> Verdict:
        for ref in refs:
            # the bare number read in the reference's unit
            as_if = Quantity(answer.magnitude, ref.unit, answer.text)
            if is_close(
                as_if, ref, rel_tol=self.rel_tol, abs_tol=self._abs(ref), sig_figs=self.sig_figs
            ):
                return Verdict(
                    self.unitless_credit,
                    MISSING_UNIT,
                    answer.text,
                    ref.text,
                    f"{answer.text!r} has the right number but no unit, expected {ref.text!r}",
                )
        return Verdict(
            0.0,
            MISSING_UNIT,
            answer.text,
            refs[0].text,
            f"{answer.text!r} has no unit and the wrong number, expected {refs[0].text!r}",
        )

    def _agree(self, a: Quantity, b: Quantity, ref: Quantity) -> bool:
        """Whether two final values agree within tolerance, in the reference's unit."""
        if a.dims != b.dims:
            return False
        va, vb = a.value_in(ref), b.value_in(ref)
        scale = max(abs(va), abs(vb))
        tol = self.rel_tol * scale
        if self.sig_figs and ref.resolution is not None:
            tol = ref.resolution
        factor = ref.unit.factor if ref.unit else 1.0
        slack = float_slack(a, b, ref)
        if (
            a.unit is not None
            and b.unit is not None
            and a.unit.text != b.unit.text
            and a.resolution is not None
            and b.resolution is not None
        ):
            # A restatement in another unit is rounded ("10 m/s (36 km/h, 22 mph)"): allow
            # both written precisions, but never more than 5% ("1 km or 1400 m" disagree).
            rounding = (a.resolution * a.unit.factor + b.resolution * b.unit.factor) / factor
            slack = max(slack, min(rounding, RESTATEMENT_CAP * scale))
        return abs(va - vb) <= max(tol, self._abs(ref), slack)

    def _abs(self, ref: Quantity) -> float:
        q = self._abs_quantity
        if q is None:
            return float(self.abs_tol)  # type: ignore[arg-type]
        if q.dims != ref.dims or ref.unit is None:
            return 0.0 if q.dims != ref.dims else q.si_magnitude
        return abs(q.si_magnitude / ref.unit.factor)


def _relative_resolution(q: Quantity) -> float:
    """Half a unit in the last written digit, relative to the value (0 for exact forms)."""
    if q.resolution is None:
        return 0.0
    factor = q.unit.factor if q.unit is not None else 1.0
    return q.resolution * factor / max(abs(q.si_magnitude), 1e-300)


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _most_precise(values: Sequence[Value]) -> Value:
    """The value to compare: one with a unit if any, the most precisely written, the last on a tie."""
    united = [v for v in values if v.quantity.unit is not None] or list(values)
    return min(reversed(united), key=lambda v: _relative_resolution(v.quantity))


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


def _section(completion: Any, prefilled: bool = False) -> str | None:
    """The answer section, cleaned (NFKC, no invisible characters), or ``None``."""
    text = completion_text(completion)
    section = answer_section(text, prefilled=prefilled)
    return None if section is None else clean_text(section)


def _parse_references(solutions: Any) -> tuple[list[Quantity], list[str]]:
    if isinstance(solutions, str):
        items: list[Any] = [solutions]
    elif isinstance(solutions, (list, tuple)):
        items = list(solutions)
    elif isinstance(solutions, (int, float)) and not isinstance(solutions, bool):
        items = [repr(solutions)]
    else:
        items = [] if solutions is None else [str(solutions)]
    refs: list[Quantity] = []
    bad: list[str] = []
    for item in items[:64]:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = repr(item)
        if not isinstance(item, str):
            bad.append(repr(item))
            continue
        try:
            refs.append(parse_quantity(item))
        except UnitrewardError:
            bad.append(item)
    return refs, bad


_DEFAULT_LOCK = threading.Lock()
_CHECKERS: dict[tuple[Any, ...], Checker] = {}


def check(
    completion: Any, solutions: str | Sequence[str], *, question: Any = None, **options: Any
) -> Verdict:
    """Score one completion (a string or chat messages) against its reference(s).

    Runs the whole pipeline of the verdict policy: the answer section after the
    last ``</think>``; the final answer (last ``\\boxed{}`` > ``<answer>`` >
    a final-answer phrase > the quantities whose dimension fits); anti-hedging;
    unit conversion with pint; comparison within tolerance. Options are those of
    :class:`Checker`.

    Raises:
        ConfigError: An option is invalid (never for any completion or reference).

    >>> v = check(r"<think>...</think> $\\boxed{1.2 \\times 10^{2}\\,\\mathrm{m}}$", "120 m")
    >>> v.reward, v.reason, v.answer
    (1.0, 'correct', '1.2 × 10^{2} m')
    """
    key = tuple(sorted((k, repr(v)) for k, v in options.items()))
    checker = _CHECKERS.get(key)
    if checker is None:
        checker = Checker(**options)
        with _DEFAULT_LOCK:
            if len(_CHECKERS) < 64:
                _CHECKERS[key] = checker
    return checker.check(completion, solutions, question=question)
