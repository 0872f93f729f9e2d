"""Gaps: who to call after the event. Rayons and cities that sent no head, absent aiyl aimaks."""

import streamlit as st

from forumreach import coverage, export
from pages import _common as ui

ui.ensure_entry()
t = ui.translator()
ref = ui.current_event()
cov = ui.coverage_of(ref)

st.title(t("page.gaps"))
st.caption(t("gaps.intro"))

st.download_button(
    t("gaps.download_xlsx"),
    data=ui.follow_up_xlsx(ref),
    file_name=export.filename(ref.slug, "follow-up", "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="gaps_xlsx", icon=":material/download:",
)

st.subheader(t("gaps.rayons_without_head", n=t.number(len(cov.rayons_without_head))))
if cov.rayons_without_head.empty:
    st.success(t("gaps.every_rayon_has_head"))
else:
    st.dataframe(ui.table(cov.rayons_without_head, ["oblast", "unit"]), hide_index=True,
                 width="stretch", key="gaps_rayons")

st.subheader(t("gaps.cities_without_head", n=t.number(len(cov.cities_without_head))))
if cov.cities_without_head.empty:
    st.success(t("gaps.every_city_has_head"))
else:
    st.dataframe(ui.table(cov.cities_without_head, ["oblast", "unit", "level", "status"]),
                 hide_index=True, width="stretch", key="gaps_cities")

absent = cov.absent_aiyl_aimaks
st.subheader(t("gaps.absent_aiyl_aimaks", n=t.number(len(absent)),
               total=t.number(cov.headline.aiyl_aimaks_total)))
by_rayon = coverage.absent_by_rayon(cov)
options = ui.area_options(ref, by_rayon.soate)
st.dataframe(
    ui.table(by_rayon, ["oblast", "unit", "aiyl_aimaks_absent", "aiyl_aimaks_total",
                        "share_aiyl_aimaks"]),
    hide_index=True, width="stretch", key="gaps_by_rayon",
    column_config=ui.share_columns("share_aiyl_aimaks"),
)
rayons = st.multiselect(t("gaps.pick_rayons"), list(options), format_func=options.get,
                        key="gaps_rayon_filter", placeholder=t("filter.all"))
shown = absent[absent.rayon_soate.isin(rayons)] if rayons else absent
st.dataframe(ui.table(shown, ["oblast", "rayon", "unit", "soate"]), hide_index=True,
             width="stretch", key="gaps_absent")
