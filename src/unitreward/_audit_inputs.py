"""The audit's inputs: the reward function (from a dotted path or a file) and the problems.

A reward function is named as ``pkg.mod:func``, ``pkg.mod.func`` or
``path/to/file.py:func`` (an attribute path after the colon may be dotted:
``mod:obj.method``). Problems come from the bundled physics generator or from a
JSON lines / CSV file with ``solutions`` (a list, or in CSV a JSON list) or
``solution`` (a string), and optionally ``question`` or ``prompt`` (a string or
a list of chat messages). Every other column is passed to the reward function
as TRL passes dataset columns.
"""

from __future__ import annotations

import contextlib
import csv
import importlib
import importlib.util
import json
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unitreward.engine.errors import ConfigError

__all__ = ["Problem", "load_problems", "load_reward"]

#: Columns TRL gives the reward as its own arguments, never as dataset columns.
_NOT_COLUMNS = frozenset({"prompt", "completion", "completion_ids"})


# --------------------------------------------------------------------------- the reward


def _import_file(path: Path) -> Any:
    name = "_unitreward_audit_" + re.sub(r"\W", "_", str(path.with_suffix("")))
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ConfigError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pickling by reference and dataclasses need it
    folder = str(path.parent.resolve())
    if folder not in sys.path:
        sys.path.insert(0, folder)  # the file's own imports of its neighbours
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise ConfigError(f"importing {path} failed: {type(exc).__name__}: {exc}") from exc
    return module


def load_reward(spec: str) -> Callable[..., Any]:
    """The reward function named by ``spec``.

    ``pkg.mod:func``, ``pkg.mod.func``, or ``path/to/file.py:func``; the
    current directory is importable, as with ``python -m``.

    Raises:
        ConfigError: When the module cannot be imported, has no such
            attribute, or the attribute is not callable.

    >>> load_reward("unitreward.correctness").__name__
    'correctness'
    >>> load_reward("unitreward.rewards:think_format").__name__
    'think_format'
    """
    if not isinstance(spec, str) or not spec.strip():
        raise ConfigError(f"a reward function is named as MODULE:FUNCTION, got {spec!r}")
    spec = spec.strip()
    if ":" in spec and not re.match(r"^[A-Za-z]:[\\/]", spec):  # not a Windows drive
        where, _, attr = spec.rpartition(":")
    elif spec.endswith(".py"):
        raise ConfigError(f"name the function in the file: {spec}:FUNCTION")
    else:
        where, _, attr = spec.rpartition(".")
    if not where or not attr:
        raise ConfigError(f"a reward function is named as MODULE:FUNCTION, got {spec!r}")
    if where.endswith(".py") or "/" in where or "\\" in where:
        path = Path(where)
        if not path.is_file():
            raise ConfigError(f"no such file: {where}")
        module = _import_file(path)
    else:
        if "" not in sys.path and str(Path.cwd()) not in sys.path:
            sys.path.insert(0, str(Path.cwd()))
        try:
            module = importlib.import_module(where)
        except Exception as exc:
            raise ConfigError(f"cannot import {where!r}: {type(exc).__name__}: {exc}") from exc
    value: Any = module
    for part in attr.split("."):
        try:
            value = getattr(value, part)
        except AttributeError:
            raise ConfigError(f"{where!r} has no attribute {attr!r}") from None
    if not callable(value):
        raise ConfigError(f"{spec!r} is a {type(value).__name__}, not a callable reward function")
    return value  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- the problems


@dataclass(frozen=True)
class Problem:
    """One question and its references, as the audit passes them to a reward.

    Attributes:
        question: The question text (``None`` when the data has none).
        solutions: The acceptable references, the first one canonical.
        prompt: The row's ``prompt`` value as given (a string or chat messages),
            or ``None``.
        columns: The columns passed to the reward (``solution`` and
            ``solutions`` always among them).
        source: Where the row came from (``file.jsonl:3``, ``bundled #0``).
    """

    question: str | None
    solutions: tuple[str, ...]
    prompt: Any = None
    columns: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    def prompt_as(self, conversational: bool) -> Any:
        """The prompt TRL would pass: text, or chat messages."""
        if conversational:
            if isinstance(self.prompt, list):
                return self.prompt
            return [{"role": "user", "content": self.question or ""}]
        if isinstance(self.prompt, str):
            return self.prompt
        return self.question or ""


def _message_text(messages: Sequence[Any]) -> str | None:
    for message in reversed(messages):
        if isinstance(message, Mapping) and message.get("role") == "user":
            content = message.get("content")
            return content if isinstance(content, str) else None
    return None


def _solutions(row: Mapping[str, Any], csv_cells: bool) -> tuple[str, ...] | str:
    """The row's references, or why there are none."""
    if "solutions" in row:
        value = row["solutions"]
        if csv_cells and isinstance(value, str) and value.lstrip().startswith("["):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                return f"column 'solutions' is not a JSON list: {exc.msg}"
    elif "solution" in row:
        value = row["solution"]
    else:
        return "no 'solutions' or 'solution' column"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        value = str(value)
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        return f"references must be a non-empty string or list of strings, got {value!r}"[:120]
    return tuple(v.strip() for v in value)


def _problem(row: Mapping[str, Any], source: str, csv_cells: bool) -> Problem | str:
    solutions = _solutions(row, csv_cells)
    if isinstance(solutions, str):
        return solutions
    prompt = row.get("prompt")
    if csv_cells and isinstance(prompt, str) and prompt.lstrip().startswith("[{"):
        with contextlib.suppress(json.JSONDecodeError):
            prompt = json.loads(prompt)
    question = row.get("question")
    if not isinstance(question, str):
        question = (
            prompt
            if isinstance(prompt, str)
            else _message_text(prompt)
            if isinstance(prompt, list)
            else None
        )
    columns = {k: v for k, v in row.items() if k not in _NOT_COLUMNS}
    columns["solutions"] = list(solutions)
    columns.setdefault("solution", solutions[0])
    if not isinstance(columns["solution"], str):
        columns["solution"] = solutions[0]
    return Problem(question, solutions, prompt, columns, source)


def _read_rows(path: Path) -> list[tuple[str, Mapping[str, Any] | str]]:
    """``(source, row or error)`` for every row of a JSON lines or CSV file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    rows: list[tuple[str, Mapping[str, Any] | str]] = []
    if path.suffix.lower() == ".csv":
        for number, row in enumerate(csv.DictReader(text.splitlines()), start=2):
            rows.append((f"{path.name}:{number}", dict(row)))
        return rows
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((f"{path.name}:{number}", f"invalid JSON: {exc.msg}"))
            continue
        if not isinstance(data, dict):
            rows.append((f"{path.name}:{number}", "not a JSON object"))
            continue
        rows.append((f"{path.name}:{number}", data))
    return rows


def load_problems(
    data: str | Path | Sequence[Mapping[str, Any]] | None = None,
    *,
    n: int | None = 40,
    seed: int = 0,
) -> tuple[list[Problem], dict[str, str]]:
    """The problems to audit on, and the rows left out (``source -> why``).

    Args:
        data: ``None`` for the bundled physics problems
            (:func:`unitreward.data.physics_records`), a ``.jsonl`` or
            ``.csv`` path, or a sequence of row dicts.
        n: How many problems (the first ``n`` usable rows of a file); ``None``
            for all rows of a file (the bundled generator needs a number).
        seed: The bundled generator's seed.

    Raises:
        ConfigError: For an unreadable file, a bad ``n``, or no usable row.

    >>> problems, skipped = load_problems(None, n=2)
    >>> len(problems), problems[0].columns["solution"] == problems[0].solutions[0]
    (2, True)
    """
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
        raise ConfigError(f"the number of problems must be a positive int, got {n!r}")
    if data is None:
        from unitreward.data import physics_records

        records = physics_records(n or 40, seed=seed)
        rows: list[tuple[str, Mapping[str, Any] | str]] = [
            (f"bundled #{i}", r) for i, r in enumerate(records)
        ]
        csv_cells = False
    elif isinstance(data, (str, Path)):
        path = Path(data)
        if not path.is_file():
            raise ConfigError(f"no such data file: {data}")
        if path.suffix.lower() not in (".jsonl", ".json", ".csv"):
            raise ConfigError(f"data must be a .jsonl or .csv file, got {path.name}")
        rows = _read_rows(path)
        csv_cells = path.suffix.lower() == ".csv"
    else:
        rows = [
            (f"row {i}", r if isinstance(r, Mapping) else "not a dict") for i, r in enumerate(data)
        ]
        csv_cells = False
    problems: list[Problem] = []
    skipped: dict[str, str] = {}
    for source, row in rows:
        if n is not None and len(problems) >= n:
            break
        made = _problem(row, source, csv_cells) if not isinstance(row, str) else row
        if isinstance(made, str):
            skipped[source] = made
        else:
            problems.append(made)
    if not problems:
        reasons = "; ".join(f"{s}: {why}" for s, why in list(skipped.items())[:3])
        raise ConfigError(f"no usable problem in the data ({reasons or 'it is empty'})")
    return problems, skipped
