"""Counterexamples the property tests (tests/test_properties.py) found, shrunk.

Each row is a ``(reference, completion, expected reward)`` that a property once
failed on; the comment names the property and what went wrong. A row stays
here after the fix, so the bug cannot come back unnoticed even when hypothesis
does not happen to draw the same example again.
"""

from __future__ import annotations

import pytest

from unitreward import check

CASES = [
    # test_every_bare_rendering_scores_one: imperial units inside a compound unit
    ("1 m/s", "3.2808 ft/s", 1.0),  # 'ft' unknown after a number when followed by /s
    ("1 m/s", "3.2808 ft s^-1", 1.0),  # same, negative-power spelling
    ("10 m/s^2", "32.8 ft/s^2", 1.0),  # same, acceleration
    ("1 m/s", r"3.2808 \times 10^0 \mathrm{ft/s}", 1.0),  # the first shrunk example
    # test_every_bare_rendering_scores_one: plural and singular names of imperial units
    ("88 kg", "194 pounds", 1.0),  # 'pounds' unknown ('feet' works)
    ("0.4536 kg", "1 pound", 1.0),  # 'pound' unknown
    # test_every_bare_rendering_scores_one: \mu as a prefix inside \mathrm{}
    ("0.05 mm", r"50\,\mathrm{\mu m}", 1.0),  # read as micron x metre: [length]**2
    ("1 mT", r"1000 \mathrm{\mu T}", 1.0),  # read as micron x tesla
    # test_every_rendering_scores_one: a sentence after a "**Answer:**" answer in minutes
    ("5 min", "**Answer:** 5 min This is the final result.", 1.0),  # 'min This' unknown unit
    # test_every_wrong_answer_scores_zero: a hedge whose wrong half uses the units above
    ("1 mT", r"-1e3 \mathrm{\mu T} or 1 x 10^3 µT", 0.0),  # only the right half was read
    ("113600 m/s", "-3.73 x 10^5 ft/s or 1.136e7 cm/s", 0.0),  # same, with ft/s
    # test_every_wrong_answer_scores_zero: a temperature hedge judged by one tolerance and
    # its halves by another. Both are now relative to the absolute temperature (1 % of
    # 274 K is 2.7 K), so 0.5 °C and 1 °C agree and both are right, and a hedge is wrong
    # when its halves are farther apart than that.
    ("1 °C", "0.5 °C or 1 °C", 1.0),  # the readable form of the shrunk example below
    ("-0.005 °C", "3.198515 × 10¹ °F, or possibly 3.1991·10^1 °F", 1.0),  # as found
    ("1 °C", "-5 °C or 1 °C", 0.0),  # 6 K apart: a real hedge
    # test_every_wrong_answer_scores_zero: a flipped sign of a temperature near 0 °C is
    # within tolerance of the absolute temperature; the strategy no longer offers it
    ("0.5 °C", "-0.5 °C", 1.0),  # 1 K apart out of 273.65 K
    # benchmarks/references.py, "self": a reference must score 1 against itself. A sign
    # written apart ("- 40 cm") was a Markdown bullet in a box or a marked sentence.
    ("- 40 cm", r"\boxed{- 40 cm}", 1.0),  # a box is no list
    ("- 40 cm", "The answer is - 40 cm.", 1.0),  # nor the sentence a phrase marks
    ("- 40 cm", "- 40 cm", 1.0),  # a text of one line is no list
    ("-40 cm", "Lengths:\n- 40 cm\n- 12 cm", 0.0),  # a real list: bullets, two values
    # an en dash as a minus sign ("q = –1 e" in a data set): the reference read -e
    ("–1 e", "The charge is -1 e.", 1.0),  # the elementary charge, negative
    ("-1 e", "The charge is –1 e.", 1.0),  # the dash in the answer
    ("-4 m", "It is –4 m.", 1.0),  # after a word: a sign
    ("4 m", "between 3–5 m", 0.0),  # a range, not 3 and -5
    ("4 m", "between 3 – 5 m", 0.0),  # a spaced range too
    # the optical power of a lens, in diopters (pint has no such unit)
    ("2.5 diopters", "The lens has a power of 2.5 diopters.", 1.0),
    ("2.5 diopters", "f = 0.4 m, so the power is 2.5 m^-1.", 1.0),  # 1/m
    ("- 5diopters", "The power is -5 dioptres.", 1.0),  # glued, British spelling
    ("2.5 diopters", "The power is 2.5 m.", 0.0),  # a length is not a power of a lens
    # test_every_rendering_scores_one: a sentence after an ambiguous unit word, no period
    ("1 m", "Final answer: 3.28 ft This is the final result.", 1.0),  # 'ft' was refused
    ("1 m", "The length is 3.28 ft And that is all.", 1.0),  # 'ft And': ampere-nanodays
]


@pytest.mark.parametrize(("reference", "completion", "expected"), CASES)
def test_property_counterexample(reference: str, completion: str, expected: float) -> None:
    verdict = check(completion, reference)
    assert verdict.reward == expected, verdict


# A differential fuzz of the quantity scan (speed work) found numbers that made ``check``
# raise OverflowError: a power of ten beyond a float, and a zero with a huge exponent
# (the size of its last digit overflowed). Each is refused as unsafe, never raised.
OVERFLOW_CASES = [
    ("The answer is 10^{350} m", "unparseable_answer"),  # 10.0**350 raised in scan_number
    ("x = 10³⁵⁰", "unparseable_answer"),  # the same power written in superscripts
    ("0e350 m", "unparseable_answer"),  # zero, but 0.5 * 10.0**350 (its digit) overflowed
    ("0.0 × 10^{399} m", "unparseable_answer"),  # the same with a times sign
    ("(1.2) × 10^{350} m", "unparseable_answer"),  # a power after a bracketed number
    ("(1.2) × 10^{2} m", "correct"),  # the bracketed form itself still reads: 120 m
]


@pytest.mark.parametrize(("completion", "reason"), OVERFLOW_CASES)
def test_huge_powers_are_refused_not_raised(completion: str, reason: str) -> None:
    assert check(completion, "120 m").reason == reason
