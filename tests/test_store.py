"""The store keeps imports whole, never duplicates them, and audits changes without personal data.

Runs on a fresh SQLite file per test, or on the database in ``FORUMREACH_TEST_DB_URL``
(e.g. ``postgresql+psycopg://...``), which is emptied before each test.
"""

import json
import os
from datetime import date

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from forumreach import store as store_module
from forumreach.schema import NOT_LSG
from forumreach.store import (
    METADATA,
    PARTICIPANT_COLUMNS,
    EventConflictError,
    EventMeta,
    Store,
    aliases_table,
    participants_table,
)

AK_SUU_RAYON = "41702205000000"
TEPLOKLUCHENKA = "41702205810000"
ISSYK_KUL_OBLAST = "41702000000000"
KARA_SUU_RAYON = "41703215000000"
KARA_SUU_AIYL_AIMAK = "41703215820000"


def _empty_database(url: str) -> None:
    engine = store_module.make_engine(url)
    with engine.begin() as conn:
        METADATA.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture
def db_url(tmp_path):
    url = os.environ.get("FORUMREACH_TEST_DB_URL") or f"sqlite:///{tmp_path / 'store.sqlite'}"
    _empty_database(url)
    return url


@pytest.fixture
def store(db_url):
    opened = Store(db_url)
    yield opened
    opened.engine.dispose()


def forum_meta(slug="issyk-kul-forum-2018", sha="a" * 64, vintage="2018"):
    return EventMeta(
        slug=slug,
        title="Issyk-Kul LSG forum",
        vintage=vintage,
        held_on=date(2018, 10, 4),
        source_filename="forum_2018.xlsx",
        source_sha256=sha,
    )


def forum_sheet(names=("Асанова Айгүл", "Bakyt Uulu", "Сидоров Пётр")):
    """Rows as the pipeline hands them over, deliberately not in sheet order."""
    n = len(names)
    return pd.DataFrame(
        {
            "source_row": [7 + 2 * i for i in range(n)][::-1],
            "name": list(names),
            "position": ["глава АО", "депутат", "специалист"][:n] + ["другое"] * (n - 3),
            "organisation": ["Теплоключенский АО"] * n,
            "rayon_text": ["Ак-Суйский"] * n,
            "oblast_text": ["Иссык-Кульская"] * n,
            "gender": ["f", "m", None][:n] + [None] * (n - 3),
            "phone": ["+996 555 123 456", None, "0700112233"][:n] + [None] * (n - 3),
            "email": ["aigul@example.kg", None, None][:n] + [None] * (n - 3),
            "unit_soate": [TEPLOKLUCHENKA, TEPLOKLUCHENKA, None][:n] + [None] * (n - 3),
            "rayon_soate": [AK_SUU_RAYON] * n,
            "oblast_soate": [ISSYK_KUL_OBLAST] * n,
            "match_status": ["matched", "matched", "review"][:n] + ["review"] * (n - 3),
            "match_score": [100.0, 93.5, None][:n] + [None] * (n - 3),
            "match_reason": ["exact", "fuzzy 93 within rayon", "review: 2 candidates"][:n]
            + ["review"] * (n - 3),
            "role": ["head", "council_member", "staff"][:n] + ["other"] * (n - 3),
            "is_head": [True, False, False][:n] + [False] * (n - 3),
            "is_lsg": [True, True, False][:n] + [False] * (n - 3),
            "duplicate_of": pd.array([None, 9, None][:n] + [None] * (n - 3), dtype="Int64"),
        }
    )


def cells(column):
    """Values with every kind of missing as None, to compare what was saved and loaded."""
    return [None if pd.isna(value) else value for value in column.tolist()]


def participant_count(store, event_id=None):
    query = select(func.count()).select_from(participants_table)
    if event_id is not None:
        query = query.where(participants_table.c.event_id == event_id)
    with store.engine.connect() as conn:
        return conn.execute(query).scalar_one()


def test_saved_participants_load_back_in_sheet_order_with_their_columns_and_types(store):
    sheet = forum_sheet()
    event_id = store.save_event(forum_meta(), sheet)

    loaded = store.load_participants(event_id)

    expected = sheet.sort_values("source_row", ignore_index=True)
    assert list(loaded.columns) == list(PARTICIPANT_COLUMNS)
    assert loaded["source_row"].tolist() == [7, 9, 11]
    for column in PARTICIPANT_COLUMNS:
        assert cells(loaded[column]) == cells(expected[column]), column
    assert loaded["source_row"].dtype == "int64"
    assert loaded["match_score"].dtype == "float64"
    assert loaded["is_head"].dtype == "boolean"
    assert loaded["duplicate_of"].dtype == "Int64"
    assert all(isinstance(code, str) for code in loaded["oblast_soate"])


def test_missing_optional_columns_are_saved_empty_and_rows_keep_their_order(store):
    sheet = pd.DataFrame({"name": ["Айгүл", "Бакыт"], "position": ["глава", "депутат"]})

    loaded = store.load_participants(store.save_event(forum_meta(), sheet))

    assert loaded["source_row"].tolist() == [1, 2]
    assert loaded["name"].tolist() == ["Айгүл", "Бакыт"]
    assert loaded["unit_soate"].isna().all()
    assert loaded["is_head"].isna().all()


def test_soate_codes_given_as_numbers_are_saved_as_text(store):
    sheet = forum_sheet().assign(oblast_soate=int(ISSYK_KUL_OBLAST))

    loaded = store.load_participants(store.save_event(forum_meta(), sheet))

    assert loaded["oblast_soate"].tolist() == [ISSYK_KUL_OBLAST] * 3


def test_a_malformed_soate_code_is_refused_before_anything_is_saved(store):
    sheet = forum_sheet().assign(rayon_soate="41702")

    with pytest.raises(ValueError, match="rayon_soate"):
        store.save_event(forum_meta(), sheet)

    assert store.list_events().empty


def test_reimporting_the_same_file_returns_the_saved_event_without_new_rows(store):
    first = store.save_event(forum_meta(), forum_sheet())

    again = store.save_event(forum_meta(), forum_sheet())

    assert again == first
    assert len(store.list_events()) == 1
    assert participant_count(store) == 3
    assert store.audit_log()["action"].tolist() == ["import_event"]


def test_a_different_file_under_a_taken_slug_is_refused(store):
    store.save_event(forum_meta(sha="a" * 64), forum_sheet())

    with pytest.raises(EventConflictError):
        store.save_event(forum_meta(sha="b" * 64), forum_sheet())

    assert participant_count(store) == 3


def test_a_slug_conflict_names_the_slug_and_the_event_holding_it(store):
    store.save_event(forum_meta(sha="a" * 64), forum_sheet())

    with pytest.raises(EventConflictError) as raised:
        store.save_event(forum_meta(sha="b" * 64), forum_sheet())

    assert raised.value.message_id == "save.slug_taken"
    assert raised.value.params == {"slug": "issyk-kul-forum-2018", "title": "Issyk-Kul LSG forum"}


def test_saving_the_same_file_again_with_a_new_title_updates_the_title(store):
    first = store.save_event(forum_meta(), forum_sheet())
    renamed = EventMeta(**{**forum_meta().__dict__, "title": "Forum, Cholpon-Ata"})

    again = store.save_event(renamed, forum_sheet())

    assert again == first
    assert store.list_events().title.tolist() == ["Forum, Cholpon-Ata"]
    assert participant_count(store) == 3
    assert "update_event" in store.audit_log().action.tolist()


def test_a_participant_the_database_rejects_leaves_no_trace_of_the_import(store):
    broken = pd.concat([forum_sheet(), forum_sheet(names=["Без строки"])], ignore_index=True)
    broken.loc[len(broken) - 1, "source_row"] = None  # NOT NULL, checked by the database

    with pytest.raises(IntegrityError):
        store.save_event(forum_meta(), broken)

    assert store.list_events().empty
    assert participant_count(store) == 0
    assert store.audit_log().empty
    assert store.save_event(forum_meta(), forum_sheet()) > 0
    assert participant_count(store) == 3


def test_a_failure_after_the_participants_are_inserted_rolls_back_the_whole_import(
    store, monkeypatch
):
    def audit_fails(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_module, "_record", audit_fails)

    with pytest.raises(RuntimeError):
        store.save_event(forum_meta(), forum_sheet())

    assert store.list_events().empty
    assert participant_count(store) == 0


def test_two_events_keep_their_own_participants(store):
    forum = store.save_event(forum_meta(), forum_sheet())
    training = store.save_event(
        forum_meta(slug="osh-training-2019", sha="c" * 64), forum_sheet(names=["Жоомарт"])
    )

    assert store.load_participants(forum)["name"].tolist() == [
        "Сидоров Пётр", "Bakyt Uulu", "Асанова Айгүл",
    ]
    assert store.load_participants(training)["name"].tolist() == ["Жоомарт"]
    assert store.list_events()["n_participants"].tolist() == [3, 1]


def test_event_metadata_reads_back_as_saved(store):
    event_id = store.save_event(forum_meta(), forum_sheet(), actor="analyst@forumreach")

    event = store.get_event(event_id)

    assert event["slug"] == "issyk-kul-forum-2018"
    assert event["held_on"] == date(2018, 10, 4)
    assert event["vintage"] == "2018"
    assert event["created_by"] == "analyst@forumreach"
    assert event["created_at"].tzinfo is not None
    assert store.get_event(event_id + 1000) is None


def test_event_metadata_may_come_as_a_dict(store):
    meta = {"slug": "forum", "title": "Forum", "vintage": "2018", "held_on": "2018-10-04",
            "source_sha256": "d" * 64}

    event_id = store.save_event(meta, forum_sheet())

    assert store.get_event(event_id)["held_on"] == date(2018, 10, 4)


def test_deleting_an_event_removes_its_participants_and_nothing_else(store):
    forum = store.save_event(forum_meta(), forum_sheet())
    training = store.save_event(forum_meta(slug="training", sha="c" * 64), forum_sheet())

    assert store.delete_event(forum, actor="admin") is True

    assert participant_count(store, forum) == 0
    assert participant_count(store, training) == 3
    assert store.list_events()["id"].tolist() == [training]


def test_deleting_a_missing_event_reports_false(store):
    assert store.delete_event(12345, actor="admin") is False


def test_participants_of_a_missing_event_are_refused_by_the_database(store):
    row = {"event_id": 999, "source_row": 1}

    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(insert(participants_table).values(**row))


def test_upserting_an_alias_again_replaces_its_target(store):
    first = store.upsert_alias("2018", "теплоключенка", TEPLOKLUCHENKA, AK_SUU_RAYON)

    second = store.upsert_alias("2018", "теплоключенка", NOT_LSG, AK_SUU_RAYON, actor="admin")

    table = store.load_aliases("2018")
    assert second == first
    assert table["unit_soate"].tolist() == [NOT_LSG]
    assert table["created_by"].tolist() == ["admin"]


def test_the_same_alias_may_point_elsewhere_in_another_rayon_or_vintage(store):
    store.upsert_alias("2018", "кара-суу", KARA_SUU_AIYL_AIMAK, KARA_SUU_RAYON)
    store.upsert_alias("2018", "кара-суу", TEPLOKLUCHENKA, AK_SUU_RAYON)
    store.upsert_alias("2018", "кара-суу", KARA_SUU_AIYL_AIMAK)
    store.upsert_alias("2024", "кара-суу", KARA_SUU_AIYL_AIMAK)

    assert cells(store.load_aliases("2018")["rayon_soate"]) == [
        KARA_SUU_RAYON, AK_SUU_RAYON, None,
    ]
    assert len(store.load_aliases("2024")) == 1


def test_an_alias_that_applies_anywhere_is_unique_too(store):
    store.upsert_alias("2018", "кара-суу", KARA_SUU_AIYL_AIMAK)
    store.upsert_alias("2018", "кара-суу", TEPLOKLUCHENKA)

    assert store.load_aliases("2018")["unit_soate"].tolist() == [TEPLOKLUCHENKA]
    duplicate = {
        "vintage": "2018", "alias_norm": "кара-суу", "rayon_soate": None,
        "unit_soate": KARA_SUU_AIYL_AIMAK, "created_at": pd.Timestamp.now(tz="UTC"),
        "created_by": "someone",
    }
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(insert(aliases_table).values(**duplicate))


def test_an_alias_must_point_at_a_soate_code_or_not_lsg(store):
    with pytest.raises(ValueError):
        store.upsert_alias("2018", "кара-суу", "Kara-Suu")

    assert store.load_aliases("2018").empty


def test_deleting_an_alias_removes_only_that_alias(store):
    store.upsert_alias("2018", "кара-суу", KARA_SUU_AIYL_AIMAK, KARA_SUU_RAYON)
    store.upsert_alias("2018", "кара-суу", KARA_SUU_AIYL_AIMAK)

    assert store.delete_alias("2018", "кара-суу", KARA_SUU_RAYON, actor="admin") is True
    assert store.delete_alias("2018", "кара-суу", KARA_SUU_RAYON, actor="admin") is False

    assert cells(store.load_aliases("2018")["rayon_soate"]) == [None]


def test_audit_records_import_and_deletion_without_personal_data(store):
    sheet = forum_sheet()
    event_id = store.save_event(forum_meta(), sheet, actor="analyst")
    store.delete_event(event_id, actor="admin")

    log = store.audit_log()

    assert log["action"].tolist() == ["import_event", "delete_event"]
    assert log["actor"].tolist() == ["analyst", "admin"]
    assert json.loads(log["after_json"][0])["participants"] == 3
    assert json.loads(log["before_json"][1])["source_sha256"] == "a" * 64
    recorded = " ".join(log[["target", "before_json", "after_json"]].fillna("").stack())
    personal = sheet[["name", "phone", "email"]].stack().dropna().tolist()
    assert personal
    assert not [value for value in personal if value in recorded]


def test_audit_records_alias_changes_with_before_and_after(store):
    store.upsert_alias("2018", "кара-суу", KARA_SUU_AIYL_AIMAK, actor="admin")
    store.upsert_alias("2018", "кара-суу", NOT_LSG, actor="admin")
    store.delete_alias("2018", "кара-суу", actor="admin")

    log = store.audit_log()

    assert log["action"].tolist() == ["upsert_alias", "upsert_alias", "delete_alias"]
    assert json.loads(log["before_json"][1]) == {"unit_soate": KARA_SUU_AIYL_AIMAK}
    assert json.loads(log["after_json"][1])["unit_soate"] == NOT_LSG
    assert log["target"].tolist() == ["alias:2018:*:кара-суу"] * 3


def test_the_event_a_person_saved_last_is_read_back_from_the_audit(store):
    forum = store.save_event(forum_meta(), forum_sheet(), actor="local:aigul")
    meeting = store.save_event(forum_meta("rayon-meeting", "b" * 64), forum_sheet(),
                               actor="local:aigul")
    assert store.last_saved_event("local:aigul") == meeting

    store.save_review(forum, forum_sheet(), revision=1, actor="local:aigul")
    assert store.last_saved_event("local:aigul") == forum

    renamed = EventMeta(**{**forum_meta("rayon-meeting", "b" * 64).__dict__, "title": "Renamed"})
    store.save_event(renamed, forum_sheet(), actor="local:aigul")
    assert store.last_saved_event("local:aigul") == meeting


def test_the_event_saved_last_skips_other_people_other_actions_and_deleted_events(store):
    assert store.last_saved_event("local:aigul") is None
    forum = store.save_event(forum_meta(), forum_sheet(), actor="local:aigul")
    meeting = store.save_event(forum_meta("rayon-meeting", "b" * 64), forum_sheet(),
                               actor="local:bakyt")
    store.record("local:aigul", "export_event", f"event:{meeting}")
    assert store.last_saved_event("local:aigul") == forum

    store.delete_event(forum, actor="local:aigul")
    assert store.last_saved_event("local:aigul") is None
    assert store.last_saved_event("local:bakyt") == meeting


def test_the_audit_actions_are_listed_once_each_in_order(store):
    assert store.audit_actions() == []
    for action in ("sign_in", "import_event", "sign_in", "add_user"):
        store.record("local:aigul", action, "user:aigul")

    assert store.audit_actions() == ["add_user", "import_event", "sign_in"]


def test_a_second_store_on_the_same_database_sees_changes_at_once(store, db_url):
    other = Store(db_url)
    try:
        event_id = other.save_event(forum_meta(), forum_sheet())
        assert store.list_events()["id"].tolist() == [event_id]
    finally:
        other.engine.dispose()


def test_the_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'from_env.sqlite'}"
    monkeypatch.setenv("FORUMREACH_DB_URL", url)

    opened = Store()
    opened.engine.dispose()

    assert opened.url == url
    assert (tmp_path / "from_env.sqlite").exists()


def test_an_explicit_url_wins_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUMREACH_DB_URL", f"sqlite:///{tmp_path / 'from_env.sqlite'}")
    url = f"sqlite:///{tmp_path / 'explicit.sqlite'}"

    opened = Store(url)
    opened.engine.dispose()

    assert opened.url == url
    assert not (tmp_path / "from_env.sqlite").exists()


def test_the_migrations_build_exactly_the_schema_the_code_uses(store):
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), METADATA)

    assert differences == []


def test_a_database_made_by_the_first_migration_is_upgraded_in_place_keeping_its_events(tmp_path):
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    config = Config()
    config.set_main_option("script_location", str(store_module.MIGRATIONS_DIR))
    engine = store_module.make_engine(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(insert(store_module.events_table).values(
            slug="forum-2018", title="Forum", vintage="2018",
            created_at=pd.Timestamp.now(tz="UTC"), created_by="system"))
    engine.dispose()

    upgraded = Store(url)
    try:
        assert upgraded.list_events()["slug"].tolist() == ["forum-2018"]
        assert upgraded.list_users().empty
        with upgraded.engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == ScriptDirectory.from_config(config).get_current_head()
    finally:
        upgraded.engine.dispose()


def test_a_recorded_action_reads_back_with_who_what_and_before_after(store):
    store.record("admin", "export", "event:3", before=None, after={"rows": 120, "format": "xlsx"})

    entry = store.audit_log().iloc[0]

    assert (entry.actor, entry.action, entry.target) == ("admin", "export", "event:3")
    assert json.loads(entry.after_json) == {"rows": 120, "format": "xlsx"}
    assert entry["at"].tzinfo is not None


@pytest.mark.parametrize("payload", [
    {"name": "Асанова Айгүл"},
    {"phone": "+996 555 123 456"},
    {"user": {"password": "hunter2hunter2"}},
    {"password_hash": "$argon2id$..."},
    {"rows": [{"email": "aigul@example.kg"}]},
])
def test_the_audit_refuses_personal_fields_and_secrets(store, payload):
    with pytest.raises(ValueError, match="never stores"):
        store.record("admin", "export", "event:3", after=payload)

    assert store.audit_log().empty


def test_the_audit_refuses_a_table_or_a_copy_of_the_rows(store):
    rows = forum_sheet()

    with pytest.raises(ValueError, match="not tables"):
        store.record("admin", "export", "event:3", after={"rows": rows})
    with pytest.raises(ValueError, match="summary"):
        store.record("admin", "export", "event:3",
                     after={"rows": rows[["position", "organisation"]].to_dict("records") * 40})

    assert store.audit_log().empty


def test_a_review_decision_is_audited_as_the_change_of_match_only(store):
    row = forum_sheet().iloc[2].to_dict()
    decided = {**row, "unit_soate": TEPLOKLUCHENKA, "match_status": "exact", "match_score": 100.0}

    store.record_review_decision("organizer", "sheet:abc:row:7", before=row, after=decided)

    entry = store.audit_log(action="review_decision").iloc[0]
    before, after = json.loads(entry.before_json), json.loads(entry.after_json)
    assert before == {"unit_soate": None, "rayon_soate": AK_SUU_RAYON,
                      "oblast_soate": ISSYK_KUL_OBLAST, "match_status": "review",
                      "match_score": None}
    assert after["unit_soate"] == TEPLOKLUCHENKA and after["match_status"] == "exact"
    assert "Сидоров" not in entry.before_json + entry.after_json


def test_the_audit_log_filters_by_action_and_actor(store):
    store.record("aigul", "sign_in", "user:aigul", after={"outcome": "ok"})
    store.record("bakyt", "sign_in", "user:bakyt", after={"outcome": "wrong_password"})
    store.record("aigul", "export", "event:1")

    assert store.audit_log(action="sign_in")["actor"].tolist() == ["aigul", "bakyt"]
    assert store.audit_log(actor="aigul")["action"].tolist() == ["sign_in", "export"]
    later = store.audit_log()["at"].iloc[-1]
    assert store.audit_log(since=later)["action"].tolist() == ["export"]


def test_the_audit_export_is_text_with_iso_times_and_json_before_after(store):
    store.upsert_alias("2018", "кара-суу", KARA_SUU_AIYL_AIMAK, actor="admin")

    exported = store.audit_export()

    assert list(exported.columns) == ["id", "at", "actor", "action", "target", "before", "after"]
    assert exported["at"].iloc[0].endswith("Z")
    assert pd.Timestamp(exported["at"].iloc[0]).tzinfo is not None
    assert json.loads(exported["after"].iloc[0])["unit_soate"] == KARA_SUU_AIYL_AIMAK


def test_user_changes_are_audited_without_hashes(store):
    store.add_user("aigul", "donor", "local", "$argon2id$v=19$fake", actor="admin")
    store.update_user("aigul", "admin", role="analyst")
    store.update_user("aigul", "admin", disabled=True)

    log = store.audit_log()

    assert log["action"].tolist() == ["add_user", "update_user", "update_user"]
    assert json.loads(log["before_json"][1]) == {"role": "donor"}
    assert json.loads(log["after_json"][2]) == {"disabled": True}
    assert "argon2" not in log.to_csv()
    assert store.list_users()["role"].tolist() == ["analyst"]


def test_a_review_saved_later_replaces_the_rows_as_the_next_revision_with_an_audit_row(store):
    event_id = store.save_event(forum_meta(), forum_sheet())
    assert store.list_events().n_unresolved.tolist() == [1]
    reviewed = forum_sheet().assign(match_status="manual")
    assert store.save_review(event_id, reviewed, revision=1, actor="analyst") == 2
    events = store.list_events()
    assert events.revision.tolist() == [2] and events.n_unresolved.tolist() == [0]
    assert set(store.load_participants(event_id).match_status) == {"manual"}
    log = store.audit_log(action="review_event")
    assert json.loads(log.after_json.iat[0]) == {"revision": 2, "participants": 3,
                                                  "unresolved": 0}


def test_a_review_started_from_an_old_revision_changes_nothing(store):
    event_id = store.save_event(forum_meta(), forum_sheet())
    store.save_review(event_id, forum_sheet(), revision=1)
    with pytest.raises(store_module.RevisionConflictError):
        store.save_review(event_id, forum_sheet().iloc[:1], revision=1)
    assert len(store.load_participants(event_id)) == 3


def test_an_analysts_columns_are_remembered_by_the_header_fingerprint(store):
    assert store.remembered_mapping("f" * 64) is None
    store.remember_mapping("f" * 64, {"organisation": [3], "name": [1, 2]}, actor="aigul")
    assert store.remembered_mapping("f" * 64) == {"organisation": [3], "name": [1, 2]}
    store.remember_mapping("f" * 64, {"organisation": [4]}, actor="aigul")
    assert store.remembered_mapping("f" * 64) == {"organisation": [4]}
    assert store.remembered_mapping("e" * 64) is None
    log = store.audit_log(action="remember_mapping")
    assert len(log) == 2 and set(log.actor) == {"aigul"}


def test_the_participants_table_holds_the_schemas_columns_after_its_own_keys():
    from forumreach.store import participants_table

    assert [c.name for c in participants_table.columns] == ["id", "event_id",
                                                            *PARTICIPANT_COLUMNS]
