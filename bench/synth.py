"""Realistic synthetic vacancies for benchmarks: occupations, cities, wages and adverts
in English and Russian, reproducible from a seed."""

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


OCCUPATIONS = [
    Occupation("welder", "сварщик", ("MIG welding", "TIG welding", "reading drawings"),
               ("сварка MIG", "сварка TIG", "чтение чертежей"),
               ("welding steel structures", "repairing pipelines", "assembling metal frames"),
               ("сварка металлоконструкций", "ремонт трубопроводов", "сборка каркасов")),
    Occupation("electrician", "электрик", ("wiring", "switchboards", "safety rules"),
               ("электромонтаж", "щитовое оборудование", "техника безопасности"),
               ("installing wiring in new buildings", "maintaining switchboards"),
               ("монтаж проводки в новостройках", "обслуживание электрощитов")),
    Occupation("concrete worker", "бетонщик", ("concrete", "formwork", "reinforcement"),
               ("бетон", "опалубка", "армирование"),
               ("pouring concrete on building sites", "setting up formwork"),
               ("заливка бетона на стройке", "установка опалубки")),
    Occupation("bricklayer", "каменщик", ("bricklaying", "masonry", "plastering"),
               ("кладка кирпича", "каменная кладка", "штукатурка"),
               ("laying bricks for residential houses", "building partition walls"),
               ("кладка кирпича в жилых домах", "возведение перегородок")),
    Occupation("truck driver", "водитель грузовика", ("category C licence", "tachograph",
                                                      "cargo securing"),
               ("права категории C", "тахограф", "крепление груза"),
               ("long-haul freight delivery", "driving between warehouses"),
               ("междугородние грузоперевозки", "перевозки между складами")),
    Occupation("warehouse worker", "работник склада", ("order picking", "forklift", "scanner"),
               ("комплектация заказов", "погрузчик", "сканер штрихкодов"),
               ("picking and packing orders", "loading and unloading trucks"),
               ("сборка и упаковка заказов", "погрузка и разгрузка машин")),
    Occupation("cook", "повар", ("hot kitchen", "food hygiene", "menu preparation"),
               ("горячий цех", "санитарные нормы", "приготовление по меню"),
               ("cooking for a staff canteen", "preparing dishes in a restaurant"),
               ("приготовление блюд в столовой", "работа на кухне ресторана")),
    Occupation("cleaner", "уборщик", ("cleaning equipment", "disinfection"),
               ("уборочная техника", "дезинфекция"),
               ("cleaning offices and shopping centres", "cleaning hotel rooms"),
               ("уборка офисов и торговых центров", "уборка гостиничных номеров")),
    Occupation("caregiver", "сиделка", ("elderly care", "first aid", "patience"),
               ("уход за пожилыми", "первая помощь", "терпение"),
               ("caring for elderly people at home", "helping patients with daily needs"),
               ("уход за пожилыми людьми на дому", "помощь пациентам в быту")),
    Occupation("farm worker", "сельхозрабочий", ("harvesting", "greenhouse work", "irrigation"),
               ("сбор урожая", "работа в теплице", "полив"),
               ("picking vegetables in greenhouses", "harvesting fruit in orchards"),
               ("сбор овощей в теплицах", "сбор фруктов в садах")),
    Occupation("sewing machine operator", "швея", ("industrial sewing machines", "overlock"),
               ("промышленные швейные машины", "оверлок"),
               ("sewing workwear at a garment factory", "tailoring uniforms"),
               ("пошив спецодежды на фабрике", "пошив униформы")),
    Occupation("plumber", "сантехник", ("pipe fitting", "heating systems", "water supply"),
               ("монтаж труб", "системы отопления", "водоснабжение"),
               ("installing heating and water pipes", "repairing plumbing in apartments"),
               ("монтаж отопления и водопровода", "ремонт сантехники в квартирах")),
    Occupation("car mechanic", "автослесарь", ("engine repair", "diagnostics", "brakes"),
               ("ремонт двигателей", "диагностика", "тормозные системы"),
               ("repairing cars in a service centre", "servicing trucks"),
               ("ремонт автомобилей в автосервисе", "обслуживание грузовиков")),
    Occupation("security guard", "охранник", ("patrolling", "video surveillance"),
               ("патрулирование", "видеонаблюдение"),
               ("guarding a construction site", "access control at a business centre"),
               ("охрана строительного объекта", "пропускной режим в бизнес-центре")),
    Occupation("meat processing worker", "обвальщик мяса", ("meat cutting", "knife skills"),
               ("обвалка мяса", "работа с ножом"),
               ("cutting meat at a processing plant", "packing meat products"),
               ("обвалка мяса на мясокомбинате", "упаковка мясной продукции")),
    Occupation("courier", "курьер", ("navigation apps", "bicycle", "customer service"),
               ("навигатор", "велосипед", "вежливость"),
               ("delivering food orders", "delivering parcels in the city"),
               ("доставка заказов еды", "доставка посылок по городу")),
]

PLACES: dict[str, tuple[str, tuple[str, ...], int]] = {
    # country: (currency, cities, typical monthly wage)
    "RU": ("RUB", ("Moscow", "Saint Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg",
                   "Krasnodar", "Tyumen", "Surgut"), 95_000),
    "KZ": ("KZT", ("Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe"), 350_000),
    "TR": ("TRY", ("Istanbul", "Antalya", "Ankara"), 30_000),
    "AE": ("AED", ("Dubai", "Abu Dhabi", "Sharjah"), 3_000),
    "KR": ("KRW", ("Seoul", "Busan", "Incheon"), 2_300_000),
    "GB": ("GBP", ("London", "Leeds", "Kent"), 2_100),
}

_INTRO_EN = ("We are hiring", "Urgently required", "Join our team as", "Vacancy:",
             "Looking for an experienced")
_INTRO_RU = ("Требуется", "Срочно нужен", "Приглашаем на работу:", "Вакансия:",
             "Ищем опытного")
_PERKS_EN = ("Free accommodation in a hostel.", "Meals provided.", "Transport to work.",
             "Official contract and insurance.", "Overtime paid.")
_PERKS_RU = ("Бесплатное проживание в общежитии.", "Питание предоставляется.",
             "Доставка до работы.", "Официальный договор и страховка.",
             "Переработки оплачиваются.")


def vacancy(rng: random.Random, n: int, *, today: date) -> dict[str, Any]:
    """One advert, Russian or English, with its structured terms."""
    occupation = rng.choice(OCCUPATIONS)
    country = rng.choice(list(PLACES))
    currency, cities, typical = PLACES[country]
    city = rng.choice(cities)
    russian = country in ("RU", "KZ") and rng.random() < 0.6
    duty = rng.choice(occupation.duties_ru if russian else occupation.duties_en)
    perks = " ".join(rng.sample(_PERKS_RU if russian else _PERKS_EN, 2))
    if russian:
        title = f"{occupation.ru.capitalize()} ({city})"
        description = f"{rng.choice(_INTRO_RU)} {occupation.ru}. {duty.capitalize()}. {perks}"
        skills = list(rng.sample(occupation.skills_ru, min(2, len(occupation.skills_ru))))
    else:
        title = f"{occupation.en.capitalize()} in {city}"
        description = f"{rng.choice(_INTRO_EN)} {occupation.en}. {duty.capitalize()}. {perks}"
        skills = list(rng.sample(occupation.skills_en, min(2, len(occupation.skills_en))))
    wage = Decimal(int(typical * rng.uniform(0.8, 1.6) / 10) * 10)
    return {
        "n": n,
        "title": title,
        "description": description,
        "occupation": occupation.en,
        "skills": skills,
        "languages": [{"code": "ru", "level": rng.choice(["A2", "B1"])}]
        if country in ("RU", "KZ") else [{"code": "en", "level": "A2"}],
        "country": country,
        "city": city,
        "wage_amount": wage,
        "wage_currency": currency,
        "hours_per_week": Decimal(rng.choice([40, 40, 44, 48])),
        "closing_date": today + timedelta(days=rng.randint(30, 180)),
    }


QUERIES = [
    "welder with experience", "сварщик на стройку", "construction job with housing",
    "работа на складе", "truck driver category C", "водитель грузовика",
    "cook in a canteen", "уборка офисов", "care for elderly people", "сиделка",
    "greenhouse vegetables", "сбор урожая", "sewing factory work", "швея на фабрику",
    "plumber heating", "сантехник", "car repair mechanic", "security guard night shifts",
    "meat processing plant", "courier delivery by bicycle", "electrician wiring",
    "бетонщик", "bricklayer masonry", "warehouse forklift", "job in Dubai",
]
