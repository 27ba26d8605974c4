"""Paper ballots: voter codes and staff double entry, one ballot per voter across channels."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coproduce.audit.models import AuditEvent
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import EntryStatus, PaperEntry, Phase
from coproduce.commissioning.services.ballots import (
    ballot_cast,
    paper_entry_record,
    voter_codes_issue,
)
from coproduce.initiatives.models import Contribution
from tests.commissioning.conftest import to_phase

from .conftest import ids, sealed, sealed_choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_round(make_round: Any) -> Any:
    return make_round(allow_changes=False)


@pytest.fixture
def code(paper_round: Any, organiser: Any) -> str:
    (issued,) = voter_codes_issue(
        round_=paper_round, area=paper_round.areas.get(), count=1, actor=organiser
    )
    return issued


def test_codes_are_shown_once_and_only_their_keyed_hash_is_stored(
    paper_round: Any, organiser: Any
) -> None:
    codes = voter_codes_issue(
        round_=paper_round, area=paper_round.areas.get(), count=5, actor=organiser
    )
    assert len(set(codes)) == 5
    stored = set(paper_round.codes.values_list("code_hash", flat=True))
    assert not stored & set(codes) and all(len(h) == 64 for h in stored)


def test_a_paper_ballot_counts_only_when_a_second_member_of_staff_matches_it(
    paper_round: Any, code: str, staff_pair: tuple[Any, Any]
) -> None:
    first, second = staff_pair
    choice = BallotContent((ids(paper_round)[0],))
    assert (
        paper_entry_record(round_=paper_round, code=code, content=choice, actor=first).status
        == "pending"
    )
    assert not sealed()
    result = paper_entry_record(
        round_=paper_round, code=code.lower().replace("-", " "), content=choice, actor=second
    )
    assert result.status == EntryStatus.COUNTED and len(result.receipt) == 10
    assert sealed_choices() == [list(choice.choices)]
    row = Contribution.objects.get(kind="ballot")
    assert (row.channel, row.recorded_by, row.person) == ("paper", second, None)
    assert AuditEvent.objects.filter(action="paper_entry.pending", actor=first).exists()
    assert AuditEvent.objects.filter(action="paper_entry.counted", actor=second).exists()


def test_the_same_person_cannot_enter_a_ballot_twice(
    paper_round: Any, code: str, organiser: Any
) -> None:
    choice = BallotContent((ids(paper_round)[0],))
    paper_entry_record(round_=paper_round, code=code, content=choice, actor=organiser)
    with pytest.raises(ValidationError, match="second member of staff"):
        paper_entry_record(round_=paper_round, code=code, content=choice, actor=organiser)
    assert not sealed()


def test_a_mismatching_entry_counts_nothing_until_a_third_entry_agrees(
    paper_round: Any, code: str, staff_pair: tuple[Any, Any], make_person: Any, council: Any
) -> None:
    from coproduce.organisations.models import Membership

    first, second = staff_pair
    third = make_person("third_staff")
    Membership.objects.create(organisation=council, person=third, role="coordinator")
    a, b = ids(paper_round)[:2]
    paper_entry_record(round_=paper_round, code=code, content=BallotContent((a,)), actor=first)
    mismatch = paper_entry_record(
        round_=paper_round, code=code, content=BallotContent((b,)), actor=second
    )
    assert mismatch.status == EntryStatus.MISMATCH and not sealed()
    assert AuditEvent.objects.filter(action="paper_entry.mismatch").exists()
    settled = paper_entry_record(
        round_=paper_round, code=code, content=BallotContent((a,)), actor=third
    )
    assert settled.status == EntryStatus.COUNTED
    assert sealed_choices() == [[a]]
    assert set(PaperEntry.objects.values_list("status", flat=True)) == {"counted"}


def test_paper_entries_do_not_store_what_was_voted(
    paper_round: Any, code: str, organiser: Any
) -> None:
    paper_entry_record(
        round_=paper_round,
        code=code,
        content=BallotContent((ids(paper_round)[0],)),
        actor=organiser,
    )
    entry = PaperEntry.objects.get()
    assert str(ids(paper_round)[0]) not in entry.content_digest or len(entry.content_digest) == 64
    assert {f.name for f in PaperEntry._meta.get_fields()} == {
        "id",
        "round",
        "code_hash",
        "content_digest",
        "entered_by",
        "status",
        "created_at",
    }


def test_an_unknown_or_used_code_is_refused(
    paper_round: Any, code: str, staff_pair: tuple[Any, Any]
) -> None:
    first, second = staff_pair
    choice = BallotContent((ids(paper_round)[0],))
    with pytest.raises(ValidationError, match="not valid"):
        paper_entry_record(round_=paper_round, code="AAAA-BBBB-CCCC", content=choice, actor=first)
    paper_entry_record(round_=paper_round, code=code, content=choice, actor=first)
    paper_entry_record(round_=paper_round, code=code, content=choice, actor=second)
    with pytest.raises(ValidationError, match="already been used"):
        paper_entry_record(round_=paper_round, code=code, content=choice, actor=first)


def test_paper_ballots_break_the_same_limits_as_online_ones(
    paper_round: Any, code: str, organiser: Any
) -> None:
    with pytest.raises(ValidationError, match="more than the budget"):
        paper_entry_record(
            round_=paper_round,
            code=code,
            content=BallotContent(tuple(ids(paper_round)[:3])),
            actor=organiser,
        )
    assert not PaperEntry.objects.exists()


def test_a_person_who_voted_online_cannot_also_vote_on_paper(
    paper_round: Any, voter: Any, organiser: Any, staff_pair: tuple[Any, Any]
) -> None:
    first, second = staff_pair
    (code,) = voter_codes_issue(
        round_=paper_round, area=paper_round.areas.get(), count=1, actor=first, person=voter
    )
    choice = BallotContent((ids(paper_round)[0],))
    ballot_cast(round_=paper_round, person=voter, content=choice)
    paper_entry_record(round_=paper_round, code=code, content=choice, actor=first)
    with pytest.raises(ValidationError, match="already voted"):
        paper_entry_record(round_=paper_round, code=code, content=choice, actor=second)
    assert len(sealed()) == 1


@pytest.mark.parametrize(
    "persona,allowed",
    [("organiser", True), ("moderator", False), ("councillor", False), ("resident", False)],
)
def test_who_may_enter_paper_ballots(
    paper_round: Any, code: str, request: pytest.FixtureRequest, persona: str, allowed: bool
) -> None:
    person = request.getfixturevalue(persona)
    choice = BallotContent((ids(paper_round)[0],))
    if allowed:
        paper_entry_record(round_=paper_round, code=code, content=choice, actor=person)
    else:
        with pytest.raises(PermissionDenied):
            paper_entry_record(round_=paper_round, code=code, content=choice, actor=person)


def test_paper_ballots_are_refused_after_voting_closes(
    paper_round: Any, code: str, organiser: Any
) -> None:
    paper_round = to_phase(paper_round, Phase.RESULTS)
    with pytest.raises(ValidationError, match="only during “Voting”"):
        paper_entry_record(
            round_=paper_round,
            code=code,
            content=BallotContent((ids(paper_round)[0],)),
            actor=organiser,
        )


def test_the_paper_page_names_who_may_make_the_second_entry(
    client: Any,
    paper_round: Any,
    staff_pair: tuple[Any, Any],
    moderator: Any,
    with_second_factor: Any,
) -> None:
    first, second = staff_pair
    client.force_login(with_second_factor(first))
    page = client.get(f"/staff/budgets/{paper_round.pk}/paper/").content.decode()
    who = page[page.index('id="who-may-enter"') :]
    who = who[: who.index("</div>")]
    assert first.public_name in who and second.public_name in who
    assert moderator.public_name not in who
