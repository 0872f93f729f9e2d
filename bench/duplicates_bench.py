"""Likely-duplicate detection (`forumreach.duplicates`) on 10 000 registration rows.

The rows have unique person names (the worst case: every name is folded through
`names.skeleton` once) and random Kyrgyz mobile numbers, so it measures what the check adds to
every import. CPU time, best of five, so that other processes on the machine count less.

Run alone: `python -m bench duplicates` or `python -m bench.duplicates_bench`.
"""

from __future__ import annotations

import random
import time

import pandas as pd

from forumreach import duplicates, gazetteer

ROWS = 10_000


def sample(n: int = ROWS, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    bodies = gazetteer.load().lsg_bodies.soate.tolist()
    return pd.DataFrame({
        "source_row": range(2, n + 2),
        "name": [f"Асанов{i} Бакыт{i % 97}" for i in range(n)],
        "unit_soate": [rng.choice(bodies) for _ in range(n)],
        "organisation": [f"org {i % 500}" for i in range(n)],
        "phone": [f"0{rng.choice(['555', '700', '772', '777'])} {rng.randrange(10**6):06d}"
                  for _ in range(n)],
    })


def run() -> dict:
    rows = sample()
    times, flagged = [], 0
    for _ in range(5):
        started = time.process_time()
        flagged = int(duplicates.likely_duplicates(rows).notna().sum())
        times.append(time.process_time() - started)
    return {"rows": ROWS, "cpu_ms_best_of_5": round(min(times) * 1000, 1), "flagged": flagged}


if __name__ == "__main__":
    print(run())
