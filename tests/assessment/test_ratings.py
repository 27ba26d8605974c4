"""Ratings of services, places and projects, and "you said, we did"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coproduce.assessment.models import Rating
from coproduce.assessment.selectors.ratings import rating_summaries, ratings_public
from coproduce.assessment.services.ratings import rating_create, rating_link, rating_respond
from coproduce.audit.models import AuditEvent
from coproduce.governance.services import commitment_create
from coproduce.initiatives.models import Contribution
from coproduce.initiatives.selectors import lineage_of
from coproduce.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("score", [0, 6])
def test_ratings_are_from_one_to_five(resident, category, score):
    with pytest.raises(ValidationError):
        rating_create(person=resident, score=score, category=category)
    assert not Rating.objects.exists()


def test_a_service_a_place_and_a_project_can_be_rated(resident, category, initiative, council):
    rating_create(person=resident, score=4, category=category, comment="Quick repair")
    place_rating = rating_create(person=resident, score=2, place=Place.objects.get(slug="north"))
    assert place_rating.organisation == council
    rating_create(person=resident, score=5, initiative=initiative)
    summaries = {s.label: s for s in rating_summaries(ratings_public())}
    assert summaries["Pothole"].distribution == (0, 0, 0, 1, 0)
    assert summaries["North"].mean == 2.0 and summaries["Better parks"].count == 1
    assert Contribution.objects.filter(kind="rating").count() == 3


@pytest.mark.parametrize(
    ("persona", "allowed"), [("organiser", True), ("moderator", True), ("resident", False)]
)
def test_staff_answer_you_said_we_did(request, resident, category, persona, allowed):
    rating = rating_create(person=resident, score=1, category=category, comment="Took weeks")
    actor = request.getfixturevalue(persona)
    if not allowed:
        with pytest.raises(PermissionDenied):
            rating_respond(rating=rating, actor=actor, text="x")
        return
    rating_respond(rating=rating, actor=actor, text="We added a second repair crew.")
    assert Rating.objects.get().we_did == "We added a second repair crew."
    assert AuditEvent.objects.filter(action="rating.respond").exists()


def test_the_rater_is_told_what_was_done(
    resident, organiser, category, mailoutbox, django_capture_on_commit_callbacks
):
    rating = rating_create(person=resident, score=2, category=category)
    with django_capture_on_commit_callbacks(execute=True):
        rating_respond(rating=rating, actor=organiser, text="Fixed the backlog.")
    assert "Fixed the backlog." in mailoutbox[0].body


def test_a_rating_links_to_what_came_of_it_on_both_pages(
    client, resident, organiser, category, council
):
    rating = rating_create(person=resident, score=1, category=category, comment="Dark street")
    commitment = commitment_create(
        title="Relight Mill Lane", organisation=council, owner="organisation", actor=None
    )
    rating_link(rating=rating, target=commitment, actor=organiser)
    assert [e.item for e in lineage_of(commitment).origins] == [rating]
    assert "Relight Mill Lane" in client.get(rating.get_absolute_url()).content.decode()
    assert str(rating) in client.get(commitment.get_absolute_url()).content.decode()


def test_the_you_said_we_did_page_shows_answers_and_charts(client, resident, organiser, category):
    for score in (1, 3, 5):
        rating = rating_create(person=resident, score=score, category=category, comment="c")
    rating_respond(rating=rating, actor=organiser, text="Thanks, we kept it up.")
    page = client.get(reverse("assessment:ratings")).content.decode()
    assert "Thanks, we kept it up." in page and "<svg" in page and "3.0" in page


def test_rating_through_the_page(client, resident, category):
    client.force_login(resident)
    url = reverse("assessment:rating_new") + f"?category={category.code}"
    response = client.post(url, {"score": "4", "comment": "Good"})
    assert response.status_code == 302 and Rating.objects.get().score == 4
