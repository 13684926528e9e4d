r"""What surrounds a reference's answer in its text, and readings of forms around it.

A reference is often more than its answer: math delimiters, a whole ``\boxed{}``,
backslashes doubled by an escape (``\\frac``), control characters a string literal made of
``\f`` (a form feed before ``rac`` is ``\frac``), or a whole worked solution (the
``solution`` field of MATH-style data). This module finds the answer in that text; reading
the answer into its kind is :mod:`unitreward.engine.answers`.

- :func:`unwrap`: the text without what only surrounds the answer;
- :func:`solution_answers`: the answers of a worked solution: its ``\boxed{}`` contents
  (each with the label written just before the box, ``n = \boxed{1, -2}``, and the unit
  written just after it, ``\boxed{20} percent``, as a completion's box is read), else the
  sentence a final-answer phrase starts ("The final answer is $28\%$. I hope it is
  correct.");
- :func:`or_list`, :func:`ratio`, :func:`last_link`: readings for a reference that reads as
  none of the kinds as written: ``(11,7) or (7,11)`` lists both, ``V_1:V_2 = 11:21`` is
  the ratio ``11:21``, and the chain ``1 = y = 0`` ends in ``0``.

>>> solution_answers(r"Hence $n = \boxed{1, -2}$.")
['n = 1, -2']
>>> or_list("$(11,7)$ or $(7,11)$")
'$(11,7)$, $(7,11)$'
"""

from __future__ import annotations

import re

from unitreward.engine.errors import UnitrewardError
from unitreward.engine.extract import boxed_spans, phrase_region, unit_after_box
from unitreward.engine.parts import split_label
from unitreward.engine.quantity import parse_quantity

__all__ = ["balanced_braces", "last_link", "or_list", "ratio", "solution_answers", "unwrap"]

_DISPLAY = re.compile(r"^\s*(?:\$\$|\$|\\\[|\\\()(.*?)(?:\$\$|\$|\\\]|\\\))\s*$", re.DOTALL)
_WHOLE_BOX = re.compile(r"^\s*\\(?:boxed|fbox)\s*\{(.*)\}\s*\.?\s*$", re.DOTALL)
_ESCAPED_COMMAND = re.compile(r"(?<!\\)\\\\(?=[A-Za-z]{2})")
# "\frac" written in a string literal without r"": \f is a form feed, \b a backspace ...
_CONTROL = re.compile(r"[\x07\x08\x0b\x0c](?=[A-Za-z])")
_CONTROL_COMMANDS = {"\x07": "\\a", "\x08": "\\b", "\x0b": "\\v", "\x0c": "\\f"}


def unwrap(text: str) -> str:
    r"""A formula without what only surrounds it: math delimiters, a whole ``\boxed{}``,
    backslashes doubled by escaping (``\\frac`` written for ``\frac``) and control
    characters left by a string literal's escapes (a form feed before ``rac``).

    >>> unwrap(r"$$ t = \\frac{2 v_0}{g} $$")
    't = \\frac{2 v_0}{g}'
    >>> unwrap(r"$\boxed{3}$")
    '3'
    """
    t = text.strip()
    if _CONTROL.search(t):
        t = _CONTROL.sub(lambda m: _CONTROL_COMMANDS[m.group(0)], t)
    for _ in range(3 if "$" in t or "\\" in t else 0):  # each pattern needs one of these
        m = _DISPLAY.match(t) or _WHOLE_BOX.match(t)
        if m is None or ("$" in m.group(1) and not t.startswith("$$")):
            break
        if m.re is _WHOLE_BOX and not balanced_braces(m.group(1)):
            break
        t = m.group(1).strip()
    if "\\\\" in t:
        t = _ESCAPED_COMMAND.sub("\\\\", t)
    return t


def balanced_braces(text: str) -> bool:
    """Whether every ``{`` closes, in order.

    >>> balanced_braces("\\frac{a}{b}"), balanced_braces("\\frac{a}{b")
    (True, False)
    """
    if "{" not in text and "}" not in text:  # most references: no loop over characters
        return True
    depth = 0
    for ch in text:
        depth += 1 if ch == "{" else -1 if ch == "}" else 0
        if depth < 0:
            return False
    return depth == 0


def solution_answers(text: str) -> list[str] | None:
    r"""The answers a worked solution marks: its boxes (distinct, in order, each with its
    label and unit), else what a final-answer phrase marks; ``None`` when it marks none.

    >>> solution_answers(r"So $x = 1/5$, or $\boxed{20}$ percent.")
    ['20 %']
    >>> solution_answers("The final answer is $12$. I hope it is correct.")
    ['12']
    >>> solution_answers("12 m") is None
    True
    """
    if "\\boxed" in text or "\\fbox" in text:
        boxes = [_box_text(text, content, end) for content, end in boxed_spans(text)]
        found = [unwrap(b) for b in dict.fromkeys(boxes) if b]
        if found:
            return found
    if len(text) > 20 and _SENTENCE.search(text):  # prose: a phrase may mark its answer
        region = phrase_region(text)
        if region is not None and region.strip():
            marked = _SENTENCE_END.split(region.strip(), maxsplit=1)[0].strip().strip("$").strip()
            if marked and len(marked) < len(text):
                return [unwrap(marked)]
    return None


def _box_text(text: str, content: str, end: int) -> str:
    """A box's content with the label before the box and the unit after it."""
    content = content.strip()
    if not content:
        return ""
    start = max(text.rfind("\\boxed", 0, end), text.rfind("\\fbox", 0, end))
    before = _BOX_LABEL.search(text[max(0, start - 60) : max(start, 0)])
    unit = unit_after_box(text, end)
    if unit and not _ends_with_unit(content):
        content = f"{content} {unit}"
    if before is not None and split_label(content)[0] is None:
        content = f"{before.group('label')} = {content}"
    return content


def _ends_with_unit(text: str) -> bool:
    try:
        return parse_quantity(text).unit is not None
    except UnitrewardError:
        return False


# "n = \boxed{..}", "$x = \boxed{..}$": a symbol and "=" right before a box label it.
_BOX_LABEL = re.compile(
    r"(?<![A-Za-z\\])(?P<label>[A-Za-z](?:_\{?[A-Za-z0-9]{1,8}\}?)?|\\[A-Za-z]+(?:_\{?[A-Za-z0-9]{1,8}\}?)?)"
    r"\s*=\s*(?:\$|\\\(|\\\[)?\s*$"
)
_SENTENCE = re.compile(r"[.!?]\s")
_SENTENCE_END = re.compile(r"(?<=[\w)}\]$%])\.(?:\s|$)|\n")
_OR = re.compile(r"\s+or\s+|(?<=[)\]$}])\s*or\s*(?=[(\[$\\{])|\\text\s*\{\s*or\s*\}", re.IGNORECASE)
_RATIO = re.compile(r"(?:^|=)\s*(\d+(?:\s*:\s*\d+)+)\s*$")
_CHAIN = re.compile(r"(?<![<>!=\\])=(?!=)")


def or_list(text: str) -> str | None:
    """``text`` with ``or`` between answers written as a comma (``None`` without one).

    >>> or_list("21, 16 or 11")
    '21, 16, 11'
    """
    return _OR.sub(", ", text) if _OR.search(text) else None


def ratio(text: str) -> str | None:
    """The ratio (or clock time) that ends ``text`` after its label, else ``None``.

    >>> ratio("V_1 : V_2 = 11 : 21")
    '11 : 21'
    """
    m = _RATIO.search(text)
    return m.group(1) if m is not None else None


def last_link(text: str) -> str | None:
    """The last link of a chain of two or more ``=``, else ``None``.

    >>> last_link("1 = y = x = 0")
    '0'
    """
    links = _CHAIN.split(text)
    return links[-1].strip() if len(links) > 2 else None
