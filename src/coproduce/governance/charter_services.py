"""Writes for two-way charters: draft, commitments on both sides, signatures, reviews.

The text and the commitments are settled before anyone signs: once one side has signed,
editing is refused (a new text needs a new charter), so both sides sign the same words.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.governance.charter_selectors import (
    current_review_number,
    may_sign_for,
    signed_sides,
)
from coproduce.governance.models import (
    Charter,
    CharterComment,
    CharterRating,
    CharterRepresentative,
    CharterSide,
    CharterSignature,
    Commitment,
    CommitmentOwner,
    CommitmentSource,
    CommunityKind,
    KeptRating,
)
from coproduce.governance.services import commitment_create
from coproduce.organisations.models import OrganisationKind
from coproduce.organisations.permissions import Action, can, role_in
from coproduce.ui.input import LONG_TEXT

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person
    from coproduce.initiatives.models import Initiative
    from coproduce.organisations.models import Organisation
    from coproduce.places.models import Place


def _require_staff(actor: Person, organisation: Organisation) -> None:
    if not can(actor, Action.UPDATE_COMMITMENTS, organisation):
        raise PermissionDenied(_("Only the organisation's staff can set up its charters."))


def _require_unsigned(charter: Charter) -> None:
    if charter.signatures.exists():
        raise ValidationError(
            _(
                "Signing has begun: the text and commitments can no longer change. "
                "Both sides sign the same words; start a new charter to agree new ones."
            )
        )


def _text_errors(title: str, text: str, review_months: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("A charter needs a title.")
    if not text.strip():
        errors["text"] = _("Write what both sides agree.")
    elif len(text) > LONG_TEXT:
        errors["text"] = _("Keep the text to %(limit)s characters or fewer.") % {
            "limit": f"{LONG_TEXT:,}"
        }
    if not 1 <= review_months <= 60:
        errors["review_months"] = _("Review the charter every 1 to 60 months.")
    return errors


def _community_name(
    kind: str, name: str, group: Organisation | None, place: Place | None
) -> tuple[str, dict[str, str]]:
    if kind == CommunityKind.GROUP:
        if group is None or group.kind != OrganisationKind.COMMUNITY_GROUP:
            return "", {"community_group": _("Choose the community group.")}
        return name.strip() or group.name, {}
    if kind == CommunityKind.PLACE:
        if place is None:
            return "", {"community_place": _("Choose the place whose residents sign.")}
        return name.strip() or _("Residents of %(place)s") % {"place": place.name}, {}
    if kind == CommunityKind.PANEL:
        if not name.strip():
            return "", {"community_name": _("Name the panel.")}
        return name.strip(), {}
    return "", {"community_kind": _("Say who the community is.")}


def charter_create(
    *,
    actor: Person,
    organisation: Organisation,
    title: str,
    text: str,
    community_kind: str,
    community_name: str = "",
    community_group: Organisation | None = None,
    community_place: Place | None = None,
    initiative: Initiative | None = None,
    review_months: int = 6,
) -> Charter:
    """Draft a charter between ``organisation`` and a community; raise if not allowed."""
    _require_staff(actor, organisation)
    errors = _text_errors(title, text, review_months)
    name, community_errors = _community_name(
        community_kind, community_name, community_group, community_place
    )
    errors.update(community_errors)
    if community_group is not None and community_group.pk == organisation.pk:
        errors["community_group"] = _("A charter is between two parties: choose another group.")
    parties = {organisation.pk, community_group.pk if community_group else None}
    if initiative is not None and initiative.organisation_id not in parties:
        errors["initiative"] = _("Choose an initiative led by one of the two parties.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        charter = Charter.objects.create(
            title=title.strip(),
            text=text.strip(),
            organisation=organisation,
            community_kind=community_kind,
            community_name=name,
            community_group=community_group if community_kind == CommunityKind.GROUP else None,
            community_place=community_place if community_kind == CommunityKind.PLACE else None,
            initiative=initiative,
            review_months=review_months,
        )
        audit_record(
            action="charter.create",
            actor=actor,
            target=charter,
            data={"title": charter.title, "community": name},
        )
    return charter


def charter_edit(
    *, charter: Charter, actor: Person, title: str, text: str, review_months: int
) -> Charter:
    """Change the draft's text; refused once anyone has signed."""
    _require_staff(actor, charter.organisation)
    _require_unsigned(charter)
    errors = _text_errors(title, text, review_months)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        charter.title, charter.text = title.strip(), text.strip()
        charter.review_months = review_months
        charter.updated_at = timezone.now()
        charter.save(update_fields=["title", "text", "review_months", "updated_at"])
        audit_record(
            action="charter.edit", actor=actor, target=charter, data={"title": charter.title}
        )
    return charter


def charter_commitment_add(
    *,
    charter: Charter,
    actor: Person,
    side: str,
    title: str,
    description: str = "",
    indicator: str = "",
    due_date: date | None = None,
) -> Commitment:
    """Add a commitment owned by one side of the charter; refused once anyone has signed."""
    _require_staff(actor, charter.organisation)
    _require_unsigned(charter)
    if side not in CharterSide.values:
        raise ValidationError({"side": _("Say which side makes this commitment.")})
    community = side == CharterSide.COMMUNITY
    return commitment_create(
        title=title,
        organisation=charter.organisation,
        owner=CommitmentOwner.PARTICIPANTS if community else CommitmentOwner.ORGANISATION,
        owner_name=charter.community_name if community else "",
        actor=actor,
        description=description,
        initiative=charter.initiative,
        source=CommitmentSource.CHARTER,
        due_date=due_date,
        charter=charter,
        indicator=indicator,
    )


def charter_commitment_remove(*, charter: Charter, actor: Person, commitment: Commitment) -> None:
    """Take a commitment out of the draft; refused once anyone has signed."""
    _require_staff(actor, charter.organisation)
    _require_unsigned(charter)
    if commitment.charter_id != charter.pk:
        raise ValidationError(_("This commitment is not part of the charter."))
    with transaction.atomic():
        audit_record(
            action="charter.commitment_remove",
            actor=actor,
            target=charter,
            data={"title": commitment.title},
        )
        commitment.delete()


def _lives_in(person: Person, place: Place) -> bool:
    from coproduce.places.models import Residency

    residences = Residency.objects.filter(person_id=person.pk).select_related(
        "place__parent__parent"
    )
    return any(place in residence.place.lineage() for residence in residences)


def representative_add(*, charter: Charter, actor: Person, person: Person) -> CharterRepresentative:
    """Name ``person`` to sign and review for the community.

    A community group's representatives are its members; the residents of a place, people
    verified as living there; a panel's, whoever staff name.
    """
    _require_staff(actor, charter.organisation)
    group, place = charter.community_group, charter.community_place
    if group is not None and role_in(person, group) is None:
        raise ValidationError(
            _("%(name)s is not a member of %(group)s.")
            % {"name": person.display_name or person.email, "group": group.name}
        )
    if place is not None and not _lives_in(person, place):
        raise ValidationError(
            _("%(name)s is not verified as living in %(place)s.")
            % {"name": person.display_name or person.email, "place": place.name}
        )
    if role_in(person, charter.organisation) is not None:
        raise ValidationError(
            _("%(organisation)s's own people cannot speak for the community.")
            % {"organisation": charter.organisation.name}
        )
    with transaction.atomic():
        representative, created = CharterRepresentative.objects.get_or_create(
            charter=charter, person=person
        )
        if created:
            audit_record(
                action="charter.representative",
                actor=actor,
                target=charter,
                data={"person": person.pk},
            )
    return representative


def representative_remove(*, charter: Charter, actor: Person, person: Person) -> None:
    """Stop ``person`` speaking for the community; signatures already given stay."""
    _require_staff(actor, charter.organisation)
    with transaction.atomic():
        removed, _count = CharterRepresentative.objects.filter(
            charter=charter, person=person
        ).delete()
        if removed:
            audit_record(
                action="charter.representative_remove",
                actor=actor,
                target=charter,
                data={"person": person.pk},
            )


def charter_comment(
    *, charter: Charter, person: Person | AnonymousUser, text: str
) -> CharterComment:
    """Comment on the draft; only signed-in people, only before signing begins."""
    if not person.is_authenticated:
        raise PermissionDenied(_("Sign in to comment on the draft."))
    if charter.signatures.exists():
        raise ValidationError({"text": _("Signing has begun: the draft is closed for comments.")})
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > LONG_TEXT:
        raise ValidationError(
            {"text": _("Keep the comment to %(limit)s characters or fewer.") % {"limit": LONG_TEXT}}
        )
    return CharterComment.objects.create(charter=charter, author=person, text=text.strip())


def _require_side(charter: Charter, person: Person, side: str) -> None:
    if side not in CharterSide.values:
        raise ValidationError(_("Say which side you act for."))
    if not may_sign_for(person, charter, CharterSide(side)):
        if side == CharterSide.ORGANISATION:
            raise PermissionDenied(
                _("Only %(organisation)s's staff or councillors act for it.")
                % {"organisation": charter.organisation.name}
            )
        raise PermissionDenied(
            _("Only the representatives named for %(community)s act for it.")
            % {"community": charter.community_name}
        )


def charter_sign(*, charter: Charter, person: Person, side: str) -> CharterSignature:
    """Sign for one side; the charter is in force once both sides have signed."""
    _require_side(charter, person, side)
    owners = set(charter.commitments.values_list("owner", flat=True))
    if owners != {CommitmentOwner.ORGANISATION, CommitmentOwner.PARTICIPANTS}:
        raise ValidationError(
            _("A two-way charter needs at least one commitment from each side before signing.")
        )
    if charter.signatures.filter(person=person).exists():
        raise ValidationError(_("You have already signed this charter."))
    with transaction.atomic():
        signature = CharterSignature.objects.create(
            charter=charter, side=side, person=person, name=person.display_name or person.email
        )
        in_force = charter.in_force_since is None and signed_sides(charter) == set(CharterSide)
        if in_force:
            charter.in_force_since = signature.signed_at
            charter.save(update_fields=["in_force_since"])
        audit_record(
            action="charter.sign",
            actor=person,
            target=charter,
            data={"side": side, "in_force": in_force},
        )
    return signature


def charter_rate(
    *, charter: Charter, person: Person, side: str, rating: int, reason: str
) -> CharterRating:
    """Rate, for one side and in public, how the other side kept its commitments."""
    _require_side(charter, person, side)
    if charter.in_force_since is None:
        raise ValidationError(_("Reviews begin once both sides have signed the charter."))
    errors: dict[str, str] = {}
    if rating not in KeptRating.values:
        errors["rating"] = _("Choose how well the other side kept its commitments.")
    if not reason.strip():
        errors["reason"] = _("Say why: the reason is public.")
    elif len(reason) > LONG_TEXT:
        errors["reason"] = _("Keep the reason to %(limit)s characters or fewer.") % {
            "limit": f"{LONG_TEXT:,}"
        }
    if errors:
        raise ValidationError(errors)
    number = current_review_number(charter)
    if charter.ratings.filter(number=number, side=side).exists():
        raise ValidationError(
            _("Your side has rated review %(number)s; the other side's rating is awaited.")
            % {"number": number}
        )
    with transaction.atomic():
        rated = CharterRating.objects.create(
            charter=charter,
            number=number,
            side=side,
            rating=rating,
            reason=reason.strip(),
            author=person,
        )
        audit_record(
            action="charter.review",
            actor=person,
            target=charter,
            data={"review": number, "side": side, "rating": rating},
        )
    return rated
