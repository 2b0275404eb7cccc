"""The words missions and settlement bodies are described in: the kinds of settlement body,
the kinds of dispute a body takes, and the spelling-tolerant key of a region. Pure; the
disputes domain, above, speaks of its cases in the same words."""

from __future__ import annotations

import enum

from core.text import name_key


class DisputeKind(enum.StrEnum):
    UNPAID_WAGES = "unpaid_wages"
    WAGES_BELOW_CONTRACT = "wages_below_contract"
    CONTRACT_SUBSTITUTION = "contract_substitution"
    EXCESSIVE_HOURS = "excessive_hours"
    PASSPORT_WITHHELD = "passport_withheld"
    RECRUITMENT_FEES = "recruitment_fees"
    UNSAFE_CONDITIONS = "unsafe_conditions"
    EARLY_TERMINATION = "early_termination"
    OTHER = "other"


class SettlementBodyKind(enum.StrEnum):
    LABOUR_INSPECTORATE = "labour_inspectorate"
    COURT = "court"
    MEDIATION_CENTRE = "mediation_centre"
    ARBITRATION_CENTRE = "arbitration_centre"


def region_key(region: str) -> str:
    """A region's spelling-tolerant key ("Москва", "Moskva" and "moscow" meet)."""
    return name_key(region) or region.strip().casefold()
