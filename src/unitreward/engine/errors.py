"""Errors raised by unitreward.

All errors derive from :class:`UnitrewardError`, so ``except UnitrewardError``
catches everything the library raises on purpose. Each also derives from the
built-in exception a caller would expect (``ValueError``), as pint does.

>>> from unitreward.engine.errors import ConfigError, UnitrewardError
>>> issubclass(ConfigError, ValueError) and issubclass(ConfigError, UnitrewardError)
True
"""

from __future__ import annotations

__all__ = ["ConfigError", "ParseError", "UnitError", "UnitrewardError"]


class UnitrewardError(Exception):
    """Base class of every error unitreward raises on purpose.

    >>> isinstance(UnitrewardError("x"), Exception)
    True
    """


class ConfigError(ValueError, UnitrewardError):
    """An option given to a reward, checker or combinator is invalid.

    Raised when the object is built, never while scoring.

    >>> from unitreward.engine import Checker
    >>> try:
    ...     Checker(rel_tol=-1)
    ... except ConfigError as e:
    ...     print(e)
    rel_tol must be a finite number >= 0, got -1
    """


class UnitError(ValueError, UnitrewardError):
    """A unit string cannot be understood; the message names the text.

    >>> from unitreward.engine import parse_quantity
    >>> try:
    ...     parse_quantity("3 blorbs")
    ... except UnitError as e:
    ...     print(e)
    unknown unit 'blorbs' in '3 blorbs'
    """


class ParseError(ValueError, UnitrewardError):
    """A string is not a quantity (no number, junk, or too large to evaluate safely).

    >>> from unitreward.engine import parse_quantity
    >>> try:
    ...     parse_quantity("no number here")
    ... except ParseError as e:
    ...     print(e)
    no number in 'no number here'
    """
