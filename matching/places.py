"""The gazetteer: cities of the destination countries with their names in the languages
Vetted's users read, so that `Москва`, `Moskva` and `Moscow` are one city in a filter and
each page names a city in its own language.

Pure data and lookups, no I/O. A city not in the gazetteer still works everywhere: its
key is its transliteration and pages show it as the agency typed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from core.text import has_cyrillic, spelling_words, transliterate

LANGUAGES = ("en", "ru", "ky", "uz", "tg")


@dataclass(frozen=True)
class Place:
    key: str
    country: str
    names: dict[str, str]
    variants: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        """The city's name in a page language; Kyrgyz and Tajik pages fall back to the
        Russian name (the one their readers see on signs and tickets), others to English."""
        if language in self.names:
            return self.names[language]
        return self.names["ru"] if language in ("ky", "tg") else self.names["en"]


# country | English | Russian | Kyrgyz | Uzbek (Latin) | Tajik | other spellings people type
# (Lines run long: one city a line reads better than wrapped names.)
# A Kyrgyz or Tajik column left as "=" repeats the Russian name, which is how those
# languages write most cities of Russia.
_TABLE = """
RU|Moscow|Москва|Москва|Moskva|Маскав|Moskva,Moskau,Msk,Мск
RU|Saint Petersburg|Санкт-Петербург|Санкт-Петербург|Sankt-Peterburg|=|St Petersburg,St. Petersburg,Petersburg,Peterburg,Piter,SPb,СПб,Питер,Петербург,Leningrad
RU|Kazan|Казань|Казань|Qozon|Қазон|Qazon
RU|Novosibirsk|Новосибирск|=|Novosibirsk|=|Novosib
RU|Yekaterinburg|Екатеринбург|=|Yekaterinburg|=|Ekaterinburg,Ekb,Екб
RU|Krasnodar|Краснодар|=|Krasnodar|=|
RU|Tyumen|Тюмень|=|Tyumen|Тюмен|
RU|Surgut|Сургут|=|Surgut|=|
RU|Nizhny Novgorod|Нижний Новгород|=|Nijniy Novgorod|=|Nizhniy Novgorod,Nizhni Novgorod,N. Novgorod,Н. Новгород
RU|Rostov-on-Don|Ростов-на-Дону|=|Rostov-na-Donu|=|Rostov,Ростов,Rostov na Donu
RU|Vladivostok|Владивосток|=|Vladivostok|=|
RU|Chelyabinsk|Челябинск|=|Chelyabinsk|=|
RU|Samara|Самара|=|Samara|=|
RU|Omsk|Омск|=|Omsk|=|
RU|Ufa|Уфа|=|Ufa|=|
RU|Perm|Пермь|=|Perm|Перм|
RU|Voronezh|Воронеж|=|Voronej|=|
RU|Volgograd|Волгоград|=|Volgograd|=|
RU|Krasnoyarsk|Красноярск|=|Krasnoyarsk|=|
RU|Irkutsk|Иркутск|=|Irkutsk|=|
RU|Yakutsk|Якутск|=|Yakutsk|=|
RU|Kaliningrad|Калининград|=|Kaliningrad|=|
RU|Sochi|Сочи|=|Sochi|=|
RU|Khabarovsk|Хабаровск|=|Xabarovsk|=|Habarovsk
RU|Tomsk|Томск|=|Tomsk|=|
RU|Murmansk|Мурманск|=|Murmansk|=|
RU|Saratov|Саратов|=|Saratov|=|
RU|Tula|Тула|=|Tula|=|
RU|Kaluga|Калуга|=|Kaluga|=|
RU|Podolsk|Подольск|=|Podolsk|=|
RU|Balashikha|Балашиха|=|Balashixa|=|Balashiha
RU|Khimki|Химки|=|Ximki|=|Himki
RU|Novy Urengoy|Новый Уренгой|=|Noviy Urengoy|=|Novyy Urengoy,Urengoy
RU|Nizhnevartovsk|Нижневартовск|=|Nijnevartovsk|=|
RU|Orenburg|Оренбург|=|Orenburg|=|
RU|Astrakhan|Астрахань|=|Astraxan|Астрахан|Astrahan
RU|Lipetsk|Липецк|=|Lipetsk|=|
RU|Ivanovo|Иваново|=|Ivanovo|=|
RU|Yaroslavl|Ярославль|=|Yaroslavl|Ярославл|
RU|Tver|Тверь|=|Tver|Твер|
RU|Ryazan|Рязань|=|Ryazan|Рязан|
RU|Vladimir|Владимир|=|Vladimir|=|
RU|Belgorod|Белгород|=|Belgorod|=|
RU|Kursk|Курск|=|Kursk|=|
RU|Bryansk|Брянск|=|Bryansk|=|
RU|Smolensk|Смоленск|=|Smolensk|=|
RU|Penza|Пенза|=|Penza|=|
RU|Ulyanovsk|Ульяновск|=|Ulyanovsk|Уляновск|
RU|Izhevsk|Ижевск|=|Ijevsk|=|Izhevsk
RU|Kirov|Киров|=|Kirov|=|
RU|Cheboksary|Чебоксары|=|Cheboksari|=|
RU|Naberezhnye Chelny|Набережные Челны|=|Naberejniye Chelni|=|Naberezhnye Chelni,Chelny,Челны
RU|Tolyatti|Тольятти|=|Tolyatti|Толятти|Togliatti
RU|Barnaul|Барнаул|=|Barnaul|=|
RU|Kemerovo|Кемерово|=|Kemerovo|=|
RU|Novokuznetsk|Новокузнецк|=|Novokuznetsk|=|
RU|Magnitogorsk|Магнитогорск|=|Magnitogorsk|=|
RU|Stavropol|Ставрополь|=|Stavropol|Ставропол|
RU|Makhachkala|Махачкала|=|Maxachkala|=|Mahachkala
KZ|Almaty|Алматы|Алматы|Olmaota|=|Alma-Ata,Алма-Ата,Almaata,Олмаато,Алмаато,Олмаота
KZ|Astana|Астана|Астана|Ostona|=|Nur-Sultan,Нур-Султан,Akmola,Tselinograd
KZ|Shymkent|Шымкент|Шымкент|Chimkent|=|Чимкент
KZ|Karaganda|Караганда|Караганды|Qaragʻanda|=|Qaraghandy,Karagandy,Караганды
KZ|Aktobe|Актобе|Актөбө|Aqtoʻbe|=|Aktyubinsk,Актюбинск
KZ|Atyrau|Атырау|Атырау|Atirau|=|Guryev
KZ|Aktau|Актау|Актау|Oqtov|=|Aqtau
KZ|Pavlodar|Павлодар|=|Pavlodar|=|
KZ|Taraz|Тараз|Тараз|Taroz|=|Zhambyl,Dzhambul,Джамбул
KZ|Turkistan|Туркестан|Түркстан|Turkiston|=|Turkestan
KZ|Kyzylorda|Кызылорда|Кызылорда|Qiziloʻrda|=|Qyzylorda
KZ|Oskemen|Усть-Каменогорск|Өскөмөн|Oʻskemen|=|Ust-Kamenogorsk,Öskemen
KZ|Semey|Семей|Семей|Semey|=|Semipalatinsk,Семипалатинск
KZ|Kostanay|Костанай|Костанай|Qoʻstanay|=|Qostanay
KZ|Oral|Уральск|Орал|Oral|=|Uralsk
TR|Istanbul|Стамбул|Стамбул|Istanbul|Истанбул|İstanbul
TR|Antalya|Анталья|Анталия|Antaliya|=|Анталия
TR|Ankara|Анкара|Анкара|Anqara|=|
TR|Izmir|Измир|Измир|Izmir|=|İzmir
TR|Bursa|Бурса|Бурса|Bursa|=|
AE|Dubai|Дубай|Дубай|Dubay|Дубай|Dubayy,Дубаи
AE|Abu Dhabi|Абу-Даби|Абу-Даби|Abu-Dabi|=|Abudabi,Abu Dabi
AE|Sharjah|Шарджа|=|Shorja|=|Sharja,Shardzha
AE|Ajman|Аджман|=|Ajmon|=|Adzhman
KR|Seoul|Сеул|Сеул|Seul|=|Soul
KR|Busan|Пусан|Пусан|Pusan|=|Pusan,Пусан
KR|Incheon|Инчхон|=|Inchxon|=|Inchon
KR|Daegu|Тэгу|=|Tegu|=|Taegu
KR|Ulsan|Ульсан|=|Ulsan|=|
KR|Geoje|Кодже|=|Kodje|=|Koje
KR|Gwangju|Кванджу|=|Kvanju|=|Kwangju
PL|Warsaw|Варшава|=|Varshava|=|Warszawa
PL|Krakow|Краков|=|Krakov|=|Kraków,Cracow
PL|Wroclaw|Вроцлав|=|Vrotslav|=|Wrocław
PL|Gdansk|Гданьск|=|Gdansk|=|Gdańsk
PL|Poznan|Познань|=|Poznan|=|Poznań
PL|Lodz|Лодзь|=|Lodz|=|Łódź
LT|Vilnius|Вильнюс|=|Vilnyus|=|
LT|Kaunas|Каунас|=|Kaunas|=|
DE|Berlin|Берлин|=|Berlin|=|
DE|Munich|Мюнхен|=|Myunxen|=|München,Muenchen
DE|Hamburg|Гамбург|=|Gamburg|=|
CZ|Prague|Прага|=|Praga|=|Praha
CZ|Brno|Брно|=|Brno|=|
HU|Budapest|Будапешт|=|Budapesht|=|
QA|Doha|Доха|=|Doha|=|
SA|Riyadh|Эр-Рияд|=|Ar-Riyod|=|Riyad,Эр Рияд,Рияд
SA|Jeddah|Джидда|=|Jidda|=|Jidda,Джедда
IL|Tel Aviv|Тель-Авив|=|Tel-Aviv|=|Tel Aviv-Yafo
JP|Tokyo|Токио|=|Tokio|=|
JP|Osaka|Осака|=|Osaka|=|
GB|London|Лондон|Лондон|London|Лондон|
GB|Leeds|Лидс|Лидс|Lids|Лидс|
GB|Kent|Кент|Кент|Kent|Кент|
GB|Birmingham|Бирмингем|Бирмингем|Birmingem|Бирмингем|
GB|Manchester|Манчестер|Манчестер|Manchester|Манчестер|
GB|Herefordshire|Херефордшир|Херефордшир|Xerefordshir|Херефордшир|Hereford
"""  # noqa: E501


def _parse(table: str) -> tuple[Place, ...]:
    places = []
    for line in table.strip().splitlines():
        country, en, ru, ky, uz, tg, variants = line.split("|")
        names = {"en": en, "ru": ru, "ky": ru if ky == "=" else ky, "uz": uz,
                 "tg": ru if tg == "=" else tg}
        places.append(Place(key=_plain_key(en), country=country, names=names,
                            variants=tuple(v.strip() for v in variants.split(",") if v.strip())))
    return tuple(places)


def _plain_key(text: str) -> str:
    return " ".join(transliterate(text).split())


def _spelling_key(text: str) -> str:
    """One key for every way a city's name is written: script, case, hyphens, spaces and
    transliteration habits (y/i, kh/h, double letters) folded away."""
    return "".join(spelling_words(text.replace("ʻ", "").replace("ʼ", "")))


PLACES = _parse(_TABLE)

# Cities of the migrants' own countries, where the resource centres are: named in each
# page's language like the others, but no job is there, so the search never reads them.
_HOME_TABLE = """
KG|Bishkek|Бишкек|Бишкек|Bishkek|Бишкек|Frunze
KG|Osh|Ош|Ош|Oʻsh|Ӯш|
KG|Jalal-Abad|Джалал-Абад|Жалал-Абад|Jalolobod|Ҷалолобод|Jalalabad
TJ|Dushanbe|Душанбе|Душанбе|Dushanbe|Душанбе|
TJ|Khujand|Худжанд|Худжанд|Xoʻjand|Хуҷанд|Khujand,Hujand
UZ|Tashkent|Ташкент|Ташкент|Toshkent|Тошкент|
UZ|Samarkand|Самарканд|Самарканд|Samarqand|Самарқанд|
UZ|Andijan|Андижан|Андижан|Andijon|Андиҷон|
UZ|Namangan|Наманган|Наманган|Namangan|Наманган|
UZ|Fergana|Фергана|Фергана|Fargʻona|Фарғона|Ferghana
"""
HOME_PLACES = _parse(_HOME_TABLE)


@cache
def _index() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for place in PLACES:
        for written in {*place.names.values(), *place.variants}:
            key = _spelling_key(written)
            if key and place not in index.setdefault(key, []):
                index[key].append(place)
    return {key: tuple(found) for key, found in index.items()}


def find_place(text: str, country: str | None = None) -> Place | None:
    """The gazetteer's city a name stands for, in any of its languages or spellings;
    with a country, only that country's cities."""
    found = _index().get(_spelling_key(text), ())
    if country:
        found = tuple(p for p in found if p.country == country.upper())
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=8192)
def place_in(word: str) -> Place | None:
    """The gazetteer's city one word names, also in a Russian, Kyrgyz or Uzbek case
    (`Москве`, `Екатеринбурге`, `Казанью`, `Qozonda`, `Москвага`, `Moskvadagi`), or with
    one vowel written as heard (`Масква`, `Новасибирск`), else None. Only a case's ending
    comes off, and at least four letters stay: `permit` is no Perm, `рядом` (near) no
    Riyadh."""
    forms = _case_forms(word)
    return next((place for form in forms if (place := find_place(form))), None) \
        or next((place for form in forms if (place := _heard_place(form))), None)


# A vowel written as heard (`Масква`: Russian says an unstressed o as a) is read only in a
# name of six letters or more, where no other word is one vowel from a city's: `коров`
# (cows) is not Kirov, nor an English `potter` `Piter`.
_VOWELS = "aeiou"
_HEARD_LENGTH = 6


def _heard_place(text: str) -> Place | None:
    """The one city whose name differs from `text` in one vowel, else None."""
    key = _spelling_key(text)
    if len(key) < _HEARD_LENGTH:
        return None
    index = _index()
    found = {(place.key, place.country): place for at, letter in enumerate(key)
             if letter in _VOWELS
             for vowel in _VOWELS if vowel != letter
             for place in index.get(key[:at] + vowel + key[at + 1:], ())}
    return next(iter(found.values())) if len(found) == 1 else None


def _case_forms(word: str) -> list[str]:
    """A word as typed, and as the name it may be in a case: without the case's ending,
    or with a Russian ending standing for the name's own last letter (`Москве`,
    `России`)."""
    word = word.lower()
    forms = [word]
    for ending in _CASE_ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 4:
            forms += [stem, *(stem + last for last in (("а", "я") if has_cyrillic(ending)
                                                        else ("a", "ya")))] \
                if ending in _RUSSIAN_ENDINGS else [stem]
    return forms


# country | the words people type for it, in the page languages and as transliterated
# (one word each: `Южной Корее` is found by `Корее`; a case's ending is read off as for a
# city). The countries people go to work in, and those they come from.
_COUNTRY_WORDS = """
RU|Russia|Россия|РФ|Rossiya|Rossiia|Rossija|Orusiya|Орусия|Русия
KZ|Kazakhstan|Kazakstan|Казахстан|Казакстан|Қазақстан|Qazaqstan|Qozogʻiston|Qozogiston|Қазоқистон
KR|Korea|Корея|Koreya|Koreia
AE|UAE|Emirates|ОАЭ|Эмираты|BAA|БАА|Amirliklari|Эмираттары
TR|Turkey|Türkiye|Turkiye|Турция|Turkiya|Туркия|Түркия|Turtsiya
GB|UK|Britain|England|Великобритания|Британия|Англия|Britaniya|Angliya
DE|Germany|Германия|Germaniya
PL|Poland|Польша|Polsha|Лаҳистон
SA|Saudi|Arabia|Аравия|Saudiya|Arabistoni|Арабистони
QA|Qatar|Катар|Қатар
JP|Japan|Япония|Yaponiya|Жапония
CZ|Czechia|Чехия|Chexiya
LT|Lithuania|Литва|Litva
IL|Israel|Израиль|Isroil|Исроил
KG|Kyrgyzstan|Кыргызстан|Киргизия|Qirgʻiziston|Qirgiziston|Қирғизистон
UZ|Uzbekistan|Узбекистан|Oʻzbekiston|Ozbekiston|Өзбекстан|Ӯзбекистон
TJ|Tajikistan|Таджикистан|Tojikiston|Тажикстан|Тоҷикистон
"""


# Words of countries' names that name none by themselves (`South Korea`, `Южная Корея`,
# `Birlashgan Arab Amirliklari`).
_COUNTRY_NAME_TEXT = """
south united kingdom states arab republic of the great южная южной республика
объединённые объединенные арабские великая janubiy birlashgan buyuk
түштүк бириккен араб улуу ҷанубӣ муттаҳидаи"""
_COUNTRY_NAME_WORDS = frozenset(_spelling_key(w) for w in _COUNTRY_NAME_TEXT.split())


def country_name_word(word: str) -> bool:
    """Whether a word is one of a country's name that names none by itself (`South`)."""
    return _spelling_key(word) in _COUNTRY_NAME_WORDS


@cache
def _countries() -> dict[str, str]:
    """A country's words -> its code: a word of four letters or more by its spelling key,
    a shorter one (`UK`, `РФ`, `ОАЭ`) only as written, as short words fold into others
    (`yuk`, a load, would read `uk`)."""
    index: dict[str, str] = {}
    for line in _COUNTRY_WORDS.strip().splitlines():
        code, *words = line.split("|")
        for word in words:
            index[_spelling_key(word) if len(word) >= 4 else word.lower()] = code
    return index


@lru_cache(maxsize=8192)
def country_in(word: str) -> str | None:
    """The country (its ISO code) one word names, also in a case (`России`, `Rossiyada`,
    `Qozogʻistonga`, `Кореяи`), else None."""
    countries = _countries()
    if len(word) < 4:
        return countries.get(word.lower())
    return next((countries[key] for form in _case_forms(word)
                 if (key := _spelling_key(form)) in countries), None)


def cities_in(text: str) -> list[Place]:
    """The gazetteer's cities the words of a text name, each once, in the order typed."""
    found = {place.key: place for word in _WORD.findall(text)
             if (place := place_in(word)) is not None}
    return list(found.values())


def countries_in(text: str) -> list[str]:
    """The countries the words of a text name, each once, in the order typed."""
    return list(dict.fromkeys(code for word in _WORD.findall(text)
                              if (code := country_in(word)) is not None))


def without_places(text: str) -> str:
    """The words of a text that name no city and no country (`Москва plov` -> `plov`)."""
    return " ".join(word for word in _WORD.findall(text)
                    if place_in(word) is None and country_in(word) is None)


_WORD = re.compile(r"[\w'`ʻʼ’‘]+")


# The case endings a city's name takes: Russian (locative, genitive, dative, accusative,
# instrumental); Kyrgyz, Kazakh and Uzbek (locative, dative, ablative, genitive, and the
# locative adjective -дагы/-dagi, "that is in"), in Cyrillic and Latin letters, longest
# first.
_RUSSIAN_ENDINGS = ("ью", "ой", "ом", "ем", "ей", "е", "и", "у", "ю", "ы", "а",
                    "yu", "oi", "om", "em", "e", "i", "u", "y", "a")
_CASE_ENDINGS = (
    "дагы", "деги", "тагы", "теги", "даги", "таги", "dagi", "tagi",
    "дан", "ден", "тан", "тен", "нан", "нен", "нын", "нин", "дын", "дин", "тын", "тин",
    "dan", "den", "tan", "ten", "ning", "nin",
    "да", "де", "та", "те", "га", "ге", "ка", "ке", "ға", "ғе", "қа", "қе", "ни", "ны",
    "da", "de", "ta", "te", "ga", "ge", "ka", "ke", "ni",
    *_RUSSIAN_ENDINGS)


def spellings(place: Place) -> list[str]:
    """Every name and spelling of a city, as spelling skeletons, each once (`moscov`,
    `moskva`, `maskav`, ...)."""
    return list(dict.fromkeys(word for written in (*place.names.values(), *place.variants)
                              for word in spelling_words(written)))


def city_spellings(text: str, country: str | None = None) -> list[str]:
    """A vacancy's city as the words leg finds it: every name of a city the gazetteer
    knows, else the name as written (as spelling skeletons)."""
    place = find_place(text, country)
    return spellings(place) if place else spelling_words(text)


def city_key(text: str, country: str | None = None) -> str:
    """What a city filter compares: the gazetteer's key for a known city (its English name,
    lower-cased), else the name's transliteration."""
    place = find_place(text, country)
    return place.key if place else _plain_key(text)


def city_name(text: str, language: str, country: str | None = None) -> str:
    """A city named in the page's language when the gazetteer knows it, else as written."""
    place = find_place(text, country) or _home_place(text, country)
    return place.name(language) if place else text


def _home_place(text: str, country: str | None) -> Place | None:
    key = _spelling_key(text)
    found = [p for p in HOME_PLACES if key in {_spelling_key(n) for n in
                                             (*p.names.values(), *p.variants)}
             and (not country or p.country == country.upper())]
    return found[0] if len(found) == 1 else None


def city_names(language: str, countries: tuple[str, ...] | None = None) -> list[str]:
    """The known cities' names in a language, for a form's suggestions."""
    return sorted({p.name(language) for p in PLACES
                   if countries is None or p.country in countries})
