"""Writes and exports for a person's own account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import DemographicConsent, Demographics, Person
from coproduce.governance.audit import audit_record

DEMOGRAPHIC_DIMENSIONS = ("age_band", "sex", "deprivation_quintile")


def person_export(person: Person) -> dict[str, Any]:
    """Return everything the platform holds about the person, as JSON-ready data."""
    from coproduce.initiatives.models import Contribution
    from coproduce.organisations.models import Membership
    from coproduce.places.models import Residency

    demographics = Demographics.objects.filter(person=person).first()
    contributions = Contribution.objects.filter(person=person).select_related("activity")
    return {
        "account": {
            "email": person.email,
            "display_name": person.display_name,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "joined": person.date_joined.isoformat(),
        },
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role}
            for m in Membership.objects.filter(person=person).select_related("organisation")
        ],
        "residencies": [
            {"place": r.place.name, "method": r.method, "verified_at": r.verified_at.isoformat()}
            for r in Residency.objects.filter(person=person).select_related("place")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "granted_at": c.granted_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in DemographicConsent.objects.filter(person=person)
        ],
        "demographics": demographics.values if demographics else None,
        "contributions": [
            {
                "activity": c.activity.title if c.activity else None,
                "co": c.co,
                "mode": c.mode,
                "kind": c.kind,
                "channel": c.channel,
                "at": c.created_at.isoformat(),
            }
            for c in contributions
        ],
    }


def person_delete(person: Person) -> None:
    """Delete the account: erase personal data, keep every contribution anonymously.

    Counts and tallies do not change: ledger rows stay, with the person cleared.
    """
    from allauth.account.models import EmailAddress

    from coproduce.initiatives.models import Contribution

    with transaction.atomic():
        Contribution.objects.filter(person=person).update(person=None)
        Demographics.objects.filter(person=person).delete()
        DemographicConsent.objects.filter(person=person).delete()
        person.memberships.all().delete()
        person.residencies.all().delete()
        person.email = f"deleted-{person.pk}@invalid.invalid"
        person.display_name = ""
        person.date_of_birth = None
        person.is_active = False
        person.is_staff = False
        person.is_superuser = False
        person.anonymised_at = timezone.now()
        person.set_unusable_password()
        person.save()
        EmailAddress.objects.filter(user=person).delete()
        audit_record(action="person.delete", actor=None, target=person)


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
