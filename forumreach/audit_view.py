"""The audit trail as an admin reads it on the Administration page.

The store keeps exact UTC times and before/after as JSON, and the CSV download keeps them so;
on screen a person reads a time to the minute in their language (`Translator.moment`: Bishkek
time, where the agency works) and before/after as a short "key: value" line, with "—" where
nothing was. Both come from one read of the log (`readable`, `download`).
"""

from __future__ import annotations

import json
import re

import pandas as pd

from forumreach.export import to_csv
from forumreach.i18n import UNKNOWN, Translator, is_unknown
from forumreach.store import audit_export_frame

SUMMARY_CHARS = 90  # a table cell; the whole JSON is in the CSV download
VALUE_CHARS = 24  # a file hash or a long file name is cut, enough to recognise it
_HASH = re.compile(r"\b([0-9a-f]{8})[0-9a-f]{56}\b")  # a SHA-256 in a target


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
        "at": [t.moment(at) for at in log["at"]],
        "actor": log["actor"],
        "action": log["action"],
        "target": [target(x) for x in log["target"]],
        "before": [summary(x) for x in log["before_json"]],
        "after": [summary(x) for x in log["after_json"]],
    })


def download(log: pd.DataFrame) -> bytes:
    """The same `Store.audit_log` read as the CSV an admin downloads: exact UTC times and the
    whole JSON (`store.audit_export_frame`), formula-looking text made inert (`to_csv`)."""
    return to_csv(audit_export_frame(log))


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
