"""The problem templates behind :mod:`unitreward.data.physics`: one function per kind of
problem, each drawing its givens (rounded as they are printed) and computing the answer
with pint from those printed values.

>>> import random
>>> problem = TEMPLATES["kinematics"][0](Draw(random.Random(0)))
>>> problem.question.endswith("?"), str(problem.value.units) != ""
(True, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import random

    import pint

__all__ = ["PINT_UNITS", "TEMPLATES", "Draw", "Problem", "fmt"]

# Display spelling -> pint spelling, where they differ.
PINT_UNITS: dict[str, str] = {
    "°C": "degC",
    "Ω": "ohm",
    "kΩ": "kiloohm",
    "kg·m/s": "kg*m/s",
    "N·s": "N*s",
    "tonnes": "tonne",
    "minutes": "minute",
    "hours": "hour",
}


@cache
def _ureg() -> pint.UnitRegistry[Any]:
    import pint

    return pint.UnitRegistry()


def fmt(x: float, sig: int) -> str:
    """``x`` rounded to ``sig`` significant figures, in plain decimal notation.

    >>> fmt(15279.6, 4), fmt(0.0012345, 3), fmt(2.5, 4), fmt(-3.0, 2)
    ('15280', '0.00123', '2.5', '-3')
    """
    if x == 0 or not math.isfinite(x):
        return "0"
    text = format(Decimal(f"{x:.{sig - 1}e}"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class Draw:
    """Random givens for one problem; every value is rounded as it is printed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ureg = _ureg()

    def num(self, lo: float, hi: float, sig: int | None = None) -> float:
        sig = sig if sig is not None else self.rng.choice((2, 3))
        return float(fmt(self.rng.uniform(lo, hi), sig))

    def given(self, lo: float, hi: float, unit: str, sig: int | None = None) -> tuple[Any, str]:
        """A quantity drawn from ``[lo, hi]`` in ``unit`` and its printed form."""
        value = self.num(lo, hi, sig)
        text = f"{fmt(value, 6)} {unit}"
        return self.q(value, unit), text

    def q(self, value: float, unit: str) -> Any:
        return self.ureg.Quantity(value, PINT_UNITS.get(unit, unit))


@dataclass(frozen=True)
class Problem:
    question: str
    value: Any  # a pint Quantity
    units: tuple[str, ...]  # display units; the first is the canonical one


_G = "Use g = 9.81 m/s^2."
_C_WATER = "Use c = 4186 J/(kg·K) for water."
_R_GAS = "Use R = 8.314 J/(mol·K)."
_RHO = "Use 1000 kg/m^3 for the density of water and g = 9.81 m/s^2."


def _g(d: Draw) -> Any:
    return d.q(9.81, "m/s^2")


# --- kinematics -------------------------------------------------------------


def _kin_speed(d: Draw) -> Problem:
    dist, ds = d.given(2, 200, "km")
    t, ts = d.given(5, 180, "minutes")
    return Problem(
        f"A car covers {ds} in {ts}. What is its average speed?", dist / t, ("m/s", "km/h")
    )


def _kin_accel(d: Draw) -> Problem:
    v, vs = d.given(20, 120, "km/h")
    t, ts = d.given(2, 15, "s")
    q = f"Starting from rest, a motorbike reaches {vs} in {ts}. What is its average acceleration?"
    return Problem(q, v / t, ("m/s^2", "cm/s^2"))


def _kin_fall(d: Draw) -> Problem:
    t, ts = d.given(0.5, 5, "s")
    q = f"A stone is dropped from rest and falls freely for {ts}. How far does it fall? {_G}"
    return Problem(q, 0.5 * _g(d) * t**2, ("m", "cm"))


def _kin_brake(d: Draw) -> Problem:
    v, vs = d.given(30, 130, "km/h")
    x, xs = d.given(20, 400, "m")
    q = (
        f"A train travelling at {vs} brakes uniformly and stops after {xs}. "
        "What is the magnitude of its deceleration?"
    )
    return Problem(q, v**2 / (2 * x), ("m/s^2", "cm/s^2"))


def _kin_distance(d: Draw) -> Problem:
    v, vs = d.given(3, 40, "m/s")
    t, ts = d.given(2, 90, "minutes")
    return Problem(
        f"A drone flies at a steady {vs} for {ts}. How far does it travel?", v * t, ("km", "m")
    )


# --- forces -----------------------------------------------------------------


def _f_newton(d: Draw) -> Problem:
    m, ms = d.given(0.8, 40, "tonnes")
    a, as_ = d.given(0.2, 3, "m/s^2")
    q = f"What net force gives a truck of mass {ms} an acceleration of {as_}?"
    return Problem(q, m * a, ("kN", "N"))


def _f_moon(d: Draw) -> Problem:
    m, ms = d.given(200, 5000, "g")
    q = f"What does a {ms} rock weigh on the Moon, where g = 1.62 m/s^2?"
    return Problem(q, m * d.q(1.62, "m/s^2"), ("N", "mN"))


def _f_friction(d: Draw) -> Problem:
    m, ms = d.given(2, 80, "kg")
    mu = d.num(0.1, 0.8, 2)
    q = (
        f"A {ms} crate slides across a level floor with a coefficient of kinetic friction of "
        f"{fmt(mu, 6)}. What is the friction force on it? {_G}"
    )
    return Problem(q, mu * m * _g(d), ("N",))


def _f_spring(d: Draw) -> Problem:
    k, ks = d.given(0.5, 20, "N/cm")
    x, xs = d.given(5, 80, "mm")
    q = f"A spring with a spring constant of {ks} is stretched by {xs}. What force does it exert?"
    return Problem(q, k * x, ("N", "mN"))


def _f_accel(d: Draw) -> Problem:
    f, fs = d.given(0.5, 20, "N")
    m, ms = d.given(50, 900, "g")
    q = f"A net force of {fs} acts on a {ms} puck on frictionless ice. What is its acceleration?"
    return Problem(q, f / m, ("m/s^2", "cm/s^2"))


# --- energy and work --------------------------------------------------------


def _e_kinetic(d: Draw) -> Problem:
    m, ms = d.given(50, 2000, "g")
    v, vs = d.given(10, 150, "km/h")
    q = f"What is the kinetic energy of a {ms} ball moving at {vs}?"
    return Problem(q, 0.5 * m * v**2, ("J", "kJ"))


def _e_potential(d: Draw) -> Problem:
    m, ms = d.given(1, 100, "kg")
    h, hs = d.given(20, 500, "cm")
    q = f"How much gravitational potential energy does a {ms} load gain when lifted by {hs}? {_G}"
    return Problem(q, m * _g(d) * h, ("J", "kJ"))


def _e_work(d: Draw) -> Problem:
    f, fs = d.given(0.1, 5, "kN")
    x, xs = d.given(10, 500, "cm")
    q = f"A constant force of {fs} pushes a sledge {xs} along the direction of the force. How much work does it do?"
    return Problem(q, f * x, ("J", "kJ"))


def _e_speed(d: Draw) -> Problem:
    m, ms = d.given(20, 900, "kg")
    e, es = d.given(0.5, 50, "kJ")
    q = f"A {ms} cart has {es} of kinetic energy. How fast is it moving?"
    return Problem(q, (2 * e / m) ** 0.5, ("m/s", "km/h"))


# --- power ------------------------------------------------------------------


def _p_average(d: Draw) -> Problem:
    w, ws = d.given(5, 500, "kJ")
    t, ts = d.given(1, 30, "minutes")
    q = f"A motor does {ws} of work in {ts}. What is its average power?"
    return Problem(q, w / t, ("W", "kW"))


def _p_energy(d: Draw) -> Problem:
    p, ps = d.given(0.5, 3, "kW")
    t, ts = d.given(10, 240, "minutes")
    q = f"A {ps} heater runs for {ts}. How much energy does it use?"
    return Problem(q, p * t, ("kJ", "MJ", "kWh"))


def _p_lift(d: Draw) -> Problem:
    m, ms = d.given(10, 500, "kg")
    h, hs = d.given(2, 30, "m")
    t, ts = d.given(5, 60, "s")
    q = f"A crane lifts a {ms} load {hs} straight up at constant speed in {ts}. What power does it deliver? {_G}"
    return Problem(q, m * _g(d) * h / t, ("W", "kW"))


def _p_time(d: Draw) -> Problem:
    e, es = d.given(10, 900, "kJ")
    p, ps = d.given(100, 2000, "W")
    q = f"How long does a {ps} kettle take to deliver {es} of energy?"
    return Problem(q, e / p, ("s", "minutes"))


# --- momentum ---------------------------------------------------------------


def _m_momentum(d: Draw) -> Problem:
    m, ms = d.given(5, 500, "g")
    v, vs = d.given(10, 900, "m/s")
    q = f"What is the momentum of a {ms} projectile moving at {vs}?"
    return Problem(q, m * v, ("kg·m/s", "N·s"))


def _m_impulse(d: Draw) -> Problem:
    f, fs = d.given(0.5, 20, "kN")
    t, ts = d.given(2, 50, "ms")
    q = f"A bat exerts an average force of {fs} on a ball for {ts}. What impulse does the ball receive?"
    return Problem(q, f * t, ("N·s", "kg·m/s"))


def _m_inelastic(d: Draw) -> Problem:
    m1, m1s = d.given(500, 2000, "kg")
    v, vs = d.given(10, 90, "km/h")
    m2, m2s = d.given(500, 2000, "kg")
    q = (
        f"A {m1s} car moving at {vs} hits a stationary {m2s} car and the two lock together. "
        "How fast do they move just after the collision?"
    )
    return Problem(q, m1 * v / (m1 + m2), ("m/s", "km/h"))


def _m_recoil(d: Draw) -> Problem:
    m1, m1s = d.given(100, 2000, "kg")
    m2, m2s = d.given(1, 20, "kg")
    v, vs = d.given(50, 500, "m/s")
    q = (
        f"A {m1s} cannon at rest fires a {m2s} ball horizontally at {vs}. "
        "What is the recoil speed of the cannon?"
    )
    return Problem(q, m2 * v / m1, ("m/s", "cm/s"))


# --- heat and calorimetry ---------------------------------------------------


def _h_heat(d: Draw) -> Problem:
    m, ms = d.given(100, 2000, "g")
    t1 = d.num(5, 30, 2)
    t2 = d.num(40, 95, 2)
    q = (
        f"How much heat is needed to warm {ms} of water from {fmt(t1, 6)} °C to "
        f"{fmt(t2, 6)} °C? {_C_WATER}"
    )
    c = d.q(4186, "J/(kg*K)")
    return Problem(q, m * c * d.q(t2 - t1, "K"), ("kJ", "J", "kcal"))


def _h_mix(d: Draw) -> Problem:
    m1, m1s = d.given(100, 900, "g")
    m2, m2s = d.given(100, 900, "g")
    t1 = d.num(15, 40, 2)
    t2 = d.num(50, 95, 2)
    k1 = d.q(t1, "°C").to("K")
    k2 = d.q(t2, "°C").to("K")
    final = (m1 * k1 + m2 * k2) / (m1 + m2)
    q = (
        f"{m1s} of water at {fmt(t1, 6)} °C is mixed with {m2s} of water at {fmt(t2, 6)} °C. "
        "Ignoring heat losses, what is the final temperature?"
    )
    return Problem(q, final.to("K"), ("°C", "K"))


def _h_melt(d: Draw) -> Problem:
    m, ms = d.given(20, 1000, "g")
    q = f"How much heat melts {ms} of ice at 0 °C? The latent heat of fusion of ice is 334 kJ/kg."
    return Problem(q, m * d.q(334, "kJ/kg"), ("kJ", "J"))


def _h_heater(d: Draw) -> Problem:
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
        f"A {ps} immersion heater warms {ms} of water, initially at {fmt(t0, 6)} °C, for {ts}. "
        f"Assuming no heat losses, what is the final temperature? {_C_WATER}"
    )
    return Problem(q, d.q(final.to("K").magnitude, "K"), ("°C", "K"))


# --- ideal gas --------------------------------------------------------------


def _gas_pressure(d: Draw) -> Problem:
    n, ns = d.given(0.1, 5, "mol")
    t = d.num(-20, 200, 2)
    v, vs = d.given(1, 50, "L")
    temp = d.q(t, "°C").to("K")
    q = f"{ns} of an ideal gas at {fmt(t, 6)} °C fills a {vs} container. What is its pressure? {_R_GAS}"
    return Problem(q, n * d.q(8.314, "J/(mol*K)") * temp / v, ("kPa", "Pa", "atm", "bar"))


def _gas_isochoric(d: Draw) -> Problem:
    p1, p1s = d.given(80, 300, "kPa")
    t1 = d.num(0, 40, 2)
    t2 = d.num(50, 300, 2)
    k1 = d.q(t1, "°C").to("K")
    k2 = d.q(t2, "°C").to("K")
    q = (
        f"A sealed rigid tank holds gas at {p1s} and {fmt(t1, 6)} °C. It is heated to "
        f"{fmt(t2, 6)} °C. What is the new pressure?"
    )
    return Problem(q, p1 * (k2 / k1), ("kPa", "atm", "bar"))


def _gas_boyle(d: Draw) -> Problem:
    v1, v1s = d.given(1, 10, "L")
    p1, p1s = d.given(1, 3, "atm")
    v2, v2s = d.given(200, 900, "mL")
    q = (
        f"A gas occupies {v1s} at {p1s}. It is compressed at constant temperature to {v2s}. "
        "What is its new pressure?"
    )
    return Problem(q, p1 * v1 / v2, ("atm", "kPa"))


def _gas_moles(d: Draw) -> Problem:
    p, ps = d.given(50, 300, "kPa")
    v, vs = d.given(1, 30, "L")
    t = d.num(0, 100, 2)
    temp = d.q(t, "°C").to("K")
    q = f"How many moles of ideal gas fill {vs} at {ps} and {fmt(t, 6)} °C? {_R_GAS}"
    return Problem(q, p * v / (d.q(8.314, "J/(mol*K)") * temp), ("mol", "mmol"))


def _gas_charles(d: Draw) -> Problem:
    v1, v1s = d.given(0.5, 10, "L")
    t1 = d.num(0, 30, 2)
    t2 = d.num(40, 250, 2)
    k1 = d.q(t1, "°C").to("K")
    k2 = d.q(t2, "°C").to("K")
    q = (
        f"A balloon holds {v1s} of gas at {fmt(t1, 6)} °C. At constant pressure it is heated to "
        f"{fmt(t2, 6)} °C. What is its new volume?"
    )
    return Problem(q, v1 * (k2 / k1), ("L", "mL"))


# --- circuits ---------------------------------------------------------------


def _c_ohm(d: Draw) -> Problem:
    i, is_ = d.given(1, 50, "mA")
    r, rs = d.given(0.1, 10, "kΩ")
    q = f"A current of {is_} flows through a {rs} resistor. What is the voltage across it?"
    return Problem(q, i * r, ("V", "mV"))


def _c_series(d: Draw) -> Problem:
    v, vs = d.given(3, 24, "V")
    r1, r1s = d.given(10, 470, "Ω")
    r2, r2s = d.given(10, 470, "Ω")
    q = f"Resistors of {r1s} and {r2s} are connected in series across a {vs} battery. What current flows?"
    return Problem(q, v / (r1 + r2), ("mA", "A"))


def _c_parallel(d: Draw) -> Problem:
    r1, r1s = d.given(100, 900, "Ω")
    r2, r2s = d.given(0.5, 10, "kΩ")
    q = f"A {r1s} resistor and a {r2s} resistor are connected in parallel. What is their equivalent resistance?"
    return Problem(q, r1 * r2 / (r1 + r2), ("Ω", "kΩ"))


def _c_power(d: Draw) -> Problem:
    v, vs = d.given(1.5, 240, "V")
    i, is_ = d.given(10, 2000, "mA")
    q = f"A device draws {is_} from a {vs} supply. What power does it use?"
    return Problem(q, v * i, ("W", "mW"))


def _c_charge(d: Draw) -> Problem:
    i, is_ = d.given(10, 2000, "mA")
    t, ts = d.given(1, 60, "minutes")
    q = f"A steady current of {is_} flows for {ts}. How much charge passes?"
    return Problem(q, i * t, ("C", "kC"))


# --- waves and optics -------------------------------------------------------


def _w_wavelength(d: Draw) -> Problem:
    f, fs = d.given(0.2, 20, "kHz")
    v, vs = d.given(330, 350, "m/s", 3)
    q = f"A sound wave of frequency {fs} travels through air at {vs}. What is its wavelength?"
    return Problem(q, v / f, ("cm", "m", "mm"))


def _w_light(d: Draw) -> Problem:
    lam, lams = d.given(400, 700, "nm", 3)
    q = f"What is the frequency of light with a vacuum wavelength of {lams}? Use c = 3.00e8 m/s."
    return Problem(q, d.q(3.00e8, "m/s") / lam, ("THz", "GHz"))


def _w_period(d: Draw) -> Problem:
    t, ts = d.given(0.5, 50, "ms")
    q = f"An oscillation has a period of {ts}. What is its frequency?"
    return Problem(q, 1 / t, ("Hz", "kHz"))


def _w_lens(d: Draw) -> Problem:
    do, dos = d.given(25, 200, "cm")
    f, fs = d.given(50, 180, "mm")
    q = (
        f"An object stands {dos} from a thin converging lens of focal length {fs}. "
        "How far from the lens is the image?"
    )
    di = 1 / (1 / f - 1 / do)
    return Problem(q, di, ("cm", "mm", "m"))


def _w_speed(d: Draw) -> Problem:
    f, fs = d.given(2, 200, "Hz")
    lam, lams = d.given(5, 300, "cm")
    q = f"A wave on a string has a frequency of {fs} and a wavelength of {lams}. How fast does it travel?"
    return Problem(q, f * lam, ("m/s", "km/h"))


# --- fluids and pressure ----------------------------------------------------


def _fl_depth(d: Draw) -> Problem:
    h, hs = d.given(1, 100, "m")
    q = f"What is the gauge pressure of water at a depth of {hs}? {_RHO}"
    return Problem(q, d.q(1000, "kg/m^3") * _g(d) * h, ("kPa", "Pa", "atm", "bar"))


def _fl_force(d: Draw) -> Problem:
    p, ps = d.given(10, 500, "kPa")
    a, as_ = d.given(5, 500, "cm^2")
    q = f"A pressure of {ps} acts on a piston of area {as_}. What force does it exert?"
    return Problem(q, p * a, ("N", "kN"))


def _fl_buoyancy(d: Draw) -> Problem:
    v, vs = d.given(0.5, 50, "L")
    q = f"What buoyant force acts on a {vs} object fully submerged in water? {_RHO}"
    return Problem(q, d.q(1000, "kg/m^3") * _g(d) * v, ("N", "kN"))


def _fl_continuity(d: Draw) -> Problem:
    v1, v1s = d.given(0.5, 3, "m/s")
    d1 = d.num(2, 10, 2)
    d2 = float(fmt(d1 * d.rng.uniform(0.3, 0.8), 2))
    q = (
        f"Water flows at {v1s} through a pipe {fmt(d1, 6)} cm in diameter that narrows to "
        f"{fmt(d2, 6)} cm. How fast does the water flow in the narrow section?"
    )
    return Problem(q, v1 * (d1 / d2) ** 2, ("m/s", "cm/s", "km/h"))


def _fl_density(d: Draw) -> Problem:
    m, ms = d.given(10, 900, "g")
    v, vs = d.given(m.magnitude / 11, m.magnitude / 0.5, "cm^3")  # 0.5 to 11 g/cm^3
    q = f"A block of mass {ms} has a volume of {vs}. What is its density?"
    return Problem(q, m / v, ("kg/m^3", "g/cm^3"))


TEMPLATES: dict[str, tuple[Callable[[Draw], Problem], ...]] = {
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
