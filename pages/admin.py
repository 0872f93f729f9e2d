"""Administration: local accounts and the audit trail (admins only)."""

import streamlit as st

from forumreach import access, auth, export
from pages import _common as ui

ui.ensure_entry()
ui.require_page("admin")
t = ui.translator()
store = ui.store()

st.title(t("page.admin"))

st.subheader(t("admin.users"))
users = auth.list_users(store)
st.dataframe(users, hide_index=True, width="stretch", key="admin_users")

with st.form("admin_add_user", clear_on_submit=True):
    st.markdown(f"**{t('admin.add_user')}**")
    name = st.text_input(t("auth.name"))
    role = st.selectbox(t("admin.role"), auth.ROLES, format_func=lambda r: t(f"access.role.{r}"))
    oidc = st.checkbox(t("admin.oidc"))
    password = st.text_input(t("auth.password"), type="password", disabled=False)
    if st.form_submit_button(t("admin.add_user")):
        try:
            auth.create_user(store, name, role, None if oidc else password, oidc=oidc,
                             actor=ui.actor())
            st.success(t("admin.user_added", name=name))
        except (ValueError, auth.AuthError) as err:
            st.error(str(err))

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
action = st.selectbox(t("admin.action"), [None, *sorted(store.audit_log()["action"].unique())],
                      format_func=lambda a: t("admin.all_actions") if a is None else a,
                      key="admin_action")
trail = store.audit_export(action=action)
st.dataframe(trail, hide_index=True, width="stretch", key="admin_audit")
st.download_button(t("admin.download_audit"), data=export.to_csv(trail),
                   file_name=export.filename("audit", action or "all", "csv"), mime="text/csv",
                   key="admin_audit_csv", disabled=not access.can_see_personal(ui.role()))
