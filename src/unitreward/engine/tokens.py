"""The tokenizer of the expression grammar: LaTeX and plain text -> tokens.

One linear scan, token by token and on demand (the parser pulls tokens, so
reading a number at the start of a 1 MB completion tokenizes only the number).
It knows the vocabulary: Greek letters (``\\theta``, ``θ``, ``theta``), the
functions (``\\sin``, ``sin``, ``\\arctan``, ``\\ln``, ...), the commands that
take arguments (``\\frac``, ``\\sqrt``, ``\\dot``, ``\\mathbf``, ...), spacing
and sizing commands (dropped), relations, and the commands we refuse
(``\\int``, ``\\sum``, ``\\partial``, ``\\pm``, ...). Subscripts are read here,
whole, into a canonical string (``v_{0}``, ``v_0`` and plain ``v0`` all give
subscript ``0``; ``m_{\\text{N}}`` gives ``N``), so names compare by string.

A plain run of letters is split into known words (``theta``, ``sin``,
``hbar``) and single-letter variables (``mgh`` is ``m g h``); a run that is an
English word (``and``, ``for``) or five or more letters that are no known word
(``thorium``) is prose and refused.

>>> [t[1] for t in Lexer(r"\\frac{v_0^2}{2\\mu g}").all()]
['frac', '{', 'v', '0', '^', '2', '}', '{', '2', 'mu', 'g', '}']
>>> [t[1] for t in Lexer("v0^2/(2μg)").all()]
['v', '0', '^', '2', '/', '(', '2', 'mu', 'g', ')']
"""

from __future__ import annotations

import re

from unitreward.engine.errors import ParseError
from unitreward.engine.vocabulary import (
    BAR,
    CLOSE,
    CMD,
    COMMA,
    COMMANDS,
    DECORATIONS,
    DEG,
    END,
    FUNC,
    FUNCTIONS,
    GREEK,
    MAX_WORD,
    NAME,
    NUM,
    OP,
    OPEN,
    PLAIN_WORDS,
    PRIME,
    PROSE,
    PROSE_SOLO,
    REFUSED,
    REL,
    SIZING,
    SPACING,
    SUB,
    TEXT_LIKE,
    UNICODE,
    UNICODE_GREEK,
    UNICODE_REFUSED,
    WORD,
    Token,
)

__all__ = [
    "BAR",
    "CLOSE",
    "CMD",
    "COMMA",
    "DEG",
    "END",
    "FUNC",
    "NAME",
    "NUM",
    "OP",
    "OPEN",
    "PRIME",
    "REL",
    "SUB",
    "WORD",
    "Lexer",
    "Token",
]

MAX_SUBSCRIPT_CHARS = 40

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUPER_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
_SUB_RUN = re.compile("[₀₁₂₃₄₅₆₇₈₉]+")

_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+(?![0-9.]))?")
# Thousands groups, only where a comma cannot separate arguments (constant mode).
_NUMBER_GROUPED = re.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+(?![0-9.]))?"
    r"|\.[0-9]+"
)
_LETTERS = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"[0-9]+")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.S)
_SPACE = re.compile(r"(?:\s|~|\$|\\[,;:! ]|\\quad\b|\\qquad\b)+")
_PLAIN_SUB = re.compile(r"[A-Za-z0-9]+")
_CIRC = re.compile(r"\^\s*(?:\\circ\b|\{\s*\\circ\s*\}|°)")
_PRIMES = re.compile(
    r"\^\s*(?:\\prime\b|\{\s*(?:\\prime\b\s*|'\s*)+\}|\*|\{\s*\*\s*\}|\{\s*\\ast\s*\})"
)
_PRIMES_THEN_POWER = re.compile(r"\^\s*\{((?:\s*\\prime\b)+)\s*(?=[^\s}])(?!\\prime\b)")
_SUB_COMMAND = re.compile(r"\\([A-Za-z]+)")
_SUB_NOISE = re.compile(r"\\.|[{}\s$~]")
_SUB_ALLOWED = re.compile(r"[A-Za-z0-9+\-,*'/.=_^()|<>]+")


def _shown(text: str) -> str:
    """The text for an error message: whole when short, its start otherwise (a message
    must not cost a copy of a megabyte completion)."""
    return text if len(text) <= 200 else text[:200] + "..."


def _matching_brace(text: str, open_pos: int, limit: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``open_pos`` (linear; -1 if none)."""
    depth = 0
    i = open_pos
    while i < limit:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


_BRAKET_NOISE = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)\b|\\[,;:! ]|\s+")


def _braket_text(raw: str) -> str:
    """The inside of a bra, ket or bracket, without spacing and sizing commands."""
    return _BRAKET_NOISE.sub("", raw).replace("\\rangle", ">").replace("\\langle", "<")


def canonical_subscript(raw: str) -> str:
    """A subscript's text in canonical form: wrappers, braces and spaces dropped.

    >>> canonical_subscript(r"\\text{esc}"), canonical_subscript(r"{0}"), canonical_subscript(r"\\max")
    ('esc', '0', 'max')
    >>> canonical_subscript(r"\\theta 1")
    'theta1'
    """

    def command(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in TEXT_LIKE or name in DECORATIONS:
            return ""
        return GREEK.get(name, name)

    if raw.isascii() and raw.isalnum():
        if len(raw) > MAX_SUBSCRIPT_CHARS:
            raise ParseError(f"cannot read the subscript {raw!r}")
        return raw
    text = _SUB_COMMAND.sub(command, raw) if "\\" in raw else raw
    text = _SUB_NOISE.sub("", text)
    if not text.isascii():
        text = text.translate(_SUBSCRIPTS)
        for ch, greek in UNICODE_GREEK.items():
            if ch in text:
                text = text.replace(ch, greek)
    if not text or len(text) > MAX_SUBSCRIPT_CHARS or not _SUB_ALLOWED.fullmatch(text):
        raise ParseError(f"cannot read the subscript {raw!r}")
    return text


class Lexer:
    """Tokens of ``text[start:stop]``, produced on demand.

    Args:
        text: The text (raw LaTeX or plain; normalised text also works).
        start: Where to start.
        stop: Where to stop (default: the end of the text).
        latex: Read ``x^23`` as ``x^2 3`` and ``v_max`` as ``v_m a x`` (LaTeX
            rules). ``None`` decides from the text: LaTeX when it holds a
            backslash or a brace.
        grouped_numbers: Read ``1,200`` as one number (constant mode).
        lenient: End the tokens where one cannot be read, instead of raising
            (constant mode: the prose after a number is none of its business).

    >>> [t[1] for t in Lexer(r"\\sin^2\\theta + |x|").all()]
    ['sin', '^', '2', 'theta', '+', '|', 'x', '|']
    """

    __slots__ = ("_pending", "grouped", "latex", "lenient", "pos", "stop", "text")

    def __init__(
        self,
        text: str,
        start: int = 0,
        stop: int | None = None,
        *,
        latex: bool | None = None,
        grouped_numbers: bool = False,
        lenient: bool = False,
    ) -> None:
        self.text = text
        self.pos = start
        self.stop = len(text) if stop is None else stop
        if latex is None:
            window = text[start : self.stop]
            latex = "\\" in window or "{" in window
        self.latex = latex
        self.grouped = grouped_numbers
        self.lenient = lenient
        self._pending: list[Token] = []

    def all(self) -> list[Token]:
        """Every token up to the end (without the END token).

        >>> [t[1] for t in Lexer("mgh").all()]
        ['m', 'g', 'h']
        """
        out: list[Token] = []
        while True:
            tok = self.next()
            if tok[0] == END:
                return out
            out.append(tok)

    def next(self) -> Token:
        """The next token; ``(END, "", n, n, ws)`` at the end.

        Raises:
            ParseError: A character or command we do not read.
        """
        if self._pending:
            return self._pending.pop()
        if not self.lenient:
            return self._next()
        try:
            return self._next()
        except ParseError:
            end = self.pos
            self.pos = self.stop
            return (END, "", end, end, 0)

    def _next(self) -> Token:
        text = self.text
        stop = self.stop
        ws = 0
        while True:
            pos = self.pos
            if pos >= stop:
                return (END, "", stop, stop, ws)
            ch = text[pos]
            if ch in " \t\n\r~$":
                self.pos += 1
                ws += 1
                continue
            if ch == "\\":
                m = _COMMAND.match(text, pos, stop)
                if m is None:
                    raise ParseError(f"a lone backslash in {_shown(text)!r}")
                name = m.group(1)
                if name in (",", ";", ":", "!", " ") or name in SPACING:
                    self.pos = m.end()
                    if name not in SIZING:  # \left( is no space: S\left(T, L\right) is a call
                        ws += 1
                    if name in ("left", "right", "middle") and text.startswith(".", self.pos):
                        self.pos += 1  # \left. and \right. are invisible
                    continue
                return self._command(name, pos, m.end(), ws)
            break
        if "0" <= ch <= "9" or (ch == "." and pos + 1 < stop and "0" <= text[pos + 1] <= "9"):
            m = (_NUMBER_GROUPED if self.grouped else _NUMBER).match(text, pos, stop)
            assert m is not None
            end = m.end()
            self.pos = end
            return (NUM, m.group(0).replace(",", ""), pos, end, ws)
        if ch.isascii() and ch.isalpha():
            return self._letters(pos, ws)
        self.pos = pos + 1
        if ch in "+-*/!%,=<>()[]{}|^_'":
            return self._ascii(ch, pos, ws)
        tok = UNICODE.get(ch)
        if tok is not None:
            if tok[0] == NAME:  # ω0, θ1 (ω₀ after NFKC): trailing digits are a subscript
                d = _DIGITS.match(text, pos + 1, stop)
                if d is not None and not text.startswith(".", d.end()):
                    self.pos = d.end()
                    return self._queue(
                        [(NAME, tok[1], pos, pos + 1, ws), (SUB, d.group(0), pos + 1, d.end(), 0)]
                    )
            return (tok[0], tok[1], pos, pos + 1, ws)
        if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺":
            m = _SUPER_RUN.match(text, pos, stop)
            assert m is not None
            self.pos = m.end()
            digits = m.group(0).translate(_SUPERSCRIPTS)
            toks: list[Token] = [(OP, "^", pos, pos, ws), (OPEN, "{", pos, pos, 0)]
            sign = digits[0] if digits[0] in "-+" else ""
            if sign:
                toks.append((OP, sign, pos, pos + 1, 0))
            if digits[len(sign) :].isdigit():
                toks.append((NUM, digits[len(sign) :], pos + len(sign), m.end(), 0))
            else:
                raise ParseError(f"cannot read the superscript {m.group(0)!r} in {_shown(text)!r}")
            toks.append((CLOSE, "}", m.end(), m.end(), 0))
            return self._queue(toks)
        if ch in "₀₁₂₃₄₅₆₇₈₉":
            m = _SUB_RUN.match(text, pos, stop)
            assert m is not None
            self.pos = m.end()
            return (SUB, m.group(0).translate(_SUBSCRIPTS), pos, m.end(), ws)
        if ch == "″":
            return self._queue([(PRIME, "'", pos, pos + 1, ws), (PRIME, "'", pos, pos + 1, 0)])
        reason = UNICODE_REFUSED.get(ch)
        if reason is not None:
            raise ParseError(f"{reason} ({ch!r}) in {_shown(text)!r}")
        raise ParseError(f"unexpected character {ch!r} in {_shown(text)!r}")

    def _queue(self, toks: list[Token]) -> Token:
        self._pending.extend(reversed(toks[1:]))
        return toks[0]

    def _ascii(self, ch: str, pos: int, ws: int) -> Token:
        text = self.text
        nxt = text[pos + 1] if pos + 1 < self.stop else ""
        if ch == "*":
            if nxt == "*":
                self.pos = pos + 2
                return (OP, "^", pos, pos + 2, ws)
            return (OP, "*", pos, pos + 1, ws)
        if ch in "<>!=" and nxt == "=":
            self.pos = pos + 2
            rel = {"<": "<=", ">": ">=", "!": "!=", "=": "="}[ch]
            return (REL, rel, pos, pos + 2, ws)
        if ch in "<>=":
            return (REL, ch, pos, pos + 1, ws)
        if ch in "([{":
            return (OPEN, ch, pos, pos + 1, ws)
        if ch in ")]}":
            return (CLOSE, ch, pos, pos + 1, ws)
        if ch == "|":
            ket = self._ket(pos, ws)
            if ket is not None:
                return ket
            if nxt == "|":
                self.pos = pos + 2
            return (BAR, "|", pos, self.pos, ws)
        if ch == ",":
            return (COMMA, ",", pos, pos + 1, ws)
        if ch == "'":
            return (PRIME, "'", pos, pos + 1, ws)
        if ch == "_":
            return self._subscript(pos, ws)
        if ch == "^":
            m = _CIRC.match(text, pos, self.stop)
            if m is not None:
                self.pos = m.end()
                return (DEG, "°", pos, m.end(), ws)
            m = _PRIMES_THEN_POWER.match(text, pos, self.stop)
            if m is not None:  # r^{\prime 2}: r', squared
                self.pos = m.end()
                count = m.group(1).count("prime")
                toks = [(PRIME, "'", pos, m.end(), ws if i == 0 else 0) for i in range(count)]
                toks += [(OP, "^", m.end(), m.end(), 0), (OPEN, "{", m.end(), m.end(), 0)]
                return self._queue(toks)
            m = _PRIMES.match(text, pos, self.stop)
            if m is not None:
                self.pos = m.end()
                body = m.group(0)
                if "*" in body or "ast" in body:
                    return (PRIME, "*", pos, m.end(), ws)
                count = body.count("prime") + body.count("'")
                toks = [(PRIME, "'", pos, m.end(), ws if i == 0 else 0) for i in range(count)]
                return self._queue(toks)
        return (OP, ch, pos, pos + 1, ws)

    def _subscript(self, pos: int, ws: int) -> Token:
        text = self.text
        stop = self.stop
        i = pos + 1
        while i < stop and text[i] in " \t":
            i += 1
        if i >= stop:
            raise ParseError(f"an empty subscript in {_shown(text)!r}")
        ch = text[i]
        if ch == "{":
            close = _matching_brace(text, i, stop)
            if close < 0:
                raise ParseError(f"unbalanced braces in {_shown(text)!r}")
            raw = text[i + 1 : close]
            end = close + 1
        elif ch == "\\":
            m = _COMMAND.match(text, i, stop)
            assert m is not None
            end = m.end()
            if m.group(1) in TEXT_LIKE or m.group(1) in DECORATIONS:
                j = end
                while j < stop and text[j] in " \t":
                    j += 1
                close = _matching_brace(text, j, stop) if j < stop and text[j] == "{" else -1
                if close < 0:
                    raise ParseError(f"cannot read the subscript in {_shown(text)!r}")
                end = close + 1
            raw = text[i:end]
        elif not self.latex:
            m = _PLAIN_SUB.match(text, i, stop)
            if m is None:
                raise ParseError(f"cannot read the subscript in {_shown(text)!r}")
            raw = m.group(0)
            end = m.end()
        else:
            raw = ch
            end = i + 1
        self.pos = end
        return (SUB, canonical_subscript(raw), pos, end, ws)

    def _command(self, name: str, pos: int, end: int, ws: int) -> Token:
        text = self.text
        self.pos = end
        tok = COMMANDS.get(name)
        if tok is not None:
            return (tok[0], tok[1], pos, end, ws)
        if name in TEXT_LIKE:
            return self._text(name, pos, end, ws)
        if name == "langle":
            return self._bracket(pos, end, ws)
        if name in ("lvert", "vert", "|"):
            ket = self._ket(pos, ws, end)
            if ket is not None:
                return ket
        if name in ("ket", "bra"):
            j = end
            while j < self.stop and text[j] in " \t":
                j += 1
            close = _matching_brace(text, j, self.stop) if text.startswith("{", j) else -1
            if close < 0:
                raise ParseError(f"\\{name} without braces in {_shown(text)!r}")
            self.pos = close + 1
            inner = _braket_text(text[j + 1 : close])
            word = f"|{inner}>" if name == "ket" else f"<{inner}|"
            return (WORD, word, pos, close + 1, ws)
        reason = REFUSED.get(name)
        if reason is not None:
            raise ParseError(f"{reason} (\\{name}) in {_shown(text)!r}")
        if name == "\\":
            raise ParseError(f"a line break in {_shown(text)!r}")
        raise ParseError(f"unknown command \\{name} in {_shown(text)!r}")

    def _ket(self, pos: int, ws: int, start: int | None = None) -> Token | None:
        """``|1, 1\\rangle``: a ket, read whole as one opaque name (``None`` if not a ket)."""
        text = self.text
        start = pos + 1 if start is None else start
        limit = min(self.stop, start + 120)
        close = text.find("\\rangle", start, limit)
        if close < 0:
            return None
        inner = text[start:close]
        if (
            "|" in inner
            or "\\langle" in inner
            or "vert" in inner
            or inner.count("{") != inner.count("}")
        ):
            return None
        self.pos = close + len("\\rangle")
        return (WORD, f"|{_braket_text(inner)}>", pos, self.pos, ws)

    def _bracket(self, pos: int, end: int, ws: int) -> Token:
        """``\\langle E \\rangle``, ``\\langle a | b \\rangle``: one opaque name."""
        text = self.text
        depth = 1
        i = end
        while i < self.stop:
            if text.startswith("\\langle", i):
                depth += 1
                i += 7
            elif text.startswith("\\rangle", i):
                depth -= 1
                if depth == 0:
                    self.pos = i + 7
                    return (WORD, f"<{_braket_text(text[end:i])}>", pos, self.pos, ws)
                i += 7
            else:
                i += 1
        raise ParseError(f"an unclosed \\langle in {_shown(text)!r}")

    def _text(self, name: str, pos: int, end: int, ws: int) -> Token:
        """``\\text{...}``, ``\\mathrm{...}``, ``\\operatorname{...}``: a word, a letter or math."""
        text = self.text
        stop = self.stop
        j = end
        while j < stop and text[j] in " \t":
            j += 1
        if j >= stop or text[j] != "{":
            if name in ("rm", "it"):  # {\rm d}: a font switch, not a wrapper
                return self.next()
            raise ParseError(f"\\{name} without braces in {_shown(text)!r}")
        close = _matching_brace(text, j, stop)
        if close < 0:
            raise ParseError(f"unbalanced braces in {_shown(text)!r}")
        raw = text[j + 1 : close]
        word = raw.strip()
        if word in ("const.", "constant."):
            word = word[:-1]
        self.pos = close + 1
        if not word:
            return self.next()
        if _LETTERS.fullmatch(word):
            if raw.strip() != raw and name.startswith("text"):
                raise ParseError(f"prose ({raw!r}) in {_shown(text)!r}")
            if word in PROSE and word not in PROSE_SOLO:
                raise ParseError(f"prose ({word!r}) in {_shown(text)!r}")
            if word in FUNCTIONS:
                return (FUNC, FUNCTIONS[word], pos, close + 1, ws)
            if word in GREEK:
                return (NAME, GREEK[word], pos, close + 1, ws)
            if len(word) == 1:
                return (NAME, word, pos, close + 1, ws)
            return (WORD, word, pos, close + 1, ws)
        if _DIGITS.fullmatch(word):
            return (NUM, word, pos, close + 1, ws)
        if name.startswith("text") or name == "mbox":
            raise ParseError(f"prose ({raw!r}) in {_shown(text)!r}")
        # \mathrm{m/s}, \operatorname{...}: math in an upright font; read the inside
        inner = Lexer(text, j + 1, close, latex=self.latex, grouped_numbers=self.grouped)
        toks = inner.all()
        if not toks:
            return self.next()
        first = toks[0]
        toks[0] = (first[0], first[1], first[2], first[3], first[4] + ws)
        return self._queue(toks)

    def _letters(self, pos: int, ws: int) -> Token:
        text = self.text
        m = _LETTERS.match(text, pos, self.stop)
        assert m is not None
        run = m.group(0)
        end = m.end()
        self.pos = end
        toks: list[Token] = []
        if len(run) == 1:
            toks.append((NAME, run, pos, end, ws))
        elif run in PROSE_SOLO:
            toks.append((WORD, run, pos, end, ws))
        else:
            if run in PROSE:
                raise ParseError(f"prose ({run!r}) in {_shown(text)!r}")
            i = 0
            n = len(run)
            singles = 0
            while i < n:
                for length in range(min(MAX_WORD, n - i), 1, -1):
                    hit = PLAIN_WORDS.get(run[i : i + length])
                    if hit is not None:
                        toks.append((hit[0], hit[1], pos + i, pos + i + length, 0))
                        i += length
                        break
                else:
                    toks.append((NAME, run[i], pos + i, pos + i + 1, 0))
                    singles += 1
                    i += 1
            if singles >= 5 and singles == len(toks):
                raise ParseError(f"prose ({run!r}) in {_shown(text)!r}")
            first = toks[0]
            toks[0] = (first[0], first[1], first[2], first[3], ws)
        # plain v0, theta1: trailing digits are a subscript
        d = _DIGITS.match(text, end, self.stop)
        last = toks[-1]
        if (
            d is not None
            and (last[0] == NAME or last[1] == "log")
            and not text.startswith(".", d.end())
        ):
            toks.append((SUB, d.group(0), end, d.end(), 0))
            self.pos = d.end()
        return self._queue(toks)
