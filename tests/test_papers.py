"""The papers people carry, read back from the PDF: a verified job's card (terms, code,
licence, the mission's hotline, Cyrillic and Tajik letters), the referral slip and the dispute
receipt for the migrant and the centre; and who may not have them."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from api.web.common import environment, translations
from tests import factories_disputes as fd
from tests.conftest import Agency, unique
from tests.factories_vacancies import employer, licensed_agency, vacancy_in

HOTLINE = "+7 495 123 4567"  # what fd.new_mission gives every mission


@dataclass
class World:
    place: fd.Jurisdiction
    agency: Agency
    licence_number: str
    vacancy: dict[str, Any]
    draft: dict[str, Any]
    migrant: fd.Migrant
    referral: dict[str, Any]
    case: dict[str, Any]
    mission_name: str
    body_name: str


def _text(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _token(headers: dict[str, str] | None) -> str:
    assert headers is not None
    return headers["Authorization"].split()[1]


def _as(client: httpx.AsyncClient, headers: dict[str, str] | None) -> dict[str, str]:
    """Page requests carry the session cookie (the bearer token is the session's)."""
    return {"Cookie": f"vetted_session={_token(headers)}"}


@pytest.fixture
async def world(client: httpx.AsyncClient, regulator: dict[str, str],
                admin: dict[str, str]) -> World:
    country = fd.fresh_country()
    agency, licence = await licensed_agency(client, regulator, [country])
    mission = await fd.new_mission(client, admin, country)
    body = await fd.new_body(client, admin, country)
    region = unique("Oblast ")
    rule = await fd.new_rule(client, regulator, country=country, mission_id=mission.id,
                             region=region, settlement_body_id=body.id)
    place = fd.Jurisdiction(country, region, mission, body, rule, agency,
                            await fd.new_centre(client, admin))
    boss = await employer(client, agency, country)
    tag = unique()
    vacancy = await vacancy_in(
        client, "published", agency=agency, attache_headers=mission.attaches[0].headers,
        employer_id=boss["id"], country=country, title=f"Бетонщик {tag}",
        hours_per_week="42", languages=[{"code": "ru", "level": "A2"}],
        wage={"amount": "95000.00", "currency": "RUB", "period": "month"})
    draft = await vacancy_in(client, "draft", agency=agency,
                             attache_headers=mission.attaches[0].headers,
                             employer_id=boss["id"], country=country)
    migrant = await fd.new_migrant(client, place.centre, prescreened=True)
    referral = fd.ok(await client.post("/referrals", headers=place.centre.headers, json={
        "migrant_id": migrant.id, "vacancy_id": vacancy["id"]}), 201)
    case = await fd.file_case(client, place, migrant)
    missions = fd.ok(await client.get(f"/missions/{mission.id}", headers=admin))
    bodies = fd.ok(await client.get("/settlement-bodies", headers=admin,
                                    params={"country": country}))
    return World(place, agency, licence["number"], vacancy, draft, migrant, referral, case,
                 missions["name"], bodies[0]["name"])


async def test_a_job_card_pdf_holds_the_terms_code_licence_and_hotline(
        client: httpx.AsyncClient, world: World) -> None:
    v = world.vacancy
    code = v["verification_code"]
    shown = code if "-" in code else f"{code[:4]}-{code[4:]}"
    text = _text(await client.get(f"/jobs/{v['id']}/card.pdf", params={"lang": "ru"}))
    for words in (v["title"], v["employer_name"], shown, world.licence_number,
                  world.agency.body["legal_name"], world.mission_name, HOTLINE,
                  "Условия работы", "Горячая линия", "95", "42",
                  f"/check?code={shown}#code-check",
                  # Every term a contract is held against, and who verified the job.
                  "Жильё", "Питание", "Нужно работников", "Проверено трудовым атташе"):
        assert words in text.replace("\n", " "), (words, text)
    english = _text(await client.get(f"/jobs/{v['id']}/card.pdf", params={"lang": "en"}))
    assert "Terms of the job" in english and "Active" in english and shown in english
    # Tajik and Kyrgyz letters come out as letters: the font holds them.
    tajik = _text(await client.get(f"/jobs/{v['id']}/card.pdf", params={"lang": "tg"}))
    assert "Шиносномаатонро ҳеҷ гоҳ" in tajik.replace("\n", " "), tajik
    kyrgyz = _text(await client.get(f"/jobs/{v['id']}/card.pdf", params={"lang": "ky"}))
    assert "Паспортуңузду" in kyrgyz and "өкүлчүлүгү" in kyrgyz.replace("\n", " "), kyrgyz


async def test_a_job_card_is_made_only_for_a_published_verified_job(
        client: httpx.AsyncClient, world: World) -> None:
    for path in (f"/jobs/{world.draft['id']}/card.pdf", "/jobs/999999999999/card.pdf",
                 "/jobs/abc/card.pdf", "/jobs/0/card.pdf"):
        response = await client.get(path)
        assert response.status_code == 404, (path, response.text)
        assert response.headers["content-type"].startswith("text/html")


async def test_the_job_page_says_how_to_apply(client: httpx.AsyncClient, world: World) -> None:
    page = await client.get(f"/jobs/{world.vacancy['id']}",
                            headers={"Accept-Language": "ru"})
    assert page.status_code == 200, page.text
    html = page.text
    assert 'id="apply"' in html and "Как откликнуться" in html
    assert world.licence_number in html and world.agency.body["phone"] in html
    assert "Никогда не отдавайте свой паспорт" in html
    assert HOTLINE in html
    assert f"/jobs/{world.vacancy['id']}/card.pdf" in html
    # Signed out, the centres are listed; a migrant is sent to their own.
    assert "Centre " in html
    mine = await client.get(f"/jobs/{world.vacancy['id']}",
                            headers=_as(client, world.migrant.headers))
    assert "Ask your migrant resource centre to refer you to this job" in mine.text


async def test_the_referral_slip_for_the_migrant_and_the_centre(
        client: httpx.AsyncClient, world: World, admin: dict[str, str]) -> None:
    rid = world.referral["id"]
    name = world.migrant.record["full_name"]
    page = await client.get(f"/papers/referrals/{rid}",
                            headers=_as(client, world.migrant.headers))
    assert page.status_code == 200, page.text
    assert name in page.text and f"R-{rid}" in page.text and world.licence_number in page.text
    text = _text(await client.get(f"/papers/referrals/{rid}/pdf", params={"lang": "ru"},
                                  headers=_as(client, world.migrant.headers)))
    flat = text.replace("\n", " ")
    for words in (name, world.vacancy["title"], world.agency.body["legal_name"],
                  world.licence_number, f"R-{rid}", "Направление бесплатно",
                  "Никогда не платите за предложение работы",
                  # The terms it tells the migrant to hold a contract against.
                  "Условия работы", "95", "Жильё", "Питание",
                  "Не подписывайте договор, условия которого отличаются от этих"):
        assert words in flat, (words, text)
    # The centre prints it in the migrant's language.
    slip = await client.get(f"/papers/referrals/{rid}/pdf", params={"lang": "tg"},
                            headers=_as(client, world.place.centre.headers))
    assert "Роҳхат ройгон аст" in _text(slip).replace("\n", " ")
    # On the page, the paper is in Tajik; the worker's own header and buttons stay in the
    # worker's Russian.
    page = await client.get(f"/papers/referrals/{rid}", params={"lang": "tg"}, headers={
        **_as(client, world.place.centre.headers), "Accept-Language": "ru"})
    assert "Роҳхат ройгон аст" in page.text and 'lang="tg"' in page.text
    assert ">Печать</button>" in page.text and '<html lang="ru"' in page.text, page.text

    stranger = await fd.new_migrant(client, world.place.centre)
    other_centre = await fd.new_centre(client, admin)
    for headers in (stranger.headers, other_centre.headers):
        for path in (f"/papers/referrals/{rid}", f"/papers/referrals/{rid}/pdf",
                     "/papers/referrals/999999999", "/papers/referrals/x"):
            response = await client.get(path, headers=_as(client, headers))
            assert response.status_code == 404, (path, response.text)
    agency = await client.get(f"/papers/referrals/{rid}", headers=_as(client, world.agency.headers))
    assert agency.status_code == 403
    signed_out = await client.get(f"/papers/referrals/{rid}")
    assert signed_out.status_code == 303 and "/login" in signed_out.headers["location"]


async def test_a_slip_warns_when_its_job_breaks_a_rule_since(
        client: httpx.AsyncClient, world: World, regulator: dict[str, str]) -> None:
    """The employer watchlisted after the referral: the job's code check says not to pay,
    and the slip the migrant carries said nothing of it."""
    url = f"/papers/referrals/{world.referral['id']}/pdf"
    warning = "Сегодня эта вакансия нарушает правило, защищающее работников"
    before = _text(await client.get(url, params={"lang": "ru"},
                                    headers=_as(client, world.migrant.headers)))
    assert warning not in before.replace("\n", " ")
    listed = await client.post("/watchlist/employers", headers=regulator, json={
        "name": world.vacancy["employer_name"], "country": world.place.country,
        "reason": "wages withheld from its workers"})
    assert listed.status_code == 201, listed.text
    after = _text(await client.get(url, params={"lang": "ru"},
                                   headers=_as(client, world.migrant.headers)))
    assert warning in after.replace("\n", " "), after


async def test_a_migrant_is_given_their_own_countrys_mission_not_the_agencys(
        client: httpx.AsyncClient, world: World) -> None:
    """The job's mission is Kyrgyzstan's, as is the agency; a Tajik migrant referred to the
    job is not sent to the Kyrgyz hotline, on the slip or on the job's page."""
    tajik = await fd.new_migrant(client, world.place.centre, prescreened=True,
                                 citizenship="TJ")
    referral = fd.ok(await client.post("/referrals", headers=world.place.centre.headers, json={
        "migrant_id": tajik.id, "vacancy_id": world.vacancy["id"]}), 201)
    slip = _text(await client.get(f"/papers/referrals/{referral['id']}/pdf",
                                  params={"lang": "ru"}, headers=_as(client, tajik.headers)))
    flat = slip.replace("\n", " ")
    assert HOTLINE not in flat and world.mission_name not in flat, flat
    assert "Таджикистан в" in flat, flat
    page = await client.get(f"/jobs/{world.vacancy['id']}", headers=_as(client, tajik.headers))
    assert page.status_code == 200 and HOTLINE not in page.text
    # The Kyrgyz migrant's own slip keeps the Kyrgyz mission.
    own = _text(await client.get(f"/papers/referrals/{world.referral['id']}/pdf",
                                 params={"lang": "ru"},
                                 headers=_as(client, world.migrant.headers)))
    assert HOTLINE in own.replace("\n", " ")


async def test_the_dispute_receipt_names_the_case_deadline_and_who_handles_it(
        client: httpx.AsyncClient, world: World, admin: dict[str, str]) -> None:
    case = world.case
    page = await client.get(f"/papers/disputes/{case['id']}",
                            headers=_as(client, world.migrant.headers))
    assert page.status_code == 200, page.text
    assert case["reference"] in page.text
    for headers in (world.migrant.headers, world.place.centre.headers):
        text = _text(await client.get(f"/papers/disputes/{case['id']}/pdf",
                                      params={"lang": "ru"}, headers=_as(client, headers)))
        flat = text.replace("\n", " ")
        for words in (case["reference"], world.mission_name, HOTLINE, world.body_name,
                      "Номер дела", "Срок этого этапа", "Никто не вправе брать"):
            assert words in flat, (words, text)
    stranger = await fd.new_migrant(client, world.place.centre)
    other_centre = await fd.new_centre(client, admin)
    for headers in (stranger.headers, other_centre.headers):
        response = await client.get(f"/papers/disputes/{case['id']}/pdf",
                                    headers=_as(client, headers))
        assert response.status_code == 404, response.text


async def test_a_decided_case_s_receipt_says_what_was_decided_not_the_stages(
        client: httpx.AsyncClient, world: World) -> None:
    """Once the settlement body decides, the receipt a migrant carries says what was awarded,
    who pays it, by when and what to do if it is not paid; the timetable of the stages that
    are over is gone. The centre's page of the case says who pays too."""
    case, place = world.case, world.place
    attache = fd.attache_of(place, case).headers
    for action in ("acknowledge", "refer"):
        case = await fd.stepped(client, attache, case["id"], action)
    due = date.today() + timedelta(days=20)
    case = await fd.stepped(client, place.body.members[0].headers, case["id"], "decide",
                            outcome=fd.award("900.00", "USD", payable_by="employer", due=due))
    assert case["status"] == "decided", case
    employer_name = case["employer_name"]
    seen = {"ru": ("Присуждено", "Кто платит", "работодатель", "Срок оплаты",
                   "сообщите трудовому атташе"),
            "tg": ("Бо қарор муайян шуд", "Кӣ пардохт мекунад", "корфармо", "Мӯҳлати пардохт",
                   "ба атташеи меҳнат")}
    for language, words in seen.items():
        env = environment(language)
        page = await client.get(f"/papers/disputes/{case['id']}", params={"lang": language},
                                headers=_as(client, world.migrant.headers))
        assert page.status_code == 200, page.text
        text = html.unescape(page.text)
        for word in (*words, env.filters["money"](Decimal("900.00"), "USD"),
                     str(env.filters["date"](due)), employer_name):
            assert word in text, (language, word)
        # The pending case's timetable and stage deadline are not on a decided case's paper.
        assert 'id="paper-outcome"' in text
        for gone in ("A labour attaché takes up a case", "Deadline of this stage"):
            assert translations(language).gettext(gone).split("%")[0][:40] not in text, gone
    pdf = _text(await client.get(f"/papers/disputes/{case['id']}/pdf", params={"lang": "ru"},
                                 headers=_as(client, world.migrant.headers)))
    flat = pdf.replace("\n", " ")
    for word in ("Кто платит", "работодатель", "Срок оплаты"):
        assert word in flat, (word, pdf)
    assert "берёт дело в работу" not in flat
    centre = await client.get(f"/centre/disputes/{case['id']}",
                              headers={**_as(client, place.centre.headers),
                                       "Accept-Language": "ru"})
    assert centre.status_code == 200, centre.text
    who_pays = html.unescape(centre.text)
    assert "Кто платит" in who_pays
    assert f"работодатель ({employer_name})" in who_pays


def test_a_missing_mission_is_the_home_countrys_not_any() -> None:
    """Where the agency's country has no mission, another country's may be there (and may
    have verified the job): the paper says whose is missing."""
    from api.web.common import environment, translations
    from api.web.paper_facts import mission_section

    section = mission_section(translations("ru").gettext, environment("ru"), None, "RU", "UZ")
    assert section.notes == ["Представительство трудового атташе страны Узбекистан в стране "
                             "Россия не указано: обратитесь за помощью в центр поддержки "
                             "мигрантов."]
