"""A donor sees counts of people only when at least five stand behind them, and no free text."""

import pandas as pd
import pytest

from forumreach import privacy
from forumreach.privacy import DONOR_COLUMNS, SUPPRESSED, K, donor_safe, suppress_small_counts
from forumreach.schema import PARTICIPANT_COLUMNS, PERSONAL_COLUMNS


def rayon_table():
    return pd.DataFrame({
        "rayon_soate": ["41702205000000", "41702210000000", "41703215000000", "41704220000000"],
        "participants": [12, 3, 0, 5],
        "women": [6, 1, 0, 4],
        "share_women": [0.5, 1 / 3, None, 0.8],
        "bodies_reached": [4, 1, 0, 2],
    })


def matched_participants():
    return pd.DataFrame({
        column: ["Асанова Айгүл" if column == "name" else "x"] for column in PARTICIPANT_COLUMNS
    })


def test_the_threshold_is_five_persons():
    assert K == 5
    assert SUPPRESSED == "<5"


def test_counts_of_one_to_four_people_are_suppressed_and_zero_and_five_are_shown():
    out = suppress_small_counts(rayon_table(), ["participants", "women"])

    assert out["participants"].tolist() == [12, pd.NA, 0, 5]
    assert out["women"].tolist() == [6, pd.NA, 0, pd.NA]


def test_a_share_computed_from_a_suppressed_count_is_suppressed_too():
    out = suppress_small_counts(
        rayon_table(), ["participants", "women"], shares={"share_women": ["women", "participants"]}
    )

    assert out["share_women"].tolist() == [0.5, pd.NA, pd.NA, pd.NA]


def test_counts_of_bodies_are_institutions_and_stay_visible():
    out = suppress_small_counts(rayon_table(), ["participants"])

    assert out["bodies_reached"].tolist() == [4, 1, 0, 2]
    assert out["rayon_soate"].tolist() == rayon_table()["rayon_soate"].tolist()


def test_a_marker_can_stand_in_for_suppressed_cells_in_a_table():
    out = suppress_small_counts(rayon_table(), ["participants"], marker=SUPPRESSED)

    assert out["participants"].tolist() == [12, "<5", 0, 5]


def test_the_input_table_is_left_unchanged():
    table = rayon_table()

    suppress_small_counts(table, ["participants", "women"], k=10)

    assert table.equals(rayon_table())


def test_a_stricter_threshold_suppresses_more():
    out = suppress_small_counts(rayon_table(), ["participants"], k=13)

    assert out["participants"].isna().tolist() == [True, True, False, True]


def test_naming_a_column_the_table_lacks_is_an_error_not_a_silent_pass():
    with pytest.raises(KeyError, match="heads"):
        suppress_small_counts(rayon_table(), ["heads"])


def test_donor_rows_keep_no_name_contact_or_free_text():
    safe = donor_safe(matched_participants())

    assert set(safe.columns) == set(DONOR_COLUMNS)
    assert not set(PERSONAL_COLUMNS) & set(safe.columns)
    for free_text in ("position", "organisation", "rayon_text", "oblast_text", "match_reason"):
        assert free_text not in safe.columns
    assert "Асанова Айгүл" not in safe.to_csv()


def test_a_column_added_to_participants_later_stays_hidden_from_donors():
    rows = matched_participants().assign(telegram="@aigul")

    assert "telegram" not in donor_safe(rows).columns


def test_a_count_of_people_reads_below_five_for_one_to_four_and_as_itself_otherwise():
    from forumreach.privacy import count_text

    assert [count_text(n, str) for n in (0, 1, 4, 5, 93)] == ["0", "<5", "<5", "5", "93"]


def test_a_total_is_left_out_when_it_would_give_a_hidden_part_away():
    assert privacy.total_gives_away([89, 15, 3])  # 107 - 89 - 15 = the hidden 3
    assert not privacy.total_gives_away([89, 15, 0])  # zero is shown
    assert not privacy.total_gives_away([89, 15, 5])


def bodies_table():
    return pd.DataFrame({
        "soate": ["41702205000001", "41702205000002", "41702205000003", "41702205000004"],
        "status": ["head", "present", "head", "absent"],
        "participants": [2, 1, 3, 0],
    })


def test_a_donor_reads_a_body_whose_head_came_only_as_represented():
    seen = privacy.body_status_seen(bodies_table(), donor=True)
    assert seen.status.tolist() == ["present", "present", "present", "absent"]
    # in SOATE order among the represented: heads first would still tell them apart
    assert seen.soate.tolist() == ["41702205000001", "41702205000002", "41702205000003",
                                   "41702205000004"]


def test_organizers_and_analysts_keep_the_head_came_status():
    table = bodies_table()
    assert privacy.body_status_seen(table, donor=False) is table


def test_a_total_beside_a_hidden_part_is_withheld_and_otherwise_shown():
    assert privacy.shown_total(29, [12, 0, 3, 14]) is None  # 29 - 12 - 14 = the hidden 3
    assert privacy.shown_total(26, [12, 0, 14]) == 26
