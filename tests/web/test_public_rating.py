"""An agency's rating as the public and the regulator read it, in a browser, in English
and Russian: a newly licensed agency has no figure, only "new: not enough history"; an
agency with a history has one, and filing a dispute against it does not move it (the
dispute is counted beside the score)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.conftest import PASSWORD, act, active_licence, create_user_direct
from tests.factories_disputes import file_case, jurisdiction, new_centre, new_migrant
from tests.factories_ratings import licensed_for, placements, recomputed, signal
from tests.web.conftest import LANGUAGES


async def _rating(client: httpx.AsyncClient, db: Any, regulator: dict[str, str],
                  agency_id: int, test: Callable[[dict[str, Any]], Any], what: str
                  ) -> dict[str, Any]:
    """The agency's rating once its changes are recomputed; `test` must hold of it."""
    await recomputed(db, agency_id)
    response = await client.get(f"/agencies/{agency_id}/rating", headers=regulator)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert test(body), f"{what}: {body}"
    return body


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_new_agency_has_no_figure_and_a_filed_dispute_moves_none(
        visit: Any, client: httpx.AsyncClient, db: Any, app: Any, regulator: dict[str, str],
        admin: dict[str, str], language: str) -> None:
    visitor = await visit(language, mobile=language == "ru")
    page, t = visitor.page, visitor.t

    # Licensed today, nothing done yet: no figure, and no points to add one up from.
    newcomer, new_licence = await active_licence(client, regulator)
    await _rating(client, db, regulator, newcomer.id, lambda r: r["basis"]["licensed_since"],
                  "the newcomer's rating")
    await visitor.goto(f"/check?number={new_licence['number']}")
    await visitor.shot("new-agency")
    card = page.locator(f"#agency-result article[data-licence='{new_licence['number']}']")
    headline = card.locator(".rating")
    assert await headline.get_attribute("data-rating-status") == "new"
    assert (await headline.inner_text()).strip() == t("new: not enough history",
                                                      "новое: недостаточно истории")
    words = await card.inner_text()
    assert t("Verified placements: 0", "Подтверждённые трудоустройства: 0") in words
    assert t("10 verified placements and 12 months with a licence",
             "10 подтверждённых трудоустройств и не менее 12 месяцев с лицензией") in words
    assert await card.locator("details.why").count() == 0
    assert await card.locator("[data-sanctions]").count() == 0

    # Suspended while still too new to score: "new" is not clean, the sanction is said.
    suspended = await act(client, regulator, new_licence["id"], "suspend",
                          reason="test: deposit not topped up")
    assert suspended.status_code == 200, suspended.text
    await _rating(client, db, regulator, newcomer.id,
                  lambda r: r["status"] == "new" and r["basis"]["suspensions"] == 1,
                  "the newcomer's suspension")
    await visitor.goto(f"/check?number={new_licence['number']}")
    sanctions = card.locator("[data-sanctions]")
    assert (await sanctions.inner_text()).strip() == t("sanctions on record", "есть санкции")

    # Twenty placements over two years: a figure, and what it rests on.
    centre = await new_centre(client, admin)
    migrant = await new_migrant(client, centre)
    agency, licence = await active_licence(client, regulator)
    await placements(client, db, agency, 20, migrant_id=migrant.id, centre_id=centre.id)
    await licensed_for(db, agency, 2)
    await signal(app, agency.id)
    before = await _rating(client, db, regulator, agency.id, lambda r: r["status"] == "rated",
                           "a rating with enough history")
    check = f"/check?number={licence['number']}"
    await visitor.goto(check)
    await visitor.shot("rated-agency")
    card = page.locator(f"#agency-result article[data-licence='{licence['number']}']")
    headline = card.locator(".rating")
    assert await headline.get_attribute("data-rating-status") == "rated"
    assert float(await headline.get_attribute("data-score") or "nan") == before["score"]
    figure = await headline.inner_text()
    assert t("out of 100", "из 100") in figure
    assert t("Verified placements: 20", "Подтверждённые трудоустройства: 20") in \
        await card.locator("[data-fact=placements]").inner_text()
    assert t("Disputes filed against the agency: 0", "Жалобы, поданные на агентство: 0") \
        in await card.locator("[data-fact=disputes]").inner_text()

    # A dispute is filed against it: counted beside the figure, the figure the same.
    j = await jurisdiction(client, admin, regulator, agency)
    await file_case(client, j)
    await _rating(client, db, regulator, agency.id, lambda r: r["inputs"]["disputes"] == 1,
                  "the filed dispute")
    await visitor.goto(check)
    await visitor.shot("rated-agency-after-a-dispute")
    assert await headline.inner_text() == figure
    assert float(await headline.get_attribute("data-score") or "nan") == before["score"]
    assert await card.locator("[data-fact=disputes]").inner_text() == t(
        "Disputes filed against the agency: 1, still open: 1",
        "Жалобы, поданные на агентство: 1, ещё не рассмотрены: 1")
    assert t("does not lower the rating", "не снижает рейтинг") in await card.inner_text()

    # The regulator reads the same: no figure for the newcomer, the dispute not counted.
    regulator_page = await visit(language)
    await regulator_page.login(await create_user_direct(db, "regulator"), PASSWORD)
    await regulator_page.goto(f"/ministry/agencies/{newcomer.id}")
    await regulator_page.shot("regulator-new-agency")
    assert t("new: not enough history", "новое: недостаточно истории") in \
        await regulator_page.page.inner_text("#rating")
    await regulator_page.goto(f"/ministry/ratings?order=highest&max_score={before['score']}")
    await regulator_page.shot("regulator-ratings")
    row = regulator_page.page.locator(f"#ratings tr[data-agency='{agency.id}']")
    assert await row.get_attribute("data-rating-status") == "rated"
    cells = await row.locator("td").all_inner_texts()
    score = f"{before['score']:.1f}"
    assert cells[1:3] == [t(score, score.replace(".", ",")), "1"]  # a decimal comma in Russian
