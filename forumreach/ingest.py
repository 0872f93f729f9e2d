"""Read a hand-typed registration sheet into one canonical row per participant.

Sheets come from the door of an event: title rows above the header, merged oblast cells, oblast
section rows between participants, a totals line, headers in Russian, Kyrgyz, English or all
three, and CSVs saved by a Russian Excel in cp1251. Everything is read as text so phones stay
phones; matching to LSG bodies happens later (`forumreach.matching`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pandas as pd
import python_calamine
import xlrd
from defusedxml import ElementTree as DefusedET

from forumreach.sheet_safety import (
    LOCKED_WORKBOOK_PROBLEM,
    MAX_BYTES,
    IngestError,
    is_encrypted_ooxml,
    sniff_container,
    zip_workbook_kind,
)

__all__ = [
    "FIELDS",
    "HEADER_SYNONYMS",
    "HeaderGuess",
    "IngestError",
    "SheetRead",
    "detect_header",
    "list_sheets",
    "read_sheet",
]

FIELDS = (
    "name",
    "position",
    "organisation",
    "rayon",
    "oblast",
    "gender",
    "phone",
    "email",
    "number",
)

# Header texts per canonical field, as people type them. Matching folds case, ё and the Kyrgyz
# letters ө ү ң (to о у н) and ignores punctuation, so "Ф.И.О." and "фио" both need listing
# but "Аты-жөнү" and "аты жону" do not.
HEADER_SYNONYMS: dict[str, dict[str, list[str]]] = {
    "name": {
        "ru": ["фио", "ф и о", "фамилия имя отчество", "фамилия и имя", "фамилия", "имя",
               "ф и о участника", "участник", "участники"],
        "ky": ["аты жону", "аты-жөнү", "аты", "фамилиясы", "толук аты", "катышуучу"],
        "en": ["name", "full name", "participant", "surname"],
    },
    "position": {
        "ru": ["должность", "занимаемая должность"],
        "ky": ["кызматы", "кызмат орду", "кызмат"],
        "en": ["position", "job title", "title", "role"],
    },
    "organisation": {
        "ru": ["организация", "орган мсу", "мсу", "наименование органа мсу", "место работы",
               "наименование организации", "учреждение", "муниципалитет", "айыл окмоту",
               "ао", "орган"],
        "ky": ["мекеме", "уюм", "иштеген жери", "иш орду", "мекеменин аталышы", "жаоо"],
        "en": ["organisation", "organization", "lsg", "lsg body", "institution", "employer"],
    },
    "rayon": {
        "ru": ["район", "район город"],
        "ky": ["району", "райондун аталышы"],
        "en": ["rayon", "raion", "district"],
    },
    "oblast": {
        "ru": ["область", "обл", "регион"],
        "ky": ["облусу", "облус"],
        "en": ["oblast", "region", "province"],
    },
    "gender": {
        "ru": ["пол", "м ж"],
        "ky": ["жынысы", "жыныс"],
        "en": ["gender", "sex"],
    },
    "phone": {
        "ru": ["телефон", "тел", "номер телефона", "моб телефон", "мобильный", "контакты",
               "контактный телефон", "телефона"],
        "ky": ["телефон номери", "байланыш"],
        "en": ["phone", "mobile", "tel", "phone number", "contact"],
    },
    "email": {
        "ru": ["email", "e mail", "электронная почта", "эл почта", "почта", "эл адрес"],
        "ky": ["электрондук почта"],
        "en": ["email", "e mail", "mail"],
    },
    "number": {
        "ru": ["№", "№ п п", "п п", "номер", "n п п"],
        "ky": ["катар саны", "р с", "№ р с"],
        "en": ["no", "nr", "#", "n"],
    },
}

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

HEADER_SCAN_ROWS = 30
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Merged ranges are clipped to the data, but many overlapping ranges could still multiply work.
MAX_MERGE_FILL_FACTOR = 4

_EXACT, _CONTAINS = 3, 2
_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
T = TypeVar("T")


@dataclass(frozen=True)
class HeaderGuess:
    """What the upload preview shows: which row is the header and where each field comes from."""

    sheet_name: str
    header_row: int
    headers: list[str]
    mapping: dict[str, str]
    available_sheets: list[str]


@dataclass(frozen=True)
class SheetRead:
    """One sheet as canonical participant rows, plus what was skipped and why."""

    filename: str
    sheet_name: str
    header_row: int
    mapping: dict[str, str]
    available_sheets: list[str]
    rows: pd.DataFrame
    skipped: list[tuple[int, str]] = field(default_factory=list)
    sha256: str = ""


@dataclass
class _Grid:
    """A sheet as text: `cells[i]` is the row Excel (or a text editor) shows as `row_numbers[i]`."""

    sheet_name: str
    cells: list[list[str]]
    row_numbers: list[int]


# ----------------------------------------------------------------------------- public API


def read_sheet(
    source: bytes | str | Path,
    filename: str | None = None,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> SheetRead:
    """Read `source` into participant rows; every problem is an `IngestError`, never a partial."""
    data, filename = _load_bytes(source, filename, max_bytes)
    grids, available = _read_grids(data, filename, sheet)
    grid, header_index, columns = _choose_header(grids, filename, mapping)
    rows, skipped = _participant_rows(grid, header_index, columns)
    if rows.empty:
        raise IngestError(
            filename,
            f"no participant rows below the header (row {grid.row_numbers[header_index]})",
        )
    headers = _header_labels(grid.cells[header_index])
    return SheetRead(
        filename=filename,
        sheet_name=grid.sheet_name,
        header_row=grid.row_numbers[header_index],
        mapping={name: headers[col] for name, col in columns.items()},
        available_sheets=available,
        rows=rows,
        skipped=skipped,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def list_sheets(
    source: bytes | str | Path,
    filename: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
) -> list[str]:
    """Sheet names in workbook order; a CSV has none (an empty list)."""
    data, filename = _load_bytes(source, filename, max_bytes)
    kind = _file_kind(data, filename)
    if kind == "csv":
        return []
    if kind == "xls":
        return _xls_call(filename, lambda: _open_xls(data).sheet_names())
    with _open_workbook(data, filename) as workbook:
        return list(workbook.sheet_names)


def detect_header(
    source: bytes | str | Path,
    filename: str | None = None,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> HeaderGuess:
    """The header row and column mapping `read_sheet` would use, for the upload preview."""
    data, filename = _load_bytes(source, filename, max_bytes)
    grids, available = _read_grids(data, filename, sheet)
    grid, header_index, columns = _choose_header(grids, filename, mapping)
    headers = _header_labels(grid.cells[header_index])
    return HeaderGuess(
        sheet_name=grid.sheet_name,
        header_row=grid.row_numbers[header_index],
        headers=headers,
        mapping={name: headers[col] for name, col in columns.items()},
        available_sheets=available,
    )


# ----------------------------------------------------------------------------- bytes in


def _load_bytes(source: object, filename: str | None, max_bytes: int) -> tuple[bytes, str]:
    """Accept bytes, a path, or an upload object with `.read()`; refuse oversize files early."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        filename = filename or "upload"
    elif isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise IngestError(filename, _too_big(size, max_bytes))
            data = path.read_bytes()
        except OSError as err:
            raise IngestError(filename, f"cannot open the file ({err.strerror or err})") from None
    elif hasattr(source, "read"):
        filename = filename or str(getattr(source, "name", "") or "upload")
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(max_bytes + 1)
        if not isinstance(data, bytes):
            raise IngestError(filename, "the upload did not give bytes")
    else:
        raise IngestError(filename or "upload", f"cannot read a {type(source).__name__}")
    if len(data) > max_bytes:
        raise IngestError(filename, _too_big(len(data), max_bytes))
    return data, filename


def _too_big(size: int, max_bytes: int) -> str:
    return f"the file is too large ({size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB)"


def _file_kind(data: bytes, filename: str) -> str:
    """'xlsx', 'ods', 'xls' or 'csv' from the bytes, after every container-level refusal."""
    container = sniff_container(data, filename)
    if container == "zip":
        return zip_workbook_kind(data, filename)
    if container == "cfb":
        if is_encrypted_ooxml(data):
            raise IngestError(filename, LOCKED_WORKBOOK_PROBLEM)
        return "xls"
    return "csv"


def _read_grids(data: bytes, filename: str, sheet: str | None) -> tuple[list[_Grid], list[str]]:
    """The sheets to consider, in order, and all sheet names; one grid if `sheet` is named."""
    kind = _file_kind(data, filename)
    if kind == "csv":
        if sheet:
            raise IngestError(filename, f"a CSV file has no sheets, so no sheet '{sheet}'")
        return [_csv_grid(data, filename)], []
    if kind == "xls":
        book = _xls_call(filename, _open_xls, data)
        names = _xls_call(filename, book.sheet_names)
        wanted = _wanted_sheets(names, sheet, filename)
        return [_xls_grid(book, name, filename) for name in wanted], names
    with _open_workbook(data, filename) as workbook:
        names = list(workbook.sheet_names)
        wanted = _wanted_sheets(names, sheet, filename)
        grids = [_workbook_grid(workbook, name, filename, data) for name in wanted]
    return grids, names


def _wanted_sheets(names: list[str], sheet: str | None, filename: str) -> list[str]:
    if sheet is None:
        return names
    if sheet not in names:
        raise IngestError(filename, f"no sheet named '{sheet}'; sheets: {', '.join(names)}")
    return [sheet]


# ----------------------------------------------------------------------------- .xls


def _open_xls(data: bytes) -> xlrd.book.Book:
    """.xls goes through xlrd, not calamine: fuzzing showed calamine's compound-file reader
    aborting the whole process on a corrupted size field (an uncatchable allocation failure),
    while xlrd fails with Python exceptions. An .xls holds at most 65,536 rows, so speed is fine.
    """
    return xlrd.open_workbook(
        file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
    )


def _xls_call(filename: str, func: Callable[..., T], *args: object) -> T:
    try:
        return func(*args)
    except xlrd.biffh.XLRDError as err:
        if "encrypt" in str(err).lower():
            raise IngestError(filename, LOCKED_WORKBOOK_PROBLEM) from None
        raise IngestError(filename, f"corrupt or unreadable workbook ({_short(err)})") from None
    except Exception as err:
        raise IngestError(filename, f"corrupt or unreadable workbook ({_short(err)})") from None


def _xls_grid(book: xlrd.book.Book, name: str, filename: str) -> _Grid:
    def read() -> _Grid:
        sheet = book.sheet_by_name(name)
        cells = [
            [_xls_text(cell, book.datemode) for cell in sheet.row(r)] for r in range(sheet.nrows)
        ]
        merged = [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in sheet.merged_cells]
        _fill_merged(cells, merged, filename)
        return _Grid(name, cells, list(range(1, len(cells) + 1)))

    return _xls_call(filename, read)


def _xls_text(cell: xlrd.sheet.Cell, datemode: int) -> str:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _cell_text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return _cell_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return _cell_text(bool(cell.value))
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return _cell_text(cell.value)


# ----------------------------------------------------------------------------- workbooks


class _open_workbook:
    """Calamine reads xlsx, xlsm and ods fast and without a DTD-expanding XML parser; its
    failures (including Rust panics on hostile bytes) become `IngestError`. It only ever sees a
    zip that `sheet_safety` has already decompressed within limits and checked."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.data, self.filename = data, filename

    def __enter__(self) -> python_calamine.CalamineWorkbook:
        self.workbook = _calamine_call(
            self.filename, python_calamine.CalamineWorkbook.from_filelike, io.BytesIO(self.data)
        )
        return self.workbook

    def __exit__(self, *exc: object) -> None:
        # Closing a broken workbook must not mask the real error.
        with contextlib.suppress(Exception):
            self.workbook.close()


def _calamine_call(filename: str, func: Callable[..., T], *args: object) -> T:
    try:
        return func(*args)
    except python_calamine.PasswordError:
        raise IngestError(filename, LOCKED_WORKBOOK_PROBLEM) from None
    except IngestError:
        raise
    except Exception as err:
        raise IngestError(filename, f"corrupt or unreadable workbook ({_short(err)})") from None
    except BaseException as err:  # pyo3 turns a Rust panic into PanicException(BaseException)
        if type(err).__name__ == "PanicException":
            raise IngestError(filename, "corrupt or unreadable workbook") from None
        raise


def _workbook_grid(
    workbook: python_calamine.CalamineWorkbook, name: str, filename: str, data: bytes
) -> _Grid:
    sheet = _calamine_call(filename, workbook.get_sheet_by_name, name)
    raw = _calamine_call(filename, sheet.to_python, False)
    cells = [[v.strip() if type(v) is str else _cell_text(v) for v in row] for row in raw]
    merged = _calamine_call(filename, lambda: sheet.merged_cell_ranges)
    if merged is None and data.startswith(b"PK"):
        merged = _ods_merged_ranges(data, name, filename)
    if merged:
        _fill_merged(cells, merged, filename)
    return _Grid(name, cells, list(range(1, len(cells) + 1)))


def _ods_merged_ranges(data: bytes, sheet_name: str, filename: str) -> list:
    """Calamine gives no merged ranges for ODS, so read the spans from content.xml (through
    defusedxml; the container was already vetted) in calamine's ((top, left), (bottom, right))."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
        if b"-spanned" not in content:
            return []
        ranges = []
        row = col = -1
        in_sheet = False
        for event, element in DefusedET.iterparse(io.BytesIO(content), events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "table":
                in_sheet = event == "start" and element.get(_ODS_TABLE + "name") == sheet_name
                row = -1
            elif not in_sheet:
                pass
            elif tag == "table-row" and event == "start":
                row, col = row + 1, 0
            elif tag == "table-row":
                row += int(element.get(_ODS_TABLE + "number-rows-repeated", "1")) - 1
                element.clear()
            elif tag in ("table-cell", "covered-table-cell") and event == "start":
                rows = int(element.get(_ODS_TABLE + "number-rows-spanned", "1"))
                cols = int(element.get(_ODS_TABLE + "number-columns-spanned", "1"))
                if rows > 1 or cols > 1:
                    ranges.append(((row, col), (row + rows - 1, col + cols - 1)))
                col += int(element.get(_ODS_TABLE + "number-columns-repeated", "1"))
        return ranges
    except Exception as err:  # damaged XML or zip: no reason to trust any particular error type
        raise IngestError(filename, f"corrupt or unreadable workbook ({_short(err)})") from None


def _cell_text(value: object) -> str:
    """Text as the analyst typed it; integral numbers lose the '.0' so phones stay digits."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _fill_merged(cells: list[list[str]], merged: Iterable, filename: str) -> None:
    """Give every cell of a merged range the range's value, so a vertically merged oblast cell
    reaches each participant beside it."""
    height = len(cells)
    width = max((len(row) for row in cells), default=0)
    budget = MAX_MERGE_FILL_FACTOR * max(height * width, 1)
    for (top, left), (bottom, right) in merged:
        if top >= height or left >= width:
            continue
        bottom, right = min(bottom, height - 1), min(right, width - 1)
        value = cells[top][left] if left < len(cells[top]) else ""
        if not value:
            continue
        budget -= (bottom - top + 1) * (right - left + 1)
        if budget < 0:
            raise IngestError(filename, "refused: the sheet has too many merged cells")
        for r in range(top, bottom + 1):
            row = cells[r]
            for c in range(left, right + 1):
                if c < len(row) and not row[c]:
                    row[c] = value


# ----------------------------------------------------------------------------- CSV


def _csv_grid(data: bytes, filename: str) -> _Grid:
    text = _decode(data, filename)
    delimiter = _sniff_delimiter(text)
    cells: list[list[str]] = []
    row_numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    line = 0
    try:
        for record in reader:
            cells.append([value.strip() for value in record])
            row_numbers.append(line + 1)
            line = reader.line_num
    except csv.Error as err:
        raise IngestError(filename, f"unreadable CSV near line {line + 1} ({err})") from None
    return _Grid("", cells, row_numbers)


def _decode(data: bytes, filename: str) -> str:
    """BOMs first, then strict UTF-8, then cp1251 if it reads as mostly Cyrillic.

    A Russian Excel saves CSV as cp1251, where ө ү ң become '?'; those stay as they are and
    matching copes with them.
    """
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                problem = f"unknown encoding (starts like {encoding} but is not)"
                raise IngestError(filename, problem) from None
    if b"\x00" in data[:4096]:
        raise IngestError(filename, "unknown encoding or not a text file (contains zero bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise IngestError(filename, "unknown encoding (neither UTF-8 nor Windows-1251)") from None
    sample = text[:1_000_000]
    non_ascii = re.subn(r"[^\x00-\x7f]", "", sample)[1]
    cyrillic = re.subn(r"[\u0400-\u04ff]", "", sample)[1]
    if cyrillic < 0.8 * non_ascii:
        raise IngestError(filename, "unknown encoding (neither UTF-8 nor Windows-1251 Cyrillic)")
    return text


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most lines into the same number of fields.

    Title rows and a comma inside "Фамилия, имя" do not sway it, because only the most common
    field count counts.
    """
    sample = text[:65536]
    lines = [line for line in sample.splitlines()[:60] if line.strip()]
    best, best_score = ";", -1
    for delimiter in (";", "\t", ",", "|"):
        widths: dict[int, int] = {}
        try:
            for record in csv.reader(lines, delimiter=delimiter, strict=False):
                if len(record) > 1:
                    widths[len(record)] = widths.get(len(record), 0) + 1
        except csv.Error:
            continue
        score = max(((width - 1) * count for width, count in widths.items()), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# ----------------------------------------------------------------------------- header


def _tokens(text: str) -> tuple[str, ...]:
    folded = (
        text.lower()
        .replace("ё", "е")
        .replace("ө", "о")
        .replace("ү", "у")
        .replace("ң", "н")
    )
    return tuple(re.findall(r"[\w?№#@]+", folded))


def _same_token(cell: str, word: str) -> bool:
    """'?' in a cell stands for a Kyrgyz letter a cp1251 save lost: 'ж?н?' is 'жону'."""
    if cell == word:
        return True
    if "?" not in cell or len(cell) != len(word):
        return False
    return all(a == b or a == "?" for a, b in zip(cell, word, strict=True))


def _starts_at(cell: tuple[str, ...], phrase: tuple[str, ...], at: int) -> bool:
    return all(_same_token(cell[at + k], phrase[k]) for k in range(len(phrase)))


def _contains(cell: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(_starts_at(cell, phrase, at) for at in range(len(cell) - len(phrase) + 1))


def _equals(cell: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return len(cell) == len(phrase) and _starts_at(cell, phrase, 0)


_SYNONYM_TOKENS: list[tuple[str, tuple[str, ...]]] = sorted(
    {
        (name, _tokens(text))
        for name, by_language in HEADER_SYNONYMS.items()
        for texts in by_language.values()
        for text in texts
        if _tokens(text)
    },
    key=lambda item: (-sum(len(token) for token in item[1]), item),
)


def _header_match(cell: str) -> tuple[str, int] | None:
    """The field a header cell names, with 3 for an exact match of the cell (or of one part of
    "Ф.И.О. / Аты-жөнү") and 2 for a phrase inside it; longer synonyms win ties."""
    if not cell or len(cell) > 120:
        return None
    whole = _tokens(cell)
    if not whole:
        return None
    parts = [_tokens(part) for part in re.split(r"[/|\n()]", cell)]
    candidates = _SYNONYM_TOKENS
    if "?" not in cell:
        present = set(whole)
        candidates = [item for item in _SYNONYM_TOKENS if item[1][0] in present]
    best: tuple[str, int, int] | None = None
    for name, phrase in candidates:
        if _equals(whole, phrase) or any(_equals(part, phrase) for part in parts):
            quality = _EXACT
        elif _contains(whole, phrase):
            quality = _CONTAINS
        else:
            continue
        length = sum(len(token) for token in phrase)
        if best is None or (quality, length) > (best[1], best[2]):
            best = (name, quality, length)
    return (best[0], best[1]) if best else None


def _map_header_row(row: list[str]) -> tuple[dict[str, int], int]:
    """Canonical field -> column index, and a score: the sum of the chosen match qualities."""
    chosen: dict[str, tuple[int, int]] = {}
    for col, cell in enumerate(row):
        match = _header_match(cell)
        if match is None:
            continue
        name, quality = match
        if name not in chosen or quality > chosen[name][1]:
            chosen[name] = (col, quality)
    columns = {name: col for name, (col, _) in chosen.items()}
    return columns, sum(quality for _, quality in chosen.values())


def _choose_header(
    grids: list[_Grid], filename: str, mapping: dict[str, str] | None
) -> tuple[_Grid, int, dict[str, int]]:
    """First sheet with a header naming a name or organisation column, and its mapping."""
    seen: list[str] | None = None
    for grid in grids:
        found = _find_header(grid, filename, mapping)
        if isinstance(found, tuple):
            return (grid, *found)
        if seen is None and found:
            seen = found
    if seen is None:
        raise IngestError(filename, "the sheet is empty: no rows to read")
    raise IngestError(
        filename,
        "no recognisable name or organisation column; headers seen: "
        + ", ".join(f"'{text}'" for text in seen if text)[:400],
    )


def _find_header(
    grid: _Grid, filename: str, mapping: dict[str, str] | None
) -> tuple[int, dict[str, int]] | list[str]:
    """(header index, columns), or the best row seen so the error can show what was there."""
    scan = [(i, row) for i, row in enumerate(grid.cells[:HEADER_SCAN_ROWS]) if any(row)]
    if not scan:
        return []
    if mapping:
        return _header_from_mapping(scan, filename, mapping)
    best: tuple[int, int, dict[str, int]] | None = None
    for i, row in scan:
        columns, score = _map_header_row(row)
        if ("name" in columns or "organisation" in columns) and (best is None or score > best[0]):
            best = (score, i, columns)
    if best is None:
        return _likeliest_header(scan)
    return best[1], best[2]


def _header_from_mapping(
    scan: list[tuple[int, list[str]]], filename: str, mapping: dict[str, str]
) -> tuple[int, dict[str, int]]:
    """The analyst's mapping wins: the header is the first row holding every named column, and
    fields the mapping leaves out are still mapped automatically from that row."""
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise IngestError(
            filename, f"the mapping names unknown fields {unknown}; fields are {', '.join(FIELDS)}"
        )
    wanted = {name: header.strip() for name, header in mapping.items() if header and header.strip()}
    for i, row in scan:
        labels = [label.casefold() for label in _header_labels(row)]
        if all(header.casefold() in labels for header in wanted.values()):
            columns, _ = _map_header_row(row)
            for name, header in mapping.items():
                columns.pop(name, None)
                if header and header.strip():
                    col = labels.index(header.strip().casefold())
                    columns = {k: v for k, v in columns.items() if v != col}
                    columns[name] = col
            if "name" not in columns and "organisation" not in columns:
                problem = "the mapping must give a name or an organisation column"
                raise IngestError(filename, problem)
            return i, columns
    detected = _find_header(_Grid("", [row for _, row in scan], []), filename, None)
    seen = scan[detected[0]][1] if isinstance(detected, tuple) else detected
    raise IngestError(
        filename,
        "the mapping names columns not found in any header row: "
        + ", ".join(f"'{h}'" for h in wanted.values())
        + "; headers seen: "
        + ", ".join(f"'{text}'" for text in seen if text)[:400],
    )


def _likeliest_header(scan: list[tuple[int, list[str]]]) -> list[str]:
    """The row with the most distinct texts: what to show when no header was recognised (a
    merged title repeats one text across the row, so it does not count)."""
    return max((row for _, row in scan), key=lambda row: len({cell for cell in row if cell}))


def _header_labels(row: list[str]) -> list[str]:
    """Header texts made unique, so a mapping can name every column; blank ones by letter."""
    labels: list[str] = []
    seen: set[str] = set()
    for col, text in enumerate(row):
        label = text or f"({_column_letter(col)})"
        if label in seen:
            label = f"{label} ({_column_letter(col)})"
        labels.append(label)
        seen.add(label)
    return labels


def _column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ----------------------------------------------------------------------------- rows


def _participant_rows(
    grid: _Grid, header_index: int, columns: dict[str, int]
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Walk the rows below the header once, carrying oblast/rayon context from section rows."""
    skipped: list[tuple[int, str]] = [
        (grid.row_numbers[i], "title" if any(row) else "blank")
        for i, row in enumerate(grid.cells[:header_index])
    ]
    kept: list[tuple[int, list[str], str, str]] = []
    section_oblast = section_rayon = ""
    pending_blanks: list[int] = []
    name_col, organisation_col = columns.get("name", -1), columns.get("organisation", -1)
    for i in range(header_index + 1, len(grid.cells)):
        row, row_number = grid.cells[i], grid.row_numbers[i]
        values = [cell for cell in row if cell]
        if not values:
            pending_blanks.append(row_number)
            continue
        skipped.extend((number, "blank") for number in pending_blanks)
        pending_blanks = []
        if _is_total(values[0]):
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
        if not (_cell(row, name_col) or _cell(row, organisation_col)):
            skipped.append((row_number, "blank"))
            continue
        kept.append((row_number, row, section_oblast, section_rayon))
    out: dict[str, list] = {"source_row": [number for number, _, _, _ in kept]}
    for name in FIELDS:
        col = columns.get(name, -1)
        out[name] = [_cell(row, col) for _, row, _, _ in kept]
    out["section_oblast"] = [oblast for _, _, oblast, _ in kept]
    out["section_rayon"] = [rayon for _, _, _, rayon in kept]
    rows = pd.DataFrame(out)
    rows["source_row"] = rows["source_row"].astype("int64")
    return rows, skipped


def _is_group_heading(values: list[str]) -> bool:
    """One text merged across the row that names no place: a heading such as "Гости".

    No participant row repeats one text in three cells, so this cannot swallow a person.
    """
    return len(values) >= 3 and all(value == values[0] for value in values[1:])


def _cell(row: list[str], col: int) -> str:
    return row[col] if 0 <= col < len(row) else ""


def _is_total(first_value: str) -> bool:
    if not first_value[:12].lower().startswith(TOTAL_WORDS):
        return False
    tokens = _tokens(first_value[:80])
    return bool(tokens) and tokens[0] in TOTAL_WORDS


_OBLAST_NAME_TOKENS = [_tokens(text) for text in OBLAST_BARE_NAMES]
_PLACE_FILLER = {"г", "город", "шаары", "шаар", "city", "обл", "область", "облусу", "oblast"}


def _section_place(values: list[str]) -> tuple[str, str] | None:
    """('oblast' | 'rayon', text) when a row's only content is a place heading.

    A section row is one distinct value (a merged cell repeats it across the row) that names
    an oblast, rayon or city: "Чуйская область", "Ош облусу", "Jalal-Abad oblast", "г. Бишкек".
    """
    text = values[0]
    if any(value != text for value in values[1:]) or len(text) > 80:
        return None
    tokens = _tokens(text)
    if not tokens or len(tokens) > 6:
        return None
    if any(token in RAYON_WORDS for token in tokens) or "р-н" in text.lower():
        return "rayon", text
    if any(token in OBLAST_WORDS for token in tokens) or tokens[0] in CITY_PREFIXES:
        return "oblast", text
    core = tuple(token for token in tokens if token not in _PLACE_FILLER)
    if any(_equals(core, name) for name in _OBLAST_NAME_TOKENS):
        return "oblast", text
    return None


def _short(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:160]
