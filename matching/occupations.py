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
# Cyrillic Uzbek column is only searched, never shown. A unit group's own code stands for
# its general occupation, ".NN" for a trade within it that is hired under its own name
# (7115 carpenter, 7115.01 formwork carpenter). A word that names many trades (монтажник,
# оператор) is no name: it would file every one of them under one.
_TABLE = """
7111|construction worker;builder;house builder;general builder|строитель;рабочий-строитель;строитель-универсал|курулушчу;курулуш жумушчусу|quruvchi;qurilish ishchisi|қурувчи;қурилиш ишчиси|бинокор;сохтмончӣ;коргари сохтмон
7112|bricklayer;mason;block layer;block mason|каменщик;кладчик;каменщик-кладчик|кыш калоочу;кыш уста|gʻisht teruvchi;gʻishtchi|ғишт терувчи;ғиштчи|хиштчин;хиштгузор
7113|stonemason;stone mason;stone cutter|камнетёс;резчик по камню|таш калоочу;таш уста|toshtarosh;tosh teruvchi;toshchi|тоштарош;тош терувчи|сангтарош;сангкор
7114|concrete worker;concrete placer;concrete finisher;concreter|бетонщик;бетонщик-арматурщик;рабочий по бетону|бетончу;бетон куюучу|betonchi;beton quyuvchi;beton ishchisi|бетончи;бетон қуйувчи|бетонкор;бетонрез
8114|precast concrete worker;concrete products machine operator|формовщик ЖБИ;формовщик железобетонных изделий;рабочий завода ЖБИ|ЖБИ заводунун жумушчусу|JBI zavodi ishchisi|ЖБИ заводи ишчиси|коргари заводи ЖБИ
7115|carpenter;joiner;building carpenter|плотник;столяр;столяр-плотник|жыгач уста;жыгач устасы;устачы;столяр|duradgor;yogʻoch ustasi|дурадгор;ёғоч устаси|дуредгар;наҷҷор;устои чӯб
7115.01|formwork carpenter;shuttering carpenter;formwork worker;formworker|опалубщик;плотник-опалубщик;плотник-бетонщик;монтажник опалубки|опалубкачы;опалубка устасы|opalubkachi;opalubka ustasi|опалубкачи;опалубка устаси|опалубкачӣ;устои опалубка
7522|furniture maker;cabinet maker;furniture assembler|мебельщик;сборщик мебели;столяр-мебельщик;мастер по сборке мебели|эмерек жасоочу;мебель жыйноочу|mebelchi;mebel yigʻuvchi|мебелчи;мебел йиғувчи|мебелсоз;ҷамъкунандаи мебел
8172|sawmill worker;sawmill operator;sawyer|рамщик;пилорамщик;рабочий пилорамы|жыгач тилүүчү;пилорамачы|arrachi;pilorama ishchisi|аррачи;пилорама ишчиси|арракаш;коргари арракашӣ
7119|scaffolder;scaffolding erector;scaffold builder|монтажник лесов;монтажник строительных лесов|леса орнотуучу;леса монтаждоочу|havoza oʻrnatuvchi;lesa montajchisi|ҳавоза ўрнатувчи|монтажчии леса
7119.01|industrial climber;rope access technician;high-rise worker|промышленный альпинист;промальпинист;высотник|өнөр жай альпинисти|sanoat alpinisti;balandlikda ishlovchi|саноат альпинисти|альпинисти саноатӣ
7119.02|demolition worker;demolition labourer|демонтажник;рабочий по демонтажу|демонтажчы|demontajchi|демонтажчи|демонтажчӣ
7121|roofer;roofing worker|кровельщик|чатыр жабуучу;чатыр устасы|tom yopuvchi;tomchi;tom ustasi|том ёпувчи|боммон;бомпӯш
7122|tiler;tile setter;tile fixer;tile layer|плиточник;облицовщик;укладчик плитки;плиточник-облицовщик;кафельщик|плитка төшөөчү;плиточник|kafelchi;plitkachi;kafel ustasi|кафелчи;плиткачи|кафелмон;плиткагузор
7122.01|floor layer;flooring installer;parquet layer;laminate installer|паркетчик;укладчик напольных покрытий;укладчик ламината;монтажник напольных покрытий|пол төшөөчү;паркетчи|parketchi;pol ustasi|паркетчи|паркетгузор;устои фарш
7123|plasterer;rendering worker|штукатур;штукатур-маляр|шыбакчы;штукатур|suvoqchi;shtukatur|сувоқчи|андовагар;штукатур
7123.01|drywall installer;drywaller;plasterboard fixer;dry liner|монтажник гипсокартона;гипсокартонщик;монтажник ГКЛ|гипсокартончу;гипсокартон орнотуучу|gipsokartonchi;gipsokarton ustasi|гипсокартончи|гипсокартончӣ;устои гипсокартон
7124|insulation worker;insulator;thermal insulation installer|изолировщик;теплоизолировщик;монтажник утеплителя;изолировщик на термоизоляции|изоляция орнотуучу;жылуулоочу|izolyatsiyachi;issiqlik izolyatsiyachisi|изоляциячи|изолятсиякунанда
7125|glazier;window installer;window fitter|стекольщик;монтажник окон;монтажник пластиковых окон;установщик окон|айнекчи;терезе орнотуучу|oynachi;deraza oʻrnatuvchi|ойначи;дераза ўрнатувчи|шишабур;устои тиреза
7131|painter;building painter;painter decorator;decorator;finisher|маляр;маляр-штукатур;отделочник;маляр-отделочник|сырдоочу;боёкчу;маляр|boʻyoqchi;pardozchi;malyar;molyar|бўёқчи;маляр;моляр|рангмол;рангкунанда
7132|car painter;spray painter;vehicle painter;industrial painter|автомаляр;маляр-покрасчик;покрасчик;маляр по металлу|автомаляр;унаа сырдоочу|avtomalyar;mashina boʻyoqchisi|автомаляр;машина бўёқчиси|автомаляр;рангкунандаи мошин
7213|sheet metal worker;tinsmith;panel beater;body repairer|жестянщик;кузовщик;жестянщик-кузовщик;рихтовщик|калайчы;кузовщик|tunukasoz;kuzovchi|тунукасоз;кузовчи|тунукасоз;кузовсоз
7214|steel fixer;rebar worker;rebar fixer;reinforcement worker|арматурщик;вязальщик арматуры|арматурачы;арматура байлоочу|armaturachi;armatura bogʻlovchi|арматурачи;арматура боғловчи|арматурачӣ;арматурабанд
7214.01|steel erector;structural steel erector;ironworker;ship fitter|монтажник металлоконструкций;монтажник МК;монтажник стальных конструкций;судосборщик|металл конструкция монтаждоочу|metall konstruksiya montajchisi;metallokonstruksiya montajchisi|металл конструкция монтажчиси|монтажчии конструксияҳои металлӣ
7215|rigger;slinger;crane slinger;banksman|стропальщик;такелажник;стропальщик-такелажник|стропалчы|stropalchi|стропалчи|стропалчӣ
7212|welder;welding;flame cutter;gas welder;MIG welder;TIG welder;pipe welder|сварщик;электросварщик;электрогазосварщик;газосварщик;сварщик-аргонщик;аргонщик;газорезчик;сварка|ширетүүчү;электр ширетүүчү;сварщик|payvandchi;elektr payvandchi;payvandlovchi;svarshik|пайвандчи;электр пайвандчи;пайвандловчи|кафшергар;электрокафшергар
7411|electrician;building electrician;electrical installer;wireman|электрик;электромонтажник;электромонтёр;монтажник электросетей|электрик;электр монтаждоочу;электр устасы|elektrik;elektromontajchi;elektr montajchisi|электрик;электромонтажчи|электрик;барқчӣ;электромонтажчӣ
7413|power line worker;lineman;overhead line installer|электромонтёр ЛЭП;электромонтажник ЛЭП;монтажник ЛЭП|электр линиясын монтаждоочу|elektr uzatish liniyasi montajchisi|электр узатиш линияси монтажчиси|монтажчии хати барқ
7422|low-voltage systems installer;cable installer;fibre optic installer|монтажник слаботочных систем;слаботочник;монтажник ВОЛС;монтажник СКС|кабель тартуучу|kabel tortuvchi|кабель тортувчи|кабелкаш
7126|plumber;pipe fitter;pipefitter;plumbing;heating installer|сантехник;слесарь-сантехник;монтажник сантехнических систем;трубопроводчик;монтажник систем отопления;монтажник отопления;монтажник систем отопления и водоснабжения|сантехник;суу түтүк устасы|santexnik;santexnika ustasi|сантехник|сантехник;устои қубур
7127|HVAC technician;refrigeration mechanic;air conditioning installer;ventilation installer|монтажник кондиционеров;холодильщик;монтажник вентиляции;монтажник систем вентиляции;вентиляционщик|кондиционер орнотуучу|konditsioner ustasi|кондиционер устаси|устои кондитсионер
9313|construction labourer;building labourer;general labourer|разнорабочий;подсобный рабочий;подсобник;рабочий на стройку;землекоп|жардамчы жумушчу;кара жумушчу|qora ishchi;yordamchi ishchi|қора ишчи;ёрдамчи ишчи|коргари ёрирасон;мардикор
9622|handyman;odd-job worker;building maintenance worker|мастер на все руки;муж на час;рабочий по комплексному обслуживанию зданий;рабочий по обслуживанию зданий|үй оңдоочу уста|uy taʼmirlash ustasi|уй таъмирлаш устаси|устои таъмири хона
9312|road worker;road construction worker;civil engineering labourer;road construction labourer|дорожный рабочий;асфальтировщик;асфальтобетонщик;рабочий на строительство дорог;укладчик тротуарной плитки|жол куруучу;жол жумушчусу|yoʻl quruvchi;yoʻl ishchisi;yoʻl qurilishi ishchisi|йўл қурувчи;йўл қурилиши ишчиси|роҳсоз;коргари роҳ;коргари роҳсозӣ
9312.01|railway track worker;track maintenance worker;railway worker|монтёр пути;монтер пути;путеец;рабочий на железную дорогу|темир жол жумушчусу|temir yoʻl ishchisi|темир йўл ишчиси|коргари роҳи оҳан
3123|construction foreman;site foreman;site supervisor|прораб;мастер строительного участка;бригадир строителей|прораб|prorab|прораб|прораб
2142|civil engineer;construction engineer;structural engineer|инженер-строитель;инженер ПТО|курулуш инженери|qurilish muhandisi|қурилиш муҳандиси|муҳандиси сохтмон
2165|surveyor;land surveyor|геодезист;инженер-геодезист|геодезист|geodezist|геодезист|геодезист
8342|excavator operator;digger driver;bulldozer operator;earthmoving operator;grader operator;road roller operator|машинист экскаватора;экскаваторщик;бульдозерист;машинист бульдозера;грейдерист;машинист автогрейдера;машинист катка;машинист асфальтоукладчика;машинист фронтального погрузчика|экскаваторчу;бульдозерист|ekskavatorchi;buldozerchi|экскаваторчи;бульдозерчи|экскаваторчӣ;булдозерчӣ
8343|crane operator;tower crane operator;mobile crane operator|крановщик;машинист крана;машинист башенного крана;машинист автокрана;крановщица;оператор крана-манипулятора;водитель манипулятора|кранчы;кран айдоочу|kranchi;kran operatori|кранчи|кранрон;кранчӣ
8113|driller;drilling operator;assistant driller;roughneck|бурильщик;помощник бурильщика;помбур;машинист буровой установки|бургулоочу|burgʻulovchi|бурғуловчи|пармакор;бурилщик
8111|miner;mining worker;underground miner|шахтёр;горнорабочий;проходчик;горнорабочий подземный|шахтёр;кенчи|shaxtyor;konchi|шахтёр;кончи|маъданчӣ;маъданкан;шахтёр
9311|quarry worker;mining labourer;quarry labourer|рабочий карьера;рабочий на карьер|карьер жумушчусу|karyer ishchisi|карьер ишчиси|коргари карьер
8332|truck driver;lorry driver;HGV driver;heavy truck driver;long-haul driver;dump truck driver|водитель грузовика;водитель фуры;дальнобойщик;водитель категории C;водитель категории CE;водитель самосвала;водитель бетоносмесителя|жүк ташуучу айдоочу;фура айдоочу;жүк машинасынын айдоочусу|yuk mashinasi haydovchisi;fura haydovchisi;dalnoboychi|юк машинаси ҳайдовчиси;фура ҳайдовчиси|ронандаи мошини боркаш;ронандаи фура
8331|bus driver;coach driver;tram driver;minibus driver|водитель автобуса;водитель трамвая;водитель категории D;водитель маршрутки;маршрутчик|автобус айдоочусу;маршрутка айдоочусу|avtobus haydovchisi;avtobus shofyori;marshrutka haydovchisi|автобус ҳайдовчиси;автобус шофёри|ронандаи автобус;ронандаи маршрутка
8322|taxi driver;car driver;van driver;chauffeur|водитель такси;таксист;водитель легкового автомобиля;водитель;шофёр;водитель газели|такси айдоочу;таксист;айдоочу;шофер|taksi haydovchisi;taksist;haydovchi;shofyor|такси ҳайдовчиси;ҳайдовчи|ронандаи таксӣ;таксист;ронанда
4323|dispatcher;transport dispatcher;logistics dispatcher|диспетчер;диспетчер такси;диспетчер по транспорту|диспетчер|dispetcher|диспетчер|диспетчер
9621|courier;delivery worker;delivery driver;parcel deliverer;delivery rider|курьер;доставщик;курьер-доставщик;велокурьер;пеший курьер;автокурьер|курьер;жеткирүүчү|kuryer;yetkazib beruvchi|курьер;етказиб берувчи|курер;расонанда
4412|postal worker;postman;mail sorter|почтальон;сортировщик почты;оператор почтовой связи|почточу;почтальон|pochtachi;pochtalyon|почтачи|хатрасон;почтальон
9333|warehouse worker;order picker;warehouse picker;sorter|комплектовщик;работник склада;сборщик заказов;грузчик-комплектовщик;сортировщик;кладовщик-комплектовщик;рабочий склада|кампа жумушчусу;складчы;склад жумушчусу|ombor ishchisi;sklad ishchisi|омбор ишчиси;склад ишчиси|коргари анбор;коргари склад
9333.01|loader;mover;freight handler;removal worker|грузчик;грузчик-разнорабочий;грузчик на склад|жүк ташуучу;жүк көтөрүүчү|yuk tashuvchi;yukchi;hammol;gruzchik|юк ташувчи;юкчи;ҳаммол|борбардор;ҳаммол;боркаш
4321|storekeeper;stock clerk;warehouse keeper|кладовщик;завсклад;заведующий складом|кампачы;кампа башчысы|omborchi;omborxona mudiri|омборчи;омборхона мудири|анбордор
9321|packer;hand packer;packing worker|упаковщик;фасовщик;упаковщица;фасовщица;укладчик-упаковщик|таңгактоочу|qadoqlovchi;upakovkachi|қадоқловчи|бастабанд;бастабандкунанда
8183|packing machine operator;packaging line operator;bottling operator|оператор упаковочной машины;оператор упаковочной линии;оператор фасовочного оборудования;оператор линии розлива|таңгактоочу машинанын оператору|qadoqlash uskunasi operatori|қадоқлаш ускунаси оператори|оператори дастгоҳи бастабандӣ
8344|forklift operator;forklift driver;reach truck driver|водитель погрузчика;погрузчик;карщик;оператор погрузчика;водитель вилочного погрузчика;оператор ричтрака;ричтракист;водитель электропогрузчика|погрузчик айдоочу;погрузчикчи|pogruzchik haydovchisi;yuklagich haydovchisi;pogruzchikchi|погрузчик ҳайдовчиси;юклагич ҳайдовчиси|ронандаи погрузчик
8153|sewing machine operator;sewing machinist;seamstress;garment worker|швея;швея-мотористка;швея-оператор;оператор швейного оборудования|тигүүчү;тикмечи|tikuvchi;tikuvchi-motorist|тикувчи|дӯзанда;дарздӯз
8152|knitting machine operator;weaver;loom operator;knitter|вязальщица;ткач;ткачиха;оператор вязальной машины|токуучу|toʻquvchi|тўқувчи|бофанда
7531|tailor;dressmaker|портной;портниха|тигүүчү уста|tikuvchi usta;chevar|тикувчи уста;чевар|дарзӣ
7532|garment cutter;fabric cutter;cutting room worker|закройщик;закройщица;раскройщик;раскройщица|бычмачы|bichuvchi|бичувчи|буранда
7533|embroiderer;embroidery machine operator|вышивальщица;оператор вышивальной машины|сайма саюучу|kashtachi|каштачи|гулдӯз
7536|shoemaker;cobbler;shoe repairer|сапожник;обувщик;мастер по ремонту обуви|өтүкчү|etikdoʻz;poyabzal ustasi|этикдўз|мӯзадӯз;пойафзолдӯз
5120|cook;chef;line cook;kitchen cook;ship's cook|повар;шеф-повар;повар горячего цеха;повар-универсал;судовой повар;шашлычник|ашпозчу;ашпоз|oshpaz;bosh oshpaz|ошпаз;бош ошпаз|ошпаз;сарошпаз
9411|fast food worker;fast food cook;kebab maker;shawarma maker;pizza maker|работник фастфуда;повар фастфуда;шаурмист;пиццамейкер|фастфуд кызматкери;шаурма жасоочу|fastfud xodimi;shaurmachi|фастфуд ходими;шаурмачи|коргари фастфуд;шаурмапаз
9412|kitchen helper;kitchen assistant;kitchen porter|кухонный работник;помощник повара;кухонный рабочий;подсобный рабочий на кухню|ашкана жардамчысы|oshxona yordamchisi;oshpaz yordamchisi|ошхона ёрдамчиси;ошпаз ёрдамчиси|ёрдамчии ошпаз;коргари ошхона
9412.01|dishwasher;pot washer;kitchen steward|посудомойщица;посудомойщик;мойщица посуды;мойщик посуды|идиш жуучу|idish yuvuvchi|идиш ювувчи|зарфшӯй
5246|food counter attendant;canteen server;serving line attendant|раздатчица;раздатчик;работник линии раздачи;буфетчица;буфетчик|тамак таратуучу|ovqat tarqatuvchi;bufetchi|овқат тарқатувчи;буфетчи|буфетчӣ;тақсимкунандаи хӯрок
5131|waiter;waitress;server;food server|официант;официантка|официант|ofitsiant|официант|пешхизмат;официант
5132|bartender;barista;barman|бармен;бариста|бармен|barmen|бармен|бармен
7512|baker;bread baker;tandoor baker|пекарь;пекарь-кондитер;тандырщик;пекарь-тандырщик|наабайчы;нан бышыруучу|novvoy;tandirchi|новвой;тандирчи|нонвой;нонпаз
7512.01|confectioner;pastry cook;pastry chef|кондитер;повар-кондитер|кондитер|qandolatchi;konditer|қандолатчи|қаннод;кондитер
7513|dairy products maker;cheese maker|сыровар;сыродел;оператор молочного производства|сыр жасоочу|pishloq tayyorlovchi|пишлоқ тайёрловчи|панирпаз
4224|hotel receptionist;front desk agent;receptionist|администратор гостиницы;администратор отеля;администратор ресепшн;ресепшионист|мейманкананын администратору;ресепшн кызматкери|mehmonxona administratori;resepshn xodimi|меҳмонхона администратори|маъмури меҳмонхона;корманди ресепшн
3423|hotel animator;entertainment animator;kids club animator|аниматор;детский аниматор;аниматор в отель|аниматор|animator|аниматор|аниматор
9112.01|hotel housekeeper;room attendant;chambermaid;housekeeping attendant|горничная;горничная в гостиницу;работник хаускипинга|мейманкана кызматчысы;бөлмө тазалоочу|mehmonxona xizmatchisi;xona tozalovchi|меҳмонхона хизматчиси;хона тозаловчи|хизматгори меҳмонхона
9112.02|cleaner;office cleaner;janitor;cleaning operative|уборщица;уборщик;уборщик помещений;клинер;уборщик производственных помещений|тазалоочу|farrosh;tozalovchi|фаррош;тозаловчи|фаррош;тозакунанда
9123|window cleaner;facade cleaner|мойщик окон;мойщица окон;мойщик фасадов|терезе жуучу|deraza yuvuvchi;oyna yuvuvchi|дераза ювувчи;ойна ювувчи|тирезашӯй
9121|laundry worker;laundry attendant;presser;ironer|работник прачечной;прачка;гладильщица;оператор прачечной|кир жуучу;үтүктөөчү|kir yuvuvchi;dazmolchi|кир ювувчи;дазмолчи|ҷомашӯй;дарзмолкунанда
9613|street sweeper;yard keeper|дворник|көчө шыпыруучу;короо тазалоочу;дворник|koʻcha supuruvchi;hovli supuruvchi;dvornik|кўча супурувчи;ҳовли супурувчи|ҷорӯбкаш
9611|refuse collector;garbage collector;bin man|мусорщик;рабочий по вывозу мусора|таштанды чогултуучу|chiqindi yigʻuvchi|чиқинди йиғувчи|партовғундор
9612|refuse sorter;waste sorter;recycling sorter|сортировщик мусора;сортировщик отходов;сортировщик вторсырья|таштанды сорттоочу|chiqindi saralovchi|чиқинди сараловчи|ҷудокунандаи партов
9111|domestic worker;domestic cleaner;housemaid|домработница;помощница по хозяйству|үй кызматчысы|uy xizmatchisi|уй хизматчиси|хизматгори хона
5311|nanny;babysitter;child carer|няня;няня-гувернантка|бала багуучу;бала кароочу|enaga|энага|доя;парастори кӯдак
5322|caregiver;care assistant;home care worker;elderly carer;care worker;kaigo|сиделка;помощник по уходу;социальный работник по уходу|карыларды кароочу;кароочу|qariyalarga qarovchi;qarovchi|қарияларга қаровчи;қаровчи|парастор;парастори пиронсолон
5321|nurse aide;nursing assistant;healthcare assistant;hospital orderly;orderly|санитар;санитарка;младшая медсестра;помощник медсестры|санитар;медайымдын жардамчысы|sanitar;hamshira yordamchisi|ҳамшира ёрдамчиси|санитар;ёрдамчии ҳамшира
3221|nurse;registered nurse;staff nurse|медсестра;медбрат;медицинская сестра|медайым|hamshira;tibbiyot hamshirasi|ҳамшира;тиббиёт ҳамшираси|ҳамшираи шафқат;ҳамшира
2211|doctor;physician;medical doctor|врач;доктор;врач-терапевт|дарыгер;врач|shifokor;vrach|шифокор;врач|духтур;табиб
3255|massage therapist;masseur;masseuse|массажист;массажистка;мастер массажа|массажист|massajist;massajchi|массажчи|массажист
9213|farm worker;farmhand;agricultural worker;farm labourer|рабочий фермы;рабочий на ферму;сельхозрабочий;разнорабочий на ферму|ферма жумушчусу;дыйкан|ferma ishchisi;qishloq xoʻjalik ishchisi;dehqon|ферма ишчиси;деҳқон|коргари ферма;деҳқон
9212|livestock worker;dairy farm worker;milker;animal carer;pig farm worker;stable hand|животновод;доярка;скотник;оператор машинного доения;свинарь;конюх|малчы;саанчы|chorvador;sogʻuvchi|чорвадор;соғувчи|чорводор;ширдӯш
9212.01|poultry farm worker;poultry worker;chicken farm worker|птичник;птичница;рабочий птицефабрики;оператор птицефабрики|тоок фермасынын жумушчусу;канаттуулар фабрикасынын жумушчусу|parrandachilik ishchisi;tovuq fermasi ishchisi|паррандачилик ишчиси;товуқ фермаси ишчиси|коргари паррандапарварӣ;паррандапарвар
6121|shepherd;herder;stockman|чабан;пастух;табунщик|чабан;койчу;жылкычы|choʻpon;podachi|чўпон;подачи|чӯпон;подабон
6123|beekeeper|пчеловод|аарычы|asalarichi|асаларичи|занбӯрпарвар
9214|greenhouse worker;horticultural worker;nursery worker|рабочий теплицы;тепличный рабочий;работник теплицы;тепличница|теплица жумушчусу|issiqxona ishchisi;teplitsa ishchisi|иссиқхона ишчиси|коргари гармхона
9211|fruit picker;harvest worker;berry picker;vegetable picker;seasonal farm worker;grape picker;strawberry picker;apple picker|сборщик фруктов;сборщик ягод;сборщик урожая;сборщик овощей;сборщик винограда;сборщик клубники;сборщик яблок|жемиш тергич;түшүм жыйноочу;кулпунай тергич|meva teruvchi;hosil yigʻuvchi;uzum teruvchi;qulupnay teruvchi|мева терувчи;ҳосил йиғувчи|мевачин;ҳосилғундор
6113|gardener;landscaper;groundskeeper|садовник;озеленитель|бакчы;багбан|bogʻbon|боғбон|боғбон
8341|tractor driver;agricultural machinery operator;combine operator|тракторист;механизатор;комбайнер;тракторист-машинист;тракторист-механизатор|тракторчу|traktorchi;kombaynchi|тракторчи;комбайнчи|тракторчӣ;тракторронӣ
9215|forestry worker;logger;tree feller;lumberjack|лесоруб;вальщик леса;рабочий на лесозаготовку;рабочий лесозаготовки|токой жумушчусу;дарак кесүүчү|daraxt kesuvchi;oʻrmon ishchisi|дарахт кесувчи;ўрмон ишчиси|дарахтбур;коргари ҷангал
9216|fish farm worker;aquaculture worker;fishery labourer|рыбовод;рабочий рыбного хозяйства;рабочий рыбной фермы|балык чарбасынын жумушчусу|baliq fermasi ishchisi;baliqchilik xoʻjaligi ishchisi|балиқ фермаси ишчиси|моҳипарвар;коргари моҳипарварӣ
6223|fisherman;deck fisherman;fishing vessel crew|рыбак;матрос рыболовного судна|балыкчы|baliqchi|балиқчи|моҳигир
8350|seaman;sailor;deckhand;able seaman;seafarer|матрос;моряк;палубный матрос|матрос;деңизчи|matros;dengizchi|матрос;денгизчи|матрос;баҳрнавард
7511.01|meat processing worker;butcher;meat cutter;meat boner;poultry processing worker|обвальщик мяса;жиловщик мяса;рабочий мясокомбината;мясник;разделщик мяса;обработчик птицы|эт бөлүүчү;касапчы|goʻsht boʻluvchi;qassob;goʻsht kombinati ishchisi|гўшт бўлувчи;қассоб|гӯштбур;қассоб
7511.02|fish processing worker;fish filleter;seafood processor|рыбообработчик;рабочий рыбзавода;обработчик рыбы;обработчик морепродуктов;матрос-рыбообработчик|балык иштетүүчү|baliq qayta ishlovchi;baliq zavodi ishchisi|балиқ ишловчи;балиқ қайта ишловчи|коргари коркарди моҳӣ
8160|food production worker;food factory worker;bakery line worker|рабочий пищевого производства;оператор пищевого производства;лепщица пельменей;лепщик пельменей|тамак-аш өндүрүшүнүн жумушчусу|oziq-ovqat ishlab chiqarish ishchisi|озиқ-овқат ишчиси|коргари истеҳсоли хӯрокворӣ
8219|factory assembly worker;assembler;assembly line worker;production line worker|сборщик;сборщик на конвейере;оператор линии;оператор производственной линии;рабочий на завод;рабочий конвейера|заводдо жыйноочу;конвейер жумушчусу|zavodda yigʻuvchi;yigʻuvchi;konveyer ishchisi|йиғувчи;конвейер ишчиси|ҷамъкунанда;коргари конвейер
8212|electronics assembler;electrical equipment assembler;PCB assembler|сборщик электроники;сборщик электронной техники;монтажник радиоэлектронной аппаратуры;монтажник РЭА|электроника жыйноочу|elektronika yigʻuvchisi|электроника йиғувчиси|ҷамъкунандаи электроника
9329|factory worker;manufacturing labourer;production worker|производственный рабочий;рабочий на производство;рабочий цеха|завод жумушчусу|zavod ishchisi;ishlab chiqarish ishchisi|завод ишчиси|коргари завод
8189|machine operator;production machine operator;equipment operator|оператор станка;оператор оборудования;оператор производственного оборудования|станок оператору;жабдуу оператору|stanok operatori;uskuna operatori|станок оператори;ускуна оператори|оператори дастгоҳ;оператори таҷҳизот
8142|plastics machine operator;injection moulding operator;extruder operator|оператор термопластавтомата;литейщик пластмасс;оператор экструдера|пластик цехинин жумушчусу|plastmassa sexi ishchisi|пластмасса цехи ишчиси|коргари сехи пластмасса
7543|quality inspector;quality controller;QC inspector;product tester|контролёр ОТК;контролёр качества;контролер качества;контролёр продукции|сапат текшерүүчү|sifat nazoratchisi|сифат назоратчиси|назоратчии сифат
7223|CNC operator;lathe operator;machinist;turner;milling machine operator|оператор станков ЧПУ;оператор ЧПУ;токарь;фрезеровщик;станочник;токарь-универсал|токарь;станокчу|tokar;stanokchi|токар;станокчи|харрот;токар
7211|foundry worker;metal caster;foundry moulder|литейщик;формовщик литейного производства;заливщик металла|металл куюучу|metall quyuvchi;quymakor|металл қуйувчи;қуймакор|рехтагар
7221|blacksmith;forging worker;forge operator|кузнец;кузнец-штамповщик;штамповщик|темир уста;темирчи|temirchi;temir ustasi|темирчи|оҳангар
7224|grinder;metal polisher;grinding machine operator|шлифовщик;полировщик;заточник|жылмалоочу|silliqlovchi|силлиқловчи|сайқалгар
7231|car mechanic;motor mechanic;auto mechanic;vehicle technician;truck mechanic;diesel mechanic|автомеханик;автослесарь;автомеханик-моторист;механик по ремонту автомобилей|авто уста;автомеханик;унаа оңдоочу;унаа оңдоочу уста|avtomexanik;avtoslesar;avtomobil ustasi|автомеханик;автомобил устаси|устои мошин;автомеханик;механики автомобил
7231.01|tyre fitter;tire technician;tyre changer|шиномонтажник;мастер шиномонтажа;вулканизаторщик|шиномонтажчы|shinomontajchi;vulkanizatsiya ustasi|шиномонтажчи|шиномонтажчӣ
7412|auto electrician;vehicle electrician;electromechanic|автоэлектрик;электромеханик|автоэлектрик|avtoelektrik|автоэлектрик|автоэлектрик
7421|phone repair technician;electronics repairer;mobile phone technician|мастер по ремонту телефонов;мастер по ремонту электроники;радиомеханик|телефон оңдоочу уста;телефон устасы|telefon ustasi;telefon taʼmirlovchi|телефон устаси|устои телефон;таъмиргари телефон
7313|jeweller;goldsmith|ювелир|зергер|zargar|заргар|заргар
7233|machinery mechanic;industrial mechanic;maintenance fitter|слесарь-ремонтник;механик оборудования;слесарь;слесарь по ремонту оборудования|слесарь;механик|chilangar;mexanik|чилангар;механик|челонгар;механик
8182|boiler operator;stoker;boiler house operator|оператор котельной;машинист котельной;кочегар;оператор газовой котельной|казанканачы;от жагуучу|qozonxona operatori;oʻtyoqar|қозонхона оператори;ўтёқар|оператори котелхона;кочегар
9122|car washer;vehicle cleaner|автомойщик;мойщик машин;мойщик автомобилей;автомойщица|унаа жуучу|avtomobil yuvuvchi;moyka ishchisi|автомобил ювувчи;мойкачи|мошиншӯй
5245|fuel station attendant;petrol station attendant;gas station attendant|заправщик;заправщица;оператор АЗС;работник АЗС|май куюучу;АЗС кызматкери|zapravkachi;yoqilgʻi quyuvchi|заправкачи;ёқилғи қуйувчи|заправкачӣ
5414|security guard;watchman;guard;security officer|охранник;сторож;вахтёр;охранник ЧОП|күзөтчү|qorovul;qoʻriqchi|қоровул;қўриқчи|посбон;нигаҳбон
5223|shop assistant;sales assistant;shop worker;retail assistant|продавец;продавец-консультант;продавец-кассир|сатуучу|sotuvchi;savdo xodimi|сотувчи;савдо ходими|фурӯшанда
5211|market seller;stall seller;market trader|продавец на рынке;реализатор|базар сатуучусу;базарда сатуучу|bozor sotuvchisi;bozorda sotuvchi|бозор сотувчиси|фурӯшандаи бозор
5230|cashier;checkout operator|кассир|кассир|kassir|кассир|хазинадор;кассир
9334|shelf filler;merchandiser;shelf stacker|мерчендайзер;выкладчик товара|товар жайгаштыруучу|tovar teruvchi;merchendayzer|товар терувчи;мерчендайзер|молгузор
3322|sales representative;sales agent|торговый представитель;торговый агент;менеджер по продажам|соода өкүлү;сатуу менеджери|savdo vakili;savdo agenti|савдо вакили|намояндаи савдо;агенти савдо
5141|hairdresser;barber|парикмахер;барбер;парикмахер-универсал|чач тарач;чачтарач|sartarosh|сартарош|сартарош
5142|beautician;beauty therapist;cosmetologist;make-up artist|косметолог;визажист;бровист|косметолог;визажист|kosmetolog;vizajist|косметолог;визажист|косметолог;ороишгар
5142.01|nail technician;manicurist;nail artist|мастер маникюра;маникюрщица;мастер ногтевого сервиса;мастер маникюра и педикюра|маникюр чебери|manikyur ustasi;manikyurchi|маникюр устаси|устои маникюр
4132|data entry clerk;computer operator;PC operator|оператор ПК;оператор ввода данных;оператор компьютера;оператор базы данных|компьютер оператору|kompyuter operatori|компьютер оператори|оператори компютер
4120|secretary;office secretary|секретарь;секретарь-референт|катчы|kotib;kotiba|котиб;котиба|котиб
4222|call centre operator;call center agent;customer service agent|оператор колл-центра;оператор контакт-центра;специалист контакт-центра|колл-борбордун оператору;колл-центр оператору|koll-markaz operatori|колл-марказ оператори|оператори колл-марказ
3341|office manager;office administrator|офис-менеджер;администратор офиса|офис-менеджер|ofis menejeri|офис менежери|менеҷери офис
2411|accountant;bookkeeper|бухгалтер;главный бухгалтер|бухгалтер;эсепчи|buxgalter;hisobchi|бухгалтер;ҳисобчи|муҳосиб;бухгалтер
2512|software developer;programmer;software engineer|программист;разработчик;разработчик программного обеспечения|программист|dasturchi;programmist|дастурчи;программист|барномасоз;барноманавис;программист
2522|systems administrator;IT administrator;network administrator|системный администратор;сисадмин;администратор сети|системалык администратор|tizim administratori|тизим администратори|маъмури система
2643|interpreter;translator|переводчик;устный переводчик|котормочу;тилмеч|tarjimon|таржимон|тарҷумон
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
