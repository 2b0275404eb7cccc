"""Staff accounts, for the administrator: every account with its role and organisation, a
form that opens one for a new staff member (who is sent a link to choose a password),
deactivating one, which ends its sessions at once, and opening a deactivated one again."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.routers.admin import (
    ORGANISATION_OF_ROLE,
    AccountIn,
    ReopenIn,
    close_account,
    open_account,
    reopen_account,
)
from api.web.common import (
    FormState,
    gettext_for,
    mark_page,
    redirect,
    render,
    request_language,
    signed_in,
)
from api.web.forms import Done, Refusal, submit
from api.web.labels import ROLE_MINISTRY
from api.web.ministry_common import country_names, present, query_url
from api.web.password_reset import account_limit
from core import password_reset
from core.auth import Principal, Role
from core.users import get_user, list_users
from matching import centres as centre_service
from matching import places
from missions import service as attache_service
from registry import service as registry_service

router = APIRouter(prefix="/ministry", dependencies=[Depends(mark_page)],
                   include_in_schema=False)

Admin = Annotated[Principal, Depends(signed_in(Role.ADMIN))]
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
PAGE = 50

# The roles an administrator opens accounts in: staff, never a migrant (a migrant's account
# is opened by the migrant or their centre, with their consent).
STAFF_ROLES = (Role.REGULATOR, Role.ADMIN, Role.AGENCY_STAFF, Role.CENTRE_STAFF,
               Role.ATTACHE, Role.SETTLEMENT_BODY)
ACCOUNT_FIELDS = ("email", "full_name", "role", "agency_id", "centre_id", "mission_id",
                  "settlement_body_id")


async def _organisations(request: Request, uow: Uow) -> dict[str, dict[int, str]]:
    """The organisations an account may belong to, by the field that names them: each
    one's name, with where it is."""
    countries = country_names(request)
    language = request_language(request)
    centres = await centre_service.list_centres(uow)
    missions = await attache_service.list_missions(uow)
    bodies = await attache_service.list_settlement_bodies(uow)
    return {
        "agency_id": await registry_service.agency_names(uow),
        "centre_id": {c["id"]: f"{c['name']} — "
                               f"{places.city_name(c['city'], language, c['country'])}, "
                               f"{countries.get(c['country'], c['country'])}"
                      for c in centres},
        "mission_id": {m["id"]: f"{m['name']} — {countries.get(m['country'], m['country'])}"
                       for m in missions},
        "settlement_body_id": {b["id"]: f"{b['name']} — "
                                        f"{countries.get(b['country'], b['country'])}"
                               for b in bodies},
    }


async def _page(request: Request, uow: Uow, user: Principal, *, form: FormState,
                role: str | None = None, offset: int = 0, status_code: int = 200,
                reopen: tuple[int, FormState] | None = None) -> Response:
    """The accounts (in one role, or every staff role), and the form for a new one; a
    refused reopening shows its form open on the account's row, with its errors."""
    _ = gettext_for(request)
    filters = FormState(values={"role": role})
    shown = [Role(role)] if role in STAFF_ROLES else list(STAFF_ROLES)
    if role and role not in STAFF_ROLES:
        filters.errors["role"] = _("Choose one of the options.")
    rows = [] if filters.errors else await list_users(uow.conn, roles=shown, limit=PAGE,
                                                      offset=offset)
    organisations = await _organisations(request, uow)
    waiting = await password_reset.awaiting_first_password(uow.conn, [r["id"] for r in rows])
    for row in rows:
        row["awaiting_password"] = row["id"] in waiting
        field = ORGANISATION_OF_ROLE.get(Role(row["role"]))
        row["organisation"] = organisations[field].get(row[field], "") if field else ""
    roles = {str(r): _(ROLE_MINISTRY[r]) for r in STAFF_ROLES}
    return render(request, "ministry/accounts.html", {
        "accounts": rows, "form": form, "filters": filters, "me": user.user_id,
        "fresh": FormState, "reopen": dict([reopen]) if reopen else {},
        "role_options": list(roles.items()), "roles": roles,
        "organisation_options": {field: [(str(key), name) for key, name in names.items()]
                                 for field, names in organisations.items()},
        "offset": offset, "limit": PAGE,
        "page_url": query_url("/ministry/accounts", role=role),
    }, status_code=422 if filters.errors else status_code)


@router.get("/accounts", response_class=HTMLResponse)
async def accounts(request: Request, uow: Uow, user: Admin,
                   role: Annotated[str | None, Query(max_length=40)] = None,
                   offset: Offset = 0) -> Response:
    """Staff accounts, newest first, and the form to open one for a new staff member."""
    return await _page(request, uow, user, form=FormState(),
                       role=(role or "").strip() or None, offset=offset)


@router.post("/accounts", response_class=HTMLResponse)
async def create_account(request: Request, uow: Uow, user: Admin) -> Response:
    """Open an account for a new staff member, bound to the organisation its role needs,
    and send them a link to choose their own password."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        role = values.get("role")
        if role is not None and role not in STAFF_ROLES:
            raise Refusal({"role": _("Choose one of the options.")})
        # Only the organisation the chosen role needs is read: one chosen for another role
        # before the role was changed is left aside.
        needed = ORGANISATION_OF_ROLE.get(Role(role)) if role else None
        account = AccountIn.model_validate(present({
            "email": values.get("email"), "full_name": values.get("full_name"),
            "role": role, **({needed: values.get(needed)} if needed else {}),
        }))
        # Nobody knows this password: the staff member chooses their own through the link.
        await open_account(uow, account=account, password=secrets.token_urlsafe(32),
                           actor=user)
        count, window = account_limit(request.app.state.settings)
        await password_reset.request_reset(uow, email=account.email,
                                           language=request_language(request),
                                           account_limit=count, window=window,
                                           purpose="welcome")
        return Done("/ministry/accounts", _(
            "The account of %(email)s is created. A link to set a password was sent to "
            "that address.") % {"email": account.email})

    async def again(form: FormState, status: int) -> Response:
        return await _page(request, uow, user, form=form, status_code=status)

    return await submit(request, uow, work, again=again, fields=ACCOUNT_FIELDS)


@router.post("/accounts/{user_id}/deactivate", response_class=HTMLResponse)
async def deactivate_account(request: Request, uow: Uow, user: Admin, user_id: Id
                             ) -> Response:
    """Deactivate an account: it can no longer sign in, and its sessions end at once."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        if user_id == user.user_id:
            raise Refusal({"__all__": _("You cannot deactivate your own account: another "
                                        "administrator can.")}, status=409)
        account = await close_account(uow, user_id=user_id, actor=user)
        return Done("/ministry/accounts", _(
            "The account of %(email)s is deactivated: it can no longer sign in, and its "
            "sessions have ended.") % {"email": account["email"] or account["full_name"]})

    async def again(form: FormState, status: int) -> Response:
        return redirect("/ministry/accounts", flash=next(iter(form.errors.values()), ""))

    return await submit(request, uow, work, again=again)


@router.post("/accounts/{user_id}/reactivate", response_class=HTMLResponse)
async def reactivate_account(request: Request, uow: Uow, user: Admin, user_id: Id
                             ) -> Response:
    """Open a deactivated account again, with the reason (audited). It signs in with the
    password it had; one that never chose its first password is sent a new link."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        body = ReopenIn.model_validate(present({"reason": values.get("reason")}))
        account = await reopen_account(uow, user_id=user_id, actor=user, reason=body.reason)
        name = account["email"] or account["full_name"]
        if account["email"] and user_id in await password_reset.awaiting_first_password(
                uow.conn, [user_id]):
            # Its welcome link has likely run out while it was closed: a new one is sent.
            count, window = account_limit(request.app.state.settings)
            await password_reset.request_reset(uow, email=account["email"],
                                               language=request_language(request),
                                               account_limit=count, window=window,
                                               purpose="welcome")
            return Done("/ministry/accounts", _(
                "The account of %(email)s is open again. It had no password yet: a new link "
                "to set one was sent to that address.") % {"email": name})
        return Done("/ministry/accounts", _(
            "The account of %(email)s is open again: it signs in with the password it had.")
            % {"email": name})

    async def again(form: FormState, status: int) -> Response:
        # Shown among the accounts of its role, so that its row (and the errors) is there.
        account = await get_user(uow.conn, user_id)
        return await _page(request, uow, user, form=FormState(), status_code=status,
                           role=account["role"] if account else None, reopen=(user_id, form))

    return await submit(request, uow, work, again=again, fields=("reason",))
