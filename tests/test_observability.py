"""Request ids from the request to the worker, structured log lines, and /metrics."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.logs import json_formatter, text_formatter
from tests.conftest import agency_body, unique


@pytest.fixture
async def local(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client on this machine, as a Prometheus beside the API would be."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://vetted.test") as c:
        yield c


def _request_lines(caplog: pytest.LogCaptureFixture, request_id: str) -> list[dict[str, Any]]:
    """The request log's lines of one request, as the JSON formatter writes them."""
    formatter = json_formatter()
    return [json.loads(formatter.format(r)) for r in caplog.records
            if r.name == "vetted.request" and getattr(r, "request_id", None) == request_id]


async def test_a_request_id_comes_back_and_is_in_the_request_log_line(client, caplog):
    caplog.set_level(logging.DEBUG, logger="vetted.request")
    request_id = unique("edge-") + ":42"
    response = await client.get("/agencies/1", headers={"X-Request-ID": request_id})
    assert response.status_code == 401
    assert response.headers["x-request-id"] == request_id

    [line] = _request_lines(caplog, request_id)
    assert line["request_id"] == request_id
    assert line["logger"] == "vetted.request"
    assert line["level"] == "INFO"
    assert (line["event"], line["method"], line["route"], line["status"]) == (
        "http.request", "GET", "/agencies/{agency_id}", 401)
    assert line["duration_ms"] >= 0
    assert "time" in line
    # The developer's format says the same on one readable line.
    record = next(r for r in caplog.records if getattr(r, "request_id", None) == request_id)
    text = text_formatter().format(record)
    assert f"[{request_id}]" in text and "route=/agencies/{agency_id}" in text
    assert "status=401" in text

    # A probe's success is there for whoever asks for DEBUG, and only then.
    probe = await client.get("/healthz", headers={"X-Request-ID": "probe-" + request_id})
    assert probe.headers["x-request-id"] == "probe-" + request_id
    [line] = _request_lines(caplog, "probe-" + request_id)
    assert (line["level"], line["route"], line["status"]) == ("DEBUG", "/healthz", 200)


async def test_the_log_line_names_the_route_not_the_address_a_person_typed(client, caplog):
    caplog.set_level(logging.INFO, logger="vetted.request")
    response = await client.get("/public/licences", params={"q": "Aibek Sadyrov AN1234567"})
    request_id = response.headers["x-request-id"]
    [line] = _request_lines(caplog, request_id)
    assert line["route"] == "/public/licences"
    formatted = json.dumps(line)
    assert "Aibek" not in formatted and "AN1234567" not in formatted


@pytest.mark.parametrize("sent", [None, "", "two words", "forged\nline", "x" * 129, "ид-1"])
async def test_an_unusable_request_id_is_replaced_by_a_fresh_one(client, sent):
    headers = {} if sent is None else {"X-Request-ID": sent.encode()}
    response = await client.get("/healthz", headers=headers)
    given = response.headers["x-request-id"]
    assert given != sent and len(given) == 32 and int(given, 16) >= 0
    again = await client.get("/healthz", headers=headers)
    assert again.headers["x-request-id"] != given  # one per request


async def test_an_answer_for_no_route_and_an_error_page_carry_the_id_too(client, caplog):
    caplog.set_level(logging.INFO, logger="vetted.request")
    response = await client.get("/no/such/page", headers={"X-Request-ID": "probe-404"})
    assert response.status_code == 404
    assert response.headers["x-request-id"] == "probe-404"
    [line] = _request_lines(caplog, "probe-404")
    assert (line["route"], line["status"]) == ("<unmatched>", 404)


async def test_the_worker_logs_a_task_with_the_id_of_the_request_that_sent_it(
        client, worker, engines):
    # Registering an agency asks the worker to compute its rating once the change commits.
    request_id = unique("register-")
    response = await client.post("/agencies", json=agency_body(),
                                 headers={"X-Request-ID": request_id})
    assert response.status_code == 201, response.text
    log_file = Path(engines["data_dir"]) / "worker.log"

    def task_lines() -> list[dict[str, Any]]:
        lines = []
        for raw in log_file.read_text(errors="replace").splitlines():
            try:
                line = json.loads(raw)
            except ValueError:
                continue  # Celery's start-up banner
            if isinstance(line, dict) and line.get("request_id") == request_id:
                lines.append(line)
        return lines

    deadline = time.monotonic() + 120
    while not any(line.get("task_name") == "ratings.recompute"
                  for line in task_lines()):
        assert time.monotonic() < deadline, "no worker line carries the request's id"
        await asyncio.sleep(0.5)
    line = next(x for x in task_lines() if x.get("task_name") == "ratings.recompute")
    assert line["task_id"] and line["level"] and line["message"]


def _samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


def _value(samples: dict[str, list[tuple[dict[str, str], float]]], name: str,
           **labels: str) -> float | None:
    for found, value in samples.get(name, []):
        if all(found.get(k) == v for k, v in labels.items()):
            return value
    return None


async def test_metrics_show_requests_search_legs_and_the_outbox_backlog(local, client, db):
    written = await client.post("/agencies", json=agency_body())
    assert written.status_code == 201, written.text
    searched = await client.get("/search/vacancies", params={"q": "welder in Moscow"})
    assert searched.status_code == 200, searched.text
    topic = unique("test.backlog-")
    await db.execute(
        "INSERT INTO outbox (topic, entity_id, created_at) VALUES "
        "($1, 1, now() - interval '120 seconds'), ($1, 2, now())", topic)
    try:
        response = await local.get("/metrics")
    finally:
        await db.execute("DELETE FROM outbox WHERE topic = $1", topic)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = _samples(response.text)

    latency = "vetted_http_request_duration_seconds_count"
    assert _value(samples, latency, method="POST", route="/agencies", status="2xx") >= 1
    assert _value(samples, latency, method="GET", route="/search/vacancies",
                  status="2xx") >= 1
    legs = "vetted_search_leg_duration_seconds_count"
    assert _value(samples, legs, backend="postgres", leg="keyword") >= 1
    assert _value(samples, legs, backend="postgres", leg="vector") >= 1
    assert _value(samples, "vetted_outbox_pending_entries", topic=topic) == 2
    assert _value(samples, "vetted_outbox_oldest_pending_age_seconds", topic=topic) >= 120
    assert _value(samples, "vetted_metrics_source_up", source="outbox") == 1
    assert _value(samples, "vetted_metrics_source_up", source="shared_counters") == 1
    for family in ("vetted_outbox_relay_failures", "vetted_notices_undelivered",
                   "vetted_unavailable_responses", "vetted_search_query_vector_duration_seconds"):
        assert f"# TYPE {family}" in response.text, family


async def test_a_relay_failure_counted_in_a_worker_shows_in_the_apis_metrics(local):
    from core.relay import relay_failed

    topic = unique("test.relay-")
    # As a worker's relay does when its run fails: here, in a thread of its own.
    for _ in range(2):
        await asyncio.to_thread(relay_failed, topic=topic, relayed=0,
                                exc=ConnectionError("refused"), retries=0)
    samples = _samples((await local.get("/metrics")).text)
    assert _value(samples, "vetted_outbox_relay_failures_total", topic=topic) == 2


async def test_metrics_are_for_this_machine_unless_a_token_is_set(app, client, local):
    refused = await client.get("/metrics")  # from another address, no token configured
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "METRICS_TOKEN" in refused.json()["detail"]
    assert (await local.get("/metrics")).status_code == 200

    settings = app.state.settings
    token = "scrape-" + unique() * 3
    app.state.settings = settings.model_copy(update={"metrics_token": token})
    try:
        assert (await client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
                ).status_code == 200
        assert (await client.get("/metrics", headers={"Authorization": "Bearer wrong"})
                ).status_code == 403
        # With a token set, being on this machine is not enough.
        assert (await local.get("/metrics")).status_code == 403
    finally:
        app.state.settings = settings
