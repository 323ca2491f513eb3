"""Where the street regex's plain form can start a match in ASCII text: the few word starts worth trying.

The regex module tries the street regex at every position of a window, 50 ns a position just to refuse one inside a
word and a few microseconds at each word start. A match of the plain form (no compound word, no name before a type
word) starts at a word start (its look-behind), with a capital letter, a digit or "#", or with one of the unit,
prefix-type and house-number words (case-insensitively): in prose most word starts are none of these.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex

from detectors.ascii_hints import matches_ascii

# What the street regex's look-behind refuses right before a match: [\p{L}\p{N}_@./-], as the module reads ASCII.
_BEFORE = regex.compile(r"[\p{L}\p{N}_@./-]")
# Each ASCII character as "w" (refused before a match, so a match starts only after another character) or " ".
_SHAPES = bytes(ord("w") if _BEFORE.fullmatch(chr(code)) else ord(" ") for code in range(128)) + b" " * 128
# A match starting with one of these characters needs no word check.
_ALWAYS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#")


def ascii_prefixes(words: Iterable[str]) -> tuple[str, ...]:
    """What a case-insensitive match of each word starts with in ASCII text, lower case: the word up to its first
    character that is not ASCII. A word whose such character matches no ASCII character ignoring case ("étage")
    cannot match there at all and gives none; one that does ("ſ" matches "s") is cut before it."""
    prefixes = []
    for word in words:
        cut = next((index for index, char in enumerate(word) if not char.isascii()), len(word))
        if cut < len(word) and not matches_ascii(word[cut]):
            continue
        prefixes.append(word[:cut].lower())
    return tuple(dict.fromkeys(prefixes))


def before_shapes(text: str) -> bytes:
    """For each position of an ASCII text, whether the look-behind refuses it: byte p is "w" when the character
    before p is one it refuses, else " " (byte 0 stands for the text's start)."""
    return b" " + text.encode("ascii").translate(_SHAPES)


def candidate_starts(
    text: str, lowered: str, shapes: bytes, start: int, end: int, prefixes: tuple[str, ...]
) -> list[int]:
    """The positions in [start, end) of an ASCII text where a match can start: no refused character before
    (`before_shapes`), and a capital letter, a digit or "#" there, or one of the (lower-case) prefixes in the
    lower-cased text."""
    by_first = _by_first_letter(prefixes)
    found = []
    position = shapes.find(b" ", start, end)
    while position >= 0:
        if text[position] in _ALWAYS or lowered.startswith(by_first.get(lowered[position], ()), position):
            found.append(position)
        position = shapes.find(b" ", position + 1, end)
    return found


@lru_cache(maxsize=16)
def _by_first_letter(prefixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The prefixes by their first character; an empty one starts under every ASCII character."""
    if "" in prefixes:
        return {chr(code): ("",) for code in range(128)}
    grouped: dict[str, list[str]] = {}
    for prefix in prefixes:
        grouped.setdefault(prefix[0], []).append(prefix)
    return {first: tuple(group) for first, group in grouped.items()}
