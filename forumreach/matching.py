"""Which LSG body a typed organisation name stands for, and why.

`Matcher.match` finds where the row is (its rayon or oblast), then `_match_in_context` reads top
to bottom as the list of steps, after OCHA's hdx-python-country `AdminLevel`: a person's earlier
decision (alias), then "not an LSG body at all", then the rayon or oblast written inside the
cell, then a village written as such ("с. X", "X айылы"), then exact names within the rayon,
then letters lost in cp1251, then a bare village name, then fuzzy names. Every answer carries
its reason as a code (`forumreach.reasons`), because analysts will ask why. A confident answer
(`exact`, `fuzzy`) must be right: when in doubt the row goes to `review` with ranked candidates.

Villages. A village points to the body that governs it. The village name decides only when it
is unique within the rayon (or oblast) the row gives; a village name shared by several bodies
goes to review with those bodies. When a bare name (no "с.", no "а/о", no "г.") is both an LSG
body's name and a village of a *different* body in the row's area, the row goes to review: the
text does not say which was meant. The words decide otherwise: "с. Кара-Суу" / "Кара-Суу айылы"
is the village, "Кара-Суу а/о" the aiyl aimak, "г. Кара-Суу" the city.

Typos. Inside a known rayon, one clear best candidate is confident: its name is at most one
slip away (two for names of 8 letters or more), and the runner-up is at least two slips further.
Within an oblast only, a one-slip reading of a name of 6 letters or more with no rival within
three slips. Without either, only the strict nationwide rule (fuzzy 94, margin 8) applies.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from forumreach import names, roles
from forumreach.gazetteer import CITY_LEVELS, MAP1_LEVELS, MAP2_LEVELS, Gazetteer
from forumreach.reasons import encode
from forumreach.schema import CONFIDENT, NOT_LSG

# Organisations that are not LSG bodies: state bodies (including rayon state administrations,
# whose head is an akim), organisers, donors, NGOs, media; in Russian, Kyrgyz and English.
# Written in *folded* text (`names.fold_kyrgyz`: ө ү ң → о у н), also tried on the skeleton.
NOT_LSG_PATTERNS = [
    r"\bминистер", r"\bминистр", r"\bministr", r"агентств", r"agenc", r"агентти", r"гамсумо",
    r"gamsumo",
    r"жобэмма", r"jobemma", r"посольств", r"embass", r"элчилиг", r"союз(?:у|а|ы)?\b", r"\bunion\b",
    r"бирлиг", r"ассоциац", r"associat", r"институт", r"institut", r"всемирн\w* банк",
    r"world bank", r"\bфонд", r"foundat", r"\bпроект", r"project", r"долбоор",
    r"государственн\w* администрац", r"госадминистрац", r"\bрайгосадм", r"\bаким",
    r"мамлекеттик администрац", r"state administr", r"правительств", r"government",
    r"республикасынын окмот", r"\bкр окмот", r"окмоттун аппарат", r"окмот аппарат",
    r"министрлер кабинет", r"кабинет министр",
    r"cabinet of minister", r"жогорку кенеш", r"парламент", r"президент", r"полпред",
    r"полномочн", r"plenipotentiar", r"ыйгарым укукт", r"информационн\w* агентств", r"газет",
    r"телеканал", r"радио", r"кабар", r"akipress", r"акипресс", r"24 ?kg", r"общественн",
    r"коомдук бирикме", r"университет", r"universit", r"академи", r"academ", r"helvetas",
    r"usaid", r"еврос", r"european", r"швейцар", r"swiss", r"консультант", r"consult",
    r"пр[оа]он", r"палат", r"компани", r"company", r"\bбанк", r"\bradio",
    r"\bnews", r"newspaper", r"\bministry", r"\bnational\b",
    # Courts ("Каракольский городской суд") and ministries by their short names ("Минфин КР").
    r"\bсуд(?:ь[яиею]|ебн\w*|а|у|ом|е|ы|ов)?\b", r"\bcourt\b",
    r"\bмин(?:фин|юст|эконом|здрав|обр|сельхоз|труд|соцразвит|культ|чс|транс|цифр|иностран)",
    r"казначейств", r"казыналык", r"налогов\w* служб", r"салык кызмат",
]
# Abbreviations count only as whole words: "ОО" is an NGO, "Сары-оо" is a slip in a name.
# ЫӨӨ: a plenipotentiary representative's office; ӨСИ: the Development Policy Institute.
NOT_LSG_ABBREVIATIONS = ["ипр", "dpi", "undp", "giz", "рга", "иа", "тв", "media", "сми", "оо",
                         "нпо", "ngo", "банк", "bank", "оон", "un", "osce", "обсе", "ыоо", "оси",
                         "ппп", "рма", "осоо", "ооо", "буу", "бууоп", "llc", "ltd",
                         "ктрк", "нтс", "элтр", "пятый канал"]


def _not_lsg_regex(lost_letters: bool = False, latin_only: bool = False) -> re.Pattern[str]:
    """With `lost_letters`, о у н may each stand as `?`: cp1251 lost the ө ү ң they folded from.
    With `latin_only`, only the words a skeleton (all Latin) can hold. Abbreviations keep their
    letters even then: in "Таш-Д?б?? А/?" the "б??" is no "буу" (the UN in Kyrgyz).

    Every row is searched, so the words are grouped by their first letter
    (`names.either_by_first_letter`); with lost letters a `?` may start several groups, so
    that rare search keeps the plain list.
    """
    patterns, abbreviations = NOT_LSG_PATTERNS, NOT_LSG_ABBREVIATIONS
    if latin_only:
        patterns = [p for p in patterns if not _CYRILLIC.search(p)]
        abbreviations = [a for a in abbreviations if not _CYRILLIC.search(a)]
    shorts = [rf"{_ABBREVIATION_EDGE}{a}(?![\w?-])" for a in abbreviations]
    if not lost_letters:
        return re.compile(names.either_by_first_letter(patterns + shorts,
                                                       (r"\b", _ABBREVIATION_EDGE)))
    out, in_class = [], False
    for ch in "|".join(f"(?:{w})" for w in patterns):
        in_class = (in_class or ch == "[") and ch != "]"
        lost = ch in "оун"
        out.append(ch + "?" if lost and in_class else f"[{ch}?]" if lost else ch)
    return re.compile("|".join(["".join(out), *shorts]))


_ABBREVIATION_EDGE = r"(?<![\w-])"
_CYRILLIC = re.compile("[а-яёөүң]")
_NOT_LSG_RE = _not_lsg_regex()
_NOT_LSG_SKELETON_RE = _not_lsg_regex(latin_only=True)
_NOT_LSG_LOST_RE = _not_lsg_regex(lost_letters=True)


@lru_cache(maxsize=65536)
def not_lsg_word(organisation: str) -> str:
    """The word that says a text names no LSG body ("giz", "министер"), or "" when none does.

    Cached per text: a sheet repeats its organisations under many rayons.
    """
    text = names.fold_kyrgyz(organisation)
    found = _NOT_LSG_RE.search(text) or _NOT_LSG_SKELETON_RE.search(names.skeleton(organisation))
    if not found and "?" in text:
        found = _NOT_LSG_LOST_RE.search(text)
    return found.group(0).strip() if found else ""


_AIYL_MARKERS = re.compile(
    r"айыл\s+[оөo?]км|айыл\s+аймаг|айылн|а\s*/\s*[оoөа?]|\bао\b|\bаа\b|\bаө(?:н[үу]н)?\b|aiyl|"
    r"ayil|aiil|"
    r"сельск|аильн|а\.\s*о", re.I
)
_CITY_MARKERS = re.compile(r"\bг\.|\bгор|мэри|мэр\b|шаар|\bш\.|\bcity\b|\btown\b|mayor", re.I)
# A village written as such: "с. X", "село X", "пос. X", "X айылы", "X а.", "X village".
_VILLAGE_BEFORE = re.compile(
    r"^(?:с\.|с/|с\s+(?=[А-ЯЁӨҮҢ])|село\s|сел\.|пос\.|п\.|поселок\s|посёлок\s|пгт\.?\s|"
    r"village\s+of\s|v\.)\s*", re.I)
_VILLAGE_AFTER = re.compile(
    r"\s+(?:айылы(?:нын|нан|ндагы)?|а\.|кыштагы|village|selo|село)\s*$|"
    r"\s+(?:айылы(?:нын|нан|ндагы)?|кыштагы|village)[\s,;]+(?=\S)", re.I)
# A rayon or oblast written inside the organisation cell: "(Сокулукский р-н)", ", Ак-Суу району",
# "Сузак р." (but not the "р." of "г.р." or "р.п.").
_AREA_WORD = re.compile(
    r"(?<![\w-])(?:р-?н[а-я]*\.?|р-он\.?|(?<!\.)р\.(?!\s*[а-яё]\.)|район[а-я]*|"
    r"району(?:нун)?|district|rayon|raion|"
    r"обл\.?|област[а-я]*|облусу(?:нун)?|oblast|region)(?![\w-])", re.I)
_CELL_WORD = re.compile(r"[\w?-]+")
# A footnote mark after a word: "Кенешский а/о*", "Ак-Суу¹".
_FOOTNOTE = re.compile(r"(?<=[\w./)])(?:\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?=[\s,;)]|$)")
# A form's free answer beside its list: "Другое: айыл окмоту Кен-Булун", "Башка: ...".
_FORM_OTHER = re.compile(r"^\s*(?:другое|другой вариант|башка|other)\s*:\s*", re.I)
_OBLAST_WORD = re.compile(r"обл\.?|област[а-я]*|облусу(?:нун)?|oblast|region", re.I)
# What is left around an area read off a cell: spaces, commas, brackets, a path's "/" or ">".
_PATH_EDGES = re.compile(r"^[\s,;()/>→|–—-]+|[\s,;()/>→|–—-]+$")

FUZZY_CONFIDENT = 88.0
FUZZY_MARGIN = 8.0
FUZZY_NATIONWIDE = 94.0
REVIEW_FLOOR = 70.0
FUZZY_FLOOR = 50.0  # below this a name is no candidate at all
MAX_CANDIDATES = 8
# Typos by slips (OSA edits: a dropped, added, changed or swapped letter is one).
SLIP_FLOOR = 60.0  # a reading this far from the name is no slip
RIVAL_GAP_RAYON = 2  # the runner-up within the rayon is at least this many slips further
RIVAL_GAP_OBLAST = 3
LONG_NAME = 8  # from this length on, two slips inside a rayon still read as one name


@dataclass(frozen=True)
class Candidate:
    soate: str
    score: float
    reason: str


@dataclass(frozen=True)
class Match:
    unit_soate: str
    status: str  # exact | fuzzy | review | unmatched | not_lsg
    score: float
    reason: str  # a code with parameters: `forumreach.reasons`
    rayon_soate: str = ""
    oblast_soate: str = ""
    candidates: tuple[Candidate, ...] = field(default=())

    @property
    def confident(self) -> bool:
        return self.status in CONFIDENT


@dataclass(frozen=True)
class Context:
    """Where the row says it is: its own rayon/oblast columns, the cell, or the section above."""

    rayon_soate: str = ""
    oblast_soate: str = ""
    source: str = ""  # rayon_column | rayon_section | oblast_column | oblast_section | cell


class PlaceIndex:
    """Skeleton keys → SOATE codes for one set of units, literal forms kept apart from stems."""

    def __init__(self, units: pd.DataFrame, extra: pd.DataFrame | None = None):
        self.literal: dict[str, set[str]] = defaultdict(set)
        self.stemmed: dict[str, set[str]] = defaultdict(set)
        self.lost: dict[str, set[str]] = defaultdict(set)
        self.choices: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for soate, *forms in _rows(units, "soate", *_NAME_FORMS):
            self._add(soate, forms)
        if extra is not None:
            known = set(units.soate)
            for soate, alias in _rows(extra, "soate", "alias"):
                if soate in known:
                    self._add(soate, [alias])
        everything = [(k, s) for k, codes in self.literal.items() for s in codes]
        self._all = ([k for k, _ in everything], [s for _, s in everything])
        self._pools: dict[frozenset[str], tuple[list[str], list[str]]] = {}

    def pool(self, within: set[str] | None) -> tuple[list[str], list[str]]:
        """Fuzzy choices (keys and their units), built once per scope: rows repeat scopes."""
        if within is None:
            return self._all
        scope = frozenset(within)
        if scope not in self._pools:
            pairs = [c for s in sorted(scope) for c in self.choices.get(s, [])]
            self._pools[scope] = ([k for k, _ in pairs], [s for _, s in pairs])
        return self._pools[scope]

    def _add(self, soate: str, forms: list[str]) -> None:
        literals = set()
        for form in forms:
            keys = names.cached_name_keys(form)
            if not keys:
                continue
            literals.add(keys[0])
            self.literal[keys[0]].add(soate)
            for key in keys[1:]:
                self.stemmed[key].add(soate)
            lost = names.lost_letter_skeleton(names.strip_unit_type(form))
            if "?" in lost:
                self.lost[lost].add(soate)
        for key in literals:
            self.choices[soate].append((key, soate))

    def exact_tiers(self, text: str) -> list[tuple[set[str], str]]:
        """Units this text spells, strongest reading first: as typed, then via the adjective."""
        keys = names.cached_name_keys(text)
        if not keys:
            return []
        literal, stems = keys[0], keys[1:]
        tiers = [
            self.literal.get(literal, set()),
            self.stemmed.get(literal, set()),
            set().union(*(self.literal.get(k, set()) for k in stems)),
            set().union(*(self.stemmed.get(k, set()) for k in stems)),
        ]
        hows = ["name"] + ["adjective"] * 3
        return [(set(codes), how) for codes, how in zip(tiers, hows, strict=True) if codes]

    def exact(self, text: str) -> tuple[set[str], str]:
        tiers = self.exact_tiers(text)
        return tiers[0] if tiers else (set(), "")

    def lost_letters(self, text: str) -> set[str]:
        """Units this text spells once each `?` is read as a Kyrgyz letter lost in cp1251."""
        proper = names.strip_unit_type(text)
        if "?" not in proper:
            return set()
        key = names.skeleton(proper)
        if key in self.lost:
            return set(self.lost[key])
        pattern = re.compile(re.escape(key).replace(r"\?", "[a-z]{1,2}") + "$")
        found: set[str] = set()
        for k, codes in [*self.literal.items(), *self.stemmed.items()]:
            if pattern.match(k):
                found |= codes
        return found

    def fuzzy(self, text: str, within: set[str] | None, limit: int = 10) -> list[Candidate]:
        """Best-scoring units by edit similarity of names, one entry per unit."""
        keys = names.cached_name_keys(text)
        if not keys:
            return []
        choices, owners = self.pool(within)
        if not choices:
            return []
        best: dict[str, float] = {}
        for query in keys[:3]:
            hits = process.extract(query, choices, scorer=fuzz.ratio, limit=limit * 3,
                                   processor=None, score_cutoff=FUZZY_FLOOR)
            for _, score, i in hits:
                soate = owners[i]
                best[soate] = max(best.get(soate, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [Candidate(s, round(score, 1), encode("cand_fuzzy", score=round(score)))
                for s, score in ranked]

    def slips(self, text: str, soate: str) -> tuple[int, int]:
        """(fewest slips between the text and one of the unit's names, that name's length)."""
        keys = names.cached_name_keys(text)[:3]
        best = (99, 0)
        for key, _ in self.choices.get(soate, []):
            for query in keys:
                best = min(best, (OSA.distance(query, key), len(key.replace(" ", ""))))
        return best


    def nearest_by_slips(self, text: str) -> list[tuple[int, str]]:
        """Units by fewest slips, hyphens and spaces ignored ("Жалалабат" ~ "Жалал-Абад")."""
        queries = [k.replace(" ", "") for k in names.cached_name_keys(text)[:3]]
        best: dict[str, int] = {}
        for soate, keys in self.choices.items():
            for key, _ in keys:
                compact = key.replace(" ", "")
                for query in queries:
                    best[soate] = min(best.get(soate, 99), OSA.distance(query, compact))
        return sorted((n, soate) for soate, n in best.items())


class VillageIndex:
    """Village names → the bodies that govern villages of that name, with their rayon/oblast."""

    def __init__(self, villages: pd.DataFrame):
        self.by_key: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for unit, rayon, oblast, *forms in _rows(villages, "unit_soate", "rayon_soate",
                                                 "oblast_soate", "name_ru", "name_ky"):
            if not unit:
                continue
            entry = (unit, rayon, oblast)
            for form in set(forms):
                key = names.skeleton(form)
                if key and entry not in self.by_key[key]:
                    self.by_key[key].append(entry)

    def bodies(self, name: str, ctx: Context) -> set[str]:
        """Bodies with a village of this name in the row's rayon, else oblast, else anywhere."""
        entries = self.by_key.get(names.skeleton(name), [])
        if ctx.rayon_soate:
            entries = [e for e in entries if ctx.rayon_soate in (e[1], e[0])]
        elif ctx.oblast_soate:
            entries = [e for e in entries if e[2] == ctx.oblast_soate]
        return {e[0] for e in entries}


def village_name(organisation: str) -> str:
    """The village in "с. Ленинское", "Жаңы-Жол айылы", "Кен-Булун а.", or "" if none is named."""
    text = organisation.strip()
    before = _VILLAGE_BEFORE.match(text)
    after = _VILLAGE_AFTER.search(text)
    if not before and not after:
        return ""
    if after:
        text = text[:after.start()]
    if before:
        text = text[before.end():]
    return text.strip(" ,.;:-–—()«»\"")


class Matcher:
    """Matches organisation texts of one vintage, remembering people's decisions as aliases."""

    def __init__(self, gaz: Gazetteer, decisions: pd.DataFrame | None = None):
        self.gaz = gaz
        self.units = gaz.units
        # Plain dicts: a pandas lookup per row costs more than the whole match.
        self.level_of = dict(_rows(gaz.units, "soate", "level"))
        self.rayon_of = dict(_rows(gaz.units, "soate", "rayon_soate"))
        self.oblast_of = dict(_rows(gaz.units, "soate", "oblast_soate"))
        self.bodies = PlaceIndex(gaz.lsg_bodies, gaz.aliases)
        self.rayons = PlaceIndex(gaz.level(*MAP2_LEVELS), gaz.aliases)
        self.oblasts = PlaceIndex(gaz.level(*MAP1_LEVELS))
        self.villages = VillageIndex(gaz.villages)
        self.decisions = _decision_table(decisions)
        self._bodies_in_rayon = _bodies_by(gaz.lsg_bodies, "rayon_soate")
        self._bodies_in_oblast = _bodies_by(gaz.lsg_bodies, "oblast_soate")
        self._match = lru_cache(maxsize=100_000)(self._match_in_context)
        self.place = lru_cache(maxsize=10_000)(self._place)

    # -- context ------------------------------------------------------------------------------

    def _place(self, text: str, index: PlaceIndex) -> str:
        """A rayon or oblast cell → its SOATE code, or "" when it is unclear."""
        if not text or not text.strip():
            return ""
        codes, _ = index.exact(text)
        if not codes:
            codes = index.lost_letters(text)
        if not codes:
            ranked = index.fuzzy(text, None, limit=2)
            if ranked and ranked[0].score >= 90 and (
                len(ranked) == 1 or ranked[0].score - ranked[1].score >= FUZZY_MARGIN
            ):
                codes = {ranked[0].soate}
        if not codes:
            nearest = index.nearest_by_slips(text)
            if nearest and nearest[0][0] <= 1 and len(names.skeleton(text)) >= 5 and (
                    len(nearest) == 1 or nearest[1][0] - nearest[0][0] >= RIVAL_GAP_OBLAST):
                codes = {nearest[0][1]}
        if len(codes) > 1:
            wants_city = bool(_CITY_MARKERS.search(text))
            keep = {c for c in codes if (self.level_of[c] in CITY_LEVELS) == wants_city}
            codes = keep or codes
        return next(iter(codes)) if len(codes) == 1 else ""

    def context(self, rayon: str = "", oblast: str = "", section_rayon: str = "",
                section_oblast: str = "") -> Context:
        rayon_soate = self.place(rayon, self.rayons)
        source = "rayon_column" if rayon_soate else ""
        if not rayon_soate and section_rayon:
            rayon_soate = self.place(section_rayon, self.rayons)
            source = "rayon_section" if rayon_soate else ""
        oblast_soate = self.place(oblast, self.oblasts) or self.place(section_oblast, self.oblasts)
        if rayon_soate:
            oblast_soate = self.oblast_of[rayon_soate]
        elif oblast_soate:
            source = "oblast_column" if self.place(oblast, self.oblasts) else "oblast_section"
        return Context(rayon_soate, oblast_soate, source)

    def _area_in_cell(self, organisation: str, ctx: Context) -> tuple[str, Context]:
        """ "Кок-Жарский а/о (Сокулукский р-н)": the rayon typed in the cell is context too.

        The one to three words before a rayon or oblast word are read as its name; the cell's
        area counts where the row gives none finer, and the text left is the body's name. A
        path ("Ошская область / Алайский район / Конур-Добонский а/а") names up to three
        areas, read from the last one back.
        """
        for _ in range(3):
            rest, found = self._one_area_in_cell(organisation, ctx)
            if rest == organisation:
                break
            organisation, ctx = rest, found
        return organisation, ctx

    def _one_area_in_cell(self, organisation: str, ctx: Context) -> tuple[str, Context]:
        areas = list(_AREA_WORD.finditer(organisation))
        if not areas:
            return organisation, ctx
        area_word = areas[-1]
        words = list(_CELL_WORD.finditer(organisation[:area_word.start()]))
        for n in (1, 2, 3):
            if n > len(words):
                break
            start = words[-n].start()
            area = organisation[start:area_word.end()]
            rest = _PATH_EDGES.sub("", f"{organisation[:start]} {organisation[area_word.end():]}")
            rest = _PATH_EDGES.sub("", re.sub(r"\(\s*\)", " ", rest))
            if not names.strip_unit_type(rest):
                return organisation, ctx  # the cell names only an area: nothing to strip
            found = self._cell_context(area, ctx)
            if found is not None:
                return rest, found
        return organisation, ctx

    def _only_an_area(self, text: str, ctx: Context) -> Match | None:
        """ "Сокулукский район", "Ош облусу", or what is left of "Баткен облусу / Лейлек району"
        once the rayon is read off: an oblast or a rayon, not one of its bodies, and never the
        city that shares its name (Osh city is not "Ош облусу"). A person must say which body.

        Asked of the text `_area_in_cell` leaves, so "АО Маймак Кара-Буура району" (a body
        once its rayon is read off) is not an area."""
        found = _AREA_WORD.search(text)
        if not found:
            return None
        oblast_word = _OBLAST_WORD.fullmatch(found.group())
        index, level = (self.oblasts, "oblast") if oblast_word else (self.rayons, "rayon")
        if self.level_of.get(self.place(text, index)) != level:
            return None
        tiers = self.bodies.exact_tiers(text)
        ranked = self._rank(tiers[0][0]) if tiers else []
        return self._review(ranked, encode("review_only_area"), ctx)

    def _cell_context(self, area: str, ctx: Context) -> Context | None:
        rayon = self.place(area, self.rayons)
        if rayon and self.level_of.get(rayon) == "rayon":
            if ctx.rayon_soate and ctx.rayon_soate != rayon:
                return ctx  # the rayon column and the cell disagree: the column stands
            return Context(rayon, self.oblast_of[rayon], ctx.source if ctx.rayon_soate else "cell")
        oblast = self.place(area, self.oblasts)
        if oblast and self.level_of.get(oblast) == "oblast":
            return ctx if ctx.oblast_soate else Context("", oblast, "cell")
        return None

    # -- the steps -----------------------------------------------------------------------------

    def match(self, organisation: str, rayon: str = "", oblast: str = "",
              section_rayon: str = "", section_oblast: str = "") -> Match:
        ctx = self.context(_clean(rayon), _clean(oblast), _clean(section_rayon),
                           _clean(section_oblast))
        return self._match(_clean(organisation), ctx)

    def _match_in_context(self, organisation: str, ctx: Context) -> Match:
        """Cached per text and context: rows repeat texts, and many spellings name one rayon."""
        if not organisation:
            return self._unmatched(encode("no_organisation"), ctx)
        found = self._by_decision(organisation, ctx) or self._not_lsg(organisation, ctx)
        if found:
            return found
        name, ctx = self._area_in_cell(roles.without_position(organisation), ctx)
        return (
            self._only_an_area(name, ctx)
            or self._by_named_village(name, ctx)
            or self._by_exact_name(name, ctx)
            or self._by_lost_letters(name, ctx)
            or self._by_bare_village(name, ctx)
            or self._by_fuzzy_name(name, ctx)
        )

    def _by_decision(self, organisation: str, ctx: Context) -> Match | None:
        key = names.skeleton(organisation)
        for scope in (ctx.rayon_soate, ""):
            target = self.decisions.get((key, scope))
            if not target:
                continue
            if target == NOT_LSG:
                return Match("", NOT_LSG, 100.0, encode("alias_not_lsg"), ctx.rayon_soate,
                             ctx.oblast_soate)
            if target not in self.level_of:
                continue
            consistent = not ctx.rayon_soate or self.rayon_of[target] == ctx.rayon_soate
            if scope or consistent:
                return self._confident(target, "exact", 100.0, encode("alias"))
        return None

    def _not_lsg(self, organisation: str, ctx: Context) -> Match | None:
        word = not_lsg_word(organisation)
        if not word:
            return None
        return Match("", NOT_LSG, 100.0, encode("not_lsg", word=word), ctx.rayon_soate,
                     ctx.oblast_soate)

    def _by_named_village(self, organisation: str, ctx: Context) -> Match | None:
        """ "с. X" / "X айылы": the village's body, when the village is unique in the area."""
        village = village_name(organisation)
        if not village or _AIYL_MARKERS.search(village) or _CITY_MARKERS.search(village):
            return None
        return self._decide_village(village, ctx, scope_needed=False)

    def _by_bare_village(self, organisation: str, ctx: Context) -> Match | None:
        """A name that is no body's name but a village's, inside the row's rayon or oblast."""
        if not (ctx.rayon_soate or ctx.oblast_soate) or _CITY_MARKERS.search(organisation):
            return None
        # "Куру-Маймак айыл өкмөтү": an aiyl okmotu called by its village, not by its name.
        village = names.strip_unit_type(organisation)
        return self._decide_village(village, ctx, scope_needed=True) if village else None

    def _decide_village(self, village: str, ctx: Context, scope_needed: bool) -> Match | None:
        bodies = self.villages.bodies(village, ctx)
        if not bodies:
            return None
        scope = self._scope(ctx)
        named = {c for c in self.bodies.exact(village)[0] if scope is None or c in scope}
        if named - bodies:
            # "Кочкор-Ата айылы" where Кочкор-Ата is also a city: the words are not enough.
            ranked = [Candidate(b, 100.0, encode("cand_village", village=village))
                      for b in sorted(bodies)] + self._rank(named - bodies)
            return self._review(ranked, encode("review_village_conflict", village=village), ctx)
        if len(bodies) == 1:
            body = next(iter(bodies))
            if ctx.rayon_soate:
                return self._confident(body, "exact", 100.0, encode(
                    "village_in_rayon", village=village, source=ctx.source))
            if ctx.oblast_soate:
                return self._confident(body, "exact", 100.0, encode(
                    "village_in_oblast", village=village, source=ctx.source))
            if not scope_needed and not self.bodies.exact(village)[0] - bodies:
                return self._confident(body, "exact", 100.0,
                                       encode("village_unique", village=village))
        ranked = [Candidate(b, 100.0, encode("cand_village", village=village))
                  for b in sorted(bodies)]
        return self._review(ranked, encode("review_village", village=village, n=len(bodies)),
                            ctx)

    def _by_exact_name(self, organisation: str, ctx: Context) -> Match | None:
        tiers = self.bodies.exact_tiers(organisation)
        if not tiers:
            return None
        scope = self._scope(ctx)
        # The strongest reading that names a body in the row's area, else the strongest at all.
        codes, how = next(((c, h) for c, h in tiers if scope is None or c & scope), tiers[0])
        codes = self._by_kind(codes, organisation)
        if how != "name":
            rivals = self._close_rivals(organisation, codes, scope)
            if rivals:
                mine = [c for c in self._rank(codes) if scope is None or c.soate in scope]
                return self._review(mine + rivals, encode("review_close_rival", how=how), ctx)
        found = self._decide(codes, ctx, how, 100.0)
        return self._unless_village_of_another(found, organisation, ctx)

    def _unless_village_of_another(self, found: Match, organisation: str, ctx: Context) -> Match:
        """A name that is also a village of another body in the area: the text can't say which.

        Given only an oblast, or no area, even "а/о Ак-Джар" stays open when Ак-Джар is also
        another body's village there: lists call an aiyl okmotu by its village as often as by
        its name. Within a rayon, "а/о" decides for the aiyl aimak; "г." always decides for
        the city.
        """
        if not found.confident:
            return found
        if _CITY_MARKERS.search(organisation):
            return found  # "г. Кара-Суу" says city: a village of that name is not meant
        if ctx.rayon_soate and _AIYL_MARKERS.search(organisation):
            return found  # within one rayon, "а/о X" names the aiyl aimak X
        name = names.strip_unit_type(organisation)
        others = self.villages.bodies(name, ctx) - {found.unit_soate}
        if not others:
            return found
        ranked = [Candidate(found.unit_soate, 100.0, encode("cand_same_name"))] + [
            Candidate(b, 100.0, encode("cand_village", village=name)) for b in sorted(others)]
        return self._review(ranked, encode("review_village_conflict", village=name), ctx)

    def _close_rivals(self, organisation: str, codes: set[str],
                      scope: set[str] | None) -> list[Candidate]:
        """Other bodies a slip of one letter away: "Ак-Була" reads as Ак-Булунский's stem,
        but is more likely Ак-Булак typed short."""
        keys = names.cached_name_keys(organisation)
        choices, owners = self.bodies.pool(scope)
        hits = process.extract(keys[0], choices, scorer=fuzz.ratio, processor=None, limit=10,
                               score_cutoff=FUZZY_CONFIDENT)
        best: dict[str, float] = {}
        for _, score, i in hits:
            if owners[i] not in codes:
                best[owners[i]] = max(best.get(owners[i], 0.0), float(score))
        return [Candidate(s, round(v, 1), encode("cand_fuzzy", score=round(v))) for s, v in
                sorted(best.items(), key=lambda kv: -kv[1])]

    def _by_lost_letters(self, organisation: str, ctx: Context) -> Match | None:
        codes = self.bodies.lost_letters(organisation)
        if not codes:
            return None
        return self._decide(self._by_kind(codes, organisation), ctx, "lost_letters", 97.0)

    def _by_fuzzy_name(self, organisation: str, ctx: Context) -> Match:
        within = self._scope(ctx)
        ranked = self.bodies.fuzzy(organisation, within)
        kinds = self._by_kind({c.soate for c in ranked}, organisation)
        ranked = [c for c in ranked if c.soate in kinds]
        if not ranked or ranked[0].score < REVIEW_FLOOR:
            wider = self.bodies.fuzzy(organisation, None) if within is not None else []
            if wider and wider[0].score >= REVIEW_FLOOR:
                return self._review(wider, encode("review_not_in_area"), ctx)
            return self._unmatched(encode("unmatched_no_similar"), ctx, ranked)
        top = ranked[0]
        margin = top.score - ranked[1].score if len(ranked) > 1 else 100.0
        short = len(names.skeleton(names.strip_unit_type(organisation))) < 6
        sure_scope = ctx.rayon_soate or (top.score >= FUZZY_NATIONWIDE and not short)
        if top.score >= FUZZY_CONFIDENT and margin >= FUZZY_MARGIN and sure_scope:
            return self._confident(top.soate, "fuzzy", top.score, self._fuzzy_reason(top, ctx))
        if self._one_clear_slip(organisation, ranked, ctx):
            return self._confident(top.soate, "fuzzy", top.score, self._fuzzy_reason(top, ctx))
        return self._review(ranked, encode("review_fuzzy", score=round(top.score)), ctx)

    def _one_clear_slip(self, organisation: str, ranked: list[Candidate], ctx: Context) -> bool:
        """A slip or two in a name with no close rival in the rayon (or, stricter, the oblast).

        "Clear" is counted in slips, not in one fixed score: a dropped letter costs a short name
        more score than a long one, and what matters is how far the next name is.
        """
        if not (ctx.rayon_soate or ctx.oblast_soate) or ranked[0].score < SLIP_FLOOR:
            return False
        top_slips, length = self.bodies.slips(organisation, ranked[0].soate)
        rival = min((self.bodies.slips(organisation, c.soate)[0] for c in ranked[1:]), default=99)
        if ctx.rayon_soate:
            allowed = 2 if length >= LONG_NAME else 1
            return top_slips <= allowed and rival - top_slips >= RIVAL_GAP_RAYON
        return top_slips <= 1 and length >= 6 and rival - top_slips >= RIVAL_GAP_OBLAST

    @staticmethod
    def _fuzzy_reason(top: Candidate, ctx: Context) -> str:
        code = ("fuzzy_in_rayon" if ctx.rayon_soate else
                "fuzzy_in_oblast" if ctx.oblast_soate else "fuzzy_nationwide")
        return encode(code, score=round(top.score))

    # -- decisions -----------------------------------------------------------------------------

    def _decide(self, codes: set[str], ctx: Context, how: str, score: float) -> Match:
        """Exact names: the rayon decides between same-named bodies, else the oblast."""
        if ctx.rayon_soate:
            inside = {c for c in codes if self.rayon_of[c] == ctx.rayon_soate}
            if len(inside) == 1:
                return self._confident(next(iter(inside)), "exact", score,
                                       encode("exact_in_rayon", how=how, source=ctx.source))
            cities = {c for c in codes if self.level_of[c] in ("city_oblast", "city_republican")}
            if not inside and len(codes) == 1 and cities:
                return self._confident(next(iter(codes)), "exact", score,
                                       encode("exact_city_own", how=how))
            if not inside:
                return self._review(self._rank(codes), encode("review_not_in_rayon", how=how),
                                    ctx)
            codes = inside
        elif ctx.oblast_soate:
            inside = {c for c in codes if self.oblast_of[c] == ctx.oblast_soate}
            if len(inside) == 1:
                return self._confident(next(iter(inside)), "exact", score,
                                       encode("exact_in_oblast", how=how, source=ctx.source))
            if inside:
                codes = inside
        if len(codes) == 1:
            return self._confident(next(iter(codes)), "exact", score,
                                   encode("exact_unique", how=how))
        return self._review(self._rank(codes), encode("review_same_name", n=len(codes)), ctx)

    def _by_kind(self, codes: set[str], organisation: str) -> set[str]:
        """"а/о" means an aiyl aimak and "г."/"мэрия" a city: keep the kind the text names."""
        aiyl = bool(_AIYL_MARKERS.search(organisation))
        city = bool(_CITY_MARKERS.search(organisation))
        if aiyl == city:
            return codes
        wanted = {c for c in codes if (self.level_of[c] == "aiyl_aimak") == aiyl}
        return wanted or codes

    def _scope(self, ctx: Context) -> set[str] | None:
        if ctx.rayon_soate:
            return self._bodies_in_rayon.get(ctx.rayon_soate, {ctx.rayon_soate})
        if ctx.oblast_soate:
            return self._bodies_in_oblast.get(ctx.oblast_soate)
        return None

    def _rank(self, codes: set[str]) -> list[Candidate]:
        return [Candidate(c, 100.0, encode("cand_same_name")) for c in sorted(codes)]

    def _confident(self, soate: str, status: str, score: float, reason: str) -> Match:
        return Match(soate, status, score, reason, self.rayon_of[soate], self.oblast_of[soate])

    def _review(self, ranked: list[Candidate], reason: str, ctx: Context) -> Match:
        top = ranked[0].score if ranked else 0.0
        return Match("", "review", top, reason, ctx.rayon_soate, ctx.oblast_soate,
                     tuple(ranked[:MAX_CANDIDATES]))

    def _unmatched(self, reason: str, ctx: Context, ranked: list[Candidate] = ()) -> Match:
        top = ranked[0].score if ranked else 0.0
        return Match("", "unmatched", top, reason, ctx.rayon_soate, ctx.oblast_soate,
                     tuple(ranked[:MAX_CANDIDATES]))


# The unit name forms the index knows a unit by.
_NAME_FORMS = ("name_ru", "name_ky", "name_en", "base_ru", "base_ky", "base_en")


def _rows(table: pd.DataFrame, *columns: str) -> zip:
    """The columns' values row by row, as plain Python: walking a pandas text column cell by
    cell (`itertuples`, `zip` over Series) costs several microseconds a cell."""
    return zip(*(table[c].tolist() for c in columns), strict=True)


def _bodies_by(bodies: pd.DataFrame, area: str) -> dict[str, set[str]]:
    """The bodies in each rayon (or oblast): area code → set of body codes."""
    found: dict[str, set[str]] = defaultdict(set)
    for soate, area_soate in _rows(bodies, "soate", area):
        found[area_soate].add(soate)
    return dict(found)


def _clean(text: object) -> str:
    """The one entry of every text: white space tidied; Word's leftovers, footnote marks and a
    form's "Другое:" out ("Кенешский а/о*"); Latin look-alikes read as Cyrillic ("мэpия г.
    Бaткeн"), so the markers (а/о, г., р-н) and village patterns see them."""
    if isinstance(text, str):
        return _clean_text(text) if text else ""
    if text is None or pd.isna(text):
        return ""
    return _clean_text(str(text))


@lru_cache(maxsize=65_536)
def _clean_text(text: str) -> str:
    """Cached: every row passes four texts through here, and sheets repeat their texts."""
    text = _FORM_OTHER.sub("", _FOOTNOTE.sub("", names.plain_text(text)))
    return names.repair_mixed_script(" ".join(text.split()))


def _decision_table(decisions: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """People's earlier decisions: (skeleton of the text, rayon or "") → unit or not_lsg."""
    if decisions is None or decisions.empty:
        return {}
    return {
        (str(d.alias_norm), _clean(d.rayon_soate)): str(d.unit_soate)
        for d in decisions.itertuples()
    }


def alias_key(organisation: str) -> str:
    """The normalised text a reviewed decision is remembered under."""
    return names.skeleton(_clean(organisation))
