"""Overview: how far the event reached against the vintage's totals, and where."""

import streamlit as st

from forumreach import coverage, privacy
from pages import _common as ui

WOMEN_SHARE_HELP = {"known": "metric.women_share_help", "partly": "metric.women_share_partly_help",
                    "unknown": "metric.women_share_unknown_help"}

ui.ensure_entry()
t = ui.translator()
ref = ui.current_event()
cov = ui.coverage_of(ref)
head = cov.headline

st.title(t.title(ref.title))
st.caption(t("overview.held_on", date=t.date(ref.held_on)))
if ref.synthetic:
    st.info(t("overview.synthetic"))
ui.out_of_force_note(ref)

row = ui.metric_row()
row.metric(t("metric.bodies_present"), t.ratio(head.lsg_bodies_present, head.lsg_bodies_total),
           help=t("metric.bodies_present_help"))
row.metric(t("metric.rayons_covered"), t.ratio(head.rayons_covered, head.rayons_total),
           help=t("metric.rayons_covered_help"))
row.metric(t("metric.cities_present"), t.ratio(head.cities_present, head.cities_total))
# The tables below print heads by oblast and by kind: beside a hidden part a donor gets the
# parts without their total (forumreach.privacy.shown_total), as in the donors' PDF.
by_kind = coverage.rural_urban(cov)
heads = ui.heads_total(head.bodies_with_head,
                       [*cov.oblasts.heads_present, *by_kind.heads_present], t)
shown = []  # the texts below that may hold the hidden mark, for its caption at the end
if heads is not None:
    shown.append(heads)
    row.metric(t("metric.bodies_with_head"), f"{heads} / {t.number(head.lsg_bodies_present)}",
               help=t("metric.bodies_with_head_help"))
row.metric(t("metric.women_share"), t.percent(head.women_share),
           help=t(WOMEN_SHARE_HELP[coverage.gender_basis(head)],
                  known=t.number(head.gender_known), n=t.number(head.lsg_participants)))
# The parts add up to the total: rows still to review are a part of their own. A donor whose
# parts hide a small count gets the parts alone (forumreach.privacy.total_gives_away).
parts = (head.lsg_participants, head.rows_not_lsg, head.rows_unresolved)
if ui.donor_view() and privacy.total_gives_away(parts):
    message = "overview.participants_parts"
else:
    message = ("overview.participants_unresolved" if head.rows_unresolved
               else "overview.participants")
shown.append(t(message, total=ui.people_count(head.participants, t),
               lsg=ui.people_count(head.lsg_participants, t),
               not_lsg=ui.people_count(head.rows_not_lsg, t),
               unresolved=ui.people_count(head.rows_unresolved, t)))
st.caption(shown[-1])
if heads is None:
    st.caption(t("report.heads_total_withheld"))
ui.unresolved_warning(head, t)
if head.rows_unresolved:
    shown.append(ui.people_count(head.rows_unresolved, t))
if head.likely_duplicates:
    shown.append(t("overview.likely_duplicates", n=ui.people_count(head.likely_duplicates, t)))
    st.caption(shown[-1])

# Both tables are short (2 and 9 rows), so they are static tables whose headings wrap: nothing
# is cut off or hidden behind a scroll bar, whatever the language. The table by oblast gets the
# full width below the map; its rayons read "5 / 7", or "—" for Bishkek and Osh (no rayons).
left, right = st.columns([3, 2])
with left:
    st.subheader(t("overview.map_title"))
    ui.svg_map(ref, "oblast", "share_present")
    st.caption(t("overview.map_more"))
with right:
    st.subheader(t("overview.rural_urban"))
    rural_urban = ui.table(ui.people_safe(by_kind),
                           ["kind", "bodies_present", "bodies_total", "heads_present",
                            "share_present"])
    # Two kinds side by side, one figure a row: three columns fit the narrow side.
    st.table(rural_urban.set_index(t("col.kind")).T.astype(str))
st.subheader(t("overview.by_oblast"))
oblasts = ui.people_safe(cov.oblasts.sort_values("share_present", ascending=False))
st.table(ui.table(coverage.with_rayons_ratio(oblasts, t), ["unit", "bodies_present", "bodies_total",
                                                  "heads_present", "rayons_covered",
                                                  "share_present"]),
         hide_index=True)
# One caption under the tiles, the map (its hover texts read the oblast rows) and both tables.
ui.hidden_mark_caption(shown, rural_urban, oblasts)
