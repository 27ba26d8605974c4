"""Options appraisal: set-up, scores all or nothing, members' and staff's weights, and the
adapter's numbers equal the methods library's on the stored data."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coproduce.audit.models import AuditEvent
from coproduce.design.appraisal import ENTERED, MEMBERS, appraisal_outcome, group_weights
from coproduce.design.models import AppraisalScore, GroupMember, GroupWeight, MemberWeight
from coproduce.design.services.appraisal import (
    appraisal_publish,
    criterion_add,
    group_add,
    group_from_invitation,
    group_join,
    group_weights_clear,
    invitation_renew,
    invitation_token,
    member_add,
    member_weights_set,
    option_add,
    scores_set,
)
from coproduce.methods.appraisal import appraisal_from, appraise
from tests.design.appraisal_world import SCORES, appraisal, criterion_pks, groups

__all__ = ["appraisal", "groups"]

pytestmark = pytest.mark.django_db


def test_staff_set_up_options_criteria_and_scores_with_sources(appraisal: Any) -> None:
    assert [o.name for o in appraisal.options.all()] == list(SCORES)
    assert AppraisalScore.objects.filter(option__appraisal=appraisal).count() == 9
    cost = AppraisalScore.objects.get(option__name="Green square", criterion__name="Cost")
    assert (cost.value, cost.source) == (240000, "QS estimate")
    assert AuditEvent.objects.filter(action="appraisal.scores").exists()


def test_residents_cannot_set_up(appraisal: Any, resident: Any) -> None:
    with pytest.raises(PermissionDenied):
        option_add(appraisal=appraisal, actor=resident, name="Car park")
    with pytest.raises(PermissionDenied):
        group_add(appraisal=appraisal, actor=resident, name="Drivers")
    assert appraisal.options.count() == 3 and not appraisal.groups.exists()


def test_a_second_option_of_the_same_name_is_refused(appraisal: Any, organiser: Any) -> None:
    with pytest.raises(ValidationError, match="already one called"):
        option_add(appraisal=appraisal, actor=organiser, name=" Market   square ")
    with pytest.raises(ValidationError, match="more is better"):
        criterion_add(appraisal=appraisal, actor=organiser, name="Noise", direction="louder")


def test_scores_missing_or_not_finite_change_nothing(appraisal: Any, organiser: Any) -> None:
    options = list(appraisal.options.all())
    pks = criterion_pks(appraisal)
    values: dict[tuple[int, int], float | None] = {
        (o.pk, c): 1.0 for o in options for c in pks.values()
    }
    values[(options[0].pk, pks["Cost"])] = None
    values[(options[1].pk, pks["Parking"])] = float("nan")
    with pytest.raises(ValidationError) as refused:
        scores_set(appraisal=appraisal, actor=organiser, values=values, sources={})
    messages = refused.value.message_dict
    assert messages[f"score_{options[0].pk}_{pks['Cost']}"] == [
        "Give Market square's score on Cost."
    ]
    assert messages[f"score_{options[1].pk}_{pks['Parking']}"] == [
        "Green square's score on Parking must be a number."
    ]
    assert AppraisalScore.objects.get(option=options[0], criterion_id=pks["Cost"]).value == 150000


def test_the_group_weights_are_the_mean_of_members_normalised_weights(
    groups: Any, appraisal: Any
) -> None:
    found = {g.group.name: g for g in group_weights(appraisal)}
    residents = found["Residents"]
    assert residents.source == MEMBERS and residents.n_members == 2
    pks = criterion_pks(appraisal)
    # (0.2, 0.8, 0) and (1/3, 1/3, 1/3)
    assert residents.weights[pks["Cost"]] == pytest.approx((0.2 + 1 / 3) / 2)
    assert residents.weights[pks["Green space"]] == pytest.approx((0.8 + 1 / 3) / 2)
    traders = found["Traders"]
    assert traders.source == ENTERED
    assert traders.weights[pks["Parking"]] == pytest.approx(0.7)


def test_staff_weights_override_members_until_cleared(
    groups: Any, appraisal: Any, organiser: Any
) -> None:
    from coproduce.design.services.appraisal import group_weights_enter

    pks = criterion_pks(appraisal)
    group_weights_enter(
        group=groups["residents"],
        actor=organiser,
        weights={pks["Cost"]: 1, pks["Green space"]: 0, pks["Parking"]: 0},
        note="Residents' workshop",
    )
    found = {g.group.name: g for g in group_weights(appraisal)}
    assert found["Residents"].source == ENTERED
    assert found["Residents"].weights[pks["Cost"]] == 1
    group_weights_clear(group=groups["residents"], actor=organiser)
    assert {g.group.name: g for g in group_weights(appraisal)}["Residents"].source == MEMBERS
    assert not GroupWeight.objects.filter(group=groups["residents"]).exists()


def test_non_members_cannot_weigh_for_a_group(
    groups: Any, appraisal: Any, make_person: Any
) -> None:
    outsider = make_person("outsider")
    pks = criterion_pks(appraisal)
    with pytest.raises(PermissionDenied, match="Only members of Traders"):
        member_weights_set(
            group=groups["traders"], person=outsider, importances={p: 5 for p in pks.values()}
        )
    assert not MemberWeight.objects.filter(member__person=outsider).exists()


def test_bad_importances_change_nothing(groups: Any, appraisal: Any, resident: Any) -> None:
    pks = criterion_pks(appraisal)
    before = sorted(MemberWeight.objects.values_list("pk", "importance"))
    for importances in (
        {pks["Cost"]: 11, pks["Green space"]: 1, pks["Parking"]: 1},
        {pks["Cost"]: 0, pks["Green space"]: 0, pks["Parking"]: 0},
        {pks["Cost"]: 3},
    ):
        with pytest.raises(ValidationError):
            member_weights_set(group=groups["residents"], person=resident, importances=importances)
    assert sorted(MemberWeight.objects.values_list("pk", "importance")) == before


def test_a_person_joins_by_the_signed_link_and_a_renewed_link_revokes_it(
    groups: Any, appraisal: Any, make_person: Any, organiser: Any
) -> None:
    trader = make_person("trader")
    token = invitation_token(groups["traders"])
    assert group_from_invitation(appraisal, token) == groups["traders"]
    assert group_from_invitation(appraisal, token + "x") is None
    member = group_join(group=groups["traders"], person=trader)
    assert group_join(group=groups["traders"], person=trader) == member
    invitation_renew(group=groups["traders"], actor=organiser)
    groups["traders"].refresh_from_db()
    assert group_from_invitation(appraisal, token) is None


def test_adding_an_unknown_email_says_so_and_adds_nobody(groups: Any, organiser: Any) -> None:
    with pytest.raises(ValidationError, match="No account uses this e-mail"):
        member_add(group=groups["traders"], actor=organiser, email="nobody@example.org")
    assert not GroupMember.objects.filter(group=groups["traders"]).exists()


def _document(appraisal: Any) -> dict[str, Any]:
    """The stored data in the library's input, read here from the rows independently."""
    criteria = list(appraisal.criteria.all())
    scores: dict[str, dict[str, float]] = {}
    for score in AppraisalScore.objects.filter(option__appraisal=appraisal).select_related(
        "option", "criterion"
    ):
        scores.setdefault(score.option.name, {})[score.criterion.name] = score.value
    doc_groups = []
    for g in group_weights(appraisal):
        doc_groups.append(
            {"id": g.group.name, "weights": {c.name: g.weights[c.pk] for c in criteria}}
        )
    return {
        "options": [o.name for o in appraisal.options.all()],
        "criteria": [{"id": c.name, "direction": c.direction} for c in criteria],
        "scores": scores,
        "groups": doc_groups,
    }


@pytest.mark.parametrize("method", ["wsm", "topsis", "promethee"])
def test_the_outcome_equals_the_library_on_the_stored_data(
    groups: Any, appraisal: Any, method: str
) -> None:
    outcome = appraisal_outcome(appraisal, method)
    assert outcome.result is not None and not outcome.problems
    expected = appraise(appraisal_from(_document(appraisal)), method)
    names = {oid: o.name for oid, o in outcome.options.items()}
    for mine, theirs in zip(outcome.result.groups, expected.groups, strict=True):
        assert [names[o] for o in mine.ranking] == list(theirs.ranking)
        for oid, value in mine.preference.items():
            assert value == pytest.approx(theirs.preference[names[oid]], abs=1e-12)
    assert names[outcome.result.compromise.option] == expected.compromise.option


def test_publishing_moves_the_activity_to_its_results_phase(
    groups: Any, appraisal: Any, organiser: Any, resident: Any
) -> None:
    from coproduce.design.selectors.appraisal import is_published

    assert not is_published(appraisal.activity)
    appraisal_publish(appraisal=appraisal, actor=organiser)
    assert is_published(appraisal.activity)
    pks = criterion_pks(appraisal)
    with pytest.raises(ValidationError, match="not open now"):
        member_weights_set(
            group=groups["residents"], person=resident, importances={p: 1 for p in pks.values()}
        )


def test_a_members_weights_are_exported_and_erasure_unlinks_them(
    groups: Any, appraisal: Any, resident: Any
) -> None:
    from coproduce.accounts.services import person_delete, person_export

    exported = person_export(resident)
    section = exported["design_appraisal"]["stakeholder_groups"]
    assert section[0]["group"] == "Residents"
    assert section[0]["importance"] == {"Cost": 2, "Green space": 8, "Parking": 0}
    before = {g.group.name: g.weights for g in group_weights(appraisal)}
    person_delete(resident)
    assert not GroupMember.objects.filter(person=resident).exists()
    assert MemberWeight.objects.filter(member__person__isnull=True).count() == 3
    assert {g.group.name: g.weights for g in group_weights(appraisal)} == before
