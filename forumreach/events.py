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
    programme: str | None = None  # the programme's slug, if the event belongs to one


@dataclass(frozen=True)
class Programme:
    """A series of events a donor funds as one; `name` per language (ky/ru/en)."""

    slug: str
    name: dict
    donor: str | None = None
    synthetic: bool = False


def demo_event() -> Event:
    meta = demo.meta()
    return Event(
        slug=meta["slug"], title=meta["title"], held_on=meta["held_on"], vintage=meta["vintage"],
        participants=demo.participants(), synthetic=True, programme=demo.programme()["slug"],
    )


def demo_programme() -> Programme:
    meta = demo.programme()
    return Programme(slug=meta["slug"], name=meta["name"], donor=meta.get("donor"),
                     synthetic=bool(meta.get("synthetic")))


def demo_later_event(slug: str) -> Event:
    """One of the programme's later synthetic events, read like the forum (through the
    pipeline from its sheet)."""
    meta = demo.later_event(slug)
    return Event(
        slug=meta["slug"], title=meta["title"], held_on=meta["held_on"], vintage=meta["vintage"],
        participants=demo.later_participants(slug), synthetic=True,
        programme=demo.programme()["slug"],
    )


def demo_programme_events() -> list[Event]:
    """The forum and the later events of its programme, in date order."""
    return [demo_event(), *(demo_later_event(e["slug"]) for e in demo.later_events())]
