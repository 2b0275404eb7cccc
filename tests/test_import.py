"""Bulk import of vacancies: JSON Lines and CSV, line-numbered errors, savepoints, batches,
idempotent re-runs, and the `vetted import-vacancies` command."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from typing import Any

import pytest

from core.clock import utc_today
from core.db import UnitOfWork
from matching import importer
from matching.exceptions import InvalidInput
from matching.importer import ImportFileError, import_vacancies
from tests.conftest import ROOT, active_licence, unique
from tests.factories_vacancies import employer, moved, vacancy_body

pytestmark = pytest.mark.asyncio

CLOSING = str(date.today() + timedelta(days=90))


@pytest.fixture
async def parties(client, regulator):
    agency, _ = await active_licence(client, regulator)
    other, _ = await active_licence(client, regulator)
    boss = await employer(client, agency, "RU")
    theirs = await employer(client, other, "RU")
    return agency, boss, theirs


def line(employer_id: int, ref: str | None, **over: Any) -> str:
    body = vacancy_body(employer_id, closing_date=CLOSING, **over)
    if ref is not None:
        body["external_ref"] = ref
    return json.dumps(body)


async def run(app, lines, agency_id, fmt="jsonl", **kwargs):
    pool = app.state.pool
    return await import_vacancies(lambda: UnitOfWork(pool), lines, agency_id=agency_id,
                                  fmt=fmt, today=utc_today(), **kwargs)


async def imported(db, agency_id):
    rows = await db.fetch("SELECT * FROM vacancy WHERE agency_id = $1 ORDER BY external_ref",
                          agency_id)
    return {r["external_ref"]: r for r in rows}


async def test_good_lines_are_kept_and_each_bad_line_is_named(app, db, parties):
    agency, boss, theirs = parties
    tag = unique()
    lines = [
        line(boss["id"], f"A-{tag}"),                                      # 1 good
        "",                                                                # 2 blank: skipped
        "{not json",                                                       # 3
        line(boss["id"], None),                                            # 4 no reference
        line(boss["id"], f"X-{tag}", wage={"amount": "100", "currency": "ABC",
                                           "period": "month"}),            # 5
        line(theirs["id"], f"Y-{tag}"),                                    # 6 not its employer
        "[1, 2]",                                                          # 7
        line(boss["id"], f"B-{tag}", skills=["rebar", "welding"]),         # 8 good
        line(boss["id"], f"A-{tag}", title="Another title"),               # 9 repeated ref
        line(boss["id"], f"Z-{tag}").replace(CLOSING, "2001-01-01"),       # 10 closed already
        line(boss["id"], f"C-{tag}", wage={"amount": "450.50", "currency": "RUB",
                                           "period": "hour"}),             # 11 good
        json.dumps({**json.loads(line(boss["id"], f"S-{tag}")), "salary": 1}),  # 12
        line(boss["id"], f"L-{tag}", languages=[{"code": "ru", "level": "B9"}]),  # 13
    ]
    seen = []
    report = await run(app, lines, agency.id, on_bad=seen.append)

    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert not report.ok
    got = [(b.line, b.field) for b in report.bad]
    assert got == [(3, None), (4, "external_ref"), (5, "wage.currency"), (6, "employer_id"),
                   (7, None), (9, "external_ref"), (10, "closing_date"), (12, "salary"),
                   (13, "languages[0].level")]
    messages = {b.line: b.message for b in report.bad}
    assert "not valid JSON" in messages[3]
    assert "required for an import" in messages[4]
    assert "ISO 4217" in messages[5]
    assert "not one of the agency's registered employers" in messages[6]
    assert "one JSON object" in messages[7]
    assert "already on line 1" in messages[9]
    assert "in the past" in messages[10]
    assert "Extra inputs are not permitted" in messages[12]
    assert str(report.bad[0]).startswith("line 3: ")
    assert str(report.bad[1]).startswith("line 4: external_ref: ")
    assert sorted(seen, key=lambda b: b.line) == report.bad
    assert report.summary() == "3 created, 0 updated, 0 unchanged, 9 bad"

    rows = await imported(db, agency.id)
    assert set(rows) == {f"A-{tag}", f"B-{tag}", f"C-{tag}"}
    assert all(r["status"] == "draft" for r in rows.values())
    assert list(rows[f"B-{tag}"]["skills"]) == ["rebar", "welding"]
    assert str(rows[f"C-{tag}"]["wage_monthly"]) == "78086.67"  # 450.50 x 40 x 52 / 12
    assert await db.fetchval("SELECT count(*) FROM vacancy WHERE agency_id = $1",
                             theirs["agency_id"]) == 0
    entry = await db.fetchrow(
        "SELECT actor_role, actor_label, action, to_state FROM audit_entry "
        "WHERE entity_type = 'vacancy' AND entity_id = $1", str(rows[f"A-{tag}"]["id"]))
    assert dict(entry) == {"actor_role": "agency_staff", "actor_label": "import",
                           "action": "import", "to_state": "draft"}


async def test_a_rerun_changes_nothing_and_an_edited_line_updates_its_draft(
    app, db, client, parties
):
    agency, boss, _ = parties
    tag = unique()
    lines = [line(boss["id"], f"{n}-{tag}", title=f"Mason {n} {tag}") for n in range(3)]
    first = await run(app, lines, agency.id)
    assert (first.created, first.updated, first.unchanged, first.bad) == (3, 0, 0, [])
    before = await imported(db, agency.id)

    again = await run(app, lines, agency.id)
    assert (again.created, again.updated, again.unchanged, again.bad) == (0, 0, 3, [])
    after = await imported(db, agency.id)
    assert {k: r["version"] for k, r in after.items()} == \
        {k: r["version"] for k, r in before.items()}
    assert await db.fetchval("SELECT count(*) FROM vacancy WHERE agency_id = $1",
                             agency.id) == 3

    lines[1] = line(boss["id"], f"1-{tag}", title=f"Head mason {tag}", positions=9)
    edited = await run(app, lines, agency.id)
    assert (edited.created, edited.updated, edited.unchanged) == (0, 1, 2)
    row = (await imported(db, agency.id))[f"1-{tag}"]
    assert (row["title"], row["positions"], row["version"]) == (f"Head mason {tag}", 9, 2)
    assert await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'vacancy' AND entity_id = $1 "
        "AND action = 'edit'", str(row["id"])) == 1

    # Once submitted, a vacancy is the attaché's to judge: the import leaves it alone.
    submitted_id = after[f"0-{tag}"]["id"]
    await moved(client, agency.headers, submitted_id, "submit")
    unchanged = await run(app, lines, agency.id)
    assert (unchanged.unchanged, unchanged.bad) == (3, [])
    lines[0] = line(boss["id"], f"0-{tag}", title=f"Changed after submission {tag}")
    refused = await run(app, lines, agency.id)
    [bad] = refused.bad
    assert (bad.line, bad.field) == (1, "external_ref")
    assert "is submitted; an import changes only drafts" in bad.message
    assert (await db.fetchrow("SELECT title, status FROM vacancy WHERE id = $1",
                              submitted_id))["status"] == "submitted"


async def test_batches_commit_and_a_failing_line_undoes_only_itself(
    app, db, parties, monkeypatch
):
    agency, boss, _ = parties
    tag = unique()
    real = importer.vacancies.upsert_imported_vacancy

    async def half_written(uow, *, data, actor, today):
        result = await real(uow, data=data, actor=actor, today=today)
        if data.external_ref.startswith("POISON"):
            raise InvalidInput("title", "refused after the row was written")
        return result

    monkeypatch.setattr(importer.vacancies, "upsert_imported_vacancy", half_written)
    refs = [f"{'POISON' if n % 3 == 1 else 'OK'}-{n}-{tag}" for n in range(7)]
    report = await run(app, [line(boss["id"], ref) for ref in refs], agency.id, batch_size=2)

    assert report.created == 5
    assert [(b.line, b.field) for b in report.bad] == [(2, "title"), (5, "title")]
    rows = await imported(db, agency.id)
    assert set(rows) == {ref for ref in refs if ref.startswith("OK")}
    poisoned = await db.fetchval(
        "SELECT count(*) FROM audit_entry WHERE entity_type = 'vacancy' AND action = 'import' "
        "AND data->>'external_ref' LIKE 'POISON%' || $1", tag)
    assert poisoned == 0


async def test_an_occupation_is_a_code_or_words_and_words_off_the_list_are_kept_and_named(
    app, db, parties
):
    agency, boss, _ = parties
    tag = unique()
    lines = [
        line(boss["id"], f"K1-{tag}", occupation=None, occupation_code="7212"),      # 1
        line(boss["id"], f"K2-{tag}", occupation="повар горячего цеха"),              # 2
        line(boss["id"], f"K3-{tag}", occupation="lighthouse keeper"),                     # 3 kept
        line(boss["id"], f"K4-{tag}", occupation_code="9999"),                        # 4 bad
        line(boss["id"], f"K5-{tag}", occupation=None),                               # 5 bad
        line(boss["id"], f"K6-{tag}", occupation="мастер", occupation_code="7115"),   # 6
        line(boss["id"], f"K7-{tag}", occupation="смотритель маяка"),               # 7 kept
    ]
    report = await run(app, lines, agency.id)

    assert report.created == 5 and report.ok is False
    assert [(b.line, b.field) for b in report.bad] == [(4, "occupation_code"), (5, "occupation")]
    assert "'9999' is not a code of the list of occupations" in report.bad[0].message
    assert [(u.line, u.external_ref, u.occupation) for u in report.unlisted] == [
        (3, f"K3-{tag}", "lighthouse keeper"), (7, f"K7-{tag}", "смотритель маяка")]
    assert str(report.unlisted[0]) == (
        f"line 3: occupation: 'lighthouse keeper' is not in the list of occupations; the draft "
        f"'K3-{tag}' was kept without an occupation code: pick the occupation in its form")
    assert report.summary() == ("5 created, 0 updated, 0 unchanged, 2 bad, "
                                "2 with an occupation not in the list")
    rows = await imported(db, agency.id)
    assert {ref.split("-")[0]: (r["occupation_code"], r["occupation"])
            for ref, r in rows.items()} == {
        "K1": ("7212", "welder"), "K2": ("5120", "повар горячего цеха"),
        "K3": (None, "lighthouse keeper"), "K6": ("7115", "мастер"),
        "K7": (None, "смотритель маяка")}

    # A re-run names the drafts still off the list again; picking a code takes them off it.
    lines[2] = line(boss["id"], f"K3-{tag}", occupation="lighthouse keeper",
                    occupation_code="9313")
    again = await run(app, [lines[2], lines[6]], agency.id)
    assert (again.updated, again.unchanged, again.bad) == (1, 1, [])
    assert [(u.line, u.external_ref) for u in again.unlisted] == [(2, f"K7-{tag}")]
    assert (await imported(db, agency.id))[f"K3-{tag}"]["occupation_code"] == "9313"


def csv_text(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(importer.CSV_COLUMNS),
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def csv_row(employer_id: int, ref: str, **over: Any) -> dict[str, Any]:
    return {
        "external_ref": ref, "employer_id": employer_id, "title": f"Welder {ref}",
        "description": "Welding steel structures\non an industrial site.",  # spans two lines
        "occupation": "welder", "skills": "welding; steel ;", "languages": "ru:B1;en:A2",
        "country": "ru", "city": "Kazan", "wage_amount": "25000", "wage_currency": "rub",
        "wage_period": "week", "hours_per_week": "45", "housing": "free", "meals": "none",
        "contract_months": "24", "positions": "3", "worker_fee_amount": "",
        "worker_fee_currency": "", "closing_date": CLOSING, **over,
    }


async def test_csv_flattens_nested_fields_and_names_its_columns(app, db, parties):
    agency, boss, _ = parties
    tag = unique()
    text = csv_text([
        csv_row(boss["id"], f"W1-{tag}"),                                   # lines 2-3
        csv_row(boss["id"], f"W2-{tag}", languages="ru-B1"),                # lines 4-5
        csv_row(boss["id"], f"W3-{tag}", wage_amount="lots"),               # lines 6-7
        csv_row(boss["id"], f"W4-{tag}", wage_currency=""),                 # lines 8-9
        csv_row(boss["id"], f"W5-{tag}", worker_fee_amount="150",
                worker_fee_currency="RUB", skills=""),                      # lines 10-11
        csv_row(boss["id"], f"W6-{tag}", housing="palace"),                 # lines 12-13
    ])
    report = await run(app, text.splitlines(keepends=True), agency.id, fmt="csv")

    assert report.created == 2
    assert [(b.line, b.field) for b in report.bad] == [
        (4, "languages"), (6, "wage_amount"), (8, "wage_currency"), (12, "housing")]
    assert "'ru-B1' is not code:level" in report.bad[0].message
    assert "Field required" in report.bad[2].message
    rows = await imported(db, agency.id)
    first = rows[f"W1-{tag}"]
    assert list(first["skills"]) == ["welding", "steel"]
    assert first["languages"] == [{"code": "ru", "level": "B1"}, {"code": "en", "level": "A2"}]
    assert (first["country"], first["wage_currency"], first["wage_period"]) == \
        ("RU", "RUB", "week")
    assert first["description"] == "Welding steel structures\non an industrial site."
    assert str(first["wage_monthly"]) == "108333.33"  # 25000 x 52 / 12
    fee = rows[f"W5-{tag}"]
    assert (str(fee["worker_fee_amount"]), fee["worker_fee_currency"]) == ("150.00", "RUB")
    assert list(fee["skills"]) == []


async def test_csv_takes_an_occupation_code_column_or_does_without_it(app, db, parties):
    agency, boss, _ = parties
    tag = unique()
    text = csv_text([
        csv_row(boss["id"], f"O1-{tag}", occupation="", occupation_code="7411"),   # 2-3
        csv_row(boss["id"], f"O2-{tag}", occupation_code="74110"),                 # 4-5 bad
        csv_row(boss["id"], f"O3-{tag}", occupation="смотритель маяка"),           # 6-7 kept
    ])
    report = await run(app, text.splitlines(keepends=True), agency.id, fmt="csv")
    assert report.created == 2
    assert [(b.line, b.field) for b in report.bad] == [(4, "occupation_code")]
    assert [(u.line, u.occupation) for u in report.unlisted] == [(6, "смотритель маяка")]
    rows = await imported(db, agency.id)
    assert (rows[f"O1-{tag}"]["occupation_code"], rows[f"O1-{tag}"]["occupation"]) == \
        ("7411", "electrician")
    assert rows[f"O3-{tag}"]["occupation_code"] is None

    # A sheet made before the column existed still imports: its words are mapped.
    older = [c for c in importer.CSV_COLUMNS if c != "occupation_code"]
    row = {k: v for k, v in csv_row(boss["id"], f"O4-{tag}").items() if k in older}
    report = await run(app, csv_text([row], older).splitlines(keepends=True), agency.id,
                       fmt="csv")
    assert (report.created, report.bad, report.unlisted) == (1, [], [])
    assert (await imported(db, agency.id))[f"O4-{tag}"]["occupation_code"] == "7212"


async def test_a_csv_header_with_unknown_columns_is_refused_whole(app, db, parties):
    agency, boss, _ = parties
    row = csv_row(boss["id"], unique("H-"))
    text = csv_text([{**row, "salary": "1"}], [*importer.CSV_COLUMNS, "salary"])
    with pytest.raises(ImportFileError, match="unknown column.*'salary'"):
        await run(app, text.splitlines(keepends=True), agency.id, fmt="csv")
    assert await imported(db, agency.id) == {}


async def test_an_unknown_agency_is_refused(app):
    with pytest.raises(ImportFileError, match="agency 999999999 does not exist"):
        await run(app, ["{}"], 999_999_999)


# --- the command ---------------------------------------------------------------------------


async def _cli(*args):
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "api.cli", "import-vacancies", *args], cwd=ROOT,
        env=os.environ.copy(), capture_output=True, text=True, timeout=600,
    )


async def test_the_import_command(db, parties, tmp_path):
    agency, boss, _ = parties
    tag = unique()
    good = line(boss["id"], f"G-{tag}")
    bad = line(boss["id"], f"B-{tag}", wage={"amount": "1", "currency": "RUB",
                                             "period": "fortnight"})
    path = tmp_path / "vacancies.jsonl"
    path.write_text(f"{good}\n{bad}\n")

    result = await _cli(str(path), "--agency-id", str(agency.id))
    assert result.returncode == 2, result.stderr
    assert "line 2: wage.period: " in result.stderr
    assert "1 created, 0 updated, 0 unchanged, 1 bad" in result.stdout

    path.write_text(f"{good}\n{line(boss['id'], f'B-{tag}')}\n")
    result = await _cli(str(path), "--agency-id", str(agency.id))
    assert result.returncode == 0, result.stderr
    assert "1 created, 0 updated, 1 unchanged, 0 bad" in result.stdout
    assert set(await imported(db, agency.id)) == {f"G-{tag}", f"B-{tag}"}

    again = await _cli(str(path), "--agency-id", str(agency.id))
    assert again.returncode == 0, again.stderr
    assert "0 created, 0 updated, 2 unchanged, 0 bad" in again.stdout

    # A line whose occupation is not in the list is taken, and named.
    sheet = tmp_path / "vacancies.txt"
    sheet.write_text(csv_text([csv_row(boss["id"], f"C-{tag}"),
                               csv_row(boss["id"], f"D-{tag}", occupation="lighthouse keeper")]))
    result = await _cli(str(sheet), "--agency-id", str(agency.id), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "2 created, 0 updated, 0 unchanged, 0 bad, 1 with an occupation not in the list" \
        in result.stdout
    assert "line 4: occupation: 'lighthouse keeper' is not in the list of occupations" \
        in result.stderr

    missing = await _cli(str(path), "--agency-id", "999999999")
    assert missing.returncode == 1
    assert "agency 999999999 does not exist" in missing.stderr
    wrong = await _cli(str(path), "--agency-id", str(agency.id), "--format", "xml")
    assert wrong.returncode == 2
    assert "jsonl or csv" in wrong.stderr
