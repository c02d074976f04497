"""The 48-hour promise as a pure function: which SLA state an engagement is in at a moment.

No database, no clock of its own: callers pass `now`, so boundaries are easy to test.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

DUE_SOON_WINDOW = timedelta(hours=12)

ON_TRACK = "on_track"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
ANSWERED_IN_TIME = "answered_in_time"
ANSWERED_LATE = "answered_late"


class Clocked(Protocol):
    """What the clock reads of an engagement (the model has these fields; a test may pass any object)."""

    @property
    def submitted_at(self) -> datetime | None: ...

    @property
    def response_due_at(self) -> datetime | None: ...

    @property
    def first_response_at(self) -> datetime | None: ...


def promise_text(hours: int) -> str:
    """The response promise in words, as the clock counts it: hours on working days only."""
    if hours % 24 == 0:
        days = hours // 24
        return "one working day" if days == 1 else f"{days} working days"
    return f"{hours} working hours"


LABELS = {
    ON_TRACK: "On track",
    DUE_SOON: "Due within 12 h",
    OVERDUE: "Overdue",
    ANSWERED_IN_TIME: "Answered in time",
    ANSWERED_LATE: "Answered late",
}


def sla_state(
    *,
    submitted_at: datetime | None,
    response_due_at: datetime | None,
    first_response_at: datetime | None,
    now: datetime,
) -> str | None:
    """The SLA state, or None while the clock is not running (nothing submitted yet).

    1. Answered: in time when the first response came at or before the deadline, else late.
    2. Not answered: overdue strictly after the deadline; due soon from 12 hours before it up
       to and including the deadline itself; on track before that.
    """
    if submitted_at is None or response_due_at is None:
        return None
    if first_response_at is not None:
        return ANSWERED_IN_TIME if first_response_at <= response_due_at else ANSWERED_LATE
    if now > response_due_at:
        return OVERDUE
    if response_due_at - now <= DUE_SOON_WINDOW:
        return DUE_SOON
    return ON_TRACK


def response_due(start: datetime, *, hours: int, working_days: frozenset[int], holidays: frozenset[date]) -> datetime:
    """When a response promised within `hours` is due for a request made at `start` (aware, in the
    local time zone), counting working days only: ISO weekdays in `working_days` not in `holidays`.

    1. The clock runs from `start` to local midnight on a working day, and not at all on other days.
    2. The deadline is where `hours` of running clock are used up, on a working day. A clock used up
       exactly at midnight is due at the next working day's start, never on a day off.
    Hours are counted in UTC, so a day that changes the clocks counts 23 or 25 of them.
    """
    remaining = timedelta(hours=hours)
    cursor = start
    for _ in range(3660):  # ten years of days: only a settings mistake could need more
        day = cursor.date()
        next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=start.tzinfo)
        if day.isoweekday() in working_days and day not in holidays:
            available = next_midnight.astimezone(UTC) - cursor.astimezone(UTC)
            if remaining < available:
                return (cursor.astimezone(UTC) + remaining).astimezone(start.tzinfo)
            remaining -= available
        cursor = next_midnight
    raise ValueError("No working day in ten years: check SLA_WORKING_DAYS and SLA_HOLIDAYS.")


def engagement_sla_state(engagement: Clocked, now: datetime) -> str | None:
    return sla_state(
        submitted_at=engagement.submitted_at,
        response_due_at=engagement.response_due_at,
        first_response_at=engagement.first_response_at,
        now=now,
    )


def duration_text(delta: timedelta) -> str:
    """A duration in the words every page uses: "6 h 12 min", "2 d 3 h", "under a minute".

    Whole days are spelled out past 24 h so the number stays short.
    """
    minutes = max(int(delta / timedelta(minutes=1)), 0)
    if minutes == 0:
        return "under a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        parts = [f"{days} d", f"{hours} h" if hours else ""]
    else:
        parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(p for p in parts if p)


def first_response_text(*, submitted_at: datetime | None, first_response_at: datetime | None) -> str:
    """How long the first response took: "answered in 6 h 12 min" (see duration_text).

    Empty while there is no response (or no clock).
    """
    if submitted_at is None or first_response_at is None:
        return ""
    return "answered in " + duration_text(first_response_at - submitted_at)


def overdue_text(engagement: Clocked, now: datetime) -> str:
    """How far past its deadline an unanswered engagement is ("overdue by 12 h"); empty unless overdue."""
    due = engagement.response_due_at
    if due is None or engagement_sla_state(engagement, now) != OVERDUE:  # overdue has a deadline
        return ""
    return "overdue by " + duration_text(now - due)


def engagement_first_response_text(engagement: Clocked) -> str:
    return first_response_text(submitted_at=engagement.submitted_at, first_response_at=engagement.first_response_at)
