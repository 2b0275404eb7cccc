"""Employers, vacancies, their verification, minimum wages and the public code check."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["vacancies"])
