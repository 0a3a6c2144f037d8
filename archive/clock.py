"""The archive's clock: every timestamp the archive records, and every "today" a deadline is
measured against, comes from here.

Accountability is about time (what was on file at 10-24, who was late by how much), so the
clock can be set: a rehearsal of the assessment, or a test that lets files arrive over
simulated weeks, moves it instead of waiting. A set clock keeps ticking from the time it was
set to, so the order of events stays real. Dates are read in the server's local time zone,
the zone the county's offices live in.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

_offset: timedelta | None = None


def now() -> datetime:
    """The current instant, aware, in UTC."""
    real = datetime.now(timezone.utc)
    return real + _offset if _offset is not None else real


def now_text() -> str:
    """The current instant as the archive stores it (ISO 8601, seconds, UTC)."""
    return stamp(now())


def stamp(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="seconds")


def today() -> date:
    """Today's date in the local time zone."""
    return now().astimezone().date()


def end_of_day(day: date) -> str:
    """The last stored instant of ``day`` (local time): "as of 10-24" means by 10-24 23:59:59."""
    midnight = datetime(day.year, day.month, day.day).astimezone() + timedelta(days=1)
    return stamp(midnight - timedelta(seconds=1))


def local_date(stored: str) -> date:
    """The local calendar day of a stored timestamp."""
    return datetime.fromisoformat(stored).astimezone().date()


def set_clock(at: datetime | None) -> None:
    """Make ``now()`` read ``at`` from this moment on (and tick on); ``None`` restores real time."""
    global _offset
    if at is None:
        _offset = None
        return
    if at.tzinfo is None:
        at = at.astimezone()
    _offset = at - datetime.now(timezone.utc)


def parse_setting(text: str) -> datetime:
    """`EVIDENCE_CLOCK=2020-10-24T18:00:00+08:00` (or a bare date, read as local 09:00)."""
    text = text.strip()
    if len(text) == 10:
        d = date.fromisoformat(text)
        return datetime(d.year, d.month, d.day, 9).astimezone()
    return datetime.fromisoformat(text)


