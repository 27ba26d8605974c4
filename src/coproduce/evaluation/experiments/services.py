"""Writes for experiments: set up (draft), freeze the pre-registration, assign, send.

Each takes keyword-only arguments, checks that the actor manages the initiative's
organisation, runs in one transaction and is audited. Once frozen, nothing in the design or
the pre-registration can change: every writer of a draft refuses.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import Person
from coproduce.accounts.notifications import notifications_create
from coproduce.audit.chain import audit_record
from coproduce.evaluation.experiment_models import (
    Experiment,
    ExperimentArm,
    ExperimentAssignment,
    Population,
    Stratification,
)
from coproduce.evaluation.experiments.population import population_ids, strata_of
from coproduce.initiatives.models import Activity, ActivityState
from coproduce.methods.experiments import (
    SCHEME,
    ExperimentError,
    Unit,
    assign,
    cohens_h,
    sample_size,
)
from coproduce.organisations.permissions import Action, can
from coproduce.ui.input import LONG_TEXT

if TYPE_CHECKING:
    from coproduce.methods.experiments import SampleSize
    from coproduce.methods.experiments._common import Stratum

INVITATION_EVENT = "experiment_invitation"
MAX_ARMS = 6
MAX_WINDOW_DAYS = 365
# A seed people can read aloud and type; 2³¹ possibilities are plenty for one assignment.
SEED_RANGE = 2**31
STRATUM_SEPARATOR = " / "


def _require_manager(actor: Person, activity: Activity) -> None:
    if not can(actor, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied(_("Only the organisation's staff can run this experiment."))


def _require_draft(experiment: Experiment) -> None:
    if experiment.frozen_at is not None:
        raise ValidationError(
            _("This experiment's pre-registration is frozen: nothing in it can change.")
        )


def _check_design(title: str, population: str, stratification: str, window_days: int) -> None:
    errors: dict[str, str] = {}
    if not title.strip() or len(title) > 200:
        errors["title"] = _("Give the experiment a title of 200 characters or fewer.")
    if population not in Population.values:
        errors["population"] = _("Choose who is invited.")
    if stratification not in Stratification.values:
        errors["stratification"] = _("Choose how people are grouped.")
    if not 1 <= window_days <= MAX_WINDOW_DAYS:
        errors["window_days"] = _("Give a number of days from 1 to 365.")
    if errors:
        raise ValidationError(errors)


def experiment_create(
    *,
    actor: Person,
    activity: Activity,
    title: str,
    population: str,
    stratification: str,
    window_days: int,
) -> Experiment:
    """Start a draft experiment on an activity that has not closed; the seed is drawn now."""
    _require_manager(actor, activity)
    _check_design(title, population, stratification, window_days)
    if activity.state == ActivityState.CLOSED:
        raise ValidationError({"activity": _("This activity has closed: nobody can take part.")})
    with transaction.atomic():
        experiment = Experiment.objects.create(
            activity=activity,
            title=title.strip(),
            population=population,
            stratification=stratification,
            window_days=window_days,
            primary_outcome=_(
                "Took part in the activity within %(n)s days of the invitation "
                "(a row in the participation ledger)."
            )
            % {"n": window_days},
            seed=secrets.randbelow(SEED_RANGE),
            created_by=actor,
        )
        audit_record(
            action="experiment.create",
            actor=actor,
            target=experiment,
            data={"activity": activity.pk, "title": experiment.title},
        )
    return experiment


def experiment_arm_add(
    *, actor: Person, experiment: Experiment, name: str, subject: str, text: str
) -> ExperimentArm:
    """Add an arm (the first added is the control); refused once frozen."""
    _require_manager(actor, experiment.activity)
    _require_draft(experiment)
    errors: dict[str, str] = {}
    name, subject, text = name.strip(), subject.strip(), text.strip()
    if not name or len(name) > 60:
        errors["name"] = _("Name the arm in 60 characters or fewer.")
    elif experiment.arms.filter(name__iexact=name).exists():
        errors["name"] = _("This experiment has an arm with that name already.")
    if not subject or len(subject) > 200:
        errors["subject"] = _("Give the e-mail a subject of 200 characters or fewer.")
    if not text or len(text) > LONG_TEXT:
        errors["text"] = _("Write the invitation, in fewer than %(n)s characters.") % {
            "n": LONG_TEXT
        }
    if experiment.arms.count() >= MAX_ARMS:
        errors["name"] = _("An experiment has at most %(n)s arms.") % {"n": MAX_ARMS}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = experiment.arms.aggregate(last=Max("position"))["last"]
        arm = ExperimentArm.objects.create(
            experiment=experiment,
            position=0 if last is None else last + 1,
            name=name,
            subject=subject,
            text=text,
        )
        audit_record(
            action="experiment.arm_add", actor=actor, target=experiment, data={"arm": name}
        )
    return arm


def experiment_arm_remove(*, actor: Person, arm: ExperimentArm) -> None:
    """Remove an arm from a draft; the others keep their order (the first is the control)."""
    experiment = arm.experiment
    _require_manager(actor, experiment.activity)
    _require_draft(experiment)
    with transaction.atomic():
        audit_record(
            action="experiment.arm_remove", actor=actor, target=experiment, data={"arm": arm.name}
        )
        arm.delete()
        for position, other in enumerate(experiment.arms.order_by("position")):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])


def _rate(value: float | None, field: str, errors: dict[str, str]) -> None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= 1):
        errors[field] = _("Give a share between 0 and 1 (for example 0.25 for 25%).")


def experiment_preregistration_update(
    *,
    actor: Person,
    experiment: Experiment,
    hypothesis: str,
    primary_outcome: str,
    analysis_plan: str,
    expected_control_rate: float | None,
    expected_treatment_rate: float | None,
    alpha: float = 0.05,
    power: float = 0.8,
) -> Experiment:
    """Write the pre-registration of a draft; refused once frozen."""
    _require_manager(actor, experiment.activity)
    _require_draft(experiment)
    errors: dict[str, str] = {}
    for field, value in (
        ("hypothesis", hypothesis),
        ("primary_outcome", primary_outcome),
        ("analysis_plan", analysis_plan),
    ):
        if len(value) > LONG_TEXT:
            errors[field] = _("Keep this shorter.")
    _rate(expected_control_rate, "expected_control_rate", errors)
    _rate(expected_treatment_rate, "expected_treatment_rate", errors)
    if not (math.isfinite(alpha) and 0 < alpha < 0.5):
        errors["alpha"] = _("Give a significance level between 0 and 0.5.")
    if not (math.isfinite(power) and 0.5 <= power < 1):
        errors["power"] = _("Give a power from 0.5 up to (not including) 1.")
    if errors:
        raise ValidationError(errors)
    experiment.hypothesis = hypothesis.strip()
    experiment.primary_outcome = primary_outcome.strip()
    experiment.analysis_plan = analysis_plan.strip()
    experiment.expected_control_rate = expected_control_rate
    experiment.expected_treatment_rate = expected_treatment_rate
    experiment.alpha, experiment.power = alpha, power
    with transaction.atomic():
        experiment.save(
            update_fields=[
                "hypothesis",
                "primary_outcome",
                "analysis_plan",
                "expected_control_rate",
                "expected_treatment_rate",
                "alpha",
                "power",
            ]
        )
        audit_record(action="experiment.preregister", actor=actor, target=experiment)
    return experiment


def experiment_power(experiment: Experiment) -> SampleSize | None:
    """Return the people needed per arm to detect the expected difference in the share who
    take part (Cohen's h, normal test), or None when the rates are not given or equal."""
    control, treatment = experiment.expected_control_rate, experiment.expected_treatment_rate
    if control is None or treatment is None or control == treatment:
        return None
    try:
        return sample_size(
            cohens_h(treatment, control),
            alpha=experiment.alpha,
            power=experiment.power,
            test="normal",
        )
    except ExperimentError:
        return None


def registration_document(experiment: Experiment, population_size: int) -> dict[str, Any]:
    """Return what freezing seals: the design, the arms, the pre-registration and the plan."""
    plan = experiment_power(experiment)
    arms = list(experiment.arms.all())
    activity = experiment.activity
    return {
        "experiment": experiment.pk,
        "title": experiment.title,
        "activity": {"id": activity.pk, "title": activity.title, "kind": activity.kind},
        "unit": "person",
        "population": experiment.population,
        "population_size": population_size,
        "stratification": experiment.stratification,
        "outcome_window_days": experiment.window_days,
        "seed": experiment.seed,
        "scheme": SCHEME,
        "arms": [
            {"name": a.name, "control": a.is_control, "subject": a.subject, "text": a.text}
            for a in arms
        ],
        "hypothesis": experiment.hypothesis,
        "primary_outcome": experiment.primary_outcome,
        "analysis_plan": experiment.analysis_plan,
        "power_calculation": {
            "expected_control_rate": experiment.expected_control_rate,
            "expected_treatment_rate": experiment.expected_treatment_rate,
            "alpha": experiment.alpha,
            "power": experiment.power,
            "test": "normal test on Cohen's h, two-sided",
            "effect_size_h": plan.effect_size if plan else None,
            "n_per_arm": plan.n_control if plan else None,
            "planned_sample_size": plan.n_control * len(arms) if plan else None,
        },
    }


def registration_hash(document: dict[str, Any]) -> str:
    """Return the SHA-256 of the document written canonically (sorted keys, no spaces)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _freeze_problems(experiment: Experiment) -> list[str]:
    problems = []
    if experiment.arms.count() < 2:
        problems.append(_("Add at least two arms: the control first, then a variant."))
    if not (experiment.hypothesis and experiment.primary_outcome and experiment.analysis_plan):
        problems.append(_("Write the hypothesis, the primary outcome and the analysis plan."))
    if experiment_power(experiment) is None:
        problems.append(
            _("Give the two different shares you expect to take part, for the power calculation.")
        )
    return problems


def experiment_freeze(*, actor: Person, experiment: Experiment) -> Experiment:
    """Seal the pre-registration and the design with a hash; raise ValidationError listing
    what is missing, or if it is frozen already."""
    _require_manager(actor, experiment.activity)
    with transaction.atomic():
        experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
        _require_draft(experiment)
        problems = _freeze_problems(experiment)
        if problems:
            raise ValidationError(problems)
        document = registration_document(experiment, len(population_ids(experiment)))
        experiment.registration = document
        experiment.registration_hash = registration_hash(document)
        experiment.frozen_at = timezone.now()
        experiment.frozen_by = actor
        experiment.save(
            update_fields=["registration", "registration_hash", "frozen_at", "frozen_by"]
        )
        audit_record(
            action="experiment.freeze",
            actor=actor,
            target=experiment,
            data={"sha256": experiment.registration_hash},
        )
    return experiment


def experiment_assign(*, actor: Person, experiment: Experiment) -> dict[str, int]:
    """Assign everyone in the population to an arm, stratified, from the stored seed;
    return the count per arm. Refused before freezing, a second time, or with fewer than two
    people per arm."""
    _require_manager(actor, experiment.activity)
    with transaction.atomic():
        experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
        if experiment.frozen_at is None:
            raise ValidationError(_("Freeze the pre-registration before assigning anyone."))
        if experiment.assigned_at is not None:
            raise ValidationError(_("This experiment has been assigned already."))
        arms = {arm.name: arm for arm in experiment.arms.all()}
        people = population_ids(experiment)
        if len(people) < 2 * len(arms):
            raise ValidationError(
                _("%(n)s people are in the population: each arm needs at least two.")
                % {"n": len(people)}
            )
        # one label per stratum (``north / 65+``), stored on each row, so the assignment
        # replays from the rows alone
        strata = {
            pk: STRATUM_SEPARATOR.join(key) for pk, key in strata_of(experiment, people).items()
        }
        by_unit: dict[Unit, Stratum] = dict(strata.items())
        design = assign(
            people,
            list(arms),
            strata=by_unit if experiment.is_stratified else None,
            seed=experiment.seed,
        )
        now = timezone.now()
        ExperimentAssignment.objects.bulk_create(
            ExperimentAssignment(
                experiment=experiment,
                person_id=pk,
                arm=arms[design.arm_of[pk]],
                stratum=strata[pk] if experiment.is_stratified else "",
                assigned_at=now,
            )
            for pk in people
        )
        experiment.assigned_at, experiment.scheme = now, design.scheme
        experiment.save(update_fields=["assigned_at", "scheme"])
        counts = design.counts()
        audit_record(
            action="experiment.assign",
            actor=actor,
            target=experiment,
            data={"seed": experiment.seed, "scheme": design.scheme, "counts": counts},
        )
    return counts


def experiment_invitations_send(*, actor: Person, experiment: Experiment) -> int:
    """Invite each assigned person not yet invited with their arm's text (a notification,
    e-mailed as they chose); return how many were invited. Sending again invites nobody
    twice. Refused before assignment or once the activity has closed."""
    _require_manager(actor, experiment.activity)
    if experiment.activity.state == ActivityState.CLOSED:
        raise ValidationError(_("The activity has closed: invitations can no longer be sent."))
    with transaction.atomic():
        experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
        if experiment.assigned_at is None:
            raise ValidationError(_("Assign people to the arms before sending invitations."))
        waiting = list(
            experiment.assignments.select_for_update(of=("self",))
            .filter(invited_at=None, person__isnull=False)
            .select_related("arm", "person")
        )
        url = experiment.activity.get_absolute_url()
        for arm in experiment.arms.all():
            people = [row.person for row in waiting if row.arm_id == arm.pk and row.person]
            if people:
                notifications_create(
                    people,
                    event=INVITATION_EVENT,
                    subject=arm.subject,
                    body=arm.text,
                    url=url,
                    target=experiment.activity,
                )
        now = timezone.now()
        ExperimentAssignment.objects.filter(pk__in=[row.pk for row in waiting]).update(
            invited_at=now
        )
        if experiment.sent_at is None:
            experiment.sent_at = now
            experiment.save(update_fields=["sent_at"])
        audit_record(
            action="experiment.send", actor=actor, target=experiment, data={"invited": len(waiting)}
        )
    return len(waiting)
