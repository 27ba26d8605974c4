"""Two-way charters: drafted with comments, commitments on both sides, signed by both,
reviewed by each side in public; and every refusal on the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.governance.charter_selectors import (
    charters_of_organisation,
    charters_of_place,
    current_review_number,
    review_due,
    review_record,
)
from coproduce.governance.charter_services import (
    charter_comment,
    charter_commitment_add,
    charter_create,
    charter_edit,
    charter_rate,
    charter_sign,
    representative_add,
)
from coproduce.governance.models import (
    Charter,
    CharterComment,
    CharterRating,
    CharterSignature,
    CommunityKind,
)
from coproduce.organisations.models import Membership, Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(city):
    return Organisation.objects.create(
        name="Northside Neighbours",
        slug="northside",
        kind=OrganisationKind.COMMUNITY_GROUP,
        place=city.children.get(slug="north"),
    )


@pytest.fixture
def group_member(make_person, group):
    person = make_person("gwen")
    Membership.objects.create(organisation=group, person=person, role="coordinator")
    return person


@pytest.fixture
def draft(council, group, organiser):
    return charter_create(
        actor=organiser,
        organisation=council,
        title="Parks charter",
        text="We look after the parks together.",
        community_kind=CommunityKind.GROUP,
        community_group=group,
        review_months=6,
    )


@pytest.fixture
def ready(draft, organiser, group_member):
    """A draft with a commitment on each side and the group's representative named."""
    charter_commitment_add(
        charter=draft,
        actor=organiser,
        side="organisation",
        title="Cut the grass every fortnight",
        indicator="Mowing log published monthly",
        due_date=timezone.localdate() + timedelta(days=90),
    )
    charter_commitment_add(
        charter=draft, actor=organiser, side="community", title="Run a monthly litter pick"
    )
    representative_add(charter=draft, actor=organiser, person=group_member)
    return draft


@pytest.fixture
def in_force(ready, councillor, group_member):
    charter_sign(charter=ready, person=councillor, side="organisation")
    charter_sign(charter=ready, person=group_member, side="community")
    ready.refresh_from_db()
    return ready


def test_a_draft_names_the_group_and_is_audited(draft, group):
    assert draft.community_name == "Northside Neighbours"
    assert draft.community_group == group and draft.in_force_since is None
    assert AuditEvent.objects.filter(action="charter.create", object_id=str(draft.pk)).exists()


def test_commitments_belong_to_a_side_with_their_indicator(ready):
    owners = sorted(ready.commitments.values_list("owner", "owner_name", "source"))
    assert owners == [
        ("organisation", "", "charter"),
        ("participants", "Northside Neighbours", "charter"),
    ]
    assert ready.commitments.get(owner="organisation").indicator == "Mowing log published monthly"


def test_the_charter_is_in_force_only_when_both_sides_have_signed(ready, councillor, group_member):
    charter_sign(charter=ready, person=councillor, side="organisation")
    ready.refresh_from_db()
    assert ready.in_force_since is None
    charter_sign(charter=ready, person=group_member, side="community")
    ready.refresh_from_db()
    assert ready.in_force_since is not None
    events = AuditEvent.objects.filter(action="charter.sign").order_by("pk")
    assert [(e.data["side"], e.data["in_force"]) for e in events] == [
        ("organisation", False),
        ("community", True),
    ]


def test_staff_of_the_organisation_cannot_sign_for_the_community(ready, councillor):
    with pytest.raises(PermissionDenied, match="representatives"):
        charter_sign(charter=ready, person=councillor, side="community")
    assert not CharterSignature.objects.exists()


def test_a_community_representative_cannot_sign_for_the_organisation(ready, group_member):
    with pytest.raises(PermissionDenied, match="Testford Council"):
        charter_sign(charter=ready, person=group_member, side="organisation")
    assert not CharterSignature.objects.exists()


def test_a_resident_not_named_cannot_sign_for_the_community(ready, resident):
    with pytest.raises(PermissionDenied):
        charter_sign(charter=ready, person=resident, side="community")
    assert not CharterSignature.objects.exists()


def test_only_members_of_the_group_can_be_named_its_representatives(draft, organiser, resident):
    with pytest.raises(ValidationError, match="not a member of Northside Neighbours"):
        representative_add(charter=draft, actor=organiser, person=resident)
    assert not draft.representatives.exists()


def test_residents_of_a_place_must_be_verified_there(council, city, organiser, resident):
    from coproduce.places.models import Residency

    north = city.children.get(slug="north")
    charter = charter_create(
        actor=organiser,
        organisation=council,
        title="North charter",
        text="Together.",
        community_kind=CommunityKind.PLACE,
        community_place=north,
    )
    assert charter.community_name == "Residents of North"
    with pytest.raises(ValidationError, match="not verified as living in North"):
        representative_add(charter=charter, actor=organiser, person=resident)
    Residency.objects.create(person=resident, place=north.children.get(), method="staff")
    representative_add(charter=charter, actor=organiser, person=resident)
    assert charter.representatives.filter(person=resident).exists()


def test_signing_needs_a_commitment_from_each_side(draft, councillor):
    with pytest.raises(ValidationError, match="each side"):
        charter_sign(charter=draft, person=councillor, side="organisation")


def test_editing_after_the_first_signature_is_refused(ready, organiser, councillor):
    charter_sign(charter=ready, person=councillor, side="organisation")
    with pytest.raises(ValidationError, match="Signing has begun"):
        charter_edit(
            charter=ready, actor=organiser, title="New", text="Other words.", review_months=6
        )
    with pytest.raises(ValidationError, match="Signing has begun"):
        charter_commitment_add(charter=ready, actor=organiser, side="community", title="More")
    ready.refresh_from_db()
    assert ready.text == "We look after the parks together." and ready.commitments.count() == 2


def test_editing_the_draft_before_signing_is_audited(draft, organiser):
    charter_edit(charter=draft, actor=organiser, title="Parks", text="Better.", review_months=12)
    draft.refresh_from_db()
    assert (draft.title, draft.text, draft.review_months) == ("Parks", "Better.", 12)
    assert AuditEvent.objects.filter(action="charter.edit").exists()


@pytest.mark.parametrize("persona", ["resident", "moderator", "councillor"])
def test_only_staff_draft_charters(council, group, persona, request):
    with pytest.raises(PermissionDenied):
        charter_create(
            actor=request.getfixturevalue(persona),
            organisation=council,
            title="T",
            text="x",
            community_kind=CommunityKind.GROUP,
            community_group=group,
        )
    assert not Charter.objects.exists()


def test_a_bad_draft_is_refused_with_reasons(council, organiser):
    with pytest.raises(ValidationError) as caught:
        charter_create(
            actor=organiser,
            organisation=council,
            title=" ",
            text="",
            community_kind=CommunityKind.PANEL,
            review_months=0,
        )
    assert set(caught.value.message_dict) == {"title", "text", "community_name", "review_months"}
    assert not Charter.objects.exists()


def test_residents_comment_on_the_draft_and_anonymous_cannot(draft, resident, anonymous):
    charter_comment(charter=draft, person=resident, text="Add the playground, please.")
    with pytest.raises(PermissionDenied):
        charter_comment(charter=draft, person=anonymous, text="Hello")
    assert list(CharterComment.objects.values_list("author", "text")) == [
        (resident.pk, "Add the playground, please.")
    ]


def test_comments_close_when_signing_begins(ready, councillor, resident):
    charter_sign(charter=ready, person=councillor, side="organisation")
    with pytest.raises(ValidationError, match="closed for comments"):
        charter_comment(charter=ready, person=resident, text="Late")
    assert not CharterComment.objects.exists()


def test_a_review_before_the_charter_is_in_force_is_refused(ready, councillor):
    with pytest.raises(ValidationError, match="once both sides have signed"):
        charter_rate(charter=ready, person=councillor, side="organisation", rating=4, reason="x")
    assert not CharterRating.objects.exists()


def test_each_side_rates_the_other_and_reviews_follow_one_another(
    in_force, councillor, group_member
):
    assert review_due(in_force).number == 1
    charter_rate(
        charter=in_force, person=councillor, side="organisation", rating=4, reason="Litter picks."
    )
    with pytest.raises(ValidationError, match="other side's rating is awaited"):
        charter_rate(charter=in_force, person=councillor, side="organisation", rating=5, reason="x")
    charter_rate(
        charter=in_force, person=group_member, side="community", rating=2, reason="Grass long."
    )
    assert current_review_number(in_force) == 2
    due = review_due(in_force)
    assert due is not None and due.number == 2
    rows = review_record(in_force)
    assert [(r.number, r.by_organisation.rating, r.by_community.rating) for r in rows] == [
        (1, 4, 2)
    ]
    assert AuditEvent.objects.filter(action="charter.review").count() == 2


def test_a_review_needs_a_rating_from_the_scale_and_a_reason(in_force, councillor):
    with pytest.raises(ValidationError) as caught:
        charter_rate(charter=in_force, person=councillor, side="organisation", rating=9, reason="")
    assert set(caught.value.message_dict) == {"rating", "reason"}


def test_a_non_representative_cannot_review_for_the_community(in_force, resident):
    with pytest.raises(PermissionDenied):
        charter_rate(charter=in_force, person=resident, side="community", rating=3, reason="x")


def test_residents_find_charters_from_organisation_and_place_pages(draft, council, group, city):
    assert list(charters_of_organisation(council)) == [draft]
    assert list(charters_of_organisation(group)) == [draft]
    assert list(charters_of_place(city.children.get(slug="north"))) == [draft]


def test_the_public_page_shows_both_sides_ratings(client, in_force, councillor, group_member):
    charter_rate(
        charter=in_force, person=councillor, side="organisation", rating=4, reason="Litter picks."
    )
    charter_rate(
        charter=in_force, person=group_member, side="community", rating=2, reason="Grass long."
    )
    page = client.get(in_force.get_absolute_url()).content.decode()
    assert "Mostly kept" in page and "Litter picks." in page
    assert "Mostly not kept" in page and "Grass long." in page
    assert 'role="img"' in page and "In force since" in page
    for url in (reverse("web:organisation", args=["northside"]), reverse("web:charters")):
        assert in_force.title in client.get(url).content.decode()


def test_anonymous_posting_a_comment_is_sent_to_sign_in(client, draft):
    response = client.post(reverse("web:charter_comment", args=[draft.pk]), {"text": "Hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CharterComment.objects.exists()


def test_staff_pages_need_the_organisation_role(
    client, draft, resident, organiser, with_second_factor
):
    client.force_login(resident)
    assert client.get(reverse("governance:charter_edit", args=[draft.pk])).status_code == 403
    assert client.get(reverse("governance:charter_new")).status_code == 403
    client.force_login(with_second_factor(organiser))
    assert client.get(reverse("governance:charter_edit", args=[draft.pk])).status_code == 200
    staff_home = client.get(reverse("governance:staff_home")).content.decode()
    assert reverse("governance:charter_edit", args=[draft.pk]) in staff_home
    response = client.post(
        reverse("governance:charter_commitment_new", args=[draft.pk]),
        {"c-side": "organisation", "c-title": "Open the toilets"},
    )
    assert response.status_code == 302
    assert draft.commitments.filter(title="Open the toilets").exists()


def test_the_initiative_is_led_by_one_of_the_parties(council, group, organiser, initiative, city):
    from coproduce.initiatives.models import Initiative

    other = Organisation.objects.create(name="Elsewhere", slug="elsewhere", kind="public_body")
    theirs = Initiative.objects.create(
        title="Theirs",
        slug="theirs",
        summary="x",
        origin="inside_out",
        organisation=other,
        place=city,
    )
    values = {
        "actor": organiser,
        "organisation": council,
        "title": "T",
        "text": "x",
        "community_kind": CommunityKind.GROUP,
        "community_group": group,
    }
    with pytest.raises(ValidationError, match="led by one of the two parties"):
        charter_create(initiative=theirs, **values)
    assert charter_create(initiative=initiative, **values).initiative == initiative


def test_riverton_has_a_signed_charter_reviewed_once_each_way():
    from coproduce.governance import demo as charter_demo
    from coproduce.web import demo

    city = demo.load()
    charter_demo.load(city)
    charter_demo.load(city)  # idempotent
    charter = Charter.objects.get(title=charter_demo.TITLE)
    assert charter.in_force_since is not None
    assert sorted(charter.signatures.values_list("side", flat=True)) == [
        "community",
        "organisation",
    ]
    assert [(r.by_organisation.rating, r.by_community.rating) for r in review_record(charter)] == [
        (4, 3)
    ]
    assert charter.comments.count() == 2 and charter.commitments.count() == 4


def test_staff_sign_through_the_page_only_with_their_second_factor(
    client, ready, councillor, with_second_factor
):
    url = reverse("web:charter_sign", args=[ready.pk])
    client.force_login(councillor)
    client.post(url, {"side": "organisation"})
    assert not CharterSignature.objects.exists()
    client.force_login(with_second_factor(councillor))
    assert client.post(url, {"side": "organisation"}).status_code == 302
    assert list(CharterSignature.objects.values_list("side", "person")) == [
        ("organisation", councillor.pk)
    ]


def test_signing_for_the_wrong_side_through_the_page_is_forbidden(
    client, ready, group_member, with_second_factor
):
    client.force_login(with_second_factor(group_member))
    url = reverse("web:charter_sign", args=[ready.pk])
    assert client.post(url, {"side": "organisation"}).status_code == 403
    assert not CharterSignature.objects.exists()


def test_a_representatives_data_is_exported_and_erased_keeping_the_public_record(
    in_force, group_member, councillor, resident
):
    from coproduce.accounts.services import person_delete, person_export

    charter_rate(charter=in_force, person=group_member, side="community", rating=3, reason="Ok.")
    exported = person_export(group_member)["charters"]
    assert exported["representative_for"][0]["charter"] == "Parks charter"
    assert [s["side"] for s in exported["signatures"]] == ["community"]
    assert exported["review_ratings"][0]["reason"] == "Ok."
    person_delete(group_member)
    signature = CharterSignature.objects.get(side="community")
    assert (signature.person, signature.name) == (None, "")
    assert CharterRating.objects.get(side="community").author is None
    assert not in_force.representatives.exists()
    in_force.refresh_from_db()
    assert in_force.in_force_since is not None


def test_staff_remove_a_draft_commitment_but_not_after_signing(ready, organiser, councillor):
    from coproduce.governance.charter_services import charter_commitment_remove

    first = ready.commitments.order_by("pk").first()
    extra = charter_commitment_add(charter=ready, actor=organiser, side="community", title="X")
    charter_commitment_remove(charter=ready, actor=organiser, commitment=extra)
    assert ready.commitments.count() == 2
    charter_sign(charter=ready, person=councillor, side="organisation")
    with pytest.raises(ValidationError, match="Signing has begun"):
        charter_commitment_remove(charter=ready, actor=organiser, commitment=first)
    assert ready.commitments.count() == 2


def test_a_removed_representative_can_no_longer_sign(ready, organiser, group_member):
    from coproduce.governance.charter_services import representative_remove

    representative_remove(charter=ready, actor=organiser, person=group_member)
    with pytest.raises(PermissionDenied):
        charter_sign(charter=ready, person=group_member, side="community")
    assert AuditEvent.objects.filter(action="charter.representative_remove").exists()


def test_the_charter_pages_do_not_query_per_row(
    client, in_force, organiser, councillor, group_member, resident, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    charter_rate(charter=in_force, person=councillor, side="organisation", rating=4, reason="a")
    charter_rate(charter=in_force, person=group_member, side="community", rating=3, reason="b")
    for number in range(5):
        Charter.objects.create(
            title=f"Other {number}",
            text="x",
            organisation=in_force.organisation,
            community_kind="panel",
            community_name="Panel",
        )
        CharterComment.objects.create(charter=in_force, author=resident, text=f"c{number}")
    with CaptureQueriesContext(connection) as few:
        client.get(in_force.get_absolute_url())
    charter_rate(charter=in_force, person=councillor, side="organisation", rating=2, reason="c")
    CharterComment.objects.create(charter=in_force, author=organiser, text="one more")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(in_force.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(reverse("web:charters"))


def test_the_organisations_own_people_cannot_represent_the_community(
    council, organiser, councillor, city
):
    charter = charter_create(
        actor=organiser,
        organisation=council,
        title="Panel charter",
        text="Together.",
        community_kind=CommunityKind.PANEL,
        community_name="Parks panel",
    )
    with pytest.raises(ValidationError, match="own people"):
        representative_add(charter=charter, actor=organiser, person=councillor)
    assert not charter.representatives.exists()


def test_residents_find_a_charter_from_its_initiative_and_place_pages(
    client, council, group, organiser, initiative
):
    charter = charter_create(
        actor=organiser,
        organisation=council,
        title="Parks charter",
        text="Together.",
        community_kind=CommunityKind.GROUP,
        community_group=group,
        initiative=initiative,
    )
    for url in (initiative.get_absolute_url(), reverse("web:place", args=["north"])):
        assert charter.get_absolute_url() in client.get(url).content.decode(), url


def test_a_charter_is_found_by_search_and_its_status_follows_the_signatures(in_force, anonymous):
    from coproduce.search.selectors import SearchFilters, search

    found = search(SearchFilters(query="parks", kind="charter"), person=anonymous)
    assert [(h.title, h.status_label, h.url) for h in found.hits] == [
        ("Parks charter", "In force", in_force.get_absolute_url())
    ]
    drafts = SearchFilters(query="parks", kind="charter", status="draft")
    assert search(drafts, person=anonymous).total == 0
