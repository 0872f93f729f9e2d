import io
import subprocess
import sys

import pandas as pd

from forumreach import ROOT


def run_cli(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "forumreach", *args], cwd=ROOT, capture_output=True, text=True,
        check=True,
    )
    return out.stdout


def test_units_csv_has_the_stable_columns_and_every_unit():
    table = pd.read_csv(io.StringIO(run_cli("units", "--format", "csv")), dtype=str)
    assert list(table.columns[:7]) == [
        "soate", "level", "name_ru", "name_ky", "name_en", "rayon_soate", "oblast_soate"
    ]
    assert table.level.value_counts().to_dict() == {
        "aiyl_aimak": 453, "rayon": 40, "city_rayon": 16, "city_oblast": 13, "oblast": 7,
        "city_republican": 2,
    }
    assert table.soate.str.len().eq(14).all()


def coverage_json(capsys, *args: str) -> tuple[int, dict | None, str]:
    """`python -m forumreach coverage …` in-process: exit code, parsed stdout, stderr."""
    import json

    from forumreach import cli

    code = cli.main(["coverage", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else None), err


def test_coverage_json_gives_the_overview_figures_of_the_demo_sheet(capsys):
    from forumreach import coverage, demo, events, gazetteer

    code, figures, _ = coverage_json(capsys, str(demo.registration_sheet()), "--format", "json")
    assert code == 0 and list(figures) == list(coverage.SHEET_FIGURES)
    overview = coverage.headline(events.demo_event().participants, gazetteer.load())
    assert figures == {key: getattr(overview, key) for key in coverage.SHEET_FIGURES}
    assert figures["women_share"] == 0.2155 and figures["rows_unresolved"] == 0


def test_coverage_json_says_null_for_an_unknown_share_of_women_and_counts_duplicates(capsys):
    from tests.conftest import FIXTURES

    code, figures, _ = coverage_json(capsys, str(FIXTURES / "online_form_sent_twice_no_gender.csv"))
    assert code == 0
    assert figures["women_share"] is None and figures["likely_duplicates"] == 3
    assert figures["participants"] == 4


def test_coverage_takes_a_column_mapping(capsys):
    from tests.conftest import FIXTURES

    sheet = str(FIXTURES / "online_form_sent_twice_no_gender.csv")
    code, figures, _ = coverage_json(capsys, sheet, "--map", "phone=Отметка времени")
    assert code == 0 and figures["likely_duplicates"] == 2  # the phones no longer tell


def test_coverage_refuses_bad_input_with_one_error_line_and_exit_2(capsys):
    from tests.conftest import FIXTURES

    for args in ([str(FIXTURES / "not_a_spreadsheet.xlsx")],
                 [str(FIXTURES / "utf8_bom_english_headers.csv"), "--map", "organisation"]):
        code, figures, err = coverage_json(capsys, *args)
        assert code == 2 and figures is None
        assert err.startswith("error: ") and err.count("\n") == 1


def test_coverage_runs_as_a_command():
    import json

    from forumreach import demo

    figures = json.loads(run_cli("coverage", str(demo.registration_sheet()), "--format", "json"))
    assert figures["lsg_bodies_present"] == 99
