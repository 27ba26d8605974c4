"""An Open311 key's hourly limit holds under real concurrency (PostgreSQL only)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from coproduce.assessment.models import Report
from coproduce.assessment.services.keys import api_key_create
from tests.assessment.conftest import LAT, LON

PARALLEL = 20
LIMIT = 5


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")


def _post_at_once(secret: str) -> Counter[int]:
    barrier = threading.Barrier(PARALLEL)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def worker() -> None:
        try:
            client = Client(raise_request_exception=False)
            barrier.wait()
            response = client.post(
                "/open311/v2/requests.json",
                {
                    "api_key": secret,
                    "service_code": "pothole",
                    "lat": str(LAT),
                    "long": str(LON),
                    "description": "Pothole outside number 4",
                    "attribute[depth]": "7",
                },
            )
            with lock:
                statuses[response.status_code] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_posts_with_a_key_limited_to_five_store_exactly_five(
    postgres_only: None, category: Any
) -> None:
    key, secret = api_key_create(name="Busy app", actor=None, hourly_limit=LIMIT)
    statuses = _post_at_once(secret)
    assert statuses == {200: LIMIT, 429: PARALLEL - LIMIT}
    assert Report.objects.filter(api_key=key).count() == LIMIT
