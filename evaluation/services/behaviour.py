"""Level 3 – behaviour at six months (docs/adr/0013-behaviour-evaluation.md).

- `create_due_tasks(today)`: one task per qualifying counted ledger entry once six calendar months have passed since
  the later of the activity's end and its verification (`due_date`); the supervisor (`people.services.supervisor_of`)
  assesses it. Idempotent: the database allows one task per entry.
- `follow_ledger()`: a reversed (or rejected) entry cancels its task, a verified correction moves it.
- `send_reminders(today)`: the assessor is e-mailed when the task falls due, again when it becomes overdue
  (`ASSESS_WITHIN_DAYS` later) and weekly while overdue; never twice a day. The employee is invited once, when the
  task is made, to write their self-report (`invite_employee`).
- `assess` (the supervisor, never the employee) and `save_self_report` (the employee only).
- `idp_basis_text(employee, year)`: what the results assessed in year-1 put into B 3.2 of the year's IDP.

Who sees which task is the access policy's (`corpu.access.evaluation_scope` / `evaluation_employees_q`).
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corpu import user_cache
from corpu.access import evaluation_employees_q, evaluation_scope, viewer_for, visible_q
from corpu.mail import in_language_of, site_url
from ledger.models import Entry, Kind, Source, Status
from ledger.services import counted_entries
from people.services import supervisor_of

from ..models import Applied, BehaviourSelfReport, BehaviourTask, Gap, TaskStatus

MONTHS_AFTER = 6
ASSESS_WITHIN_DAYS = 30  # after the due date a task is overdue
REMIND_OVERDUE_EVERY_DAYS = 7

# Activities whose application at work is evaluated: courses, trainings and programmes completed with evidence
# (a certificate or an uploaded proof). Not CoP sessions, self-study notes or RPL (see the ADR).
QUALIFYING_SOURCES = [Source.COURSE_COMPLETION, Source.EXTERNAL, Source.IMPORT]
QUALIFYING_FORMS = [
    "pendidikan",
    "pelatihan_struktural",
    "pelatihan_manajerial",
    "pelatihan_teknis",
    "pelatihan_fungsional",
    "pelatihan_sosial_kultural",
    "kursus",
    "penataran",
    "bimtek",
    "workshop",
    "e_learning",
    "pelatihan_jarak_jauh",
    "magang",
    "detasering",
    "pertukaran",
    "patok_banding",
]

GENERAL_INDICATORS = [
    gettext_lazy("Menerapkan pengetahuan dari kegiatan dalam tugas sehari-hari"),
    gettext_lazy("Menerapkan keterampilan dari kegiatan dalam tugas sehari-hari"),
    gettext_lazy("Menunjukkan perubahan sikap/perilaku kerja sesuai tujuan kegiatan"),
    gettext_lazy("Berbagi hasil belajar dengan rekan kerja"),
]

# Sent after a supervisor saves an assessment, with `task`: planning refreshes B 3.2 of the next year's draft IDP.
behaviour_assessed = Signal()


# --- dates ---------------------------------------------------------------------------------------------------


def add_months(day, months):
    """The same day `months` calendar months later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _first_verified_at(entry):
    """When the activity was first verified: a correction does not restart the clock of the entry it corrects."""
    first = entry.verified_at if entry.status == Status.VERIFIED else None
    current = entry
    for _step in range(20):
        if current.kind != Kind.CORRECTION or current.amends_id is None:
            break
        current = Entry.objects.filter(pk=current.amends_id).only("status", "verified_at", "kind", "amends").first()
        if current is None:
            break
        if current.status == Status.VERIFIED and current.verified_at and (first is None or current.verified_at < first):
            first = current.verified_at
    return first


def activity_done_on(entry):
    """The later of the activity's end and the day it was (first) verified, in local time."""
    verified = _first_verified_at(entry)
    return max(entry.end_date, timezone.localdate(verified)) if verified else entry.end_date


def due_date(entry):
    """Six calendar months after the activity was done and verified."""
    return add_months(activity_done_on(entry), MONTHS_AFTER)


def latest_done_on_due_by(today):
    """The last "done on" day whose task is due by `today` (add_months is monotonic, so every earlier day is too)."""
    day = add_months(today, -MONTHS_AFTER)
    while add_months(day + datetime.timedelta(days=1), MONTHS_AFTER) <= today:
        day += datetime.timedelta(days=1)
    return day


def overdue_on(task):
    return task.due_on + datetime.timedelta(days=ASSESS_WITHIN_DAYS)


def is_overdue(task, today=None):
    today = today or timezone.localdate()
    return task.status == TaskStatus.OPEN and today > overdue_on(task)


# --- which entries -------------------------------------------------------------------------------------------


def qualifying_entries(queryset=None):
    """Counted entries of a qualifying source and form with evidence of completion (certificate or proof)."""
    queryset = counted_entries(queryset)
    evidence = ~Q(evidence="") | ~Q(certificate_no="")
    return queryset.filter(evidence, source__in=QUALIFYING_SOURCES, form__in=QUALIFYING_FORMS)


def qualifies(entry):
    return qualifying_entries(Entry.objects.filter(pk=entry.pk)).exists()


def competency_of(entry):
    """(CompetencyDefinition or None, competency name, indicator texts) for an entry: from the IDP row it is linked
    to (its dictionary competency's level descriptions up to the level the employee's position needs, then the
    row's objective and output); nothing known gives the general indicators (an empty list)."""
    from planning.models import PositionRequirement, RowEntryLink

    link = (
        RowEntryLink.objects.filter(entry=entry)
        .select_related("row__competency", "row__origin__competency")
        .order_by("-row__section", "id")
        .first()
    )
    if link is None:
        return None, "", []
    row = link.row
    competency = row.competency or (row.origin.competency if row.origin_id else None)
    indicators = []
    if competency is not None:
        position = (entry.employee.jabatan or "").strip()
        requirement = PositionRequirement.objects.filter(position__iexact=position, competency=competency)
        required = requirement.values_list("required_level", flat=True).first()
        levels = [lv for lv in competency.levels.all() if required is None or lv.level <= required]
        indicators = [f"Level {lv.level}: {lv.description}" for lv in levels]
        if not indicators and competency.definition:
            indicators = [competency.definition]
    indicators += [text.strip() for text in (row.objective, row.output) if text and text.strip()]
    return competency, (competency.name if competency else row.competency_name)[:300], indicators


def indicators_of(task):
    """The indicator texts a task is assessed on."""
    return list(task.indicators) or [str(text) for text in GENERAL_INDICATORS]


# --- creating and following tasks ----------------------------------------------------------------------------


def open_task(entry, due_on=None):
    """The task of one qualifying entry, made now (`due_on` defaults to `due_date(entry)`; the demo passes its own
    dates). Returns (task, created); a task that exists, or is made by a concurrent run, is returned as it is."""
    competency, name, indicators = competency_of(entry)
    task = BehaviourTask(
        entry=entry,
        employee=entry.employee,
        assessor=supervisor_of(entry.employee),
        due_on=due_on or due_date(entry),
        competency=competency,
        competency_name=name,
        indicators=indicators,
    )
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError:
        return BehaviourTask.objects.get(entry=entry), False
    return task, True


def create_due_tasks(today=None):
    """Create the tasks that are due by `today` and do not exist yet; returns the tasks created. Safe to run twice
    or concurrently: one task per entry is a database constraint and a lost race is skipped."""
    today = today or timezone.localdate()
    last = latest_done_on_due_by(today)
    verified_before = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time()))
    candidates = (
        qualifying_entries()
        .filter(end_date__lte=last, behaviour_task__isnull=True)
        .filter(Q(verified_at__isnull=True) | Q(verified_at__lt=verified_before) | Q(kind=Kind.CORRECTION))
        .select_related("employee__unit_kerja")
        .order_by("id")
    )
    created = []
    for entry in candidates:
        if due_date(entry) > today:
            continue
        task, made = open_task(entry)
        if made:
            created.append(task)
            invite_employee(task)
    return created


def _replacement(entry):
    """The counted entry that took `entry`'s place through verified corrections, or None (reversed/rejected)."""
    current = entry
    for _step in range(20):
        amendment = Entry.objects.filter(amends=current, status=Status.VERIFIED).order_by("-id").first()
        if amendment is None or amendment.kind != Kind.CORRECTION:
            return None
        if counted_entries(Entry.objects.filter(pk=amendment.pk)).exists():
            return amendment
        current = amendment
    return None


def follow_ledger(tasks=None):
    """Tasks whose entry no longer counts: moved to the verified correction that replaced it (a qualifying one
    without a task of its own; an open task gets its new due date), else cancelled. Returns (moved, cancelled)."""
    tasks = BehaviourTask.objects.all() if tasks is None else tasks
    stale = tasks.exclude(status=TaskStatus.CANCELLED).exclude(entry__in=counted_entries()).select_related("entry")
    moved = cancelled = 0
    for task in stale:
        replacement = _replacement(task.entry)
        with transaction.atomic():
            if (
                replacement is not None
                and qualifies(replacement)
                and not BehaviourTask.objects.filter(entry=replacement).exists()
            ):
                task.entry = replacement
                fields = ["entry"]
                if task.status == TaskStatus.OPEN:
                    task.due_on = due_date(replacement)
                    fields.append("due_on")
                task.save(update_fields=fields)
                moved += 1
            else:
                task.status = TaskStatus.CANCELLED
                task.cancelled_at = timezone.now()
                task.cancel_reason = _("Kegiatan dibatalkan atau tidak lagi dihitung di buku JP.")
                task.save(update_fields=["status", "cancelled_at", "cancel_reason"])
                cancelled += 1
    return moved, cancelled


@receiver(post_save, sender=Entry, dispatch_uid="evaluation_behaviour_follows_ledger")
def entry_amended(sender, instance, raw=False, **kwargs):
    """A verified correction or reversal moves or cancels the task of the entry it amends, in the same
    transaction (a rejected entry is caught by the daily `follow_ledger`)."""
    if raw or instance.amends_id is None or instance.status != Status.VERIFIED:
        return
    follow_ledger(BehaviourTask.objects.filter(entry_id=instance.amends_id))


def reassign_open_tasks():
    """Open tasks follow the current head of the employee's unit (a new head takes over, an unassigned task gets
    one when a head is named). Returns how many changed."""
    changed = 0
    for task in BehaviourTask.objects.filter(status=TaskStatus.OPEN).select_related("employee__unit_kerja"):
        supervisor = supervisor_of(task.employee)
        supervisor_id = supervisor.pk if supervisor else None
        if supervisor_id != task.assessor_id:
            BehaviourTask.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(assessor_id=supervisor_id)
            user_cache.user_changed(supervisor_id, task.assessor_id, task.employee_id)
            changed += 1
    return changed


# --- reminders -----------------------------------------------------------------------------------------------


def _reminder_wanted(task, today):
    last = task.last_reminded_on
    if last is None:
        return True
    overdue = overdue_on(task) + datetime.timedelta(days=1)
    if today < overdue:
        return False
    return last < overdue or (today - last).days >= REMIND_OVERDUE_EVERY_DAYS


def _link(name, task):
    return site_url(reverse(f"evaluation:{name}", args=[task.pk]))


def invite_employee(task):
    """Tell the employee, once when their task is made, that their supervisor evaluates the activity now and that
    they may write a self-report."""
    employee = task.employee
    if not (employee.email and employee.is_active):
        return
    with in_language_of(employee):
        body = render_to_string(
            "evaluation/behaviour_invitation_email.txt",
            {"task": task, "employee": employee, "link": _link("behaviour_self_report", task)},
        )
        subject = _("[CorpU] Laporan diri evaluasi perilaku: %(title)s") % {"title": task.entry.title[:100]}
    send_mail(subject, body, None, [employee.email])


def send_reminders(today=None):
    """E-mail assessors of open due tasks: on the due day, when overdue, weekly while overdue. A task is claimed by
    a compare-and-set on `last_reminded_on`, so two runs on one day send it once. Returns how many were sent."""
    today = today or timezone.localdate()
    due = BehaviourTask.objects.filter(status=TaskStatus.OPEN, due_on__lte=today, assessor__isnull=False).exclude(
        last_reminded_on=today
    )
    sent = 0
    for task in due.select_related("assessor", "employee", "entry"):
        if not _reminder_wanted(task, today):
            continue
        claim = BehaviourTask.objects.filter(pk=task.pk, last_reminded_on=task.last_reminded_on)
        if task.last_reminded_on is None:
            claim = BehaviourTask.objects.filter(pk=task.pk, last_reminded_on__isnull=True)
        if not claim.update(last_reminded_on=today):
            continue
        assessor = task.assessor
        if not (assessor.email and assessor.is_active):
            continue
        with in_language_of(assessor):
            context = {
                "task": task,
                "assessor": assessor,
                "overdue": is_overdue(task, today),
                "overdue_on": overdue_on(task),
                "link": _link("behaviour_task", task),
            }
            body = render_to_string("evaluation/behaviour_reminder_email.txt", context)
            subject = _("[CorpU] Evaluasi perilaku: %(name)s — %(title)s") % {
                "name": task.employee.get_full_name(),
                "title": task.entry.title[:100],
            }
        send_mail(subject, body, None, [assessor.email])
        sent += 1
    return sent


# --- who may do what -----------------------------------------------------------------------------------------


def _covers(user, employee):
    scope = evaluation_scope(user)
    if scope == "all":
        return True
    path = employee.unit_kerja.path if employee.unit_kerja_id else None
    return bool(path) and path.startswith(tuple(scope))


def can_view_task(user, task):
    """The employee, the assessor, and whoever's evaluation scope covers the employee's unit."""
    if not viewer_for(user).authenticated:
        return False
    return user.pk in (task.employee_id, task.assessor_id) or _covers(user, task.employee)


def may_assess(user, task, today=None):
    """The assessor; for a task without one, the unit secretariat or CLO whose scope covers the employee. Never
    the employee, never a cancelled task, never before it is due."""
    today = today or timezone.localdate()
    if not viewer_for(user).authenticated or user.pk == task.employee_id:
        return False
    if task.status == TaskStatus.CANCELLED or task.due_on > today:
        return False
    if task.assessor_id is not None:
        return user.pk == task.assessor_id
    return _covers(user, task.employee)


# --- assessing -----------------------------------------------------------------------------------------------


def suggested_gap(answers):
    """A hint from the indicators: the share applied (ya 1, sebagian ½) ≥ ⅔ rendah, ≥ ⅓ sedang, else tinggi."""
    if not answers:
        return ""
    score = sum({Applied.YES: 2, Applied.PARTLY: 1}.get(a, 0) for a in answers) / (2 * len(answers))
    if score >= 2 / 3:
        return Gap.LOW
    return Gap.MEDIUM if score >= 1 / 3 else Gap.HIGH


def assess(task, actor, answers, gap, notes=""):
    """The supervisor's assessment: one answer per indicator, the gap category, notes. Refused for the employee
    themself and anyone else `may_assess` does not admit."""
    if not may_assess(actor, task):
        raise PermissionDenied(_("Anda tidak dapat menilai evaluasi perilaku ini."))
    indicators = indicators_of(task)
    answers = list(answers)
    if len(answers) != len(indicators) or any(a not in Applied.values for a in answers):
        raise ValidationError(_("Isi penerapan setiap indikator (ya, sebagian, atau tidak)."))
    if gap not in Gap.values:
        raise ValidationError(_("Pilih kategori kesenjangan: rendah, sedang, atau tinggi."))
    with transaction.atomic():
        locked = BehaviourTask.objects.select_for_update().get(pk=task.pk)
        if locked.status == TaskStatus.CANCELLED:
            raise ValidationError(_("Evaluasi ini telah dibatalkan."))
        locked.answers = answers
        locked.gap = gap
        locked.notes = (notes or "").strip()
        locked.status = TaskStatus.ASSESSED
        locked.assessed_by = actor
        locked.assessed_at = timezone.now()
        locked.save(update_fields=["answers", "gap", "notes", "status", "assessed_by", "assessed_at"])
        behaviour_assessed.send(sender=BehaviourTask, task=locked)
    return locked


def save_self_report(task, actor, applied, examples="", obstacles="", support=""):
    """The employee's self-report on their own task (only theirs, not on a cancelled task)."""
    if not viewer_for(actor).authenticated or actor.pk != task.employee_id:
        raise PermissionDenied(_("Laporan diri diisi oleh pegawai yang bersangkutan."))
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError(_("Evaluasi ini telah dibatalkan."))
    if applied not in Applied.values:
        raise ValidationError(_("Pilih apakah Anda menerapkannya: ya, sebagian, atau tidak."))
    report, _created = BehaviourSelfReport.objects.update_or_create(
        task=task,
        defaults={
            "applied": applied,
            "examples": examples.strip(),
            "obstacles": obstacles.strip(),
            "support": support.strip(),
        },
    )
    return report


def applications_of(task, viewer):
    """The employee's "Saya menerapkan ini" records since the activity started, on live assets the viewer may
    see (newest first, at most 20)."""
    from knowledge_assets.models import AssetApplication

    since = timezone.make_aware(datetime.datetime.combine(task.entry.start_date, datetime.time()))
    records = AssetApplication.objects.filter(
        visible_q(viewer, prefix="page"), user_id=task.employee_id, updated_at__gte=since, page__live=True
    )
    return list(records.select_related("page").order_by("-updated_at")[:20])


# --- lists (each a fixed number of queries) ------------------------------------------------------------------

_LIST_RELATED = ["employee__unit_kerja", "entry", "assessor", "self_report"]


def assessor_tasks(user, today=None):
    """(open tasks due for this assessor, tasks they assessed this year)."""
    today = today or timezone.localdate()
    mine = BehaviourTask.objects.select_related(*_LIST_RELATED)
    due = list(mine.filter(assessor=user, status=TaskStatus.OPEN, due_on__lte=today).order_by("due_on", "id"))
    done = list(
        mine.filter(assessed_by=user, status=TaskStatus.ASSESSED, assessed_at__year=today.year).order_by("-assessed_at")
    )
    return due, done


def open_due_tasks(user, today=None):
    """(open tasks due for this assessor, the employee's own open due tasks) from one query."""
    today = today or timezone.localdate()
    found = list(
        BehaviourTask.objects.filter(Q(assessor=user) | Q(employee=user), status=TaskStatus.OPEN, due_on__lte=today)
        .select_related(*_LIST_RELATED)
        .order_by("due_on", "id")
    )
    own = sorted((t for t in found if t.employee_id == user.pk), key=lambda t: (t.due_on, t.id), reverse=True)
    return [t for t in found if t.assessor_id == user.pk], own


def own_tasks(user, today=None):
    """The employee's own due or assessed tasks (not cancelled), newest first."""
    today = today or timezone.localdate()
    return list(
        BehaviourTask.objects.filter(employee=user, due_on__lte=today)
        .exclude(status=TaskStatus.CANCELLED)
        .select_related(*_LIST_RELATED)
        .order_by("-due_on", "-id")
    )


def overdue_tasks(user, today=None):
    """Open tasks within the user's evaluation scope that are overdue, or due without an assessor."""
    today = today or timezone.localdate()
    late = Q(due_on__lt=today - datetime.timedelta(days=ASSESS_WITHIN_DAYS)) | Q(assessor__isnull=True)
    return list(
        BehaviourTask.objects.filter(evaluation_employees_q(user), late, status=TaskStatus.OPEN, due_on__lte=today)
        .select_related(*_LIST_RELATED)
        .order_by("due_on", "employee__unit_kerja__path", "id")
    )


# --- the next year's IDP -------------------------------------------------------------------------------------


def results_for_idp(employee, year):
    """The employee's assessed tasks of year-1 (what their IDP of `year` builds on), oldest first."""
    return list(
        BehaviourTask.objects.filter(employee=employee, status=TaskStatus.ASSESSED, assessed_at__year=year - 1)
        .select_related("entry")
        .order_by("assessed_at", "id")
    )


def idp_basis_text(employee, year):
    """B 3.2 ("Penilaian Kinerja Terakhir") of the employee's IDP of `year`: one line per behaviour evaluation
    assessed in year-1 (activity, competency, gap category, indicators applied, the supervisor's notes); ""
    when there is none."""
    tasks = results_for_idp(employee, year)
    if not tasks:
        return ""
    lines = [_("Evaluasi perilaku pasca pengembangan kompetensi %(year)s:") % {"year": year - 1}]
    for task in tasks:
        applied = sum(1 for answer in task.answers if answer == Applied.YES)
        line = _("- %(title)s (%(done)s): kesenjangan %(gap)s, %(n)s dari %(total)s indikator diterapkan") % {
            "title": task.entry.title,
            "done": task.entry.end_date.strftime("%d/%m/%Y"),
            "gap": task.get_gap_display().lower(),
            "n": applied,
            "total": len(task.answers),
        }
        if task.competency_name:
            line += " — " + _("kompetensi %(name)s") % {"name": task.competency_name}
        if task.notes:
            line += ". " + _("Catatan atasan: %(notes)s") % {"notes": " ".join(task.notes.split())[:300]}
        lines.append(line)
    return "\n".join(lines)
