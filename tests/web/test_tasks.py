"""Background work through Django's Tasks API: the database queue and the RQ/Redis switch."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.test import override_settings

from coproduce.accounts.notifications import send_notification

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_holds_a_task_until_a_worker_runs_it(resident, mailoutbox):
    with override_settings(TASKS=DB_TASKS):
        result = send_notification.enqueue(resident.pk, "Your report", "It was fixed.")
        assert result.status == "READY" and mailoutbox == []
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        result.refresh()
        assert result.status == "SUCCESSFUL" and result.return_value is True
    assert mailoutbox[0].subject == "Your report" and mailoutbox[0].to == [resident.email]


def _redis() -> object:
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI but {REDIS_URL} is not reachable")
        pytest.skip(f"no Redis at {REDIS_URL}")
    connection.flushdb()
    return connection


@pytest.mark.django_db(transaction=True)
def test_the_rq_backend_runs_tasks_through_redis(resident, mailoutbox):
    from django_tasks_rq import Job
    from rq import Queue, SimpleWorker

    connection = _redis()
    with override_settings(TASKS=RQ_TASKS, RQ_QUEUES={"default": {"URL": REDIS_URL}}):
        result = send_notification.enqueue(resident.pk, "Shift reminder", "See you Saturday.")
        queue = Queue("default", connection=connection, job_class=Job)
        assert queue.count == 1 and mailoutbox == []
        SimpleWorker([queue], connection=connection, job_class=Job).work(burst=True)
        result.refresh()
        assert result.status == "SUCCESSFUL"
    assert [m.subject for m in mailoutbox] == ["Shift reminder"]
    connection.flushdb()


@pytest.mark.django_db
def test_notifications_are_sent_only_after_the_transaction_commits(
    resident, mailoutbox, django_capture_on_commit_callbacks
):
    from coproduce.accounts.notifications import notify

    with django_capture_on_commit_callbacks(execute=True):
        notify(resident, subject="Thanks", body="We read your idea.", url="/")
        assert mailoutbox == []
    assert mailoutbox[0].body.endswith("http://127.0.0.1:8000/")


@pytest.mark.django_db
def test_nobody_is_notified_after_deleting_their_account(resident, mailoutbox):
    from coproduce.accounts.services import person_delete

    person_delete(resident)
    assert send_notification.call(resident.pk, "x", "y") is False
    assert mailoutbox == []
