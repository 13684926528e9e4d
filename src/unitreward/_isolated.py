"""Call an untrusted reward function with a time limit, and never let it take the caller down.

A reward function under audit may raise, hang, exit the interpreter or return
something that is not a list of rewards. :class:`IsolatedCaller` runs it in a
worker (a child process by default, a daemon thread on request) and stops
waiting after ``timeout`` seconds: a hung process is killed and replaced, a hung
thread is abandoned (it cannot be killed, only left behind). No ``signal`` is
used, so it works off the main thread and on every platform.

What comes back is an :class:`Outcome`: the status of the call and, when it
returned, its value made portable (numbers as floats, anything else described).
The worker loop is written out here rather than using
:class:`concurrent.futures.ProcessPoolExecutor`, because a pool cannot kill one
hung task and keep its other workers, and a broken pool fails every pending
call.
"""

from __future__ import annotations

import math
import multiprocessing
import pickle
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["IsolatedCaller", "Outcome"]

#: Statuses of a call. ``returned``: the function returned (``value`` holds it).
RETURNED, RAISED, TIMEOUT, CRASHED = "returned", "raised", "timeout", "crashed"

_MAX_MESSAGE = 300


@dataclass(frozen=True)
class Outcome:
    """What one call did.

    Attributes:
        status: ``returned``, ``raised``, ``timeout`` or ``crashed`` (the worker
            process died without answering).
        value: For ``returned``: a list whose items are floats, ``None``, or a
            string describing an item that is no number; or a string describing
            a return value that is no sequence. ``None`` otherwise.
        message: For the other statuses: what happened, in one line.
        seconds: How long the call took, as seen by the caller.
    """

    status: str
    value: list[float | str | None] | str | None = None
    message: str = ""
    seconds: float = 0.0


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _portable_item(item: Any) -> float | str | None:
    if item is None:
        return None
    if isinstance(item, (str, bytes)):
        return f"not a number: {item!r}"[:80]
    try:
        return float(item)  # int, bool, float, numpy and torch scalars
    except (TypeError, ValueError, OverflowError):
        return f"not a number: {type(item).__name__}"


def portable(result: Any) -> list[float | str | None] | str:
    """A reward function's return value as plain data (what crosses a process boundary).

    >>> portable([1, None, 0.5])
    [1.0, None, 0.5]
    >>> portable(None)
    'returned None, not a list'
    >>> portable([float("nan"), "x"])
    [nan, "not a number: 'x'"]
    """
    if result is None:
        return "returned None, not a list"
    if isinstance(result, (str, bytes, Mapping)) or not isinstance(result, Iterable):
        return f"returned a {type(result).__name__}, not a list"
    try:
        return [_portable_item(item) for item in result]
    except Exception as exc:  # an iterable that fails while iterating
        return f"returned a {type(result).__name__} that fails when iterated: {exc!r}"


def _call(func: Callable[..., Any], kwargs: dict[str, Any]) -> tuple[str, Any]:
    try:
        return RETURNED, portable(func(**kwargs))
    except BaseException as exc:  # SystemExit and KeyboardInterrupt too: the function's doing
        return RAISED, _one_line(f"{type(exc).__name__}: {exc}")


def _serve(conn: Any, func: Callable[..., Any]) -> None:  # pragma: no cover - in the child
    """The worker process: answer each request until told to stop (``None``)."""
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            conn.send(_call(func, request))
        except Exception as exc:  # an unpicklable answer cannot happen (plain data); be safe
            conn.send((RAISED, _one_line(f"cannot send the result back: {exc!r}")))


def _context() -> Any:
    """``fork`` where the platform has it (the function need not be picklable), else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class IsolatedCaller:
    """Calls ``func(**kwargs)`` in a worker, waiting at most ``timeout`` seconds per call.

    Args:
        func: The function to call.
        timeout: Seconds to wait for one call, ``> 0``.
        isolation: ``"process"`` (a child process, killed and replaced when a
            call hangs) or ``"thread"`` (a daemon thread, abandoned when a call
            hangs; for functions that cannot run in a child process).

    >>> caller = IsolatedCaller(lambda completions, **kw: [len(c) for c in completions],
    ...                         timeout=5, isolation="thread")
    >>> caller.call({"completions": ["ab", "c"]}).value
    [2.0, 1.0]
    >>> caller.close()
    """

    def __init__(self, func: Callable[..., Any], *, timeout: float, isolation: str) -> None:
        if isolation not in ("process", "thread"):
            raise ValueError(f"isolation must be 'process' or 'thread', got {isolation!r}")
        if isolation == "process" and _context().get_start_method() != "fork":
            try:
                pickle.dumps(func)
            except Exception:
                isolation = "thread"  # spawn needs a picklable function
        self.func = func
        self.timeout = float(timeout)
        self.isolation = isolation
        self._process: Any = None
        self._conn: Any = None
        self._thread: threading.Thread | None = None
        self._requests: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._answers: queue.Queue[tuple[str, Any]] = queue.Queue()

    # -- process workers

    def _start_process(self) -> None:
        ctx = _context()
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child, self.func), daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent

    def _stop_process(self, *, kill: bool) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is None:
            return
        if not kill:
            try:
                conn.send(None)
            except (OSError, ValueError):
                kill = True
            process.join(timeout=1.0)
        if process.is_alive():
            process.kill()
            process.join(timeout=5.0)
        conn.close()

    def _call_process(self, kwargs: dict[str, Any]) -> Outcome:
        if self._process is None or not self._process.is_alive():
            if self._process is not None:
                self._stop_process(kill=True)
            self._start_process()
        start = time.perf_counter()
        try:
            self._conn.send(kwargs)
        except Exception as exc:
            self._stop_process(kill=True)
            return Outcome(CRASHED, message=_one_line(f"cannot send the batch: {exc!r}"))
        if not self._conn.poll(self.timeout):
            self._stop_process(kill=True)
            return Outcome(
                TIMEOUT,
                message=f"no result within {self.timeout:g} s",
                seconds=time.perf_counter() - start,
            )
        try:
            status, payload = self._conn.recv()
        except (EOFError, OSError):
            code = None
            if self._process is not None:
                self._process.join(timeout=1.0)  # it is exiting: let it report its exit code
                code = self._process.exitcode
            self._stop_process(kill=True)
            return Outcome(
                CRASHED,
                message=f"the worker process died (exit code {code})",
                seconds=time.perf_counter() - start,
            )
        seconds = time.perf_counter() - start
        if status == RETURNED:
            return Outcome(RETURNED, value=payload, seconds=seconds)
        return Outcome(status, message=payload, seconds=seconds)

    # -- thread workers

    def _thread_main(self, requests: queue.Queue[Any], answers: queue.Queue[Any]) -> None:
        while True:
            request = requests.get()
            if request is None:
                return
            answers.put(_call(self.func, request))

    def _call_thread(self, kwargs: dict[str, Any]) -> Outcome:
        if self._thread is None:
            self._requests, self._answers = queue.Queue(), queue.Queue()
            self._thread = threading.Thread(
                target=self._thread_main,
                args=(self._requests, self._answers),
                name="unitreward-audit-call",
                daemon=True,
            )
            self._thread.start()
        start = time.perf_counter()
        self._requests.put(kwargs)
        try:
            status, payload = self._answers.get(timeout=self.timeout)
        except queue.Empty:
            self._thread = None  # abandoned: a hung daemon thread cannot be stopped
            return Outcome(
                TIMEOUT,
                message=f"no result within {self.timeout:g} s",
                seconds=time.perf_counter() - start,
            )
        seconds = time.perf_counter() - start
        if status == RETURNED:
            return Outcome(RETURNED, value=payload, seconds=seconds)
        return Outcome(status, message=payload, seconds=seconds)

    # -- public

    def call(self, kwargs: dict[str, Any]) -> Outcome:
        """Call the function once with ``kwargs``; never raises because of the function."""
        if self.isolation == "process":
            return self._call_process(kwargs)
        return self._call_thread(kwargs)

    def close(self) -> None:
        """Stop the worker (a hung thread is left behind; it is a daemon)."""
        if self.isolation == "process":
            self._stop_process(kill=False)
        elif self._thread is not None:
            self._requests.put(None)
            self._thread = None

    def __enter__(self) -> IsolatedCaller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_finite_number(value: Any) -> bool:
    """Whether a portable item is a usable reward (a finite float).

    >>> is_finite_number(0.5), is_finite_number(math.nan), is_finite_number(None)
    (True, False, False)
    """
    return isinstance(value, float) and math.isfinite(value)
