"""The example script's frictions, fixed: what ``examples/grpo_physics.py`` says when an option
is wrong or the Hub is out of reach, and the summary it prints (the helpers' own examples).

Every error here is one line, names what to do, and comes before a model is loaded.
"""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCRIPT = EXAMPLES / "grpo_physics.py"


def _script() -> ModuleType:
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    import grpo_physics

    return grpo_physics


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The script as a module, with loading a model forbidden: every error must come first."""
    module = _script()
    monkeypatch.setattr(sys, "path", list(sys.path))  # the script adds the current directory
    # parse_args sets HF_*_OFFLINE for the offline modes; keep that inside the test.
    monkeypatch.setenv("HF_HUB_OFFLINE", os.environ.get("HF_HUB_OFFLINE", "1"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", os.environ.get("HF_DATASETS_OFFLINE", "1"))

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("a model was loaded before the options were checked")

    monkeypatch.setattr(module, "prepare_model", no_model)
    monkeypatch.setattr(module, "build_config", no_model)
    return module


MY_REWARDS = '''
def brevity(completions, **kwargs):
    """Pays for short completions."""
    return [1.0 if len(str(c)) < 50 else 0.0 for c in completions]

THRESHOLD = 50
'''


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # A typo of a ready reward: the close name is suggested.
        (
            ["--demo", "--rewards", "corectness"],
            "unknown reward 'corectness': did you mean 'correctness'?",
        ),
        # A dotted path whose module is not importable: where modules are looked up.
        (
            ["--demo", "--rewards", "no_such_rewards.brevity"],
            "no module named 'no_such_rewards' (modules are looked up in the current directory",
        ),
        # The module imports, the name is misspelled: the close name is suggested.
        (
            ["--demo", "--rewards", "my_rewards.brevty"],
            "module my_rewards has no 'brevty' (did you mean my_rewards.brevity?)",
        ),
        # The name exists but is not a function.
        (["--demo", "--rewards", "my_rewards.THRESHOLD"], "is a int, not a reward function"),
        # Fewer weights than the demo's three rewards.
        (
            ["--demo", "--reward-weights", "1", "2"],
            "--reward-weights: 2 weight(s) for 3 reward(s) "
            "(soft_think_format think_format correctness)",
        ),
        # More weights than rewards.
        (
            ["--rewards", "correctness", "--reward-weights", "1", "0.5"],
            "--reward-weights: 2 weight(s) for 1 reward(s) (correctness)",
        ),
        # A weight that is not a number a trainer can use.
        (
            ["--demo", "--reward-weights", "1", "nan", "1"],
            "--reward-weights: nan is not a finite number",
        ),
        # All weights zero: nothing would train the model.
        (["--demo", "--reward-weights", "0", "0", "0"], "all weights are 0"),
        # A topic of the bundled problems that does not exist.
        (["--smollm2", "--topics", "optics"], "--topics: unknown topic 'optics'"),
    ],
)
def test_bad_options_fail_in_one_line_before_a_model_loads(
    script: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    (tmp_path / "my_rewards.py").write_text(MY_REWARDS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "my_rewards", raising=False)
    with pytest.raises(SystemExit) as caught:
        script.main([*argv, "--output-dir", str(tmp_path / "out")])
    text = str(caught.value.code)
    assert message in text, text
    assert "\n" not in text
    sys.modules.pop("my_rewards", None)


def test_a_dotted_reward_in_the_current_directory_is_found(
    script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `python examples/grpo_physics.py` puts examples/ on sys.path, not the current
    # directory; the user's my_rewards.py next to them is still found.
    (tmp_path / "my_rewards.py").write_text(MY_REWARDS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "my_rewards", raising=False)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    (brevity, correctness) = script.resolve_rewards(["my_rewards.brevity", "correctness"])
    assert brevity.__name__ == "brevity" and brevity(["short"]) == [1.0]
    assert correctness.__name__ == "correctness"
    script.check_reward_weights([0.5, 1.0], [brevity, correctness])  # one per reward: fine
    sys.modules.pop("my_rewards", None)


def test_a_reward_module_that_fails_to_import_is_named(
    script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_rewards.py").write_text("import not_a_real_dependency_xyz\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        script.resolve_rewards(["broken_rewards.score"])
    text = str(caught.value.code)
    # The module was found; what it imports was not: say so, not "no module broken_rewards".
    assert "importing broken_rewards failed" in text and "not_a_real_dependency_xyz" in text
    sys.modules.pop("broken_rewards", None)


def _run(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, TOKENIZERS_PARALLELISM="false", **env)
    full_env.pop("ACCELERATE_USE_CPU", None)
    return subprocess.run(
        [sys.executable, str(SCRIPT), *argv],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("extra", "what"),
    [
        # The tutorial's defaults: the data set is the first thing fetched from the Hub.
        ([], "data set 'qgallouedec/rick-physics-grpo'"),
        # Local data, the Hub model: the model is what cannot be fetched.
        (["--dataset", "{data}"], "model 'qgallouedec/SmolLM2-360M-Rickified'"),
    ],
)
def test_without_the_hub_the_tutorial_run_says_what_to_do(
    tmp_path: Path, extra: list[str], what: str
) -> None:
    data = tmp_path / "rows.jsonl"
    data.write_text('{"question": "How far?", "solutions": ["1 m"]}\n')
    argv = [a.replace("{data}", str(data)) for a in extra]
    proc = _run(
        [*argv, "--max-steps", "1", "--output-dir", str(tmp_path / "out")],
        tmp_path,
        HF_HUB_OFFLINE="1",
        HF_DATASETS_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f"could not load the {what} from the Hugging Face Hub"), last
    assert "--demo" in last and "--smollm2" in last and "local --model and --dataset" in last


def test_report_helpers_examples_run() -> None:
    # The examples in the docstrings of the helper modules (pytest collects doctests from
    # src/ only) are the specification of the summary tables and the one-line log.
    _script()
    import grpo_eval
    import grpo_options
    import grpo_report
    import smollm2

    for module in (grpo_report, grpo_eval, smollm2, grpo_options):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
    assert doctest.testmod(grpo_report).attempted >= 6


def test_reason_shares_and_summary_from_a_log_history() -> None:
    _script()
    import grpo_report

    history = [
        {"step": 1, "rewards/correctness/mean": 0.0, "reward": 0.0, "correctness/no_answer": 1.0,
         "correctness/correct": 0.0, "correctness/wrong_value": 0.0},
        {"step": 2, "rewards/correctness/mean": 0.25, "reward": 0.25,
         "correctness/no_answer": 0.5, "correctness/correct": 0.25, "correctness/wrong_value": 0.25},
        {"train_runtime": 3.0, "step": 2},  # the end-of-training entry carries no rewards
    ]  # fmt: skip
    shares = grpo_report.reason_shares(history)
    # Only reasons that occur, in unitreward.REASONS order, one point per logged step.
    assert shares == {
        "correct": [(1, 0.0), (2, 0.25)],
        "wrong_value": [(1, 0.0), (2, 0.25)],
        "no_answer": [(1, 1.0), (2, 0.5)],
    }
    table = grpo_report.format_reasons(shares)
    assert "| no_answer            | 100%          | 50%          |" in table
    curves = grpo_report.reward_curves(history)
    assert curves == {"correctness": [(1, 0.0), (2, 0.25)], "reward": [(1, 0.0), (2, 0.25)]}


def test_plot_has_a_reason_panel(tmp_path: Path) -> None:
    _script()
    import grpo_report

    curves = {"correctness": [(1, 0.0), (2, 0.5)], "reward": [(1, 0.0), (2, 0.5)]}
    shares = {"no_answer": [(1, 1.0), (2, 0.5)], "correct": [(1, 0.0), (2, 0.5)]}
    one = grpo_report.plot_run(curves, {}, tmp_path / "one.png", "t")
    two = grpo_report.plot_run(curves, shares, tmp_path / "two.png", "t")
    assert one is not None and two is not None
    h_one = int.from_bytes(one.read_bytes()[20:24], "big")
    h_two = int.from_bytes(two.read_bytes()[20:24], "big")
    assert h_two > 1.8 * h_one  # a second panel, as tall as the first
