"""How right the whole import is on sheets with answer keys: `score(sheet, answers) -> dict`.

Why through `pipeline.match_file`: a sheet is only as well read as its weakest step. A column
the reader misses loses every row as silently as a matcher that knows no names, so the score
starts from the file, the way an analyst's upload does. Importable, so tests can reuse it.

An answer key has `source_row` and `expected`: a 14-digit SOATE of an LSG body, `not_lsg`, or
`review` (a confident answer would be a guess). The demo's truth file (`unit_soate`, empty for
guests) is read as a key too.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd

from forumreach import gazetteer, pasted_list, pipeline, schema
from forumreach.ingest import IngestError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
# schema.CONFIDENT is the one home of the confident statuses; older commits had none.
CONFIDENT = tuple(getattr(schema, "CONFIDENT", ("exact", "fuzzy")))
NOT_LSG, REVIEW = "not_lsg", "review"
# A row that only carries on the line above in a pasted list is keyed as the reader skips it.
CONTINUES = pasted_list.CONTINUES


def load_answers(path: Path) -> pd.DataFrame:
    """source_row, expected, family, duplicate_of, from a key or from the demo's truth file."""
    key = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "expected" not in key and "unit_soate" in key:
        key["expected"] = key.unit_soate.where(key.unit_soate != "", NOT_LSG)
    for column in ("family", "duplicate_of"):
        if column not in key:
            key[column] = ""
    key["source_row"] = key.source_row.astype(int)
    return key[["source_row", "expected", "family", "duplicate_of"]]


def score(sheet_path: Path | str, answers_path: Path | str) -> dict:
    """Per sheet: auto share, wrong confident answers, guests recognised, review kept open."""
    key = load_answers(Path(answers_path))
    is_soate = key.expected.str.fullmatch(r"\d{14}")
    result = {
        "rows": len(key),
        "answerable": int(is_soate.sum()),
        "not_lsg_rows": int((key.expected == NOT_LSG).sum()),
        "review_rows": int((key.expected == REVIEW).sum()),
    }
    try:
        matched = pipeline.match_file(Path(sheet_path))
    except IngestError as error:
        return {**result, "refused": str(error), "auto": 0, "auto_share": 0.0, "wrong": 0,
                "not_lsg_recognised": 0.0 if result["not_lsg_rows"] else None,
                "review_left_open": None, "rows_read": 0, "empty_organisation": None}
    got = matched.participants.set_index("source_row")
    rows = key.join(got[["unit_soate", "match_status"]], on="source_row")
    joined = {number for number, why in matched.sheet.skipped if why == CONTINUES}
    rows.loc[rows.source_row.isin(joined), "match_status"] = "joined"
    rows["match_status"] = rows.match_status.fillna("missing")
    rows["unit_soate"] = rows.unit_soate.fillna("")
    confident = rows.match_status.isin(CONFIDENT)
    right = confident & is_soate & (rows.unit_soate == rows.expected)
    wrong = confident & ~right
    guests = rows.expected == NOT_LSG
    review = rows.expected == REVIEW
    families = {}
    for family, group in rows[is_soate].groupby("family"):
        families[family or "-"] = f"{int(right[group.index].sum())}/{len(group)}"
    return {
        **result,
        "refused": "",
        "rows_read": int(len(got)),
        "rows_missing": int((rows.match_status == "missing").sum()),
        # A column the reader missed shows here first: rows read with no organisation where the
        # key names a body or a guest (a row keyed `review` may really have an empty cell).
        "empty_organisation": _empty_organisation(got, key),
        "auto": int(right.sum()),
        "auto_share": _share(right.sum(), is_soate.sum()) or 0.0,
        "wrong": int(wrong.sum()),
        "wrong_rows": [f"{r.source_row}: {r.unit_soate} not {r.expected}"
                       for r in rows[wrong].itertuples()][:10],
        "lsg_called_not_lsg": int((is_soate & (rows.match_status == NOT_LSG)).sum()),
        "not_lsg_recognised": _share((guests & (rows.match_status == NOT_LSG)).sum(),
                                     guests.sum()),
        "review_left_open": _share((review & ~confident).sum(), review.sum()),
        # Wrapped lines joined to the line above, of those the key says continue it.
        "continuations_joined": _share(((rows.expected == CONTINUES)
                                        & (rows.match_status == "joined")).sum(),
                                       (rows.expected == CONTINUES).sum()),
        "statuses": dict(Counter(rows.match_status)),
        "families": families,
    }


def _empty_organisation(got: pd.DataFrame, key: pd.DataFrame) -> int:
    empty = set(got.index[got.organisation.str.strip() == ""])
    answered = set(key.source_row[key.expected != REVIEW])
    return len(empty & answered)


def _share(part: int, whole: int) -> float | None:
    """None when there is nothing to divide: an unknown share, not 0."""
    return round(float(part) / float(whole), 4) if whole else None


def held_out_rows_sheet(folder: Path) -> tuple[Path, Path]:
    """The hand-typed held-out rows (organisation/rayon/oblast, answers by official name) as an
    ordinary registration sheet and key, so they are scored through the same reader."""
    gaz = gazetteer.load("2018")
    units = gaz.units
    held = pd.read_csv(FIXTURES / "held_out_messy_rows_with_answers.csv", dtype=str,
                       keep_default_na=False)
    expected = []
    for r in held.itertuples():
        if r.expected_unit in (NOT_LSG, REVIEW):
            expected.append(r.expected_unit)
            continue
        want = units[units.name_ru == r.expected_unit]
        if r.expected_rayon:
            rayon = units[units.name_ru == r.expected_rayon].soate
            want = want[want.rayon_soate.isin(rayon)]
        expected.append(want.soate.iat[0] if len(want) == 1 else REVIEW)
    sheet = folder / "held_out_messy_rows.csv"
    pd.DataFrame({
        "№": range(1, len(held) + 1),
        "ФИО": [f"Участник {i}" for i in range(1, len(held) + 1)],
        "Должность": held.position, "Орган МСУ": held.organisation,
        "Район": held.rayon, "Область": held.oblast,
    }).to_csv(sheet, index=False, sep=";", encoding="utf-8-sig")
    answers = folder / "held_out_messy_rows_answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["source_row", "expected", "family"])
        for i, (want, family) in enumerate(zip(expected, held.family, strict=True)):
            out.writerow([i + 2, want, family])  # line 1 is the header
    return sheet, answers


def keyed_sheets() -> dict[str, tuple[Path, Path]]:
    """Every fixture sheet with a `<stem>_answers.csv` beside it, and the demo."""
    found = {}
    for answers in sorted(FIXTURES.glob("*_answers.csv")):
        stem = answers.name.removesuffix("_answers.csv")
        for suffix in SHEET_SUFFIXES:
            if (FIXTURES / f"{stem}{suffix}").exists():
                found[stem] = (FIXTURES / f"{stem}{suffix}", answers)
    demo = ROOT / "data" / "demo"
    found["demo_forum_2018_registration"] = (demo / "forum_2018_registration.xlsx",
                                             demo / "forum_2018_truth.csv")
    return found


COLUMNS = ("rows", "answerable", "auto_share", "wrong", "not_lsg_recognised", "review_left_open",
           "empty_organisation", "refused")


def markdown(results: dict[str, dict]) -> str:
    """One line per sheet, for issue notes and reports."""
    lines = ["| sheet | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for name, r in results.items():
        cells = ["—" if r.get(c) is None else str(r.get(c, "")) for c in COLUMNS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
