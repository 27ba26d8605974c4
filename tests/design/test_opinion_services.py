"""Opinion maps: statements, moderation and votes through the one rule check."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.design.models import Moderation, OpinionAnalysis, OpinionVote, Statement
from coproduce.design.selectors.opinions import (
    map_for_user,
    moderation_queue,
    next_statement_for,
    statements_for_user,
)
from coproduce.design.services.opinions import (
    opinion_map_create,
    statement_moderate,
    statement_seed,
    statement_submit,
    statement_vote,
)
from coproduce.initiatives.models import Contribution

pytestmark = pytest.mark.django_db


def _first(opinion_map: Any) -> Statement:
    return opinion_map.statements.order_by("number").first()


def test_staff_set_up_the_map_and_seed_statements_approved_and_audited(
    opinion_map: Any, organiser: Any
) -> None:
    assert opinion_map.statements.count() == 5
    assert set(opinion_map.statements.values_list("status", flat=True)) == {Moderation.APPROVED}
    assert list(opinion_map.statements.values_list("number", flat=True)) == [0, 1, 2, 3, 4]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"opinion_map.create", "statement.seed"} <= actions
    seeded = AuditEvent.objects.filter(action="statement.seed").first()
    assert (
        seeded is not None
        and seeded.organisation == opinion_map.activity.stage.initiative.organisation
    )


def test_a_resident_cannot_set_up_or_seed(opinion_map: Any, adult: Any) -> None:
    with pytest.raises(PermissionDenied):
        opinion_map_create(activity=opinion_map.activity, actor=adult, question="Mine now")
    with pytest.raises(PermissionDenied):
        statement_seed(opinion_map=opinion_map, actor=adult, text="Sneaky")
    assert opinion_map.statements.count() == 5


def test_another_kind_of_activity_cannot_hold_an_opinion_map(
    activity_in: Any, organiser: Any
) -> None:
    survey = activity_in("assessment", "survey")
    with pytest.raises(ValidationError, match="not an opinion map"):
        opinion_map_create(activity=survey, actor=organiser, question="Q")


def test_a_vote_is_recorded_once_and_changing_it_keeps_the_latest(
    opinion_map: Any, adult: Any
) -> None:
    statement = _first(opinion_map)
    statement_vote(statement=statement, person=adult, value=1)
    statement_vote(statement=statement, person=adult, value=-1)
    votes = OpinionVote.objects.filter(statement=statement)
    assert [v.value for v in votes] == [-1]
    # one ledger row for taking part, not one per vote
    assert Contribution.objects.filter(person=adult, kind="opinion.vote").count() == 1


def test_the_database_refuses_a_second_vote_row(opinion_map: Any, adult: Any) -> None:
    statement = _first(opinion_map)
    vote = statement_vote(statement=statement, person=adult, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpinionVote.objects.create(statement=statement, participant=vote.participant, value=0)


def test_a_bad_vote_value_is_refused_and_nothing_changes(opinion_map: Any, adult: Any) -> None:
    with pytest.raises(ValidationError, match="agree, disagree or pass"):
        statement_vote(statement=_first(opinion_map), person=adult, value=5)
    assert not OpinionVote.objects.exists()


def test_votes_are_refused_before_and_after_the_activity(opinion_map: Any, adult: Any) -> None:
    activity = opinion_map.activity
    activity.starts_at = timezone.now() + timedelta(days=1)
    activity.save(update_fields=["starts_at"])
    with pytest.raises(ValidationError, match="not opened yet"):
        statement_vote(statement=_first(opinion_map), person=adult, value=1)
    activity.starts_at = timezone.now() - timedelta(days=5)
    activity.ends_at = timezone.now() - timedelta(days=1)
    activity.save(update_fields=["starts_at", "ends_at"])
    with pytest.raises(ValidationError, match="closed on"):
        statement_vote(statement=_first(opinion_map), person=adult, value=1)
    with pytest.raises(ValidationError, match="closed on"):
        statement_submit(opinion_map=opinion_map, person=adult, text="Too late")
    assert not OpinionVote.objects.exists()
    assert opinion_map.statements.count() == 5


def test_someone_outside_the_eligible_area_or_signed_out_cannot_vote(
    opinion_map: Any, adult: Any, anonymous: Any, city: Any
) -> None:
    with pytest.raises(PermissionDenied):
        statement_vote(statement=_first(opinion_map), person=anonymous, value=1)
    activity = opinion_map.activity
    activity.eligible_place = city
    activity.save(update_fields=["eligible_place"])
    with pytest.raises(PermissionDenied):
        statement_vote(statement=_first(opinion_map), person=adult, value=1)
    assert not OpinionVote.objects.exists()


def test_a_participant_statement_is_hidden_from_others_until_approved(
    opinion_map: Any, adult: Any, other_resident: Any, moderator: Any
) -> None:
    mine = statement_submit(opinion_map=opinion_map, person=adult, text="  Wider   pavements ")
    assert mine.text == "Wider pavements" and mine.status == Moderation.PENDING
    assert mine in statements_for_user(opinion_map, adult)
    assert mine not in statements_for_user(opinion_map, other_resident)
    with pytest.raises(ValidationError, match="not open for votes"):
        statement_vote(statement=mine, person=other_resident, value=1)
    for _ in range(5):
        shown = next_statement_for(opinion_map, other_resident).statement
        assert shown is not None and shown.pk != mine.pk
        statement_vote(statement=shown, person=other_resident, value=1)
    assert next_statement_for(opinion_map, other_resident).statement is None
    assert list(moderation_queue(opinion_map)) == [mine]
    statement_moderate(statement=mine, actor=moderator, approve=True)
    assert mine in statements_for_user(opinion_map, other_resident)
    assert next_statement_for(opinion_map, other_resident).statement == mine
    assert AuditEvent.objects.filter(action="statement.approve", actor=moderator).exists()
    assert Contribution.objects.filter(person=adult, kind="statement.submit").count() == 1


def test_a_rejection_needs_a_reason_and_only_moderators_moderate(
    opinion_map: Any, adult: Any, moderator: Any
) -> None:
    mine = statement_submit(opinion_map=opinion_map, person=adult, text="Spam spam")
    with pytest.raises(PermissionDenied):
        statement_moderate(statement=mine, actor=adult, approve=True)
    with pytest.raises(ValidationError, match="Say why"):
        statement_moderate(statement=mine, actor=moderator, approve=False)
    mine.refresh_from_db()
    assert mine.status == Moderation.PENDING
    statement_moderate(statement=mine, actor=moderator, approve=False, reason="Advertising")
    mine.refresh_from_db()
    assert (mine.status, mine.moderation_reason) == (Moderation.REJECTED, "Advertising")


def test_a_statement_must_be_short_new_and_allowed(
    opinion_map: Any, adult: Any, organiser: Any
) -> None:
    with pytest.raises(ValidationError, match="280"):
        statement_submit(opinion_map=opinion_map, person=adult, text="x" * 281)
    with pytest.raises(ValidationError, match="already"):
        statement_submit(
            opinion_map=opinion_map, person=adult, text="statement number 1 about the road"
        )
    opinion_map_create(
        activity=opinion_map.activity,
        actor=organiser,
        question=opinion_map.question,
        participants_write=False,
    )
    opinion_map.refresh_from_db()
    with pytest.raises(ValidationError, match="only the organisers"):
        statement_submit(opinion_map=opinion_map, person=adult, text="Something new")
    assert opinion_map.statements.count() == 5


def test_votes_redraw_the_map_with_the_person_s_position(
    opinion_map: Any, make_person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    people = [make_person(f"voter{n}") for n in range(20)]
    statements = list(opinion_map.statements.order_by("number"))
    with django_capture_on_commit_callbacks(execute=True):
        for n, person in enumerate(people):
            for j, statement in enumerate(statements):
                value = 1 if (n < 10) == (j < 3) else -1
                statement_vote(statement=statement, person=person, value=value)
    analysis = OpinionAnalysis.objects.get(opinion_map=opinion_map)
    assert analysis.n_votes == 100
    view = map_for_user(opinion_map, people[0])
    assert view is not None and view.n_participants == 20
    assert view.own is not None and view.own[2] in range(len(view.groups))
    assert len(view.groups) >= 2
    assert any(g.representative for g in view.groups)


def test_personal_data_exports_statements_and_votes_and_erasure_unlinks_them(
    opinion_map: Any, adult: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from coproduce.design.personal_data import DESIGN

    mine = statement_submit(opinion_map=opinion_map, person=adult, text="Wider pavements")
    statement_vote(statement=_first(opinion_map), person=adult, value=1)
    data = DESIGN.export(adult)
    assert [s["statement"] for s in data["opinion_statements"]] == ["Wider pavements"]
    assert [(v["statement"], v["vote"]) for v in data["opinion_votes"]] == [
        (_first(opinion_map).text, "Agree")
    ]
    DESIGN.erase(adult)
    assert DESIGN.export(adult) == {
        "ideas": [],
        "idea_supports": [],
        "opinion_statements": [],
        "opinion_votes": [],
    }
    mine.refresh_from_db()
    assert mine.author is not None and mine.author.person is None  # the statement stays
    assert OpinionVote.objects.get().participant.person is None  # the vote stays, unlinked


def test_a_returning_voters_vote_is_three_statements(
    opinion_map: Any, adult: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Throughput (bench/opinions_platform.py): find the participant, upsert the vote, try
    to claim the map's next refresh. The rule check reads what the page has loaded."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coproduce.design.models import OpinionMap
    from coproduce.design.selectors.opinions import opinion_map_for_user, statement_in

    statement_vote(statement=_first(opinion_map), person=adult, value=1)  # joins the map
    # A refresh is pending (as it is almost always under load): the claim changes nothing.
    OpinionMap.objects.filter(pk=opinion_map.pk).update(refresh_due_at=timezone.now())
    _activity, loaded = opinion_map_for_user(adult, opinion_map.activity_id)
    statement = statement_in(loaded, 1)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        statement_vote(statement=statement, person=adult, value=-1)
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 3, statements
    assert OpinionVote.objects.get(statement=statement).value == -1


def test_a_refresh_is_claimed_once_and_due_a_period_after_the_last_start(
    opinion_map: Any, settings: Any
) -> None:
    from coproduce.design.models import OpinionMap
    from coproduce.design.services.opinions import map_refresh_schedule

    settings.OPINION_MAP_REFRESH_SECONDS = 10
    # Queued, not run: the immediate backend would run the refresh and release the claim.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    now = timezone.now()
    OpinionMap.objects.filter(pk=opinion_map.pk).update(
        refresh_started_at=now - timedelta(seconds=4), refresh_due_at=None
    )
    assert map_refresh_schedule(opinion_map=opinion_map, now=now) is True
    assert map_refresh_schedule(opinion_map=opinion_map, now=now) is False  # one pending
    due = OpinionMap.objects.get(pk=opinion_map.pk).refresh_due_at
    assert abs((due - (now + timedelta(seconds=6))).total_seconds()) < 0.01
    OpinionMap.objects.filter(pk=opinion_map.pk).update(
        refresh_started_at=now - timedelta(minutes=1), refresh_due_at=None
    )
    assert map_refresh_schedule(opinion_map=opinion_map, now=now) is True
    assert OpinionMap.objects.get(pk=opinion_map.pk).refresh_due_at == now  # long ago: now
