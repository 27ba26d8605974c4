"""Ideas: proposals, supports (one per person), the threshold and the organisation's answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.accounts.models import Notification
from coproduce.audit.models import AuditEvent
from coproduce.design.models import Idea, IdeaAnswer, IdeaSupport
from coproduce.design.selectors.ideas import (
    answer_queue,
    idea_duplicates,
    idea_in,
    ideas_listed,
    is_waiting,
)
from coproduce.design.services.ideas import (
    idea_answer,
    idea_board_set_up,
    idea_submit,
    idea_support,
)
from coproduce.initiatives.models import ActivityPhase, Contribution

pytestmark = pytest.mark.django_db


def test_staff_set_up_the_board_audited(idea_board: Any) -> None:
    assert idea_board.threshold == 2
    assert AuditEvent.objects.filter(action="idea_board.create").exists()


def test_a_resident_cannot_set_up_a_board(idea_activity: Any, adult: Any) -> None:
    with pytest.raises(PermissionDenied):
        idea_board_set_up(activity=idea_activity, actor=adult, threshold=1)


def test_another_kind_of_activity_cannot_hold_a_board(activity_in: Any, organiser: Any) -> None:
    survey = activity_in("assessment", "survey")
    with pytest.raises(ValidationError, match="not an ideas activity"):
        idea_board_set_up(activity=survey, actor=organiser, threshold=3)


def test_a_resident_proposes_an_idea_with_a_ledger_row(idea_board: Any, adult: Any) -> None:
    idea = idea_submit(
        board=idea_board, person=adult, title="More benches on the river path", text="Seats."
    )
    assert idea.author == adult
    assert Contribution.objects.filter(person=adult, kind="idea.submit").count() == 1


def test_an_idea_without_a_title_or_with_an_unknown_category_is_refused(
    idea_board: Any, adult: Any
) -> None:
    with pytest.raises(ValidationError) as refusal:
        idea_submit(board=idea_board, person=adult, title=" ", text="x", category="Nope")
    assert set(refusal.value.message_dict) == {"title", "category"}
    assert not Idea.objects.exists()


def test_a_pin_needs_both_coordinates(idea_board: Any, adult: Any) -> None:
    with pytest.raises(ValidationError, match="both"):
        idea_submit(board=idea_board, person=adult, title="Pin", text="x", latitude=51.5)


def test_a_pin_must_be_inside_the_activitys_place(idea_board: Any, adult: Any) -> None:
    with pytest.raises(ValidationError, match="outside Testford"):
        idea_submit(
            board=idea_board, person=adult, title="Far", text="x", latitude=10.0, longitude=10.0
        )
    idea = idea_submit(
        board=idea_board, person=adult, title="Near", text="x", latitude=51.2, longitude=0.5
    )
    assert (idea.latitude, idea.longitude) == (51.2, 0.5)


def test_supporting_twice_keeps_one_row(idea: Any, other_resident: Any) -> None:
    assert idea_support(idea=idea, person=other_resident) is True
    assert idea_support(idea=idea, person=other_resident) is False
    assert IdeaSupport.objects.filter(idea=idea).count() == 1
    assert Contribution.objects.filter(person=other_resident, kind="idea.support").count() == 1


def test_the_database_refuses_a_second_support_row(idea: Any, other_resident: Any) -> None:
    IdeaSupport.objects.create(idea=idea, person=other_resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaSupport.objects.create(idea=idea, person=other_resident)


def test_support_is_refused_once_the_answering_phase_starts(idea: Any, other_resident: Any) -> None:
    activity = idea.board.activity
    ActivityPhase.objects.create(
        activity=activity, key="answering", starts_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        idea_support(idea=idea, person=other_resident)
    assert not IdeaSupport.objects.exists()


def test_an_idea_over_the_threshold_waits_for_an_answer(
    idea: Any, other_resident: Any, adult: Any
) -> None:
    board = idea.board
    idea_support(idea=idea, person=other_resident)
    assert not is_waiting(idea_in(board, idea.pk))
    assert answer_queue(board) == []
    idea_support(idea=idea, person=adult)
    assert is_waiting(idea_in(board, idea.pk))
    assert [i.pk for i in answer_queue(board)] == [idea.pk]
    assert [i.pk for i in ideas_listed(board, status="waiting")] == [idea.pk]


def test_a_resident_cannot_answer(idea: Any, other_resident: Any) -> None:
    with pytest.raises(PermissionDenied):
        idea_answer(idea=idea, actor=other_resident, status="accepted", text="Yes")
    assert not IdeaAnswer.objects.exists()


def test_a_rejection_needs_reasons(idea: Any, organiser: Any) -> None:
    with pytest.raises(ValidationError, match="reasons"):
        idea_answer(idea=idea, actor=organiser, status="rejected", text="  ")
    with pytest.raises(ValidationError):
        idea_answer(idea=idea, actor=organiser, status="maybe", text="Hm")
    assert not IdeaAnswer.objects.exists()


def test_an_answer_is_audited_and_tells_the_author_and_followers(
    idea: Any, organiser: Any, other_resident: Any
) -> None:
    from coproduce.accounts.following import follow_start

    follow_start(person=other_resident, target=idea)
    answer = idea_answer(idea=idea, actor=organiser, status="accepted", text="We will do it.")
    assert answer.answered_by == organiser
    assert AuditEvent.objects.filter(action="idea.answer").exists()
    told = set(Notification.objects.filter(event="idea.answer").values_list("person", flat=True))
    assert told == {idea.author.pk, other_resident.pk}
    assert [i.pk for i in ideas_listed(idea.board, status="accepted")] == [idea.pk]
    assert answer_queue(idea.board) == []


def test_look_alike_ideas_are_suggested(idea: Any) -> None:
    assert idea_duplicates(idea.board, "Benches along the river path") == [idea]
    assert idea_duplicates(idea.board, "Library opening hours") == []


def test_personal_data_exports_ideas_and_supports_and_erasure_anonymises(
    idea: Any, other_resident: Any
) -> None:
    from coproduce.design.personal_data import DESIGN

    idea_support(idea=idea, person=other_resident)
    exported = DESIGN.export(idea.author)
    assert [i["title"] for i in exported["ideas"]] == [idea.title]
    assert [s["idea"] for s in DESIGN.export(other_resident)["idea_supports"]] == [idea.title]
    author = idea.author
    DESIGN.erase(author)
    DESIGN.erase(other_resident)
    idea.refresh_from_db()
    assert idea.author is None and idea.title == "More benches on the river path"
    assert not IdeaSupport.objects.exists()
    assert DESIGN.export(author)["ideas"] == []


def test_ideas_are_found_in_search_with_their_answer(
    idea: Any, organiser: Any, anonymous: Any
) -> None:
    from coproduce.search.selectors import SearchFilters, search

    found = search(SearchFilters(query="benches", kind="idea"), person=anonymous)
    assert [h.url for h in found.hits] == [idea.get_absolute_url()]
    idea_answer(idea=idea, actor=organiser, status="studied", text="We are looking at it.")
    studied = SearchFilters(query="benches", kind="idea", status="studied")
    assert [h.status_label for h in search(studied, person=anonymous).hits] == ["Being studied"]


def test_an_image_goes_through_the_one_cleaned_pipeline(idea_board: Any, adult: Any) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(buffer, "PNG")
    photo = SimpleUploadedFile("jane-at-home.png", buffer.getvalue(), content_type="image/png")
    idea = idea_submit(board=idea_board, person=adult, title="Pic", text="x", image=photo)
    assert idea.image.name.startswith("ideas/") and "jane" not in idea.image.name
    not_a_photo = SimpleUploadedFile("x.png", b"hello", content_type="image/png")
    with pytest.raises(ValidationError, match="not a photo"):
        idea_submit(board=idea_board, person=adult, title="Bad", text="x", image=not_a_photo)
    assert Idea.objects.count() == 1


def test_the_answer_is_e_mailed_to_the_author_and_followers_once_each(
    idea: Any,
    organiser: Any,
    other_resident: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from coproduce.accounts.following import follow_start

    follow_start(person=other_resident, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        idea_answer(idea=idea, actor=organiser, status="already_done", text="Benches went in.")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([idea.author.email, other_resident.email])
    assert all("Benches went in." in m.body for m in mailoutbox)


def test_your_activity_lists_your_ideas_with_where_they_stand_in_one_query(
    idea: Any, organiser: Any, other_resident: Any, adult: Any, django_assert_num_queries: Any
) -> None:
    from coproduce.accounts.activity import activity_sections

    (section,) = [s for s in activity_sections() if s.key == "ideas"]
    assert [i.status for i in section.items(idea.author)] == ["0 of 2 supports"]
    idea_support(idea=idea, person=other_resident)
    idea_support(idea=idea, person=adult)
    assert [i.status for i in section.items(idea.author)] == [
        "Waiting for the organisation's answer"
    ]
    idea_answer(idea=idea, actor=organiser, status="studied", text="Looking.")
    idea_submit(board=idea.board, person=idea.author, title="Second", text="x")
    with django_assert_num_queries(1):
        items = section.items(idea.author)
    assert [i.status for i in items] == ["0 of 2 supports", "Answered: Being studied"]
    assert section.items(other_resident) == []
