"""Build the synthetic participant list of the 3 July 2018 LSG forum (data/demo/).

The real list is not public. This one is consistent with the published account: about 100 LSG
bodies, every rayon represented by a head, all but a few cities, plus guests from the
organizers and the donor. Every person's name is synthetic.

Writes:
- forum_2018_registration.xlsx: the sheet as typed at the door (title rows, oblast sections,
  Russian and Kyrgyz forms, a totals line);
- forum_2018_truth.csv: what each participant row really is (the answer key for matching);
- forum_2018.json: the event and the totals the list stands for;
- programme.json, <event>_registration.xlsx, <event>_truth.csv: three later synthetic events of
  the same programme (two regional seminars and a training), in which some bodies of the forum
  come back, often with the same head, and some come for the first time.

Deterministic: re-running reproduces the same participants. The later events draw from their own
seeded generator after the forum's list is made, so the forum's list does not depend on them.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forumreach import gazetteer  # noqa: E402
from forumreach.roles import HEAD_ROLES  # noqa: E402

OUT = ROOT / "data" / "demo"
SEED = 20180703
ABSENT_CITIES = {"41705258600010", "41708222600010", "41708213600010", "41703211610010"}
DEPUTY_CITIES = {"41703430000010", "41706226600010", "41708219600010"}
BODIES_PER_RAYON = {"41708203000000": 3, "41708222000000": 3, "41706226000000": 3}

MALE_FIRST = ["Бакыт", "Нурлан", "Азамат", "Талант", "Эрлан", "Улан", "Жоомарт", "Кубат",
              "Мирлан", "Бекболот", "Алмаз", "Руслан", "Самат", "Урмат", "Чынгыз", "Темир"]
FEMALE_FIRST = ["Айгуль", "Жылдыз", "Гүлнара", "Назира", "Бермет", "Чолпон", "Динара", "Айпери"]
SURNAMES = ["Асанов", "Жээнбеков", "Токтогулов", "Мамытов", "Осмонов", "Сыдыков", "Абдыкадыров",
            "Бекиев", "Исаков", "Карабаев", "Кадыров", "Турдубаев", "Омуралиев", "Садыков",
            "Жумабаев", "Эшматов", "Алиев", "Табалдиев", "Урустемов", "Дүйшөнбеков"]
PATRONYMIC = ["Муратович", "Асанович", "Бакирович", "Токтосунович", "Жумаевич", "Сапарович"]


def person(rng: random.Random, female: bool) -> str:
    surname = rng.choice(SURNAMES) + ("а" if female else "")
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    patronymic = rng.choice(PATRONYMIC)
    if female:
        patronymic = patronymic.replace("ович", "овна").replace("евич", "евна")
    return f"{surname} {first} {patronymic}" if rng.random() < 0.7 else f"{surname} {first}"


def phone(rng: random.Random) -> str:
    return f"0{rng.choice([550, 555, 700, 707, 770, 772, 777])} {rng.randint(100, 999)} " \
           f"{rng.randint(100, 999)}"


def body_text(rng: random.Random, unit: pd.Series, kyrgyz: bool) -> str:
    """How a door registrar writes the body: every form the matcher must read."""
    if unit.level == "aiyl_aimak":
        adj = unit.name_ru.replace(" айылный аймак", "")
        forms = (
            [f"{unit.base_ky} айыл аймагы", f"{unit.base_ky} А/Ө", f"{unit.base_ky} айыл өкмөтү"]
            if kyrgyz
            else [f"{adj} а/о", f"АО {unit.base_ru}", f"айыл окмоту {unit.base_ru}",
                  unit.name_ru, f"{adj} айыл окмоту"]
        )
    else:
        forms = (
            [f"{unit.base_ky} шаары", f"{unit.base_ky} ш. мэриясы"]
            if kyrgyz
            else [f"мэрия г. {unit.base_ru}", f"г. {unit.base_ru}", f"Мэрия города {unit.base_ru}"]
        )
    return rng.choice(forms)


HEAD_POSITIONS = {
    "aiyl_aimak": (["Глава айыл окмоту", "Глава АО", "Глава айыл окмоту"],
                   ["Айыл өкмөтүнүн башчысы", "Башчы"]),
    "city": (["Мэр", "Мэр города"], ["Шаардын мэри", "Мэр"]),
}
OTHER_POSITIONS = {
    "acting_head": (["И.о. главы айыл окмоту", "и.о. мэра"], ["Башчынын милдетин аткаруучу"]),
    "deputy": (["Заместитель главы АО", "Вице-мэр"], ["Башчынын орун басары"]),
    "council_chair": (["Председатель айылного кенеша"], ["Айылдык кеңештин төрагасы"]),
    "staff": (["Ответственный секретарь", "Главный специалист", "Специалист по финансам"],
              ["Жооптуу катчы", "Башкы адис"]),
}
GUESTS = [
    ("Директор", "Государственное агентство по делам МСУ и межэтнических отношений", "m"),
    ("Заместитель директора", "ГАМСУМО", "f"),
    ("Заведующий отделом", "ГАМСУМО", "m"),
    ("Председатель", "Союз МСУ Кыргызской Республики", "m"),
    ("Исполнительный директор", "Союз местных самоуправлений КР", "f"),
    ("Директор", "Институт политики развития", "m"),
    ("Руководитель проекта", "Институт политики развития (ИПР)", "f"),
    ("Эксперт", "Институт политики развития", "m"),
    ("Советник по сотрудничеству", "Посольство Швейцарии в Кыргызской Республике", "f"),
    ("Аким", "Аламудунская районная государственная администрация", "m"),
    ("Журналист", "ИА «Кабар»", "f"),
]


def pick_bodies(gaz: gazetteer.Gazetteer, rng: random.Random) -> list[str]:
    chosen: list[str] = []
    aa = gaz.level("aiyl_aimak")
    for rayon in gaz.rayons.soate:
        pool = sorted(aa[aa.rayon_soate == rayon].soate)
        chosen += rng.sample(pool, BODIES_PER_RAYON.get(rayon, 2 if rng.random() < 0.7 else 1))
    chosen += [c for c in sorted(gaz.cities.soate) if c not in ABSENT_CITIES]
    return chosen


def participants(gaz: gazetteer.Gazetteer, rng: random.Random) -> list[dict]:
    units = gaz.units
    rows = []
    seen_rayon_head: set[str] = set()
    for soate in pick_bodies(gaz, rng):
        unit = units.loc[soate]
        kind = "aiyl_aimak" if unit.level == "aiyl_aimak" else "city"
        kyrgyz = rng.random() < 0.35
        if soate in DEPUTY_CITIES:
            role = "deputy"
        elif kind == "aiyl_aimak" and unit.rayon_soate in seen_rayon_head and rng.random() < 0.12:
            role = rng.choice(["deputy", "council_chair", "acting_head"])
        else:
            role = "acting_head" if rng.random() < 0.05 else "head"
        if role in HEAD_ROLES:
            seen_rayon_head.add(unit.rayon_soate)
        team = [role] + (["staff"] if rng.random() < 0.15 else [])
        for r in team:
            if r == "head":
                position = rng.choice(HEAD_POSITIONS[kind][kyrgyz])
            else:
                position = rng.choice(OTHER_POSITIONS[r][kyrgyz])
            female = rng.random() < (0.17 if r in HEAD_ROLES else 0.45)
            rayon = gaz.units.loc[unit.rayon_soate] if unit.level != "city_republican" else None
            rayon_text = ""
            if unit.level in ("aiyl_aimak", "city_rayon"):
                rayon_text = f"{rayon.base_ky} району" if kyrgyz else f"{rayon.base_ru} р-н"
            rows.append({
                "oblast_soate": unit.oblast_soate,
                "name": person(rng, female),
                "position": position,
                "organisation": body_text(rng, unit, kyrgyz),
                "rayon": rayon_text,
                "gender": ("ж" if kyrgyz else "ж") if female else ("э" if kyrgyz else "м"),
                "phone": phone(rng),
                "unit_soate": soate,
                "role": r,
            })
    for position, org, sex in GUESTS:
        rows.append({
            "oblast_soate": "", "name": person(rng, sex == "f"), "position": position,
            "organisation": org, "rayon": "", "gender": "ж" if sex == "f" else "м",
            "phone": phone(rng), "unit_soate": "", "role": "other",
        })
    return rows


SHEET_HEADER = ["№", "Ф.И.О. / Аты-жөнү", "Должность / Кызматы", "Орган МСУ / Мекеме",
                "Район", "Пол / Жынысы", "Телефон"]


FORUM_TITLE_LINES = (
    "Национальный форум «Роль местного самоуправления в комплексном развитии регионов "
    "Кыргызской Республики»",
    "3 июля 2018 г., г. Бишкек, Парк Отель. Список участников (СИНТЕТИЧЕСКИЕ ДАННЫЕ)",
)


def write_sheet(rows: list[dict], gaz: gazetteer.Gazetteer, path: Path,
                title_lines: tuple[str, str] = FORUM_TITLE_LINES) -> list[int]:
    """Write the registration sheet; returns each participant's Excel row number."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Катталуу"
    ws.append([title_lines[0]])
    ws.append([title_lines[1]])
    ws.append([])
    ws.merge_cells("A1:G1")
    ws.merge_cells("A2:G2")
    ws.append(SHEET_HEADER)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    excel_rows = []
    number = 0
    current = None
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["oblast_soate"] or "9", i))
    for i in order:
        row = rows[i]
        section = row["oblast_soate"] or "guests"
        if section != current:
            current = section
            label = gaz.units.loc[section].name_ru if section != "guests" else "Гости / Коноктор"
            ws.append([label])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=7)
            ws.cell(ws.max_row, 1).font = Font(bold=True)
            ws.cell(ws.max_row, 1).alignment = Alignment(horizontal="center")
        number += 1
        ws.append([number, row["name"], row["position"], row["organisation"], row["rayon"],
                   row["gender"], row["phone"]])
        excel_rows.append((i, ws.max_row))
    ws.append([f"Итого: {number} участников"])
    wb.create_sheet("Лист2")
    for col, width in zip("ABCDEFG", (5, 34, 32, 44, 22, 8, 16), strict=True):
        ws.column_dimensions[col].width = width
    wb.properties.creator = "forumreach demo (synthetic)"
    wb.save(path)
    by_index = dict(excel_rows)
    return [by_index[i] for i in range(len(rows))]


def stated_totals(truth: pd.DataFrame, gaz: gazetteer.Gazetteer) -> dict:
    lsg = truth[truth.unit_soate != ""].merge(
        gaz.units[["soate", "level", "rayon_soate"]], left_on="unit_soate", right_on="soate"
    )
    heads = lsg[lsg.role.isin(HEAD_ROLES)]
    aa = lsg[lsg.level == "aiyl_aimak"]
    rayon_heads = heads[heads.level.isin(["aiyl_aimak", "city_rayon"])]
    return {
        "participants": len(truth),
        "lsg_participants": len(lsg),
        "rows_not_lsg": int((truth.unit_soate == "").sum()),
        "lsg_bodies_present": lsg.unit_soate.nunique(),
        "aiyl_aimaks_present": aa.unit_soate.nunique(),
        "cities_present": lsg[lsg.level != "aiyl_aimak"].unit_soate.nunique(),
        "rayons_covered": lsg[lsg.level.isin(["aiyl_aimak", "city_rayon"])].rayon_soate.nunique(),
        "bodies_with_head": heads.unit_soate.nunique(),
        "rayons_with_head": rayon_heads.rayon_soate.nunique(),
        "cities_with_head": heads[heads.level != "aiyl_aimak"].unit_soate.nunique(),
        "women_share": round(float((lsg.gender == "ж").mean()), 4),
    }


# --- the programme: later events of the same series ----------------------------------------

PROGRAMME_SEED = 20190418
PROGRAMME = {
    "slug": "lsg-development-programme",
    "name": {
        "ky": "Жергиликтүү өз алдынча башкарууну өнүктүрүү программасы",
        "ru": "Программа развития местного самоуправления",
        "en": "Local self-government development programme",
    },
    "donor": {  # per language, as the name: the Reach page and its report say it so
        "ky": "Швейцариянын Кыргыз Республикасындагы элчилиги",
        "ru": "Посольство Швейцарии в Кыргызской Республике",
        "en": "Embassy of Switzerland in the Kyrgyz Republic",
    },
}
# (slug, date, oblasts invited (None: all), bodies of the earlier events asked back, new ones,
#  title lines of the sheet, titles)
LATER_EVENTS = (
    ("seminar-osh-2019", "2019-04-18", ("41703000000000", "41705000000000", "41706000000000",
                                        "41721000000000"), 24, 26,
     ("Региональный семинар «Местный бюджет и участие граждан»",
      "18 апреля 2019 г., г. Ош. Список участников (СИНТЕТИЧЕСКИЕ ДАННЫЕ)"),
     {"ky": "Регионалдык семинар: жергиликтүү бюджет жана жарандардын катышуусу (Ош)",
      "ru": "Региональный семинар «Местный бюджет и участие граждан», г. Ош",
      "en": "Regional seminar: local budgets and citizen participation, Osh"}),
    ("seminar-karakol-2019", "2019-10-10", ("41702000000000", "41704000000000",
                                            "41707000000000", "41708000000000"), 22, 24,
     ("Региональный семинар «Муниципальные услуги»",
      "10 октября 2019 г., г. Каракол. Список участников (СИНТЕТИЧЕСКИЕ ДАННЫЕ)"),
     {"ky": "Регионалдык семинар: муниципалдык кызматтар (Каракол)",
      "ru": "Региональный семинар «Муниципальные услуги», г. Каракол",
      "en": "Regional seminar: municipal services, Karakol"}),
    ("training-bishkek-2020", "2020-02-20", None, 30, 15,
     ("Обучение глав айыл окмоту «Стратегическое планирование»",
      "20 февраля 2020 г., г. Бишкек. Список участников (СИНТЕТИЧЕСКИЕ ДАННЫЕ)"),
     {"ky": "Айыл өкмөтүнүн башчыларын окутуу: стратегиялык пландоо",
      "ru": "Обучение глав айыл окмоту «Стратегическое планирование»",
      "en": "Training for heads of aiyl okmotu: strategic planning"}),
)


def _body_row(rng: random.Random, gaz: gazetteer.Gazetteer, soate: str, role: str,
              name: str | None = None) -> dict:
    """One participant for a body, written the way a door registrar writes it."""
    unit = gaz.units.loc[soate]
    kind = "aiyl_aimak" if unit.level == "aiyl_aimak" else "city"
    kyrgyz = rng.random() < 0.35
    if role == "head":
        position = rng.choice(HEAD_POSITIONS[kind][kyrgyz])
    else:
        position = rng.choice(OTHER_POSITIONS[role][kyrgyz])
    female = rng.random() < (0.17 if role in HEAD_ROLES else 0.45)
    if name is not None:
        female = name.split()[0].endswith("а")
    rayon_text = ""
    if unit.level in ("aiyl_aimak", "city_rayon"):
        rayon = gaz.units.loc[unit.rayon_soate]
        rayon_text = f"{rayon.base_ky} району" if kyrgyz else f"{rayon.base_ru} р-н"
    return {
        "oblast_soate": unit.oblast_soate, "name": name or person(rng, female),
        "position": position, "organisation": body_text(rng, unit, kyrgyz), "rayon": rayon_text,
        "gender": "ж" if female else ("э" if kyrgyz else "м"), "phone": phone(rng),
        "unit_soate": soate, "role": role,
    }


def later_event_rows(gaz: gazetteer.Gazetteer, rng: random.Random, oblasts: tuple | None,
                     n_back: int, n_new: int, heads: dict[str, str]) -> list[dict]:
    """Bodies of earlier events asked back (their head comes again, under the same name, four
    times in five) and bodies no earlier event reached; `heads` (body -> head's name) grows."""
    bodies = gaz.lsg_bodies
    invited = bodies if oblasts is None else bodies[bodies.oblast_soate.isin(oblasts)]
    earlier = sorted(s for s in heads if s in invited.index)
    never = sorted(set(invited.soate) - set(heads))
    chosen = rng.sample(earlier, min(n_back, len(earlier))) + rng.sample(never, n_new)
    rows = []
    for soate in chosen:
        same_head = soate in heads and rng.random() < 0.8
        role = "head" if same_head or rng.random() < 0.75 else rng.choice(
            ["deputy", "council_chair", "staff"])
        row = _body_row(rng, gaz, soate, role, heads[soate] if same_head else None)
        if role == "head":
            heads.setdefault(soate, row["name"])
        rows.append(row)
        if rng.random() < 0.15:
            rows.append(_body_row(rng, gaz, soate, "staff"))
    for position, org, sex in rng.sample(GUESTS, 3):
        rows.append({
            "oblast_soate": "", "name": person(rng, sex == "f"), "position": position,
            "organisation": org, "rayon": "", "gender": "ж" if sex == "f" else "м",
            "phone": phone(rng), "unit_soate": "", "role": "other",
        })
    return rows


def write_event(rows: list[dict], gaz: gazetteer.Gazetteer, stem: str,
                title_lines: tuple[str, str]) -> pd.DataFrame:
    """The event's sheet and answer key under data/demo/; returns the answer key."""
    excel_rows = write_sheet(rows, gaz, OUT / f"{stem}_registration.xlsx", title_lines)
    truth = pd.DataFrame(rows).assign(source_row=excel_rows)
    truth = truth.sort_values("source_row")[
        ["source_row", "unit_soate", "role", "gender", "organisation", "rayon"]
    ]
    truth.to_csv(OUT / f"{stem}_truth.csv", index=False, lineterminator="\n")
    return truth


def build_programme(gaz: gazetteer.Gazetteer, forum_rows: list[dict]) -> dict:
    """The later events and programme.json; the forum's heads are who may come back."""
    rng = random.Random(PROGRAMME_SEED)
    heads = {r["unit_soate"]: r["name"] for r in forum_rows
             if r["unit_soate"] and r["role"] in HEAD_ROLES}
    for r in forum_rows:  # bodies the forum reached without their head may come back too
        if r["unit_soate"]:
            heads.setdefault(r["unit_soate"], person(rng, False))
    events = [{"slug": "lsg-forum-2018", "meta": "forum_2018.json"}]
    for slug, held_on, oblasts, n_back, n_new, lines, title in LATER_EVENTS:
        rows = later_event_rows(gaz, rng, oblasts, n_back, n_new, heads)
        truth = write_event(rows, gaz, slug, lines)
        events.append({
            "slug": slug, "vintage": "2018", "held_on": held_on, "title": title,
            "registration_sheet": f"{slug}_registration.xlsx", "truth": f"{slug}_truth.csv",
            "totals": stated_totals(truth, gaz),
        })
    return {**PROGRAMME, "synthetic": True,
            "note": "Illustrative events: every participant, name and phone is synthetic.",
            "events": events}


def main() -> int:
    rng = random.Random(SEED)
    gaz = gazetteer.load("2018")
    rows = participants(gaz, rng)
    OUT.mkdir(parents=True, exist_ok=True)
    excel_rows = write_sheet(rows, gaz, OUT / "forum_2018_registration.xlsx")
    truth = pd.DataFrame(rows).assign(source_row=excel_rows)
    truth = truth.sort_values("source_row")[
        ["source_row", "unit_soate", "role", "gender", "organisation", "rayon"]
    ]
    truth.to_csv(OUT / "forum_2018_truth.csv", index=False, lineterminator="\n")
    meta = {
        "slug": "lsg-forum-2018",
        "vintage": "2018",
        "held_on": "2018-07-03",
        "venue": "Park Hotel, Bishkek",
        "title": {
            "ru": "Роль местного самоуправления в комплексном развитии регионов "
                  "Кыргызской Республики",
            "ky": "Жергиликтүү өз алдынча башкаруунун Кыргыз Республикасынын региондорун "
                  "комплекстүү өнүктүрүүдөгү ролу",
            "en": "The role of local self-government in the integrated development of the "
                  "regions of the Kyrgyz Republic",
        },
        "organizers": ["ГАМСУМО", "Союз МСУ", "Институт политики развития"],
        "funded_by": "Embassy of Switzerland in the Kyrgyz Republic",
        "synthetic": True,
        "note": "Illustrative list: participant names and phones are synthetic; "
                "the real list is not public.",
        "registration_sheet": "forum_2018_registration.xlsx",
        "truth": "forum_2018_truth.csv",
        "totals": stated_totals(truth, gaz),
    }
    (OUT / "forum_2018.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(meta["totals"], ensure_ascii=False))
    programme = build_programme(gaz, rows)
    (OUT / "programme.json").write_text(
        json.dumps(programme, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for event in programme["events"][1:]:
        print(event["slug"], json.dumps(event["totals"], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
