"""Administration: local accounts, the audit trail and vintages (admins only)."""

import pandas as pd
import streamlit as st

from forumreach import access, audit_view, auth, events, export, review, vintages
from forumreach.sheet_safety import IngestError
from forumreach.store import VintageExistsError
from pages import _common as ui
from pages import _uploader as uploader

ui.ensure_entry()
ui.require_page("admin")
t = ui.translator()
store = ui.store()

st.title(t("page.admin"))

st.subheader(t("admin.users"))
# Filled after the form below, so a user just added is in the table at once.
users_table = st.container()


def action_name(action: str | None) -> str:
    """An audit action in the admin's language, or its code where the catalogs have none."""
    if action is None:
        return t("admin.all_actions")
    return t(f"audit.action.{action}") if t.has(f"audit.action.{action}") else action


def headed(table: pd.DataFrame) -> pd.DataFrame:
    """Column headings in the admin's language (`admin.col.<column>`)."""
    return table.rename(columns=lambda c: t(f"admin.col.{c}") if t.has(f"admin.col.{c}") else c)


with st.form("admin_add_user", clear_on_submit=True):
    st.markdown(f"**{t('admin.add_user')}**")
    name = st.text_input(t("auth.name"))
    role = st.selectbox(t("admin.role"), auth.ROLES, format_func=lambda r: t(f"access.role.{r}"))
    oidc = st.checkbox(t("admin.oidc"))
    password = st.text_input(t("auth.password"), type="password", disabled=False)
    if st.form_submit_button(t("admin.add_user")):
        try:
            added = auth.create_user(store, name, role, None if oidc else password, oidc=oidc,
                                     actor=ui.actor())
            st.success(t("admin.user_added", name=added.shown))
        except (ValueError, auth.AuthError) as err:
            st.error(str(err))

users = auth.list_users(store)  # names as their people typed them
shown_users = users.assign(
    role=users.role.map(lambda r: t(f"access.role.{r}")),
    source=users.source.map(lambda s: t(f"admin.source.{s}") if t.has(f"admin.source.{s}")
                            else s),
    disabled=users.disabled.map(lambda d: t("admin.yes") if d else t("admin.no")),
    # Bishkek time to the minute, as the audit trail below writes it (Translator.moment).
    created_at=users.created_at.map(t.moment),
    updated_at=users.updated_at.map(t.moment))
users_table.dataframe(headed(shown_users), hide_index=True, width="stretch", key="admin_users")

if not users.empty:
    pick = st.selectbox(t("admin.user"), list(users["name"]), key="admin_pick")
    left, right = st.columns(2)
    if left.button(t("admin.disable"), key="admin_disable"):
        auth.disable_user(store, pick, actor=ui.actor())
        st.rerun()
    if right.button(t("admin.enable"), key="admin_enable"):
        auth.enable_user(store, pick, actor=ui.actor())
        st.rerun()

st.subheader(t("admin.audit"))
action = st.selectbox(t("admin.action"), [None, *store.audit_actions()],
                      format_func=action_name, key="admin_action")
log = store.audit_log(action=action)  # one read: the table and the download both come from it
trail = audit_view.readable(log, t)
st.dataframe(headed(trail.assign(action=trail.action.map(action_name))), hide_index=True,
             width="stretch", key="admin_audit")
st.caption(t("admin.audit_times"))
st.caption(t("admin.audit_actors"))  # the stored actors stay as recorded: it is an audit trail
st.download_button(t("admin.download_audit"),
                   data=lambda: audit_view.download(log),  # made on a click, not every rerun
                   file_name=export.filename("audit", action or "all", "csv"), mime="text/csv",
                   key="admin_audit_csv", disabled=not access.can_see_personal(ui.role()))

# --- vintages: a classifier the agency loads (forumreach.vintages) ---------------------------
st.subheader(t("vintage.title"))
st.caption(t("vintage.intro"))
known = vintages.available(store)
st.dataframe(known.rename(columns=lambda c: t(f"vintage.col.{c}")), hide_index=True,
             width="stretch", key="admin_vintages")
upload = uploader.file_uploader(t("vintage.file"), ["csv", "xlsx"], "admin_vintage_file", t)
new_name = st.text_input(t("vintage.name"), max_chars=16, key="admin_vintage_name",
                         help=t("vintage.name_help"))
valid_from = st.date_input(t("vintage.valid_from"), value=None, key="admin_vintage_valid_from",
                           format=t("fmt.date_input"))
if upload is not None:
    asked = (upload.file_id, new_name, valid_from)
    if st.button(t("vintage.check"), key="admin_vintage_check"):
        st.session_state.pop("admin_vintage", None)
        try:
            prepared = vintages.prepare(upload.getvalue(), new_name.strip(),
                                        filename=upload.name, valid_from=valid_from,
                                        taken=known.name.tolist())
            st.session_state["admin_vintage"] = (asked, prepared)
        except (vintages.VintageError, IngestError) as err:
            st.error(review.user_message(err, t))
    checked = st.session_state.get("admin_vintage")
    if checked is not None and checked[0] == asked:
        prepared = checked[1]
        report = prepared.report()
        st.markdown(f"**{t('vintage.report', name=prepared.name)}**")
        counts = {t.enum("level", level): t.number(n) for level, n in
                  sorted(report["counts"].items(), key=lambda kv: -kv[1])}
        st.dataframe({t("vintage.col.level"): list(counts), t("vintage.col.count"):
                      list(counts.values())}, hide_index=True, key="admin_vintage_counts")
        cols = st.columns(3)
        cols[0].metric(t("vintage.lsg_bodies"), t.number(report["lsg_bodies"]))
        cols[1].metric(t("vintage.villages"), t.number(report["villages"]))
        cols[2].metric(t("vintage.villages_without_body"),
                       t.number(report["villages_without_body"]))
        if report["warnings"]:
            with st.expander(t("vintage.warnings", n=t.number(len(report["warnings"])))):
                st.write("\n".join(f"- {w}" for w in report["warnings"]))
        if st.button(t("vintage.save"), type="primary", key="admin_vintage_save"):
            try:
                vintages.save(prepared, store, actor=ui.actor())
                st.session_state.pop("admin_vintage", None)
                st.session_state["admin_vintage_saved"] = prepared.name
                st.rerun()
            except VintageExistsError:
                st.error(t("vintage.error.name_taken", name=prepared.name))
if st.session_state.get("admin_vintage_saved"):
    st.success(t("vintage.saved", name=st.session_state["admin_vintage_saved"]))

# --- programmes: which series of events each stored event belongs to (forumreach.reach) ------
st.subheader(t("programme.title"))
st.caption(t("programme.intro"))
programmes = store.list_programmes()
if programmes.empty:  # Streamlit says "empty" in English over an empty table
    st.caption(t("programme.none_stored"))
else:
    st.dataframe(programmes.drop(columns="id").rename(
        columns=lambda c: t(f"programme.col.{c}")), hide_index=True, width="stretch",
        key="admin_programmes")
st.caption(t("programme.demo_built_in", name=t.title(events.demo_programme().name)))
with st.form("admin_programme", clear_on_submit=True):
    st.markdown(f"**{t('programme.add')}**")
    slug = st.text_input(t("programme.slug"), help=t("programme.slug_help"))
    cols = st.columns(3)
    names = {lang: cols[i].text_input(t(f"programme.name_{lang}"))
             for i, lang in enumerate(("ky", "ru", "en"))}
    donor = st.text_input(t("programme.donor"))
    if st.form_submit_button(t("programme.add")):
        try:
            store.upsert_programme(slug, names, donor, actor=ui.actor())
            st.rerun()
        except ValueError as err:
            st.error(str(err))
stored = store.list_events()
if not stored.empty and not programmes.empty:
    none = t("programme.none")
    options = {None: none, **dict(zip(programmes.id, programmes.slug, strict=True))}
    left, right = st.columns(2)
    event_id = left.selectbox(t("programme.event"), list(stored.id), key="admin_assign_event",
                              format_func=dict(zip(stored.id, stored.title, strict=True)).get)
    current = stored.set_index("id").programme_id.get(event_id)
    chosen = right.selectbox(t("programme.of_event"), list(options), key="admin_assign_to",
                             index=list(options).index(None if pd.isna(current) else current),
                             format_func=options.get)
    if st.button(t("programme.assign"), key="admin_assign"):
        store.assign_programme(int(event_id), None if chosen is None else int(chosen),
                               actor=ui.actor())
        st.rerun()
