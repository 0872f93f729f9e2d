"""The embedded 2018 forum demo (synthetic participants, see data/demo/forum_2018.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from forumreach import DATA_DIR
from forumreach.roles import HEAD_ROLES

DEMO_DIR = DATA_DIR / "demo"
DEMO_META = DEMO_DIR / "forum_2018.json"
# The programme the forum belongs to, with three later synthetic events (scripts/build_demo.py).
DEMO_PROGRAMME = DEMO_DIR / "programme.json"


@lru_cache(maxsize=1)
def meta() -> dict:
    return json.loads(DEMO_META.read_text(encoding="utf-8"))


def registration_sheet() -> Path:
    return DEMO_DIR / meta()["registration_sheet"]


def truth() -> pd.DataFrame:
    """The answer key: what each participant row of the demo sheet really is."""
    table = pd.read_csv(DEMO_DIR / meta()["truth"], dtype=str, keep_default_na=False)
    table["source_row"] = table.source_row.astype(int)
    table["is_head"] = table.role.isin(HEAD_ROLES)
    return table




def participants() -> pd.DataFrame:
    """The demo as the dashboard sees it: the registration sheet through the real pipeline."""
    from forumreach import pipeline  # here: the pipeline loads the whole matching stack

    return pipeline.match_file(registration_sheet(), vintage=meta()["vintage"]).participants


@lru_cache(maxsize=1)
def programme() -> dict:
    return json.loads(DEMO_PROGRAMME.read_text(encoding="utf-8"))


def later_events() -> list[dict]:
    """The programme's events after the forum, each like `meta()`: slug, title, held_on,
    vintage, registration_sheet, truth and stated totals."""
    return [event for event in programme()["events"] if event["slug"] != meta()["slug"]]


def later_event(slug: str) -> dict:
    found = [event for event in later_events() if event["slug"] == slug]
    if not found:
        raise KeyError(f"no demo event {slug!r}")
    return found[0]


def later_truth(slug: str) -> pd.DataFrame:
    """The answer key of one later event, as `truth()` is the forum's."""
    table = pd.read_csv(DEMO_DIR / later_event(slug)["truth"], dtype=str, keep_default_na=False)
    table["source_row"] = table.source_row.astype(int)
    table["is_head"] = table.role.isin(HEAD_ROLES)
    return table


def later_participants(slug: str) -> pd.DataFrame:
    """A later event as the dashboard sees it: its sheet through the real pipeline, as the
    forum's."""
    from forumreach import pipeline

    event = later_event(slug)
    return pipeline.match_file(DEMO_DIR / event["registration_sheet"],
                               vintage=event["vintage"]).participants
