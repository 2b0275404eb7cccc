"""Routing rules: which mission and settlement body a dispute goes to, by country, region,
kind and amount. The regulator lists, adds, edits and retires them, and sees what each
rule decided."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import TypeAdapter, ValidationError

from api.deps import Uow
from api.web.common import (
    FormState,
    gettext_for,
    redirect,
    render,
    request_language,
)
from api.web.forms import Done, submit
from api.web.labels import DISPUTE_KIND, labels
from api.web.ministry_common import User, country_names, present
from api.web.mission_routing import routing_words
from api.web.options import coded_country_options
from core.validation import CountryCode
from disputes import routing_rules
from disputes.schemas import RoutingRuleIn, RoutingRuleOut
from missions import service as attache_service

router = APIRouter()

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]

RULE_FIELDS = ("name", "country", "region", "kinds", "amount_min", "amount_max",
               "amount_currency", "mission_id", "settlement_body_id", "priority", "active")
# Where the schema's nested names appear on the form.
RENAME = {"amount.min": "amount_min", "amount.max": "amount_max",
          "amount.currency": "amount_currency", "amount": "amount_max"}


def _rule_input(values: dict[str, Any], *, expected_version: Any = None) -> RoutingRuleIn:
    amount = None
    if values.get("amount_min") or values.get("amount_max"):
        amount = present({"min": values.get("amount_min"), "max": values.get("amount_max"),
                          "currency": values.get("amount_currency")})
    return RoutingRuleIn.model_validate(present({
        "name": values.get("name"), "country": values.get("country"),
        "region": values.get("region"), "kinds": values.get("kinds") or None,
        "amount": amount, "mission_id": values.get("mission_id"),
        "settlement_body_id": values.get("settlement_body_id"),
        "priority": values.get("priority") or 0, "active": values.get("active") == "true",
        "expected_version": expected_version,
    }))


def _rule_values(rule: RoutingRuleOut) -> dict[str, Any]:
    return {
        "name": rule.name, "country": rule.country, "region": rule.region,
        "kinds": [k.value for k in rule.kinds or []],
        "amount_min": rule.amount.min if rule.amount else None,
        "amount_max": rule.amount.max if rule.amount else None,
        "amount_currency": rule.amount.currency if rule.amount else None,
        "mission_id": str(rule.mission_id),
        "settlement_body_id": str(rule.settlement_body_id or ""),
        "priority": rule.priority, "active": "true" if rule.active else None,
        "expected_version": rule.version,
    }


async def _choices(request: Request, uow: Uow) -> dict[str, Any]:
    """What the rule form and list offer and name: missions, bodies, kinds, countries."""
    _ = gettext_for(request)
    names = country_names(request)
    missions = await attache_service.list_missions(uow)
    bodies = await attache_service.list_settlement_bodies(uow)
    return {
        "mission_options": [(str(m["id"]), f"{m['name']} — {names.get(m['country'], '')} "
                             f"({m['country']})") for m in missions],
        "body_options": [(str(b["id"]), f"{b['name']} — {names.get(b['country'], '')} "
                          f"({b['country']})") for b in bodies],
        "mission_names": {m["id"]: m["name"] for m in missions},
        "body_names": {b["id"]: b["name"] for b in bodies},
        "kinds": labels(_, DISPUTE_KIND),
        "country_options": coded_country_options(request_language(request)),
        "countries": names,
    }


@router.get("/routing-rules", response_class=HTMLResponse)
async def rules(request: Request, uow: Uow, user: User) -> Response:
    """Routing rules by country, highest priority first."""
    values = {key: (request.query_params.get(key) or "").strip() or None
              for key in ("country", "active")}
    _ = gettext_for(request)
    country: str | None = None
    form = FormState(values=dict(values))
    if values["country"]:
        try:
            country = TypeAdapter(CountryCode).validate_python(values["country"])
        except ValidationError:
            form.errors["country"] = _("Choose one of the options.")
    active = {"yes": True, "no": False}.get(values["active"] or "")
    rows = [] if form.errors else await routing_rules.list_rules(uow, country=country,
                                                                  active=active)
    return render(request, "ministry/rules.html", {
        "rules": rows, "form": form,
        "active_options": [("yes", _("Active")), ("no", _("Inactive"))],
        **await _choices(request, uow),
    }, status_code=422 if form.errors else 200)


def _rule_form(request: Request, uow: Uow, choices: dict[str, Any], form: FormState, *,
               rule: RoutingRuleOut | None = None, decisions: list[Any] | None = None,
               status_code: int = 200) -> Response:
    return render(request, "ministry/rule.html", {
        "rule": rule, "form": form, "decisions": decisions or [],
        "deactivate": FormState(), "routing_words": routing_words(request), **choices,
    }, status_code=status_code)


@router.get("/routing-rules/new", response_class=HTMLResponse)
async def new_rule(request: Request, uow: Uow, user: User) -> Response:
    """The form for a new routing rule."""
    form = FormState(values={"active": "true", "priority": 0})
    return _rule_form(request, uow, await _choices(request, uow), form)


@router.post("/routing-rules/new", response_class=HTMLResponse)
async def create_rule(request: Request, uow: Uow, user: User) -> Response:
    """Add a routing rule; it routes cases filed from now on."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        rule = await routing_rules.create_rule(uow, data=_rule_input(values), actor=user)
        return Done(f"/ministry/routing-rules/{rule.id}", _("The routing rule is added."))

    async def again(form: FormState, status: int) -> Response:
        return _rule_form(request, uow, await _choices(request, uow), form,
                          status_code=status)

    return await submit(request, uow, work, again=again, fields=RULE_FIELDS, rename=RENAME,
                        lists=("kinds",))


@router.get("/routing-rules/{rule_id}", response_class=HTMLResponse)
async def rule_page(request: Request, uow: Uow, user: User, rule_id: Id) -> Response:
    """One routing rule to edit, and the cases it routed."""
    rule = await routing_rules.get_rule(uow, rule_id=rule_id)
    return _rule_form(request, uow, await _choices(request, uow),
                      FormState(values=_rule_values(rule)), rule=rule,
                      decisions=await routing_rules.rule_decisions(uow, rule_id=rule_id,
                                                                   actor=user))


@router.post("/routing-rules/{rule_id}", response_class=HTMLResponse)
async def update_rule(request: Request, uow: Uow, user: User, rule_id: Id) -> Response:
    """Change a routing rule; cases it already placed stay where they are."""
    _ = gettext_for(request)

    async def work(values: dict[str, Any]) -> Done:
        data = _rule_input(values, expected_version=values.get("expected_version"))
        await routing_rules.update_rule(uow, rule_id=rule_id, data=data, actor=user)
        return Done(f"/ministry/routing-rules/{rule_id}", _("The routing rule is saved."))

    async def again(form: FormState, status: int) -> Response:
        rule = await routing_rules.get_rule(uow, rule_id=rule_id)
        # The page shows the rule as saved now; sending again acts on that version.
        form.values["expected_version"] = rule.version
        return _rule_form(request, uow, await _choices(request, uow), form, rule=rule,
                          decisions=await routing_rules.rule_decisions(uow, rule_id=rule_id,
                                                                       actor=user),
                          status_code=status)

    return await submit(request, uow, work, again=again, fields=RULE_FIELDS, rename=RENAME,
                        lists=("kinds",))


@router.post("/routing-rules/{rule_id}/deactivate", response_class=HTMLResponse)
async def deactivate_rule(request: Request, uow: Uow, user: User, rule_id: Id) -> Response:
    """Stop a rule routing new cases; it is kept, since past decisions name it."""
    _ = gettext_for(request)
    url = f"/ministry/routing-rules/{rule_id}"

    async def work(values: dict[str, Any]) -> Done:
        await routing_rules.deactivate_rule(uow, rule_id=rule_id, actor=user)
        return Done(url, _("The routing rule no longer routes new cases."))

    async def again(form: FormState, status: int) -> Response:
        return redirect(url, flash=next(iter(form.errors.values()), ""))

    return await submit(request, uow, work, again=again)
