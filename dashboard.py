"""Entry point: shared state, the page list for the viewer's role, then the chosen page.

`?lang=ky|ru|en&event=<slug>` in the URL picks the language and the event, so a link can be
shared. The pages a role gets come from `forumreach.access`; a page a role may not see is not in
its menu at all.
"""

import streamlit as st

from forumreach import access, i18n
from pages import _common as ui

st.set_page_config(
    page_title=i18n.Translator(i18n.normalise_lang(st.query_params.get("lang")))("app.title"),
    layout="wide",
)
ui.init_state()
t = ui.translator()

with st.sidebar:
    ui.state_selectbox(t("sidebar.language"), list(i18n.LANGS), ui.LANG_KEY,
                       format_func=lambda code: i18n.catalog(code)["lang.name"])
    titles = {ref.slug: t.title(ref.title) for ref in ui.event_refs()}
    ui.state_selectbox(t("sidebar.event"), list(titles), ui.EVENT_KEY, format_func=titles.get)
    # The one role switch; sign-in (the access-control issue) replaces this widget.
    ui.state_selectbox(t("sidebar.view_as"), list(access.ROLES), ui.ROLE_KEY,
                       format_func=lambda role: t(f"access.role.{role}"),
                       help=t("sidebar.view_as_help"))

ui.sync_query_params()
pages = [
    st.Page(f"pages/{page}.py", title=t(f"page.{page}"), url_path=page, default=page == "overview")
    for page in access.pages_for(ui.role())
]
st.navigation(pages).run()
