"""Every text the dashboard shows, in Kyrgyz, Russian and English.

Texts live in data files, one per language: `forumreach/locales/<lang>.json`, a flat object of
message id -> text with `{name}` placeholders (str.format). Plain JSON rather than gettext
catalogs so there is no compile step whose output can go stale, and a translator can edit a
file without tools. Message ids are dotted (`page.overview`, `col.bodies_present`,
`status.head`); enumerations (statuses, roles, levels, match statuses) are translated by id
built from their value, so adding a value means adding one line per language, never a branch.

Numbers and dates are formatted with Babel in the chosen locale (21,6 % vs 21.6 %).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
from babel.dates import format_date
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
        return text.format(**values) if values else text

    def has(self, msg_id: str) -> bool:
        return msg_id in self.messages

    def number(self, value: float | int) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        return format_decimal(value, locale=self.lang)

    def percent(self, share: float | None, digits: int = 1) -> str:
        if share is None or (isinstance(share, float) and math.isnan(share)):
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(share, format=pattern, locale=self.lang)

    def of(self, count: int, total: int) -> str:
        """"99 of 484" the way each language says it."""
        return self("fmt.of", count=self.number(count), total=self.number(total))

    def ratio(self, count: int, total: int) -> str:
        """"99 / 484": as short as a count against a total gets, for metric tiles."""
        return f"{self.number(count)} / {self.number(total)}"

    def date(self, iso: str) -> str:
        try:
            return format_date(dt.date.fromisoformat(str(iso)), format="long", locale=self.lang)
        except ValueError:
            return str(iso)

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
    `oblast_soate`. Headings are `col.<column>` in the chosen language.
    """
    names = unit_names(units, t.lang)
    out = pd.DataFrame(index=table.index)
    for column in columns or list(table.columns):
        if column in NAME_OF and column not in table:
            values = table[NAME_OF[column]].map(names).fillna("")
        elif column in ENUM_PREFIX:
            values = table[column].map(lambda v, p=ENUM_PREFIX[column]: t.enum(p, v))
        else:
            values = table[column]
        out[t(f"col.{column}")] = values
    return out.reset_index(drop=True)
