"""Every text the dashboard shows, in Kyrgyz, Russian and English.

Texts live in data files, one per language: `forumreach/locales/<lang>.json`, a flat object of
message id -> text with `{name}` placeholders (str.format). Plain JSON rather than gettext
catalogs so there is no compile step whose output can go stale, and a translator can edit a
file without tools. Message ids are dotted (`page.overview`, `col.bodies_present`,
`status.head`); enumerations (statuses, roles, levels, match statuses) are translated by id
built from their value, so adding a value means adding one line per language, never a branch.

Numbers and dates are formatted with Babel in the chosen locale (21,6 % vs 21.6 %). Every
share anywhere (page, xlsx, PDF, PNG, map legend) goes through `format_share`, and an unknown
figure (None, NaN, missing) shows as `UNKNOWN`, never as 0.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LANGS = ("ky", "ru", "en")
DEFAULT_LANG = "ru"
FALLBACK_LANG = "en"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"

# Columns that hold a SOATE code and the virtual column that shows that unit's name.
NAME_OF = {
    "unit": "soate",
    "lsg_body": "unit_soate",
    "rayon": "rayon_soate",
    "oblast": "oblast_soate",
}
# Columns whose values are enumerations translated as `<prefix>.<value>`.
ENUM_PREFIX = {
    "status": "status",
    "role": "role",
    "match_status": "match",
    "level": "level",
    "kind": "kind",
}
_PLACEHOLDER = re.compile(r"{(\w+)}")
# What a figure the data cannot support looks like, in every language and format.
UNKNOWN = "\u2014"
# The sign of a negative change: the minus sign (U+2212) plotly writes on a map's scale, so a
# table beside the map reads "−3" the same way, not with a hyphen.
MINUS = "\u2212"
# Columns holding a share 0..1: `localise` shows them as percentages of the chosen locale.
SHARE_COLUMNS = frozenset({"women_share"})
SHARE_PREFIX = "share_"
# Kyrgyzstan keeps UTC+6 all year; the agency reads stored (UTC) times on its own clock.
LOCAL_ZONE = ZoneInfo("Asia/Bishkek")


def is_unknown(value: object) -> bool:
    """None, NaN and pandas' NA: a figure nobody could compute."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_number(value: float | int | None, lang: str) -> str:
    """A count or a measure in the locale's digits and separators; unknown is "—"."""
    if is_unknown(value):
        return UNKNOWN
    if isinstance(value, str):  # a donor's hidden mark (privacy.SUPPRESSED) passes through
        return value
    return format_decimal(value, locale=normalise_lang(lang))


def format_share(share: float | None, lang: str, digits: int = 1) -> str:
    """A 0..1 share as a percentage with the locale's decimal separator ("21,6 %" in ru and ky,
    "21.6%" in en); unknown is "—". The one share format every output uses."""
    if is_unknown(share):
        return UNKNOWN
    if isinstance(share, str):  # the hidden mark: suppressed for donors, shown as the marker
        return share
    return format_percent(float(share), format=_percent_pattern(normalise_lang(lang), digits),
                          locale=normalise_lang(lang))


@lru_cache(maxsize=16)
def _percent_pattern(lang: str, digits: int) -> str:
    """The locale's own percent pattern ("#,##0 %" in ru) with `digits` decimals."""
    pattern = Locale.parse(lang).percent_formats[None].pattern
    last_zero = pattern.rindex("0")
    decimals = "." + "0" * digits if digits else ""
    return pattern[: last_zero + 1] + decimals + pattern[last_zero + 1:]


@lru_cache(maxsize=len(LANGS))
def _moment_pattern(lang: str) -> str:
    """The locale's medium date and short time joined its own way ("{1}, {0}" in en), worked
    out once per language rather than once per row of a table."""
    locale = Locale.parse(lang)
    return locale.datetime_formats["medium"].format(locale.time_formats["short"].pattern,
                                                    locale.date_formats["medium"].pattern)


def format_signed(change: float | int | None, lang: str, digits: int | None = None) -> str:
    """A change with its sign always written: "+3", "−3" (`MINUS`), "0"; unknown is "—".

    `digits` rounds first (so a change that rounds to nothing reads "0,0", never "−0,0"); None
    keeps the locale's default number format, as `format_number` does."""
    if is_unknown(change):
        return UNKNOWN
    if isinstance(change, str):  # the hidden mark for donors
        return change
    value = float(change) if digits is None else round(float(change), digits)
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return sign + format_decimal(abs(value), format=pattern, locale=normalise_lang(lang))


def is_share_column(column: str) -> bool:
    return column in SHARE_COLUMNS or str(column).startswith(SHARE_PREFIX)


def normalise_lang(value: object) -> str:
    """A language code from a URL or a widget; anything unknown becomes the default."""
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGS else DEFAULT_LANG


@lru_cache(maxsize=len(LANGS))
def catalog(lang: str) -> dict[str, str]:
    """The message catalog of one language, read once per process."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    return json.loads((LOCALES_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


class Translator:
    """`t("col.rayon")` in one language, plus the number and date formats of that language."""

    def __init__(self, lang: str):
        self.lang = normalise_lang(lang)
        self.messages = catalog(self.lang)

    def __call__(self, msg_id: str, **values: object) -> str:
        text = self.messages.get(msg_id)
        if text is None:
            # A missing id is a bug the catalog test catches; at run time show English, not a crash.
            text = catalog(FALLBACK_LANG).get(msg_id, msg_id)
        if not values:
            return text
        for name, value in values.items():  # "4 июля 2018 г." at a sentence's end: one stop
            if isinstance(value, str) and value.endswith(".") and f"{{{name}}}." in text:
                text = text.replace(f"{{{name}}}.", f"{{{name}}}")
        return text.format(**values)

    def has(self, msg_id: str) -> bool:
        return msg_id in self.messages

    def number(self, value: float | int | None) -> str:
        return format_number(value, self.lang)

    def percent(self, share: float | None, digits: int = 1) -> str:
        return format_share(share, self.lang, digits)

    def points(self, change: float | None) -> str:
        """A change between two shares, in signed percentage points ("+1,2 п.п.")."""
        if is_unknown(change):
            return UNKNOWN
        return self("fmt.points", value=format_signed(float(change) * 100, self.lang, 1))

    def signed(self, change: float | int | None) -> str:
        """A count's change with its sign: "+3", "−3", "0" (`format_signed`)."""
        return format_signed(change, self.lang)

    def of(self, count: int, total: int) -> str:
        """"99 of 484" the way each language says it."""
        return self("fmt.of", count=self.number(count), total=self.number(total))

    def ratio(self, count: int, total: int) -> str:
        """"99 / 484": as short as a count against a total gets, for metric tiles."""
        return f"{self.number(count)} / {self.number(total)}"

    def date(self, iso: str | None) -> str:
        """A date in the language's long form; a date nobody gave is unknown ("—")."""
        if is_unknown(iso) or not str(iso or "").strip():
            return UNKNOWN
        try:
            return format_date(dt.date.fromisoformat(str(iso)), format="long", locale=self.lang)
        except ValueError:
            return str(iso)

    def moment(self, at: dt.datetime | pd.Timestamp | None) -> str:
        """A stored UTC time (naive means UTC) as the language writes a date and a time, to the
        minute, on Bishkek's clock (`LOCAL_ZONE`); unknown is "—"."""
        if at is None or is_unknown(at):
            return UNKNOWN
        stamp = pd.Timestamp(at)
        local = (stamp if stamp.tzinfo else stamp.tz_localize("UTC")).tz_convert(LOCAL_ZONE)
        return format_datetime(local.to_pydatetime(), _moment_pattern(self.lang),
                               locale=self.lang)

    def enum(self, prefix: str, value: object) -> str:
        text = str(value or "")
        return self(f"{prefix}.{text}") if text else ""

    def title(self, titles: dict) -> str:
        """An event title given per language (`{"ky": ..., "ru": ..., "en": ...}`)."""
        for lang in (self.lang, FALLBACK_LANG, *LANGS):
            if titles.get(lang):
                return str(titles[lang])
        return ""


def unit_names(units: pd.DataFrame, lang: str) -> pd.Series:
    """SOATE -> name of every unit in one language, for mapping code columns to names."""
    return units[f"name_{normalise_lang(lang)}"]


def localise(
    table: pd.DataFrame, t: Translator, units: pd.DataFrame, columns: list[str] | None = None
) -> pd.DataFrame:
    """A table as people read it: unit names instead of codes, translated values and headings.

    `columns` picks and orders columns; besides real ones it accepts `unit`, `lsg_body`,
    `rayon` and `oblast`, the names of the units in `soate`, `unit_soate`, `rayon_soate` and
    `oblast_soate`. Headings are `col.<column>` in the chosen language. Shares (`share_*`,
    `women_share`) become percentages of the language (`format_share`), unknown ones "—".
    """
    names = unit_names(units, t.lang)
    out = pd.DataFrame(index=table.index)
    for column in columns or list(table.columns):
        if column in NAME_OF and column not in table:
            values = table[NAME_OF[column]].map(names).fillna("")
        elif column in ENUM_PREFIX:
            values = table[column].map(lambda v, p=ENUM_PREFIX[column]: t.enum(p, v))
        elif is_share_column(column):
            values = table[column].map(t.percent)
        else:
            values = table[column]
        out[t(f"col.{column}")] = values
    return out.reset_index(drop=True)


def localise_change(change: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """`coverage.headline_change` as people read it: counts as numbers, shares as percentages
    of the language, a share's change in percentage points, unknown as "—"."""
    rows = []
    for row in change.itertuples(index=False):
        share = is_share_column(row.figure)
        show = t.percent if share else t.number
        rows.append({
            t("col.figure"): t(f"figure.{row.figure}"),
            t("col.before"): show(row.before),
            t("col.after"): show(row.after),
            t("col.change"): t.points(row.change) if share else t.signed(row.change),
        })
    return pd.DataFrame(rows, columns=[t(f"col.{c}") for c in ("figure", "before", "after",
                                                                "change")])
