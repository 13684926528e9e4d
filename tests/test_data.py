"""The bundled physics problems: determinism, splits, topics, units, and verified answers."""

from __future__ import annotations

import re
import subprocess
import sys

import pint
import pytest

import unitreward
from unitreward.data import (
    DEFAULT_SYSTEM_PROMPT,
    TOPICS,
    physics_problems,
    physics_records,
    to_prompts,
)
from unitreward.engine.errors import ConfigError

UREG = pint.UnitRegistry()
PINT = {"°C": "degC", "Ω": "ohm", "kΩ": "kiloohm", "kg·m/s": "kg*m/s", "N·s": "N*s"}


@pytest.fixture(scope="module")
def train() -> list[dict]:
    return physics_records(1500, seed=0)


@pytest.fixture(scope="module")
def test_split() -> list[dict]:
    return physics_records(200, seed=0, split="test")


def quantity(text: str) -> pint.Quantity:
    number, unit = text.split(" ", 1)
    return UREG.Quantity(float(number), PINT.get(unit, unit))


# --- reproducibility ---------------------------------------------------------


def test_same_seed_same_problems() -> None:
    assert physics_records(40, seed=7) == physics_records(40, seed=7)


def test_different_seeds_differ() -> None:
    a = {r["question"] for r in physics_records(40, seed=1)}
    b = {r["question"] for r in physics_records(40, seed=2)}
    assert len(a & b) < 5  # independent draws from a huge space


def test_prefix_is_stable(train: list[dict]) -> None:
    # Item i depends on (seed, i) only: asking for fewer gives the same first items.
    assert physics_records(25, seed=0) == train[:25]


def test_reproducible_in_a_fresh_interpreter() -> None:
    # No dependence on hash randomisation or process state.
    code = "from unitreward.data import physics_records as p; print(p(5, seed=3)[4]['question'])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == physics_records(5, seed=3)[4]["question"]


# --- splits and duplicates ------------------------------------------------------


def test_no_duplicates_within_a_split(train: list[dict], test_split: list[dict]) -> None:
    assert len({r["question"] for r in train}) == len(train)
    assert len({r["question"] for r in test_split}) == len(test_split)


def test_train_and_test_are_disjoint_across_seeds(test_split: list[dict]) -> None:
    train_questions = {r["question"] for seed in (0, 1) for r in physics_records(1000, seed=seed)}
    test_questions = {r["question"] for r in test_split}
    test_questions |= {r["question"] for r in physics_records(100, seed=1, split="test")}
    assert not train_questions & test_questions


def test_test_split_is_not_the_train_split(train: list[dict], test_split: list[dict]) -> None:
    assert test_split[0]["question"] not in {r["question"] for r in train}


# --- topics and units ------------------------------------------------------------


def test_at_least_ten_topics_all_present(train: list[dict]) -> None:
    assert len(TOPICS) >= 10
    for topic in (
        "kinematics",
        "forces",
        "energy and work",
        "power",
        "momentum",
        "heat and calorimetry",
        "ideal gas",
        "circuits",
        "waves and optics",
        "fluids and pressure",
    ):
        assert topic in TOPICS
    counts = {t: sum(r["topic"] == t for r in train) for t in TOPICS}
    # Topics are taken in turn; the hash split thins each one by the same ~10%.
    assert min(counts.values()) >= 0.8 * len(train) / len(TOPICS)


def test_topic_filter() -> None:
    rows = physics_records(30, topics=["circuits", "ideal gas"])
    assert {r["topic"] for r in rows} == {"circuits", "ideal gas"}
    assert physics_records(3, topics="power")[0]["topic"] == "power"


def test_givens_come_in_mixed_units(train: list[dict]) -> None:
    text = " ".join(r["question"] for r in train)
    for unit in ("km/h", "minutes", "kJ", "°C", "mA", "kΩ", "g ", "cm", "kPa", "L "):
        assert unit in text, unit


def test_answers_use_several_units(train: list[dict]) -> None:
    units = {r["unit"] for r in train}
    assert len(units) >= 25
    assert all(r["answer"].endswith(" " + r["unit"]) for r in train)


# --- answers ---------------------------------------------------------------------


def test_columns_and_canonical_answer_first(train: list[dict]) -> None:
    for row in train[:50]:
        assert sorted(row) == ["answer", "question", "solutions", "topic", "unit"]
        assert row["solutions"][0] == row["answer"]
        assert len(set(row["solutions"])) == len(row["solutions"])


def test_renderings_are_unit_conversions_of_one_value(train: list[dict]) -> None:
    for row in train:
        reference = quantity(row["answer"])
        for text in row["solutions"][1:]:
            value = quantity(text).to(reference.units).magnitude
            assert value == pytest.approx(reference.magnitude, rel=2e-3), (row, text)


def test_every_rendering_scores_one_against_the_answer(
    train: list[dict], test_split: list[dict]
) -> None:
    # The round trip through unitreward itself: every acceptable rendering is correct.
    failures = [
        (row["answer"], text, str(unitreward.check(text, row["answer"])))
        for row in train + test_split
        for text in row["solutions"]
        if unitreward.check(text, row["answer"]).reward != 1.0
    ]
    assert not failures, failures[:10]


def test_a_value_off_by_ten_percent_scores_zero(train: list[dict]) -> None:
    for row in train[:200]:
        number, unit = row["answer"].split(" ", 1)
        wrong = f"{float(number) * 1.1:.6g} {unit}"
        assert unitreward.check(wrong, row["solutions"]).reward == 0.0, row


def _number(pattern: str, text: str) -> list[float]:
    match = re.search(pattern, text)
    assert match, (pattern, text)
    return [float(g) for g in match.groups()]


def test_answers_match_hand_computed_physics() -> None:
    # Independent arithmetic (no pint) for three templates, from the numbers as printed.
    checked = 0
    for row in physics_records(400, seed=5):
        q = row["question"]
        if q.startswith("A car covers"):
            km, minutes = _number(r"covers ([\d.]+) km in ([\d.]+) minutes", q)
            expected = km * 1000 / (minutes * 60)  # m/s
            got = quantity(row["answer"]).to("m/s").magnitude
        elif q.startswith("How much heat is needed"):
            grams, t1, t2 = _number(r"warm ([\d.]+) g of water from ([\d.]+) °C to ([\d.]+) °C", q)
            expected = grams / 1000 * 4186 * (t2 - t1)  # J
            got = quantity(row["answer"]).to("J").magnitude
        elif q.startswith("Resistors of"):
            r1, r2, volts = _number(r"Resistors of ([\d.]+) Ω and ([\d.]+) Ω .* a ([\d.]+) V", q)
            expected = volts / (r1 + r2)  # A
            got = quantity(row["answer"]).to("A").magnitude
        else:
            continue
        assert got == pytest.approx(expected, rel=1e-3), row
        checked += 1
    assert checked >= 5


# --- options ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n": -1},  # negative count
        {"n": 2.5},  # not an int
        {"n": 3, "topics": ["astrology"]},  # unknown topic
        {"n": 3, "topics": []},  # no topic at all
        {"n": 3, "split": "validation"},  # unknown split
        {"n": 3, "seed": "0"},  # seed must be an int
    ],
)
def test_invalid_options_raise_config_error(kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        physics_records(**kwargs)


# --- datasets ----------------------------------------------------------------------


def test_physics_problems_is_a_dataset_of_the_same_rows() -> None:
    ds = physics_problems(12, seed=4)
    assert ds.column_names == ["question", "solutions", "answer", "topic", "unit"]
    assert ds.to_list() == physics_records(12, seed=4)
    assert len(physics_problems(0)) == 0


def test_to_prompts_adds_a_conversational_prompt() -> None:
    ds = to_prompts(physics_problems(3))
    first = ds[0]["prompt"]
    assert first[0] == {"role": "system", "content": DEFAULT_SYSTEM_PROMPT}
    assert first[1] == {"role": "user", "content": ds[0]["question"]}
    assert to_prompts(physics_problems(3), system_prompt=None)[0]["prompt"][0]["role"] == "user"
    assert "solutions" in ds.column_names  # the references stay for the rewards


def test_to_prompts_on_a_datasetdict_and_other_columns() -> None:
    import datasets

    dd = datasets.DatasetDict(
        {"train": datasets.Dataset.from_dict({"problem": ["How far?"], "solutions": [["3 m"]]})}
    )
    out = to_prompts(dd, system_prompt="", question_column="problem")
    assert out["train"][0]["prompt"] == [{"role": "user", "content": "How far?"}]
    with pytest.raises(ConfigError):
        to_prompts(dd)  # no 'question' column
    with pytest.raises(ConfigError):
        to_prompts(dd, question_column="problem", system_prompt=3)  # type: ignore[arg-type]


def test_import_needs_neither_torch_nor_datasets() -> None:
    code = (
        "import sys\n"
        "sys.modules['datasets'] = None\n"
        "sys.modules['torch'] = None\n"
        "import unitreward.data as d\n"
        "print(len(d.physics_records(3)))\n"
        "try:\n"
        "    d.physics_problems(3)\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "3"
    assert "pip install 'unitreward[train]'" in lines[1]
