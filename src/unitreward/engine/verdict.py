"""The :class:`Verdict` returned by :func:`unitreward.check` and its reasons."""

from __future__ import annotations

from dataclasses import dataclass

from unitreward.engine.records import quick_init

__all__ = [
    "AMBIGUOUS",
    "CORRECT",
    "ECHOED_GIVEN",
    "MISSING_UNIT",
    "NO_ANSWER",
    "REASONS",
    "RETRACTED",
    "UNPARSEABLE_ANSWER",
    "UNPARSEABLE_REFERENCE",
    "WRONG_DIMENSION",
    "WRONG_VALUE",
    "Verdict",
]

CORRECT = "correct"
WRONG_VALUE = "wrong_value"
WRONG_DIMENSION = "wrong_dimension"
MISSING_UNIT = "missing_unit"
AMBIGUOUS = "ambiguous"
RETRACTED = "retracted"
ECHOED_GIVEN = "echoed_given"
NO_ANSWER = "no_answer"
UNPARSEABLE_ANSWER = "unparseable_answer"
UNPARSEABLE_REFERENCE = "unparseable_reference"

#: Every reason a verdict can carry, in a stable order (used for log columns).
REASONS: tuple[str, ...] = (
    CORRECT,
    WRONG_VALUE,
    WRONG_DIMENSION,
    MISSING_UNIT,
    AMBIGUOUS,
    RETRACTED,
    ECHOED_GIVEN,
    NO_ANSWER,
    UNPARSEABLE_ANSWER,
    UNPARSEABLE_REFERENCE,
)


@quick_init
@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of checking one completion against its references.

    Attributes:
        reward: The score in ``[0, 1]``; ``float('nan')`` never appears. For an
            ``unparseable_reference`` the reward is ``0.0`` here, and the TRL
            rewards turn it into ``None`` so the trainer skips the sample.
        reason: One of :data:`REASONS`.
        answer: The extracted final answer (text), or ``None`` if there was none.
        expected: The reference it was compared with (the closest one when
            several were given).
        detail: One human-readable sentence explaining the verdict.
        dimension_ok: Whether the final answer has the dimension of the
            reference (what :class:`unitreward.UnitDimension` rewards).
        parts: For a reference in several parts, each part's own verdict, in the
            reference's order (empty otherwise).

    >>> from unitreward.engine import check
    >>> v = check("The displacement is 0.12 km", "120 m")
    >>> v.reward, v.reason, v.answer
    (1.0, 'correct', '0.12 km')
    >>> print(v)
    correct (reward 1.0): '0.12 km' = 120 m, expected '120 m'
    """

    reward: float
    reason: str
    answer: str | None
    expected: str
    detail: str = ""
    dimension_ok: bool = False
    parts: tuple[Verdict, ...] = ()

    @property
    def correct(self) -> bool:
        """``True`` when the reason is ``correct``.

        >>> from unitreward.engine import check
        >>> check("x = 3 m", "3 m").correct
        True
        """
        return self.reason == CORRECT

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict of every field.

        >>> from unitreward.engine import check
        >>> sorted(check("3 m", "3 m").to_dict())
        ['answer', 'detail', 'dimension_ok', 'expected', 'parts', 'reason', 'reward']
        """
        return {
            "reward": self.reward,
            "reason": self.reason,
            "answer": self.answer,
            "expected": self.expected,
            "detail": self.detail,
            "dimension_ok": self.dimension_ok,
            "parts": [p.to_dict() for p in self.parts],
        }

    def __str__(self) -> str:
        text = f"{self.reason} (reward {round(self.reward, 4)})"
        return f"{text}: {self.detail}" if self.detail else text
