"""A live dashboard for browser tests and benchmarks: server, Chromium, and page helpers.

Shared by `tests/browser/conftest.py` and `bench/dashboard_bench.py`, so both drive the app the
same way. The server is `streamlit run dashboard.py` on a free 127.0.0.1 port; Chromium is
Debian's `/usr/bin/chromium` (never `playwright install`).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("FORUMREACH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Schemes that never leave the machine (inline images, blob downloads, web workers).
LOCAL_SCHEMES = {"data", "blob", "about"}
START_TIMEOUT_S = 120
# How long a browser test waits for what the page should show. Generous, because a machine
# busy with other work (`make test` beside two CPU-bound loops) can take many seconds to paint a
# WebGL map in software; a passing test never waits this long, only a failing one does.
DEADLINE_MS = 120_000

APP = '[data-testid="stApp"]'
EXCEPTION = '[data-testid="stException"]'
TEST_USER, TEST_PASSWORD = "browser-organizer", "a password for browser tests"
MAP_CANVAS = '[data-testid="stPlotlyChart"] canvas.maplibregl-canvas'
# The Overview's map is inline SVG (forumreach.svgmap), which paints without plotly.js.
SVG_MAP = '[data-testid="fr-svg-map"] svg'
# The Map page's interactive map (pages/_area_map.py), once its script has bound clicks and keys.
AREA_MAP = ".fr-area-map[data-ready] svg"
NAV = '[data-testid="stSidebarNav"]'
# The sign-in form's name field (the language select box above it is an input too).
USER_NAME = '[data-testid="stTextInput"] input[type="text"]'
NAV_LINK = f"{NAV} a"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout} s")


def start_streamlit(workdir: Path, env: dict | None = None,
                    script: str | Path = "dashboard.py") -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard.py` on 127.0.0.1 with its own SQLite file under `workdir`.

    Its own database keeps tests away from the developer's `var/` one. Output goes to
    `workdir/streamlit.log`.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "FORUMREACH_DB_URL": f"sqlite:///{workdir / 'app.sqlite'}",
           **(env or {})}
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    with (workdir / "streamlit.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
    except Exception:
        stop(process)
        raise
    return process, url


def stop(process: subprocess.Popen) -> None:
    """Stop the one server process this module started."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class RequestLog(list):
    """Every URL a browser context asked for, in order."""

    def off_machine(self) -> list[str]:
        return [url for url in self if not is_local(url)]


def guard(context, log: RequestLog) -> RequestLog:
    """Record every request of a context, and abort any that would leave the machine."""
    context.on("request", lambda request: log.append(request.url))

    def route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)
    return log


# The script must have been idle for a moment: right after a click the state can still read
# "notRunning" until the server's rerun message arrives.
_IDLE_JS = """(quietMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const now = performance.now();
  if (!app || app.dataset.testScriptState !== 'notRunning'
      || document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) {
    window.__busyAt = now;
    return false;
  }
  if (window.__busyAt === undefined) window.__busyAt = now;
  return now - window.__busyAt >= quietMs;
}"""


def wait_idle(page, quiet_ms: int = 300, timeout_ms: int = DEADLINE_MS) -> None:
    """Until the Streamlit script has finished and stayed finished for `quiet_ms`."""
    page.evaluate("() => { window.__busyAt = performance.now(); }")
    page.wait_for_function(_IDLE_JS, arg=quiet_ms, timeout=timeout_ms, polling=50)


def add_test_user(workdir: Path) -> None:
    """An organizer in the server's database: the app then asks everyone to sign in."""
    from forumreach import auth
    from forumreach.store import Store

    workdir.mkdir(parents=True, exist_ok=True)
    auth.create_user(Store(f"sqlite:///{workdir / 'app.sqlite'}"), TEST_USER, "organizer",
                     TEST_PASSWORD)


def open_app(page, url: str, path: str = "", lang: str = "en") -> None:
    """Open the app (signing in when it asks) and go to `path` through the menu.

    A reload is a new Streamlit session, which must sign in again; the deep link's page opens
    right after signing in.
    """
    page.goto(f"{url}/{path}?lang={lang}")
    # Wait until the app shows the sign-in form or its menu, not only until it looks idle: the
    # script state reads "notRunning" before the first run too, which on a busy machine lasts
    # long enough to look idle. Then decide by the menu, which only a signed-in session has
    # (the form can be between two renders at the moment it is looked for).
    password, menu = page.locator('input[type="password"]'), page.locator(NAV)
    either = password.or_(menu).first
    either.wait_for(timeout=DEADLINE_MS)
    wait_idle(page)
    either.wait_for(timeout=DEADLINE_MS)
    if menu.count():
        return
    page.locator(USER_NAME).first.fill(TEST_USER)
    password.fill(TEST_PASSWORD)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    menu.first.wait_for(timeout=DEADLINE_MS)
    wait_idle(page)


def tinted_share(png: bytes) -> float:
    """Share of pixels that carry a colour (not white, grey or black): shaded map areas."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").reduce(2)
    pixels = image.get_flattened_data()
    return sum(1 for p in pixels if max(p) - min(p) > 20) / max(len(pixels), 1)


def wait_map_painted(page, selector: str = MAP_CANVAS, min_share: float = 0.05,
                     timeout_s: float = DEADLINE_MS / 1000) -> float:
    """Seconds until the first map canvas shows shaded areas; raises TimeoutError otherwise."""
    start = time.monotonic()
    canvas = page.locator(selector).first
    canvas.wait_for(state="visible", timeout=timeout_s * 1000)
    while time.monotonic() - start < timeout_s:
        box = canvas.bounding_box()
        painted = box and box["width"] > 0 and box["height"] > 0 and (
            tinted_share(canvas.screenshot()) >= min_share)
        if painted:
            return time.monotonic() - start
        time.sleep(0.05)
    raise TimeoutError(f"no shaded map in {selector} within {timeout_s} s")
