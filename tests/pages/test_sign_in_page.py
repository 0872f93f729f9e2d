"""Sign-in before anything else; the read-only demo when nothing is configured; admin tools."""

import pytest
from streamlit.testing.v1 import AppTest

from forumreach import ROOT, auth
from tests.pages.conftest import TIMEOUT, signed_in_as

PASSWORD = "correct horse battery"


def fresh_app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    return at.run()


@pytest.fixture
def with_organizer(own_database):
    auth.create_user(own_database, "aigul", "organizer", PASSWORD)
    return own_database


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def test_without_sign_in_configured_the_demo_is_read_only_without_personal_pages():
    at = fresh_app()
    assert not at.exception
    assert at.session_state["user"] == auth.ANONYMOUS
    assert "Demo, read-only" in " ".join(c.value for c in at.sidebar.caption)
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("pages/participants.py").run()


def test_with_local_accounts_nothing_but_the_sign_in_form_is_shown(with_organizer):
    at = fresh_app()
    assert not at.exception
    assert at.title[0].value == "Sign in"
    assert len(at.text_input) == 2 and not at.dataframe and not at.metric


def test_a_wrong_password_is_refused_and_audited_without_the_password(with_organizer):
    at = sign_in(fresh_app(), "aigul", "not the password")
    assert at.error[0].value == "Wrong name or password."
    assert "user" not in at.session_state
    trail = with_organizer.audit_log().astype(str).to_string()
    assert "not the password" not in trail and "sign_in" in trail


def test_signing_in_gives_the_pages_of_the_users_role(with_organizer):
    at = sign_in(fresh_app(), "aigul", PASSWORD)
    assert not at.exception
    assert at.session_state["user"].role == "organizer"
    at.switch_page("pages/participants.py").run()
    assert not at.exception and at.title[0].value == "Participants"


def test_signing_out_returns_to_the_sign_in_form(with_organizer):
    at = sign_in(fresh_app(), "aigul", PASSWORD)
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    assert at.title[0].value == "Sign in"
    assert "sign_out" in set(with_organizer.audit_log()["action"])


def test_every_sign_in_in_a_tab_opens_the_event_saved_last_after_the_link_has_been_followed(
        with_organizer):
    from forumreach import events

    with_organizer.save_event({"slug": "forum-2019", "title": "Forum 2019", "vintage": "2018"},
                              events.demo_event().participants, actor="local:aigul")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params.update({"lang": "en", "event": events.DEMO_SLUG})
    at = sign_in(at.run(), "aigul", PASSWORD)
    assert not at.exception, at.exception
    assert at.session_state["event"] == events.DEMO_SLUG  # the link the tab opened with
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    at = sign_in(at, "aigul", PASSWORD)
    assert not at.exception, at.exception
    assert at.session_state["event"] == "forum-2019"
    assert at.sidebar.selectbox(key="_event_widget").value == "forum-2019"
    assert at.title[0].value == "Forum 2019"


def test_only_an_admin_has_the_administration_page(open_page):
    with pytest.raises(ValueError, match="navigation page"):
        open_page("pages/admin.py", role="analyst")
    at = open_page("pages/admin.py", role="admin")
    assert at.title[0].value == "Administration"


def add_user_as_admin(lang: str, role: str | None = None) -> AppTest:
    """An admin on the Admin page who adds "bakyt" (with `role`, else the form's first)."""
    from forumreach.i18n import Translator

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.session_state["user"] = signed_in_as("admin")
    at.run().switch_page("pages/admin.py").run()
    at.text_input[0].input("bakyt")
    if role:
        at.selectbox[0].select(role)
    at.text_input[1].input(PASSWORD)
    label = Translator(lang)("admin.add_user")
    return next(b for b in at.button if b.label == label).click().run()


def test_an_admin_adds_a_user_who_can_then_sign_in(own_database):
    at = add_user_as_admin("en", "donor")
    assert not at.exception
    assert auth.verify(own_database, "bakyt", PASSWORD).role == "donor"


def test_the_admin_tables_read_in_the_admins_language(own_database):
    at = add_user_as_admin("ky")
    assert not at.exception
    users, audit = at.dataframe[0].value, at.dataframe[1].value
    assert list(users.columns)[:2] == ["Аты", "Ролу"] and "created_at" not in users.columns
    assert set(users["Ролу"]) <= {t_ky(f"access.role.{r}") for r in auth.ROLES}
    assert "Аракет" in audit.columns and "add_user" not in set(audit["Аракет"])


def t_ky(msg_id: str) -> str:
    from forumreach.i18n import Translator

    return Translator("ky")(msg_id)


def test_the_language_is_chosen_on_the_sign_in_form_itself(with_organizer):
    at = fresh_app("ru")
    at.sidebar.selectbox[0].select("ky").run()
    assert not at.exception
    assert at.title[0].value == t_ky("auth.title")


def test_the_sidebar_shows_the_name_as_typed_whatever_case_signs_in(own_database):
    auth.create_user(own_database, "Aigul", "organizer", PASSWORD)
    at = sign_in(fresh_app(), "AIGUL", PASSWORD)
    assert not at.exception
    signed_in = " ".join(t.value for t in at.sidebar.text)
    assert "Aigul" in signed_in and "aigul" not in signed_in


def test_the_admins_user_table_shows_names_as_typed(own_database):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.session_state["user"] = signed_in_as("admin")
    at.run().switch_page("pages/admin.py").run()
    at.text_input[0].input("Bakyt.Asanov")
    at.text_input[1].input(PASSWORD)
    at = next(b for b in at.button if b.label == "Add a user").click().run()
    assert not at.exception
    assert at.dataframe[0].value["Name"].tolist() == ["Bakyt.Asanov"]
    assert auth.verify(own_database, "bakyt.asanov", PASSWORD).shown == "Bakyt.Asanov"
