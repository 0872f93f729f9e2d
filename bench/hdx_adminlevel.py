"""The same sheet matched by OCHA's hdx-python-country `AdminLevel`, for `bench match_cli`.

Run by a Python that has hdx-python-country (not a dependency of forumreach: the benchmark points
at it with FORUMREACH_HDX_PYTHON). It does what our `match` command does, end to end: read the
sheet, set up the gazetteer's rayons and LSG bodies (Russian names, parent = rayon), resolve the
rayon cell, then the organisation within it, and write one line per row.

Usage: `python bench/hdx_adminlevel.py UNITS.csv SHEET.csv OUT.csv`
"""

import csv
import sys

from hdx.location.adminlevel import AdminLevel


def admin_level(rows: list[dict], level: int) -> AdminLevel:
    adm = AdminLevel(admin_level=level)
    adm.setup_from_iterable(rows, countryiso3s=["KGZ"])
    return adm


def main(units_path: str, sheet_path: str, out_path: str) -> None:
    with open(units_path, encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    rayon_rows = [{"Location": "KGZ", "P-Code": u["pcode"], "Name": u["name_ru"]}
                  for u in units if u["level"] in ("rayon", "city_republican", "city_oblast")]
    body_rows = [{"Location": "KGZ", "P-Code": u["pcode"], "Name": u["name_ru"],
                  "Parent P-Code": "KG" + u["rayon_soate"][3:]}
                 for u in units if u["is_lsg"] == "True"]
    rayons, bodies = admin_level(rayon_rows, 2), admin_level(body_rows, 3)
    with open(sheet_path, encoding="utf-8-sig") as f, \
            open(out_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["row", "pcode", "exact"])
        for i, row in enumerate(csv.DictReader(f, delimiter=";"), start=2):
            parent = None
            if row.get("Район"):
                parent, _ = rayons.get_pcode("KGZ", row["Район"])
            pcode, exact = bodies.get_pcode("KGZ", row.get("Орган МСУ", ""), parent=parent)
            writer.writerow([i, pcode or "", exact])


if __name__ == "__main__":
    main(*sys.argv[1:4])
