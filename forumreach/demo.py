"""The embedded 2018 forum demo (synthetic participants, see data/demo/forum_2018.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from forumreach import DATA_DIR

DEMO_DIR = DATA_DIR / "demo"
DEMO_META = DEMO_DIR / "forum_2018.json"


@lru_cache(maxsize=1)
def meta() -> dict:
    return json.loads(DEMO_META.read_text(encoding="utf-8"))


def registration_sheet() -> Path:
    return DEMO_DIR / meta()["registration_sheet"]


def truth() -> pd.DataFrame:
    """The answer key: what each participant row of the demo sheet really is."""
    table = pd.read_csv(DEMO_DIR / meta()["truth"], dtype=str, keep_default_na=False)
    table["source_row"] = table.source_row.astype(int)
    table["is_head"] = table.role.isin(["head", "acting_head"])
    return table



def participants() -> pd.DataFrame:
    """The demo as matched participants: the registration sheet's rows with the answer key."""
    from openpyxl import load_workbook

    from forumreach.gazetteer import load
    from forumreach.schema import PARTICIPANT_COLUMNS

    ws = load_workbook(registration_sheet(), read_only=True).worksheets[0]
    cells = {i: row for i, row in enumerate(ws.iter_rows(values_only=True), start=1)}
    key = truth()
    units = load(meta()["vintage"]).units
    rows = []
    for t in key.itertuples():
        _, name, position, organisation, rayon, gender, phone = cells[t.source_row][:7]
        unit = units.loc[t.unit_soate] if t.unit_soate else None
        rows.append({
            "source_row": t.source_row, "name": name, "position": position,
            "organisation": organisation, "rayon_text": rayon or "", "oblast_text": "",
            "gender": gender, "phone": phone, "email": "",
            "unit_soate": t.unit_soate,
            "rayon_soate": unit.rayon_soate if unit is not None else "",
            "oblast_soate": unit.oblast_soate if unit is not None else "",
            "match_status": "exact" if t.unit_soate else "not_lsg", "match_score": 100.0,
            "match_reason": "demo answer key", "role": t.role, "is_head": t.is_head,
            "is_lsg": bool(t.unit_soate),
        })
    return pd.DataFrame(rows, columns=PARTICIPANT_COLUMNS)
