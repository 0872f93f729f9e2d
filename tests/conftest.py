"""What many test files share: the 2018 gazetteer, the demo event, a matcher on them, and the
command line run in this process.

The fixtures are session-wide because loading them is the slow part of many tests and no test
may change them (copy before editing, as `demo.participants.copy()` does).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
BROWSER_TESTS = Path(__file__).parent / "browser"


@pytest.fixture
def cheap_hashing(monkeypatch):
    """Production argon2 costs ~0.1-1 s a hash; the tests check behaviour, not cost."""
    from argon2 import PasswordHasher

    from forumreach import auth

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_HASHER", cheap)
    monkeypatch.setattr(auth, "_DUMMY_HASH", cheap.hash("no such user"))


@pytest.fixture
def store(tmp_path):
    """A store of its own (SQLite, or the PostgreSQL run's database when it is set)."""
    from forumreach.store import Store
    from tests.store_db import test_db_url

    opened = Store(test_db_url(tmp_path))
    yield opened
    opened.engine.dispose()


@pytest.fixture(scope="session")
def gaz():
    """The 2018 gazetteer (the demo's vintage)."""
    from forumreach import gazetteer

    return gazetteer.load("2018")


@pytest.fixture(scope="session")
def demo():
    """The embedded 2018 forum as an `events.Event`; its participants are `demo.participants`."""
    from forumreach import events

    return events.demo_event()


@pytest.fixture(scope="session")
def matcher(gaz):
    from forumreach.matching import Matcher

    return Matcher(gaz)


@dataclass(frozen=True)
class CliResult:
    """What `subprocess.run(..., capture_output=True, text=True)` would have said."""

    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environ(changes: dict[str, str]):
    before = {key: os.environ.get(key) for key in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_cli(*args, db_url: str | None = None, stdin: str = "") -> CliResult:
    """`python -m forumreach ARGS` in this process: a subprocess costs ~3.5 s of start-up per
    call, so only `run_cli_process` (one smoke test per command) pays it.

    `db_url` becomes FORUMREACH_DB_URL for the call only; `stdin` is what the command reads.
    """
    from forumreach import cli

    out, err = io.StringIO(), io.StringIO()
    with (_environ({"FORUMREACH_DB_URL": db_url} if db_url else {}),
          contextlib.redirect_stdout(out), contextlib.redirect_stderr(err)):
        stdin_before, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            code = cli.main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        finally:
            sys.stdin = stdin_before
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli_process(*args, db_url: str | None = None,
                    stdin: str = "") -> subprocess.CompletedProcess:
    """`python -m forumreach ARGS` as other tools run it: a new process, from the repo root."""
    from forumreach import ROOT

    env = {**os.environ, **({"FORUMREACH_DB_URL": db_url} if db_url else {})}
    return subprocess.run([sys.executable, "-m", "forumreach", *map(str, args)], cwd=ROOT,
                          env=env, input=stdin, capture_output=True, text=True)


def pytest_xdist_make_scheduler(config, log):
    """Under `pytest -n N` (pytest-xdist): each test file goes whole to one worker (its module
    fixtures are built once), and every browser test to the same worker, which then starts one
    Streamlit server and one Chromium instead of one per worker.

    (xdist's own `--dist loadgroup` marks a group by rewriting a test's node id, which pytest 9
    no longer reads, so the grouping is done here.)
    """
    from xdist.scheduler import LoadFileScheduling

    class BrowserTestsTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(f"{BROWSER_TESTS.parent.name}/{BROWSER_TESTS.name}/"):
                return "browser tests"
            return super()._split_scope(nodeid)

    return BrowserTestsTogether(config, log)
