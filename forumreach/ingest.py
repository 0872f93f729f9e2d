"""Read a hand-typed registration sheet into one canonical row per participant.

Sheets come from the door of an event: title rows above the header, merged oblast cells, oblast
section rows between participants, a totals line, headers in Russian, Kyrgyz, English or all
three, and CSVs saved by a Russian Excel in cp1251. Everything is read as text so phones stay
phones; matching to LSG bodies happens later (`forumreach.matching`).

Three steps, three modules: bytes → grid (`forumreach.grid`), grid → header and columns
(`forumreach.columns`), and here the walk down the rows. A sheet without an organisation column
is refused, never matched as empty.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from forumreach import pasted_list
from forumreach.columns import (
    FIELDS,
    HEADER_SYNONYMS,
    ColumnMap,
    Evidence,
    choose_columns,
    column_letter,
    equals,
    refuse_without_organisation,
    tokens,
)
from forumreach.grid import MAX_BYTES, Grid, list_sheets, load_bytes, read_grids
from forumreach.sheet_safety import IngestError

__all__ = [
    "FIELDS",
    "HEADER_SYNONYMS",
    "MAX_BYTES",
    "Evidence",
    "HeaderGuess",
    "IngestError",
    "SheetRead",
    "detect_header",
    "list_sheets",
    "read_sheet",
]

# Why a row of the sheet is no participant (`SheetRead.skipped`; the page says each in words).
SKIP_REASONS = ("header", "title", "blank", "total", "section", "no_name_or_organisation",
                pasted_list.CONTINUES)

# First word(s) of a totals line: "Итого: 97 участников", "Бардыгы: 97", "Total".
TOTAL_WORDS = ("итого", "всего", "бардыгы", "баары", "жалпы", "жыйынтык", "total", "subtotal")

# Words that make a lone cell a place heading rather than a participant.
RAYON_WORDS = ("район", "району", "рн", "rayon", "raion", "district")
OBLAST_WORDS = ("область", "обл", "облусу", "облусунун", "oblast", "region", "шаары", "шаар",
                "city")
CITY_PREFIXES = ("г", "город")
OBLAST_BARE_NAMES = ("чуй", "ош", "баткен", "нарын", "талас", "иссык куль", "ысык кол",
                     "джалал абад", "жалал абад", "бишкек", "chui", "chuy", "osh", "batken",
                     "naryn", "talas", "issyk kul", "jalal abad", "bishkek")


@dataclass(frozen=True)
class HeaderGuess:
    """What the upload preview shows: which row is the header, where each field comes from and
    why (`mapping_evidence`), and the header's fingerprint for a remembered mapping."""

    sheet_name: str
    header_row: int
    headers: list[str]
    mapping: dict[str, str]
    available_sheets: list[str]
    mapping_evidence: dict[str, Evidence] = field(default_factory=dict)
    header_fingerprint: str = ""
    # Why `read_sheet` would refuse this mapping (no organisation column), or None.
    refusal: IngestError | None = None
    # Every row the header spans, as Excel numbers them: (1, 2) for a two-row header.
    header_rows: tuple[int, ...] = ()

    def labels_for(self, columns: dict[str, list[int]]) -> dict[str, str]:
        """A remembered mapping (field -> column positions) as this sheet's header labels."""
        out = {}
        for name, cols in columns.items():
            if name in FIELDS and cols and all(0 <= col < len(self.headers) for col in cols):
                out[name] = " + ".join(self.headers[col] for col in cols)
        return out

    def positions(self, mapping: dict[str, str]) -> dict[str, list[int]]:
        """Field -> column positions of a mapping in header labels, to remember it."""
        out = {}
        for name, label in mapping.items():
            labels = [part.strip() for part in str(label).split(" + ")]
            if label in self.headers:
                out[name] = [self.headers.index(label)]
            elif all(part in self.headers for part in labels):
                out[name] = [self.headers.index(part) for part in labels]
        return out

    def explanation(self) -> list[str]:
        """The mapping and why, one English line per field (`match --explain`)."""
        where = f" of sheet '{self.sheet_name}'" if self.sheet_name else ""
        rows = self.header_rows or (self.header_row,)
        span = f"rows {rows[0]}-{rows[-1]}" if len(rows) > 1 else f"row {rows[0]}"
        lines = [f"header: {span}{where}" if self.header_row else f"no header row{where}"]
        for name, evidence in self.mapping_evidence.items():
            labels = " + ".join(f"'{self.headers[col]}' (column {column_letter(col)})"
                                for col in evidence.columns)
            lines.append(f"{name:<12} <- {labels}: {evidence.text}")
        missing = [name for name in FIELDS if name not in self.mapping_evidence]
        if missing:
            lines.append(f"no column for: {', '.join(missing)}")
        return lines


@dataclass(frozen=True)
class SheetRead:
    """One sheet as canonical participant rows, plus what was skipped and why, and the evidence
    for each column taken (`mapping_evidence`: field -> `Evidence`, a `timestamp` column
    included though it is not read)."""

    filename: str
    sheet_name: str
    header_row: int
    mapping: dict[str, str]
    available_sheets: list[str]
    rows: pd.DataFrame
    skipped: list[tuple[int, str]] = field(default_factory=list)
    sha256: str = ""
    mapping_evidence: dict[str, Evidence] = field(default_factory=dict)
    header_fingerprint: str = ""
    headers: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- public API


def read_sheet(
    source: bytes | str | Path,
    filename: str | None = None,
    *,
    sheet: str | None = None,
    mapping: dict[str, object] | None = None,
    max_bytes: int = MAX_BYTES,
) -> SheetRead:
    """Read `source` into participant rows; every problem is an `IngestError`, never a partial.

    `mapping` names a field's header (or headers, as a list or "Фамилия + Имя") and wins over
    detection; fields it leaves out are still detected.
    """
    data, filename = load_bytes(source, filename, max_bytes)
    grids, available = read_grids(data, filename, sheet)
    grid, found = _columns(grids, filename, mapping)
    refuse_without_organisation(filename, found)
    rows, skipped = _participant_rows(grid, found)
    header_row = _header_row(grid, found)
    if rows.empty:
        raise IngestError(
            filename,
            f"no participant rows below the header (row {header_row})",
            "ingest.no_rows", row=header_row,
        )
    if not rows["organisation"].ne("").any():
        label = found.mapping()["organisation"]
        raise IngestError(
            filename,
            f"the organisation column '{label}' is empty in every participant row",
            "ingest.organisation_column_empty", column=label,
        )
    return SheetRead(
        filename=filename,
        sheet_name=grid.sheet_name,
        header_row=header_row,
        mapping=found.mapping(),
        available_sheets=available,
        rows=rows,
        skipped=skipped,
        sha256=hashlib.sha256(data).hexdigest(),
        mapping_evidence=dict(found.evidence),
        header_fingerprint=found.fingerprint,
        headers=list(found.labels),
    )


def detect_header(
    source: bytes | str | Path,
    filename: str | None = None,
    *,
    sheet: str | None = None,
    mapping: dict[str, object] | None = None,
    max_bytes: int = MAX_BYTES,
) -> HeaderGuess:
    """The header row and column mapping `read_sheet` would use, for the upload preview.

    A guess without an organisation column is returned, not refused, so the page can say so
    and let the analyst pick the column; `read_sheet` refuses it.
    """
    data, filename = load_bytes(source, filename, max_bytes)
    grids, available = read_grids(data, filename, sheet)
    grid, found = _columns(grids, filename, mapping)
    try:
        refuse_without_organisation(filename, found)
        refusal = None
    except IngestError as err:
        refusal = err
    return HeaderGuess(
        sheet_name=grid.sheet_name,
        header_row=_header_row(grid, found),
        headers=list(found.labels),
        mapping=found.mapping(),
        available_sheets=available,
        mapping_evidence=dict(found.evidence),
        header_fingerprint=found.fingerprint,
        refusal=refusal,
        header_rows=tuple(grid.row_numbers[i] for i in found.header_rows),
    )


def _columns(grids: list[Grid], filename: str,
             mapping: dict[str, object] | None) -> tuple[Grid, ColumnMap]:
    """The sheet to read and its columns, a list pasted one cell per participant split into
    its parts first (`pasted_list`): the one way both `read_sheet` and `detect_header` go."""
    return choose_columns([pasted_list.split(grid) for grid in grids], filename, mapping)


def _header_row(grid: Grid, found: ColumnMap) -> int:
    """The header's row as Excel numbers it; 0 for a sheet without one."""
    return 0 if found.headerless else grid.row_numbers[found.header_index]


# ----------------------------------------------------------------------------- rows


def _participant_rows(
    grid: Grid, found: ColumnMap
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Walk the rows below the header once, carrying oblast/rayon context from section rows."""
    header_index, columns = found.header_index, found.columns
    skipped: list[tuple[int, str]] = [
        (grid.row_numbers[i],
         "header" if i in found.header_rows else "title" if any(row) else "blank")
        for i, row in enumerate(grid.cells[:header_index + found.headerless])
    ]
    kept: list[tuple[int, list[str], str, str]] = []
    section_oblast = section_rayon = ""
    pending_blanks: list[int] = []
    name_of, organisation_of = _reader(columns.get("name", ())), _reader(
        columns.get("organisation", ()))
    continues = grid.continues if isinstance(grid, pasted_list.PastedGrid) else {}
    for i in range(header_index + 1, len(grid.cells)):
        row, row_number = grid.cells[i], grid.row_numbers[i]
        if row_number in continues:  # a pasted line wrapped onto this row: read with the one above
            skipped.append((row_number, pasted_list.CONTINUES))
            continue
        values = [cell for cell in row if cell]
        if not values:
            pending_blanks.append(row_number)
            continue
        skipped.extend((number, "blank") for number in pending_blanks)
        pending_blanks = []
        if is_total(values[0]):
            skipped.append((row_number, "total"))
            continue
        place = _section_place(values)
        if place is not None:
            level, text = place
            if level == "rayon":
                section_rayon = text
            else:
                section_oblast, section_rayon = text, ""
            skipped.append((row_number, "section"))
            continue
        if _is_group_heading(values):
            section_oblast = section_rayon = ""  # "Гости", "Государственные органы": no place
            skipped.append((row_number, "section"))
            continue
        if not (name_of(row) or organisation_of(row)):
            skipped.append((row_number, "no_name_or_organisation"))
            continue
        kept.append((row_number, row, section_oblast, section_rayon))
    return _kept_rows_table(kept, columns), skipped


def _kept_rows_table(kept: list[tuple[int, list[str], str, str]],
                     columns: dict[str, tuple[int, ...]]) -> pd.DataFrame:
    """The participant rows the walk kept, one column per field (and the section context)."""
    out: dict[str, list] = {"source_row": [number for number, _, _, _ in kept]}
    for name in FIELDS:
        cols = columns.get(name, ())
        if not cols:
            out[name] = [""] * len(kept)
        elif len(cols) == 1:  # nearly every field: index directly, 10,000 rows at a time
            col = cols[0]
            out[name] = [row[col] if col < len(row) else "" for _, row, _, _ in kept]
        else:
            read = _reader(cols)
            out[name] = [read(row) for _, row, _, _ in kept]
    out["section_oblast"] = [oblast for _, _, oblast, _ in kept]
    out["section_rayon"] = [rayon for _, _, _, rayon in kept]
    _contacts_apart(out)
    rows = pd.DataFrame(out)
    rows["source_row"] = rows["source_row"].astype("int64")
    return rows


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _contacts_apart(out: dict[str, list]) -> None:
    """A "Контакты" cell holds a phone and an e-mail together: the e-mail goes to its own
    field (when that is empty), so a phone column never carries an address."""
    for i, phone in enumerate(out["phone"]):
        found = _EMAIL.search(phone) if "@" in phone else None
        if found is None:
            continue
        if not out["email"][i]:
            out["email"][i] = found.group(0)
        out["phone"][i] = (phone[:found.start()] + phone[found.end():]).strip(" ,;/\n")


def _is_group_heading(values: list[str]) -> bool:
    """One text merged across the row that names no place: a heading such as "Гости".

    No participant row repeats one text in three cells, so this cannot swallow a person.
    """
    return len(values) >= 3 and all(value == values[0] for value in values[1:])


def _reader(cols: tuple[int, ...]) -> Callable[[list[str]], str]:
    """How to read a field from a row: no column, one, or a name typed over several (joined
    with spaces)."""
    if not cols:
        return lambda row: ""
    if len(cols) == 1:
        col = cols[0]
        return lambda row: row[col] if col < len(row) else ""
    return lambda row: " ".join(row[col] for col in cols if col < len(row) and row[col])


def is_total(first_value: str) -> bool:
    if not first_value[:12].lower().startswith(TOTAL_WORDS):
        return False
    words = tokens(first_value[:80])
    return bool(words) and words[0] in TOTAL_WORDS


_OBLAST_NAME_TOKENS = [tokens(text) for text in OBLAST_BARE_NAMES]
_PLACE_FILLER = {"г", "город", "шаары", "шаар", "city", "обл", "область", "облусу", "oblast"}


def _section_place(values: list[str]) -> tuple[str, str] | None:
    """('oblast' | 'rayon', text) when a row's only content is a place heading.

    A section row is one distinct value (a merged cell repeats it across the row) that names
    an oblast, rayon or city: "Чуйская область", "Ош облусу", "Jalal-Abad oblast", "г. Бишкек".
    """
    text = values[0]
    if any(value != text for value in values[1:]) or len(text) > 80:
        return None
    words = tokens(text)
    if not words or len(words) > 6:
        return None
    if any(word in RAYON_WORDS for word in words) or "р-н" in text.lower():
        return "rayon", text
    if any(word in OBLAST_WORDS for word in words) or words[0] in CITY_PREFIXES:
        return "oblast", text
    core = tuple(word for word in words if word not in _PLACE_FILLER)
    if any(equals(core, name) for name in _OBLAST_NAME_TOKENS):
        return "oblast", text
    return None
