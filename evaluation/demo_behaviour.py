"""Demo behaviour evaluations: a year of trainings completed six months before each task fell due, assessed by the
supervisors in every gap category, some with the employee's self-report, some still due and some overdue; plus a
few assessed the year before (they fill B 3.2 of this year's draft IDPs). Made through the ledger and evaluation
services; safe to run again."""

import datetime

from django.utils import timezone

from ledger.models import Source, Status
from ledger.services import record_activity
from people.models import User

from .models import Applied, BehaviourTask, Gap, TaskStatus
from .services import behaviour

TRAININGS = [
    ("pelatihan_teknis", "Pelatihan Pengawasan Mutu Perkerasan Jalan", "Balai Jalan Nasional"),
    ("bimtek", "Bimtek Penyusunan Rencana Anggaran Biaya", "Dinas PUPR"),
    ("e_learning", "Literasi Data untuk Pengambilan Keputusan", "LAN RI"),
    ("pelatihan_manajerial", "Pelatihan Kepemimpinan Pengawas", "BPSDM Provinsi"),
    ("workshop", "Workshop Pelayanan Publik Prima", "KemenPAN-RB"),
    ("pelatihan_fungsional", "Pelatihan Analis Kebijakan Ahli Pertama", "LAN RI"),
]
EMPLOYEES = ["asn"] + [f"pegawai{n:02d}" for n in range(1, 12)]
# the result of the n-th task once overdue-free: a gap category, or None (left open: overdue)
RESULTS = [Gap.LOW, Gap.MEDIUM, Gap.HIGH, None, Gap.LOW, Gap.HIGH, Gap.MEDIUM, Gap.LOW]
ANSWERS = {
    Gap.LOW: [Applied.YES, Applied.YES, Applied.YES, Applied.PARTLY],
    Gap.MEDIUM: [Applied.YES, Applied.PARTLY, Applied.NO, Applied.PARTLY],
    Gap.HIGH: [Applied.NO, Applied.PARTLY, Applied.NO, Applied.NO],
}
NOTES = {
    Gap.LOW: "Sudah diterapkan dalam pekerjaan rutin dan dibagikan kepada rekan satu bidang.",
    Gap.MEDIUM: "Sebagian sudah diterapkan; perlu pendampingan pada tugas yang lebih kompleks.",
    Gap.HIGH: "Belum terlihat penerapannya; diusulkan coaching dan magang pada IDP tahun depan.",
}


def _verifier(employee):
    clo = User.objects.filter(username="clo").first()
    return clo if clo and clo.pk != employee.pk else User.objects.filter(username="admin").first()


def _task(employee, index, due_on, year):
    form, title, organiser = TRAININGS[index % len(TRAININGS)]
    end = behaviour.add_months(due_on, -behaviour.MONTHS_AFTER) - datetime.timedelta(days=1)
    start = end - datetime.timedelta(days=2)
    verifier = _verifier(employee)
    entry, _created = record_activity(
        employee,
        form,
        title,
        start,
        end,
        24,
        "jp",
        stated_jp=24,
        source=Source.EXTERNAL,
        source_ref=f"demo-behaviour:{year}:{index}",
        status=Status.VERIFIED,
        verifier=verifier,
        actor=verifier,
        organiser=organiser,
        certificate_no=f"DEMO-PERILAKU/{year}/{index:02d}",
    )
    task, _created = behaviour.open_task(entry, due_on=due_on)
    return task


def _assess(task, gap, on_day):
    if task.status != TaskStatus.OPEN:
        return False
    assessor = task.assessor or User.objects.get(username="clo")
    answers = (ANSWERS[gap] * 3)[: len(behaviour.indicators_of(task))]
    behaviour.assess(task, assessor, answers, gap, NOTES[gap])
    when = timezone.make_aware(datetime.datetime.combine(on_day, datetime.time(10)))
    BehaviourTask.objects.filter(pk=task.pk).update(assessed_at=when)  # dated when the supervisor would have
    return True


def _self_report(task):
    behaviour.save_self_report(
        task,
        task.employee,
        Applied.PARTLY,
        "Menerapkan daftar periksa dari pelatihan pada dua paket pekerjaan.",
        "Belum semua rekan memakai format yang sama.",
        "Pendampingan dari kelompok keahlian.",
    )


def _refresh_idp(employee, assessed_year):
    """The demo backdates the assessment, so it tells planning itself (as the assessed signal does)."""
    from django.apps import apps

    if apps.is_installed("planning"):
        from planning.services.drafting import refresh_after_evaluation

        refresh_after_evaluation(employee, assessed_year)


def seed(out, year=None):
    """A year of behaviour evaluations for `year` (the current one by default)."""
    today = timezone.localdate()
    year = year or today.year
    employees = {u.username: u for u in User.objects.filter(username__in=EMPLOYEES, unit_kerja__isnull=False)}
    people = [employees[name] for name in EMPLOYEES if name in employees]
    if not people:
        out.write("Evaluasi perilaku: lewati (belum ada pegawai demo)")
        return
    last_day = min(today, datetime.date(year, 12, 31))
    dues = [datetime.date(year, month, 12) for month in range(1, 13)]
    dues = [due for due in dues if due <= last_day]
    # two more falling due in the last ten days: still within the time to assess
    dues += [last_day - datetime.timedelta(days=3), last_day]
    assessed = 0
    for index, due in enumerate(dues):
        task = _task(people[index % len(people)], index, due, year)
        if index % 2 == 0:
            _self_report(task)
        gap = RESULTS[index % len(RESULTS)]
        if gap is not None and (last_day - due).days > behaviour.ASSESS_WITHIN_DAYS:
            assessed += _assess(task, gap, due + datetime.timedelta(days=7 + index % 14))
    # the year before: assessed results that feed this year's IDPs (B 3.2)
    for offset, gap in enumerate([Gap.HIGH, Gap.MEDIUM, Gap.LOW]):
        task = _task(people[offset % len(people)], 100 + offset, datetime.date(year - 1, 6 + offset, 12), year - 1)
        if _assess(task, gap, datetime.date(year - 1, 7 + offset, 20)):
            assessed += 1
            _refresh_idp(task.employee, year - 1)
    tasks = BehaviourTask.objects.filter(due_on__year=year)
    overdue = sum(1 for task in tasks.filter(status=TaskStatus.OPEN) if behaviour.is_overdue(task, today))
    out.write(
        f"Evaluasi perilaku {year}: {tasks.count()} jatuh tempo, {tasks.filter(status='assessed').count()} dinilai, "
        f"{overdue} terlambat ({assessed} baru dinilai)"
    )
