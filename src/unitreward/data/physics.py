"""Procedural, verifiable physics word problems with answers computed by pint.

Every problem gives its quantities in mixed units (km/h, minutes, kJ, °C, mA,
...), so a model has to convert before it can answer, and every answer is
computed with pint from the rounded values printed in the question. A problem
is a pure function of ``(seed, index)``; the train/test split is a fixed
property of the question text (a hash), so the two splits never share a
question, for any seed, and neither split repeats one.

>>> from unitreward.data.physics import physics_records
>>> row = physics_records(1, seed=0)[0]
>>> sorted(row)
['answer', 'question', 'solutions', 'topic', 'unit']
>>> row["answer"] == row["solutions"][0]
True
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from unitreward.engine.errors import ConfigError

if TYPE_CHECKING:
    import pint

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "SPLITS",
    "TOPICS",
    "physics_problems",
    "physics_records",
    "to_prompts",
]

#: The topics :func:`physics_problems` draws from, in round-robin order.
TOPICS: tuple[str, ...] = (
    "kinematics",
    "forces",
    "energy and work",
    "power",
    "momentum",
    "heat and calorimetry",
    "ideal gas",
    "circuits",
    "waves and optics",
    "fluids and pressure",
)

#: The splits: a question belongs to ``"test"`` when its hash falls in the test share.
SPLITS: tuple[str, ...] = ("train", "test")

#: The system message :func:`to_prompts` adds by default.
DEFAULT_SYSTEM_PROMPT = (
    "Solve the physics problem. Think step by step inside <think> </think> tags, "
    "then state the final answer with its unit, for example: The answer is \\boxed{12 m}."
)

_TEST_SHARE = 10  # one question in _TEST_SHARE goes to "test"
_ANSWER_SIG = 4  # significant figures of every rendering in `solutions`
_MIN_MAG, _MAX_MAG = 1e-3, 1e6  # renderings outside this range are dropped

# Display spelling -> pint spelling, where they differ.
_PINT_UNITS: dict[str, str] = {
    "°C": "degC",
    "Ω": "ohm",
    "kΩ": "kiloohm",
    "kg·m/s": "kg*m/s",
    "N·s": "N*s",
    "tonnes": "tonne",
    "minutes": "minute",
    "hours": "hour",
}

_INSTALL_HINT = (
    "unitreward.data.physics_problems needs the 'datasets' package: pip install 'unitreward[train]'"
)


@cache
def _ureg() -> pint.UnitRegistry[Any]:
    import pint

    return pint.UnitRegistry()


def _fmt(x: float, sig: int) -> str:
    """``x`` rounded to ``sig`` significant figures, in plain decimal notation.

    >>> _fmt(15279.6, 4), _fmt(0.0012345, 3), _fmt(2.5, 4), _fmt(-3.0, 2)
    ('15280', '0.00123', '2.5', '-3')
    """
    if x == 0 or not math.isfinite(x):
        return "0"
    text = format(Decimal(f"{x:.{sig - 1}e}"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class _Draw:
    """Random givens for one problem; every value is rounded as it is printed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ureg = _ureg()

    def num(self, lo: float, hi: float, sig: int | None = None) -> float:
        sig = sig if sig is not None else self.rng.choice((2, 3))
        return float(_fmt(self.rng.uniform(lo, hi), sig))

    def given(self, lo: float, hi: float, unit: str, sig: int | None = None) -> tuple[Any, str]:
        """A quantity drawn from ``[lo, hi]`` in ``unit`` and its printed form."""
        value = self.num(lo, hi, sig)
        text = f"{_fmt(value, 6)} {unit}"
        return self.q(value, unit), text

    def q(self, value: float, unit: str) -> Any:
        return self.ureg.Quantity(value, _PINT_UNITS.get(unit, unit))


@dataclass(frozen=True)
class _Problem:
    question: str
    value: Any  # a pint Quantity
    units: tuple[str, ...]  # display units; the first is the canonical one


_G = "Use g = 9.81 m/s^2."
_C_WATER = "Use c = 4186 J/(kg·K) for water."
_R_GAS = "Use R = 8.314 J/(mol·K)."
_RHO = "Use 1000 kg/m^3 for the density of water and g = 9.81 m/s^2."


def _g(d: _Draw) -> Any:
    return d.q(9.81, "m/s^2")


# --- kinematics -------------------------------------------------------------


def _kin_speed(d: _Draw) -> _Problem:
    dist, ds = d.given(2, 200, "km")
    t, ts = d.given(5, 180, "minutes")
    return _Problem(
        f"A car covers {ds} in {ts}. What is its average speed?", dist / t, ("m/s", "km/h")
    )


def _kin_accel(d: _Draw) -> _Problem:
    v, vs = d.given(20, 120, "km/h")
    t, ts = d.given(2, 15, "s")
    q = f"Starting from rest, a motorbike reaches {vs} in {ts}. What is its average acceleration?"
    return _Problem(q, v / t, ("m/s^2", "cm/s^2"))


def _kin_fall(d: _Draw) -> _Problem:
    t, ts = d.given(0.5, 5, "s")
    q = f"A stone is dropped from rest and falls freely for {ts}. How far does it fall? {_G}"
    return _Problem(q, 0.5 * _g(d) * t**2, ("m", "cm"))


def _kin_brake(d: _Draw) -> _Problem:
    v, vs = d.given(30, 130, "km/h")
    x, xs = d.given(20, 400, "m")
    q = (
        f"A train travelling at {vs} brakes uniformly and stops after {xs}. "
        "What is the magnitude of its deceleration?"
    )
    return _Problem(q, v**2 / (2 * x), ("m/s^2", "cm/s^2"))


def _kin_distance(d: _Draw) -> _Problem:
    v, vs = d.given(3, 40, "m/s")
    t, ts = d.given(2, 90, "minutes")
    return _Problem(
        f"A drone flies at a steady {vs} for {ts}. How far does it travel?", v * t, ("km", "m")
    )


# --- forces -----------------------------------------------------------------


def _f_newton(d: _Draw) -> _Problem:
    m, ms = d.given(0.8, 40, "tonnes")
    a, as_ = d.given(0.2, 3, "m/s^2")
    q = f"What net force gives a truck of mass {ms} an acceleration of {as_}?"
    return _Problem(q, m * a, ("kN", "N"))


def _f_moon(d: _Draw) -> _Problem:
    m, ms = d.given(200, 5000, "g")
    q = f"What does a {ms} rock weigh on the Moon, where g = 1.62 m/s^2?"
    return _Problem(q, m * d.q(1.62, "m/s^2"), ("N", "mN"))


def _f_friction(d: _Draw) -> _Problem:
    m, ms = d.given(2, 80, "kg")
    mu = d.num(0.1, 0.8, 2)
    q = (
        f"A {ms} crate slides across a level floor with a coefficient of kinetic friction of "
        f"{_fmt(mu, 6)}. What is the friction force on it? {_G}"
    )
    return _Problem(q, mu * m * _g(d), ("N",))


def _f_spring(d: _Draw) -> _Problem:
    k, ks = d.given(0.5, 20, "N/cm")
    x, xs = d.given(5, 80, "mm")
    q = f"A spring with a spring constant of {ks} is stretched by {xs}. What force does it exert?"
    return _Problem(q, k * x, ("N", "mN"))


def _f_accel(d: _Draw) -> _Problem:
    f, fs = d.given(0.5, 20, "N")
    m, ms = d.given(50, 900, "g")
    q = f"A net force of {fs} acts on a {ms} puck on frictionless ice. What is its acceleration?"
    return _Problem(q, f / m, ("m/s^2", "cm/s^2"))


# --- energy and work --------------------------------------------------------


def _e_kinetic(d: _Draw) -> _Problem:
    m, ms = d.given(50, 2000, "g")
    v, vs = d.given(10, 150, "km/h")
    q = f"What is the kinetic energy of a {ms} ball moving at {vs}?"
    return _Problem(q, 0.5 * m * v**2, ("J", "kJ"))


def _e_potential(d: _Draw) -> _Problem:
    m, ms = d.given(1, 100, "kg")
    h, hs = d.given(20, 500, "cm")
    q = f"How much gravitational potential energy does a {ms} load gain when lifted by {hs}? {_G}"
    return _Problem(q, m * _g(d) * h, ("J", "kJ"))


def _e_work(d: _Draw) -> _Problem:
    f, fs = d.given(0.1, 5, "kN")
    x, xs = d.given(10, 500, "cm")
    q = f"A constant force of {fs} pushes a sledge {xs} along the direction of the force. How much work does it do?"
    return _Problem(q, f * x, ("J", "kJ"))


def _e_speed(d: _Draw) -> _Problem:
    m, ms = d.given(20, 900, "kg")
    e, es = d.given(0.5, 50, "kJ")
    q = f"A {ms} cart has {es} of kinetic energy. How fast is it moving?"
    return _Problem(q, (2 * e / m) ** 0.5, ("m/s", "km/h"))


# --- power ------------------------------------------------------------------


def _p_average(d: _Draw) -> _Problem:
    w, ws = d.given(5, 500, "kJ")
    t, ts = d.given(1, 30, "minutes")
    q = f"A motor does {ws} of work in {ts}. What is its average power?"
    return _Problem(q, w / t, ("W", "kW"))


def _p_energy(d: _Draw) -> _Problem:
    p, ps = d.given(0.5, 3, "kW")
    t, ts = d.given(10, 240, "minutes")
    q = f"A {ps} heater runs for {ts}. How much energy does it use?"
    return _Problem(q, p * t, ("kJ", "MJ", "kWh"))


def _p_lift(d: _Draw) -> _Problem:
    m, ms = d.given(10, 500, "kg")
    h, hs = d.given(2, 30, "m")
    t, ts = d.given(5, 60, "s")
    q = f"A crane lifts a {ms} load {hs} straight up at constant speed in {ts}. What power does it deliver? {_G}"
    return _Problem(q, m * _g(d) * h / t, ("W", "kW"))


def _p_time(d: _Draw) -> _Problem:
    e, es = d.given(10, 900, "kJ")
    p, ps = d.given(100, 2000, "W")
    q = f"How long does a {ps} kettle take to deliver {es} of energy?"
    return _Problem(q, e / p, ("s", "minutes"))


# --- momentum ---------------------------------------------------------------


def _m_momentum(d: _Draw) -> _Problem:
    m, ms = d.given(5, 500, "g")
    v, vs = d.given(10, 900, "m/s")
    q = f"What is the momentum of a {ms} projectile moving at {vs}?"
    return _Problem(q, m * v, ("kg·m/s", "N·s"))


def _m_impulse(d: _Draw) -> _Problem:
    f, fs = d.given(0.5, 20, "kN")
    t, ts = d.given(2, 50, "ms")
    q = f"A bat exerts an average force of {fs} on a ball for {ts}. What impulse does the ball receive?"
    return _Problem(q, f * t, ("N·s", "kg·m/s"))


def _m_inelastic(d: _Draw) -> _Problem:
    m1, m1s = d.given(500, 2000, "kg")
    v, vs = d.given(10, 90, "km/h")
    m2, m2s = d.given(500, 2000, "kg")
    q = (
        f"A {m1s} car moving at {vs} hits a stationary {m2s} car and the two lock together. "
        "How fast do they move just after the collision?"
    )
    return _Problem(q, m1 * v / (m1 + m2), ("m/s", "km/h"))


def _m_recoil(d: _Draw) -> _Problem:
    m1, m1s = d.given(100, 2000, "kg")
    m2, m2s = d.given(1, 20, "kg")
    v, vs = d.given(50, 500, "m/s")
    q = (
        f"A {m1s} cannon at rest fires a {m2s} ball horizontally at {vs}. "
        "What is the recoil speed of the cannon?"
    )
    return _Problem(q, m2 * v / m1, ("m/s", "cm/s"))


# --- heat and calorimetry ---------------------------------------------------


def _h_heat(d: _Draw) -> _Problem:
    m, ms = d.given(100, 2000, "g")
    t1 = d.num(5, 30, 2)
    t2 = d.num(40, 95, 2)
    q = (
        f"How much heat is needed to warm {ms} of water from {_fmt(t1, 6)} °C to "
        f"{_fmt(t2, 6)} °C? {_C_WATER}"
    )
    c = d.q(4186, "J/(kg*K)")
    return _Problem(q, m * c * d.q(t2 - t1, "K"), ("kJ", "J", "kcal"))


def _h_mix(d: _Draw) -> _Problem:
    m1, m1s = d.given(100, 900, "g")
    m2, m2s = d.given(100, 900, "g")
    t1 = d.num(15, 40, 2)
    t2 = d.num(50, 95, 2)
    k1 = d.q(t1, "°C").to("K")
    k2 = d.q(t2, "°C").to("K")
    final = (m1 * k1 + m2 * k2) / (m1 + m2)
    q = (
        f"{m1s} of water at {_fmt(t1, 6)} °C is mixed with {m2s} of water at {_fmt(t2, 6)} °C. "
        "Ignoring heat losses, what is the final temperature?"
    )
    return _Problem(q, final.to("K"), ("°C", "K"))


def _h_melt(d: _Draw) -> _Problem:
    m, ms = d.given(20, 1000, "g")
    q = f"How much heat melts {ms} of ice at 0 °C? The latent heat of fusion of ice is 334 kJ/kg."
    return _Problem(q, m * d.q(334, "kJ/kg"), ("kJ", "J"))


def _h_heater(d: _Draw) -> _Problem:
    for _ in range(100):  # redraw until the water stays below boiling
        p, ps = d.given(200, 2000, "W")
        m, ms = d.given(0.5, 5, "kg")
        t, ts = d.given(1, 20, "minutes")
        t0 = d.num(10, 25, 2)
        rise = (p * t / (m * d.q(4186, "J/(kg*K)"))).to("K").magnitude
        if rise < 70:
            break
    final = d.q(t0, "°C").to("K") + d.q(rise, "K")
    q = (
        f"A {ps} immersion heater warms {ms} of water, initially at {_fmt(t0, 6)} °C, for {ts}. "
        f"Assuming no heat losses, what is the final temperature? {_C_WATER}"
    )
    return _Problem(q, d.q(final.to("K").magnitude, "K"), ("°C", "K"))


# --- ideal gas --------------------------------------------------------------


def _gas_pressure(d: _Draw) -> _Problem:
    n, ns = d.given(0.1, 5, "mol")
    t = d.num(-20, 200, 2)
    v, vs = d.given(1, 50, "L")
    temp = d.q(t, "°C").to("K")
    q = f"{ns} of an ideal gas at {_fmt(t, 6)} °C fills a {vs} container. What is its pressure? {_R_GAS}"
    return _Problem(q, n * d.q(8.314, "J/(mol*K)") * temp / v, ("kPa", "Pa", "atm", "bar"))


def _gas_isochoric(d: _Draw) -> _Problem:
    p1, p1s = d.given(80, 300, "kPa")
    t1 = d.num(0, 40, 2)
    t2 = d.num(50, 300, 2)
    k1 = d.q(t1, "°C").to("K")
    k2 = d.q(t2, "°C").to("K")
    q = (
        f"A sealed rigid tank holds gas at {p1s} and {_fmt(t1, 6)} °C. It is heated to "
        f"{_fmt(t2, 6)} °C. What is the new pressure?"
    )
    return _Problem(q, p1 * (k2 / k1), ("kPa", "atm", "bar"))


def _gas_boyle(d: _Draw) -> _Problem:
    v1, v1s = d.given(1, 10, "L")
    p1, p1s = d.given(1, 3, "atm")
    v2, v2s = d.given(200, 900, "mL")
    q = (
        f"A gas occupies {v1s} at {p1s}. It is compressed at constant temperature to {v2s}. "
        "What is its new pressure?"
    )
    return _Problem(q, p1 * v1 / v2, ("atm", "kPa"))


def _gas_moles(d: _Draw) -> _Problem:
    p, ps = d.given(50, 300, "kPa")
    v, vs = d.given(1, 30, "L")
    t = d.num(0, 100, 2)
    temp = d.q(t, "°C").to("K")
    q = f"How many moles of ideal gas fill {vs} at {ps} and {_fmt(t, 6)} °C? {_R_GAS}"
    return _Problem(q, p * v / (d.q(8.314, "J/(mol*K)") * temp), ("mol", "mmol"))


def _gas_charles(d: _Draw) -> _Problem:
    v1, v1s = d.given(0.5, 10, "L")
    t1 = d.num(0, 30, 2)
    t2 = d.num(40, 250, 2)
    k1 = d.q(t1, "°C").to("K")
    k2 = d.q(t2, "°C").to("K")
    q = (
        f"A balloon holds {v1s} of gas at {_fmt(t1, 6)} °C. At constant pressure it is heated to "
        f"{_fmt(t2, 6)} °C. What is its new volume?"
    )
    return _Problem(q, v1 * (k2 / k1), ("L", "mL"))


# --- circuits ---------------------------------------------------------------


def _c_ohm(d: _Draw) -> _Problem:
    i, is_ = d.given(1, 50, "mA")
    r, rs = d.given(0.1, 10, "kΩ")
    q = f"A current of {is_} flows through a {rs} resistor. What is the voltage across it?"
    return _Problem(q, i * r, ("V", "mV"))


def _c_series(d: _Draw) -> _Problem:
    v, vs = d.given(3, 24, "V")
    r1, r1s = d.given(10, 470, "Ω")
    r2, r2s = d.given(10, 470, "Ω")
    q = f"Resistors of {r1s} and {r2s} are connected in series across a {vs} battery. What current flows?"
    return _Problem(q, v / (r1 + r2), ("mA", "A"))


def _c_parallel(d: _Draw) -> _Problem:
    r1, r1s = d.given(100, 900, "Ω")
    r2, r2s = d.given(0.5, 10, "kΩ")
    q = f"A {r1s} resistor and a {r2s} resistor are connected in parallel. What is their equivalent resistance?"
    return _Problem(q, r1 * r2 / (r1 + r2), ("Ω", "kΩ"))


def _c_power(d: _Draw) -> _Problem:
    v, vs = d.given(1.5, 240, "V")
    i, is_ = d.given(10, 2000, "mA")
    q = f"A device draws {is_} from a {vs} supply. What power does it use?"
    return _Problem(q, v * i, ("W", "mW"))


def _c_charge(d: _Draw) -> _Problem:
    i, is_ = d.given(10, 2000, "mA")
    t, ts = d.given(1, 60, "minutes")
    q = f"A steady current of {is_} flows for {ts}. How much charge passes?"
    return _Problem(q, i * t, ("C", "kC"))


# --- waves and optics -------------------------------------------------------


def _w_wavelength(d: _Draw) -> _Problem:
    f, fs = d.given(0.2, 20, "kHz")
    v, vs = d.given(330, 350, "m/s", 3)
    q = f"A sound wave of frequency {fs} travels through air at {vs}. What is its wavelength?"
    return _Problem(q, v / f, ("cm", "m", "mm"))


def _w_light(d: _Draw) -> _Problem:
    lam, lams = d.given(400, 700, "nm", 3)
    q = f"What is the frequency of light with a vacuum wavelength of {lams}? Use c = 3.00e8 m/s."
    return _Problem(q, d.q(3.00e8, "m/s") / lam, ("THz", "GHz"))


def _w_period(d: _Draw) -> _Problem:
    t, ts = d.given(0.5, 50, "ms")
    q = f"An oscillation has a period of {ts}. What is its frequency?"
    return _Problem(q, 1 / t, ("Hz", "kHz"))


def _w_lens(d: _Draw) -> _Problem:
    do, dos = d.given(25, 200, "cm")
    f, fs = d.given(50, 180, "mm")
    q = (
        f"An object stands {dos} from a thin converging lens of focal length {fs}. "
        "How far from the lens is the image?"
    )
    di = 1 / (1 / f - 1 / do)
    return _Problem(q, di, ("cm", "mm", "m"))


def _w_speed(d: _Draw) -> _Problem:
    f, fs = d.given(2, 200, "Hz")
    lam, lams = d.given(5, 300, "cm")
    q = f"A wave on a string has a frequency of {fs} and a wavelength of {lams}. How fast does it travel?"
    return _Problem(q, f * lam, ("m/s", "km/h"))


# --- fluids and pressure ----------------------------------------------------


def _fl_depth(d: _Draw) -> _Problem:
    h, hs = d.given(1, 100, "m")
    q = f"What is the gauge pressure of water at a depth of {hs}? {_RHO}"
    return _Problem(q, d.q(1000, "kg/m^3") * _g(d) * h, ("kPa", "Pa", "atm", "bar"))


def _fl_force(d: _Draw) -> _Problem:
    p, ps = d.given(10, 500, "kPa")
    a, as_ = d.given(5, 500, "cm^2")
    q = f"A pressure of {ps} acts on a piston of area {as_}. What force does it exert?"
    return _Problem(q, p * a, ("N", "kN"))


def _fl_buoyancy(d: _Draw) -> _Problem:
    v, vs = d.given(0.5, 50, "L")
    q = f"What buoyant force acts on a {vs} object fully submerged in water? {_RHO}"
    return _Problem(q, d.q(1000, "kg/m^3") * _g(d) * v, ("N", "kN"))


def _fl_continuity(d: _Draw) -> _Problem:
    v1, v1s = d.given(0.5, 3, "m/s")
    d1 = d.num(2, 10, 2)
    d2 = float(_fmt(d1 * d.rng.uniform(0.3, 0.8), 2))
    q = (
        f"Water flows at {v1s} through a pipe {_fmt(d1, 6)} cm in diameter that narrows to "
        f"{_fmt(d2, 6)} cm. How fast does the water flow in the narrow section?"
    )
    return _Problem(q, v1 * (d1 / d2) ** 2, ("m/s", "cm/s", "km/h"))


def _fl_density(d: _Draw) -> _Problem:
    m, ms = d.given(10, 900, "g")
    v, vs = d.given(m.magnitude / 11, m.magnitude / 0.5, "cm^3")  # 0.5 to 11 g/cm^3
    q = f"A block of mass {ms} has a volume of {vs}. What is its density?"
    return _Problem(q, m / v, ("kg/m^3", "g/cm^3"))


_TEMPLATES: dict[str, tuple[Callable[[_Draw], _Problem], ...]] = {
    "kinematics": (_kin_speed, _kin_accel, _kin_fall, _kin_brake, _kin_distance),
    "forces": (_f_newton, _f_moon, _f_friction, _f_spring, _f_accel),
    "energy and work": (_e_kinetic, _e_potential, _e_work, _e_speed),
    "power": (_p_average, _p_energy, _p_lift, _p_time),
    "momentum": (_m_momentum, _m_impulse, _m_inelastic, _m_recoil),
    "heat and calorimetry": (_h_heat, _h_mix, _h_melt, _h_heater),
    "ideal gas": (_gas_pressure, _gas_isochoric, _gas_boyle, _gas_moles, _gas_charles),
    "circuits": (_c_ohm, _c_series, _c_parallel, _c_power, _c_charge),
    "waves and optics": (_w_wavelength, _w_light, _w_period, _w_lens, _w_speed),
    "fluids and pressure": (_fl_depth, _fl_force, _fl_buoyancy, _fl_continuity, _fl_density),
}


def _render(value: Any, unit: str) -> str | None:
    """``value`` in the display unit ``unit``, or ``None`` when out of a readable range."""
    magnitude = float(value.to(_PINT_UNITS.get(unit, unit)).magnitude)
    if not _MIN_MAG <= abs(magnitude) < _MAX_MAG:
        return None
    sig = _ANSWER_SIG + 1 if unit == "K" else _ANSWER_SIG
    return f"{_fmt(magnitude, sig)} {unit}"


def _split_of(question: str) -> str:
    digest = hashlib.sha256(question.encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:8], "big") % _TEST_SHARE == 0 else "train"


def _candidate(seed: int, index: int, topics: Sequence[str]) -> dict[str, Any]:
    """Candidate problem ``index`` of the stream for ``seed``: a pure function of its arguments."""
    rng = random.Random(f"unitreward.physics:{seed}:{index}")
    topic = topics[index % len(topics)]
    template = rng.choice(_TEMPLATES[topic])
    problem = template(_Draw(rng))
    units = [u for u in problem.units if _render(problem.value, u) is not None]
    if rng.random() < 0.5 and len(units) > 1:
        # Ask for a particular unit in about half the questions; that unit is then canonical.
        asked = rng.choice(units)
        units.remove(asked)
        units.insert(0, asked)
        question = f"{problem.question} Give the answer in {asked}."
    else:
        question = problem.question
    solutions = [text for u in units if (text := _render(problem.value, u)) is not None]
    return {
        "question": question,
        "solutions": solutions,
        "answer": solutions[0],
        "topic": topic,
        "unit": units[0],
    }


def _check_options(n: int, seed: int, topics: Iterable[str] | None, split: str) -> tuple[str, ...]:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ConfigError(f"n must be an int >= 0, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ConfigError(f"seed must be an int, got {seed!r}")
    if split not in SPLITS:
        raise ConfigError(f"split must be one of {SPLITS}, got {split!r}")
    if topics is None:
        return TOPICS
    if isinstance(topics, str):
        topics = [topics]
    chosen = tuple(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in _TEMPLATES]
    if unknown or not chosen:
        raise ConfigError(f"topics must be a non-empty subset of {TOPICS}, got {list(topics)!r}")
    return chosen


def physics_records(
    n: int,
    *,
    seed: int = 0,
    topics: Iterable[str] | None = None,
    split: str = "train",
) -> list[dict[str, Any]]:
    """``n`` physics problems as plain dicts (no ``datasets`` needed).

    The same problems, in the same order, as :func:`physics_problems`.

    Args:
        n: How many problems.
        seed: Selects the stream of problems; the same seed gives the same problems.
        topics: A subset of :data:`TOPICS` (default: all), taken in turn.
        split: ``"train"`` or ``"test"``; the two never share a question.

    Returns:
        A list of dicts with keys ``question``, ``solutions``, ``answer``, ``topic``, ``unit``.

    Raises:
        ConfigError: For a negative ``n``, an unknown topic or split.

    >>> rows = physics_records(3, seed=1, topics=["circuits"])
    >>> [r["topic"] for r in rows]
    ['circuits', 'circuits', 'circuits']
    >>> rows == physics_records(3, seed=1, topics=["circuits"])
    True
    """
    chosen = _check_options(n, seed, topics, split)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    index = 0
    limit = 100 * n + 1000
    while len(rows) < n:
        if index >= limit:  # pragma: no cover - the template space is far larger than this
            raise ConfigError(f"could not draw {n} distinct {split} problems for topics {chosen}")
        row = _candidate(seed, index, chosen)
        index += 1
        question = row["question"]
        if question in seen or _split_of(question) != split:
            continue
        seen.add(question)
        rows.append(row)
    return rows


def physics_problems(
    n: int,
    *,
    seed: int = 0,
    topics: Iterable[str] | None = None,
    split: str = "train",
) -> Any:
    """``n`` procedurally generated, verifiable physics problems as a ``datasets.Dataset``.

    Columns: ``question`` (givens in mixed units), ``solutions`` (acceptable
    renderings of the answer in several units, the canonical one first; what
    :data:`unitreward.correctness` reads), ``answer`` (canonical rendering),
    ``topic`` and ``unit`` (the canonical unit). Each answer is computed with
    pint from the values exactly as printed, to 4 significant figures.

    Problems are reproducible from ``(seed, index)``; a split never repeats a
    question, and a question's split is fixed by its text, so ``"train"`` and
    ``"test"`` are disjoint for every seed.

    Args:
        n: How many problems.
        seed: Selects the stream of problems.
        topics: A subset of :data:`TOPICS` (default: all ten), taken in turn.
        split: ``"train"`` or ``"test"``.

    Returns:
        A ``datasets.Dataset`` with ``n`` rows.

    Raises:
        ConfigError: For a negative ``n``, an unknown topic or split.
        ImportError: When ``datasets`` is not installed (``pip install 'unitreward[train]'``).

    >>> ds = physics_problems(20, seed=0)
    >>> ds.column_names
    ['question', 'solutions', 'answer', 'topic', 'unit']
    >>> len(set(ds["topic"]))
    10
    """
    rows = physics_records(n, seed=seed, topics=topics, split=split)
    try:
        import datasets
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(_INSTALL_HINT) from e
    features = datasets.Features(
        {
            "question": datasets.Value("string"),
            "solutions": datasets.Sequence(datasets.Value("string")),
            "answer": datasets.Value("string"),
            "topic": datasets.Value("string"),
            "unit": datasets.Value("string"),
        }
    )
    columns = {name: [row[name] for row in rows] for name in features}
    return datasets.Dataset.from_dict(columns, features=features)


class _ToPrompt:
    """Picklable ``map`` function (``datasets`` fingerprints and may pickle it)."""

    def __init__(self, system_prompt: str | None, question_column: str) -> None:
        self.system_prompt = system_prompt
        self.question_column = question_column

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        messages = []
        if self.system_prompt:
            messages.append({"role": "system", "content": self.system_prompt})
        messages.append({"role": "user", "content": row[self.question_column]})
        return {"prompt": messages}


def to_prompts(
    dataset: Any,
    *,
    system_prompt: str | None = DEFAULT_SYSTEM_PROMPT,
    question_column: str = "question",
) -> Any:
    """Add the conversational ``prompt`` column GRPO needs from the ``question`` column.

    Works on any ``datasets.Dataset`` or ``DatasetDict`` with a question
    column: the bundled problems or ``qgallouedec/rick-physics-grpo``.

    Args:
        dataset: A ``datasets.Dataset`` or ``DatasetDict``.
        system_prompt: The system message; ``None`` or ``""`` for none (the
            user message alone, as in the GRPO physics tutorial).
        question_column: The column holding the question text.

    Returns:
        The dataset with a ``prompt`` column: ``[{"role": "system", ...}, {"role": "user", ...}]``.

    Raises:
        ConfigError: When ``system_prompt`` is not a string or ``None``, or the
            question column is missing.

    >>> ds = to_prompts(physics_problems(2), system_prompt=None)
    >>> ds[0]["prompt"][0]["role"], ds[0]["prompt"][0]["content"] == ds[0]["question"]
    ('user', True)
    """
    if system_prompt is not None and not isinstance(system_prompt, str):
        raise ConfigError(f"system_prompt must be a str or None, got {system_prompt!r}")
    names = dataset.column_names
    columns = (
        {c for cols in names.values() for c in cols} if isinstance(names, dict) else set(names)
    )
    if question_column not in columns:
        raise ConfigError(
            f"no column {question_column!r} in the dataset (columns: {sorted(columns)})"
        )
    return dataset.map(_ToPrompt(system_prompt, question_column))
