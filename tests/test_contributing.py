"""CONTRIBUTING.md's walk from a sheet row to the Overview names real code: a renamed or removed
function fails here instead of sending the next reader looking for it."""

import importlib
import re

import pytest

from forumreach import ROOT

WALK_TITLE = "## From a sheet row to a number on the Overview"


def walk() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = text.index(WALK_TITLE)
    end = text.find("\n## ", start + len(WALK_TITLE))
    return text[start:end if end != -1 else None]


def dotted_names() -> list[str]:
    return sorted(set(re.findall(r"`((?:forumreach|pages)(?:\.\w+)+)`", walk())))


def resolve(dotted: str) -> object:
    """The object a dotted name stands for: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


def test_the_walk_names_the_steps_from_reading_to_the_overview():
    names = dotted_names()
    assert len(names) >= 20
    for step in ("forumreach.ingest.read_sheet", "forumreach.matching.Matcher.match",
                 "forumreach.store.Store.save_event", "forumreach.coverage.summarise"):
        assert step in names


@pytest.mark.parametrize("dotted", dotted_names())
def test_every_name_in_the_walk_exists(dotted):
    assert resolve(dotted) is not None


def test_every_file_in_the_walk_exists():
    files = re.findall(r"`((?:forumreach|pages)/[\w/]+\.py)`", walk())
    assert files
    for path in files:
        assert (ROOT / path).is_file(), path
