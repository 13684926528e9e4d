"""The question a completion answers: its givens and the options of a multiple-choice one.

With the question known, the policy can tell a restated given from an answer (an answer
that only restates a given of another unit is ``echoed_given``) and options listed back
from an answer. :func:`parse_question` reads a question once (cached per question, since
every completion of a GRPO group shares its prompt).

>>> q = parse_question("A car moves at 54 km/h. (A) 15 m/s (B) 20 m/s")
>>> [str(g) for _, g in q.givens], [[str(v) for v in o] for o in q.options]
(['54 km/h'], [['15 m/s'], ['20 m/s']])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from unitreward.engine.policy import option_spans
from unitreward.engine.quantity import Quantity
from unitreward.engine.quantity_scan import scan_quantities
from unitreward.engine.text import clean_text, normalize

__all__ = ["Question", "parse_question", "question_text", "same_value"]


@dataclass(frozen=True)
class Question:
    """What a question states: its givens and the options of a multiple-choice question.

    Attributes:
        text: The question, cleaned and normalised.
        givens: ``(start, quantity)`` of each quantity it states outside its options.
        options: The quantities of each option, in order (empty when it has none).
    """

    text: str
    givens: tuple[tuple[int, Quantity], ...]
    options: tuple[tuple[Quantity, ...], ...] = ()

    def given_like(self, q: Quantity) -> int | None:
        """Where a given with the same value and unit as ``q`` starts, or ``None``.

        >>> from unitreward.engine.quantity import parse_quantity
        >>> parse_question("A car moves at 54 km/h.").given_like(parse_quantity("54 kilometers per hour"))
        15
        """
        for start, given in self.givens:
            if same_value(q, given):
                return start
        return None

    def option_of(self, q: Quantity) -> int | None:
        """The index of the option whose value ``q`` is (same value and unit), or ``None``.

        >>> from unitreward.engine.quantity import parse_quantity
        >>> parse_question("(A) 3 m (B) 4 m").option_of(parse_quantity("4 m"))
        1
        """
        for i, values in enumerate(self.options):
            if any(same_value(q, v) for v in values):
                return i
        return None


def question_text(prompt: Any) -> str | None:
    """The question in a prompt: the text, or the user turns of a conversation.

    >>> question_text([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "How far?"}])
    'How far?'
    >>> question_text(None) is None
    True
    """
    if prompt is None:
        return None
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, Mapping):
        prompt = [prompt]
    if isinstance(prompt, Sequence) and not isinstance(prompt, (bytes, bytearray)):
        turns = []
        for message in prompt:
            if isinstance(message, Mapping) and message.get("role", "user") == "user":
                content = message.get("content")
                if isinstance(content, list):  # multimodal parts
                    content = " ".join(
                        str(p.get("text", "")) for p in content if isinstance(p, Mapping)
                    )
                if isinstance(content, str):
                    turns.append(content)
        return "\n".join(turns) if turns else None
    return None


def parse_question(question: Any) -> Question | None:
    """Read a question (a string, or chat messages) once: its givens and options.

    ``None`` (no question) stays ``None``: then no rule about the question applies. Cached
    per question, since every completion of a GRPO group shares its prompt.

    >>> q = parse_question("Which is a length? (A) 120 m/s (B) 120 m")
    >>> len(q.givens), [[str(v) for v in o] for o in q.options]
    (0, [['120 m/s'], ['120 m']])
    """
    text = question_text(question)
    if text is None or not text.strip():
        return None
    if len(text) > 20_000:  # a prompt this long states too much to tell givens apart
        text = text[:20_000]
    return _parse_question(text)


@lru_cache(maxsize=1024)
def _parse_question(text: str) -> Question:
    norm = normalize(clean_text(text))
    found = scan_quantities(norm).quantities
    options = option_spans(norm)
    if not options:
        return Question(norm, tuple((s, q) for s, _, q in found))
    givens = tuple((s, q) for s, e, q in found if not any(lo <= s < hi for lo, hi in options))
    option_values = tuple(tuple(q for s, _, q in found if lo <= s < hi) for lo, hi in options)
    return Question(norm, givens, option_values)


def same_value(a: Quantity, b: Quantity) -> bool:
    """The same value in the same unit, however the unit is spelled (``m`` and ``metres``).

    >>> from unitreward.engine.quantity import parse_quantity
    >>> same_value(parse_quantity("20 m"), parse_quantity("20.0 metres"))
    True
    >>> same_value(parse_quantity("20 m"), parse_quantity("0.02 km"))
    False
    """
    if (a.unit is None) != (b.unit is None):
        return False
    if a.unit is not None and b.unit is not None:
        if a.unit.dims != b.unit.dims or a.unit.offset != b.unit.offset:
            return False
        if not math.isclose(a.unit.factor, b.unit.factor, rel_tol=1e-9):
            return False
    return math.isclose(a.magnitude, b.magnitude, rel_tol=1e-9, abs_tol=1e-300)
