"""The LSG bodies of one vintage, with their rayons and oblasts.

A vintage is a folder `data/vintages/<vintage>/` (units.csv, aliases.csv, vintage.json), so a later
classifier, such as the one after the 2024-25 reform, is added as data without touching code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from forumreach import DATA_DIR, DEFAULT_VINTAGE

LEVELS = ("oblast", "city_republican", "rayon", "city_oblast", "city_rayon", "aiyl_aimak")
LSG_LEVELS = ("city_republican", "city_oblast", "city_rayon", "aiyl_aimak")
CITY_LEVELS = ("city_republican", "city_oblast", "city_rayon")
# Level-2 map units: what a rayon column or a map region can name.
MAP2_LEVELS = ("rayon", "city_republican", "city_oblast")
MAP1_LEVELS = ("oblast", "city_republican")
VILLAGE_COLUMNS = ["soate", "level", "name_ru", "name_ky", "unit_soate", "rayon_soate",
                   "oblast_soate"]


class GazetteerError(ValueError):
    """A vintage folder that does not hold what its vintage.json promises."""


@dataclass(frozen=True)
class Gazetteer:
    vintage: str
    units: pd.DataFrame
    aliases: pd.DataFrame
    meta: dict = field(repr=False)
    # Villages and settlements with the body that governs them (`unit_soate`, "" for none).
    # People write their village instead of the aiyl aimak; a vintage without them has none.
    villages: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=VILLAGE_COLUMNS),
                                   repr=False)

    def level(self, *levels: str) -> pd.DataFrame:
        return self.units[self.units.level.isin(levels)]

    @property
    def lsg_bodies(self) -> pd.DataFrame:
        return self.level(*LSG_LEVELS)

    @property
    def rayons(self) -> pd.DataFrame:
        return self.level("rayon")

    @property
    def cities(self) -> pd.DataFrame:
        return self.level(*CITY_LEVELS)

    @property
    def map2_units(self) -> pd.DataFrame:
        return self.level(*MAP2_LEVELS)

    @property
    def map1_units(self) -> pd.DataFrame:
        return self.level(*MAP1_LEVELS)

    def name(self, soate: str, lang: str) -> str:
        return str(self.units.at[soate, f"name_{lang}"]) if soate in self.units.index else ""


def vintage_dir(vintage: str) -> Path:
    return DATA_DIR / "vintages" / vintage


def available_vintages() -> list[str]:
    root = DATA_DIR / "vintages"
    return sorted(p.name for p in root.iterdir() if (p / "vintage.json").exists())


@lru_cache(maxsize=8)
def load(vintage: str = DEFAULT_VINTAGE) -> Gazetteer:
    """Load and check one vintage; cached because every page and every import needs it."""
    folder = vintage_dir(vintage)
    if not (folder / "vintage.json").exists():
        # A classifier the user loaded lives with the user's data (the store), not in data/.
        from forumreach import vintages
        from forumreach.store import StoreUnavailable

        try:
            stored = vintages.stored_gazetteer(vintage)
        except StoreUnavailable as err:
            raise GazetteerError(f"no vintage {vintage!r} in {folder.parent}; {err}") from None
        if stored is None:
            raise GazetteerError(f"no vintage {vintage!r} in {folder.parent} or the store")
        return stored
    meta = json.loads((folder / "vintage.json").read_text(encoding="utf-8"))
    units = pd.read_csv(folder / "units.csv", dtype=str, keep_default_na=False)
    units["is_lsg"] = units.is_lsg.eq("True")
    units.index = units.soate
    units.index.name = None
    aliases_path = folder / "aliases.csv"
    aliases = (
        pd.read_csv(aliases_path, dtype=str, keep_default_na=False)
        if aliases_path.exists()
        else pd.DataFrame(columns=["soate", "alias", "source"])
    )
    villages_path = folder / "villages.csv"
    villages = (
        pd.read_csv(villages_path, dtype=str, keep_default_na=False)
        if villages_path.exists()
        else pd.DataFrame(columns=VILLAGE_COLUMNS)
    )
    check_counts(units, meta)
    return Gazetteer(vintage=vintage, units=units, aliases=aliases, meta=meta, villages=villages)


def check_counts(units: pd.DataFrame, meta: dict) -> None:
    """A vintage must hold exactly the counts its vintage.json states."""
    found = units.level.value_counts().to_dict()
    expected = meta.get("expected_counts", {})
    wrong = {k: (found.get(k, 0), v) for k, v in expected.items() if found.get(k, 0) != v}
    if wrong:
        detail = ", ".join(f"{k}: {got} found, {want} expected" for k, (got, want) in wrong.items())
        raise GazetteerError(f"vintage {meta.get('vintage')}: {detail}")
    if "lsg_bodies" in meta and int(units.is_lsg.sum()) != meta["lsg_bodies"]:
        raise GazetteerError(f"vintage {meta.get('vintage')}: LSG body count differs")


UNIT_COLUMNS = ["soate", "level", "name_ru", "name_ky", "name_en", "rayon_soate", "oblast_soate"]


def units_table(vintage: str = DEFAULT_VINTAGE) -> pd.DataFrame:
    """The stable public table (`python -m forumreach units`): its first columns never change."""
    units = load(vintage).units
    rest = [c for c in units.columns if c not in UNIT_COLUMNS]
    return units[UNIT_COLUMNS + rest].reset_index(drop=True)
