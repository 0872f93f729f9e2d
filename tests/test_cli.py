import io

import pandas as pd

from forumreach import ROOT
from forumreach.schema import CONFIDENT
from tests.conftest import run_cli, run_cli_process


def test_units_csv_has_the_stable_columns_and_every_unit():
    """Also the `units` command's run as its own process (the rest run in this one)."""
    done = run_cli_process("units", "--format", "csv")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout), dtype=str)
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

    done = run_cli_process("coverage", str(demo.registration_sheet()), "--format", "json")
    figures = json.loads(done.stdout)
    assert figures["lsg_bodies_present"] == 99


# --- import and reach ------------------------------------------------------------------------


FIXTURES = ROOT / "tests" / "fixtures"


def cli_in(url: str, *args: str):
    """`python -m forumreach …` on the database at `url`, in this process."""
    return run_cli(*args, db_url=url)


def test_cli_import_then_reach_gives_the_figures_of_the_reach_pages_function(tmp_path):
    import json

    from forumreach import demo, events, gazetteer, reach

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    later = demo.later_event("seminar-osh-2019")
    for sheet, slug, held_on in (
        (demo.registration_sheet(), demo.meta()["slug"], demo.meta()["held_on"]),
        (demo.DEMO_DIR / later["registration_sheet"], later["slug"], later["held_on"]),
    ):
        done = cli_in(url, "import", str(sheet), "--event", slug, "--title", slug,
                      "--held-on", held_on, "--programme", "LSG programme")
        assert done.returncode == 0, done.stderr
    done = run_cli_process("reach", "--programme", "lsg programme", "--format", "json",
                           db_url=url)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)

    gaz = gazetteer.load("2018")
    table, participants = reach.stack([events.demo_event(), events.demo_later_event(
        "seminar-osh-2019")])
    page = reach.as_json(reach.summarise(table, participants, gaz), gaz)
    assert figures == page
    assert figures["events"] == 2 and figures["unique_bodies_reached"] > 99
    assert figures["never_reached"] == 484 - figures["unique_bodies_reached"]


def test_cli_import_saves_unresolved_rows_as_unresolved_and_reach_leaves_them_out(tmp_path):
    import json

    from forumreach import pipeline
    from forumreach.store import Store

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    sheet = FIXTURES / "title_rows_merged_cells_oblast_sections.xlsx"
    done = cli_in(url, "import", str(sheet), "--event", "e", "--title", "E",
                  "--held-on", "2021-01-02")
    assert done.returncode == 0, done.stderr
    store = Store(url)
    saved = store.load_participants(int(store.list_events().id.iloc[0]))
    store.engine.dispose()
    matched = pipeline.match_file(sheet).participants
    assert saved.match_status.tolist() == matched.match_status.tolist()
    assert "review" in set(saved.match_status)
    figures = json.loads(cli_in(url, "reach", "--format", "json").stdout)
    confident = matched[matched.match_status.isin(CONFIDENT)]
    assert figures["unique_bodies_reached"] == confident.unit_soate.nunique()


def test_cli_import_refuses_bad_input_with_one_error_line_exit_2_and_saves_nothing(tmp_path):
    from forumreach.store import Store

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    for args in (
        [str(FIXTURES / "not_a_spreadsheet.xlsx"), "--held-on", "2021-01-02"],
        [str(FIXTURES / "registration.ods"), "--held-on", "2021-02-30"],
        [str(FIXTURES / "registration.ods"), "--held-on", "2021-01-02", "--map", "name"],
    ):
        done = cli_in(url, "import", *args, "--event", "e", "--title", "E")
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("error:") == 1 and done.stderr.startswith("error: ")
    store = Store(url)
    assert store.list_events().empty and store.list_programmes().empty
    store.engine.dispose()


def test_cli_import_of_another_file_under_a_taken_event_slug_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    first = run_cli_process("import", FIXTURES / "registration.ods", "--event", "e",
                            "--title", "E", "--held-on", "2021-01-02", db_url=url)
    again = cli_in(url, "import", str(FIXTURES / "registration.xls"), "--event", "e",
                   "--title", "E", "--held-on", "2021-01-02")
    assert first.returncode == 0 and again.returncode == 2
    assert again.stderr.startswith("error: ")


def test_cli_assigns_and_reassigns_an_event_to_a_programme(tmp_path):
    import json

    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    cli_in(url, "import", str(FIXTURES / "registration.ods"), "--event", "e", "--title", "E",
           "--held-on", "2021-01-02", "--programme", "North")
    assert run_cli_process("programme", "add", "south", "--en", "South", "--ky", "Түштүк",
                           "--donor", "SDC", db_url=url).returncode == 0
    assert cli_in(url, "programme", "assign", "e", "Түштүк").returncode == 0
    south = json.loads(cli_in(url, "reach", "--programme", "South").stdout)
    north = json.loads(cli_in(url, "reach", "--programme", "North").stdout)
    assert south["events"] == 1 and north["events"] == 0
    assert cli_in(url, "programme", "assign", "e", "--none").returncode == 0
    assert json.loads(cli_in(url, "reach", "--programme", "south").stdout)["events"] == 0
    assert cli_in(url, "programme", "assign", "no-such-event", "south").returncode == 2


def test_cli_reach_of_an_unknown_programme_is_an_error(tmp_path):
    done = cli_in(f"sqlite:///{tmp_path / 'cli.sqlite'}", "reach", "--programme", "nothing")
    assert done.returncode == 2 and done.stderr.startswith("error: ")


# --- match: --map and --explain ---------------------------------------------------------------


NO_BODY = FIXTURES / "no_organisation_column_names_positions_phones.csv"
KYRGYZ = FIXTURES / "kyrgyz_only_headers_unlisted_organisation_header.xlsx"
SPLIT_NAMES = FIXTURES / "split_name_columns_surname_given_patronymic.xlsx"


def match_cli(capsys, *args: str) -> tuple[int, str]:
    """`python -m forumreach match …` in-process: exit code and stderr."""
    from forumreach import cli

    code = cli.main(["match", *args])
    return code, capsys.readouterr().err


def test_match_refuses_a_sheet_without_an_organisation_column_with_exit_2(capsys, tmp_path):
    out = tmp_path / "out.csv"
    code, err = match_cli(capsys, str(NO_BODY),
                          "--out", str(out))
    assert code == 2 and not out.exists()
    assert err.startswith("error: ") and err.count("\n") == 1 and "no organisation column" in err


def test_match_reads_the_organisation_column_a_map_names(capsys, tmp_path):
    out = tmp_path / "out.csv"
    code, _ = match_cli(capsys, str(FIXTURES / "utf8_bom_english_headers.csv"), "--out", str(out),
                        "--map", "organisation=Position", "--map", "rayon=District")
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert code == 0
    assert table.organisation.iloc[0] == "Head of aiyl okmotu"  # the Position cell


def test_match_map_with_an_unknown_field_or_header_exits_2_naming_it(capsys, tmp_path):
    sheet, out = str(FIXTURES / "utf8_bom_english_headers.csv"), str(tmp_path / "out.csv")
    code, err = match_cli(capsys, sheet, "--out", out, "--map", "body=Organization")
    assert code == 2 and "unknown fields ['body']" in err and err.count("\n") == 1
    code, err = match_cli(capsys, sheet, "--out", out, "--map", "organisation=Мекеме")
    assert code == 2 and "'Мекеме'" in err and err.count("\n") == 1
    code, err = match_cli(capsys, sheet, "--out", out, "--map", "organisation")
    assert code == 2 and "FIELD=HEADER" in err


def test_match_explain_prints_each_column_with_its_evidence_then_matches(capsys, tmp_path):
    out = tmp_path / "out.csv"
    code, err = match_cli(capsys, str(KYRGYZ),
                          "--explain", "--out", str(out))
    assert code == 0 and out.exists()
    assert ("organisation <- 'Ишкана' (column D): cells: 100% read as LSG bodies, villages or "
            "cities") in err
    assert "name         <- 'Аты-жөнү' (column B): header word 'Аты-жөнү'" in err


def test_match_explain_without_out_stops_after_explaining(capsys, tmp_path):
    code, err = match_cli(capsys, str(NO_BODY),
                          "--explain")
    lines = err.splitlines()
    assert code == 2 and lines[0] == "header: row 1"
    assert "no column for: organisation" in err and lines[-1].startswith("error: ")
    code, _ = match_cli(capsys, str(FIXTURES / "utf8_bom_english_headers.csv"), "--explain")
    assert code == 0


def test_match_map_given_twice_joins_name_columns(capsys, tmp_path):
    out = tmp_path / "out.csv"
    code, err = match_cli(capsys, str(SPLIT_NAMES),
                          "--explain", "--out", str(out), "--map", "name=Фамилия",
                          "--map", "name=Имя")
    assert code == 0
    assert "name         <- 'Фамилия' (column B) + 'Имя' (column C): chosen by hand" in err
