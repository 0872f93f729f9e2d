import datetime as dt
import re

import pytest

from forumreach import events, privacy

pytestmark = pytest.mark.apptest


def save_smaller_forum(store) -> None:
    """A second event without anyone from Issyk-Kul oblast."""
    demo = events.demo_event().participants
    later = demo[demo.oblast_soate != "41702000000000"]
    store.save_event({"slug": "forum-2019", "title": "Forum 2019", "vintage": "2018",
                      "held_on": dt.date(2019, 6, 1)}, later, actor="test")


def test_with_only_the_demo_the_page_says_how_to_get_a_second_event(open_page):
    at = open_page("pages/compare.py")
    assert at.info[0].value.startswith("There is only one event so far.")
    assert not at.get("plotly_chart")


def test_a_viewer_who_cannot_import_is_pointed_to_reach_not_to_import(open_page):
    at = open_page("pages/compare.py", role="donor")
    assert "Reach page" in at.info[0].value and "Import" not in at.info[0].value


def test_two_events_side_by_side_with_a_map_of_the_change(own_database, open_page,
                                                           plotly_figures, plotly_values,
                                                           frame_with):
    save_smaller_forum(own_database)
    at = open_page("pages/compare.py")
    assert not at.info
    assert [m.value for m in at.metric][::2] == ["99 / 484", "87 / 484"]
    figures = frame_with(at, "Figure").set_index("Figure")
    assert figures.loc["LSG bodies present", "Change"] == "−12"
    assert figures.loc["Share of women", "First"].endswith("%")
    assert figures.loc["Share of women", "Change"].endswith(" pp")
    (change_map,) = plotly_figures(at)
    z = plotly_values(change_map["data"][0]["z"])
    assert min(z) < 0 and max(z) == 0
    areas = frame_with(at, "At the second event")
    assert sum(int(c.replace("−", "-")) for c in areas["Change"]) == -12


def test_a_stored_event_can_be_opened_by_link(own_database, open_page):
    save_smaller_forum(own_database)
    from streamlit.testing.v1 import AppTest

    from forumreach import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update(lang="en", event="forum-2019")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Forum 2019"
    assert at.metric[0].value == "87 / 484"


def test_the_share_of_women_reads_as_a_russian_percentage_not_a_fraction(own_database, open_page,
                                                                        frame_with):
    save_smaller_forum(own_database)
    figures = frame_with(open_page("pages/compare.py", lang="ru"), "Показатель")
    women = figures.set_index("Показатель").iloc[-1]
    assert re.fullmatch(r"\d+,\d\xa0%", women.iloc[0]), women.tolist()
    assert re.fullmatch(r"[+−]\d+,\d п\.п\.", women.iloc[2]), women.tolist()


def test_an_event_with_unresolved_rows_and_no_gender_says_so_beside_the_other(
        own_database, open_page, frame_with):
    demo = events.demo_event().participants
    later = demo.assign(gender="")
    later.loc[later.index[:2], ["match_status", "unit_soate", "is_head"]] = ["review", "", False]
    own_database.save_event({"slug": "forum-2019", "title": "Forum 2019", "vintage": "2018"},
                            later, actor="test")
    from forumreach.i18n import Translator

    t = Translator("en")
    at = open_page("pages/compare.py")
    assert [w.value for w in at.warning] == [t("event.rows_unresolved", n="2")]
    figures = frame_with(at, "Figure").set_index("Figure")
    assert figures.loc["Share of women", "Second"] == "—"
    assert figures.loc["Share of women", "Change"] == "—"
    donor = open_page("pages/compare.py", role="donor")
    assert [w.value for w in donor.warning] == [t("event.rows_unresolved", n=privacy.SUPPRESSED)]
    hidden_mark = t("privacy.hidden_mark", mark=privacy.SUPPRESSED)
    assert hidden_mark in [c.value for c in donor.caption]
    assert hidden_mark not in [c.value for c in at.caption]


def test_a_donors_change_table_has_no_row_of_heads(own_database, open_page, frame_with):
    save_smaller_forum(own_database)
    at = open_page("pages/compare.py", role="donor")
    figures = frame_with(at, "Figure").set_index("Figure")
    assert "LSG bodies present" in figures.index
    assert "Bodies that sent their head" not in figures.index
    analyst = frame_with(open_page("pages/compare.py"), "Figure").set_index("Figure")
    assert len(analyst) == len(figures) + 1


def open_compare_on(event: str):
    """The Compare page opened while `event` is the current event (as from a link)."""
    from streamlit.testing.v1 import AppTest

    from forumreach import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update(lang="en", event=event)
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception, at.exception
    return at


def test_on_the_later_event_the_change_still_runs_forward_from_the_earlier_one(own_database,
                                                                               frame_with):
    save_smaller_forum(own_database)
    at = open_compare_on("forum-2019")
    assert at.selectbox(key="compare_before").value == events.DEMO_SLUG
    assert at.selectbox(key="compare_after").value == "forum-2019"
    figures = frame_with(at, "Figure").set_index("Figure")
    assert figures.loc["LSG bodies present", ["First", "Change"]].tolist() == ["99", "−12"]


def test_an_event_held_before_the_demo_comes_first_though_it_is_listed_after(own_database,
                                                                             open_page,
                                                                             frame_with):
    demo = events.demo_event().participants
    own_database.save_event({"slug": "forum-2017", "title": "Forum 2017", "vintage": "2018",
                             "held_on": dt.date(2017, 6, 1)},
                            demo[demo.oblast_soate != "41702000000000"], actor="test")
    at = open_page("pages/compare.py")
    assert [at.selectbox(key=k).value for k in ("compare_before", "compare_after")] == [
        "forum-2017", events.DEMO_SLUG]
    assert [m.value for m in at.metric][::2] == ["87 / 484", "99 / 484"]
    figures = frame_with(at, "Figure").set_index("Figure")
    assert figures.loc["LSG bodies present", "Change"] == "+12"


def test_every_signed_change_on_the_page_uses_the_minus_sign_of_the_map_scale(own_database,
                                                                              open_page,
                                                                              frame_with,
                                                                              plotly_figures):
    save_smaller_forum(own_database)
    at = open_page("pages/compare.py")
    figures = frame_with(at, "Figure")
    areas = frame_with(at, "At the second event")
    signed = [*figures["Change"], *areas["Change"]]
    assert "−12" in signed and "−1" in signed and "0" in signed
    assert not [c for c in signed if "-" in c]
    (change_map,) = plotly_figures(at)
    hovers = change_map["data"][0]["hovertext"]
    assert any("Change: −1" in h for h in hovers) and any(h.endswith("Change: 0") for h in hovers)
    assert not [h for h in hovers if "Change: -" in h or "Change: +0" in h]


def test_the_areas_that_moved_most_come_first(own_database, open_page, frame_with):
    demo = events.demo_event().participants
    for slug, year, left_out in (("no-issyk-kul", 2019, "41702000000000"),
                                 ("no-naryn", 2020, "41704000000000")):
        own_database.save_event({"slug": slug, "title": slug, "vintage": "2018",
                                 "held_on": dt.date(year, 6, 1)},
                                demo[demo.oblast_soate != left_out], actor="test")
    at = open_page("pages/compare.py")
    at.selectbox(key="compare_before").set_value("no-issyk-kul").run()
    at.selectbox(key="compare_after").set_value("no-naryn").run()
    changes = frame_with(at, "At the second event")["Change"].map(
        lambda text: int(str(text).replace("−", "-").replace("+", "")))
    assert min(changes) < 0 < max(changes)  # Issyk-Kul came back, Naryn stayed away
    sizes = changes.abs().tolist()
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 0


def test_a_donor_gets_no_heads_total_beside_parts_that_hide_a_small_count(own_database,
                                                                         open_page):
    """The demo's heads by oblast hide Bishkek's and Osh's; the total minus the others would
    give them back, so a donor's tiles leave it out and say why, as the Overview does."""
    from forumreach.i18n import Translator

    t = Translator("en")
    save_smaller_forum(own_database)
    donor = open_page("pages/compare.py", role="donor")
    assert t("metric.bodies_with_head") not in [m.label for m in donor.metric]
    assert t("report.heads_total_withheld") in [c.value for c in donor.caption]
    analyst = open_page("pages/compare.py")
    assert t("metric.bodies_with_head") in [m.label for m in analyst.metric]
