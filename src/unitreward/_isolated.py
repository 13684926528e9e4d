"""Call an untrusted reward function with a time limit, and never let it take the caller down.

A reward function under audit may raise, hang, exit the interpreter or return
something that is not a list of rewards. :class:`IsolatedCaller` runs it in a
worker (a child process by default, a daemon thread on request) and stops
waiting after ``timeout`` seconds: a hung process is killed and replaced, a hung
thread is abandoned (it cannot be killed, only left behind). No ``signal`` is
used, so it works off the main thread and on every platform.

The child process is a fresh interpreter (``python -c``), not a fork: a forked
child inherits whatever the caller imported and cached, and some rewards
(math-verify's, through sympy's caches) then score the same completion
differently, so the same seed would not give the same audit. It is not a
:mod:`multiprocessing` ``spawn`` child either, which re-runs the caller's
``__main__`` script (a script calling the audit without an
``if __name__ == "__main__"`` guard would start itself again). The child gets
the caller's ``sys.path``, loads the function by name when it has one
(``spec``), else unpickles it; a function that can be neither (a closure, a
function of ``__main__``) runs in a thread instead. The function's own output
(prints, warnings) is discarded: stdout carries the protocol (pickles).

What comes back is an :class:`Outcome`: the status of the call and, when it
returned, its value made portable (numbers as floats, anything else described).
The worker loop is written out here rather than using
:class:`concurrent.futures.ProcessPoolExecutor`, because a pool cannot kill one
hung task and keep its other workers, and a broken pool fails every pending
call.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["IsolatedCaller", "Outcome"]

#: Statuses of a call. ``returned``: the function returned (``value`` holds it).
RETURNED, RAISED, TIMEOUT, CRASHED = "returned", "raised", "timeout", "crashed"

_MAX_MESSAGE = 300
_READY = "ready"


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


def _worker_main() -> None:  # pragma: no cover - runs in the child
    """The worker process: set up, load the function, answer requests until stdin closes.

    Reads pickles from stdin: the caller's ``sys.path``, then ``("spec", name)`` or
    ``("pickle", bytes)``, then one ``kwargs`` dict per call (``None`` to stop).
    Writes one pickle per message to what was stdout; the function's own prints
    go nowhere.
    """
    stdin = sys.stdin.buffer
    out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the process's life

    def send(message: Any) -> None:
        pickle.dump(message, out)
        out.flush()

    sys.path[:] = pickle.load(stdin)
    how, payload = pickle.load(stdin)
    func: Callable[..., Any]
    try:
        if how == "spec":
            from unitreward._audit_inputs import load_reward

            func = load_reward(payload)
        else:
            func = pickle.loads(payload)
    except Exception as exc:
        func = _Failing(_one_line(f"cannot load the function in the worker: {exc}"))
    send((_READY, None))  # loaded: from now on, the caller's time limit applies
    while True:
        try:
            request = pickle.load(stdin)
        except (EOFError, OSError, pickle.UnpicklingError):
            return
        if request is None:
            return
        send(_call(func, request))


class _Failing:
    """Stands in for a function the worker could not load: every call raises why."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, **kwargs: Any) -> Any:
        raise RuntimeError(self.message)


def _importable(func: Callable[..., Any]) -> bool:
    """Whether a fresh interpreter can unpickle ``func`` without running a ``__main__``.

    A function of ``__main__`` (a script, a notebook, the REPL) would make the
    child run the script again, or fail to find it.

    >>> _importable(math.isfinite), _importable(lambda: 0)
    (True, False)
    """
    owner = func if hasattr(func, "__qualname__") else type(func)
    if getattr(owner, "__module__", "__main__") in ("__main__", "__mp_main__"):
        return False
    try:
        pickle.dumps(func)
    except Exception:
        return False
    return True


def _read_messages(stream: Any, answers: queue.Queue[Any]) -> None:
    """Reader thread: every pickle the worker writes, then ``_EOF`` when it is gone."""
    while True:
        try:
            answers.put(pickle.load(stream))
        except Exception:
            answers.put(_EOF)
            return


_EOF = ("eof", None)
_WORKER = "from unitreward._isolated import _worker_main; _worker_main()"


class IsolatedCaller:
    """Calls ``func(**kwargs)`` in a worker, waiting at most ``timeout`` seconds per call.

    Args:
        func: The function to call.
        timeout: Seconds to wait for one call, ``> 0``.
        isolation: ``"process"`` (a child process, killed and replaced when a
            call hangs) or ``"thread"`` (a daemon thread, abandoned when a call
            hangs; for functions that cannot run in a child process).
        spec: The function's name (``pkg.mod:func``, ``file.py:func``), which
            the child process loads it by; without it the function is pickled.
        startup_timeout: Seconds a new worker process may take to start and
            load the function (importing TRL takes seconds); not part of
            ``timeout``.

    >>> caller = IsolatedCaller(lambda completions, **kw: [len(c) for c in completions],
    ...                         timeout=5, isolation="thread")
    >>> caller.call({"completions": ["ab", "c"]}).value
    [2.0, 1.0]
    >>> caller.close()
    """

    def __init__(
        self,
        func: Callable[..., Any],
        *,
        timeout: float,
        isolation: str,
        spec: str | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        if isolation not in ("process", "thread"):
            raise ValueError(f"isolation must be 'process' or 'thread', got {isolation!r}")
        if isolation == "process" and spec is None and not _importable(func):
            isolation = "thread"  # a fresh interpreter can neither load nor unpickle it
        self.func = func
        self.spec = spec
        self.startup_timeout = float(startup_timeout)
        self.timeout = float(timeout)
        self.isolation = isolation
        self._process: Any = None
        self._answers_from_process: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._requests: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._answers: queue.Queue[tuple[str, Any]] = queue.Queue()

    # -- process workers

    def _start_process(self) -> Outcome | None:
        """Start a worker and wait until it has loaded the function; what failed, or ``None``."""
        package_root = str(Path(__file__).resolve().parents[1])  # where unitreward is
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [package_root, *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
        )
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        answers: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=_read_messages, args=(process.stdout, answers), daemon=True).start()
        self._process, self._answers_from_process = process, answers
        how = ("spec", self.spec) if self.spec is not None else ("pickle", pickle.dumps(self.func))
        for setup in (list(sys.path), how):
            if self._send(setup) is not None:
                return self._died(start, "while loading the function")
        try:
            status, _ = answers.get(timeout=self.startup_timeout)
        except queue.Empty:
            self._stop_process(kill=True)
            message = f"the worker did not load the function within {self.startup_timeout:g} s"
            return Outcome(TIMEOUT, message=message, seconds=time.perf_counter() - start)
        if status != _READY:
            return self._died(start, "while loading the function")
        return None

    def _send(self, message: Any) -> Exception | None:
        try:
            pickle.dump(message, self._process.stdin)
            self._process.stdin.flush()
        except Exception as exc:
            return exc
        return None

    def _died(self, start: float, when: str = "") -> Outcome:
        process = self._process
        code = None
        if process is not None:
            try:
                code = process.wait(timeout=1.0)  # it is exiting: let it report its exit code
            except subprocess.TimeoutExpired:
                code = None
        self._stop_process(kill=True)
        where = f" {when}" if when else ""
        return Outcome(
            CRASHED,
            message=f"the worker process died{where} (exit code {code})",
            seconds=time.perf_counter() - start,
        )

    def _stop_process(self, *, kill: bool) -> None:
        process = self._process
        self._process = None
        if process is None:
            return
        if not kill:
            self._send_quietly(process)
            try:
                process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                kill = True
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5.0)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    @staticmethod
    def _send_quietly(process: Any) -> None:
        with contextlib.suppress(Exception):
            pickle.dump(None, process.stdin)
            process.stdin.close()

    def _call_process(self, kwargs: dict[str, Any]) -> Outcome:
        if self._process is None or self._process.poll() is not None:
            if self._process is not None:
                self._stop_process(kill=True)
            failed = self._start_process()
            if failed is not None:
                return failed
        start = time.perf_counter()
        error = self._send(kwargs)
        if error is not None:
            if isinstance(error, (pickle.PicklingError, TypeError, AttributeError)):
                self._stop_process(kill=True)
                return Outcome(CRASHED, message=_one_line(f"cannot send the batch: {error!r}"))
            return self._died(start)
        try:
            status, payload = self._answers_from_process.get(timeout=self.timeout)
        except queue.Empty:
            self._stop_process(kill=True)
            return Outcome(
                TIMEOUT,
                message=f"no result within {self.timeout:g} s",
                seconds=time.perf_counter() - start,
            )
        if (status, payload) == _EOF:
            return self._died(start)
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
