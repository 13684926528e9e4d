"""Unicode tables for the look-alike, invisible-character and NFKC classes.

Where the line runs between a trick and a correct answer (a decision, written
down here and in the attack classes' meanings):

* NFKC is how a reader (and unitreward's normaliser) folds compatibility forms:
  fullwidth ``１２０ ｍ`` and mathematical ``𝟏𝟐𝟎`` digits *are* ``120 m``. The
  right answer in those forms is correct (the ``correct_unicode`` control),
  never an attack.
* Invisible format characters (zero-width space, joiners, word joiner, BOM)
  are removed before reading. The right answer with one inside is correct;
  a *wrong* answer that becomes the right one only when a reader splits at the
  invisible character (``1\\u200b120 m`` is ``1120 m``) is the ``invisible``
  attack.
* A look-alike from another script is not the character it imitates, and NFKC
  does not fold it: ``12О m`` (Cyrillic O) is no number, ``120 Ν`` (Greek Nu)
  no unit. Replacements are chosen so that the result is no unit in any script
  either: no Cyrillic letter that is the Russian symbol of the same unit
  (``м``, ``с``, ``г``, ``А``, ``К``, ``Т``), which would be an answer in
  another language rather than a trick.

Plain data; the tests check every entry against :mod:`unicodedata`.
"""

from __future__ import annotations

import unicodedata

#: Characters that look like a digit or a Latin letter of a unit, from another
#: script (or, for ``m``, the digraph ``rn``), none folded back by NFKC.
LOOKALIKES: dict[str, tuple[str, ...]] = {
    # digits: letters that read as the digit
    "0": ("O", "О", "Ο"),  # Latin O, Cyrillic O, Greek Omicron
    "1": ("l", "I", "ӏ"),  # Latin l, Latin I, Cyrillic palochka
    "3": ("З",),  # Cyrillic Ze
    "5": ("Ƽ",),  # Latin tone five
    "6": ("б",),  # Cyrillic be
    "8": ("Ȣ",),  # Latin OU
    # lower-case unit letters: Cyrillic, never the Russian symbol of the same unit
    "m": ("rn",),
    "a": ("а",),
    "c": ("ϲ",),  # Greek lunate sigma (Cyrillic "с" is the Russian centi and second)
    "e": ("е",),
    "o": ("о",),
    "p": ("р",),
    "x": ("х",),
    "y": ("у",),
    "s": ("ѕ",),  # Cyrillic dze (the Russian second is "с")
    "i": ("і",),
    "j": ("ј",),
    "h": ("һ",),
    "k": ("κ",),  # Greek kappa
    "v": ("ν",),  # Greek nu
    # capitals: Greek (the Cyrillic А, К, Т are Russian symbols of A, K, T)
    "A": ("Α",),
    "B": ("Β",),
    "C": ("Ϲ",),
    "E": ("Ε",),
    "H": ("Η",),
    "I": ("Ι",),
    "J": ("Ј",),
    "K": ("Κ",),
    "M": ("Μ",),
    "N": ("Ν",),
    "O": ("Ο",),
    "P": ("Ρ",),
    "T": ("Τ",),
    "V": ("Ѵ",),
    "W": ("Ԝ",),
    "X": ("Χ",),
    "Y": ("Υ",),
    "Z": ("Ζ",),
    "L": ("Ꮮ",),
}

#: Zero-width format characters (category Cf): nothing shows where they are.
INVISIBLES: tuple[str, ...] = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

_FULLWIDTH_OFFSET = 0xFF10 - ord("0")  # "0" -> "０"; the same offset maps "!".."~"
#: Starts of the mathematical digit runs (bold, double-struck, sans-serif,
#: sans-serif bold, monospace): NFKC folds each to the ASCII digit.
MATH_DIGIT_STARTS: tuple[int, ...] = (0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6)


def fullwidth(text: str, *, letters: bool) -> str:
    """``text`` with its ASCII digits (and, with ``letters``, letters, ``.``, ``/``) fullwidth.

    >>> fullwidth("12.5 km/h", letters=False)
    '１２.５ km/h'
    >>> unicodedata.normalize("NFKC", fullwidth("12.5 km/h", letters=True))
    '12.5 km/h'
    """
    out = []
    for ch in text:
        if ch.isascii() and (ch.isdigit() or (letters and (ch.isalpha() or ch in "./"))):
            out.append(chr(ord(ch) + _FULLWIDTH_OFFSET))
        else:
            out.append(ch)
    return "".join(out)


def math_digits(text: str, start: int) -> str:
    """``text`` with its ASCII digits from the mathematical run starting at ``start``.

    >>> math_digits("120 m", MATH_DIGIT_STARTS[0])
    '𝟏𝟐𝟎 m'
    """
    return "".join(chr(start + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in text)


def visible_nfkc(text: str) -> str:
    """What a careful reader reads: NFKC, without the invisible format characters.

    >>> visible_nfkc("１\\u200b２0 ｍ")
    '120 m'
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
