"""Migrants at the centres, their pre-screening, and referrals to vacancies."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["migrants"])
