"""PERSON names in the shapes records and forms give them, where no sentence surrounds them.

- a quoted CSV cell "Surname, Forename";
- an HL7 name field `|Surname^Given^…|`;
- an airline booking name `1.SURNAME/GIVEN MR` (and the same SURNAME/GIVEN again later in the record);
- a chat-export speaker `12/03/2025, 21:15 - Name:` or `[09:42] Name:`;
- initials before a rare surname, `D. Morimoto`;
- an ALL-CAPS surname before a given name, `PHAN Nhung` (family name first);
- a cell under a person column of a CSV or whitespace-aligned table (`surname`, `guest`, `assigned_to`, `name`);
- a FHIR name, `"family": "…", "given": ["…"]`;
- a person role or a rank right before a rare name: `Customer Zeynep`, `Surname Grewal`, `Det Sgt Charoenkul`;
- a dash signature ending a line, `— Bushra`, and a self-introduction, `Clive here —`.

Each shape is one regex pass or one pass over lines, so the cost is linear in the text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex as re

from detectors.name_recognizer import NameSpanRecognizer
from detectors.name_words import WordClass, classify, is_first_name, is_rare_name
from detectors.not_names import words_of
from detectors.person_keys import KeyKind, key_kind

FORM_SCORE = 0.8  # a record's name field: the shape itself says "person"
SHAPE_SCORE = 0.75  # a name shape in running text: initials + rare surname, CAPS surname + given name

_WORD = r"\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)*"
_CAPS = r"\p{Lu}[\p{Lu}\p{M}]+(?:['’-]\p{Lu}[\p{Lu}\p{M}]+)*"

_ONE_OR_TWO = _WORD + r"(?:[ \t]" + _WORD + r")?"
_ANY_WORD = r"(?:" + _WORD + r"|" + _CAPS + r")"

QUOTED_SURNAME_FIRST = re.compile(
    r"(?:(?<=\A)|(?<=[,;\t\n]))[ \t]*\"(?P<name>" + _ONE_OR_TWO + r",[ \t]*" + _ONE_OR_TWO + r")\""
)
HL7_NAME = re.compile(
    r"(?<=\|)(?P<family>" + _WORD + r")\^(?P<given>" + _WORD + r")(?:\^(?P<middle>" + _WORD + r"))?"
    r"(?=[\^|\r\n]|\Z)"
)
_PNR_TITLE = r"(?:MR|MRS|MS|MSTR|MISS|DR|MX|CHD|INF)"
PNR_NAME = re.compile(
    r"(?:(?<=\b\d{1,2}\.)|(?<![\p{L}\p{N}/]))(?P<name>[A-Z]{2,}(?:[-'][A-Z]+)*/[A-Z]{2,}(?:[ ][A-Z]{2,})?)"
    r"(?=[ ]?" + _PNR_TITLE + r"\b)"
)
PNR_REPEAT = re.compile(r"(?<![\p{L}\p{N}])[A-Z]{2,}(?:[-'][A-Z]+)*/[A-Z]{2,}(?![\p{L}\p{N}])")
CHAT_SPEAKER = re.compile(
    r"(?m)^[ \t]*(?:\[?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[APap][Mm])?\]?"
    r"[ \t]+[-–][ \t]+"
    r"|\[\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[APap][Mm])?\][ \t]+)"
    r"(?P<name>" + _WORD + r"(?:[ \t]" + _WORD + r"){0,2}):"
)
INITIALS_SURNAME = re.compile(
    r"(?<![\p{L}\p{N}.'’])(?P<name>\p{Lu}\.(?:[ \t]?\p{Lu}\.)?[ \t]?(?P<surname>" + _WORD + r"))(?![\p{L}\p{N}])"
)
CAPS_SURNAME_FIRST = re.compile(
    r"(?<![\p{L}\p{N}_/.-])(?P<name>(?P<surname>" + _CAPS + r")[ \t](?P<given>" + _WORD + r"))(?![\p{L}\p{N}_@.-]\w)"
)
FHIR_FAMILY = re.compile(r"\"family\"[ \t]*:[ \t]*\"(?P<name>" + _WORD + r")\"")
FHIR_GIVEN = re.compile(
    r"\"given\"[ \t]*:[ \t]*\[[ \t]*\"(?P<name>" + _WORD + r")\"(?:[ \t]*,[ \t]*\"(?P<middle>" + _WORD + r")\")?"
)
# A label or role word, then the name with no colon between: "Customer Zeynep", "Surname Grewal, Forenames …".
ROLE_THEN_NAME = re.compile(
    r"(?<![\p{L}\p{N}_])(?P<role>[A-Za-z]{2,20})[ \t]+(?P<name>" + _ONE_OR_TWO + r")(?![\p{L}\p{N}_@.-]\w)"
)
# Police, military and clergy ranks before a surname: "Det Sgt Charoenkul", "Insp. Ngata".
RANKS = words_of(
    "det sgt const insp supt cpl pte capt lt col maj cmdr constable sergeant detective inspector superintendent "
    "corporal private captain lieutenant colonel major commander officer rev fr pastor father sister brother "
    "judge justice magistrate counsel"
)
DASH_SIGNATURE = re.compile(r"(?m)(?:^|(?<=[.!?)][ \t]+))[—–][ \t]?(?P<name>" + _ONE_OR_TWO + r")[ \t]*$")
SELF_INTRODUCTION = re.compile(
    r"(?:(?<=\A)|(?<=^)|(?<=[,.!?][ \t]{1,2}))(?P<name>" + _WORD + r")[ \t]+here(?=[ \t]*[,.!—–-])", re.MULTILINE
)
_VOWEL = re.compile(r"[AEIOUYÀ-ÖØ-Ý]", re.IGNORECASE)
# A CSV cell: quoted (commas allowed inside) or bare.
CSV_CELL = re.compile(r"[ \t]*(?:\"(?P<quoted>[^\"\n]*)\"|(?P<bare>[^,\n]*))[ \t]*(?:,|$)")
_HEADER_CELL = re.compile(r"[A-Za-z][A-Za-z0-9_ .-]{0,40}")
# A cell of a whitespace-aligned table: words joined by single spaces, cells apart by two or more.
ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")
_TABLE_KINDS = (KeyKind.PERSON, KeyKind.NAME)
CELL_NAME = re.compile(r"(?:\p{Lu}\.[ \t]?)*" + _ANY_WORD + r"(?:,?[ \t]{1,2}(?:\p{Lu}\.|" + _ANY_WORD + r")){0,3}")


@dataclass(frozen=True, slots=True)
class FormSpan:
    start: int
    end: int
    score: float
    reason: str


def _is_name_word(word: str) -> bool:
    return classify(word) in (WordClass.NAME, WordClass.COMMON_NAME)


def _all_names(words: list[str]) -> bool:
    """Every word may be a name and one of them is clearly one (not "Paris, France")."""
    return all(_is_name_word(word) for word in words) and any(classify(word) is WordClass.NAME for word in words)


def _quoted_surname_first(text: str) -> list[FormSpan]:
    spans = []
    for match in QUOTED_SURNAME_FIRST.finditer(text):
        words = re.split(r"[,\s]+", match.group("name"))
        if _all_names([word for word in words if word]):
            spans.append(FormSpan(match.start("name"), match.end("name"), FORM_SCORE, "quoted surname, forename"))
    return spans


def _hl7_names(text: str) -> list[FormSpan]:
    spans: list[FormSpan] = []
    for match in HL7_NAME.finditer(text):
        parts = [group for group in ("family", "given", "middle") if match.group(group)]
        if _all_names([match.group(group) for group in parts]):
            spans.extend(
                FormSpan(match.start(group), match.end(group), FORM_SCORE, "HL7 name field") for group in parts
            )
    return spans


def _pnr_names(text: str) -> list[FormSpan]:
    names = {match.group("name") for match in PNR_NAME.finditer(text)}
    if not names:
        return []
    # The booking's other lines repeat the name without a title: SSR DOCS …/SURNAME/GIVEN/…
    return [
        FormSpan(m.start(), m.end(), FORM_SCORE, "booking name")
        for m in PNR_REPEAT.finditer(text)
        if m.group() in names
    ]


def _chat_speakers(text: str) -> list[FormSpan]:
    spans = []
    for match in CHAT_SPEAKER.finditer(text):
        if any(classify(word) is WordClass.NAME for word in match.group("name").split()):
            spans.append(FormSpan(match.start("name"), match.end("name"), FORM_SCORE, "chat speaker"))
    return spans


def _initials_surnames(text: str) -> list[FormSpan]:
    return [
        FormSpan(match.start("name"), match.end("name"), SHAPE_SCORE, "initials and surname")
        for match in INITIALS_SURNAME.finditer(text)
        if is_rare_name(match.group("surname"))
    ]


def _caps_surnames_first(text: str) -> list[FormSpan]:
    spans = []
    for match in CAPS_SURNAME_FIRST.finditer(text):
        surname, given = match.group("surname"), match.group("given")
        # an acronym is short or has no vowel ("RHH", "NHS"); a surname reads as a rare name in title case
        if len(surname) < 3 or not _VOWEL.search(surname) or not is_rare_name(surname.title()):
            continue
        if is_first_name(given) or is_rare_name(given):
            spans.append(
                FormSpan(match.start("name"), match.end("name"), SHAPE_SCORE, "surname in capitals, given name")
            )
    return spans


def _person_columns(line: str) -> tuple[int, dict[int, KeyKind]] | None:
    """A CSV header's cell count and the columns that hold people, or None when the line is no such header."""
    cells = line.split(",")
    if len(cells) < 2 or not all(_HEADER_CELL.fullmatch(cell.strip()) for cell in cells):
        return None
    columns = {index: kind for index, cell in enumerate(cells) if (kind := key_kind(cell.strip())) is not None}
    columns = {index: kind for index, kind in columns.items() if kind is not KeyKind.HEADER}
    return (len(cells), columns) if columns else None


def _cell_name(text: str, start: int, end: int, kind: KeyKind) -> FormSpan | None:
    match = CELL_NAME.match(text, start, end)
    if match is None:
        return None
    words = [word for word in re.split(r"[,\s]+", match.group()) if word and not word.endswith(".")]
    if not words or all(classify(word.title()) in (WordClass.WORD, WordClass.STOP) for word in words):
        return None  # "Unknown", "TBD", "Front Desk"
    if kind is KeyKind.NAME and not all(is_rare_name(word.title()) for word in words):
        return None  # a "name" column also names hosts, products and steps
    return FormSpan(match.start(), match.end(), FORM_SCORE, "person column")


def csv_cells(line: str) -> list[tuple[int, int]]:
    """The offsets of each CSV cell's value in a line (inside the quotes of a quoted cell)."""
    cells = []
    position = 0
    while position <= len(line):
        match = CSV_CELL.match(line, position)
        if match is None:
            break
        cells.append(match.span("quoted") if match.group("quoted") is not None else match.span("bare"))
        if match.end() == position or match.end() >= len(line) and not line.endswith(","):
            break
        position = match.end()
        if position == len(line):
            cells.append((position, position))  # a trailing comma leaves an empty last cell
            break
    return cells


def csv_rows_under[Kind](
    text: str, header_of: Callable[[str], tuple[int, dict[int, Kind]] | None]
) -> Iterator[tuple[int, str, list[tuple[int, int]], dict[int, Kind]]]:
    """(line start, line, cells, the header's column kinds) for each CSV row under a header `header_of` reads.

    `header_of` gives (cell count, {column: kind}) for a header line it recognises; a line with no comma ends a table.
    """
    header: tuple[int, dict[int, Kind]] | None = None
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        line_start, position = position, position + len(line)
        if "," not in body:
            header = None
            continue
        new_header = header_of(body)
        if new_header is not None:
            header = new_header
            continue
        if header is None:
            continue
        cells = csv_cells(body)
        if len(cells) == header[0]:
            yield line_start, body, cells, header[1]


def _csv_columns(text: str) -> list[FormSpan]:
    spans = []
    for line_start, _, cells, kinds in csv_rows_under(text, _person_columns):
        spans.extend(_names_in_row(text, line_start, cells, kinds))
    return spans


def _names_in_row(
    text: str, line_start: int, cells: list[tuple[int, int]], columns: dict[int, KeyKind]
) -> list[FormSpan]:
    """The names in one table row's person columns (cells are offsets within the line)."""
    found = (_cell_name(text, line_start + cells[i][0], line_start + cells[i][1], kind) for i, kind in columns.items())
    return [span for span in found if span]


def _fhir_names(text: str) -> list[FormSpan]:
    if '"family"' not in text or '"given"' not in text:
        return []
    spans = [FormSpan(m.start("name"), m.end("name"), FORM_SCORE, "FHIR name") for m in FHIR_FAMILY.finditer(text)]
    for match in FHIR_GIVEN.finditer(text):
        for group in ("name", "middle"):
            if match.group(group):
                spans.append(FormSpan(match.start(group), match.end(group), FORM_SCORE, "FHIR name"))
    return spans


def _rare_names(name: str) -> bool:
    return all(is_rare_name(word) for word in name.split())


# A capital after an ASCII word and blanks: where ROLE_THEN_NAME's name starts, the word its role (tried at capitals
# only, which the regex module finds fast; ROLE_THEN_NAME itself is tried at every position).
_CAPITAL_AFTER_WORD = re.compile(r"(?<=(?<![\p{L}\p{N}_])(?P<role>[A-Za-z]{2,20})[ \t]+)\p{Lu}")


@functools.lru_cache(maxsize=4096)
def _is_role(role: str) -> bool:
    """A rank or a label whose value is a person, either case."""
    folded = role.casefold()
    return folded in RANKS or key_kind(folded) is KeyKind.PERSON


def _role_matches(text: str) -> list[re.Match[str]]:
    """What `ROLE_THEN_NAME.finditer(text, overlapped=True)` yields with a rank or person label as its role: a match
    starts at the word before a capital (the role is the whole word, the name starts after all the blanks)."""
    found = []
    for capital in _CAPITAL_AFTER_WORD.finditer(text):
        if _is_role(capital.group("role")) and (match := ROLE_THEN_NAME.match(text, capital.start("role"))):
            found.append(match)
    return found


def _roles_then_names(text: str) -> list[FormSpan]:
    spans = []
    for match in _role_matches(text):
        if _is_role(match.group("role")) and _rare_names(match.group("name")):
            spans.append(FormSpan(match.start("name"), match.end("name"), SHAPE_SCORE, "role or rank before a name"))
    return spans


def _signatures(text: str) -> list[FormSpan]:
    found = [*DASH_SIGNATURE.finditer(text), *SELF_INTRODUCTION.finditer(text)]
    return [
        FormSpan(m.start("name"), m.end("name"), SHAPE_SCORE, "signature")
        for m in found
        if _rare_names(m.group("name"))
    ]


def _aligned_columns(text: str) -> list[FormSpan]:
    """Cells under a person column of a table laid out with runs of spaces (a printed data frame)."""
    spans = []
    header: tuple[int, dict[int, KeyKind]] | None = None
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        line_start, position = position, position + len(line)
        cells = [m.span() for m in ALIGNED_CELL.finditer(body)]
        labels = [body[start:end] for start, end in cells]
        if len(cells) >= 2 and all(_HEADER_CELL.fullmatch(label) and " " not in label for label in labels):
            columns = {i: kind for i, label in enumerate(labels) if (kind := key_kind(label)) in _TABLE_KINDS}
            header = (len(cells), columns) if columns else None
            continue
        if header is None:
            continue
        if len(cells) == header[0] + 1 and labels[0].isdigit():
            cells = cells[1:]  # a row index the header has no label for
        if len(cells) != header[0]:
            header = None if not body.strip() else header
            continue
        spans.extend(_names_in_row(text, line_start, cells, header[1]))
    return spans


def find_form_names(text: str) -> list[FormSpan]:
    """Every name in a record or form shape, in order."""
    spans = [
        *_quoted_surname_first(text),
        *_hl7_names(text),
        *_pnr_names(text),
        *_chat_speakers(text),
        *_initials_surnames(text),
        *_caps_surnames_first(text),
        *_csv_columns(text),
        *_aligned_columns(text),
        *_fhir_names(text),
        *_roles_then_names(text),
        *_signatures(text),
    ]
    return sorted(spans, key=lambda span: (span.start, span.end))


class NameFormRecognizer(NameSpanRecognizer):
    """PERSON names in record and form shapes: CSV cells, HL7 fields, bookings, chat exports, initials."""

    EXPLANATION_PREFIX = "Name form"

    def load(self) -> None:
        classify("Warm")  # read the census lists and word frequencies now, not on the first request

    def find_spans(self, text: str) -> list[FormSpan]:
        return find_form_names(text)
