"""Checkpoints of the audit log, anchored out of the database.

A checkpoint records how many entries the chain held and the hash of its newest one, signed
(HMAC-SHA256) with a key that is not in the database, and is appended as one JSON line to a
file that is not in the database. Whoever can write the database, a superuser included,
can rewrite the chain consistently, but cannot make it agree with a checkpoint taken
before: cutting entries from the end leaves fewer than a checkpoint counted, and rewriting
an entry changes the hash of every checkpointed entry after it. A line forged or changed
without the key fails its signature and is reported as well.

Checkpoints are taken by the `audit.checkpoint` task (Celery beat) and by
`vetted verify-audit --checkpoint`, and only over a chain that holds: each one first checks
the entries appended since the last checkpoint against it.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from core import audit
from core.audit import ChainCheck, Checkpoint

_DOMAIN = b"vetted audit checkpoint v1\n"  # a signature means this and nothing else


def _payload(checkpoint: Checkpoint) -> dict[str, object]:
    return {
        "at": checkpoint.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "entries": checkpoint.entries,
        "last_id": checkpoint.last_id,
        "head_hash": checkpoint.head_hash,
    }


def sign(key: bytes, checkpoint: Checkpoint) -> str:
    body = json.dumps(_payload(checkpoint), sort_keys=True, separators=(",", ":"))
    return hmac.new(key, _DOMAIN + body.encode(), hashlib.sha256).hexdigest()


def read(path: Path, key: bytes) -> tuple[list[Checkpoint], list[str]]:
    """The file's checkpoints whose signatures hold, oldest first, and what is wrong with
    the other lines."""
    if not path.exists():
        return [], []
    checkpoints: list[Checkpoint] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            checkpoint = Checkpoint(
                at=datetime.fromisoformat(fields["at"]), entries=int(fields["entries"]),
                last_id=int(fields["last_id"]), head_hash=str(fields["head_hash"]))
            signature = str(fields["signature"])
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(f"checkpoint line {number} of {path} cannot be read "
                            f"({type(exc).__name__}): the file was changed")
            continue
        if not hmac.compare_digest(signature, sign(key, checkpoint)):
            problems.append(f"checkpoint line {number} of {path} (of {fields['at']}, "
                            f"{checkpoint.entries} entries) does not verify with the "
                            f"checkpoint key: it was forged or changed")
            continue
        checkpoints.append(checkpoint)
    return checkpoints, problems


def append(path: Path, key: bytes, checkpoint: Checkpoint) -> None:
    """Append one signed line; concurrent writers take turns (an exclusive file lock)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({**_payload(checkpoint), "signature": sign(key, checkpoint)},
                      sort_keys=True, separators=(",", ":")) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _with_problems(check: ChainCheck, problems: list[str]) -> ChainCheck:
    """The chain's answer with the checkpoint file's problems added: a forged or changed
    checkpoint is tampering too."""
    if not problems:
        return check
    findings = (*check.findings, *problems)
    return replace(check, ok=False, findings=findings, problem=check.problem or findings[0])


async def verify(conn: asyncpg.Connection, *, path: Path, key: bytes) -> ChainCheck:
    """The whole chain, checked against every checkpoint in the file."""
    checkpoints, problems = await asyncio.to_thread(read, path, key)
    return _with_problems(await audit.verify_chain(conn, checkpoints=checkpoints), problems)


@dataclass(frozen=True)
class Taken:
    check: ChainCheck
    checkpoint: Checkpoint | None  # the one appended; None when refused or unchanged


async def take(conn: asyncpg.Connection, *, path: Path, key: bytes,
               full: bool = False) -> Taken:
    """Check the entries appended since the last checkpoint (all of them with `full`, and
    against every checkpoint) and, if they hold, append a checkpoint of what was checked,
    unless the last one already says the same."""
    checkpoints, problems = await asyncio.to_thread(read, path, key)
    last = checkpoints[-1] if checkpoints else None
    if full or last is None:
        chain = await audit.verify_chain(conn, checkpoints=checkpoints)
    else:
        chain = await audit.verify_chain(conn, since=last)
    check = _with_problems(chain, problems)
    if not chain.ok or chain.head_id is None or chain.head_hash is None:
        return Taken(check, None)  # never anchor a chain that does not hold
    if last is not None and (last.last_id, last.entries) == (chain.head_id,
                                                             chain.entries_checked):
        return Taken(check, None)
    checkpoint = Checkpoint(at=datetime.now(UTC), entries=chain.entries_checked,
                            last_id=chain.head_id, head_hash=chain.head_hash)
    await asyncio.to_thread(append, path, key, checkpoint)
    return Taken(replace(check, last_checkpoint=checkpoint), checkpoint)
