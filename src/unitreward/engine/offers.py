r"""What a final answer offers: its values, each with its role, and the question's givens.

:func:`read` turns a stretch of normalised text (a box's content, the region a phrase
marks, a whole answer section) into :class:`Reading`: the values that are not operands
of a shown calculation, each marked *denied* (see :func:`unitreward.engine.policy.denied`)
or not, notes on precision left out. :func:`parse_question` reads the question once per
prompt: its givens (the quantities it states) and the options of a multiple-choice
question; :meth:`Reading.against` marks the values that restate a given.

>>> r = read("It is not 80 m; d = 8 m/s × 15 s = 120 m (to 2 s.f.).")
>>> [(str(v.quantity), v.denied) for v in r.values]
[('80 m', True), ('120 m', False)]
>>> q = parse_question("Convert 90 km/h to m/s.")
>>> [(str(v.quantity), v.echoed) for v in read("90 km/h is 25 m/s").against(q).values]
[('90 km/h', True), ('25 m/s', False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from unitreward.engine.box_offers import box_start, offered_beside_box
from unitreward.engine.extract import (
    MAX_BOXED,
    answer_tags,
    box_groups,
    boxed_spans,
    final_values,
    phrase_region,
    unit_after_box,
)
from unitreward.engine.policy import (
    blank,
    copied_context,
    denied,
    denied_span,
    notes,
    strikes_as_tildes,
    uncommitted,
)
from unitreward.engine.quantity import Quantity, float_slack
from unitreward.engine.quantity_scan import MAX_QUANTITIES, scan_quantities
from unitreward.engine.question import Question, parse_question, question_text, same_value
from unitreward.engine.records import quick_init
from unitreward.engine.text import normalize

__all__ = [
    "Located",
    "Question",
    "Reading",
    "Value",
    "agree",
    "locate",
    "parse_question",
    "question_text",
    "read",
    "same_value",
]

#: Most a value restated in another unit may differ from the other by rounding.
RESTATEMENT_CAP = 0.05


@quick_init
@dataclass(frozen=True, slots=True)
class Value:
    """One value of a final answer and what it is there for.

    Attributes:
        start: Where it starts in the reading's text.
        end: Where it ends.
        quantity: What it says.
        denied: The text denies, retracts or strikes it out.
        uncommitted: The text only asks about it ("Is it 120 m?") or considers it
            ("One might guess 120 m").
        echoed: It restates a given of the question (same value, same unit).
        restorable: An echo restated in the completion's own words (not pasted with the
            question's wording), which may still be the answer when nothing else is.
        option: The index of the multiple-choice option it equals, or ``None``.
    """

    start: int
    end: int
    quantity: Quantity
    denied: bool = False
    uncommitted: bool = False
    echoed: bool = False
    restorable: bool = False
    option: int | None = None

    @property
    def offered(self) -> bool:
        """Neither denied, uncommitted nor an echo of a given: offered as the answer.

        >>> read("12 m/s").values[0].offered
        True
        """
        return not (self.denied or self.uncommitted or self.echoed)


@quick_init
@dataclass(frozen=True, slots=True)
class Reading:
    """The values of a stretch of normalised text that can be final answers.

    Attributes:
        text: The text read (notes on precision blanked out).
        values: Its values that are not operands of a shown calculation, in order.
        refused: How many numbers were refused as unsafe (power towers, overflow).
        truncated: The text holds more values than are read; it is not one answer.
    """

    text: str
    values: tuple[Value, ...]
    refused: int = 0
    truncated: bool = False

    def against(self, question: Question | None) -> Reading:
        """This reading with the values that restate the question's givens marked.

        >>> q = parse_question("A ball is dropped from 20 m. How far does it fall?")
        >>> [(v.echoed, v.restorable) for v in read("It falls 20 m.").against(q).values]
        [(True, True)]
        """
        if question is None or not self.values:
            return self
        marked = []
        for v in self.values:
            option = question.option_of(v.quantity)
            given = None if option is not None else question.given_like(v.quantity)
            if given is None:
                marked.append(replace(v, option=option) if option is not None else v)
                continue
            copied = copied_context(self.text, v.start, question.text, given)
            marked.append(replace(v, echoed=True, restorable=not copied))
        return replace(self, values=tuple(marked))

    @property
    def offered(self) -> list[Value]:
        """The values offered as the answer (neither denied nor echoed).

        >>> [str(v.quantity) for v in read("not 3 m but 4 m").offered]
        ['4 m']
        """
        return [v for v in self.values if v.offered]


def read(text: str) -> Reading:
    """The values of normalised ``text`` that can be final answers, with their roles.

    >>> [str(v.quantity) for v in read("R = 30 Ω + 60 Ω = 90 Ω").values]
    ['90 Ω']
    """
    if len(text) <= 256:
        return _read_short(text)
    return _read(text)


@lru_cache(maxsize=4096)
def _read_short(text: str) -> Reading:
    return _read(text)


def _read(text: str) -> Reading:
    text = strikes_as_tildes(text)
    found = final_values(text)
    if found.truncated:  # more values than one answer holds: their roles change nothing
        return Reading(text, (), len(found.refused), True)
    kept = found.values
    in_notes = notes(text, [(s, e) for s, e, _ in kept])
    if any(in_notes):  # "(to 2 s.f.)": not a value; its text reads as blank
        text = blank(text, [n for n in in_notes if n is not None])
        kept = [v for v, n in zip(kept, in_notes, strict=True) if n is None]
    kept = _without_unit_definitions(text, kept)
    spans = [(s, e) for s, e, _ in kept]
    flags = denied(text, spans)
    questions = uncommitted(text, spans)
    values = tuple(
        Value(s, e, q, denied=flag, uncommitted=question)
        for (s, e, q), flag, question in zip(kept, flags, questions, strict=True)
    )
    return Reading(text, values, len(found.refused), found.truncated)


_DEFINES = re.compile(r"\s*(?:=|≈)\s*")


def _without_unit_definitions(
    text: str, values: list[tuple[int, int, Quantity]]
) -> list[tuple[int, int, Quantity]]:
    """Drop conversion factors quoted while working: ``1 km = 1000 m``, ``1 h = 3600 s``."""
    drop: set[int] = set()
    for i in range(len(values) - 1):
        (_, e, q), (s2, _, q2) = values[i], values[i + 1]
        if (
            q.magnitude == 1
            and q.unit is not None
            and q2.unit is not None
            and q.unit.text != q2.unit.text
            and _DEFINES.fullmatch(text, e, s2) is not None
            and agree(q, q2, 1e-2)
        ):
            drop.update((i, i + 1))
    return [v for i, v in enumerate(values) if i not in drop] if drop else values


# --------------------------------------------------------------------------- comparing


def agree(a: Quantity, b: Quantity, rel_tol: float) -> bool:
    """Whether two values of one answer are the same value (no reference needed).

    Values of the same dimension agree within ``rel_tol``, plus, across two units, the
    rounding of their last written digits (never more than 5 %: ``10 m/s (22 mph)``). A
    bare number agrees with a value that has the same number (``120, i.e. 120 m``).

    >>> agree(read("10 m/s").values[0].quantity, read("22 mph").values[0].quantity, 0.01)
    True
    >>> agree(read("80").values[0].quantity, read("120 m").values[0].quantity, 0.01)
    False
    """
    if (a.unit is None) != (b.unit is None):
        bare, other = (a, b) if a.unit is None else (b, a)
        if other.unit is not None and other.unit.is_percent:
            return _close(bare.magnitude, other.si_magnitude, rel_tol, 0.0)
        return _close(bare.magnitude, other.magnitude, rel_tol, 0.0)
    if a.dims != b.dims:
        return False
    if (a.unit is not None and a.unit.offset) or (b.unit is not None and b.unit.offset):
        # temperatures: the tolerance is relative to the absolute temperature (in kelvin,
        # where -1 K is not 1 K, and 0.5 °C and 1 °C agree, as against a reference)
        ka, kb = a.si_magnitude, b.si_magnitude
        return _close(ka, kb, rel_tol, float_slack(a, b, a))
    # in the unit of each
    return _agree_in(a, b, rel_tol) and _agree_in(b, a, rel_tol)


def _agree_in(a: Quantity, b: Quantity, rel_tol: float) -> bool:
    """``a`` and ``b`` compared in ``b``'s unit."""
    va, vb = a.value_in(b), b.magnitude
    slack = float_slack(a, b, b)
    if (
        a.unit is not None
        and b.unit is not None
        and a.unit.text != b.unit.text
        and a.resolution is not None
        and b.resolution is not None
    ):
        rounding = (a.resolution * a.unit.factor + b.resolution * b.unit.factor) / b.unit.factor
        slack = max(slack, min(rounding, RESTATEMENT_CAP * max(abs(va), abs(vb))))
    return _close(va, vb, rel_tol, slack)


def _close(x: float, y: float, rel_tol: float, slack: float) -> bool:
    return abs(x - y) <= max(rel_tol * max(abs(x), abs(y)), slack, 1e-12 * max(abs(x), abs(y)))


# ----------------------------------------------------------------- locating the answer


@quick_init
@dataclass(frozen=True, slots=True)
class Located:
    """Where the final answer is, by the policy's precedence, and what it holds.

    Attributes:
        kind: ``"boxed"``, ``"answer tag"``, ``"marked"`` (a phrase) or ``"unmarked"``.
        contents: The box or tag contents, in order (empty for the other kinds).
        readings: One reading per different box or tag (with the same denial around it);
            ``None`` when there are more than :data:`~unitreward.engine.extract.MAX_BOXED`.
        reading: The reading of the marked region or of the whole section.
    """

    kind: str
    contents: list[str]
    readings: list[Reading] | None = None
    reading: Reading = Reading("", ())


def locate(section: str) -> Located:
    """Every box > every answer tag > the region a phrase marks > the whole section.

    ``section`` is the cleaned answer section (see :func:`unitreward.engine.text.clean_text`).
    The whole section is read, however long; the work is linear in its length.

    >>> found = locate(r"So $\\boxed{2}$ m. \\boxed{2 m} is wrong.")
    >>> found.kind, [[(str(v.quantity), v.denied) for v in r.values] for r in found.readings]
    ('boxed', [[('2 m', False)], [('2 m', True)]])
    """
    groups = box_groups(section)
    if groups is None:
        return Located("boxed", [_last_box(section)])
    if groups:
        return _boxes(section, groups)
    tags = answer_tags(section)
    if tags:
        keys = dict.fromkeys(_normalized(t) for t in tags)
        if len(keys) > MAX_BOXED:
            return Located("answer tag", tags)
        return Located("answer tag", tags, [read(k) for k in keys])
    region = phrase_region(section)
    if region is not None:
        reading = _read_long(region)
        if reading.values or reading.refused:
            return Located("marked", [], None, reading)
    if len(section) > _LONG and _sparse(section):
        section = _near_values(section)
    return Located("unmarked", [], None, _read_long(section))


#: Sections longer than this are read only near their numbers (see :func:`_near_values`).
_LONG = 65536
#: How far from a number text can still matter to reading it (denials, retractions,
#: alternatives and ranges look at most this far).
_REACH = 400
_NUMBER_CHAR = re.compile(r"[\d√π]")
_ASCII_DIGIT = re.compile(r"[0-9]")  # the same in ASCII text, and much faster


def _sparse(section: str) -> bool:
    """Few enough digits that most of the section is out of reach of every number."""
    head, tail = section[:_LONG], section[-_LONG:]  # a sample: enough to tell dense text
    digits = sum(head.count(d) + tail.count(d) for d in "0123456789")
    return digits * 4 * _REACH < len(head) + len(tail)


def _next_number_char(text: str, lo: int, hi: int, ascii_only: bool = False) -> int:
    m = (_ASCII_DIGIT if ascii_only else _NUMBER_CHAR).search(text, lo, hi)
    at = m.start() if m is not None else -1
    pi = text.find("\\pi", lo, hi)
    return pi if pi >= 0 and (at < 0 or pi < at) else at


def _near_values(section: str) -> str:
    """The stretches of a long section within reach of a number, in order.

    A value needs a digit, ``√`` or ``π``; text further than :data:`_REACH` characters from
    every one of them holds no value and says nothing about one (every rule looks closer),
    so a megabyte of prose around one answer costs one scan in C instead of normalising
    and reading all of it. Stretches are joined by a blank line.
    """
    pieces: list[str] = []
    n = len(section)
    plain = section.isascii()
    pos = 0
    while pos < n:
        at = _next_number_char(section, pos, n, plain)
        if at < 0:
            break
        lo = max(pos, at - _REACH)
        hi = min(n, at + _REACH)
        while hi < n:  # a number within reach of the end extends the stretch
            nxt = _next_number_char(section, hi, min(n, hi + _REACH), plain)
            if nxt < 0:
                break
            hi = min(n, nxt + _REACH)
        pieces.append(section[lo:hi])
        pos = hi
    return "\n\n".join(pieces)


#: LaTeX longer than this is normalised in pieces of about this size, so that a text with
#: more values than one answer can hold stops early (normalising LaTeX is the costly part).
_PIECE = 16384
_PIECE_CUT = re.compile(r"\s")


def _read_long(text: str) -> Reading:
    """:func:`read` of a raw stretch of the answer section, normalised first.

    Long LaTeX is normalised a piece at a time (cut at a line break, else at a space
    outside braces), and each piece's values are counted: once there are more than one
    answer can hold, the rest is not normalised, since the reading is truncated (not one
    final answer) either way.
    """
    if len(text) <= 2 * _PIECE or "\\" not in text:
        return read(_normalized(text))
    parts: list[str] = []
    count = 0
    pos = 0
    while pos < len(text):
        cut = _cut(text, pos + _PIECE)
        part = normalize(text[pos:cut])
        parts.append(part)
        scan = scan_quantities(part, limit=MAX_QUANTITIES + 1 - count)
        count += len(scan.quantities) + len(scan.refused)
        if scan.truncated or count > MAX_QUANTITIES:
            return Reading("".join(parts), (), 0, True)
        pos = cut
    return read("".join(parts))


def _cut(text: str, target: int) -> int:
    """Where to cut near ``target``: after a line break, else at a space outside braces."""
    if target >= len(text):
        return len(text)
    newline = text.find("\n", target, target + 4096)
    if newline >= 0:
        return newline + 1
    for m in _PIECE_CUT.finditer(text, target, target + 4096):
        at = m.start()
        if text.rfind("{", max(0, at - 200), at) <= text.rfind("}", max(0, at - 200), at):
            return at
    return target


#: Copies of one box whose denial is looked at, from the last one back.
_COPIES_CHECKED = 16


def _boxes(section: str, groups: dict[str, list[int]]) -> Located:
    """One reading per different box (and unit written after a bare box), marked denied
    when every copy of it that is looked at is denied around the box."""
    keys: dict[tuple[str, str], list[int]] = {}
    raw: dict[tuple[str, str], str] = {}
    for box, ends in sorted(groups.items(), key=lambda kv: kv[1][-1]):
        content = box[box.index("{") + 1 : -1]
        opened = _unboxed(content) if "\\boxed" in content or "\\fbox" in content else content
        norm = _normalized(opened)
        reading = read(norm)
        bare = bool(reading.values) and reading.values[-1].quantity.unit is None
        if not bare or reading.refused:
            keys.setdefault((norm, ""), []).extend(ends)
            raw[(norm, "")] = content
            continue
        units: dict[str, str] = {}
        for end in ends:  # a bare number in the box may have its unit after it: $\boxed{2}$ m
            tail = section[end : end + 60]
            unit = units.get(tail)
            if unit is None:
                unit = units[tail] = unit_after_box(tail, 0)
                if len(units) > 4 * MAX_BOXED:
                    return Located("boxed", [content])
            keys.setdefault((norm, unit), []).append(end)
            raw[(norm, unit)] = content
    contents = [raw[k] for k in sorted(keys, key=lambda k: max(keys[k]))]
    if len(keys) > MAX_BOXED:
        return Located("boxed", contents)
    readings = []
    for (norm, unit), ends in keys.items():
        reading = read(f"{norm} {unit}" if unit else norm)
        if _every_copy_denied(section, ends, len(norm)):
            reading = replace(
                reading, values=tuple(replace(v, denied=True) for v in reading.values)
            )
        readings.append(reading)
    readings.extend(_offered_beside_box(section, max(e for ends in keys.values() for e in ends)))
    return Located("boxed", contents, readings)


def _offered_beside_box(section: str, end: int) -> list[Reading]:
    """The values of what :func:`~unitreward.engine.box_offers.offered_beside_box` finds.

    >>> [str(v.quantity) for r in _offered_beside_box(r"\\boxed{10 m}, or maybe 5 m.", 13) for v in r.values]
    ['5 m']
    """
    clauses = offered_beside_box(section, box_start(section, end), end)
    readings = [read(_normalized(clause)) for clause in clauses]
    return [r for r in readings if r.values]


def _every_copy_denied(section: str, ends: list[int], size: int) -> bool:
    """Whether the text denies the box at each copy looked at ("not \\boxed{..}",
    "\\boxed{..} (this is wrong)", "~~\\boxed{..}~~", "That was a mistake.")."""
    for end in sorted(ends)[-_COPIES_CHECKED:][::-1]:
        start = section.rfind("\\", max(0, end - size - 400), end - 1)
        start = section.rfind("\\boxed", 0, end) if start < 0 else start
        if not denied_span(section, max(start, 0), end):
            return False
    return True


def _last_box(section: str) -> str:
    at = max(section.rfind("\\boxed"), section.rfind("\\fbox"))
    return section[at : at + 200]


def _unboxed(content: str) -> str:
    """A box's content with the boxes inside it opened: ``\\boxed{\\boxed{3 m}}`` reads ``3 m``."""
    for _ in range(8):
        inner = boxed_spans(content)
        if not inner:
            break
        parts = []
        pos = 0
        for text, end in inner:
            start = end - 1 - len(text)
            parts.append(content[pos : content.rfind("\\", 0, start)])
            parts.append(text)
            pos = end
        parts.append(content[pos:])
        content = "".join(parts)
    return content


@lru_cache(maxsize=4096)
def _normalized_short(text: str) -> str:
    return normalize(text)


def _normalized(text: str) -> str:
    return _normalized_short(text) if len(text) <= 256 else normalize(text)
