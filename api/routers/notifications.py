"""The in-app inbox, the choices of how notices reach a person, and what reached whom."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict

from api.deps import CurrentPrincipal, RegulatorOrAdmin, Uow, require_roles
from core import notice_delivery, notifications
from core.auth import Principal, Role
from core.errors import InvalidInput, NotFound
from matching import notices as matching_notices

router = APIRouter(prefix="/notifications", tags=["notifications"])
CentreStaff = Annotated[Principal, Depends(require_roles(Role.CENTRE_STAFF))]
Language = Literal["en", "ru", "ky", "uz", "tg"]
DeliveryState = Literal["pending", "delivered", "failed", "skipped"]


class NoticeSettings(BaseModel):
    """How notices reach the signed-in person outside the app."""

    model_config = ConfigDict(extra="forbid")
    language: Language | None = None  # None: English for staff, a migrant's country's language
    email_notices: bool = True


class DeliveryOut(BaseModel):
    id: int
    channel: Literal["email", "messenger"]
    user_id: int
    recipient: str
    state: DeliveryState
    attempts: int
    last_error: str | None
    finished_at: datetime | None


class NoticeDeliveriesOut(BaseModel):
    id: int
    audience: str
    kind: str
    subject: str
    created_at: datetime
    deliveries: list[DeliveryOut]


class UndeliveredOut(BaseModel):
    id: int
    notice_id: int
    kind: str
    subject: str
    created_at: datetime
    channel: Literal["email", "messenger"]
    state: DeliveryState
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    migrant_id: int
    migrant_full_name: str


class Unsubscribed(BaseModel):
    email_notices: bool


@router.get("")
async def inbox(uow: Uow, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    """Notices for the signed-in user, its agency, or the regulator, newest first."""
    return [dict(notice) for notice in await notifications.inbox(uow.conn, principal)]


@router.get("/settings")
async def get_settings(uow: Uow, principal: CurrentPrincipal) -> NoticeSettings:
    """The language of the signed-in person's notices and whether they come by e-mail."""
    assert principal.user_id is not None
    return NoticeSettings(**await notice_delivery.preferences(uow.conn, principal.user_id))


@router.put("/settings")
async def put_settings(body: NoticeSettings, uow: Uow, principal: CurrentPrincipal
                       ) -> NoticeSettings:
    """Choose the language of one's notices, and whether they come by e-mail."""
    assert principal.user_id is not None
    return NoticeSettings(**await notice_delivery.set_preferences(
        uow.conn, principal.user_id, language=body.language,
        email_notices=body.email_notices))


@router.post("/unsubscribe")
async def unsubscribe(uow: Uow, token: Annotated[str, Query(max_length=100)]) -> Unsubscribed:
    """Stop notices by e-mail with the token of an e-mail's link, without signing in (the
    one-click unsubscribe of RFC 8058)."""
    user_id = notice_delivery.user_of_unsubscribe_token(token)
    if user_id is None or not await notice_delivery.stop_email(uow.conn, user_id):
        raise InvalidInput("token", "notice.unsubscribe_invalid")
    return Unsubscribed(email_notices=False)


@router.get("/deliveries")
async def deliveries(uow: Uow, _actor: RegulatorOrAdmin, state: DeliveryState | None = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100
                     ) -> list[NoticeDeliveriesOut]:
    """Recent notices and how each reached (or failed to reach) each person; with `state`,
    only notices with a delivery in that state."""
    rows = await notice_delivery.notices_with_deliveries(uow.conn, state=state, limit=limit)
    return [NoticeDeliveriesOut.model_validate(row) for row in rows]


@router.get("/undelivered")
async def undelivered(uow: Uow, actor: CentreStaff) -> list[UndeliveredOut]:
    """Notices to the centre's migrants that did not reach them outside the app (failed, or
    failed once and being tried again)."""
    assert actor.centre_id is not None
    rows = await matching_notices.undelivered_notices(uow, centre_id=actor.centre_id)
    return [UndeliveredOut.model_validate(row) for row in rows]


@router.get("/{notice_id}/deliveries")
async def notice_deliveries(notice_id: int, uow: Uow, _actor: RegulatorOrAdmin
                            ) -> list[DeliveryOut]:
    """One notice's deliveries: to whom, by which route, in which state, with the last
    error."""
    if not await notice_delivery.notice_exists(uow.conn, notice_id):
        raise NotFound("notice", notice_id)
    return [DeliveryOut.model_validate(row)
            for row in await notice_delivery.deliveries_of(uow.conn, notice_id)]
