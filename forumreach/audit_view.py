"""The audit trail as an admin reads it on the Administration page.

The store keeps exact UTC times and before/after as JSON, and the CSV download keeps them so;
on screen a person reads a time to the minute in their language (Bishkek time, where the
agency works) and before/after as a short "key: value" line, with "—" where nothing was.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_time

from forumreach.i18n import UNKNOWN, Translator, is_unknown

# Kyrgyzstan keeps UTC+6 all year; the agency reads its trail on its own clock.
LOCAL_ZONE = ZoneInfo("Asia/Bishkek")
SUMMARY_CHARS = 90  # a table cell; the whole JSON is in the CSV download
VALUE_CHARS = 24  # a file hash or a long file name is cut, enough to recognise it
_HASH = re.compile(r"\b([0-9a-f]{8})[0-9a-f]{56}\b")  # a SHA-256 in a target


def moment(at: datetime | pd.Timestamp | None, t: Translator) -> str:
    """A UTC time as the reader's language writes a date and a time, to the minute."""
    if at is None or is_unknown(at):
        return UNKNOWN
    local = pd.Timestamp(at).tz_convert(LOCAL_ZONE) if pd.Timestamp(at).tzinfo else (
        pd.Timestamp(at).tz_localize("UTC").tz_convert(LOCAL_ZONE))
    day = format_date(local.date(), format="medium", locale=t.lang)
    clock = format_time(local.time(), format="short", locale=t.lang)
    return Locale.parse(t.lang).datetime_formats["medium"].format(clock, day)


def summary(payload: str | None) -> str:
    """Before/after JSON as "key: value, key: value", cut to a cell's width; "—" for none."""
    if payload is None or is_unknown(payload) or not str(payload).strip():
        return UNKNOWN
    try:
        data = json.loads(payload)
    except ValueError:
        return _cut(str(payload), SUMMARY_CHARS)
    if not isinstance(data, dict):
        return _cut(_value(data), SUMMARY_CHARS)
    if not data:
        return UNKNOWN
    return _cut(", ".join(f"{key}: {_value(value)}" for key, value in data.items()),
                SUMMARY_CHARS)


def target(text: str | None) -> str:
    """What an action touched, with a file's SHA-256 cut to its first 8 characters."""
    if text is None or is_unknown(text) or not str(text).strip():
        return UNKNOWN
    return _HASH.sub(r"\1…", str(text))


def readable(log: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """`Store.audit_log` for the screen: the stored actor as recorded (it is an audit trail),
    the time, target and before/after made readable."""
    return pd.DataFrame({
        "id": log["id"],
        "at": [moment(at, t) for at in log["at"]],
        "actor": log["actor"],
        "action": log["action"],
        "target": [target(x) for x in log["target"]],
        "before": [summary(x) for x in log["before_json"]],
        "after": [summary(x) for x in log["after_json"]],
    })


def _value(value: object) -> str:
    if value is None or is_unknown(value) or value == "":
        return UNKNOWN
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _cut(str(value), VALUE_CHARS)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
