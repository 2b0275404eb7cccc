"""Running a page's form, for every group of pages: the form is taken once (its token), its
work runs in a savepoint so that a refusal leaves nothing written, the refusal is placed
beside the fields it names (api.web.refusals words it, api.problems gives its status), and
the page is answered again with that status, or sent on (303) once the work is done."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import Response
from pydantic import ValidationError

from api.problems import status_of
from api.web.common import (
    FormState,
    claim_form,
    errors_from_validation,
    finish_form,
    form_token,
    read_form,
    redirect,
    release_form,
)
from api.web.refusals import refusal_errors
from core.db import UnitOfWork
from core.errors import DomainError, NotFound

T = TypeVar("T")


class Refusal(Exception):
    """A refusal the page words itself (a check of the form's own): errors by field, and
    the status to answer with."""

    def __init__(self, errors: dict[str, str], status: int = 422) -> None:
        super().__init__(errors)
        self.errors = errors
        self.status = status


def refused_together(request: Request, exc: ValidationError | None,
                     *checks: DomainError | None,
                     words: Mapping[str, str] | None = None) -> Refusal:
    """A schema's refusal together with the domain's own checks of the fields it let
    through (a date too far ahead, a reason the action needs), so that the form shows every
    field's error at once rather than one more on each try. The domain's checks run only
    once the schema has passed, so without these a second mistake waits for the first to
    be fixed; where both speak of one field, the schema's word stands. `words` are the
    page group's own words for the schema's error types, as `run` takes them."""
    errors: dict[str, str] = {}
    for refused in checks:
        if refused is not None:
            errors |= refusal_errors(request, refused)
    return Refusal(errors | (errors_from_validation(exc, request, words) if exc else {}))


@dataclass
class Done:
    """Where a form's page goes once its work is done, and what it says there."""

    url: str
    flash: str | None = None


@dataclass
class Outcome(Generic[T]):
    """A form's work: its result, or the errors (placed beside the fields) and status."""

    result: T | None
    errors: dict[str, str] | None = None
    status: int = 200

    @property
    def refused(self) -> bool:
        return self.errors is not None


def _field_of(key: str, known: set[str], rename: Mapping[str, str]) -> str:
    """The form field an error is about: the name as sent, or as renamed; an error about a
    list item or a nested part goes to the field that holds it."""
    bare = re.sub(r"\[\d+\]", "", key)
    for candidate in (key, bare, bare.split(".")[0]):
        name = rename.get(candidate, candidate)
        if name in known:
            return name
    return "__all__"


def place_errors(errors: Mapping[str, str], fields: Iterable[str],
                 rename: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each error beside its field; one about a field the form does not show goes to the
    top of the form, so it is never lost. Two different errors on one place are both said."""
    fields = list(fields)
    known = set(fields)
    placed: dict[str, str] = {}
    for key, text in errors.items():
        # A schema's message starts a sentence here ("value is…"); a name the person gave
        # (a file's, `bad.exe`) is left as they wrote it.
        message = text[:1].upper() + text[1:] if re.match(r"[^\W\d_]+\s", text) else text
        name = _field_of(key, known, rename or {})
        if name not in placed:
            placed[name] = message
        elif message not in placed[name]:
            placed[name] = f"{placed[name]} {message}"
    # In the form's order, so that "the first" refused is the first on the page.
    order = {name: i for i, name in enumerate(fields)}
    return dict(sorted(placed.items(), key=lambda item: order.get(item[0], -1)))


class _Previewed(Exception):
    """Leaves a preview's savepoint by rolling it back, carrying what it showed."""

    def __init__(self, result: Any) -> None:
        super().__init__("preview")
        self.result = result


async def run(request: Request, uow: UnitOfWork, work: Callable[[], Awaitable[T]], *,
              fields: Iterable[str] = (), rename: Mapping[str, str] | None = None,
              words: Mapping[str, str] | None = None, keep: bool = True,
              passing: tuple[type[Exception], ...] = ()) -> Outcome[T]:
    """Run a form's work in a savepoint: its result, or its refusal placed on the form's
    fields with the status to answer with. keep=False always rolls the savepoint back, so a
    preview writes nothing. A record that does not exist answers with the error page, and
    the errors named in `passing` leave as raised, for a page of their own."""
    left: tuple[type[Exception], ...] = (NotFound, *passing)
    try:
        async with uow.savepoint():
            result = await work()
            if not keep:
                raise _Previewed(result)
    except _Previewed as shown:
        return Outcome(shown.result)
    except Refusal as exc:
        errors, status = exc.errors, exc.status
    except ValidationError as exc:
        errors, status = errors_from_validation(exc, request, words), 422
    except left:
        raise
    except DomainError as exc:
        errors, status = refusal_errors(request, exc), status_of(exc)
    else:
        return Outcome(result)
    return Outcome(None, place_errors(errors, fields, rename), status)


async def submit(
    request: Request, uow: UnitOfWork, work: Callable[[dict[str, Any]], Awaitable[Done]], *,
    again: Callable[[FormState, int], Awaitable[Response]],
    fields: Iterable[str] = (), rename: Mapping[str, str] | None = None,
    words: Mapping[str, str] | None = None, lists: tuple[str, ...] = (),
    drop: Iterable[str] = (), once: bool = True, passing: tuple[type[Exception], ...] = (),
) -> Response:
    """A form's POST from start to end: a second sending of the same form goes where the
    first went; the work gets the typed values and says where to go once done; a refusal
    frees the form to be sent again and `again` shows it as typed (less `drop`, like a
    password), with its errors, under the refusal's status. once=False runs a form that
    carries no token of its own (each sending is checked afresh, like a password's); an
    error in `passing`, or an HTTP refusal from the work (a rate limit), leaves as raised,
    the form freed to be sent again."""
    token = await form_token(request) if once else None
    if done := await claim_form(request, token):
        return redirect(done)
    values = await read_form(request, lists=lists)
    left: tuple[type[Exception], ...] = (NotFound, HTTPException, *passing)
    try:
        outcome = await run(request, uow, lambda: work(values), fields=fields,
                            rename=rename, words=words, passing=passing)
    except left:
        await release_form(request, token)
        raise
    if outcome.result is None or outcome.errors is not None:
        await release_form(request, token)
        left_out = set(drop)
        kept = {k: v for k, v in values.items() if k not in left_out}
        return await again(FormState(kept, outcome.errors or {}, token), outcome.status)
    finish_form(request, uow, token, outcome.result.url)
    return redirect(outcome.result.url, flash=outcome.result.flash)
