from forumreach import audit_view, export
from forumreach.i18n import Translator


def test_before_and_after_read_as_key_value_and_nothing_as_a_dash():
    assert audit_view.summary(None) == "—" and audit_view.summary("{}") == "—"
    assert audit_view.summary('{"role": "admin", "source": "local"}') == (
        "role: admin, source: local")
    assert audit_view.summary('{"match_score": 100.0, "unit_soate": ""}') == (
        "match_score: 100, unit_soate: —")


def test_a_long_record_is_cut_to_a_cell_and_a_file_hash_to_its_first_characters():
    sha = "b544165b1484bd999688f1a278e224c5077124532db2615f7ae6d94150359554"
    after = audit_view.summary(f'{{"event_id": 1, "source_sha256": "{sha}", '
                               f'"source_filename": "{"x" * 200}.xlsx"}}')
    assert len(after) <= audit_view.SUMMARY_CHARS and after.endswith("…") and sha not in after
    assert audit_view.target(f"sheet:{sha}:row:60") == "sheet:b544165b…:row:60"
    assert audit_view.target(None) == "—"


def test_the_download_and_the_table_come_from_one_read_of_the_log(store):
    store.record("local:aigul", "sign_in", "user:aigul", after={"outcome": "ok"})
    store.record("local:aigul", "export_event", "event:1", after={"rows": 3})
    log = store.audit_log()

    assert audit_view.download(log) == export.to_csv(store.audit_export())
    assert audit_view.readable(log, Translator("en"))["after"].tolist() == [
        "outcome: ok", "rows: 3"]
