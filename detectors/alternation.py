"""Word alternations the regex module tries fast: grouped under their first letter, in their order within a group.

The regex module tries an alternation of words one word after another at each position; "a(?:pt|partment)|f(?:lat|l)"
rejects a position after one look at its letter, where "apartment|flat|apt|fl" tries four words. A position where
one word starts is one where no word of another group can (their first letters differ, even ignoring case), and the
words that can are tried in the same order, so the alternation matches exactly what the plain one does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex


def word_alternation(words: Sequence[str], escape: Callable[[str], str] = regex.escape) -> str:
    """`"|".join(map(escape, words))`, grouped by first letter. Words are kept whole when one does not start with a
    letter, or two first letters match each other ignoring case (the Kelvin sign and "k"): grouping could then
    reorder words that match at one position."""
    firsts = list(dict.fromkeys(word[:1] for word in words))
    if not all(first.isalpha() for first in firsts) or _some_match_ignoring_case(firsts):
        return "|".join(map(escape, words))
    groups: dict[str, list[str]] = {first: [] for first in firsts}
    for word in words:
        groups[word[0]].append(escape(word[1:]) if len(word) > 1 else "")
    return "|".join(
        regex.escape(first) + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for first, rests in groups.items()
    )


def _some_match_ignoring_case(letters: list[str]) -> bool:
    """Whether two of the (distinct) letters match each other in a case-insensitive regex."""
    for index, letter in enumerate(letters):
        folded = regex.compile(regex.escape(letter), regex.IGNORECASE)
        if any(folded.fullmatch(other) for other in letters[index + 1 :]):
            return True
    return False
