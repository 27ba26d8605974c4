"""What co-delivery holds about a person: what they offer, checks, shifts and hours.

Erasure deletes what they offered, their checks and every place not yet given (freeing
held places); confirmed hours stay with the person cleared, so totals do not change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F

from coproduce.accounts.personal_data import PersonalData
from coproduce.delivery.models import HOLDING, Shift, SignUp, VolunteerCheck, VolunteerOffer

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> dict[str, Any]:
    offer = VolunteerOffer.objects.filter(person=person).prefetch_related("windows").first()
    sign_ups = SignUp.objects.filter(person=person).select_related(
        "shift__role", "shift__opportunity__activity"
    )
    return {
        "offer": None
        if offer is None
        else {
            "skills": offer.skills,
            "place": offer.place.name if offer.place else None,
            "max_km": offer.max_km,
            "hours_a_month": offer.hours_a_month,
            "availability": [
                {
                    "weekday": w.weekday,
                    "from": w.starts.isoformat("minutes"),
                    "to": w.ends.isoformat("minutes"),
                }
                for w in offer.windows.all()
            ],
        },
        "checks": [
            {
                "kind": c.kind,
                "organisation": c.organisation.name,
                "valid_until": c.expires_on.isoformat(),
            }
            for c in VolunteerCheck.objects.filter(person=person).select_related("organisation")
        ],
        "shifts": [
            {
                "programme": s.shift.opportunity.activity.title,
                "role": s.shift.role.name,
                "starts": s.shift.starts_at.isoformat(),
                "ends": s.shift.ends_at.isoformat(),
                "status": s.status,
                "checked_in": s.checked_in_at.isoformat() if s.checked_in_at else None,
                "checked_out": s.checked_out_at.isoformat() if s.checked_out_at else None,
                "hours": s.hours,
            }
            for s in sign_ups
        ],
    }


def _erase(person: Person) -> None:
    VolunteerOffer.objects.filter(person=person).delete()
    VolunteerCheck.objects.filter(person=person).delete()
    pending = SignUp.objects.filter(person=person, minutes__isnull=True)
    for shift_id in pending.filter(status__in=HOLDING).values_list("shift_id", flat=True):
        Shift.objects.filter(pk=shift_id, taken__gt=0).update(taken=F("taken") - 1)
    pending.delete()
    SignUp.objects.filter(person=person).update(person=None)


DELIVERY = PersonalData(
    section="volunteering",
    export=_export,
    erase=_erase,
    fields=[
        "delivery.VolunteerOffer.person",
        "delivery.VolunteerCheck.person",
        "delivery.VolunteerCheck.recorded_by",
        "delivery.SignUp.person",
        "delivery.SignUp.checked_in_by",
        "delivery.SignUp.confirmed_by",
    ],
)
