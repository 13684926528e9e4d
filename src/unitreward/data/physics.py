"""Procedural, verifiable physics word problems with answers computed by pint.

Every problem gives its quantities in mixed units (km/h, minutes, kJ, °C, mA,
...), so a model has to convert before it can answer, and every answer is
computed with pint from the rounded values printed in the question. A problem
is a pure function of ``(seed, index)``; the train/test split is a fixed
property of the question text (a hash), so the two splits never share a
question, for any seed, and neither split repeats one.

>>> from unitreward.data.physics import physics_records
>>> row = physics_records(1, seed=0)[0]
>>> sorted(row)
['answer', 'question', 'solutions', 'topic', 'unit']
>>> row["answer"] == row["solutions"][0]
True
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from unitreward.data._templates import PINT_UNITS, TEMPLATES, Draw, fmt
from unitreward.engine.errors import ConfigError

if TYPE_CHECKING:
    pass

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "SPLITS",
    "TOPICS",
    "physics_problems",
    "physics_records",
    "to_prompts",
]

#: The topics :func:`physics_problems` draws from, in round-robin order.
TOPICS: tuple[str, ...] = (
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
)

#: The splits: a question belongs to ``"test"`` when its hash falls in the test share.
SPLITS: tuple[str, ...] = ("train", "test")

#: The system message :func:`to_prompts` adds by default.
DEFAULT_SYSTEM_PROMPT = (
    "Solve the physics problem. Think step by step inside <think> </think> tags, "
    "then state the final answer with its unit, for example: The answer is \\boxed{12 m}."
)

_TEST_SHARE = 10  # one question in _TEST_SHARE goes to "test"
_ANSWER_SIG = 4  # significant figures of every rendering in `solutions`
_MIN_MAG, _MAX_MAG = 1e-3, 1e6  # renderings outside this range are dropped


_INSTALL_HINT = (
    "unitreward.data.physics_problems needs the 'datasets' package: pip install 'unitreward[train]'"
)


def _render(value: Any, unit: str) -> str | None:
    """``value`` in the display unit ``unit``, or ``None`` when out of a readable range."""
    magnitude = float(value.to(PINT_UNITS.get(unit, unit)).magnitude)
    if not _MIN_MAG <= abs(magnitude) < _MAX_MAG:
        return None
    sig = _ANSWER_SIG + 1 if unit == "K" else _ANSWER_SIG
    return f"{fmt(magnitude, sig)} {unit}"


def _split_of(question: str) -> str:
    digest = hashlib.sha256(question.encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:8], "big") % _TEST_SHARE == 0 else "train"


def _candidate(seed: int, index: int, topics: Sequence[str]) -> dict[str, Any]:
    """Candidate problem ``index`` of the stream for ``seed``: a pure function of its arguments."""
    rng = random.Random(f"unitreward.physics:{seed}:{index}")
    topic = topics[index % len(topics)]
    template = rng.choice(TEMPLATES[topic])
    problem = template(Draw(rng))
    units = [u for u in problem.units if _render(problem.value, u) is not None]
    if rng.random() < 0.5 and len(units) > 1:
        # Ask for a particular unit in about half the questions; that unit is then canonical.
        asked = rng.choice(units)
        units.remove(asked)
        units.insert(0, asked)
        question = f"{problem.question} Give the answer in {asked}."
    else:
        question = problem.question
    solutions = [text for u in units if (text := _render(problem.value, u)) is not None]
    return {
        "question": question,
        "solutions": solutions,
        "answer": solutions[0],
        "topic": topic,
        "unit": units[0],
    }


def _check_options(n: int, seed: int, topics: Iterable[str] | None, split: str) -> tuple[str, ...]:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ConfigError(f"n must be an int >= 0, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ConfigError(f"seed must be an int, got {seed!r}")
    if split not in SPLITS:
        raise ConfigError(f"split must be one of {SPLITS}, got {split!r}")
    if topics is None:
        return TOPICS
    if isinstance(topics, str):
        topics = [topics]
    chosen = tuple(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in TEMPLATES]
    if unknown or not chosen:
        raise ConfigError(f"topics must be a non-empty subset of {TOPICS}, got {list(topics)!r}")
    return chosen


def physics_records(
    n: int,
    *,
    seed: int = 0,
    topics: Iterable[str] | None = None,
    split: str = "train",
) -> list[dict[str, Any]]:
    """``n`` physics problems as plain dicts (no ``datasets`` needed).

    The same problems, in the same order, as :func:`physics_problems`.

    Args:
        n: How many problems.
        seed: Selects the stream of problems; the same seed gives the same problems.
        topics: A subset of :data:`TOPICS` (default: all), taken in turn.
        split: ``"train"`` or ``"test"``; the two never share a question.

    Returns:
        A list of dicts with keys ``question``, ``solutions``, ``answer``, ``topic``, ``unit``.

    Raises:
        ConfigError: For a negative ``n``, an unknown topic or split.

    >>> rows = physics_records(3, seed=1, topics=["circuits"])
    >>> [r["topic"] for r in rows]
    ['circuits', 'circuits', 'circuits']
    >>> rows == physics_records(3, seed=1, topics=["circuits"])
    True
    """
    chosen = _check_options(n, seed, topics, split)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    index = 0
    limit = 100 * n + 1000
    while len(rows) < n:
        if index >= limit:  # pragma: no cover - the template space is far larger than this
            raise ConfigError(f"could not draw {n} distinct {split} problems for topics {chosen}")
        row = _candidate(seed, index, chosen)
        index += 1
        question = row["question"]
        if question in seen or _split_of(question) != split:
            continue
        seen.add(question)
        rows.append(row)
    return rows


def physics_problems(
    n: int,
    *,
    seed: int = 0,
    topics: Iterable[str] | None = None,
    split: str = "train",
) -> Any:
    """``n`` procedurally generated, verifiable physics problems as a ``datasets.Dataset``.

    Columns: ``question`` (givens in mixed units), ``solutions`` (acceptable
    renderings of the answer in several units, the canonical one first; what
    :data:`unitreward.correctness` reads), ``answer`` (canonical rendering),
    ``topic`` and ``unit`` (the canonical unit). Each answer is computed with
    pint from the values exactly as printed, to 4 significant figures.

    Problems are reproducible from ``(seed, index)``; a split never repeats a
    question, and a question's split is fixed by its text, so ``"train"`` and
    ``"test"`` are disjoint for every seed.

    Args:
        n: How many problems.
        seed: Selects the stream of problems.
        topics: A subset of :data:`TOPICS` (default: all ten), taken in turn.
        split: ``"train"`` or ``"test"``.

    Returns:
        A ``datasets.Dataset`` with ``n`` rows.

    Raises:
        ConfigError: For a negative ``n``, an unknown topic or split.
        ImportError: When ``datasets`` is not installed (``pip install 'unitreward[train]'``).

    >>> ds = physics_problems(20, seed=0)
    >>> ds.column_names
    ['question', 'solutions', 'answer', 'topic', 'unit']
    >>> len(set(ds["topic"]))
    10
    """
    rows = physics_records(n, seed=seed, topics=topics, split=split)
    try:
        import datasets
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(_INSTALL_HINT) from e
    features = datasets.Features(
        {
            "question": datasets.Value("string"),
            "solutions": datasets.Sequence(datasets.Value("string")),
            "answer": datasets.Value("string"),
            "topic": datasets.Value("string"),
            "unit": datasets.Value("string"),
        }
    )
    columns = {name: [row[name] for row in rows] for name in features}
    return datasets.Dataset.from_dict(columns, features=features)


class _ToPrompt:
    """Picklable ``map`` function (``datasets`` fingerprints and may pickle it)."""

    def __init__(self, system_prompt: str | None, question_column: str) -> None:
        self.system_prompt = system_prompt
        self.question_column = question_column

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        messages = []
        if self.system_prompt:
            messages.append({"role": "system", "content": self.system_prompt})
        messages.append({"role": "user", "content": row[self.question_column]})
        return {"prompt": messages}


def to_prompts(
    dataset: Any,
    *,
    system_prompt: str | None = DEFAULT_SYSTEM_PROMPT,
    question_column: str = "question",
) -> Any:
    """Add the conversational ``prompt`` column GRPO needs from the ``question`` column.

    Works on any ``datasets.Dataset`` or ``DatasetDict`` with a question
    column: the bundled problems or ``qgallouedec/rick-physics-grpo``.

    Args:
        dataset: A ``datasets.Dataset`` or ``DatasetDict``.
        system_prompt: The system message; ``None`` or ``""`` for none (the
            user message alone, as in the GRPO physics tutorial).
        question_column: The column holding the question text.

    Returns:
        The dataset with a ``prompt`` column: ``[{"role": "system", ...}, {"role": "user", ...}]``.

    Raises:
        ConfigError: When ``system_prompt`` is not a string or ``None``, or the
            question column is missing.

    >>> ds = to_prompts(physics_problems(2), system_prompt=None)
    >>> ds[0]["prompt"][0]["role"], ds[0]["prompt"][0]["content"] == ds[0]["question"]
    ('user', True)
    """
    if system_prompt is not None and not isinstance(system_prompt, str):
        raise ConfigError(f"system_prompt must be a str or None, got {system_prompt!r}")
    names = dataset.column_names
    columns = (
        {c for cols in names.values() for c in cols} if isinstance(names, dict) else set(names)
    )
    if question_column not in columns:
        raise ConfigError(
            f"no column {question_column!r} in the dataset (columns: {sorted(columns)})"
        )
    return dataset.map(_ToPrompt(system_prompt, question_column))
