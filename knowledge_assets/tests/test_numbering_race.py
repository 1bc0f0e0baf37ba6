"""Catalogue numbers stay unique when many publishes race (needs real concurrent connections: PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from knowledge_assets.models import CatalogueSequence


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbers_are_unique_and_gapless():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is exercised on PostgreSQL")
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            for _ in range(5):
                numbers.append(CatalogueSequence.next_number(2040))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == [f"AI-2040-{n:04d}" for n in range(1, 41)]
