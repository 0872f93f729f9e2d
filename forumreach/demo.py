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
    """The demo as the dashboard sees it: the registration sheet through the real pipeline."""
    from forumreach import pipeline  # here: the pipeline loads the whole matching stack

    return pipeline.match_file(registration_sheet(), vintage=meta()["vintage"]).participants
