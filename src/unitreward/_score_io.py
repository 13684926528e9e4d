"""Inputs and outputs of ``unitreward score``: rows, the output file, the summary, the plot.

Rows come from a JSON lines file (read as bytes, one row per line, malformed lines
reported with their numbers) or from a folder written by ``datasets``'
``save_to_disk``. The summary counts each verdict reason; the plot draws their
shares. Every problem with the command line's inputs raises :class:`UsageError`,
which the command turns into exit code 2.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from unitreward.engine.verdict import REASONS

#: Files smaller than this (bytes) or with fewer rows get no progress bar.
_PROGRESS_MIN_BYTES = 1 << 20
_PROGRESS_MIN_ROWS = 5000

_MALFORMED = "malformed"


class UsageError(Exception):
    """A problem with the command line or its inputs (exit code 2)."""


@dataclass
class Row:
    """One input row: where it came from, and its fields or what is wrong with it."""

    key: str  # "line" for JSON lines, "index" for a datasets folder
    number: int
    data: dict[str, Any] | None = None
    error: str | None = None


@dataclass
class Tally:
    """The rewards of the scored rows by verdict reason, and the count of malformed rows.

    >>> tally = Tally()
    >>> tally.add("correct", 1.0); tally.add("wrong_value", 0.0); tally.malformed += 1
    >>> print(summary(tally))
    reason                   count    share  mean reward
    correct                      1    33.3%        1.000
    wrong_value                  1    33.3%        0.000
    malformed                    1    33.3%            -
    total                        3   100.0%        0.500
    """

    rewards: dict[str, list[float]] = field(default_factory=dict)
    malformed: int = 0

    def add(self, reason: str, reward: float) -> None:
        """Count one scored row."""
        self.rewards.setdefault(reason, []).append(reward)


def _iter_jsonl(stream: IO[bytes]) -> Iterator[tuple[Row | None, int]]:
    """Rows of a JSON lines byte stream (``None`` for a blank line) and the bytes each took."""
    for number, raw in enumerate(stream, start=1):
        yield (_parse_line(number, raw) if raw.strip() else None), len(raw)


def _parse_line(number: int, raw: bytes) -> Row:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Row("line", number, error=f"not UTF-8 ({exc.reason})")
    except json.JSONDecodeError as exc:
        return Row("line", number, error=f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(data, dict):
        return Row("line", number, error=f"expected a JSON object, got {type(data).__name__}")
    return Row("line", number, data=data)


def _load_dataset(path: Path, split: str | None) -> Any:
    try:
        import datasets
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise UsageError(
            f"{path} is a folder, and reading it needs the 'datasets' package: "
            "pip install 'unitreward[train]'"
        ) from exc
    try:
        loaded = datasets.load_from_disk(str(path))
    except (FileNotFoundError, ValueError) as exc:
        raise UsageError(f"cannot load a dataset from {path}: {exc}") from exc
    if isinstance(loaded, datasets.DatasetDict):
        names = sorted(loaded)
        if split is None and len(names) == 1:
            split = names[0]
        if split not in loaded:
            raise UsageError(f"{path} holds the splits {', '.join(names)}: choose one with --split")
        loaded = loaded[split]
    elif split is not None:
        raise UsageError(f"{path} holds a single dataset; --split {split} does not apply")
    return loaded


def _is_messages(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(m, dict) for m in value)


#: The reference fields ``score`` reads when ``--solutions-field`` is not given, in order
#: (as :class:`unitreward.Correctness` reads its columns).
_DEFAULT_SOLUTIONS_FIELDS = ("solutions", "solution")


def _reference_strings(value: Any) -> list[str] | None:
    """A row's references as non-empty strings: a string, a number, or a list of them."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        value = [value]
    if not isinstance(value, list) or not value:
        return None
    refs: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            return None
        if isinstance(item, float) and not math.isfinite(item):
            return None
        text = item if isinstance(item, str) else str(item)
        if text.strip():
            refs.append(text)
    return refs or None


def row_fields(
    data: dict[str, Any], completion_field: str, solutions_field: str | None
) -> tuple[Any, list[str]] | str:
    """The completion and references of a row, or why the row is malformed.

    >>> row_fields({"completion": "It is 3 m.", "solution": 3}, "completion", None)
    ('It is 3 m.', ['3'])
    >>> row_fields({"text": "It is 3 m."}, "completion", None)
    "missing field 'completion' (fields: text)"
    """
    candidates = (solutions_field,) if solutions_field else _DEFAULT_SOLUTIONS_FIELDS
    found = next((name for name in candidates if name in data), None)
    if completion_field not in data or found is None:
        wanted = (
            repr(completion_field)
            if completion_field not in data
            else " or ".join(repr(name) for name in candidates)
        )
        present = ", ".join(sorted(map(str, data))) or "none"
        return f"missing field {wanted} (fields: {present})"
    completion = data[completion_field]
    if not (isinstance(completion, str) or _is_messages(completion)):
        return (
            f"field {completion_field!r} must be a string or a list of chat messages, "
            f"got {type(completion).__name__}"
        )
    refs = _reference_strings(data[found])
    if refs is None:
        shown = json.dumps(data[found], ensure_ascii=False, default=repr)[:60]
        return (
            f"field {found!r} must be a non-empty string, a number, or a non-empty list of "
            f"them, got {shown}"
        )
    return completion, refs


def _progress(total: int, unit: str, enabled: bool) -> Any:
    """A tqdm bar on stderr, or ``None`` when disabled, too small or tqdm is missing."""
    small = total < (_PROGRESS_MIN_BYTES if unit == "B" else _PROGRESS_MIN_ROWS)
    if not enabled or small:
        return None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return None
    return tqdm(
        total=total, unit=unit, unit_scale=unit == "B", file=sys.stderr, desc="scoring", leave=False
    )


def summary(tally: Tally) -> str:
    """The table of verdict reasons printed after scoring (see :class:`Tally`)."""
    scored = sum(len(v) for v in tally.rewards.values())
    total = scored + tally.malformed
    lines = [f"{'reason':<22}{'count':>8}{'share':>9}{'mean reward':>13}"]
    order = [r for r in REASONS if r in tally.rewards]
    order += sorted(r for r in tally.rewards if r not in REASONS)
    for reason in order:
        values = tally.rewards[reason]
        share = len(values) / total
        lines.append(
            f"{reason:<22}{len(values):>8}{share:>9.1%}{math.fsum(values) / len(values):>13.3f}"
        )
    if tally.malformed:
        lines.append(
            f"{_MALFORMED:<22}{tally.malformed:>8}{tally.malformed / total:>9.1%}{'-':>13}"
        )
    all_rewards = [r for v in tally.rewards.values() for r in v]
    mean = f"{math.fsum(all_rewards) / scored:.3f}" if scored else "-"
    lines.append(f"{'total':<22}{total:>8}{(1.0 if total else 0.0):>9.1%}{mean:>13}")
    return "\n".join(lines)


def pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend, or a usage error naming the extra to install."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise UsageError("--plot needs matplotlib: pip install 'unitreward[train]'") from exc
    return plt


def prepare_path(name: str, option: str) -> None:
    """Create the folder a file will be written into, or raise a usage error naming why not.

    Runs before any row is scored, so a bad ``-o``/``--plot`` path fails at once.
    """
    parent = Path(name).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"{option} {name}: cannot create the folder {parent}: {exc.strerror}"
        ) from exc
    if Path(name).is_dir():
        raise UsageError(f"{option} {name}: is a folder; give a file name")


def plot_reasons(tally: Tally, path: str) -> None:
    plt = pyplot()
    order = [r for r in REASONS if r in tally.rewards]
    order += sorted(r for r in tally.rewards if r not in REASONS)
    fig, ax = plt.subplots(figsize=(7, 4))
    if order:
        bins = [i / 20 for i in range(21)]
        ax.hist([tally.rewards[r] for r in order], bins=bins, stacked=True, label=order)
        ax.legend(title="reason", fontsize="small")
    ax.set_xlabel("reward")
    ax.set_ylabel("completions")
    ax.set_xlim(0, 1)
    ax.set_title("unitreward: reward distribution per reason")
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=120)
    except OSError as exc:
        raise UsageError(f"--plot {path}: cannot write: {exc.strerror or exc}") from exc
    finally:
        plt.close(fig)


def open_output(name: str | None) -> IO[str] | None:
    if name is None:
        return None
    if name == "-":
        return sys.stdout
    prepare_path(name, "--output")
    try:
        return open(name, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {name}: {exc.strerror}") from exc


def read_rows(args: argparse.Namespace) -> tuple[Iterator[tuple[Row | None, int]], Any, list[Any]]:
    """The input rows, a progress bar (or ``None``), and what to close afterwards."""
    enabled = not args.no_progress and sys.stderr.isatty()
    if args.path == "-":
        return _iter_jsonl(sys.stdin.buffer), None, []
    path = Path(args.path)
    if path.is_dir():
        dataset = _load_dataset(path, args.split)
        rows = ((Row("index", i, data=dict(example)), 1) for i, example in enumerate(dataset))
        return rows, _progress(len(dataset), "rows", enabled), []
    if args.split is not None:
        raise UsageError("--split applies to a datasets folder, not to a JSON lines file")
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise UsageError(f"cannot read {args.path}: {exc.strerror}") from exc
    size = os.fstat(stream.fileno()).st_size
    return _iter_jsonl(stream), _progress(size, "B", enabled), [stream]
