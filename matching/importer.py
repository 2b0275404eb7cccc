"""Bulk import of an agency's vacancies as drafts, from JSON Lines or CSV.

Each line is validated on its own and written in its own savepoint, so a bad line is
reported (with its line number, field and reason) and never costs the good ones.
Lines are committed in batches; an `external_ref` on every line makes a re-run update
drafts instead of duplicating them.

A line gives its occupation as a code of the list of occupations (`occupation_code`), or in
its own words (`occupation`), mapped to the list where they name one of it. A code the list
does not have is a bad line, like any other typing error. Words the list does not know are
no error: the taxonomy does not name every trade, so the draft is kept without a code and the
report names the line, for the agency to pick the occupation in the vacancy form.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import asyncpg
from pydantic import ValidationError
from tqdm import tqdm

from core.auth import Principal, Role
from core.db import UnitOfWork
from matching import vacancies
from matching.exceptions import Conflict, InvalidInput, NotFound
from matching.schemas import VacancyIn
from registry import service as registry_service
from registry.exceptions import NotFound as AgencyNotFound

Format = Literal["jsonl", "csv"]

# CSV flattens the nested fields of VacancyIn into these columns.
CSV_COLUMNS = (
    "external_ref", "employer_id", "title", "description", "occupation", "occupation_code",
    "skills", "languages", "country", "city", "wage_amount", "wage_currency", "wage_period",
    "hours_per_week", "housing", "meals", "contract_months", "positions", "worker_fee_amount",
    "worker_fee_currency", "closing_date",
)
_NESTED = ("wage", "worker_fee")


@dataclass(frozen=True)
class BadLine:
    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"line {self.line}: {where}{self.message}"


@dataclass(frozen=True)
class UnlistedOccupation:
    """A line taken as a draft whose occupation is not in the list of occupations."""

    line: int
    external_ref: str
    occupation: str

    def __str__(self) -> str:
        return (f"line {self.line}: occupation: {self.occupation!r} is not in the list of "
                f"occupations; the draft {self.external_ref!r} was kept without an occupation "
                "code: pick the occupation in its form")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: list[BadLine] = field(default_factory=list)
    unlisted: list[UnlistedOccupation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every line was taken (some perhaps with an occupation not in the list)."""
        return not self.bad

    def summary(self) -> str:
        unlisted = (f", {len(self.unlisted)} with an occupation not in the list"
                    if self.unlisted else "")
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.bad)} bad{unlisted}")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (an unknown agency, a broken CSV header)."""


class _LineError(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def import_principal(agency_id: int) -> Principal:
    """The import acts as the agency's staff, labelled so the audit log shows its source."""
    return Principal(user_id=None, role=Role.AGENCY_STAFF, label="import", agency_id=agency_id)


# --- reading lines into VacancyIn ------------------------------------------------------


def _jsonl_records(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | _LineError]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, _LineError(None, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield number, _LineError(None, "each line must be one JSON object")
            continue
        yield number, record


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _languages(value: str) -> list[dict[str, str]]:
    out = []
    for item in _split(value):
        code, sep, level = item.partition(":")
        if not sep or not code.strip() or not level.strip():
            raise _LineError("languages", f"{item!r} is not code:level; write e.g. 'ru:B1;en:A2'")
        out.append({"code": code.strip(), "level": level.strip()})
    return out


def _from_csv_row(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    nested: dict[str, dict[str, str]] = {}
    for column, raw in row.items():
        value = (raw or "").strip()
        if not value:
            continue  # an empty cell is an absent field: defaults apply, required ones fail
        prefix = next((p for p in _NESTED if column.startswith(p + "_")), None)
        if prefix is not None:
            nested.setdefault(prefix, {})[column.removeprefix(prefix + "_")] = value
        elif column == "skills":
            record["skills"] = _split(value)
        elif column == "languages":
            record["languages"] = _languages(value)
        else:
            record[column] = value
    record.update(nested)
    return record


def _csv_records(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | _LineError]]:
    reader = csv.DictReader(iter(lines))
    header = reader.fieldnames
    if not header:
        return
    header = [name.strip() for name in header]
    reader.fieldnames = header
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise ImportFileError(f"line 1: unknown column(s) {', '.join(map(repr, unknown))}; "
                              f"the columns are: {', '.join(CSV_COLUMNS)}")
    if len(set(header)) != len(header):
        raise ImportFileError("line 1: a column is named twice")
    start = reader.line_num + 1
    for row in reader:
        number, start = start, reader.line_num + 1  # a quoted cell may span several lines
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        if None in row:
            yield number, _LineError(None, f"more cells than the {len(header)} columns")
            continue
        try:
            yield number, _from_csv_row(row)
        except _LineError as exc:
            yield number, exc


def _field_name(loc: tuple[Any, ...], fmt: Format) -> str:
    if fmt == "csv":
        if len(loc) > 1 and loc[0] in _NESTED and isinstance(loc[1], str):
            return f"{loc[0]}_{loc[1]}"
        return str(loc[0]) if loc else "line"
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else ("." if path else "") + str(part)
    return path or "line"


def _validate(record: dict[str, Any], fmt: Format) -> VacancyIn:
    try:
        data = VacancyIn.model_validate(record)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(p for p in error["loc"]
                    if not (isinstance(p, str) and "[" in p and "]" in p))
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise _LineError(_field_name(loc, fmt),
                         str(error["msg"]).removeprefix("Value error, ") + more) from None
    if not data.external_ref:
        raise _LineError("external_ref", "required for an import, so that a re-run updates "
                         "the vacancy instead of adding it again")
    try:
        vacancies.chosen_occupation(data)
    except InvalidInput as exc:
        raise _LineError(exc.field, str(exc)) from None
    return data


# --- the import ------------------------------------------------------------------------


async def import_vacancies(
    uow_factory: Callable[[], UnitOfWork],
    lines: Iterable[str],
    *,
    agency_id: int,
    fmt: Format,
    today: date,
    batch_size: int = 500,
    total: int | None = None,
    progress: bool = False,
    on_bad: Callable[[BadLine], None] | None = None,
    on_unlisted: Callable[[UnlistedOccupation], None] | None = None,
) -> ImportReport:
    """Import vacancies for one agency as drafts; each bad line is reported, good ones kept."""
    actor = import_principal(agency_id)
    async with uow_factory() as uow:
        try:
            await registry_service.get_agency(uow, agency_id=agency_id, actor=actor)
        except AgencyNotFound:
            raise ImportFileError(f"agency {agency_id} does not exist") from None

    report = ImportReport()
    seen: dict[str, int] = {}  # external_ref -> the line that first had it
    bar = tqdm(total=total, unit="line", desc="import", disable=not progress)

    def bad(number: int, field_: str | None, message: str) -> None:
        entry = BadLine(number, field_, message)
        report.bad.append(entry)
        if on_bad is not None:
            on_bad(entry)

    async def write(batch: list[tuple[int, VacancyIn]]) -> None:
        async with uow_factory() as uow:
            for number, data in batch:
                try:
                    async with uow.savepoint():  # undoes only this line
                        _, outcome = await vacancies.upsert_imported_vacancy(
                            uow, data=data, actor=actor, today=today
                        )
                except InvalidInput as exc:
                    bad(number, exc.field, str(exc))
                except Conflict as exc:
                    bad(number, "external_ref", str(exc))
                except NotFound as exc:
                    bad(number, None, str(exc))
                except (asyncpg.IntegrityConstraintViolationError, asyncpg.DataError) as exc:
                    constraint = getattr(exc, "constraint_name", None)
                    bad(number, None, f"refused by the database ({constraint or exc})")
                else:
                    if outcome == "created":
                        report.created += 1
                    elif outcome == "updated":
                        report.updated += 1
                    else:
                        report.unchanged += 1
                    words, occupation = vacancies.chosen_occupation(data)
                    if occupation is None:
                        assert data.external_ref is not None
                        entry = UnlistedOccupation(number, data.external_ref, words)
                        report.unlisted.append(entry)
                        if on_unlisted is not None:
                            on_unlisted(entry)
                bar.update(1)
            await uow.commit()

    records = _csv_records(lines) if fmt == "csv" else _jsonl_records(lines)
    batch: list[tuple[int, VacancyIn]] = []
    try:
        for number, record in records:
            try:
                if isinstance(record, _LineError):
                    raise record
                data = _validate(record, fmt)
                assert data.external_ref is not None
                if data.external_ref in seen:
                    raise _LineError("external_ref", f"{data.external_ref!r} is already on "
                                     f"line {seen[data.external_ref]} of this file")
            except _LineError as exc:
                bad(number, exc.field, exc.message)
                bar.update(1)
                continue
            seen[data.external_ref] = number
            batch.append((number, data))
            if len(batch) >= batch_size:
                await write(batch)
                batch = []
        if batch:
            await write(batch)
    finally:
        bar.close()
    report.bad.sort(key=lambda entry: entry.line)
    report.unlisted.sort(key=lambda entry: entry.line)
    return report
