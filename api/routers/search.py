"""Search of verified vacancies: free text, and matches for a pre-screened migrant."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["search"])
