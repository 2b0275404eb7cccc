"""The occupation taxonomy: ISCO-08 unit groups, with the finer occupations migrants are
hired for, named in English, Russian, Kyrgyz, Uzbek (Latin and Cyrillic) and Tajik with
the words people commonly use for them.

Pure data and lookups, no I/O. An occupation is found from any of its names or synonyms
in any of those languages or spellings (`cook`, `повар`, `ашпозчу`, `oshpaz`, `ошпаз`), so
a filter or a query naming it reaches adverts written in another language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from core.text import spelling_words

LANGUAGES = ("en", "ru", "ky", "uz", "tg")
KEY_PREFIX = "isco:"


@dataclass(frozen=True)
class Occupation:
    code: str  # ISCO-08 unit group, with ".NN" for a finer occupation within it
    names: dict[str, tuple[str, ...]]  # language -> names, the first one shown

    @property
    def key(self) -> str:
        """What the index files a vacancy of this occupation under."""
        return KEY_PREFIX + self.code

    @property
    def unit_group(self) -> str:
        return self.code.split(".")[0]

    def name(self, language: str) -> str:
        """The occupation's name in a page language (Uzbek pages read Latin script)."""
        return self.names.get(language, self.names["en"])[0]


# code | English | Russian | Kyrgyz | Uzbek (Latin) | Uzbek (Cyrillic) | Tajik
# Names within a column are separated by ";", the first is the one pages show. The
# Cyrillic Uzbek column is only searched, never shown.
_TABLE = """
7212|welder;welding;flame cutter;gas welder;MIG welder;TIG welder;pipe welder|сварщик;электросварщик;электрогазосварщик;газосварщик;сварщик-аргонщик;аргонщик;газорезчик;сварка|ширетүүчү;электр ширетүүчү;сварщик|payvandchi;elektr payvandchi;svarshik|пайвандчи;электр пайвандчи|кафшергар;электрокафшергар
7411|electrician;building electrician;electrical installer;wireman|электрик;электромонтажник;электромонтёр;монтажник электросетей|электрик;электр монтаждоочу;электр устасы|elektrik;elektromontajchi;elektr montajchisi|электрик;электромонтажчи|электрик;барқчӣ;электромонтажчӣ
7126|plumber;pipe fitter;pipefitter;plumbing|сантехник;слесарь-сантехник;монтажник сантехнических систем;трубопроводчик|сантехник;суу түтүк устасы|santexnik;santexnika ustasi|сантехник|сантехник;устои қубур
7114|concrete worker;concrete placer;concrete finisher;concreter|бетонщик;бетонщик-арматурщик;рабочий по бетону|бетончу;бетон куюучу|betonchi;beton quyuvchi|бетончи|бетонкор;бетонрез
7112|bricklayer;mason;stonemason;block layer|каменщик;кладчик;каменщик-кладчик|кыш калоочу;таш калоочу|gʻisht teruvchi;gʻishtchi;toshchi|ғишт терувчи|хиштчин;сангтарош
7115|carpenter;joiner;formwork carpenter;shuttering carpenter|плотник;столяр;плотник-бетонщик;опалубщик|жыгач уста;устачы;столяр|duradgor;yogʻoch ustasi|дурадгор|дуредгар;устои чӯб
7131|painter;building painter;painter decorator;decorator;finisher|маляр;маляр-штукатур;отделочник;маляр-отделочник|сырдоочу;боёкчу|boʻyoqchi;pardozchi|бўёқчи|рангмол;рангкунанда
7123|plasterer;drywall installer;drywaller|штукатур;штукатур-маляр;монтажник гипсокартона|шыбакчы;штукатур|suvoqchi;shtukatur|сувоқчи|андовагар;штукатур
7122|tiler;floor layer;tile setter|плиточник;облицовщик;укладчик плитки|плитка төшөөчү;плиточник|kafelchi;plitkachi|кафелчи|кафелмон;плиткагузор
7121|roofer|кровельщик|чатыр жабуучу|tom yopuvchi;tomchi|том ёпувчи|боммон;бомпӯш
7119|scaffolder;construction worker|монтажник лесов;строитель;монтажник|курулушчу;монтажчы|quruvchi;montajchi|қурувчи|бинокор;сохтмончӣ
7214|steel fixer;steel erector;rebar worker;ironworker|арматурщик;монтажник металлоконструкций|арматурачы|armaturachi|арматурачи|арматурачӣ
9313|construction labourer;building labourer;general labourer;handyman|разнорабочий;подсобный рабочий;подсобник;рабочий на стройку|жардамчы жумушчу;кара жумушчу|qora ishchi;yordamchi ishchi|қора ишчи|коргари ёрирасон;мардикор
9312|road worker;road construction worker;civil engineering labourer|дорожный рабочий;асфальтировщик;рабочий на строительство дорог|жол куруучу;жол жумушчусу|yoʻl quruvchi;yoʻl ishchisi|йўл қурувчи|роҳсоз;коргари роҳ
8342|excavator operator;digger driver;bulldozer operator;earthmoving operator|машинист экскаватора;экскаваторщик;бульдозерист|экскаваторчу|ekskavatorchi|экскаваторчи|экскаваторчӣ
8343|crane operator;tower crane operator|крановщик;машинист крана|кранчы|kranchi|кранчи|кранрон
8332|truck driver;lorry driver;HGV driver;heavy truck driver;long-haul driver|водитель грузовика;водитель фуры;дальнобойщик;водитель категории C;водитель категории CE|жүк ташуучу айдоочу;фура айдоочу|yuk mashinasi haydovchisi;fura haydovchisi|юк машинаси ҳайдовчиси|ронандаи мошини боркаш;ронандаи фура
8331|bus driver;coach driver;tram driver|водитель автобуса;водитель трамвая;водитель категории D|автобус айдоочусу|avtobus haydovchisi|автобус ҳайдовчиси|ронандаи автобус
8322|taxi driver;car driver;van driver;chauffeur|водитель такси;таксист;водитель легкового автомобиля;водитель|такси айдоочу;таксист;айдоочу|taksi haydovchisi;taksist;haydovchi|такси ҳайдовчиси|ронандаи таксӣ;таксист;ронанда
9621|courier;delivery worker;delivery driver;parcel deliverer|курьер;доставщик;курьер-доставщик|курьер;жеткирүүчү|kuryer;yetkazib beruvchi|курьер|курер;расонанда
9333|warehouse worker;order picker;warehouse picker;loader;mover;freight handler|комплектовщик;грузчик;работник склада;сборщик заказов;грузчик-комплектовщик|кампа жумушчусу;жүк ташуучу;складчы|ombor ishchisi;yuk tashuvchi;yukchi|омбор ишчиси|коргари анбор;борбардор;ҳаммол
4321|storekeeper;stock clerk;warehouse keeper|кладовщик;завсклад|кампачы|omborchi;omborxona mudiri|омборчи|анбордор
9321|packer;hand packer;packing worker|упаковщик;фасовщик;упаковщица|таңгактоочу|qadoqlovchi|қадоқловчи|бастабанд
8344|forklift operator;forklift driver;reach truck driver|водитель погрузчика;погрузчик;карщик;оператор погрузчика|погрузчик айдоочу|pogruzchik haydovchisi;yuklagich haydovchisi|погрузчик ҳайдовчиси|ронандаи погрузчик
8153|sewing machine operator;sewing machinist;seamstress;garment worker|швея;швея-мотористка;швея-оператор|тигүүчү;тикмечи|tikuvchi;tikuvchi-motorist|тикувчи|дӯзанда;дарздӯз
7531|tailor;dressmaker|портной;закройщик|тигүүчү уста;бычмачы|tikuvchi usta;bichuvchi|бичувчи|дарзӣ;буранда
5120|cook;chef;line cook;kitchen cook|повар;шеф-повар;повар горячего цеха;повар-универсал|ашпозчу;ашпоз|oshpaz;bosh oshpaz|ошпаз|ошпаз;сарошпаз
9412|kitchen helper;kitchen assistant;kitchen porter;dishwasher|кухонный работник;помощник повара;посудомойщица;посудомойщик;мойщица посуды|ашкана жардамчысы;идиш жуучу|oshxona yordamchisi;oshpaz yordamchisi;idish yuvuvchi|ошхона ёрдамчиси|ёрдамчии ошпаз;коргари ошхона;зарфшӯй
5131|waiter;waitress;server;food server|официант;официантка|официант|ofitsiant|официант|пешхизмат;официант
5132|bartender;barista;barman|бармен;бариста|бармен|barmen|бармен|бармен
7512|baker;pastry cook;confectioner|пекарь;кондитер;пекарь-кондитер|наабайчы;кондитер|novvoy;qandolatchi|новвой|нонвой;қаннод
9112.01|hotel housekeeper;room attendant;chambermaid;housekeeping attendant|горничная;горничная в гостиницу;работник хаускипинга|мейманкана кызматчысы;бөлмө тазалоочу|mehmonxona xizmatchisi;xona tozalovchi|меҳмонхона хизматчиси|хизматгори меҳмонхона
9112.02|cleaner;office cleaner;janitor;cleaning operative|уборщица;уборщик;уборщик помещений;клинер|тазалоочу|farrosh;tozalovchi|фаррош|фаррош;тозакунанда
9613|street sweeper;yard keeper|дворник|шыпыргыч;короо тазалоочу|farrosh koʻcha;hovli supuruvchi|ҳовли супурувчи|ҷорӯбкаш
9111|domestic worker;domestic cleaner;housemaid|домработница;помощница по хозяйству|үй кызматчысы|uy xizmatchisi|уй хизматчиси|хизматгори хона
5311|nanny;babysitter;child carer|няня|бала багуучу;бала кароочу|enaga|энага|доя;парастори кӯдак
5322|caregiver;care assistant;home care worker;elderly carer;care worker|сиделка;помощник по уходу;социальный работник по уходу|карыларды кароочу;кароочу|qariyalarga qarovchi;qarovchi|қаровчи|парастор;парастори пиронсолон
3221|nurse;nursing assistant;registered nurse|медсестра;медбрат;медицинская сестра|медайым|hamshira;tibbiyot hamshirasi|ҳамшира|ҳамшираи шафқат;ҳамшира
9213|farm worker;farmhand;agricultural worker;farm labourer|рабочий фермы;рабочий на ферму;сельхозрабочий;разнорабочий на ферму|ферма жумушчусу;дыйкан|ferma ishchisi;qishloq xoʻjalik ishchisi;dehqon|ферма ишчиси|коргари ферма;деҳқон
9212|livestock worker;dairy farm worker;milker;animal carer|животновод;доярка;скотник|малчы;саанчы|chorvador;sogʻuvchi|чорвадор|чорводор;ширдӯш
9214|greenhouse worker;horticultural worker;nursery worker|рабочий теплицы;тепличный рабочий;работник теплицы|теплица жумушчусу|issiqxona ishchisi|иссиқхона ишчиси|коргари гармхона
9211|fruit picker;harvest worker;berry picker;vegetable picker;seasonal farm worker|сборщик фруктов;сборщик ягод;сборщик урожая;сборщик овощей|жемиш тергич;түшүм жыйноочу|meva teruvchi;hosil yigʻuvchi|мева терувчи|мевачин;ҳосилғундор
6113|gardener;landscaper;groundskeeper|садовник;озеленитель|бакчы|bogʻbon|боғбон|боғбон
8341|tractor driver;agricultural machinery operator;combine operator|тракторист;механизатор;комбайнер|тракторчу|traktorchi;kombaynchi|тракторчи|тракторчӣ;тракторронӣ
7511.01|meat processing worker;butcher;meat cutter;meat boner|обвальщик мяса;жиловщик мяса;рабочий мясокомбината;мясник;разделщик мяса|эт бөлүүчү;касапчы|goʻsht boʻluvchi;qassob;goʻsht kombinati ishchisi|қассоб|гӯштбур;қассоб
7511.02|fish processing worker;fish filleter;seafood processor|рыбообработчик;рабочий рыбзавода;обработчик рыбы|балык иштетүүчү|baliq qayta ishlovchi;baliq zavodi ishchisi|балиқ ишловчи|коргари коркарди моҳӣ
8160|food production worker;food factory worker;bakery line worker|рабочий пищевого производства;оператор пищевого производства|тамак-аш өндүрүшүнүн жумушчусу|oziq-ovqat ishlab chiqarish ishchisi|озиқ-овқат ишчиси|коргари истеҳсоли хӯрокворӣ
8219|factory assembly worker;assembler;assembly line worker;production line worker|сборщик;сборщик на конвейере;оператор линии;оператор производственной линии;рабочий на завод;рабочий конвейера|заводдо жыйноочу;конвейер жумушчусу|zavodda yigʻuvchi;yigʻuvchi;konveyer ishchisi|йиғувчи|ҷамъкунанда;коргари конвейер
9329|factory worker;manufacturing labourer;production worker|производственный рабочий;рабочий на производство;рабочий цеха|завод жумушчусу|zavod ishchisi;ishlab chiqarish ishchisi|завод ишчиси|коргари завод
7223|CNC operator;machine operator;lathe operator;machinist|оператор станков ЧПУ;токарь;фрезеровщик;станочник|токарь;станокчу|tokar;stanokchi|токар|харрот;токар
7231|car mechanic;motor mechanic;auto mechanic;vehicle technician;tyre fitter|автомеханик;автослесарь;автомеханик-моторист;шиномонтажник|авто уста;автомеханик;унаа оңдоочу|avtomexanik;avtoslesar;avtomobil ustasi|автомеханик|устои мошин;автомеханик
7127|HVAC technician;refrigeration mechanic;air conditioning installer|монтажник кондиционеров;холодильщик;монтажник вентиляции|кондиционер орнотуучу|konditsioner ustasi|кондиционер устаси|устои кондитсионер
9122|car washer;vehicle cleaner|автомойщик;мойщик машин|унаа жуучу|avtomobil yuvuvchi;moyka ishchisi|мойкачи|мошиншӯй
5414|security guard;watchman;guard|охранник;сторож;вахтёр;охранник ЧОП|күзөтчү|qorovul;qoʻriqchi|қоровул|посбон;нигаҳбон
5223|shop assistant;sales assistant;shop worker;retail assistant|продавец;продавец-консультант;продавец-кассир|сатуучу|sotuvchi;savdo xodimi|сотувчи|фурӯшанда
5230|cashier;checkout operator|кассир|кассир|kassir|кассир|хазинадор;кассир
9334|shelf filler;merchandiser;shelf stacker|мерчендайзер;выкладчик товара|товар жайгаштыруучу|tovar teruvchi;merchendayzer|мерчендайзер|молгузор
8111|miner;mining worker|шахтёр;горнорабочий;проходчик|шахтёр;кенчи|shaxtyor;konchi|шахтёр|маъданчӣ;шахтёр
7233|machinery mechanic;industrial mechanic;maintenance fitter|слесарь-ремонтник;механик оборудования;слесарь|слесарь;механик|chilangar;mexanik|чилангар|челонгар;механик
5141|hairdresser;barber|парикмахер;барбер|чач тарач|sartarosh|сартарош|сартарош
"""  # noqa: E501


def _parse(table: str) -> tuple[Occupation, ...]:
    found = []
    for line in table.strip().splitlines():
        code, en, ru, ky, uz, uz_cyrillic, tg = line.split("|")
        names = {lang: tuple(n.strip() for n in column.split(";") if n.strip())
                 for lang, column in (("en", en), ("ru", ru), ("ky", ky), ("uz", uz),
                                      ("uz_cyrl", uz_cyrillic), ("tg", tg))}
        found.append(Occupation(code=code, names=names))
    return tuple(found)


OCCUPATIONS = _parse(_TABLE)
BY_CODE = {o.code: o for o in OCCUPATIONS}


def _words(text: str) -> tuple[str, ...]:
    """A text's words as spelling skeletons: script, case, hyphens and transliteration
    habits folded away, and a word's last letters too (Russian and Turkic endings:
    `сварщика`, `сварщиком`, `payvandchilar` find `сварщик` and `payvandchi`)."""
    return tuple(_stem(w) for w in spelling_words(text.replace("ʻ", "").replace("ʼ", "")))


def _stem(word: str) -> str:
    for _ in range(2):  # a plural, then a case ending: `payvandchilarni`
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


# Longest first. Russian case endings and Turkic plural/possessive endings, as skeletons.
_ENDINGS = ("lari", "lar", "ler", "dar", "ami", "ov", "ev", "om", "em", "am", "ai", "oi",
            "ni", "a", "i", "u", "e", "o")


@cache
def _index() -> dict[tuple[str, ...], tuple[Occupation, ...]]:
    index: dict[tuple[str, ...], list[Occupation]] = {}
    for occupation in OCCUPATIONS:
        for names in occupation.names.values():
            for name in names:
                words = _words(name)
                if words and occupation not in index.setdefault(words, []):
                    index[words].append(occupation)
    return {words: tuple(found) for words, found in index.items()}


@cache
def _longest_name() -> int:
    return max(len(words) for words in _index())


def find_occupation(text: str) -> Occupation | None:
    """The occupation a text names as a whole (`Повар`, `welder`, `oshpaz`), else None."""
    found = _index().get(_words(text), ())
    return found[0] if len(found) == 1 else None


def occupations_named(text: str) -> list[Occupation]:
    """The occupations a text names anywhere in it, longest names first, each once
    (`сварщик на стройку в Москве` -> welder; `водитель погрузчика` -> forklift operator,
    not the driver it also says)."""
    found: list[Occupation] = []
    _taken(_words(text), found)
    return found


def _taken(words: tuple[str, ...], found: list[Occupation] | None = None) -> list[bool]:
    """Which of the words belong to an occupation's name, longest names first; each
    occupation named is added to `found`, once."""
    taken = [False] * len(words)
    index = _index()
    for size in range(min(_longest_name(), len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start:start + size]):
                continue
            matches = index.get(words[start:start + size], ())
            if len(matches) == 1:
                if found is not None and matches[0] not in found:
                    found.append(matches[0])
                taken[start:start + size] = [True] * size
    return taken


def words_besides(text: str) -> str:
    """The words of a text that name no occupation it names (`сварщик в Москве` -> `в
    Москве`), in their order as typed."""
    raw = re.findall(r"[\w'`ʻʼ’]+", text)  # apostrophes belong to Uzbek words
    spans = [_words(word) for word in raw]
    taken = _taken(tuple(w for span in spans for w in span))
    kept, at = [], 0
    for word, span in zip(raw, spans, strict=True):
        if not span or not all(taken[at:at + len(span)]):
            kept.append(word)
        at += len(span)
    return " ".join(kept)


def occupation_of(text: str) -> Occupation | None:
    """The occupation an agency's occupation field stands for: the whole text, else the
    one occupation named in it (`сварщик НАКС 5 разряда` -> welder)."""
    whole = find_occupation(text)
    if whole is not None:
        return whole
    named = occupations_named(text)
    return named[0] if len(named) == 1 else None


def occupation_key(text: str) -> str:
    """What the occupation filter compares: the taxonomy's key (`isco:5120`) for an
    occupation it knows, by any name or code; else the text itself, lower-cased."""
    code = text.strip().lower().removeprefix(KEY_PREFIX)
    if code in BY_CODE:
        return BY_CODE[code].key
    occupation = occupation_of(text)
    return occupation.key if occupation else " ".join(text.lower().split())


def occupation_name(text: str, language: str) -> str:
    """An occupation named in the page's language when the taxonomy knows it, else as
    written."""
    occupation = occupation_of(text)
    return occupation.name(language) if occupation else text


def occupation_names(language: str) -> list[str]:
    """Every occupation's name in a language, for a form's suggestions."""
    return sorted({o.name(language) for o in OCCUPATIONS})


_CODE_SHAPE = re.compile(r"^\d{4}(\.\d{2})?$")


def is_code(text: str) -> bool:
    return bool(_CODE_SHAPE.match(text.strip().removeprefix(KEY_PREFIX)))


def by_code(code: str) -> Occupation | None:
    """The occupation with this ISCO-08 code (`7212`, `isco:7212`), else None."""
    return BY_CODE.get(code.strip().lower().removeprefix(KEY_PREFIX))


def occupation_for(text: str) -> Occupation | None:
    """The occupation an agency's occupation field stands for: its code when it is one
    (`7212`), else what its words name (`сварщик НАКС 5 разряда` -> welder), else None."""
    return by_code(text) or occupation_of(text)
