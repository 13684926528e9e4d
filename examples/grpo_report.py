"""What a GRPO run of ``grpo_physics.py`` reports: reward curves, verdict reasons, table, plot.

Everything here reads the trainer's log history (``trainer.state.log_history``),
where TRL puts the mean of each reward (``rewards/<name>/mean``), the weighted
total (``reward``) and what reward functions log through ``log_metric``:
unitreward's ``correctness`` logs the share of each verdict reason in the batch
as ``correctness/<reason>``. The functions are pure, so the tests call them on
hand-written histories; :class:`ShortLog` is the one-line-per-step printer that
replaces TRL's dictionary dump.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from transformers import TrainerCallback

from unitreward import REASONS

#: What each ready reward pays for, as the summary and the plot name them.
REWARD_DESCRIPTIONS: dict[str, str] = {
    "soft_think_format": "graded <think> format, 0.25 per tag (shaping)",
    "think_format": "strict <think>...</think> format",
    "correctness": "right final answer, any equivalent unit",
    "unit_dimension": "answer has the reference's dimension (shaping)",
    "reward": "total: weighted sum of the rewards",
}

Curves = dict[str, list[tuple[int, float]]]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return None if math.isnan(value) else value


def reward_curves(log_history: list[dict[str, Any]]) -> Curves:
    """``{"think_format": [(step, mean), ...], ..., "reward": [...]}`` from the trainer's logs.

    >>> reward_curves([{"step": 1, "rewards/correctness/mean": 0.5, "reward": 0.5, "loss": 0.1}])
    {'correctness': [(1, 0.5)], 'reward': [(1, 0.5)]}
    """
    curves: Curves = {}
    for entry in log_history:
        step = int(entry.get("step", 0))
        for key, raw in entry.items():
            value = _number(raw)
            if value is None:
                continue
            if key.startswith("rewards/") and key.endswith("/mean"):
                name = key[len("rewards/") : -len("/mean")]
            elif key == "reward":
                name = "reward"
            else:
                continue
            curves.setdefault(name, []).append((step, value))
    return curves


def reason_shares(log_history: list[dict[str, Any]], reward: str = "correctness") -> Curves:
    """``{"no_answer": [(step, share), ...], ...}``: the verdict reasons ``reward`` logged.

    Only reasons that occur at some step are kept, in the order of ``unitreward.REASONS``.

    >>> history = [{"step": 1, "correctness/no_answer": 1.0, "correctness/correct": 0.0},
    ...            {"step": 2, "correctness/no_answer": 0.75, "correctness/correct": 0.25}]
    >>> reason_shares(history)
    {'correct': [(1, 0.0), (2, 0.25)], 'no_answer': [(1, 1.0), (2, 0.75)]}
    """
    shares: Curves = {}
    for reason in REASONS:
        points = []
        for entry in log_history:
            value = _number(entry.get(f"{reward}/{reason}"))
            if value is not None:
                points.append((int(entry.get("step", 0)), value))
        if any(v > 0 for _, v in points):
            shares[reason] = points
    return shares


def _window(values: list[float]) -> int:
    return max(1, len(values) // 5)


def summarize(curves: Curves) -> dict[str, dict[str, float]]:
    """First and last logged value per curve, and the mean over the first and last fifth.

    >>> summarize({"correctness": [(1, 0.0), (2, 0.0), (3, 0.5), (4, 0.5), (5, 1.0)]})["correctness"]
    {'first': 0.0, 'last': 1.0, 'start_avg': 0.0, 'end_avg': 1.0, 'window': 1, 'logs': 5}
    """
    summary = {}
    for name, points in curves.items():
        values = [v for _, v in points]
        k = _window(values)
        summary[name] = {
            "first": values[0],
            "last": values[-1],
            "start_avg": sum(values[:k]) / k,
            "end_avg": sum(values[-k:]) / k,
            "window": k,
            "logs": len(values),
        }
    return summary


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def describe(name: str, reward_docs: dict[str, str] | None = None) -> str:
    """What the reward called ``name`` pays for: ours, else the first line of its docstring.

    >>> describe("correctness")
    'right final answer, any equivalent unit'
    >>> describe("my_reward", {"my_reward": "Pays for brevity.\\n\\nMore text."})
    'Pays for brevity.'
    """
    if name in REWARD_DESCRIPTIONS:
        return REWARD_DESCRIPTIONS[name]
    doc = (reward_docs or {}).get(name) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def format_table(
    summary: dict[str, dict[str, float]], reward_docs: dict[str, str] | None = None
) -> str:
    """One row per reward: what it pays for, its first and last mean, and the change.

    >>> print(format_table(summarize({"correctness": [(1, 0.0), (2, 0.5)]})))
    | reward      | pays for                                | first | last  | first 1 avg | last 1 avg | change |
    |-------------|-----------------------------------------|-------|-------|-------------|------------|--------|
    | correctness | right final answer, any equivalent unit | 0.000 | 0.500 | 0.000       | 0.500      | +0.500 |
    """
    if not summary:
        return "no rewards were logged"
    k = int(next(iter(summary.values()))["window"])
    header = ("reward", "pays for", "first", "last", f"first {k} avg", f"last {k} avg", "change")
    rows = [
        (
            name,
            describe(name, reward_docs),
            f"{s['first']:.3f}",
            f"{s['last']:.3f}",
            f"{s['start_avg']:.3f}",
            f"{s['end_avg']:.3f}",
            f"{s['end_avg'] - s['start_avg']:+.3f}",
        )
        for name, s in summary.items()
    ]
    return _table(header, rows)


def format_reasons(shares: Curves, reward: str = "correctness") -> str:
    """The share of each verdict reason of ``reward``, early in the run and late.

    >>> shares = {"no_answer": [(1, 1.0), (2, 0.5)], "wrong_value": [(1, 0.0), (2, 0.5)]}
    >>> print(format_reasons(shares))
    | correctness verdicts | first 1 steps | last 1 steps |
    |----------------------|---------------|--------------|
    | no_answer            | 100%          | 50%          |
    | wrong_value          | 0%            | 50%          |
    """
    if not shares:
        return f"no verdict reasons were logged by {reward}"
    k = _window([v for _, v in next(iter(shares.values()))])
    rows = []
    for reason, points in shares.items():
        values = [v for _, v in points]
        rows.append(
            (reason, f"{sum(values[:k]) / k:.0%}", f"{sum(values[-k:]) / k:.0%}"),
        )
    return _table((f"{reward} verdicts", f"first {k} steps", f"last {k} steps"), rows)


# Colours of the reasons in the stacked chart: right answers green, answers with the
# wrong value or unit in warm colours, no answer at all in greys.
_REASON_COLOURS = {
    "correct": "#2ca02c",
    "wrong_value": "#ff7f0e",
    "wrong_dimension": "#d62728",
    "missing_unit": "#e377c2",
    "ambiguous": "#9467bd",
    "unparseable_answer": "#8c564b",
    "no_answer": "#c7c7c7",
    "unparseable_reference": "#17becf",
}


def smoothing_window(points: int) -> int:
    """Steps averaged in the plotted curves: 1 below 10 points, then about a tenth, odd.

    >>> [smoothing_window(n) for n in (5, 20, 60, 200)]
    [1, 3, 7, 21]
    """
    if points < 10:
        return 1
    window = max(3, points // 10)
    return window if window % 2 else window + 1


def moving_mean(values: list[float], window: int) -> list[float]:
    """Centered moving mean, over the points that exist near the ends.

    >>> moving_mean([0.0, 1.0, 2.0, 3.0], 3)
    [0.5, 1.0, 2.0, 2.5]
    """
    half = window // 2
    out = []
    for i in range(len(values)):
        chunk = values[max(0, i - half) : i + half + 1]
        out.append(sum(chunk) / len(chunk))
    return out


def plot_run(
    curves: Curves,
    shares: Curves,
    path: Path,
    title: str,
    *,
    reward: str = "correctness",
    reward_docs: dict[str, str] | None = None,
) -> Path | None:
    """Write a PNG: each reward's mean per step above, the verdict reasons of ``reward`` below.

    With ten or more logged steps the reward curves are drawn as a moving mean over
    the raw per-step means (shown faint): with a few prompts a step, one step's mean
    depends more on which questions were drawn than on the model.
    Returns the path, or ``None`` (with a message) when matplotlib is missing.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        print("matplotlib is not installed: no plot (pip install -e '.[train]')")
        return None
    from matplotlib.ticker import MaxNLocator

    panels = 2 if shares else 1
    fig, axes = plt.subplots(
        panels, 1, figsize=(9, 4.2 * panels), sharex=True, squeeze=False, layout="constrained"
    )
    top = axes[0][0]
    for index, (name, points) in enumerate(curves.items()):
        steps = [s for s, _ in points]
        values = [v for _, v in points]
        description = describe(name, reward_docs)
        label = f"{name}: {description}" if description else name
        if name == "reward":
            label = "total (weighted sum of the rewards)"
            style: dict[str, Any] = {"linewidth": 2.0, "color": "black", "linestyle": "--"}
        else:
            style = {"linewidth": 1.8, "color": f"C{index}"}
        window = smoothing_window(len(values))
        if window > 1:
            # Noisy steps (few prompts each): the raw means faint, a moving mean on top.
            top.plot(steps, values, **{**style, "linewidth": 0.8, "alpha": 0.35})
            values = moving_mean(values, window)
        top.plot(steps, values, label=label, **style)
    window = smoothing_window(max((len(p) for p in curves.values()), default=0))
    top.set_ylabel(
        "mean reward"
        if window == 1
        else f"mean reward\n({window}-step moving mean; per step faint)"
    )
    top.set_title(title)
    top.grid(alpha=0.3)
    top.legend(fontsize="small", loc="best")
    if shares:
        bottom = axes[1][0]
        steps = [s for s, _ in next(iter(shares.values()))]
        order = [r for r in _REASON_COLOURS if r in shares] + [
            r for r in shares if r not in _REASON_COLOURS
        ]
        bottom.stackplot(
            steps,
            [[v for _, v in shares[r]] for r in order],
            labels=order,
            colors=[_REASON_COLOURS.get(r, "#7f7f7f") for r in order],
            alpha=0.9,
        )
        bottom.set_ylim(0, 1)
        bottom.set_ylabel(f"share of completions\n({reward} verdict reason)")
        bottom.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.0, 0.5))
        bottom.grid(alpha=0.3)
    axes[-1][0].set_xlabel("training step")
    axes[-1][0].xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def short_line(
    logs: dict[str, Any], step: int, max_steps: int, seconds: float | None, reward: str
) -> str:
    """One line per logged step: each reward's mean and the commonest verdict reasons.

    >>> logs = {"rewards/soft_think_format/mean": 0.3125, "rewards/correctness/mean": 0.0,
    ...         "reward": 0.3125, "correctness/no_answer": 0.875, "correctness/missing_unit": 0.125}
    >>> short_line(logs, 7, 60, 0.42, "correctness")
    'step  7/60  0.4 s | soft_think_format 0.31  correctness 0.00 | no_answer 88% missing_unit 12%'
    """
    width = len(str(max_steps)) if max_steps > 0 else 1
    head = f"step {step:>{width}}/{max_steps if max_steps > 0 else '?'}"
    if seconds is not None:
        head += f"  {seconds:.1f} s" if seconds < 100 else f"  {seconds:.0f} s"
    means = "  ".join(
        f"{key[len('rewards/') : -len('/mean')]} {value:.2f}"
        for key, value in logs.items()
        if key.startswith("rewards/") and key.endswith("/mean") and _number(value) is not None
    )
    found = [
        (share, reason)
        for reason in REASONS
        if (share := _number(logs.get(f"{reward}/{reason}"))) is not None and share > 0
    ]
    found.sort(key=lambda item: -item[0])
    reasons = " ".join(f"{reason} {share:.0%}" for share, reason in found[:3])
    return " | ".join(part for part in (head, means, reasons) if part)


class ShortLog(TrainerCallback):  # type: ignore[misc]
    """Print :func:`short_line` at each log of the main process, and time every step.

    ``step_seconds`` holds the wall time of each optimizer step (generation,
    rewards, forward and backward), for the summary; ``quiet=True`` keeps the
    timing and prints nothing.
    """

    def __init__(
        self, reward: str = "correctness", *, stream: TextIO | None = None, quiet: bool = False
    ) -> None:
        self.reward = reward
        self.stream = stream
        self.quiet = quiet
        self.step_seconds: list[float] = []
        self._last = time.perf_counter()

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self._last = time.perf_counter()

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        now = time.perf_counter()
        self.step_seconds.append(now - self._last)
        self._last = now

    def on_log(
        self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kw: Any
    ) -> None:
        if self.quiet or not state.is_world_process_zero or not logs or "train_runtime" in logs:
            return
        seconds = self.step_seconds[-1] if self.step_seconds else None
        line = short_line(logs, state.global_step, state.max_steps, seconds, self.reward)
        print(line, file=self.stream or sys.stdout, flush=True)
