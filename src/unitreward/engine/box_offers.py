r"""Answers offered beside the final box: the hedges a box alone does not show.

A box is the final answer, but text right beside it can offer another one, and every kind
of answer (quantities, formulas, several parts, words) reads these clauses the same way:

- after the box, "or" ("\boxed{10 m}, or maybe 5 m"), a revision ("\boxed{10 m}. On
  second thought, 5 m", "Hmm, actually I think it is 5 m"), a value stated equal
  ("\boxed{10 m} = 5 m"), or another value called possible ("; 5 m is also possible");
- before it, another answer joined to it by "or" ("It could be 5 m or \boxed{10 m}");
- an answer tag beside the box ("<answer>\boxed{a}</answer><answer>b</answer>").

The same value restated is no hedge; the judges compare what these clauses hold.

>>> text = r"It could be 60 m or \boxed{120 m}, or maybe 90 m."
>>> offered_beside_box(text, box_start(text, text.index(",")), text.index(","))
['It could be 60 m', ' 90 m']
"""

from __future__ import annotations

import re

from unitreward.engine.extract import answer_tags
from unitreward.engine.text import SENTENCE_END

__all__ = ["box_start", "offered_after_box", "offered_before_box", "offered_beside_box"]


# What offers another answer right after the last box: "\boxed{10 m}, or maybe 5 m",
# "$\boxed{10}$ m or 5 m" (a unit may follow the box first).
# A revision right after it is an offer too: "\boxed{10 m}, maybe 5 m", "\boxed{10 m}. On
# second thought, 5 m.", "\boxed{10 m}\n\nHmm, actually I think it is 5 m." (the same value
# again is a restatement, not a hedge).
_ALTERNATIVE_AFTER_BOX = re.compile(
    r"[\s$)\]]*(?:[^\s,;.!?$\\]{1,12}[\s$]*)?"
    r"(?:\s*(?:=|≈|\\approx)(?=\s*[^\s=])"  # "\boxed{a} = b": b is stated equal, so offered
    r"|[,;.!?]?\s*(?:or|alternatively|otherwise)\b(?!\s*(?:so|thereabouts|less|more|equivalently)\b)"
    r"(?:\s+(?:was|is)\s+it\b)?"
    r"|[,;.!]?\s*(?:(?:hmm+|oh|well|so|but)[\s,.!…]*)*"
    r"(?:actually|on\s+second\s+thought|or\s+rather|rather|i\s+mean|maybe|perhaps|possibly"
    r"|it\s+(?:could|might|may)\s+also\s+be)\b"
    r"(?!\s+not\b))"
    r"(?:\s*,?\s*(?:maybe|perhaps|possibly|probably|else|i\s+think|the\s+answer\s+is"
    r"|it\s*(?:is|['’]s|might\s+be|could\s+be|should\s+be)))*",
    re.IGNORECASE,
)


# Another answer called possible right after the box: "\boxed{10 m}; 5 m is also possible",
# "\boxed{10 m} (though 5 m is also plausible)".
_ALSO_POSSIBLE_AFTER_BOX = re.compile(
    r"[\s$)\]]*[,;.!(]?\s*(?:(?:though|but|although|and|hmm+|oh|well)[\s,]*)*"
    r"(?P<clause>(?:[^.;!?\n]|\.(?=\d)){1,300}?)\s+(?:is|are|would\s+be|seems|might\s+be|could\s+be)\s+"
    r"(?:also|equally)\s+(?:possible|plausible|valid|likely|an?\s+(?:option|possibility|alternative))\b",
    re.IGNORECASE,
)


_OR_EITHER = re.compile(r"\b(?:or|either)\b")  # (searched in lower case)
# Every way _ALTERNATIVE_AFTER_BOX and _ALSO_POSSIBLE_AFTER_BOX can offer, as one literal scan.
_AFTER_BOX_KEY = re.compile(
    r"\b(?:or|alternatively|otherwise|actually|thought|rather|mean|maybe|perhaps|possibly|also)\b"
    r"|=|≈|\\approx"
)  # (searched in lower case)


def offered_after_box(text: str, end: int) -> str | None:
    """The clause after a box (ending at ``end``) that offers another answer, else ``None``.

    Every kind of answer reads it: a box followed by "or maybe ..." is a hedge, as two
    boxes are.

    >>> offered_after_box(r"\\boxed{10 m}, or maybe 5 m. Done.", 13)
    ' 5 m'
    >>> offered_after_box(r"\\boxed{10 m} or so.", 13), offered_after_box(r"\\boxed{1}.", 10)
    (None, None)
    """
    # one short scan first: no word or sign near the box that could offer anything
    near = text[end : end + 48].lower()
    if not near.strip(" \t\n$.)]}\\"):
        return None  # the box ends the text
    m = _ALTERNATIVE_AFTER_BOX.match(text, end) if _AFTER_BOX_KEY.search(near) else None
    if m is None:
        far = text[end : end + 400].lower()
        if "also" not in far and "equally" not in far:  # a C scan before the clause pattern
            return None
        also = _ALSO_POSSIBLE_AFTER_BOX.match(text, end)
        return also.group("clause") if also is not None else None
    stop = SENTENCE_END.search(text, m.end(), m.end() + 200)
    clause = text[m.end() : stop.start() if stop is not None else m.end() + 200]
    return clause if clause.strip() else None


# What offers an answer right before a box: "It could be 60 m or \boxed{120 m}", "60 m, or
# possibly \boxed{120 m}" (the clause before "or", back to the start of its sentence).
_ALTERNATIVE_BEFORE_BOX = re.compile(
    r"(?:,\s*|\s+)(?:or|either)(?:\s+(?:maybe|perhaps|possibly|probably|rather|else|even))*"
    r"[\s,:]*(?:(?:it\s+is|it['’]s|is)\s+)?[\s$(\[]*(?:\\[(\[]\s*)?$",
    re.IGNORECASE,
)


def offered_before_box(text: str, start: int) -> str | None:
    r"""The clause before a box (starting at ``start``) that offers another answer joined
    to it by "or", else ``None``.

    >>> text = r"It could be 60 m or \boxed{120 m}."
    >>> offered_before_box(text, text.index("boxed") - 1)
    'It could be 60 m'
    >>> offered_before_box(r"So we get \boxed{2}.", 10) is None
    True
    """
    near = max(0, start - 60)  # "or", and at most "possibly it is $(" after it
    low = text[near:start].lower()
    if ("or" not in low and "either" not in low) or _OR_EITHER.search(low) is None:
        return None
    window_start = max(0, start - 200)
    m = _ALTERNATIVE_BEFORE_BOX.search(text, near, start)
    if m is None or m.end() != start:
        return None
    ends = [e.end() for e in SENTENCE_END.finditer(text, window_start, m.start())]
    clause = text[ends[-1] if ends else window_start : m.start()]
    return clause if clause.strip() else None


def offered_beside_box(text: str, start: int, end: int) -> list[str]:
    r"""The clauses that offer other answers beside the last box (``text[start:end]``):
    joined to it by "or" before it, or after it (:func:`offered_after_box`). Every kind
    of answer reads them, so a box with an alternative beside it is a hedge in every kind.

    >>> text = r"Either 60 m or \boxed{120 m}, or maybe 90 m."
    >>> offered_beside_box(text, text.index("boxed") - 1, text.index(","))
    ['Either 60 m', ' 90 m']
    """
    found: list[str] = []
    head = text[max(0, start - 60) : start].lower()
    if "or" in head or "either" in head:  # (substring tests first: this runs on every box)
        before = offered_before_box(text, start)
        if before is not None:
            found.append(before)
    if text[end : end + 48].strip(_BOX_END):
        after = offered_after_box(text, end)
        if after is not None:
            found.append(after)
    if ">" in text:  # an answer tag beside the box ("<answer>\boxed{a}</answer><answer>b</answer>")
        found.extend(t for t in answer_tags(text) if "\\boxed" not in t and "\\fbox" not in t)
    return found


#: What may close a box's line without offering anything.
_BOX_END = " \t\n$.)]}\\"


def box_start(text: str, end: int) -> int:
    r"""Where the box that closes just before ``end`` starts (its ``\boxed`` or ``\fbox``).

    >>> box_start(r"so \boxed{2} m", 12), box_start(r"so \boxed{\boxed{2}}", 19)
    (3, 3)
    """
    at = max(text.rfind("\\boxed", 0, end), text.rfind("\\fbox", 0, end), 0)
    while at > 0 and text[max(0, at - 12) : at].rstrip().endswith("{"):
        # \boxed{\boxed{x}}: the outermost box
        lo = max(0, at - 12)
        outer = max(text.rfind("\\boxed", lo, at), text.rfind("\\fbox", lo, at))
        if outer < 0 or text[outer:at].replace(" ", "") not in ("\\boxed{", "\\fbox{"):
            break
        at = outer
    return at
