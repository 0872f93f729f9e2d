"""Import & review: upload a sheet, check its header and columns, review matches, save an event."""

import contextlib
import hashlib

import streamlit as st

from forumreach import access, ingest, pipeline, review, vintages
from forumreach.store import StoreUnavailable
from pages import _common as ui
from pages import _import_checks as checks
from pages import _review as review_ui
from pages import _uploader as uploader


def _remembered(guess: ingest.HeaderGuess) -> dict[str, str]:
    """Columns last chosen for a sheet with these headers (`store.remembered_mapping`)."""
    try:
        found = ui.store().remembered_mapping(guess.header_fingerprint)
    except StoreUnavailable:
        return {}
    return guess.labels_for(found) if found else {}


def _remember(guess: ingest.HeaderGuess, mapping: dict[str, str]) -> None:
    """Keep the analyst's columns for the next sheet with these headers; a store that cannot be
    reached only means they are not remembered (the choice still holds for this upload)."""
    with contextlib.suppress(StoreUnavailable):
        ui.store().remember_mapping(guess.header_fingerprint, guess.positions(mapping),
                                    actor=ui.actor())


def _out_of_force_warning(day, vintage: str, known, t) -> None:
    """A day no loaded vintage covers is matched on the units at hand, said so in words: which
    vintage, until (or from) when it holds, and who can load the one in force that day."""
    lapsed = vintages.out_of_force(day, vintage, known)
    if lapsed is None:
        return
    who = "load" if "admin" in access.pages_for(ui.role()) else "ask_admin"
    said = vintages.out_of_force_text(lapsed, t, said_on="import")
    st.warning(f"{said} {t(f'import.out_of_force_{who}')}", icon=":material/history:")


ui.ensure_entry()
ui.require_page("import_review")
t = ui.translator()
st.title(t("page.import_review"))
st.caption(f'{t("import.intro")} {t("import.size_limit", limit=ingest.MAX_BYTES // 2**20)}')

# --- 0. a saved event reopened for review: its rows, the queue, saved as its next revision ---
checks.reopen_picker(t)
if (reopened := checks.reopened()) is not None:
    checks.reopened_header(reopened, t)
    review_ui.queue(reopened, t)
    checks.duplicates(reopened, t)
    checks.save_reopened(reopened, t)
    st.stop()

upload = uploader.file_uploader(t("import.upload"), ["xlsx", "xlsm", "xls", "ods", "csv"],
                               "import_file", t)
if upload is None:
    st.stop()

data = upload.getvalue()
sha = hashlib.sha256(data).hexdigest()
if st.session_state.get("import_sha") != sha:  # a new file: forget the last one's choices
    ui.forget_import()
    st.session_state["import_sha"] = sha
try:
    sheets = ui.session_memo("sheets", (sha,), lambda: ingest.list_sheets(data, upload.name))
except ingest.IngestError as err:
    review_ui.problem(err, t)
    st.stop()

# --- 1. sheet, header and column mapping ----------------------------------------------------
sheet = (st.selectbox(t("import.sheet"), sheets, key="import_sheet") if len(sheets) > 1
         else None)
overrides = st.session_state.setdefault("import_mapping", {})
try:
    guess = ui.session_memo("header", (sha, sheet, tuple(sorted(overrides.items()))),
                            lambda: ingest.detect_header(data, upload.name, sheet=sheet,
                                                         mapping=overrides or None))
except ingest.IngestError as err:
    review_ui.problem(err, t)
    st.stop()
# The columns an analyst chose for a sheet with the same headers, applied until they choose.
remembered = ui.session_memo("remembered", (sha, sheet), lambda: _remembered(guess))
if remembered and not overrides:
    st.session_state["import_mapping"] = overrides = dict(remembered)
    guess = ui.session_memo("header", (sha, sheet, tuple(sorted(overrides.items()))),
                            lambda: ingest.detect_header(data, upload.name, sheet=sheet,
                                                         mapping=overrides))

st.subheader(t("import.header_title"))
st.caption(t("import.header_found", row=guess.header_row, sheet=guess.sheet_name or "–")
           if guess.header_row else t("import.header_none", sheet=guess.sheet_name or "–"))
if remembered and overrides == remembered:
    st.info(t("import.mapping_remembered"))
with st.expander(t("import.evidence_title")):
    for name, evidence in guess.mapping_evidence.items():
        st.caption(t("import.evidence", field=t(f"field.{name}"),
                     header=" + ".join(guess.headers[c] for c in evidence.columns),
                     evidence=evidence.said_in(t)))
with st.form("import_mapping_form"):
    headers = [h for h in guess.headers if h]
    cols = st.columns(3)
    chosen = {}
    for i, name in enumerate(ingest.FIELDS):
        current = guess.mapping.get(name)
        options = headers + ([current] if current and current not in headers else [])
        chosen[name] = cols[i % 3].selectbox(
            t(f"field.{name}"), options, index=options.index(current) if current in options
            else None, placeholder=t("import.no_column"), key=f"import_field_{name}")
    if st.form_submit_button(t("import.apply_mapping")):
        st.session_state["import_mapping"] = {k: v for k, v in chosen.items() if v}
        st.session_state.pop("import_matched", None)
        _remember(guess, st.session_state["import_mapping"])
        st.rerun()
if guess.refusal is not None:  # no organisation column: say so, and never match an empty one
    review_ui.problem(guess.refusal, t)
    st.stop()

# --- 2. the event (title, day, the units in force that day) and Match, sent as one form ------
# A text field outside a form commits when it loses focus, and the rerun that starts then can
# swallow the click on Match: in a form, what was typed and the click arrive together.
stem = upload.name.rsplit(".", 1)[0]
known = vintages.available(ui.store())  # one read of the store per rerun, for both uses
with st.form("import_event_form", border=False):
    title_col, day_col, vintage_col = st.columns(3)
    title_col.text_input(t("import.event_title"), value=stem, key="import_event_title")
    # The day in the reader's order (DD.MM.YYYY in ky/ru), never Streamlit's English default.
    event_day = day_col.date_input(t("import.held_on"), value=None, key="import_held_on",
                                   format=t("fmt.date_input"))
    in_force = vintages.valid_on(event_day, known=known)
    # "" follows the day (forumreach.vintages.valid_on); a vintage picked by hand stays picked.
    picked = vintage_col.selectbox(
        t("import.vintage"), ["", *known.name], key="import_vintage",
        format_func=lambda name: name or t("import.vintage_in_force", vintage=in_force),
        help=t("import.vintage_help"))
    match_clicked = st.form_submit_button(t("import.match"), type="primary", key="import_match")
vintage = picked or in_force
_out_of_force_warning(event_day, vintage, known, t)

matched_key = (sha, sheet, tuple(sorted(guess.mapping.items())), vintage)
state = st.session_state.get("import_matched")
if state is None or state["key"] != matched_key:
    if not match_clicked:
        st.stop()
    bar = st.progress(0.0, text=t("import.matching"))
    try:
        matched = pipeline.match_file(
            data, upload.name, sheet=sheet, mapping=guess.mapping,
            vintage=vintage, decisions=ui.aliases(vintage),
            progress=lambda share: bar.progress(min(max(share, 0.0), 1.0),
                                                text=t("import.matching")),
        )
    except ingest.IngestError as err:
        bar.empty()
        review_ui.problem(err, t)
        st.stop()
    bar.empty()
    state = {"key": matched_key, "first": matched, "now": matched}
    st.session_state["import_matched"] = state

matched = state["now"]
summary = matched.summary
st.subheader(t("import.result_title"))
cols = st.columns(len(summary))
for col, (status, n) in zip(cols, summary.items(), strict=True):
    col.metric(t.enum("match", status), t.number(n))
if matched.sheet.skipped:
    with st.expander(t("import.skipped", n=t.number(len(matched.sheet.skipped)))):
        st.dataframe({t("col.source_row"): [r for r, _ in matched.sheet.skipped],
                      t("col.reason"): [t.enum("skip", why) for _, why in matched.sheet.skipped]},
                     hide_index=True)

# --- 3. review queue ------------------------------------------------------------------------
review_ui.queue(state, t)
checks.duplicates(state, t)

with st.expander(t("import.matched_rows")):
    columns = (["source_row"] + (["name"] if access.can_see_personal(ui.role()) else [])
               + ["organisation", "lsg_body", "rayon", "role", "match_status", "match_score"])
    st.dataframe(ui.table(matched.participants, columns), hide_index=True, width="stretch",
                 key="import_matched_rows")

# --- 4. save as an event: title and day from the form above, the slug following the title ---
st.subheader(t("import.save_title"))
title = st.session_state.get("import_event_title", "").strip() or stem
st.caption(t("import.save_as", title=title,
             held_on=t.date(event_day.isoformat() if event_day else None)))
st.session_state["import_slug"], st.session_state["import_slug_offered"] = review.slug_to_offer(
    st.session_state.get("import_slug"), st.session_state.get("import_slug_offered"),
    review.suggest_slug(title, sha), saved=bool(st.session_state.get("import_saved")))
with st.form("import_save_form"):
    st.text_input(t("import.slug"), key="import_slug", help=t("import.slug_help"))
    checks.confirm_unresolved(matched, t)
    st.form_submit_button(t("import.save"), type="primary", on_click=ui.save_import)
if st.session_state.get("import_saved"):
    # What happened, what a second click would do, and where the figures now are.
    st.success(t("import.saved", title=st.session_state["import_saved"]))
    st.caption(t("import.saved_next"))
    st.page_link("pages/overview.py", label=t("import.open_overview"),
                 icon=":material/arrow_forward:", query_params={"lang": ui.lang()})
if st.session_state.get("import_save_error"):
    st.error(t("import.save_error", detail=st.session_state["import_save_error"]))
