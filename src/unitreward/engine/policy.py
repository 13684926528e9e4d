r"""The anti-hacking policy as text rules over answer spans (section 8 of the verdict policy).

A GRPO policy searches for whatever the reward pays, so the checker must know which of
the values a final answer holds are *offered* as the answer. The rules here look only at
text and at where values are (``(start, end)`` spans in a normalised region), never at
what a value is, so they apply to every kind of answer: quantities today, expressions and
equations as well ("two different expressions offered is a hedge"):

* :func:`notes` finds the values that are part of a note on precision (``(to 2 s.f.)``);
* :func:`denied` marks values under a negation (``not 120 m``), followed by a denial
  (``120 m (this is wrong)``), struck out (``~~120 m~~``) or retracted by the next
  sentence ("That was a mistake.");
* :func:`alternatives` groups values offered *as alternatives*: joined only by list
  punctuation, conjunctions and hedging words (``80 m or 120 m``, ``120 m/s, 120 s``);
* :func:`ranges` marks the ends of a range (``between 80 and 120 m``, ``80–120 m``,
  ``x = ±3 m``);
* :func:`answer_part` is where the sentence a final-answer phrase marks stops being the
  answer ("The answer is 120 m, since ..." - what follows "since" is context);
* :func:`option_spans` finds the options of a multiple-choice question, and
  :func:`copied_context` tells a value pasted with the question's own words from one
  restated in the completion's words.

Which verdict follows is the checker's business. Everything here is a handful of linear
regular-expression scans over short windows; nothing depends on the reference.

>>> text = "It is not 80 m; it is 120 m or 0.12 km, in 10 s."
>>> spans = [(10, 14), (22, 27), (31, 38), (43, 47)]
>>> denied(text, spans)
[True, False, False, False]
>>> alternatives(text, spans[1:])
[0, 0, 1]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "alternatives",
    "answer_part",
    "blank",
    "copied_context",
    "denied",
    "denied_span",
    "notes",
    "option_spans",
    "ranges",
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


def notes(text: str, spans: Sequence[Span]) -> list[Span | None]:
    """For each span, the note on precision it is part of (``(to 2 s.f.)``), or ``None``.

    >>> text = "120 m (to 2 s.f.), to the nearest 10 m"
    >>> notes(text, [(0, 5), (10, 13), (34, 38)])
    [None, (7, 16), (19, 36)]
    """
    out: list[Span | None] = []
    for start, end in spans:
        after = text[end : end + 16]
        found: Span | None = None
        if any(k in after for k in _NOTE_KEYS) or "nearest" in text[max(0, start - 24) : start]:
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
      |correction\b)
    """,
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[;\n]")
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
    for i, (start, end) in enumerate(spans):
        if _denied_here(text, start, end):
            out[i] = True
    for i, (_, end) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else n
        if _retracted_after(text, end, stop):
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
                    "strike", "my bad", "disregard", "ignore", "correction", "be right")  # fmt: skip
_STRIKE_KEYS = ("~~", "<s>", "<del", "<strike", "\\sout", "\\st", "cancel")
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


def _may_deny(text: str) -> bool:
    """Whether ``text`` holds any word or symbol of a denial (a cheap test before the patterns).

    >>> _may_deny("The car travels 120 m in 10 s."), _may_deny("It isn't 120 m.")
    (False, True)
    """
    if not _DENY_WORDS.isdisjoint(text.translate(_WORD_TABLE).split()):
        return True
    if "~~" in text or "!=" in text or "=/=" in text or ("<" in text and "<s>" in text.lower()):
        return True
    return not text.isascii() and any(k in text for k in ("≠", "✗", "✘", "❌"))


_TERMINATOR = re.compile(r"[.!?](?=\s|$)|[;\n]|[?!]")
_SENTENCE_START = re.compile(r"[.!?;\n]")
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
    lowered: str | None = None
    for i, (start, end) in enumerate(spans):
        if "?" in text:
            m = _TERMINATOR.search(text, end, min(len(text), end + 200))
            if m is not None and m.group(0) == "?":
                out[i] = True
                continue
        lo = max(0, start - 120)
        begin = lo
        for m in _SENTENCE_START.finditer(text, lo, start):
            begin = m.end()
        if _INTERROGATIVE.match(text, begin, start) is not None:
            out[i] = True
            continue
        if lowered is None:
            lowered = text.lower()
        window = lowered[begin:start]
        if any(k in window for k in _TENTATIVE_KEYS) and _TENTATIVE.search(text, begin, start):
            out[i] = True
    return out


_TENTATIVE_KEYS = (
    "might", "could", "may", "would", "naive", "tempting", "first", "quick", "rough", "expected",
    "reference", "official", "grader",
)  # fmt: skip


def denied_span(text: str, start: int, end: int) -> bool:
    """:func:`denied` for one span alone (a retraction is looked for up to 300 characters on).

    >>> denied_span("So $\\\\boxed{3 m}$ (this is wrong).", 4, 15)
    True
    """
    window = text[max(0, start - NEGATION_WINDOW) : end + RETRACTION_WINDOW]
    if not _may_deny(window):
        return False
    return _denied_here(text, start, end) or _retracted_after(text, end, len(text))


def _denied_here(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - NEGATION_WINDOW) : start].lower()
    after = text[end : end + DENIAL_WINDOW].lower()
    return (
        (any(k in before for k in _NEGATION_KEYS) and _NEGATED.search(before) is not None)
        or (
            any(k in after for k in _DENIAL_KEYS)
            and _DENIAL_AFTER.match(text, end, min(len(text), end + DENIAL_WINDOW)) is not None
        )
        or _struck(text, start, end)
    )


def _retracted_after(text: str, end: int, stop: int) -> bool:
    stop = min(stop, end + RETRACTION_WINDOW)
    if stop <= end:
        return False
    window = text[end:stop].lower()
    return (
        any(k in window for k in _RETRACTION_KEYS)
        and _RETRACTION.search(text, end, stop) is not None
    )


def _sentence_start(text: str, pos: int) -> int:
    window_start = max(0, pos - RETRACTION_WINDOW)
    last = window_start
    for m in _SENTENCE_END.finditer(text, window_start, pos):
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
            inside = (m.end(), _closing_brace(text, m.end(), hi))
        if inside[0] <= start and end <= inside[1]:
            return True
    return False


def _closing_brace(text: str, pos: int, stop: int) -> int:
    depth = 1
    while pos < stop:
        ch = text[pos]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return pos
        pos += 1
    return stop


# ------------------------------------------------------------------------ alternatives

# Text that joins two values as alternatives: list punctuation, conjunctions, hedging and
# filler words, bullets, list numbers and option labels; no word that gives a value a
# role of its own ("in", "takes", "time").
_ALTERNATIVE_GAP = re.compile(
    r"""
    (?:[\s,;/|&()\[\]{}:.*•·▪‣∨∧?!'"`_~–—=≈≃≡$-]
      |\\(?:lor|vee|land|wedge|quad|qquad|text|mathrm|rm|hspace|,|;|:|!)
      |\b(?:or|and|nor|either|vs|versus|maybe|perhaps|possibly|alternatively|otherwise|else
         |also|even|rather|probably|likely|could|might|may|would|will|can|be|is|are|was|were
         |it|its|it's|that|this|which|the|a|an|answer|answers|value|values|result|results
         |option|options|choice|choices|final|i\.e|e\.g|ie|eg|namely|equivalently|written
         |say|so|then|too|both|each|one|any|all|these|those|yes|no|wait|hmm+|oh|actually|sorry
         |plus|again|another|other|different|possible|candidates?|guess|guesses|else)\b
      |\([A-Ha-h]\)|\b[A-Ha-h]\)|(?<![\w.])[A-H][.:](?=\s)|\b\d{1,2}[.)](?=\s)
    )*
    """,
    re.VERBOSE | re.IGNORECASE,
)


def alternatives(text: str, spans: Sequence[Span]) -> list[int]:
    """A group number per span: consecutive spans joined as alternatives share one.

    Two values are alternatives when only list punctuation, conjunctions, hedging and
    filler words, bullets, list numbers or option labels stand between them (``80 m or
    120 m``, ``120 m/s, 120 s``, ``(A) 120 m (B) 120 s``, ``10 m/s (36 km/h)``), or an
    equals sign (``2.4 km = 2400 m``: stated equal, they must agree). A word
    that gives a value a role of its own separates them (``120 m in 10 s``), and a value
    led by a word of circumstance ("after 5 s", "at t = 3 s") is joined to none. Spans
    must be in order and not overlap.

    >>> text = "It is 120 m/s, 120 s or maybe 120 m; the car takes 10 s."
    >>> alternatives(text, [(6, 13), (15, 20), (30, 35), (51, 55)])
    [0, 0, 0, 1]
    """
    groups: list[int] = []
    group = 0
    led_before = False
    for i, (start, _) in enumerate(spans):
        lo = spans[i - 1][1] if i else 0
        led = _CONTEXT_LEAD.search(text, max(lo, start - 40), start) is not None
        if i and (led or led_before or not _joined(text, lo, start)):
            group += 1
        groups.append(group)
        led_before = led
    return groups


def _joined(text: str, lo: int, hi: int) -> bool:
    if hi - lo > 80:
        return False
    m = _ALTERNATIVE_GAP.match(text, lo, hi)
    return m is not None and m.end() == hi


# ------------------------------------------------------------------------------ ranges

_RANGE_GAP = re.compile(
    r"\s*(?:[–—~]|\.\.\.?|…|\bto\b|\bthrough\b|\bthru\b|\btill\b|\buntil\b|\band\b)\s*"
    r"|-"  # a hyphen with no space after it ("5-7 s"); "120 m - 80 m" is a subtraction
)
_RANGE_OPENER = re.compile(r"\b(?:between|from|range|ranges|ranging|within)\b[\s\w]{0,20}$", re.I)
_PLUS_MINUS = re.compile(r"(?:±|\+/-|\+-|∓)\s*$")


def ranges(text: str, spans: Sequence[Span]) -> list[bool]:
    """For each span, whether it is an end of a range or two values in one (``±3 m``).

    A range is two values joined by a dash, ``to``, ``through`` or ``...`` (``80–120 m``,
    ``80 to 120 m``), or by ``and`` after "between" (``between 80 and 120 m``); a value
    with a ``±`` in front of it is two values (``x = ±3 m``: two roots). A hyphen with
    spaces around it is a subtraction. (An uncertainty, ``120 ± 5 m``, is read as its
    central value by :func:`~unitreward.engine.quantity.scan_quantities`: one span.)

    >>> text = "between 80 and 120 m; 5-7 s; 120 m - 80 m; x = ±3 m"
    >>> ranges(text, [(8, 10), (15, 20), (22, 23), (24, 27), (29, 34), (35, 41), (48, 51)])
    [True, True, True, True, False, False, True]
    """
    out = [False] * len(spans)
    signs = "±" in text or "∓" in text or "+-" in text or "+/-" in text
    if len(spans) < 2 and not signs:
        return out
    for i, (start, _) in enumerate(spans):
        if signs and _PLUS_MINUS.search(text, max(0, start - 4), start) is not None:
            out[i] = True
        if i == 0:
            continue
        lo = spans[i - 1][1]
        if start - lo > 40:
            continue
        m = _RANGE_GAP.fullmatch(text, lo, start)
        if m is None or (m.group(0) == "-" and text[start : start + 1].isspace()):
            continue
        joined = m.group(0).strip()
        if joined == "and":
            opener = _RANGE_OPENER.search(text, max(0, spans[i - 1][0] - 30), spans[i - 1][0])
            if opener is None or not opener.group(0).lower().startswith("between"):
                continue
        out[i - 1] = out[i] = True
    return out


# ------------------------------------------------------------------------- answer part

# Words that introduce the circumstances of an answer, not another answer.
_CONTEXT_WORD = re.compile(
    r"\b(?:since|because|as|given|using|assuming|where|whereas|when|while|with|without|from"
    r"|at|after|before|in|for|over|during|if|unless|which|by|on|due|under|above|below"
    r"|corresponding|obtained|found|computed|calculated|derived)\b",
    re.IGNORECASE,
)
# A value led by such a word ("at t = 3 s", "after 2 s", "for m = 2 kg") is a circumstance;
# "is at 19.6 m" is not.
_CONTEXT_LEAD = re.compile(
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bbe )"
    r"\b(?:since|because|given|using|assuming|when|while|with|without|from|at|after|before|in"
    r"|for|over|during|if|unless|by|under)\s+(?:[A-Za-z_][\w{}]*\s*(?:=|≈)\s*)?$",
    re.IGNORECASE,
)
_ANSWER_END = re.compile(r"[.!?](?=\s|$)|[;\n]")


def answer_part(text: str, spans: Sequence[Span]) -> list[bool]:
    """Which spans are the answer in a region that a final-answer phrase marks.

    The answer is in the sentence of the first span (it ends at ``.``, ``!``, ``?``,
    ``;`` or a new line). There, a span led by a word of circumstance ("at t = 3 s",
    "after 2 s", "for 10 s") is context, not an answer, unless every span is; and after
    the first answer, a word that introduces circumstances ("since", "because", "in",
    "at", "for", "when", "with", "if", "which", ...) ends the answer.

    >>> region = "at t = 3 s, v = 12 m/s, since the car moves at 2 m/s² for 6 s. Then 5 m."
    >>> answer_part(region, [(7, 10), (16, 22), (46, 52), (57, 60), (67, 70)])
    [False, True, False, False, False]
    >>> answer_part("2.5 kJ or 2.5 kW.", [(0, 6), (10, 16)])
    [True, True]
    """
    out = [False] * len(spans)
    if not spans:
        return out
    end_m = _ANSWER_END.search(text, spans[0][1])
    end = end_m.start() if end_m is not None else len(text)
    inside = [i for i, (s, _) in enumerate(spans) if s < end]
    leads = [
        _CONTEXT_LEAD.search(
            text, max(0, (spans[i - 1][1] if i else 0), spans[i][0] - 40), spans[i][0]
        )
        is not None
        for i in inside
    ]
    answers = [i for i, led in zip(inside, leads, strict=True) if not led] or inside
    first = answers[0]
    context = _CONTEXT_WORD.search(text, spans[first][1], end)
    stop = context.start() if context is not None else end
    for i in answers:
        if spans[i][0] < stop:
            out[i] = True
    return out


# ---------------------------------------------------------------------------- question

_OPTION_LABEL = re.compile(
    r"(?:(?<=\s)|^)(?:\((?P<p>[A-Ha-h])\)|(?P<b>[A-H])[.):](?=\s))", re.MULTILINE
)


def option_spans(question: str) -> list[Span]:
    """The options of a multiple-choice question: one span per option, in order.

    Options are labelled ``(A)``, ``A)``, ``A.`` or ``A:``, starting at A and following
    one another (A, B, C, ...); at least two are needed. Each option runs to the next
    label (the last one to the end of its line).

    >>> q = "Which is a length? (A) 120 m/s (B) 120 s (C) 120 m (D) 120 kg"
    >>> [q[s:e].strip() for s, e in option_spans(q)]
    ['120 m/s', '120 s', '120 m', '120 kg']
    >>> option_spans("A ball is dropped. A. Einstein would say 3 m.")
    []
    """
    labels: list[tuple[int, int]] = []  # (label start, option text start)
    expected = "a"
    for m in _OPTION_LABEL.finditer(question):
        letter = (m.group("p") or m.group("b")).lower()
        if letter == expected:
            labels.append((m.start(), m.end()))
            expected = chr(ord(expected) + 1)
        elif letter == "a" and len(labels) < 2:  # a fresh start
            labels = [(m.start(), m.end())]
            expected = "b"
    if len(labels) < 2:
        return []
    out: list[Span] = []
    for (_, begin), nxt in zip(labels, [*labels[1:], None], strict=True):
        if nxt is not None:
            out.append((begin, nxt[0]))
        else:
            line_end = question.find("\n", begin)
            out.append((begin, len(question) if line_end < 0 else line_end))
    return out


_WORD = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)?")


def copied_context(text: str, start: int, source: str, source_start: int) -> bool:
    """Whether the two words before a value are the words before it in ``source``.

    A value pasted with the question's wording ("... dropped from 20 m") is an echo; one
    restated in the completion's own words ("It falls 20 m") is not.

    >>> q = "A ball is dropped from 20 m."
    >>> copied_context("It is dropped from 20 m.", 19, q, 23), copied_context("It falls 20 m.", 9, q, 23)
    (True, False)
    """
    mine = _WORD.findall(text[max(0, start - 40) : start])[-2:]
    theirs = _WORD.findall(source[max(0, source_start - 40) : source_start])[-2:]
    return len(mine) == 2 and [w.lower() for w in mine] == [w.lower() for w in theirs]
