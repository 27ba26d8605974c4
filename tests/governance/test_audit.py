"""The audit log is append-only and hash-chained; tampering is detected."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coproduce.governance.audit import audit_record, audit_verify
from coproduce.governance.models import AuditChainHead, AuditEvent

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
