"""What this app holds about a person: their rows in the participation ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.accounts.personal_data import PersonalData
from coproduce.initiatives.models import BenefitThreshold, Contribution, OutreachAction

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _export(person: Person) -> list[dict[str, Any]]:
    rows = Contribution.objects.filter(person=person).select_related("activity")
    return [
        {
            "activity": c.activity.title if c.activity else None,
            "co": c.co,
            "mode": c.mode,
            "kind": c.kind,
            "channel": c.channel,
            "at": c.created_at.isoformat(),
        }
        for c in rows
    ]


def _erase(person: Person) -> None:
    # The row stays, so every count is unchanged; only the person is cleared.
    Contribution.objects.filter(person=person).update(person=None)


CONTRIBUTIONS = PersonalData(
    section="contributions",
    export=_export,
    erase=_erase,
    # Kept: who entered a paper or phone contribution for someone else (staff).
    fields=("initiatives.Contribution.person", "initiatives.Contribution.recorded_by"),
)


def _export_outreach(person: Person) -> list[dict[str, Any]]:
    rows = OutreachAction.objects.filter(logged_by=person).select_related("alert")
    return [
        {
            "benefit": a.alert.source,
            "group": f"{a.alert.group_kind}:{a.alert.group}",
            "what": a.what,
            "done_on": a.done_on.isoformat(),
            "done_by": a.done_by,
            "logged_at": a.logged_at.isoformat(),
        }
        for a in rows
    ]


def _erase_outreach(person: Person) -> None:
    # Staff records of public work stay; only the link to the account goes.
    OutreachAction.objects.filter(logged_by=person).update(logged_by=None)
    BenefitThreshold.objects.filter(set_by=person).update(set_by=None)


OUTREACH = PersonalData(
    section="benefit_outreach",
    export=_export_outreach,
    erase=_erase_outreach,
    fields=("initiatives.OutreachAction.logged_by", "initiatives.BenefitThreshold.set_by"),
)
