"""`python -m bench [name ...]`: run the benchmarks, print one table, keep the figures as JSON.

Every `bench/<name>_bench.py` with a `run() -> dict` is found by itself, so adding a benchmark
is adding a file. Figures go to `bench/results/<timestamp>.json` (git-ignored) and into issue
notes; they are never asserted in tests, because timings depend on the machine.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def discover() -> list[str]:
    return sorted(p.stem.removesuffix("_bench") for p in BENCH_DIR.glob("*_bench.py"))


def flatten(value, prefix: str = "") -> list[tuple[str, object]]:
    """Nested dicts as dotted keys, so every benchmark prints in the same two columns."""
    if isinstance(value, dict):
        rows = []
        for key, inner in value.items():
            rows += flatten(inner, f"{prefix}.{key}" if prefix else str(key))
        return rows
    return [(prefix, value)]


def table(results: dict) -> str:
    rows = flatten(results)
    width = max((len(k) for k, _ in rows), default=10)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {discover()})")
    args = parser.parse_args(argv)
    names = args.names or discover()
    unknown = sorted(set(names) - set(discover()))
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; have {discover()}")
    results: dict = {}
    failed = False
    for name in names:
        start = time.monotonic()
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            results[name] = importlib.import_module(f"bench.{name}_bench").run()
        except Exception:  # one broken benchmark must not lose the others' figures
            failed = True
            results[name] = {"error": traceback.format_exc(limit=3).strip().splitlines()[-1]}
            traceback.print_exc()
        results[name]["wall_s"] = round(time.monotonic() - start, 1)
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = RESULTS_DIR / f"{stamp}.json"
    meta = {"when": stamp, "python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count()}
    out.write_text(json.dumps({"meta": meta, **results}, indent=2, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(table(results))
    print(f"\nwritten to {out.relative_to(BENCH_DIR.parent)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
