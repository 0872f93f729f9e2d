"""The held-out sheets' answer keys stay true to their sheets (scores live in `bench accuracy`)."""

import pandas as pd
import pytest

from bench.accuracy import CONTINUES, NOT_LSG, REVIEW, keyed_sheets, load_answers
from forumreach import gazetteer, ingest

SHEETS = keyed_sheets()


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_every_answer_key_row_exists_in_its_sheet(name):
    sheet, answers = SHEETS[name]
    try:
        read = ingest.read_sheet(sheet)
    except ingest.IngestError as error:
        pytest.xfail(f"the reader refuses {sheet.name}: {error}")
    key = load_answers(answers)
    participants = key[key.expected != CONTINUES]
    assert sorted(read.rows.source_row) == sorted(participants.source_row)
    joined = sorted(number for number, why in read.skipped if why == CONTINUES)
    assert joined == sorted(key.source_row[key.expected == CONTINUES])


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_every_expected_answer_is_an_lsg_body_or_a_verdict(name):
    key = load_answers(SHEETS[name][1])
    units = gazetteer.load("2018").units
    lsg_bodies = set(units.index[units.is_lsg.astype(bool)])
    answers = set(key.expected)
    assert answers - lsg_bodies - {NOT_LSG, REVIEW, CONTINUES} == set()
    duplicates = pd.to_numeric(key.duplicate_of[key.duplicate_of != ""]).astype(int)
    assert set(duplicates) <= set(key.source_row)


# Goals of issue 8: where a rayon or oblast is given, at least 0.99 automatic; where only
# villages and oblasts are, at least 0.97; no wrong confident answer anywhere.
GOALS = {"kyrgyz_only_villages_oblast_column": 0.97}
GOAL_WITH_AREA = 0.99


# Below the goal on the last unseen sheets, measured before and after one round of tuning
# (issue 8's note): they stay visible here as expected failures until the matcher meets them.
BELOW_GOAL = {
    "utf8_comma_multiline_cells_position_and_body_together":
        "0.990 (97 of 98): 'Бороолй а/о', two slips in an 8-letter name, goes to review",
}


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_no_sheet_gets_a_wrong_confident_answer(name):
    from bench.accuracy import score

    result = score(*SHEETS[name])
    assert not result["refused"], result["refused"]
    assert result["wrong"] == 0, result["wrong_rows"]
    assert result["empty_organisation"] == 0


@pytest.mark.parametrize("name", sorted(SHEETS))
def test_each_sheet_meets_its_goal(name):
    from bench.accuracy import score

    if name in BELOW_GOAL:
        pytest.xfail(BELOW_GOAL[name])
    result = score(*SHEETS[name])
    assert result["auto_share"] >= GOALS.get(name, GOAL_WITH_AREA), result["families"]
    if result["not_lsg_rows"]:
        assert result["not_lsg_recognised"] == 1.0
    if result["review_rows"]:
        assert result["review_left_open"] == 1.0
    assert result["continuations_joined"] in (None, 1.0)
