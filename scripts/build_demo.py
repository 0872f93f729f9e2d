"""Build the synthetic participant list of the 3 July 2018 LSG forum (data/demo/).

The real list is not public. This one is consistent with the published account: about 100 LSG
bodies, every rayon represented by a head, all but a few cities, plus guests from the
organizers and the donor. Every person's name is synthetic.

Writes:
- forum_2018_registration.xlsx: the sheet as typed at the door (title rows, oblast sections,
  Russian and Kyrgyz forms, a totals line);
- forum_2018_truth.csv: what each participant row really is (the answer key for matching);
- forum_2018.json: the event and the totals the list stands for.

Deterministic: re-running reproduces the same participants.
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
        if role in ("head", "acting_head"):
            seen_rayon_head.add(unit.rayon_soate)
        team = [role] + (["staff"] if rng.random() < 0.15 else [])
        for r in team:
            if r == "head":
                position = rng.choice(HEAD_POSITIONS[kind][kyrgyz])
            else:
                position = rng.choice(OTHER_POSITIONS[r][kyrgyz])
            female = rng.random() < (0.17 if r in ("head", "acting_head") else 0.45)
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


def write_sheet(rows: list[dict], gaz: gazetteer.Gazetteer, path: Path) -> list[int]:
    """Write the registration sheet; returns each participant's Excel row number."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Катталуу"
    ws.append(["Национальный форум «Роль местного самоуправления в комплексном развитии "
               "регионов Кыргызской Республики»"])
    ws.append(["3 июля 2018 г., г. Бишкек, Парк Отель. Список участников (СИНТЕТИЧЕСКИЕ ДАННЫЕ)"])
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
    heads = lsg[lsg.role.isin(["head", "acting_head"])]
    aa = lsg[lsg.level == "aiyl_aimak"]
    rayon_heads = heads[heads.level.isin(["aiyl_aimak", "city_rayon"])]
    return {
        "participants": len(truth),
        "lsg_participants": len(lsg),
        "guests": int((truth.unit_soate == "").sum()),
        "lsg_bodies_present": lsg.unit_soate.nunique(),
        "aiyl_aimaks_present": aa.unit_soate.nunique(),
        "cities_present": lsg[lsg.level != "aiyl_aimak"].unit_soate.nunique(),
        "rayons_covered": lsg[lsg.level.isin(["aiyl_aimak", "city_rayon"])].rayon_soate.nunique(),
        "bodies_with_head": heads.unit_soate.nunique(),
        "rayons_with_head": rayon_heads.rayon_soate.nunique(),
        "cities_with_head": heads[heads.level != "aiyl_aimak"].unit_soate.nunique(),
        "women_share": round(float((lsg.gender == "ж").mean()), 4),
    }


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
