"""The reach-over-time chart: the cumulative count of bodies reached, rising in steps at each
event by the bodies that came for the first time.

Pure plotly (no streamlit), shared by the Reach page and the programme report, so both draw the
same curve. Every text comes through the translator passed in.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from forumreach.colours import STATUS_COLOURS
from forumreach.i18n import Translator

HEIGHT = 360
NEW_BODIES_COLOUR = "#bdbdbd"
# Room left of the first event and right of the last: a share of the span the events cover,
# and at least two months (one event alone), so their bars and date labels fit.
EDGE_ROOM, MIN_EDGE_ROOM = 0.15, pd.Timedelta(days=60)


def timeline_figure(timeline: pd.DataFrame, titles: dict[str, str], t: Translator,
                    total: int | None = None) -> go.Figure:
    """`reach.Reach.timeline` as bars (new bodies per event) under step lines (bodies reached,
    bodies whose head came), against the date of each event (its title where undated)."""
    x = [row.held_on or titles.get(row.event, row.event) for row in timeline.itertuples()]
    names = [titles.get(e, e) for e in timeline.event]
    hover = [
        f"<b>{name}</b><br>{t.date(row.held_on) if row.held_on else ''}<br>"
        f"{t('reach.bodies_present_at_event')}: {t.number(row.bodies_present)}<br>"
        f"{t('reach.new_bodies')}: {t.number(row.new_bodies)}<br>"
        f"{t('reach.bodies_reached')}: {t.number(row.bodies_reached)}"
        for name, row in zip(names, timeline.itertuples(), strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=timeline.new_bodies, name=t("reach.new_bodies"),
                         marker_color=NEW_BODIES_COLOUR, hovertext=hover,
                         hovertemplate="%{hovertext}<extra></extra>"))
    fig.add_trace(go.Scatter(x=x, y=timeline.bodies_reached, name=t("reach.bodies_reached"),
                             mode="lines+markers", line={"shape": "hv", "width": 3,
                                                         "color": STATUS_COLOURS["present"]},
                             hovertext=hover, hovertemplate="%{hovertext}<extra></extra>"))
    fig.add_trace(go.Scatter(x=x, y=timeline.bodies_with_head,
                             name=t("reach.bodies_with_head"), mode="lines+markers",
                             line={"shape": "hv", "width": 2, "color": STATUS_COLOURS["head"]},
                             hoverinfo="skip"))
    fig.update_layout(
        height=HEIGHT, margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        yaxis={"title": {"text": t("reach.bodies_axis")}, "rangemode": "tozero",
               "range": [0, total] if total else None},
        xaxis=_date_axis(timeline, t),
        font={"family": "sans-serif"}, plot_bgcolor="white",
    )
    fig.update_yaxes(gridcolor="#eeeeee")
    return fig


def _date_axis(timeline: pd.DataFrame, t: Translator) -> dict:
    """A tick labelled at every event's date, in the user's language (plotly's own month names
    are English only); undated events fall back to a category axis of titles.

    Plotly hides a tick label that would stick out of the chart, so the last event (the one a
    donor looks for) lost its date: the axis leaves room past the first and last event, and
    a label is never hidden for overflowing (plotly tilts labels that would overlap)."""
    if not all(timeline.held_on):
        return {"type": "category"}
    dates = sorted(dict.fromkeys(timeline.held_on))
    first, last = pd.Timestamp(dates[0]), pd.Timestamp(dates[-1])
    room = max((last - first) * EDGE_ROOM, MIN_EDGE_ROOM)
    return {"type": "date", "tickmode": "array", "tickvals": dates,
            "ticktext": [t.date(d) for d in dates],
            "range": [(first - room).date().isoformat(), (last + room).date().isoformat()],
            "ticklabeloverflow": "allow", "automargin": True}
