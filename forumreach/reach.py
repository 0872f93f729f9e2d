"""Reach over a series of events: which LSG bodies a programme has reached, which it never has,
and who came back.

Donors fund a programme, not one day, so the questions are cumulative: how many of the 484
bodies came at least once, how many ever sent their head, which rayons were never reached, and
which bodies keep coming. Everything here takes DataFrames and returns DataFrames, and the
Reach page, the programme report and ``python -m forumreach reach`` all call `summarise`, so
they cannot disagree.

Only confident matches count (`schema.CONFIDENT`): a row still in review, unmatched or not an
LSG body never makes a body "reached". Whether a row is the body's head is decided as for one
event (`coverage.lsg_rows`), and the cumulative tables by oblast and rayon are `coverage`'s own
tables computed over the union of all events, so the map and colours of one event apply as is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from forumreach import coverage
from forumreach.duplicates import person_key  # one rule for "the same person" (re-exported)
from forumreach.events import in_time
from forumreach.gazetteer import Gazetteer
from forumreach.schema import CONFIDENT

# Columns of the events table `summarise` takes: one row per event, `event` is its slug.
EVENT_COLUMNS = ("event", "held_on")
# How often a body (or a person) came, binned as the question is asked: once, twice, 3 or more.
TIMES = ("1", "2", "3+")


@dataclass(frozen=True)
class Reach:
    """Cumulative reach of some events. Aggregates only: nothing here names a person.

    `timeline` has one row per event in date order with the bodies it reached first
    (`new_bodies`, `new_heads`) and the running totals; `oblasts` and `rayons` are shaped like
    `coverage.Coverage.oblasts`/`.rayons` with "present" meaning "reached at least once".
    """

    vintage: str
    headline: dict
    timeline: pd.DataFrame
    bodies: pd.DataFrame
    oblasts: pd.DataFrame
    rayons: pd.DataFrame
    never_reached: pd.DataFrame
    repeat_attendance: pd.DataFrame


def stack(events: Iterable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`forumreach.events.Event`s -> (events table, participants with an `event` column)."""
    events = list(events)
    table = pd.DataFrame({
        "event": [e.slug for e in events],
        "held_on": [e.held_on or "" for e in events],
    }, columns=list(EVENT_COLUMNS))
    frames = [e.participants.assign(event=e.slug) for e in events if len(e.participants)]
    participants = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        {"event": pd.Series(dtype=object), "unit_soate": pd.Series(dtype=object),
         "match_status": pd.Series(dtype=object)})
    return table, participants


def confident_rows(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """One row per participant matched with confidence to an LSG body of this vintage:
    `unit_soate`, the unit's `level`/`rayon_soate`/`oblast_soate`, `is_head`, and the row's
    `event`, `name` and `role` (personal: `name` is for the roles that see names)."""
    if participants.empty or "match_status" not in participants:
        return pd.DataFrame(columns=["unit_soate", "level", "rayon_soate", "oblast_soate",
                                     "is_head", "event", "name", "role"])
    participants = participants.reset_index(drop=True)  # stacked sheets repeat row labels
    confident = participants[participants.match_status.isin(CONFIDENT)]
    rows = coverage.lsg_rows(confident, gaz).drop(columns="female")
    for column in ("event", "name", "role"):
        rows[column] = confident[column].loc[rows.index] if column in confident else None
    return rows


def _ordered_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events by date (undated ones last, by slug): "new" bodies depend on this order."""
    table = events[list(EVENT_COLUMNS)].drop_duplicates("event")
    order = sorted(range(len(table)),
                   key=lambda i: in_time(table.held_on.iat[i], table.event.iat[i]))
    return table.iloc[order].reset_index(drop=True)


def attendance(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """One row per (event, body) that came: whether its head was among its people."""
    rows = confident_rows(participants, gaz)
    return rows.groupby(["event", "unit_soate"], as_index=False, sort=False).agg(
        participants=("unit_soate", "size"), head_present=("is_head", "any"))


def timeline(events: pd.DataFrame, came: pd.DataFrame) -> pd.DataFrame:
    """Per event, in date order: bodies present, bodies reached for the first time, running
    totals of bodies reached and of bodies whose head came at least once."""
    order = _ordered_events(events)
    position = pd.Series(range(len(order)), index=order.event)
    came = came[came.event.isin(position.index)].assign(_at=lambda f: f.event.map(position))
    first = came.groupby("unit_soate")._at.min()
    first_head = came[came.head_present].groupby("unit_soate")._at.min()
    at = pd.RangeIndex(len(order))
    order["bodies_present"] = came.groupby("_at").size().reindex(at, fill_value=0).to_numpy()
    order["new_bodies"] = first.value_counts().reindex(at, fill_value=0).to_numpy()
    order["new_heads"] = first_head.value_counts().reindex(at, fill_value=0).to_numpy()
    order["bodies_reached"] = order.new_bodies.cumsum()
    order["bodies_with_head"] = order.new_heads.cumsum()
    return order.astype({c: "int64" for c in (
        "bodies_present", "new_bodies", "new_heads", "bodies_reached", "bodies_with_head")})


def body_attendance(came: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Every LSG body of the vintage: events attended, events its head came to, and `status`
    (head: its head came at least once; present: only others came; absent: never reached)."""
    per_body = came.groupby("unit_soate").agg(
        events_attended=("event", "nunique"), events_with_head=("head_present", "sum"))
    bodies = gaz.lsg_bodies[["soate", "level", "rayon_soate", "oblast_soate"]].copy()
    bodies["events_attended"] = per_body.events_attended.reindex(bodies.index).fillna(0)
    bodies["events_with_head"] = per_body.events_with_head.reindex(bodies.index).fillna(0)
    bodies = bodies.astype({"events_attended": "int64", "events_with_head": "int64"})
    bodies["status"] = "absent"
    bodies.loc[bodies.events_attended > 0, "status"] = "present"
    bodies.loc[bodies.events_with_head > 0, "status"] = "head"
    return bodies.reset_index(drop=True)


def repeat_attendance(bodies: pd.DataFrame) -> pd.DataFrame:
    """How many bodies came once, twice, three times or more (never-reached ones left out)."""
    return _times_table(bodies.events_attended, "bodies")


def _times_table(counts: pd.Series, what: str) -> pd.DataFrame:
    came = counts[counts > 0]
    binned = came.clip(upper=3).map({1: "1", 2: "2", 3: "3+"})
    table = binned.value_counts().reindex(list(TIMES), fill_value=0)
    return pd.DataFrame({"times": list(TIMES), what: table.to_numpy().astype("int64")})


def never_reached(bodies: pd.DataFrame) -> pd.DataFrame:
    """The bodies no event reached, grouped by oblast and rayon (cities of republican rank are
    their own rayon), for the organizers' next invitation list."""
    absent = bodies[bodies.status == "absent"]
    return absent[["soate", "level", "rayon_soate", "oblast_soate"]].sort_values(
        ["oblast_soate", "rayon_soate", "soate"], ignore_index=True)


def _reached_as_participants(bodies: pd.DataFrame) -> pd.DataFrame:
    """One row per reached body, head flag set if its head ever came: the union of all events
    in the shape `coverage` takes, so its per-area tables are the cumulative ones."""
    reached = bodies[bodies.status != "absent"]
    return pd.DataFrame({"unit_soate": reached.soate.to_numpy(),
                         "is_head": (reached.status == "head").to_numpy()})


def summarise(events: pd.DataFrame, participants: pd.DataFrame, gaz: Gazetteer) -> Reach:
    """Cumulative reach of `events` (columns `EVENT_COLUMNS`) from their `participants` (the
    participant table of `forumreach.schema` with an `event` column naming the slug)."""
    inside = participants[participants.event.isin(events.event)] if len(participants) else (
        participants)
    came = attendance(inside, gaz)
    bodies = body_attendance(came, gaz)
    cov = coverage.summarise(_reached_as_participants(bodies), gaz)
    head = _figures(cov.headline)
    reached = head["lsg_bodies_present"]
    headline = {
        "events": int(events.event.nunique()),
        "unique_bodies_reached": reached,
        "unique_bodies_with_head": head["bodies_with_head"],
        "aiyl_aimaks_reached": head["aiyl_aimaks_present"],
        "cities_reached": head["cities_present"],
        "rayons_reached": head["rayons_covered"],
        "rayons_with_head": head["rayons_with_head"],
        "never_reached": head["lsg_bodies_total"] - reached,
        "lsg_bodies_total": head["lsg_bodies_total"],
        "aiyl_aimaks_total": head["aiyl_aimaks_total"],
        "cities_total": head["cities_total"],
        "rayons_total": head["rayons_total"],
        "share_reached": round(reached / head["lsg_bodies_total"], 4),
        # Of the bodies reached, how many ever sent their head: unknown when none was reached.
        "share_with_head": round(head["bodies_with_head"] / reached, 4) if reached else None,
    }
    return Reach(
        vintage=gaz.vintage,
        headline=headline,
        timeline=timeline(events, came),
        bodies=bodies,
        oblasts=cov.oblasts,
        rayons=cov.rayons,
        never_reached=never_reached(bodies),
        repeat_attendance=repeat_attendance(bodies),
    )


def _figures(headline: object) -> dict:
    """`coverage`'s headline as a dict, whether it comes as one or as a dataclass."""
    return headline.as_dict() if hasattr(headline, "as_dict") else dict(headline)


def as_json(reach: Reach, gaz: Gazetteer) -> dict:
    """The figures `python -m forumreach reach --format json` prints (stable keys)."""
    names = gaz.units.name_en
    by_oblast = [
        {"soate": row.soate, "name": str(names.get(row.soate, "")),
         "bodies_reached": int(row.bodies_present), "bodies_with_head": int(row.heads_present),
         "bodies_total": int(row.bodies_total), "rayons_reached": int(row.rayons_covered),
         "rayons_total": int(row.rayons_total)}
        for row in reach.oblasts.itertuples()
    ]
    events = [
        {"event": row.event, "held_on": row.held_on or None, "bodies_present": row.bodies_present,
         "new_bodies": row.new_bodies, "bodies_reached": row.bodies_reached}
        for row in reach.timeline.astype(object).itertuples()
    ]
    return {**reach.headline, "vintage": reach.vintage, "by_oblast": by_oblast,
            "timeline": events,
            "repeat_attendance": dict(zip(reach.repeat_attendance.times,
                                          reach.repeat_attendance.bodies.astype(int).tolist(),
                                          strict=True))}


def never_reached_by_rayon(reach: Reach) -> pd.DataFrame:
    """Per rayon (and city of oblast or republican rank) the number of bodies never reached,
    most first; the list itself is `Reach.never_reached`."""
    table = reach.never_reached.groupby(["oblast_soate", "rayon_soate"], as_index=False).agg(
        bodies_never_reached=("soate", "size"))
    totals = reach.bodies.groupby("rayon_soate").size()
    table["bodies_total"] = table.rayon_soate.map(totals).astype("int64")
    return table.sort_values(["bodies_never_reached", "rayon_soate"], ascending=[False, True],
                             ignore_index=True)


# --- people: names, for the roles that see them (forumreach.access) --------------------------


def people(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Who came back: one row per person (folded name + body) with the events they attended.

    Personal data: for organizers and admins only. Rows without a name are left out, since
    "no name" is nobody in particular.
    """
    rows = confident_rows(participants, gaz)
    rows["key"] = rows.name.map(person_key)
    rows = rows[rows.key != ""]
    table = rows.groupby(["unit_soate", "key"], as_index=False, sort=False).agg(
        name=("name", "first"), events=("event", "nunique"), as_head=("is_head", "any"),
        roles=("role", lambda r: ", ".join(sorted({str(v) for v in r if isinstance(v, str)}))))
    table = table.join(gaz.units[["rayon_soate", "oblast_soate"]], on="unit_soate")
    return table.drop(columns="key").sort_values(
        ["events", "unit_soate", "name"], ascending=[False, True, True], ignore_index=True)


def repeat_people(people_table: pd.DataFrame) -> pd.DataFrame:
    """How many people came once, twice, three times or more."""
    return _times_table(people_table.events, "people")


def body_history(participants: pd.DataFrame, events: pd.DataFrame, soate: str,
                 gaz: Gazetteer) -> pd.DataFrame:
    """The events one body attended, in date order: one row per person who came for it, with
    role and whether they were its head, and `head_came` for the event as a whole.

    Carries `name`: callers drop it for roles that may not see names.
    """
    rows = confident_rows(participants, gaz)
    rows = rows[rows.unit_soate == soate]
    order = _ordered_events(events)
    position = pd.Series(range(len(order)), index=order.event)
    history = pd.DataFrame({
        "event": rows.event,
        "held_on": rows.event.map(order.set_index("event").held_on),
        "name": rows.name,
        "role": rows.role,
        "is_head": rows.is_head.astype(bool),
    })
    history["head_came"] = history.groupby("event").is_head.transform("any").astype(bool)
    history["_at"] = history.event.map(position)
    return history[history._at.notna()].sort_values(["_at", "is_head"], ascending=[True, False],
                                                    kind="stable").drop(
        columns="_at").reset_index(drop=True)
