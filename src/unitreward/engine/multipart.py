r"""Answers in several parts: matching a completion's items to the reference's parts.

The reference ``R = 5 Ω, P = 20 W`` (labelled), ``2 s, 20 m`` (in order), ``\{1, 2\}``
(a set, any order) or ``[0, 1)`` (an interval) is answered by several items. Where they
are, by the usual precedence:

1. the ``\boxed{}`` answers: one box is split into its items (``\boxed{(3, 2, 7)}``,
   ``\boxed{R = 5 Ω, P = 20 W}``), several boxes are one item each, in order;
2. else the ``<answer>`` tags, the same way;
3. else the region a final-answer phrase marks, continued over the following lines when
   it holds fewer items than the reference has parts;
4. else, for labelled parts, the last ``label = value`` of each label in the answer section;
   for unlabelled parts, the last line (or the last lines, one item each) that holds as many
   items as the reference has parts.

How items match parts: labelled parts by label (``T_{E}`` and ``T_E`` are one label), with
the parts whose label the answer does not write taken by its unlabelled items in order;
unlabelled parts in order; a set in any order (each part by a different item). Each item is
then judged in its part's kind by the checker (a quantity with its unit, an expression by
equivalence, a text part by its words). The reward is 1 only when every part is right; the
verdict names the first part that is not, and :attr:`~unitreward.engine.verdict.Verdict.parts`
holds each part's verdict. More items than parts, or one label given two different values,
is a hedge (``ambiguous``).

>>> from unitreward.engine.answers import parse_reference
>>> ref = parse_reference("R = 5 Ω, P = 20 W")
>>> def same_text(item, part):  # a stand-in for the checker's judge of one item
...     ok = item.replace(" ", "") == part.text.split("=")[-1].replace(" ", "")
...     return Verdict(float(ok), "correct" if ok else "wrong_value", item, part.text)
>>> judge_parts(r"\boxed{P = 20 W, R = 5 Ω}", [ref], same_text).reason
'correct'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from unitreward.engine.answers import (
    Answer,
    IntervalAnswer,
    PartsAnswer,
    parse_reference,
)
from unitreward.engine.errors import UnitrewardError
from unitreward.engine.extract import answer_tags, boxed_spans, phrase_region
from unitreward.engine.parts import MAX_PARTS, Part, enclosure, split_parts
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    NO_ANSWER,
    UNPARSEABLE_ANSWER,
    WRONG_VALUE,
    Verdict,
)

__all__ = ["ItemJudge", "judge_parts", "part_items"]

#: The checker's judge of one item against one part of the reference.
ItemJudge = Callable[[str, Answer], Verdict]

#: Sets larger than this are matched in order (the matching is quadratic in their size).
MAX_SET_MATCH = 16

_LABEL_VALUE = re.compile(
    r"(?<![A-Za-z\\])(?P<label>\\?[A-Za-zα-ωΑ-Ω]+(?:_\{[^{}=]{1,40}\}|_[A-Za-z0-9])?'?)\s*(?:=|≈|:)\s*"
)


def part_items(section: str, parts: int) -> tuple[str, list[Part]]:
    r"""``(where, items)``: the answer's items, by the precedence above.

    ``parts`` is how many the reference has (it decides how far a marked region runs and
    which lines of an unmarked section are read).

    >>> where, items = part_items(r"\boxed{2 s} and \boxed{20 m}", 2)
    >>> where, [i.value for i in items]
    ('boxed', ['2 s', '20 m'])
    >>> where, items = part_items("So:\n(a) t = 2 s\n(b) d = 20 m", 2)
    >>> where, [(i.label, i.value) for i in items]
    ('last lines', [('t', '2 s'), ('d', '20 m')])
    """
    boxes = [content for content, _ in boxed_spans(section)]
    if boxes:
        return "boxed", _items_of(list(dict.fromkeys(boxes)))
    tags = answer_tags(section)
    if tags:
        return "answer tag", _items_of(list(dict.fromkeys(tags)))
    region = phrase_region(section)
    if region is not None and region.strip():
        items = _items_of([region])
        if len(items) < parts:
            at = section.rfind(region.strip()[:40])
            if at >= 0:
                items = _items_of([section[at:]])
        if items:
            return "marked", items
    lines = [line for line in section.splitlines() if line.strip()]
    if lines:
        items = _items_of(lines[-1:])
        if len(items) == parts:
            return "last line", items
        if len(lines) >= parts:
            items = _items_of(lines[-parts:])
            if len(items) == parts:
                return "last lines", items
    return "section", []


def _items_of(regions: Sequence[str]) -> list[Part]:
    items: list[Part] = []
    for region in regions:
        found = split_parts(region)
        if len(found) == 1 and found[0].label is None:
            enclosed = enclosure(found[0].value)
            if enclosed is not None:
                inner = split_parts(enclosed[1])
                if len(inner) > 1 and not _is_interval_text(found[0].value):
                    found = inner
        items.extend(found)
        if len(items) > MAX_PARTS:
            break
    return items[: MAX_PARTS + 1]


def _is_interval_text(text: str) -> bool:
    t = text.strip()
    return t[:1] + t[-1:] in ("[)", "(]") or "\\infty" in t or "∞" in t


def _labelled_in_section(section: str, labels: Sequence[str]) -> dict[str, Part]:
    """The last ``label = value`` of each wanted label written anywhere in the section."""
    from unitreward.engine.parts import canonical_label

    wanted = set(labels)
    found: dict[str, Part] = {}
    text = section.replace("$", " ")
    for m in _LABEL_VALUE.finditer(text):
        label = canonical_label(m.group("label"))
        if label not in wanted:
            continue
        rest = text[m.end() : m.end() + 300]
        value = split_parts(rest)
        if value:
            found[label] = Part(value[0].text, label, m.group("label"), value[0].value, m.start())
    return found


def judge_parts(
    section: str,
    refs: Sequence[PartsAnswer | IntervalAnswer],
    judge_item: ItemJudge,
    *,
    rel_tol: float = 1e-2,
) -> Verdict:
    """The verdict on an answer section against references in several parts.

    ``judge_item(item_text, part)`` judges one item in its part's kind (the checker
    passes its own). A match with any one reference is a match.

    >>> ref = parse_reference("(3, 2, 7)")
    >>> def same(item, part):
    ...     ok = item.strip() == part.text.strip()
    ...     return Verdict(float(ok), "correct" if ok else "wrong_value", item, part.text)
    >>> judge_parts(r"\\boxed{(3, 2, 7)}", [ref], same).reward
    1.0
    >>> v = judge_parts(r"\\boxed{(2, 3, 7)}", [ref], same)
    >>> v.reason, v.detail, [p.reward for p in v.parts]
    ('wrong_value', 'part 1 of 3: ', [0.0, 0.0, 1.0])
    """
    best: Verdict | None = None
    for ref in refs:
        verdict = _judge_one(section, ref, judge_item, rel_tol)
        if verdict.correct:
            return verdict
        if best is None:
            best = verdict
    assert best is not None  # refs is never empty
    return best


def _judge_one(
    section: str, ref: PartsAnswer | IntervalAnswer, judge_item: ItemJudge, rel_tol: float
) -> Verdict:
    if isinstance(ref, IntervalAnswer):
        return _judge_interval(section, ref, rel_tol)
    n = len(ref.parts)
    where, items = part_items(section, n)
    if ref.labelled:
        labels = [getattr(p, "label", None) or "" for p in ref.parts]
        if not any(i.label in labels for i in items):
            found = _labelled_in_section(section, labels)
            if found:
                where, items = "labelled values", list(found.values())
    if not items:
        return Verdict(0.0, NO_ANSWER, None, ref.text, f"no answer to the {n} parts found")
    if len(items) > MAX_PARTS:
        return Verdict(0.0, AMBIGUOUS, None, ref.text, f"more than {MAX_PARTS} values offered")
    if not ref.ordered and not ref.labelled:
        if len(items) > n:
            return _too_many(items, ref)
        pairs: list[tuple[Part | None, Answer]] | Verdict = match_set(items, ref, judge_item)
    else:
        pairs = _pair(items, ref)
    if isinstance(pairs, Verdict):
        return pairs
    verdicts = tuple(
        judge_item(item.value if item is not None else "", part)
        if item is not None
        else Verdict(0.0, NO_ANSWER, None, part.text, "no answer to this part")
        for item, part in pairs
    )
    shown = ", ".join(i.text for i in items)[:300]
    wrong = next((i for i, v in enumerate(verdicts) if not v.correct), None)
    if wrong is None:
        return Verdict(
            1.0, CORRECT, shown, ref.text, f"all {n} parts are right ({where})", True, verdicts
        )
    v = verdicts[wrong]
    label = getattr(ref.parts[wrong], "label", None)
    name = f"part {wrong + 1} of {n}" + (f" ({label})" if label else "")
    return Verdict(0.0, v.reason, shown, ref.text, f"{name}: {v.detail}", v.dimension_ok, verdicts)


def _pair(items: list[Part], ref: PartsAnswer) -> list[tuple[Part | None, Answer]] | Verdict:
    """Each reference part with the item that answers it (``None`` when none does)."""
    n = len(ref.parts)
    if ref.labelled and any(i.label for i in items):
        by_label: dict[str, Part] = {}
        for item in items:
            if item.label is None:
                continue
            previous = by_label.get(item.label)
            if previous is not None and previous.value.strip() != item.value.strip():
                return Verdict(
                    0.0,
                    AMBIGUOUS,
                    f"{previous.text}; {item.text}"[:300],
                    ref.text,
                    f"{item.label} is given two values: {previous.value!r} and {item.value!r}",
                )
            by_label[item.label] = item
        loose = [i for i in items if i.label is None or i.label not in _labels(ref)]
        pairs: list[tuple[Part | None, Answer]] = []
        for part in ref.parts:
            label = getattr(part, "label", None)
            match = by_label.get(label) if label else None
            if match is None and loose:
                match = loose.pop(0)
            pairs.append((match, part))
        if loose:
            return _too_many(items, ref)
        return pairs
    if len(items) > n:
        return _too_many(items, ref)
    padded: list[Part | None] = [*items, *([None] * (n - len(items)))]
    return list(zip(padded, ref.parts, strict=True))


def _labels(ref: PartsAnswer) -> set[str]:
    return {label for p in ref.parts if (label := getattr(p, "label", None))}


def _too_many(items: list[Part], ref: PartsAnswer) -> Verdict:
    shown = ", ".join(i.text for i in items)[:300]
    return Verdict(
        0.0,
        AMBIGUOUS,
        shown,
        ref.text,
        f"{len(items)} values offered for {len(ref.parts)} parts",
    )


def match_set(
    items: list[Part], ref: PartsAnswer, judge_item: ItemJudge
) -> list[tuple[Part | None, Answer]]:
    """Pairs of a set: each part with a different item that answers it, if one does.

    >>> ref = parse_reference(r"\\{1, 2\\}")
    >>> def same(item, part):
    ...     ok = item == part.text
    ...     return Verdict(float(ok), "correct" if ok else "wrong_value", item, part.text)
    >>> [(i.value, p.text) for i, p in match_set(split_parts("2, 1"), ref, same)]
    [('1', '1'), ('2', '2')]
    """
    n = len(ref.parts)
    if len(items) > MAX_SET_MATCH or n > MAX_SET_MATCH:
        return [(items[k] if k < len(items) else None, p) for k, p in enumerate(ref.parts)]
    good = [[judge_item(item.value, part).correct for item in items] for part in ref.parts]
    owner: list[int | None] = [None] * len(items)

    def augment(p: int, seen: list[bool]) -> bool:
        for i in range(len(items)):
            if good[p][i] and not seen[i]:
                seen[i] = True
                holder = owner[i]
                if holder is None or augment(holder, seen):
                    owner[i] = p
                    return True
        return False

    for p in range(n):
        augment(p, [False] * len(items))
    chosen: dict[int, int] = {p: i for i, p in enumerate(owner) if p is not None}
    free = [i for i in range(len(items)) if owner[i] is None]
    pairs: list[tuple[Part | None, Answer]] = []
    for p, part in enumerate(ref.parts):
        i = chosen.get(p)
        if i is None and free:
            i = free.pop(0)
        pairs.append((items[i] if i is not None else None, part))
    return pairs


# ------------------------------------------------------------------------------ intervals


def _judge_interval(section: str, ref: IntervalAnswer, rel_tol: float) -> Verdict:
    text = _last_region(section)
    if not text:
        return Verdict(0.0, NO_ANSWER, None, ref.text, "no interval found")
    try:
        answer = parse_reference(text)
    except (UnitrewardError, ValueError):
        answer = None
    pieces = _as_pieces(answer) if answer is not None else None
    if pieces is None:
        return Verdict(
            0.0, UNPARSEABLE_ANSWER, text[:300], ref.text, f"{text[:120]!r} is no interval"
        )
    if len(pieces) == len(ref.pieces) and all(
        _same_piece(a, b, rel_tol) for a, b in zip(pieces, ref.pieces, strict=True)
    ):
        return Verdict(1.0, CORRECT, text[:300], ref.text, "the same interval", True)
    return Verdict(
        0.0, WRONG_VALUE, text[:300], ref.text, f"{text[:120]!r} is another interval", True
    )


_IN_SET = re.compile(r"^.{0,40}?(?:\\in(?![A-Za-z])|∈)\s*")


def _last_region(section: str) -> str:
    """The last box, tag, marked region or line, as written (an interval is one item)."""
    boxes = boxed_spans(section)
    if boxes:
        text = boxes[-1][0]
    else:
        tags = answer_tags(section)
        region = phrase_region(section) if not tags else None
        lines = [line for line in section.splitlines() if line.strip()]
        text = tags[-1] if tags else region if region else (lines[-1] if lines else "")
    text = _IN_SET.sub("", text.strip().strip("$").strip().rstrip("."))
    return text.strip()


def _as_pieces(answer: Answer) -> tuple[tuple[float, float, bool, bool], ...] | None:
    if isinstance(answer, IntervalAnswer):
        return answer.pieces
    if isinstance(answer, PartsAnswer) and answer.brackets == "()" and len(answer.parts) == 2:
        ends = [getattr(p, "quantity", None) for p in answer.parts]
        if all(q is not None and not q.has_unit for q in ends):
            low, high = (q.si_magnitude for q in ends if q is not None)
            return ((low, high, False, False),)
    return None


def _same_piece(
    a: tuple[float, float, bool, bool], b: tuple[float, float, bool, bool], rel_tol: float
) -> bool:
    return a[2:] == b[2:] and _close(a[0], b[0], rel_tol) and _close(a[1], b[1], rel_tol)


def _close(x: float, y: float, rel_tol: float) -> bool:
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= max(rel_tol * max(abs(x), abs(y)), 1e-12)
