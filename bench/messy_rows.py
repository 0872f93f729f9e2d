"""Generated registration rows with known answers: every variant family plus door-desk noise.

Used by the matching benchmark (speed, memory, accuracy at 10k/100k rows) and by a regression
test on a small sample. Forms are built from official Russian names and the Kyrgyz/Latin names
in the gazetteer, then damaged the way hand typing damages them.
"""

from __future__ import annotations

import random

import pandas as pd

from forumreach.gazetteer import Gazetteer
from forumreach.schema import CONFIDENT, NOT_LSG

NOT_LSG_ORGS = [
    "ГАМСУМО", "Государственное агентство по делам МСУ и межэтнических отношений",
    "Министерство экономики КР", "Министерство финансов", "Посольство Швейцарии",
    "Embassy of Switzerland", "Союз МСУ", "Институт политики развития", "ПРООН", "USAID",
    "ИА Кабар", "АКИpress", "Жогорку Кенеш", "Аппарат полномочного представителя Правительства",
    "ОО «Ассоциация пастбищных комитетов»", "Helvetas", "GIZ", "Всемирный банк",
]
COLUMNS = ["organisation", "rayon", "oblast", "position", "expected"]


def _typo(rng: random.Random, text: str) -> str:
    """One letter dropped, doubled or swapped with its neighbour, never in the first 3."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and i >= 3]
    if len(letters) < 6:
        return text
    i = rng.choice(letters[:-1])
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def _lose_kyrgyz_letters(text: str) -> str:
    return "".join("?" if ch in "өүңӨҮҢ" else ch for ch in text)


def _body_forms(unit: pd.Series) -> list[str]:
    adj = unit.name_ru.replace(" айылный аймак", "")
    if unit.level == "aiyl_aimak":
        return [f"{adj} а/о", f"АО {unit.base_ru}", f"айыл окмоту {unit.base_ru}", unit.name_ru,
                f"{unit.base_ky} айыл аймагы", f"{unit.base_ky} А/Ө", f"{unit.base_en} aiyl okmotu",
                f"{adj.upper()} АО", f"{adj} айыл окмоту".replace("-", " ")]
    base_ru = unit.base_ru
    return [f"мэрия г. {base_ru}", f"г. {base_ru}", f"{unit.base_ky} шаары",
            f"{unit.base_ky} ш. мэриясы", f"{unit.base_en} city", f"Мэрия города {base_ru}"]


def _rayon_forms(rayon: pd.Series) -> list[str]:
    return [f"{rayon.base_ru} р-н", f"{rayon.base_ky} району", f"{rayon.base_en} district",
            rayon.name_ru, rayon.base_ru.lower()]


def generate(gaz: Gazetteer, n: int, seed: int = 7, noise: float = 0.15) -> pd.DataFrame:
    """`n` rows: 90% LSG bodies in every written form, 10% organisations that are not LSG."""
    rng = random.Random(seed)
    units = gaz.units
    bodies = gaz.lsg_bodies.soate.tolist()
    rows = []
    for _ in range(n):
        if rng.random() < 0.1:
            rows.append((rng.choice(NOT_LSG_ORGS), "", "", "Специалист", NOT_LSG))
            continue
        unit = units.loc[rng.choice(bodies)]
        org = rng.choice(_body_forms(unit))
        if rng.random() < noise:
            org = _typo(rng, org)
        rayon = ""
        if unit.level in ("aiyl_aimak", "city_rayon") and rng.random() < 0.95:
            rayon = rng.choice(_rayon_forms(units.loc[unit.rayon_soate]))
        if rng.random() < 0.1:  # saved by a Russian Excel as cp1251
            org, rayon = _lose_kyrgyz_letters(org), _lose_kyrgyz_letters(rayon)
        oblast = units.at[unit.oblast_soate, "name_ru"] if rng.random() < 0.3 else ""
        rows.append((org, rayon, oblast, "Глава", unit.soate))
    return pd.DataFrame(rows, columns=COLUMNS)


def score(found: pd.DataFrame, expected: pd.Series) -> dict:
    """Automatic share, wrong confident answers, and false units on non-LSG rows."""
    confident = found.match_status.isin(CONFIDENT)
    automatic = confident | found.match_status.eq(NOT_LSG)
    lsg = expected != NOT_LSG
    wrong = (confident & (found.unit_soate != expected)) | (
        lsg & found.match_status.eq(NOT_LSG))
    return {
        "rows": len(found),
        "automatic_share": round(float(automatic.mean()), 4),
        "wrong": int(wrong.sum()),
        "false_units_on_not_lsg": int((~lsg & found.unit_soate.ne("")).sum()),
        "review": int(found.match_status.eq("review").sum()),
        "unmatched": int(found.match_status.eq("unmatched").sum()),
    }
