"""Import and matching: rows per second at 10k and 100k rows, peak memory, accuracy.

Run alone: `python -m bench.matching_bench`, or with every benchmark: `python -m bench`.
Each size runs in a fresh process so its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench import messy_rows
from forumreach import gazetteer, pipeline
from forumreach.matching import Matcher
from forumreach.schema import NOT_LSG

SIZES = (10_000, 100_000)
HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / (
    "held_out_messy_rows_with_answers.csv")


def _write_sheet(rows: pd.DataFrame, folder: Path) -> Path:
    """A CSV as a Russian Excel saves it: cp1251 would lose ө ү ң, so UTF-8 with BOM here."""
    sheet = pd.DataFrame({
        "№": range(1, len(rows) + 1),
        "ФИО": [f"Участник {i}" for i in range(len(rows))],
        "Должность": rows.position,
        "Орган МСУ": rows.organisation,
        "Район": rows.rayon,
        "Область": rows.oblast,
    })
    path = folder / f"generated_{len(rows)}.csv"
    sheet.to_csv(path, index=False, sep=";", encoding="utf-8-sig")
    return path


def _one_size(n: int, queue: mp.Queue) -> None:
    gaz = gazetteer.load()
    rows = messy_rows.generate(gaz, n, seed=n)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_sheet(rows, Path(tmp))
        started = time.perf_counter()
        pipeline.matcher_for()  # build the index: a one-off per process, reported apart
        index_s = time.perf_counter() - started
        started = time.perf_counter()
        cold = pipeline.match_file(path)
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        pipeline.match_file(path)
        warm_s = time.perf_counter() - started
    quality = messy_rows.score(cold.participants, rows.expected)
    queue.put({
        "rows": n,
        "index_build_s": round(index_s, 3),
        "import_first_s": round(cold_s, 3),
        "import_warm_s": round(warm_s, 3),
        "rows_per_s_first": round(n / cold_s),
        "rows_per_s_warm": round(n / warm_s),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **{f"accuracy_{k}": v for k, v in quality.items() if k != "rows"},
    })


def held_out_accuracy() -> dict:
    """The hand-typed held-out rows (tests/fixtures), every variant family."""
    gaz = gazetteer.load()
    matcher = Matcher(gaz)
    rows = pd.read_csv(HELD_OUT, dtype=str, keep_default_na=False)
    units = gaz.units
    auto = wrong = 0
    answerable = 0
    for r in rows.itertuples():
        found = matcher.match(r.organisation, r.rayon, r.oblast)
        if r.expected_unit == "review":
            wrong += found.confident
            continue
        answerable += 1
        if r.expected_unit == NOT_LSG:
            auto += found.status == NOT_LSG
            wrong += found.confident
            continue
        want = units[units.name_ru == r.expected_unit]
        if r.expected_rayon:
            want = want[want.rayon_soate.isin(units[units.name_ru == r.expected_rayon].soate)]
        auto += found.confident
        wrong += found.confident and found.unit_soate != want.soate.iat[0]
    return {"rows": len(rows), "answerable": answerable,
            "automatic_share": round(auto / answerable, 4), "wrong": int(wrong)}


def run() -> dict:
    ctx = mp.get_context("spawn")
    results = {}
    for n in SIZES:
        queue = ctx.Queue()
        proc = ctx.Process(target=_one_size, args=(n, queue))
        proc.start()
        results[f"import_{n}"] = queue.get(timeout=600)
        proc.join()
    results["held_out"] = held_out_accuracy()
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, ensure_ascii=False))
