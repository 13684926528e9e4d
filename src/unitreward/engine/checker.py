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
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from unitreward.engine.answers import parse_references
from unitreward.engine.compare import Comparison
from unitreward.engine.errors import ConfigError, UnitrewardError
from unitreward.engine.formula_offers import MAX_FORMULA_CHARS
from unitreward.engine.judge import UNSAFE_DETAIL, judge
from unitreward.engine.kinds import (
    Answer,
    EquationAnswer,
    ExpressionAnswer,
    IntervalAnswer,
    MatrixAnswer,
    PartsAnswer,
    QuantityAnswer,
    TextAnswer,
)
from unitreward.engine.multipart import judge_parts
from unitreward.engine.offers import Question, locate, parse_question
from unitreward.engine.policy import answer_part
from unitreward.engine.quantity import Quantity, parse_quantity
from unitreward.engine.symbolic import constant_formulas, judge_symbolic
from unitreward.engine.text import (
    answer_section,
    clean_text,
    closing_brace,
    completion_text,
    normalize,
)
from unitreward.engine.tolerance import TOLERANCE_RULES
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    MISSING_UNIT,
    NO_ANSWER,
    UNPARSEABLE_ANSWER,
    UNPARSEABLE_REFERENCE,
    WRONG_VALUE,
    Verdict,
)
from unitreward.engine.words import judge_text, text_words

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
        tolerance_rule: How ``rel_tol`` (or ``sig_figs``) and ``abs_tol`` combine when both
            are set: ``"sum"`` (the default, above), ``"both"`` (each must hold on its own, as
            lambda-feedback grades) or ``"either"`` (the larger holds, as ``math.isclose``).
            It applies to every kind of answer: quantities, numbers, formulas (at each
            sample point) and the ends of intervals.
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
    >>> Checker(rel_tol=0.1, abs_tol="50 m", tolerance_rule="both").check("1098 m", "1 km").reason
    'wrong_value'
    """

    rel_tol: float = 1e-2
    abs_tol: float | str = 0.0
    sig_figs: bool = False
    unitless_credit: float = 0.0
    prefilled: bool = False
    tolerance_rule: str = "sum"
    _abs_quantity: Quantity | None = field(default=None, init=False, repr=False, compare=False)
    _comparison: Comparison = field(
        default_factory=Comparison, init=False, repr=False, compare=False
    )

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
        if self.tolerance_rule not in TOLERANCE_RULES:
            raise ConfigError(
                f"tolerance_rule must be one of {', '.join(map(repr, TOLERANCE_RULES))}, "
                f"got {self.tolerance_rule!r}"
            )
        for flag in ("sig_figs", "prefilled"):
            if not isinstance(getattr(self, flag), bool):
                raise ConfigError(f"{flag} must be True or False, got {getattr(self, flag)!r}")
        object.__setattr__(
            self,
            "unitless_credit",
            _finite_number("unitless_credit", self.unitless_credit, high=1.0),
        )
        object.__setattr__(
            self,
            "_comparison",
            Comparison(
                rel_tol=self.rel_tol,
                abs_tol=0.0 if self._abs_quantity is not None else float(self.abs_tol),  # type: ignore[arg-type]
                abs_quantity=self._abs_quantity,
                sig_figs=self.sig_figs,
                unitless_credit=self.unitless_credit,
                tolerance_rule=self.tolerance_rule,
            ),
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
        answers, bad_refs = parse_references(solutions)
        expected = answers[0].text if answers else (bad_refs[0] if bad_refs else "")
        if not answers:
            return Verdict(
                0.0,
                UNPARSEABLE_REFERENCE,
                None,
                expected,
                f"reference {expected!r} is not a quantity, a number, an expression, an "
                "equation or several of these",
            )
        try:
            return self._check(completion, answers, parse_question(question))
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
        values = reading.offered
        if found.kind == "marked":
            flags = answer_part(reading.text, [(v.start, v.end) for v in values])
            values = [v for v, a in zip(values, flags, strict=True) if a]
        return values[-1].quantity.text if values else None

    # ------------------------------------------------------------------ engine
    def _check(self, completion: Any, answers: list[Answer], question: Question | None) -> Verdict:
        section = _section(completion, self.prefilled)
        if section is None:
            return Verdict(0.0, NO_ANSWER, None, answers[0].text, "no answer after the think block")
        return self._judge_section(section, answers, question)

    def _judge_section(
        self, section: str, answers: Sequence[Answer], question: Question | None
    ) -> Verdict:
        """Judge a section against references of any kinds: each kind reads the answer its
        own way, and a match with any reference is a match (else the first kind's verdict)."""
        if answers and all(type(a) is QuantityAnswer for a in answers):  # the common case
            only = [a.quantity for a in answers if isinstance(a, QuantityAnswer)]
            return self._judge_quantities(section, only, question)
        kinds: tuple[list[Any], list[Any], list[Any], list[Any]] = ([], [], [], [])
        for a in answers:
            kinds[_kind_order(a)].append(a)
        quantities, symbolic, several, words = kinds
        judged: dict[int, Verdict] = {}
        if quantities:
            judged[0] = self._judge_quantities(section, [a.quantity for a in quantities], question)
            if judged[0].correct:
                return judged[0]
        if symbolic:
            judged[1] = judge_symbolic(
                section,
                symbolic,
                rel_tol=self.rel_tol,
                abs_tol=self._symbolic_abs,
                unitless_credit=self.unitless_credit,
                tolerance_rule=self.tolerance_rule,
            )
            if judged[1].correct:
                return judged[1]
        if several:
            judged[2] = judge_parts(
                section,
                several,
                lambda item, part: self._judge_item(item, part, question),
                rel_tol=self.rel_tol,
                abs_tol=self._symbolic_abs,
                tolerance_rule=self.tolerance_rule,
            )
            if judged[2].correct:
                return judged[2]
        if words:
            judged[3] = judge_text(section, words)
            if judged[3].correct:
                return judged[3]
        return judged[_kind_order(answers[0])]

    def _judge_quantities(
        self, section: str, quantities: list[Quantity], question: Question | None
    ) -> Verdict:
        """The policy's judge of quantities; a final formula that the number grammar did
        not read whole (``(9+1)``, ``-\\left(\\frac12\\right)``, a constant expression and a
        unit after it) is then read as a constant expression."""
        found = locate(section)
        verdict = judge(found, quantities, question, self._comparison)
        if verdict.correct:
            # Another offer beside the right value, in a formula the number grammar does not
            # read: only where several answers are offered (boxes, tags, "or", "maybe").
            if found.contents:
                at = max(section.rfind("\\boxed"), section.rfind("\\fbox"))
                beside = section[max(0, at - 100) : at + 300] if at >= 0 else ""
                if len(set(found.contents)) > 1 or _ALTERNATIVE.search(beside):
                    return self._formulas_agree(section, found.contents, verdict, quantities)
                return verdict
            region = found.reading.text[-300:]
            if _ALTERNATIVE.search(region):  # "$\\sqrt{2}+1$ or 3": a formula as another offer
                return self._formulas_agree(section, [region], verdict, quantities)
            return verdict
        if verdict.reason not in _FORMULA_FALLBACK and verdict.detail != UNSAFE_DETAIL:
            return verdict
        tail = _final_tail(section)
        if tail is None or _CONSTANT_SIGN.search(tail) is None:
            return verdict  # no digit and no constant: no constant formula
        if _GROUPED.search(tail) is None and not (
            verdict.reason in (NO_ANSWER, UNPARSEABLE_ANSWER) and _ARITHMETIC.search(tail)
        ):
            return verdict  # no bracketed formula at the end: the values were read whole
        if verdict.reason == AMBIGUOUS and _FUNCTION.search(tail) is None:
            return verdict  # plain numbers: a range or a list, as the policy read them
        formulas = constant_formulas(section)
        if not formulas:
            return verdict
        text, value, unit = formulas[-1]
        if any(
            abs(v - value) > 1e-9 * max(abs(v), abs(value)) or u != unit for _, v, u in formulas
        ):
            return verdict  # several different formulas: the policy's verdict stands
        if verdict.reason == WRONG_VALUE and _squeezed(verdict.answer or "\x00") not in _squeezed(
            normalize(text)
        ):
            return verdict  # another value than the one the policy judged
        read = self._comparison.verdict(Quantity(value, unit, text, exact=True), quantities)
        if verdict.reason == AMBIGUOUS:
            # "\sqrt{3}-1", "\cos 30^\circ + 1": the policy saw a range or two values
            # where the final answer is one formula of a function, a root or a fraction
            return read if _FUNCTION.search(text) else verdict
        if (
            read.correct
            or verdict.reason in (NO_ANSWER, UNPARSEABLE_ANSWER)
            or (verdict.detail == UNSAFE_DETAIL)
        ):
            return read  # the final formula, read whole, is the answer
        return verdict

    def _formulas_agree(
        self, section: str, answer: Sequence[str], verdict: Verdict, quantities: list[Quantity]
    ) -> Verdict:
        """A right value, and beside it a formula that the number grammar does not read
        (``\\boxed{\\sqrt{2}+1} or \\boxed{3}``, "$(9+1)$ or $11$"): a hedge unless the
        formula is right too. ``answer``: the boxes, or the region the value was read in."""
        if not any(_FUNCTION.search(c) or _ARITHMETIC.search(c) for c in answer):
            return verdict  # no formula beside the value
        lenient = replace(self._comparison, unitless_credit=1.0)  # "6 N, since 2 × 3 = 6"
        for text, value, unit in constant_formulas(section):
            read = lenient.verdict(Quantity(value, unit, text, exact=True), quantities)
            if read.reward < 1.0 and read.reason in (WRONG_VALUE, MISSING_UNIT):
                return Verdict(
                    0.0,
                    AMBIGUOUS,
                    verdict.answer,
                    verdict.expected,
                    f"answers disagree: {verdict.answer!r} and {text[:120]!r}",
                )
        return verdict

    def _judge_item(self, item: str, part: Answer, question: Question | None) -> Verdict:
        """One item of an answer in several parts, judged in its part's kind."""
        if isinstance(part, TextAnswer):
            words = text_words(item)
            if words == part.words:
                return Verdict(1.0, CORRECT, item, part.text, f"{item!r} says {part.text!r}", True)
            return Verdict(
                0.0, WRONG_VALUE, item, part.text, f"{item!r} does not say {part.text!r}"
            )
        # an item stands alone: "- 3.27 J" is a negative value, not a bullet
        return self._judge_section(_SIGN_SPACE.sub("-", clean_text(item), 1), [part], question)

    @property
    def _symbolic_abs(self) -> float:
        return 0.0 if self._abs_quantity is not None else float(self.abs_tol)  # type: ignore[arg-type]


def _kind_order(answer: Answer) -> int:
    """Which judge reads a reference: 0 quantities, 1 formulas, 2 several parts, 3 words."""
    return _KIND_ORDER[type(answer)]


_KIND_ORDER: dict[type, int] = {
    QuantityAnswer: 0,
    ExpressionAnswer: 1,
    EquationAnswer: 1,
    PartsAnswer: 2,
    IntervalAnswer: 2,
    MatrixAnswer: 2,
    TextAnswer: 3,
}


def _final_tail(section: str) -> str | None:
    """The start of the final answer (the last box, else the last line), to test cheaply
    for a formula the number grammar may not read whole (brackets, a power of a group, π, a
    root, a function: ``(9+1)``, ``-\\left(..\\right)``, ``\\sqrt{441}^{(0.77)}``), so the
    formula reading costs nothing elsewhere. ``None`` when the last box is longer than
    any formula read (its braces do not close within ``MAX_FORMULA_CHARS``)."""
    at = max(section.rfind("\\boxed"), section.rfind("\\fbox")) if "\\" in section else -1
    if at < 0:
        return section[-400:].rstrip().rsplit("\n", 1)[-1]
    window = section[at : at + MAX_FORMULA_CHARS + 16]
    opened = window.find("{")
    if opened >= 0 and closing_brace(window, opened + 1, len(window)) == len(window):
        return None
    return window[:400]


_CONSTANT_SIGN = re.compile(r"[\dπ]|\\pi\b|(?<![A-Za-z\\])e(?![A-Za-z])")
#: Numbers joined by an operator ("9.5 + 5.5", "3.5 \cdot 7.5", "9.5 - 8.5" with spaces):
#: a sum or product the number grammar does not read, when nothing else was read.
_ARITHMETIC = re.compile(
    r"\d\s*(?:[+*/×·÷]|\\cdot|\\times|\\div)\s*(?!10\s*(?:\^|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]))[\d\\(]"
    r"|\d\s+[-−]\s+[\d\\(]"
)
_BLANK = re.compile(r"\s+")
#: Words that offer another answer beside the first.
_ALTERNATIVE = re.compile(  # (no IGNORECASE: it runs on every right answer)
    r"\b(?:[Oo]r|OR|[Ee]ither|[Mm]aybe|[Pp]erhaps|[Pp]ossibly|[Aa]lternatively|[Ee]quivalently)\b"
)


def _squeezed(text: str) -> str:
    return _BLANK.sub("", text)


_GROUPED = re.compile(r"[(π√]|\^\{|pi|\\(?:sqrt|[dt]?frac|ln|log|exp|sin|cos|tan|cot|sec|csc|arc)")
#: A function, a root, a fraction or a product with a bracket in a formula: never the end
#: of a range or a list.
_FUNCTION = re.compile(
    r"[π√]|\\(?:sqrt|[dt]?frac|ln|log|exp|sin|cos|tan|cot|sec|csc|arc|pi\b)|(?<![A-Za-z\\])e\^"
    r"|(?:\\cdot|\\times|[*·×])\s*(?:\\left)?\("
)
_SIGN_SPACE = re.compile(r"^\s*[-−–]\s+(?=\d)")
#: The policy's verdicts on a quantity after which a final formula is read whole.
_FORMULA_FALLBACK = frozenset({NO_ANSWER, UNPARSEABLE_ANSWER, MISSING_UNIT, WRONG_VALUE, AMBIGUOUS})


def _section(completion: Any, prefilled: bool = False) -> str | None:
    """The answer section, cleaned (NFKC, no invisible characters, LaTeX commands whose
    backslash an escaping doubled read back: ``\\\\boxed{`` is ``\\boxed{``), or ``None``."""
    text = completion_text(completion)
    section = answer_section(text, prefilled=prefilled)
    if section is None:
        return None
    if "<" in section and "<|" in section:  # memchr first: a megabyte costs microseconds
        turn = _NEXT_TURN.search(section)
        if turn is not None and section[: turn.start()].strip():
            # "...is 2/3. <|im_start|>user": the model went on to write the next turn
            section = section[: turn.start()]
    if "\x0c" in section or "\x08" in section or "\x07" in section or "\x0b" in section:
        section = _CONTROL.sub(lambda m: _CONTROL_COMMANDS[m.group(0)], section)
    section = clean_text(section)
    if "\\" in section and "\\\\" in section:
        section = _ESCAPED_COMMAND.sub(r"\\", section)
    if ("\\" in section and ",\\!" in section) or ("{" in section and "{, }" in section):
        section = _DIGIT_GROUP.sub(",", section)
    return section


# A chat template's end of turn or start of the next: what follows is no answer.
_NEXT_TURN = re.compile(r"<\|(?:im_start|im_end|eot_id|end_of_turn|endoftext|start_header_id)\|>")
# "\frac" that an escape made a form feed and "rac" (\f, \b, \a, \v before letters).
_CONTROL = re.compile(r"[\x07\x08\x0b\x0c](?=[A-Za-z])")
_CONTROL_COMMANDS = {"\x07": "\\a", "\x08": "\\b", "\x0b": "\\v", "\x0c": "\\f"}
# 11,\! 111,\! 100 and 14 {, }916: digit groups written with LaTeX spacing.
_DIGIT_GROUP = re.compile(r"(?<=\d)(?:,\\!|\s?\{, \})\s*(?=\d{3}(?!\d))")
# "\\boxed", "\\frac" in a completion that was escaped once too often (a LaTeX line break
# is never glued to these command names).
_ESCAPED_COMMAND = re.compile(
    r"(?<!\\)\\\\(?=(?:boxed|fbox|frac|dfrac|tfrac|sqrt|text|mathrm|mathbf|times|cdot|left|right"
    r"|pi|theta|alpha|beta|gamma|omega|lambda|mu|sigma|Delta|hbar|infty|pm|le|ge|leq|geq"
    r"|neq|approx|sin|cos|tan|ln|log|exp)(?![A-Za-z]))"
)


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
