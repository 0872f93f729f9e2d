import io

import pandas as pd
import pytest

from forumreach import events, privacy, reach, reach_chart, reach_report
from forumreach.i18n import Translator
from forumreach.store import Store


@pytest.fixture(scope="module")
def bodies(gaz):
    """Three aiyl aimaks of one rayon, one of another oblast, and a city."""
    aa = gaz.level("aiyl_aimak").sort_values("soate")
    first_rayon = aa[aa.rayon_soate == aa.rayon_soate.iloc[0]]
    other = aa[aa.oblast_soate != aa.oblast_soate.iloc[0]]
    city = gaz.cities.sort_values("soate").iloc[0]
    return {"a": first_rayon.soate.iloc[0], "b": first_rayon.soate.iloc[1],
            "c": first_rayon.soate.iloc[2], "d": other.soate.iloc[0], "city": city.soate}


def sheet(event: str, rows: list[tuple], gaz) -> pd.DataFrame:
    """(body, role, match_status[, name]) per participant -> a matched participant table."""
    units = gaz.units
    out = []
    for i, (soate, role, status, *name) in enumerate(rows, start=1):
        confident = status in ("exact", "fuzzy", "manual")
        out.append({
            "event": event, "source_row": i, "name": name[0] if name else f"Person {event} {i}",
            "unit_soate": soate, "rayon_soate": units.rayon_soate.get(soate),
            "oblast_soate": units.oblast_soate.get(soate), "match_status": status,
            "role": role, "is_head": confident and role == "head", "is_lsg": confident,
        })
    return pd.DataFrame(out)


def event_table(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["event", "held_on"])


@pytest.fixture(scope="module")
def three_events(gaz, bodies):
    """2019: a (head), b (deputy), a review row for c; 2020: a again (deputy), d (head), city;
    2021: a (head), d (staff), an unmatched row."""
    b = bodies
    participants = pd.concat([
        sheet("y2019", [(b["a"], "head", "exact", "Асанов Бакыт"),
                        (b["b"], "deputy", "fuzzy"),
                        (b["c"], "head", "review")], gaz),
        sheet("y2020", [(b["a"], "deputy", "exact"),
                        (b["d"], "head", "manual", "Сыдыкова Айгуль"),
                        (b["city"], "staff", "exact")], gaz),
        sheet("y2021", [(b["a"], "head", "exact", "АСАНОВ бакыт"),
                        (b["d"], "staff", "exact"),
                        ("", "head", "unmatched")], gaz),
    ], ignore_index=True)
    return event_table(("y2021", "2021-03-01"), ("y2019", "2019-05-01"),
                       ("y2020", "2020-06-01")), participants


def test_cumulative_counts_of_three_small_events_are_the_known_answers(three_events, gaz):
    table, participants = three_events
    result = reach.summarise(table, participants, gaz)
    assert result.headline["events"] == 3
    assert result.headline["unique_bodies_reached"] == 4  # a, b, d, city
    assert result.headline["unique_bodies_with_head"] == 2  # a, d
    assert result.headline["cities_reached"] == 1
    assert result.headline["aiyl_aimaks_reached"] == 3
    assert result.headline["never_reached"] == 484 - 4


def test_the_timeline_is_in_date_order_with_each_events_new_bodies(three_events, gaz):
    table, participants = three_events
    timeline = reach.summarise(table, participants, gaz).timeline
    assert timeline.event.tolist() == ["y2019", "y2020", "y2021"]
    assert timeline.new_bodies.tolist() == [2, 2, 0]
    assert timeline.bodies_reached.tolist() == [2, 4, 4]
    assert timeline.bodies_with_head.tolist() == [1, 2, 2]
    assert timeline.bodies_present.tolist() == [2, 3, 2]


def test_a_body_present_in_two_events_counts_once(gaz, bodies):
    participants = pd.concat([sheet("one", [(bodies["a"], "head", "exact")], gaz),
                              sheet("two", [(bodies["a"], "head", "exact")], gaz)])
    result = reach.summarise(event_table(("one", "2019-01-01"), ("two", "2020-01-01")),
                             participants, gaz)
    assert result.headline["unique_bodies_reached"] == 1
    assert result.repeat_attendance.set_index("times").bodies.to_dict() == {"1": 0, "2": 1,
                                                                            "3+": 0}


def test_unresolved_rows_never_count_even_with_a_candidate_body(gaz, bodies):
    participants = sheet("only", [(bodies["a"], "head", "review"),
                                  (bodies["b"], "head", "unmatched"),
                                  (bodies["c"], "head", "not_lsg")], gaz)
    result = reach.summarise(event_table(("only", "2019-01-01")), participants, gaz)
    assert result.headline["unique_bodies_reached"] == 0
    assert result.headline["never_reached"] == 484
    assert result.headline["share_with_head"] is None  # unknown, not 0


def test_repeat_attendance_bins_bodies_by_how_many_events_they_came_to(three_events, gaz):
    table, participants = three_events
    repeat = reach.summarise(table, participants, gaz).repeat_attendance
    # a came 3 times, d twice, b and the city once
    assert repeat.set_index("times").bodies.to_dict() == {"1": 2, "2": 1, "3+": 1}


def test_never_reached_is_every_other_body_grouped_by_rayon(three_events, gaz, bodies):
    table, participants = three_events
    result = reach.summarise(table, participants, gaz)
    never = result.never_reached
    assert len(never) == 480 and not set(never.soate) & {bodies["a"], bodies["b"], bodies["d"]}
    assert bodies["c"] in set(never.soate)  # only a review row named it
    by_rayon = reach.never_reached_by_rayon(result)
    assert by_rayon.bodies_never_reached.sum() == 480
    rayon = gaz.units.rayon_soate[bodies["a"]]
    row = by_rayon.set_index("rayon_soate").loc[rayon]
    assert row.bodies_total - row.bodies_never_reached == 2  # a and b reached


def test_the_oblast_table_is_cumulative_and_in_coverages_shape(three_events, gaz, bodies):
    table, participants = three_events
    oblasts = reach.summarise(table, participants, gaz).oblasts.set_index("soate")
    assert oblasts.bodies_present.sum() == 4
    assert oblasts.heads_present.sum() == 2
    assert oblasts.loc[gaz.units.oblast_soate[bodies["d"]], "heads_present"] >= 1


def test_only_the_chosen_events_count(three_events, gaz):
    table, participants = three_events
    result = reach.summarise(table[table.event == "y2019"], participants, gaz)
    assert result.headline["unique_bodies_reached"] == 2


def test_the_same_person_written_differently_at_the_same_body_is_one_person(three_events,
                                                                             gaz, bodies):
    _, participants = three_events
    people = reach.people(participants, gaz)
    asanov = people[people.unit_soate == bodies["a"]]
    assert (asanov.events == 2).sum() == 1 and asanov.as_head.any()
    assert reach.person_key("Асанов Бакыт") == reach.person_key("бакыт АСАНОВ")
    assert reach.person_key("Дүйшөнбеков") == reach.person_key("Дуйшонбеков")
    assert reach.person_key(None) == ""


def test_the_same_name_at_two_bodies_is_two_people(gaz, bodies):
    participants = pd.concat([sheet("one", [(bodies["a"], "head", "exact", "Исаков Улан")], gaz),
                              sheet("two", [(bodies["b"], "head", "exact", "Исаков Улан")], gaz)])
    people = reach.people(participants, gaz)
    assert len(people) == 2 and people.events.tolist() == [1, 1]


def test_a_bodys_history_lists_who_came_in_which_role_and_whether_the_head_came(three_events,
                                                                                gaz, bodies):
    table, participants = three_events
    history = reach.body_history(participants, table, bodies["a"], gaz)
    assert history.event.tolist() == ["y2019", "y2020", "y2021"]
    assert history.role.tolist() == ["head", "deputy", "head"]
    assert history.head_came.tolist() == [True, False, True]
    assert reach.body_history(participants, table, bodies["c"], gaz).empty  # review only


def test_as_json_has_the_figures_other_tools_read(three_events, gaz):
    table, participants = three_events
    figures = reach.as_json(reach.summarise(table, participants, gaz), gaz)
    for key in ("events", "unique_bodies_reached", "unique_bodies_with_head", "rayons_reached",
                "cities_reached", "never_reached", "by_oblast"):
        assert key in figures
    assert len(figures["by_oblast"]) == 9
    assert sum(o["bodies_reached"] for o in figures["by_oblast"]) == 4


def test_no_events_reach_nothing_and_the_head_share_is_unknown(gaz):
    table, participants = reach.stack([])
    result = reach.summarise(table, participants, gaz)
    assert result.headline["unique_bodies_reached"] == 0
    assert result.headline["share_with_head"] is None
    assert result.timeline.empty


# --- the demo programme --------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_programme():
    return events.demo_reach_input()


def test_the_demo_programme_has_the_forum_and_three_later_synthetic_events(demo_programme):
    table, _ = demo_programme
    assert table.event.tolist()[0] == events.DEMO_SLUG
    assert len(table) == 4 and table.synthetic.all()
    assert table.programme.nunique() == 1


def test_in_the_demo_programme_some_bodies_return_and_some_are_new(demo_programme, gaz):
    table, participants = demo_programme
    result = reach.summarise(table, participants, gaz)
    later = result.timeline.iloc[1:]
    assert (later.new_bodies > 0).all()
    assert (later.bodies_present > later.new_bodies).all()  # some came back
    assert result.repeat_attendance.set_index("times").bodies["3+"] > 0


def test_the_demo_programmes_confident_matches_are_never_wrong(demo_programme):
    from forumreach import demo

    _, participants = demo_programme
    for event in demo.later_events():
        truth = demo.later_truth(event["slug"]).set_index("source_row").unit_soate
        rows = participants[participants.event == event["slug"]].set_index("source_row")
        confident = rows[rows.match_status.isin(["exact", "fuzzy", "manual"])]
        assert len(confident) > 40
        assert (confident.unit_soate == truth.reindex(confident.index)).all()


# --- store: programmes ---------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    opened = Store(f"sqlite:///{tmp_path / 'reach.sqlite'}")
    yield opened
    opened.engine.dispose()


def test_an_event_is_assigned_and_reassigned_to_a_programme(store, gaz, bodies):
    first = store.upsert_programme("p1", {"en": "First", "ru": "Первая"}, "SDC")
    second = store.upsert_programme("p2", {"ky": "Экинчи"})
    event_id = store.save_event({"slug": "e", "title": "E", "vintage": "2018"},
                                sheet("e", [(bodies["a"], "head", "exact")], gaz))
    assert store.assign_programme(event_id, first)
    assert store.list_events().programme_id.tolist() == [first]
    assert store.assign_programme(event_id, second)
    assert store.list_programmes().set_index("slug").n_events.to_dict() == {"p1": 0, "p2": 1}
    assert store.find_programme("первая")["id"] == first
    assert store.find_programme("экинчи")["name_en"] == "Экинчи"  # a missing language falls back
    assert store.audit_log(action="assign_programme").shape[0] == 2


def test_assigning_to_a_programme_that_does_not_exist_is_refused(store, gaz, bodies):
    event_id = store.save_event({"slug": "e", "title": "E", "vintage": "2018"},
                                sheet("e", [(bodies["a"], "head", "exact")], gaz))
    with pytest.raises(ValueError):
        store.assign_programme(event_id, 99)
    assert store.list_events().programme_id.isna().all()


def test_stored_reach_input_takes_one_programmes_events(store, gaz, bodies):
    programme = store.upsert_programme("p", {"en": "P"})
    inside = store.save_event({"slug": "in", "title": "In", "vintage": "2018",
                               "programme_id": programme},
                              sheet("in", [(bodies["a"], "head", "exact")], gaz))
    store.save_event({"slug": "out", "title": "Out", "vintage": "2018"},
                     sheet("out", [(bodies["b"], "head", "exact")], gaz))
    table, participants = events.stored_reach_input(store, "2018", "P")
    assert table.event.tolist() == ["in"] and set(participants.event) == {"in"}
    assert inside == store.list_events().id.iloc[0]
    with pytest.raises(ValueError):
        events.stored_reach_input(store, "2018", "no such programme")


# --- chart and donor report ------------------------------------------------------------------


def test_the_chart_draws_new_bodies_as_bars_under_a_stepped_cumulative_line(three_events, gaz):
    table, participants = three_events
    result = reach.summarise(table, participants, gaz)
    fig = reach_chart.timeline_figure(result.timeline, {}, Translator("ky"))
    bars, reached, heads = fig.data
    assert list(bars.y) == [2, 2, 0] and list(reached.y) == [2, 4, 4]
    assert reached.line.shape == "hv" and list(heads.y) == [1, 2, 2]
    assert bars.name == Translator("ky")("reach.new_bodies")


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_programme_report_is_one_page_of_aggregates_without_names(demo_programme, gaz,
                                                                      lang):
    import re

    table, participants = demo_programme
    result = reach.summarise(table, participants, gaz)
    content = reach_report.programme_report(result, table, events.demo_programme(), gaz, lang)
    words = " ".join([content.title, content.event_title, content.held_on, *content.notes,
                      *(f"{label} {value}" for label, value in content.headline),
                      content.table.to_csv()])
    assert Translator(lang)("reach.report_title") in words
    assert events.demo_programme().donor[lang] in content.event_title  # in the reader's language
    assert not [n for n in participants.name.dropna() if n in words]
    pdf = reach_report.programme_report_pdf(result, table, events.demo_programme(), gaz, lang,
                                            with_map=False)
    assert re.findall(rb"/Count (\d+)", pdf) == [b"1"]


def test_the_programme_report_suppresses_small_counts_of_heads(three_events, gaz):
    table, participants = three_events
    result = reach.summarise(table, participants, gaz)
    content = reach_report.programme_report(result, table, None, gaz, "en")
    heads = content.table[Translator("en")("col.bodies_with_head")]
    assert privacy.SUPPRESSED in heads.tolist() and "1" not in heads.tolist()
    assert Translator("en")("privacy.hidden_mark", mark=privacy.SUPPRESSED) in content.notes


def test_the_programme_report_png_is_an_a4_page(three_events, gaz):
    from PIL import Image

    table, participants = three_events
    result = reach.summarise(table, participants, gaz)
    png = reach_report.programme_report_png(result, table, None, gaz, "ru", with_map=False)
    width, height = Image.open(io.BytesIO(png)).size
    assert abs(width - 1240) <= 1 and abs(height - 1754) <= 1  # A4 at 150 dpi


def test_the_charts_dates_are_written_in_the_users_language(three_events, gaz):
    table, participants = three_events
    result = reach.summarise(table, participants, gaz)
    fig = reach_chart.timeline_figure(result.timeline, {}, Translator("ru"))
    assert list(fig.layout.xaxis.ticktext) == [Translator("ru").date(d)
                                              for d in dict.fromkeys(result.timeline.held_on)]
    assert not any("Jan" in text or "Jul" in text for text in fig.layout.xaxis.ticktext)


def test_every_event_of_the_demo_programme_has_its_date_on_the_axis_with_room_to_show_it(
        demo_programme, gaz):
    """Plotly hides a tick label that would stick out of the chart: the axis ends past the last
    event, and no label is hidden for overflowing (20 Feb 2020 had lost its date)."""
    table, participants = demo_programme
    timeline = reach.summarise(table, participants, gaz).timeline
    axis = reach_chart.timeline_figure(timeline, {}, Translator("ky")).layout.xaxis
    dates = sorted(set(timeline.held_on))
    assert list(axis.tickvals) == dates and len(dates) == 4
    assert list(axis.ticktext) == [Translator("ky").date(d) for d in dates]
    start, end = (pd.Timestamp(d) for d in axis.range)
    span = pd.Timestamp(dates[-1]) - pd.Timestamp(dates[0])
    assert pd.Timestamp(dates[0]) - start >= span * 0.1
    assert end - pd.Timestamp(dates[-1]) >= span * 0.1
    assert axis.ticklabeloverflow == "allow"


def test_one_dated_event_alone_still_has_room_around_its_label(gaz, bodies):
    participants = sheet("a", [(bodies["a"], "head", "exact")], gaz)
    result = reach.summarise(event_table(("a", "2019-04-18")), participants, gaz)
    axis = reach_chart.timeline_figure(result.timeline, {}, Translator("en")).layout.xaxis
    start, end = (pd.Timestamp(d) for d in axis.range)
    assert start < pd.Timestamp("2019-04-18") < end
    assert end - start >= pd.Timedelta(days=60)
