"""An open tab's sign-in ends after the idle time, or when its session ended elsewhere."""

from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from forumreach import ROOT, auth, sessions
from forumreach.i18n import Translator
from tests.pages.conftest import TIMEOUT

PASSWORD = "correct horse battery"


def ticket_offers(at: AppTest) -> list[str]:
    """The scripts this run hands the browser to trade a ticket for the session cookie."""
    return [el.proto.body for el in at.get("html")
            if sessions.ROUTE in el.proto.body and '"POST"' in el.proto.body]
EN = Translator("en")


@pytest.fixture
def signed_in(own_database):
    auth.create_user(own_database, "aigul", "organizer", PASSWORD)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    at.text_input[0].input("aigul")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["user"].name == "aigul"
    return at


def test_a_sign_in_keeps_a_session_row_that_a_reload_can_resume(signed_in, own_database):
    session_id = signed_in.session_state["_session_id"]

    assert own_database.live_session(session_id=session_id,
                                     seen_since=datetime.now(UTC) - timedelta(minutes=1))


def test_a_tab_left_idle_past_the_configured_time_is_signed_out(signed_in, own_database,
                                                                 monkeypatch):
    monkeypatch.setenv(sessions.IDLE_ENV, "20")
    session_id = signed_in.session_state["_session_id"]
    signed_in.session_state["_active_at"] = datetime.now(UTC) - timedelta(minutes=21)

    at = signed_in.run()

    assert at.title[0].value == EN("auth.title")
    assert at.warning[0].value == EN("auth.idle_signed_out", minutes=20)
    assert not sessions.still_live(own_database, session_id)


def test_a_tab_whose_session_ended_elsewhere_is_signed_out_within_a_minute(signed_in,
                                                                            own_database):
    sessions.end(own_database, session_id=signed_in.session_state["_session_id"])
    signed_in.session_state["_touched_at"] = datetime.now(UTC) - timedelta(minutes=2)

    at = signed_in.run()

    assert at.title[0].value == EN("auth.title")
    assert at.warning[0].value == EN("auth.session_ended")


def test_an_active_tab_stays_signed_in(signed_in):
    signed_in.session_state["_active_at"] = datetime.now(UTC) - timedelta(minutes=5)

    at = signed_in.run()

    assert at.session_state["user"].name == "aigul"
    assert at.title[0].value != EN("auth.title")


def test_the_ticket_is_offered_on_every_run_until_the_browser_has_traded_it(signed_in,
                                                                         own_database):
    """A run that never reaches the browser (cut short by a page switch, a busy machine) must
    not lose the ticket: the next run offers it again, until the server has spent it."""
    ticket = signed_in.session_state["_session_ticket"]
    assert [ticket in offer for offer in ticket_offers(signed_in)] == [True]

    assert len(ticket_offers(signed_in.run())) == 1

    assert sessions.exchange(own_database, ticket) is not None
    at = signed_in.run()
    assert ticket_offers(at) == []
    assert "_session_ticket" not in at.session_state
