"""Log lines of every process: JSON for collectors or plain text for a terminal, each
carrying the id of the request (or task) it belongs to.

The id lives in a context variable: set for a request by the API's middleware, carried
into Celery tasks in their headers (core.celery_app) and set again in the worker, so a
change is followed from the request that made it to the relay that indexed it. Log
lines name records by id and never carry personal data (names, passport numbers,
tokens): a field worth logging goes in `extra`, where it is easy to see in review.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal

from pythonjsonlogger.json import JsonFormatter

LogFormat = Literal["json", "text"]

_request_id: ContextVar[str | None] = ContextVar("vetted_request_id", default=None)
_task: ContextVar[tuple[str, str] | None] = ContextVar("vetted_task", default=None)

# What an incoming X-Request-ID may be to be kept: a proxy's or client's id (a UUID, a
# hex or base64 string, "host:counter"). Anything else, a newline above all, could forge
# log lines, so a fresh id replaces it.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")

# The handler this module installs, told apart from others (pytest's, a developer's).
_HANDLER_NAME = "vetted"

# Attributes of a record that are not a line's fields of their own.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message", "asctime", "request_id", "task_name", "task_id", "taskName"}


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str | None:
    """The incoming id if it is one we may log as is, else None."""
    if value and _SANE_ID.fullmatch(value):
        return value
    return None


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_context(request_id: str | None, *, task: tuple[str, str] | None = None
                    ) -> Iterator[None]:
    """Log lines within carry `request_id` (and the task's name and id, in a worker)."""
    token = _request_id.set(request_id)
    task_token = _task.set(task)
    try:
        yield
    finally:
        _task.reset(task_token)
        _request_id.reset(token)


def bind(request_id: str | None, *, task: tuple[str, str] | None = None) -> None:
    """Set the ids for what follows in this context (a Celery task, between its prerun and
    postrun signals, which cannot share a `with`)."""
    _request_id.set(request_id)
    _task.set(task)


def _stamping(previous: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        # Read where the line is made, whichever thread or handler writes it out.
        record.request_id = _request_id.get()
        task = _task.get()
        record.task_name, record.task_id = task if task else (None, None)
        return record

    factory.vetted_stamping = True  # type: ignore[attr-defined]
    return factory


def _install_record_factory() -> None:
    current = logging.getLogRecordFactory()
    if not getattr(current, "vetted_stamping", False):
        logging.setLogRecordFactory(_stamping(current))


class _Json(JsonFormatter):
    """One JSON object a line: time, level, logger, message, the ids when there are any,
    and the line's own fields."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in log_data.items() if v is not None}


def json_formatter() -> logging.Formatter:
    return _Json("{asctime}{levelname}{name}{message}{request_id}{task_name}{task_id}",
                 style="{", rename_fields={"asctime": "time", "levelname": "level",
                                           "name": "logger"})


class _Text(logging.Formatter):
    """A readable line for a developer's terminal: the request id in brackets, the line's
    own fields as key=value after the message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s%(ids)s %(message)s%(fields)s")

    def format(self, record: logging.LogRecord) -> str:
        ids = [getattr(record, "request_id", None), getattr(record, "task_name", None)]
        record.ids = "".join(f" [{i}]" for i in ids if i)
        fields = {k: v for k, v in record.__dict__.items()
                  if k not in _STANDARD and k not in ("ids", "fields")}
        record.fields = "".join(f" {k}={v}" for k, v in fields.items())
        return super().format(record)


def text_formatter() -> logging.Formatter:
    return _Text()


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is written, not when the handler was
    made (a test runner swaps it, and closes the one it swapped in)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(*, log_format: LogFormat, level: str | int = "INFO") -> None:
    """Send every logger's lines to stderr in `log_format`, stamped with the ids. Safe to
    call again (a second app in one process): it replaces only what it installed."""
    _install_record_factory()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.name == _HANDLER_NAME]:
        root.removeHandler(handler)
    handler = _Stderr()
    handler.name = _HANDLER_NAME
    handler.setFormatter(json_formatter() if log_format == "json" else text_formatter())
    root.addHandler(handler)
    root.setLevel(level)
    # uvicorn's own lines go the same way. Its access log is replaced by the API's one
    # line per request (api.observability), which names the route, not the address with
    # its query string: a search or a lookup can carry a person's name there.
    for name in ("uvicorn", "uvicorn.error"):
        named = logging.getLogger(name)
        named.handlers.clear()
        named.propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    access.disabled = True
