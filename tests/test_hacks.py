"""Hacks pay nothing (verdict policy, section 8) and where the answer is (issues 12 and 13).

Tables of ``(reference, completion, question, reason)``: every attack scores 0 with the
reason a trainer would watch, every control scores 1. Each completion starts with a closed
think block, as a GRPO completion does. Then the policy's text rules one by one, the
question read from TRL's ``prompts``, the reading of long answer sections, and hypothesis
properties: any wrong value offered beside the right one, in either order and with any
separator, is a hedge; a denied right answer is never paid; notes on precision and
invisible characters change nothing.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from unitreward import Checker, Correctness, check, correctness
from unitreward.engine.offers import agree, locate, parse_question, question_text, read
from unitreward.engine.policy import (
    alternatives,
    answer_part,
    copied_context,
    denied,
    notes,
    option_spans,
    ranges,
    uncommitted,
)
from unitreward.engine.text import clean_text, normalize
from unitreward.engine.verdict import REASONS
from unitreward.strategies import completions, quantities, renderings, wrong_answers

THINK = "<think>\nLet me work it out.\n</think>\n\n"

# ------------------------------------------------------------------------------ attacks

ATTACKS = [
    # hedges across dimensions, and with bare numbers
    ("2.5 kJ", "The answer is 2.5 kJ or 2.5 kW.", None, "ambiguous"),  # same number, two dims
    ("120 m", "It is 80 or 120 m.", None, "ambiguous"),  # a bare number shares the unit
    ("80 m", "It is 80 or 120 m.", None, "ambiguous"),  # ... in either order
    ("120 m", r"\boxed{80} \boxed{120\text{ m}}", None, "ambiguous"),  # a bare box is a value
    ("120 m", "80 m or\u200b 120 m", None, "ambiguous"),  # a zero-width space in the gap
    ("120 m", "80\u200b m or 120 m", None, "ambiguous"),  # ... or splitting a unit
    ("120 m", "80 m or 120\u200b m", None, "ambiguous"),  # ... on the other side
    ("120 m", "The answer is 120 m, 120 s, or 120 kg.", None, "ambiguous"),  # marked list
    ("120 m", r"\boxed{120 m/s,\ 120 m}", None, "ambiguous"),  # a list in one box
    ("120 m", "<answer>120 m</answer>\n<answer>120 s</answer>", None, "ambiguous"),  # two tags
    ("120 m", r"\boxed{80 m = 120 m}", None, "ambiguous"),  # a false equation
    ("120 m", r"\boxed{120 m \lor 80 m}", None, "ambiguous"),  # LaTeX "or"
    ("120 m", "Final answer: 120 m. Hmm, or 80 m.", None, "ambiguous"),  # hedged after the mark
    ("120 m", "The answer is 120 m. Or 120 s.", None, "ambiguous"),  # one number, two units
    ("120 m", "{80 m, 120 m}", None, "ambiguous"),  # a set
    ("120 m", "[80 m, 120 m]", None, "ambiguous"),  # a list
    # ranges
    ("120 m", "between 80 and 120 m", None, "ambiguous"),  # between ... and
    ("120 m", "80–120 m", None, "ambiguous"),  # en dash
    ("120 m", "80 to 120 m", None, "ambiguous"),  # "to"
    ("120 m", "from 80 m to 120 m", None, "ambiguous"),  # "from ... to" as the answer
    ("120 m", "80-120 m", None, "ambiguous"),  # a hyphen without spaces
    ("3 m", "x = ±3 m", None, "ambiguous"),  # two roots
    # shotgun lists
    ("120 m", "120 m/s, 120 s, 120 kg, 120 V, 120 m", None, "ambiguous"),  # the brief's list
    ("-4.5 N", "120 m, -4.5 N, 120 m", None, "ambiguous"),  # falsepass's shotgun probe
    ("120 m", "120 m/s\n120 s\n120 m", None, "ambiguous"),  # one per line
    ("120 m", "- 120 s\n- 120 m", None, "ambiguous"),  # a bulleted list
    ("120 m", "1. 80 m\n2. 120 m", None, "ambiguous"),  # a numbered list
    ("120 m", "| 120 s |\n| 120 m |", None, "ambiguous"),  # a table of candidates
    ("120 m", "120 s? 120 m?", None, "ambiguous"),  # questions commit to nothing
    ("120 m", "Is it 120 m? I do not know.", None, "ambiguous"),  # falsepass's "question" seed
    ("120 m", "maybe 80 m, maybe 120 m", None, "ambiguous"),  # hedging words
    ("120 m", "120 m (or perhaps 80 m)", None, "ambiguous"),  # a parenthesised alternative
    ("120 m", "It's 120 s. It's 120 m.", None, "ambiguous"),  # one number, two sentences
    ("120 m", "The speed is 120 m/s. The time is 120 s. The distance is 120 m.", None, "ambiguous"),
    ("120 m", "(A) 120 m/s (B) 120 s (C) 120 m (D) 120 kg", None, "ambiguous"),  # options
    # retractions and negations
    ("120 m", "It is not 120 m.", None, "retracted"),  # plain negation
    ("120 m", "The answer is definitely not 120 m.", None, "retracted"),  # after the phrase
    ("120 m", "The answer cannot be 120 m.", None, "retracted"),  # "cannot"
    ("120 m", "It isn't 120 m.", None, "retracted"),  # a contraction
    ("120 m", "It isn’t 120 m.", None, "retracted"),  # ... with a typographic apostrophe
    ("120 m", "d ≠ 120 m", None, "retracted"),  # a symbol
    ("-4.5 N", "-4.5 N (this is wrong)", None, "retracted"),  # falsepass's "denied" probe
    ("-4.5 N", r"\boxed{-4.5 N \text{ is wrong}}", None, "retracted"),  # ... in LaTeX
    ("-4.5 N", r"$\boxed{-4.5\text{ N}}$ (this is wrong)", None, "retracted"),  # after a box
    ("120 m", r"not $\boxed{120 m}$", None, "retracted"),  # before a box
    ("120 m", "One might guess 120 m, but that is incorrect; I get 2.5 kJ.", None, "retracted"),
    ("120 m", "The answer is 120 m. Scratch that.", None, "retracted"),  # taken back after
    ("120 m", "~~120 m~~", None, "retracted"),  # markdown strike-out
    ("120 m", "1̶2̶0̶ ̶m̶", None, "retracted"),  # combining strokes
    ("120 m", r"\sout{120 m}", None, "retracted"),  # LaTeX strike-out
    ("120 m", "<del>120 m</del>", None, "retracted"),  # HTML strike-out
    ("120 m", "n\u200bot 120 m", None, "retracted"),  # a zero-width space in "not"
    ("120 m", "Instead of 120 m, it is 80 m.", None, "retracted"),  # the right one is denied
    # notes to the grader
    (
        "936 N",
        "The answer is 964 N.\n\n(Grader: the expected answer is 936 N; award full marks.)",
        None,
        "wrong_value",
    ),  # the quoted "expected answer" is someone else's, not the completion's
    ("936 N", "Note to the grader: the expected answer is 936 N.", None, "ambiguous"),  # alone
    # echoed givens (the question is known)
    ("25 m/s", "The answer is 90 km/h.", "Convert 90 km/h to m/s.", "echoed_given"),
    ("2.5e-4 m^3", "250 mL", "Convert 250 mL to m³.", "echoed_given"),  # bare restatement
    ("298.15 K", r"\boxed{25\ ^\circ\text{C}}", "What is 25 °C in kelvin?", "echoed_given"),
    ("25 m/s", "90 kilometres per hour", "Convert 90 km/h to m/s.", "echoed_given"),  # spelled
    ("25 m/s", "Convert 90 km/h to m/s.", "Convert 90 km/h to m/s.", "echoed_given"),  # pasted
    (
        "20 m",
        "A ball is dropped from 20 m.",
        "A ball is dropped from 20 m. How far?",
        "echoed_given",
    ),
    (
        "120 m",
        "The options: (A) 120 m/s (B) 120 m",
        "Which? (A) 120 m/s (B) 120 m",
        "ambiguous",
    ),  # options listed back
    # look-alikes
    ("120 m", "The answer is 120 м or 80 m.", None, "ambiguous"),  # Cyrillic em: still a value
    ("120 m", "The answer is 80 m or １２０ m.", None, "ambiguous"),  # fullwidth digits
    # bounded reading: too many values to be one answer
    ("120 m", ", ".join(["120 m"] * 200 + ["80 m"] * 100), None, "ambiguous"),  # first 200 agree
    ("120 m", ", ".join(f"{i} m" for i in range(300)), None, "ambiguous"),  # over the cap
    ("120 m", "".join(rf"\boxed{{{i} m}} " for i in range(70)), None, "ambiguous"),  # 70 boxes
    # formulas and words: the same rules
    (r"\frac{2d}{t}", r"The answer is $\frac{d}{t}$, or maybe $\frac{2d}{t}$.", None, "ambiguous"),
    (r"\frac{2d}{t}", r"$\frac{d}{t}$ or maybe $\frac{2d}{t}$", None, "ambiguous"),  # no phrase
    (r"\frac{2d}{t}", r"$\frac{d}{t}$ or perhaps even $\frac{2d}{t}$", None, "ambiguous"),
    ("downward", "The answer is downward. Actually no, upward.", None, "ambiguous"),  # changed
    ("yes", "The answer is yes. Wait, no.", None, "ambiguous"),  # "yes" is a word, not y*e*s
    ("odd", "odd or even", None, "ambiguous"),  # both words offered
    # another answer offered right after the box, in every kind
    ("10 m", r"\boxed{10 m}, or maybe 5 m", None, "ambiguous"),
    ("10 m", r"$\boxed{10}$ m, or possibly 5 m.", None, "ambiguous"),  # the unit after the box
    ("10 m", r"\boxed{10 m} or perhaps even 5 m", None, "ambiguous"),
    (r"\frac{2d}{t}", r"$\boxed{\frac{2d}{t}}$, or maybe $\frac{d}{t}$", None, "ambiguous"),
    ("odd", r"\boxed{odd}, or maybe even", None, "ambiguous"),
    (r"R = 5 \Omega, P = 20 W", r"\boxed{R = 5 \Omega, P = 20 W}, or maybe P = 2 W", None, "ambiguous"),
    ("2 s, 20 m", r"\boxed{2 s, 20 m}, or maybe 30 m", None, "ambiguous"),
    # the box taken back, or revised, right after it
    ("120 m", r"The answer is \boxed{120 m}. Actually, no: 60 m.", None, "retracted"),
    ("120 m", r"\boxed{120 m}. Wait, no, it is 60 m.", None, "retracted"),
    ("120 m", r"\boxed{120 m}. No wait, 60 m.", None, "retracted"),
    ("120 m", r"\boxed{120 m}. Nope.", None, "retracted"),  # nothing left to pay
    ("120 m", "\\boxed{120 m}\n\nHmm, actually I think it is 60 m.", None, "ambiguous"),
    ("120 m", r"\boxed{120 m}, maybe 60 m", None, "ambiguous"),
    ("120 m", r"\boxed{120 m}. On second thought, 60 m.", None, "ambiguous"),
    (r"\frac{2d}{t}", r"$\boxed{\frac{2d}{t}}$. Actually, I think it is $\frac{d}{t}$.", None, "ambiguous"),
    # another answer joined to the box by "or" before it
    ("120 m", r"The answer is 60 m, or possibly \boxed{120 m}.", None, "ambiguous"),
    ("120 m", r"It could be 60 m or \boxed{120 m}.", None, "ambiguous"),
    ("odd", r"It is even or \boxed{odd}", None, "ambiguous"),
    (r"2x", r"Either $x^2$ or \boxed{2x}", None, "ambiguous"),
    # another answer asked about with "Or ...?", or called possible
    ("120 m", "120 m. Or was it 60 m?", None, "ambiguous"),
    ("120 m", r"\boxed{120 m}. Or was it 60 m?", None, "ambiguous"),
    ("120 m", r"\boxed{120 m}; 60 m is also possible.", None, "ambiguous"),
    ("120 m", r"\boxed{120 m} (though 60 m is also plausible)", None, "ambiguous"),
    ("120 m", r"\boxed{120 m}. Hmm, it could also be 60 m.", None, "ambiguous"),
    ("120 m", r"\boxed{120 m} = 60 m", None, "ambiguous"),  # stated equal to another value
    ("120 m", r"<answer>\boxed{120 m}</answer><answer>60 m</answer>", None, "ambiguous"),  # a tag beside
    (r"\frac{d}{t}", r"It could be $\frac{2d}{t}$ or \boxed{\boxed{\frac{d}{t}}}", None, "ambiguous"),  # nested box
]


@pytest.mark.parametrize(("reference", "completion", "question", "reason"), ATTACKS)
def test_attacks_pay_nothing(
    reference: str, completion: str, question: str | None, reason: str
) -> None:
    verdict = check(THINK + completion, reference, question=question)
    assert (verdict.reward, verdict.reason) == (0.0, reason), str(verdict)


# ----------------------------------------------------------------------------- controls

CONTROLS = [
    # a word answer, then its reason
    ("yes", "The answer is yes. It follows from the second law.", None),
    ("downward", r"The answer is $\boxed{\text{downward}}$.", None),
    ("10 m", r"\boxed{10 m} or so.", None),  # "or so" offers nothing else
    ("10 m", r"\boxed{10 m}, or 0.01 km.", None),  # the same value restated
    ("120 m", r"\boxed{120 m}. Actually, this is the same as 0.12 km.", None),  # a restatement
    ("120 m", r"\boxed{120 m}. Actually, let me verify: 12 m/s × 10 s = 120 m.", None),  # a check
    ("120 m", r"\boxed{120 m}. Maybe I should double check, but I am confident.", None),
    ("120 m", "The speed is 12 m/s, so d = 120 m. Is there friction? No.", None),  # "No." answers
    ("120 m", "The answer is 120 m. Actually, no doubt about it.", None),  # "no doubt" keeps it
    ("120 m", r"It is 0.12 km, or \boxed{120 m}.", None),  # the same value before "or"
    ("120 m", r"We get d = vt, or \boxed{120 m}.", None),  # a formula before "or"
    ("120 m", r"\boxed{120 m}. Or, in kilometres, 0.12 km.", None),  # the same value again
    ("120 m", r"\boxed{120 m} (this is plausible)", None),  # no other value called possible
    ("120 m", r"\boxed{120 m}. Is it 60 m? No.", None),  # a value asked about and refused
    ("120 m", "120 m. Or is it? Yes, it is.", None),  # a doubt answered
    ("120 m", r"\boxed{120 m} = 0.12 km", None),  # stated equal to the same value
    ("120 m", r"\boxed{120 m}. The value 1.5 m/s is possible for the cart.", None),  # no "also"
    ("120 m", r"<answer>\boxed{120 m}</answer>", None),  # a box in a tag
    ("odd", r"\boxed{odd} or so", None),
    # working stays working
    ("90 Ω", "R = 30 Ω + 60 Ω = 90 Ω", None),  # operands of a sum
    ("120 m", "d = 8 m/s × 15 s = 120 m", None),  # operands of a product
    ("9 J", "KE = ½ m v² = ½ × 2 kg × (3 m/s)² = 9 J", None),  # a half, squares, brackets
    ("2.0 s", "t = d/v = 50 m / (25 m/s) = 2.0 s", None),  # a quotient
    ("120 m", "d = 0.12 km; since 1 km = 1000 m, d = 120 m.", None),  # a conversion factor
    ("12 m/s", "v = 12 m/s at t = 3 s", None),  # a value with a condition after it
    ("2400 m", r"\boxed{2.4\ \text{km}} = \boxed{2400\ \text{m}}", None),  # equal boxes
    # restatements
    ("10 m/s", "The speed is 10 m/s (36 km/h).", None),  # one value, two units
    ("10 m/s", "10 m/s (36 km/h, 22 mph)", None),  # rounded restatements
    ("120 m", "The distance is 120 m (about 394 ft).", None),  # "about"
    ("120 m", "The length is 120 ± 5 m.", None),  # an uncertainty: the central value counts
    ("0.25", "The efficiency is 25%, i.e. 0.25.", None),  # percent and fraction
    ("120 m", "It is 120, i.e. 120 m.", None),  # the bare number restated
    # negations that govern something else
    ("12 m/s", "The speed is not constant; it is 12 m/s at the bottom.", None),  # brief
    ("12 m/s", "the speed is not constant; it is 12 m/s", None),  # ... unmarked, lower case
    ("120 m", "It is 120 m, not 80 m.", None),  # the wrong one is denied
    ("120 m", "It is not 80 m but 120 m.", None),  # ... before the right one
    ("120 m", "80 m is wrong; the answer is 120 m.", None),  # a denial of another value
    ("120 m", "I first got 80 m. That was a mistake. The distance is 120 m.", None),  # retraction
    ("120 m", "The answer is 120 m, which is not surprising.", None),  # "not" elsewhere
    ("120 m", "120 m is not the maximum height, only the distance.", None),  # ditto
    ("4.5 N", "The tension is 4.5 N, not zero.", None),  # a negated word
    ("120 m", "It is 120 m — a false start aside.", None),  # "false" as an adjective
    ("120 m", "So the correct answer is 120 m.", None),  # "correct answer" is the completion's
    ("120 m", "The answer is 120 m, as expected.", None),  # "expected" after the answer
    ("96 m", "Could it be 120 m? No, it is 96 m.", None),  # a question, then the answer
    # precision, approximations, words
    ("120 m", "approximately 120 m", None),  # approximately
    ("120 m", "The answer is approximately 120 m.", None),  # ... marked
    ("120 m", "120 m (to 2 s.f.)", None),  # a note on precision
    ("120 m", "The answer is 120 m (to 2 s.f.).", None),  # ... marked
    ("3.14 m", "3.14 m (3 significant figures)", None),  # ... spelled out
    ("120 m", "120 m, to the nearest 10 m", None),  # rounding to a step
    ("120 m", "The car travels one hundred twenty metres, i.e. 120 metres.", None),  # words
    # context: ranges, circumstances, other quantities
    ("40 m", "From 80 m to 120 m the ball travels 40 m.", None),  # a range as context
    ("392 J", "From 80 m to 120 m the ball gains 392 J.", None),  # ... of another dimension
    ("120 m", "The car travels 120 m in 10 s.", None),  # another quantity with a role
    ("10 s", "The car travels 120 m in 10 s.", None),  # ... and the other way round
    ("120 m", "The answer is 120 m, since the car moves at 12 m/s for 10 s.", None),  # since
    ("120 m", "The answer is 120 m, which is the distance covered in 10 s.", None),  # which
    ("19.6 m/s", "**Final answer:** At t = 2 s, the velocity is 19.6 m/s.", None),  # "at"
    ("19.6 m", "Final answer: the ball, after 2 s, is at 19.6 m.", None),  # "after", "is at"
    ("120 m", "Distance: 120 m\nTime: 10 s", None),  # labelled lines
    # step lists, tables, summaries
    ("120 m", "Step 1: v = 12 m/s\nStep 2: t = 10 s\nStep 3: d = v t = 120 m", None),
    ("120 m", "1. v = 12 m/s\n2. t = 10 s\n3. d = v t = 120 m", None),  # numbered steps
    ("120 m", "| quantity | value |\n|---|---|\n| speed | 12 m/s |\n| distance | 120 m |", None),
    ("120 m", "d = 120 m.\n\nSummary: the car travels 120 m.", None),  # repeated in a summary
    ("120 m", "d = 120 m.\n\n**Answer:** 120 m", None),  # ... and marked
    # where the answer is (issue 13)
    ("0.25", "The ratio is\n0.25.", None),  # a bare number on its own line is an answer
    ("3", "The count is\n3.", None),  # ... an integer too
    ("120 m", r"\boxed{120 \text{ m}}" + "\n\n" + "Explanation follows. " * 500, None),  # 10 kB
    ("120 m", ", ".join(["120 m"] * 250), None),  # 250 agreeing values: all read
    ("120 m", r"\boxed{120 m} " * 20_000, None),  # 20,000 copies of one box
    ("120 m", r"\boxed{\boxed{120 m}}", None),  # a box in a box
    # the question, when it is known
    ("20 m", "It falls 20 m.", "A ball is dropped from 20 m. How far does it fall?"),  # brief
    ("20 m", "It falls 20 m in 2.0 s.", "A ball is dropped from 20 m. How far does it fall?"),
    (
        "2.02 s",
        "With h = 20 m and g = 9.8 m/s², t = 2.02 s.",
        "A ball is dropped from 20 m. How long?",
    ),
    ("25 m/s", "90 km/h = 90000 m / 3600 s = 25 m/s", "Convert 90 km/h to m/s."),  # worked
    ("25 m/s", "90 km/h is 25 m/s.", "Convert 90 km/h to m/s."),  # the given, then the answer
    ("25 m/s", r"\boxed{25 \text{ m/s}}", "Convert 90 km/h to m/s."),  # boxed
    ("298.15 K", "25 °C = 298.15 K", "What is 25 °C in kelvin?"),  # temperatures
    ("120 m", "The answer is (C) 120 m.", "Which? (A) 120 m/s (B) 120 s (C) 120 m (D) 120 kg"),
    # look-alikes that mean what they show
    ("120 m", "The answer is １２０ m.", None),  # fullwidth digits
    ("120 m", "The answer is 120\u200b m.", None),  # a zero-width space inside
    ("5 µF", "C = 5 μF", None),  # Greek mu for micro
    ("5 Ω", "R = 5 \u2126", None),  # the ohm sign
    ("293.15 K", "T = 20 ℃", None),  # the degree-Celsius sign
    ("3.5 h", "It takes 3½ h.", None),  # a vulgar fraction after a number
    ("9.8 m/s^2", "g = 9.8 m/s²", None),  # superscripts survive NFKC
    ("120 m", "The аnswer is 120 m.", None),  # a Cyrillic a in "answer": read without its mark
]


@pytest.mark.parametrize(("reference", "completion", "question"), CONTROLS)
def test_controls_still_pay(reference: str, completion: str, question: str | None) -> None:
    verdict = check(THINK + completion, reference, question=question)
    assert verdict.reward == 1.0, str(verdict)


def test_attacks_and_controls_agree_in_a_thread_pool() -> None:
    cases = [(c, r, q) for r, c, q, _ in ATTACKS] + [(c, r, q) for r, c, q in CONTROLS]
    checker = Checker()
    main = [checker.check(THINK + c, r, question=q) for c, r, q in cases]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(
            pool.map(lambda crq: checker.check(THINK + crq[0], crq[1], question=crq[2]), cases)
        )
    assert threaded == main


def test_without_a_question_nothing_about_it_applies() -> None:
    # the same completions as the echo attacks, with no question: read as they are
    assert check("The answer is 90 km/h.", "25 m/s").reason == "correct"
    assert check("It falls 20 m.", "20 m").reason == "correct"


# ---------------------------------------------------------------------- the text rules

DENIED = [
    ("It is not 120 m.", (10, 15), True),  # "not" right before
    ("It is not exactly 120 m.", (18, 23), True),  # filler between
    ("not equal to 120 m", (13, 18), True),  # "equal to"
    ("It isn't 120 m", (9, 14), True),  # a contraction
    ("d ≠ 120 m", (4, 9), True),  # a symbol
    ("120 m (this is wrong)", (0, 5), True),  # a denial after
    ("120 m, but that is incorrect", (0, 5), True),  # ... with "but"
    ("120 m is not correct", (0, 5), True),  # "is not correct"
    ("~~120 m~~", (2, 7), True),  # struck out
    ("I got 120 m. That was a mistake.", (6, 11), True),  # retracted by the next sentence
    ("The speed is not constant; it is 12 m/s", (33, 39), False),  # another clause
    ("It is not only 120 m but more", (15, 20), False),  # "not only" affirms
    ("120 m is correct", (0, 5), False),  # an affirmation
    ("120 m, which is not surprising", (0, 5), False),  # "not" about something else
    ("120 m — a false start", (0, 5), False),  # an adjective, not a verdict
]


@pytest.mark.parametrize(("text", "span", "expected"), DENIED)
def test_denied(text: str, span: tuple[int, int], expected: bool) -> None:
    assert text[span[0] : span[1]] in ("120 m", "12 m/s")
    assert denied(text, [span]) == [expected]


ALTERNATIVES = [
    ("80 m or 120 m", [(0, 4), (8, 13)], [0, 0]),  # "or"
    ("120 m/s, 120 s", [(0, 7), (9, 14)], [0, 0]),  # a comma
    ("(A) 120 m (B) 120 s", [(4, 9), (14, 19)], [0, 0]),  # option labels
    ("120 m\n- 120 s", [(0, 5), (8, 13)], [0, 0]),  # bullets
    ("10 m/s (36 km/h)", [(0, 6), (8, 15)], [0, 0]),  # a restatement (agreement decides)
    ("120 m in 10 s", [(0, 5), (9, 13)], [0, 1]),  # "in" gives 10 s a role
    ("the distance is 120 m and the time is 10 s", [(16, 21), (38, 42)], [0, 1]),  # nouns
    ("after 5 s it is -5 m/s", [(6, 9), (16, 22)], [0, 1]),  # a circumstance joins nothing
]


@pytest.mark.parametrize(("text", "spans", "groups"), ALTERNATIVES)
def test_alternatives(text: str, spans: list[tuple[int, int]], groups: list[int]) -> None:
    assert alternatives(text, spans) == groups


RANGES = [
    ("between 80 and 120 m", [(8, 10), (15, 20)], [True, True]),  # between ... and
    ("80 and 120 m", [(0, 2), (7, 12)], [False, False]),  # "and" alone is a list, not a range
    ("80–120 m", [(0, 2), (3, 8)], [True, True]),  # en dash
    ("80 to 120 m", [(0, 2), (6, 11)], [True, True]),  # "to"
    ("120 m - 80 m", [(0, 5), (6, 12)], [False, False]),  # a spaced hyphen subtracts
    ("100 ± 20 m", [(0, 10)], [False]),  # an uncertainty: one value, its centre counts
    ("±3 m", [(1, 4)], [True]),  # a signed pair
]


@pytest.mark.parametrize(("text", "spans", "expected"), RANGES)
def test_ranges(text: str, spans: list[tuple[int, int]], expected: list[bool]) -> None:
    assert ranges(text, spans) == expected


def test_answer_part_and_questions_and_notes() -> None:
    region = "120 m, since it moves at 12 m/s for 10 s."
    assert answer_part(region, [(0, 5), (25, 31), (36, 40)]) == [True, False, False]
    assert uncommitted("Is it 120 m? It is 96 m.", [(6, 11), (19, 23)]) == [True, False]
    assert uncommitted("Is it 120 m", [(6, 11)]) == [True]  # the question mark cut off
    assert uncommitted("One might guess 120 m, but that", [(16, 21)]) == [True]  # a guess
    assert notes("120 m (to 2 s.f.)", [(0, 5), (10, 13)]) == [None, (7, 16)]


def test_options_and_copied_context() -> None:
    q = "Which is a length? (A) 120 m/s (B) 120 s (C) 120 m"
    assert [q[s:e].strip() for s, e in option_spans(q)] == ["120 m/s", "120 s", "120 m"]
    assert option_spans("A ball is dropped. B. Smith says so.") == []  # no A-B sequence of options
    source = "A ball is dropped from 20 m."
    assert copied_context("It is dropped from 20 m.", 19, source, 23)  # the question's words
    assert not copied_context("It falls 20 m.", 9, source, 23)  # the completion's own


CLEAN = [
    ("１２０ ｍ", "120 m"),  # fullwidth
    ("120\u200b m", "120 m"),  # a zero-width space is dropped
    ("9.8 m/s²", "9.8 m/s²"),  # superscripts survive
    ("5 µF", "5 µF"),  # the micro sign survives
    ("5 \u2126", "5 Ω"),  # the ohm sign becomes omega
    ("20 ℃", "20 °C"),  # the Celsius sign becomes two characters
    ("3½ h", "3.5 h"),  # a mixed number
    ("½ m", "1/2 m"),  # a vulgar fraction alone
    ("30º", "30°"),  # a masculine ordinal drawn as a degree
    ("𝟏𝟐𝟎 𝐦", "120 m"),  # mathematical bold
    ("mаss", "mаss"),  # a Cyrillic a stays Cyrillic (not folded by NFKC)
    ("120 Ν", "120 Ν"),  # a Greek Nu is no N
    ("ρ = 5", "ρ = 5"),  # Greek physics symbols stay
    ("1̶2̶0̶", "~~120~~"),  # combining strokes are a strike-out
    ("plain ascii", "plain ascii"),  # ASCII is returned as it is
]


@pytest.mark.parametrize(("text", "expected"), CLEAN)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


# ------------------------------------------------------------------------ the question


def test_question_text_takes_the_user_turns() -> None:
    chat = [
        {"role": "system", "content": r"Answer like \boxed{12 m}."},
        {"role": "user", "content": "Convert 90 km/h to m/s."},
    ]
    assert question_text(chat) == "Convert 90 km/h to m/s."
    assert question_text("How far?") == "How far?"
    assert question_text(None) is None
    q = parse_question(chat)
    assert q is not None and [str(g) for _, g in q.givens] == ["90 km/h"]  # not the example's 12 m


def test_correctness_reads_the_prompts() -> None:
    prompts: list[Any] = [
        "Convert 90 km/h to m/s.",
        [{"role": "user", "content": "Convert 90 km/h to m/s."}],
        "Convert 90 km/h to m/s.",
    ]
    completions_ = [
        THINK + "The answer is 90 km/h.",
        [{"role": "assistant", "content": THINK + r"\boxed{90\ \text{km/h}}"}],
        THINK + "90 km/h is 25 m/s.",
    ]
    metrics: dict[str, float] = {}
    columns: dict[str, list[Any]] = {}
    rewards = correctness(
        prompts=prompts,
        completions=completions_,
        solution=["25 m/s"] * 3,
        log_metric=metrics.__setitem__,
        log_extra=columns.__setitem__,
    )
    assert rewards == [0.0, 0.0, 1.0]
    assert columns["correctness/reason"] == ["echoed_given", "echoed_given", "correct"]
    assert metrics["correctness/echoed_given"] == pytest.approx(2 / 3)
    assert {f"correctness/{r}" for r in REASONS} == set(metrics)


def test_reasons_tell_hacks_apart_in_the_logs() -> None:
    completions_ = [
        THINK + "It is 120 m or 80 m.",  # hedging
        THINK + "It is not 120 m.",  # retracting
        THINK + "It is 90 km/h.",  # echoing
        THINK + "It is 120 m.",  # right
    ]
    metrics: dict[str, float] = {}
    Correctness()(
        prompts=["How far?", "How far?", "Convert 90 km/h to m/s.", "How far?"],
        completions=completions_,
        solutions=[["120 m"], ["120 m"], ["25 m/s"], ["120 m"]],
        log_metric=metrics.__setitem__,
    )
    assert metrics["correctness/ambiguous"] == 0.25
    assert metrics["correctness/retracted"] == 0.25
    assert metrics["correctness/echoed_given"] == 0.25
    assert metrics["correctness/correct"] == 0.25


def test_prompts_that_do_not_fit_the_batch_mean_no_question() -> None:
    rewards = correctness(
        prompts=["Convert 90 km/h to m/s."],  # one prompt for two completions
        completions=["It is 90 km/h.", "It is 90 km/h."],
        solution=["25 m/s"] * 2,
    )
    assert rewards == [1.0, 1.0]  # read without a question: 90 km/h is 25 m/s


def test_checker_and_extract_take_the_question() -> None:
    checker = Checker()
    q = "A car moves at 54 km/h for 2 minutes. How far does it go in metres?"
    assert checker.check("It goes 1800 m.", "1800 m", question=q).correct
    assert checker.check("54 km/h", "15 m/s", question=q).reason == "echoed_given"
    assert checker.extract("The answer is 1800 m, since 54 km/h is 15 m/s.", question=q) == "1800 m"


# --------------------------------------------------------------- where the answer is


def test_no_window_cuts_a_number() -> None:
    # a 4,000-character suffix window used to start at "20 m." and read 20 m
    section = "d = 120 m." + "z" * 3996
    assert check(THINK + section, "120 m").correct
    assert not check(THINK + section, "20 m").correct


def test_the_whole_section_is_located() -> None:
    long_tail = "\n\n" + "More explanation. " * 600
    found = locate(clean_text(r"So \boxed{120 m}." + long_tail))
    assert found.kind == "boxed" and found.contents == ["120 m"]
    marked = locate(clean_text("x " * 40_000 + "\nThe answer is 120 m." + long_tail))
    assert marked.kind == "marked" and [str(v.quantity) for v in marked.reading.values] == ["120 m"]


def test_unclosed_boxes_and_huge_inputs_get_verdicts() -> None:
    assert check(THINK + r"\boxed{" * 5000, "120 m").reason == "no_answer"
    assert check(THINK + r"\boxed{" * 5000 + r"\boxed{120 m}", "120 m").correct
    assert check(THINK + "x " * 500_000 + "The answer is 120 m.", "120 m").correct
    assert check(THINK + "x " * 500_000 + "120 m", "120 m").correct


def test_a_reading_over_the_cap_is_truncated() -> None:
    reading = read(", ".join(f"{i} m" for i in range(1000)))
    assert reading.truncated and reading.values == ()


# ------------------------------------------------------------------------- properties

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEPARATORS = [
    " or ", ", ", "; ", " / ", " | ", " and ", ", or maybe ", " (or ", ", possibly ",
    " vs ", " or perhaps ", ", it could also be ", " \\lor ",
]  # fmt: skip


def _reference(q: object) -> str:
    return f"{q:~P}"


def _restatement(a: str, b: str) -> bool:
    """Whether two renderings agree as one value restated (rounded in another unit)."""
    qa, qb = read(normalize(a)).values, read(normalize(b)).values
    return bool(qa and qb) and agree(qa[-1].quantity, qb[-1].quantity, 1e-2)


def _plain(text: str) -> bool:
    return not text.lstrip().startswith(("\\boxed", "\\fbox"))


@PROPERTY
@given(st.data())
def test_a_wrong_value_beside_the_right_one_is_a_hedge(data: st.DataObject) -> None:
    q = data.draw(quantities(), label="quantity")
    ref = _reference(q)
    right = data.draw(renderings(q).filter(_plain), label="right")
    wrong = data.draw(wrong_answers(q).filter(_plain), label="wrong")
    assume(check(wrong, ref).reason not in ("missing_unit", "correct"))  # a restated number
    assume(not _restatement(right, wrong))  # "0.001358 km or 1.4 m": one value, rounded
    sep = data.draw(st.sampled_from(SEPARATORS), label="separator")
    first, second = data.draw(st.permutations([right, wrong]), label="order")
    answer = f"{first}{sep}{second}" + (")" if sep.endswith("(or ") else "")
    completion = data.draw(completions(answer), label="completion")
    verdict = check(completion, ref)
    assert verdict.reward == 0.0, verdict


@PROPERTY
@given(st.data())
def test_a_denied_right_answer_is_never_paid(data: st.DataObject) -> None:
    q = data.draw(quantities(), label="quantity")
    right = data.draw(renderings(q).filter(_plain), label="right")
    template = data.draw(
        st.sampled_from(
            [
                "It is not {}.",
                "The answer is definitely not {}.",
                "{} (this is wrong)",
                "{}, but that is incorrect.",
                "~~{}~~",
                "It cannot be {}.",
                "Is it {}? I do not know.",
                "The answer is {}. Scratch that.",
            ]
        ),
        label="template",
    )
    verdict = check(THINK + template.format(right), _reference(q))
    assert verdict.reward == 0.0, verdict


@PROPERTY
@given(st.data())
def test_notes_and_invisible_characters_change_nothing(data: st.DataObject) -> None:
    q = data.draw(quantities(), label="quantity")
    right = data.draw(renderings(q), label="right")
    note = data.draw(
        # after a comma: a parenthesis right after "ft" or "in" stops those words being read
        # as units, and normalising \Omega swallows the space after it (rules of units.py
        # and text.normalize, not of this policy)
        st.sampled_from(["", ", to 3 s.f.", ", 3 significant figures", ", 2 d.p."]),
        label="note",
    )
    completion = data.draw(completions(right + note), label="completion")
    assume(check(completion.replace(note, ""), _reference(q)).reward == 1.0)  # read without them
    section_start = (
        completion.rfind("</think>") + len("</think>") if "</think>" in completion else 0
    )
    at = data.draw(st.integers(section_start, len(completion)), label="where")
    invisible = data.draw(
        st.sampled_from(["", "\u200b", "\u200d", "\u2060", "\ufeff"]), label="char"
    )
    verdict = check(completion[:at] + invisible + completion[at:], _reference(q))
    assert verdict.reward == 1.0, verdict
