"""Which LSG body a typed organisation name stands for, and why.

`Matcher.match` reads top to bottom as the list of steps, after OCHA's hdx-python-country
`AdminLevel`: a person's earlier decision (alias), then "not an LSG body at all", then exact
names within the rayon, then letters lost in cp1251, then fuzzy names. Every answer carries its
reason, because analysts will ask why. A confident answer (`exact`, `fuzzy`) must be right: when
in doubt the row goes to `review` with ranked candidates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from forumreach import names
from forumreach.gazetteer import CITY_LEVELS, MAP1_LEVELS, MAP2_LEVELS, Gazetteer

NOT_LSG = "not_lsg"

# Organisations that are not LSG bodies: state bodies (including rayon state administrations,
# whose head is an akim), donors, NGOs, media. Matched on the skeleton of the organisation text.
NOT_LSG_PATTERNS = [
    r"министер", r"министр", r"ministr", r"агентств", r"agenc", r"агентти", r"гамсумо", r"gamsumo",
    r"посольств", r"embass", r"элчилиг", r"союз\b", r"\bunion\b", r"бирлиг", r"ассоциац",
    r"associat", r"институт", r"institut", r"всемирн\w* банк", r"world bank", r"\bфонд",
    r"foundat", r"\bпроект", r"project", r"государственн\w* администрац", r"госадминистрац",
    r"\bрайгосадм", r"аким", r"мамлекеттик администрац", r"state administr", r"правительств",
    r"government", r"жогорку кенеш", r"парламент", r"президент", r"полпред", r"полномочн",
    r"ыйгарым укукт", r"информационн\w* агентств", r"газет", r"телеканал", r"радио", r"кабар",
    r"akipress", r"акипресс", r"24 ?kg", r"общественн", r"коомдук бирикме", r"университет",
    r"universit", r"академи", r"academ", r"helvetas", r"usaid", r"еврос", r"european",
    r"швейцар", r"swiss", r"консультант", r"consult", r"пр[оа]он",
]
# Abbreviations count only as whole words: "ОО" is an NGO, "Сары-оо" is a slip in a name.
NOT_LSG_ABBREVIATIONS = ["ипр", "dpi", "undp", "giz", "рга", "иа", "тв", "media", "сми", "оо",
                         "нпо", "ngo", "банк", "bank", "оон", "un", "osce", "обсе"]
_NOT_LSG_RE = re.compile("|".join(
    [f"(?:{p})" for p in NOT_LSG_PATTERNS]
    + [rf"(?<![\w-]){a}(?![\w-])" for a in NOT_LSG_ABBREVIATIONS]
))

_AIYL_MARKERS = re.compile(
    r"айыл|айылн|а\s*/\s*[оoөа?]|\bао\b|\bаа\b|\bаө\b|aiyl|ayil|aiil|сельск|аильн|а\.\s*о", re.I
)
_CITY_MARKERS = re.compile(r"\bг\.|\bгор|мэри|мэр\b|шаар|\bш\.|\bcity\b|\btown\b|mayor", re.I)

FUZZY_CONFIDENT = 88.0
FUZZY_MARGIN = 8.0
FUZZY_NATIONWIDE = 94.0
REVIEW_FLOOR = 70.0
FUZZY_FLOOR = 50.0  # below this a name is no candidate at all
MAX_CANDIDATES = 8


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
    reason: str
    rayon_soate: str = ""
    oblast_soate: str = ""
    candidates: tuple[Candidate, ...] = field(default=())

    @property
    def confident(self) -> bool:
        return self.status in ("exact", "fuzzy")


@dataclass(frozen=True)
class Context:
    """Where the row says it is: its own rayon/oblast columns, else the section above it."""

    rayon_soate: str = ""
    oblast_soate: str = ""
    source: str = ""


class PlaceIndex:
    """Skeleton keys → SOATE codes for one set of units, literal forms kept apart from stems."""

    def __init__(self, units: pd.DataFrame, extra: pd.DataFrame | None = None):
        self.literal: dict[str, set[str]] = defaultdict(set)
        self.stemmed: dict[str, set[str]] = defaultdict(set)
        self.lost: dict[str, set[str]] = defaultdict(set)
        self.choices: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for u in units.itertuples():
            forms = [u.name_ru, u.name_ky, u.name_en, u.base_ru, u.base_ky, u.base_en]
            self._add(u.soate, forms)
        if extra is not None:
            for a in extra.itertuples():
                if a.soate in set(units.soate):
                    self._add(a.soate, [a.alias])
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
        for form in forms:
            keys = names.name_keys(form)
            if not keys:
                continue
            self.literal[keys[0]].add(soate)
            for key in keys[1:]:
                self.stemmed[key].add(soate)
            lost = names.lost_letter_skeleton(names.strip_unit_type(form))
            if "?" in lost:
                self.lost[lost].add(soate)
        for key in {names.name_keys(f)[0] for f in forms if names.name_keys(f)}:
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
        hows = ["exact name"] + ["exact name (adjective form)"] * 3
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
        return [Candidate(s, round(score, 1), f"fuzzy {score:.0f}") for s, score in ranked]


class Matcher:
    """Matches organisation texts of one vintage, remembering people's decisions as aliases."""

    def __init__(self, gaz: Gazetteer, decisions: pd.DataFrame | None = None):
        self.gaz = gaz
        self.units = gaz.units
        # Plain dicts: a pandas lookup per row costs more than the whole match.
        self.level_of = dict(zip(gaz.units.soate, gaz.units.level, strict=True))
        self.rayon_of = dict(zip(gaz.units.soate, gaz.units.rayon_soate, strict=True))
        self.oblast_of = dict(zip(gaz.units.soate, gaz.units.oblast_soate, strict=True))
        self.bodies = PlaceIndex(gaz.lsg_bodies, gaz.aliases)
        self.rayons = PlaceIndex(gaz.level(*MAP2_LEVELS), gaz.aliases)
        self.oblasts = PlaceIndex(gaz.level(*MAP1_LEVELS))
        self.decisions = _decision_table(decisions)
        self._bodies_in_rayon = gaz.lsg_bodies.groupby("rayon_soate").soate.apply(set).to_dict()
        self._bodies_in_oblast = gaz.lsg_bodies.groupby("oblast_soate").soate.apply(set).to_dict()
        self._match = lru_cache(maxsize=100_000)(self._match_uncached)
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
        if len(codes) > 1:
            wants_city = bool(_CITY_MARKERS.search(text))
            keep = {c for c in codes if (self.level_of[c] in CITY_LEVELS) == wants_city}
            codes = keep or codes
        return next(iter(codes)) if len(codes) == 1 else ""

    def context(self, rayon: str = "", oblast: str = "", section_rayon: str = "",
                section_oblast: str = "") -> Context:
        rayon_soate = self.place(rayon, self.rayons)
        source = "rayon column" if rayon_soate else ""
        if not rayon_soate and section_rayon:
            rayon_soate = self.place(section_rayon, self.rayons)
            source = "rayon section" if rayon_soate else ""
        oblast_soate = self.place(oblast, self.oblasts) or self.place(section_oblast, self.oblasts)
        if rayon_soate:
            oblast_soate = self.oblast_of[rayon_soate]
        elif oblast_soate:
            source = "oblast column" if self.place(oblast, self.oblasts) else "oblast section"
        return Context(rayon_soate, oblast_soate, source)

    # -- the steps -----------------------------------------------------------------------------

    def match(self, organisation: str, rayon: str = "", oblast: str = "",
              section_rayon: str = "", section_oblast: str = "") -> Match:
        return self._match(
            _clean(organisation), _clean(rayon), _clean(oblast), _clean(section_rayon),
            _clean(section_oblast),
        )

    def _match_uncached(self, organisation: str, rayon: str, oblast: str, section_rayon: str,
                        section_oblast: str) -> Match:
        ctx = self.context(rayon, oblast, section_rayon, section_oblast)
        if not organisation:
            return self._unmatched("no organisation text", ctx)
        return (
            self._by_decision(organisation, ctx)
            or self._not_lsg(organisation, ctx)
            or self._by_exact_name(organisation, ctx)
            or self._by_lost_letters(organisation, ctx)
            or self._by_fuzzy_name(organisation, ctx)
        )

    def _by_decision(self, organisation: str, ctx: Context) -> Match | None:
        key = names.skeleton(organisation)
        for scope in (ctx.rayon_soate, ""):
            target = self.decisions.get((key, scope))
            if not target:
                continue
            if target == NOT_LSG:
                return Match("", NOT_LSG, 100.0, "alias: not an LSG body", ctx.rayon_soate,
                             ctx.oblast_soate)
            if target not in self.level_of:
                continue
            consistent = not ctx.rayon_soate or self.rayon_of[target] == ctx.rayon_soate
            if scope or consistent:
                return self._confident(target, "exact", 100.0, "alias (reviewed before)")
        return None

    def _not_lsg(self, organisation: str, ctx: Context) -> Match | None:
        text = organisation.lower().replace("ё", "е")
        found = _NOT_LSG_RE.search(text) or _NOT_LSG_RE.search(names.skeleton(organisation))
        if not found:
            return None
        return Match("", NOT_LSG, 100.0, f"not an LSG body ({found.group(0).strip()})",
                     ctx.rayon_soate, ctx.oblast_soate)

    def _by_exact_name(self, organisation: str, ctx: Context) -> Match | None:
        tiers = self.bodies.exact_tiers(organisation)
        if not tiers:
            return None
        scope = self._scope(ctx)
        # The strongest reading that names a body in the row's area, else the strongest at all.
        codes, how = next(((c, h) for c, h in tiers if scope is None or c & scope), tiers[0])
        codes = self._by_kind(codes, organisation)
        if how != "exact name":
            rivals = self._close_rivals(organisation, codes, scope)
            if rivals:
                mine = [c for c in self._rank(codes) if scope is None or c.soate in scope]
                return self._review(mine + rivals, f"review: {how}, but close to another name",
                                    ctx)
        return self._decide(codes, ctx, how, 100.0)

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
        return [Candidate(s, round(v, 1), f"fuzzy {v:.0f}") for s, v in
                sorted(best.items(), key=lambda kv: -kv[1])]

    def _by_lost_letters(self, organisation: str, ctx: Context) -> Match | None:
        codes = self.bodies.lost_letters(organisation)
        if not codes:
            return None
        return self._decide(self._by_kind(codes, organisation), ctx, "lost Kyrgyz letters", 97.0)

    def _by_fuzzy_name(self, organisation: str, ctx: Context) -> Match:
        within = self._scope(ctx)
        ranked = self.bodies.fuzzy(organisation, within)
        kinds = self._by_kind({c.soate for c in ranked}, organisation)
        ranked = [c for c in ranked if c.soate in kinds]
        if not ranked or ranked[0].score < REVIEW_FLOOR:
            wider = self.bodies.fuzzy(organisation, None) if within is not None else []
            if wider and wider[0].score >= REVIEW_FLOOR:
                return self._review(wider, "review: name not found in the given rayon", ctx)
            return self._unmatched("unmatched: no similar LSG body name", ctx, ranked)
        top = ranked[0]
        margin = top.score - ranked[1].score if len(ranked) > 1 else 100.0
        short = len(names.skeleton(names.strip_unit_type(organisation))) < 6
        sure_scope = ctx.rayon_soate or (top.score >= FUZZY_NATIONWIDE and not short)
        if top.score >= FUZZY_CONFIDENT and margin >= FUZZY_MARGIN and sure_scope:
            scope = "within rayon" if ctx.rayon_soate else (
                "within oblast" if ctx.oblast_soate else "nationwide")
            return self._confident(top.soate, "fuzzy", top.score, f"fuzzy {top.score:.0f} {scope}")
        return self._review(ranked, f"review: best fuzzy {top.score:.0f}", ctx)

    # -- decisions -----------------------------------------------------------------------------

    def _decide(self, codes: set[str], ctx: Context, how: str, score: float) -> Match:
        """Exact names: the rayon decides between same-named bodies, else the oblast."""
        if ctx.rayon_soate:
            inside = {c for c in codes if self.rayon_of[c] == ctx.rayon_soate}
            if len(inside) == 1:
                return self._confident(next(iter(inside)), "exact", score,
                                       f"{how} within rayon ({ctx.source})")
            cities = {c for c in codes if self.level_of[c] in ("city_oblast", "city_republican")}
            if not inside and len(codes) == 1 and cities:
                return self._confident(next(iter(codes)), "exact", score,
                                       f"{how}; city of its own, rayon column ignored")
            if not inside:
                return self._review(self._rank(codes), f"review: {how} but not in the given rayon",
                                    ctx)
            codes = inside
        elif ctx.oblast_soate:
            inside = {c for c in codes if self.oblast_of[c] == ctx.oblast_soate}
            if len(inside) == 1:
                return self._confident(next(iter(inside)), "exact", score,
                                       f"{how} within oblast ({ctx.source})")
            if inside:
                codes = inside
        if len(codes) == 1:
            return self._confident(next(iter(codes)), "exact", score, f"{how}, unique nationwide")
        return self._review(self._rank(codes), f"review: {len(codes)} candidates, rayon needed",
                            ctx)

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
        return [Candidate(c, 100.0, "same name") for c in sorted(codes)]

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


def _clean(text: object) -> str:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return re.sub(r"\s+", " ", str(text)).strip()


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
