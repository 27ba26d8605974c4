"""Riverton's demo discussions load on an idea, a proposal, a report and a commitment,
and load again without duplicating."""

from __future__ import annotations

import pytest

from coproduce.discussion.models import Comment, CommentFlag

pytestmark = pytest.mark.django_db


def test_the_demo_discussions_load_idempotently() -> None:
    from coproduce.assessment import demo as assessment_demo
    from coproduce.commissioning import demo as commissioning_demo
    from coproduce.design import demo as design_demo
    from coproduce.discussion import demo
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    for module in (commissioning_demo, assessment_demo, design_demo):
        module.load(city)
    demo.load(city)
    count = Comment.objects.count()
    demo.load(city)
    assert Comment.objects.count() == count
    kinds = set(Comment.objects.values_list("target_type__model", flat=True))
    assert kinds == {"idea", "proposal", "report", "commitment"}
    assert Comment.objects.filter(stance="against").count() == 1
    assert Comment.objects.filter(parent__isnull=False).count() == 4
    assert CommentFlag.objects.filter(resolved_at=None).exists()
