"""A regex tried only where its matches can start: what finditer finds, in less time.

The `regex` module tries a pattern led by a look-behind or an alternation of words at every position of a text. A
pattern led by known words is tried near them (in an ASCII text a few substring searches of its lower case find
every place where one stands); one whose matches all start with a character of a small class is tried where a
search for that class (which the module runs fast) finds one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import ahocorasick
import regex


def word_positions(lowered: str, words: Iterable[str]) -> list[int]:
    """Every position where one of the (lower-case) words starts in the lower-cased text, in order, once each: one
    Aho-Corasick pass finds them all, where a search per word reads the text once for each."""
    listed = tuple(words)
    if "" in listed:
        return list(range(len(lowered) + 1))  # the empty word starts everywhere
    if not listed:
        return []
    return sorted({end + 1 - length for end, length in _automaton(listed).iter(lowered)})


@lru_cache(maxsize=64)
def _automaton(words: tuple[str, ...]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


def finditer_near(pattern: regex.Pattern[str], text: str, words: Iterable[str], reach: int) -> list[regex.Match[str]]:
    """What `pattern.finditer(text)` yields, for a pattern each of whose matches holds one of `words` (lower-case ASCII,
    matched case-insensitively by the pattern) at most `reach` characters after the match's start.

    In an ASCII text, where lower-casing keeps every offset and a case-insensitive ASCII word matches exactly where
    its lower case stands in the lower-cased text, the pattern is tried only from `reach` characters before each
    word up to it, each time from where the last match ended, as finditer resumes. Elsewhere it scans the whole text.
    """
    if not text.isascii():
        return list(pattern.finditer(text))
    starts: set[int] = set()
    for at in word_positions(text.lower(), words):
        starts.update(range(max(0, at - reach), at + 1))
    return matches_at(pattern, text, sorted(starts))


def matches_at(
    pattern: regex.Pattern[str],
    text: str,
    starts: Iterable[int],
    endpos: int | None = None,
    timeout: float | None = None,
) -> list[regex.Match[str]]:
    """What `pattern.finditer(text, first, endpos)` yields, for a pattern whose every match starts at one of `starts`
    (in order, from `first` on): the first start where it matches, then the first at or after that match's end, as
    finditer resumes."""
    found: list[regex.Match[str]] = []
    resume = 0
    end = len(text) if endpos is None else endpos
    for start in starts:
        if start < resume:
            continue
        match = pattern.match(text, start, end, timeout=timeout)
        if match is not None:
            found.append(match)
            resume = max(match.end(), start + 1)
    return found


def match_starts(finder: regex.Pattern[str], text: str) -> list[int]:
    """Where `finder` (a character class the regex module finds fast) matches: the starts to try another pattern at."""
    return [match.start() for match in finder.finditer(text)]
