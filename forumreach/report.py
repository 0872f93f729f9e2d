"""The one-page reach report for donors, as PDF and PNG, in Kyrgyz, Russian or English.

Donors see aggregates only, so the report is built from `coverage` tables and never from the
participant rows. The page is laid out once (`_layout`) and drawn by two small backends, fpdf2
for the PDF and Pillow for the PNG, so the two files always show the same thing.

The map is a plotly figure rendered by kaleido in the system's Chromium. Rendering is offline by
construction: plotly.js comes from the installed plotly package, MathJax (a CDN script by
default) is switched off, and Chromium's proxy points at a closed local port, so a figure that
would need the internet fails instead of reaching it.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from forumreach import coverage, geo, maps, privacy
from forumreach.events import Event
from forumreach.gazetteer import Gazetteer
from forumreach.i18n import Translator

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# Any request Chromium makes while rendering goes here and is refused: nothing leaves the machine.
NO_NETWORK_PROXY = "127.0.0.1:9"

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 15.0  # A4 in mm
MAP_W_MM, MAP_H_MM = 180.0, 88.0
MAP_PX = (1000, 489)  # same aspect as MAP_W_MM x MAP_H_MM
MAP_SCALE = 2
MAP_SHARE = 0.8  # of the figure's width; the colour bar has the rest
PNG_DPI = 150

INK, GREY, FILL, HEAD_FILL = (33, 37, 41), (108, 117, 125), (241, 245, 249), (226, 232, 240)
# Message ids this module needs in every catalog (forumreach/locales/<lang>.json).
MESSAGE_IDS = (
    "report.title", "report.map_caption", "report.table_caption",
    "report.headline.bodies", "report.headline.rayons", "report.headline.cities",
    "report.headline.heads", "report.headline.women", "report.synthetic",
    "report.aggregates_only", "report.generated", "report.rows_unresolved",
    "report.women_share_partly_known",
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


def reach_report(event: Event, gaz: Gazetteer, lang: str, *, on: date | None = None) -> ReachReport:
    """The report's content from aggregates only: headline figures and the table by oblast."""
    t = Translator(lang)
    summary = coverage.summarise(event.participants, gaz)
    figures = summary.headline
    ratio = "{} / {}".format  # language-neutral "99 / 484"
    headline = [
        (t("report.headline.bodies"),
         ratio(t.number(figures.lsg_bodies_present), t.number(figures.lsg_bodies_total))),
        (t("report.headline.rayons"),
         ratio(t.number(figures.rayons_covered), t.number(figures.rayons_total))),
        (t("report.headline.cities"),
         ratio(t.number(figures.cities_present), t.number(figures.cities_total))),
        (t("report.headline.heads"), t.number(figures.bodies_with_head)),
        (t("report.headline.women"), _women_share(figures, t)),
    ]
    # Heads are people: a donor document shows 1-4 of them only as "<5" (forumreach.privacy).
    oblasts = privacy.suppress_small_counts(summary.oblasts, ["heads_present"],
                                            marker=privacy.SUPPRESSED)
    table = pd.DataFrame({
        t("col.oblast"): [gaz.name(s, t.lang) for s in oblasts.soate],
        t("col.bodies_present"): [ratio(t.number(p), t.number(n)) for p, n in
                                  zip(oblasts.bodies_present, oblasts.bodies_total, strict=True)],
        t("col.heads_present"): [n if isinstance(n, str) else t.number(n)
                                 for n in oblasts.heads_present],
        t("col.aiyl_aimaks_present"): [
            ratio(t.number(p), t.number(n)) if n else "–"
            for p, n in zip(oblasts.aiyl_aimaks_present, oblasts.aiyl_aimaks_total, strict=True)],
        t("col.rayons_covered"): [
            ratio(t.number(p), t.number(n)) if n else "–"
            for p, n in zip(oblasts.rayons_covered, oblasts.rayons_total, strict=True)],
        t("col.share_present"): [t.percent(s) for s in oblasts.share_present],
    })
    notes = [t("report.aggregates_only")]
    if figures.rows_unresolved:  # rows are people: 1-4 of them show as "<5"
        n = figures.rows_unresolved
        notes.insert(0, t("report.rows_unresolved",
                          n=t.number(n) if n >= privacy.K else privacy.SUPPRESSED))
    if coverage.gender_basis(figures) == "partly":
        notes.append(t("report.women_share_partly_known"))
    if event.synthetic:
        notes.insert(0, t("report.synthetic"))
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


# --- the map ----------------------------------------------------------------------------------

def oblast_figure(event: Event, gaz: Gazetteer, lang: str) -> go.Figure:
    """The dashboard's own oblast map (`maps.coverage_map`), sized for the page.

    Same colours and legend as the Overview page, so a donor sees the map the analyst saw. It is
    offline by construction (blank "white-bg" style, no text layers that would fetch glyphs).
    """
    t = Translator(lang)
    oblasts = coverage.summarise(event.participants, gaz).oblasts
    fig = maps.coverage_map(geo.load_geojson("adm1"), oblasts, "share_present", gaz.units, t,
                            revision="report", width_px=MAP_PX[0])
    # The map keeps the left 80 % and the colour bar sits beside it, inside the figure, so
    # plotly does not shrink the map to make room and cut off the fitted country.
    fig.update_layout(width=MAP_PX[0], height=MAP_PX[1], map_domain={"x": [0, MAP_SHARE]},
                      map_zoom=maps.fit_zoom(round(MAP_PX[0] * MAP_SHARE), MAP_PX[1]))
    fig.update_traces(colorbar={"x": MAP_SHARE + 0.02, "xanchor": "left"},
                      selector={"showscale": None})
    return fig


def chromium_path() -> str | None:
    """BROWSER_PATH if set (choreographer's own override), else Debian's Chromium."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    return str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None


def figure_png(fig: go.Figure, width: int = MAP_PX[0], height: int = MAP_PX[1],
               scale: float = MAP_SCALE) -> bytes:
    """A plotly figure as PNG bytes, rendered offline by kaleido in the system's Chromium.

    Cached by the figure's JSON, so the PDF and PNG of one report cost one render (~3-7 s).
    """
    return _render_png(fig.to_json(), width, height, scale)


@lru_cache(maxsize=8)
def _render_png(fig_json: str, width: int, height: int, scale: float) -> bytes:
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    options = {"mathjax": False, "proxy_server": NO_NETWORK_PROXY, "timeout": 60}
    if path := chromium_path():
        options["path"] = path
    try:
        return kaleido.calc_fig_sync(
            json.loads(fig_json),
            opts={"format": "png", "width": width, "height": height, "scale": scale},
            kopts=options,
        )
    except ChromeNotFoundError as err:
        raise ReportError(
            "no Chromium for the map: run scripts/setup.sh (apt chromium) or set BROWSER_PATH"
        ) from err


# --- layout, drawn by either backend -----------------------------------------------------------

@dataclass
class _Op:
    kind: str  # "text", "rect" or "image"
    x: float
    y: float
    w: float = 0.0
    h: float = 0.0
    text: str = ""
    size: float = 10.0
    bold: bool = False
    align: str = "L"
    color: tuple[int, int, int] = INK
    image: bytes = b""


@lru_cache(maxsize=16)
def _measuring_font(bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_BOLD if bold else FONT), 100)


def _width_mm(text: str, size: float, bold: bool = False) -> float:
    """Printed width of `text` at `size` pt, measured with the very font both backends use."""
    return _measuring_font(bold).getlength(text) / 100 * size * 25.4 / 72


def _wrap(text: str, width_mm: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap by measured widths, so bold Cyrillic headings never overlap."""
    lines: list[str] = []
    for word in text.split():
        if lines and _width_mm(f"{lines[-1]} {word}", size, bold) <= width_mm:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _line_h(size: float) -> float:
    return size * 0.3528 * 1.35


def _layout(report: ReachReport, map_png: bytes | None) -> list[_Op]:
    ops: list[_Op] = []
    width = PAGE_W - 2 * MARGIN
    y = MARGIN
    ops.append(_Op("text", MARGIN, y, width, text=report.title, size=18, bold=True))
    y += _line_h(18) + 1
    for line in _wrap(report.event_title, width, 11.5):
        ops.append(_Op("text", MARGIN, y, width, text=line, size=11.5))
        y += _line_h(11.5)
    ops.append(_Op("text", MARGIN, y, width, text=report.held_on, size=9.5, color=GREY))
    y += _line_h(9.5) + 4

    gap = 3.0
    box_w = (width - gap * (len(report.headline) - 1)) / len(report.headline)
    box_h = 24.0
    for i, (label, value) in enumerate(report.headline):
        x = MARGIN + i * (box_w + gap)
        ops.append(_Op("rect", x, y, box_w, box_h, color=FILL))
        ops.append(_Op("text", x, y + 2.5, box_w, text=value, size=15, bold=True, align="C"))
        for j, line in enumerate(_wrap(label, box_w - 3, 7.5)[:3]):
            ops.append(_Op("text", x + 1.5, y + 11 + j * _line_h(7.5), box_w - 3, text=line,
                           size=7.5, align="C", color=GREY))
    y += box_h + 5

    if map_png:
        ops.append(_Op("image", MARGIN, y, MAP_W_MM, MAP_H_MM, image=map_png))
        y += MAP_H_MM + 1
        ops.append(_Op("text", MARGIN, y, width, text=report.map_caption, size=8, color=GREY))
        y += _line_h(8) + 4

    ops.append(_Op("text", MARGIN, y, width, text=report.table_caption, size=11, bold=True))
    y += _line_h(11) + 1.5
    columns = list(report.table.columns)
    first = 52.0
    rest = (width - first) / max(len(columns) - 1, 1)
    widths = [first] + [rest] * (len(columns) - 1)
    header_lines = max(len(_wrap(str(c), w - 2, 7.5, bold=True))
                       for c, w in zip(columns, widths, strict=True))
    header_h = header_lines * _line_h(7.5) + 2
    ops.append(_Op("rect", MARGIN, y, width, header_h, color=HEAD_FILL))
    x = MARGIN
    for column, w in zip(columns, widths, strict=True):
        for j, line in enumerate(_wrap(str(column), w - 2, 7.5, bold=True)):
            ops.append(_Op("text", x + 1, y + 1 + j * _line_h(7.5), w - 2, text=line, size=7.5,
                           bold=True, align="L" if x == MARGIN else "R"))
        x += w
    y += header_h
    row_h = 6.0
    for i, row in enumerate(report.table.itertuples(index=False)):
        if i % 2:
            ops.append(_Op("rect", MARGIN, y, width, row_h, color=FILL))
        x = MARGIN
        for value, w in zip(row, widths, strict=True):
            ops.append(_Op("text", x + 1, y + 1.2, w - 2, text=str(value), size=8.5,
                           align="L" if x == MARGIN else "R"))
            x += w
        y += row_h
    y += 5
    for note in report.notes:
        for line in _wrap(note, width, 7.5):
            ops.append(_Op("text", MARGIN, y, width, text=line, size=7.5, color=GREY))
            y += _line_h(7.5)
    return ops


def _check_fonts() -> None:
    missing = [str(p) for p in (FONT, FONT_BOLD) if not p.exists()]
    if missing:
        raise ReportError(
            f"font missing: {', '.join(missing)}; install Debian's fonts-dejavu-core "
            "(scripts/setup.sh does) for Kyrgyz letters ө ү ң"
        )


def _draw_pdf(ops: list[_Op], title: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)  # one page, always
    pdf.set_margins(MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title(title)
    pdf.set_creator("forumreach")
    pdf.add_page()
    for op in ops:
        if op.kind == "rect":
            pdf.set_fill_color(*op.color)
            pdf.rect(op.x, op.y, op.w, op.h, style="F")
        elif op.kind == "image":
            pdf.image(io.BytesIO(op.image), x=op.x, y=op.y, w=op.w, h=op.h)
        else:
            pdf.set_font("DejaVu", "B" if op.bold else "", op.size)
            pdf.set_text_color(*op.color)
            pdf.set_xy(op.x, op.y)
            pdf.cell(op.w, _line_h(op.size), op.text, align=op.align)
    return bytes(pdf.output())


def _draw_png(ops: list[_Op]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    px = PNG_DPI / 25.4
    page = Image.new("RGB", (round(PAGE_W * px), round(PAGE_H * px)), "white")
    draw = ImageDraw.Draw(page)
    fonts: dict[tuple[float, bool], ImageFont.FreeTypeFont] = {}
    for op in ops:
        box = (round(op.x * px), round(op.y * px))
        if op.kind == "rect":
            draw.rectangle([box, (round((op.x + op.w) * px), round((op.y + op.h) * px))],
                           fill=op.color)
        elif op.kind == "image":
            image = Image.open(io.BytesIO(op.image)).convert("RGB")
            page.paste(image.resize((round(op.w * px), round(op.h * px))), box)
        else:
            key = (op.size, op.bold)
            if key not in fonts:
                fonts[key] = ImageFont.truetype(str(FONT_BOLD if op.bold else FONT),
                                                round(op.size * PNG_DPI / 72))
            font = fonts[key]
            # fpdf centres text vertically in its cell; match that with the "middle" anchor.
            y = (op.y + _line_h(op.size) / 2) * px
            x, anchor = {"L": (op.x, "lm"), "C": (op.x + op.w / 2, "mm"),
                         "R": (op.x + op.w, "rm")}[op.align]
            draw.text((x * px, y), op.text, font=font, fill=op.color, anchor=anchor)
    buffer = io.BytesIO()
    page.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _map_png(event: Event, gaz: Gazetteer, lang: str, figure: go.Figure | None,
             with_map: bool) -> bytes | None:
    if not with_map:
        return None
    return figure_png(figure if figure is not None else oblast_figure(event, gaz, lang))


def reach_report_pdf(event: Event, gaz: Gazetteer, lang: str, figure: go.Figure | None = None,
                     *, with_map: bool = True, on: date | None = None) -> bytes:
    """The one-page A4 PDF; `figure` replaces the default oblast map (e.g. the Map page's)."""
    _check_fonts()
    report = reach_report(event, gaz, lang, on=on)
    ops = _layout(report, _map_png(event, gaz, lang, figure, with_map))
    return _draw_pdf(ops, f"{report.title}: {report.event_title}")


def reach_report_png(event: Event, gaz: Gazetteer, lang: str, figure: go.Figure | None = None,
                     *, with_map: bool = True, on: date | None = None) -> bytes:
    """The same page as a PNG (A4 at 150 dpi, 1240 x 1754 px) for slides and messengers."""
    _check_fonts()
    report = reach_report(event, gaz, lang, on=on)
    return _draw_png(_layout(report, _map_png(event, gaz, lang, figure, with_map)))
