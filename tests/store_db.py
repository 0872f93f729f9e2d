"""The database a store test runs on, and sheets big enough to matter.

A fresh SQLite file per test, or the database in ``FORUMREACH_TEST_DB_URL`` (``make test`` sets
it to a throwaway PostgreSQL through ``scripts/with_postgres.sh``), emptied before each test.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
from sqlalchemy import text

from forumreach import ROOT
from forumreach import store as store_module

TEST_DB_URL_ENV = "FORUMREACH_TEST_DB_URL"
AK_SUU_RAYON = "41702205000000"
TEPLOKLUCHENKA = "41702205810000"
ISSYK_KUL_OBLAST = "41702000000000"


def test_db_url(tmp_path) -> str:
    """The URL for one test, with every table of ours dropped."""
    url = os.environ.get(TEST_DB_URL_ENV) or f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = store_module.make_engine(url)
    with engine.begin() as conn:
        store_module.METADATA.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return url


test_db_url.__test__ = False  # a helper, not a test


def big_sheet(n: int) -> pd.DataFrame:
    """``n`` matched participants with every column filled, all from one aiyl aimak."""
    return pd.DataFrame({
        "source_row": range(2, n + 2),
        "name": [f"Участник {i}" for i in range(n)],
        "position": "глава айыл окмоту",
        "organisation": "Теплоключенский АО",
        "rayon_text": "Ак-Суйский",
        "oblast_text": "Иссык-Кульская",
        "gender": "ж",
        "phone": [f"0700{i:06d}" for i in range(n)],
        "email": None,
        "unit_soate": TEPLOKLUCHENKA,
        "rayon_soate": AK_SUU_RAYON,
        "oblast_soate": ISSYK_KUL_OBLAST,
        "match_status": "exact",
        "match_score": 100.0,
        "match_reason": "exact name within rayon",
        "role": "head",
        "is_head": True,
        "is_lsg": True,
    })


def start_python(code: str, *args: str) -> subprocess.Popen:
    """Another Python process in the repository, as a second app process would be."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
