"""Programme invitations: every employee a programme targets (a target unit or a unit below it, or a target
position — the calendar's `is_target`) gets one invitation, shown in the app and e-mailed once, which they accept
or decline until the programme ends."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.mail import in_language_of, site_url
from people.models import User

from ..models import LearningProgramme, ProgrammeInvitation, Response
from .audit import audit


def targets_q(programme):
    """A Q over users selecting those the programme targets (its target units must be loaded or loadable)."""
    query = Q(pk__in=[])
    for unit in programme.target_units.all():
        query |= Q(unit_kerja__path__startswith=unit.path)
    for position in programme.positions:
        query |= Q(jabatan__iexact=position)
    return query


def target_ids(programme):
    """The active users the programme targets (one query, two when its units are not prefetched)."""
    users = User.objects.filter(targets_q(programme), is_active=True)
    return set(users.values_list("pk", flat=True))


def invite(programme, email=True):
    """Give each targeted employee who has none an invitation (bulk-created) and, with `email`, e-mail every
    invitation of the programme not e-mailed yet once the transaction commits. A constant number of queries per
    programme; returns how many invitations were made."""
    wanted = target_ids(programme)
    have = set(ProgrammeInvitation.objects.filter(programme=programme).values_list("user_id", flat=True))
    new = [ProgrammeInvitation(programme=programme, user_id=pk) for pk in sorted(wanted - have)]
    ProgrammeInvitation.objects.bulk_create(new, ignore_conflicts=True)
    if email:
        transaction.on_commit(lambda: send_emails(programme.pk), robust=True)
    return len(new)


def invite_year(year):
    """(Re)send the invitations of every programme of a year: new targets invited, every invitation not e-mailed
    yet e-mailed, nobody e-mailed twice. Returns (invitations made, e-mails sent)."""
    made = sent = 0
    for item in LearningProgramme.objects.filter(year=year).prefetch_related("target_units"):
        made += invite(item, email=False)
        sent += send_emails(item.pk)
    return made, sent


def send_emails(programme_id):
    """E-mail the programme's invitations not e-mailed yet (to active users with an address), each at most once
    even when two senders race: the rows are claimed (locked, stamped) before any message leaves. Returns how
    many e-mails went out."""
    programme = LearningProgramme.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    with transaction.atomic():
        pending = ProgrammeInvitation.objects.filter(programme=programme, emailed_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True, of=("self",))
        claimed = list(pending.select_related("user"))
        ProgrammeInvitation.objects.filter(pk__in=[i.pk for i in claimed], emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
    messages = [_message(programme, i.user) for i in claimed if i.user.email and i.user.is_active]
    if messages:
        with mail.get_connection() as link:
            link.send_messages(messages)
    return len(messages)


def _message(programme, user):
    with in_language_of(user):
        context = {
            "programme": programme,
            "user": user,
            "link": site_url(reverse("planning:programme", args=[programme.pk])),
        }
        body = render_to_string("planning/email/programme_invitation.txt", context)
        subject = _("[CorpU] Undangan program pembelajaran: %(title)s") % {"title": programme.title[:120]}
    return mail.EmailMessage(subject, body, None, [user.email])


def may_respond(programme, today=None):
    """An invitation is answered, or the answer changed, until the programme's last day."""
    return (today or timezone.localdate()) <= programme.ends_on


@transaction.atomic
def respond(user, invitation, accepted, today=None):
    """The invited employee accepts or declines (and may change their mind until the programme ends)."""
    if invitation.user_id != user.pk:
        raise PermissionDenied(_("Undangan ini bukan untuk Anda."))
    if not may_respond(invitation.programme, today):
        raise ValidationError(_("Program sudah berakhir; jawaban undangan tidak dapat diubah."))
    before = invitation.response
    invitation.response = Response.ACCEPTED if accepted else Response.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "responded_at"])
    audit(
        "programme_invitation",
        actor=user,
        target=f"programme_invitation:{invitation.pk}",
        before={"response": before},
        after={"response": invitation.response},
    )
    return invitation
