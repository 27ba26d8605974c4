"""Background work through Django's Tasks API: the database queue and the RQ/Redis switch."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from coproduce.accounts.notifications import send_notification

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_holds_a_task_until_a_worker_runs_it(resident, mailoutbox):
    with override_settings(TASKS=DB_TASKS):
        result = send_notification.enqueue(resident.pk, "Your report", "It was fixed.")
        assert result.status == "READY" and mailoutbox == []
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        result.refresh()
        assert result.status == "SUCCESSFUL" and result.return_value is True
    assert mailoutbox[0].subject == "Your report" and mailoutbox[0].to == [resident.email]


@pytest.fixture
def redis_queue() -> Iterator[tuple[Any, str]]:
    """Return a Redis connection and a queue name of this test's own.

    The Redis database is shared with whatever else runs at the same time (other test
    workers, other checkouts): nothing is flushed, and afterwards only this queue's keys and
    its jobs' and its worker's keys are deleted.
    """
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI but {REDIS_URL} is not reachable")
        pytest.skip(f"no Redis at {REDIS_URL}")
    name = f"coproduce-test-{uuid.uuid4().hex}"
    yield connection, name
    connection.srem("rq:queues", f"rq:queue:{name}")
    for pattern in (*(f"*{job}*" for job in _jobs_of(connection, name)), f"*{name}*"):
        keys = list(connection.scan_iter(match=pattern))
        if keys:
            connection.delete(*keys)


def _jobs_of(connection: Any, name: str) -> list[str]:
    from rq import Queue
    from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

    queue = Queue(name, connection=connection)
    found = set(queue.job_ids)
    for registry in (FinishedJobRegistry, FailedJobRegistry, StartedJobRegistry):
        found.update(registry(name, connection=connection).get_job_ids())
    return sorted(found)


@pytest.mark.django_db(transaction=True)
def test_the_rq_backend_runs_tasks_through_redis(resident, mailoutbox, redis_queue):
    from django_tasks_rq import Job
    from rq import Queue, SimpleWorker

    connection, name = redis_queue
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    # The backend reads results through the "default" connection: the same Redis.
    queues = {name: {"URL": REDIS_URL}, "default": {"URL": REDIS_URL}}
    with override_settings(TASKS=tasks, RQ_QUEUES=queues):
        task = send_notification.using(queue_name=name)
        result = task.enqueue(resident.pk, "Shift reminder", "See you Saturday.")
        queue = Queue(name, connection=connection, job_class=Job)
        assert queue.job_ids == [result.id] and mailoutbox == []
        worker = SimpleWorker([queue], name=f"{name}-worker", connection=connection, job_class=Job)
        worker.work(burst=True)
        result.refresh()
        assert result.status == "SUCCESSFUL"
    assert [m.subject for m in mailoutbox] == ["Shift reminder"]


@pytest.mark.django_db
def test_notifications_are_sent_only_after_the_transaction_commits(
    resident, mailoutbox, django_capture_on_commit_callbacks
):
    from coproduce.accounts.notifications import notify

    with django_capture_on_commit_callbacks(execute=True):
        notify(resident, subject="Thanks", body="We read your idea.", url="/")
        assert mailoutbox == []
    # The link to the page, then the one-click unsubscribe footer every e-mail carries.
    assert "We read your idea.\n\nhttp://127.0.0.1:8000/\n" in mailoutbox[0].body
    assert "/account/unsubscribe/" in mailoutbox[0].body


@pytest.mark.django_db
def test_nobody_is_notified_after_deleting_their_account(resident, mailoutbox):
    from coproduce.accounts.services import person_delete

    person_delete(resident)
    assert send_notification.call(resident.pk, "x", "y") is False
    assert mailoutbox == []
