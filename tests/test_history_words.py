"""Every step a case's history records is named in words to each reader: the migrant's page
showed «recover payment», the step's code, once a payment to them was recorded."""

from __future__ import annotations

from api.web.labels import DISPUTE_HISTORY, DISPUTE_HISTORY_CENTRE, DISPUTE_HISTORY_MIGRANT


def test_every_step_of_a_case_is_named_to_the_migrant_and_the_centre() -> None:
    assert set(DISPUTE_HISTORY) - set(DISPUTE_HISTORY_MIGRANT) == set()
    assert set(DISPUTE_HISTORY) - set(DISPUTE_HISTORY_CENTRE) == set()
