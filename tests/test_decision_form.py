"""The attaché's outcome form, sent as a browser sends it: a blank field is asked for, not
called the wrong kind of value, and the preview warns of an award in another currency than
the claim before it is confirmed."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from tests.conftest import active_licence
from tests.factories_disputes import attache_of, case_in, jurisdiction

TOKENS = re.compile(r'name="(csrf_token|form_token)" value="([^"]+)"')
VERSION = re.compile(r'id="outcome-form"[^>]*>.*?name="expected_version" value="(\d+)"', re.S)


async def test_the_outcome_form_asks_for_a_blank_currency_and_warns_of_another_one(
        app: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str]) -> None:
    agency, _ = await active_licence(client, regulator)
    j = await jurisdiction(client, admin, regulator, agency)
    case = await case_in(client, j, "in_mediation", regulator)  # claims 1200.00 USD
    attache = attache_of(j, case)
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as page:
        page.cookies.set("vetted_session", attache.headers["Authorization"].split()[1],
                         domain="vetted.test")
        page.cookies.set("vetted_lang", "ru", domain="vetted.test")

        async def resolve(amount: str, currency: str) -> httpx.Response:
            form = (await page.get(f"/mission/cases/{case['id']}")).text
            start = form.index('id="outcome-form"')
            fields = dict(TOKENS.findall(form[start:]))
            version = VERSION.search(form)
            assert version is not None
            return await page.post(f"/mission/cases/{case['id']}", data={
                **fields, "action": "resolve", "expected_version": version.group(1),
                "summary": "The employer agreed to pay the wages owed.",
                "awarded_amount": amount, "awarded_currency": currency,
                "payable_by": "employer"})

        blank = await resolve("900", "")
        assert blank.status_code == 422, blank.text
        error = re.search(r'id="e-awarded_currency"[^>]*>([^<]+)<', blank.text)
        assert error is not None and error.group(1).strip() == "Это поле обязательно.", \
            error and error.group(1)
        assert "Напишите это словами" not in blank.text

        other = await resolve("90000", "KGS")
        assert other.status_code == 200, other.text
        assert 'id="award-other-currency"' in other.text
        assert "В другой валюте, чем требование (USD)" in other.text
        same = await resolve("900", "USD")
        assert 'id="award-other-currency"' not in same.text
        assert 'id="award-over-claim"' not in same.text


async def test_the_outcome_form_refuses_yen_fractions_a_far_deadline_and_an_absurd_award(
        app: Any, client: httpx.AsyncClient, admin: dict[str, str],
        regulator: dict[str, str]) -> None:
    agency, _ = await active_licence(client, regulator)
    j = await jurisdiction(client, admin, regulator, agency)
    case = await case_in(client, j, "in_mediation", regulator)
    attache = attache_of(j, case)
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.8"
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as page:
        page.cookies.set("vetted_session", attache.headers["Authorization"].split()[1],
                         domain="vetted.test")
        page.cookies.set("vetted_lang", "ru", domain="vetted.test")

        async def resolve(amount: str, currency: str, due: str = "") -> httpx.Response:
            form = (await page.get(f"/mission/cases/{case['id']}")).text
            fields = dict(TOKENS.findall(form[form.index('id="outcome-form"'):]))
            version = VERSION.search(form)
            assert version is not None
            return await page.post(f"/mission/cases/{case['id']}", data={
                **fields, "action": "resolve", "expected_version": version.group(1),
                "summary": "The employer agreed to pay the wages owed.",
                "awarded_amount": amount, "awarded_currency": currency,
                "payable_by": "employer", "payment_due": due})

        def error(answer: httpx.Response, name: str) -> str:
            found = re.search(rf'id="e-{name}"[^>]*>([^<]+)<', answer.text)
            assert found is not None, answer.text
            return found.group(1).strip()

        # A yen has no fractions: 350.5 JPY is refused beside the amount, 350 JPY is not.
        yen = await resolve("350.5", "JPY")
        assert yen.status_code == 422, yen.text
        assert error(yen, "awarded_amount").startswith("Эта валюта считается только в целых")
        assert "350,50" not in yen.text
        whole = await resolve("350", "JPY")
        assert whole.status_code == 200, whole.text
        fraction = await resolve("350.5", "USD")
        assert fraction.status_code == 200, fraction.text

        far = await resolve("900", "USD", "9999-12-31")
        assert far.status_code == 422, far.text
        assert error(far, "payment_due").startswith("Срок оплаты может быть не более чем "
                                                    "через год")
        absurd = await resolve("99999999999999", "USD")
        assert absurd.status_code == 422, absurd.text
        assert error(absurd, "awarded_amount") == \
            "Значение должно быть не больше 1\xa0000\xa0000\xa0000."
        assert 'id="award-over-claim"' not in absurd.text

    # The API says the same, naming the field.
    body = {"action": "resolve", "outcome": {
        "summary": "The employer agreed to pay the wages owed.", "payable_by": "employer",
        "awarded": {"amount": "350.5", "currency": "JPY"}}}
    refused = await client.post(f"/disputes/{case['id']}/transitions", json=body,
                                headers=attache.headers)
    assert refused.status_code == 422, refused.text
    assert "outcome.awarded.amount" in refused.text and "whole units" in refused.text
