"""The donor report: seconds until the PDF (and the PNG) of the demo event is ready, per language.

Each language is made in a fresh Python process, as the first report after a server start is
(no figure or font cache warm), then once more in the same process (warm). Figures are the
median of ``REPEATS`` cold runs; the machine is noted by ``python -m bench`` itself, and the load
average before and after says how busy it was.

``browser`` is what a person waits for on the Report page in headless Chromium: from the click on
"Make the PDF" until its download button shows, on a freshly started server (the first language
asked for also pays for importing fpdf2), the median of ``REPEATS`` servers.

Run alone: ``python -m bench report`` or ``python -m bench.report_bench``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from forumreach import ROOT
from forumreach.i18n import Translator

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
    results["browser"] = browser_run()
    results["load_avg_after"] = round(os.getloadavg()[0], 1)
    return results


def _click_to_pdf(context, url: str, lang: str) -> float:
    """Seconds from the click on "Make the PDF" to the download button on the Report page."""
    from tests.browser import live

    t = Translator(lang)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{url}/report?lang={lang}")
    button = page.get_by_role("button", name=t("report.make_pdf"))
    button.wait_for()
    live.wait_idle(page)
    start = time.monotonic()
    button.click()
    page.get_by_role("button", name=t("report.download_pdf")).wait_for()
    seconds = time.monotonic() - start
    page.close()
    return seconds


def browser_run() -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser import live

    runs: dict[str, list[float]] = {lang: [] for lang in LANGS}
    with sync_playwright() as playwright:
        browser = live.launch_chromium(playwright)
        for _ in range(REPEATS):
            with tempfile.TemporaryDirectory() as tmp:
                process, url = live.start_streamlit(Path(tmp))
                try:
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    for lang in LANGS:
                        runs[lang].append(_click_to_pdf(context, url, lang))
                    context.close()
                finally:
                    live.stop(process)
        browser.close()
    return {f"{lang}_click_to_pdf_s": round(statistics.median(values), 2)
            for lang, values in runs.items()}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
