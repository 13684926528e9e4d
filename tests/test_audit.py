"""unitreward audit: the command end to end, its exit codes and JSON report, broken reward
functions (each one reported, never a crash or a hang of the audit), the data it reads, how
it calls a reward (as TRL does), and the pytest helper. Sample sizes are small: these test
the machinery; benchmarks/audit.py measures the speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from unitreward._isolated import IsolatedCaller
from unitreward.audit import (
    EXIT_BROKEN,
    EXIT_GATE,
    EXIT_OK,
    EXIT_USAGE,
    assert_audit_passes,
    audit,
    load_problems,
    load_reward,
    parse_fail_on,
)
from unitreward.cli import main
from unitreward.engine.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["--problems", "4", "--cases", "3", "--no-progress"]

REWARDS = '''
import os
import sys
import time


def substring(completions, solutions, **kwargs):
    """The tutorial's correctness reward: a reference anywhere in the text pays."""
    return [
        1.0 if any(ref in c[0]["content"] for ref in refs) else 0.0
        for c, refs in zip(completions, solutions)
    ]


def raises(completions, **kwargs):
    raise RuntimeError("boom")


def sleeps(completions, **kwargs):
    time.sleep(4)
    return [0.0] * len(completions)


def returns_none(completions, **kwargs):
    return None


def nones(completions, **kwargs):
    return [None] * len(completions)


def wrong_length(completions, **kwargs):
    return [0.0]


def exits(completions, **kwargs):
    os._exit(7)


def calls_sys_exit(completions, **kwargs):
    sys.exit(1)


def strings(completions, **kwargs):
    return ["1.0"] * len(completions)


def infinite(completions, **kwargs):
    return [float("inf")] * len(completions)


def raises_on_empty(completions, **kwargs):
    texts = [c if isinstance(c, str) else c[0]["content"] for c in completions]
    if any(not t.strip() for t in texts):
        raise ValueError("empty completion")
    return [0.0] * len(texts)


def only_conversational(completions, **kwargs):
    return [0.0 if c[0]["content"] else 0.0 for c in completions]


def reads_what_trl_passes(prompts, completions, completion_ids, solution, solutions,
                          trainer_state, log_extra, log_metric, question, **kwargs):
    """Raises unless every argument is what GRPOTrainer passes, row by row."""
    n = len(completions)
    assert len(prompts) == len(completion_ids) == len(solution) == len(solutions) == n
    for prompt, completion, q, one, many in zip(prompts, completions, question, solution, solutions):
        text = prompt if isinstance(prompt, str) else prompt[-1]["content"]
        assert text == q, (text, q)
        assert isinstance(completion, str) == isinstance(prompt, str)
        assert one == many[0] and isinstance(many, list)
    assert trainer_state.global_step == 0
    log_extra("x", [0] * n)
    log_metric("y", 0.0)
    return [0.0] * n


class Scaled:
    """A reward class instance, as TRL's own rewards often are."""

    __name__ = "scaled"

    def __call__(self, completions, **kwargs):
        return [0.0] * len(completions)


scaled = Scaled()
'''


@pytest.fixture
def rewards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file of reward functions, good and broken, in the working directory."""
    path = tmp_path / "my_rewards.py"
    path.write_text(textwrap.dedent(REWARDS), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    return path


def run_json(args: list[str], tmp_path: Path) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "report.json"
    code = main(["audit", *args, "--json", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- end to end


def test_cli_writes_a_complete_json_report(tmp_path: Path) -> None:
    code, report = run_json(
        [
            "unitreward.correctness",
            *SMALL,
            "--classes",
            "wrong_value,missing_unit,correct",
            "--fail-on",
            "any=0",
        ],
        tmp_path,
    )
    assert code == EXIT_OK == report["exit_code"]
    assert [c["class"] for c in report["classes"]] == ["wrong_value", "missing_unit", "correct"]
    for row in report["classes"]:
        assert row["runs"] == 3 * 2  # three cases, two formats
        assert row["scored"] == row["runs"]
        assert row["counterexample"] is None  # correctness pays no wrong value or bare number
    assert report["classes"][0]["false_pass_rate"] == 0.0
    assert report["classes"][2]["false_fail_rate"] == 0.0
    assert [f["status"] for f in report["formats"]] == ["ok", "ok"]
    assert report["gates"] == [{"key": "any", "max_rate": 0.0, "passed": True, "failing": {}}]
    assert report["broken"] is None
    assert report["problems"] == 4 and report["seed"] == 0


def test_a_failed_gate_exits_1_and_shows_a_shrunk_counterexample(
    rewards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["my_rewards.py:substring", *SMALL, "--classes", "flipped_sign,correct"]
    code, report = run_json([*args, "--fail-on", "flipped_sign=0"], tmp_path)
    assert code == EXIT_GATE
    flipped = report["classes"][0]
    assert flipped["false_pass_rate"] > 0  # "-936 N" contains "936 N"
    example = flipped["counterexample"]
    assert example["reference"] in example["completion"] and example["reward"] == 1.0
    assert example["completion"].startswith("<think>\n\n</think>\n\n")  # shrunk: no working
    assert example["format"] == "conversational"  # the function reads completion[0]["content"]
    table = capsys.readouterr().out
    assert "gate flipped_sign=0: FAILED" in table
    assert "unsupported: every call raised TypeError" in table  # the standard format
    # a gate the rates stay under passes
    assert main(["audit", *args, "--fail-on", "flipped_sign=100%", "-q"]) == EXIT_OK


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["unitreward.correctness", "--classes", "nonsense"], "unknown class"),
        (["unitreward.correctness", "--fail-on", "nonsense=0"], "unknown gate key"),
        (["unitreward.correctness", "--fail-on", "any=2"], "must be in [0, 1]"),
        (["unitreward.correctness", "--fail-on", "any"], "KEY=RATE"),
        (["unitreward.correctness", "--classes", "hedge", "--fail-on", "range=0"], "does not run"),
        (["no_such_module_xyz:f"], "cannot import"),
        (["unitreward:no_such_reward"], "has no attribute"),
        (["unitreward.audit:FORMATS"], "not a callable"),
        (["missing_file.py:f"], "no such file"),
        (["unitreward.correctness", "--data", "missing.jsonl"], "no such data file"),
        (["unitreward.correctness", "--cases", "0"], "cases must be an int >= 1"),
        (["unitreward.correctness", "--timeout", "-1"], "timeout must be in"),
    ],
)
def test_usage_errors_exit_2_and_name_the_problem(
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["audit", *SMALL, *args]) == EXIT_USAGE  # the case's options come last, and win
    assert message in capsys.readouterr().err


def test_argparse_errors_exit_2() -> None:
    assert main(["audit", "unitreward.correctness", "--format", "xml"]) == EXIT_USAGE
    assert main(["audit"]) == EXIT_USAGE


# --------------------------------------------------------------------------- broken functions


@pytest.mark.parametrize(
    ("function", "isolation", "message"),
    [
        ("raises", "process", "every call raised RuntimeError: boom"),  # in both formats
        ("raises", "thread", "every call raised RuntimeError: boom"),
        ("sleeps", "process", "gave up after 3 timeouts"),  # killed, never waited for
        ("sleeps", "thread", "gave up after 3 timeouts"),  # abandoned, never waited for
        ("returns_none", "process", "returned None, not a list"),
        ("nones", "process", "returned no reward (None) for any completion"),
        ("wrong_length", "process", "returned 1 reward(s) for"),
        ("exits", "process", "the worker process died (exit code 7)"),
        ("calls_sys_exit", "thread", "SystemExit"),
        ("strings", "process", "not a finite number"),
        ("infinite", "process", "a reward of inf"),
        ("raises_on_empty", "process", "raised in"),  # only some calls: still broken
    ],
)
def test_a_broken_reward_is_reported_never_a_crash_or_hang(
    rewards: Path, function: str, isolation: str, message: str, tmp_path: Path
) -> None:
    code, report = run_json(
        [
            f"my_rewards.py:{function}",
            "--problems",
            "3",
            "--cases",
            "2",
            "--no-progress",
            "--timeout",
            "0.3",
            "--isolation",
            isolation,
            "--classes",
            "empty,wrong_value,correct",
        ],
        tmp_path,
    )
    assert code == EXIT_BROKEN == report["exit_code"]
    assert message in report["broken"]


def test_a_reward_for_one_format_is_not_broken(rewards: Path, tmp_path: Path) -> None:
    code, report = run_json(
        ["my_rewards.py:only_conversational", *SMALL, "--classes", "empty,correct"], tmp_path
    )
    assert code == EXIT_OK and report["broken"] is None
    standard, conversational = report["formats"]
    assert not standard["supported"] and standard["status"].startswith("unsupported")
    assert conversational["supported"] and conversational["status"] == "ok"
    assert report["classes"][0]["runs"] == 3  # the unsupported format is left out


def test_the_reward_gets_what_trl_passes_in_both_formats(rewards: Path, tmp_path: Path) -> None:
    code, report = run_json(
        ["my_rewards.py:reads_what_trl_passes", *SMALL, "--classes", "hedge,correct"], tmp_path
    )
    assert report["broken"] is None, report["broken"]
    assert [f["status"] for f in report["formats"]] == ["ok", "ok"]
    assert code == EXIT_OK  # no gate, not broken


@pytest.mark.parametrize(
    "spec",
    [
        "my_rewards:substring",  # module:function
        "my_rewards.substring",  # dotted path
        "my_rewards.py:substring",  # a file
        "my_rewards.py:scaled",  # an instance of a reward class
        "trl.rewards.accuracy_reward",  # TRL's own
    ],
)
def test_reward_specs(rewards: Path, spec: str) -> None:
    assert callable(load_reward(spec))


def test_reward_spec_errors() -> None:
    for spec in ("", "nocolon", "file.py"):
        with pytest.raises(ConfigError):
            load_reward(spec)


# --------------------------------------------------------------------------- data


def test_jsonl_and_csv_data_with_rows_left_out(tmp_path: Path) -> None:
    rows = [
        {"question": "A car covers 3 km in 2 minutes. Speed?", "solution": "25 m/s"},
        {
            "prompt": [{"role": "user", "content": "Convert 90 km/h to m/s."}],
            "solutions": ["25 m/s"],
        },
        {"question": "What colour is the sky?", "solution": "blue"},  # no quantity
        {"question": "Speed?", "solutions": ["25 m/s", "25 km/h"]},  # the references disagree
        {"question": "No reference at all"},
    ]
    jsonl = tmp_path / "data.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n", encoding="utf-8")
    problems, skipped = load_problems(jsonl, n=None)
    assert len(problems) == 4 and skipped == {
        "data.jsonl:5": "no 'solutions' or 'solution' column",
        "data.jsonl:6": "invalid JSON: Expecting value",
    }
    assert problems[1].question == "Convert 90 km/h to m/s."  # read from the chat prompt
    assert problems[0].columns["solutions"] == ["25 m/s"]  # filled in from 'solution'
    _, report = run_json(
        [
            "unitreward.correctness",
            "--data",
            str(jsonl),
            "--cases",
            "2",
            "--no-progress",
            "--classes",
            "restated_given,correct",
        ],
        tmp_path,
    )
    assert report["problems"] == 2
    assert set(report["skipped"]) == {
        "data.jsonl:3",
        "data.jsonl:4",
        "data.jsonl:5",
        "data.jsonl:6",
    }
    assert "is not a quantity" in report["skipped"]["data.jsonl:3"]
    assert "disagree" in report["skipped"]["data.jsonl:4"]
    assert report["classes"][0]["problems"] == 2  # 3 km, 2 minutes; 90 km/h (a conversion)

    csv_file = tmp_path / "data.csv"
    csv_file.write_text(
        'question,solutions\n"A 3 kg mass falls 2 m. Work?","[""58.86 J"", ""0.05886 kJ""]"\n',
        encoding="utf-8",
    )
    problems, _ = load_problems(csv_file)
    assert problems[0].solutions == ("58.86 J", "0.05886 kJ")


def test_data_without_a_usable_row_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "Colour?", "solution": "blue"}\n', encoding="utf-8")
    assert main(["audit", "unitreward.correctness", "--data", str(bad), "-n", "1"]) == EXIT_USAGE


# --------------------------------------------------------------------------- reproducible, helper


def test_the_same_seed_gives_the_same_report() -> None:
    options: dict[str, Any] = {
        "problems": 4,
        "cases": 4,
        "classes": ["hedge", "invisible", "correct"],
        "seed": 3,
    }
    first, second = (audit("unitreward.correctness", **options).to_dict() for _ in range(2))
    for report in (first, second):
        report.pop("elapsed_s"), report.pop("seconds")  # the only things that may differ
    assert first == second
    other = audit("unitreward.correctness", **{**options, "seed": 4}).to_dict()
    assert other["classes"] != first["classes"] or other["data"] != first["data"]


def test_assert_audit_passes_in_a_test_suite(rewards: Path) -> None:
    report = assert_audit_passes(
        "unitreward.correctness", problems=3, cases=3, classes=["wrong_dimension", "correct"]
    )
    assert report.exit_code == EXIT_OK
    with pytest.raises(AssertionError, match=r"(?s)the reward audit failed.*flipped_sign"):
        assert_audit_passes("my_rewards:substring", problems=3, cases=3, classes=["flipped_sign"])


def test_plot_writes_a_png(tmp_path: Path) -> None:
    png = tmp_path / "rates.png"
    args = ["unitreward.correctness", *SMALL, "--classes", "hedge,correct", "--plot", str(png)]
    assert main(["audit", *args]) == EXIT_OK
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_command_runs_as_a_module_without_a_progress_bar_when_piped(
    rewards: Path, tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "unitreward",
            "audit",
            "my_rewards.py:substring",
            "--problems",
            "3",
            "--cases",
            "2",
            "--classes",
            "flipped_sign",
            "--fail-on",
            "any=0",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == EXIT_GATE, result.stderr
    assert "flipped_sign" in result.stdout and "audited" in result.stdout
    assert result.stderr == ""  # stderr is not a terminal: no progress bar


# --------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("spec", "gates"),
    [
        (["any=0"], {"any": 0.0}),  # the strictest gate
        (["hedge=5%", "range=0.1"], {"hedge": 0.05, "range": 0.1}),  # a percentage
        (["hedge=0.1,range=0.2"], {"hedge": 0.1, "range": 0.2}),  # comma-separated
        ({"controls": 0.05}, {"controls": 0.05}),  # a mapping, from Python
        (None, {}),  # no gate
    ],
)
def test_parse_fail_on(spec: Any, gates: dict[str, float]) -> None:
    assert parse_fail_on(spec) == gates


def flaky_reward(completions: list[str], **kwargs: Any) -> list[float]:
    """Raises on ["raise"], hangs on ["hang"], else pays 1.0 (module level: picklable)."""
    import time

    if completions == ["raise"]:
        raise KeyError("k")
    if completions == ["hang"]:
        time.sleep(3)
    return [1.0] * len(completions)


@pytest.mark.parametrize("isolation", ["process", "thread"])
def test_isolated_caller_survives_raise_and_hang(isolation: str) -> None:
    with IsolatedCaller(flaky_reward, timeout=0.5, isolation=isolation) as caller:
        assert caller.isolation == isolation
        assert caller.call({"completions": ["raise"]}).message == "KeyError: 'k'"
        assert caller.call({"completions": ["hang"]}).status == "timeout"
        assert caller.call({"completions": ["a", "b"]}).value == [1.0, 1.0]  # a fresh worker


def test_a_closure_runs_in_a_thread_and_a_named_reward_in_a_fresh_process(rewards: Path) -> None:
    def closure(completions: list[str], **kwargs: Any) -> list[float]:
        return [0.0] * len(completions)

    assert IsolatedCaller(closure, timeout=1, isolation="process").isolation == "thread"
    report = audit("my_rewards.py:substring", problems=2, cases=2, classes=["empty"])
    assert report.settings["isolation"] == "process"


def test_a_slow_import_is_not_a_slow_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "slow_import.py").write_text(
        "import time\ntime.sleep(1.5)\n\n"
        "def reward(completions, **kwargs):\n    return [0.0] * len(completions)\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    report = audit(
        "slow_import.py:reward", problems=2, cases=2, classes=["empty"], timeout=0.5
    )  # the worker takes 1.5 s to load the module; each call is instant
    assert report.broken is None and report.exit_code == EXIT_OK


# --------------------------------------------------------------------------- the targets


def test_trl_accuracy_reward_is_caught() -> None:
    pytest.importorskip("trl", reason="needs the [train] extra")
    pytest.importorskip("math_verify", reason="needs math-verify")
    report = audit(
        "trl.rewards.accuracy_reward", problems=10, cases=12, classes=["missing_unit", "correct"]
    )
    missing, correct = report.classes
    assert missing.rate is not None and missing.rate > 0  # \boxed{9.5} pays for 9.5 atm
    assert missing.counterexample is not None and missing.counterexample.reward == 1.0
    assert correct.rate is not None and correct.rate > 0.5  # 0.12 km for 120 m pays 0


def test_the_substring_reward_is_caught_with_shrunk_counterexamples(rewards: Path) -> None:
    rows = [
        {
            "question": "A cyclist rides at 4.0 m/s for 30 s. How far does she go?",
            "solutions": ["120 m"],
        },
        {"question": "A box is pushed 2.5 m with 40 N. What work is done?", "solutions": ["100 J"]},
    ]
    report = audit(
        "my_rewards:substring", data=rows, cases=12, classes=["hedge", "wrong_prefix", "correct"]
    )
    hedge, prefix, correct = report.classes
    for attack in (hedge, prefix):
        assert attack.rate is not None and attack.rate > 0
        example = attack.counterexample
        assert example is not None and example.reward == 1.0
        assert example.reference in example.completion
        assert example.completion.startswith("<think>\n\n</think>\n\n")  # no working left
    assert prefix.counterexample is not None
    assert "120 mm" in prefix.counterexample.completion  # "120 mm" holds "120 m"
    assert correct.rate is not None and correct.rate > 0  # 0.12 km is not paid


def test_a_progress_bar_shows_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    audit("unitreward.correctness", problems=2, cases=2, classes=["empty"], progress=True)
    err = capsys.readouterr().err
    assert "drawing cases" in err and "scoring (standard)" in err
