"""The one-page reach report for donors, as PDF and PNG, in Kyrgyz, Russian or English.

Donors see aggregates only, so the report is built from `coverage` tables and never from the
participant rows. The page is laid out once, by fpdf2 (`_draw_pdf`: wrapped paragraphs, tiles
sized to their longest label, fpdf2's own table whose cells wrap inside their column), and the
PNG is that PDF rasterised by pdfium (`_draw_png`), so the two files always show the same page.

The map is the Overview's SVG map (`svgmap`, colours from `colours.map_colours`) drawn as
vectors by fpdf2, with its legend set in the PDF's font: no browser is started (a plotly map
drawn by kaleido in Chromium took the Kyrgyz PDF to 8 s), and nothing can ask the internet.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from forumreach import coverage, geo, privacy, svgmap, vintages
from forumreach.colours import MapColours, map_colours
from forumreach.events import Event
from forumreach.gazetteer import Gazetteer
from forumreach.i18n import Translator

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 15.0  # A4 in mm
PNG_DPI = 150
SVG_MAP_W_MM = 170.0
FONT_FAMILY = "DejaVu"
TILE_VALUE_PT, TILE_LABEL_PT, LEGEND_PT = 15, 7.5, 7.5
TABLE_PT, TABLE_HEAD_PT, FIRST_COLUMN_MM, CELL_PAD_MM = 8.5, 7.5, 40.0, 1.0

INK, GREY, FILL, HEAD_FILL = (33, 37, 41), (108, 117, 125), (241, 245, 249), (226, 232, 240)
# Message ids this module needs in every catalog (forumreach/locales/<lang>.json).
MESSAGE_IDS = (
    "report.title", "report.map_caption", "report.table_caption",
    "report.headline.bodies", "report.headline.rayons", "report.headline.cities",
    "report.headline.heads", "report.headline.women", "report.synthetic",
    "report.aggregates_only", "report.generated", "report.rows_unresolved",
    "report.women_share_partly_known", "report.heads_total_withheld", "privacy.hidden_mark",
    "overview.out_of_force_after", "overview.out_of_force_before",
    "col.oblast", "col.bodies_present", "col.heads_present", "col.aiyl_aimaks_present",
    "col.rayons_covered", "col.share_present",
)


class ReportError(RuntimeError):
    """The report cannot be drawn on this machine (font or browser missing)."""


@dataclass(frozen=True)
class ReachReport:
    """Everything the page shows, already in words and numbers of one language."""

    lang: str
    title: str
    event_title: str
    held_on: str
    headline: list[tuple[str, str]]
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    map_caption: str = ""
    table_caption: str = ""



def oblast_columns(oblasts: pd.DataFrame, gaz: Gazetteer, t: Translator, bodies: str,
                   heads: str) -> tuple[pd.DataFrame, dict[str, list]]:
    """The columns a donor document's table by oblast begins with (the oblast, its bodies
    present of all, heads present under the message ids `bodies` and `heads`), and the oblast
    table they were read from. Heads are people: 1-4 of them show only as the hidden mark
    (forumreach.privacy.SUPPRESSED), in the event's report and the programme's alike."""
    oblasts = privacy.suppress_small_counts(oblasts, ["heads_present"], marker=privacy.SUPPRESSED)
    return oblasts, {
        t("col.oblast"): [gaz.name(s, t.lang) for s in oblasts.soate],
        t(bodies): [t.ratio(p, n) for p, n in
                    zip(oblasts.bodies_present, oblasts.bodies_total, strict=True)],
        t(heads): [t.number(n) for n in oblasts.heads_present],
    }


def heads_tile(t: Translator, label: str, total: int,
               by_oblast: pd.Series) -> tuple[list[tuple[str, str]], list[str]]:
    """The headline tile of bodies whose head came (message id `label`) and any note on it. The
    table by oblast prints the parts, 1-4 of them as the hidden mark; beside a hidden part the
    total would give it away (total minus the other oblasts), so the tile is left out and a note
    says why (`privacy.shown_total`), in the event's report and the programme's alike."""
    shown = privacy.shown_total(total, by_oblast)
    if shown is None:
        return [], [t("report.heads_total_withheld")]
    return [(t(label), privacy.count_text(shown, t.number))], []


def hidden_mark_note(t: Translator, *shown: object) -> list[str]:
    """The note saying what the hidden mark stands for, when the page's tiles, table or notes
    (`shown`) hold it (`privacy.shows_hidden`), in the event's report and the programme's."""
    if not privacy.shows_hidden(*shown):
        return []
    return [t("privacy.hidden_mark", mark=privacy.SUPPRESSED)]


def reach_report(event: Event, gaz: Gazetteer, lang: str, *, on: date | None = None,
                 summary: coverage.Coverage | None = None,
                 known: pd.DataFrame | None = None) -> ReachReport:
    """The report's content from aggregates only: headline figures and the table by oblast.
    `summary` is the event's coverage when the caller has it already; `known` the vintages
    (`vintages.available`, built-in alone if not given), for the note that the event was
    matched on units not in force on its day, as Overview and Map say it."""
    t = Translator(lang)
    summary = summary or coverage.summarise(event.participants, gaz)
    figures = summary.headline
    heads, heads_notes = heads_tile(t, "report.headline.heads", figures.bodies_with_head,
                                    summary.oblasts.heads_present)
    headline = [
        (t("report.headline.bodies"), t.ratio(figures.lsg_bodies_present,
                                              figures.lsg_bodies_total)),
        (t("report.headline.rayons"), t.ratio(figures.rayons_covered, figures.rayons_total)),
        (t("report.headline.cities"), t.ratio(figures.cities_present, figures.cities_total)),
        *heads,
        (t("report.headline.women"), _women_share(figures, t)),
    ]
    oblasts, first = oblast_columns(summary.oblasts, gaz, t, "col.bodies_present",
                                    "col.heads_present")
    table = pd.DataFrame({
        **first,
        t("col.aiyl_aimaks_present"): coverage.ratios(
            oblasts.aiyl_aimaks_present, oblasts.aiyl_aimaks_total, t),
        t("col.rayons_covered"): coverage.ratios(oblasts.rayons_covered, oblasts.rayons_total, t),
        t("col.share_present"): [t.percent(s) for s in oblasts.share_present],
    })
    notes = [*heads_notes, t("report.aggregates_only")]
    if figures.rows_unresolved:  # rows are people: 1-4 of them show as the hidden mark
        notes.insert(0, t("report.rows_unresolved",
                          n=privacy.count_text(figures.rows_unresolved, t.number)))
    if coverage.gender_basis(figures) == "partly":
        notes.append(t("report.women_share_partly_known"))
    lapsed = vintages.out_of_force(event.held_on, event.vintage,
                                   vintages.available() if known is None else known)
    if lapsed is not None:
        notes.insert(0, vintages.out_of_force_text(lapsed, t))
    if event.synthetic:
        notes.insert(0, t("report.synthetic"))
    notes += hidden_mark_note(t, headline, table, notes)
    label = gaz.meta.get("label", {})
    notes.append(t("report.generated", date=t.date((on or date.today()).isoformat()),
                   vintage=t.title(label) if isinstance(label, dict) else gaz.vintage))
    return ReachReport(
        lang=t.lang, title=t("report.title"), event_title=t.title(event.title),
        held_on=t.date(event.held_on), headline=headline, table=table, notes=notes,
        map_caption=t("report.map_caption"), table_caption=t("report.table_caption"),
    )


def _women_share(figures: coverage.Headline, t: Translator) -> str:
    """The share of women, unless it rests on 1-4 women (a small cell that names people);
    "—" when no participant's gender is known."""
    if figures.women_share is None:
        return t.percent(None)
    women = round(figures.women_share * figures.gender_known)
    cell = privacy.suppress_small_counts(
        pd.DataFrame({"women": [women], "share": [figures.women_share]}), ["women"],
        shares={"share": ["women"]}, marker=privacy.SUPPRESSED)
    share = cell.share.iat[0]
    return share if isinstance(share, str) else t.percent(float(share))


# --- the page, laid out once by fpdf2; the PNG is that PDF rasterised -------------------------

@dataclass(frozen=True)
class Page:
    """A report ready to draw: its content, the map (SVG text) and the legend
    `colours.map_colours` made for it. One page, two formats: `_draw_pdf` lays it out,
    `_draw_png` rasterises that PDF, so the two can never disagree or overlap differently."""

    report: ReachReport
    map_svg: str | None = None
    legend: MapColours | None = None


def _line_h(size: float) -> float:
    """Line height in mm of text at `size` pt."""
    return size * 0.3528 * 1.35


def _width_mm(text: str, size: float, bold: bool = False, pdf=None) -> float:
    """Printed width of `text` at `size` pt in the report's font, measured by fpdf2 itself
    (in `pdf` when given, else in a measuring document made once)."""
    pdf = pdf or _measuring_pdf()
    style, font_size = pdf.font_style, pdf.font_size_pt
    pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
    width = pdf.get_string_width(text)
    if pdf.font_family:
        pdf.set_font(pdf.font_family, style, font_size)
    return width


@lru_cache(maxsize=1)
def _measuring_pdf():
    return _new_pdf()


def _check_fonts() -> None:
    missing = [str(p) for p in (FONT, FONT_BOLD) if not p.exists()]
    if missing:
        raise ReportError(
            f"font missing: {', '.join(missing)}; install Debian's fonts-dejavu-core "
            "(scripts/setup.sh does) for Kyrgyz letters ө ү ң"
        )


def _new_pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)  # one page, always
    pdf.set_margins(MARGIN, MARGIN)
    pdf.add_font(FONT_FAMILY, "", str(FONT))
    pdf.add_font(FONT_FAMILY, "B", str(FONT_BOLD))
    pdf.set_creator("forumreach")
    return pdf


def _text(pdf, text: str, size: float, *, bold: bool = False, colour=INK, align: str = "L",
          width: float | None = None, x: float | None = None) -> None:
    """A wrapped paragraph at the cursor (or at `x`), leaving the cursor below it."""
    pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    if x is not None:
        pdf.set_x(x)
    pdf.multi_cell(width or pdf.epw, _line_h(size), _one_stop(text), align=align,
                   new_x="LMARGIN", new_y="NEXT")


def _one_stop(text: str) -> str:
    """A date that ends in "г." followed by the sentence's own full stop reads "г..": one stop."""
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)


def _tiles(pdf, headline: list[tuple[str, str]]) -> None:
    """The headline figures as boxes in one row, each as tall as the longest label needs."""
    gap, n = 3.0, len(headline)
    width = (pdf.epw - gap * (n - 1)) / n
    pdf.set_font(FONT_FAMILY, "", TILE_LABEL_PT)
    lines = max(len(pdf.multi_cell(width - 3, _line_h(TILE_LABEL_PT), label, dry_run=True,
                                   output="LINES")) for label, _ in headline)
    height = 3 + _line_h(TILE_VALUE_PT) + 1.5 + lines * _line_h(TILE_LABEL_PT) + 2.5
    top = pdf.get_y()
    for i, (label, value) in enumerate(headline):
        x = MARGIN + i * (width + gap)
        pdf.set_fill_color(*FILL)
        pdf.rect(x, top, width, height, style="F")
        pdf.set_xy(x + 1.5, top + 3)
        _text(pdf, value, TILE_VALUE_PT, bold=True, align="C", width=width - 3, x=x + 1.5)
        pdf.set_xy(x + 1.5, top + 3 + _line_h(TILE_VALUE_PT) + 1.5)
        _text(pdf, label, TILE_LABEL_PT, colour=GREY, align="C", width=width - 3, x=x + 1.5)
    pdf.set_xy(MARGIN, top + height + 5)


def _map(pdf, page: Page) -> None:
    """The map, full width, with its legend below in the page's own font."""
    top = pdf.get_y()
    width = SVG_MAP_W_MM
    height = width * svgmap.HEIGHT / svgmap.WIDTH
    pdf.image(io.BytesIO(page.map_svg.encode("utf-8")), x=MARGIN, y=top, w=width)
    pdf.set_xy(MARGIN, top + height + 1)
    if page.legend is not None:
        _legend(pdf, page.legend)
    _text(pdf, page.report.map_caption, 8, colour=GREY)
    pdf.ln(4)


def _legend(pdf, scale: MapColours) -> None:
    """One swatch per class with its range, wrapping onto a new line when the row is full."""
    _text(pdf, f"{scale.title}. {scale.note}.", LEGEND_PT, colour=GREY)
    pdf.set_font(FONT_FAMILY, "", LEGEND_PT)
    pdf.set_text_color(*INK)
    swatch, line = 3.5, _line_h(LEGEND_PT)
    x, y = MARGIN, pdf.get_y() + 0.5
    for entry in scale.legend:
        need = swatch + 1.2 + pdf.get_string_width(entry.label) + 5
        if x + need > MARGIN + pdf.epw:
            x, y = MARGIN, y + line + 1
        pdf.set_fill_color(*_rgb(entry.colour))
        pdf.set_draw_color(153, 153, 153)
        pdf.rect(x, y + (line - swatch) / 2, swatch, swatch, style="DF")
        pdf.set_xy(x + swatch + 1.2, y)
        pdf.cell(pdf.get_string_width(entry.label), line, entry.label)
        x += need
    pdf.set_xy(MARGIN, y + line + 1)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


def _table(pdf, table: pd.DataFrame) -> None:
    """fpdf2's own table: every cell wraps inside its column, so no heading runs into the next."""
    from fpdf.enums import TableBordersLayout, TableCellFillMode
    from fpdf.fonts import FontFace

    columns = [str(c) for c in table.columns]
    head_pt, widths = column_widths(table, pdf.epw, pdf)
    pdf.set_font(FONT_FAMILY, "", TABLE_PT)
    pdf.set_text_color(*INK)
    pdf.set_fill_color(255, 255, 255)  # the rows between the shaded ones
    with pdf.table(
        width=pdf.epw, col_widths=widths,
        text_align=("LEFT", *["RIGHT"] * (len(columns) - 1)), line_height=_line_h(TABLE_PT),
        headings_style=FontFace(emphasis="BOLD", size_pt=head_pt, fill_color=HEAD_FILL),
        cell_fill_color=FILL, cell_fill_mode=TableCellFillMode.ROWS,
        borders_layout=TableBordersLayout.NONE, padding=(1.2, CELL_PAD_MM), v_align="MIDDLE",
    ) as grid:
        heading = grid.row()
        for column in columns:
            heading.cell(column)
        for values in table.itertuples(index=False):
            row = grid.row()
            for value in values:
                row.cell(str(value))


def column_widths(table: pd.DataFrame, width: float,
                  pdf=None) -> tuple[float, tuple[float, ...]]:
    """Heading size (pt) and column widths (mm) such that every value and every word of every
    heading fits its column whole: a word is never split and no text runs into the next column.
    Space left over is shared in proportion; the heading shrinks if even that cannot fit."""
    pad = 2 * CELL_PAD_MM + 0.5
    values = [max([_width_mm(str(v), TABLE_PT, pdf=pdf) for v in table[c]] or [0])
              for c in table.columns]
    for head_pt in (TABLE_HEAD_PT, TABLE_HEAD_PT - 0.5, TABLE_HEAD_PT - 1, TABLE_HEAD_PT - 1.5):
        words = [max(_width_mm(w, head_pt, bold=True, pdf=pdf) for w in str(c).split() or [""])
                 for c in table.columns]
        need = [max(v, w) + pad for v, w in zip(values, words, strict=True)]
        need[0] = max(need[0], FIRST_COLUMN_MM)
        if sum(need) <= width:
            break
    spare = max(width - sum(need), 0) / len(need)
    return head_pt, tuple(n + spare for n in need)


def _draw_pdf(page: Page, title: str) -> bytes:
    """The one layout of the report page, top to bottom, in fpdf2."""
    report = page.report
    pdf = _new_pdf()
    pdf.set_title(title)
    pdf.add_page()
    _text(pdf, report.title, 18, bold=True)
    pdf.ln(1)
    _text(pdf, report.event_title, 11.5)
    _text(pdf, report.held_on, 9.5, colour=GREY)
    pdf.ln(4)
    _tiles(pdf, report.headline)
    if page.map_svg:
        _map(pdf, page)
    _text(pdf, report.table_caption, 11, bold=True)
    pdf.ln(1.5)
    _table(pdf, report.table)
    pdf.ln(5)
    for note in report.notes:
        _text(pdf, note, 7.5, colour=GREY)
    return bytes(pdf.output())


def pdf_to_png(pdf: bytes, dpi: int = PNG_DPI) -> bytes:
    """The first page of a PDF as a PNG (pdfium, in-process: no browser, no fonts to find)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        size = (round(page.get_width() / 72 * dpi), round(page.get_height() / 72 * dpi))
        # pdfium rounds the page up to whole pixels; A4 at 150 dpi is 1240 x 1754, not 1241.
        image = page.render(scale=dpi / 72).to_pil().crop((0, 0, *size))
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw_png(page: Page) -> bytes:
    """The same page as the PDF, rasterised: one layout, two formats."""
    return pdf_to_png(_draw_pdf(page, page.report.title))


# --- the event report -------------------------------------------------------------------------

def oblast_svg(event: Event, gaz: Gazetteer, lang: str,
               oblasts: pd.DataFrame | None = None) -> tuple[str, MapColours]:
    """The Overview's SVG map of oblasts (`svgmap`), without its legend, and the colour classes
    the PDF draws the legend from. Vector, and no browser: the map costs tens of milliseconds
    instead of a Chromium start."""
    t = Translator(lang)
    if oblasts is None:
        oblasts = coverage.summarise(event.participants, gaz).oblasts
    svg = svgmap.coverage_svg(geo.load_geojson("adm1"), oblasts, "share_present", gaz.units, t,
                              legend=False)
    return svgmap.print_svg(svg), map_colours(oblasts, "share_present", t)


def _page(event: Event, gaz: Gazetteer, lang: str, with_map: bool, on: date | None,
          known: pd.DataFrame | None = None) -> Page:
    _check_fonts()
    summary = coverage.summarise(event.participants, gaz)
    report = reach_report(event, gaz, lang, on=on, summary=summary, known=known)
    if not with_map:
        return Page(report)
    # The map's hover titles are not printed, but the file carries them: a donor's figures.
    oblasts = privacy.suppress_small_counts(summary.oblasts, ["heads_present"],
                                            marker=privacy.SUPPRESSED)
    svg, legend = oblast_svg(event, gaz, lang, oblasts)
    return Page(report, svg, legend)


def reach_report_pdf(event: Event, gaz: Gazetteer, lang: str, *, with_map: bool = True,
                     on: date | None = None, known: pd.DataFrame | None = None) -> bytes:
    """The one-page A4 PDF; `known` as for `reach_report`."""
    page = _page(event, gaz, lang, with_map, on, known)
    return _draw_pdf(page, f"{page.report.title}: {page.report.event_title}")


def reach_report_png(event: Event, gaz: Gazetteer, lang: str, *, with_map: bool = True,
                     on: date | None = None, known: pd.DataFrame | None = None) -> bytes:
    """The same page as a PNG (A4 at 150 dpi, 1240 x 1754 px) for slides and messengers."""
    return _draw_png(_page(event, gaz, lang, with_map, on, known))
