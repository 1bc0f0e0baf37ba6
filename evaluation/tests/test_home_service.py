"""evaluation.services.home.home_tasks: the evaluation tasks due for a user on Beranda saya — behaviour evaluations
to assess (the supervisor), self-reports to write (the employee), reaction surveys to answer."""

import datetime

from django.urls import reverse

from evaluation.models import BehaviourSelfReport
from evaluation.services import behaviour
from evaluation.services.home import home_tasks

from .behaviour_world import at, training, world_fixture  # noqa: F401

D = datetime.date


def test_due_behaviour_tasks_for_the_assessor_and_the_self_report_for_the_employee(world, client):
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 6), D(2026, 1, 8))
    with at(2026, 7, 10):
        behaviour.create_due_tasks()
        supervisor = home_tasks(world["kabid"])
        employee = home_tasks(world["employee"])
        assert len(supervisor["to_assess"]) == 1 and supervisor["self_reports"] == []
        [task] = employee["self_reports"]
        assert employee["to_assess"] == [] and home_tasks(world["colleague"])["count"] == 0
        client.force_login(world["employee"])
        page = client.get(reverse("beranda")).content.decode()
        assert reverse("evaluation:behaviour_self_report", args=[task.pk]) in page
        BehaviourSelfReport.objects.create(task=task, applied="ya")
        assert home_tasks(world["employee"])["self_reports"] == []
