"""Scheduled work of core itself: the audit log's checkpoints."""

from __future__ import annotations

import logging
from typing import Any

from core import audit_checkpoints
from core.celery_app import celery_app, run_in_worker
from core.config import get_settings
from core.db import UnitOfWork

log = logging.getLogger("vetted.audit")


@celery_app.task(name="audit.checkpoint")
def checkpoint_audit() -> dict[str, Any]:
    """Check the audit entries appended since the last checkpoint and checkpoint the head;
    a chain that does not hold is logged as an error and not checkpointed."""
    settings = get_settings()
    path = settings.resolved_audit_checkpoint_file()
    key = settings.resolved_audit_checkpoint_key()

    async def work(uow: UnitOfWork) -> audit_checkpoints.Taken:
        return await audit_checkpoints.take(uow.conn, path=path, key=key)

    taken = run_in_worker(work)
    check = taken.check
    if not check.ok:
        log.error("the audit log does not hold: %s", "; ".join(check.findings))
    return {"ok": check.ok, "entries": check.entries_checked, "head_id": check.head_id,
            "written": taken.checkpoint is not None, "findings": list(check.findings)}
