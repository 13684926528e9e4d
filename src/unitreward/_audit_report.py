"""What an audit found: per class, per format, and against the gates; as a table, JSON or a plot.

The results are plain frozen dataclasses; :class:`AuditReport` turns them into
the printed table, the JSON report (:meth:`AuditReport.to_dict`), a bar chart
and the exit code the command returns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "EXIT_BROKEN",
    "EXIT_GATE",
    "EXIT_OK",
    "EXIT_USAGE",
    "AuditReport",
    "ClassResult",
    "Counterexample",
    "FormatResult",
    "GateResult",
]

#: Exit codes of ``unitreward audit`` (and :attr:`AuditReport.exit_code`).
EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_BROKEN = 0, 1, 2, 3

#: Classes whose counterexample is about the think block: show the whole completion.
_WHOLE = frozenset({"answer_in_think", "truncated_think", "empty"})
_CELL = 46


@dataclass(frozen=True)
class Counterexample:
    """The shortest completion found that a class's expectation fails on.

    Attributes:
        completion: The completion, exactly as the reward received it.
        reference: The problem's first reference.
        question: The problem's question, if any.
        reward: What the reward paid.
        format: ``standard`` or ``conversational``.
        source: Where the problem came from (``bundled #3``, ``data.jsonl:7``).
        shrunk: Whether hypothesis' shrinking produced it (else it is the
            shortest failing completion of the sample).
    """

    completion: str
    reference: str
    question: str | None
    reward: float
    format: str
    source: str
    shrunk: bool


@dataclass(frozen=True)
class ClassResult:
    """One class (an attack or a control) over every supported format.

    Attributes:
        name: The class name.
        attack: ``True`` for an attack (should pay 0), ``False`` for a control
            (should pay in full).
        meaning: What the class means.
        problems: How many problems it applied to.
        runs: Completions scored (cases times supported formats).
        scored: Runs that got a usable reward (not ``None``, no error).
        failures: False passes (an attack paid more than the threshold) or
            false fails (a control paid less than the full reward).
        mean_reward: Mean of the usable rewards (``None`` when there are none).
        counterexample: The shortest failing completion, when there is one.
    """

    name: str
    attack: bool
    meaning: str
    problems: int
    runs: int
    scored: int
    failures: int
    mean_reward: float | None
    counterexample: Counterexample | None = None

    @property
    def rate(self) -> float | None:
        """The false-pass rate (attacks) or false-fail rate (controls); ``None`` if unscored."""
        return self.failures / self.scored if self.scored else None


@dataclass(frozen=True)
class FormatResult:
    """How the reward behaved in one completion format.

    Attributes:
        name: ``standard`` (completions are strings) or ``conversational``
            (lists of chat messages).
        calls: Calls made (batches, and single completions retried after a
            batch failed).
        statuses: Calls by what they did: ``ok``, ``raised``, ``timeout``,
            ``crashed``, ``wrong_length``, ``not_a_list``.
        rewards: Completions by what they got: ``number``, ``none`` (``None`` or
            NaN), ``bad_value`` (infinite or not a number), ``error`` (the call
            failed), ``skipped`` (not called after the function hung).
        supported: Whether the format counts: ``False`` when every call raised
            (a reward written for the other format).
        problem: What went wrong, in one line, or ``None``.
    """

    name: str
    calls: int
    statuses: Mapping[str, int]
    rewards: Mapping[str, int]
    supported: bool
    problem: str | None = None

    @property
    def status(self) -> str:
        """``ok``, ``unsupported: ...`` or the problem."""
        if not self.supported:
            return f"unsupported: {self.problem}" if self.problem else "unsupported"
        return self.problem or "ok"


@dataclass(frozen=True)
class GateResult:
    """One ``--fail-on KEY=RATE`` gate.

    Attributes:
        key: A class name, ``any``, ``attacks`` or ``controls``.
        max_rate: The highest rate allowed.
        failing: ``(class, rate)`` of every class above it.
    """

    key: str
    max_rate: float
    failing: tuple[tuple[str, float], ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every class the gate covers is at or below ``max_rate``."""
        return not self.failing


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _shorten(text: str, width: int) -> str:
    shown = repr(text)
    if len(shown) <= width:
        return shown
    half = (width - 1) // 2
    return shown[:half] + "…" + shown[-(width - 1 - half) :]


def _answer_part(name: str, completion: str) -> str:
    if name in _WHOLE or "</think>" not in completion:
        return completion
    return completion.rsplit("</think>", 1)[1].strip()


@dataclass(frozen=True)
class AuditReport:
    """Everything one audit found, and what the command prints and returns.

    Attributes:
        reward: The reward's name (as given on the command line, or its ``__name__``).
        data: Where the problems came from.
        problems: How many problems were used.
        skipped: Rows left out, ``source -> why``.
        seed: The seed of the run.
        cases: Cases drawn per class (before formats).
        formats: Per format, how the reward behaved.
        classes: Per class, what it paid.
        gates: The ``--fail-on`` gates and their results.
        settings: The other options of the run.
        elapsed: Seconds the audit took.
        timings: Seconds per phase: ``load``, ``draw``, ``score``, ``shrink``.
    """

    reward: str
    data: str
    problems: int
    skipped: Mapping[str, str]
    seed: int
    cases: int
    formats: tuple[FormatResult, ...]
    classes: tuple[ClassResult, ...]
    gates: tuple[GateResult, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    elapsed: float = 0.0
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def completions(self) -> int:
        """Completions sent to the reward (every case, in every format tried)."""
        return sum(sum(f.rewards.values()) for f in self.formats)

    @property
    def calls(self) -> int:
        """Calls made to the reward function, shrinking included."""
        return int(self.settings.get("calls", sum(f.calls for f in self.formats)))

    @property
    def broken(self) -> str | None:
        """Why the reward function is broken (it would crash or stall a training run), or ``None``."""
        supported = [f for f in self.formats if f.supported]
        if not supported:
            parts = "; ".join(f"{f.name}: {f.problem}" for f in self.formats)
            return f"no format could be scored ({parts})"
        problems = [f"{f.name}: {f.problem}" for f in supported if f.problem]
        if problems:
            return "; ".join(problems)
        if not any(f.rewards.get("number", 0) for f in supported):
            return "it returned no reward (None) for any completion"
        return None

    @property
    def exit_code(self) -> int:
        """0: no gate failed; 1: a gate failed; 3: the reward function is broken."""
        if self.broken is not None:
            return EXIT_BROKEN
        if any(not g.passed for g in self.gates):
            return EXIT_GATE
        return EXIT_OK

    def table(self) -> str:
        """The report as printed by ``unitreward audit``."""
        lines = [f"reward   {self.reward}", f"data     {self.data}"]
        if self.skipped:
            lines.append(f"         rows left out: {len(self.skipped)} (see the JSON report)")
        lines += ["", f"{'format':<16}{'calls':>6}  status"]
        lines += [f"{f.name:<16}{f.calls:>6}  {f.status}" for f in self.formats]
        header = (
            f"{'class':<17}{'runs':>5}{'no reward':>10}{'false pass':>12}{'false fail':>12}"
            f"{'mean':>7}  shortest counterexample"
        )
        lines += ["", header]
        for c in self.classes:
            rate = _pct(c.rate) if c.scored else "n/a"
            passes, fails = (rate, "-") if c.attack else ("-", rate)
            mean = "-" if c.mean_reward is None else f"{c.mean_reward:.3f}"
            example = ""
            if c.counterexample is not None:
                ce = c.counterexample
                example = (
                    f"{_shorten(_answer_part(c.name, ce.completion), _CELL)}  [{ce.reference}]"
                )
            unscored = c.runs - c.scored
            row = (
                f"{c.name:<17}{c.runs:>5}{unscored:>10}{passes:>12}{fails:>12}{mean:>7}  {example}"
            )
            lines.append(row.rstrip())
        if self.gates:
            lines.append("")
            for g in self.gates:
                if g.passed:
                    lines.append(f"gate {g.key}={g.max_rate:g}: passed")
                else:
                    worst = ", ".join(f"{name} {_pct(rate)}" for name, rate in g.failing)
                    lines.append(f"gate {g.key}={g.max_rate:g}: FAILED ({worst})")
        if self.broken is not None:
            lines += ["", f"BROKEN reward function: {self.broken}"]
        lines += [
            "",
            f"audited {self.completions:,} completions ({self.calls:,} calls) "
            f"in {self.elapsed:.1f} s",
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The JSON report: every number of the table, full counterexamples, the settings."""
        return {
            "reward": self.reward,
            "data": self.data,
            "problems": self.problems,
            "skipped": dict(self.skipped),
            "seed": self.seed,
            "cases_per_class": self.cases,
            "settings": dict(self.settings),
            "elapsed_s": round(self.elapsed, 3),
            "seconds": dict(self.timings),
            "completions": self.completions,
            "calls": self.calls,
            "formats": [
                {
                    "name": f.name,
                    "calls": f.calls,
                    "statuses": dict(f.statuses),
                    "rewards": dict(f.rewards),
                    "supported": f.supported,
                    "status": f.status,
                }
                for f in self.formats
            ],
            "classes": [
                {
                    "class": c.name,
                    "kind": "attack" if c.attack else "control",
                    "meaning": c.meaning,
                    "problems": c.problems,
                    "runs": c.runs,
                    "scored": c.scored,
                    "false_pass" if c.attack else "false_fail": c.failures,
                    "false_pass_rate" if c.attack else "false_fail_rate": c.rate,
                    "mean_reward": c.mean_reward,
                    "counterexample": None
                    if c.counterexample is None
                    else {
                        "completion": c.counterexample.completion,
                        "reference": c.counterexample.reference,
                        "question": c.counterexample.question,
                        "reward": c.counterexample.reward,
                        "format": c.counterexample.format,
                        "problem": c.counterexample.source,
                        "shrunk": c.counterexample.shrunk,
                    },
                }
                for c in self.classes
            ],
            "gates": [
                {
                    "key": g.key,
                    "max_rate": g.max_rate,
                    "passed": g.passed,
                    "failing": {name: rate for name, rate in g.failing},
                }
                for g in self.gates
            ],
            "broken": self.broken,
            "exit_code": self.exit_code,
        }

    def write_json(self, path: str | Path) -> None:
        """Write :meth:`to_dict` as indented JSON."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        Path(path).write_text(text + "\n", encoding="utf-8")

    def plot(self, path: str | Path) -> None:
        """Save a bar chart of the false-pass rate per attack class (and false fails of controls).

        Raises:
            ImportError: When matplotlib is not installed (with the install hint).
        """
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError as exc:
            raise ImportError(
                "the audit plot needs matplotlib: pip install matplotlib "
                "(or pip install 'unitreward[train]')"
            ) from exc
        shown = [c for c in self.classes if c.rate is not None]
        names = [c.name for c in shown]
        rates = [100 * (c.rate or 0.0) for c in shown]
        colors = ["tab:red" if c.attack else "tab:blue" for c in shown]
        fig, ax = plt.subplots(figsize=(7, 0.32 * max(len(shown), 4) + 1.2))
        ax.barh(names, rates, color=colors)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("false-pass rate, % (red: attacks); false-fail rate, % (blue: controls)")
        ax.set_title(f"unitreward audit: {self.reward}", fontsize="medium")
        fig.tight_layout()
        fig.savefig(path, dpi=120)
        plt.close(fig)
