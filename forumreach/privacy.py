"""What a donor may see: counts of people only when the cell is large enough, and no free text.

The threshold is K = 5 persons. A count of 1 to 4 people is suppressed (shown as ``<5`` or
left empty), together with every share computed from it. Why 5:

- Most LSG bodies send one to three people, so a body-level or small-rayon count of 1 or 2,
  read next to the public list of heads of aiyl okmotu, says which named official came, and a
  split by gender or role then says something about that one person.
- 5 is the smallest threshold in common statistical-disclosure practice (national statistics
  offices publish tables with minimum cells of 3 to 10; 5 is the usual default for ad-hoc
  tables) that still leaves oblast and most rayon figures of a national forum readable, which is
  what a donor asks about.
- Higher thresholds (10, 11) would blank most rayons of a regional training, leaving donors
  little more than the total.

Zero is shown: "nobody from this rayon came" is the point of the dashboard and singles out
no one. Counts of bodies, rayons and oblasts (institutions, not people) are not suppressed.
A suppressed part could be recovered from a shown total minus the other parts, so beside a
hidden part a donor's page or document shows the parts without their total (`shown_total`).
A body's status reads only whether it was present, not whether its head came
(`body_status_seen`): one body's head is one named person.

This module is pure pandas and never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from forumreach.coverage import CITY_STATUSES
from forumreach.schema import PERSONAL_COLUMNS

K = 5
SUPPRESSED = f"<{K}"
# The columns of a participant row a donor-side aggregate may use: codes, flags and categories.
# An allowlist, so a column added later stays hidden until someone decides it is safe.
DONOR_COLUMNS = (
    "unit_soate", "rayon_soate", "oblast_soate", "match_status", "match_score", "role",
    "is_head", "is_lsg", "gender",
)


# Free text typed by or about a person: a donor export carries none of it (issue 5).
FREE_TEXT_COLUMNS = [
    "position", "organisation", "rayon_text", "oblast_text", "match_reason", "source_row",
]
DONOR_HIDDEN_COLUMNS = [*PERSONAL_COLUMNS, *FREE_TEXT_COLUMNS]


def count_text(n: int, number: Callable[[int], str]) -> str:
    """A count of people as a donor may read it: 1 to K-1 as "<5", else `number(n)`."""
    return SUPPRESSED if 0 < n < K else number(n)


def total_gives_away(parts: Iterable[int]) -> bool:
    """Whether a total shown beside these parts (counts of people) would give a hidden part
    away: when any part is suppressed, the total minus the other parts is that part. A page
    then shows the parts without their total."""
    return any(0 < n < K for n in parts)


def shown_total(total: int, parts: Iterable[int]) -> int | None:
    """The total a donor's page or document may print beside these parts, or None when it
    would give a hidden part away (`total_gives_away`): the page then shows the parts alone
    and says why (message `privacy.total_withheld`)."""
    return None if total_gives_away(parts) else total


# A body's status as a donor reads it: whether the body was there, never whether its head was.
# The head of an aiyl okmotu or a mayor is one public, named official, so "head came" beside a
# body's name says which person came, the very thing a count of 1-4 heads is hidden for.
_DONOR_STATUS = {"head": "present"}


def body_status_seen(table: pd.DataFrame, *, donor: bool) -> pd.DataFrame:
    """A table of bodies or cities with a `status` (`coverage.CITY_STATUSES`) as this viewer
    may read it: for a donor "head" reads "present" (represented), in tables, hover texts,
    city points and their legend alike; everyone else sees the three statuses.

    A donor's rows are put in order again by the status they read, then by SOATE: a list with
    the heads first would still tell them apart."""
    if not donor or "status" not in table.columns:
        return table
    status = table.status.replace(_DONOR_STATUS)
    seen = table.assign(status=status, _rank=status.map(dict(zip(
        CITY_STATUSES, range(len(CITY_STATUSES)), strict=True))))
    keys = ["_rank", *(["soate"] if "soate" in seen.columns else [])]
    return seen.sort_values(keys, kind="stable").drop(columns="_rank").reset_index(drop=True)


def donor_safe(participants: pd.DataFrame) -> pd.DataFrame:
    """Participant rows without names, contacts or any free text (position, organisation,
    typed rayon/oblast, match reason, sheet row): only ``DONOR_COLUMNS``, for aggregating."""
    return participants[[c for c in DONOR_COLUMNS if c in participants.columns]].copy()


def personal_columns_removed(frame: pd.DataFrame) -> pd.DataFrame:
    """A table (a coverage table, whose columns no allowlist can foresee) without names, phones,
    e-mails or free text: what a donor export may carry. Participant rows go through
    `donor_safe` instead.

    Call it on the canonical column names, before headings are translated.
    """
    hidden = {c.lower() for c in DONOR_HIDDEN_COLUMNS}
    return frame.drop(columns=[c for c in frame.columns if str(c).lower() in hidden])


def suppress_small_counts(
    table: pd.DataFrame,
    person_columns: Iterable[str],
    k: int = K,
    *,
    shares: Mapping[str, Iterable[str]] | None = None,
    marker: str | None = None,
) -> pd.DataFrame:
    """A copy of ``table`` where each count of people from 1 to ``k - 1`` is suppressed.

    ``person_columns`` are counts of people (participants, heads present, women). ``shares``
    maps a share column to the count columns it is computed from; the share is suppressed in
    every row where any of those counts is. Suppressed cells become missing (nullable dtypes
    that charts skip) or, with ``marker`` (e.g. ``SUPPRESSED``), that text for a table.
    """
    if k < 1:
        raise ValueError("k is a number of persons, at least 1")
    person_columns = list(person_columns)
    shares = {share: list(sources) for share, sources in (shares or {}).items()}
    missing = [c for c in [*person_columns, *shares, *sum(shares.values(), [])]
               if c not in table.columns]
    if missing:
        raise KeyError(f"no such columns: {', '.join(missing)}")
    out = table.copy()
    small = {
        column: pd.to_numeric(table[column], errors="coerce").between(1, k - 1, inclusive="both")
        for column in person_columns
    }
    for share, sources in shares.items():
        hide = pd.Series(False, index=table.index)
        for source in sources:
            hide |= small[source] if source in small else _small(table[source], k)
        out[share] = _blank(out[share], hide, marker, "Float64")
    for column, hide in small.items():
        out[column] = _blank(out[column], hide, marker, "Int64")
    return out


def _small(column: pd.Series, k: int) -> pd.Series:
    return pd.to_numeric(column, errors="coerce").between(1, k - 1, inclusive="both")


def _blank(column: pd.Series, hide: pd.Series, marker: str | None, dtype: str) -> pd.Series:
    if marker is not None:
        return column.astype(object).where(~hide, marker)
    return column.astype(dtype).mask(hide)
