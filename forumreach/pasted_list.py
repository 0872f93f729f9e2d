"""A list pasted from a messenger or a Word document: one cell per participant.

Organisers collect registrations in a chat and paste them into Excel, so a whole person sits
in one cell: "✅ 30. Бообеков Бакыт и.о. главы Онбир-Джылгинского а/о Чуйский район 0772 618
199", "Аламүдүн РМА, бөлүм башчысы - Мамытов Кубанычбек, 0707 922 205". No column finder can
find a name or an organisation column in that; the sheet was refused as "no recognisable
column". Here such a sheet is recognised and each line split into the parts the rest of the
import reads: the line's number, the person's name, the position and organisation (together, as
in many sheets; `roles.without_position` takes them apart), and the phone.

A line that only carries on the one above (the phone, or the body, wrapped onto the next row)
is joined to it, so a person is not counted twice; the row is reported as continuing that row,
never dropped. Whatever cannot be told apart stays in the organisation text, where the matcher
sends it to review rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forumreach import cells
from forumreach.grid import Grid
from forumreach.matching import not_lsg_word

# A pasted list has this many lines at least; fewer is a title block, not a list.
MIN_LINES = 5
# Share of its lines that must read as a participant (a phone, or a name beside a body).
MIN_PARTICIPANT_SHARE = 0.6
# Why a row is no participant of its own: it carries on the line above (`SheetRead.skipped`).
CONTINUES = "continues"
# The columns a split line becomes, in order (columns.pasted_columns names them).
PARTS = ("number", "name", "organisation", "phone")

_LEAD = re.compile(r"^\s*(?:[^\w(«\"]+\s*)?(?:(\d{1,4})\s*[.)]\s*)?")
_PHONE = re.compile(
    r"(?<![\d])(?:\+\s*)?(?:996[\s-]*)?\(?\d{3,4}\)?(?:[\s-]*\d{2,3}){2,3}(?![\d])")
_PHONE_LABEL = re.compile(r"(?:\b(?:тел|моб|tel|phone)\.?|телефон)\s*:?\s*$", re.I)
_AFTER_PHONE = re.compile(r"^\s*\((?:whatsapp|telegram|ватсап|вотсап|тел\.?)\)", re.I)
# Between a line's parts, most telling first, each with the glue the rest is joined back with.
_SEPARATORS = ((re.compile(r"\s*;\s*"), "; "), (re.compile(r"\s+[-–—]\s+"), " - "),
               (re.compile(r"\s*,\s*"), ", "))
_PERSON_WORD = re.compile(r"^[А-ЯЁӨҮҢ][а-яёөүң]+$")
_PATRONYMIC = re.compile(r"(?:вич|вна|ична|уулу|кызы)$", re.I)
_NUMBERING = re.compile(r"\d{1,4}[.)]?")  # a cell of a numbering column: "7", "7.", "7)"


@dataclass(frozen=True)
class Line:
    """One participant's parts, as text."""

    number: str = ""
    name: str = ""
    organisation: str = ""
    phone: str = ""

    def as_row(self) -> list[str]:
        """The line as a grid row, in the order of `PARTS`."""
        return [self.number, self.name, self.organisation, self.phone]


@dataclass
class PastedGrid(Grid):
    """A grid whose participant rows were split from one column (`source_column`); `continues`
    maps a row number to the row it was joined to."""

    source_column: int = 0
    continues: dict[int, int] = field(default_factory=dict)


def split(grid: Grid) -> Grid:
    """`grid` itself unless it is a pasted list; then a `PastedGrid` of split lines."""
    columns = _text_column(grid)
    if columns is None:
        return grid
    column, numbering = columns
    texts = [row[column] if column < len(row) else "" for row in grid.cells]
    lines = [_numbered(read_line(text), row, numbering) if text else None
             for text, row in zip(texts, grid.cells, strict=True)]
    readable = [line for line in lines if line is not None and _is_participant(line)]
    filled = sum(1 for text in texts if text)
    if len(readable) < MIN_LINES or len(readable) < MIN_PARTICIPANT_SHARE * filled:
        return grid
    first = next(i for i, line in enumerate(lines) if line is not None and (
        _is_participant(line) or (line.number and (line.name or line.organisation))))
    out: list[list[str]] = []
    continues: dict[int, int] = {}
    last: int | None = None  # index in `out` of the participant a wrapped line continues
    for i, (text, line) in enumerate(zip(texts, lines, strict=True)):
        if i < first or line is None:
            out.append([text] if text else [])
            continue
        if last is not None and _continues(out[last], line):
            out[last] = _joined(out[last], line)
            continues[grid.row_numbers[i]] = grid.row_numbers[last]
            out.append([])
            continue
        out.append(line.as_row())
        last = i
    return PastedGrid(grid.sheet_name, out, list(grid.row_numbers), column, continues)


def _numbered(line: Line, row: list[str], numbering: int | None) -> Line:
    """A line's number from a numbering column beside it, when the line itself has none."""
    if (numbering is None or line.number or numbering >= len(row)
            or not _NUMBERING.fullmatch(row[numbering])):
        return line
    return Line(row[numbering].rstrip(".)"), line.name, line.organisation, line.phone)


def read_line(text: str) -> Line:
    """Number, name, position-and-organisation and phone of one pasted line."""
    lead = _LEAD.match(text)  # every part of it is optional: it always matches
    number, rest = lead.group(1) or "", text[lead.end():]
    phones = []
    for found in reversed(list(_PHONE.finditer(rest))):
        digits = re.sub(r"\D", "", found.group())
        if 9 <= len(digits) <= 13:
            phones.insert(0, found.group().strip())
            after = _AFTER_PHONE.match(rest[found.end():])
            end = found.end() + (after.end() if after else 0)
            before = _PHONE_LABEL.sub("", rest[:found.start()])
            rest = f"{before} {rest[end:]}"
    rest = re.sub(r"\s+", " ", rest).strip(" ,;-–—")
    name, organisation = _name_apart(rest)
    return Line(number, name, organisation.strip(" ,;-–—"), ", ".join(phones))


def _name_apart(text: str) -> tuple[str, str]:
    """(name, the rest): a part of its own that reads as a person's name, first or last;
    else the two words the line starts with (three with a patronymic) when they read so."""
    for separator, glue in _SEPARATORS:
        parts = [part for part in separator.split(text) if part]
        if len(parts) < 2:
            continue
        for at in (0, len(parts) - 1):
            if _is_name(parts[at]):
                return parts[at], glue.join(parts[:at] + parts[at + 1:])
    if _is_name(text):
        return text, ""  # a name and a phone, no organisation
    words = text.split(" ")
    size = 3 if len(words) > 3 and _PATRONYMIC.search(words[2]) else 2
    if len(words) > size and _is_name(" ".join(words[:size])):
        return " ".join(words[:size]).rstrip(","), " ".join(words[size:])
    return "", text


def _is_name(text: str) -> bool:
    """Two or three words of a person's name ("Асанов Бакыт", "Асанов Бакыт Асанович",
    "Бакыт Асан уулу"), none of them a body or a position."""
    words = text.strip(" ,;").split(" ")
    if not 2 <= len(words) <= 3:
        return False
    if len(words) == 3 and not _PATRONYMIC.search(words[2]):
        return False
    if not all(_PERSON_WORD.match(word) or word in ("уулу", "кызы") for word in words[:2]):
        return False
    return cells.read_cell(text) in ("name", "") and not cells.mentions_place(text)


def _is_participant(line: Line) -> bool:
    """An organisation with a phone or a name beside it: a list of names and phones alone is
    no participant list to match (it is refused for want of an organisation, as before)."""
    return bool(line.organisation and (line.phone or line.name))


def _continues(previous: list[str], line: Line) -> bool:
    """A row that carries on the participant above, who has no phone yet: only a phone; a
    body and a phone below a name whose text names no body ("25. Ибраимова Гүлнара, гл.
    специалист" / "Самаркандского а/о, Баткен р., 0700 …"); or a name and a phone below a body
    with no name ("3. Кенешский а/о, гл. специалист" / "Ибраимова Гүлнара 0700 …"). Never below
    a guest ("специалист Минфин"): a body joined to it would be read as not LSG, unseen."""
    _, name, organisation, phone = previous
    if phone or line.number or not line.phone:
        return False
    if line.name:
        return not line.organisation and not name and bool(organisation)
    if not _letters(line.organisation):
        return True
    return bool(name) and not cells.mentions_place(organisation) and not not_lsg_word(
        organisation)


def _letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _joined(previous: list[str], line: Line) -> list[str]:
    number, name, organisation, phone = previous
    if line.organisation and _letters(line.organisation):
        organisation = f"{organisation}, {line.organisation}" if organisation else line.organisation
    return [number, name or line.name, organisation, line.phone or phone]


def _text_column(grid: Grid) -> tuple[int, int | None] | None:
    """(the one column that holds the lines' text, a column of line numbers beside it or None),
    when the sheet has just that: a pasted list, numbered by hand or by Excel."""
    used: dict[int, bool] = {}  # column -> holds only line numbers so far
    for row in grid.cells:
        filled = {i: cell for i, cell in enumerate(row) if cell}
        if len(filled) > 1 and len(set(filled.values())) == 1:
            continue  # a title merged across the columns
        for i, cell in filled.items():
            used[i] = used.get(i, True) and bool(_NUMBERING.fullmatch(cell))
        if len(used) > 2:
            return None
    text = [col for col, numbers in used.items() if not numbers]
    if len(text) != 1:
        return None
    numbering = [col for col, numbers in used.items() if numbers]
    return text[0], numbering[0] if numbering else None
