import dataclasses
import io
import re
import zlib
from datetime import date as dt_date

import pandas as pd
import pytest
from PIL import Image

from forumreach import coverage, demo, privacy, report
from forumreach.events import demo_event
from forumreach.i18n import LANGS, Translator


@pytest.fixture(scope="module")
def event():
    return demo_event()


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2)
            for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)}


def _stream(body: bytes) -> bytes:
    data = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S).group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _unescape(literal: bytes) -> bytes:
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def one(m):
        code = m.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return escapes.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal, flags=re.S)


def pdf_text(pdf: bytes) -> str:
    """Text of an fpdf2 page: glyph ids decoded through each font's ToUnicode map."""
    objects = _objects(pdf)
    fonts = {}
    resources = re.search(rb"/Font\s*<<(.*?)>>", pdf, re.S).group(1)
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", resources):
        to_unicode = int(re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)]).group(1))
        cmap = _stream(objects[to_unicode])
        fonts[name] = {int(g, 16): chr(int(u, 16))
                       for g, u in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)}
    page = next(b for b in objects.values() if b"/Type /Page\n" in b or b"/Type /Page>" in b)
    content = _stream(objects[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))])
    lines, font = [], None
    for m in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
        if m.group(1):
            font = fonts[m.group(1)]
        else:
            raw = _unescape(m.group(2))
            lines.append("".join(font.get(int.from_bytes(raw[i:i + 2], "big"), "?")
                                 for i in range(0, len(raw), 2)))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def pdf_ky(event, gaz):
    return report.reach_report_pdf(event, gaz, "ky", with_map=False)


def test_report_content_holds_the_demo_headline_figures(event, gaz):
    content = report.reach_report(event, gaz, "en")
    values = [value for _, value in content.headline]
    assert values[:3] == ["99 / 484", "40 / 40", "27 / 31"]
    assert len(content.table) == 9


def test_the_report_table_gives_bishkek_and_osh_no_rayons_rather_than_zero_of_zero(event, gaz):
    table = report.reach_report(event, gaz, "en").table.set_index("Oblast")
    assert table.loc[["Bishkek city", "Osh city"], "Rayons covered"].tolist() == ["—", "—"]
    assert table.loc["Chui oblast", "Rayons covered"] == "8 / 8"


def test_pdf_is_a_single_a4_page(pdf_ky):
    assert pdf_ky.startswith(b"%PDF-")
    assert re.findall(rb"/Count (\d+)", pdf_ky) == [b"1"]
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf_ky


def test_pdf_text_holds_the_headline_numbers_and_oblast_names(pdf_ky, gaz):
    text = pdf_text(pdf_ky)
    for figure in ("99 / 484", "40 / 40", "27 / 31", "12 / 64"):
        assert figure in text
    assert gaz.name("41702000000000", "ky") in text  # Ысык-Көл облусу


def test_pdf_has_the_chosen_language(event, gaz):
    english = pdf_text(report.reach_report_pdf(event, gaz, "en", with_map=False))
    assert gaz.name("41708000000000", "en") in english
    assert gaz.name("41708000000000", "ky") not in english
    assert Translator("en").title(event.title) in english.replace("\n", " ")


def test_kyrgyz_letters_are_embedded_in_the_pdf(event, gaz):
    kyrgyz = dataclasses.replace(event, title={"ky": "Ак-Булуң, Көл, Чүй: жыйын"})
    text = pdf_text(report.reach_report_pdf(kyrgyz, gaz, "ky", with_map=False))
    assert "Ак-Булуң, Көл, Чүй: жыйын" in text


def test_report_carries_no_participant_name_or_phone(pdf_ky):
    text = pdf_text(pdf_ky)
    people = demo.participants()
    assert not [n for n in people.name.dropna() if str(n) in text]
    assert not [p for p in people.phone.dropna() if str(p) and str(p) in text]


def test_heads_of_a_small_area_are_suppressed_for_donors(event, gaz):
    table = report.reach_report(event, gaz, "en").table
    heads = dict(zip(table.iloc[:, 0], table[Translator("en")("col.heads_present")], strict=True))
    assert heads[gaz.name("41711000000000", "en")] == privacy.SUPPRESSED  # Bishkek: 1 head
    assert heads[gaz.name("41702000000000", "en")] == "12"


def test_the_donor_pdf_explains_the_hidden_mark_beside_its_table(pdf_ky):
    # Bishkek and Osh send one head each in the demo: their cells read the mark.
    text = " ".join(pdf_text(pdf_ky).split())
    caption = Translator("ky")("privacy.hidden_mark", mark=privacy.SUPPRESSED)
    assert privacy.SUPPRESSED in text.split(caption)[0]
    assert " ".join(caption.split()) in text
    assert "<5" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_no_figure_of_the_donor_report_reads_below_five(event, gaz, lang):
    content = report.reach_report(event, gaz, lang)
    shown = [*sum(content.headline, ()), *content.table.astype(str).to_numpy().ravel(),
             *content.notes]
    assert not [text for text in shown if "<5" in text or "< 5" in text]
    assert Translator(lang)("privacy.hidden_mark", mark=privacy.SUPPRESSED) in content.notes


def test_a_report_with_no_hidden_cell_has_no_note_on_the_mark():
    t = Translator("en")
    assert report.hidden_mark_note(t, [("Heads", "12")], pd.DataFrame({"h": [0, 12]}), []) == []
    assert report.hidden_mark_note(t, pd.DataFrame({"h": [privacy.SUPPRESSED]})) == [
        t("privacy.hidden_mark", mark=privacy.SUPPRESSED)]


def test_the_donor_pdf_prints_no_total_of_heads_that_with_the_oblasts_gives_a_hidden_one_away(
        event, gaz):
    t = Translator("en")
    content = report.reach_report(event, gaz, "en")
    heads = content.table[t("col.heads_present")].tolist()
    assert privacy.SUPPRESSED in heads  # Bishkek and Osh: one head each
    text = pdf_text(report.reach_report_pdf(event, gaz, "en", with_map=False))
    flat = " ".join(text.split())
    assert t("report.headline.heads") not in flat
    total = coverage.summarise(event.participants, gaz).headline.bodies_with_head
    shown = sum(int(h) for h in heads if h != privacy.SUPPRESSED)
    assert not re.search(rf"(?<![\d/] ){total}(?! /)", flat.split(t("report.table_caption"))[0])
    assert total - shown < privacy.K  # what the total would have given away
    assert t("report.heads_total_withheld") in flat


def test_the_total_of_heads_is_printed_when_no_oblast_hides_one(gaz):
    t = Translator("en")
    tiles, notes = report.heads_tile(t, "report.headline.heads", 45, pd.Series([20, 0, 25]))
    assert tiles == [(t("report.headline.heads"), "45")] and notes == []
    tiles, notes = report.heads_tile(t, "report.headline.heads", 45, pd.Series([20, 3, 22]))
    assert tiles == [] and notes == [t("report.heads_total_withheld")]


def test_share_of_women_resting_on_few_women_is_suppressed(event, gaz):
    few = event.participants.copy()
    few["gender"] = "m"
    few.loc[few.index[:2], "gender"] = "f"
    small = dataclasses.replace(event, participants=few)
    assert report.reach_report(small, gaz, "en").headline[-1][1] == privacy.SUPPRESSED


def test_a_list_without_gender_reports_the_share_of_women_as_unknown(event, gaz):
    no_gender = dataclasses.replace(event, participants=event.participants.assign(gender=""))
    content = report.reach_report(no_gender, gaz, "en")
    assert content.headline[-1][1] == Translator("en").percent(None) != "0.0%"


def test_a_list_with_gender_for_some_says_what_the_share_rests_on(event, gaz):
    some = event.participants.copy()
    some.loc[some.index[::2], "gender"] = ""
    partly = dataclasses.replace(event, participants=some)
    t = Translator("en")
    assert t("report.women_share_partly_known") in report.reach_report(partly, gaz, "en").notes
    assert t("report.women_share_partly_known") not in report.reach_report(event, gaz, "en").notes


def test_unresolved_rows_are_named_in_the_report_and_small_counts_suppressed(event, gaz):
    rows = event.participants.copy()
    rows.loc[rows.index[:2], ["match_status", "unit_soate"]] = ["review", ""]
    notes = report.reach_report(dataclasses.replace(event, participants=rows), gaz, "en").notes
    assert Translator("en")("report.rows_unresolved", n=privacy.SUPPRESSED) in notes
    rows.loc[rows.index[:7], ["match_status", "unit_soate"]] = ["unmatched", ""]
    notes = report.reach_report(dataclasses.replace(event, participants=rows), gaz, "en").notes
    assert Translator("en")("report.rows_unresolved", n="7") in notes


def test_synthetic_demo_is_labelled_as_such(event, gaz):
    real = dataclasses.replace(event, synthetic=False)
    assert len(report.reach_report(event, gaz, "ru").notes) == \
        len(report.reach_report(real, gaz, "ru").notes) + 1


def test_png_decodes_as_an_a4_page_at_150_dpi(event, gaz):
    png = report.reach_report_png(event, gaz, "ru", with_map=False)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1240, 1754)


def test_missing_font_is_a_clear_error(event, gaz, monkeypatch):
    monkeypatch.setattr(report, "FONT", report.FONT_DIR / "NoSuchFont.ttf")
    with pytest.raises(report.ReportError, match="fonts-dejavu-core"):
        report.reach_report_pdf(event, gaz, "en", with_map=False)


@pytest.mark.parametrize("lang", LANGS)
def test_every_report_text_is_in_each_catalog(lang):
    missing = [m for m in report.MESSAGE_IDS if not Translator(lang).has(m)]
    assert not missing


def test_headline_figures_come_from_coverage(event, gaz):
    figures = coverage.headline(event.participants, gaz)
    content = report.reach_report(event, gaz, "ru")
    t = Translator("ru")
    assert content.headline[0][1] == t.ratio(figures.lsg_bodies_present, figures.lsg_bodies_total)
    assert content.headline[-1][1] == t.percent(figures.women_share)


def text_boxes(pdf: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every run of text pdfium finds on the page, with its box (left, bottom, right, top)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        text = document[0].get_textpage()
        boxes = [text.get_rect(i) for i in range(text.count_rects())]
        return [(text.get_text_bounded(*box).strip(), box) for box in boxes]
    finally:
        document.close()


def overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


@pytest.fixture(scope="module", params=LANGS)
def pdf_with_map(request, event, gaz):
    return request.param, report.reach_report_pdf(event, gaz, request.param)


def test_no_two_pieces_of_text_overlap_on_the_page(pdf_with_map):
    lang, pdf = pdf_with_map
    boxes = text_boxes(pdf)
    assert len(boxes) > 60
    clashes = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if overlap(a[1], b[1]) > 0.5]
    assert not clashes, (lang, clashes[:5])


def test_all_text_stays_inside_the_margins(pdf_with_map):
    lang, pdf = pdf_with_map
    right = (report.PAGE_W - report.MARGIN) / 25.4 * 72 + 1
    left = report.MARGIN / 25.4 * 72 - 2
    outside = [t for t, box in text_boxes(pdf) if box[0] < left or box[2] > right]
    assert not outside, (lang, outside)


@pytest.mark.parametrize("lang", LANGS)
def test_every_heading_word_and_value_fits_its_column_whole(event, gaz, lang):
    table = report.reach_report(event, gaz, lang).table
    head_pt, widths = report.column_widths(table, report.PAGE_W - 2 * report.MARGIN)
    assert sum(widths) <= report.PAGE_W - 2 * report.MARGIN + 0.01
    inner = [w - 2 * report.CELL_PAD_MM for w in widths]
    for column, width in zip(table.columns, inner, strict=True):
        for word in str(column).split():
            assert report._width_mm(word, head_pt, bold=True) <= width, (lang, word)
        for value in table[column]:
            assert report._width_mm(str(value), report.TABLE_PT) <= width, (lang, value)


def test_the_two_headings_that_once_overlapped_are_each_whole_in_russian(event, gaz):
    words = {t for t, _ in text_boxes(report.reach_report_pdf(event, gaz, "ru", with_map=False))}
    assert {"Охвачено", "районов", "присутствовавших", "органов"} <= words


@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_date_ends_with_one_full_stop(event, gaz, lang):
    pdf = report.reach_report_pdf(event, gaz, lang, with_map=False, on=dt_date(2026, 11, 30))
    text = pdf_text(pdf)
    assert Translator(lang).date("2026-11-30") in text
    assert ".." not in text
    if lang == "ru":
        assert "30 ноября 2026\u202fг. Классификатор" in text


def test_the_map_is_drawn_as_vectors_with_its_legend_in_the_page_font(event, gaz):
    text = pdf_text(report.reach_report_pdf(event, gaz, "ky")).replace("\n", " ")
    assert Translator("ky")("legend.classes") in text
    assert b"/Subtype /Image" not in report.reach_report_pdf(event, gaz, "ky")


def test_the_png_is_the_pdf_page_rasterised(event, gaz):
    png = Image.open(io.BytesIO(report.reach_report_png(event, gaz, "en"))).convert("RGB")
    pdf = report.reach_report_pdf(event, gaz, "en")
    same = Image.open(io.BytesIO(report.pdf_to_png(pdf))).convert("RGB")
    assert png.size == same.size == (1240, 1754)
    assert png.tobytes() == same.tobytes()


def test_the_reports_heads_headline_never_prints_one_to_four_heads(gaz):
    import pandas as pd

    from forumreach import events, report

    demo = events.demo_event()
    one_head = demo.participants.copy()
    heads = one_head.index[one_head.is_head.astype(bool)]
    one_head.loc[heads[1:], ["is_head", "role"]] = [False, "staff"]
    small = events.Event(slug="small", title={"en": "Small"}, held_on="2018-07-03",
                         vintage="2018", participants=one_head)
    content = report.reach_report(small, gaz, "en")
    t = report.Translator("en")
    # the one oblast with the head shows the hidden mark, so the total of 1 is left out, not printed
    assert t("report.headline.heads") not in dict(content.headline)
    assert t("report.heads_total_withheld") in content.notes
    assert isinstance(content.table, pd.DataFrame)


@pytest.mark.parametrize("lang", LANGS)
def test_an_event_of_2025_matched_on_the_2018_units_says_so_in_the_reports_notes(event, gaz,
                                                                                  lang):
    from forumreach import vintages

    late = dataclasses.replace(event, held_on="2025-05-20")
    said = vintages.out_of_force_text(
        vintages.OutOfForce("2025-05-20", "2018", "2018-01-01", "2024-12-31"), Translator(lang))
    assert "2018" in said
    assert said in report.reach_report(late, gaz, lang).notes
    assert said not in report.reach_report(event, gaz, lang).notes
    assert not [n for n in report.reach_report(event, gaz, lang).notes if "2024" in n]


def test_the_pdf_of_a_2025_event_on_the_2018_units_prints_the_out_of_force_note(event, gaz):
    late = dataclasses.replace(event, held_on="2025-05-20", synthetic=False)
    text = " ".join(pdf_text(report.reach_report_pdf(late, gaz, "en", with_map=False)).split())
    assert "December 31, 2024" in text and "May 20, 2025" in text
    on_time = report.reach_report_pdf(dataclasses.replace(late, held_on="2018-07-03"), gaz, "en",
                                      with_map=False)
    assert "December 31, 2024" not in " ".join(pdf_text(on_time).split())
