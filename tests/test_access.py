from forumreach import ROOT, access
from forumreach.schema import PERSONAL_COLUMNS


def test_donors_never_get_the_participants_or_import_pages():
    assert "participants" not in access.pages_for("donor")
    assert "import_review" not in access.pages_for("donor")
    assert {"overview", "map", "report"} <= set(access.pages_for("donor"))


def test_only_organizers_and_admins_see_names_and_phones():
    assert [r for r in access.ROLES if access.can_see_personal(r)] == ["organizer", "admin"]
    assert PERSONAL_COLUMNS == ["name", "phone", "email"]


def test_an_unknown_role_gets_no_more_than_a_donor():
    assert access.pages_for("visitor") == access.pages_for("donor")
    assert not access.can_see_personal("")


def test_nobody_signed_in_gets_the_read_only_donor_view():
    assert access.DEFAULT_ROLE == "donor"
    assert not access.can_see_personal(access.DEFAULT_ROLE)
    assert not access.can_import(access.DEFAULT_ROLE)


def test_only_admins_get_the_administration_page():
    assert [r for r in access.ROLES if "admin" in access.pages_for(r)] == ["admin"]


def test_every_page_a_role_can_get_has_its_file():
    for page in access.PAGES:
        assert (ROOT / "pages" / f"{page}.py").is_file(), page
