"""Participants: who came, filterable; names and phones only for roles allowed to see them."""

import streamlit as st

from forumreach import access, coverage, export
from forumreach.schema import MATCH_STATUSES
from pages import _common as ui

ui.ensure_entry()
ui.require_page("participants")
t = ui.translator()
ref = ui.current_event()
rows = ui.participants(ref)
personal = access.can_see_personal(ui.role())

st.title(t("page.participants"))
if not personal:
    st.caption(t("participants.personal_hidden"))

f1, f2, f3, f4 = st.columns(4)
oblast_options = ui.area_options(ref, rows.oblast_soate)
oblasts = f1.multiselect(t("col.oblast"), list(oblast_options), format_func=oblast_options.get,
                         key="participants_oblasts", placeholder=t("filter.all"))
in_oblasts = rows[rows.oblast_soate.isin(oblasts)] if oblasts else rows
rayon_options = ui.area_options(ref, in_oblasts.rayon_soate)
rayons = f2.multiselect(t("col.rayon"), list(rayon_options), format_func=rayon_options.get,
                        key="participants_rayons", placeholder=t("filter.all"))
role_options = sorted(v for v in rows.role.dropna().unique() if v)
roles = f3.multiselect(t("col.role"), role_options, format_func=lambda v: t.enum("role", v),
                       key="participants_roles", placeholder=t("filter.all"))
statuses = f4.multiselect(t("col.match_status"), list(MATCH_STATUSES),
                          format_func=lambda v: t.enum("match", v),
                          key="participants_match", placeholder=t("filter.all"))

shown = coverage.filter_participants(rows, oblasts=oblasts, rayons=rayons, roles=roles,
                                     match_statuses=statuses)
# Who may see names also sees which rows likely repeat an earlier one (counted once).
repeats = ["duplicate_of"] if personal and "duplicate_of" in rows else []
columns = (["source_row"] + (["name", "phone", "email"] if personal else [])
           + ["position", "organisation", "lsg_body", "rayon", "oblast", "role",
              "match_status", "match_score", *repeats])
table = ui.table(shown, columns)
st.caption(t("participants.count", n=t.number(len(shown)), total=t.number(len(rows))))
linked, links = ui.with_history_links(table, shown.unit_soate)
st.dataframe(linked, hide_index=True, width="stretch", key="participants_table",
             column_config=links)
st.download_button(
    t("participants.download_csv"), data=export.to_csv(table),
    file_name=export.filename(ref.slug, "participants", "csv"), mime="text/csv",
    key="participants_csv", icon=":material/download:",
)
