"""AppTest set-up: every page test runs the real entry point on a throw-away database."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from forumreach import ROOT, auth, coverage, events, gazetteer

TIMEOUT = 60


def _use_database(url: str) -> None:
    """Point the app at `url` and drop the cached Store, so the next run opens that database."""
    from pages import _common

    os.environ["FORUMREACH_DB_URL"] = url
    _common._store.clear()


@pytest.fixture(scope="session", autouse=True)
def no_component_scan():
    """AppTest scans every installed package for custom components (~0.5 s per test); the app
    uses none, so the scan is skipped to keep the page suite quick."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    original = BidiComponentManager.discover_and_register_components
    BidiComponentManager.discover_and_register_components = lambda self, **kwargs: None
    yield
    BidiComponentManager.discover_and_register_components = original


@pytest.fixture(scope="session", autouse=True)
def every_run_goes_through_the_entry_point():
    """Run dashboard.py on every AppTest run, as a live server does.

    AppTest resets Streamlit's multipage mode before each run, and a folder named `pages/` then
    selects the old mode, in which a rerun executes the page file alone (no sidebar, no role's
    page list). A live server leaves that mode at the first `st.navigation` call (and
    `_common.ensure_entry` sees to a deep link arriving first), so tests run the entry script
    the way the new mode does.
    """
    import types

    from streamlit.runtime.scriptrunner import script_runner

    def run_entry_script(main_script_path: str) -> None:
        module = types.ModuleType("__main__")
        module.__file__ = main_script_path
        source = Path(main_script_path).read_text(encoding="utf-8")
        exec(compile(source, main_script_path, "exec"), module.__dict__)  # noqa: S102

    original = script_runner._mpa_v1
    script_runner._mpa_v1 = run_entry_script
    yield
    script_runner._mpa_v1 = original


@pytest.fixture(scope="session", autouse=True)
def shared_empty_database(tmp_path_factory):
    """Page tests never touch var/forumreach.sqlite; this one stays empty (only the demo)."""
    before = os.environ.get("FORUMREACH_DB_URL")
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pages.sqlite'}"
    _use_database(url)
    yield url
    if before is None:
        os.environ.pop("FORUMREACH_DB_URL", None)
    else:
        os.environ["FORUMREACH_DB_URL"] = before


@pytest.fixture
def own_database(tmp_path, shared_empty_database):
    """A database of the test's own, for tests that save events; the shared one comes back."""
    from forumreach.store import Store

    url = f"sqlite:///{tmp_path / 'own.sqlite'}"
    _use_database(url)
    yield Store(url)
    _use_database(shared_empty_database)


def signed_in_as(role: str) -> auth.User:
    """A session as a signed-in user: what `auth.verify` puts into the session state."""
    return auth.User(name=f"test-{role}", role=role, source="local")


@pytest.fixture
def open_page():
    """`open_page("pages/map.py", lang="en", role="analyst")`: the app run on that page."""

    def run(page: str = "pages/overview.py", *, lang: str = "en", role: str = "analyst"):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
        at.query_params["lang"] = lang
        at.session_state["user"] = signed_in_as(role)
        at.run()
        assert not at.exception, at.exception
        if page != "pages/overview.py":
            at.switch_page(page).run()
            assert not at.exception, at.exception
        return at

    return run


@pytest.fixture(scope="session")
def demo_coverage():
    demo = events.demo_event()
    return coverage.summarise(demo.participants, gazetteer.load(demo.vintage))


@pytest.fixture
def plotly_figures():
    """`plotly_figures(at)`: the figures the page sent to the browser, as plotly JSON."""
    return lambda at: [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


@pytest.fixture
def area_maps():
    """`area_maps(at)`: the Map page's interactive maps (pages/_area_map.py), each as the SVG
    element tree the browser gets."""

    def svgs(at) -> list[ElementTree.Element]:
        sent = [json.loads(el.proto.json) for el in at.get("bidi_component")
                if el.proto.component_name == "forumreach.area_map"]
        return [ElementTree.fromstring(data["svg"]) for data in sent]

    return svgs


@pytest.fixture
def metric_layouts():
    """`metric_layouts(at)`: for each metric tile, the block holding it ("wrapping row" for
    pages._common.metric_row, else the block's type, e.g. "column")."""
    from streamlit.proto.Block_pb2 import Block as BlockProto
    from streamlit.testing.v1.element_tree import Block

    horizontal = BlockProto.FlexContainer.Direction.HORIZONTAL

    def layouts(at) -> list[str]:
        found, blocks = [], [at.main]
        while blocks:
            block = blocks.pop(0)
            for child in block.children.values():
                if isinstance(child, Block):
                    blocks.append(child)
                elif child.type == "metric":
                    box = block.proto.flex_container
                    wrapping = (block.type == "flex_container" and box.wrap
                                and box.direction == horizontal)
                    found.append("wrapping row" if wrapping else block.type)
        return found

    return layouts


@pytest.fixture
def frame_with():
    """`frame_with(at, "Heading")`: the first table on the page that has that column."""
    return lambda at, heading: next(df.value for df in at.dataframe if heading in df.value)


def values(array) -> list:
    """A plotly JSON array as a list, whether plain or typed (`{"dtype", "bdata"}`)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


@pytest.fixture
def plotly_values():
    return values
