"""Red flags through the API: blocking flags refuse verification and publication (checked
again at each step), warnings need the attaché's written reason (audited, and shown to the
public), the agency's check of typed terms, the fee rule per origin country, and the
public code check answering each promise live."""

from __future__ import annotations

import re
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import act, apply, register_agency, relay_index, unique
from tests.factories_vacancies import attache, draft, employer, move, moved

pytestmark = pytest.mark.asyncio

PROBLEM_JSON = "application/problem+json"
# Countries no other test module uses, so the minimum wages and fee rules set here are ours.
WHERE, CURRENCY, ORIGIN = "AM", "AMD", "TJ"


async def _agency(client: httpx.AsyncClient, regulator: dict[str, str]) -> Any:
    """A Tajik agency licensed for Armenia."""
    agency = await register_agency(client, country=ORIGIN)
    licence = await apply(client, agency, [WHERE])
    for action in ("start_review", "grant"):
        assert (await act(client, regulator, licence["id"], action)).status_code == 200
    agency.licence_id = licence["id"]  # type: ignore[attr-defined]
    return agency


def _terms(**over: Any) -> dict[str, Any]:
    return {"country": WHERE, "city": "Yerevan",
            "wage": {"amount": "250000.00", "currency": CURRENCY, "period": "month"},
            "hours_per_week": "40", **over}


async def _minimum(client: httpx.AsyncClient, regulator: dict[str, str], amount: str) -> None:
    response = await client.put(f"/minimum-wages/{WHERE}/{CURRENCY}", headers=regulator,
                                json={"monthly_amount": amount, "max_weekly_hours": "40"})
    assert response.status_code == 200, response.text


async def _setup(client: httpx.AsyncClient, regulator: dict[str, str],
                 admin: dict[str, str]) -> tuple[Any, dict[str, str], dict[str, Any]]:
    await _minimum(client, regulator, "75000.00")
    agency = await _agency(client, regulator)
    boss = await employer(client, agency, WHERE, city="Yerevan")
    return agency, await attache(client, admin, WHERE), boss


async def _verify_entries(db: asyncpg.Connection, vacancy_id: int) -> list[Any]:
    return await db.fetch(
        "SELECT * FROM audit_entry WHERE entity_type = 'vacancy' AND entity_id = $1 "
        "AND action = 'verify'", str(vacancy_id))


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    return body


async def test_a_blocking_flag_refuses_verification_and_names_each_problem(
        client, regulator, admin, db):
    agency, attache_am, boss = await _setup(client, regulator, admin)
    vacancy = await draft(client, agency, boss["id"], **_terms(
        wage={"amount": "20000.00", "currency": CURRENCY, "period": "month"},
        hours_per_week="60", worker_fee={"amount": "15000.00", "currency": CURRENCY}))
    submitted = await moved(client, agency.headers, vacancy["id"], "submit")
    severities = {f["code"]: f["severity"] for f in submitted["red_flags"]}
    assert severities == {"wage_below_minimum": "blocking", "worker_pays_fee": "blocking",
                          "hours_over_limit": "warning"}

    refused = await move(client, attache_am, vacancy["id"], "verify")
    body = _problem(refused, 409)
    assert body["type"] == "/problems/blocking-red-flags"
    assert body["field"] == "red_flags"
    assert body["codes"] == ["wage_below_minimum", "worker_pays_fee"]
    # The minimum of 75,000 is for 40 hours: 60 hours earn at least half as much again.
    assert "raise the wage to at least 112500.00 AMD a month" in body["detail"]
    assert "remove the fee charged to the worker" in body["detail"]
    # Nothing written: still waiting, same version, no verification in the audit log.
    after = (await client.get(f"/vacancies/{vacancy['id']}", headers=agency.headers)).json()
    assert (after["status"], after["version"]) == ("submitted", submitted["version"])
    assert after["verification_code"] is None
    assert await _verify_entries(db, vacancy["id"]) == []


async def test_flags_are_checked_again_at_verification(client, regulator, admin):
    agency, attache_am, boss = await _setup(client, regulator, admin)
    vacancy = await draft(client, agency, boss["id"], **_terms(
        wage={"amount": "80000.00", "currency": CURRENCY, "period": "month"}))
    submitted = await moved(client, agency.headers, vacancy["id"], "submit")
    assert submitted["red_flags"] == []
    try:
        await _minimum(client, regulator, "85000.00")  # raised after submission
        body = _problem(await move(client, attache_am, vacancy["id"], "verify"), 409)
        assert body["codes"] == ["wage_below_minimum"]
    finally:
        await _minimum(client, regulator, "75000.00")
    assert (await moved(client, attache_am, vacancy["id"], "verify"))["status"] == "verified"


async def test_a_warning_needs_a_written_reason_which_is_audited_and_shown_to_the_public(
        client, regulator, admin, db):
    agency, attache_am, boss = await _setup(client, regulator, admin)
    vacancy = await draft(client, agency, boss["id"], **_terms(hours_per_week="44"))
    submitted = await moved(client, agency.headers, vacancy["id"], "submit")
    live = await client.get(f"/vacancies/{vacancy['id']}/red-flags", headers=attache_am)
    assert [(f["code"], f["severity"]) for f in live.json()] == [("hours_over_limit", "warning")]

    # No reason, a blank one, or one for another flag: refused, naming the flag.
    for acknowledgements in ({}, {"near_duplicate": "not this one, it is another site"}):
        refused = await move(client, attache_am, vacancy["id"], "verify",
                             acknowledgements=acknowledgements)
        body = _problem(refused, 422)
        assert body["field"] == "acknowledgements.hours_over_limit"
        assert body["codes"] == ["hours_over_limit"]
    # A reason is what every migrant checking the job reads: a sentence, not "abc".
    for blank in ("  ", "abc", "ok, accepted"):
        body = _problem(await move(client, attache_am, vacancy["id"], "verify",
                                   acknowledgements={"hours_over_limit": blank}), 422)
        assert body["field"] == "acknowledgements.hours_over_limit"
    unchanged = (await client.get(f"/vacancies/{vacancy['id']}", headers=agency.headers)).json()
    assert (unchanged["status"], unchanged["version"]) == ("submitted", submitted["version"])
    assert await _verify_entries(db, vacancy["id"]) == []

    reason = f"overtime paid at time and a half, agreed in writing {unique()}"
    verified = await moved_with(client, attache_am, vacancy["id"], "verify",
                                acknowledgements={"hours_over_limit": reason})
    assert [(a["code"], a["reason"]) for a in verified["acknowledgements"]] == \
        [("hours_over_limit", reason)]
    [entry] = await _verify_entries(db, vacancy["id"])
    acknowledged = entry["data"]["acknowledgements"]
    assert [(a["code"], a["reason"]) for a in acknowledged] == [("hours_over_limit", reason)]
    assert entry["actor_role"] == "attache"

    # The agency's page no longer asks it to change what the attaché accepted.
    token = agency.headers["Authorization"].split()[1]
    page = await client.get(f"/agency/vacancies/{vacancy['id']}",
                            headers={"Cookie": f"vetted_session={token}"})
    assert page.status_code == 200, page.text
    flag = re.search(r'<li class="flag warning" data-code="hours_over_limit".*?</li>',
                     page.text, re.S)
    assert flag and "Checked by the attaché" in flag[0] and "remedy" not in flag[0], page.text

    await moved(client, agency.headers, vacancy["id"], "publish")
    public = (await client.get(f"/vacancies/{vacancy['id']}")).json()
    assert public["red_flags"] == []  # the internal list stays internal
    assert [a["reason"] for a in public["acknowledgements"]] == [reason]
    check = (await client.get(f"/public/vacancies/verify/{verified['verification_code']}")
             ).json()
    assert check["verdict"] == "verified"
    hours = next(c for c in check["checks"] if c["code"] == "hours")
    assert (hours["holds"], hours["severity"]) == (False, "warning")
    assert hours["params"] == {"hours": "44", "limit": "40", "country": WHERE}
    assert [a["reason"] for a in hours["acknowledgements"]] == [reason]


async def moved_with(client: httpx.AsyncClient, headers: dict[str, str], vacancy_id: int,
                     action: str, **extra: Any) -> dict[str, Any]:
    response = await move(client, headers, vacancy_id, action, **extra)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_code_check_answers_each_promise_live(client, regulator, admin):
    agency, attache_am, boss = await _setup(client, regulator, admin)
    vacancy = await draft(client, agency, boss["id"], **_terms())
    await moved(client, agency.headers, vacancy["id"], "submit")
    code = (await moved(client, attache_am, vacancy["id"], "verify"))["verification_code"]
    await moved(client, agency.headers, vacancy["id"], "publish")

    def by_code(body: dict[str, Any]) -> dict[str, Any]:
        return {c["code"]: c for c in body["checks"]}

    body = (await client.get(f"/public/vacancies/verify/{code}")).json()
    assert (body["verdict"], body["verified"], body["open"], body["agency_licensed"]) == \
        ("verified", True, True, True)
    checks = by_code(body)
    assert list(checks) == ["verified", "licence", "wage", "worker_fee", "hours", "employer",
                            "open"]
    assert all(c["holds"] for c in checks.values())
    assert checks["verified"]["params"]["attache"] == "Labour Attache"
    assert checks["verified"]["params"]["mission"].startswith("Mission ")
    assert body["verified_by"]["at"] is not None
    assert checks["wage"]["params"]["minimum_monthly"] == "75000.00"
    assert checks["licence"]["params"]["status"] == "active"
    assert checks["open"]["params"]["closing_date"] == vacancy["closing_date"]

    # The employer is watchlisted after verification: a breach, never a green answer.
    listed = await client.post("/watchlist/employers", headers=regulator, json={
        "name": boss["name"], "country": WHERE, "reason": "wages withheld"})
    assert listed.status_code == 201, listed.text
    body = (await client.get(f"/public/vacancies/verify/{code}")).json()
    assert body["verdict"] == "breach"
    assert "do not pay" in body["advice"]
    assert by_code(body)["employer"]["holds"] is False
    assert by_code(body)["employer"]["severity"] == "blocking"
    assert body["explanation"].startswith("the vacancy was verified, but")
    assert "the employer is on the watchlist" in body["explanation"]
    assert by_code(body)["verified"]["holds"] is True  # the fact stays, the answer changed


async def test_a_suspended_licence_or_a_raised_minimum_shows_as_a_breach(
        client, regulator, admin):
    agency, attache_am, boss = await _setup(client, regulator, admin)
    vacancy = await draft(client, agency, boss["id"], **_terms(
        wage={"amount": "90000.00", "currency": CURRENCY, "period": "month"}))
    await moved(client, agency.headers, vacancy["id"], "submit")
    code = (await moved(client, attache_am, vacancy["id"], "verify"))["verification_code"]
    await moved(client, agency.headers, vacancy["id"], "publish")
    try:
        await _minimum(client, regulator, "95000.00")
        body = (await client.get(f"/public/vacancies/verify/{code}")).json()
        assert body["verdict"] == "breach"
        wage = next(c for c in body["checks"] if c["code"] == "wage")
        assert (wage["holds"], wage["params"]["minimum_monthly"]) == (False, "95000.00")
    finally:
        await _minimum(client, regulator, "75000.00")
    assert (await client.get(f"/public/vacancies/verify/{code}")).json()["verdict"] == \
        "verified"
    assert (await act(client, regulator, agency.licence_id, "suspend")).status_code == 200
    body = (await client.get(f"/public/vacancies/verify/{code}")).json()
    assert (body["verdict"], body["agency_licensed"]) == ("breach", False)
    licence = next(c for c in body["checks"] if c["code"] == "licence")
    assert (licence["holds"], licence["params"]["status"]) == (False, "suspended")
    # A suspended agency takes no one: its job is not open, whatever its closing date.
    taking = next(c for c in body["checks"] if c["code"] == "open")
    assert (taking["holds"], taking["params"]["licensed"]) == (False, "false")


async def test_publication_is_refused_when_a_blocking_flag_appears_after_verification(
        client, regulator, admin):
    agency, attache_am, boss = await _setup(client, regulator, admin)
    vacancy = await draft(client, agency, boss["id"], **_terms())
    await moved(client, agency.headers, vacancy["id"], "submit")
    verified = await moved(client, attache_am, vacancy["id"], "verify")
    listed = await client.post("/watchlist/employers", headers=regulator, json={
        "name": boss["name"], "country": WHERE, "reason": "passports withheld"})
    assert listed.status_code == 201, listed.text
    body = _problem(await move(client, agency.headers, vacancy["id"], "publish"), 409)
    assert body["codes"] == ["employer_watchlisted"]
    assert body["action"] == "publish"
    after = (await client.get(f"/vacancies/{vacancy['id']}", headers=agency.headers)).json()
    assert (after["status"], after["version"]) == ("verified", verified["version"])


async def test_the_agency_checks_typed_terms_before_saving(client, regulator, admin, db):
    agency, _, boss = await _setup(client, regulator, admin)
    before = await db.fetchval("SELECT count(*) FROM vacancy WHERE agency_id = $1", agency.id)
    checked = await client.post("/vacancies/checks", headers=agency.headers, json={
        "employer_id": boss["id"], "hours_per_week": "60",
        "wage": {"amount": "500", "currency": CURRENCY, "period": "hour"},
        "worker_fee": {"amount": "15000", "currency": CURRENCY}})
    assert checked.status_code == 200, checked.text
    assert [(f["code"], f["severity"]) for f in checked.json()] == [
        ("worker_pays_fee", "blocking"), ("hours_over_limit", "warning")]
    assert all(f["remedy"] for f in checked.json())
    # 100 an hour x 40 hours x 52/12 = 17333.33 a month: below the minimum.
    low = await client.post("/vacancies/checks", headers=agency.headers, json={
        "employer_id": boss["id"], "hours_per_week": "40",
        "wage": {"amount": "100", "currency": CURRENCY, "period": "hour"}})
    assert [f["code"] for f in low.json()] == ["wage_below_minimum"]
    assert low.json()[0]["params"]["wage_monthly"] == "17333.33"
    # The remedy names the least hourly wage, not a month's figure for an hourly wage:
    # 75000 a month / (40 x 52/12) hours = 432.69..., rounded up to be never short.
    params = low.json()[0]["params"]
    assert (params["period"], params["minimum_per_period"]) == ("hour", "432.70")
    from starlette.requests import Request

    from api.web.flags import flag_words
    words = flag_words(Request({"type": "http", "headers": [], "query_string": b"",
                                "path": "/"}))
    remedy = words["flag_remedy"](low.json()[0])
    assert "an hour" in remedy and "432.70" in remedy.replace(",", ""), remedy
    assert await db.fetchval("SELECT count(*) FROM vacancy WHERE agency_id = $1",
                             agency.id) == before
    other = await register_agency(client)
    foreign = await client.post("/vacancies/checks", headers=other.headers, json={
        "employer_id": boss["id"], "hours_per_week": "40",
        "wage": {"amount": "1", "currency": CURRENCY, "period": "month"}})
    assert _problem(foreign, 422)["field"] == "employer_id"
    missing = await client.post("/vacancies/checks", headers=agency.headers,
                                json={"employer_id": boss["id"]})
    assert _problem(missing, 422)["field"] in ("wage", "hours_per_week")


async def test_what_the_adverts_words_ask_is_checked_as_typed_and_at_each_step(
        client, regulator, admin):
    """An advert whose fee field said none and whose hours said 40 read «Oплaтa 500$
    агенту» (Latin letters in a Russian word), «12 часов в день, 6 дней в неделю» and
    «Паспорт хранится у работодателя»: the check while typing said no red flags, and the
    job could be verified with «None: the employer pays» under those words."""
    agency, attache_am, boss = await _setup(client, regulator, admin)
    words = ("Уборка офисов. Oплaтa 500$ агенту до выезда. Паспорт хранится у работодателя "
             "весь срок контракта. График 12 часов в день, 6 дней в неделю.")
    typed = await client.post("/vacancies/checks", headers=agency.headers, json={
        "employer_id": boss["id"], "hours_per_week": "40", "description": words,
        "wage": {"amount": "250000.00", "currency": CURRENCY, "period": "month"}})
    assert typed.status_code == 200, typed.text
    flags = {f["code"]: f for f in typed.json()}
    # Quoted as the agency typed it, Latin letters and all.
    assert flags["fee_in_text"]["params"]["quote"] == "Oплaтa 500$ агенту до выезда"
    assert flags["passport_in_text"]["severity"] == "blocking"
    # 72 hours a week is beyond what any law allows: it blocks as if it were stated.
    assert (flags["hours_in_text"]["severity"], flags["hours_in_text"]["params"]["hours"]) \
        == ("blocking", "72")
    vacancy = await draft(client, agency, boss["id"], **_terms(description=words))
    await moved(client, agency.headers, vacancy["id"], "submit")
    refused = _problem(await move(client, attache_am, vacancy["id"], "verify"), 409)
    assert {"fee_in_text", "passport_in_text", "hours_in_text"} <= set(refused["codes"])

    # A longer week within the law is the attaché's to answer, and the public reads it.
    longer = await draft(client, agency, boss["id"], **_terms(
        description="Уборка офисов, работа 5 дней в неделю по 10 часов, общежитие."))
    await moved(client, agency.headers, longer["id"], "submit")
    assert _problem(await move(client, attache_am, longer["id"], "verify",
                               acknowledgements={}), 422)["field"] \
        == "acknowledgements.hours_in_text"
    reason = "Two hours a day are paid as overtime, agreed with the employer in writing."
    code = (await moved_with(client, attache_am, longer["id"], "verify",
                             acknowledgements={"hours_in_text": reason}))["verification_code"]
    check = (await client.get(f"/public/vacancies/verify/{code}")).json()
    hours = next(c for c in check["checks"] if c["code"] == "hours")
    assert (hours["holds"], hours["params"]["said"], hours["params"]["hours"]) == (
        False, "50", "40")
    page = await client.get(f"/check?code={code}", headers={"Accept-Language": "ru"})
    assert "Текст объявления описывает около 50 ч в неделю — больше указанных 40 ч" \
        in page.text, page.text


async def test_a_lower_wage_in_the_adverts_words_is_checked_as_typed_and_shown_to_the_public(
        client, regulator, admin):
    """A wage field of 250 000 AMD over words saying «испытательный срок — 100 000 драм»:
    the migrant read 250 000 in the wage row, and nothing asked the attaché which it was."""
    agency, attache_am, boss = await _setup(client, regulator, admin)

    async def typed(words: str) -> dict[str, Any]:
        response = await client.post("/vacancies/checks", headers=agency.headers, json={
            "employer_id": boss["id"], "hours_per_week": "40", "description": words,
            "wage": {"amount": "250000.00", "currency": CURRENCY, "period": "month"}})
        assert response.status_code == 200, response.text
        return {f["code"]: f for f in response.json()}

    # Latin letters in «Зарплата»: read as the word, quoted as typed; the fee's 500$ is no
    # wage.
    words = ("Уборка офисов. Зaрплaтa на испытательный срок — 100 000 драм в месяц. "
             "Oплaтa 500$ агенту до выезда.")
    flags = await typed(words)
    assert flags["wage_in_text"]["severity"] == "warning"
    assert flags["wage_in_text"]["params"] == {
        "said": "100000", "stated": "250000.00", "currency": CURRENCY, "period": "month",
        "quote": "Зaрплaтa на испытательный срок — 100 000 драм в месяц"}
    # The wage of the field, or one in another currency (no rates to compare by): no flag.
    for same in ("Зарплата 250 000 драм в месяц.", "Зарплата 300$ в месяц.",
                 "Оплата визы 50 000 драм агенту."):
        assert "wage_in_text" not in await typed(same), same

    vacancy = await draft(client, agency, boss["id"], **_terms(
        description="Уборка офисов. Испытательный срок — 100 000 драм в месяц."))
    await moved(client, agency.headers, vacancy["id"], "submit")
    assert _problem(await move(client, attache_am, vacancy["id"], "verify",
                               acknowledgements={}), 422)["field"] \
        == "acknowledgements.wage_in_text"
    reason = "The contract pays 250 000 from the first day; the agency corrects the text."
    code = (await moved_with(client, attache_am, vacancy["id"], "verify",
                             acknowledgements={"wage_in_text": reason}))["verification_code"]
    page = await client.get(f"/check?code={code}", headers={"Accept-Language": "ru"})
    assert page.status_code == 200, page.text
    shown = re.search(r'<p class="acknowledged" data-code="wage_in_text">.*?</p>', page.text,
                      re.S)
    assert shown and "По тексту объявления зарплата — 100" in shown[0] \
        and "Испытательный срок — 100 000 драм в месяц" in shown[0] and reason in shown[0], \
        page.text


async def test_a_wage_in_the_adverts_words_below_the_minimum_blocks_and_breaks_the_check(
        client, regulator, admin, db):
    """Words promising less than the minimum (a trial period's wage) refuse verification as
    a wage field below it would; a job verified before the minimum rose past its words' wage
    answers «do not pay», naming the words, not a green wage row, and leaves the search."""
    agency, attache_am, boss = await _setup(client, regulator, admin)

    async def found(title: str) -> list[int]:
        await relay_index(db)
        response = await client.get("/search/vacancies", params={"q": title,
                                                                 "mode": "keyword"})
        assert response.status_code == 200, response.text
        return [r["vacancy"]["id"] for r in response.json()["results"]]

    low = await client.post("/vacancies/checks", headers=agency.headers, json={
        "employer_id": boss["id"], "hours_per_week": "40",
        "description": "Уборка офисов. Испытательный срок — 50 000 драм в месяц.",
        "wage": {"amount": "250000.00", "currency": CURRENCY, "period": "month"}})
    assert low.status_code == 200, low.text
    [flag] = [f for f in low.json() if f["code"] == "wage_in_text"]
    assert (flag["severity"], flag["params"]["minimum"]) == ("blocking", "75000.00")
    refused = await draft(client, agency, boss["id"], **_terms(
        description="Уборка офисов. Испытательный срок — 50 000 драм в месяц."))
    await moved(client, agency.headers, refused["id"], "submit")
    assert _problem(await move(client, attache_am, refused["id"], "verify"), 409)["codes"] \
        == ["wage_in_text"]

    title = f"Office cleaner {unique()}"
    vacancy = await draft(client, agency, boss["id"], **_terms(
        title=title, description="Уборка офисов. Испытательный срок — 100 000 драм в месяц."))
    await moved(client, agency.headers, vacancy["id"], "submit")
    code = (await moved_with(client, attache_am, vacancy["id"], "verify", acknowledgements={
        "wage_in_text": "The contract pays 250 000 from the first day."}))["verification_code"]
    await moved(client, agency.headers, vacancy["id"], "publish")
    before = (await client.get(f"/public/vacancies/verify/{code}")).json()
    assert next(c for c in before["checks"] if c["code"] == "wage")["holds"] is True
    assert vacancy["id"] in await found(title)
    await _minimum(client, regulator, "120000.00")  # the field's 250 000 stays above it
    assert vacancy["id"] not in await found(title)
    after = (await client.get(f"/public/vacancies/verify/{code}")).json()
    wage = next(c for c in after["checks"] if c["code"] == "wage")
    assert (after["verdict"], wage["holds"], wage["params"]["said"]) == (
        "breach", False, "100000")
    page = await client.get(f"/check?code={code}", headers={"Accept-Language": "ru"})
    assert "По тексту объявления зарплата — 100" in page.text
    assert "ниже минимальной зарплаты 120" in page.text, page.text
    await _minimum(client, regulator, "75000.00")


async def test_the_origin_countrys_fee_rule_decides_whether_a_fee_blocks(
        client, regulator, admin, db):
    agency, attache_am, boss = await _setup(client, regulator, admin)
    fee = {"amount": "5000.00", "currency": CURRENCY}
    blocked = await draft(client, agency, boss["id"], **_terms(worker_fee=fee))
    await moved(client, agency.headers, blocked["id"], "submit")
    assert _problem(await move(client, attache_am, blocked["id"], "verify"), 409)["codes"] \
        == ["worker_pays_fee"]

    rules = await client.get("/worker-fee-rules", headers=agency.headers)
    assert ORIGIN not in {r["country"] for r in rules.json()}  # barred by default
    bad = await client.put(f"/worker-fee-rules/{ORIGIN}", headers=regulator,
                           json={"fees_banned": "no", "reason": "x"})
    assert _problem(bad, 422)["field"] in ("fees_banned", "reason")
    try:
        allowed = await client.put(f"/worker-fee-rules/{ORIGIN}", headers=regulator, json={
            "fees_banned": False, "reason": "Order 12 of the Ministry of Labour allows a fee"})
        assert allowed.status_code == 200, allowed.text
        entry = await db.fetchrow(
            "SELECT * FROM audit_entry WHERE entity_type = 'worker_fee_rule' AND entity_id = $1 "
            "ORDER BY id DESC LIMIT 1", ORIGIN)
        assert entry["reason"] == "Order 12 of the Ministry of Labour allows a fee"
        assert entry["data"] == {"before": {"fees_banned": True},
                                 "after": {"fees_banned": False}}
        # Now a warning: verified only with a reason.
        body = _problem(await move(client, attache_am, blocked["id"], "verify",
                                   acknowledgements={}), 422)
        assert body["field"] == "acknowledgements.worker_pays_fee"
        verified = await moved_with(
            client, attache_am, blocked["id"], "verify",
            acknowledgements={"worker_pays_fee": "refunded to the worker on arrival"})
        assert verified["status"] == "verified"
    finally:
        reset = await client.put(f"/worker-fee-rules/{ORIGIN}", headers=regulator, json={
            "fees_banned": True, "reason": "Order 12 repealed"})
        assert reset.status_code == 200, reset.text
    # Barred again: the verified vacancy may not be published.
    assert _problem(await move(client, agency.headers, blocked["id"], "publish"), 409)[
        "codes"] == ["worker_pays_fee"]


async def test_a_payment_asked_in_words_where_fees_are_allowed_is_never_shown_as_none(
        client, regulator, admin, db):
    """Where the origin allows fees, a payment asked in the advert's words is the attaché's
    to answer; once verified, the job's page and its code check must not say «None: the
    employer pays» beside those words. Barred again, the job leaves the search."""
    agency, attache_am, boss = await _setup(client, regulator, admin)
    title = f"Office cleaner {unique()}"

    async def found() -> list[int]:
        await relay_index(db)
        response = await client.get("/search/vacancies", params={"q": title,
                                                                 "mode": "keyword"})
        assert response.status_code == 200, response.text
        return [r["vacancy"]["id"] for r in response.json()["results"]]

    allowed = await client.put(f"/worker-fee-rules/{ORIGIN}", headers=regulator, json={
        "fees_banned": False, "reason": "Order 12 of the ministry"})
    assert allowed.status_code == 200, allowed.text
    try:
        vacancy = await draft(client, agency, boss["id"], **_terms(
            title=title,
            description="Уборка офисов. Услуги агентства — 20 000 сом, оплачиваются до "
                        "выезда. Общежитие."))
        await moved(client, agency.headers, vacancy["id"], "submit")
        reason = "The agency refunds the service charge once the worker arrives, in writing."
        code = (await moved_with(client, attache_am, vacancy["id"], "verify",
                                 acknowledgements={"fee_in_text": reason})
                )["verification_code"]
        await moved(client, agency.headers, vacancy["id"], "publish")
        for path in (f"/jobs/{vacancy['id']}", f"/check?code={code}"):
            page = await client.get(path, headers={"Accept-Language": "ru"})
            assert page.status_code == 200, page.text
            assert "Не указана, но в объявлении просят заплатить" in page.text, path
            assert "Нет: расходы на подбор оплачивает работодатель" not in page.text, path
        assert vacancy["id"] in await found()
    finally:
        reset = await client.put(f"/worker-fee-rules/{ORIGIN}", headers=regulator, json={
            "fees_banned": True, "reason": "Order 12 repealed"})
        assert reset.status_code == 200, reset.text
    assert vacancy["id"] not in await found()


async def test_a_payment_asked_in_the_adverts_text_blocks_where_fees_are_banned(
        client, regulator, admin):
    """The fee field said «none» while the advert said «Оплата визы 30000 сом агенту
    наличными»: nothing was flagged, and the job was verified and published with «Fee
    charged to the worker: none» beside that sentence."""
    agency, attache_am, boss = await _setup(client, regulator, admin)
    said = "Оплата визы 30000 сом агенту наличными"
    vacancy = await draft(client, agency, boss["id"], **_terms(
        description=f"Сварка металлоконструкций на стройке. {said}. Общежитие."))
    await moved(client, agency.headers, vacancy["id"], "submit")
    live = (await client.get(f"/vacancies/{vacancy['id']}/red-flags",
                             headers=attache_am)).json()
    [flag] = [f for f in live if f["code"] == "fee_in_text"]
    assert flag["severity"] == "blocking" and flag["params"]["quote"] == said
    # The agency's origin bars fees charged to workers: asked in words, it blocks too.
    refused = await move(client, attache_am, vacancy["id"], "verify")
    assert refused.status_code == 409, refused.text
    assert "fee_in_text" in refused.text
    token = agency.headers["Authorization"].split()[1]
    page = await client.get(f"/agency/vacancies/{vacancy['id']}",
                            headers={"Cookie": f"vetted_session={token}",
                                     "Accept-Language": "ru"})
    assert "Оплата, названная в тексте объявления</strong>. В объявлении работника просят " \
           "заплатить, хотя плата не указана" in page.text
