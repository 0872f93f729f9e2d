import pandas as pd
import pytest

from forumreach import coverage
from forumreach.i18n import UNKNOWN, Translator


@pytest.fixture(scope="module")
def people(demo):
    """The demo forum's participant rows."""
    return demo.participants


@pytest.fixture(scope="module")
def cov(people, gaz):
    return coverage.summarise(people, gaz)


def test_summary_gives_the_same_numbers_as_each_table_function(people, gaz, cov):
    assert cov.headline == coverage.headline(people, gaz)
    pd.testing.assert_frame_equal(cov.oblasts, coverage.by_oblast(people, gaz))
    pd.testing.assert_frame_equal(cov.rayons, coverage.by_rayon(people, gaz))
    pd.testing.assert_frame_equal(cov.cities, coverage.city_status(people, gaz))
    pd.testing.assert_frame_equal(cov.cities_without_head,
                                  coverage.cities_without_head(people, gaz))
    pd.testing.assert_frame_equal(cov.absent_aiyl_aimaks, coverage.absent_aiyl_aimaks(people, gaz))


def test_the_demo_reaches_what_its_file_states(cov):
    from forumreach import demo

    stated = demo.meta()["totals"]
    assert {k: cov.headline.as_dict()[k] for k in stated} == stated


def test_rayon_figures_do_not_apply_to_the_republican_cities(cov):
    shown = coverage.rayons_where_they_apply(cov.oblasts).set_index("soate")
    cities = ["41711000000000", "41721000000000"]  # Bishkek and Osh have no rayons
    assert shown.loc[cities, ["rayons_covered", "rayons_total"]].isna().all().all()
    assert shown.loc["41708000000000", "rayons_total"] == 8
    assert (cov.oblasts.set_index("soate").loc[cities, "rayons_total"] == 0).all()  # as counted


def test_rural_and_urban_add_up_to_the_headline(cov):
    table = coverage.rural_urban(cov).set_index("kind")
    assert table.bodies_present.sum() == cov.headline.lsg_bodies_present
    assert table.loc["rural", "bodies_total"] == 453
    assert table.loc["urban", "bodies_total"] == 31
    assert table.heads_present.sum() == cov.headline.bodies_with_head


def test_follow_up_lists_every_city_without_head_and_every_absent_aiyl_aimak(cov):
    table = coverage.follow_up(cov)
    counts = table.kind.value_counts().to_dict()
    assert counts == {"city_without_head": 31 - 24, "absent_aiyl_aimak": 453 - 72}
    assert table.kind.iloc[0] == "city_without_head"  # cities before the long aiyl aimak list


def test_a_rayon_whose_heads_stayed_home_is_on_the_follow_up_list(people, gaz):
    rayon = "41702205000000"  # Ak-Suu
    no_heads = people.copy()
    no_heads.loc[no_heads.rayon_soate == rayon, "is_head"] = False
    table = coverage.follow_up(coverage.summarise(no_heads, gaz))
    assert table[table.kind == "rayon_without_head"].soate.tolist() == [rayon]


def test_absent_aiyl_aimaks_per_rayon_add_up(cov):
    table = coverage.absent_by_rayon(cov)
    assert table.aiyl_aimaks_absent.sum() == len(cov.absent_aiyl_aimaks)
    assert table.aiyl_aimaks_absent.is_monotonic_decreasing


def test_bodies_in_a_rayon_are_its_aiyl_aimaks_and_cities_heads_first(cov, gaz):
    rayon = "41702205000000"
    bodies = coverage.bodies_in(cov, rayon)
    assert set(bodies.soate) == set(gaz.lsg_bodies[gaz.lsg_bodies.rayon_soate == rayon].soate)
    order = bodies.status.map({"head": 0, "present": 1, "absent": 2})
    assert order.is_monotonic_increasing


def test_areas_in_an_oblast_are_its_rayons_and_cities(cov):
    inside = coverage.areas_in_oblast(cov, "41702000000000")
    assert (inside.oblast_soate == "41702000000000").all() and len(inside) == 5 + 2


def test_an_event_compared_with_itself_changed_nowhere(cov):
    assert (coverage.area_change(cov, cov).change == 0).all()
    assert (coverage.headline_change(cov, cov).change == 0).all()


def test_a_smaller_event_shows_losses_where_bodies_stayed_away(people, gaz, cov):
    later = coverage.summarise(people[people.oblast_soate != "41702000000000"], gaz)
    change = coverage.area_change(cov, later).set_index("soate")
    issyk_kul = change[change.index.str.startswith("41702")]
    assert (issyk_kul.change <= 0).all() and issyk_kul.change.sum() == -12
    assert (change.drop(issyk_kul.index).change == 0).all()


def test_filters_combine_and_an_empty_filter_lets_everyone_through(people):
    assert len(coverage.filter_participants(people)) == len(people)
    heads = coverage.filter_participants(people, roles=["head"])
    assert len(heads) == (people.role == "head").sum()
    both = coverage.filter_participants(people, roles=["head"], oblasts=["41702000000000"])
    assert set(both.oblast_soate) == {"41702000000000"} and (both.role == "head").all()


def test_an_event_with_nobody_reached_nothing(gaz):
    from forumreach.schema import empty_participants

    empty = coverage.summarise(empty_participants(), gaz)
    assert empty.headline.lsg_bodies_present == 0
    assert len(empty.absent_aiyl_aimaks) == 453


def _rows(*rows: tuple) -> pd.DataFrame:
    """(unit_soate, match_status, gender) per participant; an empty unit is no LSG body."""
    return pd.DataFrame(rows, columns=["unit_soate", "match_status", "gender"]).assign(
        is_head=False)


TEPKE, ENILCHEK = "41702205844000", "41702205852000"


def test_a_sheet_without_gender_has_an_unknown_share_of_women_not_zero(gaz):
    rows = _rows((TEPKE, "exact", ""), (ENILCHEK, "fuzzy", ""))
    head = coverage.headline(rows.drop(columns="gender"), gaz)
    assert head.women_share is None and head.gender_known == 0
    assert coverage.headline(rows, gaz).women_share is None
    assert coverage.gender_basis(head) == "unknown"


def test_the_share_of_women_rests_on_the_rows_whose_gender_is_known(gaz):
    rows = _rows((TEPKE, "exact", "ж"), (TEPKE, "exact", "м"), (ENILCHEK, "exact", ""),
                 (ENILCHEK, "manual", "f"))
    head = coverage.headline(rows, gaz)
    assert head.women_share == round(2 / 3, 4) and head.gender_known == 3
    assert head.lsg_participants == 4 and coverage.gender_basis(head) == "partly"


def test_a_list_with_every_gender_known_says_so(gaz):
    head = coverage.headline(_rows((TEPKE, "exact", "м"), (ENILCHEK, "exact", "м")), gaz)
    assert head.women_share == 0.0 and coverage.gender_basis(head) == "known"


def test_unresolved_rows_are_neither_guests_nor_lsg_bodies(gaz):
    rows = _rows((TEPKE, "exact", "ж"), ("", "review", "ж"), ("", "unmatched", "м"),
                 ("", "not_lsg", "м"), (ENILCHEK, "review", "м"))
    head = coverage.headline(rows, gaz)
    assert (head.participants, head.lsg_participants, head.rows_not_lsg,
            head.rows_unresolved) == (5, 1, 1, 3)
    assert head.lsg_bodies_present == 1 and head.women_share == 1.0


def test_a_likely_duplicate_counts_once(gaz):
    rows = _rows((TEPKE, "exact", "ж"), (TEPKE, "exact", "ж"), (ENILCHEK, "exact", "м"))
    rows["duplicate_of"] = pd.array([pd.NA, 1, pd.NA], dtype="Int64")
    cov = coverage.summarise(rows, gaz)
    assert cov.headline.participants == 2 and cov.headline.likely_duplicates == 1
    assert cov.headline.lsg_participants == 2 and cov.headline.women_share == 0.5
    assert cov.bodies.set_index("soate").participants[TEPKE] == 1


def test_an_unknown_share_of_women_has_no_change(gaz, cov):
    unknown = coverage.summarise(_rows((TEPKE, "exact", "")), gaz)
    change = coverage.headline_change(cov, unknown).set_index("figure")
    assert change.after.isna()["women_share"] and change.change.isna()["women_share"]
    assert change.change["lsg_bodies_present"] == 1 - cov.headline.lsg_bodies_present


def test_the_headline_is_a_frozen_record_that_refuses_a_misspelt_figure(cov):
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        cov.headline.women_share = 0.0
    with pytest.raises(AttributeError):
        _ = cov.headline.guests


def test_a_count_against_no_total_reads_as_unknown_not_as_none_of_none(cov):
    t = Translator("ru")
    assert coverage.ratios([5, 0, 1], [7, 0, pd.NA], t) == ["5 / 7", UNKNOWN, UNKNOWN]
    shown = coverage.with_rayons_ratio(cov.oblasts, t).set_index("soate").rayons_covered
    assert shown["41711000000000"] == UNKNOWN  # Bishkek has no rayons
    assert shown["41708000000000"].endswith(" / 8")
