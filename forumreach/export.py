"""Every file the dashboard hands out: xlsx, csv, HXL-tagged csv, and their names.

Exports leave the app and are opened in Excel or LibreOffice by people who did not make them, so a
participant called `=HYPERLINK(...)` must arrive as inert text (OWASP "CSV injection"), while a
real number such as -5 must stay a number the recipient can sum.

The two formats need different guards. A CSV cell has no type, so Excel runs "+..." or "=..." and
the only defence is a leading apostrophe (`neutralise`). An xlsx cell has one: a text cell is never
run, and an apostrophe written into it would show literally (a phone read as `'+996 555 ...`), so
the xlsx keeps text as written, typed as text and marked with Excel's own quote prefix.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from forumreach.coverage import rayons_where_they_apply
from forumreach.names import to_latin
from forumreach.privacy import personal_columns_removed, suppress_small_counts

# OWASP: a cell whose text starts with one of these may be run as a formula by a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def neutralise(value):
    """Text that a spreadsheet would evaluate gets a leading apostrophe; anything else is kept.

    For CSV only: in an xlsx the apostrophe would show (see `_write`).

    Numbers (and text that is only a number, such as "-5") are not formulas, so they are left alone
    and stay summable.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return ESCAPE + value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and column name neutralised; numeric columns untouched."""
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or
                pd.api.types.is_datetime64_any_dtype(out[column])):
            out[column] = out[column].map(neutralise).astype(object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


# --- xlsx -------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, taken: set[str]) -> str:
    title = _SHEET_FORBIDDEN.sub(" ", str(name)).strip(" '")[:31] or "Sheet"
    base, n = title, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _cell_value(value):
    """Plain Python for openpyxl: missing values become empty cells, numpy scalars unwrap."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    if isinstance(value, (int, float, bool, str, date, datetime)):
        return value
    return str(value)


def _write(ws, row: int, column: int, value, font: Font | None = None) -> None:
    cell = ws.cell(row=row, column=column)
    cell.value = _cell_value(value)
    if isinstance(cell.value, str):
        # openpyxl stores any string starting with "=" as a formula; pin it to text. The quote
        # prefix is what Excel sets for a typed-in "'=...": the apostrophe is not shown, and the
        # cell stays text when someone edits it.
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    if font is not None:
        cell.font = font


def _write_sheet(ws, frame: pd.DataFrame, title: str | None) -> None:
    """Text as written (no apostrophe): `_write` keeps every string a text cell."""
    headings = [str(c) for c in frame.columns]
    bold = Font(bold=True)
    row = 1
    if title:
        _write(ws, 1, 1, title, Font(bold=True, size=13))
        row = 3
    for j, heading in enumerate(headings, start=1):
        _write(ws, row, j, heading, bold)
    for i, values in enumerate(frame.itertuples(index=False), start=row + 1):
        for j, value in enumerate(values, start=1):
            _write(ws, i, j, value)
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    for j, heading in enumerate(headings, start=1):
        longest = max([len(heading), *(len(str(v)) for v in frame.iloc[:200, j - 1])])
        ws.column_dimensions[ws.cell(row=row, column=j).column_letter].width = min(
            max(longest + 2, 8), 60
        )


def to_xlsx(
    sheets: pd.DataFrame | Mapping[str, pd.DataFrame], *, title: str | None = None
) -> bytes:
    """One workbook, one sheet per frame; an optional title row above each header.

    Cells are written one by one (not through pandas) so that no string ever becomes a formula.
    """
    if isinstance(sheets, pd.DataFrame):
        sheets = {"Sheet": sheets}
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        _write_sheet(wb.create_sheet(_sheet_title(name, taken)), frame, title)
    if not sheets:
        wb.create_sheet("Sheet")
    if title:
        wb.properties.title = title
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- csv --------------------------------------------------------------------------------------

def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM: without it Excel on Windows reads Cyrillic as cp1251 mojibake."""
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")


# HXL (https://hxlstandard.org) lets HDX and other humanitarian tools read the columns without
# knowing our names. `{n}` is the admin level of the table (1 = oblast, 2 = rayon/city) and `{p}`
# its parent. `+v_pcode` marks the OCHA COD P-code (the HDX join key); `#adm{n}+code` holds SOATE.
# Shares are written as percentages (0-100) because HXL's `+pct` means a percentage.
HXL_TAGS = {
    "soate": "#adm{n}+code",
    "pcode": "#adm{n}+code+v_pcode",
    "name_ky": "#adm{n}+name+i_ky",
    "name_ru": "#adm{n}+name+i_ru",
    "name_en": "#adm{n}+name+i_en",
    "level": "#loc+type",
    "oblast_soate": "#adm1+code",
    "rayon_soate": "#adm2+code",
    "oblast_name_ky": "#adm1+name+i_ky",
    "oblast_name_ru": "#adm1+name+i_ru",
    "oblast_name_en": "#adm1+name+i_en",
    "bodies_total": "#indicator+lsg_bodies+total+num",
    "bodies_present": "#reached+lsg_bodies+num",
    "heads_present": "#reached+heads+num",
    "aiyl_aimaks_total": "#indicator+aiyl_aimaks+total+num",
    "aiyl_aimaks_present": "#reached+aiyl_aimaks+num",
    "rayons_total": "#indicator+rayons+total+num",
    "rayons_covered": "#reached+rayons+num",
    "pct_present": "#reached+lsg_bodies+pct",
    "pct_aiyl_aimaks": "#reached+aiyl_aimaks+pct",
    "participants": "#reached+ind+num",
    "women": "#reached+ind+f+num",
    "pct_women": "#reached+ind+f+pct",
    "status": "#status",
}
# LSG bodies (aiyl aimaks, cities) are below the COD admin levels, so they are `#loc`.
_HXL_LSG = {"soate": "#loc+code", "pcode": "#loc+code+v_pcode", "name_ky": "#loc+name+i_ky",
            "name_ru": "#loc+name+i_ru", "name_en": "#loc+name+i_en"}
HXL_LEVELS = {"adm1": 1, "adm2": 2, "lsg": 3}
_SHARES = {"share_present": "pct_present", "share_aiyl_aimaks": "pct_aiyl_aimaks",
           "women_share": "pct_women"}


def hxl_tag(column: str, level: str) -> str:
    """The HXL hashtag of one of our column names at a level; "" for a column HXL need not know."""
    if level not in HXL_LEVELS:
        raise ValueError(f"unknown HXL level {level!r}; expected one of {tuple(HXL_LEVELS)}")
    n = HXL_LEVELS[level]
    if n == 3 and column in _HXL_LSG:
        return _HXL_LSG[column]
    return HXL_TAGS.get(column, "").format(n=n)


def hxl_table(table: pd.DataFrame, gaz=None) -> pd.DataFrame:
    """The coverage table as it goes into HXL: shares as percentages, names and P-codes joined.

    `gaz` (a Gazetteer) adds the unit names in the three languages and the COD P-code, so the file
    is readable on its own.
    """
    out = personal_columns_removed(table).copy()
    if "rayons_total" in out:  # Bishkek and Osh have no rayons: an empty cell, not 0 of 0
        out = rayons_where_they_apply(out)
    for share, pct in _SHARES.items():
        if share in out:
            out[pct] = (out.pop(share).astype(float) * 100).round(2)
    if gaz is not None and "soate" in out:
        units = gaz.units
        extra = [c for c in ("pcode", "name_ky", "name_ru", "name_en") if c in units]
        joined = units[extra].reindex(out.soate.astype(str)).reset_index(drop=True)
        joined.index = out.index
        out = pd.concat([out[["soate"]], joined, out.drop(columns=["soate", *extra],
                                                          errors="ignore")], axis=1)
    return out


def hxl_csv(table: pd.DataFrame, level: str, gaz=None, *, for_donor: bool = False) -> bytes:
    """A CSV whose second row holds HXL hashtags (the HXL convention), UTF-8 with a BOM.

    `for_donor`: heads present are people, so 1-4 of them leave the cell empty (privacy.K)."""
    if for_donor:
        table = suppress_small_counts(table, ["heads_present"])
    frame = hxl_table(table, gaz)
    tags = [hxl_tag(str(c), level) for c in frame.columns]
    safe = neutralise_frame(frame)
    body = safe.to_csv(index=False)
    header, _, rows = body.partition("\n")
    tag_row = pd.DataFrame([tags]).to_csv(index=False, header=False)
    return (header + "\n" + tag_row + rows).encode("utf-8-sig")


# --- file names -------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^a-z0-9]+")


def _slug(text: str, fallback: str) -> str:
    latin = unicodedata.normalize("NFKD", to_latin(str(text))).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", latin.lower()).strip("-")[:60].strip("-") or fallback


def filename(event_slug: str, kind: str, ext: str, on: date | None = None) -> str:
    """`<event>_<kind>_<YYYY-MM-DD>.<ext>`: the event and the day, in characters any OS keeps."""
    on = on or date.today()
    extension = re.sub(r"[^a-z0-9]", "", ext.lower().lstrip(".")) or "bin"
    return f"{_slug(event_slug, 'event')}_{_slug(kind, 'export')}_{on.isoformat()}.{extension}"
