"""Proposals: submission, duplicate suggestions, feasibility review and merging."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coproduce.audit.models import AuditEvent
from coproduce.commissioning.models import Phase, ProposalStatus, ProposalSupport
from coproduce.commissioning.selectors.rounds import proposal_duplicates
from coproduce.commissioning.services.rounds import (
    proposal_merge,
    proposal_review,
    proposal_submit,
    proposal_support,
)
from coproduce.initiatives.models import Contribution, LineageKind
from coproduce.initiatives.selectors import lineage_of
from tests.commissioning.conftest import to_phase

pytestmark = pytest.mark.django_db


def _submit(
    round_: Any, author: Any, title: str = "New benches in the park", cost: int = 500_00
) -> Any:
    return proposal_submit(
        round_=round_,
        author=author,
        title=title,
        description="Benches near the pond.",
        estimated_cost=cost,
        area=round_.areas.get(),
    )


def test_a_resident_proposes_a_project_and_it_enters_the_ledger(
    make_round: Any, voter: Any
) -> None:
    round_ = make_round(phase=Phase.PROPOSALS)
    proposal = _submit(round_, voter)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert Contribution.objects.filter(person=voter, kind="proposal", co="commissioning").exists()


@pytest.mark.parametrize("phase", [Phase.REVIEW, Phase.VOTING, Phase.RESULTS])
def test_proposals_are_refused_outside_the_proposal_phase(
    make_round: Any, voter: Any, phase: str
) -> None:
    with pytest.raises(ValidationError, match="only during “Collecting proposals”"):
        _submit(make_round(phase=phase), voter)


def test_someone_outside_the_place_cannot_propose(make_round: Any, resident: Any) -> None:
    with pytest.raises(PermissionDenied):
        _submit(make_round(phase=Phase.PROPOSALS), resident)


def test_similar_titles_are_suggested_as_duplicates(make_round: Any) -> None:
    round_ = make_round(phase=Phase.PROPOSALS, costs=(10_000,))
    round_.proposals.update(title="More benches in Testford park")
    assert [p.title for p in proposal_duplicates(round_, "Benches for the park")] == [
        "More benches in Testford park"
    ]
    assert proposal_duplicates(round_, "A skate ramp") == []


def test_feasibility_review_records_a_public_reason_and_tells_the_author(
    make_round: Any,
    voter: Any,
    organiser: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    round_ = make_round(phase=Phase.PROPOSALS)
    proposal = _submit(round_, voter)
    round_ = to_phase(round_, Phase.REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_review(
            proposal=proposal,
            actor=organiser,
            feasible=True,
            reason="Costed by parks.",
            revised_cost=600_00,
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FEASIBLE and proposal.cost == 600_00
    assert AuditEvent.objects.filter(action="proposal.review").exists()
    (mail,) = mailoutbox
    assert mail.to == [voter.email] and "Costed by parks." in mail.body


def test_a_review_without_a_reason_is_refused(make_round: Any, organiser: Any) -> None:
    proposal = make_round(phase=Phase.REVIEW).proposals.first()
    with pytest.raises(ValidationError) as error:
        proposal_review(proposal=proposal, actor=organiser, feasible=False, reason=" ")
    assert "reason" in error.value.message_dict


def test_residents_cannot_review(make_round: Any, voter: Any) -> None:
    proposal = make_round(phase=Phase.REVIEW).proposals.first()
    with pytest.raises(PermissionDenied):
        proposal_review(proposal=proposal, actor=voter, feasible=True, reason="Yes")


def test_only_feasible_proposals_reach_the_ballot(make_round: Any, organiser: Any) -> None:
    from coproduce.commissioning.selectors.rounds import ballot_proposals

    round_ = make_round(phase=Phase.REVIEW)
    refused = round_.proposals.first()
    proposal_review(proposal=refused, actor=organiser, feasible=False, reason="Not our land.")
    assert refused not in ballot_proposals(round_.areas.get())


def test_merging_carries_supporters_and_lineage_over(
    make_round: Any, voter: Any, second_voter: Any, organiser: Any
) -> None:
    round_ = make_round(phase=Phase.PROPOSALS)
    duplicate = _submit(round_, voter, "Benches by the pond")
    into = _submit(round_, second_voter, "New benches by the pond")
    proposal_support(proposal=duplicate, person=second_voter)
    proposal_merge(duplicate=duplicate, into=into, actor=organiser)
    duplicate.refresh_from_db()
    assert duplicate.status == ProposalStatus.MERGED and duplicate.merged_into == into
    supporters = set(ProposalSupport.objects.filter(proposal=into).values_list("person", flat=True))
    assert supporters == {voter.pk, second_voter.pk}
    assert [e.kind for e in lineage_of(into).origins] == [LineageKind.MERGED_INTO]
    assert AuditEvent.objects.filter(action="proposal.merge").exists()


def test_merged_proposals_cannot_be_merged_again(make_round: Any, organiser: Any) -> None:
    round_ = make_round(phase=Phase.REVIEW)
    a, b, c = list(round_.proposals.all())[:3]
    proposal_merge(duplicate=a, into=b, actor=organiser)
    a.refresh_from_db()
    with pytest.raises(ValidationError):
        proposal_merge(duplicate=a, into=c, actor=organiser)


def test_a_proposal_before_the_round_opens_is_refused_with_the_opening_date(
    make_round: Any, voter: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    round_ = make_round(phase=Phase.PROPOSALS)
    activity = round_.activity
    activity.starts_at = timezone.now() + timedelta(days=3)
    activity.save(update_fields=["starts_at"])
    round_.refresh_from_db()
    with pytest.raises(ValidationError, match="has not opened yet: it opens on"):
        _submit(round_, voter)
    assert not round_.proposals.filter(title="New benches in the park").exists()


@pytest.fixture
def gps_photo(settings: Any, tmp_path: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.assessment.conftest import jpeg_with_gps

    settings.MEDIA_ROOT = tmp_path / "media"
    return SimpleUploadedFile("rosa-at-home.jpg", jpeg_with_gps(), content_type="image/jpeg")


def _submit_with_image(round_: Any, author: Any, image: Any) -> Any:
    return proposal_submit(
        round_=round_,
        author=author,
        title="A mural on the library wall",
        description="Painted by the school.",
        estimated_cost=900_00,
        area=round_.areas.get(),
        image=image,
    )


def test_a_proposal_image_loses_its_location_camera_and_file_name(
    make_round: Any, voter: Any, gps_photo: Any
) -> None:
    import io

    from PIL import Image

    proposal = _submit_with_image(make_round(phase=Phase.PROPOSALS), voter, gps_photo)
    with proposal.image.open("rb") as stored:
        content = stored.read()
    assert len(Image.open(io.BytesIO(content)).getexif()) == 0
    assert b"PhoneMaker" not in content and b"GPS" not in content
    assert "rosa" not in proposal.image.name and proposal.image.name.startswith("proposals/")


def test_a_file_that_is_not_an_image_is_refused_on_the_image_field(
    make_round: Any, voter: Any, gps_photo: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 not an image")
    with pytest.raises(ValidationError) as caught:
        _submit_with_image(make_round(phase=Phase.PROPOSALS), voter, upload)
    assert "image" in caught.value.message_dict


def test_deleting_the_account_deletes_the_proposal_image_from_storage(
    make_round: Any, voter: Any, gps_photo: Any
) -> None:
    from django.core.files.storage import default_storage

    from coproduce.accounts.services import person_delete

    proposal = _submit_with_image(make_round(phase=Phase.PROPOSALS), voter, gps_photo)
    name = proposal.image.name
    assert default_storage.exists(name)
    person_delete(voter)
    proposal.refresh_from_db()
    assert not default_storage.exists(name) and not proposal.image


def test_the_demo_serves_uploaded_images(
    make_round: Any, voter: Any, gps_photo: Any, settings: Any, client: Any
) -> None:
    import importlib

    from django.urls import clear_url_caches

    import coproduce.urls

    proposal = _submit_with_image(make_round(phase=Phase.PROPOSALS), voter, gps_photo)
    settings.DEBUG = True
    try:
        importlib.reload(coproduce.urls)
        clear_url_caches()
        response = client.get(proposal.image.url)
        response.close()
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
    finally:
        settings.DEBUG = False
        importlib.reload(coproduce.urls)
        clear_url_caches()
