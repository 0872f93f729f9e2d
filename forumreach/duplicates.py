"""Likely duplicate registrations: one person who sent an online form twice, or was typed in
at the desk and also came through the form.

A row is a likely duplicate of an earlier row when both give the same person name for the same
body, or the same phone number. The later row gets `duplicate_of` = the first row's
`source_row` and counts once (`coverage.counted`); nothing is deleted, and a person can undo
the flag on the Import page (`pipeline.set_duplicate`). Names are compared through
`names.skeleton` (the one home of letter folding) with the words in any order, so "Асанов
Бакыт" and "БАКЫТ АСАНОВ" meet, but "Асанов Б." and "Асанов Бакыт" do not: a guess that merges
two people would undercount, so only plain repeats are flagged.
"""

from __future__ import annotations

import re

import pandas as pd

from forumreach.names import skeleton

# A Kyrgyz mobile or landline number is 9 digits after the country code 996 or the trunk 0:
# "+996 555 12-34-56", "0555 123 456" and "555123456" are one number.
KYRGYZ_DIGITS = 9
# Fewer digits than this is not a phone number ("-", "нет", an extension): never a match.
MIN_PHONE_DIGITS = 7
_NOT_DIGIT = re.compile(r"\D")
_SEVERAL = re.compile(r"[,;/]|\s{2,}")


def phone_keys(text: object) -> set[str]:
    """The phone numbers in a cell, each as its digits (the last 9 for a Kyrgyz number)."""
    keys = set()
    for part in _SEVERAL.split(_as_text(text)):
        digits = _NOT_DIGIT.sub("", part)
        if len(digits) < MIN_PHONE_DIGITS:
            continue
        kyrgyz = (len(digits) == KYRGYZ_DIGITS
                  or (len(digits) == KYRGYZ_DIGITS + 1 and digits.startswith("0"))
                  or (len(digits) == KYRGYZ_DIGITS + 3 and digits.startswith("996")))
        keys.add(digits[-KYRGYZ_DIGITS:] if kyrgyz else digits)
    return keys


def person_key(name: object) -> str:
    """A person name with spelling, case and word order folded away; "" when there is none."""
    return " ".join(sorted(skeleton(_as_text(name)).split()))


def body_key(unit_soate: object, organisation: object) -> str:
    """The body a row stands for: its LSG body when matched, else the organisation as typed;
    "" when neither is known (two namesakes of no known body are not assumed to be one)."""
    unit = _as_text(unit_soate)
    if unit:
        return unit
    typed = skeleton(_as_text(organisation))
    return f"org:{typed}" if typed else ""


def likely_duplicates(participants: pd.DataFrame) -> pd.Series:
    """`duplicate_of` per row: the `source_row` of the first row it repeats, or NA."""
    persons = _keyed(participants, "name", person_key)
    phones = _keyed(participants, "phone", phone_keys)
    units = _text(participants, "unit_soate")
    organisations = _keyed(participants, "organisation", lambda o: body_key("", o))
    first_seen: dict[str, int] = {}
    found: list[int | None] = []
    for source_row, person, phone, unit, organisation in zip(
            participants.source_row.tolist(), persons, phones, units, organisations,
            strict=True):
        keys = [f"tel:{p}" for p in phone]
        body = unit or organisation
        if person and body:
            keys.append(f"who:{person}@{body}")
        earlier = [first_seen[k] for k in keys if k in first_seen]
        found.append(min(earlier) if earlier else None)
        for key in keys:
            first_seen.setdefault(key, int(source_row))
    return pd.Series(pd.array(found, dtype="Int64"), index=participants.index,
                     name="duplicate_of")


def _as_text(cell: object) -> str:
    """A cell as text, "" when empty; a text cell (nearly all) is taken as it is, which skips
    `pd.isna`, the slow part of this on 10,000 rows."""
    if isinstance(cell, str):
        return cell
    return "" if pd.isna(cell) else str(cell)


def _text(participants: pd.DataFrame, column: str) -> list[str]:
    if column not in participants:
        return [""] * len(participants)
    return participants[column].fillna("").astype(str).tolist()


def _keyed(participants: pd.DataFrame, column: str, key) -> list:
    """`key` of each cell of a column, computed once per distinct text."""
    texts = _text(participants, column)
    keys = {text: key(text) for text in set(texts)}
    return [keys[text] for text in texts]
