"""The engine's fast paths give exactly what the plain code they stand for gives.

Each fast path replaces a slow but obvious computation (a case-insensitive search at every
position, a regular expression over a whole text, a dict ``str.translate``) with cheaper
steps. These properties compare the two on generated text, built from the pieces that
matter to each (keywords, case variants, spaces of every kind, characters beyond ASCII
whose case folding or lower case is special), so a later edit of a pattern that forgets
its fast path fails here.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import pickle
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unitreward.engine import (
    denials,
    extract,
    kinds,
    offers,
    quantity,
    quantity_scan,
    records,
    text,
    verdict,
)
from unitreward.engine.checker import check
from unitreward.engine.errors import UnitrewardError

# Characters whose case or width behaves unusually: the Kelvin sign and the long s fold to
# ASCII letters, "İ" lowers to two characters, "ς"/"Σ" lower by context, \x1c-\x1f and
# \u2009 are spaces to str.split but not to bytes.split.
_ODD = ["K", "ſ", "İ", "Σ", "ς", "\x1c", "\x1f", "\u2009", "\xa0", "’", "é", "\ud800"]


def _text(pieces: list[str]) -> st.SearchStrategy[str]:
    piece = st.sampled_from(pieces + _ODD + [" ", "  ", "\n", "\t", ".", ",", ":", "*", "#"])
    return st.lists(piece, max_size=40).map("".join)


_PHRASE_PIECES = [
    "answer", "Answer", "ANSWER", "final", "Final", "the", "The", "is", "=", "**", "###",
    "(final)", "would be", "12 m", "expected", "which is", "to", "we", "anſwer", "Ⅹ", "°C",
    "fınal", "Ω", "\u3000",
]  # fmt: skip


@given(_text(_PHRASE_PIECES), st.data())
@settings(max_examples=400, deadline=None)
def test_phrases_match_where_the_search_finds_them(sample: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(sample)))
    hi = data.draw(st.integers(lo, len(sample)))
    fast = [m.span() for m in extract._phrases(sample, lo, hi)]
    assert fast == [m.span() for m in extract._PHRASE.finditer(sample, lo, hi)]


@pytest.mark.parametrize(
    "sample",
    [
        "So the final answer is 12 m.",  # "final" before the word: the phrase starts there
        "The answer: 3 s",  # "the" before it, capitalised
        "### Answer\n\n42 J",  # a heading: the phrase starts at its line
        "we get the   answer is 5",  # several spaces between "the" and "answer"
        "iſ the anſwer is 5",  # a long s: case folding beyond ASCII, searched as before
        "at 5 °C the answer is 278 K",  # beyond ASCII, but nothing there folds to a letter
    ],
)
def test_phrases_in_examples(sample: str) -> None:
    found = [m.span() for m in extract._phrases(sample, 0, len(sample))]
    assert found == [m.span() for m in extract._PHRASE.finditer(sample)]
    assert found  # each holds a phrase


_DENY_PIECES = [
    "not", "NOT", "isn't", "isn’t", "wrong", "Wrong", "mistake", "error", "Scratch that.",
    "~~", "<s>", "<DEL>", "\\sout{", "\\cancel{", "}", "≠", "✗", "nothing", "another",
    "correction:", "be right", "12 m", "3 s", "80 m",
]  # fmt: skip


@given(_text(_DENY_PIECES))
@settings(max_examples=400, deadline=None)
def test_words_are_the_str_split(sample: str) -> None:
    words = denials._words(sample)
    expected = sample.translate(denials._WORD_TABLE).split()
    if words and isinstance(words[0], bytes):
        assert words == [w.encode("utf-8", "surrogatepass") for w in expected]
    else:
        assert words == expected


@given(_text(_DENY_PIECES), st.data())
@settings(max_examples=400, deadline=None)
def test_key_index_is_a_search_of_each_window(sample: str, data: st.DataObject) -> None:
    keys = denials._Keys.of(sample)
    if keys is None:  # a lower case that moves positions: the windows are searched instead
        assert len(sample.lower()) != len(sample) or len(sample) > 4096
        return
    lo = data.draw(st.integers(-10, len(sample)))
    hi = data.draw(st.integers(max(lo, 0), len(sample) + 10))
    for kind, words in denials._KEY_SETS.items():
        window = sample[max(lo, 0) : hi].lower()
        assert keys.within(kind, lo, hi) == any(w in window for w in words), kind


@given(st.lists(st.sampled_from([*_ODD, "a", " ", "º", "½", "\u200b", "\u0336", "°", "Ω"])))
def test_needs_work_is_the_search(chars: list[str]) -> None:
    sample = "".join(chars)
    assert text._needs_work(sample) == (text._NEEDS_WORK.search(sample) is not None)


@given(_text(["$", "`", "\u2212", "⋅", "∙", "μ", "12", "m", "\u2007", "\u202f", "\u2013"]))
def test_replacing_characters_is_the_table_translate(sample: str) -> None:
    table = str.maketrans({"$": " ", "`": " ", **dict(text._CHAR_REPLACEMENTS)})
    assert text._replace_chars(sample) == sample.translate(table)


@pytest.mark.parametrize(
    ("pattern_name", "old"),
    [
        # the patterns rewritten to start with their literal, and the forms they replaced
        ("_BRACED_NUMBER", r"(?<![\w}\]^_\\])\{\s*([-+−]?\d[\d.,]*)\s*\}"),
    ],
)
@given(sample=_text(["{", "}", "12", "1.5", "x", "^", "_", "\\frac", "]", "-", " "]))
def test_rewritten_patterns_match_as_before(pattern_name: str, old: str, sample: str) -> None:
    new = getattr(text, pattern_name)
    before = re.compile(old)
    assert [m.span() for m in new.finditer(sample)] == [m.span() for m in before.finditer(sample)]


_OLD_WORD_UNIT_PATTERNS = {
    # the patterns rewritten to start with their literal, and the forms they replaced
    r"([CFK])(?<![A-Za-z][CFK])°(?![A-Za-z])": r"(?<![A-Za-z])([CFK])°(?![A-Za-z])",
    r"(mm|cm|in)(?<!\w(?:mm|cm|in))\s?-?\s?Hg\b": r"\b(mm|cm|in)\s?-?\s?Hg\b",
    r"\*(?:(?<![\w*]\*)(?=\S)|(?<=\S\*)(?![\w*]))": r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])",
}


def test_the_rewritten_word_unit_patterns_are_in_use() -> None:
    in_use = {pattern.pattern for _, pattern, _ in text._WORD_UNITS}
    assert set(_OLD_WORD_UNIT_PATTERNS) <= in_use


@given(_text(["C°", "F°", "K°", "xC°", "mm", "cm", "in", "Hg", "xmm", "*", "**", "a*", "*b"]))
def test_rewritten_word_unit_patterns_match_as_before(sample: str) -> None:
    for new, old in _OLD_WORD_UNIT_PATTERNS.items():
        spans = [m.span() + m.groups() for m in re.finditer(new, sample)]
        assert spans == [m.span() + m.groups() for m in re.finditer(old, sample)], new


# ------------------------------------------------------------------ a simple quantity

# Unit words of every sort: symbols, names, plurals, prefixes alone, prose words, words the
# scanners treat apart (Euler's e, number words, "per", "in"), and words no registry knows.
_UNIT_WORDS = [
    "m", "km", "s", "ms", "N", "kN", "J", "kJ", "W", "kW", "Pa", "kPa", "V", "mV", "g", "kg",
    "Hz", "K", "C", "F", "A", "T", "L", "h", "min", "eV", "MeV", "mol", "cal", "atm", "psi",
    "meters", "metres", "seconds", "newtons", "joules", "ohms", "percent", "degC", "deg",
    "rad", "rpm", "lb", "ft", "in", "mph", "yr", "c", "e", "E", "u", "b", "d", "D", "t", "l",
    "thousand", "million", "per", "and", "the", "total", "x", "k", "mega", "blorb", "sq",
    "squared", "cubic", "Celsius", "kilo", "gram", "hours", "days", "AU", "ly", "pc",
]  # fmt: skip
_MANTISSAS = st.from_regex(r"-?\d{1,16}(\.\d{1,16})?", fullmatch=True)


def _unit_text() -> st.SearchStrategy[str]:
    atom = st.tuples(st.sampled_from(_UNIT_WORDS), st.sampled_from(["", "^2", "^3", "^1", "^-1"]))
    one = atom.map("".join)
    return st.one_of(one, st.tuples(one, st.just("/"), one).map("".join))


def _full_reading(sample: str) -> object:
    """What the full reading makes of a sample (its error's type and message if it fails)."""
    norm = quantity._LOST_CARET.sub(r"\1×10^{\2}", quantity.normalize(sample).strip())
    try:
        return _fields(quantity._parse_normalized(norm, sample))
    except UnitrewardError as exc:
        return f"{type(exc).__name__}: {exc}"


def _fields(q: quantity.Quantity) -> tuple[object, ...]:
    # the sign of a zero too ("-0.0 m"), which == does not tell
    return (*dataclasses.astuple(q), math.copysign(1.0, q.magnitude))


@given(_MANTISSAS, _unit_text())
@settings(max_examples=600, deadline=None)
def test_simple_quantity_is_the_full_reading(mantissa: str, unit: str) -> None:
    sample = f"{mantissa} {unit}"
    fast = quantity._simple_quantity(quantity.normalize(sample).strip(), sample)
    if fast is not None:
        assert _fields(fast) == _full_reading(sample)


@pytest.mark.parametrize(
    ("sample", "simple"),
    [
        ("512.37 m", True),  # the common reference: read by the fast path
        ("-9.8 m/s^2", True),  # a sign, a compound unit with a power
        ("0012 kJ", True),  # leading zeros: the resolution of 12
        ("2 e^3", False),  # an exact form (2e³), not the unit e
        ("3 thousand", False),  # a number word scales the number
        ("1.5e3 m", False),  # an exponent: the number grammar reads it
        ("1,200 m", False),  # digit groups
        ("5 m in total", False),  # words after the unit
        ("5 blorbs", False),  # an unknown unit: the full reading names it in its error
        ("1234567890123456 m", False),  # more digits than a float holds
    ],
)
def test_simple_quantity_examples(sample: str, simple: bool) -> None:
    fast = quantity._simple_quantity(quantity.normalize(sample).strip(), sample)
    assert (fast is not None) == simple
    if fast is not None:
        assert _fields(fast) == _full_reading(sample)


# ------------------------------------------------------------------ records built quickly

_QUICK_RECORDS = [
    quantity.Quantity,
    offers.Value,
    offers.Reading,
    offers.Located,
    quantity_scan.Scan,
    extract.FinalValues,
    verdict.Verdict,
    kinds.QuantityAnswer,
]


@pytest.mark.parametrize("cls", _QUICK_RECORDS, ids=lambda c: c.__name__)
def test_quick_init_keeps_the_dataclass_signature(cls: type) -> None:
    # the fields in order, the same defaults, each usable by position or keyword
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        assert p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default is expected or p.default == expected


_SAMPLES = [
    quantity.parse_quantity("3.5 km/h"),  # a quantity with a unit
    quantity.parse_quantity(r"\frac{1}{3}"),  # an exact form: its tree is kept
    offers.read("not 3 m but 4 m").values[0],  # a denied value
    offers.read("It is 80 m or 120 m."),  # a reading of two values
    offers.locate(r"So \boxed{2 m}."),  # a located box
    quantity_scan.scan_quantities("v = 20 m/s, t = 3 s"),  # a scan
    extract.final_values("R = 30 Ω + 60 Ω = 90 Ω"),  # final values
    check("x = 3 m", "3 m"),  # a verdict
]


def _hashable(record: object) -> bool:
    try:
        hash(record)
    except TypeError:
        return False
    return True


@pytest.mark.parametrize("sample", _SAMPLES, ids=lambda s: type(s).__name__)
def test_quick_records_stay_frozen_equal_and_picklable(sample: object) -> None:
    cls = type(sample)
    assert cls in _QUICK_RECORDS
    name = dataclasses.fields(sample)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(sample, name, None)
    values = {f.name: getattr(sample, f.name) for f in dataclasses.fields(sample)}  # type: ignore[arg-type]
    again = cls(**values)
    assert again == sample
    if _hashable(sample):  # records holding lists (Located, FinalValues) never were
        assert hash(again) == hash(sample)
    assert pickle.loads(pickle.dumps(sample)) == sample
    assert dataclasses.replace(sample, **values) == sample  # type: ignore[type-var]


@pytest.mark.parametrize(
    "decorator",
    [
        dataclasses.dataclass(slots=True),  # not frozen: its own __init__ is as fast
        dataclasses.dataclass(frozen=True),  # no slots: no descriptor to set through
    ],
)
def test_quick_init_refuses_what_it_cannot_build(decorator: Any) -> None:
    class Point:
        x: float

    Point.__annotations__ = {"x": float}
    with pytest.raises(TypeError):
        records.quick_init(decorator(Point))


def test_quick_init_refuses_post_init_and_factories() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        x: float

        def __post_init__(self) -> None:  # would be skipped
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        xs: list[int] = dataclasses.field(default_factory=list)  # would be shared

    for cls in (Checked, Listed):
        with pytest.raises(TypeError):
            records.quick_init(cls)
