"""CoP session attendance for other apps' counts (a learning programme delivered as a CoP session)."""

from .models import Attendance


def session_attendance(session_ids):
    """{session id: {user id: the status of the attendance's ledger entry, "" when it has none}} — one query."""
    found = {pk: {} for pk in set(session_ids) if pk}
    rows = Attendance.objects.filter(session_id__in=list(found)).values_list("session_id", "user_id", "entry__status")
    for session_id, user_id, status in rows:
        found[session_id][user_id] = status or ""
    return found
