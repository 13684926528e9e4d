"""The ``unitreward audit`` command: its options, and running it (see :mod:`unitreward.audit`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from unitreward._audit_report import EXIT_USAGE
from unitreward._audit_run import FORMATS
from unitreward.audit import audit
from unitreward.engine.errors import ConfigError

_EPILOG = """\
exit codes: 0 no gate failed; 1 a --fail-on gate failed; 2 usage error (bad option, reward
or data that cannot be loaded); 3 the reward function is broken (it raised, hung, crashed,
returned the wrong number of rewards or a non-number in a format it otherwise supports, or
returned no reward at all).

example: unitreward audit my_rewards:accuracy --cases 50 --fail-on any=0 --json audit.json
"""


def add_command(commands: Any) -> None:
    """Add the ``audit`` command to the ``unitreward`` parser's subcommands.

    >>> parser = argparse.ArgumentParser(prog="unitreward")
    >>> add_command(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["audit", "unitreward.rewards:think_format", "-n", "2",
    ...                           "--problems", "2", "--classes", "empty", "-q"])
    >>> args.cases, args.format, args.fail_on
    (2, 'both', [])
    >>> run_command(args)
    0
    """
    parser: argparse.ArgumentParser = commands.add_parser(
        "audit",
        help="red-team a reward function: which attacks does it pay for?",
        description="Draw correct answers and attacks (hedges, ranges, wrong prefixes, restated\n"
        "givens, look-alike characters, notes to the grader, ...) against real problems, run\n"
        "them through a TRL-style reward function in the standard and conversational formats,\n"
        "and report per class the false-pass rate (attacks) or false-fail rate (controls),\n"
        "with the shortest counterexample.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "reward",
        metavar="MODULE:FUNCTION",
        help="the reward function: pkg.mod:func, pkg.mod.func or path/to/file.py:func",
    )
    data = parser.add_argument_group("what to audit on")
    data.add_argument(
        "--data",
        metavar="FILE",
        help="problems as .jsonl or .csv: 'solutions' (or 'solution'), optionally 'question' "
        "or 'prompt' (default: the bundled physics problems)",
    )
    data.add_argument("--problems", type=int, default=40, metavar="N", help="problems (default 40)")
    data.add_argument(
        "-n", "--cases", type=int, default=30, metavar="N", help="cases per class (default 30)"
    )
    data.add_argument("--seed", type=int, default=0, help="seed for a reproducible run (default 0)")
    data.add_argument(
        "--classes",
        metavar="A,B",
        help="only these classes (comma-separated; default: every attack and control)",
    )
    data.add_argument(
        "--format",
        choices=["both", *FORMATS],
        default="both",
        help="completion format(s) to call the reward with (default both)",
    )
    gate = parser.add_argument_group("gate and report")
    gate.add_argument(
        "--fail-on",
        action="append",
        default=[],
        metavar="CLASS=RATE",
        help="exit 1 when a class's rate is above RATE (0.05 or 5%%); CLASS may be any, attacks "
        "or controls; repeatable",
    )
    gate.add_argument("--json", metavar="OUT.json", help="write the full report as JSON")
    gate.add_argument(
        "--plot", metavar="OUT.png", help="save a bar chart of the rates (needs matplotlib)"
    )
    gate.add_argument("-q", "--quiet", action="store_true", help="print no table")
    gate.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    how = parser.add_argument_group("how the reward is called and judged")
    how.add_argument(
        "--timeout", type=float, default=10.0, metavar="S", help="seconds per call (default 10)"
    )
    how.add_argument(
        "--batch-size", type=int, default=16, metavar="N", help="completions per call (default 16)"
    )
    how.add_argument(
        "--rel-tol",
        type=float,
        default=1e-2,
        metavar="F",
        help="the reward's tolerance; wrong values are three times as far (default 0.01)",
    )
    how.add_argument(
        "--pay-above",
        type=float,
        default=0.0,
        metavar="X",
        help="an attack rewarded above X is a false pass (default 0)",
    )
    how.add_argument(
        "--full-reward",
        type=float,
        default=1.0,
        metavar="X",
        help="a control rewarded below X is a false fail (default 1)",
    )
    how.add_argument(
        "--shrink-budget",
        type=int,
        default=200,
        metavar="N",
        help="calls per class for shrinking a counterexample (default 200; 0: no shrinking)",
    )
    how.add_argument(
        "--isolation",
        choices=["process", "thread"],
        default="process",
        help="run the reward in a child process (default; killed when it hangs) or a thread",
    )
    parser.set_defaults(handler=run_command)


def run_command(args: Any) -> int:
    """Run ``unitreward audit`` for parsed arguments; return the exit code."""

    def fail(message: str) -> int:
        print(f"unitreward audit: error: {message}", file=sys.stderr)
        return EXIT_USAGE

    try:
        report = audit(
            args.reward,
            data=args.data,
            problems=args.problems,
            cases=args.cases,
            seed=args.seed,
            classes=[c.strip() for c in args.classes.split(",")] if args.classes else None,
            formats=FORMATS if args.format == "both" else (args.format,),
            fail_on=args.fail_on,
            timeout=args.timeout,
            batch_size=args.batch_size,
            rel_tol=args.rel_tol,
            pay_above=args.pay_above,
            full_reward=args.full_reward,
            shrink_budget=args.shrink_budget,
            isolation=args.isolation,
            progress=not args.no_progress and sys.stderr.isatty(),
        )
    except (ConfigError, ImportError) as exc:
        return fail(str(exc))
    if not args.quiet:
        print(report.table())
    if args.json:
        try:
            report.write_json(args.json)
        except OSError as exc:
            return fail(f"cannot write {args.json}: {exc.strerror}")
        if not args.quiet:
            print(f"report written to {args.json}")
    if args.plot:
        try:
            report.plot(args.plot)
        except ImportError as exc:
            return fail(str(exc))
        if not args.quiet:
            print(f"plot written to {args.plot}")
    return report.exit_code
