r"""Answers in words: ``\text{odd}``, ``yes``, ``thorium-234``, ``(C)``, ``12:00``.

A reference that reads as no value, no formula and no several parts may still be a short
answer in words: a name, a parity, a letter, a clock time, a ratio. It is a ``text``
answer when it is one word (``odd``, ``downward``, ``thorium-234``), a clock time or ratio
(``12:00``, ``7:32``), a numeral in a base (``204_5``), a letter in brackets (``(C)``), or
words written as text (``\text{The midpoints form a regular hexagon}``: at most
:data:`MAX_TEXT_WORDS` words and :data:`MAX_TEXT_CHARS` characters). A plain phrase
(``about a hundred``, ``the ball stops``) or one with a number of its own beside the words
(``2.5 ft (approx.)``, a quantity we cannot read) is no reference we can check: a reward of
0 for every paraphrase would be a wrong verdict, so it stays unparseable.

The final answer is read by the usual precedence (every ``\boxed{}``, else the
``<answer>`` tags, else the sentence a final-answer phrase starts, else the last formula,
else the last line), and compared after normalising both: LaTeX text commands, case,
spaces, braces, a final full stop, markdown emphasis and brackets around one token go
(``\text{(C)}`` is ``C``; ``\textbf{Even}`` is ``even``). Several different answers
offered are a hedge (``ambiguous``), as for every kind.

>>> from unitreward.engine.kinds import TextAnswer
>>> judge_text(r"The parity is $\boxed{\text{Odd}}$.", [TextAnswer("odd", r"\text{odd}")]).reason
'correct'
>>> judge_text(r"\boxed{odd} or \boxed{even}", [TextAnswer("odd", "odd")]).reason
'ambiguous'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unitreward.engine.box_offers import box_start, offered_beside_box
from unitreward.engine.extract import (
    answer_tags,
    boxed_spans,
    phrase_region,
)
from unitreward.engine.kinds import TextAnswer
from unitreward.engine.parts import split_label
from unitreward.engine.text import normalize
from unitreward.engine.verdict import AMBIGUOUS, CORRECT, NO_ANSWER, WRONG_VALUE, Verdict

__all__ = [
    "MAX_TEXT_CHARS",
    "MAX_TEXT_WORDS",
    "judge_text",
    "looks_like_prose",
    "ordering_words",
    "text_reference",
    "text_words",
]

#: A text reference has at most this many words ...
MAX_TEXT_WORDS = 6
#: ... and this many characters.
MAX_TEXT_CHARS = 60
#: At most this many answers are compared from one region.
MAX_TEXT_OFFERS = 16

# Plain words (no digits, operators or LaTeX): a word of four letters or more that is not a
# function or a Greek letter makes the text prose rather than a product of letters.
_PROSE = re.compile(r"^[A-Za-z][A-Za-z\s\-,.']*$")
_NAMES = frozenset(
    {"sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "sqrt", "exp",
     "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "iota", "kappa", "lambda",
     "omega", "sigma", "varphi", "varepsilon", "vartheta", "hbar", "infty"}
)  # fmt: skip
_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])")
_NOT_TEXT = re.compile(r"[\s{}]+")
_EMPHASIS = re.compile(r"\*\*|__|`")
_ONE_TOKEN = re.compile(r"^[(\[\"'“‘](?P<inner>[^()\[\],;\s\"'”’]+)[)\]\"'”’]$")
# A short answer in words: words (a hyphenated number may close one: thorium-234) ...
_WORDS = re.compile(r"^[A-Za-z][A-Za-z'\-]*(?:\s+[A-Za-z][A-Za-z'\-]*)*\.?$")
# ... a clock time or a ratio (12:00, 10:00 PM, 7:32), a numeral in a base (204_5) ...
_CLOCK_OR_RATIO = re.compile(r"^\d+(?:\s*:\s*\d+)+(?:\s*[ap]\.?m\.?)?$", re.IGNORECASE)
_BASE_NUMERAL = re.compile(r"^[0-9A-Fa-f]+_\{?\d{1,2}\}?$")
# ... or a letter in brackets ((C), [b]).
_CHOICE = re.compile(r"^[(\[][A-Za-z][)\]]$")
_TEXT_COMMAND = re.compile(r"^\\(?:text|textbf|textit|textrm|mbox|mathrm|operatorname)\s*\{(.*)\}$")
_SENTENCE_END = re.compile(r"(?<=[A-Za-z)\]}$])\.(?=\s|$)|\n")


def looks_like_prose(text: str) -> bool:
    """Plain words (no digits, operators or LaTeX) with a word of four letters or more that
    is not a function or a Greek letter: prose, not a product of letters.

    >>> looks_like_prose("no formula here"), looks_like_prose("mgh"), looks_like_prose("theta")
    (True, False, False)
    >>> looks_like_prose("Yes"), looks_like_prose("odd")
    (True, True)
    """
    return _PROSE.match(text) is not None and any(
        (len(w) >= 4 and w.lower() not in _NAMES) or w.lower() in _SHORT_ANSWER_WORDS
        for w in re.findall(r"[A-Za-z]+", text)
    )


# Short words that answer questions ("yes", "odd", "up"), never products of variables.
_SHORT_ANSWER_WORDS = frozenset({"yes", "no", "odd", "up", "on", "off", "top", "cw", "ccw"})


def text_words(text: str) -> str | None:
    r"""A text answer in one spelling: LaTeX text commands normalised, lower case, no
    spaces, braces, markdown emphasis or final full stop; brackets around one token go.

    >>> text_words(r"\text{Down ward}.") == text_words("downward")
    True
    >>> text_words(r"\text{(C)}"), text_words("**Even**")
    ('c', 'even')
    """
    plain = normalize(_SIZING.sub("", text)).lower()
    plain = _NOT_TEXT.sub("", _EMPHASIS.sub("", plain)).rstrip(".")
    m = _ONE_TOKEN.match(plain)
    if m is not None:
        plain = m.group("inner")
    return plain or None


_ORDER = re.compile(r"<=|>=|≤|≥|<|>|\\(?:leq|geq|le|ge|lt|gt)(?![A-Za-z])")
_GREATER = frozenset({">", ">=", "≥", "\\geq", "\\ge", "\\gt"})
_CLOSED = frozenset({"<=", ">=", "≤", "≥", "\\leq", "\\geq", "\\le", "\\ge"})


def ordering_words(text: str) -> str | None:
    r"""An ordering (``f(2) < f(1) < f(4)``, ``v_A > v_B``) in one spelling: its terms
    from the greatest down, joined by ``>`` or ``>=`` (so ``c < b < a`` is ``a > b > c``).
    ``None`` for anything else, or when any term is a number (an interval, not a ranking).

    >>> ordering_words("f(2) < f(1) < f(4)") == ordering_words(r"f(4) \gt f(1) \gt f(2)")
    True
    >>> ordering_words("0 < x < 1") is None
    True
    """
    if len(text) > 4 * MAX_TEXT_CHARS or not _ORDER.search(text):
        return None
    pieces = _ORDER.split(text)
    relations = _ORDER.findall(text)
    if len(relations) < 1 or any(p.count("(") != p.count(")") for p in pieces):
        return None
    greater = {r in _GREATER for r in relations}
    if len(greater) != 1:
        return None
    terms = [text_words(p) for p in pieces]
    if any(t is None or re.fullmatch(r"[-+]?[\d.]+", t) for t in terms):
        return None
    signs = [">=" if r in _CLOSED else ">" for r in relations]
    if not greater.pop():
        terms, signs = terms[::-1], signs[::-1]
    out = str(terms[0])
    for sign, term in zip(signs, terms[1:], strict=True):
        out += f"{sign}{term}"
    return out


def text_reference(text: str) -> str | None:
    r"""The words of ``text`` when it may be a text reference (short, no number of its own).

    >>> text_reference(r"\text{Even}"), text_reference("12:00"), text_reference("204_5")
    ('even', '12:00', '204_5')
    >>> text_reference("2.5 ft (approx.)") is None, text_reference("the ball stops at the wall and rolls back") is None
    (True, True)
    """
    t = text.strip()
    ordering = ordering_words(t)
    if ordering is not None and len(_ORDER.findall(t)) >= 2:
        return ordering  # a ranking: f(2) < f(1) < f(4)
    m = _TEXT_COMMAND.match(t)
    inner = m.group(1).strip() if m is not None else t
    if not inner or len(inner) > MAX_TEXT_CHARS or "\\" in inner or "$" in inner:
        return None
    if (
        _CLOCK_OR_RATIO.match(inner) is not None
        or _BASE_NUMERAL.match(inner) is not None
        or _CHOICE.match(inner) is not None
    ):
        return text_words(inner)
    if len(inner.split()) > (MAX_TEXT_WORDS if m is not None else 1):
        return None  # plain words: one (odd, downward); more only as \text{...}
    ok = _WORDS.match(inner) is not None or re.match(r"^[A-Za-z]+-\d+$", inner) is not None
    return text_words(inner) if ok else None


def _offers(section: str) -> tuple[str, list[str]]:
    """``(where, answers)``: the answers offered in words, by precedence."""
    spans = boxed_spans(section)
    if spans:
        end = spans[-1][1]  # "\boxed{odd}, or maybe even": offered too
        beside = offered_beside_box(section, box_start(section, end), end)
        return "boxed", [content for content, _ in spans] + beside
    tags = answer_tags(section)
    if tags:
        return "answer tag", tags
    region = phrase_region(section)
    if region is not None and region.strip():
        first = _first_sentence(region)
        at = section.rfind(first)
        if at >= 0 and _CHANGE_OF_MIND.search(section, at + len(first)) is not None:
            return "changed", [first]
        return "marked", [first]
    formulas = re.findall(r"\$\$(.+?)\$\$|\$([^$]+?)\$", section, re.DOTALL)
    if formulas:
        last = formulas[-1]
        return "formula", [last[0] or last[1]]
    lines = [line for line in section.splitlines() if line.strip()]
    return "last line", lines[-1:]


# A sentence after the marked answer that changes it ("Actually no, upward.", "Wait,
# it is odd."): the words offered are no longer one answer.
_CHANGE_OF_MIND = re.compile(
    r"(?:^|(?<=[.!?;:\n]))[\s*_]*(?:actually|wait|oops|sorry|hmm+|correction|on second thought"
    r"|scratch that|i was wrong|no,)(?![A-Za-z])",
    re.IGNORECASE,
)


def _first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text.strip())
    return text.strip()[: m.start()] if m is not None else text.strip()


def _or_split(text: str) -> list[str]:
    return [p for p in re.split(r"\s+or\s+|\\text\s*\{\s*or\s*\}", text) if p.strip()]


def judge_text(section: str, refs: Sequence[TextAnswer]) -> Verdict:
    """The verdict on an answer section against text references (words, a letter, a time).

    >>> judge_text("Final answer: yes.", [TextAnswer("yes", "Yes")]).reward
    1.0
    >>> judge_text("The answer is no.", [TextAnswer("yes", "Yes")]).reason
    'wrong_value'
    >>> judge_text("The answer is yes. Actually no, it is no.", [TextAnswer("yes", "Yes")]).reason
    'ambiguous'
    """
    expected = refs[0].text
    where, found = _offers(section)
    offered: list[str] = []
    for piece in (p for f in found for p in _or_split(f.strip().strip("$").strip())):
        label, _, value = split_label(piece)  # "\\omega = const" answers "const"
        words = ordering_words(piece) or text_words(value if label is not None else piece)
        if words is not None and words not in offered:
            offered.append(words)
    if not offered:
        return Verdict(0.0, NO_ANSWER, None, expected, "no final answer found")
    if where == "changed":
        shown = offered[0][:300]
        return Verdict(
            0.0, AMBIGUOUS, shown, expected, f"the marked answer {shown!r} is changed after it"
        )
    if len(offered) > 1:
        shown = " | ".join(offered[:4])[:300]
        return Verdict(
            0.0,
            AMBIGUOUS,
            shown,
            expected,
            f"the {where} answer offers {len(offered)} answers: {shown}",
        )
    answer = offered[0]
    for ref in refs:
        if answer == ref.words:
            return Verdict(1.0, CORRECT, answer, ref.text, f"{answer!r} says {ref.text!r}", True)
    return Verdict(0.0, WRONG_VALUE, answer, expected, f"{answer!r} does not say {expected!r}")
