import pytest

from forumreach import events, privacy
from forumreach.i18n import Translator

pytestmark = pytest.mark.apptest


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_app_opens_on_the_demo_overview_without_error(open_page):
    at = open_page()
    assert at.title[0].value.startswith("The role of local self-government")
    assert at.info[0].value == Translator("en")("overview.synthetic")


def test_headline_figures_are_the_coverage_of_the_demo(open_page, demo_coverage):
    head = demo_coverage.headline
    t = Translator("en")
    assert metric_values(open_page()) == {
        t("metric.bodies_present"): f"{head.lsg_bodies_present} / 484",
        t("metric.rayons_covered"): f"{head.rayons_covered} / 40",
        t("metric.cities_present"): f"{head.cities_present} / 31",
        t("metric.bodies_with_head"): f"{head.bodies_with_head} / "
                                      f"{head.lsg_bodies_present}",
        t("metric.women_share"): t.percent(head.women_share),
    }


def test_the_language_switch_changes_every_label(open_page):
    at = open_page(lang="en")
    english = metric_values(at)
    at.selectbox(key="_lang_widget").set_value("ky").run()
    assert not at.exception
    kyrgyz = metric_values(at)
    assert list(kyrgyz) == [Translator("ky")(f"metric.{k}") for k in (
        "bodies_present", "rayons_covered", "cities_present", "bodies_with_head", "women_share")]
    assert "99 / 484" in kyrgyz.values()
    assert set(kyrgyz).isdisjoint(english)


def test_the_language_comes_from_the_link(open_page):
    at = open_page(lang="ru")
    assert at.subheader[0].value == "Охват по областям"


def test_the_oblast_table_lists_seven_oblasts_and_two_cities(open_page):
    at = open_page()
    by_oblast = at.table[1].value
    assert len(by_oblast) == 9
    assert by_oblast["Bodies present"].sum() == 99


def test_rural_and_urban_are_shown_apart(open_page):
    rural_urban = open_page().table[0].value
    assert rural_urban.loc["Bodies present", "Aiyl aimaks"] == "72"
    assert rural_urban.loc["Bodies present", "Cities"] == "27"


def test_the_overview_map_shades_all_nine_oblast_level_areas(open_page):
    at = open_page()
    svg = next(m.value for m in at.markdown if 'data-testid="fr-svg-map"' in m.value)
    assert svg.count("<path data-soate=") == 9
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_a_donor_sees_small_counts_of_heads_suppressed(open_page):
    donor = open_page(role="donor").table[1].value.set_index("Name")
    analyst = open_page(role="analyst").table[1].value.set_index("Name")
    heads = analyst["Heads present"].astype(int)
    small, large = heads[heads.between(1, 4)].index, heads[heads >= 5].index
    assert len(small) and len(large)
    assert (donor.loc[small, "Heads present"].astype(str) == privacy.SUPPRESSED).all()
    assert (donor.loc[large, "Heads present"].astype(int) == heads[large]).all()


def test_a_donor_gets_no_total_of_heads_beside_an_oblast_that_hides_one(open_page):
    t = Translator("en")
    donor = open_page(role="donor")
    assert privacy.SUPPRESSED in donor.table[1].value["Heads present"].astype(str).tolist()
    assert t("metric.bodies_with_head") not in metric_values(donor)
    assert t("report.heads_total_withheld") in [c.value for c in donor.caption]
    assert t("metric.bodies_with_head") in metric_values(open_page(role="analyst"))


def test_a_donor_map_cannot_be_shaded_by_heads(open_page):
    at = open_page("pages/map.py", role="donor")
    assert "Heads present" not in at.radio[1].options


def test_the_overview_tables_are_static_so_no_column_is_cut_off(open_page):
    at = open_page(lang="ru")
    assert not at.dataframe  # scrolling grids size columns to their headings and clip them
    assert [table.value.shape for table in at.table] == [(4, 2), (9, 6)]
    shares = at.table[1].value["Доля присутствовавших органов"]
    assert shares.str.fullmatch(r"\d+,\d\xa0%").all()


def test_bishkek_and_osh_have_no_rayons_so_theirs_read_as_not_applicable(open_page):
    by_oblast = open_page().table[1].value.set_index("Name")["Rayons covered"]
    assert by_oblast["Bishkek city"] == by_oblast["Osh city"] == "—"  # not "0 / 0"
    assert by_oblast["Chui oblast"] == "8 / 8"


def test_the_headline_tiles_wrap_onto_a_second_row_rather_than_cut_a_label(
        open_page, metric_layouts):
    assert metric_layouts(open_page(lang="ru")) == ["wrapping row"] * 5


def saved_form(own_database) -> str:
    from forumreach import pipeline
    from tests.conftest import FIXTURES

    twice = pipeline.match_file(FIXTURES / "online_form_sent_twice_no_gender.csv")
    pipeline.save(twice, own_database, {"slug": "form", "title": "Form"})
    return "form"


def test_a_list_without_gender_shows_the_share_of_women_as_unknown_not_zero(
        own_database, open_page):
    slug = saved_form(own_database)
    at = open_page()
    at.selectbox(key="_event_widget").set_value(slug).run()
    t = Translator("en")
    women = next(m for m in at.metric if m.label == t("metric.women_share"))
    assert women.value == "—" and "0" not in women.value
    assert women.help == t("metric.women_share_unknown_help")
    assert t("overview.likely_duplicates", n="3") in [c.value for c in at.caption]


def test_a_donor_sees_a_small_count_of_duplicates_as_fewer_than_five(own_database, open_page):
    slug = saved_form(own_database)
    at = open_page(role="donor")
    at.selectbox(key="_event_widget").set_value(slug).run()
    assert (Translator("en")("overview.likely_duplicates", n=privacy.SUPPRESSED)
            in [c.value for c in at.caption])


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_an_event_matched_on_units_no_longer_in_force_on_its_day_says_so(
        own_database, open_page, lang):
    from forumreach import pipeline
    from tests.conftest import FIXTURES

    matched = pipeline.match_file(FIXTURES / "online_form_sent_twice_no_gender.csv")
    pipeline.save(matched, own_database, {"slug": "may-2025", "title": "May 2025",
                                          "held_on": "2025-05-20"})
    t = Translator(lang)
    note = t("overview.out_of_force_after", vintage="2018", day=t.date("2025-05-20"),
             valid_from=t.date("2018-01-01"), valid_to=t.date("2024-12-31"))
    for page in ("pages/overview.py", "pages/map.py", "pages/report.py"):
        at = open_page(page, lang=lang)
        assert note not in [i.value for i in at.info]  # the demo is of 2018's day
        assert note not in [c.value for c in at.caption]
        at.selectbox(key="_event_widget").set_value("may-2025").run()
        assert not at.exception, at.exception
        assert note in [i.value for i in at.info], page
    assert note in [c.value for c in at.caption]  # the Report's notes, as its PDF prints them


def save_forum_with_few_city_heads(store) -> str:
    """The demo without the heads of cities outside Chui oblast: 4 heads of cities in all
    (a hidden urban part), every oblast's heads 0 or at least 5 (all shown)."""
    from forumreach import gazetteer

    demo = events.demo_event().participants
    level = demo.unit_soate.map(gazetteer.load("2018").units.level)
    city_head = level.astype(str).str.startswith("city") & demo.is_head.astype(bool)
    few = demo[~(city_head & (demo.oblast_soate != "41708000000000"))]
    store.save_event({"slug": "few-city-heads", "title": "Few city heads", "vintage": "2018"},
                     few, actor="test")
    return "few-city-heads"


def test_a_donor_cannot_take_the_hidden_urban_heads_from_the_oblast_rows(own_database, open_page):
    slug = save_forum_with_few_city_heads(own_database)
    heads = Translator("en")("col.heads_present")
    views = {}
    for role in ("analyst", "donor"):
        at = open_page(role=role)
        at.selectbox(key="_event_widget").set_value(slug).run()
        assert not at.exception, at.exception
        views[role] = (at.table[0].value.loc[heads], at.table[1].value[heads].astype(str))
    (kinds, oblasts), (donor_kinds, donor_oblasts) = views["analyst"], views["donor"]
    assert kinds.astype(int).tolist() == [69, 4]  # rural shown, urban a small part
    # all nine oblast rows shown: they sum to 73
    assert privacy.SUPPRESSED not in donor_oblasts.tolist()
    # 73 - 69 would be the 4 urban heads: so the rural count is hidden beside it.
    assert donor_kinds.tolist() == [privacy.SUPPRESSED, privacy.SUPPRESSED]
    assert donor_oblasts.tolist() == oblasts.tolist()


def test_a_donor_overview_in_kyrgyz_explains_the_mark_of_a_hidden_count(open_page):
    caption = Translator("ky")("privacy.hidden_mark", mark=privacy.SUPPRESSED)
    donor = open_page(lang="ky", role="donor")
    heads = Translator("ky")("col.heads_present")
    assert privacy.SUPPRESSED in donor.table[1].value[heads].astype(str).tolist()  # Bishkek, Osh
    assert caption in [c.value for c in donor.caption]
    assert caption not in [c.value for c in open_page(lang="ky", role="analyst").caption]
