r"""The formulas a completion offers as its final answer (for symbolic references).

By the precedence of :mod:`unitreward.engine.symbolic`: every box, else every answer
tag, else what a final-answer phrase marks, else the last formula with the formulas
offered beside it, else the formula at the end of the last line. Each formula offered
is cut into its chain (``a = b = c``: the last link is the value, the first a label
when it names one); formulas the text denies or only asks about are marked.

>>> symbolic_regions(r"We get $E = mc^2$. Then $p = mv$ follows.")
('formula', ['p = mv'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unitreward.engine.answers import looks_like_prose, unwrap
from unitreward.engine.box_offers import box_start, offered_beside_box
from unitreward.engine.errors import UnitrewardError
from unitreward.engine.expression import Expression, parse_expression
from unitreward.engine.extract import (
    answer_tags,
    boxed_spans,
    phrase_region,
)
from unitreward.engine.parts import split_label
from unitreward.engine.policy import denied, denied_span, uncommitted
from unitreward.engine.unit_suffix import split_unit
from unitreward.engine.units import UnitInfo, parse_unit
from unitreward.engine.vocabulary import PLAIN_WORDS

__all__ = [
    "MAX_FORMULA_CHARS",
    "MAX_OFFERS",
    "Candidate",
    "Offer",
    "candidate_of",
    "constant_formulas",
    "formula_offers",
    "symbolic_regions",
    "with_unit",
]


#: Formulas longer than this are not read (they are no answer we evaluate).
MAX_FORMULA_CHARS = 2000
#: At most this many formulas are offered from one region (more is a shotgun).
MAX_OFFERS = 16

_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$([^$]+?)\$", re.DOTALL)
_RELATION = re.compile(r"(?<![<>!\\])(?:=|≈|≃|\\approx|\\simeq)(?!=)")
_OR = re.compile(
    r"\s+(?:or|\\text\s*\{\s*or\s*\}|\\quad\s*\\text\s*\{\s*or\s*\}\s*\\quad)\s+"
    r"|\\text\s*\{\s*or\s*\}"
)
# Between two formulas, what makes them alternatives ("$a$ or $b$", "$a$, $b$"); a
# sentence between them ("We get $a$. Then $b$.") makes the first one working.
_ALTERNATIVE_GAP = re.compile(
    r"\s*(?:[,;/]\s*)?"
    r"(?:(?:or|either|perhaps|maybe|possibly|alternatively|else|even|and)\s*(?:[,:]\s*)?){0,4}",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"(?:[\s.,;:]|(?<=\s)!)+$|\s+(?:where|with|for|and|which|in|when)\b.*$", re.DOTALL
)  # a "!" glued to a formula is a factorial, not the end of a sentence
_LEADING = re.compile(r"^(?:\s|\*|__)*(?:(?:is|are|equals|=|:|≈)\s*)?", re.IGNORECASE)
_EMPHASIS_AFTER = re.compile(r"(?:\s|\*|__)+$")  # **Answer:** x**: markdown bold


@dataclass(frozen=True, slots=True)
class Offer:
    """A formula as written where the final answer is, and whether the text takes it back."""

    text: str
    denied: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """One formula offered as the final answer, cut into its chain."""

    text: str
    label: str | None
    value: str  # the last link of a chain
    first: str  # the first link (the left-hand side of an equation)
    denied: bool = False
    links: int = 1  # how many links the chain has


def symbolic_regions(section: str) -> tuple[str, list[str]]:
    r"""``(where, formulas)``: the formulas offered as the final answer, by precedence.

    ``where`` is ``"boxed"``, ``"answer tag"``, ``"marked"`` (a phrase marks them),
    ``"formula"`` (the last formula of the section, with those offered beside it as
    alternatives) or ``"last line"``. Formulas the text takes back are left out.

    >>> symbolic_regions(r"We get $E = mc^2$. Then $p = mv$ follows.")
    ('formula', ['p = mv'])
    >>> symbolic_regions(r"\boxed{a} and then \boxed{b}")
    ('boxed', ['a', 'b'])
    >>> symbolic_regions(r"It is $a$ or $b$, not $c$.")
    ('formula', ['a', 'b'])
    >>> symbolic_regions(r"It is $a$, or maybe $b$.")
    ('formula', ['a', 'b'])
    """
    where, offers = formula_offers(section)
    return where, [o.text for o in offers if not o.denied]


def constant_formulas(section: str) -> list[tuple[str, float, UnitInfo | None]]:
    r"""The final formulas when every one of them is a constant (a unit after it allowed):
    ``(text, value, unit)`` each, else ``[]``. For a quantity or number reference whose
    final answer the number grammar does not read whole (``\left(\frac{5}{12}\right)^{1/3}``,
    ``-\sin(\pi/2)\sqrt{441}\ \mathrm{N}``).

    >>> [(t, round(v, 6)) for t, v, _ in constant_formulas(r"Answer \( (9+1) \)")]
    [('(9+1)', 10.0)]
    """
    _, offers = formula_offers(section)
    out: list[tuple[str, float, UnitInfo | None]] = []
    for offer in offers:
        if offer.denied or len(offer.text) > MAX_FORMULA_CHARS:
            continue
        candidate = candidate_of(offer)
        found = with_unit(candidate.value)
        if found is None or not found[0].is_constant or found[0].value is None:
            return []
        out.append((candidate.value, found[0].value, found[1]))
    return out


def formula_offers(section: str) -> tuple[str, list[Offer]]:
    boxes = boxed_spans(section)
    if boxes:
        offers: list[Offer] = []
        for content, end in boxes:
            start = max(section.rfind("\\boxed", 0, end), section.rfind("\\fbox", 0, end), 0)
            taken_back = denied_span(section, start, end)
            offers.extend(Offer(piece, taken_back) for piece in _pieces(content))
        last_end = boxes[-1][1]
        for beside in offered_beside_box(section, box_start(section, last_end), last_end):
            offers.extend(_offers_in(beside))  # "\boxed{a}, or maybe $b$": offered too
        return "boxed", _distinct(offers)
    tags = answer_tags(section)
    if tags:
        return "answer tag", _distinct([Offer(p) for tag in tags for p in _pieces(tag)])
    region = phrase_region(section)
    if region is not None and region.strip():
        offers = _offers_in(region, marked=True)
        if offers:
            return "marked", offers
    offers = _offers_in(section)
    if offers:
        return "formula", offers
    lines = [line for line in section.splitlines() if line.strip()]
    last = lines[-1].strip() if lines else ""
    if not last:
        return "last line", []
    if looks_like_prose(last) or _has_prose(last):
        # "Thus the extension is x = mg/k.": the formula after the last sentence's prose
        sentence = _last_sentence(last)
        span = _plain_formula(sentence)
        if span is None or _MATH_SIGN.search(sentence, span[0], span[1]) is None:
            return "last line", []  # "no formula here at all": words left, no formula
        back = denied(sentence, [span])[0] or uncommitted(sentence, [span])[0]
        return "last line", [Offer(p, back) for p in _pieces(sentence[span[0] : span[1]])]
    return "last line", [Offer(p) for p in _pieces(last)]


_MATH_SIGN = re.compile(r"[=+\-*/^\\()\d√π]")


def _last_sentence(line: str) -> str:
    """The last sentence of a line (what follows the last full stop before a space)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(line)]
    rest = line[ends[-1] :] if ends else line
    return rest if rest.strip() else line


def _offers_in(text: str, *, marked: bool = False) -> list[Offer]:
    """The last formula of ``text`` and the formulas offered beside it as alternatives.

    Without math delimiters, a ``marked`` region (what a final-answer phrase marks) is
    read up to the end of its first sentence and after a lead-in ("Therefore, x = y");
    any other text is a formula only when it holds no prose.
    """
    found = [
        (m.start(), m.end(), next(g for g in m.groups() if g is not None))
        for m in _MATH.finditer(text)
    ]
    if not found:
        if marked:
            span = _plain_formula(text)
            if span is None:
                return []
            back = denied(text, [span])[0] or uncommitted(text, [span])[0]
            return [Offer(p, back) for p in _pieces(text[span[0] : span[1]])]
        plain = text.strip()
        if not plain or looks_like_prose(plain) or _has_prose(plain):
            return []
        return [Offer(p) for p in _pieces(plain)]
    spans = [(a, b) for a, b, _ in found]
    taken_back = [
        d or u for d, u in zip(denied(text, spans), uncommitted(text, spans), strict=True)
    ]
    kept = [i for i, back in enumerate(taken_back) if not back]
    if not kept:  # every formula is taken back: say so rather than read one of them
        return [Offer(p, True) for p in _pieces(found[-1][2])]
    last = [kept[-1]]
    for i in reversed(kept[:-1]):  # formulas joined to the last one as alternatives
        if _ALTERNATIVE_GAP.fullmatch(text, spans[i][1], spans[last[0]][0]) is None:
            break
        last.insert(0, i)
    offers = [Offer(p) for i in last for p in _pieces(found[i][2])]
    unit = _unit_after(text, spans[last[-1]][1])
    if unit is not None and offers and split_unit(offers[-1].text) is None:
        # "$v = \sqrt{2gh}$ m/s": the unit after the closing delimiter is the formula's
        offers[-1] = Offer(f"{offers[-1].text}\\,\\mathrm{{{unit}}}", offers[-1].denied)
    return _distinct(offers)


# What follows a formula's closing delimiter up to the end of its clause.
_CLAUSE_AFTER = re.compile(
    r"[ \t]*([^\s$.,;:!?()\[\]{}][^$\n.,;:!?()\[\]{}]{0,23})(?=$|[\n.,;:!?)])"
)
# Words that start a clause, not a unit ("$x$ in the limit", "$x$ a day", "$x$ at t = 0").
_NOT_A_UNIT_START = re.compile(r"(?:a|an|the|in|at|for|is|to|of|and|or|as|by|on|if)\b", re.I)


def _unit_after(text: str, end: int) -> str | None:
    r"""The unit written after a formula's closing delimiter (``$\sqrt{2gh}$ m/s.``): the
    rest of the clause when all of it is a unit, else ``None``.

    >>> text = r"So $v = 2 \pi r$ m/s."
    >>> _unit_after(text, text.index(" m/s")), _unit_after("So $x$ in the end.", 6)
    ('m/s', None)
    """
    m = _CLAUSE_AFTER.match(text, end)
    if m is None:
        return None
    words = m.group(1).strip()
    if not words or _NOT_A_UNIT_START.match(words):
        return None
    try:
        parse_unit(words)
    except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
        return None
    return words


_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{4,}(?![A-Za-z])")
_LATEX_WORDS = re.compile(r"\\[A-Za-z]+(?:\s*\{[^{}]*\})?")


# The end of a sentence: a full stop, "!", "?" or ";" before a space (not 0.5, not n!x).
_SENTENCE_END = re.compile(r"[.;?]\s|(?<=\s)!\s|\n\s*\n")
# Short words that lead into a formula ("So", "we get"): prose the 4-letter test misses
# ("I" only before a verb: alone it is a current).
_LEAD_IN = re.compile(
    r"(?:(?:so|thus|then|hence|and|we|it|this|that|get|got|have|has|find|obtain|is|are"
    r"|gives?|yields?|equals|the|answer|result|value|not|never"
    r"|i(?=\s+(?:get|got|have|find|obtain)\b))"
    r"\b[\s,:]*)+",
    re.IGNORECASE,
)


def _plain_formula(region: str) -> tuple[int, int] | None:
    """Where the formula of a marked region without math delimiters is: its first
    sentence, after the last prose word and a lead-in (``Therefore, x = y``,
    ``x_0. This is the final result.``); ``None`` when nothing is left or it is prose."""
    end = len(region)
    m = _SENTENCE_END.search(region)
    if m is not None:
        end = m.start()
    words_after = _TRAILING.search(region, 0, end)  # "x where x is ...", "n! and more"
    if words_after is not None:
        end = words_after.start()
    commands = [(c.start(), c.end()) for c in _LATEX_WORDS.finditer(region, 0, end)]
    start = 0
    for w in _WORD.finditer(region, 0, end):
        inside = any(a <= w.start() < b for a, b in commands)
        word = w.group(0)
        if not inside and word not in PLAIN_WORDS and looks_like_prose(word):
            start = w.end()  # a word of prose (atan, theta, sqrt are math)
    lead = _LEAD_IN.match(region, start, end)
    while start < end and (region[start] in " \t,:*_" or lead is not None):
        start = lead.end() if lead is not None and lead.end() > start else start + 1
        lead = _LEAD_IN.match(region, start, end)
    formula = region[start:end].strip()
    if not formula or looks_like_prose(formula):
        return None
    return start, end


def _has_prose(text: str) -> bool:
    """Words of four letters or more, or short words of a sentence (``is``, ``not``),
    outside LaTeX commands: a sentence, not a formula.

    >>> _has_prose("It is not x = mg/k"), _has_prose(r"\\frac{mg}{k} + \\sin x")
    (True, False)
    """
    bare = _LATEX_WORDS.sub(" ", text)
    if any(looks_like_prose(w) for w in _WORD.findall(bare)):
        return True
    return any(w.lower() in _SHORT_PROSE for w in _SHORT_WORD.findall(bare))


_SHORT_WORD = re.compile(r"(?<![\\A-Za-z_])[A-Za-z]{2,3}(?![A-Za-z_])")
_SHORT_PROSE = frozenset({"is", "are", "it", "its", "not", "the", "was", "this", "be"})


def _pieces(formula: str) -> list[str]:
    """A formula as offered: unwrapped, what an implication leads to, trailing words
    dropped, split at ``or``.

    >>> print(_pieces(r"\\frac12 mv^2 = mgh \\implies v = \\sqrt{2gh}")[0])
    v = \\sqrt{2gh}
    """
    text = unwrap(formula).strip()
    if "\\" in text or "⇒" in text or "⟹" in text or "∴" in text:
        parts = _IMPLICATION.split(text)
        if len(parts) > 1 and parts[-1].strip():
            text = parts[-1].strip()  # "... \implies v = \sqrt{2gh}": the conclusion
    text = _LEADING.sub("", _TRAILING.sub("", _EMPHASIS_AFTER.sub("", text)))
    return [p.strip() for p in _OR.split(text) if p.strip()][:MAX_OFFERS]


_IMPLICATION = re.compile(
    r"\\(?:implies|Rightarrow|Longrightarrow|therefore|iff|Leftrightarrow)(?![A-Za-z])|[⇒⟹∴]"
)


def _distinct(offers: list[Offer]) -> list[Offer]:
    """Offers written alike once (the last copy's denial decides), at most MAX_OFFERS + 1."""
    by_text: dict[str, Offer] = {}
    for o in offers:
        by_text[re.sub(r"\s+", "", o.text)] = o
    return list(by_text.values())[: MAX_OFFERS + 1]


def candidate_of(offer: Offer) -> Candidate:
    links = _links(offer.text)
    label = None
    if len(links) > 1:
        label, _, _ = split_label(f"{links[0]} = 0")
    return Candidate(offer.text, label, links[-1], links[0], offer.denied, len(links))


def _links(text: str) -> list[str]:
    """A chain ``a = b ≈ c`` cut at its relations outside brackets."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "{}":
            depth += 1 if text[i + 1] == "{" else -1
            i += 2
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = _RELATION.match(text, i)
            if m is not None:
                out.append(text[start:i].strip())
                start = m.end()
                i = m.end()
                continue
        i += 1
    out.append(text[start:].strip())
    return [link for link in out if link] or [text.strip()]


def with_unit(text: str) -> tuple[Expression, UnitInfo | None] | None:
    """A value read as an expression and the unit written after it (if any)."""
    split = split_unit(text)
    if split is not None:
        try:
            return parse_expression(split[0]), split[1]
        except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
            pass
    try:
        return parse_expression(text), None
    except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
        return None
