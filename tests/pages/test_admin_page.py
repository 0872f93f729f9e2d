"""The Administration page's audit trail and programmes read as a person reads: times in the
admin's language to the minute, "—" where nothing was, before/after as "key: value", the actor
forms explained, and the built-in demo programme said to be read-only."""

import re

import pytest

from forumreach import auth, events, export
from forumreach.i18n import Translator

pytestmark = pytest.mark.apptest
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def audit_on_screen(open_page, lang: str):
    at = open_page("pages/admin.py", role="admin", lang=lang)
    assert not at.exception, at.exception
    heading = Translator(lang)("admin.col.target")
    return at, next(df.value for df in at.dataframe if heading in df.value)


@pytest.fixture
def a_user_added_and_signed_in(own_database):
    auth.create_user(own_database, "bakyt", "organizer", "correct horse battery",
                     actor="local:aigul")
    assert auth.verify(own_database, "bakyt", "correct horse battery")
    return own_database


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_audit_trail_reads_times_to_the_minute_and_no_python_none_or_json(
        a_user_added_and_signed_in, open_page, lang):
    t = Translator(lang)
    at, audit = audit_on_screen(open_page, lang)
    shown = "\n".join(audit.astype(str).to_numpy().ravel())
    assert len(audit) == 2
    assert not ISO_TIME.search(shown) and "None" not in shown
    assert "{" not in shown and '"' not in shown
    added = audit.iloc[0]
    assert added[t("admin.col.before")] == "—"
    assert added[t("admin.col.after")] == "role: organizer, source: local"
    assert added[t("admin.col.actor")] == "local:aigul"  # stored values stay as recorded
    stored = a_user_added_and_signed_in.audit_log()["at"].iloc[0].tz_convert("Asia/Bishkek")
    assert re.search(rf"\b{stored:%-I}:{stored:%M}\b|\b{stored:%H}:{stored:%M}\b",
                     added[t("admin.col.at")])
    assert f":{stored:%M}:{stored:%S}" not in added[t("admin.col.at")]  # minutes are enough
    assert str(stored.year) in added[t("admin.col.at")]


def test_the_audit_times_are_written_in_the_admins_language(a_user_added_and_signed_in,
                                                            open_page):
    stored = a_user_added_and_signed_in.audit_log()["at"].iloc[0].tz_convert("Asia/Bishkek")
    _, audit = audit_on_screen(open_page, "en")
    assert audit.iloc[0]["When"].startswith(f"{stored:%b} {stored.day}, {stored.year}, ")
    _, audit = audit_on_screen(open_page, "ru")
    assert re.match(rf"{stored.day} \w+\.? {stored.year}\s?г\., \d\d:\d\d$",
                    audit.iloc[0][Translator("ru")("admin.col.at")])


def test_the_audit_download_keeps_exact_utc_times_and_the_whole_record(
        a_user_added_and_signed_in):
    csv = export.to_csv(a_user_added_and_signed_in.audit_export()).decode("utf-8-sig")
    assert ISO_TIME.search(csv) and '"role": "organizer"' in csv.replace('""', '"')


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_actor_forms_and_the_built_in_demo_programme_are_explained(open_page, lang):
    t = Translator(lang)
    at = open_page("pages/admin.py", role="admin", lang=lang)
    captions = [c.value for c in at.caption]
    assert t("admin.audit_actors") in captions and t("admin.audit_times") in captions
    demo = t("programme.demo_built_in", name=events.demo_programme().name[lang])
    assert demo in captions


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_users_table_reads_its_times_and_sign_in_in_the_admins_language(
        a_user_added_and_signed_in, open_page, lang):
    t = Translator(lang)
    at = open_page("pages/admin.py", role="admin", lang=lang)
    users = next(df.value for df in at.dataframe if t("admin.col.source") in df.value)
    shown = "\n".join(users.astype(str).to_numpy().ravel())
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", shown) and "+00:00" not in shown
    assert users[t("admin.col.source")].tolist() == [t("admin.source.local")]


def test_no_stored_programme_is_said_in_the_admins_language(open_page):
    at = open_page("pages/admin.py", role="admin", lang="ky")
    assert Translator("ky")("programme.none_stored") in [c.value for c in at.caption]


def test_the_audit_trail_filters_by_an_action_the_log_holds(a_user_added_and_signed_in,
                                                             open_page):
    at, audit = audit_on_screen(open_page, "en")
    picker = at.selectbox(key="admin_action")
    assert picker.options == ["All actions", *[
        Translator("en")(f"audit.action.{a}") for a in ("add_user", "sign_in")]]
    picker.set_value("sign_in").run()
    assert not at.exception, at.exception
    audit = next(df.value for df in at.dataframe if "What" in df.value)
    assert len(audit) == 1 and audit.iloc[0]["What"] == "user:bakyt"
