"""One rule turns a map's figures into colours, scaled to the data, for every map."""

import inspect
import re

import pandas as pd
import pytest

from forumreach import colours, coverage, events, gazetteer, maps, privacy, svgmap
from forumreach.i18n import Translator


@pytest.fixture(scope="module")
def cov():
    return coverage.summarise(events.demo_event().participants, gazetteer.load("2018"))


def areas(values, aiyl_aimaks=None):
    n = len(values)
    return pd.DataFrame({
        "soate": [f"417{i:011d}" for i in range(n)], "share_present": values,
        "share_aiyl_aimaks": values,
        "bodies_present": values, "aiyl_aimaks_total": aiyl_aimaks or [1] * n,
    })


def test_oblasts_at_14_to_28_percent_do_not_share_one_pale_colour(cov):
    scale = colours.map_colours(cov.oblasts, "share_present", Translator("en"))
    middle = cov.oblasts[cov.oblasts.share_present < 0.5].soate
    assert len({scale.fill(s) for s in middle}) >= 3


def test_classes_are_quantiles_of_the_data_rounded_to_whole_percent():
    values = pd.Series([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    assert colours.class_edges(values, is_share=True) == (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def test_zero_is_its_own_class_and_unknown_is_grey_not_zero():
    table = areas([0.0, 0.5, None, privacy.SUPPRESSED])
    scale = colours.map_colours(table, "share_present", Translator("en"))
    zero, half, unknown, suppressed = table.soate
    assert scale.fill(zero) == colours.ZERO_COLOUR
    assert scale.fill(half) not in (colours.ZERO_COLOUR, colours.NO_DATA_COLOUR)
    assert scale.fill(unknown) == scale.fill(suppressed) == colours.NO_DATA_COLOUR
    assert scale.legend[-1] == colours.LegendEntry(colours.NO_DATA_COLOUR, "No data")


def test_a_share_of_aiyl_aimaks_means_nothing_where_there_are_none():
    table = areas([0.0, 0.3], aiyl_aimaks=[0, 4])
    scale = colours.map_colours(table, "share_aiyl_aimaks", Translator("en"))
    assert scale.classes[table.soate[0]] is None


def test_the_legend_says_the_classes_hold_equal_numbers_of_areas_in_each_language():
    table = areas([0.0, 0.1, 0.25, 0.5, 1.0])
    for lang, note, share in (("en", "about equal numbers of areas", "10%"),
                              ("ru", "примерно поровну территорий", "10\xa0%"),
                              ("ky", "болжол менен бирдей", "10%")):
        scale = colours.map_colours(table, "share_present", Translator(lang))
        assert note in scale.note
        assert scale.legend[1].label == f"≤ {share}"


def test_counts_get_whole_number_classes():
    scale = colours.map_colours(areas([1, 2, 2, 3, 4]), "bodies_present", Translator("en"))
    assert [entry.label for entry in scale.legend] == ["0", "1", "2", "3", "4"]


def test_no_map_module_decides_colours_on_its_own():
    assert "map_colours(" in inspect.getsource(svgmap)
    for module in (maps, svgmap):
        source = inspect.getsource(module)
        assert "sample_colorscale" not in source and "zmax=100" not in source
        assert not re.findall(r"#[0-9a-fA-F]{6}\b", source), module.__name__
