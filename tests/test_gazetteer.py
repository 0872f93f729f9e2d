import json

import pandas as pd
import pytest

from forumreach import gazetteer
from forumreach.gazetteer import GazetteerError


@pytest.mark.parametrize(
    ("level", "count"),
    [("oblast", 7), ("city_republican", 2), ("rayon", 40), ("city_oblast", 13),
     ("city_rayon", 16), ("aiyl_aimak", 453)],
)
def test_2018_vintage_has_the_published_count_of_each_level(gaz, level, count):
    assert (gaz.units.level == level).sum() == count


def test_2018_has_484_lsg_bodies_453_aiyl_okmotu_and_31_mayoralties(gaz):
    assert len(gaz.lsg_bodies) == 484
    assert (gaz.lsg_bodies.level == "aiyl_aimak").sum() == 453
    assert len(gaz.cities) == 31


def test_soate_codes_are_unique_14_digit_strings_with_matching_pcodes(gaz):
    units = gaz.units
    assert units.soate.is_unique
    assert units.soate.str.fullmatch(r"417\d{11}").all()
    assert (units.pcode == "KG" + units.soate.str[3:]).all()


def test_every_unit_sits_in_its_parent_and_its_oblast(gaz):
    units = gaz.units.set_index("soate", drop=False)
    for u in units.itertuples():
        if u.level in ("oblast", "city_republican"):
            assert u.parent_soate == "" and u.oblast_soate == u.soate
            continue
        parent = units.loc[u.parent_soate]
        assert parent.oblast_soate == u.oblast_soate
        assert u.soate[3:5] == u.oblast_soate[3:5]


def test_aiyl_aimaks_and_rayon_cities_belong_to_a_rayon_of_their_oblast(gaz):
    units = gaz.units
    rayons = gaz.rayons.set_index("soate")
    for u in units[units.level.isin(["aiyl_aimak", "city_rayon"])].itertuples():
        assert u.parent_soate == u.rayon_soate
        assert rayons.at[u.rayon_soate, "oblast_soate"] == u.oblast_soate


def test_oblast_cities_are_their_own_map_unit(gaz):
    cities = gaz.level("city_oblast", "city_republican")
    assert (cities.rayon_soate == cities.soate).all()


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_every_lsg_body_rayon_and_oblast_has_a_name_in_each_language(gaz, lang):
    names = gaz.units[f"name_{lang}"]
    assert names.str.strip().ne("").all()
    assert not names.str.contains("\xa0|\u04ca").any()


def test_latin_names_use_latin_letters_only(gaz):
    assert gaz.units.name_en.str.fullmatch(r"[A-Za-z0-9 .'\-()]+").all()


def test_kyrgyz_names_of_aiyl_aimaks_are_marked_as_derived(gaz):
    aa = gaz.level("aiyl_aimak")
    assert aa.names_from.str.startswith("derived:").all()
    assert not gaz.level("rayon", "oblast").names_from.str.startswith("derived").any()


def test_ocha_mistakes_in_latin_names_are_fixed(gaz):
    en = set(gaz.rayons.base_en)
    assert "At-Bashy" in en and "Ak-Bashy" not in en
    assert "Kochkor" in en and "Kochokor" not in en
    assert gaz.name("41702220000000", "ky") == "Тоң району"


@pytest.mark.parametrize(
    ("soate", "base_ru", "base_ky"),
    [
        ("41702205805000", "Ак-Булун", "Ак-Булуң"),  # adjective -> centre village
        ("41704230809000", "Джумгал", "Жумгал"),  # Дж -> Ж in Kyrgyz
        ("41704220812000", "Ат-Башы", "Ат-Башы"),  # -ынский -> -ы
    ],
)
def test_aiyl_aimak_base_is_the_nominative_its_village_confirms(gaz, soate, base_ru, base_ky):
    unit = gaz.units.loc[soate]
    assert unit.base_ru == base_ru
    assert unit.base_ky == base_ky
    assert unit.name_ky == f"{base_ky} айыл аймагы"


def test_same_named_aiyl_aimaks_exist_in_several_rayons(gaz):
    aa = gaz.level("aiyl_aimak")
    repeats = aa.groupby("name_ru").rayon_soate.nunique()
    assert repeats.max() >= 3
    assert (repeats > 1).sum() >= 25


def test_aliases_point_at_existing_units(gaz):
    assert gaz.aliases.soate.isin(gaz.units.soate).all()
    assert len(gaz.aliases) >= 8


def test_a_vintage_whose_counts_differ_from_its_manifest_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "vintages" / "broken"
    folder.mkdir(parents=True)
    units = gazetteer.load("2018").units
    units[units.level != "city_rayon"].to_csv(folder / "units.csv", index=False)
    manifest = json.loads((gazetteer.vintage_dir("2018") / "vintage.json").read_text())
    (folder / "vintage.json").write_text(json.dumps(manifest | {"vintage": "broken"}))
    monkeypatch.setattr(gazetteer, "DATA_DIR", tmp_path)
    with pytest.raises(GazetteerError, match="city_rayon: 0 found, 16 expected"):
        gazetteer.load.__wrapped__("broken")


def test_a_new_vintage_is_loaded_from_data_alone(tmp_path, monkeypatch):
    folder = tmp_path / "vintages" / "2025"
    folder.mkdir(parents=True)
    units = gazetteer.load("2018").units
    small = units[units.level.isin(["oblast", "city_republican"])]
    small.to_csv(folder / "units.csv", index=False)
    (folder / "vintage.json").write_text(json.dumps(
        {"vintage": "2025", "expected_counts": {"oblast": 7, "city_republican": 2},
         "lsg_bodies": 2}))
    monkeypatch.setattr(gazetteer, "DATA_DIR", tmp_path)
    loaded = gazetteer.load.__wrapped__("2025")
    assert loaded.vintage == "2025" and len(loaded.units) == 9
    assert gazetteer.available_vintages() == ["2025"]


def test_units_table_starts_with_the_stable_columns():
    table = gazetteer.units_table("2018")
    assert list(table.columns[:7]) == gazetteer.UNIT_COLUMNS
    assert isinstance(table, pd.DataFrame) and len(table) == 531
