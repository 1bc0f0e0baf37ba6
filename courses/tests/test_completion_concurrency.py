"""Posting the same completion or xAPI statement concurrently never adds JP twice (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from courses import services
from courses.models import Certificate, XAPIStatement
from courses.tests.conftest import attempt_token, statement
from ledger.models import Entry
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking and real concurrency"),
]


def run_together(target, count=8):
    barrier = threading.Barrier(count)
    errors = []

    def worker():
        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_same_statement_from_many_threads_gives_one_entry(mooc):
    user = UserFactory()
    services.enrol(user, mooc["course"])
    services.complete_lesson(user, mooc["text"])
    attempt = attempt_token(user, mooc["quiz"], mooc["activity"])
    errors = run_together(lambda: services.record_xapi(user, mooc["activity"], attempt, statement(mooc["activity"])))
    assert errors == []
    assert XAPIStatement.objects.count() == 1
    assert Entry.objects.filter(employee=user).count() == 1
    assert Certificate.objects.count() == 1


def test_same_completion_from_many_threads_gives_one_entry(mooc):
    user = UserFactory()
    services.enrol(user, mooc["course"])
    services.complete_lesson(user, mooc["text"])
    attempt = attempt_token(user, mooc["quiz"], mooc["activity"])
    services.record_xapi(user, mooc["activity"], attempt, statement(mooc["activity"]))
    errors = run_together(lambda: services.check_completion(user, mooc["course"]))
    assert errors == []
    assert Entry.objects.filter(employee=user, source="course_completion").count() == 1
