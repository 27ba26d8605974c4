"""Pages and API: the ballot with and without JavaScript, receipts, staff pages, and no
counts anywhere before voting closes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import Ballot, BallotEnvelope, Phase
from coproduce.commissioning.selectors.rounds import voter_status
from coproduce.commissioning.services.ballots import ballot_cast, voter_codes_issue

from .conftest import ids, sealed, sealed_choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Any, organiser: Any, with_second_factor: Any) -> Any:
    client.force_login(with_second_factor(organiser))
    return client


def test_the_knapsack_ballot_shows_a_budget_bar_that_the_server_updates_without_javascript(
    client: Any, make_round: Any, voter: Any
) -> None:
    round_ = make_round()
    a, b = ids(round_)[:2]
    client.force_login(voter)
    page = client.get(f"/budgets/{round_.pk}/vote/").content.decode()
    assert "You have chosen £0 of £1,000. £1,000 left." in page
    checked = client.post(f"/budgets/{round_.pk}/vote/", {"choice": [a, b], "action": "check"})
    assert "You have chosen £700 of £1,000. £300 left." in checked.content.decode()
    assert not sealed()


def test_casting_a_ballot_leads_to_a_receipt(client: Any, make_round: Any, voter: Any) -> None:
    round_ = make_round()
    client.force_login(voter)
    response = client.post(
        f"/budgets/{round_.pk}/vote/", {"choice": ids(round_)[:2], "action": "cast"}
    )
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'id="receipt-code">([A-Z0-9]+)<', receipt)
    assert code and len(code.group(1)) == 10


def test_an_over_budget_ballot_is_refused_with_a_clear_error(
    client: Any, make_round: Any, voter: Any
) -> None:
    round_ = make_round()
    client.force_login(voter)
    response = client.post(
        f"/budgets/{round_.pk}/vote/", {"choice": ids(round_)[:3], "action": "cast"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "more than the budget" in page
    assert "That is over the budget" in page


def test_an_ineligible_visitor_is_told_why(client: Any, make_round: Any, resident: Any) -> None:
    from datetime import date

    resident.date_of_birth = date(1980, 1, 1)
    resident.save()
    round_ = make_round()
    client.force_login(resident)
    response = client.get(f"/budgets/{round_.pk}/vote/")
    assert response.status_code == 403 and "residents of Testford" in response.content.decode()


def test_no_counts_are_visible_anywhere_before_voting_closes(
    client: Any,
    make_round: Any,
    voter: Any,
    second_voter: Any,
    organiser: Any,
    with_second_factor: Any,
) -> None:
    round_ = make_round()
    for person in (voter, second_voter):
        ballot_cast(round_=round_, person=person, content=BallotContent(tuple(ids(round_)[:2])))
    for url in (f"/budgets/{round_.pk}/results/", f"/budgets/{round_.pk}/receipts/"):
        page = client.get(url).content.decode()
        assert "Not published yet" in page and "ballots counted" not in page
    api = client.get(f"/api/budgets/{round_.pk}").json()
    assert api["ballots"] is None and api["funded"] is None
    assert {p["votes"] for p in api["projects"]} == {None}
    assert client.get("/api/budgets").json()[0]["ballots"] is None
    public = client.get(f"/budgets/{round_.pk}/").content.decode()
    assert "stay secret until voting closes" in public
    client.force_login(with_second_factor(organiser))
    area = round_.areas.get()
    export = client.get(f"/staff/budgets/{round_.pk}/export/{area.pk}/", follow=True)
    assert "only after voting closes" in export.content.decode()
    manage = client.get(f"/staff/budgets/{round_.pk}/").content.decode()
    assert "Download the anonymised ballots" not in manage and "Ballots counted" not in manage


def test_after_the_close_the_api_and_receipt_list_show_the_count(
    client: Any,
    make_round: Any,
    voter: Any,
    django_capture_on_commit_callbacks: Any,
    organiser: Any,
) -> None:
    from coproduce.commissioning.services.rounds import round_phase_set

    round_ = make_round()
    receipt = ballot_cast(
        round_=round_, person=voter, content=BallotContent(tuple(ids(round_)[:2]))
    ).receipt
    with django_capture_on_commit_callbacks(execute=True):
        round_phase_set(round_=round_, actor=organiser, phase=Phase.RESULTS)
    api = client.get(f"/api/budgets/{round_.pk}").json()
    assert api["ballots"] == 1 and api["results_published"]
    page = client.get(f"/budgets/{round_.pk}/receipts/", {"code": receipt}).content.decode()
    assert "your ballot was counted" in page and receipt in page


def test_staff_change_phase_and_see_locked_settings_refused(
    staff_client: Any, make_round: Any
) -> None:
    round_ = make_round(phase=Phase.REVIEW)
    response = staff_client.post(f"/staff/budgets/{round_.pk}/phase/", {"phase": "voting"})
    assert response.status_code == 302
    refused = staff_client.post(
        f"/staff/budgets/{round_.pk}/settings/",
        {
            "ballot_format": "approval",
            "min_choices": 1,
            "points": 10,
            "rule": "greedy",
            "voter_codes": "on",
        },
    )
    assert refused.status_code == 400 and "locked" in refused.content.decode()


def test_once_voting_opens_the_locked_settings_render_disabled_with_when_they_locked(
    staff_client: Any, make_round: Any
) -> None:
    round_ = make_round(phase=Phase.VOTING)
    page = staff_client.get(f"/staff/budgets/{round_.pk}/").content.decode()
    for name in ("ballot_format", "min_choices", "points", "rule", "voter_codes", "min_age"):
        (tag,) = re.findall(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', page)
        assert "disabled" in tag, name
    assert "disabled" not in re.findall(r'<input[^>]*name="allow_changes"[^>]*>', page)[0]
    assert "Locked since voting opened on" in page
    assert round_.allow_changes  # unticking the one unlocked setting still saves
    saved = staff_client.post(f"/staff/budgets/{round_.pk}/settings/", {})
    assert saved.status_code == 302
    round_.refresh_from_db()
    assert not round_.allow_changes and round_.voter_codes


def test_staff_review_a_proposal_through_the_page(staff_client: Any, make_round: Any) -> None:
    round_ = make_round(phase=Phase.REVIEW)
    proposal = round_.proposals.first()
    response = staff_client.post(
        f"/staff/budgets/proposals/{proposal.pk}/review/",
        {"feasible": "no", "reason": "It is on private land.", "revised_cost": ""},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "infeasible"


def test_staff_enter_a_paper_ballot_twice_through_the_page(
    client: Any, make_round: Any, staff_pair: tuple[Any, Any], with_second_factor: Any
) -> None:
    first, second = staff_pair
    round_ = make_round()
    (code,) = voter_codes_issue(round_=round_, area=round_.areas.get(), count=1, actor=first)
    a = ids(round_)[0]
    for person, expected in (
        (first, "A second member of staff must now enter"),
        (second, "Both entries match"),
    ):
        client.force_login(with_second_factor(person))
        page = client.post(
            f"/staff/budgets/{round_.pk}/paper/", {"code": code, "choice": [a]}
        ).content.decode()
        assert expected in page
    assert sealed_choices() == [[a]]


def test_residents_cannot_reach_staff_pages(client: Any, make_round: Any, voter: Any) -> None:
    round_ = make_round()
    client.force_login(voter)
    assert client.get(f"/staff/budgets/{round_.pk}/").status_code == 403
    assert client.get(f"/staff/budgets/{round_.pk}/paper/").status_code == 403


def test_a_resident_proposes_with_duplicate_suggestions(
    client: Any, make_round: Any, voter: Any
) -> None:
    round_ = make_round(phase=Phase.PROPOSALS)
    client.force_login(voter)
    checked = client.post(
        f"/budgets/{round_.pk}/propose/", {"title": "Project A again", "action": "check"}
    ).content.decode()
    assert "Similar proposals already exist" in checked
    partial = client.get(
        f"/budgets/{round_.pk}/duplicates/", {"title": "Project A"}
    ).content.decode()
    assert "Project A" in partial
    sent = client.post(
        f"/budgets/{round_.pk}/propose/",
        {
            "title": "A water fountain",
            "description": "By the gates.",
            "estimated_cost": "2,500",
            "area": round_.areas.get().pk,
            "action": "submit",
        },
    )
    assert sent.status_code == 302
    assert round_.proposals.get(title="A water fountain").estimated_cost == 250_000


def test_list_and_round_pages_do_not_grow_queries_with_rounds(
    client: Any, make_round: Any, django_assert_max_num_queries: Any
) -> None:
    rounds = [make_round() for _ in range(5)]
    with django_assert_max_num_queries(8):
        assert client.get("/budgets/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/budgets/{rounds[0].pk}/").status_code == 200


def test_the_activity_links_to_the_round_page(make_round: Any) -> None:
    round_ = make_round()
    assert round_.activity.get_absolute_url() == f"/budgets/{round_.pk}/"


def test_the_budgets_api_lists_rounds_without_a_query_per_round(
    client: Any, make_round: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(4):
        make_round(phase=Phase.RESULTS)
    with django_assert_max_num_queries(6):
        rounds = client.get("/api/budgets").json()
    assert len(rounds) == 4


@pytest.mark.parametrize(
    "fmt,settings,post,problem",
    [
        ("cumulative", {"points": 10}, lambda a, b: {f"points-{a}": "7", f"points-{b}": "3"}, None),
        (
            "cumulative",
            {"points": 10},
            lambda a, b: {f"points-{a}": "7", f"points-{b}": "x"},
            "whole numbers",
        ),
        ("ranked", {"max_choices": 2}, lambda a, b: {f"rank-{a}": "2", f"rank-{b}": "1"}, None),
        (
            "ranked",
            {"max_choices": 3},
            lambda a, b: {f"rank-{a}": "1", f"rank-{b}": "3"},
            "without gaps",
        ),
        (
            "cumulative",
            {"points": 10},
            lambda a, b: {f"points-{a}": "7", f"points-{b + 1000}": "3"},
            "only projects on this ballot",
        ),
    ],
)
def test_points_and_ranked_ballots_through_the_page(
    client: Any,
    make_round: Any,
    voter: Any,
    fmt: str,
    settings: dict[str, int],
    post: Any,
    problem: str | None,
) -> None:
    round_ = make_round(ballot_format=fmt, **settings)
    a, b = ids(round_)[:2]
    client.force_login(voter)
    page = client.get(f"/budgets/{round_.pk}/vote/").content.decode()
    assert (f'name="points-{a}"' if fmt == "cumulative" else f'name="rank-{a}"') in page
    response = client.post(f"/budgets/{round_.pk}/vote/", {**post(a, b), "action": "cast"})
    if problem is None:
        assert response.status_code == 302
        (ballot,) = sealed()
        assert (ballot["choices"], ballot["points"]) == (
            ([a, b], [7, 3]) if fmt == "cumulative" else ([b, a], None)
        )
    else:
        assert response.status_code == 400 and problem in response.content.decode()
        assert not sealed()


def test_rank_fields_that_name_no_proposal_are_not_read(
    client: Any, make_round: Any, voter: Any
) -> None:
    round_ = make_round(ballot_format="ranked", max_choices=2)
    a = ids(round_)[0]
    client.force_login(voter)
    odd = {"rank-²": "2", f"rank-{'9' * 30}": "2", "rank-x": "2"}
    response = client.post(
        f"/budgets/{round_.pk}/vote/", {f"rank-{a}": "1", **odd, "action": "cast"}
    )
    assert response.status_code == 302
    assert sealed_choices(round_) == [[a]]


def test_counting_progress_is_shown_while_the_round_is_counted(
    client: Any, make_round: Any
) -> None:
    round_ = make_round(phase=Phase.RESULTS)
    round_.tally_status, round_.tally_progress = "running", 40
    round_.save()
    page = client.get(f"/budgets/{round_.pk}/results/").content.decode()
    assert "40% done" in page and 'http-equiv="refresh"' in page and "hx-trigger" in page
    assert "40% done" in client.get(f"/budgets/{round_.pk}/progress/").content.decode()


def test_a_voter_sees_their_own_ballot_when_they_come_back(
    client: Any, make_round: Any, voter: Any
) -> None:
    round_ = make_round()
    a, b = ids(round_)[:2]
    ballot_cast(round_=round_, person=voter, content=BallotContent((a, b)))
    client.force_login(voter)
    page = client.get(f"/budgets/{round_.pk}/vote/").content.decode()
    assert "You have voted" in page
    assert f'value="{a}" data-cost="40000" checked' in page


def test_a_member_of_a_community_group_proposes_on_its_behalf(
    client: Any, make_round: Any, voter: Any, city: Any
) -> None:
    from coproduce.organisations.models import Membership, Organisation

    group = Organisation.objects.create(
        name="Friends of the Park", slug="friends", kind="community_group", place=city
    )
    Membership.objects.create(organisation=group, person=voter, role="coordinator")
    round_ = make_round(phase=Phase.PROPOSALS)
    client.force_login(voter)
    assert "Friends of the Park" in client.get(f"/budgets/{round_.pk}/propose/").content.decode()
    client.post(
        f"/budgets/{round_.pk}/propose/",
        {
            "title": "Wildflower meadow",
            "description": "Sow it.",
            "estimated_cost": "800",
            "area": round_.areas.get().pk,
            "group": group.pk,
            "action": "submit",
        },
    )
    assert round_.proposals.get(title="Wildflower meadow").group == group


def test_the_staff_round_list_has_a_plain_title_and_each_round_its_phase(
    staff_client: Any, make_round: Any
) -> None:
    make_round(phase=Phase.REVIEW)
    page = staff_client.get("/staff/budgets/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "<" not in title.group(1) and "Budgeting rounds" in title.group(1)
    assert "Park budget</a> — Feasibility review" in page


def test_the_public_list_says_when_a_round_has_ended(client: Any, make_round: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    round_ = make_round()
    assert "Voting" in client.get("/budgets/").content.decode()
    activity = round_.activity
    activity.ends_at = timezone.now() - timedelta(minutes=1)
    activity.save(update_fields=["ends_at"])
    page = client.get(f"/budgets/{round_.pk}/").content.decode()
    assert "Ended" in page and "Vote counts stay secret until voting closes" not in page


@pytest.mark.parametrize("cost", ["1000000000000", "1e12", "NaN", "9" * 40])
def test_a_proposal_with_an_absurd_cost_is_sent_back(
    client: Any, make_round: Any, voter: Any, cost: str
) -> None:
    round_ = make_round(phase=Phase.PROPOSALS)
    client.force_login(voter)
    response = client.post(
        f"/budgets/{round_.pk}/propose/",
        {
            "title": "A golden fountain",
            "description": "By the gates.",
            "estimated_cost": cost,
            "area": round_.areas.get().pk,
            "action": "submit",
        },
    )
    assert response.status_code in (200, 400) and "govuk-error-summary" in response.text
    assert not round_.proposals.filter(title="A golden fountain").exists()


@pytest.mark.parametrize("points", ["²", "9" * 5000, "-3", "1e3"])
def test_points_that_are_not_whole_numbers_are_sent_back(
    client: Any, make_round: Any, voter: Any, points: str
) -> None:
    round_ = make_round(ballot_format="cumulative", points=10)
    a = ids(round_)[0]
    client.force_login(voter)
    response = client.post(f"/budgets/{round_.pk}/vote/", {f"points-{a}": points, "action": "cast"})
    assert response.status_code == 400 and "Use whole numbers only." in response.text
    assert not BallotEnvelope.objects.exists() and not Ballot.objects.exists()


def _tables_read(queries: list[dict[str, str]]) -> dict[str, int]:
    reads: dict[str, int] = {}
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SELECT"):
            table = re.search(r'FROM "(\w+)"', sql)
            if table:
                reads[table.group(1)] = reads.get(table.group(1), 0) + 1
    return reads


def test_casting_a_ballot_checks_eligibility_and_reads_the_ballot_once(
    client: Any, make_round: Any, voter: Any, second_voter: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = make_round()
    choice = ids(round_)[:1]
    ballot_cast(round_=round_, person=second_voter, content=BallotContent(tuple(choice)))
    client.force_login(voter)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/budgets/{round_.pk}/vote/", {"choice": choice, "action": "cast"})
    assert response.status_code == 302
    reads = _tables_read(queries.captured_queries)
    assert reads["places_residency"] == 1
    assert reads["commissioning_ballotarea"] == 1
    assert reads["commissioning_proposal"] == 1
    assert "organisations_organisation" not in reads  # fetched with the round


def _districts(city: Any) -> Any:
    from coproduce.commissioning.services.rounds import AreaSpec

    north, south = city.children.order_by("name")
    return (AreaSpec("North", 50_000, north), AreaSpec("South", 50_000, south))


def _first_choice(round_: Any, person: Any) -> BallotContent:
    area = voter_status(person, round_).area
    return BallotContent(tuple(area.proposals.order_by("pk").values_list("pk", flat=True)[:1]))


@pytest.mark.parametrize("districts", [False, True], ids=["one-area", "districts"])
def test_a_ballot_post_makes_at_most_ten_queries(
    client: Any, make_round: Any, voter: Any, second_voter: Any, city: Any, districts: bool
) -> None:
    """Measured: 9 on SQLite and PostgreSQL, with one area or districts (17 and 18 before):
    the session, the person, the round, its phases, where the voter lives, the districts,
    the ballot's proposals, the envelope (which reads and locks the round as it inserts) and
    the ledger row; nothing is written to the session."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = make_round(areas=_districts(city) if districts else ())
    ballot_cast(round_=round_, person=second_voter, content=_first_choice(round_, second_voter))
    mine = _first_choice(round_, voter).choices
    client.force_login(voter)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/budgets/{round_.pk}/vote/", {"choice": mine, "action": "cast"})
    assert response.status_code == 302
    assert len(queries.captured_queries) <= 10, "\n".join(
        q["sql"][:200] for q in queries.captured_queries
    )
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert not [sql for sql in writes if "django_session" in sql]
    assert _tables_read(queries.captured_queries).get("places_residency") == 1
    assert BallotEnvelope.objects.filter(round=round_).count() == 2


def test_a_second_ballot_in_a_round_without_changes_is_refused_with_a_message(
    client: Any, make_round: Any, voter: Any
) -> None:
    from coproduce.initiatives.models import Contribution

    round_ = make_round(allow_changes=False)
    a, b = ids(round_)[:2]
    client.force_login(voter)
    first = client.post(f"/budgets/{round_.pk}/vote/", {"choice": [a], "action": "cast"})
    second = client.post(f"/budgets/{round_.pk}/vote/", {"choice": [b], "action": "cast"})
    assert first.status_code == 302 and second.status_code == 400
    assert "You have already voted in this round" in second.content.decode()
    assert sealed_choices(round_) == [[a]]
    assert Contribution.objects.filter(kind="ballot").count() == 1


def test_a_changed_ballot_leads_to_a_receipt_that_says_so(
    client: Any, make_round: Any, voter: Any
) -> None:
    round_ = make_round(allow_changes=True)
    a, b = ids(round_)[:2]
    client.force_login(voter)
    first = client.post(f"/budgets/{round_.pk}/vote/", {"choice": [a], "action": "cast"})
    assert "Your vote is recorded" in client.get(first["Location"]).content.decode()
    second = client.post(f"/budgets/{round_.pk}/vote/", {"choice": [b], "action": "cast"})
    page = client.get(second["Location"]).content.decode()
    assert "Your ballot was changed" in page and sealed_choices(round_) == [[b]]


def test_the_link_to_a_receipt_works_only_for_the_voter_who_cast_the_ballot(
    client: Any, make_round: Any, voter: Any, second_voter: Any
) -> None:
    round_ = make_round()
    client.force_login(voter)
    link = client.post(f"/budgets/{round_.pk}/vote/", {"choice": ids(round_)[:1]})["Location"]
    assert client.get(link).status_code == 200
    for forged in (link[:-3] + "abc", link.split("?")[0], f"{link.split('?')[0]}?cast=1"):
        assert client.get(forged)["Location"] == f"/budgets/{round_.pk}/"
    client.force_login(second_voter)
    assert client.get(link)["Location"] == f"/budgets/{round_.pk}/"


def test_a_members_only_round_is_not_found_by_outsiders(
    client: Any, make_round: Any, voter: Any, organiser: Any, with_second_factor: Any
) -> None:
    round_ = make_round()
    round_.activity.visibility = "members"
    round_.activity.save(update_fields=["visibility"])
    assert client.get(f"/budgets/{round_.pk}/").status_code == 404
    client.force_login(voter)
    assert client.get(f"/budgets/{round_.pk}/").status_code == 404
    assert client.get(f"/budgets/{round_.pk}/vote/").status_code == 404
    client.force_login(with_second_factor(organiser))
    assert client.get(f"/budgets/{round_.pk}/").status_code == 200


def test_before_proposals_open_staff_change_the_budget_and_districts_on_the_round_page(
    staff_client: Any, organiser: Any, initiative: Any, city: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from coproduce.commissioning.services.round_setup import NewActivity, round_create

    opens = timezone.now() + timedelta(days=3)
    round_ = round_create(
        activity=NewActivity(initiative=initiative, title="Next year", starts_at=opens),
        actor=organiser,
        total_budget=100_000,
    )
    page = staff_client.get(f"/staff/budgets/{round_.pk}/").content.decode()
    assert 'name="total_budget"' in page and 'value="1000"' in page
    north, south = city.children.order_by("name")
    data = {
        "currency": "GBP",
        "total_budget": "1500",
        "split": "districts",
        f"district_{north.pk}": "1,000",
        f"district_{south.pk}": "600",
    }
    refused = staff_client.post(f"/staff/budgets/{round_.pk}/budget/", data)
    assert refused.status_code == 400 and "add up to £1,600, not the total of £1,500" in (
        refused.content.decode()
    )
    data[f"district_{south.pk}"] = "500"
    assert staff_client.post(f"/staff/budgets/{round_.pk}/budget/", data).status_code == 302
    assert sorted(round_.areas.values_list("name", "budget")) == [
        ("North", 100_000),
        ("South", 50_000),
    ]


def test_once_proposals_open_the_budget_is_read_only_and_a_forged_change_is_refused(
    staff_client: Any, make_round: Any
) -> None:
    from coproduce.audit.models import AuditEvent

    round_ = make_round(phase=Phase.PROPOSALS)
    page = staff_client.get(f"/staff/budgets/{round_.pk}/").content.decode()
    assert "Locked since proposals opened on" in page
    assert 'name="total_budget"' not in page and "£1,000" in page
    forged = staff_client.post(
        f"/staff/budgets/{round_.pk}/budget/",
        {"currency": "GBP", "total_budget": "5000", "split": "city"},
    )
    assert forged.status_code == 400
    assert "Proposals have opened, so the budget and the districts are locked" in (
        forged.content.decode()
    )
    round_.refresh_from_db()
    assert round_.total_budget == 100_000 and round_.areas.get().budget == 100_000
    assert AuditEvent.objects.filter(action="round.configure.refused").count() == 1
