"""What the Import page settles before an event counts: rows still unresolved (confirm before
saving them, reopen a saved event later) and likely duplicate registrations. Widgets only; the
logic is `forumreach.pipeline` (`reopen`, `flagged_duplicates`, `keep_duplicates`)."""

from __future__ import annotations

import streamlit as st

from forumreach import access, pipeline, review
from forumreach.i18n import Translator
from pages import _common as ui

STATE_KEY = "import_matched"
CONFIRM_KEY = "import_confirm_unresolved"


def reopened() -> dict | None:
    """The review state of a saved event reopened on this page, if one is open."""
    state = st.session_state.get(STATE_KEY)
    return state if state and state.get("reopened") else None


def reopen_picker(t: Translator) -> None:
    """Pick a saved event (those with rows unresolved first) and bring it back to review."""
    stored = sorted((ref for ref in ui.event_refs() if ref.event_id is not None),
                    key=lambda ref: ref.unresolved == 0)
    if not stored:
        return
    with st.expander(t("import.reopen_title"), expanded=bool(stored[0].unresolved)):
        labels = {ref.slug: ui.event_label(ref, t) for ref in stored}
        slug = st.selectbox(t("import.reopen_event"), list(labels), format_func=labels.get,
                            key="import_reopen_event")
        if st.button(t("import.reopen"), key="import_reopen"):
            ref = ui.event_by_slug(slug)
            matched = pipeline.reopen(ui.store(), ref.event_id)
            ui.forget_import()
            st.session_state[STATE_KEY] = {"key": ("event", ref.event_id, matched.revision),
                                           "first": matched, "now": matched, "reopened": True,
                                           "slug": ref.slug, "title": t.title(ref.title)}
            st.rerun()


def reopened_header(state: dict, t: Translator) -> None:
    st.info(t("import.reopened", title=state["title"], revision=state["now"].revision))
    if st.button(t("import.reopen_close"), key="import_reopen_close"):
        ui.forget_import()
        st.rerun()


def save_reopened(state: dict, t: Translator) -> None:
    """Save the reviewed event under its own slug, as its next revision."""
    st.session_state["import_slug"] = state["slug"]
    st.session_state["import_event_title"] = state["title"]
    with st.form("import_save_reopened_form"):
        confirm_unresolved(state["now"], t)
        st.form_submit_button(t("import.save_revision", revision=state["now"].revision + 1),
                              type="primary", on_click=ui.save_import)
    if st.session_state.get("import_saved"):
        st.success(t("import.saved", title=st.session_state["import_saved"]))
    if st.session_state.get("import_save_error"):
        st.error(t("import.save_error", detail=st.session_state["import_save_error"]))


def confirm_unresolved(matched: pipeline.MatchedSheet, t: Translator) -> None:
    """Inside a save form: rows left unresolved are saved only once a person says so."""
    if matched.unresolved_rows:
        st.checkbox(t("import.confirm_unresolved", n=t.number(matched.unresolved_rows)),
                    key=CONFIRM_KEY)


def duplicates(state: dict, t: Translator) -> None:
    """The rows flagged as likely duplicates, each with a tick a person can take away."""
    flagged = pipeline.flagged_duplicates(state["first"], state["now"])
    if flagged.empty:
        return
    personal = access.can_see_personal(ui.role())
    with st.expander(t("import.duplicates_title",
                       n=t.number(int(flagged.is_duplicate.sum())))):
        st.caption(t("import.duplicates_help"))
        choices = {}
        for row in flagged.itertuples():
            who = review.one_line(row.name if personal and row.name else row.organisation)
            choices[row.source_row] = st.checkbox(
                t("import.duplicate_row", row=row.source_row, of=int(row.duplicate_of),
                  who=who), value=bool(row.is_duplicate), key=f"import_duplicate_{row.source_row}")
        now = pipeline.keep_duplicates(state["first"], state["now"], choices)
        if now is not state["now"]:
            state["now"] = now
            st.rerun()
