"""pabulib exchange: an imported file exports as it was, counted with its declared rule; a
counted round exports its votes and winners."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coproduce.commissioning.models import BallotFormat, ImportedVote, Phase, Rule
from coproduce.commissioning.services.exchange import round_export_pabulib, round_import_pabulib
from coproduce.commissioning.services.results import round_tally
from coproduce.methods.pb import Election, read_pabulib
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db

SHARED = SHARED_DATA / "pabulib"
# Importing takes about 0.5 ms a ballot: the 52 files with up to 2,000 ballots go through in
# about 30 s on every run, the other 52 (up to 131,778 ballots) in the slow leg.
LARGE = 2_000


def _files(*, large: bool) -> list[str]:
    names = []
    for path in sorted(SHARED.glob("*.pb")):
        with path.open(encoding="utf-8-sig") as lines:
            votes = next(
                (int(line.split(";")[1]) for line in lines if line.startswith("num_votes;")), 0
            )
        if (votes > LARGE) == large:
            names.append(path.name)
    return names


def _round_trip(shared_data: Path, initiative: Any, name: str) -> tuple[Election, Election]:
    path = shared_data / "pabulib" / name
    round_ = round_import_pabulib(source=path, initiative=initiative, actor=None)
    text = round_export_pabulib(round_=round_, area=round_.areas.get(), actor=None)
    return read_pabulib(path), read_pabulib(text)


@pytest.mark.parametrize("name", _files(large=False))
def test_an_imported_file_exports_with_the_same_meta_projects_and_votes(
    shared_data: Path, initiative: Any, name: str
) -> None:
    original, exported = _round_trip(shared_data, initiative, name)
    assert exported.meta == original.meta
    assert exported.projects == original.projects
    assert exported.ballots == original.ballots
    assert exported == original


@pytest.mark.slow
@pytest.mark.parametrize("name", _files(large=True))
def test_a_large_imported_file_exports_with_the_same_meta_projects_and_votes(
    shared_data: Path, initiative: Any, name: str
) -> None:
    original, exported = _round_trip(shared_data, initiative, name)
    assert exported == original


def test_a_counted_imported_round_still_exports_its_file(
    shared_data: Path, initiative: Any
) -> None:
    path = shared_data / "pabulib" / "Netherlands_Amsterdam_252.pb"
    round_ = round_import_pabulib(source=path, initiative=initiative, actor=None, count_now=True)
    text = round_export_pabulib(round_=round_, area=round_.areas.get(), actor=None)
    assert read_pabulib(text) == read_pabulib(path)


def test_imported_voters_columns_live_beside_the_ballots_not_on_them(
    shared_data: Path, initiative: Any
) -> None:
    path = shared_data / "pabulib" / "Poland_Gdynia_2020_Cisowa__small.pb"
    round_ = round_import_pabulib(source=path, initiative=initiative, actor=None)
    first = ImportedVote.objects.order_by("order").first()
    assert first is not None and first.order == 0 and first.ballot.round == round_
    assert ImportedVote.objects.count() == round_.ballots.count() == 572


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Poland_Warszawa_2026_Muranow_Nowe_Miasto_Stare_Miasto.pb", Rule.GREEDY_THRESHOLD),
        ("Poland_Warszawa_2018_Pole_Mokotowskie.pb", Rule.GREEDY_THRESHOLD),
        (
            "Poland_Poznan_2024_2_-_Kiekrz_Krzyzowniki-Smochowice_Podolany_Strzeszyn__small.pb",
            Rule.GREEDY_RESERVE,
        ),
        ("Poland_Wieliczka_2023_Green_Budget.pb", Rule.EQUAL_SHARES_COMPARED),
        ("Poland_Gdynia_2021_Orlowo__small.pb", Rule.GREEDY_NO_SKIP),
    ],
)
def test_an_imported_file_is_counted_with_its_declared_rule_and_gets_the_citys_winners(
    shared_data: Path, initiative: Any, name: str, rule: str
) -> None:
    path = shared_data / "pabulib" / name
    published = {p.id for p in read_pabulib(path).projects if p.selected in (1, 2)}
    round_ = round_import_pabulib(source=path, initiative=initiative, actor=None, count_now=True)
    assert round_.rule == rule
    winners = round_.proposals.filter(result__selected=True).values_list("external_id", flat=True)
    assert set(winners) == published


def test_a_counted_round_exports_each_projects_votes_and_whether_it_was_selected(
    make_round: Any, organiser: Any, ballots_for: Any
) -> None:
    round_ = make_round(
        phase=Phase.RESULTS, rule=Rule.EQUAL_SHARES, ballot_format=BallotFormat.APPROVAL
    )
    ballots_for(round_, [("A", "B")] * 4 + [("C", "D")] * 2)
    round_tally(round_.pk)
    text = round_export_pabulib(round_=round_, area=round_.areas.get(), actor=organiser)
    exported = read_pabulib(text)
    assert exported.project_columns[:3] == ("project_id", "cost", "votes")
    assert "selected" in exported.project_columns
    results = {str(r.proposal_id): r for r in round_.areas.get().project_results.all()}
    for project in exported.projects:
        assert project.fields["votes"] == str(results[project.id].votes)
        assert project.selected == int(results[project.id].selected)
    assert exported.rule == "equalshares/add1"


def test_an_uncounted_round_exports_no_votes_or_selected_columns(
    make_round: Any, organiser: Any, ballots_for: Any
) -> None:
    round_ = make_round(phase=Phase.RESULTS, ballot_format=BallotFormat.APPROVAL)
    ballots_for(round_, [("A",)])
    exported = read_pabulib(
        round_export_pabulib(round_=round_, area=round_.areas.get(), actor=None)
    )
    assert exported.project_columns == ("project_id", "cost", "name")
    assert len(exported.ballots) == 1
