r"""Reading a reference into its kind (the kinds are :mod:`unitreward.engine.kinds`).

The reference decides the kind, and the completion's final answer is read in that kind.
A reference is read in this order (the first reading that succeeds decides):

1. What only surrounds it goes: math delimiters, a whole ``\boxed{}``, backslashes doubled
   by escaping (``\\frac``), and control characters a string literal made of ``\f``,
   ``\b``, ``\a``, ``\v`` (``\x0crac`` is ``\frac``).
2. A reference that holds ``\boxed{}`` answers (a worked solution, as the ``solution``
   field of MATH-style data) is its boxed answers: one box is the answer, several boxes
   are its parts. Else a worked solution whose answer a final-answer phrase marks ("The
   final answer is $28\%$") is that answer.
3. A quantity or a number (``120 m``, ``\frac{\sqrt3}{2}``; a constant expression times a
   unit, ``-\sin(\pi/2)\sqrt{441}\ \mathrm{N}``, is a quantity too).
4. Several parts, split at top-level separators (``R = 5 Ω, P = 20 W``); a matrix; an
   interval, a union or an inequality in one variable; a bracketed list (``(3, 2, 7)``,
   ``\{1, 2\}``); a formula with ``\pm`` (the set of its two values).
5. A labelled value (``t = \frac{2v_0}{g}``), an equation, an expression (with a unit after
   it: ``\sqrt{2gh}\,\mathrm{m/s}``).
6. Short words (``\text{odd}``, ``yes``, ``12:00``): a text answer. Longer prose is not a
   reference we can check (:class:`ParseError`).

Several parts are a set (matched in any order) when written in braces, when they come from
``\pm``, when every part is a tuple (``(1, 2), (2, 1)``: the solutions of a system), and
when every part is a value of the same unknown (``x = 1, x = 2``; ``a = 4, -8, -10``).
Otherwise they are in order (the answers to (a), (b), ...).

>>> parse_reference("120 m").kind
'quantity'
>>> parse_reference(r"t = \frac{2 v_0 \sin\theta}{g}").label
't'
>>> [p.kind for p in parse_reference("T_E = 290 K, F_E = 6e8 N").parts]
['quantity', 'quantity']
>>> parse_reference(r"The roots are $\boxed{1}$ and $\boxed{-2}$.").kind
'parts'
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from unitreward.engine.errors import ParseError, UnitError, UnitrewardError
from unitreward.engine.expression import Equation, Expression, parse_equation, parse_expression
from unitreward.engine.grammar import strip_unit
from unitreward.engine.intervals import read_interval
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
from unitreward.engine.matrices import matrix_rows
from unitreward.engine.parts import (
    MAX_PARTS,
    enclosure,
    plus_minus,
    split_groups,
    split_items,
    split_label,
    split_parts,
)
from unitreward.engine.quantity import Quantity, parse_quantity
from unitreward.engine.solutions import (
    balanced_braces,
    last_link,
    or_list,
    ratio,
    solution_answers,
    unwrap,
)
from unitreward.engine.text import normalize
from unitreward.engine.unit_suffix import split_unit
from unitreward.engine.units import parse_unit, unit_from_pint
from unitreward.engine.words import looks_like_prose, text_reference, text_words

__all__ = [
    "MAX_REFERENCES",
    "Answer",
    "EquationAnswer",
    "ExpressionAnswer",
    "IntervalAnswer",
    "MatrixAnswer",
    "PartsAnswer",
    "QuantityAnswer",
    "TextAnswer",
    "looks_like_prose",
    "parse_reference",
    "parse_references",
    "text_words",
    "unwrap",
]

#: At most this many acceptable references are read per row; the rest are ignored.
MAX_REFERENCES = 1024
#: References longer than this are not read (they are unparseable).
MAX_REFERENCE_CHARS = 4000
#: A worked solution up to this long is searched for its boxed or marked answer.
MAX_SOLUTION_CHARS = 20_000


# ------------------------------------------------------------------------------ reading


def parse_reference(reference: Any) -> Answer:
    r"""Read one reference into its kind.

    Accepts a string, a :class:`~unitreward.engine.quantity.Quantity`, a pint
    ``Quantity`` (of any registry) or a plain number.

    Raises:
        ParseError: The reference is none of the kinds (prose, a letter, an empty string),
            or it is too long; the message names it.
        UnitError: It is a quantity whose unit is unknown.

    >>> parse_reference(9.81).kind
    'number'
    >>> parse_reference(r"\frac{\hbar \omega}{2}").kind
    'expression'
    >>> parse_reference("the ball stops")
    Traceback (most recent call last):
    ...
    unitreward.engine.errors.ParseError: reference 'the ball stops' is not a quantity, a number, an expression, an equation or several of these
    """
    if type(reference) is str:  # the common case, without the tests for other types
        result = _read_reference(reference)
        if isinstance(result, UnitrewardError):
            raise result
        return result
    if isinstance(reference, Quantity):
        return QuantityAnswer(reference)
    if isinstance(reference, bool):
        raise ParseError(f"reference {reference!r} is a bool, not an answer")
    if isinstance(reference, (int, float)):
        if not math.isfinite(reference):
            raise ParseError(f"reference {reference!r} is not a finite number")
        return QuantityAnswer(parse_quantity(repr(reference)))
    if _is_pint_quantity(reference):
        return QuantityAnswer(_from_pint(reference))
    if not isinstance(reference, str):
        raise ParseError(f"reference {reference!r} is a {type(reference).__name__}, not a string")
    result = _read_reference(reference)
    if isinstance(result, UnitrewardError):
        raise result
    return result


@lru_cache(maxsize=4096)
def _read_reference(reference: str) -> Answer | UnitrewardError:
    """A string reference read once: the rows of a GRPO group share it (failures too)."""
    text = unwrap(reference)
    if not text:
        return ParseError("reference is empty")
    if len(text) > MAX_SOLUTION_CHARS:
        return ParseError(f"reference too long ({len(text)} characters)")
    if not balanced_braces(text.replace("\\{", "").replace("\\}", "")):
        # a brace lost: what we would read is not what the writer meant, and an answer
        # written right could not match it
        return ParseError(f"reference {reference[:200]!r} has unbalanced braces")
    try:
        answer = _read_solution(text)
        if answer is None:
            if len(text) > MAX_REFERENCE_CHARS:
                return ParseError(f"reference too long ({len(text)} characters)")
            answer = _read(text, depth=0)
    except ParseError as exc:
        answer = _read_otherwise(text)
        if answer is None:
            return exc
    except UnitrewardError as exc:
        return exc
    except (ValueError, TypeError, ArithmeticError, RecursionError) as exc:
        return ParseError(f"cannot read reference {reference[:200]!r}: {exc}")
    if isinstance(answer, PartsAnswer) and any(
        isinstance(p, TextAnswer) and or_list(p.text) is not None for p in answer.parts
    ):  # "$21,16$ or $11$": the parts on both sides of "or", not a text part "16 or 11"
        otherwise = _read_otherwise(text)
        if isinstance(otherwise, PartsAnswer) and not any(
            isinstance(p, TextAnswer) for p in otherwise.parts
        ):
            answer = otherwise
    if isinstance(answer, TextAnswer):
        words = text_reference(answer.text)
        if words is not None:
            return TextAnswer(words, answer.text, answer.label)
        otherwise = _read_otherwise(text)
        if otherwise is not None:
            return otherwise
        return ParseError(
            f"reference {reference!r} is not a quantity, a number, an expression, "
            "an equation or several of these"
        )
    if isinstance(answer, PartsAnswer) and not _has_value(answer):
        return ParseError(f"reference {reference!r} has no part we can check (only words)")
    return answer


def _read_solution(text: str) -> Answer | None:
    """A worked solution's answer (its boxes, else what a phrase marks), or ``None``."""
    found = solution_answers(text)
    if found is None:
        return None
    if len(found) == 1:
        return _read(found[0], depth=0)
    if len(found) > MAX_PARTS:
        raise ParseError(f"reference has more than {MAX_PARTS} boxed answers")
    parts = tuple(_read(b, depth=1) for b in found)
    return _several(parts, text, None, "", ordered=True)


def _read_otherwise(text: str) -> Answer | None:
    """The readings of :mod:`unitreward.engine.solutions` for a reference that reads as none
    of the kinds as written: ``a or b``, a ratio after its label, a chain's last link."""
    try:
        listed = or_list(text)
        if listed is not None:
            answer = _read(listed, depth=0)
            if isinstance(answer, PartsAnswer) and _has_value(answer):
                as_written = PartsAnswer(  # the text keeps its "or" (an answer may write it)
                    answer.parts, answer.ordered, answer.brackets, text, answer.label
                )
                return _one_value(answer) or as_written
        found = ratio(text)
        if found is not None:
            return TextAnswer(str(text_words(found)), found)
        link = last_link(text)
        if link is not None:
            answer = _read(link, depth=0)
            if isinstance(answer, QuantityAnswer):
                return answer
    except UnitrewardError:
        return None
    return None


def _one_value(answer: PartsAnswer) -> QuantityAnswer | None:
    """Parts that all restate one quantity (``2 m/s or 200 cm/s``) as that quantity."""
    parts = answer.parts
    if not all(isinstance(p, QuantityAnswer) for p in parts):
        return None
    quantities = [p.quantity for p in parts if isinstance(p, QuantityAnswer)]
    first = quantities[0]
    for q in quantities[1:]:
        if q.dims != first.dims:
            return None
        a, b = q.si_magnitude, first.si_magnitude
        if abs(a - b) > 1e-2 * max(abs(a), abs(b)):
            return None
    return QuantityAnswer(first)


def parse_references(solutions: Any) -> tuple[list[Answer], list[str]]:
    """Read the acceptable references of one row: ``(answers, the ones that failed)``.

    ``solutions`` is one reference or a list of them (strings, numbers, quantities).
    At most :data:`MAX_REFERENCES` are read.

    >>> answers, bad = parse_references(["120 m", "120 meters", "about a hundred"])
    >>> len(answers), bad
    (2, ['about a hundred'])
    """
    items: list[Any]
    if type(solutions) is list or type(solutions) is tuple:  # the common case: no ABC check
        items = list(solutions[:MAX_REFERENCES])
    elif isinstance(solutions, (str, bytes)) or not isinstance(solutions, Sequence):
        items = [] if solutions is None else [solutions]
    else:
        items = list(solutions[:MAX_REFERENCES])
    answers: list[Answer] = []
    bad: list[str] = []
    for item in items:
        try:
            answers.append(parse_reference(item))
        except (UnitrewardError, ValueError, TypeError, ArithmeticError):
            bad.append(item if isinstance(item, str) else repr(item))
    return answers, bad


_UNIT_TOKENS = re.compile(r"[A-Za-zµΩ°%]+")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_EXPONENT = re.compile(r"(?:\^|\*\*)\s*[({]?\s*-?\d+\s*[)}]?|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")


def _is_bare_unit(text: str) -> bool:
    """A unit written alone (``kg m``, ``N*m``, ``km/h``): not a product of variables.

    Only when the text holds two or more tokens, one of several letters, and all of it
    reads as one unit; ``mg`` and ``kT`` (one token) stay products of variables.
    """
    tokens = _UNIT_TOKENS.findall(_LATEX_COMMAND.sub(" ", text))  # \frac is no unit token
    numbers = _EXPONENT.sub("", text)
    if len(tokens) < 2 or not any(len(t) > 1 for t in tokens) or any(c.isdigit() for c in numbers):
        return False
    try:
        parse_unit(normalize(text).strip())
    except UnitrewardError:
        return False
    return True


def _has_value(answer: Answer) -> bool:
    if isinstance(answer, PartsAnswer):
        return any(_has_value(p) for p in answer.parts)
    if isinstance(answer, MatrixAnswer):
        return any(_has_value(p) for row in answer.rows for p in row)
    return not isinstance(answer, TextAnswer)


def _is_pint_quantity(obj: Any) -> bool:
    return (
        hasattr(obj, "magnitude")
        and hasattr(obj, "units")
        and hasattr(obj, "dimensionality")
        and type(obj).__module__.startswith("pint")
    )


def _from_pint(q: Any) -> Quantity:
    try:
        magnitude = float(q.magnitude)
    except (TypeError, ValueError) as exc:
        raise ParseError(f"reference {q!r} has no single real magnitude") from exc
    if not math.isfinite(magnitude):
        raise ParseError(f"reference {q!r} is not finite")
    unit = unit_from_pint(q.units)
    text = f"{magnitude:g} {unit.text}".strip() if unit is not None else f"{magnitude:g}"
    return Quantity(magnitude, unit, text)


def _read(text: str, *, depth: int, label: str | None = None) -> Answer:
    """Read one item (or a whole reference) into an answer; text parts become TextAnswer."""
    if depth > 3:
        raise ParseError(f"reference nested too deeply: {text[:80]!r}")
    if _TEXT_ONLY.match(text.strip()) or _LETTER_TEXT.match(text.strip()):
        return TextAnswer(str(text_words(text)), text, label)  # \text{e}: words, not 2.718
    unit_error: UnitError | None = None
    q = None
    try:
        q = parse_quantity(_direction_as_text(text))
    except UnitError as exc:
        unit_error = exc  # "3 blorbs": if nothing else reads it, say which unit is unknown
    except UnitrewardError:
        pass
    if q is not None and _LONE_E.match(q.text) is None and math.isfinite(q.magnitude):
        lab, _, _ = split_label(text)
        return QuantityAnswer(q, label or lab)
    if "\\begin" in text:
        lab, _, value = split_label(text)
        rows = matrix_rows(value)
        if rows is not None:
            entries = tuple(tuple(_read(e, depth=depth + 1) for e in row) for row in rows)
            return MatrixAnswer(entries, text, label or lab)
    groups = split_groups(text)
    if groups is not None:  # p=5, q=2; p=7, q=2: the solutions of a system
        tuples = tuple(_read_group(g, depth + 1) for g in groups)
        return _several(tuples, text, label, "", ordered=True)
    items = split_parts(text)
    if len(items) > MAX_PARTS:
        raise ParseError(f"reference has more than {MAX_PARTS} parts")
    if len(items) > 1:
        parts = tuple(_read(p.value, depth=depth + 1, label=p.label) for p in items)
        return _several(parts, text, label, "", ordered=True)
    interval = read_interval(text)
    if interval is not None:
        return IntervalAnswer(interval[0], text, label or interval[1])
    enclosed = enclosure(text)
    if enclosed is not None:
        opening, inside, closing = enclosed
        inner = split_parts(inside)
        if len(inner) > 1:
            parts = tuple(_read(p.value, depth=depth + 1, label=p.label) for p in inner)
            return _several(parts, text, label, opening + closing, ordered=opening != "{")
    lab, _, value = split_label(text)
    pm = _plus_minus(value, depth, label or lab)
    if pm is not None:
        return pm
    if lab is not None:
        inner_answer = _read_value(value, depth)
        if isinstance(inner_answer, ExpressionAnswer):
            equation = _try_equation(text)
            return ExpressionAnswer(inner_answer.expression, lab, equation, text, inner_answer.unit)
        if isinstance(inner_answer, QuantityAnswer):
            return QuantityAnswer(inner_answer.quantity, lab)
        if (
            isinstance(inner_answer, (PartsAnswer, IntervalAnswer, MatrixAnswer))
            and inner_answer.label is None
        ):
            return _with_label(inner_answer, lab)
        return inner_answer
    if _has_relation(text):
        try:
            return EquationAnswer(parse_equation(text), text)
        except UnitrewardError:
            pass
    else:
        answer = _read_value(text, depth)
        if not isinstance(answer, TextAnswer):
            return _with_label(answer, label) if label else answer
    if unit_error is not None and depth == 0:
        raise unit_error
    words = text_words(text)
    if words is not None:
        return TextAnswer(words, text, label)
    raise ParseError(f"cannot read {text[:200]!r}")


def _read_value(value: str, depth: int) -> Answer:
    """A value: a quantity, an expression (with a unit after it), brackets; else words."""
    try:
        q = parse_quantity(_direction_as_text(value))
    except UnitrewardError:
        pass
    else:
        if _LONE_E.match(q.text) is None and math.isfinite(q.magnitude):
            return QuantityAnswer(q)
    enclosed = enclosure(value)
    if read_interval(value) is not None or (
        enclosed is not None and len(split_items(enclosed[1])) > 1
    ):
        return _read(value, depth=depth + 1)
    if "\\begin" in value and matrix_rows(value) is not None:
        return _read(value, depth=depth + 1)
    letter = _LETTER_TEXT.match(value.strip()) is not None  # \text{C}: a choice, not coulombs
    if not letter and _is_bare_unit(value):
        raise ParseError(f"{value!r} is a unit without a number")
    if letter or _TEXT_ONLY.match(value.strip()) or looks_like_prose(value):
        # "downward", "\text{Even}": words, not a product of letters
        words = text_words(value)
        if words is None:
            raise ParseError(f"cannot read {value[:200]!r}")
        return TextAnswer(words, value)
    with_unit = split_unit(value)
    if with_unit is not None:
        try:
            expression = parse_expression(with_unit[0])
        except UnitrewardError:
            pass
        else:
            unit = with_unit[1]
            if _is_number(expression):
                return QuantityAnswer(Quantity(_finite(expression), unit, value, exact=True))
            return ExpressionAnswer(expression, None, None, value, unit)
    try:
        expression = parse_expression(value)
    except UnitrewardError:
        words = text_words(value)
        if words is None:
            raise
        return TextAnswer(words, value)
    if _is_number(expression):
        if _unit_words_dropped(value):  # 46 \text{mm of Hg}: a unit we cannot read whole
            raise UnitError(f"unknown unit after the number in {value[:200]!r}")
        return QuantityAnswer(Quantity(_finite(expression), None, value, exact=True))
    return ExpressionAnswer(expression, None, None, value)


def _finite(expression: Expression) -> float:
    value = expression.value
    if value is None or not math.isfinite(value):
        raise ParseError(f"{expression.text[:200]!r} has no finite value")
    return value


def _unit_words_dropped(value: str) -> bool:
    """Whether the grammar dropped a trailing ``\\text{...}`` that starts with a unit
    (``mm of Hg``, ``dyn. cm``): a unit written but not read. Words that are no unit
    (``\\text{ yuan}``, ``\\text{apples}``) count things and are dropped."""
    t = value.strip()
    cut = strip_unit(t)
    if cut == t:
        return False
    first = re.match(r"[A-Za-zµΩÅ°]+", normalize(t[len(cut) :]).strip())
    if first is None:
        return False
    try:
        parse_unit(first.group(0))
    except UnitrewardError:
        return False
    return True


def _is_number(expression: Expression) -> bool:
    """A constant with a finite value that applies no unknown function (``\\psi_1(1)``)."""
    value = expression.value
    return (
        expression.is_constant
        and value is not None
        and math.isfinite(value)
        and not expression.uses_functions
    )


# "0.5 \text{mA, leftward}": a direction after the unit is not part of the value.
_DIRECTION_IN_UNIT = re.compile(r"\\text\s*\{\s*([^{},]*?)\s*,\s*[A-Za-z][A-Za-z ]*\}\s*$")


def _direction_as_text(text: str) -> str:
    """``\\text{m/s, north}`` read as ``\\text{m/s}``: the direction is no part of the unit
    (the substitution runs only where ``\\text`` is written; each costs about 2 µs)."""
    return _DIRECTION_IN_UNIT.sub(r"\\text{\1}", text) if "\\text" in text else text


# "-e \mathbf{A}": e is a charge or a variable here, not Euler's number times amperes.
_LONE_E = re.compile(r"^\s*[-+]?\s*(?:\\mathrm\s*\{\s*e\s*\}|e)(?![A-Za-z0-9^{_(])")
# A value written as text alone: \text{Even}, \textbf{odd}, \text{C} (not \mathrm{e}, a constant).
_LETTER_TEXT = re.compile(r"^\\(?:text|textbf|mbox)\s*\{\s*\(?[A-Za-z]\)?\s*\}$")
_TEXT_ONLY = re.compile(r"^\\(?:text|textbf|textit|textrm|mbox)\s*\{[^{}\d]*[A-Za-z][^{}\d]*\}$")


def _several(
    parts: tuple[Answer, ...], text: str, label: str | None, brackets: str, *, ordered: bool
) -> PartsAnswer:
    """Several parts, in order or a set (see the module docstring for which)."""
    labels = [getattr(p, "label", None) for p in parts]
    if ordered and all(isinstance(p, PartsAnswer) and p.brackets == "()" for p in parts):
        ordered = False  # (1, 2), (2, 1): the solutions of a system
    if ordered and len(parts) > 1 and labels[0] is not None:
        if all(lab == labels[0] for lab in labels):
            ordered = False  # x = 1, x = 2: the values of one unknown
        elif all(lab is None for lab in labels[1:]) and _one_kind(parts):
            ordered = False  # a = 4, -8, -10
            parts = tuple(_with_label(p, labels[0]) for p in parts)
    if not ordered:  # a set of sets from \pm is the set of their values
        flat: list[Answer] = []
        for p in parts:
            nested = isinstance(p, PartsAnswer) and not p.ordered and not p.brackets
            if nested and isinstance(p, PartsAnswer):
                flat.extend(_with_label(q, getattr(p, "label", None)) for q in p.parts)
            else:
                flat.append(p)
        parts = tuple(flat)
    return PartsAnswer(parts, ordered, brackets, text, label)


def _read_group(text: str, depth: int) -> PartsAnswer:
    """One ``;`` group: a tuple of its comma items (``p=5, q=2``)."""
    items = split_parts(text)
    parts = tuple(_read(p.value, depth=depth + 1, label=p.label) for p in items)
    return PartsAnswer(parts, True, "()", text, None)


def _one_kind(parts: tuple[Answer, ...]) -> bool:
    """Whether every part is a bare number or every part an expression."""
    if all(isinstance(p, QuantityAnswer) and not p.quantity.has_unit for p in parts):
        return True
    return all(isinstance(p, ExpressionAnswer) and p.unit is None for p in parts)


def _with_label(answer: Answer, label: str | None) -> Answer:
    if label is None:
        return answer
    if isinstance(answer, QuantityAnswer):
        return QuantityAnswer(answer.quantity, label)
    if isinstance(answer, ExpressionAnswer):
        return ExpressionAnswer(answer.expression, label, answer.equation, answer.text, answer.unit)
    if isinstance(answer, MatrixAnswer):
        return MatrixAnswer(answer.rows, answer.text, label)
    if isinstance(answer, TextAnswer):
        return TextAnswer(answer.words, answer.text, label)
    if isinstance(answer, IntervalAnswer):
        return IntervalAnswer(answer.pieces, answer.text, label)
    if isinstance(answer, PartsAnswer):
        return PartsAnswer(answer.parts, answer.ordered, answer.brackets, answer.text, label)
    return answer


def _try_equation(text: str) -> Equation | None:
    try:
        return parse_equation(text)
    except UnitrewardError:
        return None


_RELATION = re.compile(r"(?<![<>!])=|≈|≃|\\approx|\\simeq")


def _has_relation(text: str) -> bool:
    return _RELATION.search(text) is not None


def _plus_minus(text: str, depth: int, label: str | None) -> PartsAnswer | None:
    r"""``1 \pm \sqrt 2`` is the set of its two values; ``\pm 3`` of ``-3`` and ``3``."""
    branches = plus_minus(text)
    if branches is None:
        return None
    try:
        parts = tuple(_read_value(b, depth + 1) for b in branches)
    except UnitrewardError:
        return None
    if any(isinstance(p, (TextAnswer, PartsAnswer, IntervalAnswer)) for p in parts):
        return None
    return PartsAnswer(parts, False, "", text, label)
