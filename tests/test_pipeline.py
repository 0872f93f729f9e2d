"""A registration sheet through read → match → role → review → store, and the CLI on top."""


import pandas as pd
import pytest

from forumreach import coverage, demo, gazetteer, pipeline
from forumreach.schema import CONFIDENT, NOT_LSG
from forumreach.store import Store
from tests.conftest import FIXTURES, run_cli, run_cli_process


@pytest.fixture(scope="module")
def demo_matched():
    return pipeline.match_file(demo.registration_sheet())


def test_demo_sheet_is_matched_exactly_as_its_answer_key_says(demo_matched):
    truth = demo.truth().set_index("source_row")
    got = demo_matched.participants.set_index("source_row")
    assert list(got.index) == list(truth.index)
    assert (got.unit_soate == truth.unit_soate).all()
    assert (got.match_status.isin(CONFIDENT) == (truth.unit_soate != "")).all()
    assert (got.match_status[truth.unit_soate == ""] == NOT_LSG).all()


def test_demo_roles_of_lsg_participants_match_the_answer_key(demo_matched):
    truth = demo.truth().set_index("source_row")
    got = demo_matched.participants.set_index("source_row")
    lsg = truth.unit_soate != ""
    assert (got.role[lsg] == truth.role[lsg]).all()
    assert (got.is_head[lsg] == truth.is_head[lsg]).all()
    assert not got.is_head[~lsg].any()


def test_demo_through_the_pipeline_gives_the_stated_totals(demo_matched):
    stated = demo.meta()["totals"]
    computed = coverage.headline(demo_matched.participants, gazetteer.load())
    assert {k: computed.as_dict()[k] for k in stated} == stated


def test_title_section_and_total_rows_are_not_participants(demo_matched):
    kinds = dict(demo_matched.sheet.skipped)
    assert {kinds[1], kinds[2]} == {"title"}
    assert "total" in kinds.values() and "section" in kinds.values()
    assert not set(kinds) & set(demo_matched.participants.source_row)


def test_cp1251_sheet_with_lost_kyrgyz_letters_still_matches():
    matched = pipeline.match_file(FIXTURES / "cp1251_semicolon_lost_kyrgyz_letters.csv")
    lsg = matched.participants[matched.participants.organisation.str.contains("\\?")]
    assert len(lsg) > 0
    assert lsg.match_status.isin(CONFIDENT).all(), lsg[["organisation", "match_reason"]]


def test_a_review_decision_is_saved_and_applied_to_the_next_import(tmp_path):
    sheet = "ФИО;Должность;Орган МСУ;Район\nАсанов Бакыт;Глава АО;Кара-Суу а/о;\n"
    matched = pipeline.match_file(sheet.encode("utf-8"), "door.csv")
    row = int(matched.participants.source_row.iat[0])
    assert matched.participants.match_status.iat[0] == "review"
    target = matched.candidates[row][0].soate
    decided = pipeline.decide(matched, row, target)
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    remember = pipeline.decisions_to_remember(matched, decided)
    pipeline.save(decided, store, {"slug": "door", "title": "Door"}, remember=remember)
    again = pipeline.match_file(sheet.encode("utf-8"), "door.csv",
                                decisions=store.load_aliases("2018"))
    assert again.participants.unit_soate.iat[0] == target
    assert again.participants.match_reason.iat[0].startswith("alias")


def test_saving_the_same_import_twice_keeps_one_event(tmp_path, demo_matched):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    first = pipeline.save(demo_matched, store, {"slug": "forum", "title": "Forum"})
    second = pipeline.save(demo_matched, store, {"slug": "forum", "title": "Forum"})
    assert first == second and len(store.list_events()) == 1
    assert len(store.load_participants(first)) == len(demo_matched.participants)


def test_deciding_a_row_as_not_lsg_clears_its_unit(demo_matched):
    row = int(demo_matched.participants.source_row.iat[0])
    decided = pipeline.decide(demo_matched, row, NOT_LSG)
    first = decided.participants.iloc[0]
    assert first.match_status == NOT_LSG and first.unit_soate == "" and not first.is_head


def test_deciding_a_code_that_is_no_lsg_body_is_refused(demo_matched):
    row = int(demo_matched.participants.source_row.iat[0])
    with pytest.raises(ValueError, match="not an LSG body"):
        pipeline.decide(demo_matched, row, "41702205000000")  # a rayon


def test_progress_is_reported_up_to_done():
    seen = []
    pipeline.match_file(demo.registration_sheet(), progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_cli_match_writes_one_line_per_participant_in_input_order(tmp_path):
    """Also the `match` command's run as its own process (the rest run in this one)."""
    out = tmp_path / "out.csv"
    done = run_cli_process("match", str(demo.registration_sheet()), "--out", str(out))
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns[:8]) == ["source_row", "unit_soate", "rayon_soate",
                                       "oblast_soate", "match_status", "match_score", "role",
                                       "is_head"]
    assert table.source_row.astype(int).tolist() == demo.truth().source_row.tolist()
    assert set(table.is_head) == {"true", "false"}
    assert "name" not in table.columns and "phone" not in table.columns


def test_cli_csv_source_row_counts_the_header_as_line_1(tmp_path):
    sheet = tmp_path / "door.csv"
    sheet.write_text("ФИО,Должность,Организация,Район\n"
                     "Асанов Бакыт,Глава АО,Ак-Булунский а/о,Ак-Суйский р-н\n"
                     "\n"
                     "Осмонова Айгуль,Мэр,мэрия г. Каракол,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run_cli("match", str(sheet), "--out", str(out)).returncode == 0
    table = pd.read_csv(out, dtype=str)
    assert table.source_row.tolist() == ["2", "4"]
    assert table.unit_soate.tolist() == ["41702205805000", "41702410000010"]


def test_cli_match_names_the_file_and_the_problem_on_bad_input(tmp_path):
    out = tmp_path / "out.csv"
    done = run_cli("match", str(FIXTURES / "not_a_spreadsheet.xlsx"), "--out", str(out))
    assert done.returncode == 2
    assert "not_a_spreadsheet.xlsx" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_review_decisions_land_with_their_event_or_not_at_all(tmp_path, demo_matched):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    bad = pd.DataFrame([{"alias_norm": "kara suu", "rayon_soate": "", "unit_soate": "41704"}])
    with pytest.raises(ValueError):
        pipeline.save(demo_matched, store, {"slug": "forum", "title": "Forum"}, remember=bad)
    assert store.list_events().empty and store.load_aliases("2018").empty
    good = bad.assign(unit_soate="41704235812000")
    pipeline.save(demo_matched, store, {"slug": "forum", "title": "Forum"}, remember=good)
    assert len(store.list_events()) == 1
    assert store.load_aliases("2018").unit_soate.tolist() == ["41704235812000"]


def test_a_row_a_person_decided_is_manual_and_counts_for_its_body():
    sheet = "ФИО;Должность;Орган МСУ;Район\nАсанов Бакыт;Глава АО;Кара-Суу а/о;\n"
    matched = pipeline.match_file(sheet.encode("utf-8"), "door.csv")
    row = int(matched.participants.source_row.iat[0])
    decided = pipeline.decide(matched, row, matched.candidates[row][0].soate)
    first = decided.participants.iloc[0]
    assert first.match_status == "manual" and first.is_lsg and first.is_head
    assert decided.summary["manual"] == 1 and decided.summary["review"] == 0
    assert decided.review_queue().empty


def test_a_form_sent_twice_is_flagged_and_counted_once_until_a_person_undoes_it():
    matched = pipeline.match_file(FIXTURES / "online_form_sent_twice_no_gender.csv")
    flagged = matched.participants.set_index("source_row").duplicate_of.dropna()
    assert flagged.to_dict() == {4: 2, 5: 3, 8: 7}  # same name and body; same phone
    head = coverage.headline(matched.participants, gazetteer.load())
    assert head.participants == 4 and head.likely_duplicates == 3
    undone = pipeline.set_duplicate(matched, 8, None)
    assert coverage.headline(undone.participants, gazetteer.load()).participants == 5
    again = pipeline.set_duplicate(undone, 8, 7)
    assert again.participants.duplicate_of.isna().sum() == 4


def test_a_sheet_without_gender_has_no_share_of_women():
    matched = pipeline.match_file(FIXTURES / "online_form_sent_twice_no_gender.csv")
    head = coverage.headline(matched.participants, gazetteer.load())
    assert head.lsg_participants > 0 and head.women_share is None


def test_a_saved_event_with_unresolved_rows_is_reopened_reviewed_and_saved_as_its_next_revision(
        tmp_path):
    sheet = ("ФИО;Должность;Орган МСУ;Район\nАсанов Бакыт;Глава АО;Кара-Суу а/о;\n"
             "Осмонова Айгуль;Мэр;мэрия г. Каракол;\n")
    matched = pipeline.match_file(sheet.encode("utf-8"), "door.csv")
    assert matched.unresolved_rows == 1
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    event_id = pipeline.save(matched, store, {"slug": "door", "title": "Door"})
    listed = store.list_events().iloc[0]
    assert listed.n_unresolved == 1 and listed.revision == 1

    reopened = pipeline.reopen(store, event_id)
    assert (reopened.event_id, reopened.revision, reopened.unresolved_rows) == (event_id, 1, 1)
    row = int(reopened.review_queue().source_row.iat[0])
    assert reopened.candidates[row]  # the candidates come back with the rows
    decided = pipeline.decide(reopened, row, reopened.candidates[row][0].soate)
    remember = pipeline.decisions_to_remember(reopened, decided)
    assert pipeline.save(decided, store, {"slug": "door", "title": "Door"},
                         remember=remember) == event_id

    listed = store.list_events().iloc[0]
    assert len(store.list_events()) == 1
    assert listed.n_unresolved == 0 and listed.revision == 2
    saved = store.load_participants(event_id).set_index("source_row")
    assert saved.match_status[row] == "manual" and len(store.load_aliases("2018")) == 1


def test_saving_a_review_over_a_newer_revision_is_refused(tmp_path, demo_matched):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    event_id = pipeline.save(demo_matched, store, {"slug": "forum", "title": "Forum"})
    first, second = pipeline.reopen(store, event_id), pipeline.reopen(store, event_id)
    pipeline.save(first, store, {})
    with pytest.raises(ValueError, match="saved again meanwhile"):
        pipeline.save(second, store, {})
    assert store.list_events().revision.tolist() == [2]


def test_ticks_on_flagged_rows_keep_or_undo_each_flag():
    original = pipeline.match_file(FIXTURES / "online_form_sent_twice_no_gender.csv")
    assert pipeline.flagged_duplicates(original, original).is_duplicate.all()
    undone = pipeline.keep_duplicates(original, original, {4: True, 5: False, 8: True})
    assert pipeline.flagged_duplicates(original, undone).set_index(
        "source_row").is_duplicate.to_dict() == {4: True, 5: False, 8: True}
    assert pipeline.keep_duplicates(original, undone, {5: False}) is undone
    back = pipeline.keep_duplicates(original, undone, {5: True})
    assert back.participants.set_index("source_row").duplicate_of[5] == 3
