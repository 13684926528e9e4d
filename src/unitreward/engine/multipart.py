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

import re
from collections import Counter
from collections.abc import Callable, Sequence

from unitreward.engine.box_offers import box_start, offered_beside_box
from unitreward.engine.extract import (
    answer_tags,
    boxed_spans,
    phrase_region,
)
from unitreward.engine.intervals import judge_interval
from unitreward.engine.kinds import (
    Answer,
    IntervalAnswer,
    MatrixAnswer,
    PartsAnswer,
    QuantityAnswer,
)
from unitreward.engine.matrices import judge_matrix
from unitreward.engine.parts import (
    MAX_PARTS,
    Part,
    canonical_label,
    enclosure,
    plus_minus,
    split_groups,
    split_parts,
)
from unitreward.engine.quantity_scan import scan_quantities
from unitreward.engine.solutions import or_list
from unitreward.engine.text import normalize
from unitreward.engine.verdict import (
    AMBIGUOUS,
    CORRECT,
    NO_ANSWER,
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
    spans = boxed_spans(section)
    if spans:
        boxes = [content for content, _ in spans]
        end = spans[-1][1]  # "\boxed{...}, or maybe P = 2 W": offered too
        beside = offered_beside_box(section, box_start(section, end), end)
        return "boxed", _items_of(list(dict.fromkeys(boxes + beside)), parts)
    tags = answer_tags(section)
    if tags:
        return "answer tag", _items_of(list(dict.fromkeys(tags)), parts)
    region = phrase_region(section)
    if region is not None and region.strip():
        items = _items_of([_leading_answer(region)], parts)
        if len(items) < parts:
            items = _items_of([region], parts)
        if len(items) < parts:
            at = section.rfind(region.strip()[:40])
            if at >= 0:
                items = _items_of([section[at:]], parts)
        if items:
            return "marked", items
    formulas = [next(g for g in m.groups() if g is not None) for m in _MATH.finditer(section)]
    if formulas:
        items = _items_of(formulas[-1:], parts)
        if _answers(items, parts):
            return "formula", items
    lines = [line for line in section.splitlines() if line.strip()]
    if lines:
        items = _items_of(lines[-1:], parts)
        if _answers(items, parts):
            return "last line", items
        if len(lines) >= parts:
            items = _items_of(lines[-parts:], parts)
            if len(items) == parts:
                return "last lines", items
    return "section", []


def _answers(items: list[Part], parts: int) -> bool:
    """Whether unmarked items answer the parts: as many, counting a ``\\pm`` as two."""
    return len(items) == parts or (len(items) < parts and len(_branches(items)) == parts)


def _items_of(regions: Sequence[str], parts: int = 0) -> list[Part]:
    """The items of the regions; one region holding one bracket is its items (several
    boxes, each holding a tuple, are the tuples)."""
    items: list[Part] = []
    for region in regions:
        groups = split_groups(region)
        if groups is not None:  # "p=5, q=2; p=7, q=2": one item per group
            items.extend(Part(g, None, "", g, region.find(g)) for g in groups)
            continue
        found = split_parts(region)
        if len(found) == 1 and len(regions) == 1:  # "(3, 2, 7)", "D = (0, 1)"
            enclosed = enclosure(found[0].value)
            if enclosed is not None:
                inner = split_parts(enclosed[1])
                pair = enclosed[0] + enclosed[2] == "()" and len(inner) == parts
                if len(inner) > 1 and (pair or not _is_interval_text(found[0].value)):
                    found = inner  # "(3, 2, 7)"; "(\\alpha^2, \\infty)" answering a pair
        items.extend(found)
        if len(items) > MAX_PARTS:
            break
    return items[: MAX_PARTS + 1]


def _leading_answer(region: str) -> str:
    """What a final-answer phrase marks: its first formula when it starts with one, else
    its first sentence ("is $(-6, 10)$. I hope it is correct." is ``(-6, 10)``)."""
    text = region.strip()
    m = _MATH.match(text)
    if m is not None:
        return next(g for g in m.groups() if g is not None)
    end = _FULL_STOP.search(text)
    return text[: end.start()] if end is not None else text


_FULL_STOP = re.compile(r"(?<=[\w)}\]$])\.(?=\s)")


def _is_interval_text(text: str) -> bool:
    t = text.strip()
    return t[:1] + t[-1:] in ("[)", "(]") or "\\infty" in t or "∞" in t


_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$([^$]+?)\$", re.DOTALL)
_SENTENCE = re.compile(r"(?<=[\w)}\]])\.(?=\s|$)|\n")


def _labelled_in_section(section: str, labels: Sequence[str]) -> list[Part]:
    """The ``label = value`` items of the wanted labels written in the section: for a label
    the reference gives k times, its last k (the value of a chain is its last link). The
    formulas are read when there are any (``$R = V/I = 5 \\Omega$``), else the sentences."""
    wanted = Counter(labels)
    found: dict[str, list[tuple[int, Part]]] = {}
    regions = [next(g for g in m.groups() if g is not None) for m in _MATH.finditer(section)]
    if not regions:
        regions = [r for r in _SENTENCE.split(section) if r.strip()]
    order = 0
    for region in regions:
        for m in _LABEL_VALUE.finditer(region):
            label = canonical_label(m.group("label"))
            if label not in wanted:
                continue
            item = split_parts(region[m.start() : m.start() + 400])
            if not item or item[0].label != label:
                continue
            order += 1
            found.setdefault(label, []).append((order, item[0]))
    out = [p for label, parts in found.items() for p in parts[-wanted[label] :]]
    return [part for _, part in sorted(out, key=lambda p: p[0])]


def judge_parts(
    section: str,
    refs: Sequence[PartsAnswer | IntervalAnswer | MatrixAnswer],
    judge_item: ItemJudge,
    *,
    rel_tol: float = 1e-2,
    abs_tol: float = 0.0,
    tolerance_rule: str = "sum",
) -> Verdict:
    """The verdict on an answer section against references in several parts.

    ``judge_item(item_text, part)`` judges one item in its part's kind (the checker
    passes its own). A match with any one reference is a match.

    >>> from unitreward.engine.answers import parse_reference
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
        verdict = _judge_one(section, ref, judge_item, rel_tol, abs_tol, tolerance_rule)
        if verdict.correct:
            return verdict
        if best is None:
            best = verdict
    assert best is not None  # refs is never empty
    return best


def _judge_one(
    section: str,
    ref: PartsAnswer | IntervalAnswer | MatrixAnswer,
    judge_item: ItemJudge,
    rel_tol: float,
    abs_tol: float,
    rule: str,
) -> Verdict:
    if isinstance(ref, IntervalAnswer):
        return judge_interval(section, ref.pieces, ref.label, ref.text, rel_tol, abs_tol, rule)
    if isinstance(ref, MatrixAnswer):
        return judge_matrix(section, ref, judge_item)
    n = len(ref.parts)
    where, items = part_items(section, n)
    if ref.labelled:
        labels = [getattr(p, "label", None) or "" for p in ref.parts]
        if not any(i.label in labels for i in items):
            found = _labelled_in_section(section, labels)
            if found:
                where, items = "labelled values", found
    if not items:
        return Verdict(0.0, NO_ANSWER, None, ref.text, f"no answer to the {n} parts found")
    if len(items) > MAX_PARTS:
        return Verdict(0.0, AMBIGUOUS, None, ref.text, f"more than {MAX_PARTS} values offered")
    if len(items) > n:
        items = _distinct(items)
    elif len(items) < n:
        items = _branches(items)
        if len(items) < n and or_list(ref.text) is not None:
            items = _alternatives(items)  # "40.5 mph or 59.2 mph" answering the same list
    pairs: list[tuple[Part | None, Answer]] | Verdict
    if not ref.ordered:
        if len(items) > n:
            return _too_many(items, ref)
        pairs = _foreign_label(items, ref) or match_set(items, ref, judge_item)
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


def _distinct(items: list[Part]) -> list[Part]:
    """Items written alike once (a value restated is not a second answer)."""
    seen: set[tuple[str | None, str]] = set()
    out = []
    for item in items:
        key = (item.label, re.sub(r"\s+", "", item.value))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _branches(items: list[Part]) -> list[Part]:
    r"""Items with ``\pm`` as their two values (``x = 1 \pm \sqrt 2`` answers two parts)."""
    out: list[Part] = []
    for item in items:
        branches = plus_minus(item.value)
        if branches is None:
            out.append(item)
            continue
        for value in branches:
            out.append(Part(value, item.label, item.label_text, value, item.start))
    return out[: MAX_PARTS + 1]


def _alternatives(items: list[Part]) -> list[Part]:
    """Items split at ``or``, for a reference that lists its parts with ``or`` (both are
    the answer: ``40.5 mph or 59.2 mph``), so that the same list in the answer matches."""
    out: list[Part] = []
    for item in items:
        listed = or_list(item.value)
        found = split_parts(listed) if listed is not None else []
        out.extend(found if len(found) > 1 else [item])
    return out[: MAX_PARTS + 1]


def _foreign_label(items: list[Part], ref: PartsAnswer) -> Verdict | None:
    """A set of one unknown's values (``x = 1, x = 2``) answered with another's label."""
    labels = _labels(ref)
    for item in items:
        if labels and item.label is not None and item.label not in labels:
            return Verdict(
                0.0,
                WRONG_VALUE,
                item.text[:300],
                ref.text,
                f"{item.label} is not {', '.join(sorted(labels))}",
            )
    return None


def _pair(items: list[Part], ref: PartsAnswer) -> list[tuple[Part | None, Answer]] | Verdict:
    """Each reference part with the item that answers it (``None`` when none does).

    A label the reference gives k times takes the answer's values of that label in order
    (at most k of them); a label it gives once with two different values is a hedge.
    """
    n = len(ref.parts)
    if ref.labelled and any(i.label for i in items):
        wanted = Counter(getattr(p, "label", None) for p in ref.parts)
        by_label: dict[str, list[Part]] = {}
        for item in items:
            if item.label is None:
                continue
            given = by_label.setdefault(item.label, [])
            if wanted.get(item.label, 0) == 1 and given:
                previous = given[0]
                if previous.value.strip() != item.value.strip():
                    return Verdict(
                        0.0,
                        AMBIGUOUS,
                        f"{previous.text}; {item.text}"[:300],
                        ref.text,
                        f"{item.label} is given two values: {previous.value!r} and {item.value!r}",
                    )
                continue
            given.append(item)
            if item.label in wanted and len(given) > wanted[item.label]:
                return Verdict(
                    0.0,
                    AMBIGUOUS,
                    "; ".join(g.text for g in given)[:300],
                    ref.text,
                    f"{item.label} is given {len(given)} values for {wanted[item.label]} parts",
                )
        loose = [i for i in items if i.label is None or i.label not in _labels(ref)]
        pairs: list[tuple[Part | None, Answer]] = []
        for part in ref.parts:
            label = getattr(part, "label", None)
            queue = by_label.get(label) if label else None
            match = queue.pop(0) if queue else None
            if match is None and loose:
                match = loose.pop(0)
            pairs.append((match, part))
        if loose:
            return _too_many(items, ref)
        return pairs
    if len(items) > n:
        return _too_many(items, ref)
    by_dimension = _by_dimension(items, ref)
    if by_dimension is not None:
        return by_dimension
    padded: list[Part | None] = [*items, *([None] * (n - len(items)))]
    return list(zip(padded, ref.parts, strict=True))


def _by_dimension(items: list[Part], ref: PartsAnswer) -> list[tuple[Part | None, Answer]] | None:
    """Unlabelled parts of different dimensions answered in another order ("the distance is
    20 m and the time is 2 s" for ``2 s, 20 m``): each unit says which part it answers.

    ``None`` unless every part is a quantity of its own dimension, every item reads as one
    quantity, and the items' dimensions are the parts' in another order.
    """
    if len(items) != len(ref.parts) or len(items) < 2:
        return None
    if not all(isinstance(p, QuantityAnswer) for p in ref.parts):
        return None
    wanted = [p.quantity.dims for p in ref.parts if isinstance(p, QuantityAnswer)]
    if len(set(wanted)) != len(wanted):
        return None
    given = []
    for item in items:
        found = scan_quantities(normalize(item.value), limit=4).quantities
        if len(found) != 1 or found[0][2].unit is None:
            return None  # one quantity with a unit says which part it answers
        given.append(found[0][2].dims)
    if given == wanted or sorted(map(str, given)) != sorted(map(str, wanted)):
        return None
    where = {dims: i for i, dims in enumerate(given)}
    return [(items[where[dims]], part) for dims, part in zip(wanted, ref.parts, strict=True)]


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

    >>> from unitreward.engine.answers import parse_reference
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
