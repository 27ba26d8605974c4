"""The free-text ``Initiative.charter`` is retired: its texts become draft two-way charters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("governance", "0008_commitment_followers_join_follows"),
    ("initiatives", "0005_benefit_alerts"),
]
AFTER = [
    ("governance", "0009_initiative_charter_texts_become_draft_charters"),
    ("initiatives", "0006_retire_free_text_charter"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_text_becomes_a_draft_charter_of_its_initiative_and_back():
    try:
        old = _migrate(BEFORE)
        Place = old.get_model("places", "Place")
        Organisation = old.get_model("organisations", "Organisation")
        Initiative = old.get_model("initiatives", "Initiative")
        place = Place.objects.create(name="Testford", slug="testford-m", kind="city")
        council = Organisation.objects.create(
            name="Council", slug="council-m", kind="public_body", place=place
        )
        promised = Initiative.objects.create(
            title="Parks",
            slug="parks-m",
            organisation=council,
            place=place,
            charter="We publish every decision within 30 days.",
        )
        Initiative.objects.create(title="Quiet", slug="quiet-m", organisation=council, place=place)

        new = _migrate(AFTER)
        Charter = new.get_model("governance", "Charter")
        (draft,) = Charter.objects.all()
        assert draft.initiative_id == promised.pk and draft.organisation_id == council.pk
        assert draft.text == "We publish every decision within 30 days."
        assert draft.title == "Co-production charter: Parks"
        assert (draft.community_kind, draft.community_place_id) == ("place", place.pk)
        assert draft.in_force_since is None  # a draft: both sides still have to sign
        fields = {f.name for f in new.get_model("initiatives", "Initiative")._meta.get_fields()}
        assert "charter" not in fields

        back = _migrate(BEFORE)
        restored = back.get_model("initiatives", "Initiative").objects.get(pk=promised.pk)
        assert restored.charter == "We publish every decision within 30 days."
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_staff_start_a_charter_from_the_initiative_page(
    client, initiative, organiser, with_second_factor
):
    client.force_login(with_second_factor(organiser))
    page = client.get(initiative.get_absolute_url()).content.decode()
    link = f"/staff/charters/new/?initiative={initiative.pk}"
    assert link in page
    form = client.get(link).context["form"]
    assert form.initial["initiative"] == initiative
    assert form.initial["organisation"] == initiative.organisation_id
    assert form.initial["community_place"] == initiative.place
    assert client.get("/staff/charters/new/?initiative=nope").status_code == 200


@pytest.mark.django_db
def test_residents_see_no_link_to_draft_a_charter(client, initiative, resident):
    client.force_login(resident)
    assert "/staff/charters/new/" not in client.get(initiative.get_absolute_url()).content.decode()
