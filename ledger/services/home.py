"""What "Beranda saya" shows of the ledger: this year's JP against the target with the 10/20/70 mix and the next
step, the employee's recent submissions and their unread notifications. A fixed number of queries."""

from django.utils import timezone

from ..models import Bucket, Entry, Kind, Notification, Rulebook, Source
from .counting import employee_year_summary

RECENT = 5
SUBMITTED_SOURCES = [Source.EXTERNAL, Source.SELF_STUDY]  # what the employee submits themselves


def home_summary(user, site=None, year=None):
    """{"year", "summary" (None without a rulebook), "buckets", "submissions", "notifications"} for one employee;
    notifications are left unread (JP saya marks them read)."""
    year = year or timezone.localdate().year
    rulebook = Rulebook.active(site)
    summary = employee_year_summary(user, year, rulebook) if rulebook is not None else None
    buckets = []
    if summary is not None:
        buckets = [
            {"key": key, "label": label, "jp": summary["by_bucket"].get(key, 0), "pct": summary["mix_pct"].get(key, 0)}
            for key, label in Bucket.choices
        ]
    submissions = list(
        Entry.objects.filter(employee=user, kind=Kind.ORIGINAL, source__in=SUBMITTED_SOURCES).order_by(
            "-created_at", "-id"
        )[:RECENT]
    )
    notifications = list(Notification.objects.filter(user=user, read_at__isnull=True).select_related("entry")[:RECENT])
    return {
        "year": year,
        "summary": summary,
        "buckets": buckets,
        "submissions": submissions,
        "notifications": notifications,
    }
