"""Gaps: who to call after the event. Rayons and cities that sent no head, absent aiyl aimaks.

Organizers and admins see whom to ring (the last known contact of each body, from any event);
everyone else sees the same rows without names or phones (`access.can_see_personal`). A donor
sees only the rayons and cities that sent nobody (`privacy.follow_up_seen`): a list of those
with no head would name, by leaving them out, the ones whose head came.
"""

import streamlit as st

from forumreach import call_list, coverage, export, privacy
from pages import _common as ui
from pages import _fit as fit

ui.ensure_entry()
t = ui.translator()
ref = ui.current_event()
cov = ui.coverage_of(ref)
calls = ui.call_list_of(ref)
contacts = call_list.CONTACT_COLUMNS if ui.contacts_shown() else []
donor = ui.donor_view()
# Per kind of row (`privacy.follow_up_kind`): its heading, and what is said when there is none.
HEADINGS = {
    "rayon_without_head": ("gaps.rayons_without_head", "gaps.every_rayon_has_head"),
    "city_without_head": ("gaps.cities_without_head", "gaps.every_city_has_head"),
    "rayon_sent_nobody": ("gaps.rayons_sent_nobody", "gaps.every_rayon_sent_someone"),
    "city_sent_nobody": ("gaps.cities_sent_nobody", "gaps.every_city_sent_someone"),
}

st.title(t("page.gaps"))
st.caption(t("gaps.intro"))
if not contacts:
    st.caption(t("gaps.contacts_hidden"))

st.download_button(
    t("gaps.download_xlsx"),
    data=ui.follow_up_xlsx(ref),
    file_name=export.filename(ref.slug, "follow-up", "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="gaps_xlsx", icon=":material/download:",
)

kind = privacy.follow_up_kind("rayon_without_head", donor=donor)
rayons = calls[calls.kind == kind]
st.subheader(t(HEADINGS[kind][0], n=t.number(len(rayons))))
if rayons.empty:
    st.success(t(HEADINGS[kind][1]))
else:
    fit.dataframe(ui.table(rayons, ["oblast", "unit", "status", *contacts]), hide_index=True,
                  width="stretch", key="gaps_rayons")

kind = privacy.follow_up_kind("city_without_head", donor=donor)
cities = calls[calls.kind == kind]
st.subheader(t(HEADINGS[kind][0], n=t.number(len(cities))))
if cities.empty:
    st.success(t(HEADINGS[kind][1]))
else:
    linked, links = ui.with_history_links(
        ui.table(cities, ["oblast", "unit", "level", "status", *contacts]), cities.soate)
    fit.dataframe(linked, hide_index=True, width="stretch", key="gaps_cities",
                  column_config=links)

absent = calls[calls.kind == "absent_aiyl_aimak"]
st.subheader(t("gaps.absent_aiyl_aimaks", n=t.number(len(absent)),
               total=t.number(cov.headline.aiyl_aimaks_total)))
by_rayon = coverage.absent_by_rayon(cov)
options = ui.area_options(ref, by_rayon.soate)
fit.dataframe(
    ui.table(by_rayon, ["oblast", "unit", "aiyl_aimaks_absent", "aiyl_aimaks_total",
                        "share_aiyl_aimaks"]),
    hide_index=True, width="stretch", key="gaps_by_rayon",
    column_config=ui.share_columns("share_aiyl_aimaks"),
)
picked = st.multiselect(t("gaps.pick_rayons"), list(options), format_func=options.get,
                        key="gaps_rayon_filter", placeholder=t("filter.all"))
shown = absent[absent.rayon_soate.isin(picked)] if picked else absent
linked, links = ui.with_history_links(
    ui.table(shown, ["oblast", "rayon", "unit", "soate", *contacts]), shown.soate)
fit.dataframe(linked, hide_index=True, width="stretch", key="gaps_absent", column_config=links)
