"""A tiny local causal language model for offline tests and demos.

:func:`build_tiny_model` writes a randomly initialised ``LlamaForCausalLM`` of a
few hundred thousand parameters and a matching tokenizer, trained with the
``tokenizers`` library on a few local physics-flavoured strings, with a chat
template and ``eos``/``pad`` tokens. Nothing is downloaded. ``<think>`` and
``</think>`` are single, NON-special tokens: TRL decodes completions with
``skip_special_tokens=True``, and special think tags would vanish before any
format reward saw them.

The result reloads with ``AutoModelForCausalLM.from_pretrained(path)`` and
``AutoTokenizer.from_pretrained(path)`` and drops into ``GRPOTrainer(model=path)``.
Building is deterministic: the same arguments give the same files.

Needs ``torch``, ``transformers`` and ``tokenizers`` (``pip install 'unitreward[train]'``),
imported only when :func:`build_tiny_model` runs.

>>> import unitreward.data.tiny as tiny
>>> tiny.THINK_TOKENS
('<think>', '</think>')
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

__all__ = ["CHAT_TEMPLATE", "EOS_TOKEN", "PAD_TOKEN", "THINK_TOKENS", "build_tiny_model"]

#: The think tags, added to the vocabulary as single non-special tokens.
THINK_TOKENS: tuple[str, str] = ("<think>", "</think>")
#: End of a chat turn; the model's ``eos_token`` (special, so it is skipped on decode).
EOS_TOKEN = "<|end|>"
#: The padding token (special).
PAD_TOKEN = "<|pad|>"
_UNK_TOKEN = "<|unk|>"
_ROLE_TOKENS = ("<|system|>", "<|user|>", "<|assistant|>")

#: The chat template: ``<|role|>\\ncontent<|end|>\\n`` per message, then ``<|assistant|>\\n``.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + '<|end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)

_SUBJECTS = (
    ("A car moves at", "m/s", "s", "How far does it go?", "m"),
    ("A train travels at", "km/h", "h", "What distance does it cover?", "km"),
    ("A ball falls for", "s", "s", "What is its speed?", "m/s"),
    ("A force of", "N", "m", "How much work is done?", "J"),
    ("A resistor carries", "A", "Ω", "What is the voltage?", "V"),
    ("A heater uses", "W", "s", "How much energy is used?", "kJ"),
    ("A spring is stretched", "cm", "N/m", "What is the force?", "N"),
    ("A gas is heated by", "K", "J/K", "How much heat is added?", "J"),
)

_EXTRA = (
    "The answer is 120 m. The answer is 120.0 meters. The final answer is \\boxed{9.8 m/s^2}.",
    "Speed is distance over time: v = d / t. Acceleration is 9.8 m/s² near the ground.",
    "Energy E = m c^2, power P = W / t, Ohm's law V = I R, pressure p = F / A.",
    "Units: m, km, cm, mm, s, ms, h, kg, g, N, J, kJ, W, kW, V, A, Ω, Pa, kPa, K, °C, Hz, mol.",
    "Numbers: 0 1 2 3 4 5 6 7 8 9 10 12 15 20 25 30 45 50 60 75 90 100 120 250 500 1000 3.14 -2.5",
    "Scientific notation: 1.2e3, 6.02 \\times 10^{23}, 3.0 \\cdot 10^8 m/s, 1/2, \\frac{1}{3}.",
    "Let me think step by step. First find the time, then multiply by the speed.",
)


def _corpus(repeat: int = 4) -> list[str]:
    """Deterministic training text for the tokenizer."""
    lines: list[str] = []
    for i, (start, unit, other, question, answer_unit) in enumerate(_SUBJECTS):
        for k in range(1, 6):
            a, b = 3 * k + i, 2 * k + 1
            q = f"{start} {a} {unit} for {b} {other}. {question}"
            think = f"<think>Multiply {a} {unit} by {b} {other}: {a} * {b} = {a * b}.</think>"
            lines.append(f"{q}\n{think} The answer is {a * b} {answer_unit}.")
    lines.extend(_EXTRA)
    return lines * repeat


def _train_tokenizer(vocab_size: int) -> Any:
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token=_UNK_TOKEN))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(prepend_scheme="never")
    tokenizer.decoder = decoders.Metaspace(prepend_scheme="never")
    specials = [PAD_TOKEN, EOS_TOKEN, _UNK_TOKEN, *_ROLE_TOKENS]
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        show_progress=False,
        min_frequency=2,
    )
    tokenizer.train_from_iterator(_corpus(), trainer=trainer)
    tokenizer.add_tokens([AddedToken(t, special=False, normalized=False) for t in THINK_TOKENS])
    return tokenizer


def build_tiny_model(
    output_dir: str | pathlib.Path,
    *,
    seed: int = 0,
    vocab_size: int = 192,
    hidden_size: int = 64,
    num_hidden_layers: int = 2,
    num_attention_heads: int = 4,
    max_position_embeddings: int = 512,
) -> pathlib.Path:
    """Build and save a tiny ``LlamaForCausalLM`` with its tokenizer and chat template.

    Args:
        output_dir: The folder to write (created if missing; files in it are overwritten).
        seed: Seeds the weight initialisation; the same seed gives the same weights.
        vocab_size: Target size of the trained BPE vocabulary, before the think
            tokens are added.
        hidden_size: Width of the model.
        num_hidden_layers: Number of decoder layers.
        num_attention_heads: Number of attention heads (must divide ``hidden_size``).
        max_position_embeddings: Longest sequence the model accepts.

    Returns:
        The folder, ready for ``from_pretrained`` and ``GRPOTrainer(model=...)``.

    Raises:
        ImportError: ``torch``, ``transformers`` or ``tokenizers`` is missing.
        ValueError: Sizes that do not fit together.

    >>> import tempfile
    >>> from transformers import AutoModelForCausalLM, AutoTokenizer
    >>> path = build_tiny_model(tempfile.mkdtemp())
    >>> tok = AutoTokenizer.from_pretrained(path)
    >>> model = AutoModelForCausalLM.from_pretrained(path)
    >>> ids = tok("<think>x</think> 3 m")["input_ids"]
    >>> tok.decode(ids, skip_special_tokens=True)
    '<think>x</think> 3 m'
    >>> tok.apply_chat_template([{"role": "user", "content": "Hi"}], tokenize=False,
    ...                         add_generation_prompt=True)
    '<|user|>\\nHi<|end|>\\n<|assistant|>\\n'
    """
    try:
        import torch
        import transformers
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "build_tiny_model needs torch, transformers and tokenizers: "
            "pip install 'unitreward[train]'"
        ) from exc
    if hidden_size % num_attention_heads:
        raise ValueError(
            f"num_attention_heads ({num_attention_heads}) must divide hidden_size ({hidden_size})"
        )
    if vocab_size < 64:
        raise ValueError(f"vocab_size must be at least 64, got {vocab_size}")

    tf: Any = transformers  # partially typed; keep mypy --strict quiet
    path = pathlib.Path(output_dir)
    path.mkdir(parents=True, exist_ok=True)

    raw = _train_tokenizer(vocab_size)
    tokenizer = tf.PreTrainedTokenizerFast(
        tokenizer_object=raw,
        eos_token=EOS_TOKEN,
        pad_token=PAD_TOKEN,
        unk_token=_UNK_TOKEN,
        additional_special_tokens=list(_ROLE_TOKENS),
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.padding_side = "left"
    tokenizer.model_max_length = max_position_embeddings

    eos_id = tokenizer.convert_tokens_to_ids(EOS_TOKEN)
    pad_id = tokenizer.convert_tokens_to_ids(PAD_TOKEN)
    config = tf.LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=2 * hidden_size,
        num_hidden_layers=num_hidden_layers,
        num_attention_heads=num_attention_heads,
        num_key_value_heads=num_attention_heads,
        max_position_embeddings=max_position_embeddings,
        bos_token_id=None,
        eos_token_id=eos_id,
        pad_token_id=pad_id,
        tie_word_embeddings=True,
    )
    state = torch.random.get_rng_state()
    try:
        torch.manual_seed(seed)
        model = tf.LlamaForCausalLM(config)
    finally:
        torch.random.set_rng_state(state)
    model.generation_config = tf.GenerationConfig(
        eos_token_id=eos_id, pad_token_id=pad_id, do_sample=True, max_new_tokens=32
    )
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    (path / "unitreward_tiny.json").write_text(
        json.dumps({"seed": seed, "vocab_size": len(tokenizer)}, indent=2) + "\n"
    )
    return path
