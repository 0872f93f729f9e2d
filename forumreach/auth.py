"""Who is signed in, and with which role: local accounts, OIDC identities, or nobody.

Three modes, decided by ``auth_mode`` from the deployment, not by a switch in the UI:

- ``oidc``: ``[auth]`` is configured in ``.streamlit/secrets.toml``; Streamlit's ``st.login``
  checks the identity and ``sign_in_oidc`` grants the role of the matching row in ``users``
  (added with ``python -m forumreach users add EMAIL --role analyst --oidc``). An identity with
  no row gets nothing: the identity provider says who someone is, not what they may see.
- ``local``: some local user exists; ``verify`` checks a name and password against an argon2id
  hash (argon2-cffi's defaults, RFC 9106's second recommended profile).
- ``none``: nothing is configured; the demo runs as ``ANONYMOUS``, a read-only donor with no
  personal data.

Every sign-in, successful or not, is audited with the name and the outcome, never the password.
A name nobody has is logged as ``user:(unknown)``: people type their password into the name box.
This module never imports streamlit; the pages call it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from forumreach.access import ROLES  # one list of roles; access says what each may see
from forumreach.store import Store

AuthMode = Literal["oidc", "local", "none"]
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; a megabyte "password" is an attack
MAX_NAME_LENGTH = 200
UNKNOWN_TARGET = "user:(unknown)"
# Guessing stops after this many failures on one account within the window.
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
# A first-start link is printed when the server starts with no account; it dies when used, when
# any local account exists, or after this long.
SETUP_LINK_TTL = timedelta(hours=24)
SETUP_ACTOR = "setup-link"

_HASHER = PasswordHasher()
# Checked when the name is unknown or disabled, so those answers take as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("forumreach: no such user")
_NAME = re.compile(r"[^\s\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class User:
    """A signed-in person. ``source`` is ``local``, ``oidc`` or ``none`` (the anonymous demo).

    ``name`` is case-folded (`normalise_name`): the audit trail, sessions and lockouts key on it.
    ``display_name`` is the name as its person typed it ("Aigul"), for showing; it does not take
    part in comparing two users."""

    name: str
    role: str
    source: str
    display_name: str = field(default="", compare=False)

    @property
    def shown(self) -> str:
        """The name as typed, or the case-folded one for an account made before names kept
        their case."""
        return self.display_name or self.name


ANONYMOUS = User(name="anonymous", role="donor", source="none")


def user_from_row(row: Mapping[str, Any], source: str) -> User:
    """A ``users`` row (`Store.get_user`, a row of `Store.list_users`) as the User a sign-in
    keeps; a row without a display name (an account made before names kept their case, or a
    table's missing value) gives "", so `User.shown` falls back to the name."""
    typed = row.get("display_name")
    return User(row["name"], row["role"], source, typed if isinstance(typed, str) else "")


class AuthError(ValueError):
    """A user cannot be created or changed as asked (bad name, role or password).

    ``message_id`` names the catalog message a page shows for it (the text is for terminals)."""

    def __init__(self, text: str, message_id: str = "auth.failed") -> None:
        super().__init__(text)
        self.message_id = message_id


def auth_mode(secrets: Mapping[str, Any], store: Store) -> AuthMode:
    """``oidc`` when ``[auth]`` is configured, else ``local`` when any local user exists (even a
    disabled one: disabling the last account must lock the door, not open the demo), else
    ``none``.

    ``secrets`` is ``st.secrets`` or any mapping; a missing secrets.toml counts as empty.
    """
    if _oidc_configured(secrets):
        return "oidc"
    if store.count_users(source="local") > 0:
        return "local"
    return "none"


def _oidc_configured(secrets: Mapping[str, Any]) -> bool:
    try:
        section = secrets.get("auth")
    except FileNotFoundError:  # st.secrets without a secrets.toml
        return False
    if not isinstance(section, Mapping):
        return False
    # st.login needs a redirect URI and a cookie secret, and a provider either inline
    # (client_id, ...) or as a named subsection ([auth.google]).
    has_provider = "client_id" in section or any(
        isinstance(value, Mapping) and "client_id" in value for value in section.values()
    )
    return bool(section.get("redirect_uri") and section.get("cookie_secret") and has_provider)


def normalise_name(name: str) -> str:
    """Names (often e-mail addresses) compare case-insensitively and without stray spaces."""
    return _checked_name(typed_name(name).lower())


def typed_name(name: str) -> str:
    """A name as its person typed it, only stray spaces gone: what pages show for the account
    (`User.display_name`), checked as `normalise_name` checks it."""
    if not isinstance(name, str):
        raise AuthError("a user name is text", "auth.bad_name")
    return _checked_name(unicodedata.normalize("NFC", name).strip())


def _checked_name(text: str) -> str:
    if not text or len(text) > MAX_NAME_LENGTH or not _NAME.fullmatch(text):
        raise AuthError(
            f"a user name is 1 to {MAX_NAME_LENGTH} characters without spaces or control "
            "characters",
            "auth.bad_name",
        )
    return text


def _checked_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def _checked_password(password: str) -> str:
    if not isinstance(password, str):
        raise AuthError("a password is text", "auth.bad_password")
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise AuthError(
            f"a password is {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long",
            "auth.bad_password",
        )
    return password


def create_user(
    store: Store, name: str, role: str, password: str | None, *, oidc: bool = False,
    actor: str = "system",
) -> User:
    """A local account (argon2id hash of ``password``) or, with ``oidc=True``, the role of an
    identity the provider signs in (no password). Raises AuthError or store.UserExistsError."""
    typed, name = typed_name(name), normalise_name(name)
    role = _checked_role(role)
    if oidc:
        if password is not None:
            raise AuthError("an OIDC user has no password here: the identity provider checks it")
        store.add_user(name, role, "oidc", None, actor=actor, display_name=typed)
        return User(name, role, "oidc", typed)
    password_hash = _HASHER.hash(_checked_password(password))
    store.add_user(name, role, "local", password_hash, actor=actor, display_name=typed)
    return User(name, role, "local", typed)


def verify(store: Store, name: str, password: str) -> User | None:
    """The user when the name and password match an enabled local account, else None.

    Every outcome costs one argon2 verification, so timing does not tell an unknown name from a
    wrong password. Each attempt is audited (``sign_in``, outcome in ``after_json``).
    """
    try:
        name = normalise_name(name)
    except AuthError:
        name = ""
    row = store.get_user(name) if name else None
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        password = ""
    usable = row is not None and row["source"] == "local" and row["password_hash"]
    matched = _password_matches(row["password_hash"] if usable else _DUMMY_HASH, password)
    if row is not None and failures_since_last_sign_in(store, name) >= LOCKOUT_FAILURES:
        _record_sign_in(store, name, "locked")
        return None
    if row is None:
        _record_sign_in(store, None, "unknown_user")
        return None
    if not usable:
        _record_sign_in(store, name, "not_a_local_account")
        return None
    if row["disabled"]:
        _record_sign_in(store, name, "disabled")
        return None
    if not matched:
        _record_sign_in(store, name, "wrong_password")
        return None
    if _HASHER.check_needs_rehash(row["password_hash"]):
        store.update_user(name, name, password_hash=_HASHER.hash(password), audited=False)
    _record_sign_in(store, name, "ok", source="local")
    return user_from_row(row, "local")


def failures_since_last_sign_in(store: Store, name: str) -> int:
    """Failed attempts on an account within the lockout window since its last good sign-in.

    The audit trail is the counter, so every app process sees the same count and a lockout
    survives a restart; it ends by itself when the window has passed.
    """
    since = datetime.now(UTC) - LOCKOUT_WINDOW
    log = store.audit_log(action="sign_in", since=since)
    outcomes = log.loc[log.target == f"user:{name}", "after_json"].fillna("").tolist()
    failures = 0
    for outcome in reversed(outcomes):
        if '"ok"' in outcome:
            break
        failures += 1
    return failures


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_in_oidc(store: Store, claims: Mapping[str, Any]) -> User | None:
    """The role for an identity ``st.login`` vouched for (``st.user``), or None when no enabled
    OIDC user of that e-mail exists or the provider says the e-mail is not verified."""
    email = claims.get("email")
    if not email or claims.get("email_verified") is False:
        _record_sign_in(store, None, "no_verified_email", source="oidc")
        return None
    try:
        name = normalise_name(str(email))
    except AuthError:
        _record_sign_in(store, None, "unknown_user", source="oidc")
        return None
    row = store.get_user(name)
    if row is None or row["source"] != "oidc":
        _record_sign_in(store, None if row is None else name, "unknown_user", source="oidc")
        return None
    if row["disabled"]:
        _record_sign_in(store, name, "disabled", source="oidc")
        return None
    _record_sign_in(store, name, "ok", source="oidc")
    return user_from_row(row, "oidc")


def record_sign_out(store: Store, user: User) -> None:
    store.record(user.name, "sign_out", f"user:{user.name}", after={"source": user.source})


def _record_sign_in(
    store: Store, name: str | None, outcome: str, source: str = "local"
) -> None:
    target = f"user:{name}" if name else UNKNOWN_TARGET
    store.record(name or "(unknown)", "sign_in", target, after={"outcome": outcome,
                                                                 "source": source})


def set_password(store: Store, name: str, password: str, actor: str = "system") -> bool:
    """A new argon2 hash for a local account; False when there is no such local user."""
    name = normalise_name(name)
    row = store.get_user(name)
    if row is None or row["source"] != "local":
        return False
    password_hash = _HASHER.hash(_checked_password(password))
    return store.update_user(name, actor, password_hash=password_hash)


def disable_user(store: Store, name: str, actor: str = "system") -> bool:
    """The user can no longer sign in (the row stays, for the audit trail) and their open
    sessions end; False if unknown."""
    name = normalise_name(name)
    changed = store.update_user(name, actor, disabled=True)
    if changed:
        store.end_sessions(user_name=name)
    return changed


def enable_user(store: Store, name: str, actor: str = "system") -> bool:
    return store.update_user(normalise_name(name), actor, disabled=False)


def set_role(store: Store, name: str, role: str, actor: str = "system") -> bool:
    return store.update_user(normalise_name(name), actor, role=_checked_role(role))


def new_token() -> str:
    """256 random bits, URL-safe: setup links, session tickets and session cookies."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the store keeps instead of a token. A plain SHA-256 suffices (no argon2): the token
    is random, not a password someone chose, so there is nothing to guess from the hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_setup_token(store: Store) -> str | None:
    """A one-time first-start token, or None when any account exists (there is nothing to set
    up). The token itself is returned once and stored only hashed."""
    if store.count_users() > 0:
        return None
    token = new_token()
    store.add_setup_token(token_hash(token), datetime.now(UTC) + SETUP_LINK_TTL)
    return token


def setup_token_usable(store: Store, token: object) -> bool:
    """Unused, not expired, and still no local account: the setup form may be shown."""
    return isinstance(token, str) and 20 <= len(token) <= 100 and store.setup_token_usable(
        token_hash(token))


def create_first_admin(store: Store, token: str, name: str, password: str) -> User | None:
    """The first local account, an admin, through a setup link; None when the link is spent,
    expired, or an account exists already. Raises AuthError for a bad name or password (the
    link then stays usable). The audit trail names the new user and ``setup-link``, never the
    token."""
    typed, name = typed_name(name), normalise_name(name)
    password_hash = _HASHER.hash(_checked_password(password))
    if not setup_token_usable(store, token):
        return None
    if not store.add_first_user(token_hash(token), name, password_hash, actor=SETUP_ACTOR,
                                display_name=typed):
        return None
    _record_sign_in(store, name, "ok", source="local")
    return User(name, "admin", "local", typed)


def setup_url(base_url: str, token: str) -> str:
    """``http://localhost:8501/?setup=<token>``: the link the server prints at first start."""
    return f"{base_url.rstrip('/')}/?setup={token}"


def list_users(store: Store) -> pd.DataFrame:
    """Name (as its person typed it), role, source, disabled and dates of every user; never a
    hash. Any form of the name finds the account again (`normalise_name`)."""
    users = store.list_users()
    shown = [user_from_row(row, row["source"]).shown for row in users.to_dict("records")]
    return users.drop(columns="display_name").assign(name=shown)
