"""Tables for splitting answers in several parts (unitreward.engine.parts).

Each row is (text, expected); a comment says why.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unitreward.engine.parts import (
    MAX_PARTS,
    canonical_label,
    enclosure,
    plus_minus,
    split_groups,
    split_items,
    split_label,
    split_parts,
)

SPLITS = [
    ("120 m", ["120 m"]),  # one item
    ("T_E = 290 K, F_E = 6 N", ["T_E = 290 K", "F_E = 6 N"]),  # comma between labelled parts
    ("19, 46, and 82", ["19", "46", "82"]),  # an English list with a serial comma
    ("27.9 cm and 28.8 cm", ["27.9 cm", "28.8 cm"]),  # "and" separates
    (r"6 \text{ and } 8", ["6", "8"]),  # LaTeX "and"
    ("a = 1; b = 2", ["a = 1", "b = 2"]),  # semicolon
    ("v = 3 m/s\nt = 2 s", ["v = 3 m/s", "t = 2 s"]),  # one per line
    (r"x = 1 \\ y = 2", ["x = 1", "y = 2"]),  # LaTeX line break
    (r"R = 5\,\Omega, P = 20\,W", [r"R = 5\,\Omega", "P = 20\\,W"]),  # \, is spacing, not a comma
    (r"A = 1 \quad B = 2", ["A = 1", "B = 2"]),  # \quad separates items
    ("1,200 m", ["1,200 m"]),  # a digit group is not a separator
    ("384,000,000 m", ["384,000,000 m"]),  # several digit groups
    ("(3, 2, 7)", ["(3, 2, 7)"]),  # a tuple is one top-level item
    (r"\{1, 2\}, \{3\}", [r"\{1, 2\}", r"\{3\}"]),  # escaped braces nest
    ("f(a, b), g", ["f(a, b)", "g"]),  # a comma inside an argument list
    ("[0, 1), (2, 3]", ["[0, 1)", "(2, 3]"]),  # half-open intervals are one item each
    (r"\frac{a, b}{c}, d", [r"\frac{a, b}{c}", "d"]),  # a comma inside braces
    ("$$\nA = x\n$$", ["A = x"]),  # display delimiters are transparent
    ("$t = 2$ s, $d = 20$ m", ["t = 2  s", "d = 20  m"]),  # inline delimiters become spaces
    (" , ,", []),  # only separators: no item
    ("band and brand", ["band", "brand"]),  # "and" only as a word
    ("(a) 2 s (b) 20 m", ["2 s", "20 m"]),  # part markers inside one line start items
    ("f (x) = 2", ["f (x) = 2"]),  # an argument is no marker
]


@pytest.mark.parametrize(("text", "items"), SPLITS)
def test_split_items(text: str, items: list[str]) -> None:
    assert [p.text for p in split_parts(text)] == items


LABELS = [
    ("T_E = 290 K", "T_E", "290 K"),  # subscript label
    ("T_{E} = 290 K", "T_E", "290 K"),  # braced subscript reads the same
    (r"H_{\text{water}} = 100 cal/g", "H_water", "100 cal/g"),  # text inside a subscript
    (r"\omega' = 3 rad/s", "omega'", "3 rad/s"),  # Greek with a prime
    (r"\omega^{\prime} = 3 rad/s", "omega'", "3 rad/s"),  # LaTeX prime
    (r"\Delta \lambda_\alpha = 1.79", "Deltalambda_alpha", "1.79"),  # two-command label
    (r"I_{\max} = 1.75 I_0", "I_max", "1.75 I_0"),  # command in a subscript
    ("I_L(t) = 0.05", "I_L(t)", "0.05"),  # a function head keeps its argument
    (r"\mathbf{E} = 0", "E", "0"),  # bold vector label
    (r"\dot{x} = v", "dotx", "v"),  # a decoration is part of the name
    ("x = 5 + 5 + 1 = 11", "x", "11"),  # a chain: its last link
    (r"\text{Number of fringes} = 100", "Numberoffringes", "100"),  # a label in words
    ("Power: 1000 W", "Power", "1000 W"),  # a colon labels too
    (r"\Delta p \approx -\hbar", "Deltap", r"-\hbar"),  # approximately equal
    (
        r"\frac{d\sigma}{d\Omega} = \frac{R^2}{4}",
        "fracdsigmadOmega",
        r"\frac{R^2}{4}",
    ),  # derivative
    (r"\frac{\partial U}{\partial V} = 0", "fracpartialUpartialV", "0"),  # partial derivative
    ("(p, q, r) = (3, 2, 7)", "(p,q,r)", "(3, 2, 7)"),  # a tuple of symbols labels a tuple
    (r"\ln T = \ln 16 - x", None, r"\ln T = \ln 16 - x"),  # a function of a symbol is no label
    ("x^2 + y^2 = 1", None, "x^2 + y^2 = 1"),  # an equation, not a labelled value
    ("2 x = 4", None, "2 x = 4"),  # a number starts it: no label
    ("so = 4", None, "so = 4"),  # a word that starts a sentence is no label
    ("x = ", None, "x ="),  # nothing after the relation
    ("a <= b", None, "a <= b"),  # inequalities are not labels
    ("Resistance R = 5 Ohms", "R", "5 Ohms"),  # words naming a symbol: the symbol labels
    ("Final speed v_f = 3 m/s", None, "Final speed v_f = 3 m/s"),  # a subscripted name after words
    ("so x = 3", "sox", "3"),  # (a two-letter word is no name of a symbol)
]


@pytest.mark.parametrize(("item", "label", "value"), LABELS)
def test_split_label(item: str, label: str | None, value: str) -> None:
    got_label, _, got_value = split_label(item)
    assert (got_label, got_value) == (label, value)


PLUS_MINUS = [
    (r"1 \pm \sqrt{19}", ("1 + \\sqrt{19}", "1 - \\sqrt{19}")),  # the two roots
    (r"\pm 2021", ("+2021", "-2021")),  # a sign alone keeps its number (no bullet "- 2021")
    (r"\frac{-1 \pm \sqrt{13}}{4}", (r"\frac{-1 + \sqrt{13}}{4}", r"\frac{-1 - \sqrt{13}}{4}")),  # inside
    (r"a \pm b \mp c", ("a + b - c", "a - b + c")),  # \mp takes the other sign
    ("x ± 1", ("x + 1", "x - 1")),  # the unicode sign
    ("3", None),  # no \pm
    (r"\pmatrix", None),  # a command that starts with pm is no sign
]


@pytest.mark.parametrize(("text", "expected"), PLUS_MINUS)
def test_plus_minus(text: str, expected: tuple[str, str] | None) -> None:
    assert plus_minus(text) == expected


GROUPS = [
    ("p=5, q=2; p=7, q=2", ["p=5, q=2", "p=7, q=2"]),  # two solutions of (p, q)
    ("L=0, S=0; L=1, S=1; L=2, S=0", ["L=0, S=0", "L=1, S=1", "L=2, S=0"]),  # three
    ("T = 290 K; F = 6 N", None),  # one item per group: plain parts
    ("a=1, b=2; c=3", None),  # groups of different sizes
    ("f(a; b), c", None),  # a semicolon inside brackets
]


@pytest.mark.parametrize(("text", "expected"), GROUPS)
def test_split_groups(text: str, expected: list[str] | None) -> None:
    assert split_groups(text) == expected


def test_latex_spacing_at_an_item_edge_is_dropped() -> None:
    assert [p.text for p in split_parts(r"(7,11),\ (11,7)")] == ["(7,11)", "(11,7)"]
    assert [p.text for p in split_parts(r"1 \quad and \quad 2")] == ["1", "2"]


MARKERS = [
    ("(a) 2 s", "2 s"),  # parenthesised letter
    ("b) 20 m", "20 m"),  # letter with a closing parenthesis
    ("(ii) 3 N", "3 N"),  # roman numeral
    ("Part (c): 4 J", "4 J"),  # the word part
    ("(1) 5 W", "5 W"),  # a number in parentheses
]


@pytest.mark.parametrize(("item", "value"), MARKERS)
def test_markers_are_dropped(item: str, value: str) -> None:
    assert [p.value for p in split_parts(item)] == [value]


ENCLOSURES = [
    ("(3, 2, 7)", ("(", "3, 2, 7", ")")),  # a tuple
    (r"\{1, 2\}", ("{", "1, 2", "}")),  # a set
    (r"\left( 1, 2 \right)", ("(", "1, 2", ")")),  # sized brackets
    ("[0, 1)", ("[", "0, 1", ")")),  # half-open interval
    ("(a)(b)", None),  # two groups, not one enclosure
    ("(a, b", None),  # unbalanced
    ("x", None),  # no brackets
    ("{x, y}", ("{", "x, y", "}")),  # bare braces enclose too
]


@pytest.mark.parametrize(("text", "expected"), ENCLOSURES)
def test_enclosure(text: str, expected: tuple[str, str, str] | None) -> None:
    assert enclosure(text) == expected


def test_canonical_labels_agree() -> None:
    # the same label written three ways reads as one
    assert canonical_label("v_{0}") == canonical_label("v_0") == canonical_label(r"v_{\text{0}}")


def test_many_items_are_capped() -> None:
    # a shotgun of 500 values yields at most MAX_PARTS items, in linear time
    text = ", ".join(str(i) for i in range(500))
    assert len(split_items(text)) == MAX_PARTS


def test_long_text_is_not_split() -> None:
    # beyond 20,000 characters the text is returned whole (the caller refuses it)
    text = "1, " * 10_000
    assert split_items(text) == [(0, len(text))]


@given(st.text(max_size=300))
def test_split_never_raises_and_spans_are_ordered(text: str) -> None:
    spans = split_items(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    for part in split_parts(text):
        assert part.text.strip() == part.text
