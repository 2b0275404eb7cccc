"""Disputes: intake, the case and its lifecycle, evidence, routing rules and feedback,
outcomes, recoveries, the agencies' security deposits, and the regulator's queue of
recruiters who are not in the register."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from api.deps import (
    CurrentPrincipal,
    RegulatorOrAdmin,
    Uow,
    checked_form,
    filing_limit,
    require_roles,
)
from api.openapi import problems
from core.auth import Principal, Role
from core.clock import utc_today
from core.config import get_settings
from core.validation import CountryCode
from disputes import recruiters, service
from disputes.evidence_files import Upload
from disputes.rules import DisputeStatus
from disputes.schemas import (
    DecisionPreviewOut,
    DepositDrawIn,
    DepositDrawPreviewOut,
    DepositOut,
    DisputeIn,
    DisputeOut,
    DisputeSummaryOut,
    DisputeTransitionIn,
    EvidenceOut,
    FiledDisputeOut,
    HistoryOut,
    MessageIn,
    MessageOut,
    OutcomeCorrectionIn,
    RecoveryIn,
    RecruiterReferralIn,
    RoutingDecisionOut,
    RoutingFeedbackIn,
    RoutingRuleIn,
    RoutingRuleOut,
    TopUpIn,
    UnlicensedRecruiterOut,
)

# The disputes service refuses whoever the case does not concern, whatever the role.
router = APIRouter(tags=["disputes"], responses=problems(403))

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
QueryId = Annotated[int | None, Query(ge=1, le=2**63 - 1)]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]

Filer = Annotated[Principal, Depends(require_roles(Role.CENTRE_STAFF, Role.MIGRANT,
                                                   Role.ATTACHE))]
AgencyStaffOrOfficial = Annotated[Principal, Depends(require_roles(
    Role.AGENCY_STAFF, Role.REGULATOR, Role.ADMIN))]


def _now() -> datetime:
    return datetime.now(UTC)


# --- intake and the case -------------------------------------------------------------------


@router.post(
    "/disputes", status_code=status.HTTP_201_CREATED, response_model=FiledDisputeOut,
    responses={
        200: {"model": FiledDisputeOut, "description": "The complainant already had an open "
              "case of this kind against this agency or recruiter: the filing joined it "
              "(joined: true, Location names it) and no case was opened."},
        409: {**problems(409)[409], "description": "The same complaint has an open case "
              "filed by someone else (code dispute.already_open, with its dispute_id and "
              "reference)."},
        429: {**problems(429)[429], "description": "Too many filings for this complainant "
              "(DISPUTE_FILING_RATE_LIMIT); Retry-After says when to try again."},
    },
)
async def file_dispute(request: Request, response: Response, body: DisputeIn, uow: Uow,
                       actor: Filer) -> FiledDisputeOut:
    """File a dispute for a migrant (centre staff), for oneself (a migrant), or as an attaché,
    against an agency in the register whatever its licence status, or against a recruiter
    who is not in the register; it is routed at once. Filings per complainant are limited
    per day, and the same complaint while its case is open joins that case (200)."""
    filed = await service.file_dispute(uow, data=body, actor=actor, now=_now(),
                                       today=utc_today(), admit=filing_limit(request, uow))
    response.headers["Location"] = f"/disputes/{filed.id}"
    if filed.joined:
        response.status_code = status.HTTP_200_OK
    return filed


@router.get("/disputes", response_model=list[DisputeSummaryOut])
async def list_disputes(
    uow: Uow,
    actor: CurrentPrincipal,
    status_: Annotated[list[DisputeStatus] | None, Query(alias="status")] = None,
    agency_id: QueryId = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[DisputeSummaryOut]:
    """The cases one is party to (regulators: all), newest first, without personal data."""
    return await service.list_disputes(uow, actor=actor, statuses=status_, agency_id=agency_id,
                                       limit=limit, offset=offset, now=_now())


@router.get("/disputes/queues/{queue}", response_model=list[DisputeSummaryOut])
async def dispute_queue(
    queue: Literal["fallback", "supervisor"], uow: Uow, actor: RegulatorOrAdmin,
    limit: Limit = 100, offset: Offset = 0,
) -> list[DisputeSummaryOut]:
    """Cases no rule matched (fallback) or that nobody could take in time (supervisor)."""
    return await service.list_disputes(uow, actor=actor, queue=queue, limit=limit,
                                       offset=offset, now=_now())


@router.get("/disputes/{dispute_id}", response_model=DisputeOut)
async def get_dispute(dispute_id: Id, uow: Uow, actor: CurrentPrincipal) -> DisputeOut:
    """One case: the complainant's contacts only for those who may see them, and the
    verified vacancy's terms beside the reported ones."""
    return await service.get_dispute(uow, dispute_id=dispute_id, actor=actor, now=_now(),
                                     today=utc_today())


@router.get("/disputes/{dispute_id}/history", response_model=HistoryOut)
async def dispute_history(dispute_id: Id, uow: Uow, actor: CurrentPrincipal) -> HistoryOut:
    """Every step of the case and every escalation, oldest first."""
    return await service.get_history(uow, dispute_id=dispute_id, actor=actor)


@router.post("/disputes/{dispute_id}/transitions", response_model=DisputeOut)
async def transition_dispute(
    dispute_id: Id, body: DisputeTransitionIn, uow: Uow, actor: CurrentPrincipal
) -> DisputeOut:
    """Assign, reassign, acknowledge, start mediation, resolve, refer, decide, close or
    withdraw a case; resolve and decide record an outcome only with confirm: true."""
    return await service.transition_dispute(uow, dispute_id=dispute_id, command=body,
                                            actor=actor, now=_now(), today=utc_today())


@router.post("/disputes/{dispute_id}/transitions/preview", response_model=DecisionPreviewOut)
async def preview_transition(
    dispute_id: Id, body: DisputeTransitionIn, uow: Uow, actor: CurrentPrincipal
) -> DecisionPreviewOut:
    """What resolving or deciding the case would record (parties, outcome, amounts,
    deadlines, notices, the rating effect); nothing is written."""
    return await service.preview_transition(uow, dispute_id=dispute_id, command=body,
                                            actor=actor, now=_now(), today=utc_today())


@router.post("/disputes/{dispute_id}/outcome/corrections", response_model=DisputeOut)
async def correct_outcome(
    dispute_id: Id, body: OutcomeCorrectionIn, uow: Uow, actor: CurrentPrincipal
) -> DisputeOut:
    """Correct the recorded decision, with a reason and confirm: true (the body that made
    it, within DECISION_CORRECTION_DAYS); every version is kept."""
    return await service.correct_outcome(uow, dispute_id=dispute_id, data=body, actor=actor,
                                         now=_now(), today=utc_today())


@router.post("/disputes/{dispute_id}/outcome/corrections/preview",
             response_model=DecisionPreviewOut)
async def preview_correction(
    dispute_id: Id, body: OutcomeCorrectionIn, uow: Uow, actor: CurrentPrincipal
) -> DecisionPreviewOut:
    """What correcting the decision would record, beside the version in force; nothing is
    written."""
    return await service.preview_correction(uow, dispute_id=dispute_id, data=body,
                                            actor=actor, now=_now(), today=utc_today())


# --- evidence -----------------------------------------------------------------------------


# The form is read in the handler, after the caller's right to add evidence to the case is
# checked, so nobody else's files are read at all; api.bodies bounds its size.
_EVIDENCE_FORM = {"requestBody": {"required": True, "content": {"multipart/form-data": {
    "schema": {"type": "object", "title": "EvidenceFiles", "required": ["files"],
               "properties": {"files": {
                   "type": "array", "title": "Files", "description": "PDF, JPEG or PNG files",
                   "items": {"type": "string", "contentMediaType": "application/octet-stream"},
               }}}}}}}


@router.post("/disputes/{dispute_id}/evidence", status_code=status.HTTP_201_CREATED,
             response_model=list[EvidenceOut], openapi_extra=_EVIDENCE_FORM)
async def add_evidence(
    dispute_id: Id, request: Request, uow: Uow, actor: CurrentPrincipal
) -> list[EvidenceOut]:
    """Attach evidence files (checked by content, size-limited, stored with a SHA-256)."""
    await service.check_evidence_writer(uow, dispute_id=dispute_id, actor=actor)
    limit = get_settings().evidence_max_bytes
    form = await checked_form(request)
    try:
        uploads = [Upload(filename=f.filename or "evidence", claimed_type=f.content_type,
                          content=await f.read(limit + 1))
                   for f in form.getlist("files") if isinstance(f, UploadFile)]
    finally:
        await form.close()
    return await service.add_evidence(uow, dispute_id=dispute_id, uploads=uploads,
                                      actor=actor)


@router.get("/disputes/{dispute_id}/evidence", response_model=list[EvidenceOut])
async def list_evidence(dispute_id: Id, uow: Uow, actor: CurrentPrincipal
                        ) -> list[EvidenceOut]:
    """The case's evidence files (never shown to the agency concerned)."""
    return await service.list_evidence(uow, dispute_id=dispute_id, actor=actor)


@router.get("/disputes/{dispute_id}/evidence/{evidence_id}", response_class=Response,
            responses={200: {"content": {"application/pdf": {}, "image/jpeg": {},
                                         "image/png": {}}},
                       # A file that no longer matches its checksum is never served.
                       **problems(500)})
async def download_evidence(dispute_id: Id, evidence_id: Id, uow: Uow,
                            actor: CurrentPrincipal) -> Response:
    """One evidence file, served only if it still matches its checksum."""
    meta, content = await service.read_evidence(uow, dispute_id=dispute_id,
                                                evidence_id=evidence_id, actor=actor)
    digest = base64.b64encode(bytes.fromhex(meta.sha256)).decode()
    return Response(content, media_type=meta.content_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(meta.filename)}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Repr-Digest": f"sha-256=:{digest}:",
    })


# --- messages -----------------------------------------------------------------------------


@router.post("/disputes/{dispute_id}/messages", status_code=status.HTTP_201_CREATED,
             response_model=MessageOut)
async def add_message(dispute_id: Id, body: MessageIn, uow: Uow, actor: CurrentPrincipal
                      ) -> MessageOut:
    """Write on the case to those who handle it: the migrant, the centre that filed, the
    assigned attaché or an official (not on a closed or withdrawn case)."""
    return await service.add_message(uow, dispute_id=dispute_id, body=body.body, actor=actor)


@router.get("/disputes/{dispute_id}/messages", response_model=list[MessageOut])
async def list_messages(dispute_id: Id, uow: Uow, actor: CurrentPrincipal
                        ) -> list[MessageOut]:
    """The case's messages, oldest first (never shown to the agency concerned or the
    settlement body)."""
    return await service.list_messages(uow, dispute_id=dispute_id, actor=actor)


# --- routing records and feedback ---------------------------------------------------------


@router.get("/disputes/{dispute_id}/routing", response_model=list[RoutingDecisionOut])
async def dispute_routing(dispute_id: Id, uow: Uow, actor: CurrentPrincipal
                          ) -> list[RoutingDecisionOut]:
    """How the case was routed: each decision, the rule that matched and people's marks."""
    return await service.list_routing(uow, dispute_id=dispute_id, actor=actor)


@router.put("/disputes/{dispute_id}/routing/{decision_id}/feedback",
            response_model=list[RoutingDecisionOut])
async def mark_routing(dispute_id: Id, decision_id: Id, body: RoutingFeedbackIn, uow: Uow,
                       actor: CurrentPrincipal) -> list[RoutingDecisionOut]:
    """Mark a routing decision right or wrong."""
    return await service.mark_routing(uow, dispute_id=dispute_id, decision_id=decision_id,
                                      correct=body.correct, comment=body.comment, actor=actor)


# --- awards and deposits -------------------------------------------------------------------


@router.post("/disputes/{dispute_id}/recoveries", response_model=DisputeOut)
async def record_recovery(dispute_id: Id, body: RecoveryIn, uow: Uow,
                          actor: CurrentPrincipal) -> DisputeOut:
    """Record a payment towards the award."""
    return await service.record_recovery(uow, dispute_id=dispute_id, amount=body.amount,
                                         note=body.note, actor=actor, now=_now(),
                                         today=utc_today())


@router.post("/disputes/{dispute_id}/deposit-draws", status_code=status.HTTP_201_CREATED,
             response_model=DepositOut)
async def draw_from_deposit(dispute_id: Id, body: DepositDrawIn, uow: Uow,
                            actor: RegulatorOrAdmin) -> DepositOut:
    """Pay an overdue award against the agency out of its security deposit (with
    confirm: true)."""
    return await service.draw_from_deposit(uow, dispute_id=dispute_id, amount=body.amount,
                                           reason=body.reason, actor=actor, now=_now(),
                                           today=utc_today(), confirm=body.confirm)


@router.post("/disputes/{dispute_id}/deposit-draws/preview",
             response_model=DepositDrawPreviewOut)
async def preview_deposit_draw(dispute_id: Id, body: DepositDrawIn, uow: Uow,
                               actor: RegulatorOrAdmin) -> DepositDrawPreviewOut:
    """What drawing the overdue award from the agency's security deposit would record;
    nothing is written."""
    return await service.preview_deposit_draw(uow, dispute_id=dispute_id, amount=body.amount,
                                              reason=body.reason, actor=actor, now=_now(),
                                              today=utc_today())


@router.get("/agencies/{agency_id}/deposit", response_model=DepositOut)
async def get_deposit(agency_id: Id, uow: Uow, actor: AgencyStaffOrOfficial) -> DepositOut:
    """The agency's security deposit: balance, draws and the top-up it owes."""
    return await service.get_deposit(uow, agency_id=agency_id, actor=actor)


@router.post("/agencies/{agency_id}/deposit/top-ups", status_code=status.HTTP_201_CREATED,
             response_model=DepositOut)
async def record_top_up(agency_id: Id, body: TopUpIn, uow: Uow, actor: RegulatorOrAdmin
                        ) -> DepositOut:
    """Record money the agency paid back into its security deposit."""
    return await service.record_top_up(uow, agency_id=agency_id, amount=body.amount,
                                       reason=body.reason, actor=actor)


# --- routing rules (regulators) -----------------------------------------------------------


@router.get("/routing-rules", response_model=list[RoutingRuleOut])
async def list_rules(
    uow: Uow, _: RegulatorOrAdmin, country: CountryCode | None = None,
    active: bool | None = None, mission_id: QueryId = None,
) -> list[RoutingRuleOut]:
    """Routing rules by country, highest priority first."""
    return await service.list_rules(uow, country=country, active=active,
                                     mission_id=mission_id)


@router.post("/routing-rules", status_code=status.HTTP_201_CREATED,
             response_model=RoutingRuleOut)
async def create_rule(body: RoutingRuleIn, uow: Uow, actor: RegulatorOrAdmin
                      ) -> RoutingRuleOut:
    """Add a routing rule: country, region, kinds and amount range decide the mission and
    the settlement body."""
    return await service.create_rule(uow, data=body, actor=actor)


@router.get("/routing-rules/{rule_id}", response_model=RoutingRuleOut)
async def get_rule(rule_id: Id, uow: Uow, _: RegulatorOrAdmin) -> RoutingRuleOut:
    """One routing rule."""
    return await service.get_rule(uow, rule_id=rule_id)


@router.put("/routing-rules/{rule_id}", response_model=RoutingRuleOut)
async def update_rule(rule_id: Id, body: RoutingRuleIn, uow: Uow, actor: RegulatorOrAdmin
                      ) -> RoutingRuleOut:
    """Replace a routing rule; cases already routed stay where they are."""
    return await service.update_rule(uow, rule_id=rule_id, data=body, actor=actor)


@router.delete("/routing-rules/{rule_id}", response_model=RoutingRuleOut)
async def deactivate_rule(rule_id: Id, uow: Uow, actor: RegulatorOrAdmin) -> RoutingRuleOut:
    """Stop a rule routing new cases; it is kept, since past decisions name it."""
    return await service.deactivate_rule(uow, rule_id=rule_id, actor=actor)


@router.get("/routing-rules/{rule_id}/decisions", response_model=list[RoutingDecisionOut])
async def rule_decisions(rule_id: Id, uow: Uow, actor: RegulatorOrAdmin
                         ) -> list[RoutingDecisionOut]:
    """The cases a rule routed and how people marked each decision."""
    return await service.rule_decisions(uow, rule_id=rule_id, actor=actor)


# --- recruiters not in the register (regulators) -------------------------------------------


@router.get("/unlicensed-recruiters", response_model=list[UnlicensedRecruiterOut])
async def unlicensed_recruiters(
    uow: Uow, actor: RegulatorOrAdmin, unreferred_only: bool = False, limit: Limit = 100,
    offset: Offset = 0,
) -> list[UnlicensedRecruiterOut]:
    """Recruiters not in the register, each with the count of reports against them (grouped
    by spelling-tolerant name and normalised phone), the most reported first."""
    return await recruiters.unlicensed_recruiters(uow, actor=actor,
                                                  unreferred_only=unreferred_only,
                                                  limit=limit, offset=offset)


@router.get("/unlicensed-recruiters/{dispute_id}", response_model=UnlicensedRecruiterOut)
async def unlicensed_recruiter(dispute_id: Id, uow: Uow, actor: RegulatorOrAdmin
                               ) -> UnlicensedRecruiterOut:
    """The recruiter reported in this dispute, with every report of them."""
    return await recruiters.get_unlicensed_recruiter(uow, dispute_id=dispute_id, actor=actor)


@router.post("/unlicensed-recruiters/{dispute_id}/referrals", status_code=status.HTTP_201_CREATED,
             response_model=UnlicensedRecruiterOut)
async def refer_recruiter(dispute_id: Id, body: RecruiterReferralIn, uow: Uow,
                          actor: RegulatorOrAdmin) -> UnlicensedRecruiterOut:
    """Mark the recruiter reported in this dispute as referred to the police or the
    prosecutor, with a note (audited); it covers every report of them not yet referred."""
    return await recruiters.refer_recruiter(uow, dispute_id=dispute_id,
                                            authority=body.authority, note=body.note,
                                            actor=actor)
