"""Gender as typed in a sheet (м/ж, э/ж, male/female, муж./жен.) read as `female`, `male` or ``."""

from __future__ import annotations

import pandas as pd

FEMALE = {"ж", "жен", "женский", "женщина", "аял", "кыз", "f", "female", "w", "woman", "ф"}
MALE = {"м", "муж", "мужской", "мужчина", "э", "эр", "эркек", "m", "male", "man"}


def gender_of(text: str) -> str:
    word = str(text or "").strip().lower().rstrip(".")
    if word in FEMALE:
        return "female"
    if word in MALE:
        return "male"
    return ""


def genders(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).map(gender_of)
