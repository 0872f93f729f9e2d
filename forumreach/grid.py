"""Bytes to a grid of text: the one place that knows file formats.

An upload is sniffed by its bytes (never its name), refused early if it is too large, locked or
not a sheet (`forumreach.sheet_safety`), and read into `Grid`s: every cell as stripped text, merged
ranges filled with their value, row numbers as Excel or a text editor shows them. What the grid
means (which row is the header, which column the organisation) is `forumreach.columns`'s job.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import python_calamine
import xlrd
from defusedxml import ElementTree as DefusedET

from forumreach import names
from forumreach.sheet_safety import (
    LOCKED_WORKBOOK_ID,
    LOCKED_WORKBOOK_PROBLEM,
    MAX_BYTES,
    IngestError,
    is_encrypted_ooxml,
    sniff_container,
    zip_workbook_kind,
)

__all__ = ["MAX_BYTES", "Grid", "list_sheets", "load_bytes", "read_grids"]

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Names of zip-based workbooks: plain text under such a name is not a sheet (an .xls may be the
# tab-separated text old accounting systems export, so it is still read as text).
ZIP_WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".ods")
# Merged ranges are clipped to the data, but many overlapping ranges could still multiply work.
MAX_MERGE_FILL_FACTOR = 4

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
T = TypeVar("T")


@dataclass
class Grid:
    """A sheet as text: `cells[i]` is the row Excel (or a text editor) shows as `row_numbers[i]`."""

    sheet_name: str
    cells: list[list[str]]
    row_numbers: list[int]


def list_sheets(
    source: bytes | str | Path,
    filename: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
) -> list[str]:
    """Sheet names in workbook order; a CSV has none (an empty list)."""
    data, filename = load_bytes(source, filename, max_bytes)
    kind = _file_kind(data, filename)
    if kind == "csv":
        return []
    if kind == "xls":
        return _xls_call(filename, lambda: _open_xls(data).sheet_names())
    with _open_workbook(data, filename) as workbook:
        return list(workbook.sheet_names)


# ----------------------------------------------------------------------------- bytes in


def load_bytes(source: object, filename: str | None, max_bytes: int) -> tuple[bytes, str]:
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
                raise _too_big(filename, size, max_bytes)
            data = path.read_bytes()
        except OSError as err:
            raise IngestError(filename, f"cannot open the file ({err.strerror or err})",
                              "ingest.cannot_open") from None
    elif hasattr(source, "read"):
        filename = filename or str(getattr(source, "name", "") or "upload")
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(max_bytes + 1)
        if not isinstance(data, bytes):
            raise IngestError(filename, "the upload did not give bytes", "ingest.cannot_open")
    else:
        raise IngestError(filename or "upload", f"cannot read a {type(source).__name__}",
                          "ingest.cannot_open")
    if len(data) > max_bytes:
        raise _too_big(filename, len(data), max_bytes)
    return data, filename


def _too_big(filename: str, size: int, max_bytes: int) -> IngestError:
    size_mb, limit_mb = size / 2**20, max_bytes / 2**20
    return IngestError(
        filename, f"the file is too large ({size_mb:.1f} MB; the limit is {limit_mb:.0f} MB)",
        "ingest.too_large", size=round(size_mb, 1), limit=round(limit_mb))


def _file_kind(data: bytes, filename: str) -> str:
    """'xlsx', 'ods', 'xls' or 'csv' from the bytes, after every container-level refusal."""
    container = sniff_container(data, filename)
    if container == "zip":
        return zip_workbook_kind(data, filename)
    if container == "cfb":
        if is_encrypted_ooxml(data):
            raise IngestError(filename, LOCKED_WORKBOOK_PROBLEM, LOCKED_WORKBOOK_ID)
        return "xls"
    ext = Path(filename).suffix.lower()
    if ext in ZIP_WORKBOOK_EXTENSIONS:
        raise IngestError(
            filename, f"not a spreadsheet: the name ends in {ext}, but the file is plain text",
            "ingest.text_named_workbook", ext=ext)
    return "csv"


def read_grids(data: bytes, filename: str, sheet: str | None) -> tuple[list[Grid], list[str]]:
    """The sheets to consider, in order, and all sheet names; one grid if `sheet` is named."""
    kind = _file_kind(data, filename)
    if kind == "csv":
        if sheet:
            raise IngestError(filename, f"a CSV file has no sheets, so no sheet '{sheet}'",
                              "ingest.no_sheet", sheet=sheet)
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
        raise IngestError(filename, f"no sheet named '{sheet}'; sheets: {', '.join(names)}",
                          "ingest.no_sheet", sheet=sheet)
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
            raise IngestError(filename, LOCKED_WORKBOOK_PROBLEM, LOCKED_WORKBOOK_ID) from None
        raise IngestError(filename, f"corrupt or unreadable workbook ({_short(err)})",
                          "ingest.corrupt") from None
    except Exception as err:
        raise IngestError(filename, f"corrupt or unreadable workbook ({_short(err)})",
                          "ingest.corrupt") from None


def _xls_grid(book: xlrd.book.Book, name: str, filename: str) -> Grid:
    def read() -> Grid:
        sheet = book.sheet_by_name(name)
        cells = [
            [_xls_text(cell, book.datemode) for cell in sheet.row(r)] for r in range(sheet.nrows)
        ]
        merged = [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in sheet.merged_cells]
        _fill_merged(cells, merged, filename)
        return Grid(name, cells, list(range(1, len(cells) + 1)))

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
        raise IngestError(filename, LOCKED_WORKBOOK_PROBLEM, LOCKED_WORKBOOK_ID) from None
    except IngestError:
        raise
    except Exception as err:
        raise IngestError(filename, f"corrupt or unreadable workbook ({_short(err)})",
                          "ingest.corrupt") from None
    except BaseException as err:  # pyo3 turns a Rust panic into PanicException(BaseException)
        if type(err).__name__ == "PanicException":
            raise IngestError(filename, "corrupt or unreadable workbook",
                              "ingest.corrupt") from None
        raise


def _workbook_grid(
    workbook: python_calamine.CalamineWorkbook, name: str, filename: str, data: bytes
) -> Grid:
    sheet = _calamine_call(filename, workbook.get_sheet_by_name, name)
    raw = _calamine_call(filename, sheet.to_python, False)
    cells = [[_text(v) if type(v) is str else _cell_text(v) for v in row] for row in raw]
    merged = _calamine_call(filename, lambda: sheet.merged_cell_ranges)
    if merged is None and data.startswith(b"PK"):
        merged = _ods_merged_ranges(data, name, filename)
    if merged:
        _fill_merged(cells, merged, filename)
    return Grid(name, cells, list(range(1, len(cells) + 1)))


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
        raise IngestError(filename, f"corrupt or unreadable workbook ({_short(err)})",
                          "ingest.corrupt") from None


def _text(value: str) -> str:
    """A text cell as typed, without what Word or a browser left in it (`names.plain_text`)."""
    return names.plain_text(value).strip()


def _cell_text(value: object) -> str:
    """Text as the analyst typed it; integral numbers lose the '.0' so phones stay digits."""
    if type(value) is str:
        return _text(value)
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
            raise IngestError(filename, "refused: the sheet has too many merged cells",
                              "ingest.unsafe")
        for r in range(top, bottom + 1):
            row = cells[r]
            for c in range(left, right + 1):
                if c < len(row) and not row[c]:
                    row[c] = value


# ----------------------------------------------------------------------------- CSV


def _csv_grid(data: bytes, filename: str) -> Grid:
    text = names.plain_text(_decode(data, filename))  # once for the file, not per cell
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
        raise IngestError(filename, f"unreadable CSV near line {line + 1} ({err})",
                          "ingest.unreadable_csv", line=line + 1) from None
    return Grid("", cells, row_numbers)


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
                raise IngestError(filename, problem, "ingest.unknown_encoding") from None
    if b"\x00" in data[:4096]:
        raise IngestError(filename, "unknown encoding or not a text file (contains zero bytes)",
                          "ingest.unknown_encoding")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise IngestError(filename, "unknown encoding (neither UTF-8 nor Windows-1251)",
                          "ingest.unknown_encoding") from None
    sample = text[:1_000_000]
    non_ascii = re.subn(r"[^\x00-\x7f]", "", sample)[1]
    cyrillic = re.subn(r"[\u0400-\u04ff]", "", sample)[1]
    if cyrillic < 0.8 * non_ascii:
        raise IngestError(filename, "unknown encoding (neither UTF-8 nor Windows-1251 Cyrillic)",
                          "ingest.unknown_encoding")
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




def _short(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:160]

