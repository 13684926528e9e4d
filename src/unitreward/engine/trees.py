"""Expression trees: the nodes the grammar builds, and the walks over them.

A tree is nested tuples (hashable, picklable, shared freely between threads).
Sums and products are n-ary and flat, so a 500-term sum is two levels deep;
every walk here is iterative. Canonical variable names are built here too
(:func:`symbol_name`), as is the reading of Leibniz derivatives
(:func:`derivative`).

>>> tree_size(add([num("1"), mul([num("2"), ("sym", "x")])]))
5
"""

from __future__ import annotations

from typing import Any

from unitreward.engine.errors import ParseError

__all__ = [
    "MINUS_ONE",
    "ONE",
    "PI",
    "E",
    "Node",
    "add",
    "derivative",
    "derivative_operator",
    "div",
    "factorial",
    "fn",
    "is_plain",
    "mentions",
    "mul",
    "neg",
    "num",
    "split_suffix",
    "symbol_name",
    "tree_size",
    "variables_of",
]

#: A tree node: a tuple whose first item names its kind. Kinds: ``num`` (value,
#: exact decimal text), ``sym`` (canonical name), ``pi``, ``e``, ``inf``, ``add``
#: and ``mul`` (a tuple of children), ``pow`` (base, exponent), ``fn`` (function
#: name, argument), ``root`` (radicand, index), ``ufunc`` (name, arguments).
Node = tuple[Any, ...]

PI: Node = ("pi",)
E: Node = ("e",)
ONE: Node = ("num", 1.0, "1")
MINUS_ONE: Node = ("num", -1.0, "-1")


def num(text: str) -> Node:
    """A number node from its decimal text.

    >>> num("2.5")
    ('num', 2.5, '2.5')
    """
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ParseError(f"number out of range: {text[:40]!r}")
    return ("num", value, text)


def add(terms: list[Node]) -> Node:
    """A sum, flattened.

    >>> add([("sym", "a"), ("add", (("sym", "b"), ("sym", "c")))])
    ('add', (('sym', 'a'), ('sym', 'b'), ('sym', 'c')))
    """
    return _flattened("add", terms)


def mul(factors: list[Node]) -> Node:
    """A product, flattened.

    >>> mul([("num", 2.0, "2"), ("sym", "x")])
    ('mul', (('num', 2.0, '2'), ('sym', 'x')))
    """
    return _flattened("mul", factors)


def _flattened(op: str, items: list[Node]) -> Node:
    """``(op, items)`` with nested ``op`` nodes spliced in; one item is itself."""
    if len(items) == 1:
        return items[0]
    flat: list[Node] = []
    for item in items:
        if item[0] == op:
            flat.extend(item[1])
        else:
            flat.append(item)
    return flat[0] if len(flat) == 1 else (op, tuple(flat))


def neg(node: Node) -> Node:
    """``-node`` (a negative number stays a number).

    >>> neg(("num", 2.0, "2")), neg(("sym", "x"))
    (('num', -2.0, '-2'), ('mul', (('num', -1.0, '-1'), ('sym', 'x'))))
    """
    if node[0] == "num":
        text = node[2]
        return ("num", -node[1], text[1:] if text.startswith("-") else "-" + text)
    return mul([MINUS_ONE, node])


def div(a: Node, b: Node) -> Node:
    """``a / b`` as ``a * b^-1``.

    >>> div(ONE, ("sym", "x"))
    ('mul', (('num', 1.0, '1'), ('pow', ('sym', 'x'), ('num', -1.0, '-1'))))
    """
    return mul([a, ("pow", b, MINUS_ONE)])


def fn(name: str, arg: Node) -> Node:
    """A known function applied to one argument.

    >>> fn("sin", ("sym", "x"))
    ('fn', 'sin', ('sym', 'x'))
    """
    return ("fn", name, arg)


def factorial(node: Node) -> Node:
    """``node!`` as ``Γ(node + 1)``, so it is defined between the integers.

    >>> factorial(("sym", "n"))
    ('fn', 'gamma', ('add', (('sym', 'n'), ('num', 1.0, '1'))))
    """
    return fn("gamma", add([node, ONE]))


def tree_size(node: Node) -> int:
    """The number of nodes of a tree (iterative: no recursion on deep trees).

    >>> tree_size(add([("pow", ("sym", "x"), num("2")), num("1")]))
    5
    """
    count = 0
    stack = [node]
    while stack:
        n = stack.pop()
        count += 1
        kind = n[0]
        if kind in ("add", "mul", "ufunc"):
            stack.extend(n[-1])
        elif kind in ("pow", "root"):
            stack.append(n[1])
            stack.append(n[2])
        elif kind == "fn":
            stack.append(n[2])
    return count


def symbol_name(
    base: str, decorations: tuple[str, ...] = (), sub: str = "", primes: str = ""
) -> str:
    """The canonical name of a variable.

    Greek letters by name (``theta``), decorations outside in alphabetical
    order (``hat{vec{r}}``), a one-character subscript as ``_0`` and a longer one
    as ``_{esc}``, then primes.

    >>> symbol_name("v", sub="0"), symbol_name("V", sub="esc"), symbol_name("omega", primes="'")
    ('v_0', 'V_{esc}', "omega'")
    >>> symbol_name("r", ("vec", "hat"))
    'hat{vec{r}}'
    """
    name = base
    for d in sorted(set(decorations), reverse=True):
        name = f"{d}{{{name}}}"
    if sub:
        name += f"_{sub}" if len(sub) == 1 else f"_{{{sub}}}"
    return name + primes


_DIFFERENTIALS = ("d", "partial")
_DOTS = ("dot", "ddot", "dddot")


def _differential(node: Node) -> tuple[str, int, tuple[Node, ...]] | None:
    """``d x``, ``d^2 x``, ``\\partial f``: (kind, order, what follows), else ``None``."""
    factors = node[1] if node[0] == "mul" else (node,)
    first = factors[0]
    if first[0] == "sym" and first[1] in _DIFFERENTIALS:
        return first[1], 1, factors[1:]
    if (
        first[0] == "pow"
        and first[1][0] == "sym"
        and first[1][1] in _DIFFERENTIALS
        and first[2][0] == "num"
        and first[2][1] in (1.0, 2.0, 3.0, 4.0)
    ):
        return first[1][1], int(first[2][1]), factors[1:]
    return None


def split_suffix(name: str) -> tuple[str, str]:
    """A canonical name's base, and its subscript and primes.

    >>> split_suffix("x_0'"), split_suffix("hat{r}")
    (('x', "_0'"), ('hat{r}', ''))
    """
    depth = 0
    for i, ch in enumerate(name):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch in "_'*":
            return name[:i], name[i:]
    return name, ""


def derivative_operator(top: Node, bottom: Node) -> str | None:
    """``\\frac{d}{dt}``, ``\\frac{\\partial^2}{\\partial x^2}``: the operator's name, else ``None``.

    >>> derivative_operator(("sym", "d"), ("mul", (("sym", "d"), ("sym", "t"))))
    '@d/d(t)'
    """
    upper = _differential(top)
    if upper is None or upper[2] or _differential(bottom) is None:
        return None
    kind, order, _ = upper
    by = _differentiated_by(bottom, kind, order)
    power = "" if order == 1 else f"^{order}"
    return f"@{kind}{power}/" + "".join(f"{kind}({v})" for v in by)


def _differentiated_by(bottom: Node, kind: str, order: int) -> list[str]:
    """The variables of a derivative's denominator (``dt^2`` -> [t, t])."""
    factors = bottom[1] if bottom[0] == "mul" else (bottom,)
    by: list[str] = []
    for i in range(0, len(factors), 2):
        mark = factors[i]
        if mark != ("sym", kind) or i + 1 >= len(factors):
            raise ParseError("a derivative we cannot read")
        var = factors[i + 1]
        if var[0] == "sym" and var[1] not in _DIFFERENTIALS:
            by.append(var[1])
        elif (
            var[0] == "pow"
            and var[1][0] == "sym"
            and var[2][0] == "num"
            and var[2][1] in (1.0, 2.0, 3.0, 4.0)
        ):
            by.extend([var[1][1]] * int(var[2][1]))
        else:
            raise ParseError("a derivative we cannot read")
    if len(by) != order:
        raise ParseError("a derivative whose orders do not match")
    return sorted(by)


def derivative(top: Node, bottom: Node) -> Node | None:
    """A Leibniz derivative ``dx/dt`` as one variable; ``None`` if ``top/bottom`` is not one.

    ``dx/dt`` is ``dot{x}`` (Newton's dot: the time derivative), ``d^2x/dt^2`` is
    ``ddot{x}``; other derivatives are named ``d(y)/d(x)``, ``d^2(y)/d(x)^2``,
    ``partial(f)/partial(x)``, ``partial^2(f)/partial(x)partial(y)``.

    Raises:
        ParseError: Both sides are differentials but not of one variable by
            variables (``\\frac{d}{dt}(x^2)``, ``\\frac{d(x+y)}{dt}``).

    >>> derivative(("mul", (("sym", "d"), ("sym", "x"))), ("mul", (("sym", "d"), ("sym", "t"))))
    ('sym', 'dot{x}')
    """
    upper = _differential(top)
    lower = _differential(bottom)
    if upper is None or lower is None:
        return None
    kind, order, rest = upper
    by = _differentiated_by(bottom, kind, order)
    power = "" if order == 1 else f"^{order}"
    if not rest or any(mentions(r, ("sym", k)) for r in rest for k in _DIFFERENTIALS):
        raise ParseError("a derivative we cannot read")
    if len(rest) != 1 or rest[0][0] != "sym":
        # d(ln p)/dT: the derivative of an expression, an uninterpreted function of it
        operator = f"@{kind}{power}/" + "".join(f"{kind}({v})" for v in by)
        return ("ufunc", operator, (mul(list(rest)),))
    name = rest[0][1]
    if kind == "d" and set(by) == {"t"} and order <= 3:
        base, suffix = split_suffix(name)
        return ("sym", f"{_DOTS[order - 1]}{{{base}}}{suffix}")
    return ("sym", f"{kind}{power}({name})/" + "".join(f"{kind}({v})" for v in by))


def is_plain(node: Node) -> bool:
    """A node built only of decimal numbers and arithmetic (no π, e, root or function).

    >>> is_plain(("mul", (("num", 2.0, "2"), ("pi",))))
    False
    """
    stack = [node]
    while stack:
        n = stack.pop()
        kind = n[0]
        if kind == "num":
            continue
        if kind in ("add", "mul"):
            stack.extend(n[1])
        elif kind == "pow":
            stack.append(n[1])
            stack.append(n[2])
        else:
            return False
    return True


def mentions(tree: Node, leaf: Node) -> bool:
    """Whether ``leaf`` occurs in ``tree``.

    >>> mentions(("mul", (("sym", "d"), ("sym", "x"))), ("sym", "x"))
    True
    """
    stack = [tree]
    while stack:
        n = stack.pop()
        if n == leaf:
            return True
        kind = n[0]
        if kind in ("add", "mul", "ufunc"):
            stack.extend(n[-1])
        elif kind in ("pow", "root"):
            stack.append(n[1])
            stack.append(n[2])
        elif kind == "fn":
            stack.append(n[2])
    return False


def variables_of(tree: Node) -> frozenset[str]:
    """The variable names in a tree.

    >>> sorted(variables_of(("mul", (("sym", "m"), ("sym", "g")))))
    ['g', 'm']
    """
    names: set[str] = set()
    stack = [tree]
    while stack:
        n = stack.pop()
        kind = n[0]
        if kind == "sym":
            names.add(n[1])
        elif kind in ("add", "mul", "ufunc"):
            stack.extend(n[-1])
        elif kind in ("pow", "root"):
            stack.append(n[1])
            stack.append(n[2])
        elif kind == "fn":
            stack.append(n[2])
    return frozenset(names)
