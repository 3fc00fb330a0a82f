"""Which reminder a deadline calls for today: the one rule behind every reminder the portal sends
(grantee reports in grants/, City departments' figures in reports/), so a change to how reminders
are timed is made once."""

from __future__ import annotations

from datetime import date

# The steps, as stored by the reminders' records (grants.ReportReminder.Kind uses the same values).
BEFORE = "before"
DUE = "due"
OVERDUE = "overdue"


def reminder_step(
    *,
    due_on: date,
    today: date,
    days_before: int,
    on_due_date: bool = True,
    overdue_every_days: int = 0,
    overdue_max: int = 0,
) -> str | None:
    """The step due today, if any: BEFORE exactly `days_before` days ahead (0 sends none), DUE on
    the day, OVERDUE every `overdue_every_days` after it, at most `overdue_max` times (0 sends none).

    Only the calendar day counts, so a daily job that runs twice, or late the same day, asks the
    same question and gets the same answer; each caller's record of what it sent keeps a step
    from going out twice.
    """
    days_left = (due_on - today).days
    if days_left > 0:
        return BEFORE if days_before and days_left == days_before else None
    if days_left == 0:
        return DUE if on_due_date else None
    if overdue_every_days and -days_left % overdue_every_days == 0 and -days_left // overdue_every_days <= overdue_max:
        return OVERDUE
    return None
