"""Column widths that keep a table's every column on screen (pages/_fit.py)."""

import pandas as pd
import streamlit as st

from pages import _fit as fit


def test_a_table_that_fits_keeps_each_column_as_wide_as_its_heading_and_values():
    frame = pd.DataFrame({"Name": ["Alai rayon"], "Bodies": [2]})
    assert fit.widths(frame) == {"Name": fit.text_px("Alai rayon"), "Bodies": fit.text_px("Bodies")}


def test_long_headings_are_cut_before_any_value_and_keep_their_whole_text_as_help():
    frame = pd.DataFrame({"Область": ["Джалал-Абадская область"], "Название": ["Сузакский район"],
                          "Отсутствовавшие айыл аймаки": [16], "Всего айыл аймаков": [19],
                          "Доля представленных айыл аймаков": ["21,6 %"]})
    widths = fit.widths(frame)
    assert sum(widths.values()) <= fit.TABLE_PX
    assert widths["Область"] == fit.text_px("Джалал-Абадская область")
    assert widths["Название"] >= fit.text_px("Сузакский район")
    assert widths["Доля представленных айыл аймаков"] < fit.text_px(
        "Доля представленных айыл аймаков")
    config = fit.config_for(frame, {"Доля представленных айыл аймаков":
                                    st.column_config.TextColumn(alignment="right")})
    share = config["Доля представленных айыл аймаков"]
    assert share["alignment"] == "right" and share["help"] == "Доля представленных айыл аймаков"
    assert "help" not in config["Область"] or not config["Область"]["help"]


def test_long_values_are_cut_last_and_no_column_gets_narrower_than_the_least():
    frame = pd.DataFrame({"Row": [128], "Organisation": ["Глава\nСары-Булакский а/о " * 4],
                          "Reason": ["4 bodies have this name: the rayon is needed " * 2],
                          "Match": ["To review"]})
    widths = fit.widths(frame)
    assert sum(widths.values()) <= fit.TABLE_PX
    assert min(widths.values()) >= fit.MIN_PX
    assert widths["Match"] == fit.text_px("To review")


def test_a_link_column_is_as_wide_as_the_words_it_shows_not_its_address():
    frame = pd.DataFrame({"History": ["reach?body=41702205812000&lang=ru"]})
    config = fit.config_for(frame, {"History": st.column_config.LinkColumn(
        "History", display_text="Events")})
    assert config["History"]["width"] == fit.text_px("History")
    assert config["History"]["type_config"]["display_text"] == "Events"
