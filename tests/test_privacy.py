"""A donor sees counts of people only when at least five stand behind them, and no free text."""

import pandas as pd
import pytest

from forumreach import privacy
from forumreach.privacy import DONOR_COLUMNS, SUPPRESSED, K, donor_safe, suppress_small_counts
from forumreach.schema import PARTICIPANT_COLUMNS, PERSONAL_COLUMNS


def rayon_table():
    # Two small counts in each column of people, so no complementary cell is needed here.
    return pd.DataFrame({
        "rayon_soate": ["41702205000000", "41702210000000", "41703215000000", "41704220000000",
                        "41705214000000"],
        "participants": [12, 3, 0, 5, 2],
        "women": [6, 1, 0, 4, 0],
        "share_women": [0.5, 1 / 3, None, 0.8, 0.0],
        "bodies_reached": [4, 1, 0, 2, 1],
    })


def matched_participants():
    return pd.DataFrame({
        column: ["Асанова Айгүл" if column == "name" else "x"] for column in PARTICIPANT_COLUMNS
    })


def test_the_threshold_is_five_persons_and_the_hidden_mark_claims_no_value():
    assert K == 5
    # A complementary cell may hold 69: the mark must not read as a figure ("<5" would).
    assert SUPPRESSED == "×"


def test_counts_of_one_to_four_people_are_suppressed_and_zero_and_five_are_shown():
    out = suppress_small_counts(rayon_table(), ["participants", "women"])

    assert out["participants"].tolist() == [12, pd.NA, 0, 5, pd.NA]
    assert out["women"].tolist() == [6, pd.NA, 0, pd.NA, 0]


def test_a_share_computed_from_a_suppressed_count_is_suppressed_too():
    out = suppress_small_counts(
        rayon_table(), ["participants", "women"], shares={"share_women": ["women", "participants"]}
    )

    assert out["share_women"].tolist() == [0.5, pd.NA, pd.NA, pd.NA, pd.NA]


def test_counts_of_bodies_are_institutions_and_stay_visible():
    out = suppress_small_counts(rayon_table(), ["participants"])

    assert out["bodies_reached"].tolist() == [4, 1, 0, 2, 1]
    assert out["rayon_soate"].tolist() == rayon_table()["rayon_soate"].tolist()


def test_a_marker_can_stand_in_for_suppressed_cells_in_a_table():
    out = suppress_small_counts(rayon_table(), ["participants"], marker=SUPPRESSED)

    assert out["participants"].tolist() == [12, SUPPRESSED, 0, 5, SUPPRESSED]


def test_the_input_table_is_left_unchanged():
    table = rayon_table()

    suppress_small_counts(table, ["participants", "women"], k=10)

    assert table.equals(rayon_table())


def test_a_stricter_threshold_suppresses_more():
    out = suppress_small_counts(rayon_table(), ["participants"], k=13)

    assert out["participants"].isna().tolist() == [True, True, False, True, True]


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


def test_a_count_of_people_reads_as_the_hidden_mark_for_one_to_four_and_as_itself_otherwise():
    from forumreach.privacy import count_text

    assert [count_text(n, str) for n in (0, 1, 4, 5, 93)] == [
        "0", SUPPRESSED, SUPPRESSED, "5", "93"]


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


def heads(*counts, **columns):
    return pd.DataFrame({"soate": [f"4170{i}000000000" for i in range(len(counts))],
                         "heads_present": list(counts), **columns})


def hidden(table: pd.DataFrame, column: str = "heads_present") -> list[int]:
    return [i for i, v in enumerate(table[column]) if v == SUPPRESSED]


def test_a_lone_hidden_count_takes_the_smallest_shown_non_zero_count_with_it():
    # Without the second cell, a total printed elsewhere minus 12 + 9 + 23 gives the 3.
    out = suppress_small_counts(heads(12, 3, 0, 23, 9), ["heads_present"], marker=SUPPRESSED)

    assert out.heads_present.tolist() == [12, SUPPRESSED, 0, 23, SUPPRESSED]


def test_two_counts_hidden_already_need_no_third():
    out = suppress_small_counts(heads(12, 3, 0, 4, 9), ["heads_present"], marker=SUPPRESSED)

    assert hidden(out) == [1, 3]


def test_a_column_of_zeros_and_large_counts_hides_nothing():
    out = suppress_small_counts(heads(0, 12, 0, 5), ["heads_present"], marker=SUPPRESSED)

    assert out.heads_present.tolist() == [0, 12, 0, 5]


def test_rural_and_urban_with_one_hidden_are_both_hidden():
    rural_urban = pd.DataFrame({"kind": ["rural", "urban"], "heads_present": [69, 4],
                                "share_present": [0.16, 0.87]})

    out = suppress_small_counts(rural_urban, ["heads_present"], marker=SUPPRESSED)

    assert out.heads_present.tolist() == [SUPPRESSED, SUPPRESSED]
    assert out.share_present.tolist() == [0.16, 0.87]  # bodies, not people


def test_a_share_computed_from_a_complementary_cell_is_hidden_too():
    table = heads(3, 20, 7, share_heads=[0.3, 0.8, 0.7])

    out = suppress_small_counts(table, ["heads_present"], shares={"share_heads": [
        "heads_present"]})

    assert out.share_heads.isna().tolist() == [True, False, True]


def test_equal_counts_hide_the_same_row_however_a_page_sorts_them():
    table = heads(3, 9, 9, 20)
    by_soate = suppress_small_counts(table, ["heads_present"], marker=SUPPRESSED)
    reversed_rows = suppress_small_counts(table.iloc[::-1], ["heads_present"], marker=SUPPRESSED)

    assert hidden(by_soate) == [0, 1]
    assert reversed_rows.loc[[0, 1], "heads_present"].tolist() == [SUPPRESSED, SUPPRESSED]
    assert reversed_rows.loc[2, "heads_present"] == 9


def test_the_rayons_of_each_oblast_never_leave_one_hidden():
    # The Overview prints each oblast's figure: 41702's rayons must not give their 2 away
    # when the column as a whole already hides two cells (the other in 41703).
    rayons = pd.DataFrame({
        "soate": ["41702205000000", "41702210000000", "41702215000000", "41703204000000",
                  "41703207000000"],
        "oblast_soate": ["41702000000000"] * 3 + ["41703000000000"] * 2,
        "heads_present": [2, 8, 6, 1, 30],
    })

    out = suppress_small_counts(rayons, ["heads_present"], marker=SUPPRESSED)

    assert hidden(out) == [0, 2, 3, 4]
    alone = suppress_small_counts(rayons[rayons.oblast_soate == "41702000000000"],
                                  ["heads_present"], marker=SUPPRESSED)
    assert hidden(alone) == [0, 2]  # the oblast's own drill-down hides the same rayons


def test_a_lone_hidden_count_beside_only_zeros_has_nothing_to_pair_with():
    out = suppress_small_counts(heads(0, 3, 0), ["heads_present"], marker=SUPPRESSED)

    assert out.heads_present.tolist() == [0, SUPPRESSED, 0]


def test_an_empty_table_and_rows_outside_any_oblast_pass_through():
    assert suppress_small_counts(heads(), ["heads_present"]).empty
    city = pd.DataFrame({"oblast_soate": [None], "heads_present": [3]})
    assert suppress_small_counts(city, ["heads_present"]).heads_present.isna().all()


def test_a_complementary_cell_holding_69_reads_the_one_mark_that_claims_no_value():
    # "<5" beside a cell that holds 69 would be a false figure: the mark names no number.
    rural_urban = pd.DataFrame({"kind": ["rural", "urban"], "heads_present": [69, 4]})

    shown = suppress_small_counts(rural_urban, ["heads_present"], marker=SUPPRESSED)

    assert shown.heads_present.tolist() == [SUPPRESSED, SUPPRESSED]
    assert not any(c.isdigit() or c in "<>≤≥" for c in SUPPRESSED)
    assert privacy.count_text(3, str) == SUPPRESSED


def test_the_hidden_mark_is_found_in_texts_tables_and_lists_of_them_and_nowhere_else():
    table = suppress_small_counts(heads(12, 3, 0, 23, 9), ["heads_present"], marker=SUPPRESSED)

    assert privacy.shows_hidden(table)
    assert privacy.shows_hidden(["12", f"{SUPPRESSED} / 99"])
    assert privacy.shows_hidden(None, [("Heads", SUPPRESSED)])
    assert not privacy.shows_hidden(heads(12, 0, 23), "12 / 99", None, [("Heads", "5")])
