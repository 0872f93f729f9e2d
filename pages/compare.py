"""Compare: two events side by side and a map of where coverage grew or shrank."""

import streamlit as st

from forumreach import access, coverage, events, i18n
from pages import _common as ui

ui.ensure_entry()
t = ui.translator()
refs = {ref.slug: ref for ref in ui.event_refs()}
titles = {slug: t.title(ref.title) for slug, ref in refs.items()}

st.title(t("page.compare"))
if len(refs) < 2:
    # Only someone who may import is sent to Import; everyone sees the demo's series on Reach.
    st.info(t("compare.only_one_event" if access.can_import(ui.role())
              else "compare.only_one_event_read_only"))
    st.stop()


# The change runs forward in time whatever order the events are listed in: by default the
# current event and the one held just before it (the earliest: the one just after it).
slugs = list(refs)
by_time = sorted(slugs, key=lambda slug: events.in_time(refs[slug].held_on, slug))
now = by_time.index(ui.current_event().slug)
pick = st.columns(2)
first = pick[0].selectbox(t("compare.before"), slugs, index=slugs.index(by_time[max(now - 1, 0)]),
                          format_func=titles.get, key="compare_before")
others = [s for s in slugs if s != first]
later = by_time[by_time.index(first) + 1:]
second = pick[1].selectbox(t("compare.after"), others,
                           index=others.index(later[0] if later else by_time[-2]),
                           format_func=titles.get, key="compare_after")
before, after = refs[first], refs[second]
on_vintage, names_ref = before.vintage, before
if before.vintage != after.vintage:  # e.g. a 2018 forum and a 2026 seminar: one set of units
    on_vintage = events.newest_vintage((before.vintage, after.vintage))
    names_ref = after if on_vintage == after.vintage else before
    other = before.vintage if on_vintage == after.vintage else after.vintage
    st.info(t("compare.on_vintage", vintage=on_vintage, other=other))
    walk = ui.crosswalk_table(other, on_vintage)
    to_confirm = walk[walk.flag != "ok"].old_soate.nunique()
    if to_confirm:
        st.warning(t("compare.crosswalk_to_confirm", n=t.number(to_confirm)))

a, b = ui.coverage_on(before, on_vintage), ui.coverage_on(after, on_vintage)
shown = []  # the tiles' texts that may hold the hidden mark
for column, ref, cov in ((pick[0], before, a), (pick[1], after, b)):
    with column:
        st.caption(t.date(ref.held_on))
        head = cov.headline
        st.metric(t("metric.bodies_present"),
                  t.ratio(head.lsg_bodies_present, head.lsg_bodies_total))
        heads = ui.heads_total(head.bodies_with_head, [
            *cov.oblasts.heads_present, *coverage.rural_urban(cov).heads_present], t)
        if heads is None:  # the Overview's parts of it hide a small count
            st.caption(t("report.heads_total_withheld"))
        else:
            st.metric(t("metric.bodies_with_head"), heads)
        ui.unresolved_warning(head, t)
        shown += [heads or "",
                  ui.people_count(head.rows_unresolved, t) if head.rows_unresolved else ""]

change_table = coverage.headline_change(a, b)
if ui.donor_view():  # heads are people: the tiles above show 1-4 as a mark; no row may undo it
    change_table = change_table[change_table.figure != "bodies_with_head"]
changes = i18n.localise_change(change_table, t)
st.dataframe(changes, hide_index=True, width="stretch", key="compare_table")
ui.hidden_mark_caption(shown, changes)

st.subheader(t("compare.map_title"))
fig, change = ui.change_figure(before, after, on_vintage)
ui.plotly(fig, key="compare_map")
# The biggest moves first, either way: unchanged areas last.
moved = change.assign(size=change.change.abs()).sort_values("size", ascending=False,
                                                           kind="stable")
areas = ui.table(moved, ["unit", "bodies_present_before", "bodies_present_after", "change"],
                 ref=names_ref)
areas[t("col.change")] = areas[t("col.change")].map(t.signed)  # "−3" as the map's scale writes it
st.dataframe(areas, hide_index=True, width="stretch", key="compare_areas",
             column_config=ui.share_columns("change"))  # text, right-aligned like numbers
ui.hidden_mark_caption(areas)
