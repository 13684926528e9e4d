"""unitreward.strategies.expressions, expression_renderings and wrong_expressions.

Arguments are validated when a strategy is built, draws are what the docstrings
claim, shrinking reaches the documented targets, and everything is deterministic
under hypothesis' seed. Renderings are equal to their formula and wrong forms
are not, judged three ways: by unitreward's engine, by independent parsers
(math-verify's ``latex2sympy2_extended`` for LaTeX, sympy's ``parse_expr`` for
plain text) evaluated with 30-digit arithmetic at random points, and, on the
trees the strategies print, by sympy (``simplify(a - b) == 0`` on small ones)
and mpmath. The engine's own properties under these strategies are in
``test_expression_properties.py``.
"""

from __future__ import annotations

import math
import pickle
import random
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, Phase, assume, find, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, Unsatisfiable
from sympy.core.function import AppliedUndef
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication,
    parse_expr,
    standard_transformations,
)

from unitreward.engine.expression import parse_expression
from unitreward.strategies import (
    ARRANGEMENTS,
    FUNCTIONS,
    NOTATIONS,
    VARIABLE_KINDS,
    WRONG_EXPRESSIONS,
    Formula,
    FormulaEquation,
    equation_renderings,
    equations,
    expression_renderings,
    expressions,
    wrong_equations,
    wrong_expressions,
)
from unitreward.strategies import _formula as tree_
from unitreward.strategies._formula_edit import WRONG_KINDS
from unitreward.strategies.equation import _equation_cases
from unitreward.strategies.expression import _cases, _wrong_trees

FIND = settings(
    database=None,
    derandomize=True,  # find() is deterministic: no flaky "no such example"
    max_examples=2000,
    phases=[Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
FAST = settings(
    max_examples=100,
    deadline=None,
    database=None,
    # formulas are filtered (defined at the check points) and bigger ones are slow on 2 cores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# The independent parsers take 10-50 ms an example: fewer examples there.
ORACLE = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def formula(condition: Callable[[Formula], bool], **kwargs: Any) -> Formula:
    """The simplest formula that meets ``condition`` (deterministic)."""
    return find(expressions(**kwargs), condition, settings=FIND)


# -- arguments are validated when the strategy is built ----------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"variables": "cyrillic"},  # unknown kind
        {"variables": []},  # nothing to draw from
        {"variables": ["latin", "e"]},  # e is Euler's number, not a variable
        {"variables": ["x_{}"]},  # an empty subscript
        {"variables": ["x'''"]},  # three primes
        {"variables": ["thorium"]},  # not a letter
        {"variables": 3},  # not a name
        {"max_variables": 0},  # a formula needs a variable
        {"max_variables": 9},  # beyond the bound
        {"max_variables": True},  # bools are not ints here
        {"functions": ["sin", "erf"]},  # unknown function
        {"functions": "log"},  # log is ambiguous: ln is the name
        {"operations": []},  # nothing to build with
        {"operations": ["modulo"]},  # unknown operation
        {"max_depth": -1},
        {"max_depth": 7},
        {"max_depth": 2.0},  # floats are not ints
        {"max_leaves": 0},
        {"max_leaves": 33},
        {"constants": "yes"},
    ],
)
def test_expressions_rejects_bad_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        expressions(**kwargs)  # type: ignore[arg-type]


X = formula(lambda _: True)


@pytest.mark.parametrize(
    ("expr", "kwargs"),
    [
        (3, {}),  # a number is not a formula
        (parse_expression("x"), {}),  # nor is the engine's expression
        (r"\dot{x}", {}),  # a text with a name the strategies cannot spell
        ("x^y", {}),  # a variable exponent
        (X, {"notations": "markdown"}),  # unknown notation
        (X, {"notations": []}),  # none
        (X, {"algebra": 1}),  # not a bool
        (X, {"wrapped": None}),  # nor this
    ],
)
def test_expression_renderings_rejects_bad_arguments(
    expr: object, kwargs: dict[str, object]
) -> None:
    with pytest.raises(InvalidArgument):
        expression_renderings(expr, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expr", "kwargs"),
    [
        (None, {}),  # not a formula
        ("|x|", {}),  # a text the strategies cannot spell
        (X, {"kinds": "tripled"}),  # unknown kind
        (X, {"kinds": []}),  # none
        (X, {"rel_tol": -1e-3}),  # negative tolerance
        (X, {"rel_tol": 0.5}),  # too loose to say what is wrong
        (X, {"rel_tol": math.nan}),
        (X, {"rel_tol": True}),
        (X, {"notations": ["latex", "html"]}),
        (X, {"wrapped": "no"}),
    ],
)
def test_wrong_expressions_rejects_bad_arguments(expr: object, kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        wrong_expressions(expr, **kwargs)  # type: ignore[arg-type]


def test_importing_the_strategies_does_not_import_sympy() -> None:
    code = (
        "import sys, unitreward.strategies as s; "
        "from hypothesis import find; "
        "f = find(s.expressions(), lambda f: len(f.variables) == 2); "
        "print('sympy' in sys.modules, 'mpmath' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# -- draws are what the docstrings claim --------------------------------------


def _depth(node: tree_.Node) -> int:
    kids = tree_.children(node)
    return 0 if not kids else 1 + max(_depth(c) for c in kids)


@FAST
@given(expressions(variables=["greek", "v_0"], max_variables=2, max_depth=2, max_leaves=5))
def test_expressions_respect_their_bounds(f: Formula) -> None:
    assert f.variables <= {*VARIABLE_KINDS["greek"], "v_0"}
    assert 1 <= len(f.variables) <= 2
    assert tree_.leaves(f._tree) <= 5
    # a level of the grammar is up to two levels of tree (a sum of a negation, a quotient's
    # coefficient): the bound is on what the strategy nests
    assert _depth(f._tree) <= 2 * 2 + 1


@FAST
@given(expressions(functions=[], operations=["multiply", "divide"], constants=False))
def test_expressions_use_only_the_chosen_operations(f: Formula) -> None:
    kinds = {type(n) for n in tree_.walk(f._tree)}
    assert kinds <= {tree_.Var, tree_.Mul, tree_.Div}, f.latex


@FAST
@given(expressions(functions=["exp", "arctan"], max_depth=4))
def test_expressions_use_only_the_chosen_functions(f: Formula) -> None:
    used = {n.name for n in tree_.walk(f._tree) if isinstance(n, tree_.Fn)}
    assert used <= {"exp", "arctan"}


@FAST
@given(expressions(max_depth=5, max_leaves=16))
def test_expressions_are_defined_and_moderate_at_the_check_points(f: Formula) -> None:
    assert f.variables
    for point in tree_.check_points(sorted(f.variables)):
        z = f.evaluate(point)
        assert 1e-8 < abs(z.real) + abs(z.imag) < 1e8


def test_every_function_operation_and_kind_is_drawn() -> None:
    for name in FUNCTIONS:
        f = formula(
            lambda f, n=name: any(  # type: ignore[misc]
                isinstance(node, tree_.Fn) and node.name == n for node in tree_.walk(f._tree)
            ),
            functions=name,
        )
        assert f.variables, name
    for kind, names in VARIABLE_KINDS.items():
        f = formula(lambda f: True, variables=kind)
        assert f.variables == {names[0]}, kind  # the first name of the kind: the shrink target
    assert r"\pi" in formula(lambda f: r"\pi" in f.latex).latex
    assert r"\sqrt[3]" in formula(lambda f: r"\sqrt[3]" in f.latex).latex


def test_formula_api() -> None:
    f = formula(lambda f: len(f.variables) == 2, operations="divide", constants=False)
    assert f == Formula.from_text("x/y")
    assert (f.latex, f.plain, str(f), repr(f)) == (
        r"\frac{x}{y}",
        "x/y",
        r"\frac{x}{y}",
        r"Formula('\\frac{x}{y}')",
    )
    assert f.evaluate({"x": 3, "y": 2}) == 1.5
    assert math.isnan(f.evaluate({"x": 1, "y": 0}).real)  # undefined: NaN, never an exception
    with pytest.raises(ValueError, match="'y'"):
        f.evaluate({"x": 1})
    x, y = sympy.symbols("x y", positive=True)
    assert f.to_sympy() == x / y
    assert pickle.loads(pickle.dumps(f)) == f and hash(f) == hash(pickle.loads(pickle.dumps(f)))


# -- renderings and wrong forms cover what the docstrings list -----------------

# A formula with a product, a quotient, a root, a power, a sum, a function, a
# subscript and a Greek letter, drawn (not written) so that it is the strategy's own.
RICH = formula(
    lambda f: all(s in f.latex for s in (r"\frac", r"\sqrt{", "^{2}", " + ", r"\mu", "v_{0}")),
    variables=["v_0", "mu", "g", "t"],
    max_variables=4,
    functions=[],
    max_leaves=10,
    max_depth=4,
)
TRIG = Formula.from_text(r"\omega' e^{-x} \sin\theta")


@pytest.mark.parametrize(
    ("what", "expr", "predicate"),
    [
        ("dfrac", RICH, lambda s: r"\dfrac{" in s),
        ("slash in LaTeX", RICH, lambda s: "/" in s and r"\mu" in s),
        ("cdot", RICH, lambda s: r"\cdot" in s),
        ("times", RICH, lambda s: r"\times" in s),
        ("power for a root", RICH, lambda s: "^{1/2}" in s),
        ("decimal power", RICH, lambda s: "^{0.5}" in s),
        ("left right", RICH, lambda s: r"\left(" in s),
        ("unbraced subscript", RICH, lambda s: "v_0" in s and "v_{0}" not in s),
        ("plain v0", RICH, lambda s: "v0" in s),
        ("unicode mu", RICH, lambda s: "μ" in s),
        ("unicode subscript and square", RICH, lambda s: "v₀²" in s),
        ("plain sqrt", RICH, lambda s: "sqrt(" in s),
        ("boxed", RICH, lambda s: s.startswith(r"\boxed{")),
        ("dollars", RICH, lambda s: s.startswith("$") and not s.startswith("$$")),
        ("display math", RICH, lambda s: s.startswith(r"\[")),
        ("exp", TRIG, lambda s: r"\exp" in s),
        ("mathrm e", TRIG, lambda s: r"\mathrm{e}^" in s),
        ("reciprocal exponential", TRIG, lambda s: "e^{-" not in s and r"\exp(-" not in s),
        ("bare sine", TRIG, lambda s: re.search(r"\\sin [\\a-z]", s) is not None),
        ("sine with left right", TRIG, lambda s: r"\sin\left(" in s),
        ("prime command", TRIG, lambda s: r"^{\prime}" in s),
        ("unicode prime", TRIG, lambda s: "ω′" in s),
        ("theta glyph in LaTeX", TRIG, lambda s: "θ" in s and "\\" in s),
    ],
)
def test_renderings_cover_the_notations(
    what: str, expr: Formula, predicate: Callable[[str], bool]
) -> None:
    found = find(expression_renderings(expr), predicate, settings=FIND)
    assert predicate(found), what


def test_renderings_cover_the_algebra() -> None:
    factored = expression_renderings("(x + y) z", notations="plain")
    assert find(factored, lambda s: "(" not in s, settings=FIND) == "x*z + y*z"  # distributed
    assert find(factored, lambda s: s.startswith("z"), settings=FIND) == "z*(x + y)"  # reordered
    distributed = expression_renderings("x y + x", notations="plain")
    assert find(distributed, lambda s: "(" in s, settings=FIND) == "(y + 1)*x"  # factored
    quotient = expression_renderings(r"\frac{m v^2}{2}")
    coefficient = find(quotient, lambda s: s.startswith(r"\frac{1}{2}"), settings=FIND)
    assert coefficient == r"\frac{1}{2} m v^{2}"
    assert find(quotient, lambda s: "^{-1}" in s, settings=FIND) == r"m v^{2} \cdot 2^{-1}"


WRONG_WITNESSES = {
    # kind: (a reference it applies to, the plainest wrong form of that kind)
    "doubled": (r"\frac{x}{y}", r"\frac{2 x}{y}"),
    "halved": (r"\frac{x}{2 y}", r"\frac{x}{4 y}"),
    "sign": ("x - y", "-(x - y)"),
    "swapped": (r"\frac{x}{y}", r"\frac{y}{x}"),
    "power": (r"\frac{x}{y}", r"\frac{x^{2}}{y}"),
    "dropped_factor": (r"\frac{x}{y}", "x"),
    "dropped_term": ("x - y", "-y"),
    "inverted": (r"\frac{x}{y}", r"\frac{y}{x}"),
    "function": (r"\sin(x) y", r"\cos(x) y"),
    "replaced": (r"\frac{x}{y}", r"\frac{t}{y}"),  # a variable the formula does not use
}


@pytest.mark.parametrize("kind", list(WRONG_EXPRESSIONS))
def test_every_wrong_kind_is_drawn(kind: str) -> None:
    reference, wrong = WRONG_WITNESSES[kind]
    assert find(wrong_expressions(reference, kinds=kind), lambda _: True, settings=FIND) == wrong


@pytest.mark.parametrize(
    ("reference", "kind"),
    [
        ("x + y", "swapped"),  # swapping x and y in x + y changes nothing
        ("x y", "swapped"),  # nor in x y
        ("x", "function"),  # no function to swap
        ("x", "dropped_term"),  # no term to drop
        ("x", "inverted"),  # no fraction
    ],
)
def test_wrong_forms_that_change_nothing_are_never_drawn(reference: str, kind: str) -> None:
    with pytest.raises(Unsatisfiable):
        find(wrong_expressions(reference, kinds=kind), lambda _: True, settings=FIND)


# -- shrinking reaches the documented targets ---------------------------------


def test_shrink_targets() -> None:
    assert find(expressions(), lambda _: True, settings=FIND).latex == "x"
    assert find(expressions(variables="greek"), lambda _: True, settings=FIND).latex == r"\theta"
    assert find(expression_renderings(RICH), lambda _: True, settings=FIND) == RICH.latex
    assert find(expression_renderings(RICH, notations="plain"), lambda _: True, settings=FIND) == (
        RICH.plain
    )
    assert find(wrong_expressions(X), lambda _: True, settings=FIND) == "2 x"
    negated = f"-({RICH.latex})" if isinstance(RICH._tree, tree_.Add) else f"-{RICH.latex}"
    assert find(wrong_expressions(RICH, kinds="sign"), lambda _: True, settings=FIND) == negated


# -- deterministic under hypothesis' seed --------------------------------------


def _collect(strategy: st.SearchStrategy[object]) -> list[str]:
    seen: list[str] = []

    @seed(20261125)
    @settings(max_examples=30, database=None, deadline=None)
    @given(strategy)
    def record(value: object) -> None:
        seen.append(repr(value))

    record()
    return seen


@pytest.mark.parametrize(
    "make",
    [
        lambda: expressions(),
        lambda: expression_renderings(RICH),
        lambda: wrong_expressions(TRIG),
        lambda: expressions().flatmap(expression_renderings),
    ],
)
def test_same_seed_same_examples(make: Callable[[], st.SearchStrategy[object]]) -> None:
    assert _collect(make()) == _collect(make())


# -- the oracles ---------------------------------------------------------------

_WRAPPED = re.compile(
    r"(?:\$\$|\$|\\\[|\\\()?(?:\\displaystyle )?(.*?)(?:\$\$|\$|\\\]|\\\))?", re.S
)
_PLAIN = (*standard_transformations, implicit_multiplication, convert_xor)
_UNICODE_GREEK = {"θ": "theta", "ω": "omega", "μ": "mu", "λ": "lamda", "α": "alpha", "β": "beta",
                  "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ε": "epsilon", "γ": "gamma",
                  "Ω": "Omega", "π": "pi"}  # fmt: skip


def read_latex(text: str) -> tuple[Any, dict[str, Any]]:
    """math-verify's LaTeX parser, and its symbols by the engine's names (it lowercases names)."""
    from latex2sympy2_extended import latex2sympy

    body = _WRAPPED.fullmatch(text)[1]  # type: ignore[index]
    body = re.sub(r"\\([dt]?frac)(\d)(\d)", r"\\\1{\2}{\3}", body)  # \frac12: legal, unread there
    try:
        expr = latex2sympy(body)
    except Exception:  # it does not read everything: \tfrac32x, m_e, E_k
        assume(False)
    # it hands back the text when lost (\epsilon (x)), reads a name before brackets as a
    # call (x^{2} (a + b)) and \coth as cot(h(x))
    assume(isinstance(expr, sympy.Basic) and not expr.atoms(AppliedUndef))
    assume("\\coth" not in body)
    # it reads \gamma as Euler's constant and \mathrm{e} as a letter
    expr = expr.subs({sympy.EulerGamma: sympy.Symbol("gamma"), sympy.Symbol("e"): sympy.E})
    return expr, {_key(str(s)): s for s in expr.free_symbols}


def read_plain(text: str, names: frozenset[str]) -> tuple[Any, dict[str, Any]]:
    """sympy's parser for Python-like text, told the variables' names (v0 is v_0)."""
    if text.startswith("\\boxed{"):
        text = text[len("\\boxed{") : -1]
    text = re.sub(r"_\{(\w+)\}", r"_\1", text)
    for char, name in _UNICODE_GREEK.items():
        text = text.replace(char, name)
    text = re.sub(r"(?<![A-Za-z_])lambda(?![A-Za-z_0-9])", "lamda", text)  # a Python keyword
    local: dict[str, Any] = {"e": sympy.E, "pi": sympy.pi, "ln": sympy.log, "atan": sympy.atan,
                             "arctan": sympy.atan, "log10": lambda x: sympy.log(x, 10)}  # fmt: skip
    for name in names:
        symbol = sympy.Symbol(name)
        local[name.replace("{", "").replace("}", "").replace("lambda", "lamda")] = symbol
        local[name.replace("_", "")] = symbol  # v0, omega0
    expr = parse_expr(text, local_dict=local, transformations=_PLAIN)
    return expr, {str(s): s for s in expr.free_symbols}


def _key(name: str) -> str:
    """A name as the LaTeX parser spells it: lowercased, without \text, Greek by name."""
    name = re.sub(r"\\(?:text|mathrm)\{(\w+)\}", r"\1", name).replace("{", "").replace("}", "")
    for char, greek in _UNICODE_GREEK.items():
        name = name.replace(char, greek.replace("lamda", "lambda"))
    return name.lower()


def values_at(expr: Any, symbols: dict[str, Any], points: list[dict[str, float]]) -> list[complex]:
    """30-digit values (mpmath through sympy) at the points; keys of ``symbols`` name the variables."""
    out = []
    for point in points:
        subs = {symbols[k]: sympy.Float(v, 30) for k, v in point.items() if k in symbols}
        out.append(complex(sympy.N(expr.subs(subs), 30)))
    return out


def random_points(names: list[str], n: int = 4, rng_seed: int = 7) -> list[dict[str, float]]:
    """Points in [0.3, 3] (wider than the strategies' own check points), seeded."""
    rng = random.Random(rng_seed)
    return [{name: rng.uniform(0.3, 3.0) for name in names} for _ in range(n)]


def same(a: list[complex], b: list[complex]) -> bool:
    return all(abs(x - y) <= 1e-12 * max(abs(x), abs(y), 1e-30) for x, y in zip(a, b, strict=True))


def cases(
    notations: str, variables: list[str] | None = None
) -> st.SearchStrategy[tuple[Formula, tree_.Node, str]]:
    """(formula, the tree a rendering prints, the rendering)."""
    return expressions(variables=variables).flatmap(
        lambda f: _cases((f._tree,), (notations,), True).map(lambda c: (f, *c))
    )


# Names the independent LaTeX parser reads as the engine does: no primes (it drops them),
# no E or \gamma (Euler's number and constant there: \gamma+\gamma is Γ(γ)), no m_e or E_k
# (it cannot read them), no case pairs (it lowercases).
LATEX_ORACLE_NAMES = ["x", "y", "t", "m", "g", "v", "a", "k", "r", "q", "L", "C", "F",
                      *VARIABLE_KINDS["greek"][:11], "v_0", "x_0", "t_1", "m_1", "omega_0"]  # fmt: skip


@ORACLE
@given(cases("latex", LATEX_ORACLE_NAMES))
def test_latex_renderings_equal_the_formula_for_math_verifys_parser(
    case: tuple[Formula, tree_.Node, str],
) -> None:
    f, _, text = case
    keys = {_key(n): n for n in f.variables}
    assume(len(keys) == len(f.variables))  # L and l, Omega and omega: one name there
    expr, symbols = read_latex(text)
    assert set(symbols) <= set(keys), (text, symbols)
    points = random_points(sorted(keys))
    reference = values_at(
        f.to_sympy(), {_key(str(s)): s for s in f.to_sympy().free_symbols}, points
    )
    assert same(values_at(expr, symbols, points), reference), text


@ORACLE
@given(
    cases(
        "plain",
        [*VARIABLE_KINDS["latin"], *VARIABLE_KINDS["greek"], *VARIABLE_KINDS["subscripted"]],
    )
)
def test_plain_renderings_equal_the_formula_for_sympys_parser(
    case: tuple[Formula, tree_.Node, str],
) -> None:
    f, _, text = case
    expr, symbols = read_plain(text, f.variables)
    assert set(symbols) <= f.variables, (text, symbols)  # x - y - x: sympy drops x
    points = random_points(sorted(f.variables))
    reference = values_at(f.to_sympy(), {str(s): s for s in f.to_sympy().free_symbols}, points)
    assert same(values_at(expr, symbols, points), reference), text


@settings(FAST, max_examples=60)
@given(st.sampled_from(NOTATIONS).flatmap(cases))
def test_every_rewrite_is_an_identity(case: tuple[Formula, tree_.Node, str]) -> None:
    # The tree a rendering prints, against the formula's: sympy decides small ones
    # exactly (positive symbols, as physical magnitudes are), mpmath the rest.
    f, rewritten, text = case
    a, b = f.to_sympy(), tree_.to_sympy(rewritten)
    if tree_.size(f._tree) <= 12:
        assert sympy.simplify(a - b) == 0, text
    symbols = {str(s): s for s in a.free_symbols | b.free_symbols}
    points = random_points(sorted(symbols))
    assert same(values_at(a, symbols, points), values_at(b, symbols, points)), text


@settings(FAST, max_examples=60)
@given(st.data())
def test_renderings_read_back_as_the_tree_they_print(data: st.DataObject) -> None:
    # The engine reads each rendering, in any notation, as the tree it was printed from.
    f = data.draw(expressions(), label="formula")
    rewritten, text = data.draw(_cases((f._tree,), NOTATIONS, True), label="rendering")
    read = parse_expression(text)
    for point in random_points(sorted(f.variables)):
        a, b = read.evaluate(point), tree_.value(rewritten, point)
        assert abs(a - b) <= 1e-9 * max(abs(a), abs(b)), text


def wrong_cases(
    notations: str, variables: list[str] | None = None
) -> st.SearchStrategy[tuple[Formula, str]]:
    return expressions(variables=variables).flatmap(
        lambda f: wrong_expressions(f, notations=notations).map(lambda text: (f, text))
    )


def _differ(a: list[complex], b: list[complex]) -> bool:
    return any(abs(x - y) > 1e-6 * max(abs(x), abs(y)) for x, y in zip(a, b, strict=True))


@ORACLE
@given(wrong_cases("latex", LATEX_ORACLE_NAMES))
def test_latex_wrong_forms_differ_for_math_verifys_parser(case: tuple[Formula, str]) -> None:
    f, text = case
    expr, symbols = read_latex(text)
    keys = {_key(n) for n in f.variables} | set(symbols)
    reference_symbols = {_key(str(s)): s for s in f.to_sympy().free_symbols}
    # one name there for two here (m and M: it lowercases): no verdict from this parser
    assume(len(reference_symbols) == len(f.variables) and len(symbols) == len(expr.free_symbols))
    assume(len(keys) == len({*f.variables, *map(str, expr.free_symbols)}))
    points = random_points(sorted(keys), n=6)
    assert _differ(
        values_at(expr, symbols, points), values_at(f.to_sympy(), reference_symbols, points)
    ), text


@ORACLE
@given(
    wrong_cases(
        "plain",
        [*VARIABLE_KINDS["latin"], *VARIABLE_KINDS["greek"], *VARIABLE_KINDS["subscripted"]],
    )
)
def test_plain_wrong_forms_differ_for_sympys_parser(case: tuple[Formula, str]) -> None:
    f, text = case
    names = f.variables | frozenset(
        n for kind in VARIABLE_KINDS.values() for n in kind if "'" not in n
    )
    expr, symbols = read_plain(text, names)
    reference = f.to_sympy()
    reference_symbols = {str(s): s for s in reference.free_symbols}
    points = random_points(sorted(set(symbols) | set(reference_symbols)), n=6)
    assert _differ(
        values_at(expr, symbols, points), values_at(reference, reference_symbols, points)
    ), text
    if tree_.size(f._tree) <= 12 and len(expr.free_symbols) <= 4:
        positive = {s: sympy.Symbol(str(s), positive=True) for s in expr.free_symbols}
        assert sympy.simplify(expr.subs(positive) - reference) != 0, text


@settings(FAST, max_examples=60)
@given(st.data())
def test_wrong_forms_differ_on_their_trees(data: st.DataObject) -> None:
    # The tree each wrong form prints, in any notation, differs from the formula's for
    # sympy (small ones) and at one of six random points in 30-digit arithmetic.
    f = data.draw(expressions(), label="formula")
    trees = _wrong_trees(f, tuple(WRONG_EXPRESSIONS), 1e-2)
    wrong, text = data.draw(_cases(trees, NOTATIONS, True), label="wrong")
    a, b = f.to_sympy(), tree_.to_sympy(wrong)
    symbols = {str(s): s for s in a.free_symbols | b.free_symbols}
    points = random_points(sorted(symbols), n=6)
    assert _differ(values_at(a, symbols, points), values_at(b, symbols, points)), text
    if tree_.size(f._tree) <= 12:
        assert sympy.simplify(a - b) != 0, text


# -- labelled equations ----------------------------------------------------------


@pytest.mark.parametrize(
    ("eq", "kwargs"),
    [
        (3, {}),  # not an equation
        ("x^2 + y^2 = 1", {}),  # no label on the left: only labelled equations are drawn
        ("y = y + 1", {}),  # the label on both sides
        ("y = |x|", {}),  # a right side the strategies cannot spell
        ("y < x", {}),  # not an equation
        (r"y = \frac{x}{2}", {"arrangements": ["flipped"]}),  # unknown arrangement
        (r"y = \frac{x}{2}", {"arrangements": []}),  # none
        (r"y = \frac{x}{2}", {"algebra": "yes"}),
    ],
)
def test_equation_renderings_rejects_bad_arguments(eq: object, kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        equation_renderings(eq, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [{"kinds": "tripled"}, {"rel_tol": 1.0}, {"arrangements": "sideways"}, {"wrapped": 0}],
)
def test_wrong_equations_rejects_bad_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidArgument):
        wrong_equations("v = a t", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        equations(max_depth=9)


def test_formula_equation_api() -> None:
    eq = FormulaEquation.from_text(r"t = \frac{2 v_0 \sin\theta}{g}")
    assert (eq.latex, eq.plain, eq.label) == (
        r"t = \frac{2 v_{0} \sin(\theta)}{g}",
        "t = 2*v_0*sin(theta)/g",
        "t",
    )
    assert eq.variables == {"t", "v_0", "theta", "g"} and eq.rhs.variables == eq.variables - {"t"}
    t, v, theta, g = sympy.symbols("t v_0 theta g", positive=True)
    assert eq.to_sympy() == sympy.Eq(t, 2 * v * sympy.sin(theta) / g)
    assert str(eq) == eq.latex and repr(eq) == f"FormulaEquation({eq.latex!r})"
    assert pickle.loads(pickle.dumps(eq)) == eq


@pytest.mark.parametrize(
    ("arrangement", "text"),
    [
        ("as_is", r"y = \frac{a}{b} + c"),
        ("swapped", r"\frac{a}{b} + c = y"),
        ("zero_right", r"y - (\frac{a}{b} + c) = 0"),
        ("zero_left", r"0 = \frac{a}{b} + c - y"),
        ("scaled", r"2 y = 2 (\frac{a}{b} + c)"),
        ("moved", r"y - \frac{a}{b} = c"),
    ],
)
def test_every_arrangement_is_drawn(arrangement: str, text: str) -> None:
    renderings = equation_renderings(
        r"y = \frac{a}{b} + c", arrangements=arrangement, algebra=False
    )
    assert (
        find(
            renderings,
            lambda s: s != r"y = \frac{a}{b} + c" or arrangement == "as_is",
            settings=FIND,
        )
        == text
    )
    cleared = equation_renderings(r"y = \frac{a}{b}", arrangements="cleared", algebra=False)
    assert find(cleared, lambda s: s != r"y = \frac{a}{b}", settings=FIND) == "b y = a"


def test_equation_shrink_targets() -> None:
    assert find(equations(), lambda _: True, settings=FIND).latex == "y = x"
    eq = FormulaEquation.from_text("E = m c^2")
    assert find(equation_renderings(eq), lambda _: True, settings=FIND) == "E = m c^{2}"
    assert find(wrong_equations(eq), lambda _: True, settings=FIND) == "E = 2 m c^{2}"
    assert _collect(wrong_equations(eq)) == _collect(wrong_equations(eq))  # deterministic


def _solved(left: tree_.Node, right: tree_.Node, label: str) -> Any:
    """The equation ``left = right`` solved for the label, by sympy (linear in it here)."""
    unknown = sympy.Symbol(label)  # no sign assumed: y = -x has a solution
    a, b = (
        tree_.to_sympy(side).subs(sympy.Symbol(label, positive=True), unknown)
        for side in (left, right)
    )
    solutions = sympy.solve(sympy.Eq(a, b), unknown)
    assert len(solutions) == 1, (a, b)
    return solutions[0]


@settings(FAST, max_examples=50)
@given(st.data())
def test_equation_renderings_solve_to_the_same_label(data: st.DataObject) -> None:
    # Each arrangement's two trees, solved for the label by sympy, give the right side again.
    eq = data.draw(equations(max_leaves=6), label="equation")
    left, right, text = data.draw(
        _equation_cases(eq._label, (eq.rhs._tree,), NOTATIONS, ARRANGEMENTS, True, True),
        label="text",
    )
    solution = _solved(left, right, eq.label)
    symbols = {str(s): s for s in solution.free_symbols | eq.rhs.to_sympy().free_symbols}
    points = random_points(sorted(symbols))
    assert same(
        values_at(solution, symbols, points), values_at(eq.rhs.to_sympy(), symbols, points)
    ), text


@settings(FAST, max_examples=50)
@given(st.data())
def test_wrong_equations_solve_to_another_label(data: st.DataObject) -> None:
    eq = data.draw(equations(max_leaves=6), label="equation")
    trees = _wrong_trees(eq.rhs, WRONG_KINDS, 1e-2, avoid=(eq._label,))
    left, right, text = data.draw(
        _equation_cases(eq._label, trees, NOTATIONS, ARRANGEMENTS, True, True), label="text"
    )
    solution = _solved(left, right, eq.label)
    symbols = {str(s): s for s in solution.free_symbols | eq.rhs.to_sympy().free_symbols}
    points = random_points(sorted(symbols), n=6)
    assert _differ(
        values_at(solution, symbols, points), values_at(eq.rhs.to_sympy(), symbols, points)
    ), text
