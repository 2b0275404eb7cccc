"""Server-rendered pages for each user group: staff pages in English and Russian, public and
migrant pages also in Kyrgyz, Uzbek (Latin) and Tajik."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import agency, centre, jobs, me, ministry, mission, notices, password_reset, public
from api.web.common import WEB_DIR


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    for module in (public, password_reset, jobs, centre, agency, mission, ministry, me, notices):
        app.include_router(module.router)
