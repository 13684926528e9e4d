r"""The anti-hacking policy as text rules over answer spans (section 8 of the verdict policy).

A GRPO policy searches for whatever the reward pays, so the checker must know which of
the values a final answer holds are *offered* as the answer. The rules look only at text
and at where values are (``(start, end)`` spans in a normalised region), never at what a
value is, so they apply to every kind of answer: quantities, expressions and equations
("two different expressions offered is a hedge"). Two groups:

* what the text does not offer (:mod:`unitreward.engine.denials`, re-exported here):
  :func:`notes` on precision (``(to 2 s.f.)``), :func:`denied` values (``not 120 m``,
  ``120 m (this is wrong)``, ``~~120 m~~``, "That was a mistake."), :func:`uncommitted`
  ones ("Is it 120 m?", "One might guess 120 m");
* how what it offers hangs together (this module): :func:`alternatives` groups values
  offered *as alternatives* (``80 m or 120 m``, ``120 m/s, 120 s``); :func:`ranges` marks
  the ends of a range (``between 80 and 120 m``, ``80–120 m``, ``x = ±3 m``);
  :func:`answer_part` is where the sentence a final-answer phrase marks stops being the
  answer ("The answer is 120 m, since ..." - what follows "since" is context);
  :func:`option_spans` finds the options of a multiple-choice question, and
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

from unitreward.engine.denials import (
    blank,
    denied,
    denied_span,
    notes,
    strikes_as_tildes,
    uncommitted,
)
from unitreward.engine.text import SENTENCE_END

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
    end_m = SENTENCE_END.search(text, spans[0][1])
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
