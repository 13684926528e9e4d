"""Tables for the answer engine: numbers, units, extraction, tolerance, hedging.

Each row is (reference, completion, expected reason); a comment says why.
"""

from __future__ import annotations

import math
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from unitreward import Checker, ConfigError, ParseError, UnitError, check, parse_quantity
from unitreward.engine.verdict import REASONS

# --------------------------------------------------------------------------- numbers

NUMBERS = [
    ("120", 120.0),  # integer
    ("-9.8", -9.8),  # ASCII minus
    ("−9.8", -9.8),  # unicode minus
    ("1,200", 1200.0),  # thousands separator
    ("384,000,000", 384e6),  # several groups
    ("1.2e3", 1200.0),  # e-notation
    ("1.2E-05", 1.2e-5),  # upper-case E, negative exponent
    (r"1.2 \times 10^{3}", 1200.0),  # LaTeX scientific
    ("1.2×10³", 1200.0),  # unicode times and superscript
    ("1.2·10^-3", 1.2e-3),  # middle dot, bare exponent
    ("7.5 x 10^14", 7.5e14),  # ASCII x
    ("1.6·10⁻¹⁹", 1.6e-19),  # unicode superscript minus
    ("10^{-9}", 1e-9),  # power of ten alone
    ("12 × 10⁴", 1.2e5),  # non-normalised mantissa
    (r"\frac{10}{3}", 10 / 3),  # LaTeX fraction
    (r"\dfrac{1}{3}", 1 / 3),  # display fraction
    (r"\frac13", 1 / 3),  # brace-less fraction
    (r"\sqrt{2}/2", math.sqrt(2) / 2),  # root over number
    (r"\frac{\sqrt{3}}{2}", math.sqrt(3) / 2),  # root inside fraction
    (r"2\pi", 2 * math.pi),  # implicit product with pi
    ("2π", 2 * math.pi),  # unicode pi
    (r"10\sqrt{3}", 10 * math.sqrt(3)),  # coefficient times root
    (r"\frac{\pi}{2}", math.pi / 2),  # pi over two
    ("3/4", 0.75),  # plain fraction
    ("25%", 0.25),  # percent is 0.01
    (r"25\%", 0.25),  # LaTeX percent
    ("60 percent", 0.6),  # word percent
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_numbers(text: str, value: float) -> None:
    q = parse_quantity(text)
    assert math.isclose(q.si_magnitude, value, rel_tol=1e-12)


# ----------------------------------------------------------------------------- units

UNITS = [
    ("120 m", "m", 120.0),  # symbol
    ("120 metres", "m", 120.0),  # British plural
    ("120 meters", "m", 120.0),  # American plural
    (r"120\text{ m}", "m", 120.0),  # \text
    (r"2.5\,\mathrm{m\,s^{-2}}", "m/s^2", 2.5),  # \mathrm with spacing and exponent
    (r"\SI{120}{\meter}", "m", 120.0),  # siunitx
    (r"\SI{3}{\kilo\meter\per\hour}", "km/h", 3.0),  # siunitx prefixes and \per
    (r"9.8\ \si{m/s^2}", "m/s^2", 9.8),  # \si
    (r"30^\circ", "degree", 30.0),  # degree
    (r"2.0\,\Omega", "ohm", 2.0),  # \Omega
    (r"3.0\,\mu\text{F}", "µF", 3.0),  # \mu prefix
    ("5 µC", "µC", 5.0),  # micro sign
    ("5 μC", "µC", 5.0),  # greek mu
    ("4.7 kΩ", "ohm", 4700.0),  # prefixed unicode ohm
    ("20 °C", "degC", 20.0),  # degree Celsius
    ("3 m²", "m^2", 3.0),  # unicode square
    ("3 s⁻¹", "Hz", 3.0),  # unicode inverse
    ("2 N·m", "J", 2.0),  # middle dot product
    ("2 m/s²", "m/s^2", 2.0),  # unicode exponent after division
    ("2 kg m/s^2", "N", 2.0),  # juxtaposition
    ("2 J/(kg·K)", "J/(kg K)", 2.0),  # parenthesised denominator
    ("54 km/h", "m/s", 15.0),  # km/h
    ("60 mph", "km/h", 96.56064),  # miles per hour
    ("2.5 meters per second squared", "m/s^2", 2.5),  # words
    ("12 newtons", "N", 12.0),  # plural name
    ("3 amps", "A", 3.0),  # colloquial
    ("1 kWh", "J", 3.6e6),  # energy
    ("2 eV", "J", 3.2043532e-19),  # electron-volt
    ("1 atm", "Pa", 101325.0),  # atmosphere
    ("20 degrees Celsius", "degC", 20.0),  # words for Celsius
    ("98.6 °F", "degC", 37.0),  # Fahrenheit with offset
]


@pytest.mark.parametrize(("text", "target", "value"), UNITS)
def test_units(text: str, target: str, value: float) -> None:
    assert math.isclose(parse_quantity(text).to(target).magnitude, value, rel_tol=1e-6)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("3 blorbs", UnitError),  # unknown unit, named in the message
        ("no number here", ParseError),  # nothing numeric
        ("1e999999 m", ParseError),  # overflow
        (r"10^{10^{10^{10}}}", ParseError),  # power tower refused
        ("3 m and more", ParseError),  # trailing prose
        ("", ParseError),  # empty
    ],
)
def test_parse_errors(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_quantity(text)


def test_unit_error_names_the_text() -> None:
    with pytest.raises(UnitError, match="blorbs"):
        parse_quantity("3 blorbs")


def test_parse_quantity_rejects_non_strings() -> None:
    with pytest.raises(ParseError, match="int"):
        parse_quantity(3)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- verdicts

VERDICTS = [
    # the tutorial's gap
    ("120 m", "<think>d = vt</think> The displacement is 0.12 km", "correct"),  # km for m
    ("120 m", r"<think>x</think> $1.2 \times 10^{2}\,\mathrm{m}$", "correct"),  # LaTeX sci
    ("120 m", r"<think>x</think> \boxed{120\text{ m}}", "correct"),  # boxed with \text
    ("120 m", "<think>x</think> It is 80 m or 120 m.", "ambiguous"),  # hedge
    ("5 kg", "<think>x</think> m = 5 g", "wrong_value"),  # math-verify's blind spot
    # answer section
    ("5 A", r"<think>I = 5 A, \boxed{5 A}</think>", "no_answer"),  # only in think block
    ("6 J", r"<think>W = 6 J. So \boxed{6 J}", "no_answer"),  # think never closes
    (
        "5 N",
        r"<think>a</think> \boxed{2 N} <think>b</think> \boxed{5 N}",
        "correct",
    ),  # last </think>
    # precedence
    (
        "0.25 kg",
        r"$\boxed{0.5\ \text{kg}}$ so the final answer is 0.25 kg",
        "wrong_value",
    ),  # boxed wins
    ("3.5 A", "<think>I = 3.5 A</think><answer>3.5 A</answer>", "correct"),  # answer tag
    ("40 N", "<answer>4.0 N</answer>", "wrong_value"),  # tag content is the answer
    ("15 J", "KE = 45 J before; after, the answer is 15 J.", "correct"),  # phrase beats fallback
    ("64 m", "s = 32 m... oops, s = 64 m.\n\nFinal answer: 64 m", "correct"),  # final answer marker
    ("15 Ω", "R = 10 Ω + 5 Ω = 15 Ω (final)", "correct"),  # (final) marker
    ("2.0 s", "t = d/v = 50 m / (25 m/s) = 2.0 s", "correct"),  # fallback: time quantity
    ("8.0 m", "The amplitude is 2.0 m, so it travels 8.0 m.\n\n**Answer:** 8.0 m", "correct"),
    # anti-hedging
    ("20 m", "d = 10 m. Wait, I forgot the return leg, so d = 20 m.", "ambiguous"),  # two values
    ("0.8 s", r"\boxed{0.8 s} \boxed{1.6 s}", "ambiguous"),  # disagreeing boxes
    ("2400 m", r"\boxed{2.4\ \text{km}} = \boxed{2400\ \text{m}}", "correct"),  # agreeing boxes
    ("450 m", "The plane travels 450 m (0.45 km).", "correct"),  # same value, two units
    ("90 Ω", "R = 30 Ω + 60 Ω = 90 Ω", "correct"),  # operands are working
    ("20 J", "The energy is between 15 J and 25 J.", "ambiguous"),  # a range
    ("40 N", "The answer is approximately 40 N, but it could also be 45 N.", "ambiguous"),
    ("9.8 m/s^2", r"\boxed{9.8 \text{ m/s}^2 \text{ or } 10 \text{ m/s}^2}", "ambiguous"),
    # tolerance
    ("2.67 m/s", "v = 2.7 m/s", "wrong_value"),  # 1.12% > 1%
    ("440 Hz", "f ≈ 436 Hz", "correct"),  # 0.91%
    ("100 kPa", r"\boxed{1\ \text{atm}}", "wrong_value"),  # 1.3%
    (r"\frac{5}{3} m", "v = 1.667 m", "correct"),  # exact reference
    ("1.57 s", r"\boxed{\frac{\pi}{2}\text{ s}}", "correct"),  # exact answer
    ("17.3 N", r"\boxed{10\sqrt{3}\,\text{N}}", "correct"),  # root times coefficient
    # units and dimensions
    ("15 m/s", r"\boxed{15\ \text{km/h}}", "wrong_value"),  # right number, wrong unit
    ("12 m/s", r"\boxed{12\ \text{m/s}^2}", "wrong_dimension"),  # acceleration for a speed
    ("4.7 kΩ", r"\boxed{4.7\ \Omega}", "wrong_value"),  # missing prefix
    ("9.8 m/s^2", r"\boxed{9.8}", "missing_unit"),  # bare number
    ("2.0 N", r"\boxed{2.0\ \text{kg·m·s}^{-2}}", "correct"),  # base units
    ("8.0 V", "V = W/q = 16 J / 2.0 C = 8.0 J/C", "correct"),  # J/C is V
    ("3.2e-19 J", r"\boxed{2.0\ \text{eV}}", "correct"),  # eV for J
    ("300 K", r"\boxed{26.85\ ^\circ\text{C}}", "correct"),  # Celsius offset
    ("273 K", r"\boxed{0\ ^\circ\text{F}}", "wrong_value"),  # Fahrenheit offset
    ("-40 °C", r"\boxed{−40\ ^\circ\text{F}}", "correct"),  # the crossing point
    ("30°", r"\boxed{0.524\ \text{rad}}", "correct"),  # angle units
    # dimensionless and percent
    ("0.25", r"\boxed{25\%}", "correct"),  # percent is 0.01
    ("0.75", r"\boxed{75}", "wrong_value"),  # a bare 75 is not 0.75
    ("40%", "η = 400 J / 1000 J = 0.40", "correct"),  # bare fraction for a percent
    ("0.2", "μ = 4.0 N / 20 N = 0.2 N", "wrong_dimension"),  # unit on a ratio
    # signs
    ("-3.2 m/s", "The final velocity is −3.2 m/s.", "correct"),  # unicode minus
    ("-9.8 m/s^2", r"\boxed{9.8\text{ m/s}^2}", "wrong_value"),  # sign dropped
    ("15 N", "The friction force is 15 N directed down the incline.", "correct"),  # direction
    # notation
    ("2.4e4 Pa", "Pressure: **24,000 Pa**", "correct"),  # thousands separator
    ("7.5e14 Hz", "Frequency = 7.5 x 10^14 Hz", "correct"),  # ASCII sci
    ("60 W", r"So the motor delivers \SI{60}{\watt}.", "correct"),  # siunitx
    ("0.75 m", "The focal length is 0.75 metres.", "correct"),  # British spelling
    ("2200 N", "\\boxed{\n  2.2 \\times 10^{3} \\text{ N}\n}", "correct"),  # newlines in box
    # no answer
    ("98 J", "Given: m = 2.0 kg, h = 5.0 m, g = 9.8 m/s².", "wrong_dimension"),  # givens only
    ("17 N", "We need to find the normal force on it.", "no_answer"),  # no value at all
    ("5 m", r"\boxed{B}", "unparseable_answer"),  # box without a quantity
    ("5 m", r"\boxed{10^{10^{10^{10}}}}", "unparseable_answer"),  # power tower
    ("2 m", r"$\boxed{2}$ m", "correct"),  # unit written after the box
    ("2 m", r"\boxed{2}\,\text{m}", "correct"),  # LaTeX unit after the box
    ("2 m", r"\boxed{2} and more", "missing_unit"),  # prose after the box is no unit
    ("4", "Step 1: count loops. Step 2: the number of antinodes is 4", "correct"),  # step labels
    ("4", "1. First we note the nodes.\n2. The count is 4", "correct"),  # list markers
    ("9.8 m/s^2", r"$g = 9.8\,\frac{\text{m}}{\text{s}^2}$", "correct"),  # unit as a fraction
    ("2 m/s", r"v = 2 \text{ m} \cdot \text{s}^{-1}", "correct"),  # spaced product of units
    ("0 °C", "T = 32 °F", "correct"),  # zero reference, float slack only
    ("0 °C", "T = 273 K", "correct"),  # 1% of an absolute temperature (273.15 K), not of 0
    ("0 °C", "T = 260 K", "wrong_value"),  # -13 °C is 4.8% of 273 K away
    ("5 N", "Final answer: 5 N. Hmm, maybe it's 4 N.", "ambiguous"),  # hedged marked region
    ("1e10", r"\boxed{(10^{10})!}", "unparseable_answer"),  # factorial after brackets
    ("120 m", r"\boxed{120\ \mathrm{m^{10^{10}}}}", "unparseable_answer"),  # tower on a unit
    ("1024", r"\boxed{2^{10}}", "correct"),  # small integer power
    ("16", "x = 4²", "correct"),  # superscript power
    ("120 m", "The distance is 120 blorbs.", "unparseable_answer"),  # invented unit
    ("-5 N", "F = - 5 N", "correct"),  # sign written apart
    ("10 m/s", "The speed is 10 m/s (36 km/h or 22 mph).", "correct"),  # rounded restatements
    ("1400 m", "It is 1 km or 1400 m.", "ambiguous"),  # a 1-digit value is no restatement
    ("10 m/s^2", "a = 9.8 m/s² or 10 m/s²", "ambiguous"),  # same unit: no rounding slack
    # references
    ("about five blorbs", "5 m", "unparseable_reference"),  # a phrase is no reference we check
]


@pytest.mark.parametrize(("reference", "completion", "reason"), VERDICTS)
def test_verdicts(reference: str, completion: str, reason: str) -> None:
    verdict = check(completion, reference)
    assert verdict.reason == reason, str(verdict)
    assert verdict.reward == (1.0 if reason == "correct" else 0.0)


def test_several_references_any_matches() -> None:
    refs = ["120 m", "120.0 m", "120 meters", "120m", "120.0 meters"]
    assert check(r"\boxed{0.12\ \text{km}}", refs).reward == 1.0
    v = check("1.2 m", ["bad ref", "1.2 m"])
    assert v.correct and v.expected == "1.2 m"


def test_chat_messages_and_reasoning_content() -> None:
    msgs = [{"role": "assistant", "content": "F = 2.0 N"}]
    assert check(msgs, "2.0 N").correct
    moved = [{"role": "assistant", "reasoning_content": "F = 3 N?", "content": "F = 2.0 N"}]
    assert check(moved, "2.0 N").correct
    truncated = [{"role": "assistant", "content": "<think>F = 2.0 N"}]
    assert check(truncated, "2.0 N").reason == "no_answer"


def test_verdict_explains_itself() -> None:
    v = check("<think>x</think> The displacement is 0.12 km", "120 m")
    assert v.answer == "0.12 km" and v.expected == "120 m" and v.dimension_ok
    assert "0.12 km" in str(v) and "120" in str(v)
    assert set(v.to_dict()) >= {"reward", "reason", "answer", "expected", "detail"}
    assert check("3 s", "3 m").dimension_ok is False


# --------------------------------------------------------------------------- options


def test_rel_tol_and_abs_tol() -> None:
    assert check("2.6 m/s", "2.5 m/s").reward == 0.0
    assert check("2.6 m/s", "2.5 m/s", rel_tol=0.05).reward == 1.0
    assert check("0.004 N", "0 N").reward == 0.0
    assert check("0.004 N", "0 N", abs_tol=0.005).reward == 1.0
    assert check("0.4 cm", "0 m", abs_tol="1 cm").reward == 1.0
    assert check("2 cm", "0 m", abs_tol="1 cm").reward == 0.0


def test_sig_figs() -> None:
    # half a unit in the last significant digit of the reference
    assert check("2.674 m", "2.67 m", sig_figs=True, rel_tol=0.0).reward == 1.0
    assert check("2.676 m", "2.67 m", sig_figs=True, rel_tol=0.0).reward == 0.0
    # every written digit counts, trailing zeros included, as lambda-feedback's graders
    # read them: 120 is 119.5..120.5 (the strict reading of an ambiguous 120)
    assert check("120.4 m", "120 m", sig_figs=True).reward == 1.0
    assert check("124 m", "120 m", sig_figs=True).reward == 0.0
    assert check("99.4 N", "100 N", sig_figs=True).reward == 0.0
    assert check("9.96e11 N", "100*10**10 N", sig_figs=True).reward == 1.0  # 100 x 10^10


def test_unitless_credit_never_pays_an_invented_unit() -> None:
    assert check("x = 120 blorbs", "120 m", unitless_credit=1.0).reward == 0.0
    assert check("x = 120", "120 m", unitless_credit=1.0).reward == 1.0


def test_unitless_credit() -> None:
    assert check(r"\boxed{9.8}", "9.8 m/s^2").reward == 0.0
    v = check(r"\boxed{9.8}", "9.8 m/s^2", unitless_credit=1.0)
    assert v.reward == 1.0 and v.reason == "missing_unit"
    assert check(r"\boxed{7}", "9.8 m/s^2", unitless_credit=1.0).reward == 0.0


@pytest.mark.parametrize(
    "options",
    [
        {"rel_tol": -1},
        {"rel_tol": float("nan")},
        {"rel_tol": "1%"},
        {"abs_tol": -0.1},
        {"abs_tol": "3 blorbs"},
        {"sig_figs": "yes"},
        {"unitless_credit": 1.5},
        {"unitless_credit": True},
    ],
)
def test_options_are_validated(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        Checker(**options)  # type: ignore[arg-type]


def test_options_are_keyword_only_in_check() -> None:
    with pytest.raises(TypeError):
        Checker(0.1)  # type: ignore[misc]


# ------------------------------------------------------------------------ robustness

ODD_INPUTS = [
    None,
    123,
    [],
    [{"role": "assistant"}],
    [{"role": "assistant", "content": None}],
    [{"content": [{"type": "text", "text": "5 m"}]}],
    "",
    "\x00\xff" * 100,
    "{" * 10_000 + "1 m" + "}" * 10_000,
    "1 m " * 250_000,
    r"\boxed{" * 5_000,
    "nan m",
    "inf J",
]


@pytest.mark.parametrize("completion", ODD_INPUTS, ids=lambda c: repr(c)[:30])
def test_never_raises(completion: object) -> None:
    v = check(completion, "5 m")
    assert v.reason in REASONS
    assert 0.0 <= v.reward <= 1.0


def test_checker_pickles_and_threads_agree() -> None:
    checker = Checker(rel_tol=0.02, abs_tol="1 mm")
    clone = pickle.loads(pickle.dumps(checker))
    assert clone == checker
    cases = [(c, r) for r, c, _ in VERDICTS]
    main = [checker.check(c, r) for c, r in cases]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda cr: clone.check(*cr), cases))
    assert threaded == main


def test_import_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, unitreward; "
        "print(all(m not in sys.modules for m in ('pint', 'sympy', 'torch', 'trl')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_prefilled_think_needs_a_closing_tag() -> None:
    truncated = "d = v t = 4 m/s × 30 s = 120 m. So the car travels"
    closed = "d = v t = 120 m\n</think>\nThe car travels 0.12 km."
    assert check(truncated, "120 m").reward == 1.0  # without the option it reads as an answer
    v = check(truncated, "120 m", prefilled=True)
    assert (v.reward, v.reason) == (0.0, "no_answer")
    assert check(closed, "120 m", prefilled=True).correct
