"""Build data/vintages/2018/ (units.csv, aliases.csv) from ../shared/reference/.

Run: `python scripts/build_gazetteer.py [--reference DIR]`. The output is committed, so a fresh
clone needs no ../shared; re-running must reproduce it byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forumreach import names, vintages  # noqa: E402
from forumreach.vintages import (  # noqa: E402  (one home: a user's classifier is named alike)
    aiyl_aimak_stem,
    base_from_villages,
    ky_aiyl_aimak_base,
    named,
    pcode,
)

VINTAGE = "2018"
OUT = ROOT / "data" / "vintages" / VINTAGE
LSG_LEVELS = ("city_republican", "city_oblast", "city_rayon", "aiyl_aimak")
KEPT_LEVELS = ("oblast", "city_republican", "rayon", *LSG_LEVELS[1:])

# Known mistakes in OCHA's 2018 gazetteer (shared/reference/README.md, "Name quirks").
OCHA_EN_FIXES = {"Ak-Bashy": "At-Bashy", "Kochokor": "Kochkor", "Moscow": "Moskva"}

# Cities of rayon significance are not in OCHA's layers: their Kyrgyz and Latin names are
# curated here from the cities' own official spelling.
CITY_RAYON_NAMES = {
    "Чолпон-Ата": ("Чолпон-Ата", "Cholpon-Ata"),
    "Кербен": ("Кербен", "Kerben"),
    "Кочкор-Ата": ("Кочкор-Ата", "Kochkor-Ata"),
    "Токтогул": ("Токтогул", "Toktogul"),
    "Исфана": ("Исфана", "Isfana"),
    "Айдаркен": ("Айдаркен", "Aidarken"),
    "Кадамжай": ("Кадамжай", "Kadamjai"),
    "Кара-Суу": ("Кара-Суу", "Kara-Suu"),
    "Ноокат": ("Ноокат", "Nookat"),
    "Узген": ("Өзгөн", "Uzgen"),
    "Кант": ("Кант", "Kant"),
    "Кара-Балта": ("Кара-Балта", "Kara-Balta"),
    "Орловка": ("Орловка", "Orlovka"),
    "Кемин": ("Кемин", "Kemin"),
    "Каинды": ("Кайыңды", "Kaindy"),
    "Шопоков": ("Шопоков", "Shopokov"),
}

# Second public list (README "Cross-check"): spellings people use for the same code.
CROSS_CHECK_ALIASES = [
    ("Кок-Джарский", "Кек-Джарский"),
    ("Кок-Ойрокский", "Кек-Ойрокский"),
    ("Жаны-Алышский", "Джаны-Алышский"),
    ("Алмалунский", "Алмалинский"),
    ("Он Эки-Бельский", "Он Эки-Бельски"),
    ("Абсамат Масалиевский", "Абсамат Мсалиевский"),
]
# Renamed after 2018: the later name is kept as an alias so newer sheets still match.
LATER_NAMES = {"41707215000000": ["Айтматовский район", "Aitmatov district"]}


def load_reference(ref: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    soate = pd.read_csv(ref / "soate_2018.csv", dtype=str, keep_default_na=False)
    adm1 = pd.read_csv(
        ref / "boundaries" / "kgz_adm1_gazetteer_cod2018.csv", dtype=str, keep_default_na=False
    )
    adm2 = pd.read_csv(
        ref / "boundaries" / "kgz_adm2_gazetteer_cod2018.csv", dtype=str, keep_default_na=False
    )
    return soate, adm1, adm2


def clean_ocha(text: str) -> str:
    """OCHA's KY names use U+04CA for ң and carry trailing no-break spaces."""
    return text.replace("\u04ca", "\u04a3").replace("\u04c9", "\u04a2").replace("\xa0", " ").strip()


def build_units(soate: pd.DataFrame, adm1: pd.DataFrame, adm2: pd.DataFrame) -> pd.DataFrame:
    ocha1 = adm1.set_index("SOATE")
    ocha2 = adm2.set_index("SOATE")
    villages = soate[soate.level.isin(["village", "settlement"])].groupby("parent_soate")[
        "name_ru"
    ].apply(list)
    rows = []
    for r in soate[soate.level.isin(KEPT_LEVELS)].itertuples(index=False):
        row = {
            "soate": r.soate,
            "pcode": pcode(r.soate),
            "level": r.level,
            "parent_soate": r.parent_soate,
            "oblast_soate": r.oblast_soate,
            "rayon_soate": r.rayon_soate,
            "is_lsg": r.level in LSG_LEVELS,
            "name_ru": r.name_ru,
        }
        if r.level in ("oblast", "city_republican"):
            o = ocha1.loc[r.soate]
            ky, en = clean_ocha(o.ADM1_KY), clean_ocha(o.ADM1_EN)
            if r.level == "oblast":
                row |= named(o.ADM1_RU, ky, en, "oblast", "ocha")
            else:
                city = ky.removesuffix(" ш.")
                row |= named(city, city, en.removesuffix(" (city)"), "city", "ocha")
        elif r.level in ("rayon", "city_oblast"):
            o = ocha2.loc[r.soate]
            ky, en = clean_ocha(o.ADM2_KY), OCHA_EN_FIXES.get(o.ADM2_EN, o.ADM2_EN)
            if r.level == "rayon":
                row |= named(o.ADM2_RU, ky, en, "rayon", "ocha")
            else:
                row |= named(r.name_ru.removeprefix("г. "), ky.removesuffix(" ш."),
                             en.removesuffix(" (city)"), "city", "ocha")
        elif r.level == "city_rayon":
            ky, en = CITY_RAYON_NAMES[r.name_ru]
            row |= named(r.name_ru, ky, en, "city", "curated")
        else:
            stem = aiyl_aimak_stem(r.name_ru)
            base_ru, how = base_from_villages(stem, villages.get(r.soate, []))
            base_ky = ky_aiyl_aimak_base(base_ru, stem, how)
            row |= named(base_ru, base_ky, names.to_latin(base_ky), "aiyl_aimak",
                         f"derived:{how}")
        rows.append(row)
    units = pd.DataFrame(rows)
    return units.sort_values("soate", kind="stable").reset_index(drop=True)


def check_levels_from_codes(soate: pd.DataFrame) -> None:
    """The reference's levels and parents must be what a user's import derives from the codes
    and names alone (forumreach.vintages), or the round trip of 2018 would not hold."""
    derived = vintages.classify(soate[["soate", "name_ru"]].assign(
        name_ky="", name_en="", parent_soate="")).rows.set_index("soate")
    ref = soate.set_index("soate")
    for column in ("level", "parent_soate", "rayon_soate", "oblast_soate"):
        differ = (derived[column] != ref[column]).sum()
        if differ:
            raise SystemExit(f"{differ} rows whose {column} the codes do not give")


def build_aliases(units: pd.DataFrame) -> pd.DataFrame:
    """Alternative spellings: the cross-check list, post-2018 renames, official RU forms."""
    by_name = {}
    for u in units[units.level == "aiyl_aimak"].itertuples():
        by_name.setdefault(aiyl_aimak_stem(u.name_ru), []).append(u.soate)
    rows = []
    for official, variant in CROSS_CHECK_ALIASES:
        for code in by_name.get(official, []):
            alias = f"{variant} айылный аймак"
            rows.append({"soate": code, "alias": alias, "source": "cross-check"})
    rows.append(
        {"soate": "41703215846000", "alias": "Ноокатский айылный аймак", "source": "cross-check"}
    )
    for code, later in LATER_NAMES.items():
        rows += [{"soate": code, "alias": a, "source": "renamed-2022"} for a in later]
    return pd.DataFrame(rows).sort_values(["soate", "alias"]).reset_index(drop=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    args = parser.parse_args()
    soate, adm1, adm2 = load_reference(args.reference)
    units = build_units(soate, adm1, adm2)
    OUT.mkdir(parents=True, exist_ok=True)
    units.to_csv(OUT / "units.csv", index=False, lineterminator="\n")
    build_aliases(units).to_csv(OUT / "aliases.csv", index=False, lineterminator="\n")
    villages = vintages.build_villages(soate.assign(name_ky=""), units)
    check_levels_from_codes(soate)
    villages.to_csv(OUT / "villages.csv", index=False, lineterminator="\n")
    counts = units.level.value_counts().to_dict()
    print(json.dumps(counts, ensure_ascii=False, sort_keys=True))
    print(units.names_from.value_counts().to_dict())
    print(f"villages: {len(villages)}, without a body: {int((villages.unit_soate == '').sum())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
