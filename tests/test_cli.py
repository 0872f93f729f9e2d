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
