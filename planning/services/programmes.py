"""Learning programmes after the forum: status steps, delivery (a CorpU course, a CoP session or an external
activity), targets, a draft course made from a programme, and who among the targets enrolled, attended and
completed (ADR 0012)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from corpu.access import may_manage_programme

from ..models import Delivery, ForumDecision, LearningProgramme, ProgrammeInvitation, ProgrammeStatus, Response
from . import calendar, invitations
from .audit import audit, snapshot

NEXT_STATUS = {
    ProgrammeStatus.PLANNED: ProgrammeStatus.RUNNING,
    ProgrammeStatus.RUNNING: ProgrammeStatus.DONE,
    ProgrammeStatus.DONE: ProgrammeStatus.EVALUATED,
}
EDITABLE = [
    "objective",
    "method",
    "organiser",
    "facilitators",
    "starts_on",
    "ends_on",
    "target_positions",
    "delivery",
    "course",
    "cop_session",
    "link",
]


def _require(actor, programme):
    if not may_manage_programme(actor, programme):
        raise PermissionDenied(_("Program dikelola oleh Koordinator Pembelajaran atau pimpinan forumnya."))


def programme_list(year, status=None, **filters):
    """The year's programmes with the calendar's filters (unit, level, competency, method) and a status; their
    course, CoP session and forum loaded. A constant number of queries."""
    items = calendar.programmes_for(year, **filters)
    if status:
        items = [p for p in items if p.status == status]
    prefetch_related_objects(items, "course", "cop_session__community", "decision__forum")
    return items


def check_delivery(delivery, course=None, cop_session=None, link=""):
    """Refuse a reference that does not match the delivery: a course only for a CorpU course, a CoP session only
    for a CoP session, a link only for an external activity."""
    errors = {}
    if course is not None and delivery != Delivery.COURSE:
        errors["course"] = _("Kursus hanya dipilih untuk program berbentuk kursus CorpU.")
    if cop_session is not None and delivery != Delivery.COP:
        errors["cop_session"] = _("Sesi komunitas hanya dipilih untuk program berbentuk sesi komunitas belajar.")
    if link and delivery != Delivery.EXTERNAL:
        errors["link"] = _("Tautan hanya untuk kegiatan eksternal; pilih kursus atau sesi komunitasnya.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update(actor, programme, data, target_units=None):
    """Change a programme's design, delivery and targets; changed targets are invited (new ones only)."""
    _require(actor, programme)
    before = snapshot(programme)
    old_units = set(programme.target_units.values_list("pk", flat=True))
    for name in EDITABLE:
        if name in data:
            setattr(programme, name, data[name])
    check_delivery(programme.delivery, programme.course, programme.cop_session, programme.link)
    programme.full_clean(exclude=["decision"])
    programme.save()
    units_changed = target_units is not None and {u.pk for u in target_units} != old_units
    if units_changed:
        programme.target_units.set(target_units)
    if units_changed or before["target_positions"] != programme.target_positions:
        programme = LearningProgramme.objects.prefetch_related("target_units").get(pk=programme.pk)
        invitations.invite(programme)
    after = snapshot(programme)
    if target_units is not None:
        before["target_units"], after["target_units"] = sorted(old_units), sorted(u.pk for u in target_units)
    audit("programme_update", actor=actor, target=f"programme:{programme.pk}", before=before, after=after)
    return programme


@transaction.atomic
def set_status(actor, programme, status):
    """Move a programme one step: planned → running → done → evaluated."""
    _require(actor, programme)
    locked = LearningProgramme.objects.select_for_update().get(pk=programme.pk)
    if NEXT_STATUS.get(locked.status) != status:
        raise ValidationError(
            _("Status %(old)s tidak dapat diubah menjadi %(new)s.")
            % {
                "old": locked.get_status_display(),
                "new": ProgrammeStatus(status).label if status in ProgrammeStatus.values else status,
            }
        )
    locked.status = status
    locked.save(update_fields=["status"])
    audit(
        "programme_status",
        actor=actor,
        target=f"programme:{locked.pk}",
        before={"status": programme.status},
        after={"status": status},
    )
    programme.status = status
    return locked


@transaction.atomic
def draft_course(actor, programme):
    """Create the programme's draft course once (a second click returns the same course) and link it."""
    from courses.services.drafting import draft_course as make_draft

    _require(actor, programme)
    locked = (
        LearningProgramme.objects.select_for_update(of=("self",))
        .select_related("competency", "course")
        .get(pk=programme.pk)
    )
    if locked.course_id:
        return locked.course, False
    if locked.delivery != Delivery.COURSE:
        raise ValidationError(_("Kursus draf hanya dibuat untuk program berbentuk kursus CorpU."))
    kind = locked.competency.competency_type if locked.competency_id else ""
    course = make_draft(locked.title, locked.objective, competency=kind, owner=actor)
    locked.course = course
    locked.save(update_fields=["course"])
    audit("programme_draft_course", actor=actor, target=f"programme:{locked.pk}", after={"course": course.pk})
    return course, True


# ------------------------------------------------------------------ participation (ADR 0012)


@dataclass
class Participation:
    """Target participants of a programme and how many of them enrolled, attended and completed."""

    targets: int = 0
    invited: int = 0
    accepted: int = 0
    declined: int = 0
    enrolled: int = 0
    attended: int = 0
    completed: int = 0
    target_ids: set = field(default_factory=set, repr=False)


def _targeted(programme, people):
    paths = [u.path for u in programme.target_units.all()]
    positions = {p.casefold() for p in programme.positions}
    return {
        pk
        for pk, path, position in people
        if (path and any(path.startswith(t) for t in paths))
        or ((position or "").strip().casefold() in positions and (position or "").strip())
    }


def _row_entries(programmes):
    """{programme id: {user id: set of entry statuses}} of ledger entries the employee tied to an IDP row the
    programme's forum decision answers (a C row, or a D/E row made from one). Two queries."""
    from ..models import RowEntryLink

    through = ForumDecision.verifications.through
    decided = through.objects.filter(forumdecision__programme__in=[p.pk for p in programmes])
    rows = {}
    for programme_id, row_id in decided.values_list("forumdecision__programme", "verification__row_id"):
        rows.setdefault(row_id, set()).add(programme_id)
    found = {p.pk: {} for p in programmes}
    if not rows:
        return found
    links = RowEntryLink.objects.filter(row_id__in=list(rows)) | RowEntryLink.objects.filter(
        row__origin_id__in=list(rows)
    )
    values = links.values_list("row_id", "row__origin_id", "entry__employee_id", "entry__status")
    for row_id, origin_id, employee_id, status in values:
        for programme_id in rows.get(row_id, set()) | rows.get(origin_id, set()):
            found[programme_id].setdefault(employee_id, set()).add(status)
    return found


def participation(programmes):
    """{programme id: Participation} for a list of programmes (target units prefetched), in a constant number of
    queries: one for the people targeted, one for the invitations, three for the courses, one for the CoP
    sessions, two for the ledger entries tied to the rows the programmes answer. Counts are of target
    participants only (ADR 0012)."""
    from communities.attendance import session_attendance
    from courses.services.participation import course_participation
    from people.models import User

    programmes = list(programmes)
    if not programmes:
        return {}
    reach = None
    for programme in programmes:
        q = invitations.targets_q(programme)
        reach = q if reach is None else reach | q
    people = list(User.objects.filter(reach, is_active=True).values_list("pk", "unit_kerja__path", "jabatan"))
    answers = {}
    rows = ProgrammeInvitation.objects.filter(programme__in=programmes)
    for programme_id, user_id, response in rows.values_list("programme_id", "user_id", "response"):
        answers.setdefault(programme_id, {})[user_id] = response
    courses = course_participation([p.course_id for p in programmes if p.delivery == Delivery.COURSE])
    sessions = session_attendance([p.cop_session_id for p in programmes if p.delivery == Delivery.COP])
    external = [p for p in programmes if p.delivery == Delivery.EXTERNAL]
    entries = _row_entries(external) if external else {}
    result = {}
    for programme in programmes:
        targets = _targeted(programme, people)
        mine = answers.get(programme.pk, {})
        accepted = {pk for pk, r in mine.items() if r == Response.ACCEPTED}
        if programme.delivery == Delivery.COURSE:
            course = courses.get(programme.course_id, {"enrolled": set(), "started": set(), "completed": set()})
            enrolled, attended = course["enrolled"], course["started"] | course["completed"]
            completed = course["completed"]
        elif programme.delivery == Delivery.COP:
            came = sessions.get(programme.cop_session_id, {})
            enrolled, attended = accepted, set(came)
            completed = {pk for pk, status in came.items() if status == "verified"}
        else:
            tied = entries.get(programme.pk, {})
            enrolled = accepted
            attended = {pk for pk, statuses in tied.items() if statuses & {"submitted", "verified"}}
            completed = {pk for pk, statuses in tied.items() if "verified" in statuses}
        result[programme.pk] = Participation(
            targets=len(targets),
            invited=len(targets & set(mine)),
            accepted=len(targets & accepted),
            declined=len(targets & {pk for pk, r in mine.items() if r == Response.DECLINED}),
            enrolled=len(targets & enrolled),
            attended=len(targets & attended),
            completed=len(targets & completed),
            target_ids=targets,
        )
    return result


def home_programmes(user, year):
    """This year's programmes targeting the user with their invitation (None when they have none), for the
    learner home: [(programme, invitation, may_respond)]. Four queries whatever the number of programmes."""
    items = LearningProgramme.objects.filter(year=year).select_related("course", "cop_session__community")
    items = [p for p in items.prefetch_related("target_units") if calendar.is_target(p, user)]
    mine = {
        i.programme_id: i for i in ProgrammeInvitation.objects.filter(user=user, programme__in=[p.pk for p in items])
    }
    return [(p, mine.get(p.pk), invitations.may_respond(p)) for p in items]
