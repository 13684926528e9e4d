"""unitreward.strategies: arguments are validated when built, draws are what the
docstrings claim, shrinking reaches the documented targets, and everything is
deterministic under hypothesis' seed."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import textwrap
from decimal import Decimal

import pint
import pytest
from hypothesis import HealthCheck, Phase, find, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import unitreward
from unitreward.strategies import (
    DIMENSIONS,
    completions,
    quantities,
    renderings,
    reward_inputs,
    wrong_answers,
)

UREG = pint.UnitRegistry()
FIND = settings(
    database=None,
    derandomize=True,  # find() is deterministic: no flaky "no such example"
    max_examples=2000,
    phases=[Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
FAST = settings(max_examples=100, deadline=None, database=None)


# -- arguments are validated when the strategy is built ----------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"dimensions": "furlongs"},  # unknown dimension name
        {"dimensions": []},  # nothing to draw from
        {"dimensions": ["length", "nope"]},  # one unknown among known ones
        {"min_magnitude": 0},  # zero has no relative tolerance
        {"min_magnitude": -1.0},  # magnitudes are absolute values
        {"max_magnitude": math.inf},  # must be finite
        {"min_magnitude": math.nan},  # not a number
        {"min_magnitude": 10, "max_magnitude": 1},  # empty range
        {"min_magnitude": True},  # bools are not numbers here
        {"max_magnitude": "1e3"},  # strings neither
    ],
)
def test_quantities_rejects_bad_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        quantities(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("quantity", "kwargs"),
    [
        ("120 m", {}),  # a string is not a quantity
        (120, {}),  # neither is a bare number
        (UREG.Quantity(math.nan, "m"), {}),  # non-finite magnitude
        (UREG.Quantity(math.inf, "J"), {}),  # non-finite magnitude
        (UREG.Quantity(3, "candela"), {}),  # a dimension no strategy spells
        (UREG.Quantity(1.5, "radian"), {}),  # pint calls it dimensionless; 150 % it is not
        (UREG.Quantity(3, "m"), {"rel_tol": 0}),  # exact rounding is impossible
        (UREG.Quantity(3, "m"), {"rel_tol": -0.1}),
        (UREG.Quantity(3, "m"), {"rel_tol": 0.9}),  # not a rounding any more
        (UREG.Quantity(3, "m"), {"rel_tol": "small"}),
    ],
)
def test_renderings_rejects_bad_arguments(quantity: object, kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        renderings(quantity, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("quantity", "rel_tol"),
    [
        ("120 m", 1e-2),  # a string is not a quantity
        (UREG.Quantity(3, "m"), -1e-3),  # negative tolerance
        (UREG.Quantity(3, "m"), 0.5),  # too loose to say what is wrong
        (UREG.Quantity(3, "m"), None),
    ],
)
def test_wrong_answers_rejects_bad_arguments(quantity: object, rel_tol: object) -> None:
    with pytest.raises(InvalidArgument):
        wrong_answers(quantity, rel_tol=rel_tol)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answer", "think"),
    [(3, True), (None, True), ("3 m", "yes"), ("3 m", 1)],
)
def test_completions_rejects_bad_arguments(answer: object, think: object) -> None:
    with pytest.raises(InvalidArgument):
        completions(answer, think=think)  # type: ignore[arg-type]


def test_importing_without_hypothesis_gives_an_install_hint() -> None:
    code = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "hypothesis" or name.startswith("hypothesis."):
                    raise ImportError("No module named " + repr(name))
        sys.meta_path.insert(0, Block())
        try:
            import unitreward.strategies
        except ImportError as e:
            print(e)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "pip install 'unitreward[hypothesis]'" in out


# -- draws are what the docstrings claim --------------------------------------


@FAST
@given(quantities(dimensions=["length", "temperature", "time"], min_magnitude=2, max_magnitude=50))
def test_quantities_respect_dimensions_and_bounds(q: pint.Quantity) -> None:
    assert 2 <= abs(q.magnitude) <= 50
    assert any(q.check(d) for d in ("[length]", "[temperature]", "[time]"))
    if q.check("[time]") or str(q.units) == "kelvin":
        assert q.magnitude > 0  # durations and absolute temperatures are never negative


@FAST
@given(quantities())
def test_quantities_have_readable_magnitudes(q: pint.Quantity) -> None:
    digits = Decimal(repr(abs(q.magnitude))).normalize().as_tuple().digits
    assert len(digits) <= 4  # one to four significant digits
    assert math.isfinite(q.magnitude) and q.magnitude != 0


def test_every_dimension_is_drawable() -> None:
    for name in DIMENSIONS:
        q = find(quantities(dimensions=name), lambda _: True, settings=FIND)
        assert q.magnitude == 1.0, name


@FAST
@given(st.data())
def test_renderings_round_within_rel_tol(data: st.DataObject) -> None:
    # Read back with the engine's parser (dimensions whose units it reads).
    q = data.draw(quantities(dimensions=["energy", "pressure", "temperature", "power"]))
    rel_tol = data.draw(st.sampled_from([1e-1, 1e-2, 1e-3, 1e-6]))
    text = data.draw(renderings(q, rel_tol=rel_tol))
    assert text.count("{") == text.count("}")  # balanced LaTeX braces
    inner = text.removeprefix("\\boxed{").removesuffix("}") if text.startswith("\\boxed{") else text
    value = unitreward.parse_quantity(inner).to_pint().to(q.units).magnitude
    assert abs(value - q.magnitude) <= rel_tol * abs(q.magnitude) * (1 + 1e-9)


@FAST
@given(renderings(UREG.Quantity(0, "degC")), wrong_answers(UREG.Quantity(0, "m")))
def test_zero_has_no_offset_conversions_and_no_prefix_swaps(right: str, wrong: str) -> None:
    # 0 °C is 32 °F only up to float noise, and 0 km is 0 m: neither may be drawn.
    assert not any(unit in right for unit in ("F", "K", "kelvin"))
    assert wrong.removeprefix("\\boxed{").rstrip("}") not in {
        "0 km",
        "0 cm",
        "0 mm",
        "0 µm",
        "0 nm",
    }


def test_renderings_cover_the_notations() -> None:
    q = UREG.Quantity(120, "m")
    wanted = {
        "converted": lambda s: "km" in s,
        "imperial": lambda s: "ft" in s or "mi" in s,
        "latex times": lambda s: r"\times 10^" in s,
        "unicode superscript": lambda s: "×10" in s and any(c in s for c in "⁰¹²³⁴⁵⁶⁷⁸⁹"),
        "e notation": lambda s: (
            "e" in s.replace("meter", "").replace("metre", "")
            and any(c.isdigit() for c in s.split("e")[-1][:2])
        ),
        "mathrm": lambda s: r"\mathrm{" in s,
        "siunitx": lambda s: r"\SI{" in s,
        "british name": lambda s: "metres" in s,
        "boxed": lambda s: s.startswith(r"\boxed{"),
    }
    for what, predicate in wanted.items():
        found = find(renderings(q), predicate, settings=FIND)
        assert predicate(found), what


def _other_dimension(text: str) -> bool:
    """``120 <unit>`` where pint reads the unit and it is not a length."""
    match = re.fullmatch(r"120 ([\w/^ ]+)", text)
    if match is None:
        return False
    try:
        return not UREG.Quantity(1, match[1].replace("^", "**")).check("[length]")
    except Exception:
        return False


def test_wrong_answers_cover_every_kind() -> None:
    q = UREG.Quantity(120, "m")
    kinds = {
        "hedged": lambda s: " or " in s,
        "sign": lambda s: s.lstrip(r"\boxed{").startswith(("-", "−")),
        "missing unit": lambda s: s.replace(".", "").isdigit(),
        "wrong dimension": _other_dimension,
        "wrong prefix": lambda s: re.fullmatch("120 (km|cm|mm|µm|nm)", s) is not None,
    }
    for what, predicate in kinds.items():
        assert predicate(find(wrong_answers(q), predicate, settings=FIND)), what


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_reward_inputs_reach_long_and_hostile_text() -> None:
    assert len(find(reward_inputs(), lambda s: len(s) > 100_000, settings=FIND)) <= 200_000
    assert "{" * 10_000 in find(
        reward_inputs(), lambda s: s.startswith("{" * 10_000), settings=FIND
    )
    assert find(reward_inputs(), lambda s: "\x00" in s, settings=FIND)


@FAST
@given(completions(st.sampled_from(["0.12 km", r"\boxed{120 m}", "120 m or 150 m"])))
def test_completions_close_the_think_block_and_box_once(text: str) -> None:
    assert text.startswith("<think>\n") and text.count("</think>") == 1
    section = text.split("</think>")[1]  # the think block may box tempting wrong answers
    assert section.count(r"\boxed{") <= 1 and r"\boxed{\boxed" not in text


@FAST
@given(completions("0.12 km", think=False))
def test_completions_without_think(text: str) -> None:
    assert "<think>" not in text and "0.12 km" in text


# -- shrinking reaches the documented targets ---------------------------------


def test_shrink_targets() -> None:
    q = UREG.Quantity(120, "m")
    assert find(quantities(), lambda _: True, settings=FIND) == UREG.Quantity(1, "m")
    assert find(renderings(q), lambda _: True, settings=FIND) == "120 m"
    assert find(renderings(q), lambda s: "km" in s, settings=FIND) == "0.12 km"
    assert find(wrong_answers(q), lambda _: True, settings=FIND) == "123.6 m"
    assert (
        find(completions("120 m"), lambda _: True, settings=FIND)
        == "<think>\n\n</think>\n\nThe answer is 120 m."
    )
    assert find(completions("120 m", think=False), lambda _: True, settings=FIND) == (
        "The answer is 120 m."
    )
    assert find(reward_inputs(), lambda _: True, settings=FIND) == ""


# -- deterministic under hypothesis' seed --------------------------------------


def _collect(strategy: st.SearchStrategy[object]) -> list[str]:
    seen: list[str] = []

    @seed(20261125)
    @settings(max_examples=30, database=None, deadline=None)
    @given(strategy)
    def record(value: object) -> None:
        seen.append(repr(value))

    record()
    return seen


@pytest.mark.parametrize(
    "make",
    [
        lambda: quantities(),
        lambda: renderings(UREG.Quantity(-9.81, "m/s^2")),
        lambda: wrong_answers(UREG.Quantity(20, "degC")),
        lambda: completions("0.12 km"),
        lambda: reward_inputs().map(len),
    ],
)
def test_same_seed_same_examples(make: object) -> None:
    assert _collect(make()) == _collect(make())  # type: ignore[operator]


# -- type inference through the hypothesis entry point -------------------------


@FAST
@given(st.from_type(unitreward.Quantity))
def test_from_type_draws_engine_quantities(q: unitreward.Quantity) -> None:
    assert isinstance(q, unitreward.Quantity)
    assert math.isfinite(q.magnitude) and q.magnitude != 0


def test_renderings_accept_engine_quantities() -> None:
    q = unitreward.parse_quantity("54 km/h")
    assert find(renderings(q), lambda _: True, settings=FIND) == "54 km/h"
    assert find(renderings(q), lambda s: "m/s" in s and "k" not in s, settings=FIND) == "15 m/s"
