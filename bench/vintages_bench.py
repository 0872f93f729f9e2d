"""Loading a classifier as a vintage, and crosswalking 2018 to it (the SYNTHETIC reform of
tests/synthetic_reform.py, 2,437 rows, the size of the real classifier).

- ``prepare_s``: read, classify, check and name a classifier CSV (``vintages.prepare``), best
  of three; ``save_s``: store it (SQLite file, one transaction); ``load_s``: ``gazetteer.load``
  of the stored vintage in a fresh cache.
- ``crosswalk_s``: ``crosswalk.crosswalk(2018, reform)``, best of three; ``to_vintage_s``:
  the demo forum's participants carried across.

Run alone: ``python -m bench vintages``.
"""

from __future__ import annotations

import os
import tempfile
import time

from forumreach import crosswalk, events, gazetteer, vintages
from forumreach.store import Store
from tests import synthetic_reform as reform

REPEATS = 3


def _best(work) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return round(min(times), 3)


def run() -> dict:
    data = reform.reformed().to_csv(index=False).encode()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        before = os.environ.get("FORUMREACH_DB_URL")
        os.environ["FORUMREACH_DB_URL"] = url
        try:
            prepare_s = _best(lambda: vintages.prepare(data, "bench", filename="r.csv",
                                                       taken=[]))
            prepared = vintages.prepare(data, "bench", filename="r.csv", taken=[])
            store = Store(url)
            start = time.perf_counter()
            vintages.save(prepared, store)
            save_s = round(time.perf_counter() - start, 3)
            gazetteer.load.cache_clear()
            start = time.perf_counter()
            new = gazetteer.load("bench")
            load_s = round(time.perf_counter() - start, 3)
            old = gazetteer.load("2018")
            crosswalk_s = _best(lambda: crosswalk.crosswalk(old, new))
            parts = events.demo_event().participants
            to_vintage_s = _best(lambda: crosswalk.to_vintage(parts, "2018", "bench"))
            store.engine.dispose()
        finally:
            gazetteer.load.cache_clear()
            if before is None:
                os.environ.pop("FORUMREACH_DB_URL", None)
            else:
                os.environ["FORUMREACH_DB_URL"] = before
    return {"rows": len(reform.reformed()), "prepare_s": prepare_s, "save_s": save_s,
            "load_s": load_s, "crosswalk_s": crosswalk_s, "to_vintage_s": to_vintage_s}
