"""The one UI-side place with Streamlit caching and the state every page shares.

Package functions stay pure; here they are wrapped in `st.cache_data` / `st.cache_resource`.
Every cache holding an event's data is keyed on the event slug *and* its data version (the
demo files' mtimes, or a stored event's id and file hash), so a re-imported event is recomputed
and one event's rows are never served for another. Per-user work in progress (an upload being
reviewed) lives in `st.session_state`, never in a shared cache.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from forumreach import (
    access,
    auth,
    call_list,
    coverage,
    demo,
    events,
    gazetteer,
    geo,
    i18n,
    maps,
    privacy,
    sessions,
    svgmap,
    vintage_geo,
    vintages,
)
from forumreach.store import StoreUnavailable
from pages import _area_map

if TYPE_CHECKING:
    from forumreach import pipeline
from forumreach.coverage import Coverage
from forumreach.i18n import Translator

LANG_KEY, EVENT_KEY, USER_KEY = "lang", "event", "user"
REFS_KEY, LINKED_KEY, LANDED_KEY = "_event_refs", "_link_named_event", "_landed_for"
# Without a toolbar logo; Streamlit serves plotly.js itself, no CDN is involved.
PLOTLY_CONFIG = {"displaylogo": False, "scrollZoom": True}


# --- shared state --------------------------------------------------------------------------


def init_state() -> None:
    """Every rerun: list the events; on a session's first run, language and event from the URL
    (`?lang=ky&event=<slug>`)."""
    params = st.query_params
    st.session_state[REFS_KEY] = _list_refs()
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = i18n.normalise_lang(params.get("lang"))
    slugs = [ref.slug for ref in event_refs()]
    if EVENT_KEY not in st.session_state:
        st.session_state[EVENT_KEY] = params.get("event", events.DEMO_SLUG)
        # A link named the event: the sign-in it opened with follows it (land_after_sign_in).
        st.session_state[LINKED_KEY] = "event" in params
    if st.session_state[EVENT_KEY] not in slugs:  # a bad link, or an event deleted since
        st.session_state[EVENT_KEY] = events.DEMO_SLUG


def sync_query_params() -> None:
    """Keep the URL shareable: it always names the language and the event on screen."""
    wanted = {"lang": lang(), "event": current_event().slug}
    if {k: st.query_params.get(k) for k in wanted} != wanted:
        st.query_params.update(wanted)


def lang() -> str:
    return i18n.normalise_lang(st.session_state.get(LANG_KEY))


def translator() -> Translator:
    return Translator(lang())


def current_user() -> auth.User | None:
    return st.session_state.get(USER_KEY)


def role() -> str:
    """The signed-in user's role; nobody signed in gets the donor view."""
    user = current_user()
    return access.normalise_role(user.role if user else access.DEFAULT_ROLE)


def actor() -> str:
    """Who the audit trail names for what this session does."""
    user = current_user()
    return f"{user.source}:{user.name}" if user else "anonymous"


# --- sign-in ------------------------------------------------------------------------------
# A local sign-in also lives in the `sessions` table and an HttpOnly cookie (forumreach.sessions,
# serve.py), so a reload finds it again. These keys hold that session's bookkeeping.
SESSION_KEY, TICKET_KEY, CLEAR_COOKIE_KEY = "_session_id", "_session_ticket", "_session_clear"
ACTIVE_KEY, TOUCHED_KEY, NOTICE_KEY = "_active_at", "_touched_at", "_sign_in_notice"
LAND_KEY, SETUP_PARAM = "_land_on", "setup"


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all: nothing configured
        return {}


def signed_in() -> bool:
    """Someone is signed in (now, or in a session this browser's cookie still holds), or the
    deployment has no sign-in (the read-only demo)."""
    if current_user() is not None and _session_goes_on():
        return True
    try:
        mode = auth.auth_mode(_secrets(), _store())
    except StoreUnavailable as err:
        st.error(str(err))
        mode = "none"
    setup = st.query_params.get(SETUP_PARAM)
    if setup is not None and not (mode == "none" and auth.setup_token_usable(_store(), setup)):
        del st.query_params[SETUP_PARAM]
        st.session_state[NOTICE_KEY] = "auth.setup_link_invalid"
        setup = None
    if mode == "none" and setup is None:
        st.session_state[USER_KEY] = auth.ANONYMOUS
        return True
    if mode == "local" and _resume_from_cookie():
        return True
    if mode == "oidc" and getattr(st.user, "is_logged_in", False):
        user = auth.sign_in_oidc(_store(), st.user.to_dict())
        if user is not None:
            st.session_state[USER_KEY] = user
            return True
    st.session_state["_auth_mode"] = "setup" if setup else mode
    return False


def _open_on_last_saved(user: auth.User) -> bool:
    """Open the event this person saved (or re-saved) last, as the tab they saved it in does;
    True if that changed the event on screen."""
    if user.source == "none":
        return False
    try:
        saved = _store().last_saved_event(actor())
    except StoreUnavailable:
        return False
    slug = next((ref.slug for ref in event_refs() if saved and ref.event_id == saved), None)
    if slug is None or slug == st.session_state.get(EVENT_KEY):
        return False
    st.session_state[EVENT_KEY] = slug
    return True


def sign_in_page() -> None:
    """The only page before sign-in: a form for local accounts, a button for OIDC, or the
    first-start form when a setup link was opened."""
    t = translator()
    _forget_cookie_in_browser()
    with st.sidebar:  # the language is chosen before anything else, the sign-in form included
        state_selectbox(t("sidebar.language"), list(i18n.LANGS), LANG_KEY,
                        format_func=lambda code: i18n.catalog(code)["lang.name"])
    if st.session_state.get("_auth_mode") == "setup":
        _setup_form(t)
        return
    st.title(t("auth.title"))
    if notice := st.session_state.pop(NOTICE_KEY, None):
        st.warning(t(notice, minutes=int(sessions.idle_timeout().total_seconds() // 60)))
    if st.session_state.get("_auth_mode") == "oidc":
        if getattr(st.user, "is_logged_in", False):
            st.error(t("auth.not_registered"))
            st.button(t("auth.sign_out"), on_click=st.logout)
        else:
            st.button(t("auth.sign_in_oidc"), on_click=st.login, type="primary")
        return
    with st.form("sign_in"):
        name = st.text_input(t("auth.name"))
        password = st.text_input(t("auth.password"), type="password")
        submitted = st.form_submit_button(t("auth.sign_in"), type="primary")
    if submitted:
        user = auth.verify(_store(), name, password)
        if user is None:
            st.error(t("auth.failed"))
        else:
            _begin_session(user)
            st.rerun()


def _setup_form(t: Translator) -> None:
    """First start: the person holding the setup link makes the first admin and lands on
    Import, signed in."""
    st.title(t("auth.setup_title"))
    st.write(t("auth.setup_intro"))
    with st.form("setup"):
        name = st.text_input(t("auth.name"))
        password = st.text_input(t("auth.password"), type="password")
        again = st.text_input(t("auth.password_again"), type="password")
        submitted = st.form_submit_button(t("auth.setup_create"), type="primary")
    if not submitted:
        return
    if password != again:
        st.error(t("auth.passwords_differ"))
        return
    try:
        user = auth.create_first_admin(_store(), st.query_params.get(SETUP_PARAM, ""), name,
                                       password)
    except auth.AuthError as err:
        st.error(t(err.message_id))
        return
    if user is None:
        st.error(t("auth.setup_link_invalid"))
        return
    del st.query_params[SETUP_PARAM]
    _begin_session(user)
    st.session_state[LAND_KEY] = "import_review"
    st.rerun()


def _begin_session(user: auth.User) -> None:
    """Signed in in this tab; a ticket waits to become the browser's cookie (keep_sign_in)."""
    st.session_state[USER_KEY] = user
    if user.source == "local":
        session_id, ticket = sessions.start(_store(), user)
        st.session_state.update({SESSION_KEY: session_id, TICKET_KEY: ticket})
        _mark_active(touched=True)


def _resume_from_cookie() -> bool:
    session = sessions.resume(_store(), st.context.cookies.get(sessions.COOKIE_NAME))
    if session is None:
        return False
    st.session_state.update({USER_KEY: session.user, SESSION_KEY: session.session_id})
    _mark_active(touched=True)
    return True


def _mark_active(touched: bool = False) -> None:
    now = datetime.now(UTC)
    st.session_state[ACTIVE_KEY] = now
    if touched:
        st.session_state[TOUCHED_KEY] = now


def _session_goes_on() -> bool:
    """An open tab stays signed in until its idle time passes or its session is ended elsewhere
    (sign-out in another tab, a disabled account); the database hears of activity at most once a
    minute."""
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is None:
        return True
    now = datetime.now(UTC)
    idle = now - st.session_state.get(ACTIVE_KEY, now) > sessions.idle_timeout()
    due = now - st.session_state.get(TOUCHED_KEY, now) >= sessions.TOUCH_EVERY
    if not idle and (not due or sessions.still_live(_store(), session_id)):
        _mark_active(touched=due)
        return True
    sessions.end(_store(), session_id=session_id)
    _forget_user()
    st.session_state[NOTICE_KEY] = "auth.idle_signed_out" if idle else "auth.session_ended"
    return False


def keep_sign_in() -> None:
    """Hand a fresh sign-in's ticket to the browser, which trades it for the HttpOnly cookie
    at serve.py's route (the ticket is one-time and short-lived; page scripts never see the
    cookie itself).

    The ticket is offered again on every rerun until the server has spent it: a run cut short by
    a page switch may never reach the browser (seen under load on a first start), and a lost
    ticket signs the person out at their next reload."""
    ticket, session_id = st.session_state.get(TICKET_KEY), st.session_state.get(SESSION_KEY)
    if not ticket:
        return
    if session_id is not None and sessions.ticket_waiting(_store(), session_id):
        _browser_fetch("POST", ticket)
    else:
        st.session_state.pop(TICKET_KEY, None)


def _forget_cookie_in_browser() -> None:
    if st.session_state.pop(CLEAR_COOKIE_KEY, False):
        _browser_fetch("DELETE", "")


def _browser_fetch(method: str, body: str) -> None:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    url = json.dumps(f"/{base}{sessions.ROUTE}" if base else sessions.ROUTE)
    st.html(f"<script>fetch({url}, {{method: {json.dumps(method)}, body: {json.dumps(body)}, "
            "credentials: 'same-origin', keepalive: true});</script>",
            unsafe_allow_javascript=True)


def land_after_sign_in(pages: dict[str, st.Page]) -> None:
    """Where a sign-in opens, once per sign-in (a form, OIDC, a session resumed in a new tab):
    the event its person saved last, unless the link the tab opened with named one
    (`?event=`, followed on that first sign-in only); a first admin on the Import page.

    Each sign-in stores a new `auth.User`, so "not landed yet" is "not this very object"."""
    user = current_user()
    moved = False
    if user is not None and st.session_state.get(LANDED_KEY) is not user:
        st.session_state[LANDED_KEY] = user
        moved = not st.session_state.pop(LINKED_KEY, False) and _open_on_last_saved(user)
    target = pages.get(st.session_state.pop(LAND_KEY, None) or "")
    if target is not None:
        st.switch_page(target)
    if moved:  # the sidebar and the address already show the event before; show the new one
        st.rerun()


def sign_out() -> None:
    user = current_user()
    if user is not None and user.source != "none":
        auth.record_sign_out(_store(), user)
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is not None:
        sessions.end(_store(), session_id=session_id)
        st.session_state[CLEAR_COOKIE_KEY] = True
    _forget_user()
    if user is not None and user.source == "oidc":
        st.logout()


def _forget_user() -> None:
    for key in (USER_KEY, SESSION_KEY, TICKET_KEY, ACTIVE_KEY, TOUCHED_KEY):
        st.session_state.pop(key, None)


def demo_notice() -> None:
    """In the read-only demo, what a newcomer needs to know to import a list."""
    t = translator()
    if notice := st.session_state.pop(NOTICE_KEY, None):
        st.error(t(notice))
    st.caption(t("auth.demo_read_only"))
    st.caption(t("auth.demo_how_to_import"))


def page_not_for_viewer(page: str) -> None:
    """A page this viewer may not open, reached by its address: say why in the viewer's
    language instead of Streamlit's English "Page not found", and show nothing of it."""
    t = translator()
    st.title(t(f"page.{page}"))
    user = current_user()
    if user is None or user.source == "none":
        st.info(t("auth.needs_account"))
        st.markdown(t("auth.demo_how_to_import"))
    else:
        st.error(t("access.not_for_role"))


# --- events --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRef:
    """Enough to list an event and key caches on it, without loading its participants."""

    slug: str
    version: str
    title: dict = field(hash=False)
    held_on: str
    vintage: str
    synthetic: bool = False
    event_id: int | None = None
    unresolved: int = 0  # rows still to review: the event selector and Overview say so

    @property
    def key(self) -> tuple:
        """What every event cache is keyed on: slug and data version (plus how to load it)."""
        return (self.slug, self.version, self.event_id, self.vintage)


def _demo_ref() -> EventRef:
    meta = demo.meta()
    files = [demo.DEMO_META, demo.registration_sheet(), demo.DEMO_DIR / meta["truth"]]
    version = "demo:" + ":".join(str(int(f.stat().st_mtime)) for f in files)
    return EventRef(meta["slug"], version, meta["title"], meta["held_on"], meta["vintage"], True)


@st.cache_resource(show_spinner=False)
def _store():
    from forumreach.store import Store

    return Store()


def _stored_refs() -> list[EventRef]:
    try:
        table = _store().list_events()
    except Exception as err:  # a broken or missing database must not take the demo down
        st.session_state["store_error"] = str(err)
        return []
    refs = []
    for row in table.itertuples():
        title = {lang: str(row.title) for lang in i18n.LANGS}
        version = f"store:{row.id}:{row.source_sha256 or ''}:{row.created_at}:r{row.revision}"
        held_on = "" if pd.isna(row.held_on) else str(row.held_on)
        refs.append(EventRef(str(row.slug), version, title, held_on, str(row.vintage),
                             event_id=int(row.id), unresolved=int(row.n_unresolved)))
    return refs


def event_refs() -> list[EventRef]:
    """The demo first, then every stored event.

    Listed once per rerun (by `init_state`, which the entry point runs first), so a new import
    shows at once while the pages of one rerun share one database query.
    """
    refs = st.session_state.get(REFS_KEY)
    return refs if refs is not None else _list_refs()


def _list_refs() -> list[EventRef]:
    return [_demo_ref(), *_stored_refs()]


def event_label(ref: EventRef, t: Translator) -> str:
    """The event's title, and how many rows wait for review while any do."""
    title = t.title(ref.title)
    if not ref.unresolved:
        return title
    return t("event.label_unresolved", title=title, n=people_count(ref.unresolved, t))


def current_event() -> EventRef:
    refs = {ref.slug: ref for ref in event_refs()}
    return refs.get(st.session_state.get(EVENT_KEY, events.DEMO_SLUG), _demo_ref())


def event_by_slug(slug: str) -> EventRef | None:
    return next((ref for ref in event_refs() if ref.slug == slug), None)


# Every cache of an event's figures takes the EventRef itself and is keyed on `EventRef.key`
# (slug and data version), not on its title or count of rows to review.
BY_EVENT = {EventRef: lambda ref: ref.key}


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=BY_EVENT)
def participants(ref: EventRef) -> pd.DataFrame:
    """The event's participant rows, personal fields included: callers filter by role."""
    if ref.event_id is None:
        return events.demo_event().participants
    return _store().load_participants(ref.event_id)


def event(ref: EventRef) -> events.Event:
    return events.Event(slug=ref.slug, title=ref.title, held_on=ref.held_on, vintage=ref.vintage,
                        participants=participants(ref), synthetic=ref.synthetic,
                        event_id=ref.event_id)


# --- reference data and coverage -----------------------------------------------------------


@st.cache_resource(show_spinner=False)
def gaz(vintage: str) -> gazetteer.Gazetteer:
    return gazetteer.load(vintage)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=BY_EVENT)
def coverage_of(ref: EventRef) -> Coverage:
    return coverage.summarise(participants(ref), gaz(ref.vintage))


@st.cache_data(show_spinner=False)
def city_points() -> pd.DataFrame | None:
    """City locations, or None while geo/cities.geojson is not built."""
    try:
        return geo.city_points()
    except FileNotFoundError:
        return None


# --- figures -------------------------------------------------------------------------------

GEO_LEVEL = {"oblast": "adm1", "rayon": "adm2"}


@st.cache_data(show_spinner=False, max_entries=64, hash_funcs=BY_EVENT)
def _coverage_svg(ref: EventRef, language: str, level: str, measure: str, donor: bool,
                  legend: bool = True, with_cities: bool = False,
                  only_in: str | None = None, legend_size: float = 1.0) -> str:
    """The SVG coverage map of one event version, language, level, measure and area; `only_in`
    an oblast draws its rayons and cities fitted to it."""
    cov = coverage_of(ref)
    t = Translator(language)
    table = cov.oblasts if level == "oblast" else cov.rayons
    if only_in:
        table = coverage.areas_in_oblast(cov, only_in)
    if donor:
        table = _people_suppressed(table)
    units = gaz(ref.vintage).units
    shapes = geometry(GEO_LEVEL[level], ref.vintage)  # a later vintage: 2018's, looked up by unit
    marks = svgmap.unit_marks(shapes.points, table, units, t)
    points = city_points()
    if with_cities and points is not None:
        cities = cov.cities if not only_in else cov.cities[cov.cities.oblast_soate == only_in]
        # A donor's city points and legend say whether a city came, not whether its head did.
        marks += svgmap.city_marks(privacy.body_status_seen(cities, donor=donor), points,
                                   units, t)
    bounds = svgmap.feature_bounds(shapes.geojson, set(table.soate)) if only_in else None
    return svgmap.coverage_svg(shapes.geojson, table, measure, units, t, legend=legend,
                               marks=marks, bounds=bounds, legend_size=legend_size)


def svg_map(ref: EventRef, level: str, measure: str, testid: str = "fr-svg-map", *,
            donor: bool | None = None) -> None:
    """The static map that paints with the page (see forumreach.svgmap); `donor=True` draws a
    donor's map whoever looks (the Report page's preview of the donors' PDF)."""
    svg = _coverage_svg(ref, lang(), level, measure, donor_view() if donor is None else donor)
    st.markdown(f'<div class="fr-map" data-testid="{testid}">{svg}</div>',
                unsafe_allow_html=True)
    boundaries_note(ref.vintage)


# The Map page's map is the page's width: its legend at two thirds of a half-page map's.
AREA_MAP_LEGEND = 0.65


def area_map(ref: EventRef, level: str, measure: str, *, key: str, chosen: str | None,
             on_choose, with_cities: bool = False, only_in: str | None = None) -> None:
    """The Map page's interactive map (pages/_area_map.py): hover, click or Enter to choose."""
    svg = _coverage_svg(ref, lang(), level, measure, donor_view(), with_cities=with_cities,
                        only_in=only_in, legend_size=AREA_MAP_LEGEND)
    _area_map.area_map(svg, key=key, chosen=chosen, on_choose=on_choose)


@st.cache_resource(show_spinner=False)
def geometry(level: str, vintage: str) -> vintage_geo.VintageGeometry:
    """The polygons of a vintage's units (2018's looked up by unit for a later vintage)."""
    return vintage_geo.geometry_for(level, gaz(vintage))


def boundaries_note(vintage: str) -> None:
    """Say under a map when its boundaries are older than the units it shows."""
    shapes = geometry("adm2", vintage)
    if shapes.boundaries_from:
        st.caption(translator()("map.boundaries_from", vintage=shapes.boundaries_from))


def donor_view() -> bool:
    """Donors see aggregates with small counts of people suppressed (forumreach.privacy)."""
    return role() == "donor"


def known_vintages() -> pd.DataFrame:
    """Built-in and stored vintages (`vintages.available`); the built-in alone without a
    database."""
    try:
        return vintages.available(_store())
    except Exception:  # no database: the built-in vintages alone
        return vintages.available()


def out_of_force_note(ref: EventRef, known: pd.DataFrame | None = None) -> None:
    """Say under an event's title when it was matched on units not in force on its day
    (`vintages.out_of_force`): unknown is unknown, never silently the old units. `known`: the
    vintages when the page read them already."""
    known = known_vintages() if known is None else known
    lapsed = vintages.out_of_force(ref.held_on, ref.vintage, known)
    if lapsed is not None:
        st.info(vintages.out_of_force_text(lapsed, translator()), icon=":material/history:")


def _people_suppressed(table: pd.DataFrame,
                       columns: tuple[str, ...] = ("heads_present",)) -> pd.DataFrame:
    """Heads present (and other counts of people) are people: 1-4 of them show as a mark."""
    return privacy.suppress_small_counts(table, list(columns), marker=privacy.SUPPRESSED)


def people_count(n: int, t: Translator) -> str:
    """A count of people as text; a donor sees 1-4 of them only as the hidden mark
    (forumreach.privacy)."""
    return privacy.count_text(n, t.number) if donor_view() else t.number(n)


def heads_total(total: int, parts: Iterable[int], t: Translator) -> str | None:
    """The total of bodies whose head came as this viewer may read it, or None for a donor when
    it stands beside parts (by oblast, rural/urban) that hide a small count: the total minus the
    shown parts would give it away (`privacy.shown_total`). The page then says why
    (`report.heads_total_withheld`), as the donors' PDF does."""
    if donor_view() and privacy.shown_total(total, parts) is None:
        return None
    return people_count(total, t)


def hidden_mark_caption(*shown: object) -> None:
    """Under a donor's tiles, tables or map: what the hidden mark stands for, when what they
    show (`shown`: texts, tables) holds it (`privacy.shows_hidden`)."""
    if donor_view() and privacy.shows_hidden(*shown):
        st.caption(translator()("privacy.hidden_mark", mark=privacy.SUPPRESSED))


def unresolved_warning(head: coverage.Headline, t: Translator) -> None:
    """Rows still to review are their own count wherever an event's figures are shown."""
    if head.rows_unresolved:
        st.warning(t("event.rows_unresolved", n=people_count(head.rows_unresolved, t)))


def people_safe(table: pd.DataFrame,
                columns: tuple[str, ...] = ("heads_present",)) -> pd.DataFrame:
    """For a donor's tables: suppressed counts become text, the whole column with them (a
    column mixing numbers and the hidden mark cannot be sent to the browser as one Arrow type),
    and a body's status says only whether it came (`privacy.body_status_seen`)."""
    if not donor_view():
        return table
    table = privacy.body_status_seen(table, donor=True)
    return _people_suppressed(table, columns).astype(dict.fromkeys(columns, str))


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=BY_EVENT)
def _change_figure(before: EventRef, after: EventRef, language: str,
                   on_vintage: str | None = None) -> tuple[go.Figure, pd.DataFrame]:
    on = on_vintage or before.vintage
    a, b = coverage_on(before, on), coverage_on(after, on)
    change = coverage.area_change(a, b, "rayon")
    shapes, t = geometry("adm2", on), Translator(language)
    fig = maps.change_map(shapes.geojson, change, gaz(on).units, t)
    maps.with_unit_points(fig, shapes, change, gaz(on).units, t)
    return fig, change


def change_figure(before: EventRef, after: EventRef,
                  on_vintage: str | None = None) -> tuple[go.Figure, pd.DataFrame]:
    """Where coverage grew or shrank; on `on_vintage`'s units when the events' differ."""
    return _change_figure(before, after, lang(), on_vintage)




@st.cache_resource(show_spinner=False, max_entries=8)
def crosswalk_table(old: str, new: str) -> pd.DataFrame:
    """Every body of `old` and the bodies of `new` holding its villages (forumreach.crosswalk)."""
    from forumreach import crosswalk

    return crosswalk.crosswalk(gaz(old), gaz(new))


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=BY_EVENT)
def coverage_on(ref: EventRef, vintage: str) -> Coverage:
    """An event's coverage on another vintage's units, carried across by the crosswalk
    (forumreach.crosswalk.to_vintage): how a 2018 event and a 2026 one meet."""
    if vintage == ref.vintage:
        return coverage_of(ref)
    from forumreach import crosswalk

    carried = crosswalk.to_vintage(participants(ref), ref.vintage, vintage)
    return coverage.summarise(carried, gaz(vintage))


def plotly(fig: go.Figure, **kwargs) -> object:
    """Every chart through one call, so the offline-safe config is never forgotten."""
    return st.plotly_chart(fig, config=PLOTLY_CONFIG, width="stretch", **kwargs)


# --- tables --------------------------------------------------------------------------------


def table(frame: pd.DataFrame, columns: list[str] | None = None, *,
          ref: EventRef | None = None) -> pd.DataFrame:
    """A package table localised (names, values, headings) into the chosen language."""
    ref = ref or current_event()
    return i18n.localise(frame, translator(), gaz(ref.vintage).units, columns)


def area_options(ref: EventRef, soates: pd.Series) -> dict[str, str]:
    """soate -> name in the chosen language, sorted by name, for select boxes."""
    names = i18n.unit_names(gaz(ref.vintage).units, lang())
    options = {s: str(names.get(s, s)) for s in soates.dropna().unique() if s}
    return dict(sorted(options.items(), key=lambda kv: kv[1]))


def share_columns(*columns: str) -> dict:
    """Column config for shares, keyed by translated heading. `table` has already written them
    as the language's percentages (`i18n.format_share`: "21,6 %"), which a browser-side number
    format cannot do; they are right-aligned like the numbers they are."""
    t = translator()
    return {t(f"col.{c}"): st.column_config.TextColumn(alignment="right") for c in columns}


def metric_row():
    """A row of metric tiles that wraps onto a second row instead of cutting a label short.

    `st.columns(5)` gives every tile a fifth of the page whatever its label, and Streamlit cuts
    a longer label with "…" ("Органы МСУ на мероприятии" at 1280 px); a wrapping horizontal
    container keeps each label whole in every language, so the catalogs need no abbreviations.
    """
    return st.container(horizontal=True, gap="medium")


@st.cache_data(show_spinner=False, max_entries=8)
def _last_contacts(keys: tuple, language: str) -> pd.DataFrame:
    """Who came last from each body across every event (personal: organizers' pages only)."""
    refs = [ref for ref in event_refs() if ref.key in keys]
    return call_list.last_contacts([event(ref) for ref in refs], language)


def contacts_shown() -> bool:
    """Names and phones of the call list go to roles that may see people (access table)."""
    return access.can_see_personal(role())


def _contacts_for_role() -> pd.DataFrame | None:
    if not contacts_shown():
        return None
    return _last_contacts(tuple(r.key for r in event_refs()), lang())


def call_list_of(ref: EventRef) -> pd.DataFrame:
    """The event's call list; with the last known contacts only for roles that may see them,
    and for a donor only what sent nobody (`privacy.follow_up_seen`)."""
    return privacy.follow_up_seen(call_list.call_list(coverage_of(ref), _contacts_for_role()),
                                  donor=donor_view())


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=BY_EVENT)
def _follow_up_xlsx(ref: EventRef, language: str, contacts: pd.DataFrame | None = None,
                    for_donor: bool = False) -> bytes:
    from forumreach import export

    t = Translator(language)
    table = privacy.follow_up_seen(call_list.call_list(coverage_of(ref), contacts),
                                   donor=for_donor)
    columns = call_list.LIST_COLUMNS + (call_list.CONTACT_COLUMNS if contacts is not None else [])
    sheet = i18n.localise(table, t, gaz(ref.vintage).units, columns)
    title = t("gaps.export_title", event=t.title(ref.title))
    return export.to_xlsx({t("gaps.sheet"): sheet}, title=title)


def follow_up_xlsx(ref: EventRef) -> bytes:
    """The follow-up list as a workbook: with contacts for organizers and admins, without for
    everyone else, and a donor's with only what sent nobody (separate cache entries)."""
    return _follow_up_xlsx(ref, lang(), _contacts_for_role(), donor_view())


# --- exports -------------------------------------------------------------------------------


def export_name(ref: EventRef, kind: str, ext: str) -> str:
    from forumreach import export

    return export.filename(ref.slug, kind, ext)


def hxl_csv(ref: EventRef, level: str) -> bytes:
    """Coverage per oblast (adm1) or per rayon and city (adm2) with HXL hashtags; a donor's
    file has small counts of people suppressed, and is its own cache entry."""
    return _hxl_csv(ref, level, donor_view())


@st.cache_data(show_spinner=False, max_entries=32, hash_funcs=BY_EVENT)
def _hxl_csv(ref: EventRef, level: str, for_donor: bool) -> bytes:
    from forumreach import export

    cov = coverage_of(ref)
    table = cov.oblasts if level == "adm1" else cov.rayons
    return export.hxl_csv(table, level, gaz(ref.vintage), for_donor=for_donor)


@st.cache_data(show_spinner=False, max_entries=16, hash_funcs=BY_EVENT)
def _reach_report(ref: EventRef, language: str, kind: str, known: pd.DataFrame) -> bytes:
    """`known` (the vintages) is an argument, so a vintage loaded later makes a new report."""
    from forumreach import report

    make = report.reach_report_pdf if kind == "pdf" else report.reach_report_png
    return make(event(ref), gaz(ref.vintage), language, known=known)


def reach_report(ref: EventRef, kind: str) -> tuple[tuple, bytes | None, str]:
    """The donor report as PDF or PNG, with the key it was made for and any error text.

    A failure to draw it (fonts missing, a broken table) is said on the page instead of crashing.
    """
    made_for = (ref.slug, ref.version, lang())
    try:
        return made_for, _reach_report(ref, lang(), kind, known_vintages()), ""
    except Exception as err:  # fonts, fpdf2 and pdfium fail with many exception types
        return made_for, None, str(err)


# --- import (per session: an upload under review is one user's, never a shared cache) -------


def store():
    return _store()


def record_review(before: pipeline.MatchedSheet, after: pipeline.MatchedSheet, row: int) -> None:
    """A person's decision on one row goes to the audit trail (match fields only)."""
    def at(matched):
        return matched.participants[matched.participants.source_row == row].iloc[0].to_dict()

    _store().record_review_decision(actor(), f"sheet:{before.sheet.sha256}:row:{row}",
                                    at(before), at(after))


def aliases(vintage: str) -> pd.DataFrame | None:
    """People's earlier review decisions, so a re-import does not ask the same question twice."""
    try:
        return _store().load_aliases(vintage)
    except Exception:  # no database yet: match without remembered decisions
        return None


def session_memo(name: str, key: tuple, make):
    """Remember one expensive result per session (e.g. the header of the uploaded file)."""
    memo = st.session_state.setdefault(f"_memo_{name}", {})
    if memo.get("key") != key:
        memo.clear()
        memo.update(key=key, value=make())
    return memo["value"]


# The event's fields too: a new file gets its own default title, day, vintage and slug.
IMPORT_KEYS = ("import_mapping", "import_matched", "import_saved", "import_save_error",
               "import_confirm_unresolved",
               "import_row", "import_event_title", "import_slug", "import_held_on",
               "import_vintage")


def forget_import() -> None:
    for key in [*IMPORT_KEYS, *(k for k in st.session_state if str(k).startswith(
            ("import_field_", "import_pick_", "import_other_", "import_search_", "_memo_")))]:
        st.session_state.pop(key, None)


def save_import() -> None:
    """Save button callback: runs before the page, so it may switch the sidebar's event."""
    from forumreach import pipeline

    state = st.session_state.get("import_matched")
    if not state:
        return
    title = st.session_state.get("import_event_title", "").strip()
    slug = st.session_state.get("import_slug", "").strip()
    meta = {"slug": slug, "title": title or slug,
            "held_on": st.session_state.get("import_held_on")}
    st.session_state.pop("import_saved", None)
    st.session_state.pop("import_save_error", None)
    if not slug:
        st.session_state["import_save_error"] = translator()("import.slug_missing")
        return
    unresolved = state["now"].unresolved_rows
    if unresolved and not st.session_state.get("import_confirm_unresolved"):
        st.session_state["import_save_error"] = translator()(
            "import.confirm_unresolved_first", n=translator().number(unresolved))
        return
    remember = pipeline.decisions_to_remember(state["first"], state["now"])
    try:
        pipeline.save(state["now"], _store(), meta, actor=actor(), remember=remember)
    except (ValueError, StoreUnavailable) as err:  # e.g. the slug belongs to another file
        from forumreach import review

        st.session_state["import_save_error"] = review.user_message(err, translator())
        return
    st.session_state["import_saved"] = meta["title"]
    st.session_state[EVENT_KEY] = slug
    if state["now"].event_id is not None:  # a reopened event stays open, at its new revision
        fresh = pipeline.reopen(_store(), state["now"].event_id)
        st.session_state["import_matched"] = {
            "reopened": True, "slug": state["slug"], "title": state["title"],
            "key": ("event", fresh.event_id, fresh.revision), "first": fresh, "now": fresh}
        st.session_state.pop("import_confirm_unresolved", None)


def state_selectbox(label: str, options: list, state_key: str, **kwargs) -> object:
    """A select box bound to a plain session key that survives page switches.

    Streamlit forgets a widget's own key when a page switch does not render it; the language,
    event and role must outlive any page, so the widget only mirrors `state_key`.
    """
    widget_key = f"_{state_key}_widget"
    st.session_state[widget_key] = st.session_state.get(state_key)

    def copy() -> None:
        st.session_state[state_key] = st.session_state[widget_key]

    return st.selectbox(label, options, key=widget_key, on_change=copy, **kwargs)


def require_page(page: str) -> None:
    """Stop a page its viewer's role does not get, even if a stale link or rerun reaches it.

    The menu already leaves such pages out (`access.pages_for`); this is the second lock.
    """
    if page not in access.pages_for(role()):
        st.error(translator()("access.not_for_role"))
        st.stop()


def ensure_entry() -> None:
    """Run every page through `dashboard.py`, never alone.

    A folder named `pages/` next to the entry script puts a fresh Streamlit server into its
    older multipage mode until `st.navigation` first runs; in that window a deep link such as
    `/participants` would run the page file alone, without the role's page list, language or
    event. Leave that mode exactly as `st.navigation` itself does and rerun through the entry.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# --- reach over many events (forumreach.reach) ---------------------------------------------

ALL_EVENTS = "*"  # the Reach page's choice "every event", next to the programmes' slugs


def _demo_programme_version() -> str:
    files = [demo.DEMO_PROGRAMME, demo.DEMO_META, demo.registration_sheet(),
             *(demo.DEMO_DIR / e["registration_sheet"] for e in demo.later_events())]
    return "demo:" + ":".join(str(int(f.stat().st_mtime)) for f in files)


@st.cache_data(show_spinner=False, max_entries=2)
def _demo_reach_input(version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return events.demo_reach_input()


@st.cache_data(show_spinner=False, max_entries=4)
def _stored_reach_input(version: tuple, vintage: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return events.stored_reach_input(_store(), vintage)


def _stored_reach_version() -> tuple:
    """What the stored events' reach depends on: each event's data and its programme."""
    try:
        table = _store().list_events()
    except Exception:  # no database: the demo programme alone
        return ()
    columns = ["id", "source_sha256", "created_at", "programme_id", "vintage"]
    return tuple(tuple(str(v) for v in row) for row in table[columns].itertuples(index=False))


def programmes() -> list[events.Programme]:
    """The demo's programme first, then every stored one (a stored programme with the demo's
    slug joins it)."""
    first = events.demo_programme()
    try:
        stored = events.stored_programmes(_store())
    except Exception:  # no database: the demo programme alone
        stored = []
    return [first, *(p for p in stored if p.slug != first.slug)]


def reach_key(programme: str, vintage: str) -> tuple:
    """What a reach view is cached on: the demo's files, the stored events, the choice."""
    return (_demo_programme_version(), _stored_reach_version(), programme, vintage)


@st.cache_data(show_spinner=False, max_entries=8)
def _reach_input_of(key: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    demo_version, stored_version, programme, vintage = key
    tables = [_demo_reach_input(demo_version)]
    if stored_version:
        tables.append(_stored_reach_input(stored_version, vintage))
    table = pd.concat([t for t, _ in tables], ignore_index=True)
    participants = pd.concat([p for _, p in tables if len(p)], ignore_index=True)
    if programme != ALL_EVENTS:
        table = table[table.programme == programme].reset_index(drop=True)
    # The demo (2018) and any stored event on an older vintage, on the view's units.
    participants = events.on_units_of(table, participants[participants.event.isin(table.event)],
                                      vintage)
    return table, participants


@st.cache_data(show_spinner=False, max_entries=8)
def _reach(key: tuple):
    from forumreach import reach

    table, participants = _reach_input_of(key)
    return reach.summarise(table, participants, gaz(key[3])), table


def reach_vintage() -> str:
    """The units the Reach page counts on: the newest vintage among the events."""
    return events.newest_vintage(ref.vintage for ref in event_refs())


def reach_of(programme: str, vintage: str = "2018"):
    """(reach.Reach, events table) of a programme or of every event (`ALL_EVENTS`)."""
    return _reach(reach_key(programme, vintage))


def reach_participants(programme: str, vintage: str = "2018") -> pd.DataFrame:
    """The participant rows behind a reach view, personal fields included: callers filter."""
    return _reach_input_of(reach_key(programme, vintage))[1]


@st.cache_data(show_spinner=False, max_entries=16)
def _reach_svg(key: tuple, language: str, donor: bool) -> str:
    reach_view, _ = _reach(key)
    table = _people_suppressed(reach_view.rayons) if donor else reach_view.rayons
    return svgmap.coverage_svg(geometry("adm2", key[3]).geojson, table, "share_present",
                               gaz(key[3]).units, Translator(language))


def reach_svg_map(programme: str, vintage: str = "2018") -> None:
    """The cumulative reach map (rayons and cities shaded by the share of bodies reached)."""
    svg = _reach_svg(reach_key(programme, vintage), lang(), donor_view())
    st.markdown(f'<div class="fr-map" data-testid="fr-reach-map">{svg}</div>',
                unsafe_allow_html=True)
    boundaries_note(vintage)


@st.cache_data(show_spinner=False, max_entries=8)
def _programme_report(key: tuple, language: str, kind: str) -> bytes:
    from forumreach import reach_report

    reach_view, table = _reach(key)
    programme = next((p for p in programmes() if p.slug == key[2]), None)
    make = (reach_report.programme_report_pdf if kind == "pdf"
            else reach_report.programme_report_png)
    return make(reach_view, table, programme, gaz(key[3]), language)


def reach_report_file(programme: str, kind: str, vintage: str = "2018") -> tuple:
    """((programme, language), kind, bytes or None, error text) of the donors' programme
    report; a failure to draw it is shown, not raised."""
    made_for = (programme, lang(), vintage)
    try:
        return made_for, kind, _programme_report(reach_key(programme, vintage), lang(), kind), ""
    except Exception as err:  # fonts, fpdf2 and pdfium fail with many exception types
        return made_for, kind, None, str(err)


def with_history_links(table: pd.DataFrame, soates: pd.Series) -> tuple[pd.DataFrame, dict]:
    """`table` with a column linking each body to its history on the Reach page, and the
    column config that shows it as a link: every page that lists bodies opens a body's events
    the same way (`/reach?body=<soate>`)."""
    t = translator()
    heading = t("col.history")
    links = [f"reach?body={s}&lang={lang()}" if s else None for s in soates.fillna("")]
    config = {heading: st.column_config.LinkColumn(heading, display_text=t("reach.open_history"))}
    return table.assign(**{heading: links}), config
