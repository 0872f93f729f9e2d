"""What a donor may see: counts of people only when the cell is large enough, and no free text.

The threshold is K = 5 persons. A count of 1 to 4 people is suppressed (shown as the neutral
mark ``SUPPRESSED``, "×", or left empty), together with every share computed from it. Why 5:

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
A hidden cell must not come back by subtraction either. Beside a hidden part a donor's page or
document shows the parts without their total (`shown_total`). But the total is often printed
elsewhere, or is the sum of another table (the oblast rows add up to the heads nationwide, and
so do rural + urban; an oblast's figure on the Overview is the sum of its rayons on the Map). So
`suppress_small_counts` also applies complementary (secondary) suppression: in every partition
of a total in a table (a whole column; the rows of one oblast or one rayon, by `PARTS_OF`) that
would hide exactly one cell, it hides one more, the smallest count neither hidden nor 0 (a 0
hides nothing), and repeats until no partition hides exactly one. Every hidden cell reads the
same marker, so a donor cannot tell the small count from its complement.

What this protects: no single hidden count can be worked out from any total and the shown parts
of one partition (where the only other parts are 0 there is nothing to pair with, but the total
is then that small count and hidden too). What it does not: the sum of the hidden cells of a
partition can still be worked out (total minus the shown parts): accepted practice. A
complementary cell reads the same mark though it stands for 5 or more: a mark of its own would
tell it apart from the small count and, with their sum, narrow that count down (1 and 5 hidden,
sum 6: the small one is 1). So the mark claims no value ("×", not "<5", which a complementary 69
would belie: a figure the data cannot support is never shown), and every view that may hold it
says what it means (message `privacy.hidden_mark`, shown where `shows_hidden` finds it). Also
not: every chain of tables audited at once (a linear-programming audit of all pages together):
partitions are read per table, the same way on every page (ties broken by SOATE, not by the
order a page sorts its rows in), so the same rows are hidden alike wherever they appear. Nor
an area of one body (Bishkek, Osh): its heads are 0 or 1, so the mark there can only mean 1.

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
# One mark for every hidden count, small or complementary: it claims no value (see above).
SUPPRESSED = "×"
# Rows sharing one of these are the parts of that area's figure, which another table or page
# prints (an oblast's rayons, a rayon's bodies): partitions for complementary suppression.
PARTS_OF = ("oblast_soate", "rayon_soate")
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
    """A count of people as a donor may read it: 1 to K-1 as the mark `SUPPRESSED`, else
    `number(n)`."""
    return SUPPRESSED if 0 < n < K else number(n)


def shows_hidden(*shown: object) -> bool:
    """Whether any of these (texts, tables, series, or lists of them) holds the hidden mark: a
    view then explains it (message `privacy.hidden_mark`), and only then."""
    for item in shown:
        if isinstance(item, str):
            if SUPPRESSED in item:
                return True
        elif isinstance(item, pd.DataFrame):
            if any(shows_hidden(item[column]) for column in item.columns):
                return True
        elif isinstance(item, pd.Series):
            if item.astype(str).str.contains(SUPPRESSED, regex=False).any():
                return True
        elif isinstance(item, Iterable) and shows_hidden(*item):
            return True
    return False


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


# A donor's follow-up list names what sent nobody, never what sent "no head" (`follow_up_seen`).
_DONOR_KINDS = {"rayon_without_head": "rayon_sent_nobody", "city_without_head": "city_sent_nobody"}


def follow_up_kind(kind: str, *, donor: bool) -> str:
    """The `kind` a follow-up row of `kind` (`coverage.follow_up`) carries for this viewer."""
    return _DONOR_KINDS.get(kind, kind) if donor else kind


def follow_up_seen(table: pd.DataFrame, *, donor: bool) -> pd.DataFrame:
    """The follow-up list (`call_list.call_list`) as this viewer may read it. A list of the
    rayons and cities with no head, beside the public list of all of them, names those whose
    head came by leaving them out, so a donor's list keeps only the rows that sent nobody
    (status "absent"), under kinds that say so; everyone else sees the list as it is."""
    if not donor:
        return table
    absent = table[table.status == "absent"]
    return absent.assign(kind=absent.kind.map(lambda k: follow_up_kind(k, donor=True))
                         ).reset_index(drop=True)


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

    Where a partition of a total (the column, the rows of one oblast or rayon: `PARTS_OF`)
    would hide exactly one cell, a second is hidden with it (`_complemented`), so the hidden
    count cannot be had by subtracting the shown parts from a total printed elsewhere.
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
    groups = [table[key] for key in PARTS_OF if key in table.columns]
    ties = table["soate"].astype(str) if "soate" in table.columns else None
    small = {column: _complemented(pd.to_numeric(table[column], errors="coerce"),
                                   _small(table[column], k), groups, ties)
             for column in person_columns}
    for share, sources in shares.items():
        hide = pd.Series(False, index=table.index)
        for source in sources:
            hide |= small[source] if source in small else _small(table[source], k)
        out[share] = _blank(out[share], hide, marker, "Float64")
    for column, hide in small.items():
        out[column] = _blank(out[column], hide, marker, "Int64")
    return out


def _complemented(counts: pd.Series, hidden: pd.Series, groups: list[pd.Series],
                  ties: pd.Series | None) -> pd.Series:
    """`hidden` with complementary cells added: while a partition (all rows, or the rows
    sharing one value of a `groups` key) hides exactly one cell, the smallest count in it that
    is neither hidden nor 0 is hidden too; of equal counts the first by `ties` (SOATE), so a
    page that sorts its rows otherwise hides the same one. The finest partitions go first, so
    one oblast's rayons are hidden alike in a table of all rayons and of that oblast alone."""
    hide = hidden.to_numpy(dtype=bool).copy()
    values = counts.fillna(0).to_numpy(dtype=float)
    order = pd.DataFrame({"count": values, "tie": "" if ties is None else ties.to_numpy()})
    rank = order.sort_values(["count", "tie"], kind="stable").index.to_numpy()  # positions
    partitions = []  # one row mask per partition, finest first; a missing key is in none
    for key in [*reversed(groups), pd.Series(0, index=counts.index)]:
        codes = pd.factorize(key.to_numpy(), use_na_sentinel=True)[0]
        partitions += [codes == code for code in range(codes.max(initial=-1) + 1)]
    changed = True
    while changed:
        changed = False
        for rows in partitions:
            open_ = rows & ~hide & (values > 0)
            if hide[rows].sum() == 1 and open_.any():
                hide[next(i for i in rank if open_[i])] = True
                changed = True
    return pd.Series(hide, index=hidden.index)


def _small(column: pd.Series, k: int) -> pd.Series:
    return pd.to_numeric(column, errors="coerce").between(1, k - 1, inclusive="both")


def _blank(column: pd.Series, hide: pd.Series, marker: str | None, dtype: str) -> pd.Series:
    if marker is not None:
        return column.astype(object).where(~hide, marker)
    return column.astype(dtype).mask(hide)
