"""Held-out check of a GRPO run: greedy completions on test problems, before and after training.

The training curves show the rewards of the completions sampled for training.
This shows what the model does on problems it never trained on (the bundled
``test`` split, disjoint from ``train``), answering greedily, scored by the same
``correctness`` (and ``unit_dimension``) the run trains with: the same problems
before the first step and after the last, so the two can be read side by side.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from unitreward import correctness, unit_dimension


@dataclass(frozen=True)
class HeldOut:
    """Completions on the held-out problems and what the rewards made of them."""

    completions: list[str]
    reasons: list[str]
    answers: list[str | None]
    correctness: float
    unit_dimension: float

    def shares(self) -> dict[str, float]:
        """The share of each verdict reason, commonest first."""
        counts = Counter(self.reasons)
        return {reason: n / len(self.reasons) for reason, n in counts.most_common()}


def generate(
    model: Any,
    tokenizer: Any,
    prompts: list[list[dict[str, str]]],
    *,
    max_new_tokens: int,
    batch_size: int = 16,
) -> list[str]:
    """Greedy completions (the assistant's text) for conversational prompts."""
    import torch

    device = next(model.parameters()).device
    side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    was_training = model.training
    model.eval()
    out: list[str] = []
    try:
        for start in range(0, len(prompts), batch_size):
            texts = [
                tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
                for p in prompts[start : start + batch_size]
            ]
            enc = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
            enc = {k: v.to(device) for k, v in enc.items()}
            with torch.no_grad():
                ids = model.generate(
                    **enc,
                    max_new_tokens=max_new_tokens,
                    do_sample=False,
                    pad_token_id=tokenizer.pad_token_id,
                )
            width = enc["input_ids"].shape[1]
            out.extend(tokenizer.batch_decode(ids[:, width:], skip_special_tokens=True))
    finally:
        tokenizer.padding_side = side
        model.train(was_training)
    return out


def score(completions: list[str], solutions: list[list[str]]) -> HeldOut:
    """Score completions against their references with ``correctness`` and ``unit_dimension``.

    >>> held = score(["The answer is \\\\boxed{6 W}.", "It is 6 J.", "no idea"], [["6 W"]] * 3)
    >>> held.reasons, held.correctness, round(held.unit_dimension, 3)
    (['correct', 'wrong_dimension', 'no_answer'], 0.3333333333333333, 0.333)
    """
    verdicts = correctness.verdicts(completions, solutions=solutions)
    dims = unit_dimension(completions, solutions=solutions)
    n = max(1, len(completions))
    return HeldOut(
        completions=list(completions),
        reasons=[v.reason for v in verdicts],
        answers=[v.answer for v in verdicts],
        correctness=sum(v.reward for v in verdicts) / n,
        unit_dimension=sum(d or 0.0 for d in dims) / n,
    )


def sample_indices(before: HeldOut, after: HeldOut, samples: int) -> list[int]:
    """The problems to print: the first ``samples``, then any answered right before or after.

    >>> before = score(["It is 3 J.", "It is 6 J.", "It is 6 W."], [["6 W"]] * 3)
    >>> after = score(["It is 6 W.", "It is 6 J.", "It is 6 J."], [["6 W"]] * 3)
    >>> sample_indices(before, after, 1)
    [0, 2]
    """
    n = len(before.reasons)
    chosen = list(range(min(samples, n)))
    right = [
        i
        for i in range(n)
        if "correct" in (before.reasons[i], after.reasons[i]) and i not in chosen
    ]
    return chosen + right[:samples]


def format_comparison(
    questions: list[str],
    references: list[str],
    before: HeldOut,
    after: HeldOut,
    *,
    samples: int = 3,
    width: int = 160,
) -> str:
    """Scores before and after, the reason shares, and a few completions side by side.

    The completions shown are those of the first ``samples`` problems, and of up to
    ``samples`` more that were answered right before or after training.
    """

    def shares(held: HeldOut) -> str:
        return ", ".join(f"{reason} {share:.0%}" for reason, share in held.shares().items())

    def clip(text: str) -> str:
        flat = " ".join(text.split())
        return flat if len(flat) <= width else flat[: width - 3] + "..."

    n = len(before.reasons)
    lines = [
        f"held-out test problems ({n}, greedy):",
        f"  before: correctness {before.correctness:.3f}  unit_dimension "
        f"{before.unit_dimension:.3f}  [{shares(before)}]",
        f"  after:  correctness {after.correctness:.3f}  unit_dimension "
        f"{after.unit_dimension:.3f}  [{shares(after)}]",
    ]
    for i in sample_indices(before, after, samples):
        lines.append(f"  Q: {clip(questions[i])}  (reference {references[i]})")
        lines.append(f"    before [{before.reasons[i]}]: {clip(before.completions[i])}")
        lines.append(f"    after  [{after.reasons[i]}]: {clip(after.completions[i])}")
    return "\n".join(lines)
