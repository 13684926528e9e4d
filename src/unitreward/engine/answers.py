r"""The answer kinds, and reading a reference into one.

The reference decides the kind, and the completion's final answer is read in that kind:

=============  ==========================================  ===============================
kind           the reference                               compared by
=============  ==========================================  ===============================
``quantity``   ``120 m``, ``2.5 \,\mathrm{kJ}``, a pint    value within tolerance after
               ``Quantity``                                conversion; dimension must match
``number``     ``0.25``, ``\frac{\sqrt 3}{2}``, ``42``     value within tolerance
``expression`` ``\frac{q_0}{\sqrt{2LC}}``,                 agreement at seeded random points
               ``t = \frac{2v_0\sin\theta}{g}`` (labelled)  of the variables
``equation``   ``x^2 + y^2 = 1``                           the same up to rearrangement and a
                                                           nonzero factor
``parts``      ``R = 5 Ω, P = 20 W``, ``(3, 2, 7)``,        every part right: by label, else in
               ``\{1, 2\}``, ``[0, 1)``                      order (sets: in any order)
=============  ==========================================  ===============================

Inside several parts, an item that is none of these (``\text{downward}``, an inequality, a
derivative) is a ``text`` part, equal when its normalised text is; a reference made of text
alone is not one we can check.

>>> parse_reference("120 m").kind
'quantity'
>>> parse_reference(r"t = \frac{2 v_0 \sin\theta}{g}").label
't'
>>> [p.kind for p in parse_reference("T_E = 290 K, F_E = 6e8 N").parts]
['quantity', 'quantity']
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, TypeAlias

from unitreward.engine.errors import ParseError, UnitError, UnitrewardError
from unitreward.engine.expression import (
    Equation,
    Expression,
    parse_equation,
    parse_expression,
)
from unitreward.engine.parts import (
    MAX_PARTS,
    enclosure,
    split_items,
    split_label,
    split_parts,
)
from unitreward.engine.quantity import Quantity, parse_quantity
from unitreward.engine.text import normalize
from unitreward.engine.units import parse_unit, unit_from_pint

__all__ = [
    "MAX_REFERENCES",
    "Answer",
    "EquationAnswer",
    "ExpressionAnswer",
    "IntervalAnswer",
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


@dataclass(frozen=True, slots=True)
class QuantityAnswer:
    """A number with a unit (``quantity``) or without one (``number``).

    >>> a = parse_reference("T_E = 290 K")
    >>> a.kind, a.label, a.quantity.magnitude
    ('quantity', 'T_E', 290.0)
    """

    quantity: Quantity
    label: str | None = None

    @property
    def kind(self) -> Literal["quantity", "number"]:
        """``quantity`` when a unit other than ``%`` is written, else ``number``.

        >>> parse_reference("25%").kind
        'number'
        """
        return "quantity" if self.quantity.has_unit else "number"

    @property
    def text(self) -> str:
        """The reference as written.

        >>> parse_reference("120 m").text
        '120 m'
        """
        return self.quantity.text


@dataclass(frozen=True, slots=True)
class ExpressionAnswer:
    r"""A symbolic expression; ``label`` when the reference names it (``t = ...``).

    A labelled reference accepts its right-hand side alone and the same equation with
    the label.

    >>> a = parse_reference(r"t = \frac{2 v_0}{g}")
    >>> a.kind, a.label, sorted(a.expression.variables)
    ('expression', 't', ['g', 'v_0'])
    """

    expression: Expression
    label: str | None = None
    equation: Equation | None = None
    text: str = ""

    @property
    def kind(self) -> Literal["expression"]:
        """Always ``expression``.

        >>> parse_reference("m g h").kind
        'expression'
        """
        return "expression"


@dataclass(frozen=True, slots=True)
class EquationAnswer:
    """An equation with no label: ``x^2 + y^2 = 1``.

    >>> parse_reference("x^2 + y^2 = 1").kind
    'equation'
    """

    equation: Equation
    text: str = ""

    @property
    def kind(self) -> Literal["equation"]:
        """Always ``equation``.

        >>> parse_reference("x + y = 1").kind
        'equation'
        """
        return "equation"


@dataclass(frozen=True, slots=True)
class TextAnswer:
    r"""A part we read as text, not a value: words (``\text{downward}``), and forms we do not
    evaluate (an inequality, a derivative). Equal when the texts are, after normalising
    LaTeX, case, spaces and braces.

    >>> parse_reference(r"25 m/s, \text{downward}").parts[1].words
    'downward'
    >>> parse_reference(r"v = 3 m/s, L_0 > 0.67\,\text{m}").parts[1].words
    'l_0>0.67m'
    """

    words: str
    text: str = ""
    label: str | None = None

    @property
    def kind(self) -> Literal["text"]:
        """Always ``text``.

        >>> TextAnswer("up").kind
        'text'
        """
        return "text"


@dataclass(frozen=True, slots=True)
class IntervalAnswer:
    r"""One interval or a union of intervals: ``[0, 1)``, ``(-\infty, 1] \cup [10, \infty)``.

    Attributes:
        pieces: ``(low, high, low_closed, high_closed)`` per interval; an infinite end is
            ``±math.inf``.

    >>> parse_reference("[0, 1)").pieces
    ((0.0, 1.0, True, False),)
    """

    pieces: tuple[tuple[float, float, bool, bool], ...]
    text: str = ""
    label: str | None = None

    @property
    def kind(self) -> Literal["interval"]:
        """Always ``interval``.

        >>> parse_reference("(2, 5]").kind
        'interval'
        """
        return "interval"


@dataclass(frozen=True, slots=True)
class PartsAnswer:
    r"""Several answers: every part must be right.

    Attributes:
        parts: The parts, in the order written.
        ordered: ``False`` for a set (``\{1, 2\}``, ``1 \pm \sqrt 2``): any order matches.
        brackets: The enclosing brackets as written (``"()"``, ``"{}"``, ``""``).

    >>> a = parse_reference(r"\{1, 2, 3\}")
    >>> a.kind, a.ordered, len(a.parts)
    ('parts', False, 3)
    """

    parts: tuple[Answer, ...]
    ordered: bool = True
    brackets: str = ""
    text: str = ""
    label: str | None = None

    @property
    def kind(self) -> Literal["parts"]:
        """Always ``parts``.

        >>> parse_reference("(3, 2, 7)").kind
        'parts'
        """
        return "parts"

    @property
    def labelled(self) -> bool:
        """Whether every part has a label (labelled parts match by label).

        >>> parse_reference("R = 5 Ω, P = 20 W").labelled
        True
        """
        return all(getattr(p, "label", None) for p in self.parts)


Answer: TypeAlias = (
    QuantityAnswer | ExpressionAnswer | EquationAnswer | TextAnswer | IntervalAnswer | PartsAnswer
)


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
    if len(text) > MAX_REFERENCE_CHARS:
        return ParseError(f"reference too long ({len(text)} characters)")
    try:
        answer = _read(text, depth=0)
    except UnitrewardError as exc:
        return exc
    except (ValueError, TypeError, ArithmeticError, RecursionError) as exc:
        return ParseError(f"cannot read reference {reference[:200]!r}: {exc}")
    if isinstance(answer, TextAnswer):
        return ParseError(
            f"reference {reference!r} is not a quantity, a number, an expression, "
            "an equation or several of these"
        )
    if isinstance(answer, PartsAnswer) and not _has_value(answer):
        return ParseError(f"reference {reference!r} has no part we can check (only words)")
    return answer


def parse_references(solutions: Any) -> tuple[list[Answer], list[str]]:
    """Read the acceptable references of one row: ``(answers, the ones that failed)``.

    ``solutions`` is one reference or a list of them (strings, numbers, quantities).
    At most :data:`MAX_REFERENCES` are read.

    >>> answers, bad = parse_references(["120 m", "120 meters", "about a hundred"])
    >>> len(answers), bad
    (2, ['about a hundred'])
    """
    if isinstance(solutions, (str, bytes)) or not isinstance(solutions, Sequence):
        items: list[Any] = [] if solutions is None else [solutions]
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


_DISPLAY = re.compile(r"^\s*(?:\$\$|\$|\\\[|\\\()(.*?)(?:\$\$|\$|\\\]|\\\))\s*$", re.DOTALL)
_WHOLE_BOX = re.compile(r"^\s*\\(?:boxed|fbox)\s*\{(.*)\}\s*\.?\s*$", re.DOTALL)
_ESCAPED_COMMAND = re.compile(r"\\\\(?=[A-Za-z]{2})")


def unwrap(text: str) -> str:
    r"""A formula without what only surrounds it: math delimiters, a whole ``\boxed{}``, and
    backslashes doubled by escaping (``\\frac`` written for ``\frac``).

    >>> unwrap(r"$$ t = \\frac{2 v_0}{g} $$")
    't = \\frac{2 v_0}{g}'
    >>> unwrap(r"$\boxed{3}$")
    '3'
    """
    t = text.strip()
    for _ in range(3):
        m = _DISPLAY.match(t) or _WHOLE_BOX.match(t)
        if m is None or ("$" in m.group(1) and not t.startswith("$$")):
            break
        if m.re is _WHOLE_BOX and not _balanced_braces(m.group(1)):
            break
        t = m.group(1).strip()
    if "\\\\" in t:
        t = _ESCAPED_COMMAND.sub("\\\\", t)
    return t


def _balanced_braces(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += 1 if ch == "{" else -1 if ch == "}" else 0
        if depth < 0:
            return False
    return depth == 0


_UNIT_TOKENS = re.compile(r"[A-Za-zµΩ°%]+")
_EXPONENT = re.compile(r"(?:\^|\*\*)\s*[({]?\s*-?\d+\s*[)}]?|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")


def _is_bare_unit(text: str) -> bool:
    """A unit written alone (``kg m``, ``N*m``, ``km/h``): not a product of variables.

    Only when the text holds two or more tokens, one of several letters, and all of it
    reads as one unit; ``mg`` and ``kT`` (one token) stay products of variables.
    """
    tokens = _UNIT_TOKENS.findall(text)
    numbers = _EXPONENT.sub("", text)
    if len(tokens) < 2 or not any(len(t) > 1 for t in tokens) or any(c.isdigit() for c in numbers):
        return False
    try:
        parse_unit(normalize(text).strip())
    except UnitrewardError:
        return False
    return True


def looks_like_prose(text: str) -> bool:
    """Plain words (no digits, operators or LaTeX) with a word of four letters or more that
    is not a function or a Greek letter: prose, not a product of letters.

    >>> looks_like_prose("no formula here"), looks_like_prose("mgh"), looks_like_prose("theta")
    (True, False, False)
    """
    return _PROSE.match(text) is not None and any(
        len(w) >= 4 and w.lower() not in _NAMES for w in re.findall(r"[A-Za-z]+", text)
    )


def _has_value(answer: Answer) -> bool:
    if isinstance(answer, PartsAnswer):
        return any(_has_value(p) for p in answer.parts)
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


_PM = re.compile(r"\\pm|±")
_CUP = re.compile(r"\\cup|∪")
_INFINITY = re.compile(r"^\s*([-+]?)\s*(?:\\infty|∞|inf(?:inity)?)\s*$")
# Plain words (no digits, operators or LaTeX): a word of four letters or more that is not a
# function or a Greek letter makes the text prose rather than a product of letters.
_PROSE = re.compile(r"^[A-Za-z][A-Za-z\s\-,.']*$")
_NAMES = frozenset(
    {"sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "sqrt", "exp",
     "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "iota", "kappa", "lambda",
     "omega", "sigma", "varphi", "varepsilon", "vartheta", "hbar", "infty"}
)  # fmt: skip


def _read(text: str, *, depth: int, label: str | None = None) -> Answer:
    """Read one item (or a whole reference) into an answer; text parts become TextAnswer."""
    if depth > 3:
        raise ParseError(f"reference nested too deeply: {text[:80]!r}")
    unit_error: UnitError | None = None
    try:
        q = parse_quantity(text)
    except UnitError as exc:
        unit_error = exc  # "3 blorbs": if nothing else reads it, say which unit is unknown
    except UnitrewardError:
        pass
    else:
        lab, _, _ = split_label(text)
        return QuantityAnswer(q, label or lab)
    items = split_parts(text)
    if len(items) > MAX_PARTS:
        raise ParseError(f"reference has more than {MAX_PARTS} parts")
    if len(items) > 1:
        parts = tuple(_read(p.value, depth=depth + 1, label=p.label) for p in items)
        return PartsAnswer(parts, True, "", text, label)
    interval = _interval(text)
    if interval is not None:
        return IntervalAnswer(interval, text, label)
    enclosed = enclosure(text)
    if enclosed is not None:
        opening, inside, closing = enclosed
        inner = split_parts(inside)
        if len(inner) > 1:
            ordered = opening != "{"
            parts = tuple(_read(p.value, depth=depth + 1, label=p.label) for p in inner)
            return PartsAnswer(parts, ordered, opening + closing, text, label)
    pm = _plus_minus(text, depth, label)
    if pm is not None:
        return pm
    lab, _, value = split_label(text)
    if lab is not None:
        inner_answer = _read_value(value, depth)
        if isinstance(inner_answer, ExpressionAnswer):
            equation = _try_equation(text)
            return ExpressionAnswer(inner_answer.expression, lab, equation, text)
        if isinstance(inner_answer, QuantityAnswer):
            return QuantityAnswer(inner_answer.quantity, lab)
        if isinstance(inner_answer, (PartsAnswer, IntervalAnswer)) and inner_answer.label is None:
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
    """A value: a quantity, an expression, brackets; else words."""
    try:
        return QuantityAnswer(parse_quantity(value))
    except UnitrewardError:
        pass
    enclosed = enclosure(value)
    if _interval(value) is not None or (enclosed is not None and len(split_items(enclosed[1])) > 1):
        return _read(value, depth=depth + 1)
    if _is_bare_unit(value):
        raise ParseError(f"{value!r} is a unit without a number")
    if looks_like_prose(value):
        # "downward", "classical ideal gas": words, not a product of letters
        words = text_words(value)
        if words is None:
            raise ParseError(f"cannot read {value[:200]!r}")
        return TextAnswer(words, value)
    try:
        expression = parse_expression(value)
    except UnitrewardError:
        words = text_words(value)
        if words is None:
            raise
        return TextAnswer(words, value)
    if expression.is_constant and expression.value is not None:
        return QuantityAnswer(Quantity(expression.value, None, value, exact=True))
    return ExpressionAnswer(expression, None, None, value)


def _with_label(answer: Answer, label: str | None) -> Answer:
    if isinstance(answer, QuantityAnswer):
        return QuantityAnswer(answer.quantity, label)
    if isinstance(answer, ExpressionAnswer):
        return ExpressionAnswer(answer.expression, label, answer.equation, answer.text)
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


def text_words(text: str) -> str | None:
    """A text part in one spelling: LaTeX normalised, lower case, no spaces or braces.

    >>> text_words(r"\\text{Down ward}.") == text_words("downward")
    True
    """
    plain = normalize(_SIZING.sub("", text)).lower()
    plain = _NOT_TEXT.sub("", plain).rstrip(".")
    return plain or None


_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])")
_NOT_TEXT = re.compile(r"[\s{}]+")


def _plus_minus(text: str, depth: int, label: str | None) -> PartsAnswer | None:
    r"""``1 \pm \sqrt 2`` is the set of its two values; ``\pm 3`` of ``-3`` and ``3``."""
    found = list(_PM.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    head, tail = text[: m.start()].strip(), text[m.end() :].strip()
    if not tail:
        return None
    plus = f"{head} + {tail}" if head else tail
    minus = f"{head} - ({tail})" if head else f"-({tail})"
    try:
        parts = (_read_value(plus, depth + 1), _read_value(minus, depth + 1))
    except UnitrewardError:
        return None
    if any(isinstance(p, TextAnswer) for p in parts):
        return None
    return PartsAnswer(parts, False, "", text, label)


def _interval(text: str) -> tuple[tuple[float, float, bool, bool], ...] | None:
    """The pieces of an interval or a union of intervals with numeric ends, else ``None``."""
    pieces: list[tuple[float, float, bool, bool]] = []
    chunks = _CUP.split(text)
    for chunk in chunks:
        enclosed = enclosure(chunk)
        if enclosed is None:
            return None
        opening, inside, closing = enclosed
        if opening == "{":
            return None
        ends = split_parts(inside)
        if len(ends) != 2:
            return None
        low, high = _end(ends[0].text), _end(ends[1].text)
        if low is None or high is None or low > high:
            return None
        infinite = math.isinf(low) or math.isinf(high)
        half_open = opening + closing in ("[)", "(]")
        # "(1, 2)" is a pair as much as an interval: only a half-open, closed-with-infinity
        # or united form is read as an interval here.
        if not (half_open or infinite or len(chunks) > 1 or opening + closing == "[]"):
            return None
        pieces.append((low, high, opening == "[", closing == "]"))
    return tuple(pieces) if pieces else None


def _end(text: str) -> float | None:
    m = _INFINITY.match(text)
    if m is not None:
        return -math.inf if m.group(1) == "-" else math.inf
    try:
        q = parse_quantity(text)
    except UnitrewardError:
        return None
    return q.si_magnitude if not q.has_unit else None
