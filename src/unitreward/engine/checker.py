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
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import ConfigError, UnitrewardError
from unitreward.engine.extract import (
    answer_tags,
    boxed_spans,
    final_candidates,
    phrase_region,
    unit_after_box,
)
from unitreward.engine.quantity import Quantity, float_slack, is_close, parse_quantity
from unitreward.engine.text import MAX_ANSWER_CHARS, answer_section, completion_text, normalize
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    MISSING_UNIT,
    NO_ANSWER,
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
            unit; ignored for references of another dimension). It adds to the
            relative part, as ``numpy.isclose`` and PrairieLearn do: the answer
            may differ by ``abs_tol + rel_tol * |reference|``.
        sig_figs: Use half a unit in the reference's last written digit as
            the relative part of the tolerance (``2.67`` accepts ``2.665..2.675``;
            ``100`` accepts ``99.5..100.5``), as unit-aware course graders do.
            Exact references (``\\frac53``) keep ``rel_tol``.
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
    def check(self, completion: Any, solutions: str | Sequence[str]) -> Verdict:
        """Score one completion against one or more acceptable references.

        Never raises for any string or chat-message input: a bad answer is a
        verdict, and a bad reference is ``unparseable_reference``.

        >>> Checker().check([{"role": "assistant", "content": "**Answer:** 4.0 g"}], "4.0 kg").reason
        'wrong_value'
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
            return self._check(completion, refs)
        except RecursionError:
            return Verdict(0.0, UNPARSEABLE_ANSWER, None, expected, "answer too deeply nested")

    __call__ = check

    def extract(self, completion: Any) -> str | None:
        """The final answer text the engine would compare (``None`` if there is none).

        >>> Checker().extract("<think>...</think> so $x = \\\\boxed{3\\\\text{ m}}$")
        '3\\\\text{ m}'
        """
        section = _section(completion, self.prefilled)
        if section is None:
            return None
        found = _locate(section)
        if found.kind == "unmarked":
            return found.cands[-1].text if found.cands else None
        return found.regions[-1].strip()

    # ------------------------------------------------------------------ engine
    def _check(self, completion: Any, refs: list[Quantity]) -> Verdict:
        expected = refs[0].text
        section = _section(completion, self.prefilled)
        if section is None:
            return Verdict(0.0, NO_ANSWER, None, expected, "no answer after the think block")
        found = _locate(section)
        if found.kind in ("boxed", "answer tag"):
            return self._judge_regions(found.regions, found.kind, refs, section, found.spans)
        strict = found.kind == "marked"
        return self._judge(list(found.cands), found.refused, found.kind, refs, strict=strict)

    def _judge_regions(
        self,
        regions: list[str],
        kind: str,
        refs: list[Quantity],
        section: str = "",
        spans: list[tuple[str, int]] | None = None,
    ) -> Verdict:
        cands: list[Quantity] = []
        refused = 0
        for i, region in enumerate(regions):
            c, r = _region_candidates(region)
            if spans is not None and c and c[-1].unit is None and not r:
                # a bare number in the box may have its unit written after it: $\boxed{2}$ m
                unit = unit_after_box(section, spans[i][1])
                if unit:
                    c, r = _region_candidates(f"{region} {unit}")
            cands.extend(c)
            refused += r
        if not cands and not refused:
            return Verdict(
                0.0,
                UNPARSEABLE_ANSWER,
                regions[-1].strip()[:200],
                refs[0].text,
                f"the {kind} answer holds no quantity",
            )
        return self._judge(cands, refused, kind, refs, strict=True)

    def _judge(
        self,
        cands: list[Quantity],
        refused: int,
        kind: str,
        refs: list[Quantity],
        *,
        strict: bool,
    ) -> Verdict:
        expected = refs[0].text
        if not cands:
            if refused:
                return Verdict(
                    0.0,
                    UNPARSEABLE_ANSWER,
                    None,
                    expected,
                    "the answer is not a number we evaluate safely",
                )
            return Verdict(0.0, NO_ANSWER, None, expected, "no final answer found")
        ref_dims = {r.dims for r in refs}
        matching = [c for c in cands if c.dims in ref_dims and not self._unit_missing(c, refs)]
        if not matching:
            last = cands[-1]
            if self._unit_missing(last, refs):
                if last.unknown_unit is not None:
                    return Verdict(
                        0.0,
                        UNPARSEABLE_ANSWER,
                        f"{last.text} {last.unknown_unit}",
                        expected,
                        f"unknown unit {last.unknown_unit!r} after {last.text!r}",
                    )
                return self._missing_unit(last, refs)
            return Verdict(
                0.0,
                WRONG_DIMENSION,
                last.text,
                expected,
                f"{last.text!r} is {last.dimensionality}, expected {refs[0].dimensionality}",
            )
        # anti-hedging: the final values must agree with one another
        last = matching[-1]
        ref = next(r for r in refs if r.dims == last.dims)
        for other in matching[:-1]:
            if not self._agree(other, last, ref):
                return Verdict(
                    0.0,
                    AMBIGUOUS,
                    last.text,
                    expected,
                    f"{kind} values disagree: {other.text!r} vs {last.text!r}",
                )
        if refused and strict:
            return Verdict(
                0.0, AMBIGUOUS, last.text, expected, "the answer also holds an unsafe expression"
            )
        if len(matching) > 1:
            # agreeing values: judge the most precisely written one ("10 m/s (22 mph)"
            # restates 10 m/s rounded); on a tie, the last
            last = min(reversed(matching), key=_relative_resolution)
        return self._compare(last, refs)

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
        offset = ref.unit.offset if ref.unit is not None else 0.0  # temperatures: from 0 K
        scale = max(abs(va + offset), abs(vb + offset))
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
            slack = max(slack, min(rounding, _RESTATEMENT_CAP * scale))
        return abs(va - vb) <= max(tol + self._abs(ref), slack)

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


#: Most a value restated in another unit may differ from the other by rounding.
_RESTATEMENT_CAP = 0.05


def _fmt(value: float) -> str:
    return f"{value:.6g}"


@lru_cache(maxsize=16384)
def _short_region_candidates(region: str) -> tuple[tuple[Quantity, ...], int]:
    cands, refused = final_candidates(normalize(region))
    return tuple(cands), refused


def _region_candidates(region: str) -> tuple[Sequence[Quantity], int]:
    """Candidates of a boxed or tagged answer; short ones (``120\\text{ m}``) are
    cached, since the completions of one GRPO group often box the same answer."""
    if len(region) <= 256:
        return _short_region_candidates(region)
    return final_candidates(normalize(region))


@dataclass(frozen=True)
class _Located:
    """Where the final answer is, by the policy's precedence."""

    kind: str  # "boxed", "answer tag", "marked" (a phrase) or "unmarked"
    regions: list[str]
    spans: list[tuple[str, int]] | None = None
    cands: Sequence[Quantity] = ()
    refused: int = 0


def _locate(section: str) -> _Located:
    """Last boxes > answer tags > a final-answer phrase > the whole section."""
    spans = boxed_spans(section)
    if spans:
        return _Located("boxed", [c for c, _ in spans], spans)
    tags = answer_tags(section)
    if tags:
        return _Located("answer tag", tags)
    text = normalize(section)
    region = phrase_region(text)
    if region is not None:
        cands, refused = final_candidates(region)
        if cands or refused:
            return _Located("marked", [region], None, cands, refused)
    cands, refused = final_candidates(text)
    return _Located("unmarked", [text], None, cands, refused)


def _section(completion: Any, prefilled: bool = False) -> str | None:
    text = completion_text(completion)
    section = answer_section(text, prefilled=prefilled)
    if section is not None and len(section) > MAX_ANSWER_CHARS:
        section = section[-MAX_ANSWER_CHARS:]
    return section


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


def check(completion: Any, solutions: str | Sequence[str], **options: Any) -> Verdict:
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
    return checker.check(completion, solutions)
