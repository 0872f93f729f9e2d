"""The whole `python -m forumreach match` command on 10,000 rows: wall time and peak memory,
next to OCHA's hdx-python-country `AdminLevel` doing the same job on the same rows.

Each command runs in its own process, timed from start to exit (wall and CPU seconds), its peak
memory read from that process alone (`os.wait4`, from a small launcher: see `_LAUNCHER`). The
comparison needs a Python with hdx-python-country, which is not a forumreach dependency:
`FORUMREACH_HDX_PYTHON=/path/to/python python -m bench match_cli`. Without it the comparison is
reported as not measured.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import matching_bench, messy_rows
from forumreach import gazetteer
from forumreach.gazetteer import vintage_dir

ROWS = 10_000
REPEATS = 3
HDX_SCRIPT = Path(__file__).resolve().parent / "hdx_adminlevel.py"
ROOT = Path(__file__).resolve().parent.parent


# Linux keeps a process's peak memory across exec, so a command started from this process
# (which holds the gazetteer, ~140 MB) would report at least this process's size. Each command
# is therefore started and measured by a small Python that does nothing else (~10 MB).
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - started
sys.stderr.write(proc.stderr.read().decode()[-500:])
print(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _timed(argv: list[str]) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak RSS in MB) of one command, run to its end. On a shared
    machine the wall time follows the load; the CPU time much less so."""
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *argv], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:4]} failed: {done.stderr}")
    seconds, cpu_seconds, peak_mb = done.stdout.split()
    return float(seconds), float(cpu_seconds), float(peak_mb)


def _median(argv: list[str]) -> dict:
    runs = [_timed(argv) for _ in range(REPEATS)]
    return {"median_s": round(statistics.median(r[0] for r in runs), 2),
            "median_cpu_s": round(statistics.median(r[1] for r in runs), 2),
            "peak_rss_mb": round(max(r[2] for r in runs), 1)}


def run() -> dict:
    rows = messy_rows.generate(gazetteer.load(), ROWS, seed=ROWS)
    with tempfile.TemporaryDirectory() as tmp:
        sheet = matching_bench._write_sheet(rows, Path(tmp))
        ours = _median([sys.executable, "-m", "forumreach", "match", str(sheet), "--out",
                        str(Path(tmp) / "ours.csv")])
        result = {"rows": ROWS, "repeats": REPEATS, "forumreach_match": ours}
        hdx_python = os.environ.get("FORUMREACH_HDX_PYTHON")
        if not hdx_python:
            result["hdx_adminlevel"] = "not measured (set FORUMREACH_HDX_PYTHON)"
            return result
        theirs = _median([hdx_python, str(HDX_SCRIPT), str(vintage_dir("2018") / "units.csv"),
                          str(sheet), str(Path(tmp) / "hdx.csv")])
        result["hdx_adminlevel"] = theirs
        result["speedup"] = round(theirs["median_s"] / ours["median_s"], 1)
        result["speedup_cpu"] = round(theirs["median_cpu_s"] / ours["median_cpu_s"], 2)
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=1))
