"""Rate limits of the search and xAPI APIs (corpu/throttle.py): 429 with Retry-After once a visitor's window is full."""

import threading
import time

import pytest
from django.test import Client, override_settings

from corpu import throttle
from tests.factories import UserFactory

LIMITS = {"search-api": (3, 60), "xapi": (2, 60)}


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_parallel_hits_are_counted_once_each():
    barrier, counts = threading.Barrier(20), []

    def worker():
        barrier.wait()
        counts.append(throttle.hit("parallel", 60).count)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 21))


@pytest.mark.django_db
@override_settings(THROTTLES=LIMITS)
def test_search_api_answers_429_per_address_then_opens_again(clock):
    client = Client(REMOTE_ADDR="10.0.0.7")
    assert [client.get("/cari/api/", {"q": "sop"}).status_code for _ in range(3)] == [200] * 3
    clock[0] += 20
    refused = client.get("/cari/api/", {"q": "sop"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert refused.json()["error"] == "Terlalu banyak permintaan. Coba lagi dalam 40 detik."
    assert Client(REMOTE_ADDR="10.0.0.8").get("/cari/api/", {"q": "sop"}).status_code == 200
    clock[0] += 41
    assert client.get("/cari/api/", {"q": "sop"}).status_code == 200


@pytest.mark.django_db
@override_settings(THROTTLES=LIMITS)
def test_a_signed_in_user_is_counted_whatever_the_address():
    user = UserFactory()
    for number in range(3):
        client = Client(REMOTE_ADDR=f"10.0.1.{number}")
        client.force_login(user)
        assert client.get("/cari/api/", {"q": "sop"}).status_code == 200
    client = Client(REMOTE_ADDR="10.0.1.99")
    client.force_login(user)
    assert client.get("/cari/api/", {"q": "sop"}).status_code == 429


@pytest.mark.django_db
@override_settings(THROTTLES=LIMITS)
def test_xapi_answers_429_before_the_statement_is_read():
    client = Client()
    client.force_login(UserFactory())
    answers = [client.post("/kursus/h5p/999999/xapi/", "{}", content_type="application/json") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [404, 404, 429]
    assert int(answers[2]["Retry-After"]) > 0 and "error" in answers[2].json()


@pytest.mark.django_db
@override_settings(THROTTLES=LIMITS, TRUSTED_PROXY_COUNT=1)
def test_behind_our_proxy_visitors_are_told_apart_by_the_address_the_proxy_saw():
    """Every request comes from the proxy: counting REMOTE_ADDR would throttle (and lock out) everybody at once.
    What a client writes into X-Forwarded-For itself (left of the proxy's entry) changes nothing."""

    def through_proxy(client_address, claimed=""):
        forwarded = f"{claimed}, {client_address}" if claimed else client_address
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).get("/cari/api/", {"q": "sop"})

    assert [through_proxy("203.0.113.5", claimed=f"198.51.100.{n}").status_code for n in range(4)] == [200] * 3 + [429]
    assert through_proxy("203.0.113.6").status_code == 200


def test_production_trusts_one_proxy_unless_django_faces_the_clients():
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "corpu.settings.production", "SECRET_KEY": "x" * 60}

    def count(**env):
        run = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**base, **env},
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
        )
        return run.stdout.strip()

    assert count() == "1"
    assert count(SECURE_PROXY_SSL_HEADER="off") == "0"
