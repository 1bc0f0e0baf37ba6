"""Level 3: behaviour tasks are created six months after a verified, evidenced activity, once, for the right
supervisor; reminders; reversals and corrections; who may assess and self-report."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection

from evaluation.models import Applied, BehaviourTask, Gap, TaskStatus
from evaluation.services import behaviour
from ledger.services import correct, reject, reverse, verify
from people.models import UnitKerja

from .behaviour_world import at, training, world_fixture  # noqa: F401

D = datetime.date


def run_due():
    out = io.StringIO()
    call_command("evaluation_due", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (D(2026, 1, 10), D(2026, 7, 10)),
        (D(2026, 8, 31), D(2027, 2, 28)),
        (D(2027, 8, 31), D(2028, 2, 29)),
        (D(2026, 12, 31), D(2027, 6, 30)),
        (D(2026, 7, 15), D(2027, 1, 15)),
        (D(2026, 3, 31), D(2026, 9, 30)),
    ],
)
def test_six_calendar_months_clamped_to_the_month_end(day, due):
    assert behaviour.add_months(day, 6) == due


def test_the_cutoff_is_the_last_day_due_by_today():
    for today in [D(2027, 2, 28), D(2027, 2, 27), D(2028, 2, 29), D(2026, 7, 10), D(2026, 9, 30)]:
        last = behaviour.latest_done_on_due_by(today)
        assert behaviour.add_months(last, 6) <= today
        assert behaviour.add_months(last + datetime.timedelta(days=1), 6) > today


def test_verified_on_10_january_gives_one_task_on_10_july_for_the_supervisor(world):
    with at(2026, 1, 10):
        entry = training(world["employee"], world["secretariat"], D(2026, 1, 6), D(2026, 1, 8))
    with at(2026, 7, 9):
        run_due()
        assert not BehaviourTask.objects.exists()
        assert mail.outbox == []
    with at(2026, 7, 10):
        assert "1 tugas baru" in run_due()
        run_due()
    assert BehaviourTask.objects.count() == 1
    task = BehaviourTask.objects.get()
    assert (task.entry, task.employee, task.assessor) == (entry, world["employee"], world["kabid"])
    assert task.due_on == D(2026, 7, 10) and task.status == TaskStatus.OPEN
    # the employee is invited to the self-report once, the supervisor reminded once on the due day
    assert [m.to for m in mail.outbox] == [[world["employee"].email], [world["kabid"].email]]
    assert "Yth. Rizky Pratama," in mail.outbox[0].body and "/laporan-diri/" in mail.outbox[0].body
    with at(2026, 7, 11):
        run_due()
    assert BehaviourTask.objects.count() == 1 and len(mail.outbox) == 2


def test_the_later_of_activity_end_and_verification_counts(world):
    with at(2026, 3, 2):  # an activity of January verified only in March
        training(world["employee"], world["secretariat"], D(2026, 1, 5), D(2026, 1, 9))
    with at(2026, 9, 1):
        run_due()
        assert not BehaviourTask.objects.exists()
    with at(2026, 9, 2):
        run_due()
    assert BehaviourTask.objects.get().due_on == D(2026, 9, 2)


def test_a_submitted_entry_waits_for_its_verification(world):
    with at(2026, 1, 10):
        entry = training(world["employee"], None, D(2026, 1, 8), status="submitted")
    with at(2026, 2, 20):
        verify(entry, world["secretariat"])
    with at(2026, 8, 19):
        run_due()
        assert not BehaviourTask.objects.exists()
    with at(2026, 8, 20):
        run_due()
    assert BehaviourTask.objects.get().entry == entry


def test_which_activities_are_evaluated(world):
    employee, verifier = world["employee"], world["secretariat"]
    with at(2026, 1, 10):
        course = training(employee, None, D(2026, 1, 3), form="e_learning", source="course_completion", ref="c:1")
        training(employee, verifier, D(2026, 1, 4), form="komunitas_belajar", source="cop_session", ref="cop:1")
        training(employee, verifier, D(2026, 1, 4), form="belajar_mandiri", source="self_study", ref="self:1")
        training(employee, verifier, D(2026, 1, 5), form="pelatihan_teknis", source="rpl", ref="rpl:1")
        training(employee, verifier, D(2026, 1, 5), form="seminar", ref="seminar:1")
        training(employee, verifier, D(2026, 1, 6), ref="no-evidence", certificate_no="")
        submitted = training(employee, None, D(2026, 1, 7), ref="rejected", status="submitted")
        rejected = reject(submitted, verifier, "palsu")
        workshop = training(employee, verifier, D(2026, 1, 8), form="workshop", ref="workshop")
    assert rejected.status == "rejected"
    with at(2026, 8, 1):
        run_due()
    assert set(BehaviourTask.objects.values_list("entry", flat=True)) == {course.pk, workshop.pk}


def test_an_employee_without_a_head_above_gives_an_unassigned_task(world):
    UnitKerja.objects.update(kepala=None)
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
    task = BehaviourTask.objects.get()
    assert task.assessor is None and [m.to for m in mail.outbox] == [[world["employee"].email]]
    assert behaviour.overdue_tasks(world["secretariat"], D(2026, 7, 10)) == [task]
    assert behaviour.may_assess(world["secretariat"], task, D(2026, 7, 10))
    assert not behaviour.may_assess(world["employee"], task, D(2026, 7, 10))
    UnitKerja.objects.filter(pk=world["dinas"].pk).update(kepala=world["kadis"])  # a head is named
    with at(2026, 7, 11):
        run_due()
    assert BehaviourTask.objects.get().assessor == world["kadis"]


def test_the_head_assesses_the_head_of_a_unit_below(world):
    with at(2026, 1, 10):
        training(world["kabid"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
    assert BehaviourTask.objects.get().assessor == world["kadis"]


def test_reminders_when_due_when_overdue_and_weekly_after_never_twice_a_day(world):
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 8))
    days = [D(2026, 7, 10) + datetime.timedelta(days=n) for n in range(0, 46)]
    sent_on = []

    def reminders():
        return [m for m in mail.outbox if m.to == [world["kabid"].email]]

    for day in days:
        for _twice in range(2):
            before = len(reminders())
            with at(day.year, day.month, day.day):
                run_due()
            if len(reminders()) > before:
                sent_on.append(day)
    # due 10 July; overdue after 30 days (from 10 August), then every 7 days
    assert sent_on == [D(2026, 7, 10), D(2026, 8, 10), D(2026, 8, 17), D(2026, 8, 24)]
    assert len(mail.outbox) == len(reminders()) + 1  # and the employee's one invitation
    first, overdue = reminders()[0], reminders()[1]
    assert first.subject.startswith("[CorpU] Evaluasi perilaku: Rizky Pratama")
    assert "Yth. Siti Rahmah, S.T.," in first.body and "paling lambat 09/08/2026" in first.body
    assert "/evaluasi/perilaku/" in first.body
    assert "telah melewati batas waktu" in overdue.body


def test_a_reminder_is_in_indonesian_whatever_the_active_language(world, settings):
    from django.utils import translation

    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10), translation.override("en"):
        run_due()
    assert len(mail.outbox) == 2
    assert all("Yth." in m.body and "Sudah enam bulan" in m.body for m in mail.outbox)


def test_no_reminders_after_assessment(world):
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
        task = BehaviourTask.objects.get()
        behaviour.assess(task, world["kabid"], [Applied.YES] * 4, Gap.LOW)
    with at(2026, 8, 20):
        run_due()
    assert [m.to for m in mail.outbox] == [[world["employee"].email], [world["kabid"].email]]


def test_a_reversal_cancels_the_task_and_no_new_one_comes(world):
    with at(2026, 1, 10):
        entry = training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
        reverse(entry, world["secretariat"], "Sertifikat tidak sah")
    task = BehaviourTask.objects.get()
    assert task.status == TaskStatus.CANCELLED and task.cancel_reason
    with at(2026, 7, 11):
        run_due()
    assert BehaviourTask.objects.count() == 1
    assert behaviour.assessor_tasks(world["kabid"], D(2026, 7, 11)) == ([], [])
    with pytest.raises(PermissionDenied):
        behaviour.assess(task, world["kabid"], [Applied.YES] * 4, Gap.LOW)


def test_a_reversal_before_the_due_date_means_no_task(world):
    with at(2026, 1, 10):
        entry = training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 3, 1):
        reverse(entry, world["secretariat"], "Salah entri")
    with at(2026, 9, 1):
        run_due()
    assert not BehaviourTask.objects.exists()


def test_a_verified_correction_moves_the_task_with_its_self_report(world):
    with at(2026, 1, 10):
        entry = training(world["employee"], world["secretariat"], D(2026, 1, 6), D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
        task = BehaviourTask.objects.get()
        behaviour.save_self_report(task, world["employee"], Applied.PARTLY, "Saya memakai daftar periksa mutu")
        correction = correct(
            entry,
            world["secretariat"],
            "Tanggal selesai salah",
            status="verified",
            verifier=world["secretariat"],
            end_date=D(2026, 1, 9),
        )
    task.refresh_from_db()
    assert task.entry == correction and task.status == TaskStatus.OPEN
    assert task.due_on == D(2026, 7, 10)  # verified on 10 July: due again six months from then
    assert task.self_report.examples == "Saya memakai daftar periksa mutu"
    with at(2026, 7, 10):
        run_due()
    assert BehaviourTask.objects.count() == 1


def test_a_correction_verified_later_is_followed(world):
    with at(2026, 1, 10):
        entry = training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
        correction = correct(entry, world["secretariat"], "Judul diperbaiki", title="Pelatihan Mutu Jalan")
    assert BehaviourTask.objects.get().entry == entry  # still submitted: the original counts
    with at(2026, 7, 12):
        verify(correction, world["bidang_secretariat"])
    assert BehaviourTask.objects.get().entry == correction


def test_only_the_assessor_assesses_never_the_employee(world):
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
    task = BehaviourTask.objects.get()
    for outsider in ["employee", "colleague", "kadis", "secretariat", "clo", "other_head"]:
        with pytest.raises(PermissionDenied):
            behaviour.assess(task, world[outsider], [Applied.YES] * 4, Gap.LOW)
    with pytest.raises(ValidationError):
        behaviour.assess(task, world["kabid"], [Applied.YES] * 3, Gap.LOW)  # one indicator left out
    with pytest.raises(ValidationError):
        behaviour.assess(task, world["kabid"], [Applied.YES] * 4, "besar")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    done = behaviour.assess(task, world["kabid"], ["ya", "sebagian", "tidak", "ya"], Gap.MEDIUM, " Perlu latihan ")
    assert (done.status, done.gap, done.notes) == ("assessed", "sedang", "Perlu latihan")
    assert done.assessed_by == world["kabid"]


def test_a_head_who_is_the_employee_never_assesses_themself(world):
    """Even the CLO heading their own unit: supervisor_of skips the employee, and may_assess refuses them."""
    UnitKerja.objects.update(kepala=None)
    UnitKerja.objects.filter(pk=world["other"].pk).update(kepala=world["clo"])
    with at(2026, 1, 10):
        training(world["clo"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
        task = BehaviourTask.objects.get()
        assert task.assessor is None
        assert not behaviour.may_assess(world["clo"], task)
        with pytest.raises(PermissionDenied):
            behaviour.assess(task, world["clo"], [Applied.YES] * 4, Gap.LOW)
        assert behaviour.may_assess(world["other_secretariat"], task)


def test_only_the_employee_writes_the_self_report(world):
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
    task = BehaviourTask.objects.get()
    with pytest.raises(PermissionDenied):
        behaviour.save_self_report(task, world["kabid"], Applied.YES, "ditulis atasan")
    with pytest.raises(ValidationError):
        behaviour.save_self_report(task, world["employee"], "mungkin")
    report = behaviour.save_self_report(task, world["employee"], Applied.YES, "Laporan mutu mingguan")
    assert report.task == task and report.applied == "ya"


def test_indicators_come_from_the_linked_idp_row_competency(world):
    from corpu.choices import Competency
    from planning.models import CompetencyDefinition, CompetencyLevel, Plan, PlanRow, PositionRequirement, Section
    from planning.services.realised import link_entry

    competency = CompetencyDefinition.objects.create(name="Pengawasan Jalan", competency_type=Competency.TECHNICAL)
    for level in range(1, 6):
        CompetencyLevel.objects.create(competency=competency, level=level, description=f"Deskripsi level {level}")
    PositionRequirement.objects.create(position="Pengawas Jalan dan Jembatan", competency=competency, required_level=3)
    plan = Plan.objects.create(employee=world["employee"], year=2026, unit=world["bidang"])
    row = PlanRow.objects.create(
        plan=plan, section=Section.PROPOSED, competency=competency, classification=Competency.TECHNICAL,
        objective="Mengawasi mutu perkerasan", output="Laporan pengawasan",
    )  # fmt: skip
    with at(2026, 1, 10):
        entry = training(world["employee"], world["secretariat"], D(2026, 1, 8))
        link_entry(row, entry, world["employee"])
    with at(2026, 7, 10):
        run_due()
    task = BehaviourTask.objects.get()
    assert task.competency == competency and task.competency_name == "Pengawasan Jalan"
    assert task.indicators == [
        "Level 1: Deskripsi level 1",
        "Level 2: Deskripsi level 2",
        "Level 3: Deskripsi level 3",
        "Mengawasi mutu perkerasan",
        "Laporan pengawasan",
    ]
    competency.levels.filter(level=1).update(description="diubah")
    task.refresh_from_db()
    assert behaviour.indicators_of(task)[0] == "Level 1: Deskripsi level 1"  # a snapshot


def test_without_a_link_the_general_indicators_are_used(world):
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 8))
    with at(2026, 7, 10):
        run_due()
    task = BehaviourTask.objects.get()
    assert task.indicators == [] and len(behaviour.indicators_of(task)) == len(behaviour.GENERAL_INDICATORS)


def test_suggested_gap():
    assert behaviour.suggested_gap(["ya", "ya", "sebagian"]) == Gap.LOW
    assert behaviour.suggested_gap(["ya", "tidak", "sebagian"]) == Gap.MEDIUM
    assert behaviour.suggested_gap(["tidak", "tidak", "sebagian"]) == Gap.HIGH
    assert behaviour.suggested_gap([]) == ""


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_task_and_one_reminder(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the concurrent run is checked on PostgreSQL")
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 8))
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            with at(2026, 7, 10):
                behaviour.create_due_tasks()
                behaviour.send_reminders()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert BehaviourTask.objects.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world["employee"].email, world["kabid"].email])
