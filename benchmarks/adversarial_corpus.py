r"""Adversarial inputs for a reward function: ``CASES``, a list of :class:`Case`.

Each case is a completion and its references built to make a parser hang,
blow up memory, raise, or overflow: power towers, factorial chains, huge and
deeply nested inputs, NaN and infinities, unknown units, unbalanced LaTeX,
binary junk, and hostile references. A correct reward function gives every case
a verdict with a reward in ``[0, 1]``, quickly, and the same verdict in any
thread.

Used by ``benchmarks/adversarial.py`` (timings) and ``tests/test_adversarial.py``
(verdicts, thread-pool equality). Importable by path; depends only on the
standard library.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["CASES", "Case"]

MB = 1 << 20


@dataclass(frozen=True)
class Case:
    """One adversarial input: a short name, the completion and its references.

    ``correct`` is what the verdict policy says: ``False`` (the default) when the
    input must not be paid, ``True`` when its final answer is right despite the
    noise around it, ``None`` when the policy leaves it open.
    """

    name: str
    completion: Any  # str or a list of chat messages
    solutions: list[str]
    correct: bool | None = False

    @property
    def size(self) -> int:
        if isinstance(self.completion, str):
            return len(self.completion)
        return sum(len(str(m.get("content", ""))) for m in self.completion)


def _junk(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n)).decode("latin-1")


#: Cases whose final answer is right under the noise (all others must score 0).
_RIGHT = {
    "many boxed",  # 20,000 boxes that agree
    "10,000 think tags",
    "10,000 closing think tags",
    "1 MB completion",
    "1 MB answer section",
    "1 MB of equals",
    "1 MB message",
    "answer tags x 10,000",  # nested tags around 120 m: the whole section is read (issue 13)
    "lone surrogates",
    "rtl and emoji",
}
#: Cases the policy leaves open.
_OPEN = {
    "10,000 closing braces",
    "20,000 nested text",  # the wrappers unwrap to 120 m; reading it or not is fair either way
    "control characters",
    "unicode digits",
    "dangling superscripts",
    "combining marks",
    "null bytes",
}


def _cases() -> list[Case]:
    think = "<think>\nWorking it out.\n</think>\n\n"
    m = ["120 m"]
    cases = [
        # ---- power towers and huge exponents: must not be evaluated exactly
        Case("power tower boxed", r"\boxed{10^{10^{10^{10}}}}", m),
        Case("power tower boxed with unit", think + r"\boxed{10^{10^{10^{10}}}\ \text{m}}", m),
        Case("power tower 9^9^9^9", think + r"The answer is $9^{9^{9^{9}}}$ m", m),
        Case("power tower unbraced", think + "The answer is 9^9^9^9 m", m),
        Case("power tower as reference", think + r"\boxed{120 m}", [r"10^{10^{10^{10}}} m"]),
        Case("2^2^2^2^2", think + r"\boxed{2^{2^{2^{2^{2}}}}\,\text{m}}", m),
        Case("pi tower", think + r"\boxed{\pi^{\pi^{\pi^{\pi}}}\ \text{m}}", m),
        Case("e tower", think + r"\boxed{e^{e^{e^{e^{e}}}} m}", m),
        Case("sqrt2 to a huge power", think + r"\boxed{\sqrt{2}^{10^{10}}\ \text{m}}", m),
        Case("10^999999 m", think + r"\boxed{10^{999999}\ \text{m}}", m),
        Case("1.2 x 10^99999999", think + r"The answer is $1.2 \times 10^{99999999}$ m", m),
        Case(
            "huge over huge", think + r"\boxed{\frac{10^{100000}}{10^{99999}}\ \text{m}}", ["10 m"]
        ),
        Case("unit to a huge power", think + r"\boxed{120\ \mathrm{m^{10^{10}}}}", m),
        Case("unit power 999999999", think + "The answer is 120 m^999999999", m),
        # ---- factorials
        Case("9!!!!!!", think + r"\boxed{9!!!!!!}", ["9"]),
        Case("100000!", think + r"\boxed{100000!\ \text{m}}", m),
        Case("(10^10)!", think + r"\boxed{(10^{10})!}", ["1e10"]),  # not 1e10
        Case("(3)!", think + "The answer is (3)! m", ["3 m"]),  # 6 m, not 3 m
        # ---- overflow, NaN, infinity
        Case("1e999999 m", think + "The answer is 1e999999 m", m),
        Case("1e-999999 m", think + "The answer is 1e-999999 m", m),
        Case("-1e999999 m", think + r"\boxed{-1e999999 m}", m),
        Case("1e308 * 10", think + r"\boxed{1e308 \times 10^{10} m}", m),
        Case("nan m", think + "The answer is nan m", m),
        Case("NaN boxed", think + r"\boxed{NaN}", ["0.5"]),
        Case("inf J", think + "The answer is inf J", ["3 J"]),
        Case("-inf J", think + r"\boxed{-\infty\ \text{J}}", ["3 J"]),
        Case("infinity reference", think + r"\boxed{3 J}", ["inf J"]),
        Case("nan reference", think + r"\boxed{3 J}", ["nan J"]),
        Case("division by zero", think + r"\boxed{\frac{1}{0}\ \text{m}}", m),
        Case("zero over zero", think + "The answer is 0/0 m", m),
        Case("400-digit number", think + f"The answer is {'9' * 400} m", m),
        Case("100k-digit number", think + "The answer is " + "1" * 100_000 + " m", m),
        Case("100k-digit decimal", think + "The answer is 0." + "0" * 100_000 + "1 m", m),
        Case("below absolute zero", think + r"\boxed{-500\ \text{K}}", ["300 K"]),
        Case("hot celsius", think + r"\boxed{1e308\ ^\circ\text{C}}", ["300 K"]),
        # ---- unknown units
        Case("unknown unit", think + "The answer is 120 blorbs", m),
        Case("unknown unit in compound", think + "The answer is 120 m/blorb", ["120 m/s"]),
        Case("unknown reference unit", think + r"\boxed{3 m}", ["3 flurbs"]),
        Case("python in unit", think + "The answer is 3 __import__('os')", m),
        Case("pint-hostile unit", think + "The answer is 3 m**m**m", m),
        Case("unit soup", think + "The answer is 3 " + "kg·m·s·" * 2000 + "K", m),
        Case("slash chain", think + "The answer is 3 " + "m/" * 5000 + "s", m),
        Case("nested unit parens", think + "The answer is 3 " + "(" * 5000 + "m" + ")" * 5000, m),
        Case("empty reference", think + r"\boxed{3 m}", [""]),
        Case("junk reference", think + r"\boxed{3 m}", [_junk(200, 7)]),
        Case("no references", think + r"\boxed{3 m}", []),
        # ---- unbalanced and deep LaTeX
        Case("10,000 nested braces", think + r"\boxed{" + "{" * 10_000 + "120 m" + "}" * 10_001, m),
        Case("10,000 unclosed braces", think + r"\boxed{" + "{" * 10_000 + "120 m", m),
        Case("20,000 nested text", think + "\\text{" * 20_000 + "120 m" + "}" * 20_000, m),
        Case("20,000 unclosed text", think + "\\text{" * 20_000 + "120 m", m),
        Case(
            "formula reference, 5,000 nested text",
            think + "$" + "\\text{" * 5000 + "x" + "}" * 5000 + "$",
            [r"\frac{q_0}{\sqrt{2LC}}"],
        ),
        Case(
            "several parts, 500 values",
            think + r"\boxed{" + ", ".join(f"{i} m" for i in range(500)) + "}",
            ["R = 5 Ω, P = 20 W"],
        ),
        Case("10,000 closing braces", think + "}" * 10_000 + " 120 m", m),
        Case(
            "5,000 nested sqrt", think + r"\boxed{" + r"\sqrt{" * 5000 + "2" + "}" * 5000 + "}", m
        ),
        Case(
            "5,000 nested frac",
            think + r"\boxed{" + r"\frac{1}{" * 5000 + "2" + "}" * 5000 + "}",
            m,
        ),
        Case(
            "10,000 nested parens",
            think + r"\boxed{" + "(" * 10_000 + "1" + ")" * 10_000 + " m}",
            m,
        ),
        Case("unbalanced frac", think + r"\boxed{\frac{1}{", m),
        Case("unbalanced boxed", think + r"\boxed{120 m", m),
        Case("unbalanced text", think + r"The answer is 120\ \text{m", m),
        Case("unbalanced sqrt", think + r"The answer is \sqrt{ m", m),
        Case("unbalanced SI", think + r"\SI{120}{\meter", m),
        Case("SI with 1e999999", think + r"\SI{1e999999}{\meter}", m),
        Case("dangling superscripts", think + "The answer is 120 m^^^^^^^^", m),
        Case("many boxed", think + r"\boxed{120 m} " * 20_000, m),
        Case(
            "many disagreeing boxed",
            think + "".join(rf"\boxed{{{i} m}} " for i in range(20_000)),
            m,
        ),
        Case("50,000 quantities", think + ", ".join(f"{i} m" for i in range(50_000)), m),
        Case(
            "answer tags x 10,000", think + "<answer>" * 10_000 + "120 m" + "</answer>" * 10_000, m
        ),
        # ---- think blocks
        Case("think never closes", "<think>" + "x" * 1000 + r" \boxed{120 m}", m),
        Case("10,000 think tags", "<think>" * 10_000 + "</think>" * 10_000 + r"\boxed{120 m}", m),
        Case("10,000 closing think tags", "</think>" * 10_000 + " 120 m", m),
        # ---- size
        Case(
            "1 MB completion",
            "<think>\n" + "Let me think. " * (MB // 14) + "\n</think>\n\nThe answer is 0.12 km",
            m,
        ),
        Case("1 MB answer section", think + "blah " * (MB // 5) + "The answer is 0.12 km", m),
        Case("1 MB of digits", think + "1" * MB, m),
        Case("1 MB of spaces", think + "1" + " " * MB + "x", m),
        Case("1 MB of dots", think + "1." * (MB // 2), m),
        Case("1 MB of 1e1e1e", think + "1e" * (MB // 2) + "1 m", m),
        Case("1 MB of times 10^", think + r"1 \times 10^" * (MB // 12) + "1 m", m),
        Case("1 MB of equals", think + "x = " * (MB // 4) + "120 m", m),
        Case("1 MB unclosed think", "<think>" + "a" * MB, m),
        Case("1 MB reference", think + r"\boxed{120 m}", ["1" * MB + " m"]),
        # ---- junk
        Case("binary junk", _junk(4096, 1), m),
        Case("binary junk after think", think + _junk(65_536, 2), m),
        Case("null bytes", think + "\x00" * 10_000 + r"\boxed{120\x00 m}", m),
        Case("lone surrogates", think + "\ud800\udfff The answer is 120 m \udc00", m),
        Case("control characters", think + "".join(chr(i) for i in range(32)) * 100 + "120 m", m),
        Case("unicode digits", think + "The answer is ١٢٠ m", m),
        Case("superscript soup", think + "The answer is 1" + "⁰¹²³⁴⁵⁶⁷⁸⁹⁻" * 1000 + " m", m),
        Case("combining marks", think + "The answer is 1\u0301\u0302\u0303" * 1000 + "20 m", m),
        Case("rtl and emoji", think + "\u202eThe answer is 120 m 🚀\u202c", m),
        Case("empty completion", "", m),
        Case("whitespace only", " \n\t " * 1000, m),
        # ---- chat messages
        Case("empty message list", [], m),
        Case("message without text", [{"role": "assistant", "content": ""}], m),
        Case(
            "conversation with power tower",
            [
                {"role": "user", "content": "How far?"},
                {"role": "assistant", "content": think + r"\boxed{9^{9^{9^{9}}}\ \text{m}}"},
            ],
            m,
        ),
        Case("1 MB message", [{"role": "assistant", "content": "x " * (MB // 2) + "120 m"}], m),
    ]
    cases = [
        replace(c, correct=True)
        if c.name in _RIGHT
        else replace(c, correct=None)
        if c.name in _OPEN
        else c
        for c in cases
    ]
    names = [c.name for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    unknown = (_RIGHT | _OPEN) - set(names)
    if duplicates or unknown:  # keeps test ids unique and the sets in step with the list
        raise RuntimeError(f"duplicate case names {sorted(duplicates)}, unknown {sorted(unknown)}")
    return cases


#: Every adversarial case, in a stable order with unique names.
CASES: list[Case] = _cases()
