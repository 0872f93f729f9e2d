"""Column widths that keep every column of a table on screen at 1280 px, in every language.

A dataframe sizes each column to its heading, and our headings are long in ky and ru
("Доля представленных айыл аймаков"): past the table's edge the last column's values sat behind a
scroll bar nobody sees, so they read as missing. Here each column gets a width: the room its
heading and values want while the table has it; else headings are cut first (a cut heading is
the column's tooltip, whole), then the widest values. Widths are estimated from characters: a
browser test is what proves the fit.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

# The main column at 1280 px, sidebar open (wide layout): 820 px, less the grid's border.
TABLE_PX = 800
# One character of the grid's 14 px font, rounded up (Cyrillic capitals are the widest), and a
# cell's padding with room for the heading's sort arrow.
CHAR_PX, PAD_PX = 8, 24
MIN_PX = 64  # three digits and a cut heading's first letters
SAMPLE_ROWS = 500  # values read to size a column: a long queue is not read whole on each rerun


def text_px(text: object) -> int:
    """Width a text takes in a cell; a line break reads as a space there."""
    return len(" ".join(str(text).split())) * CHAR_PX + PAD_PX


def _values_px(values: pd.Series) -> int:
    shown = [v for v in values.head(SAMPLE_ROWS) if v is not None and not pd.isna(v)]
    return max((text_px(v) for v in shown), default=0)


def widths(frame: pd.DataFrame, table_px: int = TABLE_PX) -> dict[str, int]:
    """Heading -> width in px, all of them within `table_px` when at all possible."""
    wanted = {c: max(text_px(c), _values_px(frame[c]), MIN_PX) for c in frame.columns}
    if sum(wanted.values()) <= table_px:
        return wanted
    values = {c: max(_values_px(frame[c]), MIN_PX) for c in frame.columns}
    headings_cut = _capped(wanted, values, table_px)
    if sum(headings_cut.values()) <= table_px:
        return headings_cut
    return _capped(values, dict.fromkeys(values, MIN_PX), table_px)


def _capped(wanted: dict[str, int], floors: dict[str, int], table_px: int) -> dict[str, int]:
    """Each column at `min(wanted, cap)`, never under its floor, with the largest cap that fits."""
    def fitted(cap: int) -> dict[str, int]:
        return {c: max(floors[c], min(w, cap)) for c, w in wanted.items()}

    low, high = 0, max(wanted.values(), default=0)
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if sum(fitted(mid).values()) <= table_px else (low, mid - 1)
    return fitted(low)


def config_for(frame: pd.DataFrame, config: dict | None = None) -> dict:
    """`config` (`share_columns`, history links) with a width for every column of `frame`."""
    out = dict(config or {})
    # A link column shows its display text, not the address it holds.
    shown = frame.assign(**{
        heading: (out[heading].get("type_config") or {}).get("display_text")
        for heading in frame.columns
        if heading in out and (out[heading].get("type_config") or {}).get("display_text")})
    for heading, px in widths(shown).items():
        column = dict(out.get(heading) or st.column_config.Column())
        column["width"] = px
        if px < text_px(heading) and not column.get("help"):
            column["help"] = heading
        out[heading] = column
    return out


def dataframe(frame: pd.DataFrame, *, column_config: dict | None = None, **kwargs):
    """`st.dataframe` with every column on screen (`config_for`)."""
    return st.dataframe(frame, column_config=config_for(frame, column_config), **kwargs)
