"""Several app processes on one database: imports at the same moment both land, whole, and a
session that was already open sees them on its next read.

Each import runs in its own Python process, through ``forumreach.pipeline`` as a page would.
Runs on a SQLite file, and on PostgreSQL when FORUMREACH_TEST_DB_URL is set (``make test``).
"""

import json

import pytest

from forumreach.store import Store
from tests.store_db import start_python, test_db_url

DEMO_SHEET = "data/demo/forum_2018_registration.xlsx"
DEMO_ROWS = 127
SLUGS = ("forum-morning", "forum-afternoon")

# One app process: match the demo sheet, wait for the common start signal, then save it as an
# event. Its transaction stays open, rows in, until every app has started its own save (each
# says so with a file), so the imports overlap for certain, however slowly the machine schedules
# them; no timing margin is involved.
IMPORTING_APP = """
import json, sys, time
from pathlib import Path
from forumreach import pipeline, store as store_module
from forumreach.store import Store

url, slug, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
everyone = [go.with_name("started-" + other) for other in sys.argv[4].split(",")]
matched = pipeline.match_file(sys.argv[5])
store = Store(url)
record = store_module._record

def held(*args, **kwargs):
    deadline = time.monotonic() + 120
    while not all(path.exists() for path in everyone) and time.monotonic() < deadline:
        time.sleep(0.005)
    record(*args, **kwargs)

store_module._record = held
print("ready", flush=True)
while not go.exists():
    time.sleep(0.005)
started = time.time()
go.with_name("started-" + slug).touch()
event_id = pipeline.save(matched, store, {"slug": slug, "title": slug}, actor=slug)
print(json.dumps({"event_id": event_id, "started": started, "finished": time.time()}),
      flush=True)
"""

# A third session: polls the event list like a page rerun would, and reports every state seen.
WATCHING_APP = """
import json, sys, time
from forumreach.store import Store

store = Store(sys.argv[1])
print("ready", flush=True)
seen, deadline = [], time.time() + 60
while time.time() < deadline:
    events = store.list_events()
    state = sorted(zip(events.slug, events.n_participants.astype(int)))
    if not seen or seen[-1] != state:
        seen.append(state)
    if len(state) == 2:
        break
    time.sleep(0.01)
print(json.dumps(seen), flush=True)
"""


@pytest.fixture
def db_url(tmp_path):
    url = test_db_url(tmp_path)
    Store(url).engine.dispose()  # schema in place, as a deployed database would have it
    return url


def finish(process, timeout=120):
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    return out.splitlines()


def test_two_app_processes_importing_at_the_same_moment_both_land_whole(db_url, tmp_path):
    go = tmp_path / "go"
    session = Store(db_url)  # a session that was open before the imports
    try:
        assert session.list_events().empty
        apps = [start_python(IMPORTING_APP, db_url, slug, str(go), ",".join(SLUGS), DEMO_SHEET)
                for slug in SLUGS]
        watcher = start_python(WATCHING_APP, db_url)
        for process in [*apps, watcher]:
            assert process.stdout.readline().strip() == "ready", process.stderr.read()

        go.touch()
        results = [json.loads(finish(app)[-1]) for app in apps]
        states = json.loads(finish(watcher)[-1])

        first, second = results
        assert first["started"] < second["finished"] and second["started"] < first["finished"]
        events = session.list_events()
        assert sorted(events["slug"]) == ["forum-afternoon", "forum-morning"]
        assert events["n_participants"].tolist() == [DEMO_ROWS, DEMO_ROWS]
        assert sorted(events["id"]) == sorted(r["event_id"] for r in results)
        assert states[-1] == [["forum-afternoon", DEMO_ROWS], ["forum-morning", DEMO_ROWS]]
        assert all(count == DEMO_ROWS for state in states for _, count in state)
        audit = session.audit_log(action="import_event")
        assert sorted(audit["actor"]) == ["forum-afternoon", "forum-morning"]
    finally:
        session.engine.dispose()


def test_a_session_sees_an_event_another_process_saved_on_its_next_read(db_url):
    session = Store(db_url)
    try:
        assert session.list_events().empty
        other = start_python(
            "import sys\n"
            "from forumreach.store import Store\n"
            "from tests.store_db import big_sheet\n"
            "Store(sys.argv[1]).save_event({'slug': 'osh-training', 'title': 'Osh training',"
            " 'vintage': '2018', 'source_sha256': 'e' * 64}, big_sheet(40))\n",
            db_url,
        )
        finish(other)

        events = session.list_events()

        assert events["slug"].tolist() == ["osh-training"]
        assert events["n_participants"].tolist() == [40]
    finally:
        session.engine.dispose()


OPENING_APP = """
import sys, time
from pathlib import Path
from forumreach.store import Store

go = Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.002)
Store(sys.argv[1]).list_events()
print("opened", flush=True)
"""


def test_app_processes_starting_together_on_an_empty_database_all_open_it(tmp_path):
    url = test_db_url(tmp_path)  # emptied, no schema yet
    go = tmp_path / "go"
    apps = [start_python(OPENING_APP, url, str(go)) for _ in range(3)]
    for app in apps:
        assert app.stdout.readline().strip() == "ready", app.stderr.read()

    go.touch()

    assert [finish(app) for app in apps] == [["opened"]] * 3
    store = Store(url)
    try:
        assert store.list_events().empty
    finally:
        store.engine.dispose()
