"""Tasks with deadlines and reminders; the lists the pages will show run a constant number of queries."""

import datetime

from django.core import mail

from planning.lan import Level, Method, Priority
from planning.models import Task, TaskKind, Verification
from planning.services import tasks, verification
from planning.services.recap import clo_recap
from planning.services.tasks import send_reminders
from tests.factories import UserFactory

from .conftest import YEAR, agreed_plan


def test_reminders_go_to_open_tasks_due_soon_once_a_day(world):
    plan = agreed_plan(world)  # review and confirm tasks are done by now
    assert not Task.objects.filter(plan=plan, done_at=None).exists()
    due = tasks.assign(world["employee"], TaskKind.RESULT, YEAR, plan, datetime.date(2026, 3, 31))
    tasks.assign(world["kabid"], TaskKind.RESULT, YEAR, plan, datetime.date(2026, 5, 31))  # not yet
    assert send_reminders(datetime.date(2026, 3, 29)) == 1
    assert mail.outbox[0].to == [world["employee"].email]
    assert "Lihat hasil verifikasi IDP" in mail.outbox[0].subject and "31/03/2026" in mail.outbox[0].body
    assert mail.outbox[0].body.startswith("Yth. Rizky Pratama, S.T.,\n\nTugas:")  # by name, not by title
    assert send_reminders(datetime.date(2026, 3, 29)) == 0  # once a day
    assert send_reminders(datetime.date(2026, 4, 2)) == 1  # overdue: again the next day
    due.done_at = datetime.datetime(2026, 4, 2, tzinfo=datetime.UTC)
    due.save()
    assert send_reminders(datetime.date(2026, 4, 3)) == 0


def test_submission_gives_the_supervisor_a_review_task_due_at_window_close(world):
    from planning.services import dialogue, drafting

    from .conftest import technical_row

    plan, _ = drafting.open_plan(world["employee"], YEAR)
    assert Task.objects.get(user=world["employee"], kind=TaskKind.ASSESS).due_on == datetime.date(2026, 3, 31)
    drafting.save_row(plan, world["employee"], technical_row(world))
    dialogue.submit(plan, world["employee"])
    assert Task.objects.get(user=world["employee"], kind=TaskKind.ASSESS).done_at is not None
    assert [t.kind for t in tasks.open_tasks(world["kabid"])] == [TaskKind.REVIEW]


def _verified_world(world, n):
    for _index in range(n):
        agreed_plan(world, employee=UserFactory(unit_kerja=world["bidang"], jabatan="Pengawas Jalan dan Jembatan"))
    verification.start_verification(world["clo"], YEAR)
    for v in Verification.objects.filter(verified_at=None):
        verification.verify_row(v, world["clo"], Priority.HIGH, Method.FORMAL, Level.TECHNICAL)


def test_recap_and_kelompok_rows_run_constant_queries(world, django_assert_max_num_queries):
    _verified_world(world, 2)
    with django_assert_max_num_queries(2):
        small = clo_recap(YEAR)
        small_rows = verification.kelompok_rows(YEAR, world["kk_infra"])
    _verified_world(world, 6)
    with django_assert_max_num_queries(2):
        large = clo_recap(YEAR)
        large_rows = verification.kelompok_rows(YEAR, world["kk_infra"], world["dinas"])
    assert sum(line.employees for line in large) > sum(line.employees for line in small)
    assert len(large_rows) == 8 > len(small_rows) == 2
