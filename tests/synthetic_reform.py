"""A SYNTHETIC reform of the 2018 classifier, made for tests and never shipped as data.

It does what the 2024-25 reform is reported to have done, on a small scale, so import, counts,
crosswalk and matching can be checked against known answers:
- neighbouring aiyl aimaks merged within three rayons (the first absorbs the second, whose
  villages are renumbered under it);
- villages renumbered inside an aiyl aimak that was not merged;
- a city renamed (Jalal-Abad → Manas, code kept);
- two aiyl aimaks of Kara-Suu rayon moved into Osh city (their villages numbered under Osh).
"""

from __future__ import annotations

import pandas as pd

from tests.conftest import FIXTURES

CLASSIFIER_2018 = FIXTURES / "soate_2018_codes_and_russian_names.csv"
MERGED = {  # absorbed aiyl aimak -> the one that absorbs it
    "41702205807000": "41702205805000",  # Берю-Баш into Ак-Булун (Ак-Суу rayon)
    "41706226806000": "41706226804000",  # Джаны-Арык into Ак-Таш (Кара-Суу rayon)
    "41704220836000": "41704220832000",  # Кара-Суу into Кара-Коюн (Ат-Башы rayon)
}
RENUMBERED_IN = "41702205812000"  # Кара-Джал: village codes change, names do not
RENAMED_CITY = ("41703410000010", "г. Манас")
OSH = "41721000000000"
MOVED_TO_OSH = ("41706226816000", "41706226819000")  # Кашгар-Кыштак, Кызыл-Кыштак


def classifier_2018() -> pd.DataFrame:
    return pd.read_csv(CLASSIFIER_2018, dtype=str, keep_default_na=False)


def reformed() -> pd.DataFrame:
    """The classifier after the synthetic reform (soate, name_ru)."""
    table = classifier_2018().set_index("soate")
    rows = table.name_ru.to_dict()
    out: dict[str, str] = {}
    osh_next = iter(range(10, 1000, 10))
    counters: dict[str, int] = {}
    for soate, name in rows.items():
        unit = soate[:11] + "000"
        if soate in MERGED or soate in MOVED_TO_OSH:
            continue  # the body itself is gone
        if unit in MERGED and soate != unit:
            into = MERGED[unit]
            counters[into] = counters.get(into, 900) + 1
            out[into[:11] + f"{counters[into]:03d}"] = name
        elif unit in MOVED_TO_OSH and soate != unit:
            out[f"{OSH[:8]}800{next(osh_next):03d}"] = name
        elif unit == RENUMBERED_IN and soate != unit:
            out[soate[:11] + f"{int(soate[11:]) + 500:03d}"] = name
        elif soate == RENAMED_CITY[0]:
            out[soate] = RENAMED_CITY[1]
        else:
            out[soate] = name
    return pd.DataFrame({"soate": list(out), "name_ru": list(out.values())})


def expected_links() -> dict[str, str]:
    """Old LSG body -> the new body that must hold its villages (bodies not listed: itself)."""
    return {**MERGED, **dict.fromkeys(MOVED_TO_OSH, OSH)}
