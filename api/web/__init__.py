"""Server-rendered pages for each user group: staff pages in English and Russian, public and
migrant pages also in Kyrgyz, Uzbek (Latin) and Tajik."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import (
    agency,
    centre,
    centre_requests,
    jobs,
    me,
    me_account,
    me_disputes,
    me_jobs,
    ministry,
    ministry_accounts,
    mission,
    notices,
    papers,
    password_reset,
    public,
    public_code,
)
from api.web.common import WEB_DIR


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    for module in (public, public_code, password_reset, jobs, papers, centre, centre_requests,
                   agency, mission, ministry, ministry_accounts, me, me_disputes, me_jobs,
                   me_account, notices):
        app.include_router(module.router)
