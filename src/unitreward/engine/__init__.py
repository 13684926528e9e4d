"""The answer engine: from one completion and its references to one :class:`Verdict`.

A package of its own that knows no trainer, prints nothing and needs only pint,
sympy and regex. One module per concept, in the order data flows through them:

- :mod:`~unitreward.engine.text`: completion -> text, think/answer sections, normalising;
- :mod:`~unitreward.engine.extract`: boxes, answer tags, final-answer phrases, candidates;
- :mod:`~unitreward.engine.numbers`: the number grammar and its bounded evaluator;
- :mod:`~unitreward.engine.units`: unit spellings -> pint units (the tokenizer);
- :mod:`~unitreward.engine.unit_names`: one written name -> pint, one lazy registry;
- :mod:`~unitreward.engine.quantity`: :class:`Quantity`, :func:`parse_quantity`, tolerance;
- :mod:`~unitreward.engine.expression`: symbolic answers, :func:`parse_expression`,
  :func:`parse_equation`, :func:`equivalent`, :func:`equations_equivalent`; the one
  grammar they share with numbers: :mod:`~unitreward.engine.vocabulary` (what each
  spelling means), :mod:`~unitreward.engine.tokens` (the tokenizer),
  :mod:`~unitreward.engine.grammar` (the parser), :mod:`~unitreward.engine.trees`
  (the trees), :mod:`~unitreward.engine.constants` (numbers in prose) and
  :mod:`~unitreward.engine.evaluation` (complex, mpmath and sympy evaluation);
- :mod:`~unitreward.engine.policy`: the anti-hacking rules as text rules over answer spans
  (denials, questions, alternatives, ranges, the answer part of a marked sentence, options);
- :mod:`~unitreward.engine.offers`: where the final answer is, its values and their roles,
  the question's givens;
- :mod:`~unitreward.engine.judge`: the one value a final answer offers, or why none;
- :mod:`~unitreward.engine.compare`: one value against the references, within tolerance;
- :mod:`~unitreward.engine.checker`: :class:`Checker` and :func:`check`, the verdict policy;
- :mod:`~unitreward.engine.verdict`: :class:`Verdict` and its reasons;
- :mod:`~unitreward.engine.errors`: the errors the library raises on purpose.

The names are loaded on first use, so importing the package builds nothing.

>>> from unitreward.engine import check
>>> check("<think>d = vt</think> It travels 0.12 km.", "120 m").reason
'correct'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from unitreward.engine.errors import ConfigError, ParseError, UnitError, UnitrewardError
from unitreward.engine.verdict import REASONS, Verdict

if TYPE_CHECKING:
    from unitreward.engine.checker import Checker, check
    from unitreward.engine.expression import (
        Equation,
        Expression,
        equations_equivalent,
        equivalent,
        parse_equation,
        parse_expression,
    )
    from unitreward.engine.quantity import Quantity, parse_quantity

_LAZY: dict[str, str] = {
    "Checker": "unitreward.engine.checker",
    "check": "unitreward.engine.checker",
    "Equation": "unitreward.engine.expression",
    "Expression": "unitreward.engine.expression",
    "equations_equivalent": "unitreward.engine.expression",
    "equivalent": "unitreward.engine.expression",
    "parse_equation": "unitreward.engine.expression",
    "parse_expression": "unitreward.engine.expression",
    "Quantity": "unitreward.engine.quantity",
    "parse_quantity": "unitreward.engine.quantity",
}

__all__ = [
    "REASONS",
    "Checker",
    "ConfigError",
    "Equation",
    "Expression",
    "ParseError",
    "Quantity",
    "UnitError",
    "UnitrewardError",
    "Verdict",
    "check",
    "equations_equivalent",
    "equivalent",
    "parse_equation",
    "parse_expression",
    "parse_quantity",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unitreward.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
