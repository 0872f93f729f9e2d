import pytest

from forumreach import names


@pytest.mark.parametrize(
    ("adjective", "nominative"),
    [("Ак-Булунский", "Ак-Булун"), ("Кара-Сууский", "Кара-Суу"), ("Ак-Суйский", "Ак-Суу"),
     ("Ала-Букинский", "Ала-Бука"), ("Ат-Башынский", "Ат-Башы"), ("Кум-Бельский", "Кум-Бель")],
)
def test_adjective_stems_include_the_nominative_place_name(adjective, nominative):
    assert nominative in names.adjective_stems(adjective)


@pytest.mark.parametrize(
    ("russian", "kyrgyz"),
    [("Джаны-Джер", "Жаңы-Жер"), ("Кок-Джар", "Көк-Жар"), ("Кюн-Чыгыш", "Күн-Чыгыш"),
     ("Кум-Бель", "Кум-Бел"), ("Чон-Таш", "Чоң-Таш"), ("Сузак", "Сузак")],
)
def test_kyrgyz_spelling_applies_only_safe_rules(russian, kyrgyz):
    assert names.kyrgyz_spelling(russian) == kyrgyz


@pytest.mark.parametrize(
    ("kyrgyz", "latin"),
    [("Жаңы-Жер", "Jangy-Jer"), ("Өзгөн", "Ozgon"), ("Чүй", "Chui"), ("Ысык-Ата", "Ysyk-Ata"),
     ("Ерке-Сай", "Yerke-Sai")],
)
def test_latin_follows_the_documented_transliteration(kyrgyz, latin):
    assert names.to_latin(kyrgyz) == latin


@pytest.mark.parametrize(
    "typed",
    ["Ак-Булунский а/о", "АО Ак-Булун", "айыл окмоту Ак-Булун", "Ак-Булуң айыл аймагы",
     "Ак-Булун А/Ө", "Ak-Bulun aiyl okmotu", "ак булун", "Ак-Булунский айылный аймак"],
)
def test_every_written_form_of_a_body_shares_a_key(typed):
    assert names.skeleton("Ак-Булун") in names.name_keys(typed)


def test_dzh_and_zh_spellings_meet():
    key = names.skeleton("Джаны-Джер")
    assert key == names.skeleton("Жаңы-Жер") == names.skeleton("Zhany-Zher")


def test_letters_lost_in_cp1251_read_as_question_marks_in_both_directions():
    assert names.lost_letter_skeleton("Ак-Булуң") == names.skeleton("Ак-Булу?")
    assert names.lost_letter_skeleton("Көк-Жар") == names.skeleton("К?к-Жар")


@pytest.mark.parametrize(
    ("typed", "proper"),
    [("мэрия г. Каракол", "Каракол"), ("Каракол шаары", "Каракол"),
     ("Ак-Суйский р-н", "Ак-Суйский"), ("Ак-Суу району", "Ак-Суу"),
     ("Ak-Suu district", "Ak-Suu"), ("Чуйская область", "Чуйская")],
)
def test_unit_type_words_are_stripped(typed, proper):
    assert names.strip_unit_type(typed) == proper


def test_every_unit_type_word_starts_with_a_letter_the_quick_look_knows():
    """The type-word search tries a position only against the words its letter starts, so every
    word must start with a lower-case letter (after an optional word edge); typed upper case
    still matches."""
    for pattern in names.UNIT_TYPE_WORDS + names.COUNCIL_WORDS:
        first = pattern.removeprefix(r"\b")[0]
        assert first.isalpha() and first.islower(), pattern
    assert names.strip_unit_type("КЕНЕШ Ак-Суу АЙЫЛ ӨКМӨТҮ") == "Ак-Суу"


@pytest.mark.parametrize(
    ("typed", "read"),
    [("мэpия г. Бaткeн", "мэрия г. Баткен"), ("Ак-Сyу р-ну", "Ак-Суу р-ну"),
     ("Кочкор районy", "Кочкор району"), ("Ак-Чийскoго а/о", "Ак-Чийского а/о"),
     ("Ысык-Атa р.", "Ысык-Ата р."), ("AO Ак-Булун", "АО Ак-Булун"),
     ("Чолпон a/o", "Чолпон а/о"), ("Бакай-Ата p.", "Бакай-Ата р."),
     ("Kочкорский район", "Кочкорский район"), ("Кöл", "Көл")],
)
def test_latin_look_alikes_in_cyrillic_text_are_read_as_cyrillic_keeping_case(typed, read):
    assert names.repair_mixed_script(typed) == read


@pytest.mark.parametrize(
    "text", ["Suzak aiyl okmotu", "GIZ", "UNDP", "GIZ, советник", "Suzak аiyl okmotu",
             "AO Ak-Suu", "Ак-Суу айыл өкмөтү"],
)
def test_latin_words_of_a_latin_text_and_plain_cyrillic_stay_as_typed(text):
    assert names.repair_mixed_script(text) == text


@pytest.mark.parametrize(("typed", "plain"), [
    ("Ынтымак айыл\u200b өкмөтү\u200b", "Ынтымак айыл өкмөтү"),
    ("А/о Жеке\xadнди", "А/о Жекенди"),
    ("Чон\u2013Алайский р\u2013н", "Чон-Алайский р-н"),
    ("Ак\u2011Суйский а/о", "Ак-Суйский а/о"),
    ("Жээнбекова\u202fАйгүл", "Жээнбекова Айгүл"),
    ("0707\xa0347\xa0938", "0707 347 938"),
    ("\ufeffФИО", "ФИО"),
    # A dash between spaces separates parts of a path; it stays.
    ("Баткенская обл. \u2013 Кадамжайский р-н", "Баткенская обл. \u2013 Кадамжайский р-н"),
])
def test_what_word_leaves_in_a_cell_is_taken_out(typed, plain):
    assert names.plain_text(typed) == plain


@pytest.mark.parametrize("text", ["Helvetasтын адиси, Тоголок Молдо а/о", "Swissтин долбоору",
                                  "Projectтин Баткен шаары боюнча адиси"])
def test_a_latin_name_with_a_kyrgyz_ending_stays_latin(text):
    assert names.repair_mixed_script(text) == text
