"""The matched-participant table every part passes around (pipeline → store → coverage → pages)."""

from __future__ import annotations

import pandas as pd

PARTICIPANT_COLUMNS = [
    "source_row", "name", "position", "organisation", "rayon_text", "oblast_text", "gender",
    "phone", "email", "unit_soate", "rayon_soate", "oblast_soate", "match_status",
    "match_score", "match_reason", "role", "is_head", "is_lsg", "duplicate_of",
]
# `duplicate_of`: the `source_row` of the earlier row this one likely repeats (the same person
# for the same body, or the same phone), else NA. Such a row counts once (forumreach.duplicates).
# Fields that identify a person: shown to organizers only, never to donors, logs or audit.
PERSONAL_COLUMNS = ["name", "phone", "email"]

# Match statuses, the one home of these sets (every module imports them from here).
# Confident: the row counts for its body. `manual` is a person's decision in review, kept apart
# from the matcher's `exact` and `fuzzy` so an analyst can tell who decided.
NOT_LSG = "not_lsg"
CONFIDENT = ("exact", "fuzzy", "manual")
# Unresolved: a person must look. Never counted as an LSG body, never as a guest.
UNRESOLVED = ("review", "unmatched")
MATCH_STATUSES = (*CONFIDENT, *UNRESOLVED, NOT_LSG)


def empty_participants() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in PARTICIPANT_COLUMNS})


def without_personal_fields(participants: pd.DataFrame) -> pd.DataFrame:
    return participants.drop(columns=[c for c in PERSONAL_COLUMNS if c in participants])
