"""The ledger's one entry point for other apps: post activities, verify them, and count JP.

    from ledger.services import record_activity
    entry, created = record_activity(user, "e_learning", "Kursus X", start, end, 1, "hari",
                                      source="course_completion", source_ref=f"course:{course.pk}")

Posting is idempotent by (employee, source, source_ref): posting the same completion twice, or from many
threads at once, gives one entry. Entries are append-only; every change writes an AuditLog row.

Every write also recomputes the employee's stored year summaries (ledger.summaries, via ledger.signals) in the
same transaction, so `year_report` reads one row per employee instead of running the engine for everyone. Each
new entry sends `ledger.signals.entry_recorded`, for apps that react to postings (planning's IDP links).

Split by concern: `posting`, `verification`, `counting` (one employee), `reporting` (many employees).
"""

from .counting import (
    _year_filter,
    counted_entries,
    employee_year_summary,
    hint,
    rulebook_in_use,
    summarise,
    year_entries,
)
from .estimating import estimate
from .posting import audit, record_activity, snapshot
from .reporting import dashboard, find_unit, year_report, year_report_direct
from .verification import correct, earlier_duplicates, reject, reverse, verifier_scope, verify

__all__ = [
    "_year_filter",
    "audit",
    "correct",
    "counted_entries",
    "dashboard",
    "earlier_duplicates",
    "estimate",
    "employee_year_summary",
    "find_unit",
    "hint",
    "record_activity",
    "reject",
    "reverse",
    "rulebook_in_use",
    "snapshot",
    "summarise",
    "verifier_scope",
    "verify",
    "year_report",
    "year_entries",
    "year_report_direct",
]
