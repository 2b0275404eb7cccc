"""The error answers of every API operation in the OpenAPI document, derived in one place.

Each operation declares the problem+json answers it can give, read from what the route
is made of rather than written route by route:

| the route                                        | declares |
| ---                                              | --- |
| reads a bearer token                             | 401 |
| lets only some roles through                     | 403 |
| has path parameters (a record to look up)        | 404 |
| changes state (not GET), unless it only computes | 409 |
| takes a request body                             | 400 (unreadable), 413, 422 |
| any route (the query string is checked app-wide) | 422 |
| has a rate limit                                 | 429 |
| uses the database                                | 503 |

What a domain refuses where the route's shape cannot tell (the disputes service's party
check, a migrant without a record, a wrong password, evidence that fails its checksum), the
router or the route adds with `problems(...)` in its `responses`, which this module then
leaves as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ConfigDict, Field

from api.deps import (
    RateLimit,
    RoleCheck,
    current_principal,
    get_reading,
    get_uow,
    optional_principal,
)
from api.errors import PROBLEM_JSON
from core.auth import Role

_SCHEMA_REF = "#/components/schemas/{model}"

# What each status means for a client, as the document says it.
DESCRIPTIONS = {
    400: "The request body cannot be read (not UTF-8 JSON, or a broken form)",
    401: "Not signed in, or the access token is invalid or expired",
    403: "The signed-in role may not do this",
    404: "No such record, or not one this user may see",
    409: "Refused by the record's current state or by another record",
    410: "The link or token worked once and no longer does (expired, used or replaced)",
    413: "The request body is too large",
    422: "Invalid request: the problem names the field",
    429: "Too many requests from this client; see Retry-After",
    500: "Something went wrong on the service's side; nothing was saved",
    503: "A service this needs is unavailable for a moment; see Retry-After",
}
_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
    503: {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
}


class FieldProblem(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem; more members may follow, as the `type` defines them."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="a path naming the kind of problem, e.g. /problems/not-found")
    title: str
    status: int
    detail: str
    instance: str = Field(description="the path of the request")
    field: str | None = Field(None, description="the field at fault, where there is one")
    errors: list[FieldProblem] | None = Field(None, description="every field at fault")
    code: str | None = Field(None, description="a stable code for clients to word the refusal")
    params: dict[str, Any] | None = None
    retry_after: int | None = Field(None, description="seconds to wait before trying again")


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The declarations of these problem+json answers, for a route's or router's
    `responses`."""
    return {status: _declaration(status) for status in statuses}


def _declaration(status: int) -> dict[str, Any]:
    declared: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {PROBLEM_JSON: {"schema": {"$ref": _SCHEMA_REF.format(model="Problem")}}},
    }
    if status in _HEADERS:
        declared["headers"] = _HEADERS[status]
    return declared


# --- what a route is made of ------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])
_COMPUTES_ONLY: set[Callable[..., Any]] = set()


def computes_only(endpoint: F) -> F:
    """Marks an endpoint that is called with POST but changes nothing a conflict could
    refuse (sign-in, a check of terms), so no 409 is declared for it."""
    _COMPUTES_ONLY.add(endpoint)
    return endpoint


@dataclass(frozen=True)
class Traits:
    reads_token: bool
    roles: frozenset[Role] | None  # None: no role check
    signed_in: bool
    rate_limited: bool
    uses_database: bool
    path_parameters: bool
    body: bool
    changes_state: bool


def api_routes(app: FastAPI) -> Iterator[Any]:
    """Every route of the document, as it is served (with its routers' prefixes,
    dependencies and responses): `path_format`, `methods`, `dependant`, `responses`..."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute) and context.include_in_schema:
            yield context


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _dependants(dependency)


def traits(route: Any) -> Traits:
    """What a route (from `api_routes`) is made of, as far as its answers go."""
    dependants = [route.dependant, *_dependants(route.dependant)]
    calls = [d.call for d in dependants]
    role_checks = [c for c in calls if isinstance(c, RoleCheck)]
    return Traits(
        reads_token=optional_principal in calls,
        roles=frozenset.intersection(*(c.roles for c in role_checks)) if role_checks else None,
        signed_in=current_principal in calls,
        rate_limited=any(isinstance(c, RateLimit) for c in calls),
        uses_database=get_uow in calls or get_reading in calls,
        path_parameters=any(d.path_params for d in dependants),
        body=route.body_field is not None,
        changes_state=bool(set(route.methods) - {"GET", "HEAD"})
        and route.endpoint not in _COMPUTES_ONLY,
    )


def statuses(route_traits: Traits) -> list[int]:
    """The problem answers a route of these traits can give."""
    found = [422]
    if route_traits.reads_token:
        found.append(401)
    if route_traits.roles is not None:
        found.append(403)
    if route_traits.path_parameters:
        found.append(404)
    if route_traits.changes_state:
        found.append(409)
    if route_traits.body:
        found += [400, 413]
    if route_traits.rate_limited:
        found.append(429)
    if route_traits.uses_database:
        found.append(503)
    return sorted(found)


# FastAPI's own 422 (its validation error shape, as JSON) is replaced: ours is a problem.
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def install(app: FastAPI) -> None:
    """Declare every API operation's problem answers, and the Problem schema they name."""
    generate = app.openapi
    declared: list[dict[str, Any]] = []  # the document as last declared

    def openapi() -> dict[str, Any]:
        document = generate()  # FastAPI's, cached until the routes change
        if not declared or declared[0] is not document:
            _declare(app, document)
            declared[:] = [document]
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _declare(app: FastAPI, document: dict[str, Any]) -> None:
    for route in api_routes(app):
        explicit = {str(status) for status in route.responses}
        for method in route.methods:
            responses = document["paths"][route.path_format][method.lower()]["responses"]
            for status in statuses(traits(route)):
                if str(status) not in explicit:
                    responses[str(status)] = _declaration(status)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template=_SCHEMA_REF)
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    text = json.dumps(document["paths"])
    for name in _FASTAPI_VALIDATION:
        if _SCHEMA_REF.format(model=name) not in text:
            schemas.pop(name, None)
