"""The one-page programme report for donors: reach across a programme's events, as PDF and PNG,
in Kyrgyz, Russian or English.

It is the event report (`forumreach.report`) with other content: the same page layout, fonts,
offline map rendering and the two drawing backends are reused from there, so a fix to the
layout shows in both reports. Aggregates only, built from `reach.Reach`; heads are people, so
an oblast with 1-4 bodies whose head came shows the hidden mark (`forumreach.privacy`), and a
note says what the mark stands for.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from forumreach import coverage, geo, privacy, report, svgmap
from forumreach.colours import MapColours, map_colours
from forumreach.events import Programme
from forumreach.gazetteer import Gazetteer
from forumreach.i18n import Translator
from forumreach.reach import Reach

# Message ids this module needs in every catalog (forumreach/locales/<lang>.json).
MESSAGE_IDS = (
    "reach.report_title", "reach.report_period", "reach.report_map_caption",
    "reach.report_table_caption", "reach.report_confident_only", "reach.all_events",
    "reach.bodies_reached", "reach.bodies_with_head", "reach.rayons_reached",
    "reach.cities_reached", "reach.events", "col.oblast", "col.bodies_reached",
    "col.bodies_with_head", "col.rayons_reached", "report.synthetic", "report.aggregates_only",
    "report.generated", "report.heads_total_withheld", "privacy.hidden_mark",
)


def programme_report(reach: Reach, events: pd.DataFrame, programme: Programme | None,
                     gaz: Gazetteer, lang: str, *, on: date | None = None
                     ) -> report.ReachReport:
    """The page's content: headline tiles, the table by oblast, notes. `events` is the events
    table the reach was computed from (`held_on`, `synthetic`); `programme` None is "every
    event"."""
    t = Translator(lang)
    figures = reach.headline
    heads, heads_notes = report.heads_tile(t, "reach.bodies_with_head",
                                           figures["unique_bodies_with_head"],
                                           reach.oblasts.heads_present)
    headline = [
        (t("reach.events"), t.number(figures["events"])),
        (t("reach.bodies_reached"), t.ratio(figures["unique_bodies_reached"],
                                            figures["lsg_bodies_total"])),
        *heads,
        (t("reach.rayons_reached"), t.ratio(figures["rayons_reached"], figures["rayons_total"])),
        (t("reach.cities_reached"), t.ratio(figures["cities_reached"], figures["cities_total"])),
    ]
    oblasts, first = report.oblast_columns(reach.oblasts, gaz, t, "col.bodies_reached",
                                           "col.bodies_with_head")
    table = pd.DataFrame({
        **first,
        t("col.rayons_reached"): coverage.ratios(oblasts.rayons_covered, oblasts.rayons_total, t),
    })
    dates = sorted(d for d in events.held_on if d)
    period = t("reach.report_period", first=t.date(dates[0]), last=t.date(dates[-1]),
               n=t.number(len(events))) if dates else ""
    notes = [*heads_notes, t("reach.report_confident_only"), t("report.aggregates_only")]
    if "synthetic" in events and events.synthetic.any():
        notes.insert(0, t("report.synthetic"))
    notes += report.hidden_mark_note(t, headline, table, notes)
    label = gaz.meta.get("label", {})
    notes.append(t("report.generated", date=t.date((on or date.today()).isoformat()),
                   vintage=t.title(label) if isinstance(label, dict) else gaz.vintage))
    name = t.title(programme.name) if programme else t("reach.all_events")
    if programme and programme.donor:
        name = f"{name} ({t.title(programme.donor)})"
    return report.ReachReport(
        lang=t.lang, title=t("reach.report_title"), event_title=name, held_on=period,
        headline=headline, table=table, notes=notes,
        map_caption=t("reach.report_map_caption"),
        table_caption=t("reach.report_table_caption"),
    )


def reach_svg(reach: Reach, gaz: Gazetteer, lang: str) -> tuple[str, MapColours]:
    """Rayons and cities shaded by the share of bodies reached at least once: the dashboard's
    SVG map and colour classes (`svgmap`, `colours`), drawn as vectors, so no browser starts."""
    t = Translator(lang)
    rayons = privacy.suppress_small_counts(reach.rayons, ["heads_present"],
                                           marker=privacy.SUPPRESSED)
    svg = svgmap.coverage_svg(geo.load_geojson("adm2"), rayons, "share_present", gaz.units, t,
                              legend=False)
    return svgmap.print_svg(svg), map_colours(rayons, "share_present", t)


def _ops(reach: Reach, events: pd.DataFrame, programme: Programme | None, gaz: Gazetteer,
         lang: str, with_map: bool, on: date | None):
    content = programme_report(reach, events, programme, gaz, lang, on=on)
    if not with_map:
        return content, report.Page(content)
    svg, legend = reach_svg(reach, gaz, lang)
    return content, report.Page(content, svg, legend)


def programme_report_pdf(reach: Reach, events: pd.DataFrame, programme: Programme | None,
                         gaz: Gazetteer, lang: str, *, with_map: bool = True,
                         on: date | None = None) -> bytes:
    """One A4 page as PDF."""
    report._check_fonts()
    content, ops = _ops(reach, events, programme, gaz, lang, with_map, on)
    return report._draw_pdf(ops, f"{content.title}: {content.event_title}")


def programme_report_png(reach: Reach, events: pd.DataFrame, programme: Programme | None,
                         gaz: Gazetteer, lang: str, *, with_map: bool = True,
                         on: date | None = None) -> bytes:
    """The same page as PNG (A4 at 150 dpi)."""
    report._check_fonts()
    _, ops = _ops(reach, events, programme, gaz, lang, with_map, on)
    return report._draw_png(ops)
