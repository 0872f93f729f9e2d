"""A classifier table (СОАТЭ) loaded by its user as a vintage: read, classify, check, name, save.

The product cannot ship the post-reform classifier, so the agency loads the one the National
Statistical Committee publishes. Each row carries a 14-digit code, `417` + oblast (2) +
rayon or oblast city (3) + unit (3) + village (3), and a name. Level and parent come from that
structure, checked against the type words in the name ("район", "г.", "айылный аймак"); the name
forms the matcher needs are derived the way the 2018 build derives them (the build script
imports the same functions from here). A file that does not make a whole, consistent
gazetteer is refused with one message (`VintageError`, worded in every language) and saves
nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from forumreach import DEFAULT_VINTAGE, gazetteer, ingest, names
from forumreach.gazetteer import CITY_LEVELS, LSG_LEVELS, MAP1_LEVELS, MAP2_LEVELS, VILLAGE_COLUMNS
from forumreach.i18n import Translator

# What a gazetteer keeps as units; villages and settlements go to its villages table.
UNIT_LEVELS = ("oblast", "city_republican", "rayon", "city_oblast", "city_rayon", "aiyl_aimak")
VILLAGE_LEVELS = ("village", "settlement")
# Kept out of both: the districts of Bishkek govern nothing of their own here.
OTHER_LEVELS = ("city_borough",)
UNIT_COLUMNS = ["soate", "pcode", "level", "parent_soate", "oblast_soate", "rayon_soate",
                "is_lsg", "name_ru", "base_ru", "base_ky", "base_en", "name_ky", "name_en",
                "names_from"]
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}")
_SOATE = re.compile(r"417\d{11}")
_SHOWN = 5  # examples quoted in a refusal

# --- reading the table --------------------------------------------------------------------

# Header words, folded to the sheet reader's tokens.
CODE_HEADERS = ("код", "коду", "код соатэ", "соатэ", "soate", "coate", "code", "soate code",
                "код соате")
# A name column's language, from words in its header; Kyrgyz and English first, because
# "Наименование на кыргызском языке" also says "наименование".
NAME_HEADERS = {
    "ky": ("name_ky", "name ky", "кыргыз", "kyrgyz", "мамлекеттик"),
    "en": ("name_en", "name en", "англ", "english"),
    "ru": ("name_ru", "name ru", "русск", "орусча", "russian"),
}
GENERIC_NAME_HEADERS = ("name", "наименование", "название", "наименование объекта", "аталышы",
                        "наименование единицы")
PARENT_HEADERS = ("parent_soate", "parent soate", "parent", "код вышестоящего",
                  "вышестоящий код", "родитель")
_HEADER_SCAN = 30


class VintageError(ValueError):
    """A classifier that cannot become a vintage: one message, in the user's language via
    `message(t)`; `str()` is the English text the CLI prints."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        self.message_id = f"vintage.error.{key}"  # as IngestError: forumreach.review says it
        super().__init__(self.message(Translator("en")))

    def message(self, t: Translator) -> str:
        return t(f"vintage.error.{self.key}", **self.params)


def _fold(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", (text or "").lower().replace("ё", "е")))


def _header_kind(cell: str) -> str | None:
    folded = _fold(cell)
    if not folded:
        return None
    if folded in CODE_HEADERS or folded.startswith(("код ", "soate ", "coate ")):
        return "soate"
    if folded in PARENT_HEADERS or "вышестоя" in folded or folded.startswith("parent"):
        return "parent"
    for lang, words in NAME_HEADERS.items():
        if any(word in folded for word in words):
            return f"name_{lang}"
    if folded in GENERIC_NAME_HEADERS:
        return "name_ru"
    return None


def _code(cell: str) -> str:
    """A code cell without the spaces and dots some tables group its digits with."""
    return re.sub(r"[\s.\u00a0]", "", cell or "")


def _looks_like_code(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{6,}", _code(cell)))


def _grids(source: bytes | str | Path, filename: str | None) -> tuple[list, str, str]:
    """Every sheet as text, through the sheet reader's safety checks (size, zip bombs, locks)."""
    from forumreach.grid import MAX_BYTES, load_bytes, read_grids

    data, filename = load_bytes(source, filename, MAX_BYTES)
    if not data.strip():
        raise VintageError("empty", file=filename)
    grids, _names = read_grids(data, filename, None)
    return grids, filename, hashlib.sha256(data).hexdigest()


def _columns_of(cells: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(header row index or -1, column of each field) for one sheet, or None without codes."""
    for i, row in enumerate(cells[:_HEADER_SCAN]):
        found: dict[str, int] = {}
        for col, cell in enumerate(row):
            kind = _header_kind(cell)
            if kind and kind not in found:
                found[kind] = col
        if "soate" in found:
            if "name_ru" not in found:
                found["name_ru"] = _text_column(cells[i + 1:], found["soate"])
            return i, found
    # No header: the column most of whose cells are codes, and the text column after it.
    width = max((len(r) for r in cells), default=0)
    best = max(range(width), default=None,
               key=lambda c: sum(_looks_like_code(r[c]) for r in cells if c < len(r)))
    if best is None or sum(_looks_like_code(r[best]) for r in cells if best < len(r)) == 0:
        return None
    return -1, {"soate": best, "name_ru": _text_column(cells, best)}


def _text_column(cells: list[list[str]], code_col: int) -> int:
    width = max((len(r) for r in cells), default=0)
    scores = {c: sum(bool(re.search(r"[А-Яа-яЁё]", r[c])) for r in cells[:200] if c < len(r))
              for c in range(width) if c != code_col}
    return max(scores, key=lambda c: (scores[c], -abs(c - code_col)), default=code_col + 1)


def read_classifier(source: bytes | str | Path, filename: str | None = None) -> tuple[
        pd.DataFrame, str, str]:
    """The classifier rows of a CSV or workbook (one sheet, or one per oblast) as text:
    sheet, row, soate, name_ru, name_ky, name_en, parent_soate; plus file name and sha256.

    Rows without a code are section headings or totals and are left out, as the sheet reader
    leaves them out of a registration list. Refuses a file with no code column, with codes
    that are not 14 digits, or with no classifier rows at all.
    """
    grids, filename, sha = _grids(source, filename)
    if not any(any(row) for grid in grids for row in grid.cells):
        raise VintageError("empty", file=filename)
    rows, bad_codes, any_codes = [], [], False
    for grid in grids:
        found = _columns_of(grid.cells)
        if found is None:
            continue
        any_codes = True
        _grid_rows(grid, *found, filename, rows, bad_codes)
    if not any_codes:
        raise VintageError("no_code_column", file=filename)
    if bad_codes:
        raise VintageError("bad_codes", n=len(bad_codes), examples="; ".join(bad_codes[:_SHOWN]))
    if not rows:
        raise VintageError("empty", file=filename)
    return pd.DataFrame(rows), filename, sha


def _grid_rows(grid, header: int, cols: dict, filename: str, rows: list[dict],
               bad_codes: list[str]) -> None:
    """The classifier rows below one sheet's header into `rows`; malformed codes into
    `bad_codes` (sheet:row «code»)."""
    for cells, number in zip(grid.cells[header + 1:], grid.row_numbers[header + 1:],
                             strict=True):
        def cell(field: str, cells: list[str] = cells) -> str:
            col = cols.get(field)
            return cells[col].strip() if col is not None and col < len(cells) else ""

        raw = cell("soate")
        code = _code(raw)
        if not re.search(r"\d", code):
            continue  # a section heading, a total line or an empty row
        if not _SOATE.fullmatch(code):
            if not ingest.is_total(cell("name_ru")):
                bad_codes.append(f"{grid.sheet_name or filename}:{number} «{raw}»")
            continue
        rows.append({"sheet": grid.sheet_name, "row": number, "soate": code,
                     "name_ru": re.sub(r"\s+", " ", cell("name_ru")),
                     "name_ky": cell("name_ky"), "name_en": cell("name_en"),
                     "parent_soate": _code(cell("parent"))})


# --- level and parent -----------------------------------------------------------------------

# Type words of a name, checked in this order (Russian, Kyrgyz, English).
_KIND_WORDS = [
    ("aiyl_aimak", re.compile(r"айыл\w*\s+(?:аймаг?\w*|окмот\w*|өкмөт\w*)|\bа/о\b|aiyl\s+aimak|"
                              r"аильн\w+\s+округ|сельск\w+\s+округ", re.I)),
    ("oblast", re.compile(r"\bобласт\w*|\bоблус\w*|\boblast\b|\bregion\b", re.I)),
    ("rayon", re.compile(r"\bрайон\w*|\brayon\b|\bdistrict\b", re.I)),
    ("settlement", re.compile(r"\bпгт\b|\bп\.\s*г\.\s*т|поселок городского|шаарча", re.I)),
    # "Кара-Шаар" is a village: a type word stands alone, never inside a hyphenated name.
    ("city", re.compile(r"^\s*г\.|^\s*г\s|(?<![\w-])(?:город\w*|шаар\w*)(?![\w-])|\bcity\b|"
                        r"\bмэри", re.I)),
    ("village", re.compile(r"^\s*с\.|\bсело\b|\bайылы\b|\bvillage\b", re.I)),
]


def name_kind(name: str) -> str | None:
    """What the type words of a name say it is, or None when it has none ("Кербен")."""
    return next((kind for kind, pattern in _KIND_WORDS if pattern.search(name or "")), None)


def _parts(code: str) -> tuple[str, str, str, str]:
    return code[3:5], code[5:8], code[8:11], code[11:14]


def code_kind(code: str) -> str | None:
    """What the code's structure says a row is; "top" is an oblast or a republican city."""
    _o, r, u, v = _parts(code)
    if v != "000":
        in_city = (u != "000" and u[0] in "456") or (u == "000" and r[0] == "4")
        if in_city and v[0] != "8":
            return {"5": "settlement", "6": "city_rayon"}.get(u[0], "city_oblast")
        return "village"
    if u != "000":
        return {"7": "aiyl_aimak", "8": "aiyl_aimak", "6": "city_rayon", "5": "settlement",
                "4": "city_oblast"}.get(u[0])
    if r != "000":
        return {"2": "rayon", "4": "city_oblast"}.get(r[0])
    return "top"


def _level(code: str, name: str) -> tuple[str | None, str]:
    """(level, note): the code's reading, corrected by the name's type words where they speak.

    A note says why a row could not be classified (level None) or what was assumed.
    """
    by_code, by_name = code_kind(code), name_kind(name)
    if by_code == "top":
        return _top_level(code, by_name)
    if by_code is None:
        return None, "code_structure"
    if by_name is None or by_name == by_code:
        return by_code, ""
    return _level_named_otherwise(by_code, by_name)


def _top_level(code: str, by_name: str | None) -> tuple[str | None, str]:
    """An oblast or a republican city (Bishkek, Osh), which both have codes of the top slot."""
    if by_name == "oblast":
        return "oblast", ""
    if by_name == "city":
        return "city_republican", ""
    return (None, f"name_says_{by_name}") if by_name else (
        "city_republican" if code[3:5] in ("11", "21") else "oblast", "")


def _level_named_otherwise(by_code: str, by_name: str) -> tuple[str | None, str]:
    """Where the code says one level and the name's type words another: who wins."""
    if by_code in ("rayon", "city_oblast") and by_name in ("rayon", "city"):
        return ("rayon" if by_name == "rayon" else "city_oblast"), ""
    if by_code in ("aiyl_aimak", "city_rayon", "city_oblast", "settlement"):
        if by_name == "aiyl_aimak":
            return "aiyl_aimak", ""
        if by_name == "city":
            return (by_code if by_code in CITY_LEVELS else "city_rayon"), ""
        if by_name == "settlement":
            return "settlement", ""
    if by_code == "village" and by_name == "city":
        return "city_rayon", "city_at_village_code"
    if by_code == "village" and by_name in ("village", "settlement"):
        return by_name, ""
    if by_code in CITY_LEVELS + ("settlement",) and by_name == "village":
        return by_code, ""
    return None, f"name_says_{by_name}"


def _owner_key(code: str, level: str) -> str:
    """The code whose descendants a row governs: a city written at village position (the
    classifier's habit: "г. Каракол" is 41702410000010) governs its whole slot."""
    _o, r, u, v = _parts(code)
    if v == "000" or level not in CITY_LEVELS + ("settlement",) or code_kind(code) == "village":
        return code
    return code[:11] + "000" if u != "000" else code[:8] + "000000"


def _ancestor_keys(code: str) -> list[str]:
    _o, r, u, v = _parts(code)
    keys = []
    if v != "000":
        keys.append(code[:11] + "000")
    if u != "000":
        keys.append(code[:8] + "000000")
    if r != "000":
        keys.append(code[:5] + "000000000")
    return keys


@dataclass
class Classified:
    """Every row with level, parent, rayon and oblast, and what the checks found."""

    rows: pd.DataFrame
    counts: dict[str, int]
    repeated_codes: list[str] = field(default_factory=list)
    unclassified: list[str] = field(default_factory=list)
    bodies_without_rayon: list[str] = field(default_factory=list)
    unknown_parents: list[str] = field(default_factory=list)
    cycle: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def lsg_bodies(self) -> int:
        return int(sum(self.counts.get(level, 0) for level in LSG_LEVELS))

    def refusal(self) -> VintageError | None:
        """The first problem that makes this table unusable, as one message."""
        if self.repeated_codes:
            return VintageError("repeated_codes", n=len(self.repeated_codes),
                                examples=", ".join(self.repeated_codes[:_SHOWN]))
        if self.cycle:
            return VintageError("cycle", examples=" → ".join(self.cycle[:8]))
        if self.unknown_parents:
            return VintageError("unknown_parent", n=len(self.unknown_parents),
                                examples="; ".join(self.unknown_parents[:_SHOWN]))
        if self.unclassified:
            return VintageError("unclassified", n=len(self.unclassified),
                                examples="; ".join(self.unclassified[:_SHOWN]))
        if self.bodies_without_rayon:
            return VintageError("without_rayon", n=len(self.bodies_without_rayon),
                                examples="; ".join(self.bodies_without_rayon[:_SHOWN]))
        if not self.lsg_bodies:
            return VintageError("no_bodies")
        return None


def _levels(table: pd.DataFrame, warnings: list[str]) -> tuple[list[str | None], list[str]]:
    """Each row's level (None where it cannot be told) and the rows that could not be classified;
    what was assumed goes into `warnings`."""
    levels, unclassified = [], []
    for row in table.itertuples():
        level, note = _level(row.soate, row.name_ru)
        if not row.name_ru:
            level, note = None, "no_name"
        if level is None:
            unclassified.append(f"{row.soate} «{row.name_ru}» ({note})")
        elif note:
            warnings.append(f"{row.soate} «{row.name_ru}»: {note}")
        levels.append(level)
    return levels, unclassified


def classify(table: pd.DataFrame) -> Classified:
    """Level, parent, rayon and oblast of every row, and the problems found on the way."""
    table = table.copy()
    repeated = table[table.soate.duplicated(keep=False)]
    same = repeated.drop_duplicates(["soate", "name_ru"])
    conflicting = sorted(set(same.soate[same.soate.duplicated()]))
    warnings = []
    if len(repeated) and not conflicting:
        warnings.append(f"{repeated.soate.nunique()} rows listed twice with the same name")
    table = table.drop_duplicates("soate").reset_index(drop=True)
    levels, unclassified = _levels(table, warnings)
    table["level"] = _city_cores(table.assign(level=levels))
    known = table[table.level.notna()]
    owner: dict[str, str] = {}
    for row in known.itertuples():
        owner.setdefault(_owner_key(row.soate, row.level), row.soate)
    level_of = dict(zip(known.soate, known.level, strict=True))
    parents, unknown_parents = {}, []
    explicit = table.parent_soate.astype(str).str.len().gt(0) if "parent_soate" in table else None
    for row in known.itertuples():
        if explicit is not None and explicit.loc[row.Index]:
            parent = row.parent_soate
            if parent not in level_of:
                unknown_parents.append(f"{row.soate} → {parent}")
        else:
            # Кемин shares its slot with Орловка (a sibling, not a parent); a city's urban core
            # hangs off the city that holds that slot at its own code.
            own = _owner_key(row.soate, row.level)
            sibling = owner.get(own, row.soate)[11:] != "000"
            parent = next((owner[k] for k in _ancestor_keys(row.soate)
                           if k in owner and owner[k] != row.soate
                           and not (k == own and sibling)), "")
        parents[row.soate] = parent
    cycle = _find_cycle(parents)
    table["parent_soate"] = table.soate.map(parents).fillna("")
    if not cycle and not unknown_parents:
        _place(table, parents, level_of)
    else:
        table["oblast_soate"] = ""
        table["rayon_soate"] = ""
    bodies = table[table.level.isin(LSG_LEVELS)]
    without_rayon = [f"{r.soate} «{r.name_ru}»" for r in bodies.itertuples()
                     if not r.rayon_soate] if not cycle else []
    counts = {lv: int(n) for lv, n in table.level.value_counts().items()}
    return Classified(table, counts, conflicting, unclassified, without_rayon,
                      unknown_parents, cycle, warnings)


def _city_cores(table: pd.DataFrame) -> pd.Series:
    """A table that lists a city at its own code (41702410000000 "г. Каракол") and again at
    village position (41702410000010) holds one city: the second row is its urban core, a
    settlement of it, not a second body."""
    levels = table.level.copy()
    slot_level = dict(zip(table.soate, table.level, strict=True))
    for i, row in enumerate(table.itertuples()):
        if row.level in CITY_LEVELS and row.soate[11:] != "000":
            slot = _owner_key(row.soate, row.level)
            if slot != row.soate and slot_level.get(slot) in CITY_LEVELS:
                levels.iat[i] = "settlement"
    return levels


def _find_cycle(parents: dict[str, str]) -> list[str]:
    """The first loop in the parent links (only an explicit parent column can make one)."""
    done: set[str] = set()
    for start in parents:
        path, seen, code = [], set(), start
        while code and code not in done:
            if code in seen:
                return path[path.index(code):] + [code]
            seen.add(code)
            path.append(code)
            code = parents.get(code, "")
        done |= seen
    return []


def _place(table: pd.DataFrame, parents: dict[str, str], level_of: dict[str, str]) -> None:
    """Oblast and rayon (level-2 map unit) of every row, by walking up its parents.

    A city of oblast significance hangs off its oblast, wherever its code sits (Kok-Jangak is
    numbered inside Suzak rayon), and is its own level-2 unit.
    """
    for code, level in level_of.items():
        if level == "city_oblast":
            up = parents.get(code, "")
            while up and level_of.get(up) not in MAP1_LEVELS:
                up = parents.get(up, "")
            parents[code] = up
        elif level == "rayon" and level_of.get(parents.get(code, "")) == "city_republican":
            level_of[code] = "city_borough"

    def first_up(code: str, wanted: tuple[str, ...]) -> str:
        while code:
            if level_of.get(code) in wanted:
                return code
            code = parents.get(code, "")
        return ""

    table["level"] = table.soate.map(level_of)
    table["parent_soate"] = table.soate.map(parents).fillna("")
    table["oblast_soate"] = [first_up(c, MAP1_LEVELS) for c in table.soate]
    table["rayon_soate"] = [
        "" if level_of.get(c) == "oblast" else first_up(c, MAP2_LEVELS) for c in table.soate]


# --- names ----------------------------------------------------------------------------------

AA_SUFFIX = re.compile(r"\s*айылный аймак\s*$", re.I)
AA_PREFIX = re.compile(r"^\s*(?:айылный аймак\s+)?(?:им\.|имени)?\s*", re.I)
# How a unit's kind is written after its name, in Kyrgyz and in English.
KIND_WORDS = {"oblast": ("облусу", "oblast"), "rayon": ("району", "rayon"),
              "city": ("шаары", "city"), "aiyl_aimak": ("айыл аймагы", "aiyl aimak")}


def pcode(soate: str) -> str:
    """OCHA's P-code of a unit: `KG` + the last 11 digits of its SOATE code."""
    return "KG" + soate[3:]


def aiyl_aimak_stem(name_ru: str) -> str:
    """"Ак-Булунский айылный аймак" → "Ак-Булунский"; "Айылный аймак им. X" → "X"."""
    core = AA_SUFFIX.sub("", name_ru)
    core = re.sub(r"^айылный аймак\s+", "", core, flags=re.I)
    core = re.sub(r"\s+имени\s+", " ", core)
    return AA_PREFIX.sub("", core).strip()


def base_from_villages(stem: str, villages: list[str]) -> tuple[str, str]:
    """Nominative base of a unit's adjectival name: the candidate a village of it spells.

    Returns (base, how): how is "village" when a village spells it, "rule" otherwise.
    """
    words = stem.split() or [stem]
    last = words[-1]
    candidates = [" ".join([*words[:-1], c]) for c in names.adjective_stems(last)]
    village_keys = {names.skeleton(v): v for v in villages}
    for cand in candidates:
        hit = village_keys.get(names.skeleton(cand))
        if hit:
            return hit, "village"
    best = max(
        villages,
        key=lambda v: fuzz.ratio(names.skeleton(v), names.skeleton(candidates[0])),
        default=None,
    )
    if best and fuzz.ratio(names.skeleton(best), names.skeleton(candidates[0])) >= 85:
        return best, "village~"
    return candidates[0], "rule"


def ky_aiyl_aimak_base(base_ru: str, stem: str, how: str) -> str:
    """Kyrgyz base: a unit no village names after a person keeps the surname ("Аманбаев")."""
    last = stem.split()[-1]
    if how == "rule" and last.lower().endswith(("овский", "евский")):
        surname = " ".join([*stem.split()[:-1], last[: -len("ский")]])
        return names.kyrgyz_spelling(surname)
    return names.kyrgyz_spelling(base_ru)


def named(base_ru: str, base_ky: str, base_en: str, kind: str, source: str) -> dict:
    """The name columns of a unit from its bases; `source` says where the names came from."""
    ky_word, en_word = KIND_WORDS[kind]
    return {"base_ru": base_ru, "base_ky": base_ky, "base_en": base_en,
            "name_ky": f"{base_ky} {ky_word}", "name_en": f"{base_en} {en_word}",
            "names_from": source}


def _kind_of(level: str) -> str:
    return "city" if level in CITY_LEVELS else level


def derived_names(level: str, name_ru: str, villages: list[str]) -> dict:
    """Name forms for matching, derived from the Russian name as for 2018 (`derived:<how>`)."""
    if level == "aiyl_aimak":
        stem = aiyl_aimak_stem(name_ru)
        base_ru, how = base_from_villages(stem, villages)
        base_ky = ky_aiyl_aimak_base(base_ru, stem, how)
    elif level in CITY_LEVELS:
        base_ru, how = names.strip_unit_type(name_ru) or name_ru, "rule"
        base_ky = names.kyrgyz_spelling(base_ru)
    else:
        stem = names.strip_unit_type(name_ru) or name_ru
        base_ru, how = base_from_villages(stem, villages)
        base_ky = names.kyrgyz_spelling(base_ru)
    return named(base_ru, base_ky, names.to_latin(base_ky), _kind_of(level), f"derived:{how}")


def _given_names(row: dict, derived: dict) -> dict:
    """The file's own Kyrgyz and English names win over derived ones; bases stay derived."""
    out = dict(derived)
    given = [lang for lang in ("ky", "en") if row.get(f"name_{lang}")]
    for lang in given:
        out[f"name_{lang}"] = row[f"name_{lang}"]
        out[f"base_{lang}"] = names.strip_unit_type(row[f"name_{lang}"]) or row[f"name_{lang}"]
    if given:
        out["names_from"] = "file+" + derived["names_from"] if len(given) < 2 else "file"
    return out


def build_units(rows: pd.DataFrame, known: pd.DataFrame | None = None) -> pd.DataFrame:
    """The units table of a vintage (the columns of data/vintages/2018/units.csv).

    A unit whose code, level and Russian name are unchanged from `known` (the built-in 2018
    units) keeps its curated Kyrgyz and English names (`names_from` "2018:..."); every other
    unit gets derived ones.
    """
    kept = rows[rows.level.isin(UNIT_LEVELS)]
    same = _unchanged(kept, known)
    villages = rows[rows.level.isin(VILLAGE_LEVELS)]
    by_parent = villages.groupby("parent_soate").name_ru.apply(list).to_dict()
    by_rayon = villages.groupby("rayon_soate").name_ru.apply(list).to_dict()
    out = []
    for row in kept.to_dict("records"):
        level = row["level"]
        near = by_rayon.get(row["soate"], []) if level == "rayon" else by_parent.get(
            row["soate"], [])
        known = same.get(row["soate"]) or derived_names(level, row["name_ru"], near)
        forms = _given_names(row, known)  # the file's own names win
        out.append({"soate": row["soate"], "pcode": pcode(row["soate"]), "level": level,
                    "parent_soate": row["parent_soate"], "oblast_soate": row["oblast_soate"],
                    "rayon_soate": row["rayon_soate"], "is_lsg": level in LSG_LEVELS,
                    "name_ru": row["name_ru"], **forms})
    return pd.DataFrame(out, columns=UNIT_COLUMNS).sort_values("soate").reset_index(drop=True)


NAME_FORMS = ("base_ru", "base_ky", "base_en", "name_ky", "name_en")


def _unchanged(kept: pd.DataFrame, known: pd.DataFrame | None) -> dict[str, dict]:
    if known is None:
        return {}
    known = known.set_index("soate", drop=False)
    out = {}
    for row in kept.itertuples():
        if row.soate in known.index:
            old = known.loc[row.soate]
            if old.level == row.level and old.name_ru == row.name_ru:
                forms = {c: old[c] for c in NAME_FORMS}
                out[row.soate] = forms | {"names_from": f"{DEFAULT_VINTAGE}:{old.names_from}"}
    return out


def carried_aliases(units: pd.DataFrame, known: gazetteer.Gazetteer) -> pd.DataFrame:
    """The built-in vintage's aliases of units that kept code and name (cross-check spellings
    people still type)."""
    same = units.merge(known.units[["soate", "name_ru"]].reset_index(drop=True),
                       on=["soate", "name_ru"])
    return known.aliases[known.aliases.soate.isin(same.soate)].reset_index(drop=True)


def build_villages(rows: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Villages and settlements with the LSG body that governs them ("" for none), as the 2018
    build makes data/vintages/2018/villages.csv."""
    level_of = dict(zip(rows.soate, rows.level, strict=True))
    parent_of = dict(zip(rows.soate, rows.parent_soate, strict=True))
    lsg = set(units.soate[units.is_lsg])
    rayon_of = dict(zip(units.soate, units.rayon_soate, strict=True))
    out = []
    for r in rows[rows.level.isin(VILLAGE_LEVELS)].itertuples(index=False):
        body = r.parent_soate
        if level_of.get(body) == "city_borough":
            body = parent_of.get(body, "")
        body = body if body in lsg else ""
        out.append({"soate": r.soate, "level": r.level, "name_ru": r.name_ru,
                    "name_ky": r.name_ky or names.kyrgyz_spelling(r.name_ru), "unit_soate": body,
                    "rayon_soate": rayon_of.get(body, r.rayon_soate),
                    "oblast_soate": r.oblast_soate})
    return pd.DataFrame(out, columns=VILLAGE_COLUMNS).sort_values("soate").reset_index(drop=True)


# --- the whole import -----------------------------------------------------------------------


@dataclass
class Prepared:
    """A checked classifier, ready to save: what the import page shows before saving."""

    name: str
    meta: dict
    units: pd.DataFrame
    villages: pd.DataFrame
    classified: Classified

    def report(self) -> dict:
        """Counts per level and what a person may want to look at, for the page and the CLI."""
        c = self.classified
        return {"counts": c.counts, "lsg_bodies": c.lsg_bodies,
                "villages": len(self.villages),
                "villages_without_body": int((self.villages.unit_soate == "").sum()),
                "bodies_without_rayon": c.bodies_without_rayon,
                "repeated_codes": c.repeated_codes, "unclassified": c.unclassified,
                "warnings": c.warnings}


def check_name(name: str, taken: list[str]) -> None:
    if not NAME_RE.fullmatch(name or ""):
        raise VintageError("bad_name", name=name)
    if name in taken:
        raise VintageError("name_taken", name=name)


def prepare(source: bytes | str | Path, name: str, *, filename: str | None = None,
            valid_from: dt.date | str | None = None, taken: list[str] | None = None) -> Prepared:
    """Read and check a classifier; raises VintageError (or the sheet reader's IngestError)."""
    check_name(name, taken if taken is not None else gazetteer.available_vintages())
    if isinstance(valid_from, str) and valid_from:
        try:
            valid_from = dt.date.fromisoformat(valid_from)
        except ValueError:
            raise VintageError("bad_date", value=valid_from) from None
    table, filename, sha = read_classifier(source, filename)
    classified = classify(table)
    refusal = classified.refusal()
    if refusal is not None:
        raise refusal
    rows = classified.rows
    units = build_units(rows, gazetteer.load(DEFAULT_VINTAGE).units)
    villages = build_villages(rows, units)
    counts = units.level.value_counts().to_dict()
    meta = {
        "vintage": name,
        "label": {lang: name for lang in ("ky", "ru", "en")},
        "valid_from": valid_from.isoformat() if valid_from else None,
        "expected_counts": {lv: int(counts.get(lv, 0)) for lv in UNIT_LEVELS},
        "lsg_bodies": int(units.is_lsg.sum()),
        "geometry": None,  # maps draw 2018's polygons for it (forumreach.vintage_geo)
        "user_loaded": True,
        "source_filename": filename,
        "source_sha256": sha,
        "sources": [f"{filename} (sha256 {sha[:12]}), loaded by its user"],
    }
    return Prepared(name, meta, units, villages, classified)


def save(prepared: Prepared, store, actor: str = "system") -> int:
    """Store a prepared vintage; after this `gazetteer.load(name)` finds it in every process."""
    vintage_id = store.save_vintage(prepared.name, prepared.meta, prepared.units,
                                    prepared.villages, actor=actor)
    gazetteer.load.cache_clear()
    return vintage_id


def import_file(source: bytes | str | Path, name: str, store, *, filename: str | None = None,
                valid_from: dt.date | str | None = None, actor: str = "system") -> Prepared:
    """Read, check and save in one go (the CLI's `vintages import`)."""
    prepared = prepare(source, name, filename=filename, valid_from=valid_from,
                       taken=available(store).name.tolist())
    save(prepared, store, actor=actor)
    return prepared


# --- which vintages there are ---------------------------------------------------------------


def stored_gazetteer(name: str, store=None) -> gazetteer.Gazetteer | None:
    """A user-loaded vintage from the store (the gazetteer's hook for names not in data/)."""
    if store is None:
        from forumreach.store import Store

        opened = Store()
        try:
            return stored_gazetteer(name, opened)
        finally:
            opened.engine.dispose()
    found = store.load_vintage(name)
    if found is None:
        return None
    meta, units, villages = found
    units = units.fillna("").astype({"is_lsg": bool})
    units.index = units.soate
    units.index.name = None
    villages = villages.fillna("")
    aliases = carried_aliases(units, gazetteer.load(DEFAULT_VINTAGE))
    gazetteer.check_counts(units, meta)
    return gazetteer.Gazetteer(vintage=name, units=units, aliases=aliases, meta=meta,
                               villages=villages)


def available(store=None) -> pd.DataFrame:
    """Built-in and stored vintages: name, valid_from, valid_to, user_loaded; by valid_from.

    A stored vintage is valid until the next one starts; the built-in ones say so themselves.
    """
    rows = []
    for name in gazetteer.available_vintages():
        meta = gazetteer.load(name).meta
        rows.append({"name": name, "valid_from": meta.get("valid_from"),
                     "valid_to": meta.get("valid_to"), "user_loaded": False})
    if store is not None:
        for row in store.list_vintages().itertuples():
            rows.append({"name": row.name, "valid_from": None if pd.isna(row.valid_from) else
                         str(row.valid_from), "valid_to": None, "user_loaded": True})
    table = pd.DataFrame(rows, columns=["name", "valid_from", "valid_to", "user_loaded"])
    # A loaded vintage without a start day is taken as newer than the built-in ones.
    return table.sort_values(["valid_from", "name"], na_position="last").reset_index(drop=True)


def valid_on(day: dt.date | str | None, known: pd.DataFrame | None = None) -> str:
    """The vintage in force on a day: the latest one started by then (built-in 2018 without a
    day, or before any). `known`: `available(store)`, read by the caller (a page that also
    lists the vintages reads the store once); the built-in ones without it."""
    if not day:
        return DEFAULT_VINTAGE
    day = str(day)[:10]
    table = available() if known is None else known
    started = table[table.valid_from.notna() & (table.valid_from.astype(str) <= day)]
    return str(started.name.iloc[-1]) if len(started) else DEFAULT_VINTAGE


@dataclass(frozen=True)
class OutOfForce:
    """A day no loaded vintage was in force on, and the vintage used for it anyway: its units
    are older (`after`) or newer than the day. Pages say so rather than pretend."""

    day: str
    vintage: str
    valid_from: str | None
    valid_to: str | None

    @property
    def after(self) -> bool:
        return bool(self.valid_to) and self.day > str(self.valid_to)


def _day(value: object) -> str | None:
    return None if value is None or pd.isna(value) or not str(value) else str(value)[:10]


def in_force(known: pd.DataFrame) -> pd.DataFrame:
    """`known` (`available`) with each vintage's last day in force: its own `valid_to`, else the
    day before the next one starts, else none (still in force). A vintage without a start day
    is never said to be in force on any day (`valid_on` never picks it)."""
    froms = [_day(d) for d in known.valid_from]
    starts = sorted(d for d in froms if d)
    ends = []
    for start, own in zip(froms, map(_day, known.valid_to), strict=True):
        later = [d for d in starts if start and d > start]
        ends.append(own or ((dt.date.fromisoformat(later[0]) - dt.timedelta(days=1)).isoformat()
                            if later else None))
    return known.assign(valid_from=pd.Series(froms, index=known.index, dtype=object),
                        valid_to=pd.Series(ends, index=known.index, dtype=object))


def out_of_force(day: dt.date | str | None, vintage: str,
                 known: pd.DataFrame) -> OutOfForce | None:
    """Whether `day` lies outside every vintage of `known`: then what `vintage` covers, else
    None. An unknown day is not said to be outside anything."""
    day = _day(day)
    if not day:
        return None
    spans = in_force(known)
    for start, end in zip(spans.valid_from, spans.valid_to, strict=True):
        start, end = _day(start), _day(end)
        if start and start <= day and (end is None or day <= end):
            return None
    own = spans[spans.name.astype(str) == str(vintage)]
    return OutOfForce(day, str(vintage), _day(own.valid_from.iloc[0]) if len(own) else None,
                      _day(own.valid_to.iloc[0]) if len(own) else None)


def out_of_force_text(lapsed: OutOfForce, t: Translator, said_on: str = "overview") -> str:
    """What a page or a report says of an event matched on units not in force on its day
    (`out_of_force`): the one wording for Overview, Map, Report and the report's notes;
    `said_on="import"` for Import, before the event is saved."""
    return t(f"{said_on}.out_of_force_{'after' if lapsed.after else 'before'}",
             vintage=lapsed.vintage, day=t.date(lapsed.day),
             valid_from=t.date(lapsed.valid_from), valid_to=t.date(lapsed.valid_to))
