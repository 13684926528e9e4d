"""The ``unitreward`` command: check one completion, or score a whole file.

Three commands, each with ``--help``::

    unitreward check COMPLETION -r REFERENCE     # one verdict, explained
    unitreward score FILE.jsonl -o OUT.jsonl     # a verdict per row and a summary
    unitreward audit MODULE:FUNCTION             # red-team any reward function

``check`` takes its arguments in the order of :func:`unitreward.check`
(completion first, the reference named with ``--reference``/``-r``). The old
form ``unitreward check REFERENCE COMPLETION`` (two positional arguments, no
``-r``) still works and prints a deprecation message on stderr.

``python -m unitreward`` is the same program.

Exit codes:

* ``check``: 0 when the verdict is ``correct``, 1 for any other verdict, 2 on a
  usage error (a bad option, an unreadable input, an empty reference or one that
  cannot be parsed).
* ``score``: 0 when every row was scored, 1 when some rows were malformed (they
  are reported with their line numbers and counted; the other rows are still
  scored and written), 2 on a usage error (missing file, bad option).
* ``audit``: 0 when no ``--fail-on`` gate failed, 1 when one did, 2 on a usage
  error, 3 when the reward function is broken (see :mod:`unitreward.audit`).

>>> main(["check", "--quiet", "<think>d = vt</think> The displacement is 0.12 km", "-r", "120 m"])
0
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from unitreward._score_io import (
    Tally,
    UsageError,
    open_output,
    plot_reasons,
    prepare_path,
    pyplot,
    read_rows,
    row_fields,
    summary,
)
from unitreward._version import __version__
from unitreward.engine.errors import ConfigError
from unitreward.engine.verdict import UNPARSEABLE_REFERENCE, Verdict

__all__ = ["main"]

_EXIT_OK = 0
_EXIT_FAIL = 1
_EXIT_USAGE = 2

#: Malformed rows reported one by one on stderr before the rest are only counted.
_MAX_REPORTED_ERRORS = 20


# --------------------------------------------------------------------------- parser


def _abs_tol(text: str) -> float | str:
    """``--abs-tol`` is a number in the reference's unit or a quantity string like ``1 cm``."""
    try:
        return float(text)
    except ValueError:
        return text


def _add_checker_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("verdict options (as in unitreward.Checker)")
    group.add_argument(
        "--rel-tol",
        type=float,
        default=1e-2,
        metavar="F",
        help="relative tolerance after converting to the reference's unit (default: 0.01)",
    )
    group.add_argument(
        "--abs-tol",
        type=_abs_tol,
        default=0.0,
        metavar="X",
        help="absolute tolerance: a number in the reference's unit or a quantity such as "
        "'1 cm' (default: 0)",
    )
    group.add_argument(
        "--sig-figs",
        action="store_true",
        help="accept half a unit in the reference's last written digit",
    )
    group.add_argument(
        "--unitless-credit",
        type=float,
        default=0.0,
        metavar="F",
        help="reward for a right number without a unit when the reference has one (default: 0)",
    )
    group.add_argument(
        "--tolerance-rule",
        choices=("sum", "both", "either"),
        default="sum",
        help="how --rel-tol and --abs-tol combine when both are set: they add (sum, as "
        "numpy.isclose), each must hold (both, as lambda-feedback) or the larger holds "
        "(either, as math.isclose) (default: sum)",
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unitreward",
        description="Unit-aware verifiable rewards: check completions against reference quantities.",
        epilog="Run 'unitreward COMMAND --help' for the options of each command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser(
        "check",
        help="check one completion against a reference and explain the verdict",
        description="Check one completion against a reference and explain the verdict. "
        "Exit code 0 when correct, 1 when not, 2 on a usage error (including an empty "
        "reference or one that cannot be parsed).",
        epilog='Example: unitreward check "<think>...</think> The displacement is 0.12 km" '
        '-r "120 m".  The old form "unitreward check REFERENCE COMPLETION" still works '
        "(deprecated).",
    )
    check.add_argument(
        "positional",
        nargs="+",
        metavar="COMPLETION",
        help="the model's completion; '-' reads it from standard input",
    )
    check.add_argument(
        "-r",
        "--reference",
        action="append",
        default=[],
        metavar="REF",
        help="an acceptable reference answer, e.g. '120 m' (repeatable: a match with any "
        "one is a match)",
    )
    check.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="REF",
        help="another acceptable reference (same as a further --reference)",
    )
    _add_checker_options(check)
    output = check.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the verdict as one JSON object")
    output.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing; only the exit code tells"
    )

    score = commands.add_parser(
        "score",
        help="score a file of completions (JSON lines or a datasets folder)",
        description="Score every row of a JSON lines file (or a folder saved with "
        "datasets' save_to_disk), write one verdict per row and print a summary per reason. "
        "Malformed rows are reported with their line number and counted; the rest are scored. "
        "Exit code 0 when every row was scored, 1 when some were malformed, 2 on a usage error.",
    )
    score.add_argument("path", metavar="FILE", help="a .jsonl file ('-' for stdin) or a folder")
    score.add_argument(
        "--completion-field",
        default="completion",
        metavar="NAME",
        help="field holding the completion: a string or a list of chat messages "
        "(default: completion)",
    )
    score.add_argument(
        "--solutions-field",
        default=None,
        metavar="NAME",
        help="field holding the reference: a string, a number, or a list of acceptable "
        "ones (default: solutions, else solution, as the rewards read them)",
    )
    score.add_argument(
        "--id-field",
        default="id",
        metavar="NAME",
        help="field copied into each output row when present (default: id)",
    )
    score.add_argument(
        "--split", metavar="NAME", help="split to score when the folder holds a DatasetDict"
    )
    score.add_argument(
        "-o",
        "--output",
        metavar="OUT.jsonl",
        help="write one verdict per row as JSON lines ('-' for stdout; the summary then "
        "goes to stderr)",
    )
    score.add_argument(
        "--plot",
        metavar="PNG",
        help="save a PNG of the reward distribution per reason (needs matplotlib)",
    )
    score.add_argument(
        "--no-progress", action="store_true", help="never show a progress bar (tqdm)"
    )
    _add_checker_options(score)

    from unitreward._audit_command import add_command as add_audit_command  # its own module

    add_audit_command(commands)
    return parser


def _make_checker(args: argparse.Namespace) -> Any:
    from unitreward.engine.checker import Checker

    try:
        return Checker(
            rel_tol=args.rel_tol,
            abs_tol=args.abs_tol,
            sig_figs=args.sig_figs,
            unitless_credit=args.unitless_credit,
            tolerance_rule=args.tolerance_rule,
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc


# --------------------------------------------------------------------------- check


_OLD_CHECK_ORDER = (
    "unitreward check: deprecated: 'unitreward check REFERENCE COMPLETION' takes the reference "
    "first; write 'unitreward check COMPLETION --reference REFERENCE' (the order of "
    "unitreward.check). The old form will be removed in a future release."
)


def _check_inputs(args: argparse.Namespace) -> tuple[str, list[str]]:
    """The completion and the references of ``check``, whichever form the command line used.

    ``-r``/``--reference`` given: the one positional argument is the completion.
    No ``-r`` and two positional arguments: the deprecated ``REFERENCE COMPLETION``
    order (a deprecation message goes to stderr). Anything else is a usage error.
    """
    positional: list[str] = args.positional
    references: list[str] = [*args.reference]
    if references:
        if len(positional) != 1:
            raise UsageError(
                f"with --reference, give exactly one COMPLETION (got {len(positional)} "
                "positional arguments)"
            )
        completion = positional[0]
    elif len(positional) == 2:
        print(_OLD_CHECK_ORDER, file=sys.stderr)
        references, completion = [positional[0]], positional[1]
    elif len(positional) == 1:
        raise UsageError("no reference: add --reference REF (e.g. -r '120 m')")
    else:
        raise UsageError(
            f"expected COMPLETION --reference REF, got {len(positional)} positional arguments"
        )
    references += args.also
    for reference in references:
        if not reference.strip():
            raise UsageError("the reference is empty: give the expected answer, e.g. -r '120 m'")
    if completion == "-":
        completion = sys.stdin.read()
    return completion, references


def _run_check(args: argparse.Namespace) -> int:
    checker = _make_checker(args)
    completion, references = _check_inputs(args)
    verdict: Verdict = checker.check(completion, references)
    if verdict.reason == UNPARSEABLE_REFERENCE:
        shown = ", ".join(repr(r) for r in references)
        raise UsageError(f"unusable reference {shown}: {verdict.detail}")
    if args.json:
        print(json.dumps(verdict.to_dict(), ensure_ascii=False))
    elif not args.quiet:
        print(verdict)
        rows = [
            ("answer", "(none)" if verdict.answer is None else repr(verdict.answer)),
            ("expected", repr(verdict.expected)),
            ("dimension", "matches" if verdict.dimension_ok else "does not match"),
        ]
        for label, value in rows:
            print(f"  {label + ':':<11}{value}")
    return _EXIT_OK if verdict.correct else _EXIT_FAIL


# --------------------------------------------------------------------------- score
def _run_score(args: argparse.Namespace) -> int:
    checker = _make_checker(args)
    if args.plot:  # fail before scoring, not after
        pyplot()
        prepare_path(args.plot, "--plot")
    rows, bar, to_close = read_rows(args)
    out = open_output(args.output)
    report = sys.stderr if out is sys.stdout else sys.stdout
    if out is not None and out is not sys.stdout:
        to_close.append(out)
    tally = Tally()
    try:
        for row, size in rows:
            if bar is not None:
                bar.update(size)
            if row is None:
                continue  # a blank line
            parsed = (
                row_fields(row.data, args.completion_field, args.solutions_field)
                if row.data is not None
                else row.error or "unreadable"
            )
            record: dict[str, Any] = {row.key: row.number}
            if row.data is not None and args.id_field in row.data:
                record[args.id_field] = row.data[args.id_field]
            if isinstance(parsed, str):
                tally.malformed += 1
                if tally.malformed <= _MAX_REPORTED_ERRORS:
                    where = (
                        f"{args.path}:{row.number}" if row.key == "line" else f"row {row.number}"
                    )
                    print(f"{where}: malformed row: {parsed}", file=sys.stderr)
                record["error"] = parsed
            else:
                verdict: Verdict = checker.check(*parsed)
                tally.add(verdict.reason, verdict.reward)
                record.update(verdict.to_dict())
            if out is not None:
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    finally:
        if bar is not None:
            bar.close()
        for stream in to_close:
            stream.close()
    if tally.malformed > _MAX_REPORTED_ERRORS:
        hidden = tally.malformed - _MAX_REPORTED_ERRORS
        print(f"... and {hidden} more malformed rows", file=sys.stderr)
    print(summary(tally), file=report)
    if tally.malformed:
        print(f"{tally.malformed} malformed rows were skipped (see above)", file=report)
    if args.plot:
        plot_reasons(tally, args.plot)
        print(f"plot written to {args.plot}", file=report)
    return _EXIT_FAIL if tally.malformed else _EXIT_OK


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Run the ``unitreward`` command line and return its exit code.

    Args:
        argv: The arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success (``check``: the verdict is correct), 1 when ``check``'s
        verdict is not correct or ``score`` met malformed rows, 2 on a usage error
        (for ``check``, an empty or unparseable reference too).

    >>> main(["check", "--quiet", "The displacement is 0.12 km", "-r", "120 m"])
    0
    >>> main(["check", "--quiet", "The displacement is 0.12 m", "-r", "120 m"])
    1
    """
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else _EXIT_USAGE
    try:
        if args.command == "audit":  # exit codes: see unitreward.audit
            return int(args.handler(args))
        if args.command == "check":
            return _run_check(args)
        return _run_score(args)
    except UsageError as exc:
        print(f"unitreward {args.command}: error: {exc}", file=sys.stderr)
        return _EXIT_USAGE
    except BrokenPipeError:  # e.g. `unitreward score big.jsonl -o - | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _EXIT_FAIL
