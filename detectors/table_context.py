"""Column headers as context: a value in a CSV, TSV or Markdown table row is described by its column's header.

`name,tfn,bsb_account` heads the rows below it, so a number in the third cell of a row has the context
"bsb account" even though no such word stands near it. Headers and row shapes are read in one pass over the
lines, so looking up the header of any position costs one binary search and one scan of its line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

SEPARATORS = (",", "\t", "|", ";")
# Longer lines are data dumps, not tables worth scanning for every value in them.
MAX_LINE_CHARS = 4096
MAX_HEADER_CELL_CHARS = 40
MAX_HEADER_CELL_WORDS = 3
# A header names columns: letters, spaces, underscores and the separators, never a digit.
_HEADER_LINE = re.compile(r"[^\d\r\n]*[A-Za-z][^\d\r\n]*")
# Markdown's rule under a header: | --- | :---: |
_RULE_LINE = re.compile(r"[ \t|:+]*-[ \t|:+-]*")


@dataclass(frozen=True, slots=True)
class _Header:
    line: int
    separator: str
    count: int


def _as_header(line: str, index: int) -> _Header | None:
    if len(line) > MAX_LINE_CHARS or not _HEADER_LINE.fullmatch(line):
        return None
    counts = [(line.count(separator), separator) for separator in SEPARATORS]
    count, separator = max(counts)
    # Column names are short; a clause of prose between commas is not one.
    cells = line.split(separator)
    if not count or any(
        len(cell) > MAX_HEADER_CELL_CHARS or len(cell.split()) > MAX_HEADER_CELL_WORDS for cell in cells
    ):
        return None
    return _Header(index, separator, count)


class TableHeaders:
    """Which header line, if any, heads each line of a text."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self._header_of: list[_Header | None] = []
        current: _Header | None = None
        for index, start in enumerate(self.line_starts):
            line = self._line(index, start)
            if current is not None and (line.count(current.separator) == current.count or _RULE_LINE.fullmatch(line)):
                # a row of the same shape (or Markdown's rule) continues the table
                self._header_of.append(current if line.strip() and not _RULE_LINE.fullmatch(line) else None)
                continue
            current = _as_header(line, index)
            self._header_of.append(None)

    def _line(self, index: int, start: int) -> str:
        end = self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def header_words(self, position: int) -> str:
        """The header of the column `position` stands in, or "" outside a table."""
        index = bisect.bisect_right(self.line_starts, position) - 1
        header = self._header_of[index] if 0 <= index < len(self._header_of) else None
        if header is None or position - self.line_starts[index] > MAX_LINE_CHARS:
            return ""
        column = self.text.count(header.separator, self.line_starts[index], position)
        cells = self._line(header.line, self.line_starts[header.line]).split(header.separator)
        return cells[column].strip() if column < len(cells) else ""
