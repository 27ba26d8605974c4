"""Fixtures for the options-appraisal tests: a square with three layouts, three criteria
and three stakeholder groups (residents weigh online; staff enter the others' weights)."""

from __future__ import annotations

from typing import Any

import pytest

LAYOUTS = ["Market square", "Green square", "Shared space"]
CRITERIA = [("Cost", "cost", "£"), ("Green space", "benefit", "m²"), ("Parking", "benefit", "")]
SCORES = {
    "Market square": {"Cost": 150000, "Green space": 300, "Parking": 40},
    "Green square": {"Cost": 240000, "Green space": 1200, "Parking": 10},
    "Shared space": {"Cost": 180000, "Green space": 600, "Parking": 25},
}


@pytest.fixture
def appraisal(activity_in: Any, organiser: Any) -> Any:
    from coproduce.design.services.appraisal import (
        appraisal_set_up,
        criterion_add,
        option_add,
        scores_set,
    )

    activity = activity_in("design", "appraisal", title="Three layouts for the square")
    appraisal = appraisal_set_up(
        activity=activity, actor=organiser, question="Which layout for the square?"
    )
    options = {n: option_add(appraisal=appraisal, actor=organiser, name=n) for n in LAYOUTS}
    criteria = {
        n: criterion_add(appraisal=appraisal, actor=organiser, name=n, direction=d, unit=u)
        for n, d, u in CRITERIA
    }
    scores_set(
        appraisal=appraisal,
        actor=organiser,
        values={
            (options[o].pk, criteria[c].pk): v for o, row in SCORES.items() for c, v in row.items()
        },
        sources={(options[o].pk, criteria["Cost"].pk): "QS estimate" for o in SCORES},
    )
    return appraisal


def criterion_pks(appraisal: Any) -> dict[str, int]:
    return {c.name: c.pk for c in appraisal.criteria.all()}


@pytest.fixture
def groups(appraisal: Any, organiser: Any, resident: Any, other_resident: Any) -> Any:
    """Residents (two members online), traders and the disability forum (entered by staff)."""
    from coproduce.design.services.appraisal import (
        group_add,
        group_weights_enter,
        member_add,
        member_weights_set,
    )

    pks = criterion_pks(appraisal)
    residents = group_add(appraisal=appraisal, actor=organiser, name="Residents")
    traders = group_add(appraisal=appraisal, actor=organiser, name="Traders")
    forum = group_add(appraisal=appraisal, actor=organiser, name="Disability forum")
    for person, weights in ((resident, (2, 8, 0)), (other_resident, (5, 5, 5))):
        member_add(group=residents, actor=organiser, email=person.email)
        member_weights_set(
            group=residents,
            person=person,
            importances=dict(zip(pks.values(), weights, strict=True)),
        )
    group_weights_enter(
        group=traders,
        actor=organiser,
        weights={pks["Cost"]: 2, pks["Green space"]: 1, pks["Parking"]: 7},
        note="Traders' workshop, 12 May",
    )
    group_weights_enter(
        group=forum,
        actor=organiser,
        weights={pks["Cost"]: 1, pks["Green space"]: 3, pks["Parking"]: 6},
        note="Forum meeting",
    )
    return {"residents": residents, "traders": traders, "forum": forum}
