"""The README's table of who sees what says what `forumreach.access` does."""

import re

from forumreach import ROOT, access
from forumreach.i18n import Translator


def readme_rows() -> dict[str, list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        match = re.match(r"`(\w+)`", cells[0]) if len(cells) == 4 else None
        if match and match.group(1) in access.ROLES:
            rows[match.group(1)] = cells[1:]
    return rows


def test_the_readme_lists_every_role_once():
    assert set(readme_rows()) == set(access.ROLES)


def test_the_readme_says_who_sees_names_and_contacts_as_access_decides():
    for role, (_, personal, call_list) in readme_rows().items():
        sees = access.can_see_personal(role)
        assert personal.startswith("yes") == sees, role
        assert (call_list == "with contacts") == sees, role


def test_analysts_see_no_participant_names():
    assert not access.can_see_personal("analyst")


def test_the_readme_names_the_pages_each_role_opens():
    english = Translator("en")
    titles = {english(f"page.{page}"): page for page in access.PAGES + access.ADMIN_PAGES}
    for role, (pages, _, _) in readme_rows().items():
        if pages.startswith("every page"):
            listed = set(access.PAGES) - ({"admin"} if "but Admin" in pages else set())
            listed |= {"admin"} if "plus Admin" in pages else set()
        else:
            listed = {titles[name.strip()] for name in pages.split(",")}
        assert listed == set(access.pages_for(role)), role
