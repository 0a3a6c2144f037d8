"""The archive's clock: every timestamp the archive records, and every "today" a deadline is
measured against, comes from here.

Accountability is about time (what was on file at 10-24, who was late by how much), so the
clock can be set: a rehearsal of the assessment, or a test that lets files arrive over
simulated weeks, moves it instead of waiting. A set clock keeps ticking from the time it was
set to, so the order of events stays real. Dates are read in the county's time zone: the
`time_zone` of `evidence.toml` when set (a cloud server often runs on UTC while the offices live
on Beijing time, and a file handed in at 01:30 on 10-25 is late for a 10-24 deadline), else the
server's own zone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

_offset: timedelta | None = None
_zone: tzinfo | None = None  # None: the server's own zone


def now() -> datetime:
    """The current instant, aware, in UTC."""
    real = datetime.now(timezone.utc)
    return real + _offset if _offset is not None else real


def now_text() -> str:
    """The current instant as the archive stores it (ISO 8601, seconds, UTC)."""
    return stamp(now())


def stamp(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="seconds")


def set_zone(name: str | None) -> None:
    """Read dates in the IANA zone ``name`` (e.g. "Asia/Shanghai", checked by the configuration);
    ``None`` or "" means the server's."""
    global _zone
    _zone = ZoneInfo(name) if name else None


def local(instant: datetime) -> datetime:
    """``instant`` on the county's wall clock (a naive instant is taken as UTC, as stored)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.utc)
    return instant.astimezone(_zone)


def _on_wall(naive: datetime) -> datetime:
    """A wall-clock reading without a zone, read on the county's clock, as an aware instant."""
    return naive.replace(tzinfo=_zone) if _zone is not None else naive.astimezone()


def _wall(day: date, hour: int = 0) -> datetime:
    """``hour`` o'clock of ``day`` on the county's wall clock, as an aware instant."""
    return _on_wall(datetime(day.year, day.month, day.day, hour))


def today() -> date:
    """Today's date in the county's time zone."""
    return local(now()).date()


def end_of_day(day: date) -> str:
    """The last stored instant of ``day`` (county time): "as of 10-24" means by 10-24 23:59:59."""
    return stamp(_wall(day + timedelta(days=1)) - timedelta(seconds=1))


def local_date(stored: str) -> date:
    """The county's calendar day of a stored timestamp."""
    return local(datetime.fromisoformat(stored)).date()


def set_clock(at: datetime | None) -> None:
    """Make ``now()`` read ``at`` from this moment on (and tick on); ``None`` restores real time."""
    global _offset
    if at is None:
        _offset = None
        return
    if at.tzinfo is None:
        at = _on_wall(at)
    _offset = at - datetime.now(timezone.utc)


def parse_setting(text: str) -> datetime:
    """`EVIDENCE_CLOCK=2020-10-24T18:00:00+08:00` (or a bare date, read as 09:00 county time)."""
    text = text.strip()
    if len(text) == 10:
        return _wall(date.fromisoformat(text), 9)
    return datetime.fromisoformat(text)


