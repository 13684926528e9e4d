"""Worst-case time of unitreward on adversarial inputs, in the main thread and in a thread pool.

Usage::

    python benchmarks/adversarial.py [--repeat 3] [--threads 4] [--no-math-verify] [--mv-cap 12]
                                     [--only SUBSTRING]

For every case of ``adversarial_corpus.CASES`` it prints:

* unitreward's fastest and slowest of ``--repeat`` runs in the main thread
  (after one warm-up call; the fastest is the input's own cost, the slowest
  adds whatever else the machine was doing), and its reason;
* the max time of the same calls run concurrently in a ``ThreadPoolExecutor``
  (time measured inside the worker, so waiting for the GIL counts), and whether
  every verdict there equals the main thread's;
* math-verify's time and reward for the same input, with its own timeouts (5 s,
  ``signal.alarm``). It runs in a forked child process, in that child's main
  thread; a child still running after ``--mv-cap`` seconds (math-verify's alarm
  cannot interrupt a long C-level computation such as a huge integer power) is
  killed and reported as capped.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from _peers import MATH_VERIFY_TIMEOUT, fmt_seconds, math_verify_available, math_verify_reward
from adversarial_corpus import CASES, Case

LIMIT = 0.020  # the target: no input takes more than 20 ms


def timed_check(checker: Any, case: Case) -> tuple[float, dict[str, object]]:
    """Seconds and the verdict as a dict (``reason`` says ``raised ...`` if check raised)."""
    t0 = time.perf_counter()
    try:
        verdict = checker.check(case.completion, case.solutions).to_dict()
    except Exception as exc:  # a bug: check must never raise; report it in the table
        verdict = {"reason": f"raised {type(exc).__name__}: {exc}"}
    return time.perf_counter() - t0, verdict


def math_verify_in_child(case: Case, cap: float) -> tuple[float, str]:
    """math-verify's (seconds, reward or what went wrong), in a forked child's main thread."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        t0 = time.perf_counter()
        try:
            reward = f"{math_verify_reward(case.completion, case.solutions):g}"
        except BaseException as exc:  # report, never hang the parent
            reward = f"raised {type(exc).__name__}"
        send.send((time.perf_counter() - t0, reward))

    process = ctx.Process(target=child, daemon=True)
    t0 = time.perf_counter()
    process.start()
    process.join(cap)
    if process.is_alive():
        process.kill()
        process.join()
        return time.perf_counter() - t0, f"killed at {cap:g} s"
    if receive.poll():
        seconds, reward = receive.recv()
        return float(seconds), str(reward)
    return time.perf_counter() - t0, f"died (exit code {process.exitcode})"


def math_verify_off_main_thread() -> str:
    """What math-verify does when called from a worker thread (as TRL may do)."""
    from math_verify import parse

    outcome: list[str] = []

    def worker() -> None:
        try:
            parse("The answer is 3", raise_on_error=True)
            outcome.append("ran")
        except Exception as exc:
            outcome.append(f"{type(exc).__name__}: {str(exc)[:90]}...")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    return outcome[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (default: 3)")
    parser.add_argument("--threads", type=int, default=4, help="thread pool size (default: 4)")
    parser.add_argument("--no-math-verify", action="store_true")
    parser.add_argument(
        "--mv-cap",
        type=float,
        default=12.0,
        help="kill math-verify's child process after this many seconds (default: 12)",
    )
    parser.add_argument("--only", metavar="SUBSTRING", help="run only the cases whose name has it")
    args = parser.parse_args(argv)

    import unitreward

    checker = unitreward.Checker()
    cases = [c for c in CASES if args.only is None or args.only in c.name]
    run_mv = not args.no_math_verify and math_verify_available()
    checker.check("The displacement is 0.12 km", "120 m")  # build the registry once
    if run_mv:  # import and initialise math-verify once, before the children fork
        math_verify_reward(r"The answer is $\frac{1}{2}$", "0.5")

    print(
        f"{len(cases)} adversarial cases; unitreward: fastest and slowest of {args.repeat} runs "
        f"in the main thread, then the same {args.repeat} runs per case at once in a pool of "
        f"{args.threads} threads"
    )
    if run_mv:
        print(
            f"math-verify: timeouts {MATH_VERIFY_TIMEOUT} s, forked child's main thread, "
            f"killed after {args.mv_cap:g} s"
        )
    print()

    best_times: dict[str, float] = {}
    main_times: dict[str, float] = {}
    main_verdicts: dict[str, dict[str, object]] = {}
    for case in cases:
        timed_check(checker, case)  # warm-up
        runs = [timed_check(checker, case) for _ in range(args.repeat)]
        best_times[case.name] = min(t for t, _ in runs)
        main_times[case.name] = max(t for t, _ in runs)
        main_verdicts[case.name] = runs[0][1]
        same_in_main = all(v == runs[0][1] for _, v in runs)
        if not same_in_main:
            print(f"note: {case.name}: verdicts differ between runs in the main thread")

    pool_times: dict[str, float] = dict.fromkeys(main_times, 0.0)
    pool_reasons: dict[str, set[str]] = {name: set() for name in main_times}
    same: dict[str, bool] = dict.fromkeys(main_times, True)
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        jobs = [
            (case.name, pool.submit(timed_check, checker, case))
            for case in cases
            for _ in range(args.repeat)
        ]
        for name, job in jobs:
            seconds, verdict = job.result()
            pool_times[name] = max(pool_times[name], seconds)
            same[name] &= verdict == main_verdicts[name]
            pool_reasons[name].add(str(verdict["reason"])[:80])

    width = max(len(c.name) for c in cases) + 2
    print(
        f"{'case':<{width}}{'chars':>10}{'main best':>11}{'main max':>11}{'pool max':>11}"
        f"{'same':>6}  {'reason':<22}" + (f"{'math-verify':>12}  result" if run_mv else "")
    )
    mv_results: dict[str, tuple[float, str]] = {}
    for case in cases:
        name = case.name
        line = (
            f"{name:<{width}}{case.size:>10,}{fmt_seconds(best_times[name]):>11}"
            f"{fmt_seconds(main_times[name]):>11}"
            f"{fmt_seconds(pool_times[name]):>11}{'yes' if same[name] else 'NO':>6}  "
            f"{main_verdicts[name]['reason']!s:<22}"
        )
        if run_mv:
            mv_results[name] = math_verify_in_child(case, args.mv_cap)
            seconds, result = mv_results[name]
            line += f"{fmt_seconds(seconds):>12}  {result}"
        print(line, flush=True)

    print()
    worst = max(main_times, key=main_times.__getitem__)
    worst_pool = max(pool_times, key=pool_times.__getitem__)
    worst_best = max(best_times, key=best_times.__getitem__)
    over = [c.name for c in cases if best_times[c.name] > LIMIT]
    over_max = [c.name for c in cases if main_times[c.name] > LIMIT]
    print(
        f"unitreward worst case, main thread: best of {args.repeat} "
        f"{fmt_seconds(best_times[worst_best])} ({worst_best}); "
        f"slowest run {fmt_seconds(main_times[worst])} ({worst})"
    )
    print(
        f"unitreward worst case, thread pool: {fmt_seconds(pool_times[worst_pool])} ({worst_pool})"
    )
    print(
        f"unitreward cases over {LIMIT * 1e3:g} ms in the main thread: {len(over)} by best run"
        + (f" ({', '.join(over)})" if over else "")
        + f", {len(over_max)} by slowest run"
        + (f" ({', '.join(over_max)})" if over_max else "")
    )
    print(f"unitreward verdicts equal in the thread pool: {sum(same.values())}/{len(same)}")
    for name in (n for n, ok in same.items() if not ok):
        print(
            f"  differs: {name}: main thread {main_verdicts[name]['reason']}, pool {pool_reasons[name]}"
        )
    unexpected = [
        f"{c.name} ({main_verdicts[c.name]['reason']})"
        for c in cases
        if c.correct is not None and (main_verdicts[c.name]["reason"] == "correct") != c.correct
    ]
    print(
        f"unitreward verdicts that break the policy (paid noise or unpaid answers): {len(unexpected)}"
        + (f" ({', '.join(unexpected)})" if unexpected else "")
    )
    raised = [n for n, v in main_verdicts.items() if str(v["reason"]).startswith("raised")]
    print(
        f"unitreward raised in the main thread: {len(raised)}"
        + (f" ({', '.join(raised)})" if raised else "")
    )
    if run_mv:
        slow = [n for n, (s, _) in mv_results.items() if s > 1.0]
        killed = [n for n, (_, r) in mv_results.items() if r.startswith("killed")]
        print(
            f"math-verify: {len(slow)} cases over 1 s, {len(killed)} killed at {args.mv_cap:g} s"
            + (f" ({', '.join(killed)})" if killed else "")
        )
        print(f"math-verify called from a worker thread: {math_verify_off_main_thread()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
