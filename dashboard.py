"""Entry point: shared state, the page list for the viewer's role, then the chosen page.

`?lang=ky|ru|en&event=<slug>` in the URL picks the language and the event, so a link can be
shared. Before anything else, sign-in (`forumreach.auth`): an OIDC or local account when the
deployment has one, else the read-only demo. The pages a role gets come from
`forumreach.access`; a page a role may not see is not in its menu at all.
"""

import streamlit as st

from forumreach import access, i18n
from pages import _common as ui
from pages import _streamlit_texts

st.set_page_config(
    page_title=i18n.Translator(i18n.normalise_lang(st.query_params.get("lang")))("app.title"),
    layout="wide",
)
ui.init_state()
t = ui.translator()
_streamlit_texts.app_texts(t)  # Streamlit's own texts in the user's language


def overview_also_at_its_name(overview: st.Page) -> st.Page:
    """`/overview` opens the Overview at `/`, with the same query, instead of Streamlit's
    "Page not found": the default page answers only at `/`, so its own name is a hidden page
    that passes on to it. (The Overview's url_path is therefore empty.)"""
    return st.Page(lambda: st.switch_page(overview, query_params=st.query_params.to_dict()),
                   title=overview.title, url_path="overview", visibility="hidden")


if not ui.signed_in():
    # Every page's address shows the sign-in form, so a shared deep link opens that page after.
    start = st.Page(ui.sign_in_page, title=t("auth.title"), url_path="", default=True)
    st.navigation([start, overview_also_at_its_name(start), *(
        st.Page(ui.sign_in_page, title=t("auth.title"), url_path=page)
        for page in access.PAGES + access.ADMIN_PAGES if page != "overview"
    )], position="hidden").run()
    st.stop()

with st.sidebar:
    ui.state_selectbox(t("sidebar.language"), list(i18n.LANGS), ui.LANG_KEY,
                       format_func=lambda code: i18n.catalog(code)["lang.name"])
    titles = {ref.slug: ui.event_label(ref, t) for ref in ui.event_refs()}
    ui.state_selectbox(t("sidebar.event"), list(titles), ui.EVENT_KEY, format_func=titles.get)
    user = ui.current_user()
    if user.source == "none":
        ui.demo_notice()
    else:
        st.text(t("auth.signed_in_as", name=user.shown, role=t(f"access.role.{user.role}")))
        st.button(t("auth.sign_out"), on_click=ui.sign_out, key="sign_out")

ui.sync_query_params()
pages = {
    page: st.Page(f"pages/{page}.py", title=t(f"page.{page}"),
                  url_path="" if page == "overview" else page, default=page == "overview")
    for page in access.pages_for(ui.role())
}
# The other pages' addresses say why they are closed, in the viewer's language, rather than
# Streamlit's "Page not found"; they are not in the menu and show nothing of the page.
closed = [
    st.Page(lambda page=page: ui.page_not_for_viewer(page), title=t(f"page.{page}"),
            url_path=page, visibility="hidden")
    for page in access.PAGES + access.ADMIN_PAGES if page not in pages
]
navigation = st.navigation([*pages.values(), overview_also_at_its_name(pages["overview"]),
                            *closed])
ui.land_after_sign_in(pages)
with st.sidebar:  # after landing: a page switch there would cut this run short
    ui.keep_sign_in()
navigation.run()
