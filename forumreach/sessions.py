"""Local sign-ins that survive a page reload, and end on sign-out or after an idle time.

A Streamlit session lives as long as its websocket; a reload (F5) opens a new one. So a local
sign-in is also kept in the ``sessions`` table and in an HttpOnly cookie, in three steps:

1. ``start`` (run by the page that just checked the password) stores a session with a one-time
   *ticket* that lives ``TICKET_TTL`` and hands the ticket to the browser.
2. The browser posts the ticket to the server route ``/api/session`` (``serve.py``), which calls
   ``exchange``: the ticket is spent and the answer sets the *cookie token*, HttpOnly, so page
   scripts never see it. The ticket is useless after that, or after two minutes.
3. On a reload the new Streamlit session reads the cookie (``st.context.cookies``) and calls
   ``resume``.

Both secrets are 256-bit random strings and only their SHA-256 is stored, so the cookie needs no
signature: a forged or copied-from-the-database value matches no row. Ending a session (sign-out,
an admin disabling the user) is a database write, so it takes effect in every app process.
Idle time: ``FORUMREACH_SESSION_IDLE_MINUTES`` (default 480, a working day).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from forumreach import auth
from forumreach.store import Store

COOKIE_NAME = "forumreach_session"
ROUTE = "/api/session"
IDLE_ENV = "FORUMREACH_SESSION_IDLE_MINUTES"
DEFAULT_IDLE = timedelta(hours=8)
TICKET_TTL = timedelta(minutes=2)
# A session's "last seen" is written at most this often, not on every rerun.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Session:
    """A signed-in user and the row that keeps them signed in."""

    session_id: int
    user: auth.User


def idle_timeout() -> timedelta:
    """From ``FORUMREACH_SESSION_IDLE_MINUTES``; a value that is not a positive number of
    minutes falls back to the default rather than signing everyone out at once."""
    text = os.environ.get(IDLE_ENV, "").strip()
    try:
        minutes = float(text)
    except ValueError:
        return DEFAULT_IDLE
    return timedelta(minutes=minutes) if minutes > 0 else DEFAULT_IDLE


def start(store: Store, user: auth.User) -> tuple[int, str]:
    """A new session for a user whose password was just checked: (session id, ticket).

    Sessions that can never sign anyone in again are deleted first. A sign-in is the moment
    for it: it is rare, already costs an argon2 hash, needs no scheduler, and happens in every
    process, so the table stays as small as the number of people signed in lately."""
    store.delete_dead_sessions(seen_before=_idle_since())
    ticket = auth.new_token()
    session_id = store.add_session(user.name, auth.token_hash(ticket),
                                   datetime.now(UTC) + TICKET_TTL)
    return session_id, ticket


def exchange(store: Store, ticket: str) -> str | None:
    """The cookie token for a live ticket (which is spent), or None."""
    if not _plausible(ticket):
        return None
    token = auth.new_token()
    if store.exchange_session_ticket(auth.token_hash(ticket), auth.token_hash(token)):
        return token
    return None


def ticket_waiting(store: Store, session_id: int) -> bool:
    """True while the browser of a fresh sign-in has not yet traded its ticket for the cookie
    (and still can: the ticket has not expired)."""
    return store.session_ticket_waiting(session_id)


def resume(store: Store, token: str | None) -> Session | None:
    """The session a cookie token belongs to, if it has not ended or gone idle and its user is
    still an enabled local account; the role is read afresh, so a changed role applies."""
    if not _plausible(token):
        return None
    row = store.live_session(token_hash=auth.token_hash(token), seen_since=_idle_since())
    if row is None:
        return None
    user = _enabled_local_user(store, row["user_name"])
    if user is None or not store.touch_session(row["id"], _idle_since()):
        store.end_sessions(session_id=row["id"])
        return None
    return Session(int(row["id"]), user)


def still_live(store: Store, session_id: int) -> bool:
    """Keep a session open in a tab alive; False once it was ended elsewhere or went idle."""
    return store.touch_session(session_id, _idle_since())


def end(store: Store, *, session_id: int | None = None, token: str | None = None) -> None:
    """Sign-out: the session ends everywhere, whatever cookie a browser still holds."""
    if session_id is not None:
        store.end_sessions(session_id=session_id)
    elif _plausible(token):
        store.end_sessions(token_hash=auth.token_hash(token))


def _idle_since() -> datetime:
    return datetime.now(UTC) - idle_timeout()


def _enabled_local_user(store: Store, name: str) -> auth.User | None:
    row = store.get_user(name)
    if row is None or row["source"] != "local" or row["disabled"]:
        return None
    return auth.user_from_row(row, "local")


def _plausible(secret: object) -> bool:
    """A token is short URL-safe text; anything else is not looked up at all."""
    return isinstance(secret, str) and 20 <= len(secret) <= 100 and secret.isascii()
