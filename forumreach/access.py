"""Who may see what: the roles and the pages each role gets.

The page list itself depends on the role (`pages_for`), so a donor has no Participants or Import
page that could show personal data, rather than a page that hides it. The role comes from the
signed-in user (`forumreach.auth`); with no sign-in configured the demo runs as a donor.
"""

from __future__ import annotations

ROLES = ("analyst", "organizer", "donor", "admin")
DEFAULT_ROLE = "donor"  # nobody signed in: aggregates only

# Page ids in menu order; each is `pages/<id>.py` and its title is the message `page.<id>`.
PAGES = ("overview", "map", "gaps", "participants", "import_review", "compare", "reach",
         "report")
ADMIN_PAGES = ("admin",)
# Pages that show or take in rows about individual people.
PERSONAL_PAGES = frozenset({"participants", "import_review"})

# Organizers phone the bodies that sent no head; admins fix data. Analysts review coverage and
# matching without needing to know who a participant is; donors see aggregates only.
_SEES_PERSONAL = frozenset({"organizer", "admin"})
_PAGES = {
    "analyst": PAGES,
    "organizer": PAGES,
    "admin": PAGES + ADMIN_PAGES,
    "donor": tuple(p for p in PAGES if p not in PERSONAL_PAGES),
}


def normalise_role(role: object) -> str:
    """An unknown role gets the least access there is, not the default."""
    text = str(role or "").strip().lower()
    return text if text in ROLES else "donor"


def can_see_personal(role: str) -> bool:
    """Names, phones and e-mails of participants (schema.PERSONAL_COLUMNS)."""
    return normalise_role(role) in _SEES_PERSONAL


def pages_for(role: str) -> tuple[str, ...]:
    return _PAGES[normalise_role(role)]


def can_import(role: str) -> bool:
    return "import_review" in pages_for(role)
