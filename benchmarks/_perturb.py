r"""Checks of a symbolic or several-part reference: itself, and itself perturbed.

``check_symbolic(row)`` reads ``row["reference"]`` with ``parse_reference`` and returns
``{"read", "self", "doubled", "sign", "swap"}`` (``True``: the check passed, ``None``:
it does not apply). Used by ``references.py`` for the ``expression`` and ``multi`` kinds.

- ``self``: the reference boxed in a sentence scores 1.
- ``doubled`` / ``sign``: the value times 2 / times -1 scores 0. For a quantity or a
  number, the number is changed (``290 K`` -> ``580 K``); for an expression it is wrapped
  (``2\left(...\right)``); for an equation, its right-hand side. A value of 0 is left out.
- ``swap``: two variables swapped scores 0, where the swap changes the value (decided by
  evaluating both at a point with distinct coordinates; for an equation, also where the
  engine's ``equations_equivalent`` finds the zero sets differ: ``hν/c = a + γ b`` and
  ``hν/γ = a + c b`` are one equation up to a factor). The swapped text renames the
  variables where they are written (token spans from the engine's lexer) and must parse
  back to the renamed expression, else the check is left out.

For several parts, one part is perturbed (the first the perturbation applies to) and the
rest stay as written; a set (``\{..\}``, ``\pm``) is rewritten from its parts' texts.
"""

from __future__ import annotations

import cmath
import random
from typing import Any

from unitreward import check
from unitreward.engine.answers import (
    Answer,
    EquationAnswer,
    ExpressionAnswer,
    PartsAnswer,
    QuantityAnswer,
    parse_reference,
    unwrap,
)
from unitreward.engine.errors import UnitrewardError
from unitreward.engine.expression import (
    Equation,
    Expression,
    equations_equivalent,
    parse_equation,
    parse_expression,
)
from unitreward.engine.parts import enclosure, split_parts
from unitreward.engine.tokens import NAME, SUB, Lexer

CheckResult = dict[str, bool | None]
PERTURBATIONS = ("doubled", "sign", "swap")


def _boxed(text: str) -> str:
    return f"So the final answer is $\\boxed{{{text}}}$."


def _number(value: float) -> str:
    return f"{value:.12g}"


# ------------------------------------------------------------------ one value perturbed


def _quantity_text(answer: QuantityAnswer, how: str) -> str | None:
    q = answer.quantity
    if how == "swap" or q.magnitude == 0:
        return None
    factor = 2.0 if how == "doubled" else -1.0
    unit = q.unit_text
    if q.unit is not None and q.unit.is_percent:
        unit = "\\%"
    return f"{_number(q.magnitude * factor)} {unit}".strip()


def _differs(a: Any, b: Any, names: list[str]) -> bool:
    """Whether two evaluables (expressions or equation residues) differ at two points."""
    rng = random.Random(7)
    for _ in range(2):
        point = {n: complex(rng.uniform(0.6, 2.4)) for n in names}
        va, vb = a(point), b(point)
        if not (cmath.isfinite(va) and cmath.isfinite(vb)):
            continue
        if abs(va - vb) > 1e-6 * max(abs(va), abs(vb), 1e-12):
            return True
    return False


def _name_spans(text: str) -> list[tuple[str, int, int]]:
    """``(canonical name, start, end)`` of each plain variable written in ``text``."""
    try:
        tokens = Lexer(text).all()
    except (UnitrewardError, ValueError):
        return []
    spans = []
    for i, tok in enumerate(tokens):
        if tok[0] != NAME:
            continue
        if i > 1 and tokens[i - 1][1] == "{" and str(tokens[i - 2][1]).startswith("decor:"):
            continue  # \dot{x}: a decorated name, left alone
        name, end = str(tok[1]), tok[3]
        if i + 1 < len(tokens) and tokens[i + 1][0] == SUB and tokens[i + 1][2] == end:
            name, end = f"{name}_{tokens[i + 1][1]}", tokens[i + 1][3]
        spans.append((name, tok[2], end))
    return spans


def _swapped_text(text: str, expected: Expression | Equation, parse: Any) -> str | None:
    """``text`` with two variables swapped where that changes it, checked by parsing."""
    spans = _name_spans(text)
    written = {name: text[s:e] for name, s, e in spans}
    names = sorted(n for n in expected.variables if n in written)
    evaluate = _evaluator(expected)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            renamed = expected.renamed({a: b, b: a})
            if not _differs(evaluate, _evaluator(renamed), sorted(expected.variables)):
                continue
            if (
                isinstance(expected, Equation)
                and isinstance(renamed, Equation)
                and equations_equivalent(expected, renamed, rel_tol=1e-9)
            ):
                continue  # hν/c = .. + γ.. and hν/γ = .. + c..: the same zeros
            out, last = [], 0
            for name, s, e in spans:
                if name in (a, b):
                    out.append(text[last:s])
                    out.append(written[b if name == a else a])
                    last = e
            out.append(text[last:])
            candidate = "".join(out)
            try:
                parsed = parse(candidate)
            except (UnitrewardError, ValueError):
                continue
            if parsed == renamed:
                return candidate
    return None


def _evaluator(x: Expression | Equation) -> Any:
    if isinstance(x, Equation):
        return lambda p: x.lhs.evaluate(p) - x.rhs.evaluate(p)
    return x.evaluate


def _is_zero(x: Expression) -> bool:
    return not _differs(x.evaluate, lambda p: 0j, sorted(x.variables))


def _expression_text(answer: ExpressionAnswer, how: str) -> str | None:
    value = answer.expression
    if how == "swap":
        return _swapped_text(value.text, value, parse_expression)
    if _is_zero(value):
        return None
    factor = "2" if how == "doubled" else "-"
    return f"{factor}\\left({value.text}\\right)"


def _equation_text(equation: Equation, how: str) -> str | None:
    if how == "swap":
        return _swapped_text(equation.text, equation, parse_equation)
    if _is_zero(equation.rhs):
        return None
    factor = "2" if how == "doubled" else "-"
    return f"{equation.lhs.text} = {factor}\\left({equation.rhs.text}\\right)"


def _value_text(answer: Answer, how: str) -> str | None:
    """The value of one answer perturbed, as text (``None`` where it does not apply)."""
    if isinstance(answer, QuantityAnswer):
        return _quantity_text(answer, how)
    if isinstance(answer, ExpressionAnswer):
        return _expression_text(answer, how)
    if isinstance(answer, EquationAnswer):
        return _equation_text(answer.equation, how)
    return None


# ------------------------------------------------------------------ several parts


def _item_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, value)`` of each top-level item's value in ``text``."""
    items = split_parts(text)
    offset = 0
    if len(items) == 1:
        enclosed = enclosure(text)
        if enclosed is None:
            return []
        inside = enclosed[1]
        offset = text.find(inside)
        items = split_parts(inside)
        text = inside
    spans = []
    for item in items:
        begin = text.find(item.text, item.start)
        at = begin + item.text.rfind(item.value) if begin >= 0 else -1
        if begin < 0 or at < begin:
            return []
        spans.append((offset + at, offset + at + len(item.value), item.value))
    return spans


def _part_text(part: Answer) -> str:
    return part.text if not isinstance(part, QuantityAnswer) else part.quantity.text


def _parts_text(text: str, answer: PartsAnswer, how: str) -> str | None:
    """The reference with one part perturbed (the first the perturbation applies to)."""
    if not answer.ordered and answer.brackets != "{}":  # \pm: rewrite as a set
        for i, part in enumerate(answer.parts):
            changed = _value_text(part, how)
            if changed is not None:
                texts = [_part_text(p) for p in answer.parts]
                texts[i] = changed
                return "\\{" + ", ".join(texts) + "\\}"
        return None
    spans = _item_spans(text)
    if len(spans) != len(answer.parts):
        return None
    for (start, end, _), part in zip(spans, answer.parts, strict=True):
        changed = _value_text(part, how)
        if changed is not None:
            return text[:start] + changed + text[end:]
    return None


def perturbed(text: str, answer: Answer, how: str) -> str | None:
    """The reference as a completion's answer, perturbed ``how``; ``None`` if N/A."""
    if isinstance(answer, PartsAnswer):
        return _parts_text(text, answer, how)
    if isinstance(answer, ExpressionAnswer) and answer.label is not None:
        changed = _expression_text(answer, how)
        label = answer.equation.lhs.text if answer.equation is not None else answer.label
        return None if changed is None else f"{label} = {changed}"
    return _value_text(answer, how)


def check_symbolic(row: dict[str, Any], index: int = 0) -> CheckResult:
    """The checks for an ``expression`` or ``multi`` reference."""
    reference = row["reference"]
    try:
        answer = parse_reference(reference)
    except (UnitrewardError, ValueError):
        return {"read": False}
    text = unwrap(reference)
    result: CheckResult = {"read": True, "self": check(_boxed(text), reference).reward == 1.0}
    for how in PERTURBATIONS:
        try:
            changed = perturbed(text, answer, how)
        except (UnitrewardError, ValueError, ArithmeticError):
            changed = None
        result[how] = None if changed is None else check(_boxed(changed), reference).reward == 0.0
    return result
