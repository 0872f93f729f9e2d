"""Events the dashboard can show: the embedded 2018 demo plus every import saved in the store."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from forumreach import demo, i18n

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
    """A series of events a donor funds as one; `name` and `donor` per language (ky/ru/en),
    shown through `Translator.title` as event titles are; a stored donor is one text, the
    same in every language."""

    slug: str
    name: dict
    donor: dict | None = None
    synthetic: bool = False


def in_time(held_on: object, slug: str) -> tuple:
    """Sort key putting events in the order they were held: by day, undated ones last, then by
    slug. One order for Compare's default pair and Reach's "new" bodies."""
    day = "" if i18n.is_unknown(held_on) else str(held_on)[:10]
    return (not day, day, slug)


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


# --- many events at once, for reach (forumreach.reach) ---------------------------------------

REACH_EVENT_COLUMNS = ("event", "held_on", "title", "programme", "synthetic", "vintage")


def demo_reach_input() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, participants) of the demo programme, in the shape `reach.summarise` takes,
    with each event's `title` (per language), `programme` slug and `synthetic` flag."""
    from forumreach import reach

    demo_events = demo_programme_events()
    table, participants = reach.stack(demo_events)
    table["title"] = [e.title for e in demo_events]
    table["programme"] = [e.programme for e in demo_events]
    table["synthetic"] = True
    table["vintage"] = [e.vintage for e in demo_events]
    return table[list(REACH_EVENT_COLUMNS)], participants


def stored_programmes(store) -> list[Programme]:
    table = store.list_programmes()
    return [Programme(slug=str(row.slug), name={"ky": row.name_ky, "ru": row.name_ru,
                                                 "en": row.name_en},
                      donor=None if pd.isna(row.donor) else dict.fromkeys(
                          i18n.LANGS, str(row.donor)))
            for row in table.itertuples()]


def newest_vintage(vintages) -> str:
    """The vintage in force last among these (by `valid_from`): the units a view over events
    of several vintages is shown on. The built-in one when there are none. A loaded classifier
    without a `valid_from` counts as the latest: people load the classifier they work on now."""
    from forumreach import DEFAULT_VINTAGE, gazetteer

    names = sorted({str(v) for v in vintages if v and not pd.isna(v)})
    if not names:
        return DEFAULT_VINTAGE
    return max(names, key=lambda v: (str(gazetteer.load(v).meta.get("valid_from") or "~"), v))


def stored_reach_input(store, vintage: str,
                       programme: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, participants) of the stored events (of one programme, named by slug or by a
    name in any language, if given) on the units of `vintage`, read in one query. Raises
    ValueError for a programme that does not exist.

    An event matched on an older vintage is carried onto `vintage`'s units through the
    crosswalk (`crosswalk.to_vintage`); its `vintage` column keeps where it came from, so a page
    can say so. Events on a newer vintage than `vintage` are left out: units that a reform
    merged cannot be split back."""
    events = store.list_events()
    programmes = store.list_programmes()
    slug_of = dict(zip(programmes.id, programmes.slug, strict=True))
    if programme:
        found = store.find_programme(programme)
        if found is None:
            raise ValueError(f"no programme named {programme!r}")
        events = events[events.programme_id == found["id"]]
    events = events[events.vintage.astype(str).map(lambda v: _not_newer(v, vintage)).astype(bool)]
    participants = store.load_participants_of(events.id)
    slugs = dict(zip(events.id, events.slug, strict=True))
    participants.insert(0, "event", participants.pop("event_id").map(slugs))
    table = pd.DataFrame({
        "event": events.slug.astype(str).tolist(),
        "held_on": ["" if pd.isna(d) else str(d) for d in events.held_on],
        "title": [{"ky": str(t), "ru": str(t), "en": str(t)} for t in events.title],
        "programme": [None if pd.isna(p) else slug_of.get(int(p)) for p in events.programme_id],
        "synthetic": False,
        "vintage": events.vintage.astype(str).tolist(),
    }, columns=list(REACH_EVENT_COLUMNS))
    return table, on_units_of(table, participants, vintage)


def _not_newer(event_vintage: str, vintage: str) -> bool:
    return event_vintage == vintage or newest_vintage([event_vintage, vintage]) == vintage


def on_units_of(table: pd.DataFrame, participants: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Each event's rows (`participants.event` → `table.vintage`) carried from the vintage it
    was matched on to `vintage` (`crosswalk.to_vintage`)."""
    from forumreach import crosswalk

    own = participants.event.map(dict(zip(table.event, table.vintage, strict=True)))
    parts = [crosswalk.to_vintage(rows, str(from_vintage), vintage)
             for from_vintage, rows in participants.groupby(own.fillna(vintage), sort=False)]
    if not parts:
        return participants
    return pd.concat(parts).loc[participants.index, list(participants.columns)]
