r"""The answer kinds: what a reference is, and so how a final answer is read and compared.

=============  ==========================================  ===============================
kind           the reference                               compared by
=============  ==========================================  ===============================
``quantity``   ``120 m``, ``2.5 \,\mathrm{kJ}``, a pint    value within tolerance after
               ``Quantity``                                conversion; dimension must match
``number``     ``0.25``, ``\frac{\sqrt 3}{2}``, ``42``     value within tolerance
``expression`` ``\frac{q_0}{\sqrt{2LC}}``,                 agreement at seeded random points
               ``t = \frac{2v_0\sin\theta}{g}`` (labelled),  of the variables (in SI, with the
               ``\sqrt{2gh}\,\mathrm{m/s}`` (with a unit)    dimension checked, with a unit)
``equation``   ``x^2 + y^2 = 1``                           the same up to rearrangement and a
                                                           nonzero factor
``parts``      ``R = 5 Ω, P = 20 W``, ``(3, 2, 7)``,        every part right: by label, else in
               ``\{1, 2\}``, ``(1, 2), (2, 1)``             order (sets: in any order)
``interval``   ``[0, 1)``, ``x \ge 5``, ``0 < f(x) < 1``   the same pieces, ends within
                                                           tolerance; inequalities as intervals
``matrix``     ``\begin{pmatrix}1 & 0\\0 & 1\end{pmatrix}`` the same shape, every entry right
``text``       ``\text{odd}``, ``yes``, ``12:00``          the same words (case, spacing and
                                                           ``\text{}`` aside)
=============  ==========================================  ===============================

Reading a reference into its kind is :mod:`unitreward.engine.answers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from unitreward.engine.expression import Equation, Expression
from unitreward.engine.quantity import Quantity
from unitreward.engine.records import quick_init
from unitreward.engine.units import UnitInfo

__all__ = [
    "Answer",
    "EquationAnswer",
    "ExpressionAnswer",
    "IntervalAnswer",
    "MatrixAnswer",
    "PartsAnswer",
    "QuantityAnswer",
    "TextAnswer",
]


@quick_init
@dataclass(frozen=True, slots=True)
class QuantityAnswer:
    """A number with a unit (``quantity``) or without one (``number``).

    >>> from unitreward.engine.answers import parse_reference
    >>> a = parse_reference("T_E = 290 K")
    >>> a.kind, a.label, a.quantity.magnitude
    ('quantity', 'T_E', 290.0)
    """

    quantity: Quantity
    label: str | None = None

    @property
    def kind(self) -> Literal["quantity", "number"]:
        """``quantity`` when a unit other than ``%`` is written, else ``number``.

        >>> from unitreward.engine.answers import parse_reference
        >>> parse_reference("25%").kind
        'number'
        """
        return "quantity" if self.quantity.has_unit else "number"

    @property
    def text(self) -> str:
        """The reference as written.

        >>> from unitreward.engine.answers import parse_reference
        >>> parse_reference("120 m").text
        '120 m'
        """
        return self.quantity.text


@dataclass(frozen=True, slots=True)
class ExpressionAnswer:
    r"""A symbolic expression; ``label`` when the reference names it (``t = ...``).

    A labelled reference accepts its right-hand side alone and the same equation with
    the label.

    >>> from unitreward.engine.answers import parse_reference
    >>> a = parse_reference(r"t = \frac{2 v_0}{g}")
    >>> a.kind, a.label, sorted(a.expression.variables)
    ('expression', 't', ['g', 'v_0'])
    """

    expression: Expression
    label: str | None = None
    equation: Equation | None = None
    text: str = ""
    unit: UnitInfo | None = None

    @property
    def kind(self) -> Literal["expression"]:
        """Always ``expression``.

        >>> from unitreward.engine.answers import parse_reference
        >>> parse_reference("m g h").kind
        'expression'
        """
        return "expression"


@dataclass(frozen=True, slots=True)
class EquationAnswer:
    """An equation with no label: ``x^2 + y^2 = 1``.

    >>> from unitreward.engine.answers import parse_reference
    >>> parse_reference("x^2 + y^2 = 1").kind
    'equation'
    """

    equation: Equation
    text: str = ""

    @property
    def kind(self) -> Literal["equation"]:
        """Always ``equation``.

        >>> from unitreward.engine.answers import parse_reference
        >>> parse_reference("x + y = 1").kind
        'equation'
        """
        return "equation"


@dataclass(frozen=True, slots=True)
class TextAnswer:
    r"""A part we read as text, not a value: words (``\text{downward}``), and forms we do not
    evaluate (an inequality, a derivative). Equal when the texts are, after normalising
    LaTeX, case, spaces and braces.

    >>> from unitreward.engine.answers import parse_reference
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

    >>> from unitreward.engine.answers import parse_reference
    >>> parse_reference("[0, 1)").pieces
    ((0.0, 1.0, True, False),)
    """

    pieces: tuple[tuple[float, float, bool, bool], ...]
    text: str = ""
    label: str | None = None

    @property
    def kind(self) -> Literal["interval"]:
        """Always ``interval``.

        >>> from unitreward.engine.answers import parse_reference
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

    >>> from unitreward.engine.answers import parse_reference
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

        >>> from unitreward.engine.answers import parse_reference
        >>> parse_reference("(3, 2, 7)").kind
        'parts'
        """
        return "parts"

    @property
    def labelled(self) -> bool:
        """Whether every part has a label (labelled parts match by label).

        >>> from unitreward.engine.answers import parse_reference
        >>> parse_reference("R = 5 Ω, P = 20 W").labelled
        True
        """
        return all(getattr(p, "label", None) for p in self.parts)


@dataclass(frozen=True, slots=True)
class MatrixAnswer:
    r"""A matrix (or a column vector): rows of entries, each an answer of its own kind.

    >>> from unitreward.engine.answers import parse_reference
    >>> m = parse_reference(r"\begin{pmatrix}1 & 0 \\ 0 & x\end{pmatrix}")
    >>> m.kind, m.shape, [p.kind for row in m.rows for p in row]
    ('matrix', (2, 2), ['number', 'number', 'number', 'expression'])
    """

    rows: tuple[tuple[Answer, ...], ...]
    text: str = ""
    label: str | None = None

    @property
    def kind(self) -> Literal["matrix"]:
        """Always ``matrix``.

        >>> MatrixAnswer(()).kind
        'matrix'
        """
        return "matrix"

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)``.

        >>> MatrixAnswer(((), ())).shape
        (2, 0)
        """
        return len(self.rows), (len(self.rows[0]) if self.rows else 0)


Answer: TypeAlias = (
    QuantityAnswer
    | ExpressionAnswer
    | EquationAnswer
    | TextAnswer
    | IntervalAnswer
    | PartsAnswer
    | MatrixAnswer
)
