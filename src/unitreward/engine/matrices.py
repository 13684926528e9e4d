r"""Matrices: ``\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}``, ``bmatrix``, ``\left[\begin{array}{cc}..\end{array}\right]``.

A matrix is read into rows of entry texts: rows end at ``\\``, entries at ``&`` (at brace
depth 0), ``\hline`` and empty trailing rows are dropped, and the bracket style does not
matter (``pmatrix``, ``bmatrix``, ``matrix``, ``array`` inside ``\left[ \right]``). A
``vmatrix`` is a determinant (a number), not a matrix, and is not read here.

An answer matches a matrix reference when its final answer holds a matrix of the same
shape whose every entry is right (each entry judged in its own kind by the checker: a
number within tolerance, an expression by equivalence). Where the final answer is: the
``\boxed{}`` answers (several different matrices boxed are a hedge), else the ``<answer>``
tags, else the region a final-answer phrase marks, else the last matrix of the answer
section. An expression of matrices (``A + B``, ``A B``) is not evaluated: its last matrix
is read.

>>> matrix_rows(r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}")
[['1', '2'], ['3', '4']]
>>> matrix_rows(r"\left[\begin{array}{cc}1 & 2 \\3 & 4\end{array}\right]")
[['1', '2'], ['3', '4']]
"""

from __future__ import annotations

import re
from collections.abc import Callable

from unitreward.engine.errors import UnitrewardError
from unitreward.engine.expression import parse_expression
from unitreward.engine.extract import answer_tags, boxed_spans, phrase_region
from unitreward.engine.kinds import Answer, MatrixAnswer
from unitreward.engine.verdict import AMBIGUOUS, CORRECT, NO_ANSWER, WRONG_VALUE, Verdict

__all__ = ["MAX_ENTRIES", "find_matrices", "judge_matrix", "matrix_rows"]

#: Matrices with more entries than this are not read.
MAX_ENTRIES = 256

_ENVIRONMENT = re.compile(
    r"\\begin\s*\{(?P<env>pmatrix|bmatrix|Bmatrix|matrix|smallmatrix|array)\}"
    r"(?:\s*\{[^{}]*\})?(?P<body>.*?)\\end\s*\{(?P=env)\}",
    re.DOTALL,
)
_AROUND = re.compile(r"[\s()\[\].]*")
_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])")
_HLINE = re.compile(r"\\hline|\\cline\s*\{[^{}]*\}")


def find_matrices(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, body)`` of every matrix environment in ``text``, in order.

    >>> [body.strip() for _, _, body in find_matrices(r"$A = \\begin{bmatrix}1\\end{bmatrix}$")]
    ['1']
    """
    return [(m.start(), m.end(), m.group("body")) for m in _ENVIRONMENT.finditer(text)]


def _split(text: str, separator: str) -> list[str]:
    """``text`` cut at ``separator`` outside braces (``\\\\`` or ``&``)."""
    out: list[str] = []
    depth = start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and text.startswith(separator, i) and depth == 0:
            out.append(text[start:i])
            i = start = i + len(separator)
            continue
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == separator and depth == 0:
            out.append(text[start:i])
            start = i + 1
        i += 1
    out.append(text[start:])
    return out


def _rows(body: str) -> list[list[str]] | None:
    rows = []
    for row in _split(_HLINE.sub(" ", body), "\\\\"):
        if not row.strip():
            continue
        rows.append([entry.strip() for entry in _split(row, "&")])
    if not rows or any(len(r) != len(rows[0]) for r in rows) or any(not e for r in rows for e in r):
        return None
    if len(rows) * len(rows[0]) > MAX_ENTRIES:
        return None
    return rows


def matrix_rows(text: str) -> list[list[str]] | None:
    r"""The rows of entry texts when ``text`` is one matrix (brackets around it aside), else ``None``.

    >>> matrix_rows(r"(\begin{pmatrix}\frac{1}{3} \\ \frac{1}{5}\end{pmatrix})")
    [['\\frac{1}{3}'], ['\\frac{1}{5}']]
    >>> matrix_rows(r"\begin{pmatrix}1 & 2\end{pmatrix} + \begin{pmatrix}3 & 4\end{pmatrix}") is None
    True
    """
    found = find_matrices(text)
    if len(found) != 1:
        return None
    start, end, body = found[0]
    outside = _SIZING.sub("", text[:start] + text[end:])
    if not _AROUND.fullmatch(outside):
        return None
    return _rows(body)


def _region(section: str) -> tuple[str, list[str]]:
    """``(where, texts)``: where the final answer's matrices are."""
    boxes = [content for content, _ in boxed_spans(section) if find_matrices(content)]
    if boxes:
        return "boxed", boxes
    tags = [t for t in answer_tags(section) if find_matrices(t)]
    if tags:
        return "answer tag", tags
    region = phrase_region(section)
    if region is not None and find_matrices(region):
        return "marked", [region]
    return "section", [section]


ItemJudge = Callable[[str, Answer], Verdict]

_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$([^$]+?)\$", re.DOTALL)
_SUM = re.compile(r"^\s*([+-])?\s*$")
_PRODUCT = re.compile(r"^\s*(?:\\cdot|\\times|\*)?\s*$")


def _last_formula(text: str) -> str:
    """The last formula of ``text`` that holds a matrix (the text itself if none)."""
    formulas = [next(g for g in m.groups() if g is not None) for m in _MATH.finditer(text)]
    with_matrix = [f for f in formulas if "\\begin" in f]
    return with_matrix[-1] if with_matrix else text


def evaluated(text: str) -> list[list[str]] | None:
    r"""The rows of a sum, difference or product of matrices of numbers, written out
    (``A + B``, ``A - B``, ``A B``, ``A \cdot B``); ``None`` for anything else.

    >>> evaluated(r"\begin{pmatrix}1 & 2\end{pmatrix} + \begin{pmatrix}3 & 4\end{pmatrix}")
    [['4', '6']]
    >>> evaluated(r"\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}\begin{pmatrix}2 \\ 3\end{pmatrix}")
    [['2'], ['3']]
    """
    found = find_matrices(text)
    if len(found) < 2:
        return None
    outside = _SIZING.sub("", text[: found[0][0]] + text[found[-1][1] :])
    if not _AROUND.fullmatch(outside):
        return None
    matrices = [n for _, _, body in found if (n := _numbers(body)) is not None]
    if len(matrices) != len(found):
        return None
    terms: list[tuple[float, list[list[float]]]] = []  # (sign, product so far)
    current: list[list[float]] | None = matrices[0]
    sign = 1.0
    for i in range(1, len(found)):
        gap = _SIZING.sub("", text[found[i - 1][1] : found[i][0]])
        if current is None:
            return None
        if _PRODUCT.match(gap):
            current = _product(current, matrices[i])
        elif (joined := _SUM.match(gap)) is not None:
            terms.append((sign, current))
            sign, current = (-1.0 if joined.group(1) == "-" else 1.0), matrices[i]
        else:
            return None
    if current is None:
        return None
    terms.append((sign, current))
    shape = (len(terms[0][1]), len(terms[0][1][0]))
    if any((len(t), len(t[0])) != shape for _, t in terms):
        return None
    total = [[sum(s * t[r][c] for s, t in terms) for c in range(shape[1])] for r in range(shape[0])]
    return [[f"{v:.15g}" for v in row] for row in total]


def _numbers(body: str) -> list[list[float]] | None:
    rows = _rows(body)
    if rows is None:
        return None
    out: list[list[float]] = []
    for row in rows:
        values = []
        for entry in row:
            try:
                value = parse_expression(entry).value
            except UnitrewardError:
                return None
            if value is None:
                return None
            values.append(value)
        out.append(values)
    return out


def _product(a: list[list[float]], b: list[list[float]]) -> list[list[float]] | None:
    if len(a[0]) != len(b):
        return None
    return [
        [sum(a[r][k] * b[k][c] for k in range(len(b))) for c in range(len(b[0]))]
        for r in range(len(a))
    ]


def judge_matrix(section: str, ref: MatrixAnswer, judge_item: ItemJudge) -> Verdict:
    r"""The verdict on an answer section against a matrix reference.

    ``judge_item(entry_text, part)`` judges one entry in its part's kind.

    >>> from unitreward.engine.answers import parse_reference
    >>> ref = parse_reference(r"\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}")
    >>> def same(item, part):
    ...     ok = item.strip() == part.text.strip()
    ...     return Verdict(float(ok), "correct" if ok else "wrong_value", item, part.text)
    >>> judge_matrix(r"\boxed{\begin{bmatrix}1 & 0 \\ 0 & 1\end{bmatrix}}", ref, same).reason
    'correct'
    """
    where, texts = _region(section)
    bodies = [body for text in texts for _, _, body in find_matrices(text)]
    if not bodies:
        return Verdict(0.0, NO_ANSWER, None, ref.text, "no matrix found")
    distinct = list(dict.fromkeys(re.sub(r"\s+", "", b) for b in bodies))
    if where == "boxed" and len(distinct) > 1:
        return Verdict(0.0, AMBIGUOUS, None, ref.text, f"{len(distinct)} different matrices boxed")
    rows = evaluated(_last_formula(texts[-1])) or _rows(bodies[-1])
    shown = bodies[-1].strip()[:300]
    if rows is None:
        return Verdict(0.0, WRONG_VALUE, shown, ref.text, "the matrix has ragged or empty rows")
    if (len(rows), len(rows[0])) != ref.shape:
        return Verdict(
            0.0,
            WRONG_VALUE,
            shown,
            ref.text,
            f"a {len(rows)}x{len(rows[0])} matrix, expected {ref.shape[0]}x{ref.shape[1]}",
        )
    verdicts = tuple(
        judge_item(entry, part)
        for row, parts in zip(rows, ref.rows, strict=True)
        for entry, part in zip(row, parts, strict=True)
    )
    wrong = next((i for i, v in enumerate(verdicts) if not v.correct), None)
    if wrong is None:
        return Verdict(
            1.0, CORRECT, shown, ref.text, f"every entry is right ({where})", True, verdicts
        )
    columns = ref.shape[1]
    v = verdicts[wrong]
    return Verdict(
        0.0,
        v.reason,
        shown,
        ref.text,
        f"entry ({wrong // columns + 1}, {wrong % columns + 1}): {v.detail}",
        v.dimension_ok,
        verdicts,
    )
