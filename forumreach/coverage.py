"""Every number the pages show: which LSG bodies, rayons, cities and oblasts an event reached.

Input is a matched participant table (one row per person, `unit_soate` set for LSG bodies,
`is_head`, `gender`); output is aggregates only, so donor views never touch personal fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from forumreach.gazetteer import CITY_LEVELS, MAP1_LEVELS, MAP2_LEVELS, Gazetteer
from forumreach.gender import genders
from forumreach.i18n import UNKNOWN, Translator, is_unknown
from forumreach.roles import HEAD_ROLES
from forumreach.schema import UNRESOLVED

CITY_STATUSES = ("head", "present", "absent")
# LSG bodies that lie inside a rayon: they make a rayon "covered".
IN_RAYON_LEVELS = ("aiyl_aimak", "city_rayon")


def counted(participants: pd.DataFrame) -> pd.DataFrame:
    """The rows that count: a likely duplicate registration (`duplicate_of` set) counts once,
    as the row it repeats."""
    if "duplicate_of" not in participants:
        return participants
    return participants[participants.duplicate_of.isna()]


def unresolved(participants: pd.DataFrame) -> pd.Series:
    """Rows a person still has to decide: never an LSG body, never a guest."""
    if "match_status" not in participants:
        return pd.Series(False, index=participants.index)
    return participants.match_status.isin(UNRESOLVED)


def lsg_rows(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Participant rows that stand for a known LSG body of this vintage, with its unit facts.

    `female` is True, False, or NA where the sheet gives no gender: unknown is not "a man".
    """
    if participants.empty or "unit_soate" not in participants:
        return pd.DataFrame(columns=["unit_soate", "level", "rayon_soate", "oblast_soate",
                                     "is_head", "female"])
    people = counted(participants)
    rows = people[people.unit_soate.fillna("").isin(gaz.lsg_bodies.soate) & ~unresolved(people)]
    units = gaz.units[["level", "rayon_soate", "oblast_soate"]]
    out = rows[["unit_soate"]].join(units, on="unit_soate")
    out["is_head"] = _is_head(rows)
    gender = genders(rows.get("gender", pd.Series("", index=rows.index)))
    out["female"] = gender.eq("female").astype("boolean").where(gender != "")
    return out


def _is_head(rows: pd.DataFrame) -> pd.Series:
    if "is_head" in rows:
        return rows.is_head.astype(str).str.lower().isin(["true", "1"])
    return rows.get("role", pd.Series("", index=rows.index)).isin(HEAD_ROLES)


def bodies_present(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """One row per LSG body present: how many came, whether its head came, how many women."""
    rows = lsg_rows(participants, gaz)
    grouped = rows.groupby("unit_soate").agg(
        participants=("unit_soate", "size"),
        head_present=("is_head", "any"),
        women=("female", "sum"),
    )
    return grouped.join(gaz.units[["level", "rayon_soate", "oblast_soate"]])


def lsg_status(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Every LSG body of the vintage with `status`: head, present or absent."""
    present = bodies_present(participants, gaz)
    bodies = gaz.lsg_bodies[["soate", "level", "rayon_soate", "oblast_soate"]].copy()
    bodies["participants"] = present.participants.reindex(bodies.index).fillna(0).astype(int)
    head = present.head_present.reindex(bodies.index).astype("boolean").fillna(False)
    bodies["status"] = "absent"
    bodies.loc[bodies.participants > 0, "status"] = "present"
    bodies.loc[head.astype(bool), "status"] = "head"
    return bodies


@dataclass(frozen=True)
class Headline:
    """An event's headline figures against the vintage's totals (484 bodies, 40 rayons, 31
    cities). Every row is in exactly one of `lsg_participants`, `rows_not_lsg` and
    `rows_unresolved`, and these add up to `participants` (likely duplicates counted once).
    `women_share` is None when no LSG participant's gender is known."""

    participants: int
    lsg_participants: int
    rows_not_lsg: int
    rows_unresolved: int
    likely_duplicates: int
    lsg_bodies_present: int
    lsg_bodies_total: int
    aiyl_aimaks_present: int
    aiyl_aimaks_total: int
    cities_present: int
    cities_total: int
    rayons_covered: int
    rayons_total: int
    bodies_with_head: int
    rayons_with_head: int
    cities_with_head: int
    women_share: float | None
    gender_known: int  # LSG participants whose gender the sheet gives: the share's base

    def as_dict(self) -> dict:
        return asdict(self)


# The figures `python -m forumreach coverage` prints for one sheet (a stable JSON interface).
SHEET_FIGURES = (
    "participants", "rows_not_lsg", "rows_unresolved", "lsg_bodies_present", "rayons_covered",
    "cities_present", "bodies_with_head", "women_share", "likely_duplicates",
)


def headline(participants: pd.DataFrame, gaz: Gazetteer) -> Headline:
    return _headline(participants, lsg_status(participants, gaz), lsg_rows(participants, gaz), gaz)


def women_share(rows: pd.DataFrame) -> float | None:
    """Women among the LSG participants whose gender is known; None when nobody's is."""
    known = rows.female.dropna()
    return round(float(known.astype(bool).mean()), 4) if len(known) else None


def gender_basis(head: Headline) -> str:
    """What the share of women rests on: every LSG participant's gender (`known`), only some
    (`partly`), or nobody's (`unknown`, the share is None)."""
    if head.women_share is None:
        return "unknown"
    return "known" if head.gender_known == head.lsg_participants else "partly"


def _headline(
    participants: pd.DataFrame, status: pd.DataFrame, rows: pd.DataFrame, gaz: Gazetteer
) -> Headline:
    came = status[status.status != "absent"]
    rural = came[came.level == "aiyl_aimak"]
    urban = came[came.level.isin(CITY_LEVELS)]
    in_rayons = came[came.level.isin(IN_RAYON_LEVELS)]
    heads = came[came.status == "head"]
    people = counted(participants)
    open_rows = int(unresolved(people).sum())
    return Headline(
        participants=len(people),
        lsg_participants=len(rows),
        rows_not_lsg=len(people) - len(rows) - open_rows,
        rows_unresolved=open_rows,
        likely_duplicates=len(participants) - len(people),
        lsg_bodies_present=len(came),
        lsg_bodies_total=len(status),
        aiyl_aimaks_present=len(rural),
        aiyl_aimaks_total=int((status.level == "aiyl_aimak").sum()),
        cities_present=len(urban),
        cities_total=int(status.level.isin(CITY_LEVELS).sum()),
        rayons_covered=in_rayons.rayon_soate.nunique(),
        rayons_total=len(gaz.rayons),
        bodies_with_head=len(heads),
        rayons_with_head=heads[heads.level.isin(IN_RAYON_LEVELS)].rayon_soate.nunique(),
        cities_with_head=int(heads.level.isin(CITY_LEVELS).sum()),
        women_share=women_share(rows),
        gender_known=int(rows.female.notna().sum()),
    )


def _area_table(status: pd.DataFrame, key: str, areas: pd.DataFrame) -> pd.DataFrame:
    came = status.status != "absent"
    table = pd.DataFrame({
        "bodies_total": status.groupby(key).size(),
        "bodies_present": came.groupby(status[key]).sum(),
        "heads_present": (status.status == "head").groupby(status[key]).sum(),
        "aiyl_aimaks_total": (status.level == "aiyl_aimak").groupby(status[key]).sum(),
        "aiyl_aimaks_present": ((status.level == "aiyl_aimak") & came).groupby(status[key]).sum(),
    }).reindex(areas.soate).fillna(0).astype(int)
    present, total = table.bodies_present, table.bodies_total
    table["share_present"] = (present / total.where(total > 0)).fillna(0).round(4)
    table["share_aiyl_aimaks"] = (
        table.aiyl_aimaks_present / table.aiyl_aimaks_total.where(table.aiyl_aimaks_total > 0)
    ).fillna(0).round(4)
    table.index.name = "soate"
    return table.reset_index()


def by_oblast(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Per map level-1 unit (7 oblasts, Bishkek, Osh), including rayons covered."""
    return _by_oblast(lsg_status(participants, gaz), gaz)


def _by_oblast(status: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    table = _area_table(status, "oblast_soate", gaz.level(*MAP1_LEVELS))
    covered = status[(status.status != "absent") & status.level.isin(IN_RAYON_LEVELS)]
    rayons = gaz.rayons
    table["rayons_total"] = table.soate.map(rayons.groupby("oblast_soate").size()).fillna(0)
    table["rayons_covered"] = table.soate.map(
        covered.groupby("oblast_soate").rayon_soate.nunique()
    ).fillna(0)
    return table.astype({"rayons_total": int, "rayons_covered": int})


def rayons_where_they_apply(areas: pd.DataFrame) -> pd.DataFrame:
    """The table by oblast with `rayons_covered` and `rayons_total` unknown (NA) for an area
    that has no rayons: Bishkek and Osh are republican cities, so "rayons covered" does not
    apply to them, and "0 / 0" would read as "none of none". Pages show it as "—", exports as
    an empty cell. (The stable JSON of `reach --format json` keeps its integers.)"""
    applies = areas.rayons_total > 0
    return areas.assign(**{column: areas[column].astype("Int64").where(applies)
                           for column in ("rayons_covered", "rayons_total")})


def ratios(counts, totals, t: Translator) -> list[str]:
    """"5 / 7" for each area, and "—" (`i18n.UNKNOWN`) where there is no total: Bishkek and Osh
    have no rayons and no aiyl aimaks, and "0 / 0" would read as "none of none". The one text
    of a count against a total that may not apply, on the pages and in the donor reports."""
    return [UNKNOWN if is_unknown(total) or not total else t.ratio(count, total)
            for count, total in zip(counts, totals, strict=True)]


def with_rayons_ratio(areas: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """The table by oblast with `rayons_covered` as one column of text, "5 / 7" (`ratios`)."""
    return areas.assign(rayons_covered=ratios(areas.rayons_covered, areas.rayons_total, t))


def by_rayon(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Per map level-2 unit (40 rayons and 15 cities with their own polygon)."""
    return _by_rayon(lsg_status(participants, gaz), gaz)


def _by_rayon(status: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    table = _area_table(status, "rayon_soate", gaz.level(*MAP2_LEVELS))
    table["oblast_soate"] = table.soate.map(gaz.units.oblast_soate)
    return table


def city_status(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """The 31 cities with head / present / absent, for the city points on the map."""
    return _city_status(lsg_status(participants, gaz))


def _city_status(status: pd.DataFrame) -> pd.DataFrame:
    return status[status.level.isin(CITY_LEVELS)].reset_index(drop=True)


def rayons_without_head(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Rayons where no aiyl aimak or rayon city sent its head: the organizers' follow-up."""
    return _rayons_without_head(lsg_status(participants, gaz), gaz)


def _rayons_without_head(status: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    in_rayons = status[status.level.isin(IN_RAYON_LEVELS)]
    with_head = set(in_rayons[in_rayons.status == "head"].rayon_soate)
    return gaz.rayons[~gaz.rayons.soate.isin(with_head)][["soate", "oblast_soate"]].reset_index(
        drop=True
    )


def cities_without_head(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    return _cities_without_head(lsg_status(participants, gaz))


def _cities_without_head(status: pd.DataFrame) -> pd.DataFrame:
    cities = _city_status(status)
    return cities[cities.status != "head"].reset_index(drop=True)


def absent_aiyl_aimaks(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Aiyl aimaks nobody came from, per rayon."""
    return _absent_aiyl_aimaks(lsg_status(participants, gaz))


def _absent_aiyl_aimaks(status: pd.DataFrame) -> pd.DataFrame:
    absent = status[(status.level == "aiyl_aimak") & (status.status == "absent")]
    return absent[["soate", "rayon_soate", "oblast_soate"]].reset_index(drop=True)


# --- One event's coverage, computed once per page view ---------------------------------------


@dataclass(frozen=True)
class Coverage:
    """All aggregates of one event, from one pass over its participants.

    Pages show several of these at once; computing `lsg_status` once instead of per table keeps a
    rerun cheap. Aggregates only: nothing here names a person.
    """

    vintage: str
    headline: Headline
    bodies: pd.DataFrame
    oblasts: pd.DataFrame
    rayons: pd.DataFrame
    cities: pd.DataFrame
    rayons_without_head: pd.DataFrame
    cities_without_head: pd.DataFrame
    absent_aiyl_aimaks: pd.DataFrame


def summarise(participants: pd.DataFrame, gaz: Gazetteer) -> Coverage:
    status = lsg_status(participants, gaz)
    rows = lsg_rows(participants, gaz)
    return Coverage(
        vintage=gaz.vintage,
        headline=_headline(participants, status, rows, gaz),
        bodies=status.reset_index(drop=True),
        oblasts=_by_oblast(status, gaz),
        rayons=_by_rayon(status, gaz),
        cities=_city_status(status),
        rayons_without_head=_rayons_without_head(status, gaz),
        cities_without_head=_cities_without_head(status),
        absent_aiyl_aimaks=_absent_aiyl_aimaks(status),
    )


def rural_urban(cov: Coverage) -> pd.DataFrame:
    """Aiyl aimaks (rural) against cities (urban): present, with head, of how many."""
    bodies = cov.bodies
    kind = bodies.level.map(lambda level: "urban" if level in CITY_LEVELS else "rural")
    came = bodies.status != "absent"
    table = pd.DataFrame({
        "bodies_present": came.groupby(kind).sum(),
        "heads_present": (bodies.status == "head").groupby(kind).sum(),
        "bodies_total": kind.value_counts(),
    }).reindex(["rural", "urban"]).fillna(0).astype(int)
    table["share_present"] = (table.bodies_present / table.bodies_total.where(
        table.bodies_total > 0)).fillna(0).round(4)
    table.index.name = "kind"
    return table.reset_index()


def follow_up(cov: Coverage) -> pd.DataFrame:
    """The organizers' call list in one table: rayons and cities with no head, absent aiyl aimaks.

    `kind` says which of the three a row is; `status` is the body's own (present or absent) for
    cities and aiyl aimaks and empty for a rayon, which is not an LSG body itself.
    """
    rayons = cov.rayons_without_head.assign(
        kind="rayon_without_head", rayon_soate=cov.rayons_without_head.soate, status="")
    cities = cov.cities_without_head.assign(kind="city_without_head")
    absent = cov.absent_aiyl_aimaks.assign(kind="absent_aiyl_aimak", status="absent")
    columns = ["kind", "soate", "rayon_soate", "oblast_soate", "status"]
    table = pd.concat([rayons[columns], cities[columns], absent[columns]], ignore_index=True)
    return table.sort_values(["kind", "oblast_soate", "rayon_soate", "soate"],
                             key=lambda s: s.map(_KIND_ORDER) if s.name == "kind" else s,
                             ignore_index=True)


_KIND_ORDER = {"rayon_without_head": 0, "city_without_head": 1, "absent_aiyl_aimak": 2}


def absent_by_rayon(cov: Coverage) -> pd.DataFrame:
    """Per rayon with aiyl aimaks: how many sent nobody, most absent first."""
    table = cov.rayons[cov.rayons.aiyl_aimaks_total > 0].copy()
    table["aiyl_aimaks_absent"] = table.aiyl_aimaks_total - table.aiyl_aimaks_present
    return table[["soate", "oblast_soate", "aiyl_aimaks_absent", "aiyl_aimaks_total",
                  "share_aiyl_aimaks"]].sort_values(
        ["aiyl_aimaks_absent", "soate"], ascending=[False, True], ignore_index=True)


def areas_in_oblast(cov: Coverage, oblast_soate: str) -> pd.DataFrame:
    """The rayons and cities with their own polygon inside one oblast, for a drill-down."""
    return cov.rayons[cov.rayons.oblast_soate == oblast_soate].reset_index(drop=True)


def bodies_in(cov: Coverage, area_soate: str) -> pd.DataFrame:
    """The LSG bodies inside an oblast or a rayon (or the city itself), heads first."""
    bodies = cov.bodies
    inside = (
        (bodies.oblast_soate == area_soate)
        | (bodies.rayon_soate == area_soate)
        | (bodies.soate == area_soate)
    )
    order = bodies.status.map({"head": 0, "present": 1, "absent": 2})
    return bodies[inside].assign(_order=order).sort_values(["_order", "soate"]).drop(
        columns="_order").reset_index(drop=True)


HEADLINE_CHANGES = (
    "lsg_bodies_present", "aiyl_aimaks_present", "cities_present", "rayons_covered",
    "bodies_with_head", "women_share",
)


def headline_change(before: Coverage, after: Coverage) -> pd.DataFrame:
    """The headline figures of two events side by side with the difference."""
    rows = []
    for key in HEADLINE_CHANGES:
        a, b = getattr(before.headline, key), getattr(after.headline, key)
        change = None if a is None or b is None else round(b - a, 4)
        rows.append({"figure": key, "before": a, "after": b, "change": change})
    return pd.DataFrame(rows)


def area_change(before: Coverage, after: Coverage, level: str = "rayon") -> pd.DataFrame:
    """Per map area: bodies present and share in each event and the change, for the change map.

    Both events must use the same vintage, or areas would not line up.
    """
    if before.vintage != after.vintage:
        raise ValueError(f"cannot compare vintage {before.vintage} with {after.vintage}")
    a, b = (c.rayons if level == "rayon" else c.oblasts for c in (before, after))
    table = a[["soate", "bodies_total"]].copy()
    table["bodies_present_before"] = a.bodies_present.to_numpy()
    table["bodies_present_after"] = b.set_index("soate").bodies_present.reindex(a.soate).to_numpy()
    table["change"] = table.bodies_present_after - table.bodies_present_before
    table["share_change"] = (
        b.set_index("soate").share_present.reindex(a.soate).to_numpy() - a.share_present
    ).round(4)
    return table


def filter_participants(
    participants: pd.DataFrame,
    *,
    oblasts: list[str] | None = None,
    rayons: list[str] | None = None,
    roles: list[str] | None = None,
    match_statuses: list[str] | None = None,
) -> pd.DataFrame:
    """Participants matching every filter given; an empty or missing filter lets all through."""
    keep = pd.Series(True, index=participants.index)
    for column, wanted in (
        ("oblast_soate", oblasts), ("rayon_soate", rayons), ("role", roles),
        ("match_status", match_statuses),
    ):
        if wanted:
            keep &= participants[column].fillna("").isin(wanted)
    return participants[keep]
