import csv
import io

import pytest

from forumreach import privacy, report
from forumreach.i18n import Translator

pytestmark = pytest.mark.apptest


@pytest.fixture(autouse=True)
def fresh_report_cache():
    """Reports are cached per event and language; a fake one must not outlive its test."""
    from pages import _common

    _common._reach_report.clear()
    yield
    _common._reach_report.clear()


def test_the_report_page_previews_the_headline_map_and_oblast_table(open_page):
    at = open_page("pages/report.py")
    assert at.metric[0].value == "99 / 484"
    assert len(at.table[0].value) == 9
    (preview,) = [m.value for m in at.markdown if 'data-testid="fr-report-map"' in m.value]
    assert preview.count("<path data-soate=") == 9  # the PDF's map: oblasts by share present


def test_the_oblast_table_keeps_its_share_column_and_no_rayons_for_bishkek_and_osh(open_page):
    at = open_page("pages/report.py", lang="ru")
    assert not at.dataframe  # a grid sized its columns to their headings and hid the last one
    table = at.table[0].value.set_index("Область")
    assert list(table)[-1] == "Доля присутствовавших органов"
    assert table.loc["г. Бишкек", "Охвачено районов"] == "—"  # not "0 / 0"
    assert table.loc["Чуйская область", "Охвачено районов"] == "8 / 8"


def test_the_headline_tiles_wrap_rather_than_cut_a_label(open_page, metric_layouts):
    assert metric_layouts(open_page("pages/report.py", lang="ky")) == ["wrapping row"] * 4


def test_donors_get_the_report(open_page):
    at = open_page("pages/report.py", role="donor", lang="ky")
    assert at.title[0].value == "Отчет"


def test_making_the_pdf_offers_it_for_download_in_the_chosen_language(open_page, monkeypatch):
    made = {}

    def fake_pdf(event, gaz, lang, **kwargs):
        made["lang"], made["event"] = lang, event.slug
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(report, "reach_report_pdf", fake_pdf)
    at = open_page("pages/report.py", lang="ru")
    assert not [b for b in at.get("download_button") if "PDF" in b.proto.label]
    at.button(key="report_make_pdf").click().run()
    assert not at.exception
    assert made == {"lang": "ru", "event": "lsg-forum-2018"}
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Скачать PDF" in labels


def test_a_report_that_cannot_be_drawn_says_why_instead_of_crashing(open_page, monkeypatch):
    def broken(*args, **kwargs):
        raise report.ReportError("no Chromium here")

    monkeypatch.setattr(report, "reach_report_png", broken)
    at = open_page("pages/report.py")
    at.button(key="report_make_png").click().run()
    assert not at.exception
    assert "no Chromium here" in at.warning[0].value


def test_the_hxl_csv_carries_admin_codes_and_hashtags():
    from pages import _common

    ref = _common._demo_ref()
    rows = list(csv.reader(io.StringIO(_common.hxl_csv(ref, "adm2").decode("utf-8-sig"))))
    header, tags = rows[0], rows[1]
    assert tags[header.index("soate")] == "#adm2+code"
    assert tags[header.index("oblast_soate")] == "#adm1+code"
    assert len(rows) == 2 + 55


def test_a_donors_report_table_shows_one_to_four_heads_as_the_hidden_mark_and_explains_it(
        open_page):
    at = open_page("pages/report.py", role="donor")
    heads = at.table[0].value["Heads present"].astype(str).tolist()
    assert privacy.SUPPRESSED in heads  # Bishkek and Osh: one head each in the demo
    assert not [h for h in heads if h.isdigit() and 0 < int(h) < 5]
    assert (Translator("en")("privacy.hidden_mark", mark=privacy.SUPPRESSED)
            in [c.value for c in at.caption])


def test_a_donors_hxl_csv_is_never_an_analysts_file_from_the_cache(monkeypatch):
    from pages import _common

    def heads(data: bytes) -> list[str]:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        return [row[rows[0].index("heads_present")] for row in rows[2:]]

    ref = _common._demo_ref()
    monkeypatch.setattr(_common, "donor_view", lambda: False)
    analysts = heads(_common.hxl_csv(ref, "adm1"))  # cached first, as when an analyst downloads
    monkeypatch.setattr(_common, "donor_view", lambda: True)
    donors = heads(_common.hxl_csv(ref, "adm1"))
    assert any(h.isdigit() and 0 < int(h) < 5 for h in analysts)
    assert not any(h.isdigit() and 0 < int(h) < 5 for h in donors)


def test_the_admins_preview_shows_what_the_donors_pdf_prints(open_page):
    from pages import _common
    from tests.test_report import pdf_text

    at = open_page("pages/report.py", role="admin")
    ref = _common._demo_ref()
    event, gaz = _common.event(ref), _common.gaz(ref.vintage)
    content = report.reach_report(event, gaz, "en")
    printed = " ".join(pdf_text(report.reach_report_pdf(event, gaz, "en", with_map=False)).split())
    assert [(m.label, m.value) for m in at.metric] == content.headline
    preview = at.table[0].value
    assert list(preview.columns) == list(content.table.columns)
    assert preview.astype(str).values.tolist() == content.table.astype(str).values.tolist()
    for value in [v for _, v in content.headline] + preview.iloc[:, 0].tolist():
        assert value in printed
    bishkek = preview.set_index(preview.columns[0]).loc["Bishkek city", "Heads present"]
    assert bishkek == privacy.SUPPRESSED  # one head: the admin sees it as the donor's PDF prints it
