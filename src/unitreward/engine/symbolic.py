r"""Symbolic answers: finding an expression or an equation in a completion, and judging it.

When the reference is an expression (``\frac{q_0}{\sqrt{2LC}}``, or labelled:
``t = \frac{2v_0\sin\theta}{g}``) or an equation (``x^2 + y^2 = 1``), the final answer is
read as one, by the same precedence as a quantity:

1. every ``\boxed{}`` (the last 64), else every ``<answer>`` tag, else the formulas of the
   region a final-answer phrase marks, else the last formula of the answer section
   (``$$…$$``, ``\[…\]``, ``\(…\)``, ``$…$``), else its last line when that is no prose;
2. beside the last formula, the formulas joined to it as alternatives (``$a$ or $b$``,
   ``$a$, $b$``) are offered too; formulas the text denies ("not $a$", "$a$ (this is
   wrong)") or only asks about are not offered (the policy's rules for quantities, in
   :mod:`unitreward.engine.policy`);
3. a chain ``a = b = c`` is working up to its last link: the last link is the value, and
   its first link is a label when it names a symbol;
4. several different formulas offered (two boxes, ``a \text{ or } b``) are a hedge
   (``ambiguous``), whichever of them is right; a formula taken back with nothing else
   offered is ``retracted``.

An expression matches when :func:`~unitreward.engine.expression.equivalent` says so (the
checker's ``rel_tol`` and ``abs_tol``; ``exact`` when both are 0): the same variables,
agreeing at seeded random points. A labelled reference also accepts the whole equation,
compared as an equation; an equation matches up to rearrangement and a nonzero factor
(:func:`~unitreward.engine.expression.equations_equivalent`).

>>> from unitreward.engine.answers import parse_reference
>>> judge_symbolic(r"So $t = \dfrac{2 v_0 \sin\theta}{g}$.", [parse_reference(r"t = \frac{2v_0\sin\theta}{g}")]).reason
'correct'
>>> judge_symbolic(r"\boxed{x^2 - y^2 = 1}", [parse_reference("x^2+y^2=1")]).reason
'wrong_value'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from unitreward.engine.answers import EquationAnswer, ExpressionAnswer, looks_like_prose, unwrap
from unitreward.engine.errors import ParseError, UnitrewardError
from unitreward.engine.expression import (
    Equation,
    Expression,
    equations_equivalent,
    equivalent,
    parse_equation,
    parse_expression,
)
from unitreward.engine.extract import answer_tags, boxed_spans, offered_after_box, phrase_region
from unitreward.engine.parts import canonical_label, split_label
from unitreward.engine.policy import denied, denied_span, uncommitted
from unitreward.engine.unit_suffix import split_unit
from unitreward.engine.units import UnitInfo
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    MISSING_UNIT,
    NO_ANSWER,
    RETRACTED,
    UNPARSEABLE_ANSWER,
    WRONG_DIMENSION,
    WRONG_VALUE,
    Verdict,
)
from unitreward.engine.vocabulary import PLAIN_WORDS

__all__ = [
    "SymbolicReference",
    "constant_formulas",
    "in_unit_of",
    "judge_symbolic",
    "symbolic_regions",
]

SymbolicReference = ExpressionAnswer | EquationAnswer

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
class _Offer:
    """A formula as written where the final answer is, and whether the text takes it back."""

    text: str
    denied: bool = False


@dataclass(frozen=True, slots=True)
class _Candidate:
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
    where, offers = _offers(section)
    return where, [o.text for o in offers if not o.denied]


def constant_formulas(section: str) -> list[tuple[str, float, UnitInfo | None]]:
    r"""The final formulas when every one of them is a constant (a unit after it allowed):
    ``(text, value, unit)`` each, else ``[]``. For a quantity or number reference whose
    final answer the number grammar does not read whole (``\left(\frac{5}{12}\right)^{1/3}``,
    ``-\sin(\pi/2)\sqrt{441}\ \mathrm{N}``).

    >>> [(t, round(v, 6)) for t, v, _ in constant_formulas(r"Answer \( (9+1) \)")]
    [('(9+1)', 10.0)]
    """
    _, offers = _offers(section)
    out: list[tuple[str, float, UnitInfo | None]] = []
    for offer in offers:
        if offer.denied or len(offer.text) > MAX_FORMULA_CHARS:
            continue
        candidate = _candidate(offer)
        found = _with_unit(candidate.value)
        if found is None or not found[0].is_constant or found[0].value is None:
            return []
        out.append((candidate.value, found[0].value, found[1]))
    return out


def _offers(section: str) -> tuple[str, list[_Offer]]:
    boxes = boxed_spans(section)
    if boxes:
        offers: list[_Offer] = []
        for content, end in boxes:
            start = max(section.rfind("\\boxed", 0, end), section.rfind("\\fbox", 0, end), 0)
            taken_back = denied_span(section, start, end)
            offers.extend(_Offer(piece, taken_back) for piece in _pieces(content))
        beside = offered_after_box(section, boxes[-1][1])
        if beside is not None:  # "\boxed{a}, or maybe $b$": offered too
            offers.extend(_offers_in(beside))
        return "boxed", _distinct(offers)
    tags = answer_tags(section)
    if tags:
        return "answer tag", _distinct([_Offer(p) for tag in tags for p in _pieces(tag)])
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
        return "last line", [_Offer(p, back) for p in _pieces(sentence[span[0] : span[1]])]
    return "last line", [_Offer(p) for p in _pieces(last)]


_MATH_SIGN = re.compile(r"[=+\-*/^\\()\d√π]")


def _last_sentence(line: str) -> str:
    """The last sentence of a line (what follows the last full stop before a space)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(line)]
    rest = line[ends[-1] :] if ends else line
    return rest if rest.strip() else line


def _offers_in(text: str, *, marked: bool = False) -> list[_Offer]:
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
            return [_Offer(p, back) for p in _pieces(text[span[0] : span[1]])]
        plain = text.strip()
        if not plain or looks_like_prose(plain) or _has_prose(plain):
            return []
        return [_Offer(p) for p in _pieces(plain)]
    spans = [(a, b) for a, b, _ in found]
    taken_back = [
        d or u for d, u in zip(denied(text, spans), uncommitted(text, spans), strict=True)
    ]
    kept = [i for i, back in enumerate(taken_back) if not back]
    if not kept:  # every formula is taken back: say so rather than read one of them
        return [_Offer(p, True) for p in _pieces(found[-1][2])]
    last = [kept[-1]]
    for i in reversed(kept[:-1]):  # formulas joined to the last one as alternatives
        if _ALTERNATIVE_GAP.fullmatch(text, spans[i][1], spans[last[0]][0]) is None:
            break
        last.insert(0, i)
    return _distinct([_Offer(p) for i in last for p in _pieces(found[i][2])])


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


def _distinct(offers: list[_Offer]) -> list[_Offer]:
    """Offers written alike once (the last copy's denial decides), at most MAX_OFFERS + 1."""
    by_text: dict[str, _Offer] = {}
    for o in offers:
        by_text[re.sub(r"\s+", "", o.text)] = o
    return list(by_text.values())[: MAX_OFFERS + 1]


def _candidate(offer: _Offer) -> _Candidate:
    links = _links(offer.text)
    label = None
    if len(links) > 1:
        label, _, _ = split_label(f"{links[0]} = 0")
    return _Candidate(offer.text, label, links[-1], links[0], offer.denied, len(links))


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


def _parsed_value(candidate: _Candidate) -> Expression | None:
    found = _with_unit(candidate.value)
    return found[0] if found is not None else None


def _with_unit(text: str) -> tuple[Expression, UnitInfo | None] | None:
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


def in_unit_of(value: Expression, unit: UnitInfo, reference: UnitInfo) -> Expression:
    """``value`` written in ``unit``, as a magnitude in ``reference``'s unit (same dimension).

    >>> from unitreward.engine.units import parse_unit
    >>> in_unit_of(parse_expression("f"), parse_unit("Hz"), parse_unit("rad/s")).evaluate({"f": 1}).real
    6.283185307179586
    """
    if unit.offset or reference.offset:
        if unit.text == reference.text:
            return value
        raise ParseError("an expression in a unit with an offset (°C, °F) converts only to itself")
    return value.scaled(unit.factor * unit.cycle_factor(reference) / reference.factor)


def _parsed_equation(candidate: _Candidate) -> Equation | None:
    if candidate.first == candidate.value:
        return None
    try:
        return parse_equation(f"{candidate.first} = {candidate.value}")
    except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
        return None


def _match(
    candidate: _Candidate, ref: SymbolicReference, rel_tol: float, abs_tol: float, exact: bool
) -> str:
    """``correct``, or why not: ``wrong_value``, ``missing_unit``, ``wrong_dimension``."""
    if isinstance(ref, ExpressionAnswer):
        found = _with_unit(candidate.value)
        if found is not None and not _names_its_value(candidate, found[0], ref):
            found = None  # 2 y = x: an equation, not a label and a value
        if found is not None:
            value, unit = found
            if ref.unit is not None:
                if unit is None:
                    return MISSING_UNIT
                if unit.dims != ref.unit.dims:
                    return WRONG_DIMENSION
                try:
                    value = in_unit_of(value, unit, ref.unit)
                except ParseError:
                    return WRONG_VALUE
            if equivalent(ref.expression, value, rel_tol=rel_tol, abs_tol=abs_tol, exact=exact):
                return CORRECT
        if ref.equation is None or ref.unit is not None:
            return WRONG_VALUE
        reference_equation: Equation = ref.equation
    else:
        reference_equation = ref.equation
    equation = _parsed_equation(candidate)
    if equation is not None and equations_equivalent(
        reference_equation, equation, rel_tol=rel_tol, abs_tol=abs_tol, exact=exact
    ):
        return CORRECT
    return WRONG_VALUE


def _names_its_value(candidate: _Candidate, value: Expression, ref: ExpressionAnswer) -> bool:
    r"""Whether a chain's last link alone is the answer: its left side only names it.

    ``y = x``, ``I_L(t) = …``, ``\Delta x = …``, ``KE = …`` name a value; ``2 y = x``
    and ``a y = x`` (for ``y = x``) or ``x = x + 1`` do not: they are equations, and an
    equation is compared as one (any left side passing for the label would pay 1.0 for
    ``oxed{2 y = x}`` against ``y = x``). A chain of working whose first link equals
    its last (``rac{m v^2}{2} = rac{m (2 g h)}{2} = m g h``) names its value too.
    A left side is a name when it is one (``t``, ``v_{max}``, ``\dot{x}``, a function
    head) or a product of distinct letters (``\Delta x``, ``KE``), shares no variable
    with the value, and, when the reference is labelled, is that label or does not use it.
    """
    if candidate.links == 1:
        return True
    try:
        equation = parse_equation(f"{candidate.first} = {candidate.value}")
    except (UnitrewardError, ValueError, ArithmeticError, RecursionError):
        return candidate.label is not None  # a left side we do not read: a label if it looks one
    left = equation.lhs
    names = _name_of(equation)
    ref_label = ref.equation.label if ref.equation is not None else None
    if names is not None:
        if names & value.variables:
            return False  # x = x + 1, x = x: an equation in x
        if ref_label is None or ref_label not in left.variables:
            return True
        return names == {ref_label} and left.variables == names
    return left.variables == value.variables and equivalent(left, value)


def _name_of(equation: Equation) -> frozenset[str] | None:
    """The names an equation's left side introduces, or ``None`` when it is no name."""
    if equation.label is not None:
        return frozenset([equation.label])
    tree = equation.lhs._tree
    factors = tree[1] if tree[0] == "mul" else (tree,)
    symbols = [f[1] for f in factors if f[0] == "sym"]
    if len(symbols) == len(factors) and len(set(symbols)) == len(symbols):
        return frozenset(symbols)
    return None


def _same(a: _Candidate, b: _Candidate, rel_tol: float, abs_tol: float) -> bool:
    """Whether two offered formulas say the same thing (a restatement, not a hedge)."""
    if canonical_label(a.value) == canonical_label(b.value):
        return True
    wa, wb = _with_unit(a.value), _with_unit(b.value)
    if wa is not None and wb is not None:
        (va, ua), (vb, ub) = wa, wb
        if ua is not None and ub is not None:
            if ua.dims != ub.dims:
                return False
            try:
                vb = in_unit_of(vb, ub, ua)
            except ParseError:
                return False
        return equivalent(va, vb, rel_tol=rel_tol, abs_tol=abs_tol)
    ea, eb = _parsed_equation(a), _parsed_equation(b)
    return ea is not None and eb is not None and equations_equivalent(ea, eb, rel_tol=rel_tol)


def judge_symbolic(
    section: str,
    refs: Sequence[SymbolicReference],
    *,
    rel_tol: float = 1e-2,
    abs_tol: float = 0.0,
    unitless_credit: float = 0.0,
) -> Verdict:
    r"""The verdict on an answer section against expression or equation references.

    ``rel_tol`` 0 (with ``abs_tol`` 0) asks for exact equivalence. A reference with a unit
    (``\sqrt{2gh}\,\mathrm{m/s}``) is compared in SI with the dimension checked; the
    right expression without a unit earns ``unitless_credit`` (``missing_unit``).

    >>> from unitreward.engine.answers import parse_reference
    >>> refs = [parse_reference(r"\frac{\hbar\omega}{2}")]
    >>> judge_symbolic(r"\boxed{\frac{\omega \hbar}{2}}", refs).reward
    1.0
    >>> judge_symbolic(r"\boxed{\frac{\hbar}{2}} or \boxed{\frac{\hbar\omega}{2}}", refs).reason
    'ambiguous'
    >>> judge_symbolic(r"It is not $\frac{\hbar\omega}{2}$.", refs).reason
    'retracted'
    """
    expected = refs[0].text
    exact = rel_tol == 0 and abs_tol == 0
    where, offers = _offers(section)
    candidates = [_candidate(o) for o in offers if len(o.text) <= MAX_FORMULA_CHARS]
    if not candidates:
        return Verdict(0.0, NO_ANSWER, None, expected, "no final answer found")
    offered = [c for c in candidates if not c.denied]
    if not offered:
        shown = candidates[-1].text[:300]
        return Verdict(
            0.0, RETRACTED, shown, expected, f"the text takes back {shown[:120]!r}; nothing else"
        )
    if len(offered) > MAX_OFFERS:
        return Verdict(
            0.0,
            AMBIGUOUS,
            None,
            expected,
            f"the {where} answer offers more than {MAX_OFFERS} formulas",
        )
    distinct: list[_Candidate] = []
    for c in offered:
        if not any(_same(c, d, rel_tol, abs_tol) for d in distinct):
            distinct.append(c)
    if len(distinct) > 1:
        shown = " | ".join(c.text for c in distinct[:4])[:300]
        return Verdict(
            0.0,
            AMBIGUOUS,
            shown,
            expected,
            f"the {where} answer offers {len(distinct)} different formulas: {shown}",
        )
    answer = distinct[0]
    value = _parsed_value(answer)
    if value is None and _parsed_equation(answer) is None:
        return Verdict(
            0.0,
            UNPARSEABLE_ANSWER,
            answer.text[:300],
            expected,
            f"the {where} answer {answer.text[:120]!r} is not a formula we read",
        )
    reasons = [_match(answer, ref, rel_tol, abs_tol, exact) for ref in refs]
    for ref, reason in zip(refs, reasons, strict=True):
        if reason == CORRECT:
            return Verdict(
                1.0,
                CORRECT,
                answer.text[:300],
                ref.text,
                f"{answer.text[:120]!r} is equivalent to {ref.text[:120]!r}",
                dimension_ok=True,
            )
    if MISSING_UNIT in reasons:
        ref = refs[reasons.index(MISSING_UNIT)]
        unitless = _unitless(answer, ref, rel_tol, abs_tol, exact)
        return Verdict(
            unitless_credit if unitless else 0.0,
            MISSING_UNIT,
            answer.text[:300],
            ref.text,
            f"{answer.text[:120]!r} has no unit, expected {ref.text[:120]!r}",
        )
    if WRONG_DIMENSION in reasons and all(r == WRONG_DIMENSION for r in reasons):
        return Verdict(
            0.0,
            WRONG_DIMENSION,
            answer.text[:300],
            expected,
            f"{answer.text[:120]!r} has a unit of another dimension than {expected[:120]!r}",
        )
    return Verdict(
        0.0,
        WRONG_VALUE,
        answer.text[:300],
        expected,
        _why_not(answer, value, refs[0]),
        dimension_ok=value is not None,
    )


def _unitless(
    answer: _Candidate, ref: SymbolicReference, rel_tol: float, abs_tol: float, exact: bool
) -> bool:
    """The right expression with no unit, read in the reference's unit."""
    value = _parsed_value(answer)
    return (
        isinstance(ref, ExpressionAnswer)
        and value is not None
        and equivalent(ref.expression, value, rel_tol=rel_tol, abs_tol=abs_tol, exact=exact)
    )


def _why_not(answer: _Candidate, value: Expression | None, ref: SymbolicReference) -> str:
    shown = f"{answer.text[:120]!r}"
    if isinstance(ref, ExpressionAnswer) and value is not None:
        mine, theirs = value.variables, ref.expression.variables
        extra, missing = sorted(mine - theirs), sorted(theirs - mine)
        if extra or missing:
            parts = [
                f"uses {', '.join(extra)}" if extra else "",
                f"lacks {', '.join(missing)}" if missing else "",
            ]
            return f"{shown} {', '.join(p for p in parts if p)}: not the reference's variables"
    return f"{shown} is not equivalent to {ref.text[:120]!r}"
