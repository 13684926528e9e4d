r"""Answers in several parts: splitting a text into items, and reading their labels.

A reference or a final answer may hold several values: ``T_E = 290 K, F_E = 6e8 N``,
``(3, 2, 7)``, ``\{1, 2, 3\}``, ``19, 46, and 82``, ``(a) 2 s (b) 20 m``. This module
finds the items at the top level of a (normalised) text, with their labels, and the
brackets that enclose a whole text. Which kind each item is, and how items are compared,
is the business of :mod:`unitreward.engine.answers` and the checker.

The rules, in order:

- **Separators** at bracket depth 0: ``;``, a newline or ``\\``, ``\quad``, the word ``and``
  (also ``\text{ and }``), and ``,``. LaTeX spacing (``\,``, ``\;``) does not separate. A comma between digits followed by exactly three digits and no space
  (``1,200``) groups digits and does not separate; ``2,5`` is left to the number grammar.
- **Markers** ``(a)``, ``a)``, ``(ii)``, ``Part (b):`` at the start of an item are dropped;
  they number the items, they are not values.
- **Labels**: an item ``LABEL = value`` (also ``≈``, ``:``) has a label when ``LABEL`` is a
  symbol: letters, Greek commands, decorations (``\dot``, ``\vec``, ``\mathbf``), a
  subscript, primes and an argument list (``T_E``, ``\omega'``, ``I_{\max}``,
  ``\Delta \lambda_\alpha``, ``I_L(t)``), a derivative (``\frac{d\sigma}{d\Omega}``), or up
  to four words (``Power``, ``Number of fringes``).
  A chain ``x = 5 + 6 = 11`` keeps its label; its value is the last link.

>>> [(p.label, p.value) for p in split_parts("T_E = 290 K, F_E = 6 \\times 10^8 N")]
[('T_E', '290 K'), ('F_E', '6 \\times 10^8 N')]
>>> [p.value for p in split_parts("19, 46, and 82")]
['19', '46', '82']
>>> enclosure("(3, 2, 7)")
('(', '3, 2, 7', ')')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "MAX_PARTS",
    "Part",
    "canonical_label",
    "enclosure",
    "plus_minus",
    "split_groups",
    "split_items",
    "split_label",
    "split_parts",
]

#: At most this many items are read from one text; more is refused by the caller.
MAX_PARTS = 64
#: Texts longer than this are not split (the caller refuses them).
MAX_SPLIT_CHARS = 20_000

_OPENERS = {"(": ")", "[": "]", "{": "}"}
# A part marker inside a line starts an item: "(a) 2 s (b) 20 m".
_INLINE_MARKER = re.compile(r"\((?:[a-h]|i{1,3}|iv|v|vi{1,3})\)(?=\s)")
# Math delimiters are transparent: "$$\nA = x\n$$" is one item.
_DELIMITERS = re.compile(r"\$+|\\[\[\]()]")
_CLOSERS = frozenset(")]}")
_SEPARATOR = re.compile(
    r";|\n|,|\s+and\s+|\s*\\text\s*\{\s*,?\s*and\s*\}\s*|\\quad|\\qquad", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Part:
    """One item of a text in several parts.

    Attributes:
        text: The item as written (markers dropped, whitespace trimmed).
        label: The canonical label (see :func:`canonical_label`), or ``None``.
        label_text: The label as written, or ``""``.
        value: The text after the label and its relation (the last link of a chain);
            the whole item when there is no label.
        start: Where the item starts in the text it was split from.

    >>> p = split_parts("(b) v = 20 m/s")[0]
    >>> p.label, p.label_text, p.value
    ('v', 'v', '20 m/s')
    """

    text: str
    label: str | None
    label_text: str
    value: str
    start: int = 0


def _closing_index(text: str, i: int) -> int:
    """Index of the bracket closing ``text[i]`` (``(``, ``[``, ``{`` or ``\\{``), or -1.

    >>> _closing_index("(a(b)c)d", 0)
    6
    """
    depth = 0
    n = len(text)
    j = i
    while j < n:
        ch = text[j]
        if ch == "\\" and j + 1 < n and text[j + 1] in "{}":
            ch = text[j + 1]
            j += 1
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
            if depth == 0:
                return j
            if depth < 0:
                return -1
        j += 1
    return -1


def _is_digit_group(text: str, comma: int) -> bool:
    """``1,200``: a comma between digits, three digits after it, then no digit."""
    return (
        comma > 0
        and text[comma - 1].isdigit()
        and comma + 3 < len(text) + 1
        and text[comma + 1 : comma + 4].isdigit()
        and len(text[comma + 1 : comma + 4]) == 3
        and not (comma + 4 < len(text) and text[comma + 4].isdigit())
    )


def split_items(text: str) -> list[tuple[int, int]]:
    r"""The ``(start, end)`` spans of the top-level items of ``text``.

    Brackets ``()``, ``[]``, ``{}`` and ``\{\}`` nest; separators inside them do not
    split. Math delimiters (``$``, ``\[``, ``\(``) are read as spaces. Half-open intervals (``[1, 2)``) count as one bracket pair. Empty items are
    dropped. At most :data:`MAX_PARTS` spans are returned, and a text longer than
    20,000 characters is returned whole.

    >>> t = "x = f(a, b); y = [1, 2)"
    >>> [t[s:e] for s, e in split_items(t)]
    ['x = f(a, b)', 'y = [1, 2)']
    """
    n = len(text)
    if n > MAX_SPLIT_CHARS:
        return [(0, n)]
    text = _blank_delimiters(text)
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and not text[i + 1].isalpha():
            nxt = text[i + 1]
            if nxt in "{}":
                depth += 1 if nxt == "{" else -1
            elif nxt == "\\" and depth == 0:  # a LaTeX line break separates
                if text[start:i].strip():
                    spans.append((start, i))
                start = i + 2
            i += 2  # \, \; \! \  are spacing, not separators
            continue
        if ch == "(" and depth == 0 and i > start and text[i - 1].isspace():
            marker = _INLINE_MARKER.match(text, i)
            if marker is not None and text[start:i].strip():  # "(a) 2 s (b) 20 m"
                spans.append((start, i))
                start = i
                i = marker.end()
                continue
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = _SEPARATOR.match(text, i)
            if m is not None and not (ch == "," and _is_digit_group(text, i)):
                if text[start:i].strip():
                    spans.append((start, i))
                start = m.end()
                i = max(m.end(), i + 1)
                if len(spans) >= MAX_PARTS:
                    break
                continue
        i += 1
    if text[start:].strip() and len(spans) < MAX_PARTS:
        spans.append((start, n))
    return [_trim(text, s, e) for s, e in spans]


def _blank_delimiters(text: str) -> str:
    """Math delimiters as spaces of the same length, so that spans still index ``text``;
    an ``aligned`` environment's frame and its ``&`` too (its lines are the items)."""
    if "$" in text or "\\[" in text or "\\(" in text or "\\]" in text or "\\)" in text:
        text = _DELIMITERS.sub(lambda m: " " * len(m.group(0)), text)
    if "\\begin" in text and _ALIGNED.search(text):
        text = _ALIGNED.sub(lambda m: " " * len(m.group(0)), text).replace("&", " ")
    return text


_ALIGNED = re.compile(r"\\(?:begin|end)\s*\{(?:aligned|align\*?|gathered|split|eqnarray\*?)\}")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def enclosure(text: str) -> tuple[str, str, str] | None:
    r"""``(opening, inside, closing)`` when brackets enclose the whole text, else ``None``.

    Matching pairs ``()``, ``[]``, ``\{\}`` and the interval forms ``[a, b)``, ``(a, b]``;
    ``\left``/``\right`` may precede them.

    >>> enclosure(r"\{1, 2\}")
    ('{', '1, 2', '}')
    >>> enclosure("[0, 1)")
    ('[', '0, 1', ')')
    >>> enclosure("(a)(b)") is None
    True
    """
    t = _strip_sizing(text.strip())
    if len(t) < 2:
        return None
    if t.startswith("\\{") and t.endswith("\\}"):
        inner = t[2:-2]
        return ("{", inner.strip(), "}") if _balanced(inner) else None
    first, last = t[0], t[-1]
    if first not in "([" or last not in ")]":
        if first == "{" and last == "}" and _closing_index(t, 0) == len(t) - 1:
            return "{", t[1:-1].strip(), "}"
        return None
    inner = t[1:-1]
    if not _balanced(inner):
        return None
    if first + last in ("()", "[]"):
        # "(a)(b)": the first bracket closes before the end
        close = _closing_index(t, 0)
        if close != len(t) - 1:
            return None
    return first, inner.strip(), last


_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])\s*")


def _strip_sizing(text: str) -> str:
    return _SIZING.sub("", text) if "\\" in text else text


def _balanced(text: str) -> bool:
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "{}":
            ch = text[i + 1]
            i += 1
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0


# ----------------------------------------------------------------------------- labels

_MARKER = re.compile(
    r"^\s*(?:(?:part|case|question|step)\s*)?(?:\(\s*(?:[a-h]|[ivx]{1,4}|\d{1,2})\s*\)|(?:[a-h]|[ivx]{1,4})\)|[a-h]\.(?=\s))\s*:?\s*",
    re.IGNORECASE,
)
_DECORATION = r"\\(?:dot|ddot|vec|hat|bar|tilde|overline|mathbf|boldsymbol|bm|mathrm|mathit|text|mathcal|operatorname)\s*\{[^{}]{1,40}\}"
# A command that names a symbol (\omega, \Delta), not a function (\ln T is not a label).
_GREEK_OR_COMMAND = (
    r"\\(?!(?:ln|log|lg|exp|sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|arcsin|arccos|arctan"
    r"|sqrt|frac|dfrac|tfrac|int|sum|prod|lim|max|min|det)(?![A-Za-z]))[A-Za-z]+"
)
_LETTER = r"[A-Za-zα-ωΑ-Ωµ]"
_SUBSCRIPT = r"(?:_\s*(?:\{(?:[^{}]|\{[^{}]*\}){1,40}\}|\\[A-Za-z]+|[A-Za-z0-9]))"
_PRIMES = r"(?:'+|\^\s*\{\s*\\prime\s*\}|\^\s*\\prime|\^\s*\{?\s*\*\s*\}?)"
_ATOM = rf"(?:{_DECORATION}|{_GREEK_OR_COMMAND}|{_LETTER})"
_SYMBOL = rf"(?:{_ATOM}\s*){{1,3}}{_SUBSCRIPT}?{_PRIMES}?{_SUBSCRIPT}?"
_ARGS = r"(?:\s*\((?:[^()]|\([^()]*\)){1,60}\))?"
_WORDS = r"[A-Za-z][A-Za-z\-]{1,20}(?:\s+[A-Za-z][A-Za-z\-]{0,20}){0,3}"
# A derivative names what it differentiates: \frac{d\sigma}{d\Omega}, \frac{\partial U}{\partial V}.
_DERIVATIVE = (
    r"\\[dt]?frac\s*\{\s*(?:d|\\partial|\\mathrm\{d\})\s*[^{}=]{1,30}\}\s*"
    r"\{\s*(?:d|\\partial|\\mathrm\{d\})\s*[^{}=]{1,30}\}"
)
# A tuple of symbols labels a tuple of values: (p, q, r) = (3, 2, 7).
_TUPLE = rf"\(\s*{_SYMBOL}(?:\s*,\s*{_SYMBOL}){{1,7}}\s*\)"
_LABEL = re.compile(
    rf"^\s*(?P<label>{_DERIVATIVE}|{_TUPLE}|{_SYMBOL}{_ARGS}|{_WORDS})\s*"
    r"(?P<rel>=|≈|≃|\\approx|\\simeq|:(?!=))\s*"
)
_RELATION = re.compile(r"(?<![<>!=\\])(?:=|≈|≃|\\approx|\\simeq)(?!=)")
# Words that name a symbol before it: "Resistance R", "Power P", "Final speed v_f".
_NAMED_SYMBOL = re.compile(
    r"^(?:[A-Za-z][a-z\-]{2,}\s+){1,3}(?P<symbol>[A-Za-z](?:_\{?[A-Za-z0-9]{1,8}\}?)?)$"
)
# Not labels: words that start a sentence or a unit, and function names.
_NOT_LABELS = frozenset(
    {"so", "thus", "then", "hence", "therefore", "answer", "final answer", "the answer", "note",
     "where", "with", "and", "or", "if", "for", "since", "because", "sin", "cos", "tan", "ln",
     "log", "exp", "sqrt"}
)  # fmt: skip


def canonical_label(label: str) -> str:
    r"""A label in one spelling: no spaces, braces, ``\text``-like wrappers or backslashes.

    ``T_{E}`` and ``T_E``, ``H_{\text{water}}`` and ``H_water``, ``\omega'`` and
    ``\omega^{\prime}`` read the same; an argument list is kept (``I(t)``).

    >>> canonical_label(r"H_{\text{water}}"), canonical_label("T_{E}"), canonical_label(r"\omega^{\prime}")
    ('H_water', 'T_E', "omega'")
    """
    t = label.strip()
    t = re.sub(r"\\(?:text|mathrm|mathit|mathbf|boldsymbol|bm|operatorname|rm)\s*", "", t)
    t = re.sub(r"\^\s*\{\s*\\prime\s*\}|\^\s*\\prime", "'", t)
    t = t.replace("\\", "").replace("{", "").replace("}", "")
    t = re.sub(r"\s+", "", t)
    return t


def split_label(item: str) -> tuple[str | None, str, str]:
    r"""``(canonical label, label as written, value)`` of one item.

    The value of a chain ``x = a = b`` is its last link. An item with no label
    returns ``(None, "", item)``.

    >>> split_label("x = 5 + 5 + 1 = 11")
    ('x', 'x', '11')
    >>> split_label(r"\text{Number of fringes} = 100")
    ('Numberoffringes', '\\text{Number of fringes}', '100')
    >>> split_label("x^2 + y^2 = 1")
    (None, '', 'x^2 + y^2 = 1')
    """
    m = _LABEL.match(item)
    if m is None and item.lstrip().startswith("\\text"):
        m = re.match(r"^\s*(?P<label>\\text\s*\{[^{}]{1,60}\})\s*(?P<rel>=|:)\s*", item)
    if m is None:
        return None, "", item.strip()
    label_text = m.group("label").strip()
    named = _NAMED_SYMBOL.match(label_text)
    if named is not None:  # "Resistance R = 5 Ω": the symbol is the label
        label_text = named.group("symbol")
    canonical = canonical_label(label_text)
    if not canonical or canonical.lower() in _NOT_LABELS or canonical.isdigit():
        return None, "", item.strip()
    value = item[m.end() :]
    if m.group("rel") != ":":
        links = _top_level_relations(value)
        if links:
            value = value[links[-1] :]
    value = value.strip()
    if not value:
        return None, "", item.strip()
    return canonical, label_text, value


def _top_level_relations(text: str) -> list[int]:
    """Ends of the ``=``/``≈`` signs at bracket depth 0, in one pass."""
    ends: list[int] = []
    matches = list(_RELATION.finditer(text))
    if not matches:
        return ends
    depth = 0
    i = 0
    for m in matches:
        while i < m.start():
            ch = text[i]
            if ch == "\\" and i + 1 < m.start() and text[i + 1] in "{}":
                ch = text[i + 1]
                i += 1
            if ch in _OPENERS:
                depth += 1
            elif ch in _CLOSERS:
                depth = max(depth - 1, 0)
            i += 1
        if depth == 0:
            ends.append(m.end())
    return ends


def split_parts(text: str) -> list[Part]:
    r"""The top-level items of ``text`` with their markers dropped and labels read.

    >>> [(p.label, p.value) for p in split_parts("(a) $t_g = 2$ s, (b) $d_x = 20$ m".replace("$", ""))]
    [('t_g', '2 s'), ('d_x', '20 m')]
    """
    out: list[Part] = []
    text = _blank_delimiters(text)
    for start, end in split_items(text):
        item = text[start:end]
        marker = _MARKER.match(item)
        if marker is not None and marker.end() < len(item):
            start += marker.end()
            item = item[marker.end() :]
        item = _EDGE_SPACING.sub("", item) if "\\" in item or "~" in item else item.strip()
        if not item or item == "\\":  # "\ " trimmed to its backslash: spacing, no item
            continue
        label, label_text, value = split_label(item)
        out.append(Part(item, label, label_text, value, start))
    return out


# LaTeX spacing at an item's ends ("(7,11),\ (11,7)"): not part of the item.
_EDGE_SPACING = re.compile(
    r"^(?:\\[,;:! ]|\\q?quad(?![A-Za-z])|~|\s)+|(?:\\[,;:! ]|\\q?quad(?![A-Za-z])|~|\s)+$"
)


def split_groups(text: str) -> list[str] | None:
    r"""Groups separated by ``;`` that each hold the same number (two or more) of comma
    items: ``p=5, q=2; p=7, q=2`` is two solutions of ``(p, q)``, not four values.

    >>> split_groups("p=5, q=2; p=7, q=2")
    ['p=5, q=2', 'p=7, q=2']
    >>> split_groups("T = 290 K; F = 6 N") is None
    True
    """
    if ";" not in text or len(text) > MAX_SPLIT_CHARS:
        return None
    groups: list[str] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(depth - 1, 0)
        elif ch == ";" and depth == 0:
            groups.append(text[start:i].strip())
            start = i + 1
    groups.append(text[start:].strip())
    groups = [g for g in groups if g]
    if len(groups) < 2 or len(groups) > MAX_PARTS:
        return None
    sizes = {len(split_items(g)) for g in groups}
    if len(sizes) != 1 or sizes.pop() < 2:
        return None
    return groups


# ------------------------------------------------------------------------- plus-minus

_PLUS_MINUS = re.compile(r"\\pm(?![A-Za-z])|±|\\mp(?![A-Za-z])|∓")
MAX_PLUS_MINUS = 8
_LEADING_SIGN = re.compile(r"^([+-])\s+")


def plus_minus(text: str) -> tuple[str, str] | None:
    r"""The two values ``text`` stands for when it writes ``\pm`` (or ``±``), else ``None``.

    Every ``\pm`` takes the upper sign in the first value and the lower in the second, and
    ``\mp`` the opposite, the convention of a formula with ``\pm``; the signs are binary
    ``+`` and ``-`` where they stand, so ``1 \pm 2 + 3`` is ``1 + 2 + 3`` and ``1 - 2 + 3``.

    >>> plus_minus(r"1 \pm \sqrt{19}")
    ('1 + \\sqrt{19}', '1 - \\sqrt{19}')
    >>> plus_minus(r"\pm 2021")
    ('+2021', '-2021')
    >>> plus_minus(r"\frac{-1 \pm \sqrt{13}}{4}")
    ('\\frac{-1 + \\sqrt{13}}{4}', '\\frac{-1 - \\sqrt{13}}{4}')
    >>> plus_minus("3") is None
    True
    """
    if "\\pm" not in text and "\\mp" not in text and "±" not in text and "∓" not in text:
        return None
    signs = _PLUS_MINUS.findall(text)
    if not signs or len(signs) > MAX_PLUS_MINUS:
        return None

    def branch(upper: bool) -> str:
        def sign(m: re.Match[str]) -> str:
            plus = m.group(0) in ("\\pm", "±")
            return " + " if plus == upper else " - "

        out = re.sub(r"\s{2,}", " ", _PLUS_MINUS.sub(sign, text)).strip()
        return _LEADING_SIGN.sub(r"\1", out)  # "- 1" at the start is -1, not a bullet

    return branch(True), branch(False)
