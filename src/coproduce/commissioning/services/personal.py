"""Writes for personal budgets: plans, changes both parties agree, spending, and audited views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.notifications import notify
from coproduce.accounts.second_factor import staff_capability_allowed
from coproduce.audit.chain import audit_record
from coproduce.commissioning.models import (
    BudgetLine,
    ChangeStatus,
    PaymentMethod,
    PlanChange,
    SpendingRecord,
    SupportPlan,
)
from coproduce.commissioning.money import money
from coproduce.organisations.permissions import Action, can
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.organisations.models import Organisation


@dataclass(frozen=True)
class LineSpec:
    label: str
    amount: int
    method: PaymentMethod
    provider: str = ""

    @property
    def key(self) -> str:
        return slugify(self.label)[:40] or "line"


def is_party(person: Person | AnonymousUser, plan: SupportPlan) -> bool:
    """True for the person the plan is for, and for their professional acting as staff.

    The professional holds the plan through a staff role, so in a request they need their
    second factor like any other staff capability.
    """
    if not person.is_authenticated:
        return False
    if person.pk == plan.person_id:
        return True
    return person.pk == plan.professional_id and staff_capability_allowed(person)


def plan_for_user(person: Person | AnonymousUser, pk: int) -> SupportPlan:
    """Return the plan to one of its two parties or to authorised staff; else 404.

    A view by staff who are not a party is written to the audit log, every time.
    """
    plan = (
        SupportPlan.objects.select_related("person", "professional", "organisation")
        .filter(pk=pk)
        .first()
    )
    if plan is None or not person.is_authenticated:
        raise Http404
    if is_party(person, plan):
        return plan
    if not can(person, Action.VIEW_PERSONAL_BUDGETS, plan.organisation):
        raise Http404
    audit_record(
        action="personal_budget.view", actor=person, target=plan, data={"person": plan.person_id}
    )
    return plan


def plan_create(
    *,
    person: Person,
    professional: Person,
    organisation: Organisation,
    title: str,
    allocation: int,
    actor: Person,
) -> SupportPlan:
    """Start a plan; its outcomes and lines come through a change both parties agree."""
    if actor.pk != professional.pk or not can(actor, Action.VIEW_PERSONAL_BUDGETS, organisation):
        raise PermissionDenied(_("Only the organisation's professional can start a plan."))
    if allocation <= 0:
        raise ValidationError({"allocation": _("The allocated budget must be above zero.")})
    with transaction.atomic():
        plan = SupportPlan.objects.create(
            person=person,
            professional=professional,
            organisation=organisation,
            title=title,
            allocation=allocation,
        )
        audit_record(
            action="personal_budget.create",
            actor=actor,
            target=plan,
            data={"allocation": allocation},
        )
    return plan


def change_propose(
    *,
    plan: SupportPlan,
    actor: Person,
    outcomes: str,
    lines: Sequence[LineSpec],
    review_date: date | None = None,
    note: str = "",
) -> PlanChange:
    """Propose a new version of the plan; the other party must agree before it applies."""
    if not is_party(actor, plan):
        raise PermissionDenied(_("Only the person and their professional can change the plan."))
    total = sum(line.amount for line in lines)
    if any(line.amount <= 0 for line in lines):
        raise ValidationError({"lines": _("Every budget line needs an amount above zero.")})
    if total > plan.allocation:
        raise ValidationError(
            {
                "lines": _("The lines add up to %(total)s, more than the budget of %(budget)s.")
                % {"total": money(total), "budget": money(plan.allocation)}
            }
        )
    if len({line.key for line in lines}) != len(lines):
        raise ValidationError({"lines": _("Give each budget line a different name.")})
    content = {
        "outcomes": outcomes.strip(),
        "review_date": review_date.isoformat() if review_date else None,
        "lines": [
            {
                "key": s.key,
                "label": s.label,
                "amount": s.amount,
                "method": s.method,
                "provider": s.provider,
            }
            for s in lines
        ],
    }
    with transaction.atomic():
        plan.changes.filter(status=ChangeStatus.PROPOSED).update(
            status=ChangeStatus.DECLINED, decided_at=timezone.now()
        )
        change = PlanChange.objects.create(plan=plan, proposed_by=actor, content=content, note=note)
        audit_record(
            action="personal_budget.propose",
            actor=actor,
            target=plan,
            data={"change": change.pk, "total": total},
        )
        other = plan.person if actor.pk == plan.professional_id else plan.professional
        notify(
            other,
            subject=Sentence(gettext_noop("A change to the support plan needs your agreement")),
            body=Sentence(
                gettext_noop("%(name)s proposed a change to “%(plan)s”."),
                {"name": actor.public_name, "plan": plan.title},
            ),
            url=plan.get_absolute_url(),
        )
    return change


def change_decide(*, change: PlanChange, actor: Person, agree: bool) -> PlanChange:
    """Agree or decline a proposed change; only the other party may, and agreeing applies it."""
    plan = change.plan
    if not is_party(actor, plan) or actor.pk == change.proposed_by_id:
        raise PermissionDenied(_("The other party to the plan must agree this change."))
    if change.status != ChangeStatus.PROPOSED:
        raise ValidationError(_("This change has already been decided."))
    with transaction.atomic():
        change.status = ChangeStatus.AGREED if agree else ChangeStatus.DECLINED
        change.decided_by, change.decided_at = actor, timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_at"])
        if agree:
            _apply(plan, change.content)
        audit_record(
            action="personal_budget.decide",
            actor=actor,
            target=plan,
            data={"change": change.pk, "agreed": agree},
        )
    return change


def _apply(plan: SupportPlan, content: dict[str, object]) -> None:
    lines = content["lines"]
    assert isinstance(lines, list)
    keep = set()
    for spec in lines:
        keep.add(spec["key"])
        BudgetLine.objects.update_or_create(
            plan=plan,
            key=spec["key"],
            defaults={
                "label": spec["label"],
                "amount": spec["amount"],
                "method": spec["method"],
                "provider": spec["provider"],
                "active": True,
            },
        )
    plan.lines.exclude(key__in=keep).update(active=False)
    plan.outcomes = str(content["outcomes"])
    review = content.get("review_date")
    plan.review_date = date.fromisoformat(str(review)) if review else plan.review_date
    plan.agreed_at = timezone.now()
    plan.save(update_fields=["outcomes", "review_date", "agreed_at"])


def spending_record(
    *,
    plan: SupportPlan,
    line: BudgetLine,
    amount: int,
    spent_on: date,
    actor: Person,
    note: str = "",
) -> SpendingRecord:
    """Record money spent against an active line of the plan."""
    if not is_party(actor, plan):
        raise PermissionDenied(_("Only the person and their professional can record spending."))
    if line.plan_id != plan.pk or not line.active:
        raise ValidationError({"line": _("Choose one of the plan's current budget lines.")})
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be above zero.")})
    if amount > plan.allocation:
        raise ValidationError(
            {
                "amount": _("One payment cannot be more than the whole budget of %(budget)s.")
                % {"budget": money(plan.allocation)}
            }
        )
    with transaction.atomic():
        record = SpendingRecord.objects.create(
            line=line, amount=amount, spent_on=spent_on, note=note, recorded_by=actor
        )
        audit_record(
            action="personal_budget.spend",
            actor=actor,
            target=plan,
            data={"line": line.key, "amount": amount},
        )
    return record
