"""Writes and exports for a person's own account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import (
    DemographicConsent,
    Demographics,
    Follow,
    Notification,
    Person,
)
from coproduce.accounts.personal_data import PersonalData, personal_data
from coproduce.audit.chain import audit_record

DEMOGRAPHIC_DIMENSIONS = ("age_band", "sex", "deprivation_quintile")


# The export's layout version: docs/users.md documents each section.
EXPORT_SCHEMA = 2


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def person_export(person: Person) -> dict[str, Any]:
    """Return everything the platform holds about the person, as JSON-ready data.

    One section per registered app (``accounts.personal_data``), after the account itself.
    """
    data: dict[str, Any] = {"schema": EXPORT_SCHEMA}
    for entry in personal_data():
        data[entry.section] = entry.export(person)
    return data


def person_delete(person: Person) -> None:
    """Delete the account: every app erases or anonymises what it holds, in one transaction.

    Counts and tallies do not change: public contributions and ledger rows stay, with the
    person cleared. Audited.
    """
    with transaction.atomic():
        for entry in personal_data():
            entry.erase(person)
        audit_record(action="person.delete", actor=None, target=person)


def _account_export(person: Person) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    demographics = Demographics.objects.filter(person=person).first()
    return {
        "email": person.email,
        "display_name": person.display_name,
        "date_of_birth": _iso(person.date_of_birth),
        "joined": _iso(person.date_joined),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=person)
        ],
        "second_factors": [
            {"type": a.type, "created_at": _iso(a.created_at)}
            for a in Authenticator.objects.filter(user=person)
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "granted_at": _iso(c.granted_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in DemographicConsent.objects.filter(person=person)
        ],
        "demographics": demographics.values if demographics else None,
    }


def _account_erase(person: Person) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    Demographics.objects.filter(person=person).delete()
    DemographicConsent.objects.filter(person=person).delete()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    person.email = f"deleted-{person.pk}@invalid.invalid"
    person.display_name = ""
    person.date_of_birth = None
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.anonymised_at = timezone.now()
    person.set_unusable_password()
    person.save()


ACCOUNT = PersonalData(
    section="account",
    export=_account_export,
    erase=_account_erase,
    fields=(
        "accounts.DemographicConsent.person",
        "accounts.Demographics.person",
        "account.EmailAddress.user",
        "mfa.Authenticator.user",
        # The site admin's own change log and the audit chain (tamper-evident: it must not
        # change) name the account, which is now anonymised: kept.
        "admin.LogEntry.user",
        "audit.AuditEvent.actor",
    ),
)


def _following_export(person: Person) -> dict[str, Any]:
    follows = Follow.objects.filter(person=person).select_related("target_type")
    return {
        "email_choice": person.notification_email,
        "last_digest": _iso(person.digest_sent_at),
        "follows": [
            {"kind": f.target_type.model, "id": f.target_id, "since": _iso(f.since)}
            for f in follows
        ],
        "notifications": [
            {
                "event": n.event,
                "subject": n.subject,
                "body": n.body,
                "url": n.url,
                "at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
                "emailed_at": _iso(n.emailed_at),
            }
            for n in Notification.objects.filter(person=person)
        ],
    }


def _following_erase(person: Person) -> None:
    # Private: what someone follows and what they were told goes with the account.
    Follow.objects.filter(person=person).delete()
    Notification.objects.filter(person=person).delete()


FOLLOWING = PersonalData(
    section="following",
    export=_following_export,
    erase=_following_erase,
    fields=("accounts.Follow.person", "accounts.Notification.person"),
)


def demographics_give(*, person: Person, values: dict[str, str]) -> Demographics:
    """Record consent and the person's optional demographics (unknown keys are dropped)."""
    clean = {k: str(v) for k, v in values.items() if k in DEMOGRAPHIC_DIMENSIONS and v}
    with transaction.atomic():
        consent = DemographicConsent.objects.create(person=person)
        record, _ = Demographics.objects.update_or_create(
            person=person, defaults={"consent": consent, "values": clean}
        )
    return record


def demographics_withdraw(*, person: Person) -> None:
    """Withdraw consent and erase the demographics it covered."""
    with transaction.atomic():
        Demographics.objects.filter(person=person).delete()
        DemographicConsent.objects.filter(person=person, withdrawn_at=None).update(
            withdrawn_at=timezone.now()
        )
