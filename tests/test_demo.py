from forumreach import coverage, demo, gazetteer


def test_demo_coverage_equals_the_totals_the_demo_file_states():
    stated = demo.meta()["totals"]
    computed = coverage.headline(demo.truth(), gazetteer.load(demo.meta()["vintage"]))
    assert {k: computed.as_dict()[k] for k in stated} == stated


def test_demo_is_consistent_with_the_published_account_of_the_forum():
    totals = demo.meta()["totals"]
    assert 90 <= totals["lsg_bodies_present"] <= 110
    assert totals["rayons_covered"] == 40 and totals["rayons_with_head"] == 40
    assert 25 <= totals["cities_present"] < 31
    assert totals["rows_not_lsg"] > 0


def test_demo_is_marked_synthetic():
    meta = demo.meta()
    assert meta["synthetic"] is True and "synthetic" in meta["note"]


def test_demo_truth_names_only_lsg_bodies_of_its_vintage():
    gaz = gazetteer.load("2018")
    lsg = demo.truth().unit_soate
    assert lsg[lsg != ""].isin(gaz.lsg_bodies.soate).all()


def test_the_demo_programme_and_its_donor_are_named_in_ky_ru_and_en():
    """Named per language as event titles are; the Kyrgyz and Russian names are not English."""
    programme = demo.programme()
    for field in ("name", "donor"):
        names = programme[field]
        assert set(names) == {"ky", "ru", "en"} and all(names.values())
        assert names["ky"] != names["en"] and names["ru"] != names["en"]
    assert "Швейцария" in programme["donor"]["ky"] and "Швейцарии" in programme["donor"]["ru"]
