"""Seats under real concurrency (PostgreSQL): however many people register at once, a
meeting holds no more registered people than its seats, and the database itself refuses an
overbooked meeting."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from coproduce.design.models import Meeting, Registration, RegistrationStatus
from coproduce.design.services.meetings import meeting_register, meeting_withdraw

SEATS = 2  # the ``meeting`` fixture's


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs PostgreSQL")


def race(work: list[Any], threads: int = 10) -> Counter[str]:
    """Run the callables on ``threads`` threads that start together; count the outcomes."""
    barrier = threading.Barrier(threads)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    queue = iter(work)

    def worker() -> None:
        try:
            barrier.wait()
            while True:
                with lock:
                    job = next(queue, None)
                if job is None:
                    return
                try:
                    outcome = job()
                except ValidationError:
                    outcome = "refused"
                with lock:
                    outcomes[outcome] += 1
        finally:
            connection.close()

    running = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_thirty_people_registering_at_once_fill_exactly_the_seats(
    postgres_only: None, meeting: Any, make_person: Any
) -> None:
    people = [make_person(f"p{i}") for i in range(30)]

    def job(person: Any) -> Any:
        return lambda: meeting_register(meeting=meeting, person=person).status

    outcomes = race([job(p) for p in people])
    assert outcomes == {
        RegistrationStatus.REGISTERED: SEATS,
        RegistrationStatus.WAITING: 30 - SEATS,
    }
    meeting.refresh_from_db()
    assert meeting.taken == SEATS
    assert Registration.objects.filter(status=RegistrationStatus.REGISTERED).count() == SEATS


@pytest.mark.django_db(transaction=True)
def test_the_same_person_pressing_ten_times_at_once_holds_one_seat(
    postgres_only: None, meeting: Any, resident: Any
) -> None:
    outcomes = race([lambda: meeting_register(meeting=meeting, person=resident).status] * 10)
    assert outcomes == {RegistrationStatus.REGISTERED: 1, "refused": 9}
    meeting.refresh_from_db()
    assert meeting.taken == 1 and Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_withdrawals_and_registrations_at_once_never_overbook(
    postgres_only: None, meeting: Any, make_person: Any
) -> None:
    holders = [make_person(f"h{i}") for i in range(SEATS)]
    held = [meeting_register(meeting=meeting, person=p) for p in holders]
    newcomers = [make_person(f"n{i}") for i in range(16)]
    work = [
        *(
            lambda r=r, p=p: meeting_withdraw(registration=r, person=p).status
            for r, p in zip(held, holders, strict=True)
        ),
        *(lambda p=p: meeting_register(meeting=meeting, person=p).status for p in newcomers),
    ]
    race(work)
    meeting.refresh_from_db()
    registered = Registration.objects.filter(status=RegistrationStatus.REGISTERED).count()
    assert meeting.taken == registered == SEATS


@pytest.mark.django_db
def test_the_database_refuses_to_overbook_a_meeting(meeting: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(taken=F("capacity") + 1)
