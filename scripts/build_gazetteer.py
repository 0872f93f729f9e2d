"""Build data/vintages/2018/ (units.csv, aliases.csv) from ../shared/reference/.

Run: `python scripts/build_gazetteer.py [--reference DIR]`. The output is committed, so a fresh
clone needs no ../shared; re-running must reproduce it byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forumreach import names  # noqa: E402

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
AA_SUFFIX = re.compile(r"\s*айылный аймак\s*$", re.I)
AA_PREFIX = re.compile(r"^\s*(?:айылный аймак\s+)?(?:им\.|имени)?\s*", re.I)
PERSON_SUFFIX = re.compile(r"(ов|ев|ин)$")


def pcode(soate: str) -> str:
    return "KG" + soate[3:]


def aiyl_aimak_stem(name_ru: str) -> str:
    """"Ак-Булунский айылный аймак" → "Ак-Булунский"; "Айылный аймак им. X" → "X"."""
    core = AA_SUFFIX.sub("", name_ru)
    core = re.sub(r"^айылный аймак\s+", "", core, flags=re.I)
    core = re.sub(r"\s+имени\s+", " ", core)
    return AA_PREFIX.sub("", core).strip()


def base_from_villages(stem: str, villages: list[str]) -> tuple[str, str]:
    """Nominative base of an aiyl aimak: the candidate its centre village confirms.

    Returns (base, how): how is "village" when a village spells it, "rule" otherwise.
    """
    words = stem.split()
    last = words[-1]
    candidates = [" ".join([*words[:-1], c]) for c in names.adjective_stems(last)]
    village_keys = {names.skeleton(v): v for v in villages}
    for cand in candidates:
        hit = village_keys.get(names.skeleton(cand))
        if hit:
            return hit, "village"
    best = max(
        villages,
        key=lambda v: fuzz.ratio(names.skeleton(v), names.skeleton(candidates[0])),
        default=None,
    )
    if best and fuzz.ratio(names.skeleton(best), names.skeleton(candidates[0])) >= 85:
        return best, "village~"
    return candidates[0], "rule"


def ky_aiyl_aimak_base(base_ru: str, stem: str, how: str) -> str:
    """Kyrgyz base: a unit no village names after a person keeps the surname ("Аманбаев")."""
    last = stem.split()[-1]
    if how == "rule" and last.lower().endswith(("овский", "евский")):
        surname = " ".join([*stem.split()[:-1], last[: -len("ский")]])
        return names.kyrgyz_spelling(surname)
    return names.kyrgyz_spelling(base_ru)


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


# How a unit's kind is written after its name, in Kyrgyz and in English.
KIND_WORDS = {"oblast": ("облусу", "oblast"), "rayon": ("району", "rayon"),
              "city": ("шаары", "city"), "aiyl_aimak": ("айыл аймагы", "aiyl aimak")}


def named(base_ru: str, base_ky: str, base_en: str, kind: str, source: str) -> dict:
    ky_word, en_word = KIND_WORDS[kind]
    return {"base_ru": base_ru, "base_ky": base_ky, "base_en": base_en,
            "name_ky": f"{base_ky} {ky_word}", "name_en": f"{base_en} {en_word}",
            "names_from": source}


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


VILLAGE_LEVELS = ("village", "settlement")


def build_villages(soate: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Villages and settlements with the LSG body that governs them.

    People write their village ("с. Ленинское", "Жаңы-Жол айылы") instead of the aiyl aimak, so
    the matcher needs each village's body. A village of a Bishkek borough belongs to Bishkek; a
    settlement that hangs straight off a rayon has no body of its own here (`unit_soate` "").
    """
    level_of = dict(zip(soate.soate, soate.level, strict=True))
    parent_of = dict(zip(soate.soate, soate.parent_soate, strict=True))
    lsg = set(units.soate[units.is_lsg])
    rayon_of = dict(zip(units.soate, units.rayon_soate, strict=True))
    rows = []
    for r in soate[soate.level.isin(VILLAGE_LEVELS)].itertuples(index=False):
        body = r.parent_soate
        if level_of.get(body) == "city_borough":
            body = parent_of[body]
        body = body if body in lsg else ""
        rows.append({
            "soate": r.soate, "level": r.level, "name_ru": r.name_ru,
            "name_ky": names.kyrgyz_spelling(r.name_ru), "unit_soate": body,
            "rayon_soate": rayon_of.get(body, r.rayon_soate), "oblast_soate": r.oblast_soate,
        })
    return pd.DataFrame(rows).sort_values("soate").reset_index(drop=True)


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
    villages = build_villages(soate, units)
    villages.to_csv(OUT / "villages.csv", index=False, lineterminator="\n")
    counts = units.level.value_counts().to_dict()
    print(json.dumps(counts, ensure_ascii=False, sort_keys=True))
    print(units.names_from.value_counts().to_dict())
    print(f"villages: {len(villages)}, without a body: {int((villages.unit_soate == '').sum())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
