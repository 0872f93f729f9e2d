"""First-start links and sign-ins that survive a reload (forumreach.auth, forumreach.sessions).

Runs on SQLite, and on PostgreSQL when FORUMREACH_TEST_DB_URL is set.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from forumreach import auth, sessions
from forumreach.store import sessions_table, setup_tokens_table

PASSWORD = "first admin of the agency"


# Cheap password hashing for every test here (tests/conftest.py), and `store` from there.
pytestmark = pytest.mark.usefixtures("cheap_hashing")


def everything_stored(store) -> str:
    """Every row of every table, as text: what a copy of the database would give away."""
    from forumreach.store import METADATA

    with store.engine.connect() as conn:
        return "\n".join(str(row) for table in METADATA.sorted_tables
                         for row in conn.execute(select(table)))


def ago(store, table, **delta):
    """Move a table's clock back, as if the rows were made `delta` earlier."""
    moved = datetime.now(UTC) - timedelta(**delta)
    column = "expires_at" if table is setup_tokens_table else "last_seen_at"
    with store.engine.begin() as conn:
        conn.execute(update(table).values({column: moved}))


# --- the first-start link ------------------------------------------------------------------


def test_a_setup_link_makes_the_first_admin_who_is_signed_in(store):
    token = auth.new_setup_token(store)

    user = auth.create_first_admin(store, token, "Aigul", PASSWORD)

    assert user == auth.User("aigul", "admin", "local")
    assert auth.verify(store, "aigul", PASSWORD).role == "admin"


def test_a_setup_link_works_once(store):
    token = auth.new_setup_token(store)
    auth.create_first_admin(store, token, "aigul", PASSWORD)

    assert not auth.setup_token_usable(store, token)
    assert auth.create_first_admin(store, token, "intruder", PASSWORD) is None
    assert store.get_user("intruder") is None


def test_no_setup_link_is_made_or_honoured_once_an_account_exists(store):
    token = auth.new_setup_token(store)
    auth.create_user(store, "bakyt", "organizer", PASSWORD)  # e.g. with `users add`

    assert auth.new_setup_token(store) is None
    assert auth.create_first_admin(store, token, "intruder", PASSWORD) is None
    assert store.count_users() == 1


def test_an_expired_setup_link_is_refused(store):
    token = auth.new_setup_token(store)
    ago(store, setup_tokens_table, seconds=1)

    assert not auth.setup_token_usable(store, token)
    assert auth.create_first_admin(store, token, "aigul", PASSWORD) is None


def test_a_made_up_setup_token_is_refused(store):
    auth.new_setup_token(store)

    assert not auth.setup_token_usable(store, auth.new_token())
    assert not auth.setup_token_usable(store, None)
    assert auth.create_first_admin(store, "x" * 43, "aigul", PASSWORD) is None


def test_a_too_short_password_keeps_the_setup_link_usable(store):
    token = auth.new_setup_token(store)

    with pytest.raises(auth.AuthError):
        auth.create_first_admin(store, token, "aigul", "short")

    assert auth.setup_token_usable(store, token)


def test_the_setup_token_is_stored_only_hashed_and_never_in_the_audit_trail(store):
    token = auth.new_setup_token(store)
    stored = everything_stored(store)
    assert token not in stored
    assert auth.token_hash(token) in stored  # the hash is what the store keeps

    auth.create_first_admin(store, token, "aigul", PASSWORD)

    trail = store.audit_export().to_csv()
    assert token not in trail and auth.token_hash(token) not in trail
    assert "add_user" in trail and "setup-link" in trail


def test_the_setup_url_has_the_form_the_terminal_shows():
    assert auth.setup_url("http://localhost:8501", "abc") == "http://localhost:8501/?setup=abc"
    assert auth.setup_url("http://127.0.0.1:8502/", "abc") == "http://127.0.0.1:8502/?setup=abc"


# --- sessions that survive a reload ---------------------------------------------------------


@pytest.fixture
def aigul(store):
    return auth.create_user(store, "aigul", "organizer", PASSWORD)


def signed_in_cookie(store, user) -> tuple[int, str]:
    session_id, ticket = sessions.start(store, user)
    return session_id, sessions.exchange(store, ticket)


def test_a_ticket_becomes_a_cookie_that_signs_the_user_in_again(store, aigul):
    session_id, token = signed_in_cookie(store, aigul)

    resumed = sessions.resume(store, token)

    assert resumed == sessions.Session(session_id, aigul)


def test_a_ticket_is_exchanged_once_and_only_while_fresh(store, aigul):
    _, ticket = sessions.start(store, aigul)
    assert sessions.exchange(store, ticket) is not None
    assert sessions.exchange(store, ticket) is None

    _, late = sessions.start(store, aigul)
    with store.engine.begin() as conn:
        conn.execute(update(sessions_table).values(
            ticket_expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert sessions.exchange(store, late) is None


def test_a_ticket_waits_for_its_browser_until_spent_expired_or_ended(store, aigul):
    """The page offers the ticket again on each rerun while this holds (keep_sign_in)."""
    spent, ticket = sessions.start(store, aigul)
    expired, _ = sessions.start(store, aigul)
    ended, _ = sessions.start(store, aigul)
    waiting, _ = sessions.start(store, aigul)
    assert all(sessions.ticket_waiting(store, s) for s in (spent, expired, ended, waiting))

    sessions.exchange(store, ticket)
    with store.engine.begin() as conn:
        conn.execute(update(sessions_table).where(sessions_table.c.id == expired).values(
            ticket_expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    sessions.end(store, session_id=ended)

    assert [sessions.ticket_waiting(store, s) for s in (spent, expired, ended, waiting)] == [
        False, False, False, True]


def test_tickets_and_cookies_are_stored_only_hashed(store, aigul):
    _, ticket = sessions.start(store, aigul)
    assert ticket not in everything_stored(store)
    token = sessions.exchange(store, ticket)

    stored = everything_stored(store)
    assert token not in stored and auth.token_hash(token) in stored


def test_signing_out_ends_the_session_whatever_cookie_the_browser_keeps(store, aigul):
    session_id, token = signed_in_cookie(store, aigul)

    sessions.end(store, session_id=session_id)

    assert sessions.resume(store, token) is None
    assert not sessions.still_live(store, session_id)


def test_a_session_idle_longer_than_the_configured_time_ends(store, aigul, monkeypatch):
    monkeypatch.setenv(sessions.IDLE_ENV, "30")
    _, token = signed_in_cookie(store, aigul)
    ago(store, sessions_table, minutes=29)
    assert sessions.resume(store, token) is not None  # and that counts as activity

    ago(store, sessions_table, minutes=31)
    assert sessions.resume(store, token) is None


def test_the_idle_time_falls_back_to_a_working_day_when_unset_or_unusable(monkeypatch):
    monkeypatch.delenv(sessions.IDLE_ENV, raising=False)
    assert sessions.idle_timeout() == timedelta(hours=8)
    for bad in ("", "soon", "0", "-5"):
        monkeypatch.setenv(sessions.IDLE_ENV, bad)
        assert sessions.idle_timeout() == timedelta(hours=8)
    monkeypatch.setenv(sessions.IDLE_ENV, "15")
    assert sessions.idle_timeout() == timedelta(minutes=15)


def test_disabling_a_user_ends_their_sessions(store, aigul):
    session_id, token = signed_in_cookie(store, aigul)

    auth.disable_user(store, "aigul", actor="admin")

    assert sessions.resume(store, token) is None
    assert not sessions.still_live(store, session_id)


def test_a_resumed_session_carries_the_users_current_role(store, aigul):
    _, token = signed_in_cookie(store, aigul)

    auth.set_role(store, "aigul", "donor", actor="admin")

    assert sessions.resume(store, token).user.role == "donor"


def test_a_forged_or_malformed_cookie_signs_nobody_in(store, aigul):
    signed_in_cookie(store, aigul)

    for forged in (auth.new_token(), "", None, "ы" * 43, "x" * 5000):
        assert sessions.resume(store, forged) is None


# --- dead sessions and setup links are deleted ----------------------------------------------


def stored_hashes(store, table) -> set[str | None]:
    column = table.c.token_hash
    with store.engine.connect() as conn:
        return set(conn.execute(select(column)).scalars())


def test_signing_in_deletes_ended_idle_unexchanged_and_disabled_users_sessions(
        store, aigul, monkeypatch):
    monkeypatch.setenv(sessions.IDLE_ENV, "30")
    bakyt = auth.create_user(store, "bakyt", "analyst", PASSWORD)
    signed_out_id, _ = signed_in_cookie(store, aigul)
    sessions.end(store, session_id=signed_out_id)
    idle_id, _ = signed_in_cookie(store, aigul)
    unexchanged_id, _ = sessions.start(store, aigul)
    disabled_id, _ = signed_in_cookie(store, bakyt)
    auth.disable_user(store, "bakyt", actor="admin")
    live_id, live_token = signed_in_cookie(store, aigul)
    with store.engine.begin() as conn:
        conn.execute(update(sessions_table).where(sessions_table.c.id == idle_id)
                     .values(last_seen_at=datetime.now(UTC) - timedelta(minutes=31)))
        conn.execute(update(sessions_table).where(sessions_table.c.id == unexchanged_id)
                     .values(ticket_expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    trail_before = store.audit_export()

    new_id, _ = sessions.start(store, aigul)

    with store.engine.connect() as conn:
        left = set(conn.execute(select(sessions_table.c.id)).scalars())
    assert left == {live_id, new_id}
    assert sessions.resume(store, live_token).session_id == live_id
    assert store.audit_export().equals(trail_before)  # housekeeping, not a decision to audit


def test_an_unexchanged_ticket_still_fresh_is_kept_when_someone_else_signs_in(store, aigul):
    _, ticket = sessions.start(store, aigul)

    sessions.start(store, aigul)

    assert sessions.exchange(store, ticket) is not None


def test_expired_and_used_setup_tokens_are_deleted_and_a_fresh_one_kept(store):
    expired = auth.new_setup_token(store)
    ago(store, setup_tokens_table, seconds=1)
    fresh = auth.new_setup_token(store)
    with store.engine.begin() as conn:  # a link spent before links were deleted on use
        conn.execute(setup_tokens_table.insert().values(
            token_hash=auth.token_hash(auth.new_token()), created_at=datetime.now(UTC),
            expires_at=datetime.now(UTC) + timedelta(hours=1), used_at=datetime.now(UTC)))

    assert store.delete_dead_setup_tokens() == 2

    assert stored_hashes(store, setup_tokens_table) == {auth.token_hash(fresh)}
    assert auth.setup_token_usable(store, fresh) and not auth.setup_token_usable(store, expired)


def test_making_the_first_admin_deletes_every_setup_token(store):
    used, other = auth.new_setup_token(store), auth.new_setup_token(store)

    auth.create_first_admin(store, used, "aigul", PASSWORD)

    assert stored_hashes(store, setup_tokens_table) == set()
    assert auth.create_first_admin(store, other, "intruder", PASSWORD) is None
    trail = store.audit_export().to_csv()
    assert used not in trail and auth.token_hash(used) not in trail
    assert "setup-link" in trail


def test_an_account_made_on_the_command_line_deletes_every_setup_token(store):
    auth.new_setup_token(store)

    auth.create_user(store, "bakyt", "organizer", PASSWORD)

    assert stored_hashes(store, setup_tokens_table) == set()


def test_a_setup_token_left_over_once_an_account_exists_is_deleted_even_if_fresh(store):
    auth.create_user(store, "bakyt", "organizer", PASSWORD)
    store.add_setup_token(auth.token_hash(auth.new_token()),  # as an older version left it
                          datetime.now(UTC) + timedelta(hours=1))

    assert store.delete_dead_setup_tokens() == 1
    assert stored_hashes(store, setup_tokens_table) == set()
