"""Whole-field values: a text that is nothing but one identifier-shaped value.

A form field, a JSON string or a one-line message that holds only "AB1234567" or "M11AA" says what it is by
standing alone: the field itself is the cue. A pattern that otherwise needs a context word counts such a value as
cued (recall first); the value must fill the field, so "call 12345678 today" gains nothing from this.
"""

from __future__ import annotations

import re

# Longer texts are prose or documents, never a single value: they are dismissed on their length alone.
MAX_FIELD_CHARS = 40
# Fewer letters and digits are codes and counters ("H100", "42"), not identifiers.
MIN_VALUE_ALNUM = 5
# Patterns Presidio itself marks "very weak" (0.01: any run of digits is a licence) stay out even here.
MIN_BASE_SCORE = 0.05
# A value may be printed in a few groups ("hh 01 02 03 d"); more words than that is a sentence.
MAX_GROUPS = 5
# Quotes and brackets around a pasted value are not part of it.
EDGE = " \t\r\n\"'`()[]{}<>"
_SHAPE = re.compile(r"[^\W_](?:[^\n]*[^\W_])?")


def whole_field(text: str) -> tuple[int, int] | None:
    """The span of the one value the text holds, or None when the text is more (or less) than a value."""
    if len(text) > MAX_FIELD_CHARS:
        return None
    start = len(text) - len(text.lstrip(EDGE))
    end = len(text.rstrip(EDGE))
    value = text[start:end]
    if not _SHAPE.fullmatch(value) or len(value.split()) > MAX_GROUPS:
        return None
    if sum(ch.isalnum() for ch in value) < MIN_VALUE_ALNUM or not any(ch.isdigit() for ch in value):
        return None
    return start, end


def fills_field(text: str, start: int, end: int) -> bool:
    """True when the span [start, end) is the text's whole-field value."""
    return whole_field(text) == (start, end)
