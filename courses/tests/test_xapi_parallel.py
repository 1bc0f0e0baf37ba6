"""Issue 12: parallel xAPI posts never answer 500 ("database is locked") on SQLite, the default database."""

import json
import threading

import pytest
from django.db import connections
from django.test import Client

from courses.models import XAPIStatement
from courses.tests.conftest import attempt_token, statement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
POSTS = 10


def test_parallel_statements_are_all_stored_without_a_server_error(mooc):
    """Each thread opens its own connection to the test database, a file on SQLite (corpu/settings/test.py), so
    the file locking under test is the deployed one."""
    user = UserFactory()
    mooc["course"].enrolments.create(user=user)
    attempt = attempt_token(user, mooc["quiz"], mooc["activity"])
    signed_in = Client()
    signed_in.force_login(user)
    barrier = threading.Barrier(POSTS)
    statuses = []

    def learner_posts(index):
        client = Client(raise_request_exception=False)
        client.cookies = signed_in.cookies
        body = statement(mooc["activity"], raw=index % 2, statement_id=f"00000000-0000-4000-8000-{index:012d}")
        payload = json.dumps({"statement": body, "state": {"selected": []}, "attempt": attempt})
        try:
            barrier.wait()
            response = client.post(f"/kursus/h5p/{mooc['activity'].pk}/xapi/", payload, content_type="application/json")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=learner_posts, args=(index,)) for index in range(POSTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * POSTS
    assert XAPIStatement.objects.count() == POSTS
