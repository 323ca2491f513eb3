"""Where a word starts with a digit: the only places a digit-led pattern (a date, a number in groups) can match.

A date pattern led by a lookbehind and a few alternatives costs the regex module 50-70 ns at every position of
its region; tried only at the digits that start a word (a few dozen in 2 KB) it finds the same matches for a
fifth of that. The positions are found once per text and shared by every such pattern.
"""

from __future__ import annotations

import bisect

import regex

# Patterns whose every match starts with a digit that no word character (\w) precedes, by their exact regex: a
# pattern whose text changes loses its entry and is scanned in full, never wrongly skipped.
_DIGIT_LED: set[str] = set()

_WORD_START_DIGIT = regex.compile(r"(?<!\w)\d")
# The ASCII characters as a digit ("0"), another word character ("w") or neither (" "), as the regex module reads \w.
_SHAPES = (
    bytes(
        ord("0") if regex.fullmatch(r"\d", chr(code)) else ord("w") if regex.fullmatch(r"\w", chr(code)) else ord(" ")
        for code in range(128)
    )
    + b" " * 128
)

_last: tuple[str, list[int]] | None = None


def register(pattern_regex: str) -> None:
    """Record that every match of `pattern_regex` starts at a digit with no word character right before it."""
    _DIGIT_LED.add(pattern_regex)


def is_digit_led(pattern_regex: str) -> bool:
    return pattern_regex in _DIGIT_LED


def word_start_digits(text: str) -> list[int]:
    """Every position of a digit with no word character right before it, in order (those of the last text asked
    for are kept: the recognizers of one analysis ask about the same text)."""
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    if text.isascii():
        shapes = b" " + text.encode("ascii").translate(_SHAPES)
        found = []
        at = shapes.find(b" 0")
        while at >= 0:
            found.append(at)  # the digit's offset in the text (shapes has one byte more in front)
            at = shapes.find(b" 0", at + 2)
    else:
        found = [match.start() for match in _WORD_START_DIGIT.finditer(text)]
    _last = (text, found)
    return found


def between(starts: list[int], first: int, last: int) -> list[int]:
    """The starts in [first, last)."""
    return starts[bisect.bisect_left(starts, first) : bisect.bisect_left(starts, last)]
