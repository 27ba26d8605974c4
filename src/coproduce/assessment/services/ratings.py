"""Writes for ratings: rate a service, place or project; answer "you said, we did"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.notifications import notify
from coproduce.assessment.models import Rating, ReportCategory
from coproduce.audit.chain import audit_record
from coproduce.initiatives.models import Co, Initiative, LineageKind, Mode
from coproduce.initiatives.services import contribution_record, lineage_link
from coproduce.organisations.models import Organisation
from coproduce.organisations.permissions import Action, can
from coproduce.places.models import Place
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def organisation_for_place(place: Place) -> Organisation | None:
    """The organisation serving the nearest enclosing place (a district's, else the city's)."""
    for area in reversed(place.lineage()):
        organisation = Organisation.objects.filter(place=area).order_by("pk").first()
        if organisation is not None:
            return organisation
    return None


def rating_create(
    *,
    person: Person,
    score: int,
    comment: str = "",
    category: ReportCategory | None = None,
    place: Place | None = None,
    initiative: Initiative | None = None,
) -> Rating:
    """Store a 1–5 rating of a service, a place or a project; raise ValidationError if unfit."""
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose a rating from 1 to 5.")})
    organisation = (
        (initiative.organisation if initiative else None)
        or (category.organisation if category else None)
        or (organisation_for_place(place) if place else None)
    )
    if organisation is None:
        raise ValidationError(_("Say what you are rating: a service, a place or a project."))
    with transaction.atomic():
        rating = Rating.objects.create(
            organisation=organisation,
            category=category,
            place=place,
            initiative=initiative,
            person=person,
            score=score,
            comment=comment.strip(),
        )
        contribution_record(
            person=person, activity=None, co=Co.ASSESSMENT, kind="rating", mode=Mode.VOICE
        )
    return rating


def rating_respond(*, rating: Rating, actor: Person, text: str) -> Rating:
    """Publish what the organisation did about a rating ("you said, we did"); tell the rater."""
    if not can(actor, Action.TRIAGE_REPORTS, rating.organisation):
        raise PermissionDenied(_("Only the organisation's staff can answer this rating."))
    if not text.strip():
        raise ValidationError({"text": _("Say what was done: the answer is public.")})
    with transaction.atomic():
        rating.we_did = text.strip()
        rating.we_did_by = actor
        rating.we_did_at = timezone.now()
        rating.save(update_fields=["we_did", "we_did_by", "we_did_at"])
        audit_record(
            action="rating.respond", actor=actor, target=rating, data={"text": rating.we_did}
        )
        notify(
            rating.person,
            subject=Sentence(gettext_noop("You said, we did")),
            body=Sentence(
                gettext_noop("%(org)s answered your rating: %(text)s"),
                {"org": rating.organisation, "text": rating.we_did},
            ),
            url=rating.get_absolute_url(),
        )
    return rating


def rating_link(*, rating: Rating, target: models.Model, actor: Person, note: str = "") -> None:
    """Link a rating to what came of it."""
    if not can(actor, Action.TRIAGE_REPORTS, rating.organisation):
        raise PermissionDenied(_("Only the organisation's staff can link this rating."))
    lineage_link(source=rating, target=target, kind=LineageKind.LED_TO, note=note, actor=actor)
