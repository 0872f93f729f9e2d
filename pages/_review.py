"""The Import page's review queue and its problem messages: widgets only.

What to show comes from `forumreach.review`; this module lays it out and wires the keys:
1-8 choose a candidate, A accepts, N marks "not an LSG body", J and K move to the next and
previous row (Streamlit's button shortcuts, which ignore keys typed into a text field).
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from forumreach import pipeline, review
from forumreach.i18n import Translator
from forumreach.schema import NOT_LSG
from pages import _common as ui
from pages import _fit as fit

ROW_KEY = "import_row"
# Keys a person presses; digits choose the candidate of that number.
ACCEPT_KEY, NOT_LSG_KEY, NEXT_KEY, PREVIOUS_KEY = "A", "N", "J", "K"
MAX_NUMBERED = 8


def problem(err: BaseException, t: Translator, prefix: str = "import.error") -> None:
    """A refused upload or save, in the reader's language, visible on the page (not a tooltip)."""
    st.error(t(prefix, detail=review.user_message(err, t)))


def queue(state: dict, t: Translator) -> None:
    """The review queue of the matched sheet in `state` (the page's `import_matched`)."""
    matched = state["now"]
    rows_left = matched.review_queue()
    total = state.setdefault("review_total", len(state["first"].review_queue()))
    started = state.setdefault("review_started", time.time())
    if rows_left.empty:
        state.setdefault("review_finished", time.time())
    progress = review.progress(len(rows_left), total, started, state.get("review_finished"))
    st.subheader(t("import.review_title", n=t.number(len(rows_left))))
    if total:
        left, took = st.columns(2)
        left.metric(t("review.left"), t.of(progress.left, progress.total))
        took.metric(t("review.time"), review.duration_text(progress.seconds, t))
    _decided(matched, state["first"], t)
    if rows_left.empty:
        st.success(t("import.nothing_to_review"))
        return
    shown = rows_left.copy()
    shown["match_reason"] = [review.row_reason(r, t) for r in rows_left.to_dict("records")]
    # The reason beside the organisation: last, it ran off the table's edge in ky and ru.
    fit.dataframe(ui.table(shown, ["source_row", "organisation", "match_reason", "rayon_text",
                                   "oblast_text", "match_status"]),
                  hide_index=True, width="stretch", key="import_queue")
    _one_row(state, rows_left, t)


def _one_row(state: dict, rows_left: pd.DataFrame, t: Translator) -> None:
    gaz = ui.gaz(state["now"].vintage)
    by_row = rows_left.set_index("source_row")
    rows = by_row.index.tolist()
    if st.session_state.get(ROW_KEY) not in rows:
        st.session_state[ROW_KEY] = rows[0]
    row = st.selectbox(t("import.row"), rows, key=ROW_KEY,
                       format_func=lambda r: t("import.row_label", row=r, organisation=(
                           review.one_line(by_row.organisation[r]))))
    # In full, where the row is decided: the queue's cell may be cut short.
    st.info(t("review.reason", reason=review.row_reason(by_row.loc[row].to_dict(), t)))
    pick_key, other_key = _keys(row)
    candidates = review.candidates_of(by_row.candidates[row])
    _candidates(gaz, candidates, row, t)
    _search(gaz, row, other_key, t)
    chosen = _chosen(row)
    if chosen:
        st.caption(t("review.chosen", body=review.body_label(gaz, chosen, t.lang)))
    with st.container(horizontal=True, key="review_actions"):
        st.button(t("import.accept"), key="import_accept", type="primary", shortcut=ACCEPT_KEY,
                  disabled=not chosen, on_click=_decide, args=(state, row, rows, None))
        st.button(t("review.not_lsg"), key="review_not_lsg", shortcut=NOT_LSG_KEY,
                  on_click=_decide, args=(state, row, rows, NOT_LSG))
        st.button(t("review.next"), key="review_next", shortcut=NEXT_KEY,
                  on_click=_move, args=(rows, row, 1))
        st.button(t("review.previous"), key="review_previous", shortcut=PREVIOUS_KEY,
                  on_click=_move, args=(rows, row, -1))
    st.caption(t("review.keys", last=min(len(candidates), MAX_NUMBERED) or 1))


def _keys(row: int) -> tuple[str, str]:
    """Session keys of a row's choice: a candidate's button, and a body found by search."""
    return f"import_pick_{row}", f"import_other_{row}"


def _chosen(row: int) -> str | None:
    """The body chosen for a row: one found by search, else a candidate's button."""
    pick_key, other_key = _keys(row)
    return st.session_state.get(other_key) or st.session_state.get(pick_key)


def _candidates(gaz, candidates: list[review.Candidate], row: int, t: Translator) -> None:
    """One button per candidate, the one way to choose it: by click, or by the digit Streamlit
    shows beside it (the first eight). The chosen one is marked; nothing is chosen at first,
    since every row here is below the level the matcher decides on its own."""
    if not candidates:
        return
    st.markdown(f"**{t('import.candidates')}**")
    st.caption(t("review.similarity_help"))
    chosen = _chosen(row)
    with st.container(key="review_candidates"):
        for number, candidate in enumerate(candidates, start=1):
            is_chosen = candidate.soate == chosen
            st.button(review.candidate_label(gaz, candidate, t),
                      key=f"review_choose_{number}",
                      shortcut=str(number) if number <= MAX_NUMBERED else None,
                      type="primary" if is_chosen else "secondary",
                      icon=":material/check:" if is_chosen else None,
                      on_click=_choose, args=(row, candidate.soate))


def _search(gaz, row: int, other_key: str, t: Translator) -> None:
    """Any body, found by its name or by a village it governs; each listed with its rayon."""
    query = st.text_input(t("review.search"), key=f"import_search_{row}",
                          placeholder=t("review.search_placeholder"))
    if query.strip():
        found = review.search_bodies(gaz, query, t.lang)
        options = {
            r.soate: (t("review.by_village", body=r.label, village=r.village) if r.village
                      else r.label)
            for r in found.itertuples()
        }
        if not options:
            st.caption(t("review.nothing_found"))
    else:
        options = review.all_bodies(gaz, t.lang)
    if st.session_state.get(other_key) not in (*options, None):
        st.session_state[other_key] = None
    st.selectbox(t("import.other_body"), list(options), index=None, format_func=options.get,
                 placeholder=t("import.search_body"), key=other_key)


def _choose(row: int, soate: str) -> None:
    pick_key, other_key = _keys(row)
    st.session_state[pick_key] = soate
    st.session_state[other_key] = None


def _move(rows: list[int], row: int, step: int) -> None:
    st.session_state[ROW_KEY] = review.next_row(rows, row, step)


def _decide(state: dict, row: int, rows: list[int], unit_soate: str | None) -> None:
    """Accept the chosen body (or record "not an LSG body"), then go on to the next row."""
    chosen = unit_soate or _chosen(row)
    if not chosen:
        return
    before = state["now"]
    state["now"] = pipeline.decide(before, row, chosen)
    ui.record_review(before, state["now"], row)
    st.session_state[ROW_KEY] = review.row_after_decision(rows, row)


def _decided(matched, first, t: Translator) -> None:
    """Rows a person decided in this review, marked as such (status `manual`, not `exact`);
    its heading splits them as the metrics above count them (`review.decided`)."""
    decided = review.decided(first.participants, matched.participants)
    if decided.rows.empty:
        return
    with st.expander(t("review.decided_here", n=t.number(len(decided.rows)),
                       accepted=t.number(decided.accepted),
                       not_lsg=t.number(decided.not_lsg))):
        st.dataframe(ui.table(decided.rows, ["source_row", "organisation", "lsg_body", "rayon",
                                             "oblast", "match_status"]),
                     hide_index=True, width="stretch", key="review_decided")
