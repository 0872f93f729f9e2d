"""The organizers' call list: every rayon, city and aiyl aimak that sent no head, with whom to ring.

An organizer following up an event phones the bodies that did not send their head. The person to
ring is whoever last came from that body to any event we hold (the head if one came, else anyone
with a phone), so the list reads every event, not only the one on screen. For a rayon, which is
not an LSG body itself, it is the last contact from any body inside it.

Contacts are personal data: `call_list` adds them only when given `contacts`, and the pages pass
them only to roles that may see them (`access.can_see_personal`). Without them the list is the
same rows with no name or phone, for analysts and donors.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from forumreach.coverage import Coverage, follow_up
from forumreach.events import Event
from forumreach.i18n import Translator
from forumreach.schema import CONFIDENT

# Column ids of the contact part (headings `col.<id>`); kept apart from the body's own `unit`.
# The phone beside the name: it is what a caller needs, and a long position would push it out
# of sight on a 1280 px screen.
CONTACT_COLUMNS = ["contact_name", "contact_phone", "contact_position", "contact_event"]
# What the list shows for every row, before any contact.
LIST_COLUMNS = ["kind", "oblast", "rayon", "unit", "soate", "status"]
_EMPTY = pd.DataFrame(columns=["unit_soate", "rayon_soate", *CONTACT_COLUMNS, "held_on"])


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def _contact_rows(event: Event, lang: str) -> pd.DataFrame:
    """One event's confidently matched LSG rows that name someone to ring."""
    rows = event.participants
    if rows.empty or "unit_soate" not in rows:
        return _EMPTY
    status = rows.get("match_status", pd.Series("exact", index=rows.index)).fillna("")
    rows = rows[rows.unit_soate.fillna("").ne("") & status.isin(CONFIDENT)]
    frame = pd.DataFrame({
        "unit_soate": rows.unit_soate.astype(str),
        "rayon_soate": rows.get("rayon_soate", pd.Series("", index=rows.index)).map(_text),
        "contact_name": rows.get("name", pd.Series("", index=rows.index)).map(_text),
        "contact_position": rows.get("position", pd.Series("", index=rows.index)).map(_text),
        "contact_phone": rows.get("phone", pd.Series("", index=rows.index)).map(_text),
        "contact_event": Translator(lang).title(event.title),
        "held_on": _text(event.held_on),
        "_head": rows.get("is_head", pd.Series(False, index=rows.index)).astype(str).str.lower()
        .isin(["true", "1"]),
    })
    return frame[(frame.contact_name != "") | (frame.contact_phone != "")]


def last_contacts(events: Iterable[Event], lang: str) -> pd.DataFrame:
    """Per LSG body (`unit_soate`), the last person known from it across `events`.

    Latest event first (by date held, then the order given, so a later import wins a tie);
    within one event the head before others, and someone with a phone before someone without.
    """
    frames = [_contact_rows(event, lang).assign(_order=i) for i, event in enumerate(events)]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return _EMPTY.copy()
    rows = pd.concat(frames, ignore_index=True)
    rows["_phone"] = rows.contact_phone != ""
    rows = rows.sort_values(["held_on", "_order", "_head", "_phone"],
                            ascending=[False, False, False, False], kind="stable")
    return rows.drop_duplicates("unit_soate").drop(
        columns=["_order", "_head", "_phone"]).reset_index(drop=True)


def _rayon_status(cov: Coverage) -> pd.Series:
    """A rayon that sent no head is `present` if any body in it came, else `absent`."""
    came = cov.bodies[cov.bodies.status != "absent"]
    present = set(came.rayon_soate.dropna())
    return cov.rayons_without_head.soate.map(lambda s: "present" if s in present else "absent")


def call_list(cov: Coverage, contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The follow-up list (`coverage.follow_up`) with a status on every row, and, given
    `contacts` (`last_contacts`), who to ring for each body or rayon.

    Columns are codes (`soate`, `rayon_soate`, `oblast_soate`) plus `kind`, `level`, `status`;
    `i18n.localise` turns them into names. Without `contacts` no personal field is present.
    """
    table = follow_up(cov)
    rayon_rows = table.kind == "rayon_without_head"
    table.loc[rayon_rows, "status"] = table.loc[rayon_rows, "soate"].map(
        dict(zip(cov.rayons_without_head.soate, _rayon_status(cov), strict=True)))
    table["level"] = table.soate.map(cov.bodies.set_index("soate").level).fillna("rayon")
    if contacts is None:
        return table
    by_body = contacts.set_index("unit_soate")[CONTACT_COLUMNS]
    by_rayon = contacts[contacts.rayon_soate != ""].drop_duplicates("rayon_soate").set_index(
        "rayon_soate")[CONTACT_COLUMNS]
    found = pd.concat([
        by_body.reindex(table.soate[~rayon_rows]).set_axis(table.index[~rayon_rows]),
        by_rayon.reindex(table.soate[rayon_rows]).set_axis(table.index[rayon_rows]),
    ]).reindex(table.index).fillna("")
    return pd.concat([table, found], axis=1)
