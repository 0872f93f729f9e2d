"""Position text -> role of the participant in (or outside) a local self-government body.

Registration sheets carry a hand-typed position in Russian, Kyrgyz, English or a mix, often
with Kyrgyz letters lost to ``?`` by a cp1251 export. The dashboard needs one role per row
("did this aiyl aimak send its head?"), so the text is reduced to a few keyword flags and a
fixed, readable decision order turns the flags into a role (see ``_decide``).

Whether the *organisation* is an LSG body is the matcher's job. Here we only refuse to call
somebody an LSG head, deputy, council member or staff when the position itself names a
non-LSG organisation ("Глава Государственного агентства...", "specialist of the Ministry",
"депутат Жогорку Кенеша"): any ``non_lsg`` keyword makes the role ``other``. So does a
director ("заместитель директора"), because LSG bodies are led by a глава/мэр/башчы.
A position that reads like LSG staff ("заведующий отделом") stays ``staff`` even when the
organisation column names an agency: combine ``role`` with the matcher's ``is_lsg``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from forumreach import names

ROLES = ("head", "acting_head", "deputy", "council_chair", "council_member", "staff", "other")
HEAD_ROLES = frozenset({"head", "acting_head"})

# Keywords per flag, written in *normalised* text (lowercase, ё->е, ө->о, ү->у, ң->н).
# Mini-syntax, so the lists stay data rather than code:
#   - every keyword starts at the start of a word and matches as a prefix (stems: "башчы");
#   - ">" ends the word ("мэр>" is not "мэрия");
#   - a space stands for any run of separators, including none ("и о>" = и.о. / и. о. / ио);
#   - anything else is ordinary regex syntax (groups, classes, \w, \.).
# Every letter may also be a "?" (a letter lost by cp1251), see ``_keyword_regex``.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "non_lsg": (
        "агентств", "агенттиг", "министр", "департамент", "союз", "бирлиг", "ассоциац",
        "институт", "посольств", "элчилиг", "прооон", "проон", "оон>", "жогорку", "парламент",
        "правительств", "аким", "полпред", "полномочн", "фонд", "университет", "проект",
        "ministr", "minister", "agency", "embassy", "institute", "union",
        "association", "undp", "un>", "usaid", "giz>", "parliament", "government", "fund",
        "foundation", "university", "project", "ngo>",
    ),
    "acting": (
        "и о>", "вр и о>", "врио", r"исполняющ\w* обязан", r"исп\w* об(?:\.|>)",
        r"милдет\w* аткар", r"м\.\s*а(?:\.|>)", "acting", "interim",
    ),
    "deputy": (
        "зам>", r"зам\.", "заместит", "замглав", "орун басар", "вице", "vice", "deputy",
    ),
    "head": (
        "глав(?:а|ы|е|у|ой|ою)>", "башчы", "мэр(?:а|у|е|ом|ы|и|дин|ге)?>", "mayor", "head>",
    ),
    "chair": ("председател", "торага", "спикер", "chair", "speaker"),
    # A word that alone says "member of the local council" (before "council": "councillor") ...
    "member": ("депутат", "deputat", "councillor", "councilor"),
    # ... and words that only do so next to a council word.
    "member_of": ("член", "мучо", "member"),
    "council": ("кенеш", "council", "kenesh"),
    # Leads something that is not an LSG body or its council (LSGs have глава/мэр/башчы).
    "director": ("директор", "director", "ректор", "rector"),
    # A sub-unit of the body: its "head" is staff ("бөлүм башчысы", "head of department").
    "unit": ("отдел", "болум", "сектор", "служб", "department", "division"),
    "staff": (
        "специалист", r"спец\.", "адис", "секретар", "катчы", "бухгалтер", "эсепчи",
        "экономист", "инспектор", "юрист", "инженер", "землеустро", "делопроизв", "кызматкер",
        r"соц\w* работник", "начальник", "заведующ", "помощник", "ассистент", "specialist",
        "secretary", "accountant", "officer", "economist", "inspector", "lawyer", "clerk",
        "staff", "engineer", "social worker", "assistant",
    ),
}

_SPACES = re.compile(r"\s+")


def normalise_position(position: object) -> str:
    """Fold case, Kyrgyz letters, look-alike Latin letters and spacing, so keywords match."""
    if not isinstance(position, str):
        return ""
    text = unicodedata.normalize("NFKC", position).replace("\ufffd", "?")
    text = names.repair_mixed_script(text)
    return _SPACES.sub(" ", names.fold_kyrgyz(text)).strip()


def _keyword_regex(keyword: str, lost_letters: bool) -> str:
    """Translate the keyword mini-syntax into a regex; with ``lost_letters`` any letter may be "?".

    The word-start check is added once for all keywords, in ``_flag_pattern``.
    """
    word_char = r"[\w?]" if lost_letters else r"\w"
    lost = "?" if lost_letters else ""
    out = []
    in_class = False
    i = 0
    while i < len(keyword):
        char = keyword[i]
        if char == "\\":
            escaped = keyword[i : i + 2]
            out.append(word_char if escaped == r"\w" and not in_class else escaped)
            i += 2
            continue
        if in_class:
            out.append(lost + "]" if char == "]" else char)
            in_class = char != "]"
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == " ":
            out.append(r"[^\w?]*")
        elif char == ">":
            out.append(r"(?!\w)")
        elif char.isalpha() and lost_letters:
            out.append(f"[{char}?]")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _flag_pattern(lost_letters: bool) -> re.Pattern[str]:
    """One pass over the text; the shared word-start check first keeps it fast."""
    word_char = r"[\w?]" if lost_letters else r"\w"
    flags = "|".join(
        f"(?P<{flag}>{'|'.join(_keyword_regex(k, lost_letters) for k in keywords)})"
        for flag, keywords in KEYWORDS.items()
    )
    return re.compile(rf"(?<!{word_char})(?={word_char})(?:{flags})")


# Texts without "?" (nearly all) take the plain pattern, about twice as fast.
_FLAGS_PLAIN = _flag_pattern(lost_letters=False)
_FLAGS_LOST_LETTERS = _flag_pattern(lost_letters=True)


def _plausible(span: str) -> bool:
    """A "?"-for-a-letter match counts only if real letters outweigh the lost ones."""
    lost = span.count("?")
    if not lost:
        return True
    real = sum(char.isalpha() for char in span)
    return real >= 2 and real >= lost


def _flags(text: str) -> frozenset[str]:
    pattern = _FLAGS_LOST_LETTERS if "?" in text else _FLAGS_PLAIN
    return frozenset(
        match.lastgroup
        for match in pattern.finditer(text)
        if match.lastgroup and _plausible(match.group())
    )


def _decide(flags: frozenset[str]) -> str:
    """The order matters: each step wins over every later one."""
    if "non_lsg" in flags or ("director" in flags and "head" not in flags):
        return "other"
    if "deputy" in flags:  # "заместитель главы", "и.о. заместителя" are deputies ...
        return "staff" if "unit" in flags else "deputy"  # ... of a department, staff
    if "chair" in flags and "council" in flags:  # "председатель" alone is not a council chair
        return "council_chair"
    if "acting" in flags and ("head" in flags or not flags & {"member", "member_of", "staff"}):
        return "acting_head"
    if "member" in flags or ("member_of" in flags and "council" in flags):
        return "council_member"
    if "head" in flags:
        return "staff" if "unit" in flags else "head"
    if "staff" in flags:
        return "staff"
    return "other"


@lru_cache(maxsize=65536)
def _classify_normalised(text: str) -> str:
    if not text:
        return "other"
    return _decide(_flags(text))


def classify_role(position: str) -> str:
    """The role (one of ``ROLES``) a hand-typed position text describes; never raises."""
    return _classify_normalised(normalise_position(position))


def is_head(role: str) -> bool:
    """"The body sent its head" counts an acting head too: they sign for the body that day."""
    return role in HEAD_ROLES


def classify_roles(positions: pd.Series) -> pd.Series:
    """``classify_role`` for a whole column, classifying each distinct text once."""
    distinct = {text: classify_role(text) for text in positions.drop_duplicates()}
    return positions.map(distinct).astype(object).rename("role")


# Position words people type into the organisation cell ("Глава а/о Чолпон", "Башчы, Ак-Турпак
# АӨ", "Suzak aiyl okmotu, executive secretary"). In folded text; whole words, any order.
_POSITION_WORDS = re.compile(
    r"(?<![\w-])(?:"
    r"и\.?\s*о\.?|врио|вр\.?\s*и\.?\s*о\.?|м\.\s*а\.|зам\.?|заместител\w*|вице|"
    r"глав[аыеу]|главой|главн\w*|гл\.|башчы\w*|журналист\w*|корреспондент\w*|мэр(?!и)\w{0,3}|аким\w*|"
    r"отв\.?|ответственн\w+|жооптуу|секретар\w*|катчы\w*|специалист\w*|спец\.|адис\w*|"
    r"башкы|болум\w*|орун\s+басар\w*|"
    r"бухгалтер\w*|эсепчи\w*|экономист\w*|юрист\w*|инспектор\w*|депутат\w*|"
    r"председател\w*|торага\w*|член\w*|мучо\w*|работает|работник\w*|иштейт|"
    r"вице-\w+|executive|secretary|specialist|accountant|deputy|chair\w*|head\s+of|head|"
    r"member|officer|из|от|в|во|at|from"
    r")(?![\w-])", re.I)
_PARTS = re.compile(r"\s*(?:[\n;,]|\s/\s|\s[-–—]\s)\s*")


def without_position(organisation: str) -> str:
    """The organisation cell less the position typed into it, so the body's name is left.

    Parts that are nothing but position words are dropped; position words are taken out of
    the rest. When nothing would be left, the text stays as it was.
    """
    if not isinstance(organisation, str) or not organisation.strip():
        return organisation or ""
    folded = names.fold_kyrgyz(organisation)
    if not _POSITION_WORDS.search(folded):
        return organisation
    kept = []
    for part in _PARTS.split(organisation):
        rest = _POSITION_WORDS.sub(" ", names.fold_kyrgyz(part))
        if not re.search(r"\w", rest):
            continue
        kept.append(_strip_words(part))
    text = re.sub(r"\s+", " ", " ".join(kept)).strip(" ,;:-–—")
    return text or organisation


def _strip_words(part: str) -> str:
    """Position words out of one part, the original letters (ө ү ң) kept for the rest."""
    folded = names.fold_kyrgyz(part)
    out, last = [], 0
    for hit in _POSITION_WORDS.finditer(folded):
        out.append(part[last:hit.start()])
        last = hit.end()
    out.append(part[last:])
    return " ".join(p.strip() for p in out if p.strip())

