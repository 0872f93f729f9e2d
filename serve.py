"""The server process: `dashboard.py` plus what only the web server itself can do.

`streamlit run serve.py` (what `make run` does) serves the dashboard exactly as
`streamlit run dashboard.py` would, through Streamlit's `st.App`, and adds:

- `POST /api/session` trades a one-time sign-in ticket for an HttpOnly session cookie, and
  `DELETE /api/session` ends that session and clears the cookie (`forumreach.sessions`). A page
  script cannot set an HttpOnly cookie: it talks over a websocket, and only an HTTP answer can.
- at start, when there is no account at all, one setup link for the first admin, printed to the
  terminal (and so to the service's log): `http://localhost:8501/?setup=<token>`.

Run without this file (`streamlit run dashboard.py`), the dashboard still works; a sign-in then
lasts only as long as the browser tab.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from functools import cache

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config

from forumreach import auth, sessions
from forumreach.store import Store, StoreUnavailable

MAX_TICKET_BYTES = 200


@cache
def _store() -> Store:
    return Store()


def _base_path() -> str:
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


async def start_session(request: Request) -> Response:
    """The ticket a page got after checking a password becomes the session cookie."""
    body = await request.body()
    ticket = body[:MAX_TICKET_BYTES].decode("ascii", "replace").strip()
    token = await run_in_threadpool(sessions.exchange, _store(), ticket)
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    response.set_cookie(
        sessions.COOKIE_NAME, token, httponly=True, samesite="strict",
        secure=request.url.scheme == "https", path=_base_path() or "/",
    )  # no max_age: the cookie goes when the browser closes; the idle time is kept server-side
    return response


async def end_session(request: Request) -> Response:
    token = request.cookies.get(sessions.COOKIE_NAME)
    await run_in_threadpool(sessions.end, _store(), token=token)
    response = Response(status_code=204)
    response.delete_cookie(sessions.COOKIE_NAME, path=_base_path() or "/", httponly=True,
                           samesite="strict")
    return response


def _app_url() -> str:
    """The address the terminal's own "Local URL" names: the configured address, else
    localhost; the configured (or finally chosen) port and base path."""
    from streamlit.web.server import server_util

    address = config.get_option("server.address") if config.is_manually_set(
        "server.address") else ""
    if not address or address in {"0.0.0.0", "::"}:  # noqa: S104 - naming, not binding
        address = "localhost"
    if config.is_manually_set("browser.serverAddress"):
        address = config.get_option("browser.serverAddress")
    return server_util.get_url(address)


def announce_setup_link() -> str | None:
    """With no account and no OIDC, a one-time link for the first admin, printed once.

    Dead links (used, expired, or all once an account exists) are deleted first, whatever the
    mode: start is once a process, so that costs one DELETE a start and needs no scheduler."""
    try:
        store = _store()
        store.delete_dead_setup_tokens()
        # st.secrets without a secrets.toml reads as empty (auth_mode allows for it)
        if auth.auth_mode(st.secrets, store) != "none":
            return None
        token = auth.new_setup_token(store)
    except StoreUnavailable as err:
        print(f"  forumreach: no setup link, the database is unavailable: {err}", flush=True)
        return None
    if token is None:
        return None
    url = auth.setup_url(_app_url(), token)
    hours = int(auth.SETUP_LINK_TTL.total_seconds() // 3600)
    print(
        "\n  forumreach: no account yet; the demo opens read-only.\n"
        f"  To make the first admin account, open this link once (valid {hours} h):\n"
        f"    {url}\n"
        "  or run: .venv/bin/python -m forumreach users add NAME --role admin\n",
        flush=True,
    )
    return url


@asynccontextmanager
async def first_start(_app):
    """Runs once per server process, after the port is final."""
    await run_in_threadpool(announce_setup_link)
    yield


app = st.App(
    "dashboard.py",
    routes=[
        Route(f"{_base_path()}{sessions.ROUTE}", start_session, methods=["POST"]),
        Route(f"{_base_path()}{sessions.ROUTE}", end_session, methods=["DELETE"]),
    ],
    lifespan=first_start,
)
