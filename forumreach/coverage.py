"""Every number the pages show: which LSG bodies, rayons, cities and oblasts an event reached.

Input is a matched participant table (one row per person, `unit_soate` set for LSG bodies,
`is_head`, `gender`); output is aggregates only, so donor views never touch personal fields.
"""

from __future__ import annotations

import pandas as pd

from forumreach.gazetteer import CITY_LEVELS, MAP1_LEVELS, MAP2_LEVELS, Gazetteer
from forumreach.gender import genders

HEAD_ROLES = ("head", "acting_head")
CITY_STATUSES = ("head", "present", "absent")


def lsg_rows(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Participant rows that stand for a known LSG body of this vintage, with its unit facts."""
    if participants.empty or "unit_soate" not in participants:
        return pd.DataFrame(columns=["unit_soate", "level", "rayon_soate", "oblast_soate",
                                     "is_head", "female"])
    rows = participants[participants.unit_soate.fillna("").isin(gaz.lsg_bodies.soate)]
    units = gaz.units[["level", "rayon_soate", "oblast_soate"]]
    out = rows[["unit_soate"]].join(units, on="unit_soate")
    out["is_head"] = _is_head(rows)
    out["female"] = genders(rows.get("gender", pd.Series("", index=rows.index))).eq("female")
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


def headline(participants: pd.DataFrame, gaz: Gazetteer) -> dict:
    """Headline figures against the vintage's totals (484 bodies, 40 rayons, 31 cities)."""
    status = lsg_status(participants, gaz)
    rows = lsg_rows(participants, gaz)
    came = status[status.status != "absent"]
    rural = came[came.level == "aiyl_aimak"]
    urban = came[came.level.isin(CITY_LEVELS)]
    in_rayons = came[came.level.isin(["aiyl_aimak", "city_rayon"])]
    heads = came[came.status == "head"]
    return {
        "participants": len(participants),
        "lsg_participants": len(rows),
        "guests": len(participants) - len(rows),
        "lsg_bodies_present": len(came),
        "lsg_bodies_total": len(status),
        "aiyl_aimaks_present": len(rural),
        "aiyl_aimaks_total": int((status.level == "aiyl_aimak").sum()),
        "cities_present": len(urban),
        "cities_total": int(status.level.isin(CITY_LEVELS).sum()),
        "rayons_covered": in_rayons.rayon_soate.nunique(),
        "rayons_total": len(gaz.rayons),
        "bodies_with_head": len(heads),
        "rayons_with_head": heads[heads.level.isin(["aiyl_aimak", "city_rayon"])]
        .rayon_soate.nunique(),
        "cities_with_head": int(heads.level.isin(CITY_LEVELS).sum()),
        "women_share": round(float(rows.female.mean()), 4) if len(rows) else 0.0,
    }


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
    status = lsg_status(participants, gaz)
    table = _area_table(status, "oblast_soate", gaz.level(*MAP1_LEVELS))
    covered = status[(status.status != "absent") & status.level.isin(["aiyl_aimak", "city_rayon"])]
    rayons = gaz.rayons
    table["rayons_total"] = table.soate.map(rayons.groupby("oblast_soate").size()).fillna(0)
    table["rayons_covered"] = table.soate.map(
        covered.groupby("oblast_soate").rayon_soate.nunique()
    ).fillna(0)
    return table.astype({"rayons_total": int, "rayons_covered": int})


def by_rayon(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Per map level-2 unit (40 rayons and 15 cities with their own polygon)."""
    status = lsg_status(participants, gaz)
    return _area_table(status, "rayon_soate", gaz.level(*MAP2_LEVELS))


def city_status(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """The 31 cities with head / present / absent, for the city points on the map."""
    status = lsg_status(participants, gaz)
    return status[status.level.isin(CITY_LEVELS)].reset_index(drop=True)


def rayons_without_head(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Rayons where no aiyl aimak or rayon city sent its head: the organizers' follow-up."""
    status = lsg_status(participants, gaz)
    in_rayons = status[status.level.isin(["aiyl_aimak", "city_rayon"])]
    with_head = set(in_rayons[in_rayons.status == "head"].rayon_soate)
    return gaz.rayons[~gaz.rayons.soate.isin(with_head)][["soate", "oblast_soate"]].reset_index(
        drop=True
    )


def cities_without_head(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    status = city_status(participants, gaz)
    return status[status.status != "head"].reset_index(drop=True)


def absent_aiyl_aimaks(participants: pd.DataFrame, gaz: Gazetteer) -> pd.DataFrame:
    """Aiyl aimaks nobody came from, per rayon."""
    status = lsg_status(participants, gaz)
    absent = status[(status.level == "aiyl_aimak") & (status.status == "absent")]
    return absent[["soate", "rayon_soate", "oblast_soate"]].reset_index(drop=True)
