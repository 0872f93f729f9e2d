"""Sign-in: argon2-hashed local accounts, OIDC identities with granted roles, and the open demo.

Runs on SQLite, and on PostgreSQL when FORUMREACH_TEST_DB_URL is set (``make test`` does).
"""

import contextlib
import io
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event

from forumreach import auth, cli, sessions
from forumreach.auth import ANONYMOUS, AuthError, User
from forumreach.store import Store, UserExistsError

PASSWORD = "kol-kurush 2018 Bishkek"
PRODUCTION_HASHER = auth._HASHER  # before the autouse fixture swaps in a cheap one
OIDC_SECRETS = {
    "auth": {
        "redirect_uri": "https://forumreach.example.kg/oauth2callback",
        "cookie_secret": "a-long-random-string",
        "client_id": "forumreach",
        "client_secret": "s3cret",
        "server_metadata_url": "https://id.example.kg/.well-known/openid-configuration",
    }
}


# Cheap password hashing for every test here (tests/conftest.py), and `store` from there.
pytestmark = pytest.mark.usefixtures("cheap_hashing")


def sign_ins(store):
    log = store.audit_log(action="sign_in")
    return [(row.target, json.loads(row.after_json)["outcome"]) for row in log.itertuples()]


def test_a_local_user_signs_in_with_the_right_password_and_gets_the_role(store):
    auth.create_user(store, "Aigul@Example.kg", "organizer", PASSWORD)

    user = auth.verify(store, "  aigul@example.KG ", PASSWORD)

    assert user == User("aigul@example.kg", "organizer", "local")


def test_a_wrong_password_or_unknown_name_signs_nobody_in(store):
    auth.create_user(store, "aigul", "organizer", PASSWORD)

    assert auth.verify(store, "aigul", PASSWORD + "!") is None
    assert auth.verify(store, "nurlan", PASSWORD) is None
    assert auth.verify(store, "", "") is None


def test_the_password_is_stored_only_as_an_argon2id_hash(store):
    auth.create_user(store, "aigul", "analyst", PASSWORD)

    stored = store.get_user("aigul")["password_hash"]

    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert "password_hash" not in store.list_users().columns


def test_every_sign_in_is_audited_with_its_outcome_and_never_the_password(store):
    auth.create_user(store, "aigul", "organizer", PASSWORD)
    auth.create_user(store, "bakyt", "donor", PASSWORD)
    auth.disable_user(store, "bakyt")

    auth.verify(store, "aigul", PASSWORD)
    auth.verify(store, "aigul", "wrong password 1")
    auth.verify(store, "bakyt", PASSWORD)
    auth.verify(store, PASSWORD, PASSWORD)  # the password typed into the name box

    assert sign_ins(store) == [
        ("user:aigul", "ok"),
        ("user:aigul", "wrong_password"),
        ("user:bakyt", "disabled"),
        ("user:(unknown)", "unknown_user"),
    ]
    everything = store.audit_export().to_csv()
    assert PASSWORD.lower() not in everything.lower()
    assert "wrong password 1" not in everything
    assert "$argon2" not in everything


def test_a_disabled_user_cannot_sign_in_even_with_the_right_password(store):
    auth.create_user(store, "aigul", "organizer", PASSWORD)

    assert auth.disable_user(store, "aigul", actor="admin") is True

    assert auth.verify(store, "aigul", PASSWORD) is None
    assert auth.list_users(store)["disabled"].tolist() == [True]
    assert auth.disable_user(store, "nobody") is False


def test_a_new_password_replaces_the_old_one(store):
    auth.create_user(store, "aigul", "organizer", PASSWORD)

    assert auth.set_password(store, "aigul", "a brand new passphrase", actor="admin")

    assert auth.verify(store, "aigul", PASSWORD) is None
    assert auth.verify(store, "aigul", "a brand new passphrase").role == "organizer"
    change = store.audit_log(action="update_user").iloc[-1]
    assert json.loads(change.after_json) == {"credential": "changed"}


def test_only_the_four_roles_exist(store):
    assert sorted(auth.ROLES) == ["admin", "analyst", "donor", "organizer"]
    with pytest.raises(AuthError, match="role"):
        auth.create_user(store, "aigul", "superuser", PASSWORD)
    assert store.count_users() == 0


def test_a_short_password_or_a_name_with_spaces_is_refused(store):
    with pytest.raises(AuthError, match="password"):
        auth.create_user(store, "aigul", "donor", "short")
    with pytest.raises(AuthError, match="name"):
        auth.create_user(store, "aigul asanova", "donor", PASSWORD)
    assert store.count_users() == 0


def test_a_name_is_taken_once_whatever_its_case(store):
    auth.create_user(store, "aigul", "donor", PASSWORD)

    with pytest.raises(UserExistsError):
        auth.create_user(store, "AIGUL", "admin", PASSWORD)

    assert auth.list_users(store)["role"].tolist() == ["donor"]


def test_creating_a_user_is_audited_with_role_but_no_hash(store):
    auth.create_user(store, "aigul", "analyst", PASSWORD, actor="cli:root")

    entry = store.audit_log(action="add_user").iloc[0]

    assert entry.actor == "cli:root"
    assert entry.target == "user:aigul"
    assert json.loads(entry.after_json) == {"role": "analyst", "source": "local"}


def test_nothing_configured_means_the_open_read_only_demo(store):
    assert auth.auth_mode({}, store) == "none"
    assert ANONYMOUS.role == "donor"


def test_one_local_user_switches_sign_in_on_and_disabling_it_keeps_it_on(store):
    auth.create_user(store, "aigul", "admin", PASSWORD)
    assert auth.auth_mode({}, store) == "local"

    auth.disable_user(store, "aigul")

    assert auth.auth_mode({}, store) == "local"


def test_an_auth_section_in_secrets_means_oidc(store):
    auth.create_user(store, "aigul", "admin", PASSWORD)

    assert auth.auth_mode(OIDC_SECRETS, store) == "oidc"
    named_provider = {"auth": {"redirect_uri": "https://x/oauth2callback", "cookie_secret": "c",
                               "google": {"client_id": "id", "client_secret": "s"}}}
    assert auth.auth_mode(named_provider, store) == "oidc"
    half_done = {"auth": {"redirect_uri": "https://x/oauth2callback"}}
    assert auth.auth_mode(half_done, store) == "local"


def test_secrets_that_cannot_be_read_count_as_none(store):
    class NoSecretsFile(dict):
        def get(self, key, default=None):
            raise FileNotFoundError("no secrets.toml")

    assert auth.auth_mode(NoSecretsFile(), store) == "none"


def test_an_oidc_identity_gets_the_role_granted_to_its_email(store):
    auth.create_user(store, "Aigul@Example.kg", "analyst", None, oidc=True)

    user = auth.sign_in_oidc(store, {"email": "aigul@example.kg", "email_verified": True})

    assert user == User("aigul@example.kg", "analyst", "oidc")
    assert sign_ins(store) == [("user:aigul@example.kg", "ok")]


def test_an_oidc_identity_without_a_granted_role_or_verified_email_gets_nothing(store):
    auth.create_user(store, "aigul@example.kg", "analyst", None, oidc=True)

    assert auth.sign_in_oidc(store, {"email": "stranger@example.kg"}) is None
    assert auth.sign_in_oidc(store, {"email": "aigul@example.kg", "email_verified": False}) is None
    assert auth.sign_in_oidc(store, {"is_logged_in": True}) is None


def test_an_oidc_identity_cannot_sign_in_with_a_local_password(store):
    auth.create_user(store, "aigul@example.kg", "admin", None, oidc=True)

    assert auth.verify(store, "aigul@example.kg", "") is None
    assert sign_ins(store) == [("user:aigul@example.kg", "not_a_local_account")]


def test_production_hashing_is_argon2id_at_or_above_the_owasp_minimum():
    hasher = PRODUCTION_HASHER
    encoded = hasher.hash(PASSWORD)

    assert encoded.startswith("$argon2id$")
    assert hasher.time_cost >= 2 and hasher.memory_cost >= 19 * 1024


def test_the_command_line_adds_lists_and_disables_users(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("FORUMREACH_DB_URL", url)

    def users(*args, stdin=""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        status = cli.main(["users", *args])
        return status, capsys.readouterr()

    added, _ = users("add", "Aigul", "--role", "donor", "--password-stdin", stdin=PASSWORD + "\n")
    refused, refusal = users("add", "bakyt", "--role", "donor", "--password-stdin",
                             stdin="short\n")
    disabled, _ = users("disable", "aigul")
    listed, listing = users("list")

    assert (added, refused, disabled, listed) == (0, 2, 0, 0)
    assert "password" in refusal.err
    assert listing.out.splitlines()[0] == "name,role,source,disabled,created_at"
    assert listing.out.splitlines()[1].startswith("Aigul,donor,local,True,")  # as typed
    assert len(listing.out.splitlines()) == 2
    store = Store(url)
    try:
        assert store.get_user("aigul")["password_hash"].startswith("$argon2id$")
        assert store.audit_log(action="add_user")["actor"].str.startswith("cli").all()
    finally:
        store.engine.dispose()


def test_the_command_line_has_no_way_to_pass_a_password_as_an_argument():
    from forumreach.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["users", "add", "aigul", "--role", "donor",
                                   "--password", PASSWORD])


def test_an_account_is_locked_after_five_failed_sign_ins_even_with_the_right_password(store):
    auth.create_user(store, "nurlan", "analyst", "a long enough password")
    for _ in range(auth.LOCKOUT_FAILURES):
        assert auth.verify(store, "nurlan", "wrong guess number") is None
    assert auth.verify(store, "nurlan", "a long enough password") is None
    outcomes = store.audit_log(action="sign_in")["after_json"].tolist()
    assert '"locked"' in outcomes[-1]


def test_a_good_sign_in_resets_the_failure_count(store):
    auth.create_user(store, "aida", "analyst", "a long enough password")
    for _ in range(auth.LOCKOUT_FAILURES - 1):
        auth.verify(store, "aida", "wrong guess number")
    assert auth.verify(store, "aida", "a long enough password") is not None
    assert auth.failures_since_last_sign_in(store, "aida") == 0


def test_two_setup_links_redeemed_at_the_same_instant_make_one_admin(store):
    """Two server processes each printed a link, and two people use them at once. Each
    redemption, just before it inserts its admin, waits (briefly) for the other to get that far
    too: without a lock both have then counted no account and both insert. With the lock the
    other cannot get there, and the wait runs out."""
    tokens = [auth.new_setup_token(store), auth.new_setup_token(store)]
    start, before_insert = threading.Barrier(2), threading.Barrier(2, timeout=2)

    @event.listens_for(store.engine, "before_cursor_execute")
    def _meet_before_insert(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO USERS"):
            with contextlib.suppress(threading.BrokenBarrierError):
                before_insert.wait()

    def redeem(token, name):
        start.wait()
        return auth.create_first_admin(store, token, name, PASSWORD)

    with ThreadPoolExecutor(max_workers=2) as pool:
        made = list(pool.map(redeem, tokens, ["aigul", "bakyt"]))

    assert sorted(user is None for user in made) == [False, True]
    assert store.count_users() == 1
    assert not any(auth.setup_token_usable(store, token) for token in tokens)


def test_a_name_is_shown_as_typed_yet_signs_in_and_is_taken_whatever_its_case(store):
    auth.create_user(store, "Aigul.Asanova", "organizer", PASSWORD)

    user = auth.verify(store, "AIGUL.asanova", PASSWORD)

    assert (user.name, user.shown) == ("aigul.asanova", "Aigul.Asanova")
    assert auth.list_users(store)["name"].tolist() == ["Aigul.Asanova"]
    with pytest.raises(UserExistsError):
        auth.create_user(store, "aigul.asanova", "admin", PASSWORD)
    assert auth.disable_user(store, "Aigul.Asanova")  # the name as the admin sees it
    assert auth.verify(store, "aigul.asanova", PASSWORD) is None


def test_a_kyrgyz_name_keeps_its_capital_letters(store):
    auth.create_user(store, "Айгүл", "analyst", PASSWORD)

    user = auth.verify(store, "айгүл", PASSWORD)

    assert (user.name, user.shown) == ("айгүл", "Айгүл")


def test_the_first_admin_from_a_setup_link_keeps_the_case_of_the_name(store):
    user = auth.create_first_admin(store, auth.new_setup_token(store), "Bakyt", PASSWORD)

    assert (user.name, user.shown) == ("bakyt", "Bakyt")
    assert auth.list_users(store)["name"].tolist() == ["Bakyt"]


def resumed(store, user: User) -> User:
    """`user` as a reload rebuilds it: from the session row, through the cookie."""
    _, ticket = sessions.start(store, user)
    return sessions.resume(store, sessions.exchange(store, ticket)).user


def test_a_user_rebuilt_from_a_session_row_gets_the_name_as_typed(store):
    nurlan = auth.create_user(store, "Nurlan", "donor", PASSWORD)

    again = resumed(store, nurlan)

    assert again.shown == "Nurlan" and again == User("nurlan", "donor", "local")


def test_an_account_made_before_names_kept_their_case_shows_its_folded_name(store):
    store.add_user("old-admin", "admin", "local", "$argon2id$not-used")  # no display name

    assert auth.list_users(store)["name"].tolist() == ["old-admin"]
    assert resumed(store, User("old-admin", "admin", "local")).shown == "old-admin"


def test_a_users_row_becomes_the_user_a_sign_in_keeps_whatever_its_display_name(store):
    auth.create_user(store, "Aigul", "organizer", PASSWORD)
    row = store.get_user("aigul")

    assert auth.user_from_row(row, "local") == User("aigul", "organizer", "local")
    assert auth.user_from_row(row, "local").shown == "Aigul"
    for missing in (None, float("nan"), ""):
        assert auth.user_from_row({**row, "display_name": missing}, "oidc").shown == "aigul"
