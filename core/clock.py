"""Today's date as the service sees it: UTC, the same in every process."""

from datetime import UTC, date, datetime


def utc_today() -> date:
    return datetime.now(UTC).date()
