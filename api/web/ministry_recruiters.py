"""The regulator's list of recruiters who are not in the register: each with the count of
reports against them, the most reported first, and the form to mark one as referred to the
police or the prosecutor. Cases are shown by reference, kind, state and place: nothing
about the migrants who reported them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import Uow
from api.web.common import (
    FormState,
    gettext_for,
    render,
)
from api.web.forms import Done, submit
from api.web.labels import (
    AUTHORITY,
    DISPUTE_KIND,
    DISPUTE_STATUS_CENTRE,
    FOUND_VIA,
    labels,
)
from api.web.ministry_common import User, country_names, present
from disputes import recruiters
from disputes.schemas import RecruiterReferralIn, UnlicensedRecruiterOut

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
View = Literal["waiting", "all"]
PAGE = 50
REFERRAL_FIELDS = ("authority", "note")


async def _page(request: Request, uow: Uow, user: Any, *, view: View, offset: int,
                forms: dict[int, FormState] | None = None, status_code: int = 200
                ) -> Response:
    _ = gettext_for(request)
    entries: list[UnlicensedRecruiterOut] = await recruiters.unlicensed_recruiters(
        uow, actor=user, unreferred_only=view == "waiting", limit=PAGE, offset=offset)
    states = {e.entry_id: FormState(values={"authority": "police"}) for e in entries}
    states |= forms or {}
    return render(request, "ministry/recruiters.html", {
        "entries": entries, "forms": states, "view": view, "offset": offset, "limit": PAGE,
        "kinds": labels(_, DISPUTE_KIND),
        "case_states": labels(_, DISPUTE_STATUS_CENTRE),
        "found_via": labels(_, FOUND_VIA),
        "authorities": labels(_, AUTHORITY),
        "countries": country_names(request),
    }, status_code=status_code)


@router.get("/unlicensed-recruiters", response_class=HTMLResponse)
async def recruiter_list(request: Request, uow: Uow, user: User, view: View = "waiting",
                         offset: int = 0) -> Response:
    """Recruiters not in the register with reports not yet referred (or all of them), the
    most reported first."""
    return await _page(request, uow, user, view=view, offset=max(0, min(offset, 1_000_000)))


@router.post("/unlicensed-recruiters/{dispute_id}/referral", response_class=HTMLResponse)
async def refer(request: Request, uow: Uow, user: User, dispute_id: Id) -> Response:
    """Mark the recruiter of this report as referred to the police or the prosecutor."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        data = RecruiterReferralIn.model_validate(present({k: values.get(k)
                                                           for k in REFERRAL_FIELDS}))
        entry = await recruiters.refer_recruiter(uow, dispute_id=dispute_id,
                                                 authority=data.authority, note=data.note,
                                                 actor=user)
        return Done(f"/ministry/unlicensed-recruiters?view=all#recruiter-{entry.entry_id}",
                    _("%(name)s: the referral (%(authority)s) is recorded.") % {
                        "name": entry.names[0],
                        "authority": _(AUTHORITY[values.get("authority") or "police"])})

    async def again(form: FormState, status: int) -> Response:
        return await _page(request, uow, user, view="all", offset=0,
                           forms={dispute_id: form}, status_code=status)

    return await submit(request, uow, work, again=again, fields=REFERRAL_FIELDS,
                        rename={"dispute_id": "__all__"})
