"""Shared setup for the vacancy and import tests: attachés, employers, vacancies in any state."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from tests.conftest import (
    PASSWORD,
    Agency,
    act,
    apply,
    bearer,
    register_agency,
    token_for,
    unique,
)


async def attache(client: httpx.AsyncClient, admin: dict[str, str], country: str = "RU"
                  ) -> dict[str, str]:
    """A labour attaché of a new mission in `country`, signed in."""
    mission = await client.post("/admin/missions", headers=admin, json={
        "name": unique("Mission "), "sending_country": "KG", "country": country})
    assert mission.status_code == 201, mission.text
    email = f"{unique('attache-')}@example.org"
    user = await client.post("/admin/users", headers=admin, json={
        "email": email, "full_name": "Labour Attache", "password": PASSWORD,
        "role": "attache", "mission_id": mission.json()["id"]})
    assert user.status_code == 201, user.text
    return bearer(await token_for(client, email))


async def user_with_role(client: httpx.AsyncClient, admin: dict[str, str], role: str
                         ) -> dict[str, str]:
    """A signed-in centre worker, migrant or settlement body member."""
    binding: dict[str, Any] = {}
    if role == "centre_staff":
        centre = await client.post("/admin/centres", headers=admin, json={
            "name": unique("Centre "), "country": "KG", "city": "Osh"})
        binding = {"centre_id": centre.json()["id"]}
    elif role == "settlement_body":
        body = await client.post("/admin/settlement-bodies", headers=admin, json={
            "name": unique("Body "), "country": "RU"})
        binding = {"settlement_body_id": body.json()["id"]}
    email = f"{unique(role + '-')}@example.org"
    user = await client.post("/admin/users", headers=admin, json={
        "email": email, "full_name": f"Test {role}", "password": PASSWORD, "role": role,
        **binding})
    assert user.status_code == 201, user.text
    return bearer(await token_for(client, email))


async def licensed_agency(client: httpx.AsyncClient, regulator: dict[str, str],
                          countries: list[str]) -> tuple[Agency, dict[str, Any]]:
    """An agency whose active licence covers exactly `countries`."""
    agency = await register_agency(client)
    licence = await apply(client, agency, countries)
    for action in ("start_review", "grant"):
        response = await act(client, regulator, licence["id"], action)
        assert response.status_code == 200, response.text
    return agency, response.json()


async def employer(client: httpx.AsyncClient, agency: Agency, country: str = "RU",
                   **over: Any) -> dict[str, Any]:
    response = await client.post("/employers", headers=agency.headers, json={
        "name": f"Stroy Invest {unique()}", "country": country, "city": "Moscow",
        "registration_number": unique("OGRN-"), **over})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def vacancy_body(employer_id: int, country: str = "RU", **over: Any) -> dict[str, Any]:
    return {
        "employer_id": employer_id,
        "title": f"Concrete worker {unique()}",
        "description": "Pouring and finishing concrete on residential building sites.",
        "occupation": "concrete worker",
        "skills": ["concrete", "formwork"],
        "languages": [{"code": "ru", "level": "A2"}],
        "country": country,
        "city": "Moscow",
        "wage": {"amount": "90000.00", "currency": "RUB", "period": "month"},
        "hours_per_week": "40",
        "housing": "free",
        "meals": "paid",
        "contract_months": 12,
        "positions": 5,
        "closing_date": str(date.today() + timedelta(days=60)),
        **over,
    }


async def draft(client: httpx.AsyncClient, agency: Agency, employer_id: int,
                **over: Any) -> dict[str, Any]:
    response = await client.post("/vacancies", headers=agency.headers,
                                 json=vacancy_body(employer_id, **over))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


# An attaché's reason for every warning a vacancy may carry; a reason for a warning the
# vacancy does not have is not recorded.
ACKNOWLEDGE_ALL = {
    "minimum_wage_unknown": "the wage was checked against the sector agreement",
    "hours_over_limit": "overtime is paid at time and a half under the collective agreement",
    "near_duplicate": "a second site of the same employer, hiring separately",
    "worker_pays_fee": "the fee is allowed in the origin country and refunded on arrival",
}


async def move(client: httpx.AsyncClient, headers: dict[str, str], vacancy_id: int,
               action: str, reason: str | None = "as agreed with the employer",
               **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {"action": action, **extra}
    if action == "verify":
        body.setdefault("acknowledgements", ACKNOWLEDGE_ALL)
    if reason is not None:
        body["reason"] = reason
    return await client.post(f"/vacancies/{vacancy_id}/transitions", json=body,
                             headers=headers)


async def moved(client: httpx.AsyncClient, headers: dict[str, str], vacancy_id: int,
                action: str) -> dict[str, Any]:
    response = await move(client, headers, vacancy_id, action)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# The path to each state, and who takes each step ("agency" or "attache").
PATHS: dict[str, list[tuple[str, str]]] = {
    "draft": [],
    "submitted": [("agency", "submit")],
    "verified": [("agency", "submit"), ("attache", "verify")],
    "rejected": [("agency", "submit"), ("attache", "reject")],
    "published": [("agency", "submit"), ("attache", "verify"), ("agency", "publish")],
    "filled": [("agency", "submit"), ("attache", "verify"), ("agency", "publish"),
               ("agency", "fill")],
    "closed": [("agency", "close")],
}


async def vacancy_in(client: httpx.AsyncClient, state: str, *, agency: Agency,
                     attache_headers: dict[str, str], employer_id: int, **over: Any
                     ) -> dict[str, Any]:
    """A new vacancy brought to `state` through the API."""
    vacancy = await draft(client, agency, employer_id, **over)
    for who, action in PATHS[state]:
        headers = agency.headers if who == "agency" else attache_headers
        vacancy = await moved(client, headers, vacancy["id"], action)
    assert vacancy["status"] == state
    return vacancy


# Two towns with adverts of the same five occupations, written in English in one and in
# Russian in the other. Searched with the town's filter, a query must find its occupation
# through meaning alone, in the other language.
LANGUAGE_TOWNS: dict[str, dict[str, dict[str, Any]]] = {
    "english": {
        "welder": dict(
            title="MIG/TIG welder", occupation="welder",
            skills=["MIG welding", "TIG welding", "reading drawings"],
            description="Welding steel structures and pipework at a construction site. "
                        "Hostel and meals provided, overtime paid."),
        "cook": dict(
            title="Cook for a works canteen", occupation="cook",
            skills=["hot dishes", "soups", "baking"],
            description="Cooking soups, hot dishes and pastries for the workers' canteen of "
                        "a factory. Meals and accommodation provided by the employer."),
        "nurse": dict(
            title="Staff nurse", occupation="nurse",
            skills=["patient care", "injections", "medical records"],
            description="Registered nurse for a hospital ward: caring for patients, giving "
                        "injections and medicines, keeping records. Night shifts."),
        "seamstress": dict(
            title="Sewing machine operator", occupation="sewing machine operator",
            skills=["industrial sewing machines", "garment assembly"],
            description="Sewing workwear on industrial sewing machines in a garment "
                        "factory. Piece-rate pay, hostel provided."),
        "taxi driver": dict(
            title="Taxi driver with a company car", occupation="taxi driver",
            skills=["category B licence", "navigation apps"],
            description="Driving a company car for a taxi fleet, 12-hour shifts, fuel and "
                        "car washes paid by the fleet."),
    },
    "russian": {
        "welder": dict(
            title="Сварщик-аргонщик (TIG)", occupation="сварщик",
            skills=["аргонодуговая сварка", "сварка нержавейки", "чтение чертежей"],
            description="Аргонодуговая сварка трубопроводов из нержавеющей стали на "
                        "монтаже. Вахта 60/30, проживание и питание бесплатно."),
        "cook": dict(
            title="Повар в заводскую столовую", occupation="повар",
            skills=["приготовление первых и вторых блюд", "выпечка"],
            description="Готовить первые и вторые блюда для рабочих столовой завода, "
                        "выпечка, заготовки. Питание и проживание за счёт работодателя."),
        "nurse": dict(
            title="Медицинская сестра в больницу", occupation="медсестра",
            skills=["уход за пациентами", "уколы", "капельницы"],
            description="Медицинская сестра в отделение городской больницы: уход за "
                        "больными, уколы и капельницы, ведение документации. Ночные смены."),
        "seamstress": dict(
            title="Швея на пошив спецодежды", occupation="швея",
            skills=["работа на швейной машине", "пошив"],
            description="Пошив спецодежды на швейной фабрике, работа на промышленных "
                        "швейных машинах, оплата сдельная, общежитие."),
        "taxi driver": dict(
            title="Водитель такси на автомобиль парка", occupation="водитель такси",
            skills=["права категории B", "навигатор"],
            description="Работа водителем такси на автомобиле таксопарка, смены по 12 "
                        "часов, бензин и мойка за счёт парка."),
    },
}

# (what is typed, in which language, the town, the occupation it must find first): a
# Russian query among English adverts, an English one among Russian adverts, and Uzbek and
# Kyrgyz, in which no advert is written.
LANGUAGE_QUERIES: list[tuple[str, str, str, str]] = [
    ("сварщик", "ru", "english", "welder"),
    ("повар", "ru", "english", "cook"),
    ("медсестра в больницу", "ru", "english", "nurse"),
    ("швея", "ru", "english", "seamstress"),
    ("welder", "en", "russian", "welder"),
    ("cook in a canteen", "en", "russian", "cook"),
    ("nurse", "en", "russian", "nurse"),
    ("sewing clothes in a factory", "en", "russian", "seamstress"),
    ("taksi haydovchisi", "uz", "english", "taxi driver"),
    ("такси айдоочусу", "ky", "english", "taxi driver"),
    ("тигүүчү", "ky", "english", "seamstress"),
]

# What a search finds beyond the model: trades said in Kyrgyz and Tajik words that the
# taxonomy's table does not hold as a name, guessed from those words.
SEARCH_QUERIES = [
    *LANGUAGE_QUERIES,
    ("ширетүүчүлөр керек", "ky", "english", "welder"),
    ("кафшергарҳо", "tg", "russian", "welder"),
    ("дӯзандагон лозим", "tg", "russian", "seamstress"),
]


async def language_towns(client: httpx.AsyncClient, regulator: dict[str, str],
                         ru_attache: dict[str, str]) -> dict[str, Any]:
    """LANGUAGE_TOWNS published by one agency in two towns of its own: the town's name
    (for the city filter) and each occupation's vacancy id, per town."""
    agency, _ = await licensed_agency(client, regulator, ["RU"])
    boss = await employer(client, agency, "RU")
    towns: dict[str, Any] = {}
    for town, adverts in LANGUAGE_TOWNS.items():
        city = f"Town {unique()}"
        ids = {}
        for occupation, over in adverts.items():
            vacancy = await vacancy_in(
                client, "published", agency=agency, attache_headers=ru_attache,
                employer_id=boss["id"], city=city,
                wage={"amount": "120000.00", "currency": "RUB", "period": "month"}, **over)
            ids[occupation] = vacancy["id"]
        towns[town] = {"city": city, "ids": ids}
    return towns
