"""The audit log is append-only and hash-chained; tampering is detected."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coproduce.audit.chain import audit_record, audit_verify
from coproduce.audit.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _three_events(actor: object) -> list[AuditEvent]:
    return [audit_record(action=f"test.{n}", actor=actor, data={"n": n}) for n in range(3)]


def test_an_untouched_chain_verifies(organiser):
    _three_events(organiser)
    report = audit_verify()
    assert report.ok and report.checked == 3


def test_each_event_links_to_the_one_before(organiser):
    first, second, third = _three_events(organiser)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash


def test_changing_an_event_in_the_database_is_detected(organiser, capsys):
    events = _three_events(organiser)
    AuditEvent.objects.filter(pk=events[1].pk).update(data={"n": 99})
    report = audit_verify()
    assert not report.ok and report.broken_at == events[1].pk
    with pytest.raises(CommandError, match=f"broken at event {events[1].pk}"):
        call_command("audit", "verify")


def test_removing_an_event_from_the_middle_is_detected(organiser):
    events = _three_events(organiser)
    AuditEvent.objects.filter(pk=events[1].pk)._raw_delete(AuditEvent.objects.db)
    report = audit_verify()
    assert not report.ok and report.broken_at == events[2].pk


def test_removing_the_newest_event_is_detected(organiser):
    events = _three_events(organiser)
    AuditEvent.objects.filter(pk=events[2].pk)._raw_delete(AuditEvent.objects.db)
    assert not audit_verify().ok
    assert AuditChainHead.objects.get().last_hash == events[2].hash


def test_events_cannot_be_rewritten_or_deleted_through_the_orm(organiser):
    event = audit_record(action="test", actor=organiser)
    event.action = "forged"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_the_command_reports_an_intact_chain(organiser, capsys):
    _three_events(organiser)
    call_command("audit", "verify")
    assert "3 events verified" in capsys.readouterr().out


@pytest.fixture
def trust(city):
    from coproduce.organisations.models import Organisation

    return Organisation.objects.create(
        name="Testford Health Trust", slug="health-trust", kind="public_body", place=city
    )


@pytest.fixture
def nurse(make_person, trust):
    from coproduce.organisations.models import Membership

    nurse = make_person("nurse")
    Membership.objects.create(organisation=trust, person=nurse, role="staff")
    return nurse


@pytest.fixture
def two_logs(council, trust, organiser, nurse, resident):
    """A council commitment, a personal budget plan with the trust, and an account deletion."""
    from coproduce.commissioning.services.personal import plan_create
    from coproduce.governance.services import commitment_create

    commitment_create(
        title="Plant 100 trees", organisation=council, owner="organisation", actor=organiser
    )
    plan_create(
        person=resident,
        professional=nurse,
        organisation=trust,
        title="Rosa's plan",
        allocation=100_00,
        actor=nurse,
    )
    audit_record(action="person.delete")


def _actions(client):
    from django.urls import reverse

    response = client.get(reverse("governance:audit_log"))
    assert response.status_code == 200
    return {e.action for e in response.context["page"]}


def test_staff_read_only_their_own_organisations_events(
    client, two_logs, organiser, nurse, with_second_factor
):
    client.force_login(with_second_factor(organiser))
    assert _actions(client) == {"commitment.create"}
    client.logout()
    client.force_login(with_second_factor(nurse))
    assert _actions(client) == {"personal_budget.create"}


def test_the_site_administrator_reads_every_event(
    client, two_logs, make_person, with_second_factor
):
    admin = make_person("admin", is_superuser=True, is_staff=True)
    client.force_login(with_second_factor(admin))
    assert _actions(client) == {"commitment.create", "personal_budget.create", "person.delete"}


def test_residents_read_no_audit_log(client, two_logs, resident):
    from django.urls import reverse

    client.force_login(resident)
    assert client.get(reverse("governance:audit_log")).status_code == 403


def test_events_belong_to_their_targets_organisation(council, organiser, activity_in):
    from coproduce.audit.chain import organisation_of
    from coproduce.initiatives.models import LineageKind
    from coproduce.initiatives.services import lineage_link

    activity = activity_in("commissioning", "survey")
    assert organisation_of(activity) == council
    assert organisation_of(activity.stage) == council
    link = lineage_link(source=activity, target=activity.stage.initiative, kind=LineageKind.LED_TO)
    assert organisation_of(link) == council
    assert organisation_of(None) is None


def test_the_backfill_finds_old_events_organisations_and_keeps_every_hash(two_logs, council, trust):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    name = "0005_audit_event_organisation"
    migration = importlib.import_module(f"coproduce.governance.migrations.{name}")
    # Every app as it is now, but the log where it was when the migration ran (governance).
    loader = MigrationLoader(connection)
    graph = loader.graph
    # Each other app at its newest migration that does not need a later governance one
    # (initiatives' 0006 needs governance's 0009, after the log moved out).
    later = {n for n in graph.nodes if n[0] in ("governance", "audit") and n > ("governance", name)}
    nodes = []
    for app in {n[0] for n in graph.nodes} - {"governance", "audit"}:
        for node in sorted((n for n in graph.nodes if n[0] == app), reverse=True):
            if not set(graph.forwards_plan(node)) & later:
                nodes.append(node)
                break
    apps = loader.project_state([*nodes, ("governance", name)]).apps
    hashes = list(AuditEvent.objects.order_by("pk").values_list("hash", flat=True))
    AuditEvent.objects.update(organisation=None)
    migration.backfill(apps, None)
    owners = dict(AuditEvent.objects.values_list("action", "organisation"))
    assert owners == {
        "commitment.create": council.pk,
        "personal_budget.create": trust.pk,
        "person.delete": None,
    }
    assert list(AuditEvent.objects.order_by("pk").values_list("hash", flat=True)) == hashes
    assert audit_verify().ok


def test_a_panels_events_belong_to_its_initiatives_organisation(council, activity_in):
    """A panel's ``stage`` and ``plan`` are text, not relations: they are not followed."""
    from coproduce.assessment.models import Panel
    from coproduce.audit.chain import organisation_of

    panel = Panel.objects.create(
        activity=activity_in("assessment", "scrutiny_panel"), plan="Visit", stage="focusing"
    )
    assert organisation_of(panel) == council


def test_the_audit_log_names_actions_and_items_in_words(
    client, two_logs, organiser, with_second_factor
):
    from django.urls import reverse

    client.force_login(with_second_factor(organiser))
    page = client.get(reverse("governance:audit_log")).content.decode()
    assert "Commitment: create" in page
    assert "governance.commitment" not in page and "commitment.create" not in page
    event = next(e for e in client.get(reverse("governance:audit_log")).context["page"])
    assert event.item_label == f"Commitment {event.object_id}"
