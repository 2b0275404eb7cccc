"""The worker's wiring (api.worker) names tasks that exist, and core names none of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def test_every_task_the_wiring_names_is_a_task_of_its_modules(engines: Any) -> None:
    # After `engines`: reading the tasks sets the Celery application up, with its broker.
    from api import worker

    known = set(worker.celery_app.tasks)
    named = {*worker.RELAYS.values(), *(e["task"] for e in worker.BEAT_SCHEDULE.values())}
    assert named <= known, named - known
    topics = {t for ts in worker.SUBSCRIBERS.values() for t in ts}
    assert topics <= set(worker.RELAYS), topics - set(worker.RELAYS)


def test_core_names_no_domain_task() -> None:
    domains = ("registry.", "matching.", "disputes.", "missions.", "labour_attache.", "ratings.")
    for path in (ROOT / "core").glob("*.py"):
        text = path.read_text()
        for domain in domains:
            assert f'"{domain}' not in text, (path.name, domain)
