"""Accuracy of the whole import on every sheet with an answer key: `python -m bench accuracy`.

Run alone for a markdown table: `python -m bench.accuracy_bench`. The sheets are the held-out
fixtures (tests/fixtures/*_answers.csv beside their sheet), the hand-typed held-out rows and the
demo. Figures go into issue notes; thresholds are asserted by tests only after tuning.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import accuracy


def run() -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        sheets = {"held_out_messy_rows": accuracy.held_out_rows_sheet(Path(tmp)),
                  **accuracy.keyed_sheets()}
        for name, (sheet, answers) in sheets.items():
            results[name] = accuracy.score(sheet, answers)
    return results


if __name__ == "__main__":
    print(accuracy.markdown(run()))
