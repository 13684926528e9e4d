"""Whole completions: realistic ones around an answer, and hostile text.

- :func:`completions`: a think block, then a final answer in one of the forms
  unitreward's policy recognises, around any answer string.
- :func:`reward_inputs`: adversarial text for "never raises, always in range".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import hypothesis.strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import DrawFn, SearchStrategy

from unitreward.strategies._spelling import _rendering_strategy
from unitreward.strategies._units import _resolve
from unitreward.strategies.quantity import quantities

__all__ = ["completions", "reward_inputs"]


_THINK_TEMPLATES = (
    "Given {0} and {1}.",
    "First compute {0}, then {1}.",
    "Maybe the answer is {0}? No, recheck.",
    r"\boxed{{{0}}} would be wrong here.",
    "Units: {0} = {1}?",
    "The answer is {0}.",
)
_WORKING_TEMPLATES = ("Given {0} and {1}.", "We know {0}; also {1}.", "Using {0}:")
_LEADS = ("", "Therefore, ", "So ", "Putting it together: ")
_TRAILS = ("", " This is the final result.", "\n\nHope this helps!")
_FORMS = (
    "The answer is {a}.",
    "Final answer: {a}",
    "**Answer:** {a}",
    r"\boxed{{{a}}}",
    r"$\boxed{{{a}}}$",
    "$$\n\\boxed{{{a}}}\n$$",
    "<answer>{a}</answer>",
    "<answer>\n{a}\n</answer>",
    "the final answer is {a}",
    "x = {a} (final)",
)


def completions(answer: str | SearchStrategy[str], *, think: bool = True) -> SearchStrategy[str]:
    """Realistic completions whose final answer is ``answer``.

    A think block (when ``think``) whose reasoning mentions other quantities
    (and even tempting wrong answers, which the policy must ignore), then the
    answer in one of the final-answer forms unitreward's policy recognises:
    ``\\boxed{}`` (in ``$...$`` or display math), ``<answer>`` tags,
    "The answer is", "Final answer:", "**Answer:**", "= ... (final)". With
    ``think=False`` the working sits in the answer section, never in a form
    that could pass for the final answer.

    Shrinks toward ``<think>\\n\\n</think>\\n\\nThe answer is ANSWER.`` (or,
    without a think block, ``The answer is ANSWER.``).

    Args:
        answer: The final-answer text, or a strategy of such texts.
        think: Whether to open with a closed ``<think>`` block.

    Raises:
        hypothesis.errors.InvalidArgument: For a non-string answer or a
            non-bool ``think``.

    >>> from hypothesis import given
    >>> from unitreward import check
    >>> @given(completions("0.12 km"))
    ... def test_found(text):
    ...     assert check(text, "120 m").reward == 1.0
    >>> test_found()
    """
    if not isinstance(think, bool):
        raise InvalidArgument(f"think must be a bool, got {think!r}")
    if isinstance(answer, str):
        answers: SearchStrategy[str] = st.just(answer)
    elif isinstance(answer, SearchStrategy):
        answers = answer
    else:
        raise InvalidArgument(f"answer must be a str or a strategy of str, got {answer!r}")

    @st.composite
    def build(draw: DrawFn) -> str:
        text = draw(answers)
        if not isinstance(text, str):
            raise InvalidArgument(f"answer strategy gave {text!r}, not a str")
        return _around(draw, _final_section(draw, text), think=think)

    return build()


@functools.cache
def _other_quantities() -> SearchStrategy[str]:
    """Renderings of unrelated quantities, for the working around an answer."""
    return quantities(max_magnitude=1e4).flatmap(
        lambda q: _rendering_strategy(_resolve(q, "quantity"), 1e-3, allow_boxed=False)
    )


@st.composite
def _sentence(
    draw: DrawFn, templates: Sequence[str], others: SearchStrategy[str] | None = None
) -> str:
    other = _other_quantities() if others is None else others
    template = draw(st.sampled_from(templates))
    return template.format(draw(other), draw(other))


# Built once: strategies made afresh on every draw are validated afresh on every draw.
_FORM_CHOICES = st.sampled_from(_FORMS)
_FORM_CHOICES_BOXED = st.sampled_from(
    (*(f for f in _FORMS if r"\boxed" not in f), "{a}", "${a}$")  # never box twice
)
_LEAD_CHOICES = st.sampled_from(_LEADS)
_TRAIL_CHOICES = st.sampled_from(_TRAILS)


@functools.lru_cache(maxsize=256)
def _steps(think: bool, others: SearchStrategy[str] | None) -> SearchStrategy[list[str]]:
    if think:
        return st.lists(_sentence(_THINK_TEMPLATES, others), max_size=4)
    return st.lists(_sentence(_WORKING_TEMPLATES, others), max_size=3)


def _final_section(draw: DrawFn, text: str) -> str:
    """``text`` in a final-answer form, with an optional lead-in and a trailing remark."""
    form = draw(_FORM_CHOICES_BOXED if r"\boxed" in text else _FORM_CHOICES)
    final = form.format(a=text)
    lead = draw(_LEAD_CHOICES)
    trail = draw(_TRAIL_CHOICES)
    return f"{lead}{final}{trail}"


def _around(
    draw: DrawFn, section: str, *, think: bool, others: SearchStrategy[str] | None = None
) -> str:
    """The answer section after a think block of working (or after plain working).

    The working mentions quantities drawn from ``others`` (default: renderings
    of random quantities; the attacks pass a cheaper, fixed pool).
    """
    steps = draw(_steps(think, others))
    if think:
        return "<think>\n" + "\n".join(steps) + "\n</think>\n\n" + section
    return "\n".join([*steps, section]) if steps else section


_HOSTILE = (
    r"\boxed{",
    "}",
    "{",
    r"\frac{",
    r"\sqrt{",
    "^{",
    "$",
    "$$",
    r"\text{",
    r"\SI{",
    r"\boxed{10^{10^{10^{10}}}}",
    "9^{9^{9^{9}}}",
    "9!!!!!!",
    "1e999999 m",
    "1e-999999 kg",
    "nan m",
    "inf J",
    "-inf",
    "10**10**10",
    "1.2×10⁹⁹⁹⁹⁹⁹",
    "kg^999999",
    "m/s/s/s/s",
    "((((",
    "3 blorbs",
    "<think>",
    "</think>",
    "<answer>",
    "</answer>",
    "The answer is ",
    "Final answer: ",
    " or ",
    "120 m",
    "0.12 km",
    "−",
    "²",
    "⁻¹",
    "µ",
    "Ω",
    "°C",
    "\x00",
    "\ufffd",
    "\u202e",
    "𝟙𝟚",
    "\\",
    "\n",
)


def reward_inputs() -> SearchStrategy[str]:
    """Adversarial text for "never raises, always in range" properties.

    Pieces of hostile input (unbalanced LaTeX, power towers, ``1e999999 m``,
    ``nan``/``inf``, unclosed think blocks and tags, unicode controls and
    astral characters, unknown units), arbitrary unicode text, deep brace
    nesting, and long repetitions (up to about 200,000 characters).

    Shrinks toward the empty string.

    >>> from hypothesis import given
    >>> from unitreward import check
    >>> @given(reward_inputs())
    ... def test_in_range(text):
    ...     assert 0.0 <= check(text, "120 m").reward <= 1.0
    >>> test_in_range()
    """
    piece = st.one_of(st.sampled_from(_HOSTILE), st.text(max_size=12))

    @st.composite
    def build(draw: DrawFn) -> str:
        text = "".join(draw(st.lists(piece, max_size=12)))
        depth = draw(st.sampled_from((0, 0, 3, 100, 10_000)))
        if depth:
            text = "{" * depth + text + "}" * draw(st.sampled_from((depth, 0, depth - 1)))
        repeat = draw(st.sampled_from((1, 1, 2, 50, 5_000, 100_000)))
        if text and repeat > 1:
            text *= max(1, min(repeat, 200_000 // len(text)))
        return text

    return build()
