"""The store on SQLite and PostgreSQL: import throughput, load time, and how soon another process
sees a new event.

- ``save_10k``: one 10 000-participant import (``Store.save_event``, one transaction), best of
  three, in participants per second; ``load_10k`` reads it back.
- ``visible``: a writer process saves small events one by one; a reader process polls
  ``list_events`` as a page rerun would and notes when each first appears. The delay is
  measured on the shared monotonic clock from the moment ``save_event`` returned.

PostgreSQL is the one in ``FORUMREACH_TEST_DB_URL`` when set, else a throwaway cluster started
through ``scripts/with_postgres.sh`` with fsync on, as SQLite's WAL commits are durable too
(skipped with a reason when that cannot run). Both databases are on the same local disk; a
PostgreSQL on another host adds a network round trip per statement batch.

Run alone: ``python -m bench store`` or ``python -m bench.store_bench``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from forumreach import ROOT
from forumreach.store import EventMeta, Store
from tests.store_db import big_sheet, start_python, test_db_url

ROWS = 10_000
REPEATS = 3
VISIBLE_EVENTS = 10
PAUSE_S = 0.2

READER = """
import json, sys, time
from forumreach.store import Store
store = Store(sys.argv[1])
want, seen, polls, started = int(sys.argv[2]), {}, 0, time.monotonic()
print("ready", flush=True)
while len(seen) < want and time.monotonic() - started < 120:
    for slug in store.list_events().slug:
        if slug.startswith("visible-"):
            seen.setdefault(slug, time.monotonic())
    polls += 1
print(json.dumps({"seen": seen, "poll_ms": 1000 * (time.monotonic() - started) / polls}),
      flush=True)
"""


def _meta(slug: str) -> EventMeta:
    return EventMeta(slug=slug, title=slug, vintage="2018", source_sha256=slug.ljust(64, "0"))


def measure(url: str) -> dict:
    """Every figure for one database (emptied first)."""
    with tempfile.TemporaryDirectory() as tmp:
        if url.startswith("sqlite"):
            url = f"sqlite:///{tmp}/bench.sqlite"
        else:
            test_db_url(tmp)  # drops our tables in the given PostgreSQL database
        store = Store(url)
        try:
            sheet = big_sheet(ROWS)
            saves, loads = [], []
            for i in range(REPEATS):
                started = time.perf_counter()
                event_id = store.save_event(_meta(f"bench-{i}"), sheet)
                saves.append(time.perf_counter() - started)
                started = time.perf_counter()
                store.load_participants(event_id)
                loads.append(time.perf_counter() - started)
            visible = _visibility(store, url)
        finally:
            store.engine.dispose()
    return {
        "dialect": store.engine.dialect.name,
        "save_10k_s": round(min(saves), 3),
        "save_10k_rows_per_s": round(ROWS / min(saves)),
        "load_10k_s": round(min(loads), 3),
        **visible,
    }


def _visibility(store: Store, url: str) -> dict:
    reader = start_python(READER, url, str(VISIBLE_EVENTS))
    assert reader.stdout.readline().strip() == "ready", reader.stderr.read()
    saved = {}
    for i in range(VISIBLE_EVENTS):
        slug = f"visible-{i}"
        store.save_event(_meta(slug), big_sheet(20))
        saved[slug] = time.monotonic()
        time.sleep(PAUSE_S)
    out, err = reader.communicate(timeout=180)
    report = json.loads(out.splitlines()[-1])
    delays = [max(0.0, report["seen"][slug] - at) * 1000 for slug, at in saved.items()
              if slug in report["seen"]]
    return {
        "visible_events_seen": f"{len(delays)}/{VISIBLE_EVENTS}",
        "visible_after_ms_median": round(statistics.median(delays), 1) if delays else None,
        "visible_after_ms_max": round(max(delays), 1) if delays else None,
        "reader_poll_ms": round(report["poll_ms"], 1),
    }


def _postgresql() -> dict:
    if os.environ.get("FORUMREACH_TEST_DB_URL"):
        return measure(os.environ["FORUMREACH_TEST_DB_URL"])
    inner = ("import json, os; from bench.store_bench import measure; "
             "print(json.dumps(measure(os.environ['FORUMREACH_TEST_DB_URL'])))")
    done = subprocess.run(["bash", "scripts/with_postgres.sh", sys.executable, "-c", inner],
                          cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "WITH_POSTGRES_FSYNC": "on"})
    if done.returncode != 0:
        return {"skipped": (done.stderr.strip().splitlines() or ["with_postgres.sh failed"])[-1]}
    return json.loads(done.stdout.splitlines()[-1])


def run() -> dict:
    results = {"sqlite": measure("sqlite://"), "postgresql": _postgresql()}
    sqlite, pg = results["sqlite"], results["postgresql"]
    if "save_10k_s" in pg:
        results["postgresql_vs_sqlite_save"] = round(sqlite["save_10k_s"] / pg["save_10k_s"], 2)
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, ensure_ascii=False))
