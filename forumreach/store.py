"""SQLAlchemy store of imported events, their participants, place-name aliases and an audit log.

Several Streamlit processes may share one database, so nothing is cached in the process: every
call reads the database. Writes that belong together (an import, an alias change, a deletion)
run in one transaction together with their audit row, so a half-done change is never visible.

The schema is owned by Alembic (``forumreach/migrations``); ``Store`` upgrades the database to
the newest revision when it opens it. The code below is portable SQL: SQLite by default, and
PostgreSQL through ``postgresql+psycopg://...``.

An unreachable or misconfigured database raises ``StoreUnavailable``, whose message names the
database without user or password and carries no driver text, so a page can show it as is.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Result,
    String,
    Table,
    Text,
    UniqueConstraint,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.pool import NullPool

from forumreach import ROOT
from forumreach.schema import (
    NOT_LSG,  # also an alias target: a known organisation, not an LSG body
    PARTICIPANT_COLUMNS,  # the participants table's columns but its own id and event_id
    UNRESOLVED,
)

DB_URL_ENV = "FORUMREACH_DB_URL"
DEFAULT_DB_PATH = ROOT / "var" / "forumreach.sqlite"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

SQLITE_BUSY_TIMEOUT_S = 30
# An unreachable PostgreSQL host should fail a page quickly, not hang it for the TCP timeout.
CONNECT_TIMEOUT_S = 10

METADATA = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

events_table = Table(
    "events",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), nullable=False, unique=True),
    Column("title", String(500), nullable=False),
    Column("held_on", Date),
    Column("vintage", String(16), nullable=False),
    Column("source_filename", String(500)),
    Column("source_sha256", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("programme_id", Integer, ForeignKey("programmes.id", ondelete="SET NULL")),
    # 1 when imported; each save after a later review (`save_review`) makes the next revision.
    Column("revision", Integer, nullable=False, server_default=text("1")),
)

programmes_table = Table(
    "programmes",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), nullable=False, unique=True),
    Column("name_ky", String(500), nullable=False),
    Column("name_ru", String(500), nullable=False),
    Column("name_en", String(500), nullable=False),
    Column("donor", String(500)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
)
"""A series of events a donor funds as one (forums, trainings, seminars); reach is counted
across its events (``forumreach.reach``). An event belongs to one programme or none."""
PROGRAMME_COLUMNS = ("id", "slug", "name_ky", "name_ru", "name_en", "donor")

participants_table = Table(
    "participants",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("source_row", Integer, nullable=False),
    Column("name", Text),
    Column("position", Text),
    Column("organisation", Text),
    Column("rayon_text", Text),
    Column("oblast_text", Text),
    Column("gender", Text),
    Column("phone", Text),
    Column("email", Text),
    Column("unit_soate", String(14)),
    Column("rayon_soate", String(14)),
    Column("oblast_soate", String(14)),
    Column("match_status", String(32)),
    Column("match_score", Float),
    Column("match_reason", Text),
    Column("role", String(32)),
    Column("is_head", Boolean),
    Column("is_lsg", Boolean),
    Column("duplicate_of", Integer),  # source_row of the row this one likely repeats
    Index(None, "event_id", "source_row"),
)

aliases_table = Table(
    "aliases",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("vintage", String(16), nullable=False),
    Column("alias_norm", String(500), nullable=False),
    Column("rayon_soate", String(14)),
    Column("unit_soate", String(14), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("vintage", "alias_norm", "rayon_soate"),
)
# SQL treats NULLs as distinct in a unique constraint, so "anywhere" aliases (rayon_soate NULL)
# get their own partial unique index; both SQLite and PostgreSQL support partial indexes.
Index(
    "uq_aliases_vintage_alias_norm_anywhere",
    aliases_table.c.vintage,
    aliases_table.c.alias_norm,
    unique=True,
    sqlite_where=aliases_table.c.rayon_soate.is_(None),
    postgresql_where=aliases_table.c.rayon_soate.is_(None),
)

audit_table = Table(
    "audit",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(500)),
    Column("before_json", Text),
    Column("after_json", Text),
)

users_table = Table(
    "users",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("source", String(16), nullable=False),
    Column("password_hash", String(200)),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("display_name", String(200)),
)
"""Who may sign in. ``source`` is ``local`` (argon2 ``password_hash``) or ``oidc`` (no hash: the
identity provider checks the password, this table only grants the role). ``name`` is
case-folded (``forumreach.auth.normalise_name``): it signs in and is unique whatever the case;
``display_name`` is the name as its person typed it, for showing (null: show ``name``)."""

sessions_table = Table(
    "sessions",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("user_name", String(200), nullable=False),
    Column("ticket_hash", String(64), unique=True),
    Column("ticket_expires_at", DateTime(timezone=True)),
    Column("token_hash", String(64), unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)
"""A local sign-in that outlives a page reload (``forumreach.sessions``). The browser holds the
cookie token; only its SHA-256 is here, so a copy of the database signs nobody in."""

setup_tokens_table = Table(
    "setup_tokens",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)
"""First-start links (``forumreach.auth.new_setup_token``), stored as SHA-256 hashes, used once."""

vintages_table = Table(
    "vintages",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("name", String(16), nullable=False, unique=True),
    Column("valid_from", Date),
    Column("meta_json", Text, nullable=False),
    Column("source_filename", String(500)),
    Column("source_sha256", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
)
"""Classifiers a user loaded (``forumreach.vintages``): they live with the user's data, so every
app process sees one as soon as it is saved. A saved vintage is never changed in place."""


column_mappings_table = Table(
    "column_mappings",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("header_fingerprint", String(64), nullable=False, unique=True),
    Column("columns_json", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(200), nullable=False),
)
"""An analyst's column choice (field -> column positions), found again for the next sheet whose
normalised header row has the same fingerprint (``forumreach.columns.header_fingerprint``)."""


def _vintage_rows_table(name: str, columns: tuple[str, ...]) -> Table:
    return Table(
        name,
        METADATA,
        Column("id", Integer, primary_key=True),
        Column("vintage_id", Integer, ForeignKey("vintages.id", ondelete="CASCADE"),
               nullable=False),
        *(Column(c, Boolean if c == "is_lsg" else String(14) if c.endswith("soate")
                 else Text) for c in columns),
        UniqueConstraint("vintage_id", "soate"),
    )


VINTAGE_UNIT_COLUMNS = ("soate", "pcode", "level", "parent_soate", "oblast_soate", "rayon_soate",
                        "is_lsg", "name_ru", "base_ru", "base_ky", "base_en", "name_ky",
                        "name_en", "names_from")
VINTAGE_VILLAGE_COLUMNS = ("soate", "level", "name_ru", "name_ky", "unit_soate", "rayon_soate",
                           "oblast_soate")
vintage_units_table = _vintage_rows_table("vintage_units", VINTAGE_UNIT_COLUMNS)
vintage_villages_table = _vintage_rows_table("vintage_villages", VINTAGE_VILLAGE_COLUMNS)

USER_COLUMNS = ("name", "role", "source", "disabled", "created_at", "created_by", "updated_at",
                "display_name")
# What a review decision changes on a row; the audit keeps these and nothing about the person.
DECISION_FIELDS = ("unit_soate", "rayon_soate", "oblast_soate", "match_status", "match_score")

_SOATE = re.compile(r"\d{14}")
# How the audit names an event, and the actions that save one: an import, a save after review,
# a re-save with a new title. `Store.last_saved_event` reads them back.
EVENT_TARGET = "event:"
SAVED_ACTIONS = ("import_event", "review_event", "update_event")


class EventConflictError(ValueError):
    """The slug is taken by a different import (another file or vintage).

    `message_id` and `params` let a page say so in its reader's language.
    """

    message_id = "save.slug_taken"

    def __init__(self, slug: str, event_id: int, title: str = "") -> None:
        self.slug, self.event_id, self.title = slug, event_id, title
        self.params = {"slug": slug, "title": title or slug}
        super().__init__(f"event slug {slug!r} already holds another import (event {event_id})")


class RevisionConflictError(ValueError):
    """A review of a saved event started from a revision someone has since replaced."""

    message_id = "save.revision_conflict"

    def __init__(self, slug: str, saved: int, started_from: int) -> None:
        self.params = {"slug": slug, "revision": saved}
        super().__init__(f"event {slug!r} was saved again meanwhile (revision {saved}, this "
                         f"review started from {started_from})")


class UserExistsError(ValueError):
    """A user of that name exists already (names are unique, whatever the source)."""


class VintageExistsError(ValueError):
    """A vintage of that name exists already: saved vintages are never replaced."""


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or the URL is unusable.

    The message is meant for a page or a terminal: it names the database without user or
    password, gives a short reason, and never carries the driver's text (which may quote the
    URL). The original error is not chained, so a printed traceback cannot leak it either.
    """

    message_id = "save.store_unavailable"

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        self.params = {"where": where}
        super().__init__(
            f"The database {where} is unavailable: {reason}. Check {DB_URL_ENV} and that the "
            "database server is running."
        )


def redacted_url(url: str) -> str:
    """The URL without user name or password: safe for messages and logs."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(unparsable URL)"
    if parsed.drivername.startswith("sqlite"):
        return f"sqlite:///{parsed.database or ':memory:'}"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.get_backend_name()}://{host}{port}/{parsed.database or ''}"


_REASONS = (
    ("password authentication failed", "the user name or password was refused"),
    ("authentication failed", "the user name or password was refused"),
    ("does not exist", "the database or user does not exist"),
    ("connection refused", "nothing is listening there (connection refused)"),
    ("timeout expired", "the connection timed out"),
    ("timed out", "the connection timed out"),
    ("could not translate host name", "the host name is unknown"),
    ("name or service not known", "the host name is unknown"),
    ("unable to open database file", "the database file cannot be opened"),
    ("the database system is starting up", "the server is starting up"),
    ("the database system is shutting down", "the server is shutting down"),
    ("terminating connection", "the server closed the connection"),
    ("server closed the connection", "the server closed the connection"),
)


def _unavailable(url: str, error: BaseException) -> StoreUnavailable:
    """A short reason picked from the driver text; the driver text itself is not passed on."""
    said = str(getattr(error, "orig", None) or error).lower()
    reason = next((why for needle, why in _REASONS if needle in said), "cannot connect")
    return StoreUnavailable(redacted_url(url), reason)


@dataclass(frozen=True)
class EventMeta:
    """What identifies an import: the slug names the event, the sha256 names the file."""

    slug: str
    title: str
    vintage: str
    held_on: date | None = None
    source_filename: str | None = None
    source_sha256: str | None = None
    programme_id: int | None = None


def resolve_url(url: str | None = None) -> str:
    """Explicit argument, then ``FORUMREACH_DB_URL``, then the SQLite file under ``var/``."""
    if url:
        return url
    if os.environ.get(DB_URL_ENV):
        return os.environ[DB_URL_ENV]
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_PATH}"


def make_engine(url: str) -> Engine:
    """An engine that behaves the same on SQLite and PostgreSQL where it matters to us.

    A URL SQLAlchemy cannot parse, or whose driver is missing, raises ``StoreUnavailable``:
    SQLAlchemy's own message would quote the whole URL, password included.
    """
    try:
        parsed = make_url(url)
        if not parsed.drivername.startswith("sqlite"):
            connect_args = (
                {"connect_timeout": CONNECT_TIMEOUT_S}
                if parsed.get_backend_name() == "postgresql"
                else {}
            )
            return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    except ArgumentError:
        raise StoreUnavailable(redacted_url(url), "this is not a database URL") from None
    except NoSuchModuleError:
        raise StoreUnavailable(redacted_url(url), "no driver for this kind of database") from None
    _with_sqlite_pragmas(engine)
    return engine


def _with_sqlite_pragmas(engine: Engine, foreign_keys: bool = True) -> None:
    in_file = _sqlite_in_file(engine)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Cascading deletes need foreign keys on; several processes need to wait, not fail;
        # with a write-ahead log, dashboard readers do not block an import (and vice versa).
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        if in_file:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def _sqlite_in_file(engine: Engine) -> bool:
    """An in-memory database lives in one connection: no other process can race for it."""
    return engine.url.database not in (None, "", ":memory:")


def _sqlite_migration_engine(url: Any) -> Engine:
    """An engine whose transactions start with BEGIN IMMEDIATE and include DDL.

    Python's sqlite3 commits before each CREATE TABLE on its own, so a migration run through the
    ordinary engine is neither atomic nor exclusive: two processes opening an empty file at once
    would both create tables. Here the first takes the write lock, the others wait for it
    (busy_timeout) and then find the schema at head. Foreign keys are off while migrating, as
    SQLite asks for table rebuilds: Alembic's batch mode drops and recreates a table, and with
    them on, dropping ``events`` would cascade into ``participants``.
    """
    engine = create_engine(
        url,
        poolclass=NullPool,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "isolation_level": None},
    )
    _with_sqlite_pragmas(engine, foreign_keys=False)

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest Alembic revision (creates it when empty).

    One process at a time: an advisory lock on PostgreSQL, the write lock on SQLite.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    separate = engine.dialect.name == "sqlite" and _sqlite_in_file(engine)
    migrating = _sqlite_migration_engine(engine.url) if separate else engine
    try:
        with migrating.begin() as connection:
            if connection.dialect.name == "postgresql":
                # App processes starting together take turns; later ones find the schema done.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        if migrating is not engine:
            migrating.dispose()


_SCHEMA_LOCK = 0x666F72756D  # "forum": any constant no other application on the server uses


class Store:
    """Events, participants, aliases, users and audit in one database; safe to share across
    processes. Opening it connects (and upgrades the schema), so a bad URL fails here."""

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self.create_all()

    def __repr__(self) -> str:
        return f"Store({redacted_url(self.url)!r})"

    def create_all(self) -> None:
        """Create or upgrade the schema through Alembic, so later migrations apply in place.
        """
        with self._reachable():
            upgrade_schema(self.engine)

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """Connection failures become ``StoreUnavailable``; every other error passes through."""
        try:
            yield
        except (OperationalError, InterfaceError) as err:
            if not _is_connection_error(err):
                raise
            raise _unavailable(self.url, err) from None

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        with self._reachable(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        with self._reachable(), self.engine.begin() as conn:
            yield conn

    # events -------------------------------------------------------------------------------

    def save_event(
        self,
        meta: EventMeta | Mapping[str, Any],
        participants: pd.DataFrame,
        actor: str = "system",
        aliases: Iterable[Mapping[str, Any]] = (),
    ) -> int:
        """Save an import whole or not at all; the same file again returns the saved event id.

        "The same file" means the same slug, vintage and ``source_sha256``; a different file
        under a taken slug raises ``EventConflictError`` rather than silently replacing data.
        ``aliases`` (``alias_norm``, ``unit_soate``, ``rayon_soate``) are the review decisions
        made on this import: they land in the same transaction, or not at all.
        """
        meta = _event_meta(meta)
        rows = participant_rows(participants)
        decisions = [_checked_alias(a) for a in aliases]
        try:
            with self._begin() as conn:
                existing = _event_by_slug(conn, meta.slug)
                if existing is not None:
                    return _resaved(conn, existing, meta, actor)
                event_id = conn.execute(
                    insert(events_table).values(**asdict(meta), created_at=_now(), created_by=actor)
                ).inserted_primary_key[0]
                if rows:
                    conn.execute(
                        insert(participants_table), [{"event_id": event_id, **r} for r in rows]
                    )
                after = {
                    "event_id": event_id,
                    "slug": meta.slug,
                    "vintage": meta.vintage,
                    "source_filename": meta.source_filename,
                    "source_sha256": meta.source_sha256,
                    "participants": len(rows),
                }
                _record(conn, actor, "import_event", _event_target(event_id), after=after)
                for alias_norm, unit_soate, rayon_soate in decisions:
                    _write_alias(conn, meta.vintage, alias_norm, unit_soate, rayon_soate, actor)
        except IntegrityError:
            # Another process may have saved the same slug between our check and our insert.
            with self._connect() as conn:
                existing = _event_by_slug(conn, meta.slug)
            if existing is None:
                raise
            return _same_import_or_raise(existing, meta)
        return int(event_id)

    def list_events(self) -> pd.DataFrame:
        """Every event with its participant count and its rows still unresolved (`review`,
        `unmatched`: a person has to look), in import order."""
        n_participants = (
            select(func.count())
            .where(participants_table.c.event_id == events_table.c.id)
            .scalar_subquery()
            .label("n_participants")
        )
        n_unresolved = (
            select(func.count())
            .where(participants_table.c.event_id == events_table.c.id,
                   participants_table.c.match_status.in_(UNRESOLVED))
            .scalar_subquery()
            .label("n_unresolved")
        )
        with self._connect() as conn:
            frame = _frame(
                conn.execute(select(events_table, n_participants, n_unresolved)
                             .order_by(events_table.c.id))
            )
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        return frame.astype({"id": "int64", "n_participants": "int64", "n_unresolved": "int64",
                             "revision": "int64"})

    def save_review(
        self,
        event_id: int,
        participants: pd.DataFrame,
        revision: int,
        actor: str = "system",
        aliases: Iterable[Mapping[str, Any]] = (),
    ) -> int:
        """Save a saved event again after a later review, as its next revision; returns it.

        The participant rows are replaced and the review's decisions land as aliases, in one
        transaction. ``revision`` is the one the review started from: if someone saved another
        revision meanwhile, ``EventConflictError`` is raised and nothing changes.
        """
        rows = participant_rows(participants)
        decisions = [_checked_alias(a) for a in aliases]
        with self._begin() as conn:
            row = _event_row(conn, event_id)
            if row is None:
                raise KeyError(f"no event {event_id}")
            if row["revision"] != revision:
                raise RevisionConflictError(str(row["slug"]), int(row["revision"]), revision)
            new_revision = revision + 1
            conn.execute(update(events_table).where(events_table.c.id == event_id)
                         .values(revision=new_revision))
            conn.execute(delete(participants_table)
                         .where(participants_table.c.event_id == event_id))
            if rows:
                conn.execute(insert(participants_table),
                             [{"event_id": event_id, **r} for r in rows])
            unresolved = sum(r["match_status"] in UNRESOLVED for r in rows)
            _record(conn, actor, "review_event", _event_target(event_id),
                    before={"revision": revision},
                    after={"revision": new_revision, "participants": len(rows),
                           "unresolved": unresolved})
            for alias_norm, unit_soate, rayon_soate in decisions:
                _write_alias(conn, row["vintage"], alias_norm, unit_soate, rayon_soate, actor)
        return new_revision

    def get_event(self, event_id: int) -> dict[str, Any] | None:
        """One event's metadata, or None when there is no such event."""
        with self._connect() as conn:
            row = _event_row(conn, event_id)
        if row is None:
            return None
        return {**row, "created_at": _utc(row["created_at"])}

    def load_participants(self, event_id: int) -> pd.DataFrame:
        """The participants of one event, in sheet order, with the columns they were saved with."""
        return self.load_participants_of([event_id]).drop(columns="event_id")

    def delete_event(self, event_id: int, actor: str = "system") -> bool:
        """Delete an event and (by cascade) its participants; False when it did not exist."""
        with self._begin() as conn:
            row = _event_row(conn, event_id)
            if row is None:
                return False
            count = conn.execute(
                select(func.count()).where(participants_table.c.event_id == event_id)
            ).scalar_one()
            conn.execute(delete(events_table).where(events_table.c.id == event_id))
            before = {
                "event_id": event_id,
                "slug": row["slug"],
                "vintage": row["vintage"],
                "source_filename": row["source_filename"],
                "source_sha256": row["source_sha256"],
                "participants": count,
            }
            _record(conn, actor, "delete_event", _event_target(event_id), before=before)
        return True

    # programmes ---------------------------------------------------------------------------

    def upsert_programme(
        self,
        slug: str,
        names: Mapping[str, str],
        donor: str | None = None,
        actor: str = "system",
    ) -> int:
        """Create a programme, or rename it (names per language ``ky``/``ru``/``en``, a missing
        language takes another's name) and set its donor; returns its id."""
        slug = _programme_slug(slug)
        given = {lang: str(names.get(lang) or "").strip() for lang in ("ky", "ru", "en")}
        fallback = next((n for n in given.values() if n), slug)
        values = {f"name_{lang}": name or fallback for lang, name in given.items()}
        values["donor"] = (donor or "").strip() or None
        with self._begin() as conn:
            row = _programme_by_slug(conn, slug)
            if row is None:
                programme_id = conn.execute(insert(programmes_table).values(
                    slug=slug, created_at=_now(), created_by=actor, **values
                )).inserted_primary_key[0]
                before = None
            else:
                programme_id = row["id"]
                conn.execute(update(programmes_table)
                             .where(programmes_table.c.id == programme_id).values(**values))
                before = {k: row[k] for k in values}
            _record(conn, actor, "upsert_programme", f"programme:{slug}", before=before,
                    after={"programme_id": programme_id, **values})
        return int(programme_id)

    def list_programmes(self) -> pd.DataFrame:
        """Every programme with its names, donor and how many events it holds."""
        n_events = (
            select(func.count())
            .where(events_table.c.programme_id == programmes_table.c.id)
            .scalar_subquery()
            .label("n_events")
        )
        columns = [programmes_table.c[c] for c in PROGRAMME_COLUMNS]
        with self._connect() as conn:
            frame = _frame(conn.execute(
                select(*columns, n_events).order_by(programmes_table.c.id)))
        return frame.astype({"id": "int64", "n_events": "int64"})

    def find_programme(self, text: str) -> dict[str, Any] | None:
        """The programme whose slug or name (in any language) is ``text``, case aside."""
        wanted = str(text or "").strip().casefold()
        if not wanted:
            return None
        table = self.list_programmes()
        for row in table.to_dict("records"):
            keys = {str(row[k]).strip().casefold()
                    for k in ("slug", "name_ky", "name_ru", "name_en")}
            if wanted in keys:
                return row
        return None

    def assign_programme(
        self, event_id: int, programme_id: int | None, actor: str = "system"
    ) -> bool:
        """Put an event into a programme (or, with None, into none); False when no such event."""
        with self._begin() as conn:
            row = _event_row(conn, event_id)
            if row is None:
                return False
            if programme_id is not None and conn.execute(
                select(programmes_table.c.id).where(programmes_table.c.id == programme_id)
            ).first() is None:
                raise ValueError(f"no programme with id {programme_id}")
            conn.execute(update(events_table).where(events_table.c.id == event_id)
                         .values(programme_id=programme_id))
            _record(conn, actor, "assign_programme", _event_target(event_id),
                    before={"programme_id": row["programme_id"]},
                    after={"programme_id": programme_id})
        return True

    def load_participants_of(self, event_ids: Iterable[int]) -> pd.DataFrame:
        """The participants of several events in one query, with an ``event_id`` column: reach
        over a programme reads all its events at once rather than one query per event."""
        ids = [int(i) for i in event_ids]
        query = (
            select(participants_table.c.event_id,
                   *(participants_table.c[name] for name in PARTICIPANT_COLUMNS))
            .where(participants_table.c.event_id.in_(ids))
            .order_by(participants_table.c.event_id, participants_table.c.source_row,
                      participants_table.c.id)
        )
        with self._connect() as conn:
            frame = _frame(conn.execute(query))
        return _participant_dtypes(frame).astype({"event_id": "int64"})

    # aliases ------------------------------------------------------------------------------

    def upsert_alias(
        self,
        vintage: str,
        alias_norm: str,
        unit_soate: str,
        rayon_soate: str | None = None,
        actor: str = "system",
    ) -> int:
        """Point a normalised name (within a rayon, or anywhere) at an LSG body or ``NOT_LSG``."""
        alias_norm, unit_soate, rayon_soate = _checked_alias(
            {"alias_norm": alias_norm, "unit_soate": unit_soate, "rayon_soate": rayon_soate})
        try:
            return self._upsert_alias_once(vintage, alias_norm, unit_soate, rayon_soate, actor)
        except IntegrityError:
            # Another process inserted the same alias first; now it exists, so this updates it.
            return self._upsert_alias_once(vintage, alias_norm, unit_soate, rayon_soate, actor)

    def _upsert_alias_once(
        self, vintage: str, alias_norm: str, unit_soate: str, rayon_soate: str | None, actor: str
    ) -> int:
        with self._begin() as conn:
            return _write_alias(conn, vintage, alias_norm, unit_soate, rayon_soate, actor)

    def delete_alias(
        self,
        vintage: str,
        alias_norm: str,
        rayon_soate: str | None = None,
        actor: str = "system",
    ) -> bool:
        """Remove one alias; False when there was none."""
        alias_norm = _alias_text(alias_norm)
        rayon_soate = _checked_soate(rayon_soate, "rayon_soate")
        with self._begin() as conn:
            row = _alias_row(conn, vintage, alias_norm, rayon_soate)
            if row is None:
                return False
            conn.execute(delete(aliases_table).where(aliases_table.c.id == row["id"]))
            before = {"alias_id": row["id"], "unit_soate": row["unit_soate"]}
            _record(
                conn,
                actor,
                "delete_alias",
                _alias_target(vintage, alias_norm, rayon_soate),
                before=before,
            )
        return True

    def load_aliases(self, vintage: str) -> pd.DataFrame:
        """The aliases of one vintage, oldest first."""
        query = (
            select(aliases_table)
            .where(aliases_table.c.vintage == vintage)
            .order_by(aliases_table.c.id)
        )
        with self._connect() as conn:
            frame = _frame(conn.execute(query))
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        return frame.astype({"id": "int64"})

    # users --------------------------------------------------------------------------------

    def add_user(
        self,
        name: str,
        role: str,
        source: str,
        password_hash: str | None = None,
        actor: str = "system",
        display_name: str | None = None,
    ) -> int:
        """Store a user; ``forumreach.auth`` checks names, roles and hashes before calling this."""
        now = _now()
        values = {
            "name": name, "role": role, "source": source, "password_hash": password_hash,
            "disabled": False, "created_at": now, "created_by": actor, "updated_at": now,
            "display_name": display_name,
        }
        try:
            with self._begin() as conn:
                user_id = conn.execute(insert(users_table).values(**values)).inserted_primary_key[0]
                if source == "local":  # a first-start link dies once any account exists
                    conn.execute(delete(setup_tokens_table))
                after = {"role": role, "source": source}
                _record(conn, actor, "add_user", f"user:{name}", after=after)
        except IntegrityError:
            raise UserExistsError(f"a user named {name!r} exists already") from None
        return int(user_id)

    def get_user(self, name: str) -> dict[str, Any] | None:
        """One user with the password hash (for ``forumreach.auth`` only), or None."""
        with self._connect() as conn:
            row = (
                conn.execute(select(users_table).where(users_table.c.name == name))
                .mappings()
                .first()
            )
        return None if row is None else dict(row)

    def update_user(
        self,
        name: str,
        actor: str = "system",
        *,
        role: str | None = None,
        disabled: bool | None = None,
        password_hash: str | None = None,
        audited: bool = True,
    ) -> bool:
        """Change a user's role, disabled flag or password hash; False when there is no user.

        The audit row says that the password changed, never what it is or was. ``audited=False``
        is for re-hashing on sign-in, which changes nothing a person decided.
        """
        changes = {
            key: value
            for key, value in {
                "role": role, "disabled": disabled, "password_hash": password_hash,
            }.items()
            if value is not None
        }
        if not changes:
            raise ValueError("nothing to change")
        with self._begin() as conn:
            row = (
                conn.execute(select(users_table).where(users_table.c.name == name))
                .mappings()
                .first()
            )
            if row is None:
                return False
            conn.execute(
                update(users_table)
                .where(users_table.c.id == row["id"])
                .values(**changes, updated_at=_now())
            )
            if audited:
                shown = [key for key in ("role", "disabled") if key in changes]
                before = {key: row[key] for key in shown}
                after = {key: changes[key] for key in shown}
                if "password_hash" in changes:
                    after["credential"] = "changed"
                _record(conn, actor, "update_user", f"user:{name}", before=before, after=after)
        return True

    def list_users(self) -> pd.DataFrame:
        """Every user, oldest first, without password hashes."""
        query = select(*(users_table.c[c] for c in USER_COLUMNS)).order_by(users_table.c.id)
        with self._connect() as conn:
            frame = _frame(conn.execute(query))
        for column in ("created_at", "updated_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        return frame.astype({"disabled": "bool"})

    def count_users(self, source: str | None = None) -> int:
        """How many users there are (of one source), disabled ones included."""
        query = select(func.count()).select_from(users_table)
        if source is not None:
            query = query.where(users_table.c.source == source)
        with self._connect() as conn:
            return int(conn.execute(query).scalar_one())

    # sign-in sessions and setup tokens (hashes only; forumreach.sessions makes the tokens) ---

    def add_session(self, user_name: str, ticket_hash: str, ticket_expires_at: datetime) -> int:
        now = _now()
        values = {"user_name": user_name, "ticket_hash": ticket_hash,
                  "ticket_expires_at": ticket_expires_at, "created_at": now,
                  "last_seen_at": now}
        with self._begin() as conn:
            return int(conn.execute(insert(sessions_table).values(**values))
                       .inserted_primary_key[0])

    def exchange_session_ticket(self, ticket_hash: str, token_hash: str) -> bool:
        """Swap a live, unexpired ticket for the cookie token; a ticket works once."""
        query = (
            update(sessions_table)
            .where(sessions_table.c.ticket_hash == ticket_hash,
                   sessions_table.c.ended_at.is_(None),
                   sessions_table.c.ticket_expires_at > _now())
            .values(ticket_hash=None, ticket_expires_at=None, token_hash=token_hash)
        )
        with self._begin() as conn:
            return conn.execute(query).rowcount == 1

    def session_ticket_waiting(self, session_id: int) -> bool:
        """Whether a session's ticket is still fresh and unspent: its browser has no cookie yet."""
        query = select(sessions_table.c.id).where(
            sessions_table.c.id == session_id, sessions_table.c.ticket_hash.is_not(None),
            sessions_table.c.ended_at.is_(None), sessions_table.c.ticket_expires_at > _now())
        with self._connect() as conn:
            return conn.execute(query).first() is not None

    def live_session(self, *, token_hash: str | None = None, session_id: int | None = None,
                     seen_since: datetime) -> dict[str, Any] | None:
        """The session of that token or id when not ended and seen since ``seen_since``."""
        key = (sessions_table.c.token_hash == token_hash if token_hash is not None
               else sessions_table.c.id == session_id)
        query = select(sessions_table).where(key, sessions_table.c.ended_at.is_(None),
                                             sessions_table.c.last_seen_at >= seen_since)
        with self._connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else dict(row)

    def touch_session(self, session_id: int, seen_since: datetime) -> bool:
        """Mark a session active now; False when it has ended or was idle past ``seen_since``."""
        query = (
            update(sessions_table)
            .where(sessions_table.c.id == session_id, sessions_table.c.ended_at.is_(None),
                   sessions_table.c.last_seen_at >= seen_since)
            .values(last_seen_at=_now())
        )
        with self._begin() as conn:
            return conn.execute(query).rowcount == 1

    def end_sessions(self, *, session_id: int | None = None, token_hash: str | None = None,
                     user_name: str | None = None) -> int:
        """End one session (by id or token) or every session of a user; how many ended."""
        if session_id is not None:
            key = sessions_table.c.id == session_id
        elif token_hash is not None:
            key = sessions_table.c.token_hash == token_hash
        elif user_name is not None:
            key = sessions_table.c.user_name == user_name
        else:
            raise ValueError("say which sessions to end")
        query = (update(sessions_table).where(key, sessions_table.c.ended_at.is_(None))
                 .values(ended_at=_now(), ticket_hash=None, ticket_expires_at=None))
        with self._begin() as conn:
            return conn.execute(query).rowcount

    def delete_dead_sessions(self, seen_before: datetime) -> int:
        """Delete the sessions that can never sign anyone in again: ended, idle since before
        ``seen_before``, a ticket never exchanged in time, or of a user who is no longer an
        enabled local account; how many went. Only hashes go: the sign-ins and sign-outs stay
        in the audit trail."""
        enabled = select(users_table.c.name).where(users_table.c.source == "local",
                                                   users_table.c.disabled.is_(False))
        dead = or_(sessions_table.c.ended_at.is_not(None),
                   sessions_table.c.last_seen_at < seen_before,
                   sessions_table.c.token_hash.is_(None)
                   & (sessions_table.c.ticket_expires_at < _now()),
                   sessions_table.c.user_name.not_in(enabled))
        with self._begin() as conn:
            return conn.execute(delete(sessions_table).where(dead)).rowcount

    def delete_dead_setup_tokens(self) -> int:
        """Delete first-start tokens that no longer open anything (used or expired; all of
        them once a local account exists); how many went."""
        with self._begin() as conn:
            query = delete(setup_tokens_table)
            if _local_users(conn) == 0:
                query = query.where(or_(setup_tokens_table.c.used_at.is_not(None),
                                        setup_tokens_table.c.expires_at <= _now()))
            return conn.execute(query).rowcount

    def add_setup_token(self, token_hash: str, expires_at: datetime) -> None:
        with self._begin() as conn:
            conn.execute(insert(setup_tokens_table).values(
                token_hash=token_hash, created_at=_now(), expires_at=expires_at))

    def setup_token_usable(self, token_hash: str) -> bool:
        """Unused, unexpired, and no local account exists yet."""
        with self._connect() as conn:
            return _setup_token_usable(conn, token_hash)

    def add_first_user(self, token_hash: str, name: str, password_hash: str,
                       actor: str, display_name: str | None = None) -> bool:
        """The first local admin, made through a setup link; False when the link is spent,
        expired or an account exists already. The token is marked used in the same
        transaction, and the audit row names the user, never the token.

        Atomic when two links are redeemed at once: otherwise each transaction would count no
        account in its own snapshot and both would insert an admin. On PostgreSQL a lock on
        ``users`` (which also holds off ``users add``) makes the second wait for the first to
        commit; its count, a new snapshot under READ COMMITTED, then sees the first admin. On
        SQLite the first write (spending the token) takes the database's one write lock, which
        does the same."""
        try:
            with self._begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"))
                spent = conn.execute(
                    update(setup_tokens_table)
                    .where(setup_tokens_table.c.token_hash == token_hash,
                           setup_tokens_table.c.used_at.is_(None),
                           setup_tokens_table.c.expires_at > _now())
                    .values(used_at=_now())
                ).rowcount == 1
                if not spent or _local_users(conn) > 0:
                    raise _NotFirst
                now = _now()
                conn.execute(insert(users_table).values(
                    name=name, role="admin", source="local", password_hash=password_hash,
                    disabled=False, created_at=now, created_by=actor, updated_at=now,
                    display_name=display_name))
                conn.execute(delete(setup_tokens_table))  # every other link is dead now too
                _record(conn, actor, "add_user", f"user:{name}",
                        after={"role": "admin", "source": "local"})
        except _NotFirst:
            return False
        return True

    # vintages (forumreach.vintages checks a classifier before it gets here) ----------------

    def save_vintage(self, name: str, meta: Mapping[str, Any], units: pd.DataFrame,
                     villages: pd.DataFrame, actor: str = "system") -> int:
        """Save a user's classifier whole or not at all; a taken name raises VintageExistsError
        (a vintage events were matched on must never change under them)."""
        valid_from = meta.get("valid_from")
        values = {
            "name": name, "meta_json": _json(dict(meta)),
            "valid_from": date.fromisoformat(valid_from) if valid_from else None,
            "source_filename": meta.get("source_filename"),
            "source_sha256": meta.get("source_sha256"),
            "created_at": _now(), "created_by": actor,
        }
        try:
            with self._begin() as conn:
                vintage_id = conn.execute(
                    insert(vintages_table).values(**values)).inserted_primary_key[0]
                for table, columns, frame in (
                    (vintage_units_table, VINTAGE_UNIT_COLUMNS, units),
                    (vintage_villages_table, VINTAGE_VILLAGE_COLUMNS, villages),
                ):
                    rows = frame[list(columns)].astype(object).to_dict("records")
                    if rows:
                        conn.execute(insert(table), [{"vintage_id": vintage_id, **r}
                                                     for r in rows])
                _record(conn, actor, "import_vintage", f"vintage:{name}", after={
                    "vintage_id": vintage_id, "source_filename": values["source_filename"],
                    "source_sha256": values["source_sha256"], "units": len(units),
                    "villages": len(villages)})
        except IntegrityError:
            raise VintageExistsError(f"a vintage named {name!r} exists already") from None
        return int(vintage_id)

    def list_vintages(self) -> pd.DataFrame:
        """Every stored vintage (name, valid_from, meta_json, source, who and when), by name."""
        query = select(*(c for c in vintages_table.c if c.name != "id")).order_by(
            vintages_table.c.name)
        with self._connect() as conn:
            return _frame(conn.execute(query))

    def load_vintage(self, name: str) -> tuple[dict, pd.DataFrame, pd.DataFrame] | None:
        """(meta, units, villages) of a stored vintage, or None when there is none by that name."""
        with self._connect() as conn:
            row = conn.execute(select(vintages_table).where(
                vintages_table.c.name == name)).mappings().first()
            if row is None:
                return None
            frames = [
                _frame(conn.execute(
                    select(*(table.c[c] for c in columns))
                    .where(table.c.vintage_id == row["id"]).order_by(table.c.soate)))
                for table, columns in ((vintage_units_table, VINTAGE_UNIT_COLUMNS),
                                       (vintage_villages_table, VINTAGE_VILLAGE_COLUMNS))
            ]
        return json.loads(row["meta_json"]), frames[0], frames[1]

    # column mappings ----------------------------------------------------------------------

    def remember_mapping(
        self, fingerprint: str, columns: Mapping[str, Iterable[int]], actor: str = "system"
    ) -> None:
        """Keep an analyst's columns for sheets with these headers; positions, not header
        texts, so a header typed with other capitals or punctuation still finds them."""
        kept = {name: [int(col) for col in cols] for name, cols in columns.items() if cols}
        try:
            self._remember_mapping_once(fingerprint, kept, actor)
        except IntegrityError:  # another process saved the same headers first: update theirs
            self._remember_mapping_once(fingerprint, kept, actor)

    def _remember_mapping_once(self, fingerprint: str, kept: dict, actor: str) -> None:
        table = column_mappings_table
        values = {"columns_json": json.dumps(kept, sort_keys=True), "updated_at": _now(),
                  "updated_by": actor}
        with self._begin() as conn:
            found = conn.execute(select(table.c.id).where(
                table.c.header_fingerprint == fingerprint)).first()
            if found is None:
                conn.execute(insert(table).values(header_fingerprint=fingerprint, **values))
            else:
                conn.execute(update(table).where(table.c.id == found.id).values(**values))
            _record(conn, actor, "remember_mapping", f"headers:{fingerprint[:16]}",
                    after={"fields": sorted(kept)})

    def remembered_mapping(self, fingerprint: str) -> dict[str, list[int]] | None:
        """The columns last chosen for a sheet with these headers, or None."""
        table = column_mappings_table
        with self._connect() as conn:
            text_ = conn.execute(select(table.c.columns_json).where(
                table.c.header_fingerprint == fingerprint)).scalar()
        return json.loads(text_) if text_ else None

    # audit --------------------------------------------------------------------------------

    def record(
        self,
        actor: str,
        action: str,
        target: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        """Audit something that happens outside the store's own writes: a sign-in, a review
        decision, an export. Payloads hold ids, codes and counts: keys naming a person's field
        or a secret (``name``, ``phone``, ``email``, ``password``, ...) and whole tables are
        refused with ValueError, so a careless caller cannot put them in the log."""
        with self._begin() as conn:
            _record(conn, actor, action, target, before=before, after=after)

    def record_review_decision(
        self,
        actor: str,
        target: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
    ) -> None:
        """A person's decision on one row, e.g. target ``sheet:<sha256>:row:<source_row>``.

        ``before`` and ``after`` may be whole participant rows: only ``DECISION_FIELDS`` are
        kept, so the person's name and contacts never reach the log.
        """
        self.record(actor, "review_decision", target, decision_fields(before),
                    decision_fields(after))

    def audit_log(
        self,
        *,
        action: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
    ) -> pd.DataFrame:
        """Recorded changes, oldest first, optionally of one action or actor or since a moment;
        the JSON columns hold ids, codes and counts only."""
        query = select(audit_table).order_by(audit_table.c.id)
        if action is not None:
            query = query.where(audit_table.c.action == action)
        if actor is not None:
            query = query.where(audit_table.c.actor == actor)
        if since is not None:  # stored in UTC; SQLite compares the text, so convert first
            since = since.astimezone(UTC) if since.tzinfo else since.replace(tzinfo=UTC)
            query = query.where(audit_table.c.at >= since)
        with self._connect() as conn:
            frame = _frame(conn.execute(query))
        frame["at"] = pd.to_datetime(frame["at"], utc=True)
        return frame.astype({"id": "int64"})

    def last_saved_event(self, actor: str) -> int | None:
        """The id of the event `actor` saved, re-saved after review or retitled last, among the
        events still stored; None if there is none. The audit is the record of who saved what,
        so every process answers alike, with no table of its own."""
        saved = (
            select(events_table.c.id)
            .join(audit_table, audit_table.c.target
                  == literal(EVENT_TARGET, String).concat(cast(events_table.c.id, String)))
            .where(audit_table.c.actor == actor, audit_table.c.action.in_(SAVED_ACTIONS))
            .order_by(audit_table.c.id.desc())
            .limit(1)
        )
        with self._connect() as conn:
            return conn.execute(saved).scalar()

    def audit_actions(self) -> list[str]:
        """The actions the log holds, sorted: what an admin can filter it by. Sorted here, not
        in SQL, so the order is the same whatever the database's collation."""
        with self._connect() as conn:
            return sorted(conn.execute(select(audit_table.c.action).distinct()).scalars())

    def audit_export(self, **filters: Any) -> pd.DataFrame:
        """The audit log as an admin downloads it (`audit_export_frame`)."""
        return audit_export_frame(self.audit_log(**filters))


def audit_export_frame(log: pd.DataFrame) -> pd.DataFrame:
    """`Store.audit_log` as an admin downloads it: text columns, time in ISO 8601 UTC.

    Pass it through ``forumreach.export.to_csv``/``to_xlsx``, which make formula-looking
    text (an alias typed as ``=HYPERLINK(...)``) inert.
    """
    return pd.DataFrame(
        {
            "id": log["id"],
            "at": log["at"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "actor": log["actor"],
            "action": log["action"],
            "target": log["target"],
            "before": log["before_json"],
            "after": log["after_json"],
        }
    ).astype({"at": object})


def _event_target(event_id: int) -> str:
    return f"{EVENT_TARGET}{event_id}"


def _is_connection_error(err: DBAPIError) -> bool:
    """Raised while connecting (no statement yet) or by a connection that died under us."""
    return bool(err.connection_invalidated) or err.statement is None


def decision_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a participant row a review decision changes; missing values become None."""
    picked = {}
    for key in DECISION_FIELDS:
        value = row.get(key) if hasattr(row, "get") else None
        picked[key] = None if value is None or _is_missing(value) else value
    return picked


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# conversions ------------------------------------------------------------------------------


def _frame(result: Result[Any]) -> pd.DataFrame:
    """Column-wise, because pandas probes every SQLAlchemy Row object for attributes (slow)."""
    columns = list(result.keys())
    rows = result.all()
    return pd.DataFrame(
        {name: list(values) for name, values in zip(columns, zip(*rows, strict=True), strict=True)}
        if rows
        else {name: [] for name in columns},
        columns=columns,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; we only ever store UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _NotFirst(Exception):
    """Rolls back a setup-link sign-up that came too late (link spent or an account exists)."""


def _local_users(conn: Connection) -> int:
    query = select(func.count()).select_from(users_table).where(users_table.c.source == "local")
    return int(conn.execute(query).scalar_one())


def _setup_token_usable(conn: Connection, token_hash: str) -> bool:
    query = select(func.count()).select_from(setup_tokens_table).where(
        setup_tokens_table.c.token_hash == token_hash, setup_tokens_table.c.used_at.is_(None),
        setup_tokens_table.c.expires_at > _now())
    return int(conn.execute(query).scalar_one()) == 1 and _local_users(conn) == 0


def _event_meta(meta: EventMeta | Mapping[str, Any]) -> EventMeta:
    if not isinstance(meta, EventMeta):
        known = set(EventMeta.__dataclass_fields__)
        fields = {k: v for k, v in meta.items() if k in known}  # pipeline extras are ignored
        fields.setdefault("title", fields.get("slug"))
        meta = EventMeta(**fields)
    for name in ("slug", "title", "vintage"):
        value = getattr(meta, name)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"event {name} is required")
    held_on = meta.held_on
    if isinstance(held_on, str):
        held_on = date.fromisoformat(held_on) if held_on.strip() else None
    elif isinstance(held_on, datetime):  # also pd.Timestamp
        held_on = held_on.date()
    elif held_on is not None and not isinstance(held_on, date):
        raise ValueError(f"held_on must be a date, not {held_on!r}")
    return EventMeta(
        slug=meta.slug.strip(),
        title=meta.title.strip(),
        vintage=str(meta.vintage).strip(),
        held_on=held_on,
        source_filename=meta.source_filename,
        source_sha256=meta.source_sha256,
        programme_id=None if meta.programme_id is None else int(meta.programme_id),
    )


def _checked_alias(alias: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """(alias_norm, unit_soate, rayon_soate), checked before any write."""
    unit_soate = _checked_soate(alias.get("unit_soate"), "unit_soate", allow_not_lsg=True)
    if unit_soate is None:
        raise ValueError("unit_soate is required")
    return (_alias_text(alias["alias_norm"]), unit_soate,
            _checked_soate(alias.get("rayon_soate") or None, "rayon_soate"))


def _write_alias(conn: Connection, vintage: str, alias_norm: str, unit_soate: str,
                 rayon_soate: str | None, actor: str) -> int:
    """Insert or repoint one alias inside the caller's transaction, with its audit row."""
    row = _alias_row(conn, vintage, alias_norm, rayon_soate)
    if row is not None and row["unit_soate"] == unit_soate:
        return int(row["id"])
    values = {"unit_soate": unit_soate, "created_at": _now(), "created_by": actor}
    if row is None:
        alias_id = conn.execute(
            insert(aliases_table).values(
                vintage=vintage, alias_norm=alias_norm, rayon_soate=rayon_soate, **values
            )
        ).inserted_primary_key[0]
        before = None
    else:
        alias_id = row["id"]
        conn.execute(update(aliases_table).where(aliases_table.c.id == alias_id).values(**values))
        before = {"unit_soate": row["unit_soate"]}
    _record(conn, actor, "upsert_alias", _alias_target(vintage, alias_norm, rayon_soate),
            before=before, after={"alias_id": alias_id, "unit_soate": unit_soate})
    return int(alias_id)


def _event_row(conn: Connection, event_id: int) -> Mapping[str, Any] | None:
    query = select(events_table).where(events_table.c.id == event_id)
    return conn.execute(query).mappings().first()


def _programme_by_slug(conn: Connection, slug: str) -> Mapping[str, Any] | None:
    query = select(programmes_table).where(programmes_table.c.slug == slug)
    return conn.execute(query).mappings().first()


def _programme_slug(slug: str) -> str:
    if not isinstance(slug, str) or not slug.strip():
        raise ValueError("a programme needs a slug")
    return slug.strip()


def _event_by_slug(conn: Connection, slug: str) -> Mapping[str, Any] | None:
    return conn.execute(select(events_table).where(events_table.c.slug == slug)).mappings().first()


def _same_import_or_raise(existing: Mapping[str, Any], meta: EventMeta) -> int:
    same_file = meta.source_sha256 is not None and existing["source_sha256"] == meta.source_sha256
    if same_file and existing["vintage"] == meta.vintage:
        return int(existing["id"])
    raise EventConflictError(meta.slug, int(existing["id"]), str(existing["title"] or ""))


def _resaved(conn: Connection, existing: Mapping[str, Any], meta: EventMeta, actor: str) -> int:
    """The same file saved again: its rows stay, a changed title (or a given date) is taken."""
    event_id = _same_import_or_raise(existing, meta)
    changes = {"title": meta.title} if meta.title != existing["title"] else {}
    if meta.held_on is not None and meta.held_on != existing["held_on"]:
        changes["held_on"] = meta.held_on
    if changes:
        conn.execute(update(events_table).where(events_table.c.id == event_id).values(**changes))
        before = {k: existing[k] for k in changes}
        _record(conn, actor, "update_event", _event_target(event_id),
                before={k: str(v) if v is not None else None for k, v in before.items()},
                after={k: str(v) for k, v in changes.items()})
    return event_id


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():  # a phone number read as a number
        return str(int(value))
    return str(value)


def _integer(value: Any) -> int:
    return int(value)


def _number(value: Any) -> float:
    return float(value)


_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise ValueError(f"not a yes/no value: {value!r}")
    return bool(value)


def _checked_soate(value: Any, column: str, allow_not_lsg: bool = False) -> str | None:
    """SOATE codes are 14-digit strings; numbers are accepted and turned into text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = _text(value).strip()
    if not text:
        return None
    if _SOATE.fullmatch(text) or (allow_not_lsg and text == NOT_LSG):
        return text
    raise ValueError(f"{column} is not a 14-digit SOATE code: {value!r}")


_CONVERTERS = {
    "source_row": _integer,
    "duplicate_of": _integer,
    "match_score": _number,
    "is_head": _flag,
    "is_lsg": _flag,
    # The matcher may mark a row as a known non-LSG organisation, as an alias can.
    "unit_soate": lambda v: _checked_soate(v, "unit_soate", allow_not_lsg=True),
    "rayon_soate": lambda v: _checked_soate(v, "rayon_soate"),
    "oblast_soate": lambda v: _checked_soate(v, "oblast_soate"),
}


def participant_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame -> plain-Python rows for a bulk insert.

    Missing columns become NULL (``source_row`` becomes the row order, 1-based); columns the
    table does not have are ignored. Missing values are NULL, whatever pandas called them.
    """
    columns: dict[str, list[Any]] = {}
    for name in PARTICIPANT_COLUMNS:
        if name not in frame.columns:
            columns[name] = (
                list(range(1, len(frame) + 1)) if name == "source_row" else [None] * len(frame)
            )
            continue
        series = frame[name].astype(object)
        values = series.where(series.notna(), None).tolist()
        convert = _CONVERTERS.get(name)
        if convert is None:
            columns[name] = [v if v is None or type(v) is str else _text(v) for v in values]
        else:  # codes, flags and numbers repeat: convert (and check) each distinct value once
            converted = {v: convert(v) for v in set(values) if v is not None}
            columns[name] = [None if v is None else converted[v] for v in values]
    rows = zip(*columns.values(), strict=True)
    return [dict(zip(PARTICIPANT_COLUMNS, row, strict=True)) for row in rows]


def _participant_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    dtypes = {name: "str" for name in PARTICIPANT_COLUMNS}
    dtypes.update(source_row="int64", match_score="float64", is_head="boolean", is_lsg="boolean",
                  duplicate_of="Int64")
    return frame.astype(dtypes)


def _alias_text(alias_norm: str) -> str:
    if not isinstance(alias_norm, str) or not alias_norm.strip():
        raise ValueError("alias_norm must be non-empty text")
    return alias_norm.strip()


def _alias_target(vintage: str, alias_norm: str, rayon_soate: str | None) -> str:
    return f"alias:{vintage}:{rayon_soate or '*'}:{alias_norm}"


def _alias_row(
    conn: Connection, vintage: str, alias_norm: str, rayon_soate: str | None
) -> Mapping[str, Any] | None:
    rayon = (
        aliases_table.c.rayon_soate.is_(None)
        if rayon_soate is None
        else aliases_table.c.rayon_soate == rayon_soate
    )
    query = select(aliases_table).where(
        aliases_table.c.vintage == vintage, aliases_table.c.alias_norm == alias_norm, rayon
    )
    return conn.execute(query).mappings().first()


def _record(
    conn: Connection,
    actor: str,
    action: str,
    target: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """One audit row in the caller's transaction. Never pass participant rows or secrets."""
    _check_audit_payload(before)
    _check_audit_payload(after)
    conn.execute(
        insert(audit_table).values(
            at=_now(),
            actor=actor,
            action=action,
            target=target,
            before_json=_json(before),
            after_json=_json(after),
        )
    )


# Keys that would put a person's data or a secret into the audit log.
_FORBIDDEN_KEY = re.compile(r"password|passwd|secret|token|hash|^(name|phone|email)$", re.I)
_MAX_AUDIT_JSON = 4000  # an audit row is a summary; a participant table would be far larger


def _check_audit_payload(payload: Any, depth: int = 0) -> None:
    if payload is None:
        return
    if isinstance(payload, pd.DataFrame | pd.Series):
        raise ValueError("the audit log takes ids, codes and counts, not tables")
    if isinstance(payload, Mapping):
        for key, value in payload.items():
            if _FORBIDDEN_KEY.search(str(key)):
                raise ValueError(f"the audit log never stores {key!r}")
            _check_audit_payload(value, depth + 1)
    elif isinstance(payload, list | tuple) and depth < 3:
        for value in payload:
            _check_audit_payload(value, depth + 1)
    if depth == 0 and len(_json(payload) or "") > _MAX_AUDIT_JSON:
        raise ValueError("an audit payload is a summary, not a copy of the data")


def _json(payload: Mapping[str, Any] | None) -> str | None:
    if payload is None:
        return None
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
