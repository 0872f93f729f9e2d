"""What a person needs to decide one row of the review queue, and to save the result.

The review page shows candidates a person can tell apart (two "Ак-Кудукский айылный аймак"
differ only by rayon and oblast), finds a body by the village people wrote instead of the
aiyl aimak, shows each reason in the reader's language, and suggests an event slug that two
different files never share. Nothing here imports streamlit: the page only lays these out.

Nothing in the queue is pre-selected: every row in it is below the level at which the matcher
would have decided on its own, so a weak top candidate (fuzzy 59) must take a deliberate
choice, never one click on "accept".
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from forumreach import gazetteer, names
from forumreach.i18n import Translator
from forumreach.schema import NOT_LSG, UNRESOLVED

# Search results shown at once: enough to see every same-named body, few enough to read.
SEARCH_LIMIT = 30
SLUG_STEM_CHARS = 48
# Hex digits of the file's sha256 in a default slug: different files, different slugs.
SLUG_HASH_CHARS = 8


# --- how a body is told apart ----------------------------------------------------------------


def body_label(gaz: gazetteer.Gazetteer, soate: str, lang: str) -> str:
    """"Ак-Кудукский айылный аймак — Ноокенский район, Жалал-Абадская область"."""
    label = _body_labels(gaz.vintage, lang).get(soate)
    return label if label is not None else _label(gaz, soate, lang)


@lru_cache(maxsize=12)
def _body_labels(vintage: str, lang: str) -> dict[str, str]:
    """Every LSG body's label, sorted by it: made once per vintage and language (~0.3 s)."""
    gaz = gazetteer.load(vintage)
    labels = {s: _label(gaz, s, lang) for s in gaz.lsg_bodies.soate}
    return dict(sorted(labels.items(), key=lambda kv: kv[1]))


def _label(gaz: gazetteer.Gazetteer, soate: str, lang: str) -> str:
    units = gaz.units
    if soate not in units.index:
        return soate
    unit = units.loc[soate]
    where = [gaz.name(code, lang) for code in (unit.rayon_soate, unit.oblast_soate)
             if code and code != soate]
    name = gaz.name(soate, lang) or soate
    return f"{name} — {', '.join(w for w in where if w)}" if any(where) else name


@dataclass(frozen=True)
class Candidate:
    """One candidate as the review page lists it."""

    soate: str
    score: float
    reason: str


def candidates_of(raw: Iterable) -> list[Candidate]:
    """The queue's candidates (tuples `(soate, score, reason)` or matcher Candidates)."""
    out = []
    for item in raw or ():
        if isinstance(item, (tuple, list)):
            soate, score, reason = item[0], item[1], item[2] if len(item) > 2 else ""
        else:
            soate, score, reason = item.soate, item.score, getattr(item, "reason", "")
        out.append(Candidate(str(soate), float(score), str(reason or "")))
    return out


def candidate_label(gaz: gazetteer.Gazetteer, candidate: Candidate, t: Translator,
                    number: int | None = None) -> str:
    """Body, rayon, oblast, score and reason in the reader's language, with its key number.

    The score is said to be a similarity out of 100: a bare "100" read as a count."""
    text = t("review.candidate", body=body_label(gaz, candidate.soate, t.lang),
             score=f"{candidate.score:.0f}", reason=reason_text(candidate.reason, t))
    return f"{number} · {text}" if number is not None else text


# --- reasons in the reader's language --------------------------------------------------------


def reason_text(reason: str, t: Translator, code: str | None = None,
                params: Mapping | str | None = None) -> str:
    """A match reason in the reader's language.

    A row carrying `reason_code` (and `reason_params`) is shown as `reason.<code>` when the
    catalog has it; a reason stored as a code in its text (`forumreach.reasons`) is rendered
    by that module; anything else (free text from before reasons were codes) shows as stored.
    """
    if isinstance(code, str) and code and t.has(f"reason.{code}"):
        values = _params(params)
        try:
            return t(f"reason.{code}", **values)
        except (KeyError, IndexError):
            pass
    text = "" if _missing(reason) else str(reason)
    try:
        from forumreach import reasons
    except ImportError:  # before reasons were codes: the stored text is all there is
        return text
    return reasons.render(text, t)


def row_reason(row: Mapping, t: Translator) -> str:
    """The reason of a participant or queue row (`match_reason`, maybe `reason_code`)."""
    return reason_text(row.get("match_reason", ""), t, row.get("reason_code"),
                       row.get("reason_params"))


def _params(params: Mapping | str | None) -> dict:
    if isinstance(params, Mapping):
        return dict(params)
    if isinstance(params, str) and params.strip():
        try:
            loaded = json.loads(params)
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}
    return {}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- search by name or village ---------------------------------------------------------------


def _key(text: object) -> str:
    """Search key: spelling-insensitive, with hyphens and spaces gone ("Ак-Кудук" = "аккудук")."""
    return names.skeleton(str(text or "")).replace(" ", "")


@lru_cache(maxsize=4)
def _search_index(vintage: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(body keys, village keys) of a vintage; built once, searched with plain substring tests."""
    gaz = gazetteer.load(vintage)
    bodies = gaz.lsg_bodies
    body_keys = pd.DataFrame({
        "soate": bodies.soate.to_numpy(),
        "key": [" ".join({_key(v) for v in forms if v}) for forms in zip(
            bodies.name_ru, bodies.name_ky, bodies.name_en, bodies.base_ru, bodies.base_ky,
            bodies.base_en, strict=True)],
    })
    villages = getattr(gaz, "villages", None)
    if villages is None or villages.empty or "unit_soate" not in villages:
        village_keys = pd.DataFrame(columns=["soate", "key", "name_ru", "name_ky"])
    else:
        governed = villages[villages.unit_soate.isin(set(bodies.soate))]
        village_keys = pd.DataFrame({
            "soate": governed.unit_soate.to_numpy(),
            "key": [" ".join({_key(ru), _key(ky)}) for ru, ky in zip(
                governed.name_ru, governed.name_ky, strict=True)],
            "name_ru": governed.name_ru.to_numpy(),
            "name_ky": governed.name_ky.to_numpy(),
        })
    return body_keys, village_keys


def search_bodies(gaz: gazetteer.Gazetteer, query: str, lang: str,
                  limit: int = SEARCH_LIMIT) -> pd.DataFrame:
    """LSG bodies whose name, or one of whose villages, contains the typed text.

    Columns: `soate`, `label` (body, rayon, oblast), `village` (the village that matched, else
    ""). Bodies found by their own name come first, names starting with the text before those
    merely containing it.
    """
    wanted = _key(query)
    columns = ["soate", "label", "village"]
    if not wanted:
        return pd.DataFrame(columns=columns)
    body_keys, village_keys = _search_index(gaz.vintage)
    hits: dict[str, tuple[int, str]] = {}
    for soate, key in zip(body_keys.soate, body_keys.key, strict=True):
        if wanted in key:
            starts = any(k.startswith(wanted) for k in key.split())
            hits[soate] = (0 if starts else 1, "")
    village_name = "name_ky" if lang == "ky" else "name_ru"
    for row in village_keys.itertuples():
        if row.soate not in hits and wanted in row.key:
            hits[row.soate] = (2, str(getattr(row, village_name) or row.name_ru))
    ranked = sorted(hits.items(), key=lambda kv: (kv[1][0], gaz.name(kv[0], lang)))[:limit]
    return pd.DataFrame([(soate, body_label(gaz, soate, lang), village)
                         for soate, (_, village) in ranked], columns=columns)


def all_bodies(gaz: gazetteer.Gazetteer, lang: str) -> dict[str, str]:
    """soate -> label of every LSG body, sorted by label: the choice before anything is typed."""
    return dict(_body_labels(gaz.vintage, lang))


def one_line(text: object) -> str:
    """A cell as a label shows it: a line break (or a run of spaces) reads as one space. A
    select box drops a line break, so "Глава\nСары-Булакский а/о" read "ГлаваСары-Булакский"."""
    return " ".join(str(text or "").split())


# --- progress of a review --------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """The rows a person decided in this review (open when it began, settled now), and how:
    matched to a body (`manual`, the status the summary counts as "decided by a person") or
    marked not an LSG body. The one count the page's expander and its test read."""

    rows: pd.DataFrame

    @property
    def accepted(self) -> int:
        return int((self.rows.match_status == "manual").sum())

    @property
    def not_lsg(self) -> int:
        return int((self.rows.match_status == NOT_LSG).sum())


def decided(first: pd.DataFrame, now: pd.DataFrame) -> Decided:
    """Rows of `now` that were `review`/`unmatched` in `first` (the same rows, in order) and are
    settled now."""
    was_open = first.match_status.isin(UNRESOLVED).to_numpy()
    still_open = now.match_status.isin(UNRESOLVED).to_numpy()
    return Decided(now[was_open & ~still_open])


@dataclass(frozen=True)
class Progress:
    """How far a person is: rows left of the queue at the start, and the time spent so far."""

    left: int
    total: int
    seconds: float

    @property
    def done(self) -> int:
        return self.total - self.left


def progress(left: int, total: int, started: float | None, finished: float | None = None,
             now: float | None = None) -> Progress:
    """`started`/`finished` are `time.time()` stamps; the clock stops when the queue empties."""
    if started is None:
        return Progress(left, max(total, left), 0.0)
    end = finished if finished is not None else (time.time() if now is None else now)
    return Progress(left, max(total, left), max(end - started, 0.0))


def duration_text(seconds: float, t: Translator) -> str:
    minutes, rest = divmod(int(round(seconds)), 60)
    if minutes:
        return t("review.minutes_seconds", minutes=minutes, seconds=rest)
    return t("review.seconds", seconds=rest)


def next_row(rows: list[int], current: int | None, step: int = 1) -> int | None:
    """The row after (or before) `current` in queue order, wrapping; the first if it is gone."""
    if not rows:
        return None
    if current not in rows:
        return rows[0]
    return rows[(rows.index(current) + step) % len(rows)]


def row_after_decision(rows: list[int], decided: int) -> int | None:
    """Where review goes once `decided` leaves the queue: the row that followed it (wrapping to
    the first open row at the end), never one further."""
    remaining = [r for r in rows if r != decided]
    if not remaining:
        return None
    later = rows[rows.index(decided) + 1:] if decided in rows else []
    return later[0] if later else remaining[0]


# --- saving ----------------------------------------------------------------------------------


def suggest_slug(text: str, sha256: str = "") -> str:
    """A URL-safe default slug: the title or file name in Latin letters, plus the start of the
    file's sha256, so two different files never get the same default and the same file always
    gets the same one (saving it again finds its event)."""
    from forumreach.export import _slug  # the one Latin-slug rule (export file names use it)

    stem = _slug(text or "", "event")[:SLUG_STEM_CHARS].strip("-") or "event"
    digest = re.sub(r"[^0-9a-f]", "", (sha256 or "").lower())[:SLUG_HASH_CHARS]
    return f"{stem}-{digest}" if digest else stem


def slug_to_offer(current: str | None, offered: str | None, default: str,
                  saved: bool = False) -> tuple[str, str]:
    """(the slug field's value, the default it now offers). The default follows the title a
    person typed (`suggest_slug` of it); a slug they typed themselves is theirs and stays, and
    so does the slug an event was just `saved` under, so a new title updates that event.
    `offered` is the default offered last time: a field still holding it was not edited."""
    kept = bool(current) and (saved or current != offered)
    return (current if kept else default), default


def user_message(err: BaseException, t: Translator) -> str:
    """An error as its reader should see it: `message_id` with `params` when the error carries
    them and the catalog has the id, else the error's own (English) text."""
    msg_id = getattr(err, "message_id", "") or ""
    if msg_id and t.has(msg_id):
        values = {k: (t.number(round(v, 1)) if isinstance(v, float) else v)
                  for k, v in (getattr(err, "params", None) or {}).items()}
        try:
            return t(msg_id, **values)
        except (KeyError, IndexError):
            pass
    return str(getattr(err, "problem", "") or err)
