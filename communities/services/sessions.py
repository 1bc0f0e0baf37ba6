"""CoP sessions and their attendance, which lands in the JP ledger as `komunitas_belajar`."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attendance, CopSession, Membership, Notification
from .notifications import notify
from .rules import is_member, is_moderator, require

LEDGER_FORM = "komunitas_belajar"
LEDGER_SOURCE = "cop_session"


def schedule_session(user, community, title, starts_at, duration_hours, mode=CopSession.Mode.ONLINE, place=""):
    require(is_moderator(user, community))
    duration = Decimal(str(duration_hours))
    if duration <= 0 or duration > 24:
        raise ValidationError(_("Durasi harus lebih dari 0 dan paling lama 24 jam."))
    if not (title or "").strip():
        raise ValidationError(_("Judul sesi wajib diisi."))
    session = CopSession.objects.create(
        community=community,
        title=title.strip()[:200],
        mode=mode,
        place=place,
        starts_at=starts_at,
        duration_hours=duration,
        created_by=user,
    )
    members = [m.user for m in Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)]
    notify(members, community, Notification.Kind.SESSION, actor=user)
    return session


def record_attendance(user, session, attendees, hours=None):
    """Record who attended; each attendee gets one verified `komunitas_belajar` ledger entry (idempotent).

    The quantity is the hours attended in JP; the active rulebook then applies its caps (e.g. ≤ 2 JP a day).
    Nobody verifies their own JP: a moderator who lists themselves gets a submitted entry for a verifier.
    """
    from ledger.services import record_activity

    community = session.community
    require(is_moderator(user, community))
    hours = Decimal(str(hours)) if hours is not None else session.duration_hours
    if hours <= 0 or hours > session.duration_hours:
        raise ValidationError(_("Jam hadir harus lebih dari 0 dan tidak melebihi durasi sesi."))
    day = timezone.localtime(session.starts_at).date() if timezone.is_aware(session.starts_at) else session.starts_at
    if isinstance(day, datetime.datetime):
        day = day.date()
    results = []
    for attendee in attendees:
        if not is_member(attendee, community):
            raise ValidationError(_("%(name)s bukan anggota komunitas.") % {"name": attendee.nama or attendee})
        attendance, _created = Attendance.objects.get_or_create(
            session=session, user=attendee, defaults={"hours": hours}
        )
        entry, _new = record_activity(
            attendee,
            LEDGER_FORM,
            f"{community.title}: {session.title}",
            day,
            day,
            attendance.hours,
            "jp",
            source=LEDGER_SOURCE,
            source_ref=f"cop-session:{session.pk}",
            status="submitted" if attendee.pk == user.pk else "verified",
            verifier=None if attendee.pk == user.pk else user,
            actor=user,
            organiser=community.title,
        )
        if attendance.entry_id != entry.pk:
            attendance.entry = entry
            attendance.save(update_fields=["entry"])
        results.append(attendance)
    return results
