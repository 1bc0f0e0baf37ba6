"""The "perkiraan": the JP a submission would get, by the same engine, before it is submitted."""

import dataclasses

from .. import engine
from ..models import Bucket, Entry
from .counting import _year_filter, counted_entries

PROVISIONAL = "perkiraan"


def estimate(employee, activity, rulebook):
    """The engine's result for `activity` counted beside the employee's counted entries of its year (so yearly,
    monthly and per-day caps apply as they will), with the 10/20/70 bucket it fills."""
    entries = _year_filter(counted_entries(Entry.objects.filter(employee=employee)), activity.start_date.year)
    provisional = dataclasses.replace(activity, ref=PROVISIONAL)
    summary = engine.compute([entry.activity() for entry in entries] + [provisional], rulebook.spec())
    result = next(result for result in summary.results if result.activity.ref == PROVISIONAL)
    return {
        "jp": result.jp,
        "counted": result.counted,
        "bucket": result.bucket,
        "bucket_label": str(Bucket(result.bucket).label) if result.bucket in Bucket.values else "",
        "explanation": result.explanation,
        "rulebook": rulebook.title,
    }
