"""Map: coverage by oblast or rayon, the 31 cities as points; click an area to drill down."""

import streamlit as st

from forumreach import coverage
from pages import _common as ui
from pages import _fit as fit

ui.ensure_entry()
t = ui.translator()
ref = ui.current_event()
cov = ui.coverage_of(ref)

st.title(t("page.map"))
ui.out_of_force_note(ref)
controls = st.columns([1, 2, 1])
level = controls[0].radio(t("map.level"), ["oblast", "rayon"], key="map_level",
                          format_func=lambda v: t(f"map.level.{v}"), horizontal=True)
# Heads are people: a donor's map is not shaded by a count of them (forumreach.privacy).
measures = ["bodies_present", "share_aiyl_aimaks"] if ui.donor_view() else [
    "bodies_present", "heads_present", "share_aiyl_aimaks"]
measure = controls[1].radio(t("map.measure"), measures, key="map_measure",
                            format_func=lambda v: t(f"measure.{v}"), horizontal=True)
with_cities = controls[2].toggle(t("map.show_cities"), value=True, key="map_cities")
if with_cities and ui.city_points() is None:
    st.warning(t("map.no_city_points"))

areas = cov.oblasts if level == "oblast" else cov.rayons
options = ui.area_options(ref, areas.soate)
drill_key = f"map_drill_{level}"
st.session_state.setdefault(drill_key, None)


def _choose(soate: str, drill_key: str = drill_key) -> None:
    """A click on an area (or on a city that is an area at this level) drills down to it."""
    if soate in options:
        st.session_state[drill_key] = soate


def _choose_inside(soate: str) -> None:
    """A click on a rayon or city of the oblast's own map goes on to it at the rayon level."""
    if soate in set(cov.rayons.soate):
        st.session_state["map_level"] = "rayon"
        st.session_state["map_drill_rayon"] = soate


ui.area_map(ref, level, measure, key=f"map_chart_{level}", chosen=st.session_state[drill_key],
            on_choose=_choose, with_cities=with_cities)
st.caption(t("map.click_hint"))
ui.hidden_mark_caption(ui.people_safe(areas))  # the hover texts read these rows
ui.boundaries_note(ref.vintage)

chosen = st.selectbox(t("map.drill_down"), list(options), key=drill_key,
                      format_func=options.get, placeholder=t("map.choose_area"))
if chosen:
    st.subheader(options[chosen])
    inner_shown = None
    if level == "oblast" and chosen in set(cov.rayons.oblast_soate):
        inner = coverage.areas_in_oblast(cov, chosen)
        if len(inner) > 1:
            ui.area_map(ref, "rayon", measure, key="map_chart_drill", chosen=None,
                        on_choose=_choose_inside, with_cities=with_cities, only_in=chosen)
            inner_shown = ui.people_safe(inner)
            fit.dataframe(
                ui.table(inner_shown, ["unit", "bodies_present", "bodies_total",
                                                 "heads_present",
                                 "aiyl_aimaks_present", "aiyl_aimaks_total", "share_aiyl_aimaks"]),
                hide_index=True, width="stretch", column_config=ui.share_columns(
                    "share_aiyl_aimaks"),
            )
    st.markdown(f"**{t('map.bodies_in_area')}**")
    bodies = ui.people_safe(coverage.bodies_in(cov, chosen), ("participants",))
    st.dataframe(
        ui.table(bodies, ["unit", "level", "rayon", "status", "participants"]),
        hide_index=True, width="stretch",
    )
    ui.hidden_mark_caption(inner_shown, bodies)
