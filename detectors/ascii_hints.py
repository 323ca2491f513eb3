"""Exact stand-ins for hint searches in ASCII text: a byte translation and a substring search, not a regex scan.

A hint like `\\d{7}` or `(?i:secret)` is looked for with the regex module at every position of the text (10-50 us
on 2 KB, several per text). In ASCII text a run of character classes is found by translating each class to one
byte and searching for the run's bytes, and a case-insensitive word by searching the lower-cased text: what the
regex finds there and nothing else. Any other text is searched with the hint itself (see `pattern_hints`).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

DIGITS = string.digits
HEX = string.hexdigits
UPPER = string.ascii_uppercase

# What a check reads: the text's ASCII bytes and their lower case.
Check = Callable[["AsciiText"], bool]


@dataclass(frozen=True, slots=True)
class AsciiText:
    raw: bytes
    lowered: bytes


def ascii_text(text: str) -> AsciiText | None:
    """The text as ASCII bytes, or None when it holds another character."""
    if not text.isascii():
        return None
    raw = text.encode("ascii")
    return AsciiText(raw, raw.lower())


@lru_cache(maxsize=1024)
def matches_ascii(char: str) -> bool:
    """Whether some ASCII character matches `char` in a case-insensitive regex ("ſ" matches "s", "é" none)."""
    folded = regex.compile(regex.escape(char), regex.IGNORECASE)
    return any(folded.fullmatch(chr(code)) for code in range(128))


def run_of(*classes: str) -> Check:
    """A check for a run of characters, the i-th one of `classes[i]`: in `[0-9A-F]{2}[:-]`, ("0..9A..F", ":-").

    Two classes are equal or disjoint: each becomes one byte of a translation of the text."""
    distinct = list(dict.fromkeys(frozenset(chars) for chars in classes))
    for index, chars in enumerate(distinct):
        if any(chars & other for other in distinct[index + 1 :]):
            raise ValueError("the classes of a run must be equal or disjoint")
    table = bytearray(b"\x00" * 256)
    for code, chars in enumerate(distinct, start=1):
        for char in chars:
            table[ord(char)] = code
    translation = bytes(table)
    needle = bytes(distinct.index(frozenset(chars)) + 1 for chars in classes)
    return lambda text: needle in text.raw.translate(translation)


def words(*lowered: str) -> Check:
    """A check for any of the words, in any case (what `(?i:word)` finds in ASCII text)."""
    needles = tuple(word.encode("ascii") for word in lowered)
    return lambda text: any(needle in text.lowered for needle in needles)


def literals(*exact: str) -> Check:
    """A check for any of the strings, as spelt."""
    needles = tuple(word.encode("ascii") for word in exact)
    return lambda text: any(needle in text.raw for needle in needles)


def any_of(*checks: Check) -> Check:
    return lambda text: any(check(text) for check in checks)


def both_cases(chars: str) -> str:
    return chars.lower() + chars.upper()


_NINO_SUFFIX_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # [ABD-HJLNP-UW-Z]
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ" + DIGITS  # [A-HJ-NPR-Z0-9]
_MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
_NHI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # [A-HJ-NP-Z]
_ALNUM = string.ascii_letters + DIGITS  # (?i:[a-zA-HJ-NP-Z0-9]): every letter, in either case
# The ASCII characters \s matches, as the regex module reads it.
_SPACES = "".join(chr(code) for code in range(128) if regex.fullmatch(r"\s", chr(code)))

# Each hint's check (the hint's exact regex text as key); a hint without one is searched with the regex.
CHECKS: dict[str, Check] = {
    r"\d{6}": run_of(*[DIGITS] * 6),
    r"\d{7}": run_of(*[DIGITS] * 7),
    r"\d{15}": run_of(*[DIGITS] * 15),
    r"[0-9A-Fa-f]{12}": run_of(*[HEX] * 12),
    r"[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]": run_of(HEX, HEX, ":-", HEX, HEX, ":-"),
    r"[A-Z]{2}[0-9]{2}": run_of(UPPER, UPPER, DIGITS, DIGITS),
    r" \d[ABD-HJLNP-UW-Z]{2}": run_of(" ", DIGITS, _NINO_SUFFIX_LETTERS, _NINO_SUFFIX_LETTERS),
    r"\d(?i:[ABD-HJLNP-UW-Z]){2}": run_of(DIGITS, both_cases(_NINO_SUFFIX_LETTERS), both_cases(_NINO_SUFFIX_LETTERS)),
    r"(?i:pass|pwd|secret|api[_-]?key|token)": words("pass", "pwd", "secret", "apikey", "api_key", "api-key", "token"),
    r"(?i:pass)": words("pass"),
    r"(?i:secret)": words("secret"),
    r"(?i:PID\|)": words("pid|"),
    r"(?i:rx)": words("rx"),
    r"(?i:claim)": words("claim"),
    r"(?i:prescription)": words("prescription"),
    r"(?i:auth)": words("auth"),
    r"(?i:referral)": words("referral"),
    r"(?i:wi-?fi)": words("wifi", "wi-fi"),
    r"(?-i:UR|MRN)": literals("UR", "MRN"),
    r"://|[wW]{3}\.": any_of(literals("://"), words("www.")),
    r"\d{8}": run_of(*[DIGITS] * 8),
    r"\d{9}": run_of(*[DIGITS] * 9),
    r"\d{10}": run_of(*[DIGITS] * 10),
    r"\d{11}": run_of(*[DIGITS] * 11),
    r"\d{12}": run_of(*[DIGITS] * 12),
    r"\d{3}[ .-]\d{2}[ .-]\d{4}": run_of(*[DIGITS] * 3, " .-", *[DIGITS] * 2, " .-", *[DIGITS] * 4),
    r"\d{3} \d{3} \d{4}": run_of(*[DIGITS] * 3, " ", *[DIGITS] * 3, " ", *[DIGITS] * 4),
    r"\d{3}[ -]\d{3}[ -]\d{4}": run_of(*[DIGITS] * 3, " -", *[DIGITS] * 3, " -", *[DIGITS] * 4),
    r"\d{2}[ -]\d{2}[ -]\d{2}": run_of(*[DIGITS] * 2, " -", *[DIGITS] * 2, " -", *[DIGITS] * 2),
    r"\d{2}[ -]\d{3}[ -]\d{3}[ -]\d{3}": run_of(
        *[DIGITS] * 2, " -", *[DIGITS] * 3, " -", *[DIGITS] * 3, " -", *[DIGITS] * 3
    ),
    r"[ -]\d{5}[ -]": run_of(" -", *[DIGITS] * 5, " -"),
    r"\d{2}[ -]\d{4}[ -]\d{7}": run_of(*[DIGITS] * 2, " -", *[DIGITS] * 4, " -", *[DIGITS] * 7),
    r"[A-HJ-NPR-Z0-9]{17}": run_of(*[_VIN_CHARS] * 17),
    r"\d{3}\s\d{3}\s\d{3}": run_of(*[DIGITS] * 3, _SPACES, *[DIGITS] * 3, _SPACES, *[DIGITS] * 3),
    r"\d{4}-\d{4}-\d": run_of(*[DIGITS] * 4, "-", *[DIGITS] * 4, "-", DIGITS),
    r"\d{3}[- ]\d{2}[- ]\d{4}": run_of(*[DIGITS] * 3, " -", *[DIGITS] * 2, " -", *[DIGITS] * 4),
    r"\d{4}[ -]\d{3}[ -]\d{3}": run_of(*[DIGITS] * 4, " -", *[DIGITS] * 3, " -", *[DIGITS] * 3),
    r"[0-9](?i:[ACDEFGHJKMNPQRTUVWXY])": run_of(DIGITS, both_cases(_MBI_LETTERS)),
    r"(?i:[a-zA-HJ-NP-Z0-9]){26}": run_of(*[_ALNUM] * 26),
    r"[A-HJ-NP-Z]{3}\d{4}": run_of(*[_NHI_LETTERS] * 3, *[DIGITS] * 4),
    r"[A-HJ-NP-Z]{3}\d{2}[A-HJ-NP-Z]{2}": run_of(*[_NHI_LETTERS] * 3, *[DIGITS] * 2, *[_NHI_LETTERS] * 2),
    r"(?i:sort)": words("sort"),
    r"(?i:/p/aus/)": words("/p/aus/"),
    r"(?i:/p/nzl/)": words("/p/nzl/"),
}
