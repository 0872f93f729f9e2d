"""Report: the one-page reach report for donors (PDF, PNG) and the HXL-tagged CSV."""

import streamlit as st

from forumreach import report
from pages import _common as ui

REPORT_MAP = "fr-report-map"

ui.ensure_entry()
t = ui.translator()
ref = ui.current_event()
cov = ui.coverage_of(ref)

st.title(t("page.report"))
st.caption(t("report.intro"))
known = ui.known_vintages()  # read once for the note and the preview
ui.out_of_force_note(ref, known)

# The preview is the PDF's own content (forumreach.report): the same tiles, table and notes,
# with the donors' rules applied whoever looks, so an admin sees what a donor will get.
preview = report.reach_report(ui.event(ref), ui.gaz(ref.vintage), ui.lang(), summary=cov,
                              known=known)
st.subheader(preview.event_title)
st.caption(preview.held_on)
row = ui.metric_row()
for label, value in preview.headline:
    row.metric(label, value)
# The map the PDF draws (forumreach.svgmap), at about the width it has on the page there.
with st.columns([3, 2])[0]:
    ui.svg_map(ref, "oblast", "share_present", testid=REPORT_MAP, donor=True)
    st.caption(preview.map_caption)
# Nine rows: a static table whose headings wrap, as in the PDF. A scrolling grid sized its
# columns to their headings and pushed the share, the last column, out of sight.
st.markdown(f"**{preview.table_caption}**")
st.table(preview.table, hide_index=True)
for note in preview.notes:
    st.caption(note)

st.subheader(t("report.downloads"))
# Two to a row: the Kyrgyz labels ("Облустар боюнча CSV (HXL)") are cut four to a row.
pdf, png = st.columns(2)
hxl1, hxl2 = st.columns(2)
for column, kind in ((pdf, "pdf"), (png, "png")):
    with column:
        if st.button(t(f"report.make_{kind}"), key=f"report_make_{kind}"):
            with st.spinner(t("report.making")):
                st.session_state[f"report_{kind}"] = ui.reach_report(ref, kind)
        made = st.session_state.get(f"report_{kind}")
        if made and made[0] == (ref.slug, ref.version, ui.lang()):
            if made[1] is None:
                st.warning(t("report.unavailable", reason=made[2]))
            else:
                st.download_button(
                    t(f"report.download_{kind}"), data=made[1],
                    file_name=ui.export_name(ref, "reach-report", kind),
                    mime="application/pdf" if kind == "pdf" else "image/png",
                    key=f"report_download_{kind}", icon=":material/download:",
                )
for column, level in ((hxl1, "adm1"), (hxl2, "adm2")):
    column.download_button(
        t(f"report.hxl_{level}"), data=ui.hxl_csv(ref, level),
        file_name=ui.export_name(ref, f"coverage-{level}-hxl", "csv"), mime="text/csv",
        key=f"report_hxl_{level}", icon=":material/download:",
    )
