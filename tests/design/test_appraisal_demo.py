"""The demo city's options appraisal for Riverton Square loads, published, and again
without duplicating."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_appraisal_loads_published_with_four_groups_idempotently(client: object) -> None:
    from coproduce.design.appraisal import ENTERED, MEMBERS, appraisal_outcome, group_weights
    from coproduce.design.appraisal_demo import load_appraisal
    from coproduce.design.models import Appraisal, GroupMember
    from coproduce.design.selectors.appraisal import is_published
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    load_appraisal(city)
    load_appraisal(city)
    appraisal = Appraisal.objects.get()
    assert appraisal.activity.stage.initiative.slug == "safer-streets"
    assert appraisal.activity.stage.co == "design"
    assert [o.name for o in appraisal.options.all()] == [
        "Market square",
        "Green square",
        "Shared space",
    ]
    assert appraisal.criteria.count() == 5 and GroupMember.objects.count() == 5
    sources = {g.group.name: g.source for g in group_weights(appraisal)}
    assert sources == {
        "Residents": MEMBERS,
        "Traders": ENTERED,
        "Disability forum": ENTERED,
        "Council": ENTERED,
    }
    assert is_published(appraisal.activity)
    outcome = appraisal_outcome(appraisal, appraisal.method)
    assert outcome.result is not None and len(outcome.result.groups) == 4
    page = client.get(appraisal.get_absolute_url()).content.decode()  # type: ignore[attr-defined]
    assert "Compromise:" in page
