"""The occupation taxonomy: every language's name of an occupation is one occupation, the
longest name in a text wins, and pages name it in their language."""

import pytest

from matching import occupations
from matching.searching import occupation_key

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("typed", "code"), [
    ("welder", "7212"), ("Сварщик", "7212"), ("электрогазосварщик", "7212"),
    ("ширетүүчү", "7212"), ("payvandchi", "7212"), ("пайвандчи", "7212"),
    ("кафшергар", "7212"), ("сварщика", "7212"), ("payvandchilar", "7212"),
    ("cook", "5120"), ("повар", "5120"), ("ашпозчу", "5120"), ("oshpaz", "5120"),
    ("ошпаз", "5120"), ("Повара", "5120"),
    ("truck driver", "8332"), ("водитель грузовика", "8332"), ("fura haydovchisi", "8332"),
    ("водитель автобуса", "8331"), ("водитель погрузчика", "8344"),
    ("водитель такси", "8322.01"), ("taksi haydovchisi", "8322.01"), ("водитель газели", "8322"),
    ("сборщик фруктов", "9211"), ("сборщик", "8219"), ("meva teruvchi", "9211"),
    ("горничная", "9112.01"), ("уборщица", "9112.02"), ("farrosh", "9112.02"),
    ("сиделка", "5322"), ("парастор", "5322"), ("медсестра", "3221"), ("hamshira", "3221"),
    ("gʻisht teruvchi", "7112"), ("g'isht teruvchi", "7112"), ("каменщик", "7112"),
    ("5120", "5120"), ("isco:9112.01", "9112.01"),
])
def test_every_name_of_an_occupation_is_one_key(typed, code):
    assert occupation_key(typed) == "isco:" + code


@pytest.mark.parametrize(("typed", "code"), [
    ("опалубщик", "7115.01"), ("плотника-опалубщика", "7115.01"), ("опалубкачы", "7115.01"),
    ("арматурщик", "7214"), ("armaturachi", "7214"), ("арматурачӣ", "7214"),
    ("монтажник металлоконструкций", "7214.01"), ("стропальщик", "7215"),
    ("строитель", "7111"), ("quruvchi", "7111"), ("бинокор", "7111"),
    ("монтажник лесов", "7119"), ("scaffolder", "7119"), ("промальпинист", "7119.01"),
    ("гипсокартонщик", "7123.01"), ("gipsokartonchi", "7123.01"), ("стекольщик", "7125"),
    ("изолировщик", "7124"), ("паркетчик", "7122.01"), ("жестянщик", "7213"),
    ("tunukasoz", "7213"), ("грузчик", "9333.01"), ("yukchi", "9333.01"),
    ("ҳаммол", "9333.01"), ("посудомойщица", "9412.01"), ("зарфшӯй", "9412.01"),
    ("idish yuvuvchi", "9412.01"), ("шиномонтажник", "7231.01"), ("кондитер", "7512.01"),
    ("закройщик", "7532"), ("bichuvchi", "7532"), ("санитарка", "5321"),
    ("nursing assistant", "5321"), ("чабан", "6121"), ("choʻpon", "6121"), ("чӯпон", "6121"),
    ("птичница", "9212.01"), ("матрос", "8350"), ("матрос-рыбообработчик", "7511.02"),
    ("монтёр пути", "9312.01"), ("монтер пути", "9312.01"), ("водитель маршрутки", "8331"),
    ("avtobus shofyori", "8331"), ("yengil mashina haydovchisi", "8322"),
    ("контролёр ОТК", "7543"),
    ("оператор станков ЧПУ", "7223"), ("оператор станка", "8189"), ("мастер маникюра", "5142.01"),
    ("администратор гостиницы", "4224"), ("dasturchi", "2512"), ("тарҷумон", "2643"),
    ("жыгач устасы", "7115"), ("yoʻl qurilishi ishchisi", "9312"), ("molyar", "7131"),
])
def test_the_trades_migrants_are_hired_for_by_their_own_names(typed, code):
    assert occupation_key(typed) == "isco:" + code


@pytest.mark.parametrize("typed", ["монтажник", "оператор", "мастер", "рабочий", "портье",
                                   "көк", "водитель"])
def test_a_word_that_would_name_many_trades_names_none(typed):
    assert occupations.find_occupation(typed) is None


DRIVERS = ["8322", "8322.01", "8332", "8331", "8344"]  # car or van, taxi, lorry, bus, forklift


@pytest.mark.parametrize("typed", ["водитель", "Водители", "водителем", "шофёр", "driver",
                                   "айдоочулар", "haydovchi", "Haydovchilar", "ҳайдовчи",
                                   "ронанда", "ронандагон"])
def test_a_word_every_driver_is_called_names_each_kind_of_driver_and_files_under_none(
        typed):
    """`водитель` is said of a lorry's driver as of a taxi's: filed under one of them, a
    lorry job would be shown as a taxi driver's."""
    assert [o.code for o in occupations.occupations_named(typed)] == DRIVERS
    assert [[o.code for o in c] for c in occupations.choices_named(typed)] == [DRIVERS]
    assert occupations.occupation_of(typed) is None
    assert occupation_key(typed) == typed.lower()


def test_a_trade_named_beside_a_family_word_is_that_trade():
    assert [o.code for o in occupations.occupations_named("водитель такси")] == ["8322.01"]
    assert [o.code for o in occupations.occupations_named("водитель категории C")] == ["8332"]
    assert occupations.words_besides("водитель в Москве") == "в Москве"


def test_every_name_of_a_family_names_the_family():
    for family in occupations.FAMILIES:
        for names in family.names.values():
            for name in names:
                assert occupations.occupations_named(name) == list(family.members), name
                assert occupations.family_of(name) == family, name
        for language in occupations.LANGUAGES:
            assert family.name(language).strip(), language


def test_an_occupation_the_taxonomy_does_not_know_is_kept_as_written():
    assert occupation_key("  Astronaut ") == "astronaut"
    assert occupations.find_occupation("astronaut") is None


@pytest.mark.parametrize(("text", "codes"), [
    ("сварщик на стройку в Москве", ["7212"]),
    ("ищу работу водителем погрузчика", ["8344"]),
    ("cook or waiter in Dubai", ["5120", "5131"]),
    ("работа в Москве", []),
    ("xyzzy", []),
    # Beyond the trades migrants are hired for, every ISCO-08 unit group people name.
    ("стоматолог", ["2261"]),
    ("architect", ["2161"]),
    ("dasturchi kerak", ["2512"]),
    # Words that fold onto a name's skeleton are no name: "drive" is not a drywaller.
    ("drive a lorry in Kazakhstan", []),
])
def test_the_occupations_a_query_names(text, codes):
    assert [o.code for o in occupations.occupations_named(text)] == codes


@pytest.mark.parametrize(("text", "besides"), [
    ("сварщик в Москве", "в Москве"),
    ("welder Moscow", "Moscow"),
    ("водителем погрузчика Нива", "Нива"),
    ("payvandchilar kerak", "kerak"),
    ("cook or waiter in Dubai", "or in Dubai"),
    ("работа в Москве", "работа в Москве"),
    ("сварщик", ""),
])
def test_the_words_a_query_types_beside_its_occupations(text, besides):
    assert occupations.words_besides(text) == besides


def test_the_trades_of_one_unit_group_are_kin():
    formwork, carpenter = occupations.by_code("7115.01"), occupations.by_code("7115")
    concrete = occupations.by_code("7114")
    # Its own unit group's trades first, then those of the related ones.
    assert occupations.kin([formwork]) == [carpenter, concrete]
    assert occupations.kin([carpenter]) == [formwork, concrete]
    assert occupations.kin([occupations.by_code("7212")]) == []


@pytest.mark.parametrize("typed", [
    "look after sick people in hospital",  # `after` is one letter from `actor`
    "работа в Москве",
    "вахтой",  # an ending, not `вахтёр` misspelt
    "бекер жумуш",  # Kyrgyz in Cyrillic, not the English `baker`
])
def test_a_word_among_others_is_not_read_as_a_misspelt_name(typed):
    assert occupations.occupations_named(typed) == []


def test_a_builder_takes_the_building_trades_but_a_bricklayer_not_the_builders():
    builder = [o.code for o in occupations.kin(occupations.occupations_named("строитель"))]
    # The labourers it is related to first (they stand in when no builder's job is open).
    assert builder[:2] == ["9313", "9312"]
    assert {"7112", "7114", "7123", "7115.01"} <= set(builder)
    assert "7411" not in builder  # an electrician's is a trade of its own
    bricklayer = [o.code for o in occupations.kin(occupations.occupations_named("каменщик"))]
    assert "7111" not in bricklayer and "7123" not in bricklayer


@pytest.mark.parametrize(("typed", "code"), [("ombor", "9333"), ("omborxona", "9333"),
                                            ("сохтмон", "7111")])
def test_a_place_of_work_said_alone_in_uzbek_or_tajik_names_its_trade(typed, code):
    """«ombor» (a warehouse) and «сохтмон» (construction) typed alone found nothing."""
    assert [o.code for o in occupations.occupations_named(typed)] == [code]


def test_a_factory_worker_is_kin_to_the_assembler_after_the_own_group():
    kin = [o.code for o in occupations.kin([occupations.by_code("9329")])]
    assert kin[0] == "8219"  # `коргари завод` finds the assembly line when no factory
    warehouse = [o.code for o in occupations.kin([occupations.by_code("9333")])]
    assert warehouse[0] == "9333.01"  # its own unit group's loaders before the packers
    assert "9321" in warehouse and "7212" not in warehouse


def test_an_agency_occupation_field_with_more_words_still_maps():
    assert occupations.occupation_of("Сварщик НАКС 5 разряда").code == "7212"


def test_no_name_stands_for_two_occupations():
    for words, found in occupations._index().items():
        assert len(found) == 1, (words, [o.code for o in found])


def test_each_occupation_has_its_own_code_and_its_own_name_on_every_page():
    codes = [o.code for o in occupations.OCCUPATIONS]
    assert len(codes) == len(set(codes))
    for language in occupations.LANGUAGES:
        shown = [o.name(language) for o in occupations.OCCUPATIONS]
        assert len(shown) == len(set(shown)), language


def test_every_occupation_has_a_name_in_every_page_language_and_an_isco_code():
    for occupation in occupations.OCCUPATIONS:
        assert occupations.is_code(occupation.code)
        for language in occupations.LANGUAGES:
            assert occupation.name(language).strip(), (occupation.code, language)


@pytest.mark.parametrize(("text", "language", "shown"), [
    ("повар", "en", "cook"), ("cook", "ru", "повар"), ("cook", "uz", "oshpaz"),
    ("cook", "ky", "ашпозчу"), ("cook", "tg", "ошпаз"), ("astronaut", "ru", "astronaut"),
    # A family's word, as a migrant's profile may hold it: its name in the page's
    # language, else its trades'.
    ("driver", "ru", "водитель"), ("Driver", "uz", "haydovchi"), ("водитель", "tg", "ронанда"),
    ("housekeeper", "ru", "горничная / домработница"),
])
def test_pages_name_an_occupation_in_their_language(text, language, shown):
    assert occupations.occupation_name(text, language) == shown


@pytest.mark.parametrize(("typed", "code"), [
    ("ширетүүчүлөр керек", "7212"),  # Kyrgyz: welders wanted
    ("такси айдоочулар", "8322.01"),  # Kyrgyz: taxi drivers
    ("кафшергарҳо", "7212"),  # Tajik: welders
    ("кафшергарон", "7212"),
    ("дӯзандагон лозим", "8153"),  # Tajik: sewing machine operators wanted
    ("хлебопек", "7512"),  # Russian typed with е for ё
    # With a case or possessive ending, or without the possessive the name has:
    ("ширетүүчүлөргө", "7212"),  # Kyrgyz: to the welders
    ("qurilishda ishchi", "7111"),  # Uzbek: a worker on a building site
    ("заводго жумушчу", "9329"),  # Kyrgyz: a worker for a factory
    ("жол курулушунда жумуш", "9312"),  # Kyrgyz: work in road building, not building
    ("кафшергарро", "7212"),  # Tajik: the welder (as an object)
    ("ошпазҳо", "5120"),  # Tajik: cooks (-ҳо after з is not the letter ж)
    ("коргарҳои сохтмон", "7111"), ("ронандагони автобус", "8331"),  # plural + izafat
    ("farroshlik", "9112.02"),  # Uzbek: the work of a cleaner
    ("ширетүүчүлүккө", "7212"), ("payvandchilikka", "7212"),  # for welding work
    ("qadoqlash", "9321"),  # Uzbek: packing, for the packer
    ("qorovullar", "5414"),  # Uzbek: guards (the skeleton writes the ll once)
    ("zavodda ish", "9329"), ("заводдо иштөө", "9329"), ("кор дар завод", "9329"),  # work at
    ("сантехнк", "7126"), ("clener", "9112.02"), ("медсесра в Москве", "3221"),  # misspelt
    ("официанттар", "5131"), ("дыйканчылык", "9213"), ("сварщикмин", "7212"),  # Kyrgyz
    ("балык заводунда иштөө", "7511.02"),  # work at a fish plant, its name in the genitive
    ("Сургутта курьер", "9621"),  # a place keeps its case ending: no surgeon
])
def test_a_plural_or_a_spelling_names_its_occupation(typed, code):
    assert [o.code for o in occupations.occupations_named(typed)] == [code]


@pytest.mark.parametrize(("typed", "code"), [
    ("ширетүү иши", "7212"),  # Kyrgyz: welding work
    ("дӯзандагӣ лозим", "8153"),  # Tajik: sewing wanted
    ("кор дар полиз", "6111"),  # Tajik: work in a melon field
])
def test_a_trade_said_in_words_the_table_does_not_hold_is_guessed(typed, code):
    assert occupations.occupations_named(typed) == []
    guessed, telling = occupations.occupations_guessed(typed, most=1)
    assert [o.code for o in guessed] == [code]
    assert telling and all(word in typed for word in telling)


@pytest.mark.parametrize("typed", [
    "работа в Москве", "жумуш керек", "ish kerak Moskvada", "кор лозим",
    "production", "медсесра",  # English and Russian words are the model's to read
    "kafsh",  # too short to stand for `kafshergar` or `kafshduz`
    "Qozonda ish",  # in Kazan, not the boiler room's cauldron (`qozonxona`)
])
def test_words_that_tell_no_trade_guess_none(typed):
    assert occupations.occupations_guessed(typed) == ([], ())



def test_the_tajik_word_for_a_cook_is_a_cook() -> None:
    from matching.occupations import occupation_for

    found = occupation_for("пазанда")
    assert found is not None and found.code == "5120"
