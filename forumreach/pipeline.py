"""Where a sheet row becomes a matched participant: read → match → classify role → review → save.

The pages and the CLI call these functions and nothing below them, so an import behaves the same
from the browser and from the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from forumreach import DEFAULT_VINTAGE, duplicates, gazetteer, ingest, roles
from forumreach.matching import Candidate, Matcher, alias_key
from forumreach.schema import CONFIDENT, MATCH_STATUSES, NOT_LSG, PARTICIPANT_COLUMNS, UNRESOLVED

Progress = Callable[[float], None]
# Rows matched between two progress callbacks: small enough for a live bar, large enough that
# the callbacks cost nothing next to the matching.
PROGRESS_STEP = 500


@dataclass(frozen=True)
class MatchedSheet:
    sheet: ingest.SheetRead
    participants: pd.DataFrame
    candidates: dict[int, tuple[Candidate, ...]]
    vintage: str
    # Set when a saved event was reopened for review (`reopen`): saving it again makes the
    # event's next revision instead of a new event.
    event_id: int | None = None
    revision: int | None = None

    @property
    def unresolved_rows(self) -> int:
        """Rows still `review` or `unmatched`: saving them asks a person to confirm."""
        return int(self.participants.match_status.isin(UNRESOLVED).sum())

    def review_queue(self) -> pd.DataFrame:
        """Rows a person must look at: `review` and `unmatched`, with their ranked candidates."""
        queue = self.participants[self.participants.match_status.isin(UNRESOLVED)]
        queue = queue[["source_row", "organisation", "rayon_text", "oblast_text",
                       "match_status", "match_score", "match_reason"]].copy()
        queue["candidates"] = [
            [(c.soate, c.score, c.reason) for c in self.candidates.get(r, ())]
            for r in queue.source_row
        ]
        return queue.reset_index(drop=True)

    @property
    def summary(self) -> dict[str, int]:
        counts = self.participants.match_status.value_counts().to_dict()
        return {status: int(counts.get(status, 0)) for status in MATCH_STATUSES}


_MATCHERS: dict[tuple[str, int], Matcher] = {}


def matcher_for(vintage: str = DEFAULT_VINTAGE, decisions: pd.DataFrame | None = None) -> Matcher:
    """One matcher per vintage and set of remembered decisions: its index takes ~0.3 s to build."""
    key = (vintage, _fingerprint(decisions))
    if key not in _MATCHERS:
        if len(_MATCHERS) > 8:
            _MATCHERS.clear()
        _MATCHERS[key] = Matcher(gazetteer.load(vintage), decisions)
    return _MATCHERS[key]


def _fingerprint(decisions: pd.DataFrame | None) -> int:
    if decisions is None or decisions.empty:
        return 0
    return int(pd.util.hash_pandas_object(decisions.astype(str), index=False).sum())


def match_file(
    source: bytes | str | Path,
    filename: str | None = None,
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    vintage: str = DEFAULT_VINTAGE,
    decisions: pd.DataFrame | None = None,
    progress: Progress | None = None,
) -> MatchedSheet:
    """Read one registration sheet and match every participant row; raises IngestError."""
    read = ingest.read_sheet(source, filename, sheet=sheet, mapping=mapping)
    return match_sheet(read, vintage=vintage, decisions=decisions, progress=progress)


def match_sheet(
    read: ingest.SheetRead,
    *,
    vintage: str = DEFAULT_VINTAGE,
    decisions: pd.DataFrame | None = None,
    progress: Progress | None = None,
) -> MatchedSheet:
    matcher = matcher_for(vintage, decisions)
    rows = read.rows
    records, candidates = [], {}
    columns = [rows[c].tolist() for c in
               ("organisation", "rayon", "oblast", "section_rayon", "section_oblast")]
    source_rows = rows.source_row.tolist()
    for i, (org, rayon, oblast, sec_rayon, sec_oblast) in enumerate(zip(*columns, strict=True)):
        found = matcher.match(org, rayon, oblast, sec_rayon, sec_oblast)
        records.append((found.unit_soate, found.rayon_soate, found.oblast_soate, found.status,
                        found.score, found.reason))
        if found.candidates:
            candidates[int(source_rows[i])] = found.candidates
        if progress and i % PROGRESS_STEP == 0:
            progress(i / max(len(rows), 1))
    matched = pd.DataFrame(records, index=rows.index, columns=[
        "unit_soate", "rayon_soate", "oblast_soate", "match_status", "match_score",
        "match_reason"])
    participants = pd.DataFrame({
        "source_row": rows.source_row.astype(int),
        "name": rows.name, "position": rows.position, "organisation": rows.organisation,
        "rayon_text": rows.rayon.where(rows.rayon != "", rows.section_rayon),
        "oblast_text": rows.oblast.where(rows.oblast != "", rows.section_oblast),
        "gender": rows.gender, "phone": rows.phone, "email": rows.email,
    }).join(matched)
    participants["role"] = roles.classify_roles(rows.position).to_numpy()
    participants = _with_flags(participants)
    participants["duplicate_of"] = duplicates.likely_duplicates(participants)
    if progress:
        progress(1.0)
    return MatchedSheet(read, participants[PARTICIPANT_COLUMNS].reset_index(drop=True),
                        candidates, vintage)


def _with_flags(participants: pd.DataFrame) -> pd.DataFrame:
    """A body's head only counts for an LSG body matched with confidence."""
    confident = participants.match_status.isin(CONFIDENT)
    participants["is_lsg"] = confident
    participants["is_head"] = confident & participants.role.map(roles.is_head).astype(bool)
    return participants


def decide(matched: MatchedSheet, source_row: int, unit_soate: str) -> MatchedSheet:
    """A person's decision on one row: an LSG body's SOATE code, or `not_lsg`."""
    table = matched.participants.copy()
    at = table.index[table.source_row == source_row]
    if len(at) != 1:
        raise KeyError(f"no participant at row {source_row}")
    if unit_soate == NOT_LSG:
        table.loc[at, ["unit_soate", "rayon_soate", "oblast_soate"]] = ""
        table.loc[at, ["match_status", "match_reason"]] = [NOT_LSG, "reviewed: not an LSG body"]
    else:
        units = gazetteer.load(matched.vintage).units
        if unit_soate not in units.index or not units.at[unit_soate, "is_lsg"]:
            raise ValueError(f"{unit_soate} is not an LSG body of vintage {matched.vintage}")
        unit = units.loc[unit_soate]
        table.loc[at, ["unit_soate", "rayon_soate", "oblast_soate"]] = [
            unit_soate, unit.rayon_soate, unit.oblast_soate]
        table.loc[at, ["match_status", "match_reason"]] = ["manual", "reviewed by a person"]
    table.loc[at, "match_score"] = 100.0
    return replace(matched, participants=_with_flags(table))


def set_duplicate(matched: MatchedSheet, source_row: int, duplicate_of: int | None) -> MatchedSheet:
    """A person's word on a flagged row: `None` undoes the flag (two people, counted apart),
    a source row puts it back."""
    table = matched.participants.copy()
    at = table.index[table.source_row == source_row]
    if len(at) != 1:
        raise KeyError(f"no participant at row {source_row}")
    if duplicate_of is not None and duplicate_of not in set(table.source_row):
        raise KeyError(f"no participant at row {duplicate_of}")
    table["duplicate_of"] = table.duplicate_of.astype("Int64")
    table.loc[at, "duplicate_of"] = pd.NA if duplicate_of is None else int(duplicate_of)
    return replace(matched, participants=table)


def flagged_duplicates(original: MatchedSheet, now: MatchedSheet) -> pd.DataFrame:
    """The rows flagged as likely duplicates when the sheet was matched (or the event
    reopened), with `is_duplicate`: whether the flag still stands after a person's say."""
    first = original.participants
    flagged = first[first.duplicate_of.notna()]
    current = now.participants.set_index("source_row").duplicate_of
    return flagged.assign(is_duplicate=current.reindex(flagged.source_row).notna().to_numpy())


def keep_duplicates(original: MatchedSheet, now: MatchedSheet,
                    choices: dict[int, bool]) -> MatchedSheet:
    """A person's ticks on the flagged rows: ticked keeps the original flag, unticked counts
    the row as a person of its own. Returns `now` itself when nothing changes."""
    first = original.participants.set_index("source_row").duplicate_of
    current = now.participants.set_index("source_row").duplicate_of
    for source_row, keep in choices.items():
        if bool(keep) != pd.notna(current.get(source_row)):
            now = set_duplicate(now, source_row, int(first[source_row]) if keep else None)
    return now


def decisions_to_remember(before: MatchedSheet, after: MatchedSheet) -> pd.DataFrame:
    """Rows a person decided, as aliases (text within its rayon → unit) for later imports."""
    changed = after.participants.match_reason.str.startswith("reviewed")
    was_open = before.participants.match_status.isin([*UNRESOLVED, "fuzzy"])
    rows = after.participants[changed & was_open]
    typed_rayon = before.participants.rayon_soate[rows.index]  # the row's own context
    return pd.DataFrame({
        "alias_norm": rows.organisation.map(alias_key),
        "rayon_soate": typed_rayon.where(rows.match_status != NOT_LSG, ""),
        "unit_soate": rows.unit_soate.where(rows.match_status != NOT_LSG, NOT_LSG),
    }).drop_duplicates()


def reopen(store, event_id: int) -> MatchedSheet:
    """A saved event back in review: its rows as saved, with fresh candidates for the rows
    still unresolved (the matcher's candidates are not stored), and the revision it is at."""
    event = store.get_event(event_id)
    if event is None:
        raise KeyError(f"no event {event_id}")
    vintage = str(event["vintage"])
    table = store.load_participants(event_id)
    text = [c for c in PARTICIPANT_COLUMNS if c not in _TYPED]
    table = table.astype({c: object for c in text})
    table[text] = table[text].where(table[text].notna(), "")
    for flag in ("is_head", "is_lsg"):
        table[flag] = table[flag].fillna(False).astype(bool)
    matcher = matcher_for(vintage, store.load_aliases(vintage))
    candidates = {}
    for row in table[table.match_status.isin(UNRESOLVED)].itertuples():
        found = matcher.match(row.organisation, row.rayon_text, row.oblast_text)
        if found.candidates:
            candidates[int(row.source_row)] = found.candidates
    sheet = ingest.SheetRead(filename=event["source_filename"] or "", sheet_name="",
                             header_row=0, mapping={}, available_sheets=[],
                             rows=pd.DataFrame(), sha256=event["source_sha256"] or "")
    return MatchedSheet(sheet, table, candidates, vintage, event_id=int(event_id),
                        revision=int(event["revision"]))


# Columns that keep their own dtype when a saved event is reopened; the rest are text.
_TYPED = ("source_row", "match_score", "is_head", "is_lsg", "duplicate_of")


def save(matched: MatchedSheet, store, meta: dict, actor: str = "system",
         remember: pd.DataFrame | None = None) -> int:
    """Save as an event and the decisions made in review as aliases, in one transaction.

    A reopened event (`reopen`) is saved as its next revision under the same slug; `meta`
    is not changed then."""
    event_meta = {
        "vintage": matched.vintage,
        "source_filename": matched.sheet.filename,
        "source_sha256": matched.sheet.sha256,
        **meta,
    }
    decisions = [] if remember is None else remember.to_dict("records")
    if matched.event_id is not None:
        store.save_review(matched.event_id, matched.participants, matched.revision,
                          actor=actor, aliases=decisions)
        return matched.event_id
    return store.save_event(event_meta, matched.participants, actor=actor, aliases=decisions)
