"""The donor report: seconds until the PDF (and the PNG) of the demo event is ready, per language.

Each language is made in a fresh Python process, as the first report after a server start is
(no figure or font cache warm), then once more in the same process (warm). Figures are the
median of ``REPEATS`` cold runs; the machine is noted by ``python -m bench`` itself, and the load
average before and after says how busy it was.

Run alone: ``python -m bench report`` or ``python -m bench.report_bench``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from forumreach import ROOT

LANGS = ("ky", "ru", "en")
REPEATS = 3

ONE_RUN = """
import json, sys, time
started = time.monotonic()
from forumreach import gazetteer, report
from forumreach.events import demo_event
event, lang = demo_event(), sys.argv[1]
gaz = gazetteer.load(event.vintage)
loaded = time.monotonic()
report.reach_report_pdf(event, gaz, lang)
pdf = time.monotonic()
report.reach_report_png(event, gaz, lang)
png = time.monotonic()
report.reach_report_pdf(event, gaz, lang)
warm = time.monotonic()
print(json.dumps({"pdf_cold_s": pdf - started, "pdf_only_s": pdf - loaded,
                  "png_after_pdf_s": png - pdf, "pdf_warm_s": warm - png}))
"""


def _once(lang: str) -> dict:
    out = subprocess.run([sys.executable, "-c", ONE_RUN, lang], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> dict:
    """Medians per language, and the machine's load average around them: on a shared 2-core
    machine another process's work shows up as wall time here."""
    results = {"load_avg_before": round(os.getloadavg()[0], 1)}
    for lang in LANGS:
        runs = [_once(lang) for _ in range(REPEATS)]
        results[lang] = {key: round(statistics.median(r[key] for r in runs), 2)
                         for key in runs[0]}
    results["load_avg_after"] = round(os.getloadavg()[0], 1)
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
