"""Issue 12: parallel xAPI posts never answer 500 ("database is locked") on SQLite, the default database."""

import json
import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from courses.models import XAPIStatement
from courses.tests.conftest import attempt_token, statement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
POSTS = 10


@pytest.fixture
def threads_database(tmp_path):
    """Call it once the data is in place. On SQLite it hands new (thread) connections a file copy of the test
    database, as a deployed site has: the in-memory test database is one shared cache, which would hide the file
    locking under test. Returns the copy's path (None on PostgreSQL, where threads share the test database)."""
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]

    def use_file_copy():
        if connection.vendor != "sqlite":
            return None
        path = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        settings_dict["NAME"] = str(path)
        return path

    yield use_file_copy
    settings_dict["NAME"] = memory_name


def test_parallel_statements_are_all_stored_without_a_server_error(mooc, threads_database):
    user = UserFactory()
    mooc["course"].enrolments.create(user=user)
    attempt = attempt_token(user, mooc["quiz"], mooc["activity"])
    signed_in = Client()
    signed_in.force_login(user)
    file_database = threads_database()
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
    if file_database:
        with sqlite3.connect(file_database) as copy:
            assert copy.execute("SELECT count(*) FROM courses_xapistatement").fetchone() == (POSTS,)
    else:
        assert XAPIStatement.objects.count() == POSTS
