"""The demo city's opinion map loads, and loads again without duplicating."""

from __future__ import annotations

import pytest

from coproduce.design.models import Moderation, OpinionAnalysis, OpinionMap, OpinionVote

pytestmark = pytest.mark.django_db


def test_the_demo_opinion_map_loads_idempotently_with_a_map() -> None:
    from coproduce.design import demo
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    demo.load(city)
    votes = OpinionVote.objects.count()
    demo.load(city)
    assert OpinionVote.objects.count() == votes >= 300
    opinion_map = OpinionMap.objects.get()
    assert opinion_map.activity.stage.initiative.slug in {i.slug for i in city.initiatives.values()}
    assert opinion_map.statements.filter(status=Moderation.PENDING).count() == 1
    analysis = OpinionAnalysis.objects.get(opinion_map=opinion_map)
    assert analysis.summary["n_groups"] >= 2


def test_the_demo_ideas_board_has_an_answered_and_a_waiting_idea() -> None:
    from coproduce.design import demo
    from coproduce.design.models import Idea, IdeaAnswer, IdeaBoard
    from coproduce.design.selectors.ideas import answer_queue
    from coproduce.web import demo as city_demo

    city = city_demo.load()
    demo.load(city)
    demo.load(city)
    board = IdeaBoard.objects.get()
    assert Idea.objects.count() == 3
    assert IdeaAnswer.objects.get().status == "accepted"
    assert [i.title for i in answer_queue(board)] == ["Planters to narrow the corner at Elm Street"]
