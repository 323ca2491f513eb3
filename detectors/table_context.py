"""Column headers as context: a value in a CSV, TSV, Markdown or whitespace-aligned table row is described by
its column's header.

`name,tfn,bsb_account` heads the rows below it, so a number in the third cell of a row has the context
"bsb account" even though no such word stands near it. Quoted CSV cells ("Petrosyan, Anush") hide their commas.
A printed data frame (`name  dob  nhs_no`, columns two or more spaces apart) is read from the right, since
pandas puts an unnamed index column on the left. Headers and row shapes are read in one pass over the lines,
so looking up the header of any position costs one binary search and one scan of its line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

SEPARATORS = (",", "\t", "|", ";")
# Whitespace-aligned columns: two or more spaces apart.
ALIGNED = "  "
# Longer lines are data dumps, not tables worth scanning for every value in them.
MAX_LINE_CHARS = 4096
MAX_HEADER_CELL_CHARS = 40
MAX_HEADER_CELL_WORDS = 3
# A header names columns: letters, spaces, underscores and the separators, never a digit.
# (Two searches, not one fullmatch of "[^\d\r\n]*[A-Za-z][^\d\r\n]*": its two runs backtrack quadratically on prose.)
_NOT_IN_HEADER = re.compile(r"[\d\r\n]")
_HEADER_LETTER = re.compile(r"[A-Za-z]")
# Markdown's rule under a header: | --- | :---: |
_RULE_LINE = re.compile(r"[ \t|:+]*-[ \t|:+-]*")
_GAP = re.compile(r" {2,}")
# An aligned header's column names: identifiers, at most a single space inside one.
_ALIGNED_HEADER_CELL = re.compile(r"[A-Za-z_][\w.-]*(?: [\w.-]+){0,2}")
MIN_ALIGNED_COLUMNS = 3


@dataclass(frozen=True, slots=True)
class _Header:
    line: int
    separator: str
    count: int
    cells: tuple[str, ...]


def separators_outside_quotes(line: str, separator: str, end: int | None = None) -> int:
    """How many separators stand in line[:end] outside double-quoted CSV cells."""
    count = 0
    quoted = False
    for ch in line[:end]:
        if ch == '"':
            quoted = not quoted
        elif ch == separator and not quoted:
            count += 1
    return count


def aligned_cells(line: str) -> list[str]:
    return _GAP.split(line.strip())


def _as_aligned_header(line: str, index: int) -> _Header | None:
    cells = aligned_cells(line)
    if len(cells) < MIN_ALIGNED_COLUMNS or not all(_ALIGNED_HEADER_CELL.fullmatch(cell) for cell in cells):
        return None
    return _Header(index, ALIGNED, len(cells) - 1, tuple(cells))


def _as_header(line: str, index: int) -> _Header | None:
    if len(line) > MAX_LINE_CHARS or _NOT_IN_HEADER.search(line) or not _HEADER_LETTER.search(line):
        return None
    counts = [(line.count(separator), separator) for separator in SEPARATORS]
    count, separator = max(counts)
    if not count:
        return _as_aligned_header(line, index)
    # Column names are short; a clause of prose between commas is not one.
    cells = line.split(separator)
    if any(len(cell) > MAX_HEADER_CELL_CHARS or len(cell.split()) > MAX_HEADER_CELL_WORDS for cell in cells):
        return None
    return _Header(index, separator, count, tuple(cell.strip() for cell in cells))


def _continues(header: _Header, line: str) -> bool:
    """True when the line is a row of the header's shape."""
    if header.separator == ALIGNED:
        # a data frame's rows may carry an index column the header leaves unnamed
        return len(line) <= MAX_LINE_CHARS and len(aligned_cells(line)) - 1 in (header.count, header.count + 1)
    return separators_outside_quotes(line, header.separator) == header.count


@lru_cache(maxsize=8)
def headers_of(text: str) -> TableHeaders:
    """One TableHeaders per text, shared by the recognizers and the context enhancer that ask in one analysis."""
    return TableHeaders(text)


class TableHeaders:
    """Which header line, if any, heads each line of a text."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self._header_of: list[_Header | None] = []
        self._rows: dict[int, tuple[int, int]] | None = None
        current: _Header | None = None
        for index, start in enumerate(self.line_starts):
            line = self._line(index, start)
            if current is not None and line.strip() and (_continues(current, line) or _RULE_LINE.fullmatch(line)):
                # a row of the same shape (or Markdown's rule) continues the table
                self._header_of.append(None if _RULE_LINE.fullmatch(line) else current)
                continue
            current = _as_header(line, index)
            self._header_of.append(None)

    def _line(self, index: int, start: int) -> str:
        end = self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def rows_under(self, position: int) -> tuple[int, int] | None:
        """(start, end) of the rows a header line heads, when `position` is on such a header line."""
        if self._rows is None:
            # header line -> (first row line, last row line), built once
            self._rows = {}
            for i, header in enumerate(self._header_of):
                if header is not None:
                    first, _ = self._rows.get(header.line, (i, i))
                    self._rows[header.line] = (first, i)
        index = bisect.bisect_right(self.line_starts, position) - 1
        if index not in self._rows:
            return None
        first, last = self._rows[index]
        end = self.line_starts[last + 1] if last + 1 < len(self.line_starts) else len(self.text)
        return self.line_starts[first], end

    def header_words(self, position: int) -> str:
        """The header of the column `position` stands in, or "" outside a table."""
        index = bisect.bisect_right(self.line_starts, position) - 1
        header = self._header_of[index] if 0 <= index < len(self._header_of) else None
        line_start = self.line_starts[index] if index >= 0 else 0
        if header is None or position - line_start > MAX_LINE_CHARS:
            return ""
        line = self._line(index, line_start)
        offset = position - line_start
        if header.separator == ALIGNED:
            # counted from the right: the columns after this one
            after = len(_GAP.findall(line.rstrip(), offset))
            column = len(header.cells) - 1 - after
            return header.cells[column] if 0 <= column < len(header.cells) else ""
        column = separators_outside_quotes(line, header.separator, offset)
        return header.cells[column] if column < len(header.cells) else ""
