"""Events the dashboard can show: the embedded 2018 demo plus every import saved in the store."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from forumreach import demo

DEMO_SLUG = "lsg-forum-2018"


@dataclass(frozen=True)
class Event:
    slug: str
    title: dict
    held_on: str
    vintage: str
    participants: pd.DataFrame
    synthetic: bool = False
    event_id: int | None = None


def demo_event() -> Event:
    meta = demo.meta()
    return Event(
        slug=meta["slug"], title=meta["title"], held_on=meta["held_on"], vintage=meta["vintage"],
        participants=demo.participants(), synthetic=True,
    )
