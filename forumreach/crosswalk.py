"""Which bodies of a newer vintage hold the villages of each body of an older one.

The 2024-25 reform merged aiyl aimaks, moved some into cities and renumbered villages, so a
2018 event and a 2026 event name different units. Villages outlast the bodies that govern them:
each LSG body of OLD is linked to the NEW bodies that now hold its villages, found by village
code where the code persists (and still names the same village), else by village name within
the rayon, else by a name unique in the oblast. Every link says how many villages stand behind
it; a body split between several new ones, or with villages found nowhere, is flagged for a
person to confirm. Pure: gazetteers in, a table out.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
from rapidfuzz import fuzz

from forumreach import gazetteer, names
from forumreach.gazetteer import CITY_LEVELS, Gazetteer

COLUMNS = ["old_soate", "old_level", "old_name_ru", "old_rayon_soate", "new_soate", "new_level",
           "new_name_ru", "villages", "villages_total", "share", "matched_by", "flag"]
# Flags a person should look at; "ok" is one new body holding every village.
FLAGS = ("ok", "split", "partial", "unmatched")
_SAME_NAME = 90  # a persisting code must still name the same village (fuzz ratio of skeletons)


def _key(name: str) -> str:
    return names.skeleton(names.strip_unit_type(name) or name)


def _places(gaz: Gazetteer) -> pd.DataFrame:
    """Every place a body holds: its villages, and a city (or a body without villages) itself.

    Columns soate, key, unit_soate, rayon_soate, oblast_soate, is_body.
    """
    villages = gaz.villages[gaz.villages.unit_soate != ""]
    frames = [pd.DataFrame({
        "soate": villages.soate, "key": villages.name_ru.map(_key),
        "unit_soate": villages.unit_soate, "rayon_soate": villages.rayon_soate,
        "oblast_soate": villages.oblast_soate, "is_body": False})]
    bodies = gaz.lsg_bodies
    itself = bodies[bodies.level.isin(CITY_LEVELS) | ~bodies.soate.isin(villages.unit_soate)]
    frames.append(pd.DataFrame({
        "soate": itself.soate, "key": itself.base_ru.map(_key), "unit_soate": itself.soate,
        "rayon_soate": itself.rayon_soate, "oblast_soate": itself.oblast_soate,
        "is_body": True}))
    return pd.concat(frames, ignore_index=True)


class _Finder:
    """Where a place of OLD is in NEW, in this order:
    1. the same code naming the same place (a body's own code is enough: cities get renamed);
    2. the same name within the rayon, among NEW places that OLD does not already hold under
       that code and name (renumbered, moved or new), if one body holds it;
    3. the same, within the oblast; 4. the same, anywhere (Osh took in villages of Osh oblast);
    5. the same code under a new name; else unmatched.
    """

    def __init__(self, new: pd.DataFrame, old: pd.DataFrame,
                 rayon_pairs: dict[str, set[str]]) -> None:
        self.by_code = {r.soate: (r.unit_soate, r.key) for r in new.itertuples()}
        self.rayon_pairs = rayon_pairs
        held = set(zip(old.soate, old.key, strict=True))
        fresh = new[[pair not in held for pair in zip(new.soate, new.key, strict=True)]]
        self.in_rayon = fresh.groupby(["rayon_soate", "key"]).unit_soate.apply(set).to_dict()
        self.in_oblast = fresh.groupby(["oblast_soate", "key"]).unit_soate.apply(set).to_dict()
        self.anywhere = fresh.groupby("key").unit_soate.apply(set).to_dict()

    def find(self, place) -> tuple[str, str]:
        """(new unit_soate, how) or ("", "unmatched")."""
        hit = self.by_code.get(place.soate)
        if hit and (place.is_body or hit[1] == place.key
                    or fuzz.ratio(hit[1], place.key) >= _SAME_NAME):
            return hit[0], "code"
        steps = (
            ("name in rayon", set().union(*(self.in_rayon.get((r, place.key), set())
                                            for r in self.rayon_pairs.get(place.rayon_soate,
                                                                          set())))),
            ("name in oblast", self.in_oblast.get((place.oblast_soate, place.key), set())),
            ("name", self.anywhere.get(place.key, set())),
        )
        for how, units in steps:
            if len(units) == 1:
                return next(iter(units)), how
            if len(units) > 1:
                break  # several bodies hold that name: a person decides
        if hit:
            return hit[0], "code, renamed"
        return "", "unmatched"


def _rayon_pairs(old: Gazetteer, new: Gazetteer) -> dict[str, set[str]]:
    """Each old level-2 unit and the new ones standing for it: same code, else same name."""
    new_map2 = new.map2_units
    by_key: dict[str, set[str]] = {}
    for r in new_map2.itertuples():
        by_key.setdefault(_key(r.base_ru), set()).add(r.soate)
    pairs = {}
    for r in old.map2_units.itertuples():
        pairs[r.soate] = {r.soate} if r.soate in new_map2.index else by_key.get(
            _key(r.base_ru), set())
    return pairs


def crosswalk(old: Gazetteer, new: Gazetteer) -> pd.DataFrame:
    """One row per link from an LSG body of `old` to a body of `new` (COLUMNS).

    A body whose villages are (partly) found nowhere gets a row with an empty `new_soate` for
    them. `flag` is the body's: ok, split (several new bodies), partial (some villages not
    found), unmatched (none found).
    """
    old_places, new_places = _places(old), _places(new)
    finder = _Finder(new_places, old_places, _rayon_pairs(old, new))
    found = [finder.find(p) for p in old_places.itertuples()]
    old_places["new_soate"] = [f[0] for f in found]
    old_places["how"] = [f[1] for f in found]
    new_units = new.units
    links_of: dict[str, Counter] = {}
    hows_of: dict[tuple[str, str], set[str]] = {}
    for unit, soate, how in zip(old_places.unit_soate, old_places.new_soate, old_places.how,
                                strict=True):
        links_of.setdefault(unit, Counter())[soate] += 1
        hows_of.setdefault((unit, soate), set()).add(how)
    rows = []
    for body in old.lsg_bodies.itertuples():
        links = links_of.get(body.soate, Counter())
        total = sum(links.values())
        held = [s for s in links if s]
        flag = ("unmatched" if not held else "split" if len(held) > 1
                else "partial" if links.get("", 0) else "ok")
        for soate, n in sorted(links.items(), key=lambda kv: (-kv[1], kv[0])):
            known = soate in new_units.index
            rows.append({
                "old_soate": body.soate, "old_level": body.level, "old_name_ru": body.name_ru,
                "old_rayon_soate": body.rayon_soate, "new_soate": soate,
                "new_level": new_units.at[soate, "level"] if known else "",
                "new_name_ru": new_units.at[soate, "name_ru"] if known else "",
                "villages": int(n), "villages_total": total,
                "share": round(n / total, 4) if total else None,
                "matched_by": "+".join(sorted(hows_of[(body.soate, soate)])), "flag": flag,
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def primary_links(table: pd.DataFrame) -> dict[str, str]:
    """Old body → the new body holding most of its villages (none for an unmatched body)."""
    held = table[table.new_soate != ""].sort_values(["old_soate", "villages", "new_soate"],
                                                    ascending=[True, False, True])
    return held.drop_duplicates("old_soate").set_index("old_soate").new_soate.to_dict()


def to_vintage(participants: pd.DataFrame, from_vintage: str, to_vintage: str,
               table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Participants of an event matched on `from_vintage`, put on the units of `to_vintage`.

    Each body becomes the new body holding most of its villages; `unit_soate_before` keeps the
    old code and `crosswalk_flag` the link's flag, so a page can say what was carried and how.
    A body the crosswalk cannot place loses its unit (unknown, never guessed). Other rows keep
    their rayon where its code persists. For the Compare and Reach pages.
    """
    if from_vintage == to_vintage:
        return participants.copy()
    old, new = gazetteer.load(from_vintage), gazetteer.load(to_vintage)
    table = crosswalk(old, new) if table is None else table
    links = primary_links(table)
    flags = table.drop_duplicates("old_soate").set_index("old_soate").flag.to_dict()
    out = participants.copy()
    out["unit_soate_before"] = out.unit_soate
    is_body = out.unit_soate.isin(old.lsg_bodies.soate)
    moved = out.unit_soate.map(links)
    out["unit_soate"] = out.unit_soate.where(~is_body, moved)
    out["crosswalk_flag"] = out.unit_soate_before.map(flags).where(is_body, None)
    units = new.units
    rayon = out.unit_soate.map(units.rayon_soate)
    oblast = out.unit_soate.map(units.oblast_soate)
    keep_rayon = out.rayon_soate.where(out.rayon_soate.isin(units.soate))
    keep_oblast = out.oblast_soate.where(out.oblast_soate.isin(units.soate))
    out["rayon_soate"] = rayon.where(is_body, keep_rayon)
    out["oblast_soate"] = oblast.where(is_body, keep_oblast)
    return out
