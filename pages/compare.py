"""Compare: two events side by side and a map of where coverage grew or shrank."""

import streamlit as st

from forumreach import coverage, i18n
from pages import _common as ui

ui.ensure_entry()
t = ui.translator()
refs = {ref.slug: ref for ref in ui.event_refs()}
titles = {slug: t.title(ref.title) for slug, ref in refs.items()}

st.title(t("page.compare"))
if len(refs) < 2:
    st.info(t("compare.only_one_event"))
    st.stop()

slugs = list(refs)
current = ui.current_event().slug
pick = st.columns(2)
first = pick[0].selectbox(t("compare.before"), slugs, index=slugs.index(current),
                          format_func=titles.get, key="compare_before")
others = [s for s in slugs if s != first]
second = pick[1].selectbox(t("compare.after"), others, format_func=titles.get,
                           key="compare_after")
before, after = refs[first], refs[second]
if before.vintage != after.vintage:
    st.warning(t("compare.other_vintage", before=before.vintage, after=after.vintage))
    st.stop()

a, b = ui.coverage_of(before), ui.coverage_of(after)
for column, ref, cov in ((pick[0], before, a), (pick[1], after, b)):
    with column:
        st.caption(t.date(ref.held_on))
        head = cov.headline
        st.metric(t("metric.bodies_present"),
                  t.ratio(head.lsg_bodies_present, head.lsg_bodies_total))
        st.metric(t("metric.bodies_with_head"), t.number(head.bodies_with_head))

changes = i18n.localise_change(coverage.headline_change(a, b), t)
st.dataframe(changes, hide_index=True, width="stretch", key="compare_table")

st.subheader(t("compare.map_title"))
fig, change = ui.change_figure(before, after)
ui.plotly(fig, key="compare_map")
st.dataframe(
    ui.table(change.sort_values("change"), ["unit", "bodies_present_before",
                                            "bodies_present_after", "change"], ref=before),
    hide_index=True, width="stretch", key="compare_areas",
)
