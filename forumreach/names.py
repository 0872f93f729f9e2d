"""Name forms of Kyrgyz places: the one place that knows how people write them.

Both the gazetteer build (deriving Kyrgyz and Latin names) and the matcher (reading what was
typed at the registration desk) use these functions, so a unit is found by the same keys it was
built with.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import fuzz

# --- Folding -------------------------------------------------------------------------------------

# Letters that vary by keyboard, font or language folded to one spelling: the one home of this
# rule (roles, the sheet reader and the matcher all fold through `fold_kyrgyz`).
KYRGYZ_FOLDS = (
    ("ё", "е"), ("ө", "о"), ("ӧ", "о"), ("ү", "у"), ("ӱ", "у"), ("ұ", "у"),
    ("ң", "н"), ("ӊ", "н"), ("ҥ", "н"), ("ѕ", "н"), ("ö", "o"), ("ü", "u"), ("ı", "i"),
)


def fold_kyrgyz(text: str) -> str:
    """Lower case with ө ү ң → о у н and ё → е: Kyrgyz and Russian spellings of a word meet."""
    text = (text or "").lower()
    for letter, folded in KYRGYZ_FOLDS:
        if letter in text:  # str.replace beats translate on short texts
            text = text.replace(letter, folded)
    return text


# --- Latin look-alike letters in Cyrillic text ----------------------------------------------------

# A wrong keyboard layout (or a copy from a messenger) puts Latin letters that look like
# Cyrillic ones inside Cyrillic words: "мэpия г. Бaткeн", "Ак-Сyу р-ну", "AO Ак-Булун". The one
# home of reading them back (roles and the matcher both do). Look-alikes by shape, case kept.
_LOOKALIKE_TO_CYRILLIC = dict(zip("ABCEHKMOPTXYaceopxyöüÖÜ", "АВСЕНКМОРТХУасеорхуөүӨҮ",
                                  strict=True))
# Inside a word that is otherwise Cyrillic, any Latin letter is a slip: the others read by
# transliteration ("d" → "д").
_LATIN_TO_CYRILLIC = {
    **dict(zip("bdfghijklmnqrstuvwz", "бдфгхижклмнкрстуввз", strict=True)),
    **_LOOKALIKE_TO_CYRILLIC,
}
_LATIN_LETTER = re.compile(r"[a-zA-ZöüÖÜ]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_SCRIPT_WORD = re.compile(r"[\w?]+")
_INNER_LOST_LETTER = re.compile(r"\w\?+\w")
_MOSTLY_CYRILLIC = 2 / 3
_LATIN_NAME_KYRGYZ_ENDING = re.compile(r"([a-zA-Z]{3,})([\u0400-\u04ff]{1,5})")


def _to_cyrillic(word: str) -> str:
    return "".join(
        _LATIN_TO_CYRILLIC.get(ch) or _LATIN_TO_CYRILLIC.get(ch.lower(), ch).upper()
        if _LATIN_LETTER.match(ch) else ch for ch in word)


def _cyrillic_share(text: str) -> float:
    latin = len(_LATIN_LETTER.findall(text))
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    return cyrillic / (latin + cyrillic) if latin + cyrillic else 0.0


def repair_mixed_script(text: str) -> str:
    """Latin look-alike letters inside Cyrillic words read as the Cyrillic letters they mimic.

    Touched: words that mix both scripts (or carry a cp1251 "?" among Latin letters), and,
    when at least two thirds of the text's letters are then Cyrillic, Latin words made only of
    look-alikes ("AO Ак-Булун", "a/o", "Бакай-Ата p."). Case is kept. A text mostly in Latin
    ("Suzak aiyl okmotu", "GIZ, советник") keeps its Latin words: those are real Latin.
    """
    if not text or not _LATIN_LETTER.search(text):
        return text or ""
    mostly_cyrillic = _cyrillic_share(text) >= _MOSTLY_CYRILLIC

    def mixed(match: re.Match[str]) -> str:
        word = match.group()
        if not _LATIN_LETTER.search(word):
            return word
        if _INNER_LOST_LETTER.search(word):
            return _to_cyrillic(word)  # cp1251 loses only Cyrillic (Kyrgyz) letters
        suffixed = _LATIN_NAME_KYRGYZ_ENDING.fullmatch(word)
        if suffixed and any(ch not in _LOOKALIKE_TO_CYRILLIC for ch in suffixed.group(1)):
            return word  # "Helvetasтын", "Projectтин": a Latin name with a Kyrgyz ending
        word_cyrillic = len(_CYRILLIC_LETTER.findall(word))
        # "Бaткeн" is Cyrillic with slips; "аiyl" in a Latin text is Latin with one slip.
        if word_cyrillic and (mostly_cyrillic
                              or word_cyrillic >= len(_LATIN_LETTER.findall(word))):
            return _to_cyrillic(word)
        return word

    text = _SCRIPT_WORD.sub(mixed, text)
    if _cyrillic_share(text) < _MOSTLY_CYRILLIC:
        return text

    def lookalikes_only(match: re.Match[str]) -> str:
        word = match.group()
        letters = [ch for ch in word if ch.isalpha()]
        if letters and all(ch in _LOOKALIKE_TO_CYRILLIC for ch in letters):
            return _to_cyrillic(word)
        return word

    return _SCRIPT_WORD.sub(lookalikes_only, text)


# --- Text as Word and browsers leave it ---------------------------------------------------------

# Copied from Word or a web page, a cell carries characters nobody typed on purpose: zero-width
# spaces and soft hyphens inside words, no-break spaces between them, no-break hyphens and dashes
# where a hyphen was meant ("Ак‑Суйский", "Кара–Суу").
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u2009\u200a]")
_HYPHEN_LIKE = re.compile("(?<=\\w)[\u2010-\u2014\u2212](?=\\w)")
_ODD = re.compile("[\u00a0\u00ad\u2007\u2009-\u200d\u2010-\u2014\u202f\u2060\u2212\ufeff]")


def plain_text(text: str) -> str:
    """`text` without the characters Word leaves in it: invisible ones dropped, no-break and
    thin spaces as spaces, a dash or no-break hyphen between two letters as a hyphen. A dash
    between spaces ("Баткен – Кадамжай") is a separator and stays."""
    if text.isascii() or not _ODD.search(text):
        return text
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    return _HYPHEN_LIKE.sub("-", text)


# --- Kyrgyz from Russian spelling -------------------------------------------------------------

# Word components of toponyms whose Kyrgyz spelling is certain. Anything not listed keeps its
# Russian spelling apart from the letter rules in `kyrgyz_spelling`.
KYRGYZ_WORDS = {
    "джаны": "жаңы", "жаны": "жаңы", "кок": "көк", "кек": "көк", "кель": "көл",
    "куль": "көл", "кол": "көл", "тюбе": "төбө", "тебе": "төбө", "терт": "төрт",
    "уч": "үч", "чон": "чоң", "мин": "миң", "кун": "күн", "кюн": "күн", "юч": "үч",
    "тюп": "түп", "ункюр": "үңкүр", "кенеш": "кеңеш", "дебе": "дөбө", "добо": "дөбө",
    "дебен": "дөбөн", "добон": "дөбөн", "орюк": "өрүк", "озгоруш": "өзгөрүш",
    "озгерюш": "өзгөрүш", "ортоке": "ортоке", "иссык": "ысык", "ыссык": "ысык",
    "бель": "бел", "кельдюк": "көлдүк", "бюрген": "бүргөн", "тору": "төрү",
    "джер": "жер", "джол": "жол", "джар": "жар", "джал": "жал", "джон": "жон",
    "булун": "булуң", "моюн": "моюн", "суу": "суу", "тоо": "тоо", "ата": "ата",
    "кульджа": "кулжа", "кульджинский": "кулжа", "узген": "өзгөн", "туп": "түп",
}

# Letter rules that hold for Russian renderings of Kyrgyz words.
_KY_LETTER_RULES = [
    (re.compile(r"дж", re.I), "ж"),
    (re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])ю", re.I), "ү"),
    (re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])ё", re.I), "ө"),
    (re.compile(r"ь", re.I), ""),
]

_WORD = re.compile(r"[^\W\d_]+", re.U)


def _keep_case(template: str, word: str) -> str:
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def kyrgyz_spelling(russian: str) -> str:
    """Kyrgyz spelling of a toponym written the Russian way, only where the rule is safe."""

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        known = KYRGYZ_WORDS.get(word.lower())
        if known:
            return _keep_case(word, known)
        out = word
        for pattern, repl in _KY_LETTER_RULES:
            out = pattern.sub(repl, out)
        return _keep_case(word, out.lower()) if out else out

    return _WORD.sub(one, russian)


# --- Latin -------------------------------------------------------------------------------------

# BGN/PCGN 1979 romanization of Kyrgyz, simplified the way OCHA and road signs do: no
# diacritics (ө→o, ү→u), ң→ng, soft and hard signs dropped, й→i (Jaiyl, Alai), ж→j.
LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng",
    "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "ӊ": "ng",
}
TRANSLITERATION_NOTE = (
    "BGN/PCGN 1979 Kyrgyz, simplified: ө→o, ү→u, ң→ng, ж→j, й→i, ь/ъ dropped, е→ye at word start"
)


def to_latin(text: str) -> str:
    """Latin spelling of Kyrgyz Cyrillic by one documented rule set (`TRANSLITERATION_NOTE`)."""
    out: list[str] = []
    prev_letter = False
    for ch in text:
        low = ch.lower()
        if low in LATIN:
            lat = LATIN[low]
            if low == "е" and not prev_letter:
                lat = "ye"
            if ch.isupper() and lat:
                lat = lat[0].upper() + lat[1:]
            out.append(lat)
            prev_letter = True
        else:
            out.append(ch)
            prev_letter = ch.isalpha()
    return "".join(out)


# --- Matching keys -----------------------------------------------------------------------------

# Latin input is folded to the same skeleton as Cyrillic, so "Ak-Suu", "Ак-Суу" and "Aк-Cуу"
# (mixed alphabets, common in typed sheets) meet.
_CYR_TO_SKELETON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n",
    "ӊ": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ү": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ѳ": "o", "ҥ": "n",
}
_SKELETON_TABLE = str.maketrans({**_CYR_TO_SKELETON, "ö": "o", "ü": "u", "ñ": "n", "w": "v",
                                  "x": "h"})
# Latin spellings of one sound, folded to one letter: Dzhany/Jany, Zhany, Kh/H, ng/ң.
_FOLDS = {"dzh": "j", "dj": "j", "zh": "j", "kh": "h", "ng": "n", "yy": "y", "iy": "i",
          "yi": "i", "ii": "i"}
_FOLD_RE = re.compile("|".join(sorted(_FOLDS, key=len, reverse=True)))
_NON_ALNUM = re.compile(r"[^a-z0-9?]+")


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """Spelling-insensitive key: lower case, Latin, Kyrgyz letters folded, Дж = Ж, no hyphens.

    A `?` (a Kyrgyz letter lost in a cp1251 CSV) is kept, so callers can decide how to read it.
    """
    text = unicodedata.normalize("NFC", text or "").lower().replace("дж", "ж")
    out = text.translate(_SKELETON_TABLE)
    for _ in range(2):  # "iyi" → "ii" → "i"
        out = _FOLD_RE.sub(lambda m: _FOLDS[m.group(0)], out)
    return _NON_ALNUM.sub(" ", out).strip()


def lost_letter_skeleton(text: str) -> str:
    """Key in which every letter a cp1251 CSV may lose (ө ү ң) reads as `?`."""
    text = (text or "").lower()
    text = re.sub("[өүңӊ]", "?", text)
    return skeleton(text)


# Words that say what kind of unit a name is, not which one. Removed before comparing names.
UNIT_TYPE_WORDS = [
    # aiyl aimak / aiyl okmotu
    r"айылный\s+аймак", r"айыл(?:ный|ьный)?\s+аймаг\w*", r"айыл\s+окмот\w*",
    r"айыл\s+өкмөт\w*", r"айыл\s+[о?ө]км[о?ө]т[\w?]*", r"айылного\s+аймака", r"аильн\w+\s+округ\w*",
    r"сельск\w+\s+округ\w*", r"aiyl\s+okmotu", r"aiyl\s+aimak", r"ayil\s+okmotu",
    r"ayil\s+aimak", r"aiyl\s+okmoty", r"rural\s+municipality", r"a\s*/\s*[оoөa?]",
    r"а\s*/\s*[оoөа?]", r"\bао\b", r"\bаа\b", r"\bа\.\s*о\.", r"\bао\.", r"\bаө\b",
    r"\bao\b", r"\bаө\w+", r"\bмсу\b", r"\bадминистраци\w*", r"\bайылн\w*", r"\bайылдык\b",
    r"\bорган\s+мсу\b", r"\bаппарат\w*", r"мэри\w*\s+города", r"мэри\w*\s+г\.?",
    r"шаардык\s+мэрия\w*", r"шаарынын\s+мэрия\w*", r"мэри\w*", r"шаар\w*",
    r"\bш\.", r"\bгород(?:а|ской)?\b", r"\bг\.", r"\bг\b", r"city\s+hall", r"city\s+of",
    r"\bcity\b", r"\bmayor'?s\s+office(?:\s+of)?\b", r"\baa\b", r"\bmunicipality\b",
    # rayon and oblast
    r"\bрайон(?:а|у|ный)?\b", r"\bр-н[а-я]*\.?", r"\bр-он\b\.?", r"\bр\s*/\s*н\b", r"\bр\.",
    r"району", r"районунун",
    r"district", r"\brayon\b", r"\braion\b", r"\bобласт\w*", r"\bобл\.", r"\bобл\b",
    r"облусу", r"облусунун",
    r"\boblast\b", r"\bregion\b", r"\bprovince\b",
    r"\bим(?:\.|ени)\s*", r"\bатындагы\b",
]
# A local council (кеңеш) belongs to its aiyl aimak or city; but "Кенеш" is also a name
# ("Кенешский айылный аймак"), so council words are kept when nothing else is left.
COUNCIL_WORDS = [r"ке[нң]еш\w*", r"\bkenesh\w*", r"\bcouncil\b"]
# A `?` is a Kyrgyz letter lost in cp1251, so it counts as a letter at word boundaries:
# the "г" of "Жети-?г?з" is no "г." for город.
_WORD_EDGE = r"(?:(?<![\w?])(?=[\w?])|(?<=[\w?])(?![\w?]))"


def either_by_first_letter(patterns: list[str], edges: tuple[str, ...] = (r"\b",)) -> str:
    """`p1|p2|…` with the same matches, found many times faster in a long list of words.

    Each pattern starts with a letter or digit (after an optional edge from `edges`). The
    patterns are grouped by that letter, each group behind one look at it, so a position is
    tried only against the patterns its letter can start, not against every pattern. Two groups
    never match at one position and each keeps its order, so the match is the one the plain
    alternation finds. Under re.I the letters must be lower case (tests/test_names.py).
    """
    by_letter: dict[str, list[str]] = {}
    for pattern in patterns:
        start = pattern
        for edge in edges:
            start = start.removeprefix(edge)
        by_letter.setdefault(start[0], []).append(f"(?:{pattern})")
    groups = "|".join(f"(?=[{letter}])(?:{'|'.join(group)})" for letter, group in by_letter.items())
    return f"(?=[{''.join(by_letter)}])(?:{groups})"


def _type_regex(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(either_by_first_letter(patterns).replace(r"\b", _WORD_EDGE), re.I)


_TYPE_RE = _type_regex(UNIT_TYPE_WORDS + COUNCIL_WORDS)
_TYPE_NO_COUNCIL_RE = _type_regex(UNIT_TYPE_WORDS)
# Single type words typed with a slip ("окомту", "айммагы") are dropped when this close.
TYPE_TOKENS = ("айылный", "аймак", "аймагы", "окмоту", "өкмөтү", "мэриясы", "шаары",
               "района", "району", "okmotu", "aimak", "district")
BARE_TYPE_TOKENS = {"айыл", "aiyl", "ayil", "aiil"}
_TYPE_TOKEN_SIMILARITY = 80


def _drop_near_type_tokens(text: str) -> str:
    words = text.split()
    if len(words) < 2:
        return text
    kept = [w for w in words if w.lower() not in BARE_TYPE_TOKENS and (len(w) < 5 or not any(
        fuzz.ratio(w.lower(), t) >= _TYPE_TOKEN_SIMILARITY for t in TYPE_TOKENS))]
    return " ".join(kept) if kept else text


@lru_cache(maxsize=65536)
def strip_unit_type(text: str) -> str:
    """The proper-name part of "Ак-Булунский а/о", "Ак-Булуң айыл аймагы", "г. Ош".

    Cached: the matcher asks for one text at several steps, and sheets repeat their texts."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("«", " ").replace("»", " ").replace('"', " ")
    proper = _tidy(_TYPE_RE.sub(" ", text))
    if not proper:
        proper = _tidy(_TYPE_NO_COUNCIL_RE.sub(" ", text))
    return _tidy(_drop_near_type_tokens(proper))


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.;:-–—()")


# Russian adjective endings to nominative base: each gives candidate forms, the gazetteer keeps
# the one a village of the unit confirms.
_ADJ_SUFFIX = re.compile(
    r"(ский|ская|ское|ского|скому|ском|ских|кий|кая|кое|ский\b)$", re.I
)


def _drop_last(stem: str) -> list[str]:
    return [stem[:-1]]


# How a stem's ending turns into nominative candidates, in the order they are tried.
_STEM_RULES: tuple[tuple[tuple[str, ...], Callable[[str], list[str]]], ...] = (
    (("й",), _drop_last),
    (("ь",), _drop_last),
    (("ин", "ын", "ен", "ан", "ун"),
     lambda s: [s[:-2] + end for end in ("а", "ы", "и", "аа", "у")] + [s[:-1]]),
    (("н",), _drop_last),
    (("ц", "цк"), lambda s: [s.rstrip("цк") + "к"]),
    (("ов", "ев"), lambda s: [s + "о", s + "ка"]),
    (("ск",), lambda s: [s[:-2] + "с"]),
)
_STEM_ENDINGS = ("о", "е", "ое", "ка", "ь", "ы")


def adjective_stems(word: str) -> list[str]:
    """Candidate nominative forms of a Russian adjectival place name, most likely first.

    "Ак-Булунский" → Ак-Булун; "Кара-Сууский" → Кара-Суу; "Ак-Суйский" → Ак-Суу;
    "Ала-Букинский" → Ала-Бука; "Ат-Башынский" → Ат-Башы; "Кум-Бельский" → Кум-Бель.
    """
    word = word.strip()
    m = _ADJ_SUFFIX.search(word)
    if not m:
        return [word]
    stem = word[: m.start()]
    low = stem.lower()
    out = [stem[:-1] + "у", stem] if low.endswith("уй") else [stem]
    for endings, candidates in _STEM_RULES:
        if low.endswith(endings):
            out += candidates(stem)
    out += [stem + end for end in _STEM_ENDINGS]
    return list(dict.fromkeys(c for c in out if c))


def name_keys(text: str) -> list[str]:
    """Skeleton keys under which a typed body name is looked up, the literal form first."""
    proper = strip_unit_type(text)
    if not proper:
        return []
    words = proper.split()
    keys = [skeleton(proper)]
    last = words[-1] if words else ""
    nominative = _NY_CASES.sub("ый", last)  # "Красновосточного" → "Красновосточный"
    if nominative != last:
        keys.append(skeleton(" ".join([*words[:-1], nominative])))
    if last and _ADJ_SUFFIX.search(last):
        for stem in adjective_stems(last):
            keys.append(skeleton(" ".join([*words[:-1], stem])))
    if _OF_THE_CITY.search(text) and last[-1:].lower() in ("а", "я"):
        keys.append(skeleton(" ".join([*words[:-1], last[:-1]])))  # "города Нарына" → Нарын
    return list(dict.fromkeys(k for k in keys if k))


# Case forms of "-ный" adjectives ("Красновосточного айылного кенеша") back to the nominative,
# and the genitive after "города" / "шаарынын"-style words, which names the city itself.
_NY_CASES = re.compile(r"(?<=н)(?:ого|ому|ом|ых|ым|ой|ая|ое|ую)$", re.I)
_OF_THE_CITY = re.compile(r"\bгорода\b|\bмэри\w*\s+г\.", re.I)


@lru_cache(maxsize=65536)
def cached_name_keys(text: str) -> tuple[str, ...]:
    return tuple(name_keys(text))
