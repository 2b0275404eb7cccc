"""Realistic synthetic vacancies for benchmarks, reproducible from a seed.

Fifty occupations (construction, transport, warehouses, factories, food processing,
hotels and restaurants, care, farms, shops, offices), each with skills, duties and the
workplaces it is advertised for, in English and Russian; six destination countries with
their currencies, cities and typical monthly wage. An advert is put together the way
recruitment agencies write them: a title in one of several shapes, an intro, sometimes
the employer (a generated company name with the legal form of its country), one or two
duties, requirements (experience, age, documents, licences, language), the schedule
(its hours per day match `hours_per_week`), the wage with its amount and currency, the
contract length, one to three perks and a closing line, each part drawn from several
wordings and only some of them present, as plain sentences, labelled blocks or lists.
Adverts for Russia and Kazakhstan are in Russian with probability 0.6, all others in
English. `QUERIES` are searches a migrant or a centre worker would type."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Occupation:
    en: str
    ru: str
    skills_en: tuple[str, ...]
    skills_ru: tuple[str, ...]
    duties_en: tuple[str, ...]
    duties_ru: tuple[str, ...]
    ru_acc: str = ""  # accusative, for "Ищем сварщика"; "" means the same as `ru`
    ru_feminine: bool = False  # "опытная швея", "нужна"
    sector: str = "services"  # a key of _SECTORS
    qualifiers_en: tuple[str, ...] = ()  # shown in brackets in a title: "Welder (MIG/TIG)"
    qualifiers_ru: tuple[str, ...] = ()
    workplaces_en: tuple[str, ...] = ()  # "Welder for a construction site"
    workplaces_ru: tuple[str, ...] = ()  # "Сварщик на стройку"
    licence_en: str = ""  # a licence or certificate the job requires
    licence_ru: str = ""
    pay: float = 1.0  # wage relative to the country's typical one
    night_work: bool = True  # night shifts can be mentioned


OCCUPATIONS = [
    Occupation(
        "welder", "сварщик",
        ("MIG welding", "TIG welding", "reading drawings", "manual arc welding"),
        ("сварка MIG", "сварка TIG", "чтение чертежей", "ручная дуговая сварка"),
        ("welding steel structures", "repairing pipelines", "assembling metal frames",
         "welding pipes in all positions"),
        ("сварка металлоконструкций", "ремонт трубопроводов", "сборка каркасов",
         "сварка труб во всех пространственных положениях"),
        ru_acc="сварщика", sector="construction", pay=1.3,
        qualifiers_en=("MIG/TIG", "pipe welding", "manual arc"),
        qualifiers_ru=("MIG/TIG", "сварка труб", "РДС"),
        workplaces_en=("for a construction site", "for a shipyard",
                       "at a metal structures plant"),
        workplaces_ru=("на стройку", "на судоверфь", "на завод металлоконструкций"),
        licence_en="a welder qualification certificate", licence_ru="удостоверение сварщика",
    ),
    Occupation(
        "electrician", "электрик",
        ("wiring", "switchboards", "safety rules", "cable laying"),
        ("электромонтаж", "щитовое оборудование", "техника безопасности", "прокладка кабеля"),
        ("installing wiring in new buildings", "maintaining switchboards",
         "laying cables and installing lighting"),
        ("монтаж проводки в новостройках", "обслуживание электрощитов",
         "прокладка кабеля и монтаж освещения"),
        ru_acc="электрика", sector="construction", pay=1.2,
        qualifiers_en=("installation", "maintenance", "up to 1000 V"),
        qualifiers_ru=("электромонтаж", "обслуживание", "допуск до 1000 В"),
        workplaces_en=("for a construction site", "for a residential complex",
                       "at an industrial plant"),
        workplaces_ru=("на стройку", "на строительство жилого комплекса", "на завод"),
        licence_en="an electrical safety qualification",
        licence_ru="допуск по электробезопасности (группа III и выше)",
    ),
    Occupation(
        "concrete worker", "бетонщик",
        ("concrete", "formwork", "reinforcement", "concrete vibrator"),
        ("бетон", "опалубка", "армирование", "работа с вибратором"),
        ("pouring concrete on building sites", "setting up formwork",
         "compacting concrete with a vibrator"),
        ("заливка бетона на стройке", "установка опалубки", "уплотнение бетона вибратором"),
        ru_acc="бетонщика", sector="construction", pay=1.05,
        qualifiers_en=("monolithic construction", "formwork"),
        qualifiers_ru=("монолит", "опалубка"),
        workplaces_en=("for a construction site", "for a high-rise project"),
        workplaces_ru=("на стройку", "на монолитное строительство"),
    ),
    Occupation(
        "bricklayer", "каменщик",
        ("bricklaying", "masonry", "plastering", "block laying"),
        ("кладка кирпича", "каменная кладка", "штукатурка", "кладка газоблока"),
        ("laying bricks for residential houses", "building partition walls",
         "laying aerated concrete blocks"),
        ("кладка кирпича в жилых домах", "возведение перегородок",
         "кладка газобетонных блоков"),
        ru_acc="каменщика", sector="construction", pay=1.1,
        qualifiers_en=("brick and block", "facing brick"),
        qualifiers_ru=("облицовочный кирпич", "газоблок"),
        workplaces_en=("for a construction site", "for private house building"),
        workplaces_ru=("на стройку", "на строительство частных домов"),
    ),
    Occupation(
        "truck driver", "водитель грузовика",
        ("category C licence", "tachograph", "cargo securing", "route planning"),
        ("права категории C", "тахограф", "крепление груза", "планирование маршрута"),
        ("long-haul freight delivery", "driving between warehouses",
         "checking cargo and delivery documents"),
        ("междугородние грузоперевозки", "перевозки между складами",
         "проверка груза и сопроводительных документов"),
        ru_acc="водителя грузовика", sector="transport", pay=1.3,
        qualifiers_en=("category C", "CE, long haul", "refrigerated truck"),
        qualifiers_ru=("категория C", "CE, междугородние рейсы", "рефрижератор"),
        workplaces_en=("for a logistics company", "for long-haul routes"),
        workplaces_ru=("в транспортную компанию", "на междугородние рейсы"),
        licence_en="a category C driving licence (CE preferred)",
        licence_ru="водительское удостоверение категории C (желательно CE)",
    ),
    Occupation(
        "warehouse worker", "работник склада",
        ("order picking", "forklift", "scanner", "stock counting"),
        ("комплектация заказов", "погрузчик", "сканер штрихкодов", "инвентаризация"),
        ("picking and packing orders", "loading and unloading trucks",
         "receiving goods and counting stock"),
        ("сборка и упаковка заказов", "погрузка и разгрузка машин",
         "приёмка товара и инвентаризация"),
        ru_acc="работника склада", sector="logistics", pay=0.95,
        qualifiers_en=("order picking", "goods receiving"),
        qualifiers_ru=("комплектовщик", "приёмка товара"),
        workplaces_en=("for a distribution centre", "for an online store warehouse"),
        workplaces_ru=("на распределительный центр", "на склад интернет-магазина"),
    ),
    Occupation(
        "cook", "повар",
        ("hot kitchen", "food hygiene", "menu preparation", "cold kitchen"),
        ("горячий цех", "санитарные нормы", "приготовление по меню", "холодный цех"),
        ("cooking for a staff canteen", "preparing dishes in a restaurant",
         "preparing breakfasts and buffets in a hotel"),
        ("приготовление блюд в столовой", "работа на кухне ресторана",
         "приготовление завтраков и шведской линии в отеле"),
        ru_acc="повара", sector="hospitality", pay=1.05,
        qualifiers_en=("hot kitchen", "Central Asian cuisine", "canteen"),
        qualifiers_ru=("горячий цех", "восточная кухня", "столовая"),
        workplaces_en=("for a staff canteen", "for a restaurant", "for a hotel kitchen"),
        workplaces_ru=("в столовую", "в ресторан", "на кухню отеля"),
    ),
    Occupation(
        "cleaner", "уборщик",
        ("cleaning equipment", "disinfection", "floor care machines"),
        ("уборочная техника", "дезинфекция", "работа с поломоечной машиной"),
        ("cleaning offices and shopping centres", "cleaning hotel rooms",
         "cleaning production premises"),
        ("уборка офисов и торговых центров", "уборка гостиничных номеров",
         "уборка производственных помещений"),
        ru_acc="уборщика", sector="cleaning", pay=0.85,
        qualifiers_en=("offices", "shopping centre"),
        qualifiers_ru=("офисы", "торговый центр"),
        workplaces_en=("for a business centre", "for a shopping mall", "for a factory"),
        workplaces_ru=("в бизнес-центр", "в торговый центр", "на производство"),
    ),
    Occupation(
        "caregiver", "сиделка",
        ("elderly care", "first aid", "patience", "personal hygiene care"),
        ("уход за пожилыми", "первая помощь", "терпение", "гигиенический уход"),
        ("caring for elderly people at home", "helping patients with daily needs",
         "preparing meals and giving medicines on schedule"),
        ("уход за пожилыми людьми на дому", "помощь пациентам в быту",
         "приготовление еды и приём лекарств по графику"),
        ru_acc="сиделку", ru_feminine=True, sector="care",
        qualifiers_en=("live-in", "elderly care"),
        qualifiers_ru=("с проживанием", "уход за пожилыми"),
        workplaces_en=("for a family", "for a care home"),
        workplaces_ru=("в семью", "в пансионат для пожилых"),
    ),
    Occupation(
        "farm worker", "сельхозрабочий",
        ("harvesting", "greenhouse work", "irrigation", "planting seedlings"),
        ("сбор урожая", "работа в теплице", "полив", "высадка рассады"),
        ("picking vegetables in greenhouses", "harvesting fruit in orchards",
         "planting and weeding vegetables"),
        ("сбор овощей в теплицах", "сбор фруктов в садах", "посадка и прополка овощей"),
        ru_acc="сельхозрабочего", sector="agriculture", pay=0.9, night_work=False,
        qualifiers_en=("greenhouse", "seasonal"),
        qualifiers_ru=("теплица", "сезонная работа"),
        workplaces_en=("for a greenhouse complex", "for a vegetable farm"),
        workplaces_ru=("в тепличный комплекс", "на овощную ферму"),
    ),
    Occupation(
        "sewing machine operator", "швея",
        ("industrial sewing machines", "overlock", "working to patterns"),
        ("промышленные швейные машины", "оверлок", "работа по лекалам"),
        ("sewing workwear at a garment factory", "tailoring uniforms",
         "sewing garments on a production line"),
        ("пошив спецодежды на фабрике", "пошив униформы", "пошив одежды на потоке"),
        ru_acc="швею", ru_feminine=True, sector="textile", pay=0.95,
        qualifiers_en=("production line", "workwear"),
        qualifiers_ru=("пошив на потоке", "спецодежда"),
        workplaces_en=("for a garment factory", "for a sewing workshop"),
        workplaces_ru=("на швейную фабрику", "в швейный цех"),
    ),
    Occupation(
        "plumber", "сантехник",
        ("pipe fitting", "heating systems", "water supply", "sewerage"),
        ("монтаж труб", "системы отопления", "водоснабжение", "канализация"),
        ("installing heating and water pipes", "repairing plumbing in apartments",
         "installing sewerage systems"),
        ("монтаж отопления и водопровода", "ремонт сантехники в квартирах",
         "монтаж внутренней канализации"),
        ru_acc="сантехника", sector="construction", pay=1.15,
        qualifiers_en=("heating and water supply", "installation"),
        qualifiers_ru=("отопление и водоснабжение", "монтаж"),
        workplaces_en=("for a construction site", "for a residential complex"),
        workplaces_ru=("на стройку", "в управляющую компанию"),
    ),
    Occupation(
        "car mechanic", "автослесарь",
        ("engine repair", "diagnostics", "brakes", "suspension repair"),
        ("ремонт двигателей", "диагностика", "тормозные системы", "ремонт ходовой части"),
        ("repairing cars in a service centre", "servicing trucks",
         "diagnosing faults with a scanner"),
        ("ремонт автомобилей в автосервисе", "обслуживание грузовиков",
         "компьютерная диагностика неисправностей"),
        ru_acc="автослесаря", sector="auto", pay=1.15, night_work=False,
        qualifiers_en=("trucks", "passenger cars"),
        qualifiers_ru=("грузовая техника", "легковые автомобили"),
        workplaces_en=("at a car service centre", "at a truck depot", "at a dealership"),
        workplaces_ru=("в автосервис", "на автобазу", "в дилерский центр"),
    ),
    Occupation(
        "security guard", "охранник",
        ("patrolling", "video surveillance", "access control"),
        ("патрулирование", "видеонаблюдение", "пропускной режим"),
        ("guarding a construction site", "access control at a business centre",
         "patrolling a warehouse at night"),
        ("охрана строительного объекта", "пропускной режим в бизнес-центре",
         "ночной обход территории склада"),
        ru_acc="охранника", sector="security", pay=0.95,
        qualifiers_en=("construction site", "business centre"),
        qualifiers_ru=("стройка", "бизнес-центр"),
        workplaces_en=("for a business centre", "for a construction site",
                       "for a warehouse complex"),
        workplaces_ru=("в бизнес-центр", "на строительный объект", "на складской комплекс"),
        licence_en="a security guard licence", licence_ru="удостоверение охранника",
    ),
    Occupation(
        "meat processing worker", "обвальщик мяса",
        ("meat cutting", "knife skills", "vacuum packing"),
        ("обвалка мяса", "работа с ножом", "вакуумная упаковка"),
        ("cutting meat at a processing plant", "packing meat products",
         "trimming and sorting meat cuts"),
        ("обвалка мяса на мясокомбинате", "упаковка мясной продукции",
         "жиловка и сортировка мяса"),
        ru_acc="обвальщика мяса", sector="food", pay=1.1,
        qualifiers_en=("beef", "poultry"),
        qualifiers_ru=("говядина", "птица"),
        workplaces_en=("at a meat processing plant",),
        workplaces_ru=("на мясокомбинат", "на мясоперерабатывающий завод"),
    ),
    Occupation(
        "courier", "курьер",
        ("navigation apps", "bicycle", "customer service", "city knowledge"),
        ("навигатор", "велосипед", "вежливость", "знание города"),
        ("delivering food orders", "delivering parcels in the city",
         "collecting payment from customers"),
        ("доставка заказов еды", "доставка посылок по городу", "приём оплаты от клиентов"),
        ru_acc="курьера", sector="logistics", pay=0.95, night_work=False,
        qualifiers_en=("on foot", "by bicycle", "by car"),
        qualifiers_ru=("пеший", "на велосипеде", "на авто"),
        workplaces_en=("for a food delivery service", "for a parcel delivery company"),
        workplaces_ru=("в службу доставки", "в курьерскую службу"),
    ),
    Occupation(
        "tiler", "плиточник",
        ("ceramic tiling", "porcelain tiles", "waterproofing", "levelling surfaces"),
        ("укладка керамической плитки", "керамогранит", "гидроизоляция",
         "выравнивание поверхностей"),
        ("laying tiles in bathrooms and kitchens", "tiling floors in shopping centres",
         "preparing and levelling surfaces"),
        ("укладка плитки в ванных комнатах и кухнях", "облицовка полов в торговых центрах",
         "подготовка и выравнивание поверхностей"),
        ru_acc="плиточника", sector="construction", pay=1.15, night_work=False,
        qualifiers_en=("porcelain tiles", "finishing works"),
        qualifiers_ru=("керамогранит", "отделочные работы"),
        workplaces_en=("for apartment finishing", "for a construction site"),
        workplaces_ru=("на отделку квартир", "на стройку"),
    ),
    Occupation(
        "painter-decorator", "маляр-штукатур",
        ("wall painting", "plastering", "spray painting", "wallpapering"),
        ("покраска стен", "штукатурка", "работа с краскопультом", "поклейка обоев"),
        ("painting walls and ceilings", "plastering and filling surfaces",
         "finishing apartments in new buildings"),
        ("покраска стен и потолков", "штукатурка и шпаклёвка поверхностей",
         "отделка квартир в новостройках"),
        ru_acc="маляра-штукатура", sector="construction", pay=1.05, night_work=False,
        qualifiers_en=("interior finishing", "spray painting"),
        qualifiers_ru=("внутренняя отделка", "краскопульт"),
        workplaces_en=("for apartment finishing", "for a construction site"),
        workplaces_ru=("на отделку квартир", "на стройку"),
    ),
    Occupation(
        "carpenter", "плотник",
        ("woodworking", "formwork carpentry", "power tools", "reading drawings"),
        ("работа с деревом", "плотницкие работы по опалубке", "электроинструмент",
         "чтение чертежей"),
        ("building timber frames and roof structures", "assembling formwork",
         "installing doors and windows"),
        ("возведение деревянных каркасов и стропильных систем", "сборка опалубки",
         "установка дверей и окон"),
        ru_acc="плотника", sector="construction", pay=1.1, night_work=False,
        qualifiers_en=("formwork", "timber frame"),
        qualifiers_ru=("опалубка", "каркасное строительство"),
        workplaces_en=("for a construction site", "for timber house building"),
        workplaces_ru=("на стройку", "на строительство каркасных домов"),
    ),
    Occupation(
        "roofer", "кровельщик",
        ("metal roofing", "roll roofing", "working at height", "waterproofing"),
        ("кровля из металлочерепицы", "мягкая кровля", "работа на высоте", "гидроизоляция"),
        ("installing metal roofs on private houses", "laying roll roofing on flat roofs",
         "repairing roof leaks"),
        ("монтаж металлической кровли на частных домах",
         "укладка рулонной кровли на плоские крыши", "ремонт протечек кровли"),
        ru_acc="кровельщика", sector="construction", pay=1.1, night_work=False,
        qualifiers_en=("metal roofing", "flat roofs"),
        qualifiers_ru=("металлочерепица", "мягкая кровля"),
        workplaces_en=("for private house building", "for a construction site"),
        workplaces_ru=("на строительство частных домов", "на стройку"),
        licence_en="a certificate for work at height", licence_ru="допуск к работам на высоте",
    ),
    Occupation(
        "crane operator", "крановщик",
        ("tower crane", "mobile crane", "working with slingers", "safe load handling"),
        ("башенный кран", "автомобильный кран", "работа со стропальщиками",
         "безопасное перемещение грузов"),
        ("operating a tower crane on a high-rise site", "lifting and moving building materials",
         "daily inspection of the crane"),
        ("управление башенным краном на высотной стройке",
         "подъём и перемещение стройматериалов", "ежедневный осмотр крана"),
        ru_acc="крановщика", sector="construction", pay=1.4,
        qualifiers_en=("tower crane", "mobile crane"),
        qualifiers_ru=("башенный кран", "автокран"),
        workplaces_en=("for a high-rise project", "for a construction site", "for a port"),
        workplaces_ru=("на высотную стройку", "на строительный объект", "в порт"),
        licence_en="a crane operator certificate", licence_ru="удостоверение машиниста крана",
    ),
    Occupation(
        "excavator operator", "машинист экскаватора",
        ("crawler excavator", "wheeled excavator", "earthworks", "trenching"),
        ("гусеничный экскаватор", "колёсный экскаватор", "земляные работы", "рытьё траншей"),
        ("digging foundation pits and trenches", "loading soil into dump trucks",
         "levelling sites for construction"),
        ("рытьё котлованов и траншей", "погрузка грунта в самосвалы",
         "планировка площадок под строительство"),
        ru_acc="машиниста экскаватора", sector="construction", pay=1.35,
        qualifiers_en=("crawler", "wheeled", "JCB"),
        qualifiers_ru=("гусеничный", "колёсный", "JCB"),
        workplaces_en=("for a road construction project", "for a construction site",
                       "for a quarry"),
        workplaces_ru=("на строительство дороги", "на стройку", "в карьер"),
        licence_en="a machinery operator licence",
        licence_ru="удостоверение тракториста-машиниста",
    ),
    Occupation(
        "scaffolder", "монтажник строительных лесов",
        ("scaffolding assembly", "working at height", "safety harness"),
        ("монтаж строительных лесов", "работа на высоте", "страховочная система"),
        ("erecting and dismantling scaffolding", "inspecting scaffolding before work",
         "unloading scaffolding components"),
        ("монтаж и демонтаж строительных лесов", "проверка лесов перед началом работ",
         "разгрузка элементов лесов"),
        ru_acc="монтажника строительных лесов", sector="construction", pay=1.05,
        night_work=False,
        qualifiers_en=("industrial sites", "facades"),
        qualifiers_ru=("промышленные объекты", "фасады"),
        workplaces_en=("for an industrial construction project", "for facade works"),
        workplaces_ru=("на промышленный объект", "на фасадные работы"),
        licence_en="a certificate for work at height", licence_ru="допуск к работам на высоте",
    ),
    Occupation(
        "steel fixer", "арматурщик",
        ("reinforcement tying", "reading drawings", "rebar cutting and bending"),
        ("вязка арматуры", "чтение чертежей", "резка и гибка арматуры"),
        ("tying reinforcement cages for foundations", "installing rebar in slabs and columns",
         "cutting and bending rebar"),
        ("вязка арматурных каркасов для фундаментов", "установка арматуры в плиты и колонны",
         "резка и гибка арматуры"),
        ru_acc="арматурщика", sector="construction", pay=1.05,
        qualifiers_en=("monolithic construction", "foundations"),
        qualifiers_ru=("монолит", "фундаменты"),
        workplaces_en=("for a construction site", "for a high-rise project"),
        workplaces_ru=("на стройку", "на монолитное строительство"),
    ),
    Occupation(
        "forklift driver", "водитель погрузчика",
        ("forklift driving", "reach truck", "loading pallets", "warehouse management system"),
        ("управление погрузчиком", "ричтрак", "погрузка паллет", "складская программа WMS"),
        ("loading and unloading trucks with a forklift", "moving pallets to storage racks",
         "stacking goods on high racks"),
        ("погрузка и разгрузка фур погрузчиком", "перемещение паллет в зону хранения",
         "размещение товара на высотных стеллажах"),
        ru_acc="водителя погрузчика", sector="logistics", pay=1.05,
        qualifiers_en=("reach truck", "counterbalance forklift"),
        qualifiers_ru=("ричтрак", "вилочный погрузчик"),
        workplaces_en=("for a distribution centre", "for a logistics warehouse"),
        workplaces_ru=("на распределительный центр", "на логистический склад"),
        licence_en="a forklift operator licence", licence_ru="удостоверение водителя погрузчика",
    ),
    Occupation(
        "bus driver", "водитель автобуса",
        ("category D licence", "passenger safety", "city routes", "vehicle checks"),
        ("права категории D", "безопасность пассажиров", "городские маршруты",
         "предрейсовый осмотр"),
        ("driving a city bus on scheduled routes", "transporting workers to industrial sites",
         "checking the bus before each trip"),
        ("работа на городском автобусном маршруте", "перевозка рабочих на промышленные объекты",
         "проверка автобуса перед выездом"),
        ru_acc="водителя автобуса", sector="transport", pay=1.15,
        qualifiers_en=("city routes", "staff transport"),
        qualifiers_ru=("городские маршруты", "развозка персонала"),
        workplaces_en=("for a city bus company", "for a transport company"),
        workplaces_ru=("в автобусный парк", "в транспортную компанию"),
        licence_en="a category D driving licence",
        licence_ru="водительское удостоверение категории D",
    ),
    Occupation(
        "taxi driver", "водитель такси",
        ("category B licence", "city knowledge", "navigation apps", "customer service"),
        ("права категории B", "знание города", "навигатор", "вежливое обслуживание"),
        ("driving passengers around the city", "airport transfers",
         "keeping the car clean and in good order"),
        ("перевозка пассажиров по городу", "трансферы в аэропорт",
         "поддержание автомобиля в чистоте и порядке"),
        ru_acc="водителя такси", sector="transport",
        qualifiers_en=("company car", "economy class"),
        qualifiers_ru=("авто компании", "эконом-класс"),
        workplaces_en=("for a taxi fleet",),
        workplaces_ru=("в таксопарк",),
        licence_en="a category B driving licence",
        licence_ru="водительское удостоверение категории B",
    ),
    Occupation(
        "loader", "грузчик",
        ("manual handling", "loading trucks", "teamwork"),
        ("работа с грузами", "погрузка машин", "работа в команде"),
        ("loading and unloading trucks and containers", "moving goods around the warehouse",
         "sorting goods by orders"),
        ("погрузка и разгрузка фур и контейнеров", "перемещение товара по складу",
         "сортировка товара по заказам"),
        ru_acc="грузчика", sector="logistics", pay=0.9,
        qualifiers_en=("warehouse", "wholesale market"),
        qualifiers_ru=("склад", "оптовый рынок"),
        workplaces_en=("for a logistics warehouse", "for a wholesale market"),
        workplaces_ru=("на склад", "на оптовый рынок"),
    ),
    Occupation(
        "packer", "упаковщик",
        ("packing", "labelling", "quality checks", "packing machines"),
        ("упаковка", "маркировка", "контроль качества", "упаковочное оборудование"),
        ("packing goods into boxes", "labelling products", "checking packaging for defects"),
        ("упаковка товара в коробки", "маркировка продукции", "проверка упаковки на брак"),
        ru_acc="упаковщика", sector="industry", pay=0.9,
        qualifiers_en=("food products", "cosmetics"),
        qualifiers_ru=("продукты питания", "косметика"),
        workplaces_en=("for a food factory", "for a logistics warehouse",
                       "for a cosmetics factory"),
        workplaces_ru=("на пищевое производство", "на логистический склад",
                       "на фабрику косметики"),
    ),
    Occupation(
        "assembly line worker", "оператор сборочной линии",
        ("assembly to instructions", "hand tools", "quality control", "teamwork"),
        ("сборка по инструкции", "ручной инструмент", "контроль качества", "работа в команде"),
        ("assembling household appliances on a conveyor", "assembling car parts",
         "checking finished products for defects"),
        ("сборка бытовой техники на конвейере", "сборка автокомплектующих",
         "проверка готовой продукции на брак"),
        ru_acc="оператора сборочной линии", sector="industry", pay=0.95,
        qualifiers_en=("electronics", "automotive"),
        qualifiers_ru=("электроника", "автокомплектующие"),
        workplaces_en=("for an automotive plant", "for an electronics factory"),
        workplaces_ru=("на автозавод", "на завод электроники"),
    ),
    Occupation(
        "CNC operator", "оператор станков с ЧПУ",
        ("CNC lathes", "CNC milling", "reading drawings", "measuring tools"),
        ("токарные станки с ЧПУ", "фрезерные станки с ЧПУ", "чтение чертежей",
         "измерительный инструмент"),
        ("setting up and running CNC machines", "machining metal parts to drawings",
         "checking part dimensions"),
        ("наладка и работа на станках с ЧПУ", "обработка металлических деталей по чертежам",
         "контроль размеров деталей"),
        ru_acc="оператора станков с ЧПУ", sector="industry", pay=1.25,
        qualifiers_en=("Fanuc", "milling", "turning"),
        qualifiers_ru=("Fanuc", "фрезеровка", "токарная обработка"),
        workplaces_en=("at a machine-building plant", "at a metalworking factory"),
        workplaces_ru=("на машиностроительный завод", "на металлообрабатывающее производство"),
    ),
    Occupation(
        "baker", "пекарь",
        ("dough preparation", "bread baking", "confectionery", "bakery ovens"),
        ("замес теста", "выпечка хлеба", "кондитерские изделия", "работа с печами"),
        ("baking bread and pastries", "preparing and shaping dough",
         "cleaning bakery equipment"),
        ("выпечка хлеба и сдобы", "замес и формовка теста", "уборка пекарского оборудования"),
        ru_acc="пекаря", sector="food",
        qualifiers_en=("bread", "pastries"),
        qualifiers_ru=("хлеб", "выпечка"),
        workplaces_en=("for a bakery", "for a supermarket bakery"),
        workplaces_ru=("в пекарню", "в пекарню супермаркета"),
    ),
    Occupation(
        "waiter", "официант",
        ("customer service", "table setting", "POS terminal", "menu knowledge"),
        ("обслуживание гостей", "сервировка столов", "работа с кассой", "знание меню"),
        ("serving guests in a restaurant", "taking orders and serving dishes",
         "setting and clearing tables"),
        ("обслуживание гостей в ресторане", "приём заказов и подача блюд",
         "сервировка и уборка столов"),
        ru_acc="официанта", sector="hospitality", pay=0.9,
        qualifiers_en=("restaurant", "hotel"),
        qualifiers_ru=("ресторан", "отель"),
        workplaces_en=("for a restaurant", "for a hotel restaurant", "for a café"),
        workplaces_ru=("в ресторан", "в ресторан отеля", "в кафе"),
    ),
    Occupation(
        "dishwasher", "мойщик посуды",
        ("dishwashing machines", "kitchen hygiene", "cleaning chemicals"),
        ("посудомоечная машина", "санитарные нормы", "моющие средства"),
        ("washing dishes and kitchen equipment", "keeping the kitchen clean",
         "helping cooks with simple preparation"),
        ("мытьё посуды и кухонного инвентаря", "поддержание чистоты на кухне",
         "помощь поварам в заготовках"),
        ru_acc="мойщика посуды", sector="hospitality", pay=0.8,
        qualifiers_en=("restaurant", "canteen"),
        qualifiers_ru=("ресторан", "столовая"),
        workplaces_en=("for a restaurant", "for a staff canteen"),
        workplaces_ru=("в ресторан", "в столовую"),
    ),
    Occupation(
        "housekeeper", "горничная",
        ("room cleaning", "bed making", "laundry", "attention to detail"),
        ("уборка номеров", "заправка постелей", "работа с бельём", "внимательность"),
        ("cleaning and preparing hotel rooms", "changing bed linen and towels",
         "cleaning public areas of a hotel"),
        ("уборка и подготовка гостиничных номеров", "смена постельного белья и полотенец",
         "уборка общих зон отеля"),
        ru_acc="горничную", ru_feminine=True, sector="hospitality", pay=0.9,
        night_work=False,
        qualifiers_en=("hotel", "resort"),
        qualifiers_ru=("отель", "курортный отель"),
        workplaces_en=("for a hotel", "for a resort hotel"),
        workplaces_ru=("в отель", "в курортный отель"),
    ),
    Occupation(
        "hotel receptionist", "администратор гостиницы",
        ("guest check-in", "booking systems", "English", "phone etiquette"),
        ("заселение гостей", "системы бронирования", "английский язык",
         "телефонные переговоры"),
        ("checking guests in and out", "handling bookings and payments",
         "answering guest questions"),
        ("заселение и выселение гостей", "работа с бронированиями и оплатой",
         "ответы на вопросы гостей"),
        ru_acc="администратора гостиницы", sector="hospitality",
        qualifiers_en=("front desk", "business hotel"),
        qualifiers_ru=("ресепшен", "бизнес-отель"),
    ),
    Occupation(
        "nanny", "няня",
        ("childcare", "first aid", "early development activities", "cooking for children"),
        ("уход за детьми", "первая помощь", "развивающие занятия",
         "приготовление детского питания"),
        ("looking after children aged 1 to 6", "walks and educational games",
         "preparing meals for children"),
        ("присмотр за детьми от 1 до 6 лет", "прогулки и развивающие игры",
         "приготовление еды для детей"),
        ru_acc="няню", ru_feminine=True, sector="care", night_work=False,
        qualifiers_en=("live-in", "family with two children"),
        qualifiers_ru=("с проживанием", "семья с двумя детьми"),
        workplaces_en=("for a family",),
        workplaces_ru=("в семью",),
    ),
    Occupation(
        "nurse assistant", "помощник медсестры",
        ("patient care", "measuring blood pressure", "hygiene procedures",
         "medical terminology"),
        ("уход за пациентами", "измерение давления", "гигиенические процедуры",
         "медицинская терминология"),
        ("helping patients with hygiene and meals", "assisting nurses on the ward",
         "moving and positioning patients"),
        ("помощь пациентам с гигиеной и питанием", "помощь медсёстрам в отделении",
         "перемещение лежачих пациентов"),
        ru_acc="помощника медсестры", sector="care",
        qualifiers_en=("hospital", "care home"),
        qualifiers_ru=("больница", "пансионат"),
        workplaces_en=("for a hospital", "for a care home", "for a rehabilitation centre"),
        workplaces_ru=("в больницу", "в пансионат", "в реабилитационный центр"),
        licence_en="a nursing assistant training certificate",
        licence_ru="свидетельство о медицинской подготовке",
    ),
    Occupation(
        "hairdresser", "парикмахер",
        ("men's haircuts", "women's haircuts", "hair colouring", "styling"),
        ("мужские стрижки", "женские стрижки", "окрашивание волос", "укладка"),
        ("haircuts and styling for clients", "hair colouring",
         "keeping the workplace clean and tools disinfected"),
        ("стрижки и укладки клиентов", "окрашивание волос",
         "поддержание чистоты и дезинфекция инструмента"),
        ru_acc="парикмахера", sector="beauty", night_work=False,
        qualifiers_en=("barber", "unisex"),
        qualifiers_ru=("барбер", "универсал"),
        workplaces_en=("for a beauty salon", "for a barbershop"),
        workplaces_ru=("в салон красоты", "в барбершоп"),
    ),
    Occupation(
        "gardener", "садовник",
        ("lawn care", "pruning", "planting", "garden machinery"),
        ("уход за газоном", "обрезка деревьев", "посадка растений", "садовая техника"),
        ("mowing lawns and trimming hedges", "planting flowers and shrubs",
         "watering and fertilising plants"),
        ("стрижка газонов и живой изгороди", "посадка цветов и кустарников",
         "полив и подкормка растений"),
        ru_acc="садовника", sector="services", pay=0.95, night_work=False,
        qualifiers_en=("landscaping", "grounds maintenance"),
        qualifiers_ru=("ландшафтные работы", "благоустройство территории"),
        workplaces_en=("for a landscaping company", "for a private estate",
                       "for a hotel garden"),
        workplaces_ru=("в ландшафтную компанию", "в частный дом", "на территорию отеля"),
    ),
    Occupation(
        "fruit picker", "сборщик фруктов",
        ("fruit picking", "sorting", "ladder work", "physical endurance"),
        ("сбор фруктов", "сортировка", "работа на стремянке", "физическая выносливость"),
        ("picking strawberries and raspberries", "harvesting apples in orchards",
         "sorting and packing fruit in the field"),
        ("сбор клубники и малины", "сбор яблок в садах", "сортировка и упаковка фруктов в поле"),
        ru_acc="сборщика фруктов", sector="agriculture", pay=0.9, night_work=False,
        qualifiers_en=("seasonal", "berries"),
        qualifiers_ru=("сезонная работа", "ягоды"),
        workplaces_en=("for a fruit farm", "for an orchard", "for a berry farm"),
        workplaces_ru=("на фруктовую ферму", "в яблоневый сад", "на ягодную ферму"),
    ),
    Occupation(
        "fish processing worker", "обработчик рыбы",
        ("fish filleting", "knife skills", "freezing", "food hygiene"),
        ("филетирование рыбы", "работа с ножом", "заморозка", "санитарные нормы"),
        ("filleting and cleaning fish", "packing and freezing fish products",
         "sorting the catch by size"),
        ("разделка и филетирование рыбы", "упаковка и заморозка рыбной продукции",
         "сортировка улова по размеру"),
        ru_acc="обработчика рыбы", sector="food", pay=1.05,
        qualifiers_en=("filleting", "seafood"),
        qualifiers_ru=("филе", "морепродукты"),
        workplaces_en=("at a fish processing plant", "at a seafood factory"),
        workplaces_ru=("на рыбозавод", "на рыбоперерабатывающий завод"),
    ),
    Occupation(
        "poultry farm worker", "работник птицефабрики",
        ("poultry care", "feeding systems", "egg collection", "disinfection"),
        ("уход за птицей", "системы кормления", "сбор яиц", "дезинфекция"),
        ("feeding and watering birds", "collecting and sorting eggs",
         "cleaning and disinfecting poultry houses"),
        ("кормление и поение птицы", "сбор и сортировка яиц",
         "уборка и дезинфекция птичников"),
        ru_acc="работника птицефабрики", sector="agriculture", pay=0.9,
        qualifiers_en=("egg production", "broilers"),
        qualifiers_ru=("яичное направление", "бройлеры"),
        workplaces_en=("at a poultry farm", "for an agricultural company"),
        workplaces_ru=("в агрохолдинг", "в сельхозпредприятие"),
    ),
    Occupation(
        "dairy farm worker", "работник молочной фермы",
        ("milking machines", "animal care", "feeding livestock", "farm hygiene"),
        ("доильное оборудование", "уход за животными", "кормление скота",
         "санитария на ферме"),
        ("milking cows with milking equipment", "feeding cattle and cleaning stalls",
         "monitoring animal health"),
        ("доение коров на доильном оборудовании", "кормление скота и уборка стойл",
         "наблюдение за здоровьем животных"),
        ru_acc="работника молочной фермы", sector="agriculture", pay=0.95,
        qualifiers_en=("milking", "livestock"),
        qualifiers_ru=("доение", "животноводство"),
        workplaces_en=("at a dairy farm", "for an agricultural company"),
        workplaces_ru=("в агрохолдинг", "в фермерское хозяйство"),
    ),
    Occupation(
        "tailor", "портной",
        ("garment alterations", "pattern cutting", "hand sewing", "sewing machines"),
        ("ремонт и подгонка одежды", "раскрой по лекалам", "ручное шитьё", "швейные машины"),
        ("altering and repairing clothes", "cutting fabric to patterns",
         "made-to-measure tailoring"),
        ("подгонка и ремонт одежды", "раскрой ткани по лекалам", "индивидуальный пошив"),
        ru_acc="портного", sector="textile", night_work=False,
        qualifiers_en=("alterations", "made to measure"),
        qualifiers_ru=("ремонт одежды", "индивидуальный пошив"),
        workplaces_en=("for a tailoring studio", "for a garment factory"),
        workplaces_ru=("в ателье", "на швейное производство"),
    ),
    Occupation(
        "shop assistant", "продавец-консультант",
        ("customer service", "merchandising", "cash register", "product knowledge"),
        ("работа с покупателями", "выкладка товара", "работа на кассе", "знание ассортимента"),
        ("advising customers in the store", "arranging goods on shelves",
         "checking price tags and stock"),
        ("консультирование покупателей в магазине", "выкладка товара на полки",
         "контроль ценников и остатков"),
        ru_acc="продавца-консультанта", sector="retail", pay=0.9, night_work=False,
        qualifiers_en=("clothing", "electronics"),
        qualifiers_ru=("одежда", "электроника"),
        workplaces_en=("for a clothing store", "for an electronics store", "for a supermarket"),
        workplaces_ru=("в магазин одежды", "в магазин электроники", "в супермаркет"),
    ),
    Occupation(
        "cashier", "кассир",
        ("cash register", "cash handling", "card terminals", "customer service"),
        ("кассовый аппарат", "работа с наличными", "банковские терминалы",
         "обслуживание покупателей"),
        ("serving customers at the checkout", "cash and card payments",
         "closing the till at the end of the shift"),
        ("обслуживание покупателей на кассе", "приём наличной и безналичной оплаты",
         "закрытие кассы в конце смены"),
        ru_acc="кассира", sector="retail", pay=0.9,
        qualifiers_en=("supermarket", "self-checkout area"),
        qualifiers_ru=("супермаркет", "кассы самообслуживания"),
        workplaces_en=("for a supermarket", "for a hypermarket"),
        workplaces_ru=("в супермаркет", "в гипермаркет"),
    ),
    Occupation(
        "call centre operator", "оператор колл-центра",
        ("phone communication", "CRM systems", "fast typing", "handling complaints"),
        ("телефонные переговоры", "CRM-системы", "быстрый набор текста",
         "работа с возражениями"),
        ("answering incoming customer calls", "registering requests in a CRM system",
         "advising customers on services"),
        ("приём входящих звонков клиентов", "регистрация обращений в CRM",
         "консультирование клиентов по услугам"),
        ru_acc="оператора колл-центра", sector="office", pay=0.95,
        qualifiers_en=("incoming calls", "Russian-speaking line"),
        qualifiers_ru=("входящие звонки", "русскоязычная линия"),
        workplaces_en=("for a customer support centre", "for a bank call centre"),
        workplaces_ru=("в контактный центр", "в колл-центр банка"),
    ),
    Occupation(
        "IT support specialist", "специалист технической поддержки",
        ("Windows administration", "computer networks", "helpdesk systems",
         "hardware repair"),
        ("администрирование Windows", "компьютерные сети", "системы заявок",
         "ремонт оргтехники"),
        ("setting up computers and printers for staff",
         "solving user requests by phone and on site", "maintaining the office network"),
        ("настройка компьютеров и принтеров сотрудников",
         "решение заявок пользователей по телефону и на месте", "обслуживание офисной сети"),
        ru_acc="специалиста технической поддержки", sector="office", pay=1.2,
        night_work=False,
        qualifiers_en=("helpdesk", "first line"),
        qualifiers_ru=("helpdesk", "первая линия"),
        workplaces_en=("for an IT company", "for a business centre"),
        workplaces_ru=("в IT-компанию", "в офис компании"),
    ),
    Occupation(
        "road worker", "дорожный рабочий",
        ("asphalt laying", "kerb installation", "road signs", "plate compactor"),
        ("укладка асфальта", "установка бордюров", "дорожные знаки", "работа с виброплитой"),
        ("laying asphalt on roads", "installing kerbs and paving", "repairing potholes"),
        ("укладка асфальта на дорогах", "установка бордюров и тротуарной плитки",
         "ямочный ремонт дорог"),
        ru_acc="дорожного рабочего", sector="construction",
        qualifiers_en=("asphalt", "road repair"),
        qualifiers_ru=("асфальт", "ремонт дорог"),
        workplaces_en=("for road construction", "for a road maintenance company"),
        workplaces_ru=("на строительство дорог", "в дорожно-строительную компанию"),
    ),
]

PLACES: dict[str, tuple[str, tuple[str, ...], int]] = {
    # country: (currency, cities, typical monthly wage)
    "RU": ("RUB", ("Moscow", "Saint Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg",
                   "Krasnodar", "Tyumen", "Surgut", "Nizhny Novgorod", "Rostov-on-Don",
                   "Vladivostok"), 95_000),
    "KZ": ("KZT", ("Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Atyrau", "Aktau",
                   "Pavlodar"), 350_000),
    "TR": ("TRY", ("Istanbul", "Antalya", "Ankara", "Izmir", "Bursa"), 30_000),
    "AE": ("AED", ("Dubai", "Abu Dhabi", "Sharjah", "Ajman"), 3_000),
    "KR": ("KRW", ("Seoul", "Busan", "Incheon", "Daegu", "Ulsan"), 2_300_000),
    "GB": ("GBP", ("London", "Leeds", "Kent", "Birmingham", "Manchester", "Herefordshire"),
           2_100),
}

# --- words for places ------------------------------------------------------------------

_COUNTRY_EN = {"RU": "Russia", "KZ": "Kazakhstan", "TR": "Turkey", "AE": "UAE",
               "KR": "South Korea", "GB": "UK"}
_IN_COUNTRY_EN = {"RU": "in Russia", "KZ": "in Kazakhstan", "TR": "in Turkey",
                  "AE": "in the UAE", "KR": "in South Korea", "GB": "in the UK"}
_IN_COUNTRY_RU = {"RU": "в России", "KZ": "в Казахстане", "TR": "в Турции", "AE": "в ОАЭ",
                  "KR": "в Южной Корее", "GB": "в Великобритании"}
# Russian adverts are written for Russia and Kazakhstan only: city and "in the city".
_CITY_RU = {
    "Moscow": ("Москва", "в Москве"), "Saint Petersburg": ("Санкт-Петербург",
                                                         "в Санкт-Петербурге"),
    "Kazan": ("Казань", "в Казани"), "Novosibirsk": ("Новосибирск", "в Новосибирске"),
    "Yekaterinburg": ("Екатеринбург", "в Екатеринбурге"),
    "Krasnodar": ("Краснодар", "в Краснодаре"), "Tyumen": ("Тюмень", "в Тюмени"),
    "Surgut": ("Сургут", "в Сургуте"), "Nizhny Novgorod": ("Нижний Новгород",
                                                         "в Нижнем Новгороде"),
    "Rostov-on-Don": ("Ростов-на-Дону", "в Ростове-на-Дону"),
    "Vladivostok": ("Владивосток", "во Владивостоке"),
    "Almaty": ("Алматы", "в Алматы"), "Astana": ("Астана", "в Астане"),
    "Shymkent": ("Шымкент", "в Шымкенте"), "Karaganda": ("Караганда", "в Караганде"),
    "Aktobe": ("Актобе", "в Актобе"), "Atyrau": ("Атырау", "в Атырау"),
    "Aktau": ("Актау", "в Актау"), "Pavlodar": ("Павлодар", "в Павлодаре"),
}

# --- employers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sector:
    kinds_en: tuple[str, ...]  # "a construction company"
    kinds_ru: tuple[str, ...]
    names_ru: tuple[tuple[str, str], ...]  # second half of a company name: Cyrillic, Latin
    names_en: tuple[str, ...]  # "Northgate Construction Ltd"
    names_tr: tuple[str, ...]  # "Anadolu İnşaat A.Ş."
    rotation: bool = False  # rotation work ("вахта") is common in Russia and Kazakhstan
    health_book: bool = False  # a health certificate for work with food or people
    clearance: bool = False  # a certificate of no criminal record
    manual: bool = True  # physical work
    part_time: bool = False  # part-time schedules are common


_SECTORS = {
    "construction": _Sector(
        ("a construction company", "a general contractor", "a property developer"),
        ("строительная компания", "генподрядная организация", "девелоперская компания"),
        (("Строй", "Stroy"), ("Монтаж", "Montazh"), ("СтройИнвест", "StroyInvest"),
         ("Девелопмент", "Development")),
        ("Construction", "Builders", "Contracting", "Engineering"),
        ("İnşaat", "Yapı"), rotation=True),
    "transport": _Sector(
        ("a transport company", "a logistics company"),
        ("транспортная компания", "автотранспортное предприятие"),
        (("Транс", "Trans"), ("Авто", "Avto"), ("Логистик", "Logistik")),
        ("Transport", "Logistics", "Haulage"),
        ("Lojistik", "Nakliyat", "Taşımacılık"), manual=False),
    "logistics": _Sector(
        ("a logistics company", "an online retailer", "a distribution company"),
        ("логистическая компания", "интернет-магазин", "дистрибьюторская компания"),
        (("Логистик", "Logistik"), ("Склад", "Sklad"), ("Снаб", "Snab"), ("Трейд", "Treyd")),
        ("Logistics", "Distribution", "Supply"),
        ("Lojistik", "Depolama"), rotation=True, part_time=True),
    "industry": _Sector(
        ("a manufacturing company", "an industrial plant"),
        ("производственная компания", "промышленное предприятие"),
        (("Пром", "Prom"), ("Маш", "Mash"), ("Техно", "Tekhno"), ("Металл", "Metall")),
        ("Manufacturing", "Industries", "Precision", "Metalworks"),
        ("Sanayi", "Makine", "Metal"), rotation=True),
    "food": _Sector(
        ("a food manufacturer", "a food processing plant"),
        ("пищевое производство", "перерабатывающее предприятие"),
        (("Продукт", "Produkt"), ("Фуд", "Food"), ("Агропром", "Agroprom")),
        ("Foods", "Food Processing", "Provisions"),
        ("Gıda", "Gıda Sanayi"), rotation=True, health_book=True),
    "hospitality": _Sector(
        ("a hotel group", "a restaurant chain", "a resort hotel"),
        ("гостиничная сеть", "сеть ресторанов", "курортный отель"),
        (("Отель", "Otel"), ("Сервис", "Servis"), ("Трэвел", "Travel")),
        ("Hotels", "Hospitality", "Resorts", "Catering"),
        ("Turizm", "Otelcilik"), health_book=True, part_time=True),
    "care": _Sector(
        ("a home care agency", "a private clinic", "a care home operator"),
        ("агентство домашнего персонала", "частная клиника", "сеть пансионатов"),
        (("Забота", "Zabota"), ("Мед", "Med"), ("Здоровье", "Zdorovye")),
        ("Care", "Healthcare", "Care Services"),
        ("Sağlık", "Bakım Hizmetleri"), health_book=True, clearance=True, manual=False,
        part_time=True),
    "agriculture": _Sector(
        ("an agricultural company", "a family farm", "a greenhouse complex"),
        ("агрохолдинг", "фермерское хозяйство", "тепличный комплекс"),
        (("Агро", "Agro"), ("Ферма", "Ferma"), ("Урожай", "Urozhay")),
        ("Farms", "Growers", "Agro", "Produce"),
        ("Tarım", "Seracılık")),
    "retail": _Sector(
        ("a retail chain", "a supermarket chain"),
        ("торговая сеть", "сеть супермаркетов"),
        (("Торг", "Torg"), ("Маркет", "Market"), ("Трейд", "Treyd")),
        ("Retail", "Stores", "Trading", "Supermarkets"),
        ("Ticaret", "Mağazacılık"), manual=False, part_time=True),
    "services": _Sector(
        ("a facility services company", "a property maintenance company"),
        ("сервисная компания", "компания по обслуживанию зданий"),
        (("Сервис", "Servis"), ("Комфорт", "Komfort"), ("Профи", "Profi")),
        ("Services", "Facilities", "Property Services"),
        ("Hizmet", "Tesis Yönetimi"), part_time=True),
    "cleaning": _Sector(
        ("a cleaning company", "a facility services company"),
        ("клининговая компания", "сервисная компания"),
        (("Клин", "Klin"), ("Сервис", "Servis"), ("Чистота", "Chistota")),
        ("Cleaning", "Facilities", "Cleaning Services"),
        ("Temizlik", "Hizmet"), part_time=True),
    "security": _Sector(
        ("a security company",),
        ("охранное предприятие", "частная охранная организация"),
        (("Щит", "Shchit"), ("Безопасность", "Bezopasnost"), ("Охрана", "Okhrana")),
        ("Security", "Guarding"),
        ("Güvenlik",), clearance=True, manual=False),
    "textile": _Sector(
        ("a garment manufacturer", "a textile company"),
        ("швейное производство", "текстильная компания"),
        (("Текстиль", "Tekstil"), ("Стиль", "Stil"), ("Пошив", "Poshiv")),
        ("Textiles", "Garments", "Apparel"),
        ("Tekstil", "Konfeksiyon"), manual=False),
    "office": _Sector(
        ("an IT company", "a customer service company"),
        ("IT-компания", "контактный центр"),
        (("Софт", "Soft"), ("Телеком", "Telekom"), ("Инфо", "Info")),
        ("Technologies", "Solutions", "Systems"),
        ("Bilişim", "Teknoloji"), manual=False, part_time=True),
    "auto": _Sector(
        ("a car service network", "a vehicle fleet operator"),
        ("сеть автосервисов", "автотранспортное предприятие"),
        (("Авто", "Avto"), ("Моторс", "Motors"), ("Сервис", "Servis")),
        ("Motors", "Auto Services", "Fleet Services"),
        ("Otomotiv", "Oto Servis")),
    "beauty": _Sector(
        ("a beauty salon chain",),
        ("сеть салонов красоты",),
        (("Стиль", "Stil"), ("Бьюти", "Beauty"), ("Шарм", "Sharm")),
        ("Beauty", "Salons", "Hair Studio"),
        ("Güzellik", "Kuaför"), manual=False, part_time=True),
}

# First half of a company name: Cyrillic and Latin spelling for Russia and Kazakhstan.
_NAME_PREFIXES_RU = (
    ("Альфа", "Alfa"), ("Вектор", "Vektor"), ("Гранд", "Grand"), ("Мега", "Mega"),
    ("Евро", "Evro"), ("Прайм", "Praym"), ("Атлант", "Atlant"), ("Меридиан", "Meridian"),
    ("Альянс", "Alyans"), ("Регион", "Region"), ("Стандарт", "Standart"),
    ("Интер", "Inter"), ("Глобал", "Global"), ("Капитал", "Kapital"), ("Север", "Sever"),
)
_NAME_PREFIXES_ONLY_RU = (
    ("Сибирь", "Sibir"), ("Урал", "Ural"), ("Волга", "Volga"), ("Нева", "Neva"),
)
_NAME_PREFIXES_ONLY_KZ = (
    ("Каз", "Kaz"), ("Алтын", "Altyn"), ("Астана", "Astana"), ("Дала", "Dala"),
    ("Жулдыз", "Zhuldyz"), ("Сункар", "Sunkar"), ("Береке", "Bereke"),
)
_NAME_PREFIXES = {
    "TR": ("Anadolu", "Ege", "Marmara", "Yıldız", "Akdeniz", "Kaya", "Deniz", "Güneş",
           "Toros", "Kartal", "Karadeniz", "Altın", "Doğa"),
    "AE": ("Al Noor", "Al Safa", "Gulf", "Desert Rose", "Falcon", "Al Baraka", "Oasis",
           "Palm", "Crescent", "Pearl", "Marina", "Al Reem"),
    "KR": ("Hanil", "Daehan", "Mirae", "Hanbit", "Samil", "Sejin", "Daewon", "Sungjin",
           "Dongyang", "Haneul", "Jinwoo", "Saerom"),
    "GB": ("Northgate", "Bluewater", "Redwood", "Crown", "Summit", "Greenfield",
           "Silverline", "Harbour", "Kingsway", "Oakridge", "Riverside", "Brookfield",
           "Albion", "Pennine"),
}
_LEGAL_FORMS_RU = {"RU": ("ООО", "ООО", "АО"), "KZ": ("ТОО", "ТОО", "АО")}
_LEGAL_FORMS_EN = {"RU": ("LLC", "LLC", "JSC"), "KZ": ("LLP", "LLP", "JSC"),
                   "TR": ("A.Ş.", "Ltd. Şti."), "AE": ("LLC", "L.L.C.", "FZ-LLC"),
                   "KR": ("Co., Ltd.",), "GB": ("Ltd", "Ltd", "Limited")}

# --- schedules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Schedule:
    hours: Decimal  # per week; for a rotation, averaged over the whole cycle
    en: tuple[str, ...]
    ru: tuple[str, ...]
    weight: int = 1
    shifts: bool = False  # day and night shifts can be mentioned
    rotation: bool = False
    part_time: bool = False
    rotation_ru: str = ""  # "15/15", for titles


_SCHEDULES = (
    _Schedule(Decimal(40), ("5/2, 8 hours a day",
                            "Monday to Friday, 8:00 to 17:00 with a one-hour lunch break",
                            "five days a week, 8 hours a day"),
              ("5/2 по 8 часов", "пн–пт с 8:00 до 17:00, обед 1 час", "пятидневка по 8 часов"),
              weight=4),
    _Schedule(Decimal(45), ("5/2, 9 hours a day",
                            "Monday to Friday, 8:00 to 18:00 with a one-hour break"),
              ("5/2 по 9 часов", "пн–пт с 8:00 до 18:00, перерыв 1 час")),
    _Schedule(Decimal(44), ("Monday to Friday 8 hours a day, Saturday 4 hours",
                            "five and a half days: 8 hours on weekdays and 4 on Saturday"),
              ("пн–пт по 8 часов, в субботу 4 часа",
               "5 дней по 8 часов и короткая суббота (4 часа)")),
    _Schedule(Decimal(48), ("6/1, 8 hours a day", "six days a week, 8-hour shifts",
                            "six days a week, 8 hours a day, one day off"),
              ("6/1 по 8 часов", "шестидневка по 8 часов",
               "6 дней в неделю по 8 часов, один выходной"), weight=2, shifts=True),
    _Schedule(Decimal(42), ("6/1, 7 hours a day", "six days a week, 7 hours a day"),
              ("6/1 по 7 часов", "шестидневка по 7 часов")),
    _Schedule(Decimal(42), ("2/2, 12-hour shifts", "two days on, two days off, 12-hour shifts"),
              ("2/2 по 12 часов", "сменный, два через два по 12 часов"), weight=2,
              shifts=True),
    _Schedule(Decimal(42), ("3/3, 12-hour shifts",
                            "three days on, three days off, 12-hour shifts"),
              ("3/3 по 12 часов", "три через три, смены по 12 часов"), shifts=True),
    _Schedule(Decimal(40), ("four 10-hour shifts a week", "4 days a week, 10 hours a day"),
              ("4 смены в неделю по 10 часов", "4/3 по 10 часов"), shifts=True),
    _Schedule(Decimal(30), ("part-time, 6 hours a day, 5 days a week",
                            "flexible hours, 30 hours a week"),
              ("неполный день: 6 часов, 5 дней в неделю", "гибкий график, 30 часов в неделю"),
              part_time=True),
    _Schedule(Decimal("38.5"), ("15/15 rotation, 11-hour shifts",
                                "rotation 15/15 (15 days on, 15 days off), 11 hours a day"),
              ("вахта 15/15 по 11 часов", "вахтовый метод 15/15, смены по 11 часов"),
              weight=2, shifts=True, rotation=True, rotation_ru="15/15"),
    _Schedule(Decimal(42), ("30/30 rotation, 12-hour shifts",
                            "rotation 30/30 (30 days on, 30 days off), 12 hours a day"),
              ("вахта 30/30 по 12 часов", "вахтовый метод 30/30, смены по 12 часов"),
              weight=2, shifts=True, rotation=True, rotation_ru="30/30"),
    _Schedule(Decimal("38.5"), ("45/45 rotation, 11-hour shifts",),
              ("вахта 45/45 по 11 часов",), shifts=True, rotation=True, rotation_ru="45/45"),
)

# --- advert parts --------------------------------------------------------------------------

# {occ} the occupation, {a} its article, {city}, {country}, {in_country}; "experienced"
# ones only when the advert asks for experience.
_INTROS_EN = (
    "We are hiring {a} {occ}", "Urgently required: {occ}", "Join our team as {a} {occ}",
    "Vacancy: {occ}", "Open position: {occ} in {city}",
    "We are recruiting {a} {occ} to work in {city}, {country}",
    "New vacancy for {a} {occ} {in_country}", "Immediate start for {a} {occ}",
    "Our partner employer {in_country} needs {a} {occ}",
    "A reliable {occ} is needed in {city}", "Now hiring: {a} {occ} for work {in_country}",
)
_INTROS_EXPERIENCED_EN = (
    "Looking for an experienced {occ}", "We need an experienced {occ} in {city}",
)
# {occ} nominative, {acc} accusative, {needed} нужен/нужна, {city_in} "в Москве".
_INTROS_RU = (
    "Требуется {occ}", "Срочно {needed} {occ}", "Приглашаем на работу: {occ}",
    "Вакансия: {occ}", "Открыта вакансия: {occ}, {city}", "Ищем {acc} {city_in}",
    "В связи с расширением требуется {occ}", "Набор персонала: {occ}",
    "Работа {city_in}: требуется {occ}", "{Needed} {occ} {city_in}",
)
_INTROS_EXPERIENCED_RU = ("Ищем {experienced_acc} {acc}", "Требуется {experienced} {occ}")

_EMPLOYER_EN = (
    "Employer: {name}, {kind}", "Direct employer: {name}", "You will work for {name}",
    "{name} is {kind} with over {staff} employees",
    "The employer, {name}, has been operating since {year}",
)
_EMPLOYER_RU = (
    "Работодатель: {name}, {kind}", "Прямой работодатель — {name}",
    "{Kind} {name} приглашает на работу", "Работа в компании {name}",
    "{name} — {kind}, более {staff} сотрудников",
    "Работодатель — {name}, на рынке с {year} года",
)

_DUTIES_EN = ("Duties: {d}", "Your main tasks: {d}", "The work involves {d}",
              "Responsibilities include {d}")
_DUTIES_RU = ("Обязанности: {d}", "Что нужно делать: {d}", "Основные задачи: {d}",
              "Чем предстоит заниматься: {d}")

_WAGE_EN = ("Salary: {w} per month{c}", "Pay: {w} a month{c}", "Monthly wage {w}{c}",
            "Earnings: {w} per month{c}", "Wage: {w}/month{c}")
_WAGE_CONDITIONS_EN = ("", "", " (net)", " after tax", " before tax", ", plus bonuses",
                       ", plus overtime", " (net), paid twice a month")
_WAGE_RU = ("Зарплата: {w} в месяц{c}", "Заработная плата {w} в месяц{c}",
            "Доход — {w} в месяц{c}", "Платим {w} в месяц{c}")
_WAGE_CONDITIONS_RU = ("", "", " на руки", " после вычета налогов", " до вычета налогов",
                       " + премии", " + оплата переработок", ", выплаты два раза в месяц")
_CURRENCY_RU = {"RUB": ("руб.", "₽", "рублей"), "KZT": ("тенге", "₸")}

# Perks by kind: at most one of a kind in an advert. Housing is drawn apart.
_HOUSING_EN = ("Free accommodation in a hostel", "Accommodation provided, 3–4 people per room",
               "Free housing near the work site", "Free accommodation in a shared flat")
_HOUSING_RU = ("Бесплатное проживание в общежитии",
               "Проживание предоставляется, комнаты на 3–4 человека",
               "Бесплатное жильё рядом с объектом", "Бесплатное проживание в квартире")
_PERKS_EN = (
    ("Meals provided", "Free lunch at work", "Three meals a day in the staff canteen",
     "Subsidised meals in the canteen"),
    ("Transport to work", "Free shuttle bus to the site", "Travel card paid by the employer"),
    ("Official contract and insurance", "Health insurance from the first day",
     "Help with all registration documents"),
    ("Overtime paid", "Salary paid twice a month without delays",
     "Advance payment in the first week", "Bonuses for good performance"),
    ("Workwear and safety equipment provided", "Uniform provided free of charge"),
    ("Paid annual leave", "Paid sick leave"),
    ("Training and career growth", "Friendly team and supportive supervisors"),
)
_PERKS_RU = (
    ("Питание предоставляется", "Бесплатные обеды", "Трёхразовое питание в столовой",
     "Льготное питание в столовой"),
    ("Доставка до работы", "Бесплатный служебный автобус до объекта",
     "Проездной оплачивает работодатель"),
    ("Официальный договор и страховка", "Медицинская страховка с первого дня",
     "Помощь в оформлении всех документов"),
    ("Переработки оплачиваются", "Зарплата два раза в месяц без задержек",
     "Аванс в первую неделю", "Премии по результатам работы"),
    ("Спецодежда и СИЗ выдаются", "Форменная одежда бесплатно"),
    ("Оплачиваемый отпуск", "Оплачиваемый больничный"),
    ("Обучение и карьерный рост", "Дружный коллектив"),
)

_CLOSING_EN = (
    "Interviews online", "Interview by video call", "Tickets paid by the employer",
    "Air tickets are reimbursed after three months of work",
    "Workers pay no fees: the agency's services are free for candidates",
    "Apply through the agency; we reply within three working days",
    "Start as soon as possible",
)
_CLOSING_ABROAD_EN = {
    "RU": "Help with migration registration", "KZ": "Help with migration registration",
    "TR": "The employer arranges the work permit",
    "AE": "Employment visa and Emirates ID are arranged by the employer",
    "KR": "Recruitment under the Employment Permit System (EPS)",
    "GB": "The employer provides visa sponsorship",
}
_CLOSING_RU = (
    "Собеседование онлайн", "Собеседование по видеосвязи", "Билеты оплачивает работодатель",
    "Стоимость билетов компенсируется после трёх месяцев работы",
    "Услуги агентства для соискателей бесплатны",
    "Резюме направляйте через агентство, ответим в течение трёх рабочих дней",
    "Помощь с миграционным учётом",
)
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


# --- helpers -------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _sentence(text: str) -> str:
    text = _cap(text)
    return text if text.endswith((".", "!", "?")) else text + "."


def _plural_ru(n: int, one: str, few: str, many: str) -> str:
    """The Russian noun form after a number: 1 год, 2 года, 5 лет."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _money_en(rng: random.Random, amount: int, currency: str) -> str:
    if currency == "GBP" and rng.random() < 0.6:
        return f"£{amount:,}"
    return f"{amount:,} {currency}" if rng.random() < 0.5 else f"{currency} {amount:,}"


def _money_ru(rng: random.Random, amount: int, currency: str) -> str:
    return f"{amount:,}".replace(",", " ") + " " + rng.choice(_CURRENCY_RU.get(currency,
                                                                               (currency,)))


def _employer_name(rng: random.Random, sector: _Sector, country: str, russian: bool) -> str:
    """A company name with the legal form of its country, as the advert spells it."""
    if country in ("RU", "KZ"):
        own = _NAME_PREFIXES_ONLY_RU if country == "RU" else _NAME_PREFIXES_ONLY_KZ
        prefix_ru, prefix_lat = rng.choice(_NAME_PREFIXES_RU + own)
        noun_ru, noun_lat = rng.choice(sector.names_ru)
        if russian:
            return f"{rng.choice(_LEGAL_FORMS_RU[country])} «{prefix_ru}{noun_ru}»"
        return f"{prefix_lat}{noun_lat} {rng.choice(_LEGAL_FORMS_EN[country])}"
    noun = rng.choice(sector.names_tr if country == "TR" else sector.names_en)
    return f"{rng.choice(_NAME_PREFIXES[country])} {noun} {rng.choice(_LEGAL_FORMS_EN[country])}"


def _schedule(rng: random.Random, occupation: Occupation, country: str) -> _Schedule:
    sector = _SECTORS[occupation.sector]
    fitting = [s for s in _SCHEDULES
               if (not s.rotation or (sector.rotation and country in ("RU", "KZ")))
               and (not s.part_time or sector.part_time)]
    return rng.choices(fitting, weights=[s.weight for s in fitting])[0]


def _shift_note(rng: random.Random, occupation: Occupation, russian: bool) -> str:
    if occupation.night_work and rng.random() < 0.6:
        return rng.choice(("Дневные и ночные смены чередуются",
                           "Ночные смены оплачиваются выше",
                           "Смены дневные или ночные на выбор") if russian else
                          ("Day and night shifts alternate",
                           "Night shifts are paid at a higher rate",
                           "Day or night shifts to choose from"))
    return rng.choice(("Только дневные смены", "Дневные смены") if russian else
                      ("Day shifts only", "Day shifts"))


# --- the advert ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Terms:
    """What one advert says, decided before it is written."""

    occupation: Occupation
    sector: _Sector
    country: str
    city: str
    russian: bool
    experience: int  # years, 0 for none
    level: str  # of the language asked for
    schedule: _Schedule
    wage: int
    currency: str
    housing: bool
    contract_months: int
    closing: date


def _title(rng: random.Random, t: _Terms) -> str:
    o = t.occupation
    if t.russian:
        city, city_in = _CITY_RU.get(t.city, (t.city, f"в {t.city}"))
        occ = _cap(o.ru)
        titles = [f"{occ} ({city})", f"{occ} {city_in}", f"Вакансия: {o.ru}, {city}",
                  f"Требуется {o.ru}, {city}", f"Работа {_IN_COUNTRY_RU[t.country]}: {o.ru}",
                  f"{occ}, зарплата {_money_ru(rng, t.wage, t.currency)}, {city}"]
        if o.qualifiers_ru:
            titles.append(f"{occ} ({rng.choice(o.qualifiers_ru)}) — {city}")
        if o.workplaces_ru:
            workplace = rng.choice(o.workplaces_ru)
            titles.append(f"{occ} {workplace}, {city}")
            if t.experience:
                adjective = "Опытная" if o.ru_feminine else "Опытный"
                titles.append(f"{adjective} {o.ru} {workplace}, {city}")
        if t.schedule.rotation:
            titles += [f"{occ} — вахта {t.schedule.rotation_ru}, {city}",
                       f"Вахта {city_in}: {o.ru}"]
        if t.housing:
            titles.append(f"{occ} с проживанием, {city}")
        return rng.choice(titles)
    occ = _cap(o.en)
    country = _COUNTRY_EN[t.country]
    titles = [f"{occ} in {t.city}", f"{occ} — {t.city}, {country}",
              f"{occ} wanted {_IN_COUNTRY_EN[t.country]}", f"Vacancy: {o.en}, {t.city}",
              f"{occ}, {_money_en(rng, t.wage, t.currency)} a month, {t.city}"]
    if o.qualifiers_en:
        titles.append(f"{occ} ({rng.choice(o.qualifiers_en)}) — {t.city}")
    if o.workplaces_en:
        workplace = rng.choice(o.workplaces_en)
        titles.append(f"{occ} {workplace} in {t.city}")
        if t.experience:
            titles.append(f"Experienced {o.en} {workplace}, {t.city}")
    if t.schedule.rotation:
        titles.append(f"{occ}, {t.schedule.rotation_ru} rotation, {t.city}")
    if t.housing:
        titles.append(f"{occ} with free accommodation, {t.city}")
    return rng.choice(titles)


def _head(rng: random.Random, t: _Terms) -> list[str]:
    """Intro, perhaps the employer, and one or two duties."""
    o = t.occupation
    parts = []
    if t.russian:
        city, city_in = _CITY_RU.get(t.city, (t.city, f"в {t.city}"))
        needed = "нужна" if o.ru_feminine else "нужен"
        intros = _INTROS_RU + (_INTROS_EXPERIENCED_RU if t.experience else ())
        parts.append(rng.choice(intros).format(
            occ=o.ru, acc=o.ru_acc or o.ru, needed=needed, Needed=_cap(needed), city=city,
            city_in=city_in, experienced="опытная" if o.ru_feminine else "опытный",
            experienced_acc="опытную" if o.ru_feminine else "опытного"))
    else:
        intros = _INTROS_EN + (_INTROS_EXPERIENCED_EN if t.experience else ())
        parts.append(rng.choice(intros).format(
            occ=o.en, a=_article(o.en), city=t.city, country=_COUNTRY_EN[t.country],
            in_country=_IN_COUNTRY_EN[t.country]))
    if rng.random() < 0.7:
        name = _employer_name(rng, t.sector, t.country, t.russian)
        kind = rng.choice(t.sector.kinds_ru if t.russian else t.sector.kinds_en)
        template = rng.choice(_EMPLOYER_RU if t.russian else _EMPLOYER_EN)
        parts.append(template.format(name=name, kind=kind, Kind=_cap(kind),
                                     staff=rng.choice((50, 100, 200, 300, 500, 1000, 2000)),
                                     year=rng.randint(1995, 2020)))
    duties = rng.sample(o.duties_ru if t.russian else o.duties_en, rng.choice((1, 1, 2)))
    if t.russian:
        parts.append(rng.choice(_DUTIES_RU).format(d="; ".join(duties)))
    else:
        joined = "; ".join(duties) if rng.random() < 0.5 else " and ".join(duties)
        parts.append(rng.choice(_DUTIES_EN).format(d=joined))
    return [_sentence(p) for p in parts]


def _requirements(rng: random.Random, t: _Terms, skills: list[str]) -> list[str]:
    o, ru = t.occupation, t.russian
    n = t.experience
    items: list[str] = []
    if n and ru:
        items.append(rng.choice((f"Опыт работы от {n} {_plural_ru(n, 'года', 'лет', 'лет')}",
                                 f"Стаж по специальности {n} {_plural_ru(n, 'год', 'года', 'лет')}"
                                 " и более")))
    elif n:
        years = "year" if n == 1 else "years"
        items.append(rng.choice((f"Experience of at least {n} {years}",
                                 f"At least {n} {years} of experience as {_article(o.en)} {o.en}",
                                 f"{n}+ {years} of experience in a similar role")))
    else:
        items.append(rng.choice(("Опыт не требуется, обучение на месте",
                                 "Без опыта — всему научим", "Рассматриваем кандидатов без опыта")
                                if ru else
                                ("No experience required, training on site",
                                 "No experience needed: we train new staff",
                                 "Beginners welcome, training provided")))
    if o.licence_en and rng.random() < 0.8:
        items.append(rng.choice(("Требуется {}", "Обязательно: {}")).format(o.licence_ru) if ru
                     else rng.choice(("You must hold {}", "Required: {}")).format(o.licence_en))
    optional: list[str] = []
    if t.country != "GB":  # adverts in the UK do not state an age
        low = rng.choice((18, 20, 21, 22, 25))
        high = 39 if t.country == "KR" else rng.choice((40, 45, 50, 55))
        optional.append(rng.choice((f"Возраст от {low} до {high} лет",
                                    f"Возраст: {low}–{high} лет")) if ru else
                        rng.choice((f"Age {low}–{high}", f"Candidates aged {low} to {high}")))
    months = rng.choice((12, 18, 18, 24))
    optional.append(rng.choice((f"Загранпаспорт со сроком действия не менее {months} месяцев",
                                f"Паспорт, действительный не менее {months} месяцев")) if ru else
                    rng.choice((f"A passport valid for at least {months} months",
                                f"An international passport valid for {months}+ months")))
    if t.sector.health_book:
        optional.append(rng.choice(("Медицинская книжка", "Наличие медкнижки или готовность её "
                                    "оформить")) if ru else
                        rng.choice(("A valid health certificate (medical book)"
                                    if t.country in ("RU", "KZ") else "A valid health certificate",
                                    "A health certificate; the employer helps to obtain it")))
    else:
        optional.append(rng.choice(("Медицинская справка", "Прохождение медкомиссии перед "
                                    "выездом", "Справка о состоянии здоровья")) if ru else
                        rng.choice(("A medical certificate", "A medical check before departure",
                                    "A medical certificate confirming fitness for work")))
    if t.sector.clearance:
        optional.append("Справка об отсутствии судимости" if ru
                        else "A certificate of no criminal record")
    if t.country in ("RU", "KZ"):
        if ru:
            optional.append("Знание русского языка на базовом уровне (A2)" if t.level == "A2"
                            else "Разговорный русский язык (B1)")
        else:
            optional.append("Basic Russian (A2)" if t.level == "A2"
                            else "Conversational Russian (B1)")
    else:
        extra = {"KR": ". Basic Korean is a plus", "TR": ". Turkish is a plus"}
        optional.append(rng.choice(("Basic English (A2)", "English at A2 level or above"))
                        + extra.get(t.country, ""))
    if rng.random() < 0.5:
        optional.append(("Навыки: " if ru else "Skills: ") + ", ".join(skills))
    if t.sector.manual:
        optional.append("Хорошая физическая форма" if ru else "Good physical fitness")
    optional.append(rng.choice(("Ответственность и пунктуальность", "Без вредных привычек")
                               if ru else
                               ("Responsible and punctual", "Reliable and hard-working")))
    items += rng.sample(optional, rng.randint(1, 3))
    return [_sentence(i) for i in items]


def _conditions(rng: random.Random, t: _Terms) -> list[str]:
    ru = t.russian
    items: list[str] = []
    if rng.random() < 0.75:
        phrase = rng.choice(t.schedule.ru if ru else t.schedule.en)
        label = rng.choice(("График: {}", "График работы: {}", "Режим работы: {}", "{}") if ru
                           else ("Schedule: {}", "Working hours: {}", "Work schedule: {}", "{}"))
        items.append(label.format(phrase))
        if t.schedule.shifts and rng.random() < 0.5:
            items.append(_shift_note(rng, t.occupation, ru))
    if rng.random() < 0.75:
        if ru:
            items.append(rng.choice(_WAGE_RU).format(w=_money_ru(rng, t.wage, t.currency),
                                                     c=rng.choice(_WAGE_CONDITIONS_RU)))
        else:
            items.append(rng.choice(_WAGE_EN).format(w=_money_en(rng, t.wage, t.currency),
                                                     c=rng.choice(_WAGE_CONDITIONS_EN)))
    if rng.random() < 0.5:
        m = t.contract_months
        if ru:
            months = _plural_ru(m, "месяц", "месяца", "месяцев")
            items.append(rng.choice((f"Договор на {m} {months}",
                                     f"Контракт на {m} {months} с возможностью продления",
                                     f"Срок договора — {m} {months}")))
        else:
            items.append(rng.choice((f"Contract for {m} months with the possibility of extension",
                                     f"{m}-month contract", f"Contract: {m} months, renewable",
                                     f"Employment contract for {m} months")))
    perks = []
    if t.housing:
        perks.append(rng.choice(_HOUSING_RU if ru else _HOUSING_EN))
    if perks or rng.random() < 0.85:
        kinds = rng.sample(_PERKS_RU if ru else _PERKS_EN, rng.randint(1 - len(perks), 2))
        perks += [rng.choice(kind) for kind in kinds]
    items += perks
    return [_sentence(i) for i in items]


def _tail(rng: random.Random, t: _Terms) -> list[str]:
    parts = []
    if rng.random() < 0.3:
        if t.russian:
            city, city_in = _CITY_RU.get(t.city, (t.city, f"в {t.city}"))
            parts.append(rng.choice((f"Место работы: {city}", f"Объект находится {city_in}")))
        else:
            parts.append(f"Place of work: {t.city}, {_COUNTRY_EN[t.country]}")
    if rng.random() < 0.45:
        start = t.closing + timedelta(days=rng.randint(7, 45))
        closings: tuple[str, ...]
        if t.russian:
            closings = _CLOSING_RU + (f"Выход на работу с {start:%d.%m.%Y}",)
        else:
            closings = _CLOSING_EN + (
                _CLOSING_ABROAD_EN[t.country],
                f"Start date: {start.day} {_MONTHS_EN[start.month - 1]} {start.year}")
        parts.append(rng.choice(closings))
    return [_sentence(p) for p in parts]


def _layout(rng: random.Random, t: _Terms, head: list[str], requirements: list[str],
            conditions: list[str], tail: list[str]) -> str:
    """Plain sentences, labelled blocks or bulleted lists, as agencies write them."""
    style = rng.choices(("plain", "labelled", "list"), weights=(2, 1, 1))[0]
    blocks = [(rng.choice(("Требования", "Что мы ждём от кандидата")) if t.russian
               else rng.choice(("Requirements", "What we expect")), requirements),
              (rng.choice(("Условия", "Мы предлагаем")) if t.russian
               else rng.choice(("Conditions", "We offer")), conditions)]
    if rng.random() < 0.3:
        blocks.reverse()
    blocks = [(label, items) for label, items in blocks if items]
    if style == "plain":
        return " ".join(head + [s for _, items in blocks for s in items] + tail)
    lines = [" ".join(head)]
    for label, items in blocks:
        if style == "labelled":
            lines.append(f"{label}:\n" + " ".join(items))
        else:
            lines.append(f"{label}:\n" + "\n".join(f"- {i.rstrip('.')}" for i in items))
    if tail:
        lines.append(" ".join(tail))
    return ("\n\n" if style == "list" else "\n").join(lines)


def vacancy(rng: random.Random, n: int, *, today: date) -> dict[str, Any]:
    """One advert, Russian or English, with its structured terms."""
    occupation = rng.choice(OCCUPATIONS)
    sector = _SECTORS[occupation.sector]
    country = rng.choice(list(PLACES))
    currency, cities, typical = PLACES[country]
    city = rng.choice(cities)
    russian = country in ("RU", "KZ") and rng.random() < 0.6
    level = rng.choice(["A2", "B1"]) if country in ("RU", "KZ") else "A2"
    skilled = bool(occupation.licence_en) or occupation.pay >= 1.2
    step = 10 ** (len(str(typical)) - 2) // 2  # wages are round: 95 500 RUB, 2 150 GBP
    wage = round(typical * occupation.pay * rng.uniform(0.8, 1.5) / step) * step
    if country == "KR":
        months = rng.choice((12, 24, 36))
    elif occupation.sector == "agriculture":
        months = rng.choice((3, 4, 6, 6, 9))
    else:
        months = rng.choice((6, 9, 12, 12, 18, 24))
    terms = _Terms(
        occupation=occupation, sector=sector, country=country, city=city, russian=russian,
        experience=rng.choice((1, 2, 3, 5) if skilled else (0, 0, 1, 1, 2, 3)), level=level,
        schedule=_schedule(rng, occupation, country), wage=wage, currency=currency,
        housing=rng.random() < 0.5, contract_months=months,
        closing=today + timedelta(days=rng.randint(30, 180)),
    )
    all_skills = occupation.skills_ru if russian else occupation.skills_en
    skills = rng.sample(all_skills, rng.randint(2, min(4, len(all_skills))))
    title = _title(rng, terms)
    head = _head(rng, terms)
    requirements = _requirements(rng, terms, skills) if rng.random() < 0.8 else []
    description = _layout(rng, terms, head, requirements, _conditions(rng, terms),
                          _tail(rng, terms))
    return {
        "n": n,
        "title": title,
        "description": description,
        "occupation": occupation.en,
        "skills": skills,
        "languages": [{"code": "ru", "level": level}] if country in ("RU", "KZ")
        else [{"code": "en", "level": "A2"}],
        "country": country,
        "city": city,
        "wage_amount": Decimal(wage),
        "wage_currency": currency,
        "hours_per_week": terms.schedule.hours,
        "housing": "free" if terms.housing else "none",
        "contract_months": months,
        "closing_date": terms.closing,
    }


QUERIES = [
    "welder with experience", "сварщик на стройку", "construction job with housing",
    "работа на складе", "truck driver category C", "водитель грузовика",
    "cook in a canteen", "уборка офисов", "care for elderly people", "сиделка",
    "greenhouse vegetables", "сбор урожая", "sewing factory work", "швея на фабрику",
    "plumber heating", "сантехник", "car repair mechanic", "security guard night shifts",
    "meat processing plant", "courier delivery by bicycle", "electrician wiring",
    "бетонщик", "bricklayer masonry", "warehouse forklift", "job in Dubai",
    # added with the wider set of occupations
    "tiler for apartment finishing", "плиточник Москва", "маляр-штукатур отделка квартир",
    "tower crane operator", "крановщик башенного крана", "excavator operator road construction",
    "вахта 15/15 на стройку", "scaffolder working at height", "арматурщик вахта",
    "forklift driver night shifts", "водитель погрузчика на склад", "bus driver category D",
    "taxi driver Almaty", "грузчик с проживанием", "packer at a food factory",
    "assembly line worker automotive plant", "CNC operator milling", "пекарь в пекарню",
    "waiter restaurant Antalya", "hotel housekeeper Dubai", "горничная в отель",
    "hotel receptionist front desk", "няня с проживанием", "nurse assistant in a hospital",
    "barber job Istanbul", "fruit picking seasonal work UK", "обработчик рыбы на рыбозавод",
    "poultry farm job", "dairy farm milking cows", "кассир в супермаркет",
    "call centre operator Russian-speaking line", "IT support helpdesk",
    "дорожный рабочий укладка асфальта", "работа без опыта с проживанием",
    "factory job in South Korea", "работа в Казахстане",
]
