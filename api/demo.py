"""The demo world `vetted run` seeds into an empty database, so a newcomer signs in to a
working system: a regulator and its licensed (and less licensed) agencies, missions in
Russia and Kazakhstan with their attachés, a migrant resource centre with its migrants,
verified jobs across occupations, referrals and disputes at every stage.

Everything is made through the same domain services the API calls, in one transaction:
the seed is all there or not there at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import HttpUrl

from core import audit
from core.auth import Principal, PseudoRole, Role
from core.clock import utc_today
from core.config import Settings
from core.db import UnitOfWork
from core.users import create_user, principal_for
from core.validation import Money
from disputes import service as disputes_service
from disputes.rules import DisputeAction, DisputeKind
from disputes.schemas import (
    ComplainantIn,
    DisputeIn,
    DisputeTransitionIn,
    FindingIn,
    OutcomeIn,
    ReportedTermsIn,
    ReportedWage,
    RoutingRuleIn,
)
from matching import centres as centre_service
from matching import migrants as migrant_service
from matching import referrals as referral_service
from matching import vacancies as vacancy_service
from matching.rules import ReferralStatus, VacancyAction, VacancyStatus
from matching.schemas import (
    EmployerIn,
    LanguageLevel,
    Level,
    MigrantIn,
    MinimumWageIn,
    PrescreeningIn,
    ReferralIn,
    ReferralTransitionIn,
    VacancyIn,
    VacancyTransitionIn,
    Wage,
)
from missions import service as attache_service
from registry import service as registry_service
from registry.rules import LicenceAction
from registry.schemas import (
    AccountIn,
    AgencyRegistration,
    LicenceApplicationIn,
    PersonIn,
    TransitionIn,
)

DOMAIN = "demo.vetted"
REGULATOR_EMAIL = f"regulator@{DOMAIN}"
# Two processes starting on one empty database seed it once between them.
_SEED_LOCK = 0x5645_5454_4445  # "VETTDE"


@dataclass(frozen=True)
class DemoLogin:
    """One demo account: who it is, where it belongs and what to try with it first."""

    role: Role
    email: str
    full_name: str
    organisation: str | None
    try_first: str


@dataclass(frozen=True)
class DemoResult:
    """What seeding did: seeded now, found the demo already there, or left a database that
    has accounts of its own alone."""

    status: Literal["seeded", "present", "skipped"]
    logins: tuple[DemoLogin, ...]


# --- the organisations ----------------------------------------------------------------------

MISSION_RU = "Labour Migration Office of the Kyrgyz Republic in Moscow"
MISSION_KZ = "Labour Migration Office of the Kyrgyz Republic in Almaty"
CENTRE = "Migrant Resource Centre Bishkek"
BODY_RU = "Federal Service for Labour and Employment (Rostrud)"
BODY_MOSCOW = "State Labour Inspectorate of Moscow"
BODY_KZ = "State Labour Inspectorate of Kazakhstan"


@dataclass(frozen=True)
class _Agency:
    key: str
    legal_name: str
    registration_number: str
    country: str
    address: str
    phone: str
    website: str
    people: tuple[tuple[str, Literal["owner", "director"], str, str, str], ...]  # name, role,
    # date of birth, the country and number of the identity document
    staff: str
    licence: Literal["active", "under_review", "suspended"]
    countries: tuple[str, ...]
    deposit: Money

    @property
    def email(self) -> str:
        return f"agency.{self.key}@{DOMAIN}"


AGENCIES = (
    _Agency("alatoo", "Ala-Too Work Abroad LLC", "207415-3301-OOO", "KG",
            "114 Chui Avenue, office 305, Bishkek 720040", "+996 312 661 204",
            "https://alatoo-work.kg",
            (("Bakyt Osmonaliev", "owner", "1971-03-14", "KG", "AN4418230"),
             ("Aigul Sydykova", "director", "1983-09-02", "KG", "AN5520671")),
            "Kanat Beishenaliev", "active", ("RU", "KZ"),
            Money(amount=Decimal("1500000.00"), currency="KGS")),
    _Agency("samarkand", "Samarkand Labour Partners LLC", "305518274", "UZ",
            "17 Amir Temur Avenue, Tashkent 100000", "+998 71 233 4512",
            "https://samarkand-labour.uz",
            (("Jamshid Rakhimov", "owner", "1975-07-21", "UZ", "FA2210457"),
             ("Nilufar Yuldasheva", "director", "1985-01-30", "UZ", "FA3318804")),
            "Otabek Nazarov", "active", ("RU", "KZ"),
            Money(amount=Decimal("250000000.00"), currency="UZS")),
    _Agency("pamir", "Pamir Employment Services LLC", "0410023547", "TJ",
            "48 Rudaki Avenue, Dushanbe 734025", "+992 37 221 7840",
            "https://pamir-employment.tj",
            (("Davron Saidov", "owner", "1979-11-05", "TJ", "400517823"),
             ("Zarina Rahmonova", "director", "1988-04-18", "TJ", "400692114")),
            "Farhod Karimov", "under_review", ("RU",),
            Money(amount=Decimal("300000.00"), currency="TJS")),
    _Agency("osh", "Osh Global Staffing LLC", "198211-3306-OOO", "KG",
            "25 Kurmanjan Datka Street, Osh 723500", "+996 3222 5 4410",
            "https://osh-global.kg",
            (("Ulugbek Tashiev", "owner", "1969-06-11", "KG", "AN2209913"),
             ("Mirlan Abdykadyrov", "director", "1980-12-27", "KG", "AN3371042")),
            "Elmira Joldosheva", "suspended", ("RU",),
            Money(amount=Decimal("1000000.00"), currency="KGS")),
)

SUSPENSION_REASON = (
    "An inspection found recruitment fees charged to workers and wages left unpaid at a "
    "partner employer in Moscow Oblast; suspended until the disputes are settled."
)

# key, agency, name, country, city, registration number, verified by the attaché
EMPLOYERS = (
    ("stroymontazh", "alatoo", "StroyMontazh LLC", "RU", "Moscow", "1127746589312", True),
    ("nevsky", "alatoo", "Nevsky Prospect Hotels LLC", "RU", "Saint Petersburg",
     "1157847201934", True),
    ("citycare", "alatoo", "CityCare Home Services LLC", "RU", "Moscow", "1187746402215",
     True),
    ("almatystroy", "alatoo", "Almaty Construction Group LLP", "KZ", "Almaty",
     "180940012345", True),
    ("silkway", "alatoo", "Silk Way Hotels LLP", "KZ", "Almaty", "150640019876", True),
    ("moskvasiti", "alatoo", "Moskva-Siti Cleaning LLC", "RU", "Moscow", "1207700123987",
     False),
    ("volga", "samarkand", "Volga Logistics LLC", "RU", "Kazan", "1161690054321", True),
    ("uralstal", "samarkand", "UralStal Fabrication LLC", "RU", "Yekaterinburg",
     "1146658012377", True),
    ("zelenaya", "samarkand", "Zelenaya Dolina Agro LLC", "RU", "Lipetsk", "1134823000451",
     True),
    ("ivtekstil", "samarkand", "Ivanovo Textile Mill LLC", "RU", "Ivanovo", "1103702019988",
     True),
    ("ontustik", "samarkand", "Ontustik Agro LLP", "KZ", "Shymkent", "170540023456", True),
    ("astanatrans", "samarkand", "Astana Transit Logistics LLP", "KZ", "Astana",
     "160340011122", True),
    ("karsteel", "samarkand", "Karaganda Steel Structures LLP", "KZ", "Karaganda",
     "190240031415", True),
    ("podmoskovye", "osh", "Podmoskovye Builders LLC", "RU", "Moscow", "1195081044332", True),
)


# --- the vacancies ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    key: str
    employer: str
    status: Literal["draft", "submitted", "verified", "rejected", "published"]
    title: str
    description: str
    occupation: str
    skills: tuple[str, ...]
    amount: str
    period: Literal["hour", "week", "month"] = "month"
    hours: str = "40"
    housing: Literal["free", "paid", "none"] = "free"
    meals: Literal["free", "paid", "none"] = "paid"
    months: int = 12
    positions: int = 5
    russian: Level = "A2"
    fee: Money | None = None
    closes_in: int = 90
    reason: str | None = None  # why the attaché rejected it


JOBS = (
    # Ala-Too Work Abroad: construction, hotels and care in Russia, building and hotels in
    # Kazakhstan.
    _Job("concrete-moscow", "stroymontazh", "published", "Concrete worker for residential towers",
         "Pouring and finishing concrete floors and walls on a 25-storey residential complex in "
         "the south of Moscow. Work clothes and safety gear provided; hostel 15 minutes from the "
         "site with a shuttle bus.", "concrete worker",
         ("concrete", "formwork", "rebar tying"), "95000.00", positions=15),
    _Job("bricklayer-moscow", "stroymontazh", "published",
         "Каменщик на строительство жилого комплекса",
         "Кладка наружных и внутренних стен из кирпича и газобетона на жилом комплексе в "
         "Москве. Спецодежда, общежитие рядом с объектом, оплата два раза в месяц на карту.",
         "каменщик", ("кладка кирпича", "газобетон", "чтение чертежей"), "105000.00",
         positions=10, russian="B1"),
    _Job("scaffolder-moscow", "stroymontazh", "published", "Scaffolder (high-rise construction)",
         "Assembling and dismantling frame scaffolding on high-rise buildings in Moscow. A "
         "working-at-height permit is arranged and paid by the employer before the start.",
         "scaffolder", ("scaffolding", "working at height"), "100000.00", positions=6),
    _Job("labourer-moscow", "stroymontazh", "published", "Подсобный рабочий на стройку",
         "Погрузка и разгрузка материалов, уборка территории, помощь бригадам на строительной "
         "площадке в Москве. Опыт не требуется, обучение на месте. Проживание бесплатно.",
         "подсобный рабочий", ("погрузка", "уборка территории"), "75000.00", positions=20),
    # Blocked: a fee charged to the worker (Kyrgyzstan bars them) and a 60-hour week; the
    # attaché cannot verify it until the agency removes the fee.
    _Job("formwork-night", "stroymontazh", "submitted", "Formwork carpenter, night shifts",
         "Building and stripping timber and steel formwork on night shifts, six nights a week. "
         "Candidates pay a processing fee to the agency before departure.",
         "carpenter", ("formwork", "carpentry"), "110000.00", hours="60",
         fee=Money(amount=Decimal("30000.00"), currency="KGS")),
    _Job("housekeeper-spb", "nevsky", "published", "Hotel housekeeper",
         "Cleaning and preparing guest rooms in a 4-star hotel on Nevsky Prospect, Saint "
         "Petersburg. Staff accommodation and three meals a day on shift are free.",
         "housekeeper", ("room cleaning", "laundry"), "62000.00", meals="free", positions=8),
    _Job("cook-spb", "nevsky", "published", "Повар горячего цеха в ресторан отеля",
         "Приготовление блюд европейской и русской кухни в ресторане отеля в Санкт-Петербурге. "
         "Опыт работы поваром от двух лет. Питание на смене и проживание бесплатно.",
         "повар", ("горячий цех", "европейская кухня"), "85000.00", meals="free",
         positions=3, russian="B1"),
    # Blocked: 22,000 RUB a month is below Russia's minimum wage.
    _Job("kitchen-helper-spb", "nevsky", "submitted", "Помощник на кухню",
         "Мытьё посуды, чистка овощей, поддержание порядка на кухне ресторана отеля в "
         "Санкт-Петербурге. Оплата по итогам месяца.",
         "кухонный работник", ("мытьё посуды", "заготовка овощей"), "22000.00",
         positions=4),
    _Job("care-moscow", "citycare", "published", "Home care assistant for elderly people",
         "Daily care for elderly clients at home in Moscow: hygiene, meals, medication "
         "reminders and walks. Training in first aid is given in the first week.",
         "caregiver", ("elderly care", "first aid", "cooking"), "70000.00", positions=6,
         russian="B1"),
    _Job("care-live-in", "citycare", "published", "Сиделка с проживанием",
         "Уход за пожилой женщиной с ограниченной подвижностью в Москве, проживание в семье, "
         "отдельная комната. Два выходных дня в неделю, официальное оформление.",
         "сиделка", ("уход за пожилыми", "кормление", "гигиена"), "80000.00", meals="free",
         positions=2, russian="B1"),
    _Job("builder-almaty", "almatystroy", "published",
         "Construction worker, residential complex in Almaty",
         "General construction work on a residential complex in Almaty: masonry, plastering and "
         "finishing. Hostel with kitchen next to the site; wages paid twice a month.",
         "construction worker", ("masonry", "plastering", "finishing"), "320000.00",
         positions=25),
    _Job("electrician-almaty", "almatystroy", "published", "Электрик на строительный объект",
         "Монтаж внутренних электросетей, щитов и освещения в строящихся жилых домах Алматы. "
         "Нужен допуск по электробезопасности, опыт от трёх лет.",
         "электрик", ("электромонтаж", "сборка щитов"), "420000.00", positions=4,
         russian="B1"),
    _Job("plasterer-almaty", "almatystroy", "published", "Штукатур-маляр",
         "Штукатурка, шпаклёвка и покраска стен в новых квартирах в Алматы. Инструмент и "
         "материалы предоставляет работодатель, проживание в общежитии бесплатно.",
         "штукатур-маляр", ("штукатурка", "покраска"), "350000.00", positions=8),
    _Job("waiter-almaty", "silkway", "published", "Waiter or waitress, hotel restaurant",
         "Serving guests in the restaurant and banquet hall of a business hotel in central "
         "Almaty. Uniform and meals on shift provided; Russian at a conversational level.",
         "waiter", ("serving", "customer service"), "230000.00", meals="free", positions=5,
         russian="B1"),
    _Job("maid-almaty", "silkway", "verified", "Горничная в гостиницу",
         "Уборка номеров и общественных зон в гостинице в центре Алматы. Проживание в "
         "общежитии для персонала, питание на смене бесплатно.",
         "горничная", ("уборка номеров", "стирка белья"), "210000.00", meals="free",
         positions=6),
    _Job("office-cleaner", "moskvasiti", "draft", "Office cleaner, evening shifts",
         "Cleaning offices in a business centre in Moscow City on evening shifts, five days a "
         "week.", "cleaner", ("cleaning",), "55000.00", housing="none", meals="none"),
    # Samarkand Labour Partners: logistics, steel, farms and sewing in Russia; farms,
    # transport and steel in Kazakhstan.
    _Job("picker-kazan", "volga", "published", "Warehouse picker (order picking)",
         "Picking and packing online orders with a hand scanner in a logistics centre near "
         "Kazan. Day and night shifts of 8 hours; hostel and a hot lunch are provided.",
         "warehouse worker", ("order picking", "hand scanner"), "450.00", period="hour",
         positions=30, meals="free"),
    _Job("forklift-kazan", "volga", "published", "Водитель погрузчика на склад",
         "Работа на электропогрузчике и штабелёре на складе в Казани: приёмка, размещение и "
         "отгрузка паллет. Нужно удостоверение водителя погрузчика.",
         "водитель погрузчика", ("погрузчик", "штабелёр"), "90000.00", positions=6),
    _Job("driver-tatarstan", "volga", "published", "Водитель категории C, развоз по Татарстану",
         "Доставка товаров в магазины по Казани и Татарстану на грузовике 10 тонн. Права "
         "категории C, опыт от двух лет, знание русского языка на уровне B1.",
         "водитель", ("категория C", "развоз товаров"), "110000.00", housing="paid",
         positions=5, russian="B1"),
    _Job("welder-yekaterinburg", "uralstal", "published", "MIG/MAG welder for steel structures",
         "Welding beams, columns and trusses for industrial buildings at a fabrication shop in "
         "Yekaterinburg. A practical welding test is held on arrival; hostel and work clothes "
         "are free.", "welder", ("MIG/MAG welding", "reading drawings"), "130000.00",
         positions=12),
    _Job("tig-welder", "uralstal", "published", "Сварщик аргонодуговой сварки (TIG)",
         "Сварка нержавеющих и алюминиевых конструкций аргоном на производстве в "
         "Екатеринбурге. Разряд не ниже четвёртого, практический экзамен при приёме.",
         "сварщик", ("аргонодуговая сварка", "нержавеющая сталь"), "140000.00", positions=4,
         russian="B1"),
    _Job("cnc-operator", "uralstal", "submitted", "CNC machine operator",
         "Setting up and running CNC plasma cutting machines for sheet steel in Yekaterinburg. "
         "Experience with CNC machines of at least a year.", "machine operator",
         ("CNC", "plasma cutting"), "115000.00", positions=3),
    _Job("greenhouse-lipetsk", "zelenaya", "published",
         "Greenhouse worker, tomatoes and cucumbers",
         "Planting, tying and harvesting tomatoes and cucumbers in heated greenhouses near "
         "Lipetsk. Free hostel on the farm and a bus to the greenhouses.",
         "farm worker", ("greenhouse work", "harvesting"), "65000.00", positions=40,
         months=10),
    _Job("vegetables-season", "zelenaya", "published", "Сборщик овощей в теплице (сезон)",
         "Сезонная работа в тепличном комплексе под Липецком: сбор огурцов и томатов, "
         "сортировка и упаковка. Проживание бесплатно, питание за счёт работника.",
         "сборщик овощей", ("сбор урожая", "сортировка"), "60000.00", positions=35,
         months=8),
    _Job("seamstress-ivanovo", "ivtekstil", "published", "Швея на производство спецодежды",
         "Пошив спецодежды на промышленных машинах на фабрике в Иваново. Сдельная оплата с "
         "гарантированным минимумом, общежитие при фабрике.",
         "швея", ("промышленная швейная машина", "оверлок"), "65000.00", positions=15),
    _Job("sewing-linen", "ivtekstil", "published", "Sewing machine operator, bed linen line",
         "Sewing bed linen sets on a production line at a textile mill in Ivanovo. Training on "
         "the line for newcomers; hostel next to the mill.",
         "sewing machine operator", ("industrial sewing machines",), "60000.00",
         positions=20),
    _Job("farm-shymkent", "ontustik", "published", "Farm worker, cotton and vegetable fields",
         "Seasonal work on cotton and vegetable fields near Shymkent: weeding, irrigation and "
         "harvest. Housing on the farm and three meals a day free.",
         "farm worker", ("harvesting", "irrigation"), "200000.00", meals="free",
         positions=30, months=6),
    _Job("tractor-shymkent", "ontustik", "published", "Тракторист-машинист",
         "Вспашка, культивация и посев на тракторах МТЗ и John Deere в хозяйстве под "
         "Шымкентом. Нужно удостоверение тракториста, опыт от трёх лет.",
         "тракторист", ("трактор МТЗ", "посевная техника"), "300000.00", positions=4,
         months=8),
    _Job("truck-astana", "astanatrans", "published", "Long-haul truck driver (category CE)",
         "Driving tractor-trailers between Astana, Almaty and the Russian border. Category CE "
         "licence and two years of long-haul experience; per diem on the road.",
         "truck driver", ("category CE", "long-haul routes", "tachograph"), "550000.00",
         housing="paid", positions=10, russian="B1"),
    _Job("storekeeper-astana", "astanatrans", "published",
         "Кладовщик на распределительный центр",
         "Приёмка и выдача товара, учёт остатков в 1С на распределительном центре в Астане. "
         "Опыт работы на складе приветствуется.",
         "кладовщик", ("складской учёт", "1С"), "260000.00", positions=5, russian="B1"),
    _Job("welder-karaganda", "karsteel", "published", "Welder for steel structures",
         "Welding steel frames for warehouses and hangars at a plant in Karaganda. Manual arc "
         "and semi-automatic welding; a practical test on the first day.",
         "welder", ("manual arc welding", "MIG/MAG welding"), "480000.00", positions=8),
    # A warning, not a breach: the attaché may verify it once she writes why she accepts
    # a 44-hour week (Kazakhstan's limit is 40).
    _Job("shop-labourer", "karsteel", "submitted", "Разнорабочий в цех металлоконструкций",
         "Зачистка швов, покраска и погрузка металлоконструкций в цехе в Караганде. Пять "
         "смен по 8 часов и короткая смена в субботу; сверхурочные оплачиваются в полуторном "
         "размере.", "разнорабочий", ("зачистка", "покраска"), "190000.00", hours="44",
         positions=10),
    _Job("steel-fixer", "karsteel", "rejected", "Steel fixer, immediate start",
         "Tying reinforcement for foundations in Karaganda, start within a week. Workers pay "
         "for the visa support and the medical check themselves.",
         "steel fixer", ("rebar tying",), "150000.00", hours="56",
         fee=Money(amount=Decimal("50000.00"), currency="KZT"),
         reason="The worker would pay a 50,000 KZT fee and work 56 hours a week. Resubmit "
                "without the fee and within the 40-hour week."),
    # Osh Global Staffing, suspended: its published vacancies are hidden from search.
    _Job("monolith-podmoskovye", "podmoskovye", "published", "Монолитчик на стройку в Подмосковье",
         "Монолитные работы на строительстве жилых домов в Московской области. Проживание в "
         "бытовках на объекте.", "монолитчик", ("монолитные работы", "опалубка"),
         "90000.00", positions=20),
    _Job("road-labourer", "podmoskovye", "published", "Road construction labourer",
         "Laying kerbs and paving on road construction sites in Moscow Oblast.",
         "road worker", ("paving", "kerb laying"), "80000.00", positions=15),
)


# --- the migrants -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Migrant:
    key: str
    full_name: str
    born: str
    passport: str
    occupation: str
    skills: tuple[str, ...]
    experience: str
    languages: tuple[tuple[str, Level], ...]
    education: Literal["secondary", "vocational", "higher"]
    desired: tuple[str, ...]
    min_wage: Money | None
    phone: str
    prescreened: bool = True
    login: bool = False


MIGRANTS = (
    _Migrant("aibek", "Aibek Toktogulov", "1994-05-17", "AC2419871", "welder",
             ("MIG/MAG welding", "TIG welding", "reading drawings"), "6",
             (("ky", "native"), ("ru", "B2")), "vocational", ("RU", "KZ"),
             Money(amount=Decimal("100000.00"), currency="RUB"), "+996 555 123 401"),
    _Migrant("nurlan", "Nurlan Asanov", "1990-11-02", "AC3302218", "concrete worker",
             ("concrete", "formwork", "rebar tying"), "8", (("ky", "native"), ("ru", "B1")),
             "secondary", ("RU",), Money(amount=Decimal("80000.00"), currency="RUB"),
             "+996 700 482 915", login=True),
    _Migrant("gulzat", "Gulzat Abdyldaeva", "1986-02-23", "AC1187342", "caregiver",
             ("elderly care", "first aid", "cooking"), "5", (("ky", "native"), ("ru", "C1")),
             "vocational", ("RU",), None, "+996 772 310 554"),
    _Migrant("dilshod", "Dilshod Karimov", "1997-08-09", "AC4410963", "driver",
             ("category CE", "long-haul routes", "tachograph"), "4",
             (("uz", "native"), ("ky", "B2"), ("ru", "B1")), "secondary", ("KZ", "RU"),
             Money(amount=Decimal("400000.00"), currency="KZT"), "+996 555 907 226"),
    _Migrant("azamat", "Azamat Sadykov", "1999-04-30", "AC5528104", "farm worker",
             ("greenhouse work", "harvesting", "drip irrigation"), "2",
             (("ky", "native"), ("ru", "A2")), "secondary", ("RU", "KZ"), None,
             "+996 709 615 038"),
    _Migrant("firuza", "Firuza Nazarova", "1992-12-11", "AC2095517", "sewing machine operator",
             ("industrial sewing machines", "overlock", "pattern cutting"), "7",
             (("tg", "native"), ("ky", "B1"), ("ru", "B1")), "vocational", ("RU",), None,
             "+996 777 204 671"),
    _Migrant("sherzod", "Sherzod Yusupov", "1988-06-21", "AC3874429", "warehouse worker",
             ("order picking", "inventory counting"), "3", (("uz", "native"), ("ru", "B1")),
             "secondary", ("RU",), None, "+996 555 338 190"),
    _Migrant("meerim", "Meerim Bekova", "2001-09-15", "AC6601378", "housekeeper",
             ("room cleaning", "laundry"), "1",
             (("ky", "native"), ("ru", "A2"), ("en", "A2")), "secondary", ("RU", "KZ"), None,
             "+996 700 126 843", prescreened=False),
)

# migrant, vacancy, the stages the agency has moved the referral through
REFERRALS: tuple[tuple[str, str, tuple[ReferralStatus, ...]], ...] = (
    ("nurlan", "concrete-moscow", (ReferralStatus.INTERVIEWED, ReferralStatus.OFFERED,
                                   ReferralStatus.CONTRACT_SIGNED, ReferralStatus.DEPLOYED)),
    ("firuza", "seamstress-ivanovo", (ReferralStatus.INTERVIEWED, ReferralStatus.OFFERED,
                                      ReferralStatus.CONTRACT_SIGNED)),
    ("gulzat", "care-moscow", (ReferralStatus.INTERVIEWED, ReferralStatus.OFFERED)),
    ("dilshod", "truck-astana", (ReferralStatus.INTERVIEWED,)),
    ("azamat", "greenhouse-lipetsk", ()),
    ("sherzod", "picker-kazan", (ReferralStatus.REJECTED,)),
)
REFERRAL_REJECTION = "The employer took candidates with a forklift licence for this intake."


# --- the accounts -----------------------------------------------------------------------------

LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(Role.REGULATOR, REGULATOR_EMAIL, "Gulnara Toktosunova",
              "Ministry of Labour, Social Security and Migration",
              "review Pamir Employment's licence application"),
    DemoLogin(Role.ADMIN, f"admin@{DOMAIN}", "Demo Administrator", None,
              "create accounts for new staff"),
    DemoLogin(Role.AGENCY_STAFF, AGENCIES[0].email, AGENCIES[0].staff, AGENCIES[0].legal_name,
              "move Gulzat's referral on to a contract"),
    DemoLogin(Role.AGENCY_STAFF, AGENCIES[1].email, AGENCIES[1].staff, AGENCIES[1].legal_name,
              "make Dilshod an offer after his interview"),
    DemoLogin(Role.AGENCY_STAFF, AGENCIES[2].email, AGENCIES[2].staff, AGENCIES[2].legal_name,
              "a licence still under review"),
    DemoLogin(Role.AGENCY_STAFF, AGENCIES[3].email, AGENCIES[3].staff, AGENCIES[3].legal_name,
              "suspended: its jobs are hidden from search"),
    DemoLogin(Role.ATTACHE, f"attache.ru@{DOMAIN}", "Ermek Zhumabaev", MISSION_RU,
              "3 jobs waiting: verify the clean one, see why two cannot be"),
    DemoLogin(Role.ATTACHE, f"attache.kz@{DOMAIN}", "Cholpon Asanova", MISSION_KZ,
              "verify a 44-hour week with a reason, a resolved overtime case"),
    DemoLogin(Role.SETTLEMENT_BODY, f"settlement.ru@{DOMAIN}", "Irina Sokolova", BODY_RU,
              "decide Sherzod's unpaid-wages case"),
    DemoLogin(Role.CENTRE_STAFF, f"centre@{DOMAIN}", "Aizada Mamatova", CENTRE,
              "search jobs for Aibek, the welder, and refer him"),
    DemoLogin(Role.MIGRANT, f"migrant@{DOMAIN}", "Nurlan Asanov", None,
              "your job in Moscow and your wage dispute"),
)


def _login(email: str) -> DemoLogin:
    return next(login for login in LOGINS if login.email == email)


# --- seeding -----------------------------------------------------------------------------------


async def demo_state(uow: UnitOfWork) -> Literal["absent", "present", "occupied"]:
    """Whether the demo is there, the database is empty, or it holds accounts of its own."""
    # A read, and only of accounts: core.users has no lookup by e-mail or count yet.
    row = await uow.conn.fetchrow(
        "SELECT EXISTS (SELECT 1 FROM app_user) AS any_user, "
        "EXISTS (SELECT 1 FROM app_user WHERE lower(email) = $1) AS demo",
        REGULATOR_EMAIL,
    )
    assert row is not None
    if row["demo"]:
        return "present"
    return "occupied" if row["any_user"] else "absent"


async def seed_demo(uow: UnitOfWork, *, settings: Settings) -> DemoResult:
    """Seed the demo world into a database without accounts; the caller commits. A database
    with the demo gets nothing more; one with accounts of its own is left alone."""
    await uow.conn.execute("SELECT pg_advisory_xact_lock($1)", _SEED_LOCK)
    state = await demo_state(uow)
    if state == "present":
        return DemoResult("present", LOGINS)
    if state == "occupied":
        return DemoResult("skipped", ())
    await _World(uow, settings).build()
    return DemoResult("seeded", LOGINS)


def format_logins(logins: tuple[DemoLogin, ...], *, password: str, base_url: str) -> str:
    """The demo accounts as a small table for the terminal."""
    rows = [("role", "e-mail", "password", "try first")]
    rows += [(_ROLE_NAMES.get(login.role, login.role), login.email, password, login.try_first)
             for login in logins]
    rows.append(("anyone", "(no sign-in)", "", "search jobs at /jobs, check a licence"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    rule = tuple("-" * width for width in widths)
    lines = [f"Demo accounts: sign in at {base_url}/login"]
    for row in (rows[0], rule, *rows[1:]):
        lines.append("  " + "  ".join(cell.ljust(width)
                                      for cell, width in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


_ROLE_NAMES: dict[str, str] = {
    Role.REGULATOR: "regulator", Role.ADMIN: "administrator", Role.AGENCY_STAFF: "agency staff",
    Role.ATTACHE: "labour attaché", Role.SETTLEMENT_BODY: "settlement body",
    Role.CENTRE_STAFF: "centre staff", Role.MIGRANT: "migrant",
}


@dataclass
class _World:
    uow: UnitOfWork
    settings: Settings
    today: date = field(default_factory=utc_today)
    people: dict[str, Principal] = field(default_factory=dict)  # by e-mail
    agencies: dict[str, int] = field(default_factory=dict)
    licences: dict[str, int] = field(default_factory=dict)
    employers: dict[str, int] = field(default_factory=dict)
    employer_country: dict[str, str] = field(default_factory=dict)
    vacancies: dict[str, int] = field(default_factory=dict)
    migrants: dict[str, int] = field(default_factory=dict)
    referrals: dict[str, int] = field(default_factory=dict)
    missions: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, int] = field(default_factory=dict)
    centre_id: int = 0

    async def build(self) -> None:
        await self._officials()
        await self._missions_and_bodies()
        await self._minimum_wages()
        await self._agencies()
        await self._employers()
        await self._vacancies()
        await self._suspend()
        await self._centre_and_migrants()
        await self._referrals()
        await self._disputes()

    # -- accounts

    async def _account(self, email: str, *, actor: Principal, **binding: int) -> Principal:
        login = _login(email)
        user_id = await create_user(self.uow.conn, email=email, full_name=login.full_name,
                                    password=self.settings.demo_password, role=login.role,
                                    **binding)
        await audit.record(self.uow.conn, actor=actor, entity_type="user", entity_id=user_id,
                           agency_id=binding.get("agency_id"), action="create",
                           data={"email": email, "role": str(login.role)})
        return await self._principal(email, user_id)

    async def _principal(self, email: str, user_id: int) -> Principal:
        principal = await principal_for(self.uow.conn, user_id)
        assert principal is not None
        self.people[email] = principal
        return principal

    def _who(self, email: str) -> Principal:
        return self.people[email]

    @property
    def admin(self) -> Principal:
        return self._who(f"admin@{DOMAIN}")

    @property
    def regulator(self) -> Principal:
        return self._who(REGULATOR_EMAIL)

    async def _officials(self) -> None:
        seed = Principal(user_id=None, role=PseudoRole.SYSTEM, label="demo seed")
        await self._account(f"admin@{DOMAIN}", actor=seed)
        await self._account(REGULATOR_EMAIL, actor=self.admin)

    # -- missions, settlement bodies and routing

    async def _missions_and_bodies(self) -> None:
        uow, admin = self.uow, self.admin
        moscow = await attache_service.register_mission(
            uow, name=MISSION_RU, sending_country="KG", country="RU", regions=[],
            address="64 Bolshaya Ordynka Street, Moscow 119017", email=f"moscow@{DOMAIN}",
            phone="+7 495 237 4601", actor=admin)
        almaty = await attache_service.register_mission(
            uow, name=MISSION_KZ, sending_country="KG", country="KZ", regions=[],
            address="30a Lugansky Street, Almaty 050051", email=f"almaty@{DOMAIN}",
            phone="+7 727 264 2120", actor=admin)
        self.missions = {"RU": int(moscow["id"]), "KZ": int(almaty["id"])}
        await self._account(f"attache.ru@{DOMAIN}", actor=admin, mission_id=self.missions["RU"])
        await self._account(f"attache.kz@{DOMAIN}", actor=admin, mission_id=self.missions["KZ"])

        every_kind = [kind.value for kind in DisputeKind]
        for key, name, country, regions, address, phone in (
            ("RU", BODY_RU, "RU", [], "1 Birzhevaya Square, Moscow 109012",
             "+7 495 531 7400"),
            ("moscow", BODY_MOSCOW, "RU", ["Moscow"], "4 Talalikhina Street, Moscow 109316",
             "+7 495 276 0412"),
            ("KZ", BODY_KZ, "KZ", [], "8 Mangilik El Avenue, Astana 010000",
             "+7 7172 74 3101"),
        ):
            body = await attache_service.register_settlement_body(
                uow, name=name, country=country, kind="labour_inspectorate", regions=regions,
                dispute_kinds=every_kind, address=address, email=None, phone=phone,
                actor=admin)
            self.bodies[key] = int(body["id"])
        await self._account(f"settlement.ru@{DOMAIN}", actor=admin,
                            settlement_body_id=self.bodies["RU"])

        for country, name in (("RU", "Russia: every case to the Moscow office"),
                              ("KZ", "Kazakhstan: every case to the Almaty office")):
            await disputes_service.create_rule(uow, actor=self.regulator, data=RoutingRuleIn(
                name=name, country=country, mission_id=self.missions[country]))

    async def _minimum_wages(self) -> None:
        for country, currency, amount in (("RU", "RUB", "27093.00"), ("KZ", "KZT", "85000.00")):
            await vacancy_service.set_minimum_wage(
                self.uow, country=country, currency=currency, actor=self.regulator,
                data=MinimumWageIn(monthly_amount=Decimal(amount),
                                   max_weekly_hours=Decimal(40)))

    # -- agencies and their licences

    async def _agencies(self) -> None:
        for spec in AGENCIES:
            registration = AgencyRegistration(
                legal_name=spec.legal_name, registration_number=spec.registration_number,
                country=spec.country, address=spec.address,
                email=f"office.{spec.key}@{DOMAIN}", phone=spec.phone,
                website=HttpUrl(spec.website),
                people=[PersonIn(full_name=name, role=role,
                                 date_of_birth=date.fromisoformat(born),
                                 document_country=doc_country, document_number=doc)
                        for name, role, born, doc_country, doc in spec.people],
                account=AccountIn(email=spec.email, full_name=spec.staff,
                                  password=self.settings.demo_password),
            )
            applicant = Principal(user_id=None, role=PseudoRole.APPLICANT,
                                  label=f"{spec.staff} <{spec.email}>")
            registered = await registry_service.register_agency(
                self.uow, data=registration, actor=applicant)
            self.agencies[spec.key] = registered.agency.id
            staff = await self._principal(spec.email, registered.user_id)
            licence = await registry_service.apply_for_licence(
                self.uow, agency_id=registered.agency.id, actor=staff, today=self.today,
                application=LicenceApplicationIn(countries=list(spec.countries),
                                                 deposit=spec.deposit))
            self.licences[spec.key] = licence.id
            actions = [LicenceAction.START_REVIEW]
            if spec.licence != "under_review":
                actions.append(LicenceAction.GRANT)
            for action in actions:
                await registry_service.transition_licence(
                    self.uow, licence_id=licence.id, actor=self.regulator, today=self.today,
                    command=TransitionIn(action=action, reason=_LICENCE_REASONS[action]))

    async def _suspend(self) -> None:
        # After its vacancies were published, so the demo shows what a suspension hides.
        for spec in AGENCIES:
            if spec.licence == "suspended":
                await registry_service.transition_licence(
                    self.uow, licence_id=self.licences[spec.key], actor=self.regulator,
                    today=self.today, command=TransitionIn(action=LicenceAction.SUSPEND,
                                                           reason=SUSPENSION_REASON))

    # -- employers and vacancies

    def _staff_of(self, agency_key: str) -> Principal:
        spec = next(a for a in AGENCIES if a.key == agency_key)
        return self._who(spec.email)

    async def _employers(self) -> None:
        for key, agency_key, name, country, city, number, verified in EMPLOYERS:
            employer = await vacancy_service.register_employer(
                self.uow, actor=self._staff_of(agency_key), today=self.today,
                data=EmployerIn(name=name, country=country, city=city,
                                registration_number=number))
            self.employers[key] = employer.id
            self.employer_country[key] = country
            if verified:
                await vacancy_service.decide_employer(
                    self.uow, employer_id=employer.id, verified=True, reason=None,
                    actor=self._attache(country), today=self.today)

    def _attache(self, country: str) -> Principal:
        return self._who(f"attache.{country.lower()}@{DOMAIN}")

    async def _vacancies(self) -> None:
        agency_of = {key: agency for key, agency, *_ in EMPLOYERS}
        city_of = {key: city for key, _, _, _, city, *_ in EMPLOYERS}
        currency = {"RU": "RUB", "KZ": "KZT"}
        for job in JOBS:
            country = self.employer_country[job.employer]
            staff = self._staff_of(agency_of[job.employer])
            attache = self._attache(country)
            vacancy = await vacancy_service.create_vacancy(
                self.uow, actor=staff, today=self.today, data=VacancyIn(
                    employer_id=self.employers[job.employer], external_ref=job.key,
                    title=job.title, description=job.description, occupation=job.occupation,
                    skills=list(job.skills),
                    languages=[LanguageLevel(code="ru", level=job.russian)],
                    country=country, city=city_of[job.employer],
                    wage=Wage(amount=Decimal(job.amount), currency=currency[country],
                              period=job.period),
                    hours_per_week=Decimal(job.hours), housing=job.housing, meals=job.meals,
                    contract_months=job.months, positions=job.positions, worker_fee=job.fee,
                    closing_date=self.today + timedelta(days=job.closes_in)))
            self.vacancies[job.key] = vacancy.id
            for who, action in _VACANCY_PATHS[job.status]:
                await vacancy_service.transition_vacancy(
                    self.uow, vacancy_id=vacancy.id, actor=staff if who == "agency" else attache,
                    today=self.today, command=VacancyTransitionIn(
                        action=action,
                        reason=job.reason if action == VacancyAction.REJECT else None))

    # -- the centre, its migrants and their referrals

    async def _centre_and_migrants(self) -> None:
        centre = await centre_service.create_centre(
            self.uow, name=CENTRE, country="KG", city="Bishkek", actor=self.admin)
        self.centre_id = int(str(centre["id"]))
        staff = await self._account(f"centre@{DOMAIN}", actor=self.admin,
                                    centre_id=self.centre_id)
        migrant_login = _login(f"migrant@{DOMAIN}")
        for spec in MIGRANTS:
            migrant = await migrant_service.register_migrant(self.uow, actor=staff, data=MigrantIn(
                consent=True, consent_version=self.settings.consent_version,
                full_name=spec.full_name, date_of_birth=date.fromisoformat(spec.born),
                phone=spec.phone, email=migrant_login.email if spec.login else None,
                password=self.settings.demo_password if spec.login else None,
                citizenship="KG", passport_number=spec.passport, occupation=spec.occupation,
                skills=list(spec.skills), experience_years=Decimal(spec.experience),
                languages=[LanguageLevel(code=code, level=level)
                           for code, level in spec.languages],
                education=spec.education, desired_countries=list(spec.desired),
                min_wage=spec.min_wage))
            self.migrants[spec.key] = migrant.id
            if spec.login:
                assert migrant.user_id is not None
                await self._principal(migrant_login.email, migrant.user_id)
            await migrant_service.record_prescreening(
                self.uow, migrant_id=migrant.id, actor=staff, checks=PrescreeningIn(
                    passport_valid=True, medical_check=spec.prescreened,
                    orientation_done=True, skills_test_passed=spec.prescreened))

    async def _referrals(self) -> None:
        centre = self._who(f"centre@{DOMAIN}")
        agency_of = {key: agency for key, agency, *_ in EMPLOYERS}
        employer_of = {job.key: job.employer for job in JOBS}
        for migrant, job, stages in REFERRALS:
            referral = await referral_service.refer_migrant(
                self.uow, actor=centre, today=self.today, data=ReferralIn(
                    migrant_id=self.migrants[migrant], vacancy_id=self.vacancies[job]))
            self.referrals[migrant] = referral.id
            staff = self._staff_of(agency_of[employer_of[job]])
            for stage in stages:
                await referral_service.transition_referral(
                    self.uow, referral_id=referral.id, actor=staff, today=self.today,
                    command=ReferralTransitionIn(
                        status=stage,
                        reason=REFERRAL_REJECTION if stage == ReferralStatus.REJECTED
                        else None))

    # -- disputes at every stage

    async def _file(self, actor: Principal, data: DisputeIn) -> int:
        case = await disputes_service.file_dispute(
            self.uow, data=data, actor=actor, now=datetime.now(UTC), today=self.today)
        return case.id

    async def _step(self, dispute_id: int, actor: Principal, action: DisputeAction,
                    **command: Any) -> None:
        await disputes_service.transition_dispute(
            self.uow, dispute_id=dispute_id, actor=actor, now=datetime.now(UTC),
            today=self.today,
            command=DisputeTransitionIn(action=action, confirm=True, **command))

    async def _disputes(self) -> None:
        centre = self._who(f"centre@{DOMAIN}")
        migrant = self._who(f"migrant@{DOMAIN}")
        ru, kz = self._attache("RU"), self._attache("KZ")

        # Just filed: routed at once to the attaché in Moscow, who has not acknowledged it.
        await self._file(centre, DisputeIn(
            kind=DisputeKind.RECRUITMENT_FEES, migrant_id=self.migrants["meerim"],
            agency_id=self.agencies["osh"], country="RU", region="Moscow",
            claimed=Money(amount=Decimal("35000.00"), currency="KGS"),
            description="Osh Global Staffing took 35,000 som from Meerim in cash as a 'visa "
                        "and ticket fee' for a hotel job in Moscow. No contract or receipt was "
                        "given, and the departure has been postponed twice.",
            reported_terms=ReportedTermsIn(
                fee_paid=Money(amount=Decimal("35000.00"), currency="KGS"))))

        # Acknowledged: filed by the migrant himself about the job he was placed in.
        acknowledged = await self._file(migrant, DisputeIn(
            kind=DisputeKind.WAGES_BELOW_CONTRACT, referral_id=self.referrals["nurlan"],
            country="RU", region="Moscow",
            claimed=Money(amount=Decimal("105000.00"), currency="RUB"),
            description="The contract says 95,000 roubles a month for a 40-hour week. For "
                        "three months I have been paid 60,000 a month, and we work ten hours "
                        "a day, six days a week.",
            reported_terms=ReportedTermsIn(
                wage=ReportedWage(amount=Decimal("60000.00"), currency="RUB", period="month"),
                hours_per_week=Decimal(60), housing="free", meals="paid")))
        await self._step(acknowledged, ru, DisputeAction.ACKNOWLEDGE)

        # Referred: mediation failed, so the case went to the settlement body.
        referred = await self._file(centre, DisputeIn(
            kind=DisputeKind.UNPAID_WAGES, migrant_id=self.migrants["sherzod"],
            agency_id=self.agencies["osh"], employer_name="Podmoskovye Builders LLC",
            employer_registration_number="1195081044332", country="RU",
            region="Moscow Oblast", claimed=Money(amount=Decimal("160000.00"), currency="RUB"),
            description="Sherzod worked two months on a Podmoskovye Builders site in Moscow "
                        "Oblast, recruited by Osh Global Staffing. He was paid nothing for "
                        "October and November, and the site manager kept his passport 'for "
                        "registration' until he left."))
        await self._step(referred, ru, DisputeAction.ACKNOWLEDGE)
        await self._step(referred, ru, DisputeAction.START_MEDIATION)
        await self._step(referred, ru, DisputeAction.REFER,
                         reason="The employer did not come to two mediation meetings.")

        # Resolved in mediation, with an award and a finding against the employer.
        resolved = await self._file(kz, DisputeIn(
            kind=DisputeKind.EXCESSIVE_HOURS, vacancy_id=self.vacancies["farm-shymkent"],
            country="KZ", region="Turkestan Region",
            claimed=Money(amount=Decimal("180000.00"), currency="KZT"),
            complainant=ComplainantIn(full_name="Ulan Mamytov", phone="+996 555 471 902"),
            description="Ulan came to the Almaty office: on the farm near Shymkent the team "
                        "works twelve hours a day in the harvest, and the overtime is not "
                        "paid.",
            reported_terms=ReportedTermsIn(
                wage=ReportedWage(amount=Decimal("200000.00"), currency="KZT", period="month"),
                hours_per_week=Decimal(72), housing="free", meals="free")))
        await self._step(resolved, kz, DisputeAction.ACKNOWLEDGE)
        await self._step(resolved, kz, DisputeAction.START_MEDIATION)
        await self._step(resolved, kz, DisputeAction.RESOLVE, outcome=OutcomeIn(
            summary="In mediation the employer agreed to pay 120,000 KZT for the unpaid "
                    "overtime and to keep to the 40-hour week for the rest of the season.",
            awarded=Money(amount=Decimal("120000.00"), currency="KZT"),
            payable_by="employer",
            findings=[FindingIn(against="employer", summary="About 30 hours of overtime a "
                                "week were worked during the harvest without pay.")]))


_LICENCE_REASONS: dict[LicenceAction, str | None] = {
    LicenceAction.START_REVIEW: None,
    LicenceAction.GRANT: "Documents, premises and the security deposit checked by the "
                         "licensing board.",
}

_VACANCY_PATHS: dict[str, tuple[tuple[str, VacancyAction], ...]] = {
    VacancyStatus.DRAFT: (),
    VacancyStatus.SUBMITTED: (("agency", VacancyAction.SUBMIT),),
    VacancyStatus.VERIFIED: (("agency", VacancyAction.SUBMIT),
                             ("attache", VacancyAction.VERIFY)),
    VacancyStatus.REJECTED: (("agency", VacancyAction.SUBMIT),
                             ("attache", VacancyAction.REJECT)),
    VacancyStatus.PUBLISHED: (("agency", VacancyAction.SUBMIT),
                              ("attache", VacancyAction.VERIFY),
                              ("agency", VacancyAction.PUBLISH)),
}
