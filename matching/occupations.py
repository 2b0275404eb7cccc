"""The occupation taxonomy: ISCO-08 unit groups, with the finer occupations migrants are
hired for, named in English, Russian, Kyrgyz, Uzbek (Latin and Cyrillic) and Tajik with
the words people commonly use for them.

Pure data and lookups, no I/O. An occupation is found from any of its names or synonyms
in any of those languages or spellings (`cook`, `повар`, `ашпозчу`, `oshpaz`, `ошпаз`), so
a filter or a query naming it reaches adverts written in another language.
"""

from __future__ import annotations

import itertools
import math
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import OSA

from core.text import spelling_words
from matching import places

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
# Cyrillic Uzbek column is only searched, never shown. A unit group's own code stands for
# its general occupation, ".NN" for a trade within it that is hired under its own name
# (7115 carpenter, 7115.01 formwork carpenter). A word that names many trades (монтажник,
# оператор) is no name: it would file every one of them under one.
_TABLE = """
7111|construction worker;builder;house builder;general builder|строитель;рабочий-строитель;строитель-универсал;строительный рабочий|курулушчу;курулуш жумушчусу;куруучу;курулуш устасы;стройкачы;стройка жумушчусу;курулушта иштөөчү|quruvchi;qurilish ishchisi;qurilishchi;stroyka ishchisi;qurilish ustasi|қурувчи;қурилиш ишчиси|бинокор;сохтмончӣ;коргари сохтмон;сохтмон;коргари стройка;устои сохтмон;кори сохтмон;кор дар сохтмон;кор дар стройка;кори стройка
7112|bricklayer;mason;block layer;block mason|каменщик;кладчик;каменщик-кладчик;кирпичная кладка;кладка кирпича;кладка блоков;кладка газоблока|кыш калоочу;кыш уста;кыш устасы;кирпич калоочу;кирпич устасы;дубал калоочу|gʻisht teruvchi;gʻishtchi;gʻisht ustasi;kladkachi;kladka ustasi;kirpich teruvchi|ғишт терувчи;ғиштчи|хиштчин;хиштгузор;устои хишт;устои кладка
7113|stonemason;stone mason;stone cutter|камнетёс;резчик по камню;каменотёс;каменотес;резчик камня;камнерез;камнерезчик;мастер по камню|таш калоочу;таш уста;таш устасы;таш чегүүчү;таш кесүүчү;ташчы|toshtarosh;tosh teruvchi;toshchi;tosh ustasi;tosh yoʻnuvchi;tosh kesuvchi|тоштарош;тош терувчи;тош йўнувчи|сангтарош;сангкор;устои санг;сангбур;сангчин
7114|concrete worker;concrete placer;concrete finisher;concreter|бетонщик;бетонщик-арматурщик;рабочий по бетону;заливщик бетона;укладчик бетона;бетонщица;бетонные работы|бетончу;бетон куюучу;бетон жумушчусу;бетон устасы|betonchi;beton quyuvchi;beton ishchisi|бетончи;бетон қуйувчи|бетонкор;бетонрез;коргари бетон;устои бетон
8114|precast concrete worker;concrete products machine operator|формовщик ЖБИ;формовщик железобетонных изделий;рабочий завода ЖБИ;рабочий ЖБИ;формовщик бетонных изделий;пропарщик;рабочий на завод ЖБИ|ЖБИ заводунун жумушчусу;ЖБИ жумушчусу|JBI zavodi ishchisi;JBI ishchisi;temir-beton zavodi ishchisi|ЖБИ заводи ишчиси|коргари заводи ЖБИ;коргари ЖБИ
7115|carpenter;joiner;building carpenter|плотник;столяр;столяр-плотник;сборщик срубов;рубщик срубов|жыгач уста;жыгач устасы;устачы;столяр;жыгаччы|duradgor;yogʻoch ustasi;duradgor usta;najjor|дурадгор;ёғоч устаси|дуредгар;наҷҷор;устои чӯб;дурудгар
7115.01|formwork carpenter;shuttering carpenter;formwork worker;formworker|опалубщик;плотник-опалубщик;плотник-бетонщик;монтажник опалубки;опалубочник;плотник по опалубке;монтаж опалубки;сборщик опалубки|опалубкачы;опалубка устасы;опалубка жасоочу;опалубка жумушчусу|opalubkachi;opalubka ustasi;opalubka ishchisi;opalubka yigʻuvchi|опалубкачи;опалубка устаси|опалубкачӣ;устои опалубка;коргари опалубка
7522|furniture maker;cabinet maker;furniture assembler|мебельщик;сборщик мебели;столяр-мебельщик;мастер по сборке мебели;сборщик корпусной мебели;краснодеревщик;столяр-краснодеревщик;изготовитель мебели;сборщик кухонь|эмерек жасоочу;мебель жыйноочу;мебель жасоочу;мебель устасы|mebelchi;mebel yigʻuvchi;mebel yasovchi|мебелчи;мебел йиғувчи|мебелсоз;ҷамъкунандаи мебел;устои мебел
8172|sawmill worker;sawmill operator;sawyer|рамщик;пилорамщик;рабочий пилорамы;работник пилорамы;оператор пилорамы;распиловщик древесины;рабочий на пилораму|жыгач тилүүчү;пилорамачы;пилорама жумушчусу;тактай тилүүчү|arrachi;pilorama ishchisi;taxta tiluvchi|аррачи;пилорама ишчиси|арракаш;коргари арракашӣ;коргари пилорама
7119|scaffolder;scaffolding erector;scaffold builder|монтажник лесов;монтажник строительных лесов;сборщик лесов;сборщик строительных лесов|леса орнотуучу;леса монтаждоочу;леса жыйноочу|havoza oʻrnatuvchi;lesa montajchisi;lesa yigʻuvchi;havoza yigʻuvchi;lesa oʻrnatuvchi|ҳавоза ўрнатувчи;леса ўрнатувчи|монтажчии леса;коргари леса;насбкунандаи леса
7119.01|industrial climber;rope access technician;high-rise worker|промышленный альпинист;промальпинист;высотник;монтажник-высотник;промальп;промышленный альпинизм;альпинист;верхолаз|өнөр жай альпинисти;бийиктикте иштөөчү|sanoat alpinisti;balandlikda ishlovchi|саноат альпинисти|альпинисти саноатӣ
7119.02|demolition worker;demolition labourer|демонтажник;рабочий по демонтажу;рабочий по сносу зданий;рабочий на демонтаж;демонтажные работы;демонтаж зданий|демонтажчы;демонтаж жумушчусу|demontajchi;demontaj ishchisi;bino buzuvchi|демонтажчи|демонтажчӣ;коргари демонтаж
7121|roofer;roofing worker|кровельщик;монтажник кровли;мастер по кровле;кровельные работы;монтажник мягкой кровли;кровельщик-жестянщик|чатыр жабуучу;чатыр устасы;чатырчы;крыша устасы;крыша жабуучу;шифер жабуучу|tom yopuvchi;tomchi;tom ustasi;krovlya ustasi;krovlyachi;tom yopish ustasi|том ёпувчи|боммон;бомпӯш;устои бом;бомсоз;устои кровля
7122|tiler;tile setter;tile fixer;tile layer|плиточник;облицовщик;укладчик плитки;плиточник-облицовщик;кафельщик;мастер по укладке плитки;мастер по плитке;укладка плитки|плитка төшөөчү;плиточник;кафель төшөөчү|kafelchi;plitkachi;kafel ustasi;kafel teruvchi;plitka ustasi;plitka teruvchi;plitka yotqizuvchi;kafel yotqizuvchi|кафелчи;плиткачи|кафелмон;плиткагузор;устои кафел;кафелгузор;устои плитка
7122.01|floor layer;flooring installer;parquet layer;laminate installer|паркетчик;укладчик напольных покрытий;укладчик ламината;монтажник напольных покрытий;укладчик паркета;укладчик линолеума;циклевщик;мастер по полам;укладчик ковролина;монтажник наливных полов|пол төшөөчү;паркетчи;паркет төшөөчү;ламинат төшөөчү;линолеум төшөөчү|parketchi;pol ustasi;parket teruvchi;laminat teruvchi;parket ustasi;laminat ustasi;laminatchi;pol yotqizuvchi|паркетчи|паркетгузор;устои фарш;устои паркет;устои ламинат;ламинатгузор
7123|plasterer;rendering worker|штукатур;штукатур-маляр;штукатурщик;штукатурщица;фасадчик;машинная штукатурка;мастер по штукатурке|шыбакчы;штукатур;шыбоочу;шыбак устасы;штукатурка устасы|suvoqchi;shtukatur;suvoq ustasi;suvoq qiluvchi|сувоқчи|андовагар;штукатур;устои андова;гаҷкор;штукатурчӣ;устои штукатурка
7123.01|drywall installer;plasterboard fixer;dry liner|монтажник гипсокартона;гипсокартонщик;монтажник ГКЛ;мастер по гипсокартону;монтажник каркасно-обшивных конструкций;монтажник гипсокартонных конструкций;гипсокартон;монтажник ГВЛ|гипсокартончу;гипсокартон орнотуучу;гипсокартон жумушчусу|gipsokartonchi;gipsokarton ustasi;gipsokarton montajchisi;gipsokarton oʻrnatuvchi|гипсокартончи;гипсокартон ўрнатувчи|гипсокартончӣ;устои гипсокартон;коргари гипсокартон
7124|insulation worker;insulator;thermal insulation installer|изолировщик;теплоизолировщик;монтажник утеплителя;изолировщик на термоизоляции;монтажник теплоизоляции;мастер по утеплению;утепление фасадов;гидроизолировщик|изоляция орнотуучу;жылуулоочу|izolyatsiyachi;issiqlik izolyatsiyachisi;izolyatsiya ustasi|изоляциячи|изолятсиякунанда;устои изолятсия
7125|glazier;window installer;window fitter|стекольщик;монтажник окон;монтажник пластиковых окон;установщик окон;оконщик;монтажник остекления;монтажник ПВХ окон;установщик пластиковых окон;монтажник стеклопакетов;монтажник витражей|айнекчи;терезе орнотуучу;терезе устасы;айнек устасы;пластик терезе орнотуучу;айнек салуучу;терезе коюучу|oynachi;deraza oʻrnatuvchi;deraza ustasi;oyna ustasi;plastik deraza oʻrnatuvchi;okna ustasi;okna oʻrnatuvchi|ойначи;дераза ўрнатувчи;окна ўрнатувчи|шишабур;устои тиреза;насбкунандаи тиреза;тирезасоз;монтажчии тиреза
7131|painter;building painter;painter decorator;decorator;finisher|маляр;маляр-штукатур;отделочник;маляр-отделочник;малярша;отделочница;шпаклевщик|сырдоочу;боёкчу;маляр;боёкчу уста;сырчы;боёк устасы|boʻyoqchi;pardozchi;malyar;molyar;pardozlovchi;otdelka ustasi;otdelkachi;oboychi;oboy yopishtiruvchi|бўёқчи;маляр;моляр;бўёқчи уста|рангмол;рангкунанда;устои ранг
7132|car painter;spray painter;vehicle painter;industrial painter|автомаляр;маляр-покрасчик;покрасчик;маляр по металлу;покрасчик авто;маляр покрасочной камеры;маляр по покраске автомобилей;подготовщик к покраске;маляр-подготовщик;маляр по авто|автомаляр;унаа сырдоочу;машина сырдоочу;авто боёкчу;авто сырдоочу|avtomalyar;mashina boʻyoqchisi;moshina boʻyoqchi;mashina boʻyovchi;moshina boʻyovchi|автомаляр;машина бўёқчиси;авто бўёқчи;мошина бўёқчи;машина бўёвчи;мошина бўёвчи|автомаляр;рангкунандаи мошин;рангмоли мошин;устои ранги мошин;маляри мошин
7213|sheet metal worker;tinsmith;panel beater;body repairer|жестянщик;кузовщик;жестянщик-кузовщик;рихтовщик;кузовной мастер;мастер кузовного ремонта;слесарь кузовного ремонта;слесарь-жестянщик|калайчы;кузовщик;тунукачы;кузов устасы;тунукечи|tunukasoz;kuzovchi|тунукасоз;кузовчи|тунукасоз;кузовсоз;устои кузов;тунукагар
7214|steel fixer;rebar worker;rebar fixer;reinforcement worker|арматурщик;вязальщик арматуры;вязка арматуры;арматурные работы|арматурачы;арматура байлоочу;арматура жумушчусу;арматура устасы|armaturachi;armatura bogʻlovchi;armatura ishchisi|арматурачи;арматура боғловчи|арматурачӣ;арматурабанд;коргари арматура;устои арматура
7214.01|steel erector;structural steel erector;ironworker;ship fitter|монтажник металлоконструкций;монтажник МК;монтажник стальных конструкций;судосборщик;монтажник-верхолаз;сборщик металлоконструкций;монтажник металлических конструкций|металл конструкция монтаждоочу|metall konstruksiya montajchisi;metallokonstruksiya montajchisi;metall konstruksiya oʻrnatuvchi|металл конструкция монтажчиси;металлоконструкция монтажчиси;металл конструкция ўрнатувчи|монтажчии конструксияҳои металлӣ;монтажчии металл;монтажчии МК
7215|rigger;slinger;crane slinger;banksman|стропальщик;такелажник;стропальщик-такелажник;стропальщица;такелажные работы|стропалчы;такелажчы|stropalchi|стропалчи|стропалчӣ
7212|welder;welding;flame cutter;gas welder;MIG welder;TIG welder;pipe welder|сварщик;электросварщик;электрогазосварщик;газосварщик;сварщик-аргонщик;аргонщик;газорезчик;сварка;сварной;сварщица;электросварщица;полуавтоматчик;газоэлектросварщик|ширетүүчү;электр ширетүүчү;сварщик;сваркачы;сварка устасы;ширетүү устасы|payvandchi;elektr payvandchi;payvandlovchi;svarshik;payvandlash ustasi;svarchik|пайвандчи;электр пайвандчи;пайвандловчи|кафшергар;электрокафшергар;устои сварка;кафшеркунанда
7411|electrician;building electrician;electrical installer;wireman|электрик;электромонтажник;электромонтёр;монтажник электросетей;электрик-монтажник;электромонтер;монтажник электропроводки;электромонтажные работы;электромонтажница|электрик;электр монтаждоочу;электр устасы;электр оңдоочу|elektrik;elektromontajchi;elektr montajchisi;elektrchi|электрик;электромонтажчи|электрик;барқчӣ;электромонтажчӣ;устои барқ;барқкаш;электрикчӣ
7413|power line worker;lineman;overhead line installer|электромонтёр ЛЭП;электромонтажник ЛЭП;монтажник ЛЭП;электромонтер ЛЭП;монтажник линий электропередачи;монтажник ВЛ;электромонтер ВЛ;монтажник опор ЛЭП|электр линиясын монтаждоочу;ЛЭП монтажчысы;электр линиясынын жумушчусу|elektr uzatish liniyasi montajchisi;elektr liniyasi ishchisi|электр узатиш линияси монтажчиси;электр линияси ишчиси|монтажчии хати барқ;монтажчии ЛЭП;коргари хати барқ
7422|low-voltage systems installer;cable installer;fibre optic installer|монтажник слаботочных систем;слаботочник;монтажник ВОЛС;монтажник СКС;кабельщик;монтажник видеонаблюдения;монтажник оптоволокна;монтажник ОПС;монтажник охранно-пожарной сигнализации;монтажник слаботочных сетей;монтажник СКУД;слаботочка|кабель тартуучу;кабель монтаждоочу;видеокамера орнотуучу|kabel tortuvchi;kabel montajchisi;videokamera oʻrnatuvchi;kamera oʻrnatuvchi|кабель тортувчи;видеокамера ўрнатувчи;камера ўрнатувчи|кабелкаш;монтажчии кабел;насбкунандаи видеокамера
7126|plumber;pipe fitter;pipefitter;plumbing;heating installer|сантехник;слесарь-сантехник;монтажник сантехнических систем;трубопроводчик;монтажник систем отопления;монтажник отопления;монтажник систем отопления и водоснабжения;водопроводчик;монтажник ВК;монтажник водопровода;монтажник канализации;монтажник трубопроводов|сантехник;суу түтүк устасы;түтүкчү;түтүк устасы;труба устасы;канализация устасы|santexnik;santexnika ustasi;quvurchi;santexnik usta;quvur ustasi;santexnika montajchisi|сантехник|сантехник;устои қубур;қубуркаш;устои сантехника
7127|HVAC technician;refrigeration mechanic;air conditioning installer;ventilation installer|монтажник кондиционеров;холодильщик;монтажник вентиляции;монтажник систем вентиляции;вентиляционщик;кондиционерщик;монтажник сплит-систем;монтажник ОВиК;монтажник климатического оборудования;механик по холодильному оборудованию;мастер по ремонту холодильников|кондиционер орнотуучу;вентиляция орнотуучу;муздаткыч устасы;муздаткыч оңдоочу;холодильник устасы|konditsioner ustasi;konditsioner oʻrnatuvchi;ventilyatsiya montajchisi;sovutkich ustasi;ventilyatsiya ustasi|кондиционер устаси;кондиционер ўрнатувчи|устои кондитсионер;насбкунандаи кондитсионер;кондитсионерчӣ;монтажчии вентилятсия;устои яхдон
9313|construction labourer;building labourer;general labourer|разнорабочий;подсобный рабочий;подсобник;рабочий на стройку;землекоп;чернорабочий;подсобница|жардамчы жумушчу;кара жумушчу;жер казуучу;мардикер;көмөкчү жумушчу|qora ishchi;yordamchi ishchi;yer qazuvchi;padsobnik;qora ish|қора ишчи;ёрдамчи ишчи|коргари ёрирасон;мардикор;заминкан;коргари оддӣ
9622|handyman;odd-job worker;building maintenance worker|мастер на все руки;муж на час;рабочий по комплексному обслуживанию зданий;рабочий по обслуживанию зданий;мастер на час;рабочий КОРЗ;рабочий по комплексному обслуживанию и ремонту зданий|үй оңдоочу уста;үй устасы;үй оңдоочу|uy taʼmirlash ustasi;remontchi;uy remonti ustasi;universal usta|уй таъмирлаш устаси;уй таъмирловчи|устои таъмири хона;устои хона;таъмиргари хона;устои ҳамакора
9312|road worker;road construction worker;civil engineering labourer;road construction labourer|дорожный рабочий;асфальтировщик;асфальтобетонщик;рабочий на строительство дорог;укладчик тротуарной плитки;дорожник;асфальтщик;укладчик асфальта;укладка тротуарной плитки;плиточник тротуарной плитки;укладчик бордюров;дорожная рабочая|жол куруучу;жол курулушу;жол курулуш жумушчусу;жол жумушчусу;асфальтчы;асфальт төшөөчү;жол устасы;жол оңдоочу;брусчатка төшөөчү;тротуар плиткасын төшөөчү|yoʻl quruvchi;yoʻl ishchisi;yoʻl qurilishi ishchisi;yoʻl qurilishi;asfalt yotqizuvchi;trotuar plitkasi teruvchi;asfalt ustasi|йўл қурувчи;йўл қурилиши ишчиси;йўл ишчиси|роҳсоз;коргари роҳ;коргари роҳсозӣ
9312.01|railway track worker;track maintenance worker;railway worker|монтёр пути;монтер пути;путеец;рабочий на железную дорогу;путевой рабочий;путейщик;монтер железнодорожного пути;путевой обходчик;обходчик путей|темир жол жумушчусу;темир жолчу|temir yoʻl ishchisi;temiryoʻlchi;temir yoʻlchi|темир йўл ишчиси;темирйўлчи;темир йўлчи|коргари роҳи оҳан;роҳиоҳанчӣ
3123|construction foreman;site foreman;site supervisor|прораб;мастер строительного участка;бригадир строителей;производитель работ;мастер СМР;бригадир на стройку|прораб;курулуш бригадири;курулуш мастери|prorab;qurilish brigadiri|прораб|прораб;бригадири сохтмон;сарусто
2142|civil engineer;construction engineer;structural engineer|инженер-строитель;инженер ПТО;инженер по строительству;инженер ПГС;строительный инженер|курулуш инженери;инженер-куруучу|qurilish muhandisi;qurilish injeneri;injener-quruvchi|қурилиш муҳандиси|муҳандиси сохтмон;инженери сохтмон
2165|surveyor;land surveyor|геодезист;инженер-геодезист;топограф;маркшейдер;землеустроитель;кадастровый инженер|геодезист;жер өлчөөчү|geodezist;yer oʻlchovchi;geodeziyachi|геодезист;ер ўлчовчи;геодезиячи|геодезист
8342|excavator operator;digger driver;bulldozer operator;earthmoving operator;grader operator;road roller operator|машинист экскаватора;экскаваторщик;бульдозерист;машинист бульдозера;грейдерист;машинист автогрейдера;машинист катка;машинист асфальтоукладчика;машинист фронтального погрузчика;водитель экскаватора;машинист экскаватора-погрузчика;водитель бульдозера;водитель катка;катковщик;грейдерщик;водитель грейдера|экскаваторчу;бульдозерист;экскаватор айдоочу;бульдозер айдоочу;грейдерчи;грейдер айдоочу;каток айдоочу;экскаватор машинисти|ekskavatorchi;buldozerchi;ekskavator haydovchisi;buldozer haydovchisi;katokchi;ekskavator operatori|экскаваторчи;бульдозерчи|экскаваторчӣ;булдозерчӣ;ронандаи экскаватор;ронандаи булдозер;экскаваторрон;ронандаи грейдер
8343|crane operator;tower crane operator;mobile crane operator|крановщик;машинист крана;машинист башенного крана;машинист автокрана;крановщица;оператор крана-манипулятора;водитель манипулятора;манипуляторщик;водитель автокрана;автокрановщик;машинист мостового крана;оператор мостового крана|кранчы;кран айдоочу;кран айдоочусу;автокран айдоочу;кран машинисти;манипулятор айдоочу|kranchi;kran operatori;kran haydovchisi;avtokran haydovchisi;avtokranchi|кранчи|кранрон;кранчӣ;ронандаи кран;ронандаи автокран;ронандаи манипулятор
8113|driller;drilling operator;assistant driller;roughneck|бурильщик;помощник бурильщика;помбур;машинист буровой установки;буровик;бурильщик скважин;машинист буровой;буровой мастер;оператор буровой установки;буровой рабочий|бургулоочу;скважина бургулоочу;скважина казуучу|burgʻulovchi;quduq burgʻulovchi|бурғуловчи|пармакор;бурилщик
8111|miner;mining worker;underground miner|шахтёр;горнорабочий;проходчик;горнорабочий подземный;шахтер;горняк;забойщик;крепильщик;горный рабочий;подземный рабочий|шахтёр;кенчи;кен казуучу;шахта жумушчусу;кен жумушчусу|shaxtyor;konchi;shaxta ishchisi|шахтёр;кончи;кон ишчиси|маъданчӣ;маъданкан;шахтёр;коргари шахта;конкан;коргари кон
9311|quarry worker;mining labourer;quarry labourer|рабочий карьера;рабочий на карьер;карьерный рабочий|карьер жумушчусу;таш карьер жумушчусу|karyer ishchisi;tosh karyeri ishchisi|карьер ишчиси|коргари карьер;коргари карьери санг
8332|truck driver;lorry driver;HGV driver;heavy truck driver;long-haul driver;dump truck driver|водитель грузовика;водитель фуры;дальнобойщик;водитель категории C;водитель категории CE;водитель самосвала;водитель бетоносмесителя;водитель грузового автомобиля;шофер грузовика;дальнобой;водитель КАМАЗа;водитель миксера;водитель категории С;водитель мусоровоза|жүк ташуучу айдоочу;фура айдоочу;жүк машинасынын айдоочусу;фурачы;грузовик айдоочу;самосвал айдоочу;камаз айдоочу;жүк машина айдоочу|yuk mashinasi haydovchisi;fura haydovchisi;dalnoboychi;gruzovik haydovchisi;samosval haydovchisi;samosvalchi;kamazchi;yuk mashinasi shofyori;kamaz haydovchisi;gruzovik shofyori;fura shofyori|юк машинаси ҳайдовчиси;фура ҳайдовчиси|ронандаи мошини боркаш;ронандаи фура;ронандаи боркаш;ронандаи самосвал;шофери боркаш;шофери фура;далнабойщик;ронандаи камаз;шофери камаз
8331|bus driver;coach driver;tram driver;minibus driver|водитель автобуса;водитель трамвая;водитель категории D;водитель маршрутки;маршрутчик;водитель микроавтобуса;водитель маршрутного такси;водитель троллейбуса;водитель пассажирского транспорта;водитель вахтового автобуса;водитель вахтовки|автобус айдоочусу;маршрутка айдоочусу;автобус айдоочу;маршруткачы;бус айдоочу;троллейбус айдоочу;трамвай айдоочу|avtobus haydovchisi;avtobus shofyori;marshrutka haydovchisi;tramvay haydovchisi|автобус ҳайдовчиси;автобус шофёри|ронандаи автобус;ронандаи маршрутка;ронандаи трамвай;шофери автобус;ронандаи микроавтобус;шофери маршрутка
8322|car or van driver;car driver;van driver;chauffeur;personal driver|водитель легкового автомобиля или фургона;водитель легкового автомобиля;водитель газели;водитель фургона;водитель категории B;водитель категории В;личный водитель;персональный водитель|жеңил унаа же фургон айдоочусу;жеңил унаа айдоочусу;жеңил машина айдоочусу;газель айдоочусу;жеке айдоочу|yengil avtomobil yoki furgon haydovchisi;yengil mashina haydovchisi;yengil avtomobil haydovchisi;shaxsiy haydovchi;gazel haydovchisi;furgon haydovchisi|енгил машина ҳайдовчиси;шахсий ҳайдовчи|ронандаи мошини сабукрав ё фургон;ронандаи мошини сабукрав;ронандаи шахсӣ;ронандаи газел
8322.01|taxi driver;cab driver|водитель такси;таксист|такси айдоочу;таксист;таксичи;такси айдоочусу|taksi haydovchisi;taksist|такси ҳайдовчиси;такси шофёри|ронандаи таксӣ;таксист
4323|dispatcher;transport dispatcher;logistics dispatcher|диспетчер;диспетчер такси;диспетчер по транспорту;диспетчер по грузоперевозкам|диспетчер;такси диспетчери|dispetcher|диспетчер|диспетчер
9621|courier;delivery worker;delivery driver;parcel deliverer;delivery rider|курьер;доставщик;курьер-доставщик;велокурьер;пеший курьер;автокурьер;доставщик еды;развозчик;доставка еды;доставщица|курьер;жеткирүүчү;тамак жеткирүүчү;доставкачы;доставка кызматкери|kuryer;yetkazib beruvchi;yetkazib berish xodimi;dostavka;dostavka haydovchisi;yetkazib berish|курьер;етказиб берувчи;етказувчи|курер;расонанда;расонандаи хӯрок;доставкаи хӯрок
4412|postal worker;postman;mail sorter|почтальон;сортировщик почты;оператор почтовой связи;почтовый работник;оператор почты;работник почты;сортировщик посылок;почтовик|почточу;почтальон;почта кызматкери;почта ташуучу|pochtachi;pochtalyon;pochta xodimi;pochta tashuvchi;xat tashuvchi|почтачи|хатрасон;почтальон;корманди почта
9333|warehouse worker;order picker;warehouse picker;sorter|комплектовщик;работник склада;сборщик заказов;грузчик-комплектовщик;сортировщик;кладовщик-комплектовщик;рабочий склада;складской рабочий;работник на склад;комплектовщица;сортировщица;сборщица заказов;складской работник;работница склада|кампа жумушчусу;складчы;склад жумушчусу;склад кызматкери;заказ жыйноочу;кампа кызматкери;заказ чогултуучу|ombor ishchisi;sklad ishchisi;omborxona ishchisi;ombor;omborxona;buyurtma yigʻuvchi;zakaz yigʻuvchi;skladchik|омбор ишчиси;склад ишчиси|коргари анбор;коргари склад;ҷамъкунандаи фармоиш;кор дар склад;кор дар анбор
9333.01|loader;mover;freight handler;removal worker|грузчик;грузчик-разнорабочий;грузчик на склад;грузчик-экспедитор;грузчица;разгрузчик;грузчик-такелажник;разгрузка вагонов;погрузочно-разгрузочные работы|жүк ташуучу;жүк көтөрүүчү;жүк түшүрүүчү;жүкчү;жүк жүктөөчү;жүк артуучу|yuk tashuvchi;yukchi;hammol;gruzchik;yuk tushiruvchi;yuk koʻtaruvchi;yuk ortuvchi|юк ташувчи;юкчи;ҳаммол;юк кўтарувчи|борбардор;ҳаммол;боркаш;гружчик;грусчик
4321|storekeeper;stock clerk;warehouse keeper|кладовщик;завсклад;заведующий складом;кладовщица;приемщик товара;приемщица товара|кампачы;кампа башчысы;склад башчысы|omborchi;omborxona mudiri;ombor mudiri;sklad mudiri|омборчи;омборхона мудири|анбордор;мудири анбор;мудири склад;анборбон
9321|packer;hand packer;packing worker|упаковщик;фасовщик;упаковщица;фасовщица;укладчик-упаковщик;фасовщик-упаковщик;упаковка;фасовка;расфасовщица;расфасовщик|таңгактоочу;таңгакчы;фасовкачы;фасовка жумушчусу|qadoqlovchi;upakovkachi;qadoqchi;qadoqlash ishchisi;upakovka ishchisi|қадоқловчи|бастабанд;бастабандкунанда;бастабандчӣ
8183|packing machine operator;packaging line operator;bottling operator|оператор упаковочной машины;оператор упаковочной линии;оператор фасовочного оборудования;оператор линии розлива;оператор упаковочного оборудования;оператор фасовочной машины;оператор розлива;оператор фасовки;оператор упаковки;машинист упаковочной машины|таңгактоочу машинанын оператору;таңгактоо линиясынын оператору;упаковка линиясынын оператору|qadoqlash uskunasi operatori;qadoqlash liniyasi operatori;upakovka apparati operatori|қадоқлаш ускунаси оператори;қадоқлаш линияси оператори;упаковка линияси оператори|оператори дастгоҳи бастабандӣ;оператори хати бастабандӣ;оператори линияи упаковка
8344|forklift operator;forklift driver;reach truck driver|водитель погрузчика;погрузчик;карщик;оператор погрузчика;водитель вилочного погрузчика;оператор ричтрака;ричтракист;водитель электропогрузчика;оператор вилочного погрузчика;оператор штабелера;водитель штабелера;электрокарщик;водитель электрокары;карщица|погрузчик айдоочу;погрузчикчи;погрузчик айдоочусу;автопогрузчик айдоочу|pogruzchik haydovchisi;yuklagich haydovchisi;pogruzchikchi;pogruzchik operatori;avtopogruzchik haydovchisi|погрузчик ҳайдовчиси;юклагич ҳайдовчиси|ронандаи погрузчик;погрузчикрон;ронандаи бордоркунак;бордоркунак
8153|sewing machine operator;sewing machinist;seamstress;garment worker|швея;швея-мотористка;швея-оператор;оператор швейного оборудования;оператор швейной машины;швейник;мотористка;оператор швейного производства|тигүүчү;тикмечи;тигинчи;тигүү цехинин жумушчусу;швейка жумушчусу|tikuvchi;tikuvchi-motorist;tikuvchi ayol;tikuv sexi ishchisi|тикувчи;тикув цехи ишчиси|дӯзанда;дарздӯз;коргари сехи дӯзандагӣ;шивея
8152|knitting machine operator;weaver;loom operator;knitter|вязальщица;ткач;ткачиха;оператор вязальной машины;оператор ткацкого станка;вязальщик;трикотажница;оператор вязального оборудования|токуучу;токумачы;токуу цехинин жумушчусу|toʻquvchi;toʻquv sexi ishchisi|тўқувчи;тўқув цехи ишчиси|бофанда;коргари бофандагӣ;матобоф
7531|tailor;dressmaker|портной;портниха;мастер по пошиву одежды;мастер по ремонту одежды;мастер ателье;швея в ателье;швея-портниха;мастер по пошиву|тигүүчү уста;кийим тигүүчү;ателье устасы|tikuvchi usta;chevar;kiyim tikuvchi|тикувчи уста;чевар|дарзӣ;либосдӯз
7532|garment cutter;fabric cutter;cutting room worker|закройщик;закройщица;раскройщик;раскройщица;раскройщик ткани;настильщица;настильщик|бычмачы;бычуучу;кездеме бычуучу|bichuvchi;gazlama bichuvchi;bichiqchi;bichish ustasi|бичувчи|буранда;бурандаи матоъ
7533|embroiderer;embroidery machine operator|вышивальщица;оператор вышивальной машины;вышивальщик;машинная вышивка;оператор вышивального оборудования|сайма саюучу;саймачы;кесте саюучу|kashtachi;kashta tikuvchi;zardoʻz|каштачи;зардўз|гулдӯз
7536|shoemaker;cobbler;shoe repairer|сапожник;обувщик;мастер по ремонту обуви;мастер по обуви;ремонт обуви|өтүкчү;өтүк тигүүчү;бут кийим устасы;бут кийим оңдоочу;өтүк оңдоочу|etikdoʻz;poyabzal ustasi;poyabzal tikuvchi;etikchi;poyafzal ustasi;poyafzal tikuvchi|этикдўз|мӯзадӯз;пойафзолдӯз;кафшдӯз;устои пойафзол
5120|cook;chef;line cook;kitchen cook;ship's cook|повар;шеф-повар;повар горячего цеха;повар-универсал;судовой повар;шашлычник;повариха;кухарка;кашевар;сушист;сушистка;мангальщик|ашпозчу;ашпоз;тамак бышыруучу;шашлыкчы;ашчы;тамак жасоочу;лагманчы|oshpaz;bosh oshpaz;ovqat pishiruvchi;kabobchi|ошпаз;бош ошпаз;ошпаз аёл|ошпаз;сарошпаз;кабобпаз;шашлыкпаз;хӯрокпаз;пазанда;хӯрокпазанда
9411|fast food worker;fast food cook;kebab maker;shawarma maker;pizza maker|работник фастфуда;повар фастфуда;шаурмист;пиццамейкер;шаурмщик;пиццайоло;шавермщик;повар шаурмы;мастер шаурмы;бургермейкер|фастфуд кызматкери;шаурма жасоочу;пицца жасоочу;фастфуд ашпозу;бургер жасоочу;донер жасоочу|fastfud xodimi;shaurmachi;pitsachi;fastfud oshpazi;lavashchi;shaurma ustasi|фастфуд ходими;шаурмачи|коргари фастфуд;шаурмапаз;пиццапаз
9412|kitchen helper;kitchen assistant;kitchen porter|кухонный работник;помощник повара;кухонный рабочий;подсобный рабочий на кухню;кухработник;помощник на кухню;кухработница;помощница повара;подсобница на кухню;чистильщица овощей;кухонная работница|ашкана жардамчысы;ашпоздун жардамчысы;ашкана жумушчусу;ашкана кызматкери;повардын жардамчысы|oshxona yordamchisi;oshpaz yordamchisi;oshxona ishchisi;kuxnya ishchisi;povar yordamchisi;oshxona xodimi;kuxnya rabochiy|ошхона ёрдамчиси;ошпаз ёрдамчиси|ёрдамчии ошпаз;коргари ошхона;ёрдамчии ошхона;коргари кухня;ёрдамчии повар
9412.01|dishwasher;pot washer;kitchen steward|посудомойщица;посудомойщик;мойщица посуды;мойщик посуды;посудомойка;судомойка;мойка посуды;посудомой|идиш жуучу;посуда жуучу;идиш-аяк жуучу;чыны-аяк жуучу|idish yuvuvchi;posuda yuvuvchi;idish-tovoq yuvuvchi;idish yuvish|идиш ювувчи;идиш ювиш|зарфшӯй;зарфшӯянда;посудашӯй
5246|food counter attendant;canteen server;serving line attendant|раздатчица;раздатчик;работник линии раздачи;буфетчица;буфетчик;раздатчица в столовую;раздача;линия раздачи;работница столовой|тамак таратуучу|ovqat tarqatuvchi;bufetchi;ovqat beruvchi|овқат тарқатувчи;буфетчи|буфетчӣ;тақсимкунандаи хӯрок;тақсимкунандаи таом
5131|waiter;waitress;server;food server|официант;официантка;раннер|официант;официант кыз;кафе тейлөөчүсү;ресторан тейлөөчүсү|ofitsiant;afitsant;afitsantka|официант|пешхизмат;официант;пешхизмати тарабхона;афисант
5132|bartender;barista;barman|бармен;бариста;бармен-бариста;барменша|бармен;кофе жасоочу|barmen;kofe tayyorlovchi;kofe ustasi|бармен|бармен
7512|baker;bread baker;tandoor baker|пекарь;пекарь-кондитер;тандырщик;пекарь-тандырщик;хлебопёк;хлебопек;тестомес;тестовод;формовщик теста|наабайчы;нан бышыруучу;нан жасоочу;самсачы;наабай;токоч бышыруучу|novvoy;tandirchi;non yopuvchi;somsapaz;non pishiruvchi;tandir ustasi;samsapaz;somsa yopuvchi;non yopish|новвой;тандирчи|нонвой;нонпаз;самбӯсапаз;самсапаз
7512.01|confectioner;pastry cook;pastry chef|кондитер;повар-кондитер;мастер по тортам;кондитерша|кондитер;торт жасоочу;таттуу жасоочу;торт бышыруучу|qandolatchi;konditer;tort ustasi;shirinlik tayyorlovchi;tortchi;tort pishiruvchi|қандолатчи|қаннод;кондитер;тортпаз;устои торт
7513|dairy products maker;cheese maker|сыровар;сыродел;оператор молочного производства;работник молочного завода;рабочий сыроварни;маслодел|сыр жасоочу;сүт азыктарын жасоочу;сүт заводунун жумушчусу|pishloq tayyorlovchi;sut zavodi ishchisi;pishloqchi|пишлоқ тайёрловчи|панирпаз;коргари заводи шир;панирсоз
4224|hotel receptionist;front desk agent;receptionist|администратор гостиницы;администратор отеля;администратор ресепшн;ресепшионист;администратор на ресепшн;администратор ресепшен;администратор хостела|мейманкананын администратору;ресепшн кызматкери;мейманкана администратору|mehmonxona administratori;resepshn xodimi;otel administratori|меҳмонхона администратори|маъмури меҳмонхона;корманди ресепшн;администратори меҳмонхона
3423|hotel animator;entertainment animator;kids club animator|аниматор;детский аниматор;аниматор в отель|аниматор;балдар аниматору|animator;bolalar animatori|аниматор|аниматор;аниматори кӯдакона
9112.01|hotel housekeeper;room attendant;chambermaid;housekeeping attendant|горничная;горничная в гостиницу;работник хаускипинга;горничная в отель;уборщица в гостиницу;хаускипер;уборщица номеров;уборщик номеров|мейманкана кызматчысы;бөлмө тазалоочу;мейманкана тазалоочу;бөлмө жыйноочу|mehmonxona xizmatchisi;xona tozalovchi;mehmonxona farroshi;xona yigʻishtiruvchi|меҳмонхона хизматчиси;хона тозаловчи|хизматгори меҳмонхона;фарроши меҳмонхона;тозакунандаи ҳуҷра
9112.02|cleaner;office cleaner;janitor;cleaning operative|уборщица;уборщик;уборщик помещений;клинер;уборщик производственных помещений;уборщица в офис;уборщица-техничка;оператор клининга;оператор уборки;оператор поломоечной машины;клининг;уборка помещений|тазалоочу;тазалыкчы;тазалоочу аял;тазалык кызматкери;клининг кызматкери|farrosh;tozalovchi;farrosh ayol;tozalik xodimi;klining xodimi|фаррош;тозаловчи|фаррош;тозакунанда;тозакунандаи бино
9123|window cleaner;facade cleaner|мойщик окон;мойщица окон;мойщик фасадов;мойщик стёкол;мойщик витрин;мойщик стекол;мойка окон;мойщица витрин|терезе жуучу;айнек жуучу;терезе тазалоочу|deraza yuvuvchi;oyna yuvuvchi;oyna artuvchi;deraza tozalovchi|дераза ювувчи;ойна ювувчи|тирезашӯй;шишашӯй;тозакунандаи тиреза
9121|laundry worker;laundry attendant;presser;ironer|работник прачечной;прачка;гладильщица;оператор прачечной;гладильщик;работница прачечной;сотрудник прачечной;оператор гладильного оборудования|кир жуучу;үтүктөөчү;үтүкчү;прачечная жумушчусу|kir yuvuvchi;dazmolchi;dazmollovchi;prachechnaya ishchisi;kirchi|кир ювувчи;дазмолчи|ҷомашӯй;дарзмолкунанда;коргари ҷомашӯйхона;дарзмолчӣ
9613|street sweeper;yard keeper|дворник;дворничиха;уборщик территории;уборщик улиц;уборщица территории;рабочий по благоустройству;рабочий комплексной уборки;рабочий по комплексной уборке территории;уборщица улиц|көчө шыпыруучу;короо тазалоочу;дворник;шыпыруучу;көчө тазалоочу|koʻcha supuruvchi;hovli supuruvchi;dvornik;koʻcha farroshi;koʻcha tozalovchi;hovli farroshi;obodonlashtirish ishchisi|кўча супурувчи;ҳовли супурувчи;кўча фарроши;кўча тозаловчи|ҷорӯбкаш;фарроши кӯча;кӯчарӯб;фарроши ҳавлӣ;тозакунандаи кӯча;ҷорӯбзан
9611|refuse collector;garbage collector;bin man|мусорщик;рабочий по вывозу мусора;рабочий мусоровоза;грузчик мусоровоза;вывоз мусора;рабочий по вывозу ТБО|таштанды чогултуучу;таштанды ташуучу;мусор ташуучу;мусор чогултуучу|chiqindi yigʻuvchi;musorchi;musor yigʻuvchi;chiqindi tashuvchi;axlatchi;axlat yigʻuvchi;axlat tashuvchi|чиқинди йиғувчи|партовғундор;партовкаш;ахлоткаш;мусоркаш
9612|refuse sorter;waste sorter;recycling sorter|сортировщик мусора;сортировщик отходов;сортировщик вторсырья;сортировщик ТБО;сортировщица мусора;сортировщица вторсырья;сортировщица отходов;рабочий мусоросортировочного завода|таштанды сорттоочу;таштанды ылгоочу|chiqindi saralovchi;musor saralovchi;axlat saralovchi;chiqindi ajratuvchi|чиқинди сараловчи|ҷудокунандаи партов;ҷудокунандаи ахлот
9111|domestic worker;domestic cleaner;housemaid|домработница;помощница по хозяйству;помощница по дому;домработник;прислуга;помощник по хозяйству;помощник по дому;уборщица в частный дом|үй кызматчысы;үй жумушчусу;үй тазалоочу;үй жардамчысы;үй кызматкери|uy xizmatchisi;uy ishchisi;xizmatkor|уй хизматчиси;уй тозаловчи|хизматгори хона;коргари хона;хизматчии хона;ёрдамчии хона;хизматгори хонагӣ
5311|nanny;babysitter;child carer|няня;няня-гувернантка;няня-воспитатель;бебиситтер;беби-ситтер;гувернантка;няня-домработница;нянька|бала багуучу;бала кароочу;балдарды кароочу|enaga;bola qarovchi;bolaga qarovchi;bola boquvchi;bolalarga qarovchi;bolaga qarash|энага|доя;парастори кӯдак;парастори бача;парастори кӯдакон
5322|caregiver;care assistant;home care worker;elderly carer;care worker;kaigo|сиделка;помощник по уходу;социальный работник по уходу;сиделка для пожилых;помощница по уходу;уход за пожилыми;сиделка-компаньонка;сиделка-домработница;уход за больными|карыларды кароочу;кароочу;оорулууларды кароочу;карыяларды багуучу|qariyalarga qarovchi;qarovchi;bemorga qarovchi;keksalarga qarovchi;qariyaga qarovchi;keksaga qarovchi;nogironlarga qarovchi;bemorlarga qarovchi;qariyalarga qarash;qariyaga qarash|қарияларга қаровчи;қаровчи;қарияга қаровчи|парастор;парастори пиронсолон;нигоҳубинкунанда;парастори бемор;нигоҳубини пиронсолон;нигоҳубини бемор
5321|nurse aide;nursing assistant;healthcare assistant;hospital orderly;orderly|санитар;санитарка;младшая медсестра;помощник медсестры;младшая медицинская сестра;санитарка-уборщица;младший медицинский персонал|санитар;медайымдын жардамчысы;медсестранын жардамчысы;кичүү медайым|sanitar;hamshira yordamchisi;kichik hamshira|ҳамшира ёрдамчиси|санитар;ёрдамчии ҳамшира
3221|nurse;registered nurse;staff nurse|медсестра;медбрат;медицинская сестра;медицинский брат|медайым;мед айым|hamshira;tibbiyot hamshirasi;tibbiy hamshira|ҳамшира;тиббиёт ҳамшираси|ҳамшираи шафқат;ҳамшира;ҳамшираи тиббӣ
2211|doctor;physician;medical doctor|врач;доктор;врач-терапевт;терапевт|дарыгер;врач;доктур|shifokor;vrach|шифокор;врач|духтур;табиб;пизишк
3255|massage therapist;masseur;masseuse|массажист;массажистка;мастер массажа|массажист;укалоочу;массаж устасы;массаж жасоочу;укалоо устасы|massajist;massajchi|массажчи|массажист;молишгар;устои массаж
9213|farm worker;farmhand;agricultural worker;farm labourer|рабочий фермы;рабочий на ферму;сельхозрабочий;разнорабочий на ферму;работник фермы;сельскохозяйственный рабочий;сельхозработник;работница фермы;полевой рабочий|ферма жумушчусу;дыйкан;айыл чарба жумушчусу;талаа жумушчусу|ferma ishchisi;qishloq xoʻjalik ishchisi;dehqon;qishloq xoʻjaligi ishchisi;fermer ishchisi;dala ishchisi;selxoz ishchisi|ферма ишчиси;деҳқон;қишлоқ хўжалиги ишчиси|коргари ферма;деҳқон;коргари кишоварзӣ;коргари хоҷагии қишлоқ;кишоварз;кор дар ферма;коргари саҳро
9212|livestock worker;dairy farm worker;milker;animal carer;pig farm worker;stable hand|животновод;доярка;скотник;оператор машинного доения;свинарь;конюх;дояр;работник животноводческой фермы;скотница;телятница;свинарка;оператор животноводческого комплекса;оператор доения|малчы;саанчы;мал кароочу;мал чарба жумушчусу;уй саачу;мал багуучу;чочко багуучу|chorvador;sogʻuvchi;sigir sogʻuvchi;mol boquvchi;chorva fermasi ishchisi;molboqar;sut sogʻuvchi;sigir sogʻish|чорвадор;соғувчи|чорводор;ширдӯш;говдӯш;коргари чорводорӣ;саис
9212.01|poultry farm worker;poultry worker;chicken farm worker|птичник;птичница;рабочий птицефабрики;оператор птицефабрики;работник птицефабрики;рабочий на птицефабрику;сборщик яиц;сборщица яиц|тоок фермасынын жумушчусу;канаттуулар фабрикасынын жумушчусу;куш фабрикасынын жумушчусу;тоок фабрикасынын жумушчусу|parrandachilik ishchisi;tovuq fermasi ishchisi;parranda fabrikasi ishchisi;ptitsefabrika ishchisi;tovuqxona ishchisi|паррандачилик ишчиси;товуқ фермаси ишчиси|коргари паррандапарварӣ;паррандапарвар;коргари мурғхона;коргари паррандахона;мурғхона;птицефабрика
6121|shepherd;herder;stockman|чабан;пастух;табунщик;овцевод;гуртовщик|чабан;койчу;жылкычы;кой кайтаруучу;жылкы багуучу;кой багуучу;уйчу;падачы;уй кайтаруучу|choʻpon;podachi;qoʻy boquvchi;qoʻy boqish|чўпон;подачи;қўйчи;қўй боқувчи|чӯпон;подабон;рамабон;гӯсфандбон;говбон
6123|beekeeper|пчеловод;пасечник|аарычы;бал аарычы;аары багуучу;умарта кароочу|asalarichi;asalari boquvchi|асаларичи|занбӯрпарвар;асалпарвар
9214|greenhouse worker;horticultural worker;nursery worker|рабочий теплицы;тепличный рабочий;работник теплицы;тепличница;рабочий в теплицу;работница теплицы;рабочий тепличного комбината;овощевод защищенного грунта;рабочий тепличного хозяйства;рабочий питомника|теплица жумушчусу;жылыткана жумушчусу;теплицачы;парник жумушчусу|issiqxona ishchisi;teplitsa ishchisi;issiqxonachi|иссиқхона ишчиси|коргари гармхона;коргари теплитса;коргари парник;теплица;гармхона
9211|fruit picker;harvest worker;berry picker;vegetable picker;seasonal farm worker;grape picker;strawberry picker;apple picker|сборщик фруктов;сборщик ягод;сборщик урожая;сборщик овощей;сборщик винограда;сборщик клубники;сборщик яблок;сборщик черешни;сборщик малины;сборщица ягод;сборщица фруктов;сборщица урожая;сбор урожая;сборщик хлопка|жемиш тергич;түшүм жыйноочу;кулпунай тергич;мөмө тергич;алма тергич;жүзүм тергич;жемиш терүүчү;мөмө терүүчү;жашылча терүүчү;кулпунай терүүчү;жүзүм терүүчү;алма терүүчү|meva teruvchi;hosil yigʻuvchi;uzum teruvchi;qulupnay teruvchi;olma teruvchi;meva yigʻuvchi;terimchi;paxta teruvchi;sabzavot teruvchi;klubnika teruvchi;meva terish;olma terish;qulupnay terish;hosil yigʻish|мева терувчи;ҳосил йиғувчи|мевачин;ҳосилғундор;ангурчин;себчин;пахтачин;қулфинайчин;ҷамъоварии мева;ҷамъоварии ҳосил
6113|gardener;landscaper;groundskeeper|садовник;озеленитель;рабочий по озеленению;цветовод;рабочий зеленого хозяйства;косильщик травы|бакчы;багбан;бакча кароочу;гүл өстүрүүчү;бак кароочу;көгалдандыруучу|bogʻbon;bogʻ ishchisi;bogʻ ustasi|боғбон|боғбон;коргари боғ;боғбони ҳавлӣ;гулпарвар
8341|tractor driver;agricultural machinery operator;combine operator|тракторист;механизатор;комбайнер;тракторист-машинист;тракторист-механизатор;комбайнёр;водитель трактора;водитель комбайна|тракторчу;трактор айдоочу;комбайн айдоочу|traktorchi;kombaynchi;traktor haydovchisi;kombayn haydovchisi|тракторчи;комбайнчи|тракторчӣ;тракторронӣ;ронандаи трактор;ронандаи комбайн
9215|forestry worker;logger;tree feller;lumberjack|лесоруб;вальщик леса;рабочий на лесозаготовку;рабочий лесозаготовки;вальщик деревьев;раскряжевщик;чокеровщик;обрубщик сучьев;сучкоруб;бензопильщик;рабочий на лесоповал|токой жумушчусу;дарак кесүүчү;жыгач кыюучу;токой кыюучу|daraxt kesuvchi;oʻrmon ishchisi;oʻrmon kesuvchi|дарахт кесувчи;ўрмон ишчиси;ёғоч кесувчи|дарахтбур;коргари ҷангал
9216|fish farm worker;aquaculture worker;fishery labourer|рыбовод;рабочий рыбного хозяйства;рабочий рыбной фермы;работник рыбной фермы|балык чарбасынын жумушчусу|baliq fermasi ishchisi;baliqchilik xoʻjaligi ishchisi;baliq boquvchi;baliqchilik ishchisi|балиқ фермаси ишчиси|моҳипарвар;коргари моҳипарварӣ;коргари ҳавзи моҳӣ
6223|fisherman;deck fisherman;fishing vessel crew|рыбак;матрос рыболовного судна;рыболов;матрос-рыбак|балыкчы;балык кармоочу|baliqchi;baliq tutuvchi|балиқчи|моҳигир;моҳигири киштӣ
8350|seaman;sailor;deckhand;able seaman;seafarer|матрос;моряк;палубный матрос;матрос на судно;член экипажа судна;боцман;юнга|матрос;деңизчи;кемечи;кеме матросу|matros;dengizchi;kema matrosi|матрос;денгизчи|матрос;баҳрнавард;матроси киштӣ;киштибон
7511.01|meat processing worker;butcher;meat cutter;meat boner;poultry processing worker|обвальщик мяса;жиловщик мяса;рабочий мясокомбината;мясник;разделщик мяса;обработчик птицы;работник мясного цеха;обвальщик;обвальщица;жиловщик;рубщик мяса;забойщик скота|эт бөлүүчү;касапчы;касап;эт комбинатынын жумушчусу;мал союучу;эт кесүүчү;эт цехинин жумушчусу|goʻsht boʻluvchi;qassob;goʻsht kombinati ishchisi;goʻsht sexi ishchisi;goʻsht kesuvchi;mol soʻyuvchi|гўшт бўлувчи;қассоб;гўшт цехи ишчиси;гўшт комбинати ишчиси;гўшт кесувчи;мол сўювчи|гӯштбур;қассоб;коргари сехи гӯшт;мясокомбинат
7511.02|fish processing worker;fish filleter;seafood processor|рыбообработчик;рабочий рыбзавода;обработчик рыбы;обработчик морепродуктов;матрос-рыбообработчик;рабочий на рыбзавод;рыбообработчица;обработчица рыбы;разделщик рыбы;рабочий рыбоперерабатывающего завода|балык иштетүүчү;балык заводунун жумушчусу;балык тазалоочу|baliq qayta ishlovchi;baliq zavodi ishchisi;baliq tozalovchi;ribzavod ishchisi|балиқ ишловчи;балиқ қайта ишловчи|коргари коркарди моҳӣ;коргари заводи моҳӣ;рыбзавод
8160|food production worker;food factory worker;bakery line worker|рабочий пищевого производства;оператор пищевого производства;лепщица пельменей;лепщик пельменей;рабочий на пищевое производство;пельменщица;пельменщик;работник пищевого производства;рабочий пищевого цеха;лепщица вареников|тамак-аш өндүрүшүнүн жумушчусу;пельмень түйүүчү;азык-түлүк заводунун жумушчусу;чүчпара түйүүчү;тамак-аш цехинин жумушчусу|oziq-ovqat ishlab chiqarish ishchisi;oziq-ovqat zavodi ishchisi;chuchvara tuguvchi;pelmen tuguvchi|озиқ-овқат ишчиси|коргари истеҳсоли хӯрокворӣ;коргари заводи хӯрокворӣ;коргари сехи пелмен;пелменпаз;чучварапаз
8219|factory assembly worker;assembler;assembly line worker;production line worker|сборщик;сборщик на конвейере;оператор линии;оператор производственной линии;рабочий на завод;рабочий конвейера;сборщица;рабочий на конвейер;сборщица изделий|заводдо жыйноочу;конвейер жумушчусу;жыйноо линиясынын жумушчусу|zavodda yigʻuvchi;yigʻuvchi;konveyer ishchisi;konveyerchi;yigʻuv liniyasi ishchisi|йиғувчи;конвейер ишчиси;йиғув линияси ишчиси|ҷамъкунанда;коргари конвейер;коргари хати истеҳсолӣ
8212|electronics assembler;electrical equipment assembler;PCB assembler|сборщик электроники;сборщик электронной техники;монтажник радиоэлектронной аппаратуры;монтажник РЭА;сборщик электроприборов;монтажник печатных плат;монтажница РЭА;сборщица электроники|электроника жыйноочу;электроника заводунун жумушчусу;плата жыйноочу|elektronika yigʻuvchisi;elektronika zavodi ishchisi;plata yigʻuvchi|электроника йиғувчиси|ҷамъкунандаи электроника;коргари заводи электроника
9329|factory worker;manufacturing labourer;production worker|производственный рабочий;рабочий на производство;рабочий цеха;рабочий завода;рабочий на фабрику;разнорабочий на производство;разнорабочий на завод;работник производства;рабочий производства|завод жумушчусу;фабрика жумушчусу;цех жумушчусу;өндүрүш жумушчусу|zavod ishchisi;ishlab chiqarish ishchisi;fabrika ishchisi;sex ishchisi|завод ишчиси;цех ишчиси|коргари завод;коргари фабрика;коргари сех;коргари истеҳсолот;кор дар завод
8189|machine operator;production machine operator;equipment operator|оператор станка;оператор оборудования;оператор производственного оборудования|станок оператору;жабдуу оператору;жабдык оператору|stanok operatori;uskuna operatori;dastgoh operatori|станок оператори;ускуна оператори|оператори дастгоҳ;оператори таҷҳизот
8142|plastics machine operator;injection moulding operator;extruder operator|оператор термопластавтомата;литейщик пластмасс;оператор экструдера;оператор ТПА;рабочий на завод пластмасс;оператор литьевой машины;оператор экструзионной линии;оператор выдувного оборудования|пластик цехинин жумушчусу;пластмасса заводунун жумушчусу;пластик заводунун жумушчусу|plastmassa sexi ishchisi;plastik zavodi ishchisi;plastmassa zavodi ishchisi;TPA operatori|пластмасса цехи ишчиси|коргари сехи пластмасса;коргари заводи пластмасса;коргари заводи пластик
7543|quality inspector;quality controller;QC inspector;product tester|контролёр ОТК;контролёр качества;контролер качества;контролёр продукции;контролер ОТК;браковщик;браковщица;контролер продукции|сапат текшерүүчү;сапат контролеру;ОТК контролеру|sifat nazoratchisi;OTK nazoratchisi;sifat kontrolyori|сифат назоратчиси|назоратчии сифат;назоратчии ОТК;контролёри сифат
7223|CNC operator;lathe operator;machinist;turner;milling machine operator|оператор станков ЧПУ;оператор ЧПУ;токарь;фрезеровщик;станочник;токарь-универсал;токарь-фрезеровщик;станочник ЧПУ;оператор станков с ЧПУ;наладчик станков с ЧПУ;наладчик ЧПУ;расточник;зуборезчик|токарь;станокчу;фрезерчи;ЧПУ оператору|tokar;stanokchi;tokarchi|токар;станокчи|харрот;токар
7211|foundry worker;metal caster;foundry moulder|литейщик;формовщик литейного производства;заливщик металла;стерженщик;обрубщик литья|металл куюучу;куюу цехинин жумушчусу;металл эритүүчү|metall quyuvchi;quymakor;quyma sexi ishchisi|металл қуйувчи;қуймакор;қуйма цехи ишчиси|рехтагар;рехтагари металл
7221|blacksmith;forging worker;forge operator|кузнец;кузнец-штамповщик;штамповщик;молотобоец|темир уста;темирчи;темир согуучу|temirchi;temir ustasi|темирчи|оҳангар
7224|grinder;metal polisher;grinding machine operator|шлифовщик;полировщик;заточник;шлифовальщик;шлифовщица;полировщица|жылмалоочу;шлифовкачы;жылтыратуучу|silliqlovchi;jilolovchi|силлиқловчи|сайқалгар;сайқалдиҳанда
7231|car mechanic;motor mechanic;auto mechanic;vehicle technician;truck mechanic;diesel mechanic|автомеханик;автослесарь;автомеханик-моторист;механик по ремонту автомобилей;автомастер;слесарь по ремонту автомобилей;автодиагност;ходовик;механик автосервиса;слесарь СТО;механик грузовых автомобилей|авто уста;автомеханик;унаа оңдоочу;унаа оңдоочу уста;машина оңдоочу;автоуста;унаа устасы;СТО устасы;мотор устасы|avtomexanik;avtoslesar;avtomobil ustasi;mashina ustasi;motorchi;moshina ustasi;xodovoychi;dvigatel ustasi|автомеханик;автомобил устаси|устои мошин;автомеханик;механики автомобил;таъмиргари мошин;устои автомобил;таъмиргари автомобил;механики мошин
7231.01|tyre fitter;tire technician;tyre changer|шиномонтажник;мастер шиномонтажа;вулканизаторщик;шиномонтаж|шиномонтажчы;шина устасы;вулканизатор;шиномонтаж устасы;дөңгөлөк оңдоочу|shinomontajchi;vulkanizatsiya ustasi;balonchi;balon ustasi;vulkanizatsiya|шиномонтажчи|шиномонтажчӣ;устои шина;вулканизатсия
7412|auto electrician;vehicle electrician;electromechanic|автоэлектрик;электромеханик;автоэлектрик-диагност;электрослесарь;слесарь-электрик|автоэлектрик;авто электрик;машина электриги|avtoelektrik|автоэлектрик|автоэлектрик;электрики мошин
7421|phone repair technician;electronics repairer;mobile phone technician|мастер по ремонту телефонов;мастер по ремонту электроники;радиомеханик;мастер по ремонту смартфонов;ремонтник телефонов;ремонт телефонов;телемастер;мастер по ремонту ноутбуков|телефон оңдоочу уста;телефон устасы;телефон оңдоочу;уюлдук телефон устасы;смартфон устасы|telefon ustasi;telefon taʼmirlovchi;telefon tuzatuvchi;elektronika ustasi|телефон устаси|устои телефон;таъмиргари телефон;устои электроника;таъмиргари электроника;телефонсоз
7313|jeweller;goldsmith|ювелир;ювелирщик|зергер;зергер уста;алтын уста|zargar;zargar usta|заргар|заргар
7233|machinery mechanic;industrial mechanic;maintenance fitter|слесарь-ремонтник;механик оборудования;слесарь;слесарь по ремонту оборудования;слесарь-механик;механик-ремонтник;ремонтник оборудования|слесарь;механик;жабдык оңдоочу;станок оңдоочу|chilangar;mexanik;uskuna taʼmirlovchi|чилангар;механик|челонгар;механик;таъмиргари таҷҳизот
8182|boiler operator;stoker;boiler house operator|оператор котельной;машинист котельной;кочегар;оператор газовой котельной;котельщик;машинист котлов;истопник;оператор котлов;оператор котельного оборудования|казанканачы;от жагуучу;котельная жумушчусу;казанкана жумушчусу;казанкана оператору|qozonxona operatori;oʻtyoqar;qozonxona ishchisi;kotelnaya operatori|қозонхона оператори;ўтёқар|оператори котелхона;кочегар;коргари котелхона
9122|car washer;vehicle cleaner|автомойщик;мойщик машин;мойщик автомобилей;автомойщица;мойщик автомашин;мойщица машин;мойщик авто;мойщица авто;детейлер;полировщик авто|унаа жуучу;машина жуучу;автомойкачы;автомойка жумушчусу|avtomobil yuvuvchi;moyka ishchisi;mashina yuvuvchi;moshina yuvuvchi;avtomoyka ishchisi;moyka;avtomoyka;moyshik;mashina yuvish;moshina yuvish|автомобил ювувчи;мойкачи;мойка|мошиншӯй;коргари мойка;автомойка
5245|fuel station attendant;petrol station attendant;gas station attendant|заправщик;заправщица;оператор АЗС;работник АЗС;работник заправки;оператор заправки;работница АЗС;работник бензоколонки;оператор бензоколонки|май куюучу;АЗС кызматкери;АЗС оператору;бензин куюучу;заправка кызматкери|zapravkachi;yoqilgʻi quyuvchi;benzin quyuvchi;gaz quyuvchi;zapravka|заправкачи;ёқилғи қуйувчи|заправкачӣ;коргари заправка;коргари АЗС
5414|security guard;watchman;guard;security officer|охранник;сторож;вахтёр;охранник ЧОП;сотрудник охраны;вахтер;охранница;сторожиха;вахтерша;секьюрити;сотрудник службы безопасности|күзөтчү;кароолчу;коопсуздук кызматкери;охрана кызматкери;күзөт кызматкери|qorovul;qoʻriqchi;xavfsizlik xodimi;soqchi;qoʻriqlovchi;oxrana xodimi;oxrana|қоровул;қўриқчи;қўриқловчи|посбон;нигаҳбон;қаровул;нигоҳбон;ахранник;муҳофиз;охрана
5223|shop assistant;sales assistant;shop worker;retail assistant|продавец;продавец-консультант;продавец-кассир;продавщица|сатуучу;дүкөн сатуучусу;сатуучу кыз;дүкөн жумушчусу|sotuvchi;savdo xodimi;doʻkon sotuvchisi;magazin sotuvchisi|сотувчи;савдо ходими;дўкон сотувчиси|фурӯшанда;фурӯшандаи мағоза;фурӯшандаи дӯкон;прадавец
5211|market seller;stall seller;market trader|продавец на рынке;реализатор;торговец на рынке;продавщица на рынке;продавец на рынок;продавец овощей и фруктов;продавец фруктов|базар сатуучусу;базарда сатуучу;базарчы;базар соодагери;контейнерде сатуучу|bozor sotuvchisi;bozorda sotuvchi;bozorchi;bozor savdogari|бозор сотувчиси|фурӯшандаи бозор;савдогари бозор
5230|cashier;checkout operator|кассир;кассирша|кассир;кассачы|kassir|кассир|хазинадор;кассир
9334|shelf filler;merchandiser;shelf stacker|мерчендайзер;выкладчик товара;выкладчица товара;работник торгового зала;мерчандайзер;выкладчица;работница торгового зала;сотрудник торгового зала|товар жайгаштыруучу;товар тизүүчү;текчеге тизүүчү;текче толтуруучу|tovar teruvchi;merchendayzer;vikladchik;tovar joylashtiruvchi|товар терувчи;мерчендайзер|молгузор;ҷойгиркунандаи мол
3322|sales representative;sales agent|торговый представитель;торговый агент;менеджер по продажам;торгпред;агент по продажам|соода өкүлү;сатуу менеджери;сатуу агенти;соода агенти|savdo vakili;savdo agenti;sotuv menejeri|савдо вакили|намояндаи савдо;агенти савдо;менеҷери фурӯш
5141|hairdresser;barber|парикмахер;барбер;парикмахер-универсал;мужской парикмахер;парикмахерша;стилист по волосам;мастер по стрижке|чач тарач;чачтарач;чач кыркуучу;чач устасы;чач жасоочу|sartarosh;soch ustasi|сартарош;сартарош уста|сартарош;устои мӯй
5142|beautician;beauty therapist;cosmetologist;make-up artist|косметолог;визажист;бровист;лешмейкер;мастер по наращиванию ресниц;мастер по бровям;мастер по ресницам;мастер депиляции;мастер шугаринга;визажистка|косметолог;визажист;каш устасы;кирпик устасы;макияж устасы;кирпик узартуучу|kosmetolog;vizajist;qosh ustasi;kiprik ustasi;makiyaj ustasi|косметолог;визажист|косметолог;ороишгар;устои абрӯ;устои мижа
5142.01|nail technician;manicurist;nail artist|мастер маникюра;маникюрщица;мастер ногтевого сервиса;мастер маникюра и педикюра;маникюрша;мастер педикюра;мастер по маникюру;мастер по педикюру;мастер по ногтям;нейл-мастер;маникюрщик|маникюр чебери;тырмак устасы;тырмак чебери|manikyur ustasi;manikyurchi;tirnoq ustasi;pedikyur ustasi|маникюр устаси|устои маникюр;устои нохун;устои педикюр
4132|data entry clerk;computer operator;PC operator|оператор ПК;оператор ввода данных;оператор компьютера;оператор базы данных;оператор ввода информации|компьютер оператору;ПК оператору;маалымат киргизүүчү|kompyuter operatori;maʼlumot kirituvchi|компьютер оператори|оператори компютер
4120|secretary;office secretary|секретарь;секретарь-референт;секретарша|катчы|kotib;kotiba|котиб;котиба|котиб;котибаи офис
4222|call centre operator;call center agent;customer service agent|оператор колл-центра;оператор контакт-центра;специалист контакт-центра;оператор горячей линии;оператор call-центра|колл-борбордун оператору;колл-центр оператору;ысык линия оператору|koll-markaz operatori;koll-sentr operatori;qoʻngʻiroq markazi operatori|колл-марказ оператори;қўнғироқ маркази оператори|оператори колл-марказ;оператори колл-сентр
3341|office manager;office administrator|офис-менеджер;администратор офиса|офис-менеджер|ofis menejeri;ofis administratori|офис менежери|менеҷери офис;офис-менеҷер;маъмури офис
2411|accountant;bookkeeper|бухгалтер;главный бухгалтер|бухгалтер;эсепчи;башкы бухгалтер|buxgalter;hisobchi;bosh buxgalter|бухгалтер;ҳисобчи|муҳосиб;бухгалтер;сармуҳосиб;ҳисобдор
2512|software developer;programmer;software engineer|программист;разработчик;разработчик программного обеспечения|программист;программачы|dasturchi;programmist;dasturlovchi|дастурчи;программист|барномасоз;барноманавис;программист
2522|systems administrator;IT administrator;network administrator|системный администратор;сисадмин;администратор сети;системный админ|системалык администратор;тармак администратору|tizim administratori;tizim admini|тизим администратори;тармоқ администратори|маъмури система;администратори система
2643|interpreter;translator|переводчик;устный переводчик;переводчица|котормочу;тилмеч|tarjimon;tilmoch|таржимон|тарҷумон;мутарҷим
1111|member of parliament;minister;senator;legislator|депутат;министр;сенатор;член парламента|депутат;министр;парламент мүчөсү|deputat;vazir;senator;parlament aʼzosi|депутат;вазир;сенатор|вакили парламент;вазир;сенатор
1112|ambassador;mayor;senior government official;head of government department|посол;глава администрации;аким|элчи;аким|elchi;hokim|элчи;ҳоким|сафир;раиси шаҳр;раиси ноҳия
1113|village head;village chief;village elder|глава села;староста села;сельский староста|айыл башчысы;айыл өкмөтүнүн башчысы|qishloq oqsoqoli;mahalla raisi|қишлоқ оқсоқоли;маҳалла раиси|раиси деҳа;раиси ҷамоат;оқсақоли деҳа
1114|trade union leader;NGO director;party leader;head of non-profit organisation|председатель профсоюза;руководитель НКО;лидер партии;глава общественной организации|профсоюз төрагасы;коомдук уюмдун башчысы|kasaba uyushmasi raisi;nodavlat tashkilot rahbari|касаба уюшмаси раиси;нодавлат ташкилот раҳбари|раиси иттифоқи касаба;роҳбари созмони ғайриҳукуматӣ
1120|general director;chief executive;managing director|генеральный директор;гендиректор;исполнительный директор|башкы директор;генералдык директор|bosh direktor;ijrochi direktor|бош директор;ижрочи директор|директори генералӣ;директори иҷроия
1211|finance director;finance manager;chief financial officer|финансовый директор;финансовый менеджер;начальник финансового отдела|финансы директору;финансылык менеджер|moliya direktori;moliya menejeri|молия директори;молия менежери|директори молиявӣ;менеҷери молиявӣ
1212|HR director;human resources manager;head of HR|директор по персоналу;начальник отдела кадров;руководитель отдела кадров|кадр бөлүмүнүн башчысы;персонал боюнча директор|kadrlar boʻlimi boshligʻi;HR direktor|кадрлар бўлими бошлиғи|сардори шӯъбаи кадрҳо;директори кадрҳо
1213|strategy director;strategic planning manager;policy manager|директор по стратегии;руководитель отдела стратегического планирования;директор по развитию|стратегия боюнча директор;өнүктүрүү боюнча директор|strategiya direktori;rivojlanish direktori|стратегия директори;ривожланиш директори|директори стратегия;директори рушд
1219|administrative director;facilities manager;administration manager|административный директор;фасилити-менеджер;директор по административной работе|административдик директор|maʼmuriy direktor;fasiliti menejer|маъмурий директор|директори маъмурӣ
1221|sales director;marketing director;commercial director;head of sales|коммерческий директор;директор по продажам;директор по маркетингу;руководитель отдела продаж|коммерциялык директор;сатуу бөлүмүнүн башчысы;маркетинг директору|tijorat direktori;savdo direktori;marketing direktori|тижорат директори;савдо директори;маркетинг директори|директори тиҷоратӣ;директори фурӯш;директори маркетинг
1222|PR director;advertising manager;head of public relations|PR-директор;директор по рекламе;руководитель PR-службы|жарнама бөлүмүнүн башчысы;PR-директор|reklama boʻlimi boshligʻi;PR direktor|реклама бўлими бошлиғи|директори реклама;роҳбари хадамоти PR
1223|R&D director;research director;head of research and development|директор по научной работе;директор по исследованиям и разработкам;руководитель НИОКР|илимий иштер боюнча директор|ilmiy ishlar boʻyicha direktor|илмий ишлар бўйича директор|директор оид ба корҳои илмӣ
1311|farm manager;plantation manager;agricultural production manager;forestry manager|управляющий фермой;агроменеджер;директор агрохолдинга;директор лесхоза|ферма башкаруучусу;чарба башчысы|ferma boshqaruvchisi;fermer xoʻjaligi rahbari;agromenejer|ферма бошқарувчиси;фермер хўжалиги раҳбари|мудири ферма;роҳбари хоҷагӣ
1312|fish farm manager;fishery manager;aquaculture manager|директор рыбхоза;управляющий рыбным хозяйством|балык чарбасынын башчысы|baliqchilik xoʻjaligi rahbari|балиқчилик хўжалиги раҳбари|роҳбари хоҷагии моҳипарварӣ
1321|plant manager;production manager;factory director;head of production|директор завода;начальник производства;директор по производству;начальник цеха|завод директору;өндүрүш башчысы;цех башчысы|zavod direktori;ishlab chiqarish boshligʻi;sex boshligʻi;fabrika direktori|завод директори;ишлаб чиқариш бошлиғи;цех бошлиғи|директори завод;сардори истеҳсолот;сардори сех
1322|mine manager;mine director;quarry manager|директор шахты;директор рудника;начальник рудника|шахта директору;кен башчысы|shaxta direktori;kon boshligʻi|шахта директори;кон бошлиғи|директори шахта;сардори кон
1323|construction manager;construction project manager;site manager;construction director|руководитель строительства;начальник строительного участка;руководитель строительного проекта;директор строительной компании|курулуш башчысы;курулуш долбоорунун менеджери|qurilish rahbari;qurilish loyihasi menejeri;qurilish boshligʻi|қурилиш раҳбари;қурилиш бошлиғи|сардори сохтмон;менеҷери лоиҳаи сохтмон
1324|logistics manager;supply chain manager;warehouse manager;distribution manager|логист;менеджер по логистике;руководитель отдела логистики;директор по логистике|логист;логистика менеджери|logist;logistika menejeri|логист;логистика менежери|логист;менеҷери логистика
1330|IT director;IT manager;head of IT|IT-директор;ИТ-директор;руководитель IT-отдела;начальник отдела ИТ|IT-директор;IT бөлүмүнүн башчысы|IT direktor;IT boʻlimi boshligʻi|IT бўлими бошлиғи|директори IT;сардори шӯъбаи IT
1341|nursery manager;daycare director;kindergarten head;childcare centre manager|заведующая детским садом;заведующий детским садом;директор детского сада|бала бакчанын башчысы;бала бакча башчысы|bogʻcha mudirasi;bogʻcha direktori|боғча мудираси;боғча директори|мудири кӯдакистон
1342|hospital director;chief physician;clinic manager;head doctor|главный врач;главврач;директор больницы;директор клиники|башкы дарыгер;оорукананын директору|bosh shifokor;bosh vrach;klinika direktori|бош шифокор;бош врач|сардухтур;директори беморхона
1343|care home manager;nursing home director;elderly care manager|директор дома престарелых;руководитель пансионата для пожилых|карылар үйүнүн директору|qariyalar uyi direktori|қариялар уйи директори|директори хонаи пиронсолон
1344|social services manager;social welfare manager;head of social services|руководитель социальной службы;директор центра социального обслуживания;начальник управления соцзащиты|социалдык кызматтын башчысы|ijtimoiy xizmat rahbari|ижтимоий хизмат раҳбари|роҳбари хадамоти иҷтимоӣ
1345|school principal;headteacher;school director;rector|директор школы;завуч;ректор;декан|мектеп директору;ректор;декан|maktab direktori;rektor;dekan|мактаб директори;ректор;декан|директори мактаб;ректор;декан
1346|bank branch manager;bank manager;insurance branch manager|управляющий отделением банка;директор филиала банка;управляющий банком|банк филиалынын башчысы|bank filiali boshqaruvchisi;bank filiali direktori|банк филиали бошқарувчиси|мудири филиали бонк
1349|museum director;library director;prison governor;archive manager|директор музея;директор библиотеки;начальник тюрьмы;директор архива|музей директору;китепкана директору|muzey direktori;kutubxona direktori|музей директори;кутубхона директори|директори осорхона;директори китобхона
1411|hotel manager;hotel director;hostel manager|управляющий гостиницей;директор гостиницы;директор отеля;управляющий отелем|мейманкана директору;мейманкананы башкаруучу|mehmonxona direktori;mehmonxona boshqaruvchisi|меҳмонхона директори;меҳмонхона бошқарувчиси|директори меҳмонхона;мудири меҳмонхона
1412|restaurant manager;cafe manager;restaurant director|управляющий рестораном;директор ресторана;администратор ресторана;менеджер ресторана|ресторан директору;ресторандын администратору|restoran direktori;restoran administratori;restoran menejeri|ресторан директори;ресторан администратори|директори тарабхона;маъмури тарабхона
1420|shop manager;store manager;store director;retail manager|директор магазина;управляющий магазином;заведующий магазином|дүкөн башчысы;дүкөн директору|doʻkon mudiri;doʻkon direktori|дўкон мудири;дўкон директори|мудири мағоза;директори мағоза
1431|sports centre manager;fitness club manager;leisure centre manager;cinema manager|директор спортивного комплекса;управляющий фитнес-клубом;директор дома культуры;директор кинотеатра|спорт комплексинин директору;маданият үйүнүн директору|sport majmuasi direktori;madaniyat uyi direktori|спорт мажмуаси директори;маданият уйи директори|директори маҷмааи варзишӣ;директори хонаи фарҳанг
1439|travel agency manager;shopping centre manager;call centre manager;car rental manager|директор турагентства;управляющий торговым центром;руководитель колл-центра|туристтик агенттиктин директору;соода борборунун башкаруучусу|turagentlik direktori;savdo markazi boshqaruvchisi|турагентлик директори;савдо маркази бошқарувчиси|директори турагентӣ;мудири маркази савдо
2111|physicist;astronomer;astrophysicist|физик;астроном;астрофизик|физик;астроном|fizik;astronom|физик;астроном|физик;ситорашинос;астроном
2112|meteorologist;weather forecaster;climatologist|метеоролог;синоптик;климатолог|метеоролог;синоптик|meteorolog;sinoptik|метеоролог;синоптик|метеоролог;синоптик;обуҳавошинос
2113|chemist;analytical chemist;research chemist|химик;химик-аналитик;инженер-химик-аналитик|химик;химия илимпозу|kimyogar;kimyogar-analitik|кимёгар|химик;кимиёшинос
2114|geologist;geophysicist;hydrogeologist;petroleum geologist|геолог;геофизик;гидрогеолог|геолог;геофизик|geolog;geofizik;gidrogeolog|геолог;геофизик|геолог;заминшинос;геофизик
2120|mathematician;statistician;actuary|математик;статистик;актуарий|математик;статистик|matematik;statistik;aktuariy|математик;статистик|математик;риёзидон;оморшинос
2131|biologist;botanist;zoologist;microbiologist|биолог;ботаник;зоолог;микробиолог|биолог;ботаник;зоолог|biolog;botanik;zoolog;mikrobiolog|биолог;ботаник;зоолог|биолог;набототшинос;ҳайвоншинос
2132|agronomist;agricultural adviser;livestock specialist;soil scientist|агроном;зоотехник;почвовед;агроном-консультант|агроном;зоотехник|agronom;zootexnik;tuproqshunos|агроном;зоотехник;тупроқшунос|агроном;зоотехник;хокшинос
2133|ecologist;environmental scientist;environmental protection specialist|эколог;специалист по охране окружающей среды;природоохранный специалист|эколог;айлана-чөйрөнү коргоо адиси|ekolog;atrof-muhitni muhofaza qilish mutaxassisi|эколог;атроф-муҳитни муҳофаза қилиш мутахассиси|эколог;мутахассиси ҳифзи муҳити зист
2141|industrial engineer;production engineer;process engineer;manufacturing engineer|инженер-технолог;технолог;инженер по производству;технолог производства|технолог;өндүрүш инженери|texnolog;ishlab chiqarish muhandisi;muhandis-texnolog|технолог;ишлаб чиқариш муҳандиси|технолог;муҳандиси истеҳсолот
2143|environmental engineer;water treatment engineer;pollution control engineer|инженер-эколог;инженер по охране окружающей среды;инженер по водоочистке|инженер-эколог|ekolog muhandis;muhandis-ekolog|эколог муҳандис|муҳандиси эколог
2144|mechanical engineer;design engineer;aeronautical engineer;chief mechanic|инженер-механик;инженер-конструктор;главный механик;инженер-авиамеханик|механик инженер;инженер-конструктор|mexanik muhandis;muhandis-konstruktor;bosh mexanik|механик муҳандис;бош механик|муҳандиси механик;муҳандис-конструктор
2145|chemical engineer;process chemical engineer|инженер-химик;инженер-химик-технолог|химия инженери|kimyo muhandisi;muhandis-kimyogar|кимё муҳандиси|муҳандиси химия
2146|mining engineer;metallurgist;petroleum engineer;drilling engineer|горный инженер;металлург;инженер-металлург;инженер по бурению|тоо-кен инженери;металлург|kon muhandisi;metallurg;neft muhandisi|кон муҳандиси;металлург|муҳандиси кӯҳӣ;металлург;муҳандиси нафт
2149|quantity surveyor;cost engineer;biomedical engineer;estimator|сметчик;инженер-сметчик;биомедицинский инженер|сметчик;смета инженери|smetachi;smeta muhandisi|сметачи;смета муҳандиси|сметачӣ;муҳандиси смета
2151|electrical engineer;power engineer;chief electrical engineer|инженер-электрик;инженер-энергетик;главный энергетик;энергетик|электр инженери;энергетик|elektr muhandisi;energetik;bosh energetik|электр муҳандиси;энергетик|муҳандиси барқ;энергетик
2152|electronics engineer;electronic engineer;hardware engineer|инженер-электронщик;инженер по электронике;инженер-радиоэлектронщик|электроника инженери|elektronika muhandisi|электроника муҳандиси|муҳандиси электроника
2153|telecommunications engineer;telecom engineer;radio communications engineer|инженер связи;инженер-связист;инженер по телекоммуникациям|байланыш инженери|aloqa muhandisi;telekommunikatsiya muhandisi|алоқа муҳандиси|муҳандиси алоқа
2161|architect;building architect|архитектор;архитектор-проектировщик|архитектор;архитектор-долбоорчу|arxitektor;meʼmor|архитектор;меъмор|меъмор;архитектор
2162|landscape architect;landscape designer|ландшафтный дизайнер;ландшафтный архитектор|ландшафт дизайнери|landshaft dizayneri|ландшафт дизайнери|тарроҳи ландшафт
2163|fashion designer;clothing designer;industrial designer;furniture designer|дизайнер одежды;модельер;промышленный дизайнер;дизайнер мебели|кийим дизайнери;модельер|kiyim dizayneri;modelyer;mebel dizayneri|кийим дизайнери;модельер|тарроҳи либос;моделер;тарроҳи мебел
2164|urban planner;town planner;traffic planner|градостроитель;урбанист;инженер по организации дорожного движения|шаар куруу адиси;урбанист|shaharsoz;urbanist|шаҳарсоз|шаҳрсоз;урбанист
2166|graphic designer;web designer;multimedia designer;motion designer|графический дизайнер;веб-дизайнер;моушн-дизайнер;дизайнер-верстальщик|графикалык дизайнер;веб-дизайнер|grafik dizayner;veb-dizayner|график дизайнер;веб-дизайнер|тарроҳи графикӣ;веб-дизайнер
2212|surgeon;paediatrician;cardiologist;gynaecologist|хирург;педиатр;кардиолог;гинеколог|хирург;педиатр;кардиолог;гинеколог|jarroh;pediatr;kardiolog;ginekolog|жарроҳ;педиатр;кардиолог;гинеколог|ҷарроҳ;педиатр;кардиолог;гинеколог
2221|head nurse;senior nurse;nurse practitioner;charge nurse|старшая медсестра;главная медсестра;старшая медицинская сестра;главная медицинская сестра|улук медайым;башкы медайым|katta hamshira;bosh hamshira|катта ҳамшира;бош ҳамшира|сарҳамшира;ҳамшираи калон
2222|midwife;nurse midwife;registered midwife|акушерка;акушерка родильного дома|акушерка;төрөт кабыл алуучу|akusherka|акушерка|момодоя;акушерка
2230|acupuncturist;homeopath;naturopath;traditional Chinese medicine practitioner|иглорефлексотерапевт;гомеопат;натуропат;врач традиционной китайской медицины|гомеопат;ийне менен дарылоочу|gomeopat;akupunkturachi;igna bilan davolovchi|гомеопат;игна билан даволовчи|гомеопат;табобати сӯзанӣ
2240|feldsher;clinical officer;physician assistant|фельдшер;фельдшер ФАП|фельдшер|feldsher|фельдшер|фелдшер
2250|veterinarian;veterinary surgeon|ветеринар;ветврач;ветеринарный врач|ветеринар;мал доктур|veterinar;veterinariya shifokori;mol doktori|ветеринар;ветеринария шифокори|байтор;ветеринар
2261|dentist;dental surgeon;orthodontist|стоматолог;зубной врач;дантист;ортодонт|стоматолог;тиш доктур|stomatolog;tish shifokori;tish doktori;tish vrachi|стоматолог;тиш шифокори|стоматолог;духтури дандон;дандонпизишк
2262|pharmacist;clinical pharmacist|фармацевт;провизор|фармацевт;провизор|farmatsevt;provizor|фармацевт;провизор|фарматсевт;дорусоз;провизор
2263|health and safety specialist;HSE specialist;safety engineer;occupational hygienist|специалист по охране труда;инженер по охране труда;инженер по технике безопасности;специалист по ТБ|эмгекти коргоо адиси;техникалык коопсуздук инженери|mehnat muhofazasi mutaxassisi;texnika xavfsizligi muhandisi|меҳнат муҳофазаси мутахассиси;техника хавфсизлиги муҳандиси|мутахассиси ҳифзи меҳнат;муҳандиси техникаи бехатарӣ
2264|physiotherapist;physical therapist;rehabilitation therapist|физиотерапевт;реабилитолог;кинезитерапевт|физиотерапевт;реабилитолог|fizioterapevt;reabilitolog|физиотерапевт;реабилитолог|физиотерапевт;реабилитолог
2265|dietitian;nutritionist;dietician|диетолог;нутрициолог|диетолог;нутрициолог|dietolog;nutritsiolog|диетолог;нутрициолог|диетолог;парҳезшинос
2266|speech therapist;speech and language therapist;audiologist|логопед;аудиолог;сурдолог|логопед;сурдолог|logoped;surdolog|логопед;сурдолог|логопед;сурдолог
2267|optometrist;ophthalmic optician|оптометрист;врач-оптометрист|оптометрист|optometrist|оптометрист|оптометрист
2269|chiropractor;osteopath;podiatrist;occupational therapist|мануальный терапевт;остеопат;подолог;эрготерапевт|мануалдык терапевт;остеопат;подолог|manual terapevt;osteopat;podolog|мануал терапевт;остеопат;подолог|остеопат;подолог;эрготерапевт
2310|university lecturer;professor;lecturer;university teacher|преподаватель вуза;преподаватель университета;доцент;профессор|жогорку окуу жайдын окутуучусу;окутуучу;профессор;доцент|universitet oʻqituvchisi;professor;dotsent;domla|университет ўқитувчиси;профессор;доцент;домла|устоди донишгоҳ;омӯзгори донишгоҳ;профессор;дотсент
2320|vocational teacher;vocational instructor;college teacher;industrial training instructor|мастер производственного обучения;преподаватель колледжа;преподаватель техникума;преподаватель профтехучилища|колледж окутуучусу;өндүрүштүк окутуу мастери|kollej oʻqituvchisi;texnikum oʻqituvchisi;ishlab chiqarish taʼlimi ustasi|коллеж ўқитувчиси;техникум ўқитувчиси|омӯзгори коллеҷ;омӯзгори техникум
2330|school teacher;secondary school teacher;high school teacher;maths teacher|учитель;школьный учитель;учитель средней школы;учитель математики|мугалим;мектеп мугалими;математика мугалими|oʻqituvchi;maktab oʻqituvchisi;matematika oʻqituvchisi|ўқитувчи;мактаб ўқитувчиси|муаллим;омӯзгор;муаллими мактаб
2341|primary school teacher;elementary school teacher;primary teacher|учитель начальных классов;учитель начальной школы|башталгыч класстын мугалими|boshlangʻich sinf oʻqituvchisi|бошланғич синф ўқитувчиси|муаллими синфҳои ибтидоӣ
2342|kindergarten teacher;preschool teacher;nursery teacher;early childhood educator|воспитатель;воспитатель детского сада;воспитательница|тарбиячы;бала бакчанын тарбиячысы|tarbiyachi;bogʻcha tarbiyachisi|тарбиячи;боғча тарбиячиси|тарбиятгар;мураббии кӯдакистон
2351|education methodologist;curriculum developer;education methods specialist|методист;методист по образованию;методист учебного центра|методист|metodist|методист|методист
2352|special needs teacher;special education teacher;teacher of the deaf|дефектолог;учитель-дефектолог;сурдопедагог;олигофренопедагог|дефектолог|defektolog|дефектолог|дефектолог
2353|language teacher;English teacher;ESL teacher;foreign language teacher|преподаватель английского языка;учитель английского языка;преподаватель иностранного языка;репетитор по английскому|англис тили мугалими;тил мугалими|ingliz tili oʻqituvchisi;til oʻqituvchisi;chet tili oʻqituvchisi|инглиз тили ўқитувчиси;чет тили ўқитувчиси|муаллими забони англисӣ;омӯзгори забони хориҷӣ
2354|music teacher;piano teacher;vocal teacher;guitar teacher|учитель музыки;преподаватель музыки;преподаватель вокала;преподаватель фортепиано|музыка мугалими|musiqa oʻqituvchisi|мусиқа ўқитувчиси|муаллими мусиқӣ
2355|art teacher;dance teacher;drawing teacher;drama teacher|преподаватель рисования;учитель рисования;преподаватель танцев;учитель ИЗО|сүрөт мугалими;бий мугалими|rasm oʻqituvchisi;raqs oʻqituvchisi|расм ўқитувчиси;рақс ўқитувчиси|муаллими расм;муаллими рақс
2356|IT trainer;computer teacher;programming instructor;coding teacher|преподаватель компьютерных курсов;преподаватель программирования;IT-тренер|компьютер курсунун окутуучусу;программалоо мугалими|kompyuter kurslari oʻqituvchisi;dasturlash oʻqituvchisi|компьютер курслари ўқитувчиси;дастурлаш ўқитувчиси|омӯзгори курсҳои компютерӣ;омӯзгори барномасозӣ
2359|private tutor;tutor;home tutor|репетитор;частный преподаватель;частный учитель|репетитор|repetitor;xususiy oʻqituvchi|репетитор;хусусий ўқитувчи|репетитор;омӯзгори хусусӣ
2412|financial adviser;financial advisor;investment adviser;financial planner|финансовый консультант;финансовый советник;инвестиционный консультант|финансылык кеңешчи|moliyaviy maslahatchi;investitsiya maslahatchisi|молиявий маслаҳатчи|мушовири молиявӣ
2413|financial analyst;investment analyst;credit analyst|финансовый аналитик;инвестиционный аналитик;кредитный аналитик|финансылык аналитик|moliyaviy tahlilchi;moliyaviy analitik|молиявий таҳлилчи|таҳлилгари молиявӣ
2421|business analyst;management consultant;business consultant;organisational analyst|бизнес-аналитик;бизнес-консультант;консультант по управлению|бизнес-аналитик;бизнес-консультант|biznes tahlilchi;biznes maslahatchi|бизнес таҳлилчи;бизнес маслаҳатчи|таҳлилгари бизнес;мушовири бизнес
2422|policy analyst;policy adviser;public policy specialist|аналитик по государственной политике;советник по вопросам политики;эксперт по госполитике|саясат боюнча талдоочу|siyosat tahlilchisi|сиёсат таҳлилчиси|таҳлилгари сиёсат
2423|HR specialist;HR officer;personnel officer;career counsellor|кадровик;специалист по кадрам;HR-специалист;профориентолог|кадровик;кадр адиси|kadrovik;kadrlar boʻyicha mutaxassis;HR mutaxassis|кадровик;кадрлар бўйича мутахассис|кадровик;мутахассиси кадрҳо
2424|corporate trainer;business trainer;training specialist;learning and development specialist|бизнес-тренер;корпоративный тренер;тренер по продажам;специалист по обучению персонала|бизнес-тренер|biznes-trener;korporativ trener|бизнес-тренер|бизнес-тренер;омӯзгори корпоративӣ
2431|marketer;marketing specialist;digital marketer;SMM specialist|маркетолог;интернет-маркетолог;SMM-менеджер;SMM-специалист|маркетолог;SMM-адис|marketolog;SMM mutaxassisi;SMM-menejer|маркетолог;SMM мутахассиси|маркетолог;мутахассиси SMM
2432|PR specialist;public relations officer;press secretary;PR manager|PR-менеджер;пресс-секретарь;специалист по связям с общественностью;PR-специалист|пресс-катчы;PR-адис|press-kotib;PR mutaxassis|пресс-котиб;PR мутахассис|котиби матбуот;мутахассиси PR
2433|medical representative;pharmaceutical sales representative;technical sales engineer;medical sales rep|медицинский представитель;медпред;инженер по продажам;технический представитель|медициналык өкүл;медпред|tibbiy vakil;medpred;farmatsevtika vakili|тиббий вакил;медпред|намояндаи тиббӣ;намояндаи фарматсевтӣ
2434|IT sales manager;software sales executive;ICT account manager|менеджер по продажам IT-решений;менеджер по продажам программного обеспечения|IT сатуу менеджери|IT savdo menejeri;dasturiy taʼminot savdo menejeri|IT савдо менежери|менеҷери фурӯши IT
2511|systems analyst;data analyst;data scientist;IT analyst|системный аналитик;аналитик данных;дата-сайентист;IT-аналитик|системалык аналитик;маалымат аналитиги|tizim tahlilchisi;maʼlumotlar tahlilchisi;data analitik|тизим таҳлилчиси;маълумотлар таҳлилчиси|таҳлилгари система;таҳлилгари додаҳо
2513|web developer;frontend developer;web programmer;full stack developer|веб-разработчик;веб-программист;фронтенд-разработчик;фулстек-разработчик|веб-программист;веб-иштеп чыгуучу|veb-dasturchi;frontend dasturchi|веб-дастурчи|веб-барномасоз;барномасози веб
2514|mobile app developer;application programmer;Android developer;iOS developer|разработчик мобильных приложений;программист 1С;Android-разработчик;iOS-разработчик|мобилдик тиркемелерди иштеп чыгуучу;1С программист|mobil ilovalar dasturchisi;1C dasturchi|мобил иловалар дастурчиси;1С дастурчи|барномасози замимаҳои мобилӣ;барномасози 1С
2519|software tester;QA engineer;quality assurance tester;test engineer|тестировщик;QA-инженер;тестировщик ПО;инженер по тестированию|тестировщик;QA-инженер|testlovchi;dasturiy taʼminot testeri;QA muhandis|тестловчи;QA муҳандис|тестер;санҷишгари барнома
2521|database administrator;database developer|администратор баз данных;разработчик баз данных;администратор БД|маалымат базасынын администратору|maʼlumotlar bazasi administratori|маълумотлар базаси администратори|маъмури пойгоҳи додаҳо
2523|network engineer;network architect;network analyst|сетевой инженер;инженер-сетевик;сетевой архитектор|тармак инженери|tarmoq muhandisi|тармоқ муҳандиси|муҳандиси шабака
2529|cybersecurity specialist;information security specialist;penetration tester;ethical hacker|специалист по информационной безопасности;специалист по кибербезопасности;пентестер|киберкоопсуздук адиси|kiberxavfsizlik mutaxassisi;axborot xavfsizligi mutaxassisi|киберхавфсизлик мутахассиси|мутахассиси амнияти киберӣ
2611|lawyer;attorney;solicitor;advocate|юрист;адвокат;юрисконсульт|юрист;адвокат;укук таануучу|yurist;advokat;huquqshunos|юрист;адвокат;ҳуқуқшунос|ҳуқуқшинос;адвокат;юрист
2612|judge;magistrate|судья;мировой судья|судья|sudya|судья|судя;қозӣ
2619|notary;notary public|нотариус|нотариус|notarius|нотариус|нотариус
2621|archivist;museum curator;curator;records manager|архивист;архивариус;хранитель музея;куратор выставок|архивист;архив кызматкери|arxivchi;arxivist;muzey kuratori|архивчи;архивист|бойгонидор;архивист;куратори осорхона
2622|librarian;library specialist|библиотекарь;библиотекарь-библиограф|китепканачы|kutubxonachi|кутубхоначи|китобдор;китобхонадор
2631|economist|экономист;экономист-аналитик|экономист|iqtisodchi;ekonomist|иқтисодчи;экономист|иқтисодчӣ;иқтисоддон
2632|sociologist;anthropologist;archaeologist|социолог;антрополог;археолог|социолог;археолог|sotsiolog;antropolog;arxeolog|социолог;археолог|ҷомеашинос;бостоншинос
2633|historian;political scientist;philosopher;political analyst|историк;политолог;философ|тарыхчы;саясат таануучу;философ|tarixchi;siyosatshunos;faylasuf|тарихчи;сиёсатшунос;файласуф|таърихшинос;сиёсатшинос;файласуф
2634|psychologist;clinical psychologist;counselling psychologist|психолог;клинический психолог;психотерапевт|психолог|psixolog;psixoterapevt|психолог|равоншинос;психолог
2635|social worker;family counsellor;marriage counsellor;addiction counsellor|специалист по социальной работе;социальный педагог;семейный консультант;семейный психолог|социалдык иш адиси;социалдык педагог|ijtimoiy xodim;ijtimoiy pedagog|ижтимоий ходим;ижтимоий педагог|мутахассиси кори иҷтимоӣ;омӯзгори иҷтимоӣ
2636|priest;imam;pastor;rabbi|священник;имам;пастор;мулла|имам;молдо|imom;mulla;ruhoniy|имом;мулла;руҳоний|имом;мулло;рӯҳонӣ
2641|writer;author;copywriter;screenwriter|писатель;копирайтер;сценарист;автор текстов|жазуучу;копирайтер;сценарист|yozuvchi;kopirayter;ssenariynavis|ёзувчи;копирайтер|нависанда;копирайтер;сенариянавис
2642|journalist;reporter;editor;correspondent|журналист;корреспондент;редактор;репортёр|журналист;кабарчы;редактор|jurnalist;muxbir;tahrirchi;muharrir|журналист;мухбир;таҳрирчи;муҳаррир|рӯзноманигор;хабарнигор;муҳаррир
2651|artist;visual artist;sculptor;illustrator|художник;скульптор;иллюстратор;художник-живописец|сүрөтчү;скульптор|rassom;haykaltarosh;illyustrator|рассом;ҳайкалтарош|рассом;ҳайкалтарош;мусаввир
2652|musician;singer;composer;vocalist|музыкант;певец;певица;композитор|ырчы;музыкант;обончу;комузчу|qoʻshiqchi;musiqachi;bastakor;xonanda|қўшиқчи;мусиқачи;бастакор;хонанда|сароянда;навозанда;оҳангсоз;мусиқачӣ
2653|dancer;choreographer;ballet dancer|танцор;хореограф;балерина;танцовщица|бийчи;хореограф|raqqosa;raqqos;xoreograf|раққоса;раққос;хореограф|раққоса;раққос;балетчӣ
2654|film director;stage director;film producer;producer|режиссёр;кинорежиссёр;продюсер;театральный режиссёр;режиссер;кинорежиссер;театральный режиссер|режиссёр;продюсер|rejissyor;prodyuser|режиссёр;продюсер|коргардон;продюсер
2655|actor;actress;stage actor|актёр;актриса;артист театра;киноактёр;актер;киноактер|актёр;актриса|aktyor;aktrisa|актёр;актриса|ҳунарпеша;актёр;актриса
2656|TV presenter;radio host;newsreader;master of ceremonies|телеведущий;радиоведущий;диктор;тамада|алып баруучу;диктор;тамада|boshlovchi;diktor;tamada|бошловчи;диктор;тамада|барандаи телевизион;диктор;тамада
2659|clown;magician;acrobat;circus performer|клоун;фокусник;акробат;циркач|клоун;фокусчу;акробат;дорбоз|masxaraboz;fokuschi;akrobat;dorboz|масхарабоз;фокусчи;акробат;дорбоз|найрангбоз;акробат;дорбози сирк;масхарабози сирк
3111|chemical laboratory technician;lab technician;laboratory assistant|лаборант-химик;лаборант химического анализа;лаборант химической лаборатории|химия лаборанты|kimyo laboranti;laborant-kimyogar|кимё лаборанти|лаборанти химия
3112|civil engineering technician;construction technician;building inspector;technical supervisor|техник-строитель;инженер технического надзора;технадзор;строительный техник|курулуш техниги;техникалык көзөмөл инженери|qurilish texnigi;texnik nazorat muhandisi|қурилиш техниги;техник назорат муҳандиси|техники сохтмон;муҳандиси назорати техникӣ
3113|electrical technician;electrical engineering technician|техник-электрик;электротехник|электротехник;электр техниги|elektrotexnik;elektr texnigi|электротехник;электр техниги|техники барқ;электротехник
3114|electronics technician;electronic engineering technician|техник-электроник;электронщик;радиотехник|электроника техниги;электронщик|elektronika texnigi;radiotexnik|электроника техниги;радиотехник|техники электроника;радиотехник
3115|mechanical engineering technician;mechanical technician|техник-механик;техник по механике|механика техниги|texnik-mexanik|техник-механик|техники механика
3116|chemical engineering technician;chemical process technician|техник-технолог химического производства;техник-химик|химия техниги|kimyo texnigi|кимё техниги|техники химия
3117|mining technician;metallurgical technician;assayer|горный техник;техник-металлург;пробирщик|тоо-кен техниги|kon texnigi;metallurgiya texnigi|кон техниги|техники кӯҳӣ;техники металлургия
3118|draughtsman;draftsman;drafter;CAD draughtsman|чертёжник;чертежник;чертёжник-конструктор;оператор САПР|чийме чийүүчү|chizmachi|чизмачи|нақшакаш;чертёжник
3119|forensic science technician;fire investigator;robotics technician|эксперт-криминалист;пожарно-технический эксперт;техник-робототехник|криминалист|kriminalist|криминалист|криминалист;коршиноси ҷиноӣ
3121|mine foreman;mining supervisor;mine shift supervisor|горный мастер;начальник смены шахты;бригадир шахтёров;бригадир шахтеров|тоо-кен мастери|kon smena boshligʻi;togʻ-kon ustasi|тоғ-кон устаси|мастери кӯҳӣ
3122|production supervisor;factory foreman;shift supervisor;production foreman|мастер цеха;мастер смены;мастер производства;бригадир производства|цех мастери;смена мастери|sex ustasi;smena ustasi|цех устаси;смена устаси|устои сех;мастери смена
3131|power plant operator;power station operator;turbine operator|оператор электростанции;машинист энергоблока;машинист турбины;оператор ГЭС|электр станциясынын оператору;ГЭС оператору|elektr stansiyasi operatori;GES operatori|электр станцияси оператори|оператори нерӯгоҳ;оператори НБО
3132|water treatment plant operator;wastewater treatment operator;incinerator operator|оператор очистных сооружений;оператор водоочистных сооружений;оператор мусоросжигательного завода|тазалоочу курулмалардын оператору|tozalash inshootlari operatori|тозалаш иншоотлари оператори|оператори иншооти тозакунӣ
3133|chemical plant operator;chemical process operator|аппаратчик;аппаратчик химического производства;оператор химической установки|аппаратчы|apparatchi|аппаратчи|аппаратчӣ
3134|refinery operator;oil refinery operator;gas processing plant operator|оператор технологических установок;оператор нефтеперерабатывающей установки;оператор газоперерабатывающего завода|мунай иштетүү оператору|neftni qayta ishlash operatori|нефтни қайта ишлаш оператори|оператори коркарди нафт
3135|metal production process controller;steel plant control room operator|оператор пульта управления металлургического производства;оператор поста управления прокатного стана|металлургия цехинин пульт оператору|metallurgiya sexi pult operatori|металлургия цехи пульт оператори|оператори пулти сехи металлургӣ
3139|process control operator;control room operator;process technician|оператор пульта управления;оператор АСУ ТП;оператор технологического процесса|башкаруу пультунун оператору|boshqaruv pulti operatori|бошқарув пульти оператори|оператори пулти идоракунӣ
3141|biology lab technician;biological technician;life science technician|лаборант-биолог;лаборант микробиологической лаборатории;лаборант-микробиолог|биология лаборанты|biologiya laboranti|биология лаборанти|лаборанти биология
3142|agricultural technician;agronomy technician;agrotechnician|агротехник;техник-агроном;техник-зоотехник|агротехник|agrotexnik|агротехник|агротехник
3143|forester;forest ranger;forestry technician|лесничий;лесник;техник лесного хозяйства|токойчу;токой кароолчу|oʻrmonchi;oʻrmon qoʻriqchisi|ўрмончи|ҷангалбон
3151|ship engineer;marine engineer;ship chief engineer;second engineer|судовой механик;старший механик;стармех;второй механик|кеме механиги|kema mexanigi|кема механиги|механики киштӣ
3152|ship captain;ship's officer;maritime pilot|капитан судна;штурман;помощник капитана;лоцман|кеме капитаны;штурман|kema kapitani;shturman;lotsman|кема капитани;штурман|капитани киштӣ;штурман
3153|pilot;airline pilot;helicopter pilot;flight engineer|пилот;лётчик;вертолётчик;бортинженер;летчик;вертолетчик|учкуч;пилот|uchuvchi;pilot;vertolyotchi|учувчи;пилот|халабон;пилот
3154|air traffic controller;ATC controller|авиадиспетчер;диспетчер управления воздушным движением|авиадиспетчер|aviadispetcher|авиадиспетчер|авиадиспетчер
3155|air traffic safety electronics technician;radar technician;navigational aids technician|техник по радионавигации и радиолокации;инженер РТОП;техник радиолокационной станции|радиолокация техниги|radiolokatsiya texnigi|радиолокация техниги|техники радиолокатсия
3211|radiographer;X-ray technician;sonographer;MRI technician|рентгенолаборант;рентгенлаборант;лаборант МРТ;оператор МРТ|рентген лаборанты|rentgen laboranti;rentgenolaborant|рентген лаборанти|лаборанти рентген
3212|medical laboratory technician;clinical lab technician;pathology technician|медицинский лаборант;фельдшер-лаборант;лаборант КДЛ;медлаборант|медициналык лаборант|tibbiy laborant|тиббий лаборант|лаборанти тиббӣ
3213|pharmacy technician;pharmacy assistant|помощник провизора;работник аптеки;аптечный работник|дарыкана кызматкери|dorixona xodimi|дорихона ходими|корманди дорухона
3214|dental technician;prosthetist;orthotist;dental lab technician|зубной техник;протезист;техник-протезист;техник-ортопед|тиш техниги;протезчи|tish texnigi;protezchi|тиш техниги;протезчи|техники дандон;протезсоз
3222|assistant midwife;auxiliary midwife;birth attendant|помощник акушерки;младшая акушерка|акушерканын жардамчысы|akusherka yordamchisi|акушерка ёрдамчиси|ёрдамчии акушерка
3230|herbalist;folk healer;bonesetter;traditional healer|травник;народный целитель;знахарь;костоправ|табып;сыныкчы;элдик табып|xalq tabibi;siniqchi;giyohshunos tabib|халқ табиби;синиқчи|табиби халқӣ;шикастабанд;гиёҳшинос
3240|veterinary technician;vet nurse;veterinary assistant|ветфельдшер;ветеринарный фельдшер;ветсанитар|ветфельдшер;ветеринардык фельдшер|veterinariya feldsheri;vetfeldsher|ветеринария фельдшери|фелдшери байторӣ
3251|dental assistant;dental nurse;dental hygienist|ассистент стоматолога;гигиенист стоматологический;медсестра стоматолога|стоматологдун жардамчысы|stomatolog yordamchisi;stomatolog assistenti|стоматолог ёрдамчиси|ёрдамчии стоматолог
3252|medical records technician;clinical coder;health information technician;medical statistician|медицинский статистик;медстатистик;специалист по медицинской документации|медициналык статистик|tibbiy statistik|тиббий статистик|оморчии тиббӣ
3253|community health worker;village health worker;health promoter|общественный медработник;патронажная сестра;санитарный просветитель|айылдык саламаттык кызматкери;патронаждык медайым|jamoat salomatligi xodimi;patronaj hamshirasi|патронаж ҳамшираси|корманди тандурустии ҷамъиятӣ;ҳамшираи патронажӣ
3254|optician;dispensing optician|оптик;оптик-консультант;мастер-оптик|оптик|optik|оптик|оптик
3256|medical assistant;clinical assistant;doctor's assistant|помощник врача;ассистент врача;медицинский ассистент|дарыгердин жардамчысы|shifokor yordamchisi|шифокор ёрдамчиси|ёрдамчии духтур
3257|health and safety inspector;sanitary inspector;food safety inspector;environmental health inspector|санитарный инспектор;инспектор по охране труда;санитарный врач;инспектор санэпиднадзора|санитардык инспектор;санэпиднадзор инспектору|sanitariya inspektori;sanitariya shifokori|санитария инспектори|нозири санитарӣ
3258|paramedic;ambulance paramedic;emergency medical technician|парамедик;фельдшер скорой помощи;медик скорой помощи|тез жардам фельдшери;парамедик|tez yordam feldsheri;paramedik|тез ёрдам фельдшери;парамедик|фелдшери ёрии таъҷилӣ;парамедик
3311|stockbroker;trader;securities dealer;forex trader|биржевой брокер;трейдер;дилер по ценным бумагам;фондовый брокер|трейдер;биржа брокери|treyder;birja brokeri|трейдер;биржа брокери|трейдер;брокери биржа
3312|loan officer;credit officer;credit specialist;loan consultant|кредитный специалист;кредитный эксперт;кредитный инспектор;кредитный менеджер|кредит адиси;кредиттик эксперт|kredit mutaxassisi;kredit inspektori;kredit menejeri|кредит мутахассиси;кредит инспектори|мутахассиси қарз;мутахассиси кредит
3313|accounting assistant;accounting technician;junior accountant;assistant accountant|помощник бухгалтера;младший бухгалтер;бухгалтер-калькулятор|бухгалтердин жардамчысы|buxgalter yordamchisi;kichik buxgalter|бухгалтер ёрдамчиси|ёрдамчии муҳосиб;ёрдамчии бухгалтер
3314|statistical assistant;actuarial assistant|ассистент статистика;ассистент актуария;помощник статистика|статистиктин жардамчысы|statistik yordamchisi|статистик ёрдамчиси|ёрдамчии оморшинос
3315|appraiser;valuer;loss adjuster;claims adjuster|оценщик;эксперт-оценщик;оценщик недвижимости;аварийный комиссар|баалоочу;баа берүүчү|baholovchi;mol-mulk baholovchisi|баҳоловчи|баҳогузор;арзёб
3321|insurance agent;insurance broker;insurance sales representative|страховой агент;страховой брокер;страховой представитель|камсыздандыруу агенти|sugʻurta agenti;sugʻurta brokeri|суғурта агенти|агенти суғурта
3323|buyer;purchasing agent;procurement specialist;purchasing officer|закупщик;менеджер по закупкам;специалист по закупкам;снабженец|закупщик;снабженец|xarid mutaxassisi;taʼminotchi;zakupshik|харид мутахассиси;таъминотчи|мутахассиси харид;таъминотчӣ
3324|commodity broker;shipbroker;trade broker|товарный брокер;судовой брокер;брокер по фрахтованию|товардык брокер|tovar brokeri|товар брокери|брокери мол
3331|freight forwarder;customs broker;shipping agent;customs clearance agent|экспедитор;таможенный брокер;декларант;таможенный декларант|экспедитор;бажы брокери|ekspeditor;bojxona brokeri;deklarant|экспедитор;божхона брокери;декларант|экспедитор;брокери гумрук;декларант
3332|event planner;event manager;wedding planner;conference organiser|ивент-менеджер;организатор мероприятий;свадебный организатор;event-менеджер|иш-чара уюштуруучу;той уюштуруучу|tadbir tashkilotchisi;ivent-menejer;toʻy tashkilotchisi|тадбир ташкилотчиси;тўй ташкилотчиси|ташкилотчии чорабиниҳо;ташкилотчии тӯй
3333|recruiter;recruitment consultant;employment agent;labour contractor|рекрутер;специалист по подбору персонала;менеджер по подбору персонала;вербовщик|рекрутер;кадр тандоочу|rekruter;ishga yollovchi|рекрутер;ишга ёлловчи|рекрутер;ҷалбкунандаи кадрҳо
3334|real estate agent;estate agent;realtor;property manager|риелтор;риэлтор;агент по недвижимости;управляющий недвижимостью|риелтор;кыймылсыз мүлк агенти|rieltor;makler;koʻchmas mulk agenti|риелтор;маклер|риелтор;агенти амволи ғайриманқул
3339|sports agent;literary agent;talent agent;advertising sales agent|спортивный агент;литературный агент;агент по продаже рекламы|спорттук агент|sport agenti|спорт агенти|агенти варзишӣ
3342|legal secretary;law office secretary|секретарь юриста;секретарь адвоката;секретарь юридической фирмы|юристтин катчысы|yuridik kotib;advokat kotibi|юридик котиб|котиби ҳуқуқӣ
3343|executive assistant;personal assistant;executive secretary|помощник руководителя;личный помощник;ассистент руководителя;референт|жетекчинин жардамчысы|rahbar yordamchisi;shaxsiy yordamchi|раҳбар ёрдамчиси;шахсий ёрдамчи|ёрдамчии роҳбар;ёрдамчии шахсӣ
3344|medical secretary;clinic secretary|медицинский секретарь;секретарь врача|медициналык катчы|tibbiy kotib|тиббий котиб|котиби тиббӣ
3351|customs officer;customs inspector;border inspector;immigration officer|таможенник;таможенный инспектор;инспектор пограничного контроля;сотрудник миграционной службы|бажычы;бажы кызматкери|bojxonachi;bojxona xodimi|божхоначи;божхона ходими|гумрукчӣ;корманди гумрук
3352|tax inspector;tax officer;excise officer|налоговый инспектор;сотрудник налоговой;налоговик|салык инспектору;салыкчы|soliq inspektori;soliqchi|солиқ инспектори;солиқчи|нозири андоз;андозчӣ
3353|social security officer;pension officer;benefits officer|специалист пенсионного фонда;специалист по социальным выплатам|социалдык фонддун адиси|pensiya jamgʻarmasi xodimi|пенсия жамғармаси ходими|корманди фонди суғуртаи иҷтимоӣ
3354|licensing officer;passport officer;permit officer|паспортист;паспортистка;специалист по лицензированию|паспортист|pasport xodimi;pasportist|паспорт ходими|корманди шиноснома
3355|detective;police investigator;criminal investigator;police inspector|следователь;оперуполномоченный;оперативник;детектив|тергөөчү;детектив|tergovchi;detektiv|терговчи;детектив|муфаттиш;детектив
3359|labour inspector;fisheries inspector;price inspector|государственный инспектор труда;инспектор рыбоохраны;рыбинспектор|эмгек инспектору|mehnat inspektori|меҳнат инспектори|нозири меҳнат
3411|paralegal;bailiff;court clerk;legal assistant|помощник юриста;судебный пристав;помощник адвоката;секретарь судебного заседания|сот аткаруучу;юристтин жардамчысы|sud ijrochisi;yurist yordamchisi|суд ижрочиси;юрист ёрдамчиси|иҷрочии суд;ёрдамчии ҳуқуқшинос
3412|community worker;youth worker;welfare worker;social work assistant|социальный работник;соцработник;специалист по работе с молодёжью;специалист по работе с молодежью|социалдык кызматкер;соцкызматкер|ijtimoiy ishchi;ijtimoiy xizmat xodimi|ижтимоий ишчи|корманди иҷтимоӣ
3413|muezzin;preacher;monk|муэдзин;проповедник;монах;монахиня|азанчы;муэдзин|muazzin;voiz|муаззин;воиз|муаззин;воиз
3421|athlete;sportsman;footballer;boxer|спортсмен;футболист;боксёр;борец;боксер|спортчу;футболчу;балбан;боксчу|sportchi;futbolchi;kurashchi;bokschi|спортчи;футболчи;курашчи;боксчи|варзишгар;футболбоз;паҳлавон;муштзан
3422|sports coach;football coach;referee;swimming instructor|спортивный тренер;тренер по футболу;тренер по борьбе;спортивный судья|спорт машыктыруучусу;футбол машыктыруучусу;калыс|sport murabbiysi;futbol murabbiysi;hakam|спорт мураббийси;ҳакам|мураббии варзиш;мураббии футбол;ҳакам
3431|photographer;wedding photographer;photojournalist|фотограф;свадебный фотограф;фотокорреспондент|фотограф;сүрөткө тартуучу|fotograf;suratkash|фотограф;суратчи|суратгир;аккос;фотограф
3432|interior designer;interior decorator;window dresser|дизайнер интерьера;декоратор;оформитель витрин|интерьер дизайнери|interyer dizayneri;dekorator|интерьер дизайнери;декоратор|тарроҳи дохилӣ;ороишгари бино
3433|museum technician;art restorer;picture framer;taxidermist|реставратор;багетчик;таксидермист;музейный техник|реставратор|restavrator|реставратор|таъмиргари асарҳои санъат;реставратор
3434|head chef;executive chef;sous chef;kitchen manager|су-шеф;бренд-шеф;заведующий производством;шеф-повар ресторана|башкы ашпозчу;су-шеф|su-shef;brend-shef|су-шеф|су-шеф;шеф-ошпаз
3435|stage manager;stunt performer;props master;prompter|помощник режиссёра;каскадёр;реквизитор;суфлёр;каскадер;суфлер;помощник режиссера|каскадёр|kaskadyor|каскадёр|каскадёр
3511|IT operations technician;data centre technician;server room technician;NOC engineer|инженер дата-центра;техник ЦОД;дежурный инженер ЦОД|маалымат борборунун техниги|data-markaz texnigi;maʼlumotlar markazi texnigi|маълумотлар маркази техниги|техники маркази додаҳо
3512|IT support;help desk technician;computer technician;technical support specialist|специалист техподдержки;специалист технической поддержки;эникейщик;компьютерный мастер|техникалык колдоо адиси;компьютер устасы|texnik yordam mutaxassisi;kompyuter ustasi|техник ёрдам мутахассиси;компьютер устаси|мутахассиси дастгирии техникӣ;устои компютер
3513|network technician;computer network technician;systems technician|техник-сетевик;техник по компьютерным сетям;монтажник компьютерных сетей|тармак техниги|tarmoq texnigi|тармоқ техниги|техники шабака
3514|webmaster;website administrator;content manager;web technician|вебмастер;веб-мастер;администратор сайта;контент-менеджер|вебмастер;сайт администратору|veb-master;sayt administratori;kontent-menejer|веб-мастер;сайт администратори|веб-мастер;маъмури сомона
3521|sound engineer;video editor;camera operator;cameraman|звукорежиссёр;звукооператор;видеооператор;видеомонтажёр;звукорежиссер;видеомонтажер|видеооператор;үн режиссёру;видеомонтажчы|videooperator;ovoz rejissyori;videomontajchi|видеооператор;овоз режиссёри|видеооператор;садогузор;видеомонтажчӣ
3522|telecommunications technician;telecom technician;cell tower technician|техник связи;техник по телекоммуникациям;электромонтёр связи;электромонтер связи|байланыш техниги|aloqa texnigi|алоқа техниги|техники алоқа
4110|office clerk;general office clerk;administrative clerk|делопроизводитель;конторский служащий;специалист по документообороту|иш кагаздарын жүргүзүүчү;делопроизводитель|ish yurituvchi;kantselyariya xodimi|иш юритувчи;канцелярия ходими|коргузор;корманди девонхона
4131|typist;word processing operator|машинистка;наборщик текста;оператор набора текста|машинистка;текст терүүчү|mashinistka;matn teruvchi|машинистка;матн терувчи|мошиннавис;матнчин
4211|bank teller;bank cashier;teller|операционист банка;кассир банка;операционист|банк кассири;банк операционисти|bank kassiri;bank operatsionisti|банк кассири;банк операционисти|кассири бонк;хазинадори бонк
4212|croupier;casino dealer;bookmaker|крупье;дилер казино;букмекер|крупье;букмекер|krupye;bukmeker|крупье;букмекер|крупйе;букмекер
4213|pawnbroker;pawnshop clerk;money lender|приёмщик ломбарда;товаровед ломбарда;ростовщик;приемщик ломбарда|ломбард кызматкери;сүткор|lombard xodimi;sudxoʻr|ломбард ходими;судхўр|корманди ломбард;судхӯр
4214|debt collector;collection agent|коллектор;специалист по взысканию задолженности|коллектор;карыз өндүрүүчү|kollektor;qarz undiruvchi|коллектор;қарз ундирувчи|коллектор;ситонандаи қарз
4221|travel agent;travel consultant;airline ticket agent|турагент;менеджер по туризму;кассир авиабилетов;агент по продаже авиабилетов|турагент;авиабилет кассири|turagent;aviachipta kassiri|турагент;авиачипта кассири|турагент;кассири чиптаи ҳавопаймо
4223|switchboard operator;telephone operator|телефонистка;телефонист|телефонист|telefonist|телефонист|телефонист
4225|information desk clerk;enquiry clerk|сотрудник справочной;оператор справочной службы|маалымат кызматынын оператору|maʼlumot xizmati operatori|маълумот хизмати оператори|оператори хадамоти маълумотдиҳӣ
4226|clinic receptionist;medical receptionist;salon receptionist;office receptionist|администратор салона красоты;администратор клиники;медрегистратор;администратор фитнес-клуба|клиниканын администратору;салондун администратору;регистратор|klinika administratori;salon administratori;registrator|клиника администратори;салон администратори;регистратор|маъмури клиника;маъмури салон;бақайдгир
4227|survey interviewer;interviewer;market research interviewer|интервьюер;анкетёр;анкетер|интервьюер;сурамжылоочу|intervyuer;soʻrovnoma oʻtkazuvchi|интервьюер;сўровнома ўтказувчи|интервюер;пурсишгар
4311|accounts clerk;bookkeeping clerk;accounts assistant|бухгалтер-кассир;учётчик;счетовод;учетчик|учётчик|hisob xodimi|ҳисоб ходими|бухгалтер-кассир
4312|insurance clerk;statistical clerk;finance clerk|оператор страховой компании;статистик-учётчик|камсыздандыруу компаниясынын оператору;статистика кызматкери|sugʻurta kompaniyasi operatori;statistika xodimi|суғурта компанияси оператори;статистика ходими|оператори ширкати суғурта;корманди омор
4313|payroll clerk;payroll administrator|расчётчик;бухгалтер по заработной плате;бухгалтер по расчёту зарплаты;расчетчик;бухгалтер по расчету зарплаты|эмгек акы боюнча бухгалтер|ish haqi hisobchisi|иш ҳақи ҳисобчиси|муҳосиби музди меҳнат
4322|production clerk;production planner;production scheduler|диспетчер производства;плановик;учётчик производства;учетчик производства|өндүрүш диспетчери|ishlab chiqarish dispetcheri|ишлаб чиқариш диспетчери|диспетчери истеҳсолот
4411|library assistant;library clerk|работник библиотеки|работник библиотеки|работник библиотеки|работник библиотеки|работник библиотеки
4413|proofreader;coding clerk|корректор|корректор|musahhih;korrektor|мусаҳҳиҳ;корректор|мусаҳҳеҳ;корректор
4414|scribe;letter writer|писарь|писарь;кат жазуучу|mirza;xat yozuvchi|мирза;хат ёзувчи|мирзо;хатнавис
4415|filing clerk;archive clerk;photocopy operator|делопроизводитель архива;оператор копировальных машин|делопроизводитель архива;оператор копировальных машин|делопроизводитель архива;оператор копировальных машин|делопроизводитель архива;оператор копировальных машин|бойгон
4416|HR assistant;personnel clerk;HR administrator|инспектор по кадрам|кадрлар боюнча инспектор|kadrlar inspektori;kadrlar boʻlimi xodimi|кадрлар инспектори|нозири кадрҳо
5111|flight attendant;cabin crew;train attendant;stewardess|бортпроводник;стюардесса;проводник;проводник поезда;проводница;бортпроводница;стюард|бортпроводник;стюардесса;проводник|styuardessa;bortkuzatuvchi;provodnik|стюардесса;проводник|стюардесса;мизбони ҳавопаймо;проводник
5112|bus conductor;train conductor;ticket inspector|кондуктор;контролёр пассажирского транспорта;контролёр-ревизор;кондукторша;контролер пассажирского транспорта;контролер-ревизор|кондуктор|konduktor|кондуктор|кондуктор;назоратчии чипта
5113|tour guide;travel guide;guide|экскурсовод;гид-переводчик|экскурсовод;жол көрсөткүч;гид;жол көрсөтүүчү|ekskursovod|экскурсовод|роҳбалад;экскурсовод
5151|housekeeping supervisor;cleaning supervisor;dormitory warden|старшая горничная;супервайзер клининга;комендант общежития;бригадир уборщиков|жатакананын коменданты;тазалоо бригадири|yotoqxona komendanti;tozalash brigadiri|ётоқхона коменданти;тозалаш бригадири|коменданти хобгоҳ;бригадири фаррошон
5152|butler;house manager|домоправительница;экономка;дворецкий;хаус-менеджер|үй башкаруучу|uy boshqaruvchisi|уй бошқарувчиси|мудири хона;идоракунандаи хона
5153|caretaker;concierge;building caretaker|консьерж;консьержка;смотритель здания|консьерж;имарат кароочусу|konserj;bino qarovchisi|консьерж;бино қаровчиси|консерж;нигоҳбони бино
5161|astrologer;fortune teller|астролог;гадалка;таролог|астролог;төлгөчү|munajjim;folbin|мунажжим;фолбин|мунаҷҷим;фолбин
5162|companion;personal companion;valet|компаньонка;камердинер|компаньонка|hamroh;kompanyonka|ҳамроҳ;компаньонка|ҳамроҳ;компанйонка
5163|undertaker;funeral director;embalmer|ритуальный агент;работник ритуальных услуг;бальзамировщик;гробовщик|ритуалдык кызмат кызматкери;сөөк жуучу|gʻassol;dafn marosimi xodimi|ғассол;дафн маросими ходими|ғассол;мурдашӯй
5164|dog groomer;pet groomer;kennel worker;dog walker|грумер;выгульщик собак;кинолог|грумер;ит багуучу|grumer;it parvarishlovchi|грумер;ит парваришловчи|грумер;парастори сагҳо
5165|driving instructor|инструктор по вождению;автоинструктор|автоинструктор;айдоону үйрөтүүчү;айдоо инструктору|avtoinstruktor;haydashga oʻrgatuvchi;avtomaktab instruktori|автоинструктор;ҳайдашга ўргатувчи|автоинструктор;инструктори ронандагӣ
5212|street food vendor;food vendor;food hawker|продавец уличной еды;продавец выпечки|көчөдө тамак сатуучу;самса сатуучу|koʻchada ovqat sotuvchi;somsa sotuvchi|кўчада овқат сотувчи;сомса сотувчи|фурӯшандаи хӯроки кӯчагӣ;самбӯсафурӯш
5221|shopkeeper;shop owner;store owner|владелец магазина;лавочник|дүкөнчү;дүкөн ээси|doʻkondor;doʻkon egasi|дўкондор;дўкон эгаси|дӯкондор;соҳиби мағоза
5222|shop supervisor;store supervisor;senior sales assistant|старший продавец;администратор магазина;супервайзер магазина|улук сатуучу;дүкөндүн администратору|katta sotuvchi;doʻkon administratori|катта сотувчи;дўкон администратори|фурӯшандаи калон;маъмури мағоза
5241|model;fashion model;photo model|модель;фотомодель;манекенщица|модель;фотомодель|model;fotomodel|модель;фотомодель|модел;фотомодел
5242|promoter;sales demonstrator;product demonstrator|промоутер;промоутер-консультант;раздатчик листовок;раздача листовок|промоутер|promouter|промоутер|промоутер
5243|door-to-door salesperson;door-to-door sales agent;canvasser|коммивояжёр;коммивояжер;распространитель продукции|үйдөн-үйгө сатуучу|uyma-uy sotuvchi|уйма-уй сотувчи|фурӯшандаи хона ба хона
5244|telemarketer;telesales agent;telesales operator|оператор телемаркетинга;оператор холодных звонков;менеджер по телефонным продажам|телемаркетинг оператору|telemarketing operatori|телемаркетинг оператори|оператори телемаркетинг
5312|teaching assistant;teacher's aide;pre-school aide|помощник воспитателя;младший воспитатель;помощник учителя;помощница воспитателя;нянечка в детский сад;младшая воспитательница|тарбиячынын жардамчысы;мугалимдин жардамчысы|tarbiyachi yordamchisi;oʻqituvchi yordamchisi|тарбиячи ёрдамчиси;ўқитувчи ёрдамчиси|ёрдамчии тарбиячӣ;ёрдамчии муаллим
5329|pharmacy aide;sterilisation assistant;dental aide;ward attendant|помощник фармацевта;оператор стерилизации|фармацевттин жардамчысы|farmatsevt yordamchisi|фармацевт ёрдамчиси|ёрдамчии фармасевт
5411|firefighter;fireman|пожарный;пожарник;пожарный-спасатель|өрт өчүрүүчү;өрт өчүрүү кызматкери|oʻt oʻchiruvchi;yongʻin oʻchiruvchi|ўт ўчирувчи;ёнғин ўчирувчи|сӯхторнишон
5412|police officer;policeman|полицейский;сотрудник полиции;патрульный;милиционер|милиционер;милиция кызматкери;полиция кызматкери|militsioner;militsiya xodimi;politsiyachi;politsiya xodimi|милиционер;милиция ходими|милитсионер;корманди милитсия
5413|prison officer;prison guard;correctional officer|надзиратель;младший инспектор ФСИН;контролёр СИЗО;контролер СИЗО|түрмө күзөтчүсү;надзиратель|qamoqxona nazoratchisi|қамоқхона назоратчиси|нозири зиндон
5419|lifeguard;beach lifeguard;swimming pool attendant|спасатель;матрос-спасатель;спасатель на пляже|куткаруучу;сууда куткаруучу|qutqaruvchi|қутқарувчи|наҷотдиҳанда
6111|vegetable grower;crop farmer;cotton grower;potato grower|овощевод;полевод;хлопковод;бахчевод;хлопкороб;картофелевод|жашылчачы;пахтачы;жашылча өстүрүүчү;картошка өстүрүүчү|sabzavotchi;paxtakor;polizchi|сабзавотчи;пахтакор|сабзавоткор;пахтакор;полизкор
6112|fruit grower;orchardist;vine grower;tea grower|плодовод;виноградарь;садовод-плодовод|жүзүмчү;мөмө өстүрүүчү;жүзүм өстүрүүчү;жемиш өстүрүүчү|bogʻdor;uzumchi|боғдор;узумчи|токпарвар;боғдор
6122|poultry farmer;chicken farmer|птицевод|канаттуу өстүрүүчү;тоокчу;тоок багуучу|parrandachi;tovuqchi|паррандачи;товуқчи|мурғпарвар;мурғдор
6129|fur farmer;rabbit breeder;ostrich farmer|зверовод;кроликовод|коён өстүрүүчү;зверовод|quyonchi;moʻynali hayvon boquvchi|қуёнчи|харгӯшпарвар;зверовод
6130|farmer;mixed farmer;farm owner|фермер;владелец фермы;крестьянин|фермер;ферма ээси|fermer|фермер|фермер;соҳиби хоҷагии деҳқонӣ
6210|tree planter|лесовод|лесовод;дарак отургузуучу;көчөт отургузуучу|лесовод|лесовод|лесовод
6221|fish farmer;oyster farmer;shellfish farmer|мидиевод;устрицевод;рыбовод-технолог|балык өстүрүүчү|baliq yetishtiruvchi|балиқ етиштирувчи|парваришгари моҳӣ
6222|inshore fisherman;coastal fisherman;river fisherman|рыбак прибрежного лова;речной рыбак|көл балыкчысы|daryo baliqchisi|дарё балиқчиси|моҳигири дарё
6224|hunter;trapper|охотник;охотник-промысловик;егерь|аңчы;мергенчи;бүркүтчү|ovchi|овчи|шикорчӣ;сайёд
7133|sandblaster;chimney sweep;building steam cleaner|пескоструйщик;трубочист;оператор пескоструйной установки|пескоструйщик;мор тазалоочу|qum purkovchi;moʻri tozalovchi|қум пуркувчи;мўри тозаловчи|пескоструйщик
7222|toolmaker;die maker;locksmith;gunsmith|инструментальщик;слесарь-инструментальщик;лекальщик;оружейник|инструментальщик|asbobsoz;instrumentalchi|асбобсоз;инструменталчи|асбобсоз;инструменталчӣ
7232|aircraft mechanic;aircraft maintenance technician;aviation mechanic|авиатехник;авиамеханик|авиатехник|aviatexnik|авиатехник|авиатехник
7234|bicycle mechanic;bike repairer|веломеханик;мастер по ремонту велосипедов|велосипед оңдоочу|velosiped ustasi|велосипед устаси|устои велосипед
7311|watchmaker;watch repairer;precision instrument maker|часовщик;мастер по ремонту часов|саатчы;саат оңдоочу;саат устасы|soatsoz|соатсоз|соатсоз
7312|piano tuner;musical instrument maker;luthier|настройщик пианино;настройщик музыкальных инструментов|комуз жасоочу;музыкалык аспап жасоочу|sozgar;cholgʻu asboblari ustasi|созгар;чолғу асбоблари устаси|созсоз
7314|potter;ceramicist|гончар;керамист|карапачы;кыш идиш жасоочу;карапа жасоочу;чопо идиш жасоочу|kulol|кулол|кулол;кӯзагар
7315|glass cutter;glassblower;glass grinder|стеклодув;резчик стекла;шлифовщик стекла|айнек кесүүчү;айнек үйлөөчү|shisha kesuvchi;shishasoz|шиша кесувчи;шишасоз|шишагар;шишасоз
7316|engraver;sign maker;sign writer;decorative painter|гравёр;гравер;художник-оформитель;изготовитель вывесок|гравер;оюмачы|gravyor;naqqosh|гравёр;наққош|наққош;гравёр
7317|wood carver;woodcarver;basket weaver|резчик по дереву;корзинщик;плетельщик корзин|жыгач оймочу;себет токуучу|yogʻoch oʻymakori;savatchi|ёғоч ўймакори;саватчи|кандакор;сабадбоф
7318|carpet weaver;rug weaver;leather craftsman;felt maker|ковровщица;ковроткачиха;мастер по коже;валяльщик|шырдакчы;килем токуучу;кийиз басуучу;шырдак жасоочу;кийизчи|gilam toʻquvchi;gilamchi|гилам тўқувчи;гиламчи|қолинбоф;намадмол
7321|prepress technician;typesetter;platemaker|верстальщик;допечатник;специалист допечатной подготовки|верстальщик|sahifalovchi;verstalshik|саҳифаловчи;верстальщик|саҳифабанд;верстальщик
7322|printing press operator;offset printer|печатник;печатник офсетной печати;оператор печатного оборудования|печатник;басмакана жумушчусу|matbaachi;pechatnik|матбаачи;печатник|чопгар;матбаачӣ
7323|bookbinder;print finisher|переплётчик;брошюровщик;переплетчик|китеп түптөөчү|muqovachi;sahhof|муқовачи;саҳҳоф|саҳҳоф;муқовасоз
7511|sausage maker;fishmonger;meat smoker|колбасник;коптильщик;оператор колбасного цеха;фаршесоставитель;рабочий колбасного цеха|колбаса жасоочу;эт ыштоочу|kolbasachi;kolbasa tayyorlovchi|колбасачи;колбаса тайёрловчи|ҳасибпаз;колбасапаз
7514|canning worker;fruit and vegetable processor;pickler|консервщик;рабочий консервного завода;засольщик|консерва жасоочу|konservachi;tuzlovchi|консервачи;тузловчи|консервасоз
7515|food taster;wine taster;tea taster|дегустатор|дегустатор|degustator|дегустатор|дегустатор
7516|tobacco worker;cigar maker;tobacco grader|рабочий табачной фабрики;сортировщик табака|тамеки фабрикасынын жумушчусу|tamaki fabrikasi ishchisi|тамаки фабрикаси ишчиси|коргари фабрикаи тамоку
7521|wood treater;timber seasoner;wood kiln operator|сушильщик древесины;пропитчик древесины;антисептировщик|жыгач кургатуучу|yogʻoch quritish ustasi|ёғоч қуритиш устаси|хушккунандаи чӯб
7523|woodworking machine operator;CNC router operator;wood machinist|станочник деревообрабатывающих станков;станочник-деревообработчик;оператор станка ЧПУ по дереву;деревообработчик;столяр-станочник;станочник по дереву|жыгач иштетүүчү станокчу|yogʻoch stanokchisi|ёғоч станокчиси|дастгоҳчии чӯбкорӣ
7534|upholsterer;furniture upholsterer;car upholsterer|обойщик мебели;обивщик мебели;перетяжчик мебели;перетяжка мебели|эмерек каптоочу;мебель каптоочу|mebel qoplovchi|мебел қопловчи|рӯйпӯшкунандаи мебел
7535|tanner;leather dresser;fellmonger|кожевник;дубильщик;выделщик шкур|тери иштетүүчү;тери ийлөөчү|charmgar;teri oshlovchi|чармгар;тери ошловчи|даббоғ;чармгар
7541|diver;commercial diver|водолаз|водолаз;суу астында сүзүүчү|gʻavvos;vodolaz|ғаввос;водолаз|ғаввос;водолаз
7542|blaster;shotfirer;explosives technician|взрывник;мастер-взрывник|жардыруучу;взрывник|portlatuvchi;vzrivnik|портлатувчи;взрывник|взрывник
7544|pest controller;exterminator;fumigator|дезинсектор;дезинфектор;дератизатор|дезинфектор;зыянкечтерди жок кылуучу|dezinfektor;dezinseksiya mutaxassisi|дезинфектор|дезинфектор
8112|crusher operator;stone crushing plant operator;ore processing operator|дробильщик;машинист дробильной установки;флотатор|майдалоочу;дробилка оператору|maydalovchi;drobilka operatori|майдаловчи;дробилка оператори|майдакунанда;дробилкачӣ
8121|steelworker;furnace operator;rolling mill operator;smelter|сталевар;вальцовщик;плавильщик;горновой|сталевар;эритүүчү|poʻlat quyuvchi;eritish operatori|пўлат қуйувчи|пӯлодгудоз;гудозгар
8122|electroplater;galvaniser;powder coating operator|гальваник;оцинковщик;маляр порошковой покраски|гальваник|galvanik;rux qoplovchi|гальваник|галваник
8132|photo lab technician;photo printer operator;film developer|фотолаборант;оператор фотопечати|фотолаборант|fotolaborant|фотолаборант|фотолаборант
8141|rubber products machine operator;tyre builder;rubber moulder|оператор резинового производства;сборщик покрышек;прессовщик резиновых изделий|резина өндүрүшүнүн жумушчусу|rezina mahsulotlari operatori|резина маҳсулотлари оператори|коргари истеҳсоли резина
8143|paper products machine operator;corrugator operator;cardboard box maker|оператор гофроагрегата;гофрировщик;изготовитель картонной тары|картон кутуча жасоочу|gofra operatori;karton quti ishlab chiqaruvchi|гофра оператори|оператори гофроагрегат
8151|spinner;spinning machine operator;winder|прядильщица;прядильщик;мотальщица|жип ийрүүчү|yigiruvchi;ip yigiruvchi|йигирувчи;ип йигирувчи|ресанда
8154|textile dyer;dyeing machine operator|красильщик;красильщик тканей;отбельщик|кездеме боёочу|gazlama boʻyovchi|газлама бўёвчи|рангрез
8155|tannery worker;leather processing machine operator|оператор кожевенного производства;отделочник кож|тери заводунун жумушчусу|teri zavodi ishchisi|тери заводи ишчиси|коргари заводи чарм
8156|shoe factory worker;footwear machine operator|оператор обувного производства;рабочий обувной фабрики;затяжчик обуви|бут кийим фабрикасынын жумушчусу|poyabzal fabrikasi ishchisi|пойабзал фабрикаси ишчиси|коргари фабрикаи пойафзол
8157|laundry machine operator;dry cleaner;dry cleaning operator|оператор стиральных машин;оператор химчистки|химчистка оператору|kimyoviy tozalash operatori;kir yuvish mashinasi operatori|кимёвий тозалаш оператори|оператори химчистка
8171|paper machine operator;papermaker;pulp mill operator|машинист бумагоделательной машины;варщик целлюлозы|кагаз өндүрүүчү|qogʻoz ishlab chiqaruvchi|қоғоз ишлаб чиқарувчи|коғазсоз
8181|kiln operator;glass furnace operator;brick kiln operator|обжигальщик;стекловар;обжигальщик кирпича|кыш бышыруучу|gʻisht pishiruvchi|ғишт пиширувчи|хиштпаз
8211|machinery assembler;engine assembler;vehicle assembler|слесарь-сборщик;сборщик автомобилей;сборщик двигателей;слесарь механосборочных работ|машина жыйноочу|avtomobil yigʻuvchi;mashina yigʻuvchi|машина йиғувчи|ҷамъкунандаи мошин
8311|train driver;locomotive driver;engine driver|машинист поезда;машинист локомотива;помощник машиниста;машинист электропоезда|поезд машинисти;поезд айдоочу|poyezd mashinisti;lokomotiv mashinisti|поезд машинисти|мошинисти қатора;ронандаи қатора
8312|shunter;switchman;signalman;railway brake operator|составитель поездов;стрелочник;сигналист|стрелочник;поезд түзүүчү|strelochnik;poyezd tuzuvchi|стрелочник|стрелочник
8321|motorcycle taxi driver;motorcycle courier;motorcyclist|мотокурьер;мотоциклист;водитель мототакси|мотоциклчи;мотокурьер|mototsiklchi;motokuryer|мотоциклчи|мотоциклрон;мотокурер
9112|hospital cleaner;school cleaner;train cleaner;cleaning lady|техничка;уборщица офиса;уборщик торгового центра;уборщик вагонов|кеңсе тазалоочу;техничка|ofis tozalovchisi;texnichka|офис тозаловчиси;техничка|тозакунандаи идора;техничка;фарроши мактаб
9129|carpet cleaner;swimming pool cleaner;upholstery cleaner|мойщик ковров;мойщица ковров;чистильщик бассейнов|килем жуучу|gilam yuvuvchi|гилам ювувчи|қолиншӯй
9331|handcart pusher;rickshaw driver;pedicab driver|тележечник;велорикша;рикша|арабакеч|aravakash|аравакаш|аробакаш
9332|horse cart driver;carter;coachman|извозчик;кучер;возчик|арабачы;ат араба айдоочу|aravachi|аравачи|аробарон;извозчик
9510|shoe shiner;shoeshine boy|чистильщик обуви|бут кийим тазалоочу|poyabzal tozalovchi|пойабзал тозаловчи|тозакунандаи пойафзол
9520|street vendor;street seller;peddler;hawker|уличный торговец;лоточник;коробейник|көчө соодагери;көчөдө сатуучу|koʻcha sotuvchisi|кўча сотувчиси|дастфурӯш;фурӯшандаи кӯча
9623|meter reader;vending machine collector|контролёр электросетей;контролёр водоканала;контролёр по снятию показаний счётчиков;контролер электросетей;контролер водоканала;контролер по снятию показаний счетчиков|эсептегич текшерүүчү|hisoblagich nazoratchisi|ҳисоблагич назоратчиси|назоратчии ҳисобкунак
9629|cloakroom attendant;usher;car park attendant;theatre attendant|гардеробщица;гардеробщик;билетёр;парковщик;капельдинер;билетер|гардеробчу;билет текшерүүчү|garderobchi;chipta tekshiruvchi|гардеробчи;чипта текширувчи|гардеробчӣ;назоратчии толор
"""  # noqa: E501


def _parse(table: str) -> tuple[Occupation, ...]:
    found = []
    for line in table.strip().splitlines():
        code, *columns = line.split("|")
        found.append(Occupation(code=code, names=_names(columns)))
    return tuple(found)


def _names(columns: list[str]) -> dict[str, tuple[str, ...]]:
    """A table line's columns after the code: each language's names."""
    return {language: tuple(n.strip() for n in column.split(";") if n.strip())
            for language, column in zip(_COLUMNS, columns, strict=True)}


_COLUMNS = ("en", "ru", "ky", "uz", "uz_cyrl", "tg")
OCCUPATIONS = _parse(_TABLE)
BY_CODE = {o.code: o for o in OCCUPATIONS}


# A word for a kind of work several trades share names none of them: `водитель`,
# `haydovchi` and `ронанда` drive cars, vans, lorries, buses and forklifts alike; a
# `housekeeper` keeps a hotel's rooms or a family's house. Filed under one trade, a lorry
# driver's vacancy would be shown as a taxi driver's. A vacancy whose occupation is such
# a word is filed under the one trade of the family its title or description names
# (`Водитель категории C`: lorry driver; `Hotel housekeeper`), else under none; a search
# for it asks for every trade of the family, each vacancy shown under its own.
# codes | English | Russian | Kyrgyz | Uzbek (Latin) | Uzbek (Cyrillic) | Tajik
_FAMILIES = """
8322 8322.01 8332 8331 8344|driver|водитель;шофёр;шофер|айдоочу;шофер;шопур|haydovchi;shofyor;shafyor;shofer|ҳайдовчи;шофёр;шофер|ронанда;шофер
8322 8332|driver-forwarder|водитель-экспедитор||||
9112.01 9111|housekeeper|||||
"""  # noqa: E501


@dataclass(frozen=True)
class Family:
    names: dict[str, tuple[str, ...]]
    members: tuple[Occupation, ...]

    def name(self, language: str) -> str:
        """The family's name in a page language; where it has none there, its trades'
        (`горничная / домработница`)."""
        own = self.names.get(language) or ()
        return own[0] if own else " / ".join(o.name(language) for o in self.members)


def _parse_families(table: str) -> tuple[Family, ...]:
    found = []
    for line in table.strip().splitlines():
        codes, *columns = line.split("|")
        found.append(Family(names=_names(columns),
                            members=tuple(BY_CODE[c] for c in codes.split())))
    return tuple(found)


FAMILIES = _parse_families(_FAMILIES)


def _words(text: str) -> tuple[str, ...]:
    """A text's words as spelling skeletons: script, case, hyphens and transliteration
    habits folded away, and a word's last letters too (Russian and Turkic endings:
    `сварщика`, `сварщиком`, `payvandchilar` find `сварщик` and `payvandchi`)."""
    return tuple(_stem(w) for w in _skeletons(text))


def _skeletons(text: str) -> list[str]:
    # The Tajik plural -ҳо comes off first: folded, it would fuse with the letter before it
    # into another (`ошпазҳо` would read `oshpazho`, whose zh is the letter ж).
    text = _TAJIK_PLURAL.sub(r"\1\2", text)
    return spelling_words(text.replace("ʻ", "").replace("ʼ", ""))


_TAJIK_PLURAL = re.compile(r"(\w{3,}?)[ҳҲхХ][оО]([рР][оО]|[иИ])?\b")  # х: ҳ as typed


def _forms(text: str) -> tuple[tuple[str, ...], ...]:
    """For each word of a text, the forms it may take in a name, as typed first: as
    `_words` has it, then without a Kyrgyz, Uzbek or Tajik case or possessive ending
    (`qurilishda ishchi`, work on a building site, says `qurilish ishchisi`; `заводго
    жумушчу`; `кафшергарро`), as the worker its work noun or action says (`farroshlik`,
    `qadoqlash`), and last as the name's word it misspells (`_misspelt`)."""
    words = _skeletons(text)
    # A word no name holds may be a name misspelt, when it is the one word typed that
    # could say a trade (`сантехнк`, `clener в Москве`): among other words it is more
    # often a word of their own (`look after sick people`: `after` is not `actor`).
    places_typed = {w for w in words if _a_place(w)}
    telling = [w for w in words if _tells(w)]
    latin = not _CYRILLIC.search(text)
    # A place keeps its case ending: `Сургутта` (in Surgut) is no surgeon.
    return tuple((_stem(w),) if w in places_typed
                 else _word_forms(w, misspelt=telling == [w], latin=latin) for w in words)


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_RAW_WORD = re.compile(r"[\w'`ʻʼ’]+")  # a word as typed; apostrophes belong to Uzbek words


def _a_place(word: str) -> bool:
    """Whether a word is a city the gazetteer knows or a country, also in a case
    (`places.place_in`, `places.country_in`)."""
    return places.place_in(word) is not None or places.country_in(word) is not None


@lru_cache(maxsize=8192)
def _word_forms(word: str, misspelt: bool = False, latin: bool = True) -> tuple[str, ...]:
    # An ending whose first letter the word's own last letter doubled leaves that letter
    # (`qorovullar`, `haydovchilikka`: the skeleton writes ll and kk once).
    bases = [word, *(word[: -len(ending) + cut] for ending in _CASE_ENDINGS for cut in (0, 1)
                     if word.endswith(ending) and len(word) - len(ending) >= 4
                     and (cut == 0 or ending[0] not in "aeiou"))]
    for base in list(bases):
        # A plural (as above); the work itself (-lik: `farroshlik`, `haydovchilik`) for its
        # worker; an Uzbek action (`qadoqlash`, `terish`) for its doer (`qadoqlovchi`,
        # `teruvchi`).
        bases += [base[: -len(ending) + 1] for ending in _DOUBLING_PLURALS
                  if base.endswith(ending) and len(base) - len(ending) >= 4]
        bases += [base[: -len(suffix)] for suffix in _WORK_NOUNS
                  if base.endswith(suffix) and len(base) - len(suffix) >= 4]
        bases += [base[: -len(action)] + doer for action, doer in _DOERS
                  if base.endswith(action) and len(base) - len(action) >= 3]
    forms = list(dict.fromkeys(map(_stem, bases)))
    if misspelt and not _name_stems().intersection(forms):
        forms += _misspelt(word, latin)
    return tuple(forms)


_DOUBLING_PLURALS = ("lar", "ler", "lor", "dar", "der", "dor", "tar", "ter", "tor")
_DOERS = (("ash", "ovci"), ("ish", "uvci"))
# The work of a trade (Kyrgyz -чылык after its name's -чы, -лык -дык -тык; Uzbek -lik).
_WORK_NOUNS = ("cilik", "culuk", "lik", "luk", "dik", "duk", "tik", "tuk")


# A word of at least this many letters that no name holds may be a name's word misspelt
# by one letter (`сантехнк`, `медсесра`, `waitor`); a shorter one too often is another.
_MISSPELT_FROM = 5


def _misspelt(word: str, latin: bool) -> list[str]:
    """The form of the one word of the names' words that `word` misspells by a letter (one
    left out, added, changed, or two swapped), if there is exactly one; never for a word
    of no trade (`работа`) or a place (`Moskve`). A last letter that differs is an ending
    more often than a slip (`вахтой` is not `вахтёр`), and a word typed in Cyrillic is
    not an English name misspelt (`бекер` is not `baker`)."""
    if len(word) < _MISSPELT_FROM:
        return []
    near = {known for variant in (word, *_deletions(word))
            for known in _name_words(latin).get(variant, ())
            if OSA.distance(word, known, score_cutoff=1) <= 1
            and word[:-1] != known[:-1] and word[:-1] != known and known[:-1] != word}
    stems = {_stem(known) for known in near}
    return list(stems) if len(stems) == 1 else []


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@cache
def _name_words(latin: bool) -> dict[str, tuple[str, ...]]:
    """The names' words (skeletons of at least `_MISSPELT_FROM` - 1 letters; the English
    names' only for a word typed in Latin letters), each under itself and under every
    spelling with a letter left out."""
    words = {w for o in OCCUPATIONS for language, names in o.names.items() for name in names
             if latin or language != "en"
             for w in _skeletons(name) if len(w) >= _MISSPELT_FROM - 1}
    found: dict[str, set[str]] = {}
    for word in words:
        for variant in (word, *_deletions(word)):
            found.setdefault(variant, set()).add(word)
    return {variant: tuple(sorted(known)) for variant, known in found.items()}


@cache
def _name_stems() -> frozenset[str]:
    return frozenset(w for index in (_index(), _family_index()) for key in index for w in key)


def _stem(word: str) -> str:
    for _ in range(2):  # a plural, then a case ending: `payvandchilarni`
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


# Longest first, as skeletons: Russian case endings; Turkic plural and possessive endings
# (Kyrgyz plurals take the vowel of the word: -лар -лер -лор, -дар -дер -дор, -тар -тер
# -тор); Tajik plurals (-ҳо, -он, -гон after a vowel: `ронандагон`, drivers).
_ENDINGS = ("lari", "lar", "ler", "lor", "dar", "der", "dor", "tar", "ter", "tor", "gon",
            "ami", "ho", "on", "ov", "ev", "om", "em", "am", "ai", "oi", "ni", "a", "i", "u",
            "e", "o")

# Case endings of Kyrgyz and Uzbek (locative -да -до -нда, dative -га -го -ка, ablative
# -дан -нан, genitive -нын -ning, accusative -ны -ди), the Kyrgyz and Uzbek possessive
# (-сы -су -si: `ishchisi`, `жумушчусу`) and the Tajik object ending -ро, as skeletons,
# longest first. A name's own words are not read through them: a word is tried without
# one only after it failed as typed, and no name of the table then names another trade.
_CASE_ENDINGS = ("ndan", "nden", "ndon", "ning", "nda", "nde", "ndo", "dan", "den", "don",
                 "tan", "ten", "ton", "nan", "nen", "non", "nin", "nun", "din", "dun", "tin",
                 "tun", "da", "de", "do", "ta", "te", "to", "ga", "ge", "go", "ka", "ke", "ko",
                 "na", "ne", "no", "ni", "nu", "di", "du", "ti", "tu", "si", "su", "ro",
                 "goni", "oni",  # Tajik plural with the izafat: `ронандагони автобус`
                 "min", "mun")  # Kyrgyz "I am": `сварщикмин`, `айдоочумун`


@cache
def _index() -> dict[tuple[str, ...], tuple[Occupation, ...]]:
    index: dict[tuple[str, ...], list[Occupation]] = {}
    for occupation in OCCUPATIONS:
        for language, names in occupation.names.items():
            for name in names:
                for words in filter(None, map(_words, _spellings(name, language))):
                    if occupation not in index.setdefault(words, []):
                        index[words].append(occupation)
    # A worker of a place is also asked for as work there (`zavod ishchisi`: `zavodda
    # ish`; `завод жумушчусу`: `заводдо иштөө`; `коргари завод`: `кор дар завод`), and a
    # Kyrgyz or Uzbek name is often typed without its possessive (`qurilish ishchi`,
    # `завод жумушчу`): such a name is also found so, unless that spelling is a name of
    # its own or of two trades.
    bare: dict[tuple[str, ...], list[Occupation]] = {}
    for occupation in OCCUPATIONS:
        for language, names in occupation.names.items():
            for name in names:
                skeletons = _skeletons(name)
                keys = _work_at(skeletons)
                if language in ("ky", "uz", "uz_cyrl"):
                    keys += itertools.product(*map(_without_possessive, skeletons))
                for words in keys:
                    if words not in index and occupation not in bare.setdefault(words, []):
                        bare[words].append(occupation)
    return {words: tuple(found) for words, found in {**bare, **index}.items()}


def _spellings(name: str, language: str) -> set[str]:
    """A name as it is typed: Russian is mostly typed with е for ё (`хлебопек`), so a name
    holding ё is also found so."""
    return {name, name.replace("ё", "е")} if language == "ru" else {name}


@cache
def _family_index() -> dict[tuple[str, ...], tuple[Occupation, ...]]:
    """A family's names (as `_index` has names) -> its trades; an occupation's own name
    is never one."""
    return {words: family.members for words, family in _families_by_name().items()}


@cache
def _families_by_name() -> dict[tuple[str, ...], Family]:
    index = _index()
    return {words: family for family in FAMILIES
            for language, names in family.names.items() for name in names
            for spelling in _spellings(name, language)
            if (words := _words(spelling)) and words not in index}


def family_of(text: str) -> Family | None:
    """The family a text names as a whole (`водитель`, `haydovchi`), else None."""
    return _families_by_name().get(_words(text))


def _work_at(skeletons: list[str]) -> list[tuple[str, ...]]:
    """The ways of asking for work at a place that a name of its worker gives."""
    worker_of = _worker_of()
    if len(skeletons) >= 2 and skeletons[-1] in worker_of:
        # A place named in the genitive (`балык заводунун жумушчусу`) is typed in
        # another case when work there is asked for (`балык заводунда иштөө`).
        places = {tuple(map(_stem, skeletons[:-1])),
                  (*map(_stem, skeletons[:-2]), _stem(_without_genitive(skeletons[-2])))}
        return [(*place, work) for place in places for work in worker_of[skeletons[-1]]]
    if len(skeletons) >= 2 and skeletons[0] == _skeletons("коргари")[0]:
        place = tuple(map(_stem, skeletons[1:]))
        return [(*_words("кор"), *place), (*_words("кор дар"), *place)]
    return []


def _without_genitive(word: str) -> str:
    for ending in ("nin", "nun", "din", "dun", "tin", "tun", "ning"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@cache
def _worker_of() -> dict[str, tuple[str, ...]]:
    """A place's worker (`ishchisi`, `ишчиси`, `жумушчусу`): the words for work there."""
    return {_skeletons(worker)[0]: tuple(_stem(w) for w in _skeletons(work))
            for worker, work in (("ishchisi", "ish ishlash"), ("ишчиси", "иш ишлаш"),
                                 ("жумушчусу", "жумуш иштөө"))}


def _without_possessive(word: str) -> tuple[str, ...]:
    """A word of a name as `_words` has it, and without a possessive when it has one."""
    for ending in ("si", "su"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return _stem(word), _stem(word[: -len(ending)])
    return (_stem(word),)


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
    for choice in choices_named(text):
        found += (o for o in choice if o not in found)
    return found


def choices_named(text: str) -> list[tuple[Occupation, ...]]:
    """What a text names, as `occupations_named`, one entry per name: an occupation
    alone, or the trades of a family (`водитель`: car, taxi, lorry and bus drivers)."""
    found: list[tuple[Occupation, ...]] = []
    _read(_forms(text), [_tells(w) for w in _skeletons(text)], found)
    return found


def names_asked(text: str, language: str, most: int = 2) -> list[str]:
    """The occupations (or families) a text names, each by its name in a page language:
    what the search understood was asked (`sotuvchi Moskvada` -> `продавец`)."""
    names = []
    for choice in choices_named(text)[:most]:
        codes = {o.code for o in choice}
        family = next((f for f in FAMILIES if {o.code for o in f.members} == codes), None)
        names.append(family.name(language) if family and len(choice) > 1
                     else choice[0].name(language))
    return list(dict.fromkeys(names))


def _tells(word: str) -> bool:
    """Whether a word (a skeleton) may say something of the work: not a place, not a word
    every job talk holds."""
    return _stem(word) not in _generic() and not _a_place(word)


def _read(words: tuple[tuple[str, ...], ...], telling: list[bool],
          found: list[tuple[Occupation, ...]] | None = None) -> list[bool]:
    """`_taken`, where a family's name counts only when it is all the text says of the
    work: beside it only places, other trades' names and words every job talk holds
    (`водитель в Москве`, `haydovchi kerak`). A word of its own beside it (`truk driver`,
    a vehicle misspelt) says which of the family is meant, and the model reads the two
    together better than every trade of the family would be asked for."""
    with_families: list[tuple[Occupation, ...]] = []
    taken = _taken(words, with_families)
    if any(len(c) > 1 for c in with_families) and \
            any(tells and not was for tells, was in zip(telling, taken, strict=True)):
        return _taken(words, found, families=False)
    if found is not None:
        found.extend(with_families)
    return taken


def _taken(words: tuple[tuple[str, ...], ...],
           found: list[tuple[Occupation, ...]] | None = None, families: bool = True
           ) -> list[bool]:
    """Which of the words (each with the forms it may take, `_forms`) belong to an
    occupation's or a family's name, longest names first, then the words as typed before
    other forms; each occupation or family named is added to `found`, once."""
    taken = [False] * len(words)
    index, family_index = _index(), _family_index() if families else {}
    for size in range(min(_longest_name(), len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start:start + size]):
                continue
            for key in itertools.product(*words[start:start + size]):
                matches = index.get(key, ())
                if len(matches) != 1:
                    matches = family_index.get(key, ())
                if matches:
                    if found is not None and matches not in found:
                        found.append(matches)
                    taken[start:start + size] = [True] * size
                    break
    return taken


def words_besides(text: str) -> str:
    """The words of a text that name no occupation it names (`сварщик в Москве` -> `в
    Москве`), in their order as typed."""
    raw = _RAW_WORD.findall(text)
    spans = [_forms(word) for word in raw]
    taken = _read(tuple(w for span in spans for w in span),
                  [_tells(w) for word in raw for w in _skeletons(word)])
    kept, at = [], 0
    for word, span in zip(raw, spans, strict=True):
        if not span or not all(taken[at:at + len(span)]):
            kept.append(word)
        at += len(span)
    return " ".join(kept)


def city_alone(text: str) -> places.Place | None:
    """The city a text names when it says nothing else of the work, only words every job
    talk holds (`работа в Казани`, `Moskvada ish`, `работа в Санкт-Петербурге`): asked
    for that city's vacancies. Else None."""
    rest = [w for w in _RAW_WORD.findall(text) if not set(_words(w)) <= _generic()]
    return places.place_in(" ".join(rest)) if rest else None


def says_nothing_of_the_work(text: str) -> bool:
    """Whether a text holds only words every job talk holds (`ish`, `кор`, `работа`), or
    none."""
    return all(set(_words(w)) <= _generic() for w in _RAW_WORD.findall(text))


def country_alone(text: str) -> str | None:
    """The country a text names when it says nothing else of the work, only words every
    job talk holds (`работа в России`, `Rossiyada ish`, `South Korea`): asked for that
    country's vacancies. Else None."""
    rest = [w for w in _RAW_WORD.findall(text) if not set(_words(w)) <= _generic()
            and not places.country_name_word(w)]
    codes = {places.country_in(w) for w in rest}
    return codes.pop() if len(codes) == 1 and None not in codes else None


def occupation_of(text: str) -> Occupation | None:
    """The occupation an agency's occupation field stands for: the whole text, else the
    one occupation named in it (`сварщик НАКС 5 разряда` -> welder)."""
    whole = find_occupation(text)
    if whole is not None:
        return whole
    named = occupations_named(text)
    return named[0] if len(named) == 1 else None


def occupation_within(words: str, text: str) -> Occupation | None:
    """The one trade of the family `words` name that `text` names by a name of its own
    (`водитель` in `Водитель категории C, развоз по Татарстану`: lorry driver), else
    None."""
    family = occupations_named(words)
    if len(family) < 2:
        return None
    within = {choice[0].code for choice in choices_named(text)
              if len(choice) == 1 and choice[0] in family}
    return BY_CODE[within.pop()] if len(within) == 1 else None


def occupation_key(text: str) -> str:
    """What the occupation filter compares: the taxonomy's key (`isco:5120`) for an
    occupation it knows, by any name or code; else the text itself, lower-cased."""
    code = text.strip().lower().removeprefix(KEY_PREFIX)
    if code in BY_CODE:
        return BY_CODE[code].key
    occupation = occupation_of(text)
    return occupation.key if occupation else " ".join(text.lower().split())


def occupation_name(text: str, language: str) -> str:
    """An occupation, or a family of them (`driver`), named in the page's language when
    the taxonomy knows it, else as written."""
    occupation = occupation_of(text)
    if occupation is not None:
        return occupation.name(language)
    family = family_of(text)
    return family.name(language) if family else text


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


def kin(named: list[Occupation]) -> list[Occupation]:
    """The other occupations of the named ones' ISCO-08 unit groups (a unit group and the
    trades hired under their own names within it), in the taxonomy's order; then the
    trades of other unit groups whose work is the same to whoever looks for a job
    (`_RELATED`: a factory worker is hired as an assembler); then the trades a general
    name covers (`_COVERS`: a builder takes a bricklayer's job)."""
    groups = {o.unit_group for o in named}
    related = [code for codes in _RELATED if groups & set(codes) for code in codes
               if code not in groups]
    related += [code for group in sorted(groups) for code in _COVERS.get(group, ())
                if code not in groups]
    return [*(o for o in OCCUPATIONS if o.unit_group in groups and o not in named),
            *(o for code in dict.fromkeys(related) for o in OCCUPATIONS
              if o.unit_group == code)]


def covered(named: list[Occupation]) -> list[Occupation]:
    """The trades a general name among `named` covers (`_COVERS`: a builder takes a
    bricklayer's job), in the taxonomy's order."""
    groups = {o.unit_group for o in named}
    codes = {code for group in groups for code in _COVERS.get(group, ())} - groups
    return [o for o in OCCUPATIONS if o.unit_group in codes]


# Unit groups whose entry-level vacancies a job seeker takes for one another's, though
# ISCO-08 files them apart (labourers in major group 9, operators and assemblers in 8;
# on a monolithic site formwork carpenters and concrete workers pour the same walls).
_RELATED = tuple(line.split() for line in """
9329 8219 8212 8211
9333 9321 4321 9334
9313 7111 9312
7115 7114
9112 9111
9412 9411
9213 9211 9214
8160 7514
5223 5230
5322 5321
8153 7531
""".strip().splitlines())

# A general name for the work of several trades, each hired under its own name: who asks
# for a builder (`строитель`, `quruvchi`, `бинокор`) takes a bricklayer's, a concrete
# worker's or a plasterer's job, though a bricklayer asking is not offered a builder's.
_COVERS = {
    "7111": ("7112", "7113", "7114", "7115", "7119", "7121", "7122", "7123", "7124", "7125",
             "7131"),
}


# --- an occupation guessed from its words -------------------------------------------------
#
# The names above cannot hold every way a trade is said in Kyrgyz, Uzbek or Tajik, with
# every ending (`ширетүүчүлөр керек`, welders wanted; `кафшергарҳо`). A text naming no
# occupation as a whole may still be meant as one: the occupation whose Russian, Kyrgyz,
# Uzbek and Tajik names hold all its telling words (a word few trades' names hold weighs
# more; a word with an ending glued on counts as the word; Russian words come into these
# languages with their endings). English words are left to the model; words every job talk
# holds, and prepositions (`кор дар сохтмон`, work in construction), tell nothing.
# Measured by leaving each Kyrgyz, Uzbek and Tajik name out of the table in turn and
# guessing it from the rest (`bench.guesses`).

_GENERIC = """job jobs work worker workers helper assistant labourer vacancy vacancies staff
employee
работа работник рабочий рабочие помощник помощница вакансия сотрудник персонал подсобный
нужен нужна нужны требуется требуются
жумуш жумушчу жумушчулар жардамчы кызматкер иштөө керек
ish ishi ishchi ishchisi ishchilar ishlash yordamchi yordamchisi xodim xodimi vakansiya kerak
иш иши ишчи ишчиси ишлаш ёрдамчи ходим керак
кор кори коргар коргари ёрдамчӣ ёридиҳанда корманд кормандон лозим
в на по для с со из при у к и
in at on for with to of from near a an the and or
үчүн менен жана
uchun bilan va
учун билан ва
дар ба аз бо барои ва"""
_GUESSED_LANGUAGES = ("ru", "ky", "uz", "uz_cyrl", "tg")
_GUESS_PREFIX = 5  # letters two spellings of one word share before their endings differ


@cache
def _generic() -> frozenset[str]:
    return frozenset(w for word in _GENERIC.split() for w in _words(word))


@cache
def _vocabulary() -> dict[str, frozenset[str]]:
    """Each word of the Russian, Kyrgyz, Uzbek and Tajik names (as a skeleton) -> the codes
    of the occupations it names; an English name's word is the model's to read (a guess
    from it only stood in the way of the model's better order)."""
    codes: dict[str, set[str]] = {}
    for occupation in OCCUPATIONS:
        for language in _GUESSED_LANGUAGES:
            for name in occupation.names.get(language, ()):
                for word in _words(name):
                    codes.setdefault(word, set()).add(occupation.code)
    return {word: frozenset(found) for word, found in codes.items()
            if word not in _english_words()}


@cache
def _english_words() -> frozenset[str]:
    """The words of the English names (as skeletons)."""
    return frozenset(word for occupation in OCCUPATIONS for language in ("en",)
                     for name in occupation.names.get(language, ()) for word in _words(name))


@cache
def _by_prefix(english: bool = False) -> dict[str, tuple[str, ...]]:
    """The words of the guessed languages' names (or the English ones) by their first letters."""
    found: dict[str, list[str]] = {}
    for word in _english_words() if english else _vocabulary():
        found.setdefault(word[:_GUESS_PREFIX], []).append(word)
    return {prefix: tuple(words) for prefix, words in found.items()}


def _codes_of(word: str) -> frozenset[str]:
    """The occupations whose names hold the word, or a word it is with another ending."""
    vocabulary = _vocabulary()
    if word in vocabulary:
        return vocabulary[word]
    if len(word) < _GUESS_PREFIX:
        return frozenset()
    if any(len(_common_prefix(word, read)) >= len(read) - 3
           for read in _by_prefix(english=True).get(word[:_GUESS_PREFIX], ())):
        return frozenset()  # an English word with its ending: the model's
    codes: set[str] = set()
    for known in _by_prefix().get(word[:_GUESS_PREFIX], ()):
        shared = len(_common_prefix(word, known))
        if shared >= len(known) - 1:
            codes |= vocabulary[known]
    return frozenset(codes)


def _common_prefix(a: str, b: str) -> str:
    return os.path.commonprefix([a, b])


def occupations_guessed(text: str, most: int = 2) -> tuple[list[Occupation], tuple[str, ...]]:
    """The occupations whose names hold every telling word of a text that names none as a
    whole (one per unit group, at most `most` groups, else none: the words tell too little),
    with those words as typed; else ([], ())."""
    # A city tells no trade, whatever else its name says (`Qozonda`, in Kazan: `qozon` is
    # also a cauldron, the boiler room's `qozonxona`).
    raw = [w for w in _RAW_WORD.findall(text)
           if set(_words(w)) - _generic() and places.place_in(w) is None]
    total = 0.0
    weight: dict[str, float] = {}
    telling: list[str] = []
    for word in raw:
        codes = frozenset().union(*(_codes_of(w) for w in _words(word) if w not in _generic()))
        if not codes:
            continue  # a place, a name, a word no trade's name holds
        idf = math.log(len(OCCUPATIONS) / len(codes))
        total += idf
        telling.append(word)
        for code in codes:
            weight[code] = weight.get(code, 0.0) + idf
    if total < _GUESS_MIN_WEIGHT:
        return [], ()
    # Those holding every telling word, a unit group's own code before its trades.
    holding = sorted(code for code, w in weight.items() if w >= total - 1e-9)
    firsts: dict[str, Occupation] = {}
    for code in holding:
        firsts.setdefault(BY_CODE[code].unit_group, BY_CODE[code])
    if not firsts or len(firsts) > most:
        return [], ()
    return list(firsts.values()), tuple(telling)


_GUESS_MIN_WEIGHT = 1.5  # at least a word fewer than a quarter of the trades' names hold
