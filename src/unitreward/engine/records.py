"""Frozen records that are cheap to build: :func:`quick_init` for slotted dataclasses.

The engine builds a :class:`~unitreward.engine.quantity.Quantity` for every number it
reads and a few records per completion besides (values, readings, verdicts). A frozen
dataclass's generated ``__init__`` sets each field through ``object.__setattr__(self,
"name", value)``, which looks the name up on the type every time: about 1.5 µs for
eight fields, five times the cost of a mutable record. :func:`quick_init` gives a
frozen, slotted dataclass an ``__init__`` with the same signature that stores through
each slot's descriptor instead (about 0.6 µs); the class stays frozen (assignment
still raises ``FrozenInstanceError``), hashable and equal as before.

Written here rather than taken from a library: attrs' frozen classes set fields the same
slow way, and msgspec's fast structs would be a new dependency of the engine, which needs
only pint, sympy and regex.

>>> from dataclasses import dataclass
>>> @quick_init
... @dataclass(frozen=True, slots=True)
... class Point:
...     x: float
...     y: float = 0.0
>>> Point(1.0), Point(1.0, y=2.0) == Point(1.0, 2.0)
(Point(x=1.0, y=0.0), True)
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

__all__ = ["quick_init"]

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Replace a frozen, slotted dataclass's ``__init__`` by one that sets its slots directly.

    The signature is the dataclass's own: the same fields in the same order, the same
    defaults, positional or keyword.

    Raises:
        TypeError: ``cls`` is not a frozen, slotted dataclass, or it has what this
            ``__init__`` would not do: ``__post_init__``, keyword-only fields, default
            factories, fields left out of ``__init__``.

    >>> from dataclasses import FrozenInstanceError, dataclass
    >>> @quick_init
    ... @dataclass(frozen=True, slots=True)
    ... class Pair:
    ...     left: int
    ...     right: int = 2
    >>> p = Pair(right=3, left=1)
    >>> p, hash(p) == hash(Pair(1, 3))
    (Pair(left=1, right=3), True)
    >>> try:
    ...     p.left = 5
    ... except FrozenInstanceError:
    ...     print("frozen")
    frozen
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"quick_init needs a frozen, slotted dataclass, got {cls!r}")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"quick_init does not run __post_init__ ({cls.__name__})")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    namespace: dict[str, Any] = {}
    signature: list[str] = []
    body: list[str] = []
    for i, f in enumerate(fields):
        if not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"quick_init cannot build field {f.name!r} of {cls.__name__}")
        if f.default is dataclasses.MISSING:
            signature.append(f.name)
        else:
            namespace[f"_default_{i}"] = f.default
            signature.append(f"{f.name}=_default_{i}")
        namespace[f"_set_{i}"] = getattr(cls, f.name).__set__  # the slot's descriptor
        body.append(f"    _set_{i}(self, {f.name})")
    source = f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)  # as dataclasses itself builds __init__
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = dict(cls.__init__.__annotations__)  # for inspect and docs
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
