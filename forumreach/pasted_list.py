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
_SEPARATORS = (re.compile(r"\s*;\s*"), re.compile(r"\s+[-–—]\s+"), re.compile(r"\s*,\s*"))
_PERSON_WORD = re.compile(r"^[А-ЯЁӨҮҢ][а-яёөүң]+$")
_PATRONYMIC = re.compile(r"(?:вич|вна|ична|уулу|кызы)$", re.I)


@dataclass(frozen=True)
class Line:
    """One participant's parts, as text."""

    number: str = ""
    name: str = ""
    organisation: str = ""
    phone: str = ""

    def cells(self) -> list[str]:
        return [self.number, self.name, self.organisation, self.phone]


@dataclass
class PastedGrid(Grid):
    """A grid whose participant rows were split from one column (`source_column`); `continues`
    maps a row number to the row it was joined to."""

    source_column: int = 0
    continues: dict[int, int] = field(default_factory=dict)


def split(grid: Grid) -> Grid:
    """`grid` itself unless it is a pasted list; then a `PastedGrid` of split lines."""
    column = _only_column(grid)
    if column is None:
        return grid
    texts = [row[column] if column < len(row) else "" for row in grid.cells]
    lines = [read_line(text) if text else None for text in texts]
    readable = [line for line in lines if line is not None and _is_participant(line)]
    filled = sum(1 for text in texts if text)
    if len(readable) < MIN_LINES or len(readable) < MIN_PARTICIPANT_SHARE * filled:
        return grid
    first = next(i for i, line in enumerate(lines) if line is not None and _is_participant(line))
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
        out.append(line.cells())
        last = i
    return PastedGrid(grid.sheet_name, out, list(grid.row_numbers), column, continues)


def read_line(text: str) -> Line:
    """Number, name, position-and-organisation and phone of one pasted line."""
    lead = _LEAD.match(text)
    number = lead.group(1) or "" if lead else ""
    rest = text[lead.end():] if lead else text
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
    for separator in _SEPARATORS:
        parts = [part for part in separator.split(text) if part]
        if len(parts) < 2:
            continue
        for at in (0, len(parts) - 1):
            if _is_name(parts[at]):
                rest = parts[:at] + parts[at + 1:]
                return parts[at], _join_back(rest, separator)
    words = text.split(" ")
    size = 3 if len(words) > 3 and _PATRONYMIC.search(words[2]) else 2
    if len(words) > size and _is_name(" ".join(words[:size])):
        return " ".join(words[:size]).rstrip(","), " ".join(words[size:])
    return "", text


def _join_back(parts: list[str], separator: re.Pattern[str]) -> str:
    glue = "; " if separator is _SEPARATORS[0] else " - " if separator is _SEPARATORS[1] else ", "
    return glue.join(parts)


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
    return bool(line.phone or (line.name and line.organisation))


def _continues(previous: list[str], line: Line) -> bool:
    """A row that carries on the participant above, who has no phone yet: only a phone, or a
    body and a phone with no name or number of its own below a name whose text names no body
    ("25. Ибраимова Гүлнара, гл. специалист" / "Самаркандекского а/о, Баткен р., 0700 …")."""
    if previous[3] or line.number or line.name or not line.phone:
        return False
    if not _letters(line.organisation):
        return True
    return bool(previous[1]) and not cells.mentions_place(previous[2])


def _letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _joined(previous: list[str], line: Line) -> list[str]:
    number, name, organisation, phone = previous
    if line.organisation and _letters(line.organisation):
        organisation = f"{organisation}, {line.organisation}" if organisation else line.organisation
    return [number, name, organisation, line.phone or phone]


def _only_column(grid: Grid) -> int | None:
    """The one column that holds text in every non-empty row, when there is just one."""
    used: set[int] = set()
    for row in grid.cells:
        used.update(i for i, cell in enumerate(row) if cell)
        if len(used) > 1:
            return None
    return next(iter(used)) if used else None
