"""Owners and directors of an agency whose licence was revoked are barred for a period."""

from datetime import date

import pytest

from tests.conftest import act, active_licence, person, register_agency, unique

pytestmark = pytest.mark.asyncio


async def _revoke_with(client, regulator, director):
    agency, licence = await active_licence(client, regulator, people=[director])
    response = await act(client, regulator, licence["id"], "revoke",
                         reason="charged workers recruitment fees")
    assert response.status_code == 200
    return agency, licence


async def _apply(client, agency):
    return await client.post(
        f"/agencies/{agency.id}/licences",
        json={"countries": ["RU"], "deposit": {"amount": "1000.00", "currency": "KGS"}},
        headers=agency.headers,
    )


async def test_a_barred_director_is_refused_on_a_new_application(client, regulator):
    doc = unique("AC")
    await _revoke_with(client, regulator, person("Bakyt Toktogulov", document=doc,
                                                 date_of_birth="1975-06-01"))
    # Same passport, the name typed in Cyrillic at the new agency.
    new_agency = await register_agency(client, people=[
        person(), person("Бакыт Токтогулов", document=doc, date_of_birth="1975-06-01",
                         role="owner"),
    ])
    refused = await _apply(client, new_agency)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["field"] == "people[1]"
    assert "barred" in problem["detail"]
    assert "charged workers recruitment fees" in problem["detail"]


async def test_a_new_passport_does_not_lift_the_bar(client, regulator):
    name = f"Nurlan {unique()} Asanov"
    await _revoke_with(client, regulator, person(name, date_of_birth="1969-02-03"))
    new_agency = await register_agency(client, people=[
        person(name, document=unique("NEW"), date_of_birth="1969-02-03")])
    assert (await _apply(client, new_agency)).status_code == 409


async def test_a_namesake_with_another_birth_date_and_passport_is_not_barred(client, regulator):
    name = f"Aizada {unique()} Bekova"
    await _revoke_with(client, regulator, person(name, date_of_birth="1970-01-01"))
    new_agency = await register_agency(client, people=[person(name, date_of_birth="1990-01-01")])
    assert (await _apply(client, new_agency)).status_code == 201


async def test_a_barred_person_cannot_be_added_as_director_later(client, regulator):
    director = person(f"Temir {unique()}", date_of_birth="1980-08-08")
    await _revoke_with(client, regulator, director)
    other = await register_agency(client)
    response = await client.put(f"/agencies/{other.id}/people",
                                json={"people": [person(), director]}, headers=other.headers)
    assert response.status_code == 409
    assert response.json()["field"] == "people[1]"


async def test_the_bar_ends_after_its_period(client, regulator, db):
    doc = unique("EX")
    await _revoke_with(client, regulator, person(document=doc))
    barred = await client.get("/barred-persons", params={"on": str(date.today())},
                              headers=regulator)
    entry = next(b for b in barred.json() if b["document_number"] == doc)
    assert date.fromisoformat(entry["barred_until"]).year == date.today().year + 5

    await db.execute(
        "UPDATE barred_person SET barred_from = barred_from - interval '6 years', "
        "barred_until = current_date - 1 WHERE document_number = $1", doc,
    )
    new_agency = await register_agency(client, people=[person(document=doc)])
    assert (await _apply(client, new_agency)).status_code == 201
