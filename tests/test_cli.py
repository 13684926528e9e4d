"""The ``unitreward`` command line: ``check``, ``score``, exit codes, ``python -m``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from unitreward import REASONS
from unitreward.cli import main

README_COMPLETION = "<think>...</think> The displacement is 0.12 km"


def write_jsonl(path: Path, lines: list[object]) -> Path:
    """Each item is a dict (dumped as JSON) or a raw str/bytes line written as is."""
    with path.open("wb") as f:
        for line in lines:
            if isinstance(line, dict):
                f.write(json.dumps(line).encode() + b"\n")
            elif isinstance(line, str):
                f.write(line.encode() + b"\n")
            else:
                assert isinstance(line, bytes)
                f.write(line + b"\n")
    return path


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- check


def test_check_readme_command_is_correct(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", README_COMPLETION, "--reference", "120 m"]) == 0
    captured = capsys.readouterr()
    first, *rest = captured.out.splitlines()
    assert first.startswith("correct (reward 1")
    assert "  answer:    '0.12 km'" in rest
    assert "  expected:  '120 m'" in rest
    assert "  dimension: matches" in rest
    assert captured.err == ""  # the new order is not deprecated


def test_check_wrong_value_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "The displacement is 0.12 m", "-r", "120 m"]) == 1
    assert capsys.readouterr().out.startswith("wrong_value (reward 0")


def test_check_wrong_dimension_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-r", "120 m", "The answer is 120 s"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("wrong_dimension")
    assert "dimension: does not match" in out


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", README_COMPLETION, "-r", "120 m"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reason"] == "correct"
    assert data["reward"] == 1.0
    assert data["answer"] == "0.12 km"
    assert data["expected"] == "120 m"
    assert data["dimension_ok"] is True


def test_check_quiet_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-q", "0.12 m", "-r", "120 m"]) == 1
    assert capsys.readouterr().out == ""


def test_check_reads_completion_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("<think>x</think>\nSo v = 54 km/h.\n"))
    assert main(["check", "--json", "-", "-r", "15 m/s"]) == 0
    assert json.loads(capsys.readouterr().out)["answer"] == "54 km/h"


def test_check_more_references_are_acceptable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-q", "The answer is 120 m", "-r", "5 s"]) == 1
    assert main(["check", "-q", "The answer is 120 m", "-r", "5 s", "-r", "120 m"]) == 0
    assert main(["check", "-q", "The answer is 120 m", "-r", "5 s", "--also", "120 m"]) == 0


def test_check_options_reach_the_checker() -> None:
    # 110 m is 10% off 100 m: wrong with the default rel_tol=0.01, right with 0.2.
    assert main(["check", "-q", "The answer is 110 m", "-r", "100 m"]) == 1
    assert main(["check", "-q", "--rel-tol", "0.2", "The answer is 110 m", "-r", "100 m"]) == 0


def test_check_unitless_credit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", "The answer is 120", "-r", "120 m"]) == 1
    assert json.loads(capsys.readouterr().out)["reason"] == "missing_unit"
    argv = ["check", "--json", "--unitless-credit", "0.5", "The answer is 120", "-r", "120 m"]
    assert main(argv) == 1
    assert json.loads(capsys.readouterr().out)["reward"] == 0.5


# The deprecated order: `check REFERENCE COMPLETION` (two positionals, no -r) still gives the
# same verdict and exit code, and says on stderr how to write it now; stdout is unchanged.
@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (["120 m", README_COMPLETION], [README_COMPLETION, "-r", "120 m"], 0),  # correct
        (["120 m", "It is 0.12 m"], ["It is 0.12 m", "-r", "120 m"], 1),  # wrong value
        (["--json", "5 kg", "It is 5 g"], ["--json", "It is 5 g", "-r", "5 kg"], 1),  # JSON out
        (["-q", "3 m", "It is 3 m"], ["-q", "It is 3 m", "-r", "3 m"], 0),  # quiet
        (["5 s", "It is 120 m", "--also", "120 m"], ["It is 120 m", "-r", "5 s", "-r", "120 m"], 0),
    ],
)
def test_check_old_order_still_works_with_a_deprecation_message(
    old: list[str], new: list[str], code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *old]) == code
    old_out = capsys.readouterr()
    assert main(["check", *new]) == code
    new_out = capsys.readouterr()
    assert old_out.out == new_out.out
    assert "deprecated" in old_out.err and "--reference" in old_out.err
    assert new_out.err == ""


# An unusable reference is a usage problem (exit 2, a message on stderr, nothing on stdout),
# not a wrong answer (exit 1): a script must be able to tell "bad data" from "bad model".
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["It is 3 m", "-r", ""], "the reference is empty"),  # empty
        (["It is 3 m", "-r", "   "], "the reference is empty"),  # blank
        (["It is 3 m", "-r", "3 m", "--also", ""], "the reference is empty"),  # one of several
        (["", "It is 3 m"], "the reference is empty"),  # old order, empty reference
        (["It is 3 m", "-r", "no number here"], "unusable reference 'no number here'"),  # text
        (["-q", "It is 3 m", "-r", "kg m"], "unusable reference 'kg m'"),  # a unit, no value
        (["--json", "It is 3 m", "-r", "@@"], "unusable reference '@@'"),  # JSON mode too
        (["no number", "It is 3 m"], "unusable reference 'no number'"),  # old order
    ],
)
def test_check_unusable_reference_exits_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"unitreward check: error: {message}" in captured.err


def test_check_one_bad_reference_among_good_ones_is_not_an_error() -> None:
    # Several acceptable references: a match with any parseable one is a match.
    assert main(["check", "-q", "It is 3 m", "-r", "not a quantity", "-r", "3 m"]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--rel-tol", "-1", "1 m", "-r", "1 m"],  # ConfigError from Checker
        ["check", "--unitless-credit", "2", "1 m", "-r", "1 m"],  # outside [0, 1]
        ["check", "--rel-tol", "abc", "1 m", "-r", "1 m"],  # not a number (argparse)
        ["check", "1 m"],  # no reference (one positional, no -r)
        ["check", "-r", "1 m"],  # missing COMPLETION
        ["check", "a", "b", "-r", "1 m"],  # -r and two positionals: which is which?
        ["check", "a", "b", "c"],  # three positionals
        ["check", "--json", "--quiet", "1 m", "-r", "1 m"],  # mutually exclusive
        [],  # no command
        ["frobnicate"],  # unknown command
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["score", "--help"]])
def test_help_everywhere(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    assert "usage: unitreward" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from unitreward import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"unitreward {__version__}"


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "unitreward", "check", README_COMPLETION, "-r", "120 m"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("correct")


def test_console_script_is_main() -> None:
    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "unitreward"]
    assert script.load() is main


# --------------------------------------------------------------------------- score

GOOD = [
    {"id": "a", "completion": README_COMPLETION, "solutions": ["120 m"]},
    {"id": "b", "completion": "The answer is 3 s", "solutions": "3 m"},
    {
        "id": "c",
        "completion": [{"role": "assistant", "content": "It is 54 km/h."}],
        "solutions": ["15 m/s", "54 km/h"],
    },
]
MULTIMODAL = {
    "id": "d",
    "completion": [{"role": "assistant", "content": [{"type": "text", "text": "It is 3 m"}]}],
    "solutions": "3 m",
}


def test_score_writes_one_verdict_per_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [*GOOD, MULTIMODAL])
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out)]) == 0
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"]
    assert [r["line"] for r in rows] == [1, 2, 3, 4]
    assert [r["reason"] for r in rows] == ["correct", "wrong_dimension", "correct", "correct"]
    assert [r["reward"] for r in rows] == [1.0, 0.0, 1.0, 1.0]
    assert set(rows[0]) >= {"answer", "expected", "detail", "dimension_ok"}
    summary = capsys.readouterr().out.splitlines()
    table = {line.split()[0]: line.split()[1:] for line in summary[1:]}
    assert table["correct"] == ["3", "75.0%", "1.000"]
    assert table["wrong_dimension"] == ["1", "25.0%", "0.000"]
    assert table["total"] == ["4", "100.0%", "0.750"]
    assert set(table) <= {*REASONS, "total"}


def test_score_malformed_rows_are_reported_counted_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_jsonl(
        tmp_path / "in.jsonl",
        [
            GOOD[0],
            "{not json",  # line 2
            "[1, 2]",  # line 3
            {"completion": "3 m"},  # line 4: no solutions
            b"\xff\xfe junk",  # line 5: not UTF-8
            "",  # line 6: blank lines are skipped silently
            {"completion": 3, "solutions": "3 m"},  # line 7
            {"completion": "3 m", "solutions": []},  # line 8
            GOOD[1],  # line 9
        ],
    )
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert [line.split(": malformed row")[0] for line in err] == [
        f"{src}:{n}" for n in (2, 3, 4, 5, 7, 8)
    ]
    assert "invalid JSON" in err[0]
    assert "expected a JSON object, got list" in err[1]
    assert "missing field 'solutions' or 'solution'" in err[2]
    assert "not UTF-8" in err[3]
    assert "'completion' must be a string or a list of chat messages" in err[4]
    assert "'solutions' must be a non-empty string, a number, or a non-empty list" in err[5]
    rows = read_jsonl(out)
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5, 7, 8, 9]
    assert [("error" in r) for r in rows] == [False] + [True] * 6 + [False]
    assert rows[-1]["reason"] == "wrong_dimension"
    assert "malformed 6 75.0% -" in [" ".join(line.split()) for line in captured.out.splitlines()]
    assert "6 malformed rows were skipped" in captured.out


def test_score_caps_the_error_listing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", ["nope"] * 25 + [GOOD[0]])
    assert main(["score", str(src)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21
    assert err[-1] == "... and 5 more malformed rows"


def test_score_custom_fields_and_output_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"key": 7, "text": "v = 15 m/s", "ref": "54 km/h"}])
    argv = ["score", str(src), "--completion-field", "text", "--solutions-field", "ref"]
    assert main([*argv, "--id-field", "key", "-o", "-"]) == 0
    captured = capsys.readouterr()
    (row,) = [json.loads(line) for line in captured.out.splitlines()]
    assert row["key"] == 7 and row["reason"] == "correct"
    assert "total" in captured.err  # the summary moves to stderr


def test_score_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "".join(json.dumps(row) + "\n" for row in GOOD).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["score", "-"]) == 0
    assert "total 3 100.0% 0.667" in [
        " ".join(x.split()) for x in capsys.readouterr().out.splitlines()
    ]


def test_score_options_reach_the_checker(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"completion": "It is 110 m", "solutions": "100 m"}])
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out)]) == 0
    assert read_jsonl(out)[0]["reason"] == "wrong_value"
    assert main(["score", str(src), "-o", str(out), "--rel-tol", "0.2"]) == 0
    assert read_jsonl(out)[0]["reason"] == "correct"


def test_score_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "nope.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_score_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    png = tmp_path / "rewards.png"
    assert main(["score", str(src), "--plot", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# `score` reads the references the way the rewards do: `solutions`, else `solution`; strings,
# numbers, or lists of them. Each row: (row, expected reason or the start of the error).
@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"completion": "It is 3 m", "solution": "3 m"}, "correct"),  # TRL's `solution` column
        ({"completion": "x = 4", "solution": 4}, "correct"),  # an integer reference
        ({"completion": "ratio 0.25", "solution": 0.25}, "correct"),  # a float reference
        ({"completion": "It is 2.5 m", "solutions": [2.5, "2.5 m"]}, "correct"),  # mixed list
        ({"completion": "It is 3 m", "solution": 3}, "wrong_dimension"),  # bare number ref
        ({"completion": "3 m", "solutions": "3 m", "solution": "9 s"}, "correct"),  # solutions wins
        ({"completion": "3 m", "solution": True}, "field 'solution' must be"),  # a bool
        ({"completion": "3 m", "solution": float("nan")}, "field 'solution' must be"),  # NaN
        ({"completion": "3 m", "solution": None}, "field 'solution' must be"),  # null
        ({"completion": "3 m", "solution": [""]}, "field 'solution' must be"),  # only blanks
        ({"completion": "3 m", "answer": "3 m"}, "missing field 'solutions' or 'solution'"),
    ],
)
def test_score_reads_solution_and_numbers(
    row: dict[str, object], expected: str, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(row) + "\n", encoding="utf-8"
    )  # NaN is written as NaN, as Python reads it
    out = tmp_path / "out.jsonl"
    main(["score", str(src), "-o", str(out)])
    (scored,) = read_jsonl(out)
    assert scored.get("reason", scored.get("error", "")).startswith(expected), scored


def test_score_solutions_field_names_one_field_only(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"completion": "3 m", "solution": "3 m"}])
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "--solutions-field", "ref", "-o", str(out)]) == 1
    assert read_jsonl(out)[0]["error"].startswith("missing field 'ref'")


@pytest.mark.parametrize("option", ["--plot", "-o"])
def test_score_writes_into_a_missing_folder(option: str, tmp_path: Path) -> None:
    if option == "--plot":
        pytest.importorskip("matplotlib")
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    target = tmp_path / "not" / "yet" / ("out.png" if option == "--plot" else "out.jsonl")
    assert main(["score", str(src), option, str(target)]) == 0
    assert target.stat().st_size > 0


@pytest.mark.parametrize("option", ["--plot", "-o"])
def test_score_unwritable_target_exits_2_before_scoring(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if option == "--plot":
        pytest.importorskip("matplotlib")
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    blocked = tmp_path / "a-file" / "out.png"  # a folder cannot be made where a file is
    assert main(["score", str(src), option, str(blocked)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert f"unitreward score: error: {'--plot' if option == '--plot' else '--output'}" in (
        captured.err
    )
    assert "total" not in captured.out  # nothing was scored
    assert main(["score", str(src), option, str(tmp_path)]) == 2  # a folder, not a file
    assert "is a folder" in capsys.readouterr().err


def test_score_plot_without_matplotlib_exits_2_before_scoring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    assert main(["score", str(src), "--plot", str(tmp_path / "p.png")]) == 2
    captured = capsys.readouterr()
    assert "--plot needs matplotlib" in captured.err
    assert "total" not in captured.out


def test_score_datasets_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    datasets = pytest.importorskip("datasets")
    rows = [
        {"id": "a", "completion": README_COMPLETION, "solutions": ["120 m"]},
        {"id": "b", "completion": "The answer is 3 s", "solutions": ["3 m"]},
    ]
    folder = tmp_path / "ds"
    datasets.Dataset.from_list(rows).save_to_disk(str(folder))
    out = tmp_path / "out.jsonl"
    assert main(["score", str(folder), "-o", str(out)]) == 0
    scored = read_jsonl(out)
    assert [(r["index"], r["id"], r["reason"]) for r in scored] == [
        (0, "a", "correct"),
        (1, "b", "wrong_dimension"),
    ]

    both = tmp_path / "dd"
    datasets.DatasetDict(
        {"train": datasets.Dataset.from_list(rows), "test": datasets.Dataset.from_list(rows[:1])}
    ).save_to_disk(str(both))
    assert main(["score", str(both)]) == 2
    assert "--split" in capsys.readouterr().err
    assert main(["score", str(both), "--split", "test", "-o", str(out)]) == 0
    assert [r["id"] for r in read_jsonl(out)] == ["a"]


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("flag", [[], ["--no-progress"]])
def test_score_progress_bar_on_a_terminal(
    flag: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("tqdm")
    import unitreward._score_io

    monkeypatch.setattr(unitreward._score_io, "_PROGRESS_MIN_BYTES", 1)  # a bar even for a small file
    err = _FakeTerminal()
    monkeypatch.setattr(sys, "stderr", err)
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    assert main(["score", str(src), *flag]) == 0
    assert ("scoring:" in err.getvalue()) is not bool(flag)


def test_score_no_progress_bar_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import unitreward._score_io

    monkeypatch.setattr(unitreward._score_io, "_PROGRESS_MIN_BYTES", 1)
    src = write_jsonl(tmp_path / "in.jsonl", GOOD)
    assert main(["score", str(src)]) == 0
    assert "scoring" not in capsys.readouterr().err
