r"""What a text takes back, only asks about, or notes: rules over value spans that find the
values a final answer does *not* offer (section 8 of the verdict policy).

* :func:`notes` finds the values that are part of a note on precision (``(to 2 s.f.)``);
* :func:`denied` marks values under a negation (``not 120 m``), followed by a denial
  (``120 m (this is wrong)``), struck out (``~~120 m~~``) or retracted by the next
  sentence ("That was a mistake."); :func:`denied_span` asks the same of one span;
* :func:`uncommitted` marks values the text only asks about ("Is it 120 m?") or
  attributes to someone's guess ("One might guess 120 m");
* :func:`strikes_as_tildes` writes LaTeX strike-outs as Markdown ones, and :func:`blank`
  blanks notes out of a text, keeping positions.

Like :mod:`unitreward.engine.policy` (the hedges: alternatives, ranges, the answer part of
a marked sentence), the rules look only at text and at where values are, never at what a
value is. Each reads a short window around a span; the literal words every rule needs are
looked for first, once per text, so a span with none of them near it costs one search in C.

>>> text = "It is not 80 m; it is 120 m. Is it 12 s?"
>>> spans = [(10, 14), (22, 27), (35, 39)]
>>> denied(text, spans), uncommitted(text, spans)
([True, False, False], [False, False, True])
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from unitreward.engine.text import SENTENCE_END, closing_brace

__all__ = [
    "DENIAL_WINDOW",
    "NEGATION_WINDOW",
    "RETRACTION_WINDOW",
    "blank",
    "denied",
    "denied_span",
    "notes",
    "strikes_as_tildes",
    "uncommitted",
]

Span = tuple[int, int]

# ------------------------------------------------------------------------------ notes

# Notes on precision and rounding: their numbers are not values ("120 m (to 2 s.f.)",
# "to 3 significant figures", "rounded to the nearest 10 m").
_NOTE = re.compile(
    r"""
    (?:\b(?:correct|rounded|accurate|given|quoted)\s+)?(?:\bto\s+)?
    \b\d{1,2}\s*(?:s\.\s?f\.?|sf\b|S\.\s?F\.?|SF\b|sig\.?\s*figs?\b\.?|sig(?:nificant)?\s+(?:figures?|digits?)\b
        |d\.\s?p\.?|dp\b|decimal\s+places?\b)
    | \b(?:to|rounded\s+to)\s+the\s+nearest\s+(?:whole\s+)?\d[\d.,]*
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Literal pieces of every note, looked for right after a value (or "nearest" before it).
_NOTE_KEYS = (
    ".f", ".p", "sf", "SF", "S.F", "sig", "Sig", "d.p", "D.P", "dp", "DP", "decimal", "ignif",
)  # fmt: skip


_NOTE_KEY = re.compile("|".join(re.escape(k) for k in _NOTE_KEYS))


def notes(text: str, spans: Sequence[Span]) -> list[Span | None]:
    """For each span, the note on precision it is part of (``(to 2 s.f.)``), or ``None``.

    >>> text = "120 m (to 2 s.f.), to the nearest 10 m"
    >>> notes(text, [(0, 5), (10, 13), (34, 38)])
    [None, (7, 16), (19, 36)]
    """
    out: list[Span | None] = []
    for start, end in spans:
        found: Span | None = None
        if (
            _NOTE_KEY.search(text, end, end + 16) is not None
            or text.find("nearest", max(0, start - 24), start) >= 0
        ):
            for m in _NOTE.finditer(text, max(0, start - 30), min(len(text), end + 30)):
                if m.start() <= start < m.end():
                    found = m.span()
                    break
        out.append(found)
    return out


def blank(text: str, found: Sequence[Span]) -> str:
    """``text`` with the given spans replaced by spaces (positions are kept).

    >>> blank("120 m (to 2 s.f.)", [(7, 16)])
    '120 m (         )'
    """
    if not found:
        return text
    parts = []
    pos = 0
    for lo, hi in sorted(found):
        lo = max(lo, pos)
        parts.append(text[pos:lo])
        parts.append(" " * max(0, hi - lo))
        pos = max(pos, hi)
    parts.append(text[pos:])
    return "".join(parts)


# ----------------------------------------------------------------------------- denials

_FILLER = (
    r"(?:exactly|quite|simply|just|really|actually|precisely|necessarily|definitely|certainly"
    r"|surely|at\s+all|even|equal(?:\s+to)?|equals|be|been|the|a|an|answer|value|result"
    r"|final|correct|right|=|:|,|\(|\{|\$|\\text\s*\{|\\mathrm\s*\{|\\[(\[])"
)
# A negation that governs the value right after it; only filler words may stand between.
_NEGATED = re.compile(
    r"(?:\b(?:not|cannot|never|no\s+longer|rather\s+than|instead\s+of|other\s+than|except"
    r"|neither|nor)\b|n['’]t\b|≠|!=|=/=|\\neq?(?![A-Za-z]))"
    rf"[\s~*_$]*(?:{_FILLER}[\s~*_$]*)*$",
    re.IGNORECASE,
)
# A denial right after the value: "120 m (this is wrong)", "120 m, but that is incorrect".
_DENIAL_AFTER = re.compile(
    r"""
    [\s)\]}*_~$]*(?:\\[)\]]\s*)?(?:[,;:–—-]\s*|\(\s*)?(?:\\(?:text|mathrm|textrm)\s*\{\s*)?
    (?:(?:but|and|so)\s+)?
    (?:(?:this|that|it|which|the\s+(?:value|answer|result))\s*(?:['’]s\s+)?)?
    (?:(?:value|answer|result|number|figure|guess|estimate)\s+)?
    (?:(?:is|was|are|were|would\s+be|seems?(?:\s+to\s+be)?|looks?)\s+)?
    (?:(?:definitely|clearly|obviously|actually|probably|certainly|also|surely|simply)\s+)?
    (?:(?:wrong|incorrect|not\s+(?:correct|right|it|the\s+(?:right\s+|correct\s+|final\s+)?answer)
      |a\s+mistake|an?\s+(?:error|mistake|typo|miscalculation)|mistaken|ruled\s+out)\b
      |(?:false|invalid|erroneous|rejected)\b(?=\s*(?:[.,;:!?)\]}]|$|and\b|but\b|because\b|since\b)))
    | [\s)\]}]*[✗✘❌]
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A sentence that takes back the one before it.
_RETRACTION = re.compile(
    r"""
    (?:^|(?<=[.!?;:\n(—–]))[\s*_]*
    (?:(?:no|nope|wait|oops|hmm+|ah|oh|actually|sorry|well|but|hold\s+on|on\s+(?:reflection
      |second\s+thought|closer\s+inspection))\b[\s,.!…-]*)*
    (?:(?:that|this|it)(?:['’]s|\s+(?:is|was|were|would\s+be))\s+
        (?:(?:all|definitely|clearly|obviously|actually|completely|totally)\s+)?
        (?:wrong|incorrect|not\s+(?:right|correct)|a\s+mistake|an\s+error|mistaken|false)
      |scratch\s+that|strike\s+that|i\s+(?:was|am)\s+wrong|i\s+made\s+(?:a|an)\s+(?:mistake|error)
      |my\s+(?:mistake|bad)|(?:disregard|ignore)\s+(?:that|this|the\s+(?:above|previous|last)
      |what\s+i\s+(?:said|wrote))|that\s+(?:can(?:not|['’]t)|could\s?n['’]t)\s+be\s+right
      |correction\b
      |(?:actually|wait|hmm+|oh|well)[\s,.!…-]+no\b(?=\s*[,.!:;…-]|\s+wait\b|\s*$)
      |no[\s,.!…-]+wait\b|nope\b)
    """,
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)
# Struck-out text: ~~...~~, \sout{...}, \cancel{...}, <del>...</del>.
_STRIKE = re.compile(
    r"~~(?!~)(?P<tilde>[^\n]*?)~~|<(?P<tag>s|del|strike)>(?P<html>.*?)</(?P=tag)>"
    r"|\\(?:sout|st|cancel|bcancel|xcancel|strikethrough|hcancel)\s*\{",
    re.IGNORECASE | re.DOTALL,
)


#: How far around a value its denial is looked for: a negation before it, a denial or a
#: strike-out after it, a retraction in the text that follows it (up to the next value).
NEGATION_WINDOW = 60
DENIAL_WINDOW = 120
RETRACTION_WINDOW = 300


def denied(text: str, spans: Sequence[Span]) -> list[bool]:
    """For each span, whether the text denies, retracts or strikes out what it holds.

    A span is denied when a negation governs it (``not``, ``n't``, ``never``, ``rather
    than``, ``instead of``, ``≠``; only filler such as "exactly" or "equal to" may stand
    between), when a denial follows it (``(this is wrong)``, ``, but that is incorrect``,
    ``is not correct``), when it is struck out (``~~...~~``, ``\\sout{}``, ``\\cancel{}``,
    ``<del>``), or when a sentence after it, before the next span, takes it back ("That
    was a mistake.", "Scratch that.", "I was wrong.", "Correction:"), with the other spans
    of its sentence. Each test reads a short window around the span, so the work grows
    with the number of spans, not with the length of the text.

    >>> text = "One might guess 120 m, but that is incorrect. The speed is not constant; it is 12 m/s."
    >>> denied(text, [(16, 21), (79, 85)])
    [True, False]
    >>> denied("I got 80 m. Scratch that: ~~90 m~~ 120 m", [(6, 10), (28, 32), (35, 40)])
    [True, True, False]
    """
    out = [False] * len(spans)
    if not spans or (len(text) <= 4096 and not _may_deny(text)):
        return out
    n = len(text)
    keys = _Keys.of(text) if len(spans) > 2 else None
    for i, (start, end) in enumerate(spans):
        if _denied_here(text, start, end, keys):
            out[i] = True
    for i, (_, end) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else n
        if _retracted_after(text, end, stop, keys):
            # the span's sentence is taken back: it and the spans before it in that sentence
            begin = _sentence_start(text, spans[i][0])
            j = i
            while j >= 0 and spans[j][0] >= begin:
                out[j] = True
                j -= 1
    return out


# Literal pieces of every negation, denial, retraction and strike-out (in lower case): a
# text or window without any of them denies nothing, and the patterns are not run.
_NEGATION_KEYS = ("not", "n't", "n’t", "never", "longer", "rather", "instead", "other than",
                  "except", "neither", "nor", "≠", "!=", "=/=", "\\ne")  # fmt: skip
_DENIAL_KEYS = ("wrong", "incorrect", "not", "mistake", "error", "typo", "false", "invalid",
                "rejected", "ruled out", "✗", "✘", "❌")  # fmt: skip
_RETRACTION_KEYS = ("wrong", "incorrect", "not", "mistake", "error", "false", "scratch",
                    "strike", "my bad", "disregard", "ignore", "correction", "be right",
                    "actually", "wait", "nope", "hmm", "oh", "well")  # fmt: skip
_STRIKE_KEYS = ("~~", "<s>", "<del", "<strike", "\\sout", "\\st", "cancel")


_KEY_SETS = {
    "negation": _NEGATION_KEYS,
    "denial": _DENIAL_KEYS,
    "retraction": _RETRACTION_KEYS,
    # every mark _struck looks for before a span, in lower case (a superset of its tests)
    "strike": _STRIKE_KEYS,
}


def _any_key(keys: Sequence[str]) -> re.Pattern[str]:
    """One search for any of ``keys``: ``pattern.search(text, lo, hi)`` finds one exactly
    when some key lies wholly in ``text[lo:hi]``."""
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


# The words of every negation, denial and retraction (apostrophes dropped: "isnt"), and
# the symbols. _may_deny splits a window into words with one str.translate (lower case,
# punctuation to spaces) and one str.split, both in C.
_DENY_WORDS = frozenset(
    [
        "not",
        "nor",
        "never",
        "neither",
        "cannot",
        "longer",
        "rather",
        "instead",
        "other",
        "except",
        "wrong",
        "incorrect",
        "mistake",
        "mistakes",
        "mistaken",
        "error",
        "errors",
        "typo",
        "false",
        "invalid",
        "rejected",
        "ruled",
        "scratch",
        "strike",
        "bad",
        "disregard",
        "ignore",
        "correction",
        "right",
        "actually",
        "wait",
        "nope",
        "hmm",
        "oh",
        "well",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "doesnt",
        "dont",
        "didnt",
        "cant",
        "couldnt",
        "wont",
        "wouldnt",
        "shouldnt",
        "hasnt",
        "havent",
        "aint",
        "ne",
        "sout",
        "cancel",
        "bcancel",
        "xcancel",
        "strikethrough",
        "del",
        "st",
    ]
)
_WORD_TABLE = str.maketrans(
    {
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
        **{p: " " for p in '.,;:!?()[]{}<>"*_`~$|/=+-^&#@%0123456789\\'},
        "'": None,
        "’": None,
    }
)
# the same words as bytes too (see _words)
_DENY_WORDS_ANY: frozenset[str | bytes] = _DENY_WORDS | {w.encode("ascii") for w in _DENY_WORDS}
_UNICODE_SPACE = re.compile(r"[^\S\x00-\x7f]")  # a space outside ASCII (str.split splits there)
# _WORD_TABLE for ASCII text as bytes; \x1c-\x1f become spaces (str.split splits there,
# bytes.split does not).
_WORD_BYTES = bytes(
    ord(" ") if 0x1C <= c <= 0x1F else ord(chr(c).translate(_WORD_TABLE) or chr(c))
    for c in range(256)
)  # "'" is deleted by the translate call, not by the table


def _words(text: str) -> list[str] | list[bytes]:
    """``text.translate(_WORD_TABLE).split()``, as bytes where that gives the same words.

    The bytes table is ~40x faster than a str table. UTF-8 keeps every non-ASCII character
    inside its word, as the str split does, unless the character is a space.
    """
    if "’" in text:
        text = text.replace("’", "")
    if not text.isascii() and _UNICODE_SPACE.search(text) is not None:
        return text.translate(_WORD_TABLE).split()
    return text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES, b"'").split()


def _may_deny(text: str) -> bool:
    """Whether ``text`` holds any word or symbol of a denial (a cheap test before the patterns).

    >>> _may_deny("The car travels 120 m in 10 s."), _may_deny("It isn't 120 m.")
    (False, True)
    """
    if not _DENY_WORDS_ANY.isdisjoint(_words(text)):
        return True
    if "~~" in text or "!=" in text or "=/=" in text or ("<" in text and "<s>" in text.lower()):
        return True
    return not text.isascii() and any(k in text for k in ("≠", "✗", "✘", "❌"))


_TERMINATOR = re.compile(r"[.!?](?=\s|$)|[;\n]|[?!]")
# A sentence that asks ("Is it 120 m", "Could it be 96 m?") commits to nothing, with or
# without its question mark.
_INTERROGATIVE = re.compile(
    r"[\s*_>\"'(]*(?:so|but|and|or|hmm+|well|wait|then)?[\s,]*"
    r"(?:is|are|was|were|could|would|might|can|should|does|do|did|will|shall)\s+"
    r"(?:it|this|that|the\s+\w+|there|we|you|they)\b",
    re.IGNORECASE,
)
# A value someone else might give ("One might guess 120 m", "a naive estimate is 80 m",
# "it is tempting to say 80 m") is considered, not answered.
_TENTATIVE = re.compile(
    r"(?:\b(?:one|you|someone|somebody|some\s+people|people|students?|a\s+student)\s+"
    r"(?:might|could|may|would)\s+(?:naively\s+|first\s+)?"
    r"(?:guess|think|expect|say|assume|suppose|imagine|believe|answer|conclude|write)"
    r"|\b(?:naive|tempting|first|quick|rough)\s+(?:guess|estimate|answer|thought|instinct|reading)"
    r"|\btempting\s+to\s+(?:say|guess|think|answer|write)|\bat\s+first\s+glance"
    r"|\b(?:expected|reference|official|grader'?s)\s+(?:answer|value|result)|\bgrader)\b"
    r"(?:(?!\bbut\b|\bhowever\b)[^.!?;,\n])*$",
    re.IGNORECASE,
)


def uncommitted(text: str, spans: Sequence[Span]) -> list[bool]:
    """For each span, whether the text only asks about it or considers it.

    A value in a question ("Is it 120 m? I do not know.", or "Is it 120 m" with the
    question mark cut off), one attributed to someone's guess ("One might guess 120 m",
    "a naive estimate is 80 m") or to someone else ("the expected answer is 120 m", a note
    to the grader) is not offered as the answer.

    >>> uncommitted("Is it 120 m? It is 96 m.", [(6, 11), (19, 23)])
    [True, False]
    >>> uncommitted("One might guess 120 m, but it is 96 m", [(16, 21), (33, 37)])
    [True, False]
    """
    out = [False] * len(spans)
    if not spans:
        return out
    asks = "?" in text
    lowered = ""  # the text in lower case, made when a sentence before a value is read
    rfind = text.rfind
    for i, (start, end) in enumerate(spans):
        if asks:
            m = _TERMINATOR.search(text, end, min(len(text), end + 200))
            if m is not None and m.group(0) == "?" and not _or_question(text, start):
                out[i] = True
                continue
        lo = max(0, start - 120)
        # where the sentence starts: after the last end mark in the window (one C call each)
        last = max(
            rfind(".", lo, start),
            rfind("!", lo, start),
            rfind("?", lo, start),
            rfind(";", lo, start),
            rfind("\n", lo, start),
        )
        begin = last + 1 if last >= 0 else lo
        if begin >= start:  # nothing before the value in its sentence: neither pattern reads
            continue
        interrogative = _INTERROGATIVE.match(text, begin, start)
        if interrogative is not None and not _OR_QUESTION.match(text, begin, start):
            out[i] = True
            continue
        if not lowered:
            lowered = text.lower()
        if _TENTATIVE_KEY.search(lowered, begin, start) is not None and _TENTATIVE.search(
            text, begin, start
        ):
            out[i] = True
    return out


#: A question that starts with "or" offers its value ("120 m. Or was it 60 m?").
_OR_QUESTION = re.compile(r"[\s*_]*or\b", re.IGNORECASE)


def _or_question(text: str, start: int) -> bool:
    lo = max(0, start - 120)
    last = max(text.rfind(".", lo, start), text.rfind("!", lo, start), text.rfind("?", lo, start))
    return last >= 0 and _OR_QUESTION.match(text, last + 1, start) is not None


_TENTATIVE_KEYS = (
    "might", "could", "may", "would", "naive", "tempting", "first", "quick", "rough", "expected",
    "reference", "official", "grader",
)  # fmt: skip
_TENTATIVE_KEY = _any_key(_TENTATIVE_KEYS)


def denied_span(text: str, start: int, end: int) -> bool:
    """:func:`denied` for one span alone (a retraction is looked for up to 300 characters on).

    >>> denied_span("So $\\\\boxed{3 m}$ (this is wrong).", 4, 15)
    True
    """
    window = text[max(0, start - NEGATION_WINDOW) : end + RETRACTION_WINDOW]
    if not _may_deny(window):
        return False
    return _denied_here(text, start, end) or _retracted_after(text, end, len(text))


class _Keys:
    """Where the literal words of each rule occur in a text, in lower case: whether a
    window holds one (``any(k in text[lo:hi].lower() for k in keys)``) is then a bisection,
    not a slice, a copy and a search per key for every value (for texts up to 4,096
    characters; longer ones are tested window by window)."""

    __slots__ = ("_found",)

    def __init__(self, lowered: str) -> None:
        found: dict[str, list[int]] = {}
        for keys in _KEY_SETS.values():
            for key in keys:
                if key not in found:
                    at, where = lowered.find(key), []
                    while at >= 0:
                        where.append(at)
                        at = lowered.find(key, at + 1)
                    found[key] = where
        self._found: dict[str, tuple[list[int], list[int]]] = {}
        for kind, keys in _KEY_SETS.items():
            spans = sorted((at, at + len(key)) for key in keys for at in found[key])
            self._found[kind] = ([a for a, _ in spans], [b for _, b in spans])

    @staticmethod
    def of(text: str) -> _Keys | None:
        """The index of ``text``, or ``None`` where it would not pay or not hold (a long
        text; a lower case that moves positions, as ``"İ"`` does)."""
        if len(text) > 4096:
            return None
        lowered = text.lower()
        return _Keys(lowered) if len(lowered) == len(text) else None

    def within(self, kind: str, lo: int, hi: int) -> bool:
        """Whether a word of ``kind`` lies wholly in ``[lo, hi)``."""
        starts, ends = self._found[kind]
        i = bisect_left(starts, max(lo, 0))
        while i < len(starts) and starts[i] < hi:
            if ends[i] <= hi:
                return True
            i += 1
        return False


def _denied_here(text: str, start: int, end: int, keys: _Keys | None = None) -> bool:
    lo = max(0, start - NEGATION_WINDOW)
    hi = min(len(text), end + DENIAL_WINDOW)
    if keys is None:
        negation = any(k in text[lo:start].lower() for k in _NEGATION_KEYS)
        denial = any(k in text[end:hi].lower() for k in _DENIAL_KEYS)
        strike = True  # _struck tests the window itself
    else:
        negation = keys.within("negation", lo, start)
        denial = keys.within("denial", end, hi)
        strike = keys.within("strike", start - RETRACTION_WINDOW, start)
    return (
        (negation and _NEGATED.search(text[lo:start].lower()) is not None)
        or (denial and _DENIAL_AFTER.match(text, end, hi) is not None)
        or (strike and _struck(text, start, end))
    )


def _retracted_after(text: str, end: int, stop: int, keys: _Keys | None = None) -> bool:
    stop = min(stop, end + RETRACTION_WINDOW)
    if stop <= end:
        return False
    if keys is None:
        if not any(k in text[end:stop].lower() for k in _RETRACTION_KEYS):
            return False
    elif not keys.within("retraction", end, stop):
        return False
    return _RETRACTION.search(text, end, stop) is not None


def _sentence_start(text: str, pos: int) -> int:
    window_start = max(0, pos - RETRACTION_WINDOW)
    last = window_start
    for m in SENTENCE_END.finditer(text, window_start, pos):
        last = m.end()
    return last


_LATEX_STRIKES = ("\\sout", "\\st", "cancel", "\\strikethrough")


_STRIKE_COMMAND = re.compile(
    r"\\(?:sout|st|cancel|bcancel|xcancel|strikethrough|hcancel)\s*\{((?:[^{}]++|\{[^{}]*+\})*+)\}"
)


def strikes_as_tildes(text: str) -> str:
    """LaTeX strike-outs written as Markdown ones, so the values inside them are read
    (and then denied): ``\\sout{120 m}`` becomes ``~~120 m~~``.

    >>> strikes_as_tildes(r"\\cancel{120\\text{ m}} 96 m")
    '~~120\\\\text{ m}~~ 96 m'
    """
    if "\\" not in text or not any(k in text for k in _LATEX_STRIKES):
        return text
    return _STRIKE_COMMAND.sub(r"~~\1~~", text)


def _struck(text: str, start: int, end: int) -> bool:
    lo = max(0, start - RETRACTION_WINDOW)
    before = text[lo:start]
    if "~~" not in before and not (
        ("<" in before and any(t in before.lower() for t in ("<s>", "<del", "<strike")))
        or ("\\" in before and any(c in before for c in _LATEX_STRIKES))
    ):
        return False
    hi = min(len(text), end + RETRACTION_WINDOW)
    for m in _STRIKE.finditer(text, lo, hi):
        if m.group("tilde") is not None:
            inside = (m.start("tilde"), m.end("tilde"))
        elif m.group("tag") is not None:
            inside = (m.start("html"), m.end("html"))
        else:  # a LaTeX command: up to its closing brace
            inside = (m.end(), closing_brace(text, m.end(), hi))
        if inside[0] <= start and end <= inside[1]:
            return True
    return False
