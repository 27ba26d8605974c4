"""Places under real concurrency (PostgreSQL): however many sign up at once, a shift holds
no more people than its places, and the database itself refuses an overfilled shift."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from coproduce.delivery.models import Shift, SignUp, SignUpStatus
from coproduce.delivery.services.sign_ups import shift_sign_up, shift_withdraw

PLACES = 5


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
def test_forty_people_signing_up_at_once_fill_exactly_the_places(
    postgres_only: None, make_shift: Any, make_person: Any
) -> None:
    shift = make_shift(capacity=PLACES)
    people = [make_person(f"p{i}") for i in range(40)]

    def job(person: Any) -> Any:
        return lambda: shift_sign_up(shift=shift, person=person, wait=True).status

    outcomes = race([job(p) for p in people])
    assert outcomes == {SignUpStatus.CONFIRMED: PLACES, SignUpStatus.WAITING: 40 - PLACES}
    shift.refresh_from_db()
    assert shift.taken == PLACES
    assert SignUp.objects.filter(status=SignUpStatus.CONFIRMED).count() == PLACES


@pytest.mark.django_db(transaction=True)
def test_the_same_person_pressing_ten_times_at_once_holds_one_place(
    postgres_only: None, make_shift: Any, resident: Any
) -> None:
    shift = make_shift(capacity=PLACES)
    outcomes = race([lambda: shift_sign_up(shift=shift, person=resident).status] * 10)
    assert outcomes == {SignUpStatus.CONFIRMED: 1, "refused": 9}
    shift.refresh_from_db()
    assert shift.taken == 1 and SignUp.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_withdrawals_and_sign_ups_at_once_never_overfill(
    postgres_only: None, make_shift: Any, make_person: Any
) -> None:
    shift = make_shift(capacity=PLACES)
    holders = [make_person(f"h{i}") for i in range(PLACES)]
    held = [shift_sign_up(shift=shift, person=p) for p in holders]
    newcomers = [make_person(f"n{i}") for i in range(20)]
    work = [
        *(
            lambda s=s, p=p: shift_withdraw(sign_up=s, person=p).status
            for s, p in zip(held, holders, strict=True)
        ),
        *(lambda p=p: shift_sign_up(shift=shift, person=p, wait=True).status for p in newcomers),
    ]
    race(work)
    shift.refresh_from_db()
    holding = SignUp.objects.filter(status__in=["confirmed", "offered"]).count()
    assert shift.taken == holding <= PLACES


@pytest.mark.django_db
def test_the_database_refuses_to_overfill_a_shift(make_shift: Any) -> None:
    shift = make_shift(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(pk=shift.pk).update(taken=F("capacity") + 1)
