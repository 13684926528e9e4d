"""Tables and properties for symbolic answers (unitreward.engine.expression and its grammar).

Each table row has a comment saying why it is there. Timing is not tested here:
``benchmarks/expressions.py`` measures it.
"""

from __future__ import annotations

import math
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from unitreward import ConfigError, ParseError, parse_quantity
from unitreward.engine.expression import (
    Equation,
    Expression,
    equations_equivalent,
    equivalent,
    parse_equation,
    parse_expression,
)
from unitreward.engine.numbers import scan_number
from unitreward.engine.quantity import scan_quantities

# ------------------------------------------------------------------------ equivalent pairs

EQUIVALENT = [
    (r"\frac{q_0}{\sqrt{2LC}}", r"q_0 / \sqrt{2 L C}", "fraction against a slash"),
    (r"\frac{q_0}{\sqrt{2LC}}", r"\frac{q_{0}}{\sqrt{2}\sqrt{L}\sqrt{C}}", "root of a product split"),
    (r"\frac{v_0^2}{2\mu g}", "v0^2/(2μg)", "plain v0 is v_0, unicode mu is \\mu"),
    (r"\frac{v_0^2}{2\mu g}", "v_0**2/(2*mu*g)", "spelled Greek and ** for powers"),
    (r"\frac{\hbar \omega}{2}", r"0.5\hbar\omega", "a decimal for one half"),
    (r"(M+m)g", "Mg + mg", "distributed"),
    (r"m_0 \sqrt{\frac{c - v}{c + v}}", r"m_0 \frac{\sqrt{c-v}}{\sqrt{c+v}}", "complex points: c < v too"),
    (r"\frac{(n-1)!}{k!} \frac{n}{(n-k)!}", r"\frac{n!}{k!\,(n-k)!}", "factorials through gamma"),
    (r"\frac{(n-1)!}{k!} \frac{n}{(n-k)!}", r"\binom{n}{k}", "binomial coefficient"),
    (r"\arctan \left( \frac{2}{\rho} \right)", r"\tan^{-1}(2/\rho)", "inverse written as a power"),
    (r"\arctan \left( \frac{2}{\rho} \right)", "arctan(2/rho)", "plain arctan"),
    (r"\sin^2\theta", r"(\sin\theta)^2", "power of a function"),
    (r"\cos ^{2} \lambda", r"1 - \sin^2(\lambda)", "spaced power of a function"),
    (r"2\sin\theta\cos\theta", r"\sin 2\theta", "argument without parentheses"),
    (r"e^{-\beta t}", r"\exp(-\beta t)", "e is Euler's number"),
    (r"\ln x + \ln y", r"\log(xy)", "log is natural, as in sympy"),
    (r"\log_{2} 8", "3", "logarithm with a base"),
    (r"\log_{10} x", r"\frac{\ln x}{\ln 10}", "base ten"),
    (r"\sqrt[3]{x}", "x^(1/3)", "n-th root"),
    (r"|x - y|", r"\left| y - x \right|", "absolute value, both spellings"),
    (r"\lvert x \rvert", "abs(x)", "lvert and abs()"),
    (r"\frac12 m v^2", "1/2 m v^2", "a literal fraction before a space binds first"),
    (r"\frac{E}{kT}", "E/kT", "implicit products bind tighter than /"),
    (r"1.2 \times 10^{3} x", "1200x", "scientific notation inside an expression"),
    (r"10^7 t", "1e7 t", "e-notation"),
    (r"\frac{\sqrt{2}}{2} x", r"\frac{x}{\sqrt 2}", "roots of numbers"),
    (r"\theta_1 + \theta_{1}", r"2\theta_1", "braced and bare subscripts are one name"),
    (r"m_{\text{N}} c^2", r"m_N c^2", "\\text in a subscript"),
    (r"V_{\text{esc}}", r"V_{esc}", "multi-letter subscript"),
    (r"\varepsilon_0 E", r"\epsilon_0 E", "letter variants are one letter"),
    (r"\varphi + \phi", r"2\phi", "phi and varphi"),
    ("θ + ω", r"\theta + \omega", "unicode Greek"),
    (r"\nu' - \nu", r"\nu^{\prime} - \nu", "primes, both spellings"),
    ("mgh", "m g h", "plain letters multiply"),
    (r"\frac{F_{0}}{\gamma (\beta - \gamma)} (e^{-\beta t} - e^{(\beta - \gamma) t})",
     r"\frac{F_0 e^{-\beta t} - F_0 e^{(\beta-\gamma) t}}{\gamma\beta - \gamma^2}", "expanded"),
    (r"-\left(\frac{3+\sqrt{5}}{6} \log_{2} \frac{3+\sqrt{5}}{6}\right)",
     r"-\frac{3+\sqrt5}{6}\,\frac{\ln\frac{3+\sqrt5}{6}}{\ln 2}", "constant entropy term"),
    (r"$\frac{a}{b}$", "a/b", "math delimiters"),
    (r"\boxed{\displaystyle \frac{a}{b}}", "a/b", "boxed, displaystyle"),
    (r"\sqrt{\frac{2 k}{m}} \text{rad/s}", r"\sqrt{2k/m}", "a trailing unit is not compared"),
    (r"\sin 30^\circ", "0.5", "degrees inside trigonometry"),
    (r"\frac{dx}{dt}", r"\dot{x}", "Leibniz and Newton notation for a time derivative"),
    (r"\frac{d^2 x}{dt^2} + \omega^2 x", r"\ddot{x} + \omega^2 x", "second derivative"),
    (r"\langle E \rangle", r"\left\langle E \right\rangle", "expectation value is one name"),
    (r"\frac{1}{\sqrt{2}}(|1\rangle - |0\rangle)", r"\frac{|1\rangle}{\sqrt2} - \frac{|0\rangle}{\sqrt2}", "kets"),
    (r"S(T, L) + 1", r"1 + S(T,L)", "an uninterpreted function, commuted"),
    (r"\sin x^2", r"\sin(x^2)", "the power belongs to the argument"),
    (r"\sin(x)^2", r"\sin^2 x", "a power after the parentheses"),
    (r"\frac{1}{2}\rho v^{2} A C_{D}", r"0.5 C_D A \rho v^2", "reordered"),
    (r"\frac{\mathrm{d} v}{\mathrm{d} t}", "dv/dt", "upright d"),
    (r"2\pi \sqrt{\frac{L}{g}}", r"2\pi\left(\frac{g}{L}\right)^{-1/2}", "negative fractional power"),
    (r"x\%", "0.01x", "percent"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "why"), EQUIVALENT, ids=[r[2] for r in EQUIVALENT])
def test_equivalent(a: str, b: str, why: str) -> None:
    assert equivalent(parse_expression(a), parse_expression(b)), why
    assert equivalent(parse_expression(b), parse_expression(a)), why


NOT_EQUIVALENT = [
    (r"\frac{q_0}{\sqrt{2LC}}", r"\frac{q_0}{\sqrt{LC}}", "a factor of sqrt 2"),
    (r"\frac{\hbar \omega}{2}", r"\hbar\omega", "a factor of 2"),
    (r"\frac{v_0^2}{2\mu g}", r"\frac{v_0}{2\mu g}", "wrong power"),
    (r"(M+m)g", "Mg", "a term missing"),
    (r"m_0 \sqrt{\frac{c - v}{c + v}}", r"m_0 \sqrt{\frac{c + v}{c - v}}", "inverted ratio"),
    (r"\sin^2\theta", r"\sin\theta^2", "square of sine, sine of a square"),
    (r"\sin\theta", r"\theta", "small-angle approximation is not equal"),
    (r"1 - \cos\theta", r"\frac{\theta^2}{2}", "nor is its second order"),
    (r"e^{-\beta t}", r"e^{\beta t}", "sign of an exponent"),
    (r"x - y", r"y - x", "sign flip"),
    (r"\frac{a}{b}", r"\frac{b}{a}", "swapped variables"),
    (r"v_0 t", r"v t", "v_0 and v are different variables"),
    (r"\theta_1", r"\theta_2", "different subscripts"),
    (r"\dot{x}", "x", "a decoration makes a different variable"),
    (r"\vec{p}", r"\hat{p}", "different decorations"),
    (r"\omega'", r"\omega", "a prime makes a different variable"),
    (r"m_0 c^2", r"m_0 c^2 + x", "different variable sets"),
    (r"\frac{\sqrt{2}}{2}", "0.7", "constant beyond 1e-6"),
    (r"\ln x", r"\log_{10} x", "natural against decimal logarithm"),
    (r"|x - 3|", "x - 3", "absolute value where it matters"),
    (r"S(T, L)", r"S(L, T)", "uninterpreted function arguments in order"),
    (r"x^{x^{x^{x}}}", "x", "a power tower is just a different function"),
    (r"\frac{E}{kT}", r"\frac{E}{k} T", "precedence of implicit products"),
    (r"2^{10}", "1000", "an exact power is not its approximation"),
    (r"\frac{n!}{k!}", r"\binom{n}{k}", "a factorial missing"),
    ("x - x + y", "y", "a variable that cancels still makes another variable set"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "why"), NOT_EQUIVALENT, ids=[r[2] for r in NOT_EQUIVALENT])
def test_not_equivalent(a: str, b: str, why: str) -> None:
    assert not equivalent(parse_expression(a), parse_expression(b)), why
    assert not equivalent(parse_expression(b), parse_expression(a)), why


# Branch cuts: where a radicand or a logarithm's argument is negative, the two spellings
# may carry zero imaginary parts of opposite sign (1/(-3+0j) is -1/3-0j), which IEEE
# arithmetic reads as the two sides of the cut (sqrt gives +i on one, -i on the other).
# The evaluator reads a cut on its principal side (+0), as mpmath and sympy do. The first
# three rows were found by the expression strategies.
BRANCH_CUTS = [
    (r"\sqrt{\frac{x}{y - z}}", r"\sqrt{\frac{-x}{z - y}}", True, "a sign moved across a fraction"),
    (r"\sqrt{\frac{x - y}{1 - z}}", r"\sqrt{\frac{x}{1 - z} - \frac{y}{1 - z}}", True, "a quotient distributed"),
    (r"\sqrt{\cos(x^{-1/2})}", r"\sqrt{\cos(\frac{1}{\sqrt{x}})}", True, "a negative power as a quotient (wide points)"),
    (r"\ln\frac{x}{y - z}", r"\ln\frac{-x}{z - y}", True, "a logarithm of a negative number"),
    (r"\left(\frac{x}{y - z}\right)^{1/3}", r"\left(\frac{-x}{z - y}\right)^{1/3}", True, "a fractional power"),
    (r"\sqrt[4]{\frac{x}{y - z}}", r"\sqrt[4]{\frac{-x}{z - y}}", True, "an even root"),
    (r"\left(\frac{x}{y - z}\right)^{w}", r"\left(\frac{-x}{z - y}\right)^{w}", True, "a variable power"),
    (r"\arcsin\frac{5x}{y - z}", r"\arcsin\frac{-5x}{z - y}", True, "arcsin beyond -1 (a cut on the real axis)"),
    (r"\sqrt{\frac{x}{y - z}}", r"-\sqrt{\frac{-x}{z - y}}", False, "the other branch is another answer"),
    (r"\ln\frac{x}{y - z}", r"\ln\frac{x}{z - y}", False, "log of the negative against the positive"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "expected", "why"), BRANCH_CUTS, ids=[r[3] for r in BRANCH_CUTS])
def test_branch_cuts(a: str, b: str, expected: bool, why: str) -> None:
    for x, y in ((a, b), (b, a)):
        assert equivalent(parse_expression(x), parse_expression(y)) is expected, why
        assert equivalent(parse_expression(x), parse_expression(y), exact=True) is expected, why


def test_tolerances() -> None:
    a = parse_expression(r"\frac{\sqrt{2}}{2} x")
    b = parse_expression("0.7071 x")
    assert not equivalent(a, b)  # 4e-5 relative, beyond the default 1e-6
    assert equivalent(a, b, rel_tol=1e-4)  # within a looser tolerance
    assert equivalent(parse_expression("0"), parse_expression("0.001"), abs_tol=0.01)  # absolute
    assert not equivalent(a, b, rel_tol=1e-4, exact=True)  # exact ignores rel_tol


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (r"\frac{\sqrt2}{2}", r"\frac{1}{\sqrt 2}", True),  # same number, exactly
        (r"\frac{\sqrt2}{2}", "0.70710678118654752440", False),  # 20 digits are not exact
        ("(x+1)^2", "x^2 + 2x + 1", True),  # rational function: sympy cancel decides
        (r"\frac{x^2-1}{x-1}", "x + 1", True),  # cancelled
        ("(x+1)^2", "x^2 + 2x + 1.0000000001", False),  # a tiny coefficient change
        (r"\cos 2x", r"1 - 2\sin^2 x", True),  # 60-digit evaluation decides
        (r"e^{x \ln 2}", "2^x", True),  # exponentials
        ("0.1 + 0.2", "0.3", True),  # decimals are exact rationals, not floats
    ],
)
def test_exact(a: str, b: str, expected: bool) -> None:
    assert equivalent(parse_expression(a), parse_expression(b), exact=True) is expected


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_tolerance_validation(bad: float) -> None:
    x = parse_expression("x")
    with pytest.raises(ConfigError):
        equivalent(x, x, rel_tol=bad)
    with pytest.raises(ConfigError):
        equivalent(x, x, abs_tol=bad)


# ----------------------------------------------------------------------------- equations

EQUATIONS = [
    ("x^2+y^2=1", "1-x^2-y^2=0", True, "rearranged, sides swapped"),
    ("x^2-y^2=1", "x^2+y^2=1", False, "a sign inside"),
    ("v = a t", r"a = \frac{v}{t}", True, "solved for another variable"),
    (r"\frac{U}{V} = \frac{5}{2} p", r"U = \frac52 p V", True, "multiplied through by a variable"),
    ("v = a t", "v = 2 a t", False, "a factor of 2"),
    (r"t = \frac{2 v_0 \sin\theta}{g}", r"g t = 2 v_0 \sin\theta", True, "denominator cleared"),
    (r"t = \frac{2 v_0 \sin\theta}{g}", r"t = \frac{v_0 \sin\theta}{g}", False, "factor lost"),
    (r"E \approx m c^2", "E = mc^2", True, "approx is equality"),
    (r"I_L(t) = 0.05(1 - e^{-10^7 t})", r"I_L(t) = 0.05 - 0.05e^{-10^{7} t}", True, "label head"),
    (r"F = m a", "F = m a + 1", False, "an extra constant"),
    (r"C_p = \infty", r"C_p = \infty", True, "an infinite side, the same"),
    (r"C_p = \infty", r"C_p = 0", False, "an infinite side against a finite one"),
    ("y = x", "z = x", False, "different variables"),
    (r"\boxed{v = a t}", "v = a t", True, "a boxed equation (found by the equation strategies)"),
    (r"$\boxed{v = a t}$", r"\boxed{v} = a t", True, "a boxed equation in math, a boxed side"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "expected", "why"), EQUATIONS, ids=[r[3] for r in EQUATIONS])
def test_equations(a: str, b: str, expected: bool, why: str) -> None:
    assert equations_equivalent(parse_equation(a), parse_equation(b)) is expected, why
    assert equations_equivalent(parse_equation(b), parse_equation(a)) is expected, why


# Cleared denominators: t = N/D and D t = N are one equation where both are defined.
# Clearing D adds the roots where D vanishes (x = 0 for any y in x y = sin x, where the
# numerator vanishes too); Newton's method finds them, and the other side's equation says
# nothing there (its denominator is 0), so they are no evidence. Any other root counts:
# an extra factor that is no denominator of the other side is another equation. The first
# three rows were found by the equation strategies.
CLEARED_DENOMINATORS = [
    (r"y = \frac{\sin x}{x}", r"x y = \sin x", True, "sin x / x, a removable singularity at 0"),
    (r"x = \frac{v_0 \sin(\omega t)}{\omega}", r"\omega x = v_0 \sin(\omega t)", True, "the physics case"),
    (r"y = \frac{x z}{x}", "x y = x z", True, "a factor common to both"),
    (r"y = \frac{\sin(x - 2)}{x - 2}", r"(x - 2) y = \sin(x - 2)", True, "a denominator vanishing away from 0"),
    (r"y = x \cot x", r"y \sin x = x \cos x", True, "the sine under a cotangent"),
    (r"y = \frac{\sin x}{x}", r"x^2 y = x \sin x", True, "cleared twice over"),
    (r"y = \frac{1}{x}", "x y = 1", True, "no spurious root at all"),
    (r"y = \frac{\sin x}{x}", r"x y = \sin x + x", False, "a term added while clearing"),
    (r"y = \frac{\sin x}{x^2}", r"x y = \sin x", False, "cleared by the wrong power"),
    (r"\omega x = v_0 \sin(\omega t)", r"x = v_0 \sin(\omega t)", False, "a factor dropped"),
    (r"y = \frac{x}{x + 1}", r"(x + 1)(x + 2) y = x (x + 2)", False, "an extra factor that is no denominator"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "expected", "why"), CLEARED_DENOMINATORS, ids=[r[3] for r in CLEARED_DENOMINATORS]
)
def test_cleared_denominators(a: str, b: str, expected: bool, why: str) -> None:
    assert equations_equivalent(parse_equation(a), parse_equation(b)) is expected, why
    assert equations_equivalent(parse_equation(b), parse_equation(a)) is expected, why


# Equal right sides make equal equations. Found by the equation strategies (a root of a
# product split): the constant ratio of the two equations was read at a point where
# f = y - rhs nearly cancels (0.005 of terms near 2), off by 1e-13, which the wide
# points' values near 1e22 multiplied past their rounding bound. The ratio is read where
# it is best conditioned now, and its own rounding error counts.
EQUAL_RIGHT_SIDES = [
    (
        r"y = (L^{-2} \frac{L}{\pi})^{-1/2} \frac{5 L + L L L + L}{5 + L} L",
        r"y = L^{-1/2} (\pi^{-1})^{-1/2} (L^{-2})^{-1/2} \frac{5 L + L L L + L}{5 + L} L",
    ),  # found by the strategies
    (r"y = \frac{L^7 + 3}{L + 1}", r"y = \frac{3 + L^7}{1 + L}"),  # terms near 1e42 far out
    (r"y = e^{L} L^{3}", r"y = L^{3} e^{L}"),  # e^L overflows far out: skipped there
]


@pytest.mark.parametrize(("a", "b"), EQUAL_RIGHT_SIDES)
def test_equal_right_sides_make_equal_equations(a: str, b: str) -> None:
    sides = parse_equation(a).rhs, parse_equation(b).rhs
    assert equivalent(*sides)
    assert equations_equivalent(parse_equation(a), parse_equation(b))
    assert equations_equivalent(parse_equation(b), parse_equation(a))


LABELS = [
    ("t = 2", "t", "one letter"),
    ("a_n = n^2", "a_n", "subscript"),
    (r"\omega' = 2\omega", "omega'", "Greek with a prime"),
    ("T_E = 300", "T_E", "capital subscript"),
    (r"I_{\max} = 2 I_0", "I_{max}", "command in a subscript"),
    (r"I_L(t) = e^{-t}", "I_L", "labelled function head"),
    (r"\Phi(x) = x^2", "Phi", "Greek function head"),
    ("S(T, L) = T L", "S", "function of two arguments"),
    (r"\mathbf{E} = q \vec{r}", "vec{E}", "bold is a vector"),
    (r"\frac{dx}{dt}(0) = v_0", "dot{x}", "a derivative's value at a point"),
    (
        r"\left. \frac{di}{dt} \right|_{t=0} = 1",
        "dot{i}|_{t=0}",
        "the same, with an evaluation bar",
    ),
    ("x^2 + y^2 = 1", None, "no single name on the left"),
    ("m(v_1 - v_2) = p", None, "a product, not a function head"),
    ("2x = y", None, "a coefficient"),
]


@pytest.mark.parametrize(("text", "label", "why"), LABELS, ids=[r[2] for r in LABELS])
def test_labels(text: str, label: str | None, why: str) -> None:
    assert parse_equation(text).label == label, why


def test_equation_sides() -> None:
    eq = parse_equation(r"$t = \frac{2 v_0 \sin\theta}{g}$")
    assert eq.lhs.text == "t"  # each side keeps its own text
    assert eq.rhs.text == r"\frac{2 v_0 \sin\theta}{g}"
    assert eq.variables == {"t", "v_0", "theta", "g"}
    # a labelled reference accepts the right-hand side as an expression
    assert equivalent(eq.rhs, parse_expression(r"2 v_0 \sin(\theta) / g"))


# ------------------------------------------------------------------------------ variables

VARIABLES = [
    (r"v_0 + v_{0} + v0", {"v_0"}, "three spellings of one subscript"),
    (r"\theta + θ + theta", {"theta"}, "three spellings of theta"),
    (r"\mu_0 \epsilon_0 k_B c G g", {"mu_0", "epsilon_0", "k_B", "c", "G", "g"}, "constants are symbols"),
    (r"\hbar + ħ", {"hbar"}, "hbar"),
    (r"m_{\text{N}} + V_{\text{esc}} + r_0", {"m_N", "V_{esc}", "r_0"}, "text subscripts"),
    (r"\dot{x} \ddot{x} \vec{p} \hat{z} \bar{x} \mathbf{p}",
     {"dot{x}", "ddot{x}", "vec{p}", "hat{z}", "bar{x}"}, "decorations; mathbf is vec"),
    (r"\mathbf{\hat{r}} + \hat{\mathbf{r}}", {"hat{vec{r}}"}, "nested decorations in either order"),
    (r"r^{\prime} + r'", {"r'"}, "prime spellings"),
    (r"E''_{y0}", {"E_{y0}''"}, "subscript and primes in either order"),
    (r"E^{(1)}_0", {"E_0"}, "a subscript after the power"),
    (r"e^{x} + \pi", {"x"}, "e and pi are constants"),
    (r"\Omega + \omega", {"Omega", "omega"}, "case matters"),
    ("omega0 t", {"omega_0", "t"}, "plain Greek with digits"),
    (r"\ell", {"l"}, "script l is l"),
    (r"\frac{\partial f}{\partial x}", {"partial(f)/partial(x)"}, "a partial derivative is a variable"),
    (r"\left(\frac{\partial U}{\partial V}\right)_T", {"(partial(U)/partial(V))_{T}"}, "at constant T"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "why"), VARIABLES, ids=[r[2] for r in VARIABLES])
def test_variables(text: str, names: set[str], why: str) -> None:
    assert parse_expression(text).variables == names, why


# ------------------------------------------------------------------------------ constants

CONSTANTS = [
    (r"\frac{\sqrt{3}}{2}", math.sqrt(3) / 2, "roots and fractions"),
    ("e", math.e, "Euler's number"),
    ("1 - 1/e", 1 - 1 / math.e, "e in a sum"),
    (r"\ln 2", math.log(2), "ln without parentheses"),
    (r"\log_{10} 5", math.log10(5), "decimal logarithm"),
    (r"\cos(40^\circ)", math.cos(math.radians(40)), "degrees"),
    (r"2 \sqrt{2} \sin \frac{\pi}{2 \sqrt{2}}", 2 * math.sqrt(2) * math.sin(math.pi / (2 * math.sqrt(2))), "nested"),
    ("5!", 120.0, "factorial"),
    (r"\sqrt[3]{-8}", -2.0, "odd root of a negative number is real"),
    (r"\infty", math.inf, "infinity alone"),
    (r"-\infty", -math.inf, "negative infinity"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "why"), CONSTANTS, ids=[r[2] for r in CONSTANTS])
def test_constant_values(text: str, value: float, why: str) -> None:
    e = parse_expression(text)
    assert e.is_constant, why
    assert e.value == pytest.approx(value, rel=1e-12), why


def test_non_real_and_undefined_constants_have_no_value() -> None:
    assert parse_expression(r"\sqrt{-1}").value is None  # imaginary
    assert parse_expression(r"\frac{1}{0}").value is None  # undefined
    assert parse_expression("x").value is None  # not a constant


def test_expression_api() -> None:
    e = parse_expression(r"\frac{q_0}{\sqrt{2LC}}")
    assert e.size == 9
    assert not e.is_constant
    assert e.evaluate({"q_0": 2, "L": 0.5, "C": 1}) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="'q_0'"):
        e.evaluate({"L": 1, "C": 1})
    assert math.isnan(parse_expression(r"\ln x").evaluate({"x": 0}).real)  # undefined: NaN
    assert str(e.to_sympy()) == "sqrt(2)*q_0/(2*sqrt(C*L))"
    assert parse_expression("0.1 x").to_sympy().args[0] == pytest.approx(0.1)
    assert repr(e) == r"Expression('\\frac{q_0}{\\sqrt{2LC}}')"
    assert e == parse_expression(r"\frac{q_0}{\sqrt{2LC}}") and hash(e) == hash(
        parse_expression(e.text)
    )
    clone = pickle.loads(pickle.dumps(e))
    assert clone == e and equivalent(clone, e)
    eq = parse_equation("v = a t")
    assert pickle.loads(pickle.dumps(eq)) == eq
    assert isinstance(eq, Equation) and isinstance(eq.lhs, Expression)


def test_renamed_swaps() -> None:
    e = parse_expression("a - 2b")
    swapped = e.renamed({"a": "b", "b": "a"})
    assert equivalent(swapped, parse_expression("b - 2a"))
    assert not equivalent(swapped, e)


# ------------------------------------------------------------------------------- refusals

REFUSALS = [
    ("t = 2", "relation", "a relation is not an expression"),
    ("x < 2", "relation", "inequality"),
    (r"x \approx 2", "relation", "approx is a relation"),
    (r"\int_0^1 x\,dx", "integral", "integrals"),
    (r"\sum_{n=1}^{N} n", "sum", "sums"),
    (r"\lim_{x \to 0} x", "limit", "limits"),
    (r"\nabla^2 \phi", "derivative", "nabla"),
    (r"\frac{d}{dt}", "derivative of nothing", "an operator alone"),
    (r"\partial x", "partial", "a stray partial"),
    (r"\begin{pmatrix} 1 & 0 \end{pmatrix}", "matrix", "matrices"),
    (r"3 \pm 2\sqrt{2}", "±", "two values"),
    (r"\frac{1}{2", "unbalanced", "unbalanced braces"),
    ("(x + 1", "unbalanced", "unbalanced parentheses"),
    ("x + 1)", "unexpected", "extra closing parenthesis"),
    ("(x]", "closed by", "mismatched brackets"),
    ("a, b", "comma", "a list"),
    ("Cu and Zn", "prose", "prose"),
    ("10:00 PM", "':'", "a time of day"),
    (r"6 \text{ to } 7 \text{ hours}", "prose", "words inside text"),
    ("thorium", "prose", "a long word is not a product of letters"),
    (r"\infty + x", "infinity", "infinity inside an expression"),
    (r"\foo x", "unknown command", "an unknown command"),
    ("(" * 200 + "x" + ")" * 200, "nested deeper", "200-deep nesting, no RecursionError"),
    ("x" * 6000, "too long", "over-long input"),
    ("x+" * 1300 + "x", "tokens", "too many tokens"),
    ("", "empty", "empty"),
    ("2 3", "two numbers", "numbers side by side"),
    (r"\cdots", "ellipsis", "an ellipsis"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "match", "why"), REFUSALS, ids=[r[2] for r in REFUSALS])
def test_refusals(text: str, match: str, why: str) -> None:
    with pytest.raises(ParseError, match=match):
        parse_expression(text)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("x + 1", "no '='"),  # an expression is not an equation
        ("a = b = c", "chain"),  # not exactly one relation
        ("x < 1", "other than '='"),  # an inequality
    ],
)
def test_equation_refusals(text: str, match: str) -> None:
    with pytest.raises(ParseError, match=match):
        parse_equation(text)


def test_refusals_name_the_input() -> None:
    with pytest.raises(ParseError, match="Cu and Zn"):
        parse_expression("Cu and Zn")
    with pytest.raises(ParseError, match="expected a string"):
        parse_expression(3)  # type: ignore[arg-type]


HOSTILE = [
    "x^{x^{x^{x}}}",  # a power tower: parsed, compares False with x
    "10^{10^{10}}",  # overflows at every point
    "e^{e^{e^{e^{x}}}}",  # overflows
    r"\sin\left(x^{x^{x^{x^{x}}}}\right)",  # sine of a tower
    "100000!",  # gamma overflow
    "x^{10^{10}}",  # huge exponent
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_inputs_get_a_verdict(text: str) -> None:
    assert equivalent(parse_expression(text), parse_expression("x")) is False


def test_verdicts_are_the_same_in_a_thread_pool() -> None:
    pairs = [(a, b) for a, b, _ in EQUIVALENT + NOT_EQUIVALENT]

    def verdict(pair: tuple[str, str]) -> bool:
        return equivalent(parse_expression(pair[0]), parse_expression(pair[1]))

    main = [verdict(p) for p in pairs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(verdict, pairs + pairs))
    assert got == main + main


# ----------------------------------------------------------- constants inside quantities

QUANTITIES = [
    ("e", math.e, "", "Euler's number alone"),
    ("e^{-1}", math.exp(-1), "", "a power of e"),
    ("1-1/e", 1 - 1 / math.e, "", "a sum with e, one number"),
    (r"\ln 2", math.log(2), "", "a function without parentheses"),
    (r"\exp(2)", math.exp(2), "", "exp"),
    (r"\log_{10} 5", math.log10(5), "", "a base"),
    (r"\cos(40^\circ)", math.cos(math.radians(40)), "", "degrees inside trigonometry"),
    (r"2 \sqrt{2} \sin \frac{\pi}{2 \sqrt{2}}", 2 * math.sqrt(2) * math.sin(math.pi / (2 * math.sqrt(2))), "", "nested"),
    (r"1248\pi", 1248 * math.pi, "", "an integer times pi"),
    (r"3\ln 2 \, \mathrm{kJ}", 3 * math.log(2), "kJ", "a unit after a function"),
    (r"e^{-1}\,\text{s}", math.exp(-1), "s", "a unit after a power of e"),
    (r"30^\circ", 30.0, "°", "a degree sign outside trigonometry is the unit"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value", "unit", "why"), QUANTITIES, ids=[r[3] for r in QUANTITIES]
)
def test_quantity_magnitudes_read_constants(text: str, value: float, unit: str, why: str) -> None:
    q = parse_quantity(text)
    assert q.magnitude == pytest.approx(value, rel=1e-12), why
    assert q.unit_text == unit, why


def test_quantity_exact_value_from_the_grammar() -> None:
    assert str(parse_quantity("1-1/e").exact_value) == "1 - exp(-1)"
    assert str(parse_quantity(r"\frac{\sqrt{2}}{2}").exact_value) == "sqrt(2)/2"


PROSE = [
    ("3 + 4 m", [3.0, 4.0], "a plain sum does not make 7 m"),
    ("the energy e is small", [], "e inside prose is not Euler's number"),
    ("we have e = 1.6e-19 C", [1.6e-19], "nor is e standing alone"),
    ("2x = 6", [2.0, 6.0], "2x in prose is the number 2 before a word, not a product"),
    ("so 20 - 2π = 13.7 m", [20 - 2 * math.pi, 13.7], "a sum with pi is one number"),
    ("1 - 1/e of it", [1 - 1 / math.e], "a sum with e is one number"),
    ("e^{-\\beta t} decays", [], "a power of e with a variable is no number"),
    (r"\sin\theta = 0.5", [0.5], "a function of a variable is no number"),
    (r"about 2 \ln 2 times", [2 * math.log(2)], "a function of a number is"),
]


@pytest.mark.parametrize(("text", "found", "why"), PROSE, ids=[r[2] for r in PROSE])
def test_prose_numbers_do_not_swallow_text(text: str, found: list[float], why: str) -> None:
    scan = scan_quantities(text)
    assert [q.magnitude for _, _, q in scan.quantities] == pytest.approx(found), why
    assert not scan.refused, why


def test_scan_number_refuses_unsafe_constants() -> None:
    from unitreward.engine.numbers import EvalError

    for text in (
        r"e^{e^{e^{e^{e}}}}",
        r"\sqrt{2}^{10^{10}}",
        r"\ln 0",
        r"\frac{1}{0}",
        r"\sqrt{-1}",
    ):
        with pytest.raises(EvalError):
            scan_number(text, 0)


# ---------------------------------------------------------------------------- properties

_VARS = [("x", "x"), ("y", "y"), (r"\theta", "theta"), ("a_1", "a1"), (r"\omega_0", "omega0")]


@st.composite
def _expressions(draw: st.DrawFn, depth: int = 3) -> tuple[str, str]:
    """A random expression tree rendered twice: (LaTeX, plain text)."""
    if depth == 0 or draw(st.booleans()):
        if draw(st.booleans()):
            n = draw(st.integers(1, 9))
            return str(n), str(n)
        return draw(st.sampled_from(_VARS))
    kind = draw(
        st.sampled_from(["add", "sub", "mul", "div", "pow", "sqrt", "sin", "cos", "exp", "ln"])
    )
    a_tex, a_txt = draw(_expressions(depth - 1))
    if kind in ("add", "sub", "mul", "div"):
        b_tex, b_txt = draw(_expressions(depth - 1))
        if kind == "add":
            return f"{{{a_tex}}} + {{{b_tex}}}", f"({a_txt}) + ({b_txt})"
        if kind == "sub":
            return f"{{{a_tex}}} - \\left({b_tex}\\right)", f"({a_txt}) - ({b_txt})"
        if kind == "mul":
            return f"\\left({a_tex}\\right) \\cdot \\left({b_tex}\\right)", f"({a_txt})*({b_txt})"
        return f"\\frac{{{a_tex}}}{{{b_tex}}}", f"({a_txt})/({b_txt})"
    if kind == "pow":
        n = draw(st.integers(2, 3))
        return f"\\left({a_tex}\\right)^{{{n}}}", f"({a_txt})^{n}"
    if kind == "sqrt":
        return f"\\sqrt{{{a_tex}}}", f"sqrt({a_txt})"
    if kind == "exp":  # exp of a leaf only, so values stay in range
        leaf_tex, leaf_txt = draw(st.sampled_from(_VARS))
        return f"e^{{{leaf_tex}}}", f"exp({leaf_txt})"
    return f"\\{kind}\\left({a_tex}\\right)", f"{kind}({a_txt})"


@settings(max_examples=150, deadline=None)
@given(_expressions())
def test_renderings_of_one_tree_are_equivalent(pair: tuple[str, str]) -> None:
    tex, txt = pair
    a, b = parse_expression(tex), parse_expression(txt)
    assume(equivalent(a, a))  # defined at enough points
    assert equivalent(a, b)
    assert equivalent(b, a)


@settings(max_examples=150, deadline=None)
@given(_expressions(), st.sampled_from(["+ 1", "* 2", "+ x"]))
def test_perturbations_are_not_equivalent(pair: tuple[str, str], change: str) -> None:
    tex, txt = pair
    a = parse_expression(tex)
    assume(equivalent(a, a))
    changed = parse_expression(f"({txt}) {change}")
    assume(changed.variables == a.variables)  # "+ x" may add a variable
    value = a.evaluate({n: 1.3 for n in a.variables})
    # doubling 0 changes nothing; adding 1 to 10^6 is within rel_tol
    assume(math.isfinite(abs(value)) and 1e-6 < abs(value) < 1e5)
    assert not equivalent(a, changed)


_LATEXISH = st.lists(
    st.sampled_from([*"xyzabe0123456789+-*/^_!'|()[]{}=., ", r"\frac", r"\sqrt", r"\sin",
                    r"\pi", r"\theta", r"\left(", r"\right)", r"\cdot", r"\text{m}", r"\int",
                    r"\langle", r"\rangle", "θ", "²", r"\mathbf", r"\dot", r"\log_", "d", r"\partial"]),
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), _LATEXISH))
def test_random_text_raises_only_parse_error(text: str) -> None:
    try:
        e = parse_expression(text)
    except ParseError:
        return
    assert isinstance(equivalent(e, e), bool)
    assert isinstance(e.size, int) and e.size > 0
