"""Reach: which bodies a programme (or every event) has reached, which it never has, and who
came back."""

import pandas as pd
import streamlit as st

from forumreach import access, coverage, reach, reach_chart
from pages import _common as ui

ui.ensure_entry()
ui.require_page("reach")
t = ui.translator()
role = ui.role()

programmes = {p.slug: p for p in ui.programmes()}
choices = [*programmes, ui.ALL_EVENTS]
asked = st.query_params.get("programme")
st.title(t("page.reach"))
chosen = st.selectbox(
    t("reach.programme"), choices, index=choices.index(asked) if asked in choices else 0,
    format_func=lambda s: t("reach.all_events") if s == ui.ALL_EVENTS else t.title(
        programmes[s].name), key="reach_programme")
if chosen in programmes and programmes[chosen].donor:
    st.caption(t("reach.donor", donor=t.title(programmes[chosen].donor)))

vintage = ui.reach_vintage()
view, event_table = ui.reach_of(chosen, vintage)
carried = event_table[event_table.vintage != vintage]
if len(carried):
    st.caption(t("reach.carried", n=t.number(len(carried)), vintage=vintage))


def reach_table(table: pd.DataFrame) -> pd.DataFrame:
    """A cumulative `coverage`-shaped table under the names reach gives its columns; for a
    donor, 1-4 bodies whose head came (heads are people) show as the hidden mark."""
    return ui.people_safe(table).rename(columns={
        "bodies_present": "bodies_reached", "heads_present": "bodies_with_head",
        "rayons_covered": "rayons_reached"})


head = view.headline
titles = {row.event: t.title(row.title) for row in event_table.itertuples()}
if event_table.empty:
    st.info(t("reach.no_events"))
    st.stop()
if event_table.synthetic.any():
    st.info(t("reach.synthetic"))

row = ui.metric_row()
row.metric(t("reach.events"), t.number(head["events"]))
row.metric(t("reach.bodies_reached"), t.ratio(head["unique_bodies_reached"],
                                              head["lsg_bodies_total"]),
           help=t("reach.bodies_reached_help"))
heads_shown = ui.heads_total(head["unique_bodies_with_head"], view.oblasts.heads_present, t)
if heads_shown is not None:  # else its parts by oblast below hide a small count
    row.metric(t("reach.bodies_with_head"),
               f"{heads_shown} / {t.number(head['unique_bodies_reached'])}",
               help=t("reach.bodies_with_head_help"))
row.metric(t("reach.rayons_reached"), t.ratio(head["rayons_reached"], head["rayons_total"]))
row.metric(t("reach.cities_reached"), t.ratio(head["cities_reached"], head["cities_total"]))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("reach.over_time"))
    ui.plotly(reach_chart.timeline_figure(view.timeline, titles, t), key="reach_timeline")
    st.subheader(t("reach.map_title"))
    ui.reach_svg_map(chosen, vintage)
    st.caption(t("reach.map_caption"))
with right:
    st.subheader(t("reach.repeat_attendance"))
    st.caption(t("reach.repeat_attendance_help"))
    st.dataframe(ui.table(view.repeat_attendance, ["times", "bodies"]), hide_index=True,
                 width="stretch")

# Nine rows at full width, a static table whose headings wrap: on the narrow side, a grid hid
# its last columns behind a scroll bar.
st.subheader(t("reach.by_oblast"))
oblast_rows, rayon_rows = reach_table(coverage.with_rayons_ratio(view.oblasts, t)), reach_table(
    view.rayons)
st.table(ui.table(oblast_rows, [
    "unit", "bodies_reached", "bodies_total", "bodies_with_head", "rayons_reached"]),
    hide_index=True)
with st.expander(t("reach.by_rayon")):
    st.dataframe(ui.table(rayon_rows, [
        "oblast", "unit", "bodies_reached", "bodies_total", "bodies_with_head"]),
        hide_index=True, width="stretch")
# Under the tiles, the map (its hover texts read the rayon rows) and both tables.
if heads_shown is None:
    st.caption(t("report.heads_total_withheld"))
ui.hidden_mark_caption(heads_shown or "", oblast_rows, rayon_rows)

st.subheader(t("reach.never_reached", n=t.number(head["never_reached"])))
st.caption(t("reach.never_reached_help"))
st.dataframe(ui.table(reach.never_reached_by_rayon(view), [
    "oblast", "rayon", "bodies_never_reached", "bodies_total"]), hide_index=True,
    width="stretch")
with st.expander(t("reach.never_reached_list")):
    st.dataframe(ui.table(view.never_reached, ["oblast", "rayon", "unit", "level"]),
                 hide_index=True, width="stretch")

# --- one body's history ----------------------------------------------------------------------
st.subheader(t("reach.history"))
reached = view.bodies[view.bodies.status != "absent"]
names = ui.area_options(ui.current_event(), reached.soate)
asked_body = st.query_params.get("body")
body_choices = list(names)
body = st.selectbox(t("reach.history_body"), body_choices,
                    index=body_choices.index(asked_body) if asked_body in body_choices else None,
                    format_func=names.get, placeholder=t("reach.history_pick"),
                    key="reach_body")
if asked_body and asked_body not in body_choices:  # a link from Gaps: a body never reached
    never = ui.area_options(ui.current_event(), pd.Series([asked_body]))
    st.info(t("reach.history_none", body=never.get(asked_body, asked_body)))
if body:
    history = reach.body_history(ui.reach_participants(chosen, vintage), event_table, body,
                                 ui.gaz(view.vintage))
    history = history.assign(title=history.event.map(titles),
                             held_on=history.held_on.map(t.date))
    if role == "donor":  # aggregates only: which events, not who or in which role
        shown = history.drop_duplicates("event")[["title", "held_on"]]
    else:
        columns = ["title", "held_on", *(["name"] if access.can_see_personal(role) else []),
                   "role", "is_head", "head_came"]
        shown = history[columns]
    st.dataframe(ui.table(shown), hide_index=True, width="stretch")

# --- who came back (names: organizers and admins only) ---------------------------------------
if access.can_see_personal(role):
    st.subheader(t("reach.people"))
    st.caption(t("reach.people_help"))
    people = reach.people(ui.reach_participants(chosen, vintage), ui.gaz(view.vintage))
    st.dataframe(ui.table(reach.repeat_people(people), ["times", "people"]), hide_index=True,
                 width="stretch")
    people["roles"] = people.roles.map(
        lambda roles: ", ".join(t.enum("role", r) for r in roles.split(", ") if r))
    st.dataframe(ui.table(people, ["name", "lsg_body", "rayon", "events", "as_head", "roles"]),
                 hide_index=True, width="stretch")

# --- the donors' programme report --------------------------------------------------------------
st.subheader(t("reach.report"))
made = st.session_state.get("reach_report")
cols = st.columns(2)
for column, kind in zip(cols, ("pdf", "png"), strict=True):
    if column.button(t(f"reach.report_make_{kind}"), key=f"reach_make_{kind}"):
        made = ui.reach_report_file(chosen, kind, vintage)
        st.session_state["reach_report"] = made
if made and made[0] == (chosen, ui.lang(), vintage):
    _, kind, data, error = made
    if error:
        st.error(t("reach.report_failed", error=error))
    else:
        st.download_button(t(f"reach.report_download_{kind}"), data,
                           file_name=f"reach-{chosen.strip('*') or 'all'}.{kind}",
                           mime="application/pdf" if kind == "pdf" else "image/png",
                           key="reach_download")
