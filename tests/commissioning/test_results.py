"""Counting a closed round, the results page, winners as commitments, pabulib exchange."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from coproduce.audit.models import AuditEvent
from coproduce.commissioning import tally
from coproduce.commissioning.ballot_rules import BallotContent
from coproduce.commissioning.models import (
    BallotFormat,
    BudgetingRound,
    Phase,
    ProjectResult,
    Rule,
    TallyStatus,
)
from coproduce.commissioning.reasons import CODES, reason_text
from coproduce.commissioning.rules import rule_spec
from coproduce.commissioning.services.ballots import ballot_cast
from coproduce.commissioning.services.exchange import round_export_pabulib, round_import_pabulib
from coproduce.commissioning.services.results import round_tally, winners_publish
from coproduce.commissioning.services.rounds import round_phase_set
from coproduce.governance.models import Commitment, CommitmentStatus
from coproduce.governance.services import commitment_update
from coproduce.initiatives.models import LineageKind
from coproduce.initiatives.selectors import lineage_of
from coproduce.methods import pb

from .conftest import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(make_person: Any, verify: Any) -> list[Any]:
    return [verify(make_person(f"v{i}"), "north-ward" if i % 2 else "south") for i in range(6)]


@pytest.fixture
def vote_and_close(django_capture_on_commit_callbacks: Any) -> Any:
    """Return ``vote_and_close(round, voters, organiser)``: 4 vote A+B, 2 vote C+D, then close."""

    def go(round_: Any, voters: list[Any], organiser: Any) -> Any:
        a, b, c, d = ids(round_)
        for index, voter in enumerate(voters):
            choice = (a, b) if index < 4 else (c, d)
            ballot_cast(round_=round_, person=voter, content=BallotContent(choice))
        with django_capture_on_commit_callbacks(execute=True):
            round_phase_set(round_=round_, actor=organiser, phase=Phase.RESULTS)
        round_.refresh_from_db()
        return round_

    return go


@pytest.mark.parametrize(
    "rule", [Rule.GREEDY, Rule.GREEDY_NO_SKIP, Rule.EQUAL_SHARES, Rule.PHRAGMEN]
)
def test_closing_voting_counts_the_round_in_the_background_with_its_rule(
    make_round: Any, voters: list[Any], organiser: Any, rule: str, vote_and_close: Any
) -> None:
    round_ = vote_and_close(
        make_round(rule=rule, ballot_format=BallotFormat.APPROVAL), voters, organiser
    )
    assert round_.tally_status == TallyStatus.DONE and round_.tally_progress == 100
    winners = set(
        ProjectResult.objects.filter(selected=True).values_list("proposal__title", flat=True)
    )
    # A (400) and B (300) have 4 votes each; C (500) and D (200) have 2 each; budget 1,000.
    assert {"Project A", "Project B"} <= winners
    assert all(p.reason["code"] in CODES and not p.explanation for p in ProjectResult.objects.all())
    area_result = round_.areas.get().result
    assert area_result.ballots == 6 and area_result.funded <= 100_000


def test_the_results_page_shows_winners_chart_explanations_and_turnout(
    client: Any, make_round: Any, voters: list[Any], organiser: Any, vote_and_close: Any
) -> None:
    round_ = vote_and_close(make_round(), voters, organiser)
    page = client.get(f"/budgets/{round_.pk}/results/").content.decode()
    assert "Project A" in page and "Funded" in page and "<svg" in page
    assert "Votes per project" in page and "Voters by channel" in page
    why = reason_text(
        ProjectResult.objects.get(proposal__title="Project A").reason, currency="GBP", titles={}
    )
    assert why.startswith("Funded") and escape(why) in page


def _counted(make_round: Any, ballots_for: Any, **settings: Any) -> Any:
    round_ = make_round(phase=Phase.RESULTS, ballot_format=BallotFormat.APPROVAL, **settings)
    ballots_for(round_, [("A", "B")] * 4 + [("C", "D")] * 2)
    round_tally(round_.pk)
    return round_


@pytest.mark.parametrize(
    ("language", "funded", "note"),
    [
        ("en-gb", "Funded: its 4 supporters shared its cost of £400", "Each of the 6 voters"),
        ("es", "Financiado: sus 4 votantes compartieron su coste de £400", "Cada uno de los 6"),
        ("de", "Gefördert: seine 4 Unterstützenden teilten sich", "Jede der 6 wählenden"),
    ],
)
def test_the_results_page_gives_the_reasons_in_the_readers_language(
    client: Any, make_round: Any, ballots_for: Any, language: str, funded: str, note: str
) -> None:
    round_ = _counted(make_round, ballots_for, rule=Rule.EQUAL_SHARES)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(f"/budgets/{round_.pk}/results/").content.decode()
    assert funded in page and note in page
    proposal = round_.proposals.get(title="Project A")
    assert funded in client.get(f"/budgets/proposals/{proposal.pk}/").content.decode()


def test_amounts_in_reasons_follow_the_languages_number_format(
    client: Any, make_round: Any, ballots_for: Any
) -> None:
    round_ = _counted(
        make_round,
        ballots_for,
        rule=Rule.GREEDY,
        costs=(400_050, 300_000, 500_000, 200_000),
        total_budget=1_000_000,
    )
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    page = client.get(f"/budgets/{round_.pk}/results/").content.decode()
    assert "Kosten von £4.000,50" in page


def test_a_result_counted_before_reasons_were_codes_shows_its_stored_sentence(
    client: Any, make_round: Any, ballots_for: Any
) -> None:
    round_ = _counted(make_round, ballots_for)
    ProjectResult.objects.filter(area__round=round_).update(
        reason={}, explanation="Funded: an old sentence."
    )
    page = client.get(f"/budgets/{round_.pk}/results/").content.decode()
    assert page.count("Funded: an old sentence.") == 4


def test_turnout_is_compared_with_the_population_where_voters_gave_demographics(
    make_round: Any, voters: list[Any], organiser: Any, city: Any, vote_and_close: Any
) -> None:
    from coproduce.accounts.models import DemographicConsent, Demographics
    from coproduce.commissioning.selectors.results import turnout_profile
    from coproduce.places.models import PopulationGroup

    PopulationGroup.objects.create(place=city, dimension="sex", category="female", count=510)
    PopulationGroup.objects.create(place=city, dimension="sex", category="male", count=490)
    for voter in voters[:3]:
        consent = DemographicConsent.objects.create(person=voter)
        Demographics.objects.create(person=voter, consent=consent, values={"sex": "female"})
    round_ = vote_and_close(make_round(), voters, organiser)
    rows = {row.category: row for row in turnout_profile(round_)}
    assert rows["female"].voters == 3 and rows["female"].voter_share == 100
    assert rows["male"].voters == 0 and rows["female"].population_share == pytest.approx(51)


def test_winners_become_commitments_linked_to_their_proposals_and_authors_hear_of_progress(
    make_round: Any,
    voters: list[Any],
    organiser: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
    vote_and_close: Any,
) -> None:
    round_ = make_round()
    round_.proposals.update(author=voters[0])
    round_ = vote_and_close(round_, voters, organiser)
    with django_capture_on_commit_callbacks(execute=True):
        commitments = winners_publish(round_=round_, actor=organiser)
    assert commitments and all(c.source == "budgeting" for c in commitments)
    proposal = round_.proposals.get(title="Project A")
    (link,) = lineage_of(proposal).outcomes
    assert link.kind == LineageKind.FUNDED_AS and isinstance(link.item, Commitment)
    assert any("will be funded" in m.subject for m in mailoutbox)
    assert winners_publish(round_=round_, actor=organiser) == []  # idempotent
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commitment_update(
            commitment=link.item,
            actor=organiser,
            status=CommitmentStatus.IN_PROGRESS,
            progress=30,
            reason="Dug.",
        )
    (mail,) = mailoutbox
    assert mail.to == [voters[0].email] and "Dug." in mail.body


def test_publishing_twice_changes_nothing_and_the_page_says_it_is_published(
    client: Any,
    make_round: Any,
    voters: list[Any],
    organiser: Any,
    with_second_factor: Any,
    vote_and_close: Any,
) -> None:
    round_ = vote_and_close(make_round(), voters, organiser)
    client.force_login(with_second_factor(organiser))
    url = reverse("commissioning_staff:publish", args=[round_.pk])
    manage = reverse("commissioning_staff:round", args=[round_.pk])
    assert "Publish winners as commitments" in client.get(manage).content.decode()
    client.post(url)
    commitments = Commitment.objects.count()
    page = client.post(url, follow=True).content.decode()
    assert "already published" in page
    assert Commitment.objects.count() == commitments > 0
    assert AuditEvent.objects.filter(action="round.publish").count() == 1
    assert winners_publish(round_=round_, actor=organiser) == []
    assert AuditEvent.objects.filter(action="round.publish").count() == 1
    page = client.get(manage).content.decode()
    assert "Publish winners as commitments" not in page and "Published" in page


def test_once_counted_the_round_page_shows_which_proposals_were_funded(
    client: Any, make_round: Any, voters: list[Any], organiser: Any, vote_and_close: Any
) -> None:
    round_ = vote_and_close(make_round(), voters, organiser)
    funded = set(ProjectResult.objects.filter(selected=True).values_list("proposal_id", flat=True))
    page = client.get(reverse("commissioning:round", args=[round_.pk])).content.decode()
    assert "On the ballot" not in page
    for proposal in round_.proposals.all():
        row = page.split(f'href="{proposal.get_absolute_url()}"', 1)[1].split("</tr>", 1)[0]
        assert ("Funded" in row) == (proposal.pk in funded)
        assert ("Not funded" in row) == (proposal.pk not in funded)
    assert 0 < len(funded) < round_.proposals.count()


def test_nothing_is_published_before_the_count(make_round: Any, organiser: Any) -> None:
    with pytest.raises(ValidationError, match="not been counted"):
        winners_publish(round_=make_round(), actor=organiser)


def test_an_exported_round_gives_the_same_winners_when_read_back(
    make_round: Any, voters: list[Any], organiser: Any, tmp_path: Path, vote_and_close: Any
) -> None:
    round_ = vote_and_close(make_round(rule=Rule.EQUAL_SHARES), voters, organiser)
    text = round_export_pabulib(round_=round_, area=round_.areas.get(), actor=organiser)
    assert "voter_id" in text and "resident" not in text and "v0@" not in text
    stored = set(ProjectResult.objects.filter(selected=True).values_list("proposal_id", flat=True))
    spec = rule_spec(round_.rule)
    read_back = pb.tally(
        pb.read_pabulib(text),
        rule=spec.library,
        completion=spec.completion,
        comparison=spec.comparison,
    )
    assert {int(pid) for pid in read_back.selected} == stored


def test_the_export_round_trips_through_the_pb_command(
    make_round: Any, voters: list[Any], organiser: Any, tmp_path: Path, vote_and_close: Any
) -> None:
    cli = shutil.which("coproduce") or str(Path(sys.executable).with_name("coproduce"))
    probe = subprocess.run([cli, "pb", "--help"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip("`coproduce pb` is not available yet")
    round_ = vote_and_close(make_round(rule=Rule.EQUAL_SHARES), voters, organiser)
    out = tmp_path / "round.pb"
    call_command("commissioning", "export-pabulib", str(round_.pk), str(out), stdout=StringIO())
    run = subprocess.run(
        [cli, "pb", "tally", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    stored = ProjectResult.objects.filter(selected=True).values_list("proposal_id", flat=True)
    assert {int(pid) for pid in json.loads(run.stdout)["selected"]} == set(stored)


def test_ballots_cannot_be_exported_before_voting_closes(make_round: Any, organiser: Any) -> None:
    round_ = make_round()
    with pytest.raises(ValidationError, match="only after voting closes"):
        round_export_pabulib(round_=round_, area=round_.areas.get(), actor=organiser)


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024.pb",
        "Poland_Gdynia_2021_Orlowo__small.pb",
        "Poland_Gdynia_2020_Cisowa__small.pb",
    ],
)
def test_real_pabulib_files_import_with_the_winners_the_city_published(
    shared_data: Path, initiative: Any, name: str
) -> None:
    from coproduce.commissioning.tally import read_file

    path = shared_data / "pabulib" / name
    published = {p.id for p in read_file(path).projects if p.selected}
    round_ = round_import_pabulib(source=path, initiative=initiative, actor=None, count_now=True)
    winners = set(
        round_.proposals.filter(result__selected=True).values_list("external_id", flat=True)
    )
    assert winners == published


def test_a_real_pabulib_file_imports_as_a_closed_round_with_the_published_winners(
    shared_data: Path, initiative: Any
) -> None:
    path = shared_data / "pabulib" / "Poland_Gdynia_2020_Cisowa__small.pb"
    round_ = round_import_pabulib(source=path, initiative=initiative, actor=None, count_now=True)
    assert round_.phase == Phase.RESULTS and round_.tally_status == TallyStatus.DONE
    assert round_.ballots.count() == 572 and round_.proposals.count() == 4
    published = set(
        round_.proposals.values_list("external_id", flat=True)
    )  # all 4 selected=1 in the file
    assert (
        set(round_.proposals.filter(result__selected=True).values_list("external_id", flat=True))
        == published
    )


def test_the_import_command_prints_the_new_rounds_id_last(shared_data: Path, council: Any) -> None:
    out = StringIO()
    call_command(
        "commissioning",
        "import-pabulib",
        str(shared_data / "pabulib" / "Poland_Gdynia_2020_Cisowa__small.pb"),
        stdout=out,
    )
    last = out.getvalue().strip().splitlines()[-1]
    assert BudgetingRound.objects.get(pk=int(last)).imported_from.endswith(".pb")


def test_a_broken_file_is_refused_with_its_problem(initiative: Any) -> None:
    with pytest.raises(ValidationError, match="not a readable pabulib file"):
        round_import_pabulib(
            source="META\nkey;value\nnonsense\n", initiative=initiative, actor=None
        )


def test_a_count_that_fails_is_marked_failed_with_its_reason(
    make_round: Any, monkeypatch: Any, ballots_for: Any
) -> None:
    from coproduce.commissioning.services import results

    round_ = make_round(phase=Phase.RESULTS)
    ballots_for(round_, [("A",)])  # an area without ballots is never given to the rule

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise tally.PbError("no budget")

    monkeypatch.setattr(results.tally, "count", broken)
    with pytest.raises(tally.PbError):
        results.round_tally(round_.pk)
    round_.refresh_from_db()
    assert round_.tally_status == TallyStatus.FAILED and "no budget" in round_.tally_error
