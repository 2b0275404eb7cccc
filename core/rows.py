"""Typed rows at the repositories' edge: each query's record leaves as a plain dict typed by
the TypedDict of what it selects, so a misspelt column fails type checking, not a page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar, cast, overload

import asyncpg

T = TypeVar("T")


@overload
def row_as(kind: type[T], record: asyncpg.Record) -> T: ...
@overload
def row_as(kind: type[T], record: asyncpg.Record | None) -> T | None: ...
def row_as(kind: type[T], record: asyncpg.Record | None) -> T | None:
    """The record as a dict of the row type `kind` (None stays None). The type is the
    query's promise: nothing is checked at run time, as with `dict(record)` before."""
    return cast(T, dict(record)) if record is not None else None


def rows_as(kind: type[T], records: Iterable[asyncpg.Record]) -> list[T]:
    """Each record as a dict of the row type `kind`."""
    return [cast(T, dict(r)) for r in records]
