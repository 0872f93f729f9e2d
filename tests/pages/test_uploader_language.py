"""Streamlit's own texts in the user's language: the Import page's uploader (its texts come from
`pages/_uploader.py`'s style; tests/browser/test_streamlit_texts.py shows them painted) and the
Overview under its own name."""

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from forumreach import ROOT
from forumreach.i18n import Translator
from pages import _uploader
from tests.pages.conftest import TIMEOUT, signed_in_as

pytestmark = pytest.mark.apptest

KY = Translator("ky")
KINDS = "XLSX, XLSM, XLS, ODS, CSV"


def uploader_style(at) -> str:
    return next(m.value for m in at.markdown if ".st-key-import_file" in m.value)


def test_the_import_uploader_is_given_its_texts_and_our_20_mb_limit_in_kyrgyz(open_page):
    at = open_page("pages/import_review.py", lang="ky", role="organizer")

    style = uploader_style(at)
    assert at.get("file_uploader")[0].proto.label == KY("import.upload")
    assert ".st-key-import_file" in style
    assert KY("uploader.browse") in style and KY("uploader.drop_here") in style
    assert KY("uploader.limit", limit=20, types=KINDS) in style
    assert KY("uploader.refused", limit=20, types=KINDS) in style


def test_the_admin_vintage_uploader_speaks_kyrgyz_too(open_page):
    at = open_page("pages/admin.py", lang="ky", role="admin")

    style = next(m.value for m in at.markdown if ".st-key-admin_vintage_file" in m.value)
    assert KY("uploader.browse") in style
    assert KY("uploader.limit", limit=20, types="CSV, XLSX") in style


def test_a_quote_in_a_translation_cannot_end_the_css_string():
    tricky = Translator("en")
    css = _uploader.texts_css("k", ["csv"], lambda key, **kw: 'say "hi" \\ ' + tricky(key, **kw))

    assert 'content: "say \\"hi\\" \\\\ Choose a file"' in css


def test_overview_under_its_own_name_passes_on_to_the_overview_keeping_the_query():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "ky"
    at.session_state["user"] = signed_in_as("analyst")
    at._page_hash = calc_hash("overview")  # what `/overview` selects (st.Page hashes url_path)
    at.run()

    assert not at.exception
    assert at.subheader[0].value == KY("overview.map_title")
    assert at.query_params["lang"] == "ky"
