"""Reach over a programme of 50 events of 150 participant rows each (7 500 rows).

- ``page_figures_warm_s``: `reach.summarise` on the stacked rows, as the Reach page computes its
  figures once the rows are read (median of 5 after one warm-up run); goal <= 1 s.
- ``read_and_figures_s``: reading the 50 events from SQLite in one query
  (`events.stored_reach_input`) plus the figures: a page's first view after an import.
- ``people_s``: "who came back" (`reach.people`) over the same rows.
- ``cli_end_to_end_s``: ``python -m forumreach reach --programme bench --format json`` as another
  tool runs it (a new process: imports, schema check, read, figures, JSON), median of 3;
  goal <= 2 s. ``cli_cpu_s`` is the CPU time (user + system) of that process: on a machine
  whose cores are shared, wall time waits for them, CPU time does not.

Rows are synthetic: random LSG bodies of the 2018 vintage, a third of them heads, 5 % left in
review. Run alone: ``python -m bench reach``.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from forumreach import ROOT, events, gazetteer, reach
from forumreach.store import EventMeta, Store

EVENTS = 50
ROWS = 150
SEED = 50150


def programme_rows(gaz: gazetteer.Gazetteer, rng: random.Random, n: int) -> pd.DataFrame:
    bodies = gaz.lsg_bodies
    soates = rng.choices(list(bodies.soate), k=n)
    roles = rng.choices(["head", "deputy", "staff", "council_chair"], weights=[4, 3, 3, 2], k=n)
    status = rng.choices(["exact", "fuzzy", "review"], weights=[85, 10, 5], k=n)
    return pd.DataFrame({
        "source_row": range(1, n + 1),
        "name": [f"Участник {rng.randrange(3000)}" for _ in range(n)],
        "organisation": "x",
        "unit_soate": soates,
        "rayon_soate": bodies.rayon_soate.reindex(soates).to_numpy(),
        "oblast_soate": bodies.oblast_soate.reindex(soates).to_numpy(),
        "match_status": status,
        "role": roles,
        "is_head": [r == "head" and s != "review" for r, s in zip(roles, status, strict=True)],
        "is_lsg": [s != "review" for s in status],
    })


def _timed(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def run() -> dict:
    gaz = gazetteer.load("2018")
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'reach.sqlite'}"
        store = Store(url)
        programme = store.upsert_programme("bench", {"en": "Bench programme"})
        for i in range(EVENTS):
            meta = EventMeta(slug=f"event-{i:02d}", title=f"Event {i}", vintage="2018",
                             held_on=pd.Timestamp("2019-01-01").date() + pd.Timedelta(days=30 * i),
                             programme_id=programme)
            store.save_event(meta, programme_rows(gaz, rng, ROWS), actor="bench")
        table, participants = events.stored_reach_input(store, "2018", "bench")
        figures = reach.summarise(table, participants, gaz)
        page = _timed(lambda: reach.summarise(table, participants, gaz), 5)
        read = _timed(lambda: reach.summarise(
            *events.stored_reach_input(store, "2018", "bench"), gaz), 3)
        people = _timed(lambda: reach.people(participants, gaz), 3)
        store.engine.dispose()

        env = {**os.environ, "FORUMREACH_DB_URL": url}
        command = [sys.executable, "-m", "forumreach", "reach", "--programme", "bench",
                   "--format", "json"]
        cli, cpu = [], []
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
            cli.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {
        "events": EVENTS, "rows": EVENTS * ROWS,
        "bodies_reached": figures.headline["unique_bodies_reached"],
        "page_figures_warm_s": page, "goal_page_s": 1.0,
        "read_and_figures_s": read,
        "people_s": people,
        "cli_end_to_end_s": round(statistics.median(cli), 3), "goal_cli_s": 2.0,
        "cli_cpu_s": round(statistics.median(cpu), 3),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
