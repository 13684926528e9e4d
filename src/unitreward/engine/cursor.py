"""The parser's reading head: tokens, lookahead, backtracking, errors and the budgets.

:class:`TokenCursor` is the base of the expression parser
(:class:`unitreward.engine.grammar.Parser`): it holds the current token, one token of
lookahead, marks to back up to, and the bounds on the work (a token budget and a depth
counter, two levels per bracket), so hostile input is refused in microseconds. The
grammar itself is in :mod:`unitreward.engine.operators` (precedence),
:mod:`unitreward.engine.atoms` (atoms and LaTeX commands) and
:mod:`unitreward.engine.grammar` (names, functions, the entry points).

>>> from unitreward.engine.tokens import Lexer
>>> c = TokenCursor(Lexer("x + 1"), constant=False, max_tokens=10, max_depth=4)
>>> c.tok[1], c.peek()[1]
('x', '+')
"""

from __future__ import annotations

from typing import Any

from unitreward.engine.errors import ParseError
from unitreward.engine.tokens import (
    COMMA,
    END,
    NUM,
    REL,
    Lexer,
    Token,
)
from unitreward.engine.trees import Node

__all__ = ["NotConstantError", "TokenCursor"]


class NotConstantError(ParseError):
    """Constant mode met a variable: the text is not a number (it may be an expression)."""


class TokenCursor:
    """The current token of a :class:`~unitreward.engine.tokens.Lexer`, with a depth counter
    and a token budget; the state the descent shares (brackets, ``|...|``, trig arguments).
    """

    def __init__(self, lexer: Lexer, *, constant: bool, max_tokens: int, max_depth: int) -> None:
        self.lexer = lexer
        self.text = lexer.text
        self.latex = lexer.latex
        self.constant = constant
        self.max_tokens = max_tokens
        self.max_depth = max_depth
        self.buf: list[Token] = []
        self.count = 0
        self.depth = 0
        self.abs_depth = 0
        self.trig = 0
        self.top = constant  # constant mode: outside every bracket
        self.no_call = False
        self.last_end = lexer.pos
        self.head_calls: dict[int, tuple[Node, str, tuple[Node, ...]]] = {}
        self.tok: Token = (END, "", 0, 0, 0)
        self._advance_first()

    def _advance_first(self) -> None:
        self.tok = self.lexer.next()
        self.count = 1

    def advance(self) -> None:
        self.last_end = self.tok[3]
        self.tok = self.buf.pop() if self.buf else self.lexer.next()
        self.count += 1
        if self.count > self.max_tokens:
            raise ParseError(f"expression too long (over {self.max_tokens} tokens)")

    def peek(self) -> Token:
        """The token after the current one."""
        if not self.buf:
            self.buf.append(self.lexer.next())
        return self.buf[-1]

    def mark(self) -> tuple[Any, ...]:
        return (
            self.tok,
            list(self.buf),
            self.lexer.pos,
            list(self.lexer._pending),
            self.last_end,
            self.count,
            self.depth,
            self.abs_depth,
            self.trig,
            self.top,
        )

    def reset(self, state: tuple[Any, ...]) -> None:
        (self.tok, buf, self.lexer.pos, pending, self.last_end, self.count) = state[:6]
        (self.depth, self.abs_depth, self.trig, self.top) = state[6:]
        self.buf = list(buf)
        self.lexer._pending = list(pending)

    def error(self, what: str) -> ParseError:
        return ParseError(f"{what} in {self.text[:200]!r}")

    def unexpected(self) -> ParseError:
        tok = self.tok
        if tok[0] == END:
            return self.error("unexpected end")
        if tok[0] == REL:
            return self.error(f"a relation ({tok[1]!r})")
        if tok[0] == COMMA:
            return self.error("a list (comma)")
        return self.error(f"unexpected {self.text[tok[2] : tok[3]]!r}")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise self.error(f"nested deeper than {self.max_depth}")

    def split_number(self) -> None:
        """In LaTeX, ``x^23`` and ``\\frac12`` take one digit: split the current number."""
        tok = self.tok
        if self.latex and tok[0] == NUM and len(tok[1]) > 1 and tok[1].isdigit():
            self.buf.append((NUM, tok[1][1:], tok[2] + 1, tok[3], 0))
            self.tok = (NUM, tok[1][0], tok[2], tok[2] + 1, tok[4])
