"""Cheap necessary conditions for costly patterns: a pattern is scanned only when its hint occurs in the text.

A regex led by a lookbehind or a lazy run is tried at every position (5-15 ms each on 64 KB); a literal it cannot
match without is found in about 0.1 ms. Hints are keyed by the pattern's exact regex text, so a pattern whose text
changes (ours edited, Presidio upgraded) loses its hint and is scanned as before, never wrongly skipped. A hint
spells its letters with explicit inline case flags, so it matches whatever the pattern does under any global flags.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex
from presidio_analyzer import Pattern

from detectors.ascii_hints import CHECKS, AsciiText, ascii_text

_HINTS: dict[str, str] = {}


@dataclass(frozen=True)
class StartRule:
    """Where a pattern's matches can start: at the start of the run of `run` characters (a character class) that
    holds a hint, at most `reach` characters before the hint (None: any distance), with no `run` character before
    it. The hint's characters are not `run` characters when the reach is None. No `run` (see `within`): anywhere
    from `reach` characters before a hint up to the hint."""

    run: str | None
    reach: int | None


def within(reach: int) -> StartRule:
    """A rule for a pattern whose matches start at most `reach` characters before a hint found by a scan for it
    (the hint is in every match, and no earlier hint can overlap the one in a match): every such position is tried."""
    return StartRule(run=None, reach=reach)


_STARTS: dict[str, StartRule] = {}


def register(pattern_regex: str, hint: str) -> None:
    """Record that no match of `pattern_regex` exists in a text where `hint` does not occur."""
    _HINTS[pattern_regex] = hint


def register_starts(pattern_regex: str, rule: StartRule) -> None:
    """Record where a hinted pattern's matches can start, so it is tried only there (see `matches`)."""
    assert pattern_regex in _HINTS
    _STARTS[pattern_regex] = rule


def has_start_rule(pattern: Pattern) -> bool:
    return pattern.regex in _STARTS


def hint_for(pattern_regex: str) -> str | None:
    return _HINTS.get(pattern_regex)


@lru_cache(maxsize=256)
def _compiled(hint: str) -> regex.Pattern[str]:
    return regex.compile(hint)


@dataclass
class _Searched:
    """The last text whose hints were looked for: its ASCII bytes and whether each hint asked for so far occurs."""

    text: str
    ascii: AsciiText | None
    found: dict[str, bool]


# One entry: the recognizers of one analysis ask about the same text one after another, several for the same hint.
_LAST: _Searched | None = None


def may_match(pattern: Pattern, text: str) -> bool:
    """False only when the pattern's hint is absent from the text, so the pattern cannot match there."""
    hint = _HINTS.get(pattern.regex)
    return hint is None or hint_occurs(hint, text)


def hint_occurs(hint: str, text: str) -> bool:
    """Whether the hint occurs in the text: in ASCII text by its exact check where it has one (`ascii_hints`)."""
    global _LAST
    last = _LAST
    if last is None or last.text is not text:
        last = _LAST = _Searched(text, ascii_text(text), {})
    found = last.found.get(hint)
    if found is None:
        check = CHECKS.get(hint)
        if check is not None and last.ascii is not None:
            found = check(last.ascii)
        else:
            found = _compiled(hint).search(text) is not None
        last.found[hint] = found
    return found


@lru_cache(maxsize=64)
def _run_char(run: str, flags: int) -> regex.Pattern[str]:
    return regex.compile(run, flags)


@lru_cache(maxsize=64)
def _run_start(run: str, flags: int) -> regex.Pattern[str]:
    return regex.compile(rf"(?<!{run}){run}*\Z", flags)


def candidate_starts(pattern: Pattern, text: str, flags: int) -> list[int] | None:
    """Every position where the pattern could start a match, or None when it has no start rule."""
    rule = _STARTS.get(pattern.regex)
    if rule is None:
        return None
    starts: set[int] = set()
    if rule.run is None:
        assert rule.reach is not None
        for hit in _compiled(_HINTS[pattern.regex]).finditer(text):
            starts.update(range(max(0, hit.start() - rule.reach), hit.start() + 1))
        return sorted(starts)
    if rule.reach is None:
        # the runs end at the hints, so walking back over each costs one step per character in all
        run_char = _run_char(rule.run, flags)
        for hit in _compiled(_HINTS[pattern.regex]).finditer(text):
            start = hit.start()
            while start > 0 and run_char.match(text, start - 1) is not None:
                start -= 1
            starts.add(start)
        return sorted(starts)
    run_start = _run_start(rule.run, flags)
    for hit in _compiled(_HINTS[pattern.regex]).finditer(text):
        # the run holding the hint starts within reach (a later hint in the same run finds none: the first did)
        found = run_start.search(text, max(0, hit.start() - rule.reach), hit.start())
        if found is not None:
            starts.add(found.start())
    return sorted(starts)


def matches(
    pattern: Pattern, pattern_regex: regex.Pattern[str], text: str, flags: int, timeout: float | None = None
) -> Iterator[regex.Match[str]]:
    """What `pattern_regex.finditer(text)` yields, trying only the candidate starts when the pattern has a rule:
    the leftmost match at or after the last match's end is the first candidate where the pattern matches."""
    starts = candidate_starts(pattern, text, flags)
    if starts is None:
        yield from pattern_regex.finditer(text, timeout=timeout)
        return
    position = 0
    for start in starts:
        if start < position:
            continue
        match = pattern_regex.match(text, start)
        if match is not None:
            yield match
            position = max(match.end(), start + 1)
