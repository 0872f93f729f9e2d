"""The README's table of who sees what says what `forumreach.access` does."""

import re

from forumreach import ROOT, access


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
