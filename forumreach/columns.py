"""Which row is the header and which column holds which field: by header words, then by cells.

Header words settle most sheets: "ФИО", "Аты-жөнү", "Organization". Sheets nobody here has seen
name their organisation column in words no list holds ("Ишкана", "Укажите ваш айыл окмоту"), or
leave it blank, and then the cells tell: a column whose cells read as LSG bodies, villages or
cities is the organisation column, one of "Ак-Суу району" the rayon column, and so on. Every
decision keeps its evidence (`Evidence`), so the analyst sees why a column was taken, and a sheet
whose organisation column cannot be found is refused rather than matched as empty.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from forumreach import names
from forumreach.cells import column_readings, mentions_place
from forumreach.grid import Grid
from forumreach.pasted_list import PARTS, PastedGrid
from forumreach.sheet_safety import IngestError

FIELDS = (
    "name",
    "position",
    "organisation",
    "rayon",
    "oblast",
    "gender",
    "phone",
    "email",
    "number",
)

# Header texts per canonical field, as people type them. Matching folds case, ё and the Kyrgyz
# letters ө ү ң (to о у н) and ignores punctuation, so "Ф.И.О." and "фио" both need listing
# but "Аты-жөнү" and "аты жону" do not. A header word of four letters or more also matches
# with an ending ("Кызматыңыз", "телефона"), but only as a phrase inside the header, so
# question-style headers of online forms ("Ваша должность", "What organisation do you
# represent?") are read too.
HEADER_SYNONYMS: dict[str, dict[str, list[str]]] = {
    "name": {
        "ru": ["фио", "ф и о", "фамилия имя отчество", "фамилия и имя", "фамилия имя",
               "ф и о участника", "участник", "участники"],
        "ky": ["аты жону", "аты-жөнү", "толук аты", "катышуучу", "аты жону атасынын аты"],
        "en": ["full name", "participant", "your name", "name and surname"],
    },
    "position": {
        "ru": ["должность", "занимаемая должность"],
        "ky": ["кызматы", "кызмат орду", "кызмат"],
        "en": ["position", "job title", "title", "role"],
    },
    "organisation": {
        "ru": ["организация", "орган мсу", "мсу", "наименование органа мсу", "место работы",
               "наименование организации", "учреждение", "муниципалитет", "айыл окмоту",
               "ао", "орган", "мэрия", "орган местного самоуправления", "омсу"],
        "ky": ["мекеме", "уюм", "иштеген жери", "иш орду", "мекеменин аталышы", "жаоо",
               "айыл окмоту", "жоб органы", "жоб", "жергиликтүү өз алдынча башкаруу органы"],
        "en": ["organisation", "organization", "lsg", "lsg body", "institution", "employer",
               "municipality", "local self government body", "local self government"],
    },
    "rayon": {
        "ru": ["район", "район город"],
        "ky": ["району", "райондун аталышы"],
        "en": ["rayon", "raion", "district"],
    },
    "oblast": {
        "ru": ["область", "обл", "регион"],
        "ky": ["облусу", "облус"],
        "en": ["oblast", "region", "province"],
    },
    "gender": {
        "ru": ["пол", "м ж"],
        "ky": ["жынысы", "жыныс"],
        "en": ["gender", "sex"],
    },
    "phone": {
        "ru": ["телефон", "тел", "номер телефона", "моб телефон", "мобильный", "контакты",
               "контактный телефон", "телефона"],
        "ky": ["телефон номери", "байланыш"],
        "en": ["phone", "mobile", "tel", "phone number", "contact"],
    },
    "email": {
        "ru": ["email", "e mail", "электронная почта", "эл почта", "почта", "эл адрес",
               "адрес электронной почты", "электронной почты"],
        "ky": ["электрондук почта"],
        "en": ["email", "e mail", "mail", "email address"],
    },
    "number": {
        "ru": ["№", "№ п п", "п п", "номер", "n п п"],
        "ky": ["катар саны", "р с", "№ р с"],
        "en": ["no", "nr", "#", "n"],
    },
}
# A name typed over two or three columns. One such column alone is the name column.
NAME_PART_SYNONYMS: dict[str, list[str]] = {
    "surname": ["фамилия", "фамилиясы", "surname", "last name", "family name"],
    "given": ["имя", "аты", "name", "first name", "given name"],
    "patronymic": ["отчество", "атасынын аты", "middle name", "patronymic"],
}
NAME_PARTS = tuple(NAME_PART_SYNONYMS)
# An online form's submission time: recognised so it is never taken for phones, and not kept.
TIMESTAMP_SYNONYMS = ["отметка времени", "дата и время", "время заполнения", "убакыт белгиси",
                      "убакыт", "timestamp", "time stamp", "submitted at", "submission time"]

HEADER_SCAN_ROWS = 30
# (field, reading, least share of the column's filled cells), in the order fields are decided.
CONTENT_RULES = (
    ("timestamp", "timestamp", 0.8),
    ("email", "email", 0.6),
    ("phone", "phone", 0.6),
    ("gender", "gender", 0.8),
    ("organisation", "place", 0.4),
    ("rayon", "rayon", 0.5),
    ("oblast", "oblast", 0.5),
    ("position", "position", 0.4),
    ("name", "name", 0.5),
)
NAME_PART_SHARE = 0.8
# Share of a column's cells naming a body that makes a position column the organisation too.
BODY_IN_POSITION_SHARE = 0.3
_EXACT, _CONTAINS = 3, 2
_PREFIX_MIN = 4  # header words this long also match with a Kyrgyz or Russian ending

EVIDENCE_IDS = (
    "columns.header_word", "columns.header_words_joined",
    "columns.header_words_organisation_joined", "columns.mapping",
    "columns.timestamp_header", *(f"columns.pasted_{part}" for part in PARTS),
    *(f"columns.cells_{reading}" for reading in (
        "place", "rayon", "oblast", "position", "phone", "email", "gender", "name",
        "timestamp", "name_part")),
)


@dataclass(frozen=True)
class Evidence:
    """Why a column was taken for a field: a message id and its values (`columns.*` in the
    catalogs), so the page says it in its reader's language and the CLI in English."""

    columns: tuple[int, ...]
    message_id: str
    params: dict = field(default_factory=dict)

    def said_in(self, t) -> str:
        """The evidence in `t`'s language (an `i18n.Translator`). A share of cells goes through
        the one share format (`Translator.percent`: "92%" in en and ky, "92 %" in ru)."""
        params = dict(self.params)
        if "share" in params:
            params["share"] = t.percent(params["share"], 0)
        return t(self.message_id, **params)

    @property
    def text(self) -> str:
        from forumreach import i18n

        return self.said_in(i18n.Translator("en"))


@dataclass(frozen=True)
class ColumnMap:
    """The header found on one sheet and where each field comes from."""

    header_index: int
    header_rows: tuple[int, ...]
    labels: list[str]
    columns: dict[str, tuple[int, ...]]
    evidence: dict[str, Evidence]
    fingerprint: str
    headerless: bool = False  # no row names the columns; the data starts below header_index

    def mapping(self) -> dict[str, str]:
        """Field -> header label; a name over several columns is "Фамилия + Имя"."""
        return {
            name: " + ".join(self.labels[col] for col in cols)
            for name, cols in self.columns.items() if name in FIELDS
        }


# ----------------------------------------------------------------------------- header words


_TOKEN = re.compile(r"[\w?№#@]+")


def tokens(text: str) -> tuple[str, ...]:
    """Words of a header or cell, Kyrgyz letters folded (`names.fold_kyrgyz`)."""
    return tuple(_TOKEN.findall(names.fold_kyrgyz(text)))


def as_written(header: str, phrase: str) -> str:
    """The words of `header` that matched the header phrase `phrase`, as the sheet writes them
    ("Аты-жөнү" for 'аты жону', "Кызматыңыз" for 'кызматы'). Matching folds case and Kyrgyz
    letters; the evidence a person reads shows their own sheet's words. Falls back to `phrase`
    when the header does not hold it (a mapping by hand)."""
    wanted = tokens(phrase)
    # Fold letter by letter, so every folded word keeps the place of its letters in `header`.
    folded, origin = [], []
    for at, letter in enumerate(header or ""):
        for char in names.fold_kyrgyz(letter):
            folded.append(char)
            origin.append(at)
    spans = [(found.start(), found.end()) for found in _TOKEN.finditer("".join(folded))]
    words = tuple("".join(folded[start:end]) for start, end in spans)
    for at in range(len(words) - len(wanted) + 1):
        if wanted and _starts_at(words, wanted, at, loose=True):
            first, last = spans[at][0], spans[at + len(wanted) - 1][1] - 1
            written = header[origin[first]:origin[last] + 1]
            if written.count("(") > written.count(")") and ")" in header[origin[last] + 1:]:
                written += ")"  # "Район (город)", not "Район (город"
            return written
    return phrase


def _same_token(cell: str, word: str, loose: bool = False) -> bool:
    """'?' in a cell stands for a Kyrgyz letter a cp1251 save lost: 'ж?н?' is 'жону'. Loose
    also takes an ending: 'кызматыңыз' is 'кызматы'."""
    if cell == word:
        return True
    if loose and len(word) >= _PREFIX_MIN and cell.startswith(word):
        return True
    if "?" not in cell or len(cell) != len(word):
        return False
    return all(a == b or a == "?" for a, b in zip(cell, word, strict=True))


def _starts_at(cell: tuple[str, ...], phrase: tuple[str, ...], at: int, loose: bool) -> bool:
    return all(_same_token(cell[at + k], phrase[k], loose) for k in range(len(phrase)))


def contains(cell: tuple[str, ...], phrase: tuple[str, ...], loose: bool = False) -> bool:
    return any(_starts_at(cell, phrase, at, loose) for at in range(len(cell) - len(phrase) + 1))


def equals(cell: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return len(cell) == len(phrase) and _starts_at(cell, phrase, 0, False)


def _synonym_tokens() -> list[tuple[str, tuple[str, ...], str]]:
    """(target, phrase tokens, phrase text); targets are fields, `name:<part>` and
    `timestamp`. Longest phrases first."""
    items = {
        (name, tokens(text), text)
        for name, by_language in HEADER_SYNONYMS.items()
        for texts in by_language.values()
        for text in texts
    }
    items |= {(f"name:{part}", tokens(text), text)
              for part, texts in NAME_PART_SYNONYMS.items() for text in texts}
    items |= {("timestamp", tokens(text), text) for text in TIMESTAMP_SYNONYMS}
    return sorted((item for item in items if item[1]),
                  key=lambda item: (-sum(len(token) for token in item[1]), item))


_SYNONYM_TOKENS = _synonym_tokens()
# Synonyms by their first word, so a cell looks up only the phrases that can start in it.
_BY_HEAD: dict[str, list[int]] = {}
for _at, (_, _phrase, _) in enumerate(_SYNONYM_TOKENS):
    _BY_HEAD.setdefault(_phrase[0], []).append(_at)


def _phrases_in(whole: tuple[str, ...]) -> list[tuple[str, tuple[str, ...], str]]:
    """The synonyms whose first word is a word of the cell, or begins one (with an ending)."""
    found: set[int] = set()
    for word in whole:
        found.update(_BY_HEAD.get(word, ()))
        for end in range(_PREFIX_MIN, len(word)):
            found.update(_BY_HEAD.get(word[:end], ()))
    return [_SYNONYM_TOKENS[at] for at in sorted(found)]


@lru_cache(maxsize=4096)
def header_candidates(cell: str) -> tuple[tuple[str, int, int, str], ...]:
    """Every target a header cell may name, best first: (target, quality, length, word), with
    quality 3 for the whole cell (or one part of "Ф.И.О. / Аты-жөнү") and 2 for a phrase in it."""
    if not cell or len(cell) > 200:
        return ()
    whole = tokens(cell)
    if not whole:
        return ()
    parts = [tokens(part) for part in re.split(r"[/|\n()]", cell)]
    found: dict[str, tuple[int, int, str]] = {}
    for target, phrase, text in _SYNONYM_TOKENS if "?" in cell else _phrases_in(whole):
        if equals(whole, phrase) or any(equals(part, phrase) for part in parts):
            quality = _EXACT
        elif contains(whole, phrase, loose=True):
            quality = _CONTAINS
        else:
            continue
        length = sum(len(token) for token in phrase)
        if target not in found or (quality, length) > found[target][:2]:
            found[target] = (quality, length, text)
    ranked = sorted(found.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return tuple((target, quality, length, text) for target, (quality, length, text) in ranked)


def _row_targets(row: list[str] | list[tuple]) -> dict[str, tuple[int, int, str]]:
    """Target -> (column, quality, word) from header words alone; the first column wins ties.
    `row` holds header texts, or each column's candidates already found."""
    chosen: dict[str, tuple[int, int, str]] = {}
    for col, cell in enumerate(row):
        found = header_candidates(cell) if isinstance(cell, str) else cell
        if not found:
            continue
        target, quality, _, word = found[0]
        if target not in chosen or quality > chosen[target][1]:
            chosen[target] = (col, quality, word)
    return chosen


def _row_score(chosen: dict[str, tuple[int, int, str]]) -> int:
    return sum(quality for _, quality, _ in chosen.values())


def _is_header_like(chosen: dict[str, tuple[int, int, str]]) -> bool:
    keys = {target.split(":")[0] for target in chosen}
    return bool(keys & {"name", "organisation"}) or len(keys - {"number", "timestamp"}) >= 2


# ----------------------------------------------------------------------------- one sheet


def find_columns(
    grid: Grid, filename: str, mapping: dict[str, object] | None = None
) -> ColumnMap | list[str]:
    """The header and columns of one sheet, or the likeliest header row when nothing reads as
    a header, so the refusal can show what was there."""
    if isinstance(grid, PastedGrid):
        return pasted_columns(grid, mapping)
    scan = [(i, row) for i, row in enumerate(grid.cells[:HEADER_SCAN_ROWS]) if any(row)]
    if not scan:
        return []
    best: tuple[int, int] | None = None
    for i, row in scan:
        if len({cell for cell in row if cell}) < 2:  # a title ("Список участников"), not a header
            continue
        chosen = _row_targets(_header_at(grid, i).candidates)
        if _is_header_like(chosen) and (best is None or _row_score(chosen) > best[0]):
            best = (_row_score(chosen), i)
    wanted = _wanted_labels(mapping, filename)
    if wanted:
        found = _row_with_labels(grid, scan, wanted, best[1] if best else None)
        if found is None:
            seen = _header_at(grid, best[1]).texts if best else _likeliest_header(scan)
            listed = ", ".join(f"'{h}'" for h in wanted)
            raise IngestError(
                filename,
                f"the mapping names columns not found in any header row: {listed}; headers seen: "
                + _headers_seen(seen),
                "ingest.mapping_not_found", columns=listed,
            )
        header_index = found
    elif best is not None:
        header_index = best[1]
    else:
        header_index = -1
    if header_index < 0:
        return _without_header_words(grid, scan, mapping, filename)
    return _map_columns(grid, header_index, mapping, filename)


def pasted_columns(grid: PastedGrid, mapping: dict[str, object] | None) -> ColumnMap:
    """The parts a pasted list's lines were split into (`pasted_list`), each labelled by the
    column it came from and its place in the line ("A·2"), the position read with the
    organisation as in one "Должность, место работы" cell; an analyst's mapping still wins."""
    first = next(i for i, row in enumerate(grid.cells) if len(row) == len(PARTS))
    letter = column_letter(grid.source_column)
    labels = [f"{letter}·{n}" for n in range(1, len(PARTS) + 1)]
    columns = {part: (col,) for col, part in enumerate(PARTS)}
    columns["position"] = columns["organisation"]
    said = {**{part: part for part in PARTS}, "position": "organisation"}
    evidence = {part: Evidence(cols, f"columns.pasted_{said[part]}", {"column": letter})
                for part, cols in columns.items()}
    if mapping:
        _apply_mapping(mapping, labels, columns, evidence)
    return ColumnMap(header_index=first - 1, header_rows=(), labels=labels, columns=columns,
                     evidence=evidence, fingerprint=header_fingerprint(labels), headerless=True)


def _without_header_words(
    grid: Grid, scan: list[tuple[int, list[str]]], mapping: dict[str, object] | None,
    filename: str,
) -> ColumnMap | list[str]:
    """No row names a field: the row with the most texts is the header if the cells below it
    show an organisation column and its own cell there does not read as a body; when it does,
    the sheet has no header row and every row of two or more texts is read. Otherwise the
    sheet is refused."""
    likeliest = max(scan, key=lambda item: len({c for c in item[1] if c}))[0]
    found = _map_columns(grid, likeliest, mapping, filename)
    if "organisation" not in found.columns:
        return _likeliest_header(scan)
    org = found.columns["organisation"][0]
    own = grid.cells[likeliest][org] if org < len(grid.cells[likeliest]) else ""
    if not mentions_place(own):
        return found
    first = next(i for i, row in scan if len({c for c in row if c}) >= 2)
    found = _map_columns(grid, first - 1, mapping, filename, headerless=True)
    return found if "organisation" in found.columns else _likeliest_header(scan)


def _headers_seen(row: list[str]) -> str:
    return ", ".join(f"'{text}'" for text in row if text)[:400]


def _likeliest_header(scan: list[tuple[int, list[str]]]) -> list[str]:
    """The row with the most distinct texts: what to show when no header was recognised (a
    merged title repeats one text across the row, so it does not count)."""
    return max((row for _, row in scan), key=lambda row: len({cell for cell in row if cell}))


@dataclass(frozen=True)
class _Header:
    """The header texts of one sheet, each column's candidate targets, and the rows they span."""

    texts: list[str]
    candidates: list[tuple]
    rows: tuple[int, ...]


_PLACE_FIELDS = ("organisation", "rayon", "oblast")


def _pair_candidates(upper: str, lower: str) -> tuple:
    """A field row under a group row: the field row decides, except that a bare "Name" under
    "Local self-government body" or "Район" names that body or rayon, not a person."""
    below = header_candidates(lower)
    above = header_candidates(upper) if upper and upper != lower else ()
    if below and not (below[0][0].startswith("name:") and above and above[0][0] in _PLACE_FIELDS):
        return below
    return above or below


@lru_cache(maxsize=64)
def _header_at_cached(upper: tuple[str, ...], lower: tuple[str, ...], index: int) -> _Header:
    single = _Header(list(lower), [header_candidates(cell) for cell in lower], (index,))
    if len({cell for cell in upper if cell}) < 2:  # blank, or a title merged across the row
        return single
    filled = [found for cell, found in zip(lower, single.candidates, strict=True) if cell]
    if sum(1 for found in filled if found) < max(2, len(filled) / 2):
        return single  # a field row names most of its columns; a data row does not
    width = max(len(lower), len(upper))
    texts, candidates = [], []
    for c in range(width):
        low = lower[c] if c < len(lower) else ""
        up = upper[c] if c < len(upper) else ""
        texts.append(low if not up or up == low else up if not low else f"{up} / {low}")
        candidates.append(_pair_candidates(up, low))
    pair = _Header(texts, candidates, (index - 1, index))
    single_targets, pair_targets = _row_targets(single.candidates), _row_targets(candidates)
    better = _row_score(pair_targets) > _row_score(single_targets) or (
        _row_score(pair_targets) == _row_score(single_targets)
        and set(pair_targets) != set(single_targets))
    return pair if better else single


def _header_at(grid: Grid, index: int) -> _Header:
    """Row `index` as the header, read together with the row above when that row groups it
    (a two-row header: "Участник" over "Фамилия", "Имя"; "Contacts" over "Phone", "E-mail")."""
    upper = tuple(grid.cells[index - 1]) if index > 0 else ()
    return _header_at_cached(upper, tuple(grid.cells[index]), index)


def header_labels(row: list[str]) -> list[str]:
    """Header texts made unique, so a mapping can name every column; blank ones by letter."""
    labels: list[str] = []
    seen: set[str] = set()
    for col, text in enumerate(row):
        label = text or f"({column_letter(col)})"
        if label in seen:
            label = f"{label} ({column_letter(col)})"
        labels.append(label)
        seen.add(label)
    return labels


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_fingerprint(row: list[str]) -> str:
    """The same headers give the same fingerprint whatever their case, spacing, punctuation or
    Kyrgyz letters ("Ф.И.О." is "ФИО"), so an analyst's mapping is found again for next
    month's sheet."""
    text = "\x1f".join("".join(tokens(cell)) for cell in row).rstrip("\x1f")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------- a mapping given


def _mapping_headers(value: object) -> list[str]:
    """A field's headers as given: "Фамилия", "Фамилия + Имя", or a list of headers."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value).strip()] if str(value).strip() else []


def _wanted_labels(mapping: dict[str, object] | None, filename: str) -> list[str]:
    if not mapping:
        return []
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise IngestError(
            filename, f"the mapping names unknown fields {unknown}; fields are {', '.join(FIELDS)}",
            "ingest.mapping_unknown", fields=", ".join(unknown),
        )
    return [header for value in mapping.values() for header in _mapping_headers(value)]


def _label_index(labels: list[str], header: str) -> list[int] | None:
    """Columns a mapped header names: one label, or labels joined by " + "."""
    folded = [label.casefold() for label in labels]
    if header.casefold() in folded:
        return [folded.index(header.casefold())]
    parts = [part.strip().casefold() for part in header.split(" + ")]
    if len(parts) > 1 and all(part in folded for part in parts):
        return [folded.index(part) for part in parts]
    return None


def _row_with_labels(
    grid: Grid, scan: list[tuple[int, list[str]]], wanted: list[str], preferred: int | None
) -> int | None:
    """The header row holding every mapped header: the detected one if it does, else the
    first row that does."""
    order = ([preferred] if preferred is not None else []) + [i for i, _ in scan]
    for i in order:
        labels = header_labels(_header_at(grid, i).texts)
        if all(_label_index(labels, header) is not None for header in wanted):
            return i
    return None


# ----------------------------------------------------------------------------- columns


def _map_columns(
    grid: Grid, header_index: int, mapping: dict[str, object] | None, filename: str,
    headerless: bool = False,
) -> ColumnMap:
    """Header words first, the analyst's mapping over them, then the cells for what is left.

    `headerless`: the data starts below `header_index` (a title, a blank row, or -1) and no row
    names the columns, so each is labelled by its letter.
    """
    found = _Header([], [], ()) if headerless else _header_at(grid, header_index)
    header = found.texts
    # Cells below a short header row still belong to a column: it gets a letter as its label.
    top = max(header_index, 0)
    width = max((len(row) for row in grid.cells[top:top + 50]), default=0)
    width = max(width, len(header))
    labels = header_labels(header + [""] * (width - len(header)))
    columns: dict[str, tuple[int, ...]] = {}
    evidence: dict[str, Evidence] = {}
    candidates = dict(enumerate(found.candidates))
    shares: dict[int, dict[str, float]] | None = None

    def readings() -> dict[int, dict[str, float]]:
        nonlocal shares
        if shares is None:
            shares = column_readings(grid, header_index, list(range(width)))
        return shares

    headed = _by_header_words(candidates, columns, evidence, readings, header)
    _organisation_over_columns(grid, header_index, headed, columns, evidence, header)
    if mapping:
        _apply_mapping(mapping, labels, columns, evidence)
    _by_cells(width, columns, evidence, readings)
    return ColumnMap(
        header_index=header_index,
        header_rows=found.rows,
        labels=labels,
        columns=columns,
        evidence=evidence,
        fingerprint=header_fingerprint(header),
        headerless=headerless,
    )


def _by_header_words(candidates, columns, evidence, readings, texts) -> list[tuple[int, str]]:
    """Each target goes to its best column (first on ties); a question naming two fields
    ("Ваша должность в айыл окмоту") takes the one its cells bear out. The evidence quotes each
    header's words as written (`texts`: the header text of each column). Returns every column
    headed as the organisation, (column, header word), for `_organisation_over_columns`."""
    chosen, with_position, headed = _targets_by_words(candidates, readings)

    def written(col: int, word: str) -> str:
        return as_written(texts[col], word) if col < len(texts) else word

    parts = [part for part in NAME_PARTS if f"name:{part}" in chosen]
    if "name" not in chosen and parts:
        cols = tuple(chosen[f"name:{part}"][0] for part in parts)
        said = [written(chosen[f"name:{part}"][0], chosen[f"name:{part}"][2]) for part in parts]
        columns["name"] = cols
        evidence["name"] = (Evidence(cols, "columns.header_words_joined",
                                     {"words": ", ".join(f"'{word}'" for word in said)})
                            if len(cols) > 1 else
                            Evidence(cols, "columns.header_word", {"word": said[0]}))
    for target, (col, _, word) in chosen.items():
        if target.startswith("name:") or col in _taken(columns):
            continue
        columns[target] = (col,)
        message = "columns.timestamp_header" if target == "timestamp" else "columns.header_word"
        evidence[target] = Evidence((col,), message, {"word": written(col, word)})
    for col, word in with_position.items():
        if "position" not in columns and columns.get("organisation") == (col,):
            columns["position"] = (col,)
            evidence["position"] = Evidence((col,), "columns.header_word",
                                            {"word": written(col, word)})
    return [(col, written(col, word)) for col, word in headed]


def _targets_by_words(candidates, readings) -> tuple[dict, dict[int, str], list[tuple[int, str]]]:
    """Target -> (column, quality, word), the organisation columns whose header names the
    position too (column -> the position's header word), and every column headed as the
    organisation (column, word)."""
    chosen: dict[str, tuple[int, int, str]] = {}
    with_position: dict[int, str] = {}
    headed: list[tuple[int, str]] = []
    for col, found in candidates.items():
        if not found:
            continue
        target, quality, _, word = found[0]
        by_target = {item[0]: item for item in found}
        if {"organisation", "position"} <= set(by_target) and target in by_target:
            target, quality, word, position_word = _body_or_position(col, by_target, readings)
            if position_word:
                with_position[col] = position_word
        elif quality == _CONTAINS and len({item[0] for item in found if item[1] == quality}) > 1:
            target, word = _decided_by_cells(col, found, readings) or (target, word)
        if target == "organisation":
            headed.append((col, word))
        if target not in chosen or quality > chosen[target][1]:
            chosen[target] = (col, quality, word)
    return chosen, with_position, headed


# A header about another time ("Мекеме (мурдагы иш орду)", "Прежнее место работы") names no
# body the person came from: never joined to the organisation.
_FORMER = re.compile(r"мурдагы|прежн|бывш|former|previous|предыдущ")


def _former(texts: list[str], col: int) -> bool:
    return col < len(texts) and bool(_FORMER.search(names.fold_kyrgyz(texts[col])))


def _organisation_over_columns(grid, header_index, headed, columns, evidence, texts) -> None:
    """Two or more columns headed as the organisation that never meet in a row: a Word table
    ("Наименование ОМСУ") with an online form's answers pasted below it ("Выберите ваш ОМСУ").
    The organisation is read from whichever is filled, as a name typed over several columns
    is joined. When one participant row fills two of them they may name two bodies, so the
    best single column stays. Rows of one repeated text are headings, not participants."""
    chosen = columns.get("organisation")
    if len(headed) < 2 or chosen is None or len(chosen) != 1 or chosen[0] not in dict(headed):
        return
    words = dict(headed)
    current = [col for col, _ in headed if not _former(texts, col)]
    if chosen[0] not in current and current:  # the former workplace won on its header word
        chosen = columns["organisation"] = (current[0],)
        evidence["organisation"] = Evidence(chosen, "columns.header_word",
                                            {"word": as_written(texts[current[0]],
                                                                words[current[0]])})
    cols = tuple(col for col in current if col == chosen[0] or col not in _taken(columns))
    if len(cols) < 2:
        return
    used: set[int] = set()
    for row in grid.cells[header_index + 1:]:
        if len({cell for cell in row if cell}) < 2:
            continue
        filled = [col for col in cols if col < len(row) and row[col]]
        if len(filled) > 1:
            return
        used.update(filled)
    cols = tuple(col for col in cols if col in used)
    if len(cols) < 2:
        return
    columns["organisation"] = cols
    evidence["organisation"] = Evidence(cols, "columns.header_words_organisation_joined", {
        # The whole headers: two columns found by one word ("ОМСУ") differ in the rest.
        "words": ", ".join(f"'{' '.join(texts[col].split())}'" for col in cols),
        "columns": ", ".join(column_letter(col) for col in cols)})


def _body_or_position(col, by_target, readings) -> tuple[str, int, str, str]:
    """A header naming both ("Место работы, должность", "Ваша должность в айыл окмоту"): when
    the cells name bodies ("Глава Ак-Суйского АО") the column is the organisation, read for
    the position too; otherwise it is the position. (target, quality, word, position word)."""
    body, position = by_target["organisation"], by_target["position"]
    if readings().get(col, {}).get("mentions_place", 0.0) >= BODY_IN_POSITION_SHARE:
        return body[0], body[1], body[3], position[3]
    return position[0], position[1], position[3], ""


_READING_OF = {rule_field: reading for rule_field, reading, _ in CONTENT_RULES}


def _decided_by_cells(col, found, readings) -> tuple[str, str] | None:
    shares = readings().get(col, {})
    scored = [(shares.get(_READING_OF.get(target.split(":")[0], ""), 0.0), target, word)
              for target, _, _, word in found]
    share, target, word = max(scored)
    return (target, word) if share >= 0.5 else None


def _taken(columns: dict[str, tuple[int, ...]]) -> set[int]:
    return {col for cols in columns.values() for col in cols}


def _apply_mapping(mapping, labels, columns, evidence) -> None:
    """The analyst's choice wins: a mapped column leaves any field header words gave it."""
    for name, value in mapping.items():
        columns.pop(name, None)
        evidence.pop(name, None)
        headers = _mapping_headers(value)
        if not headers:
            continue
        cols: list[int] = []
        for header in headers:
            cols += _label_index(labels, header) or []
        # Fields the mapping names may share a column ("Место работы, должность"); fields
        # found automatically give it up.
        for other in [k for k, v in columns.items() if set(v) & set(cols) and k not in mapping]:
            columns.pop(other)
            evidence.pop(other, None)
        columns[name] = tuple(dict.fromkeys(cols))
        evidence[name] = Evidence(columns[name], "columns.mapping", {})


def _by_cells(width, columns, evidence, readings) -> None:
    """Fields header words left open, from the columns they left open."""
    open_fields = [rule for rule in CONTENT_RULES if rule[0] not in columns]
    if not open_fields:
        return
    free = [col for col in range(width) if col not in _taken(columns)]
    if not free:
        return
    shares = readings()
    for name, reading, least in open_fields:
        scored = [(shares.get(col, {}).get(reading, 0.0), -col) for col in free]
        share, negative_col = max(scored, default=(0.0, 0))
        if share < least:
            continue
        col = -negative_col
        columns[name] = (col,)
        evidence[name] = Evidence((col,), f"columns.cells_{reading}",
                                  {"share": share})
        free.remove(col)
    if "name" not in columns:
        _name_parts_by_cells(free, columns, evidence, shares)


def _name_parts_by_cells(free, columns, evidence, shares) -> None:
    """Two or three neighbouring columns of single capitalised words: surname, given name and
    patronymic typed apart."""
    parts = [col for col in sorted(free) if shares.get(col, {}).get("name_part", 0.0)
             >= NAME_PART_SHARE]
    for start in parts:
        run = [start]
        while run[-1] + 1 in parts and len(run) < 3:
            run.append(run[-1] + 1)
        if len(run) >= 2:
            share = min(shares[col]["name_part"] for col in run)
            columns["name"] = tuple(run)
            evidence["name"] = Evidence(tuple(run), "columns.cells_name_part",
                                        {"share": share})
            return


# ----------------------------------------------------------------------------- all sheets


def choose_columns(
    grids: list[Grid], filename: str, mapping: dict[str, object] | None
) -> tuple[Grid, ColumnMap]:
    """The first sheet with a header, and its columns."""
    seen: list[str] | None = None
    for grid in grids:
        found = find_columns(grid, filename, mapping)
        if isinstance(found, ColumnMap):
            return grid, found
        if seen is None and found:
            seen = found
    if seen is None:
        raise IngestError(filename, "the sheet is empty: no rows to read", "ingest.empty_sheet")
    headers = _headers_seen(seen)
    raise IngestError(
        filename,
        "no recognisable name or organisation column; headers seen: " + headers,
        "ingest.no_name_or_organisation", headers=headers,
    )


def refuse_without_organisation(filename: str, found: ColumnMap) -> None:
    """Never match an empty organisation: every row would be lost as 'no organisation text'."""
    if "organisation" in found.columns:
        return
    headers = _headers_seen(found.labels)
    raise IngestError(
        filename,
        "no organisation column: no header names one and no column's cells read as LSG bodies, "
        "villages or cities; choose it by hand (--map organisation=HEADER). Headers seen: "
        + headers,
        "ingest.no_organisation_column", headers=headers,
    )
