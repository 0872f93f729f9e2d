"""What a cell reads as: a body, a rayon, a person's name, a phone... and so what a column is.

Header words name most columns; when they do not, the cells do (`forumreach.columns` asks
here). Each distinct text is read once (cached), and only a sample of rows is read, so a sheet of
100,000 rows costs what one of 200 does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from forumreach import DEFAULT_VINTAGE, names, roles
from forumreach.grid import Grid

# Cells looked at per column: enough for a share, few enough that 100,000 rows read as fast
# as 1,000. Rows are taken evenly over the sheet, not only from its top.
CONTENT_SAMPLE_ROWS = 200

_WORDS = re.compile(r"[\w?]+")
_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(?:\.[\w-]+)+$")
_DATETIME = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:[ T,]+\d{1,2}:\d{2}(?::\d{2})?\S*)?$")
_PHONE_NOISE = re.compile(r"[\s()+\-.]")
_GENDERS = frozenset({"м", "ж", "муж", "жен", "мужской", "женский", "мужчина", "женщина",
                      "эр", "эркек", "аял", "m", "f", "male", "female", "man", "woman"})
# LSG type words, in folded text (ө ү ң → о у н): а/о, АО, АӨ, айыл окмоту, айылный аймак,
# айыл аймагы, мэрия, шаары, город, село, айылы, and the English ones.
_LSG_WORDS = re.compile(
    r"(?<![\w?])(?:а\s*/\s*[оo?а]|a\s*/\s*[оo]|ао|аа|aо|ao|айыл\s+[о?]км[о?]т[\w?]*|айылн\w*"
    r"|айыл\s+аймаг\w*|аильн\w*|сельск\w*|мэри\w*|шаар\w*|город\w*|село|айылы|мсу|жоб"
    r"|aiyl|ayil|village|city|town|municipality)(?![\w?])"
)
# "г. Ош", "с. Кызыл-Жар", "ш. Ош" and the Kyrgyz "Кызыл-Жар а.": lower-case letters only, so
# the initials of "Асанов Г. Н." are not read as a town.
_PLACE_ABBREVIATIONS = re.compile(
    r"(?:^|[\s,(])[гсш]\.\s*[A-ZА-ЯЁӨҮҢ]|[\w?-]{3,}\s+а\.(?:$|[\s,)])"
)
_RAYON_WORDS = re.compile(r"(?<![\w?])(?:район\w*|р\s*-\s*н\w*|р\s*/\s*н|р-он|district|rayon"
                          r"|raion)(?![\w?])")
_OBLAST_WORDS = re.compile(r"(?<![\w?])(?:обл\w*|облус\w*|oblast|region|province)(?![\w?])")
_NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁӨҮҢ][a-zа-яёөүң'’?-]+|(?:[A-ZА-ЯЁӨҮҢ]\.){1,2}|уулу|кызы)$")


@dataclass(frozen=True)
class _PlaceIndex:
    oblasts: frozenset[str]
    rayons: frozenset[str]
    places: frozenset[str]


@lru_cache(maxsize=2)
def _place_index(vintage: str = DEFAULT_VINTAGE) -> _PlaceIndex:
    """Spelling-insensitive keys of the oblasts, rayons and LSG bodies of a vintage, and of its
    villages when the vintage has them."""
    from forumreach import gazetteer

    gaz = gazetteer.load(vintage)
    units = gaz.units

    def keys(frame, columns) -> frozenset[str]:
        out: set[str] = set()
        for column in columns:
            if column in frame:
                for text in frame[column]:
                    out.update(names.cached_name_keys(str(text)))
        return frozenset(key for key in out if len(key) >= 2)

    bases = ("base_ru", "base_ky", "base_en", "name_ru", "name_ky")
    oblasts = keys(units[units.level.isin(["oblast", "city_republican"])], bases)
    rayons = keys(units[units.level == "rayon"], bases)
    places = keys(units[units.level.isin(gazetteer.LSG_LEVELS)], bases)
    villages = getattr(gaz, "villages", None)
    if villages is not None and len(villages):
        places |= keys(villages, ("name_ru", "name_ky"))
    aliases = getattr(gaz, "aliases", None)
    if aliases is not None and "alias" in getattr(aliases, "columns", ()):
        places |= keys(aliases, ("alias",))
    return _PlaceIndex(oblasts, rayons - oblasts, places - rayons - oblasts)


def _is_phone(text: str) -> bool:
    pieces = [_PHONE_NOISE.sub("", piece) for piece in re.split(r"[,;/]", text)]
    return any(piece.isdigit() and 9 <= len(piece) <= 13 for piece in pieces) and all(
        piece.isdigit() or not piece for piece in pieces)


@lru_cache(maxsize=65536)
def read_cell(text: str) -> str:
    """What one cell reads as: 'email', 'timestamp', 'phone', 'number', 'gender', 'position',
    'place', 'rayon', 'oblast', 'name', 'name_part', or '' for anything else.

    The order matters: a position naming its body ("Глава Ак-Булунского а/о") is a position, and
    an LSG type word wins over a rayon word ("Ак-Булунский а/о, Ак-Суйский район" is a place).
    """
    text = text.strip()
    if not text or len(text) > 200:
        return ""
    return _contact_reading(text) or _place_reading(text) or _person_reading(text)


def _contact_reading(text: str) -> str:
    if _EMAIL.match(text):
        return "email"
    if _DATETIME.match(text):
        return "timestamp"
    if _is_phone(text):
        return "phone"
    if text.isdigit():
        return "number"
    if " ".join(_WORDS.findall(names.fold_kyrgyz(text))) in _GENDERS:
        return "gender"
    if roles.classify_role(text) != "other":
        return "position"
    return ""


def mentions_place(text: str) -> bool:
    """A cell that names a body inside other words: "Глава Ак-Суйского АО"."""
    return _place_reading(text.strip()) == "place"


@lru_cache(maxsize=65536)
def _place_reading(text: str) -> str:
    """Type words first; a bare name reads as the largest kind of place it names."""
    folded = names.fold_kyrgyz(text)
    if _LSG_WORDS.search(folded) or _PLACE_ABBREVIATIONS.search(text):
        return "place"
    if _RAYON_WORDS.search(folded):
        return "rayon"
    if _OBLAST_WORDS.search(folded):
        return "oblast"
    if len(text.split()) > 4 or any(ch.isdigit() for ch in text):
        return ""
    index = _place_index()
    for key in names.cached_name_keys(text):
        if key in index.oblasts:
            return "oblast"
        if key in index.rayons:
            return "rayon"
        if key in index.places:
            return "place"
    return ""


def _person_reading(text: str) -> str:
    words = text.split()
    if 2 <= len(words) <= 4 and all(_NAME_WORD.match(word) for word in words):
        return "name"
    if len(words) == 1 and len(text) >= 2 and "." not in text and _NAME_WORD.match(text):
        return "name_part"
    return ""


def _sample_rows(grid: Grid, header_index: int) -> list[list[str]]:
    """Up to CONTENT_SAMPLE_ROWS rows below the header, evenly spread; rows of one repeated text
    (sections, headings, merged titles) say nothing about columns and are left out."""
    below = grid.cells[header_index + 1:]
    step = max(1, len(below) // CONTENT_SAMPLE_ROWS)
    rows = []
    for row in below[::step]:
        if len({cell for cell in row if cell}) >= 2:
            rows.append(row)
    return rows[:CONTENT_SAMPLE_ROWS]


def column_readings(grid: Grid, header_index: int, cols: list[int]) -> dict[int, dict[str, float]]:
    """For each column, the share of its filled sampled cells that read as each kind, and as
    'mentions_place' the share that name a body (alone or inside a position)."""
    sample = _sample_rows(grid, header_index)
    shares: dict[int, dict[str, float]] = {}
    for col in cols:
        counts: dict[str, int] = {}
        filled = 0
        for row in sample:
            if col < len(row) and row[col]:
                filled += 1
                reading = read_cell(row[col])
                counts[reading] = counts.get(reading, 0) + 1
                if reading == "place" or (reading == "position" and mentions_place(row[col])):
                    counts["mentions_place"] = counts.get("mentions_place", 0) + 1
        shares[col] = {kind: n / filled for kind, n in counts.items()} if filled else {}
    return shares
