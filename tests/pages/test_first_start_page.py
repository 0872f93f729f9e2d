"""First start: the setup link's form, the demo's way to an account, and closed pages that say
why instead of "Page not found"."""

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from forumreach import ROOT, auth
from forumreach.i18n import Translator
from tests.pages.conftest import TIMEOUT

PASSWORD = "first admin of the agency"
EN, KY = Translator("en"), Translator("ky")


def opened(lang: str = "en", setup: str | None = None, page: str | None = None) -> AppTest:
    """The app as a browser opening `/<page>?lang=..&setup=..` would run it."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    if setup is not None:
        at.query_params["setup"] = setup
    if page is not None:
        # The page a browser address selects: st.Page hashes its url_path. AppTest can only
        # switch to page files, and closed pages are callables.
        at._page_hash = calc_hash(page)
    return at.run()


def fill_setup(at: AppTest, name: str, password: str, again: str | None = None) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.text_input[2].input(password if again is None else again)
    return at.button[0].click().run()


@pytest.fixture
def token(own_database):
    return auth.new_setup_token(own_database)


def test_a_setup_link_opens_a_form_with_a_password_field(token):
    at = opened(setup=token)

    assert not at.exception
    assert at.title[0].value == EN("auth.setup_title")
    assert [field.label for field in at.text_input] == [
        EN("auth.name"), EN("auth.password"), EN("auth.password_again")]
    assert "user" not in at.session_state


def test_the_setup_form_makes_the_first_admin_who_lands_signed_in_on_import(token,
                                                                           own_database):
    at = fill_setup(opened(setup=token), "Aigul", PASSWORD)

    assert not at.exception
    assert at.session_state["user"] == auth.User("aigul", "admin", "local")
    assert at.title[0].value == EN("page.import_review")
    assert "setup" not in at.query_params
    assert own_database.get_user("aigul")["role"] == "admin"
    assert not auth.setup_token_usable(own_database, token)
    assert at.session_state["_session_id"]  # a sign-in that a reload can find again
    # The ticket for the cookie is handed over by the Import page's own run: the run that
    # switched there never reaches the browser when the machine is busy.
    ticket = at.session_state["_session_ticket"]
    assert [ticket in el.proto.body for el in at.get("html")].count(True) == 1


def test_passwords_that_differ_are_refused_and_the_link_still_works(token, own_database):
    at = fill_setup(opened(setup=token, lang="ky"), "aigul", PASSWORD, PASSWORD + "!")

    assert at.error[0].value == KY("auth.passwords_differ")
    assert own_database.count_users() == 0
    assert auth.setup_token_usable(own_database, token)


def test_a_too_short_password_is_refused_in_the_users_language(token, own_database):
    at = fill_setup(opened(setup=token, lang="ky"), "aigul", "short")

    assert at.error[0].value == KY("auth.bad_password")
    assert own_database.count_users() == 0


def test_a_spent_setup_link_says_so_and_opens_the_read_only_demo(token, own_database):
    auth.create_first_admin(own_database, token, "aigul", PASSWORD)
    # The account exists now, so the app asks for sign-in; the link is refused, not honoured.
    at = opened(setup=token)

    assert at.title[0].value == EN("auth.title")
    assert at.warning[0].value == EN("auth.setup_link_invalid")
    assert "setup" not in at.query_params


def test_a_made_up_setup_link_leaves_the_demo_read_only(own_database):
    at = opened(setup=auth.new_token())

    assert at.session_state["user"] == auth.ANONYMOUS
    assert at.sidebar.error[0].value == EN("auth.setup_link_invalid")
    assert "setup" not in at.query_params


def test_the_demo_sidebar_says_that_importing_needs_an_account_and_how_to_make_one():
    at = opened(lang="ky")

    captions = [caption.value for caption in at.sidebar.caption]
    assert KY("auth.demo_how_to_import") in captions
    assert "users add" in KY("auth.demo_how_to_import")


@pytest.mark.parametrize("lang", ["ky", "en"])
def test_the_import_address_asks_an_anonymous_visitor_to_sign_in_in_their_language(lang):
    t = Translator(lang)
    at = opened(lang=lang, page="import_review")

    assert not at.exception
    assert at.title[0].value == t("page.import_review")
    assert at.info[0].value == t("auth.needs_account")
    assert not at.file_uploader and not at.dataframe


def test_a_donor_reaching_a_personal_page_by_its_address_is_told_it_is_not_for_the_role():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "ru"
    at.session_state["user"] = auth.User("test-donor", "donor", "local")
    at._page_hash = calc_hash("participants")
    at.run()

    assert at.error[0].value == Translator("ru")("access.not_for_role")
    assert not at.dataframe
