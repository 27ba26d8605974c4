"""Writes for ideas: the board's set-up, ideas, supports and the organisation's answers.

Participant actions go through ``initiatives.rules.require`` and write a ledger row; staff
actions are audited. An answer tells the idea's author and its followers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.following import follow_start, notify_followers
from coproduce.accounts.notifications import notify
from coproduce.audit.chain import audit_record
from coproduce.design.instruments import IDEA_ANSWER, IDEA_SUBMIT, IDEA_SUPPORT, IDEAS
from coproduce.design.models import AnswerStatus, Idea, IdeaAnswer, IdeaBoard, IdeaSupport
from coproduce.governance.models import Commitment, CommitmentOwner
from coproduce.governance.services import commitment_create, commitment_follow
from coproduce.initiatives.models import Activity, Co, Initiative, Lineage, LineageKind, Mode
from coproduce.initiatives.rules import require
from coproduce.initiatives.services import activity_create, contribution_record, lineage_link
from coproduce.organisations.permissions import Action, can
from coproduce.search.registry import index_object, search_sources
from coproduce.ui.geometry import contains
from coproduce.ui.images import image_clean
from coproduce.ui.text import Sentence

if TYPE_CHECKING:
    from datetime import date, datetime

    from django.contrib.auth.models import AnonymousUser

    from coproduce.accounts.models import Person

TITLE_MAX = 140
TEXT_MAX = 4000
CATEGORY_MAX = 80
ANSWER_MAX = 4000


def _clean(text: str) -> str:
    return " ".join(text.split())


def idea_board_set_up(
    *, activity: Activity, actor: Person, threshold: int, categories: str = ""
) -> IdeaBoard:
    """Set up (or change) the ideas board of an ideas activity; audited."""
    if not can(actor, Action.MANAGE_INITIATIVES, activity.stage.initiative.organisation):
        raise PermissionDenied(_("Only the organisation's staff or coordinators can do this."))
    if activity.kind != IDEAS:
        raise ValidationError(_("This activity is not an ideas activity."))
    if threshold < 1:
        raise ValidationError({"threshold": _("An idea needs at least one support.")})
    names = [_clean(line)[:CATEGORY_MAX] for line in categories.splitlines() if line.strip()]
    with transaction.atomic():
        board, created = IdeaBoard.objects.update_or_create(
            activity=activity, defaults={"threshold": threshold, "categories": "\n".join(names)}
        )
        audit_record(
            action="idea_board.create" if created else "idea_board.change",
            actor=actor,
            target=board,
            data={"threshold": threshold},
            organisation=activity.stage.initiative.organisation,
        )
    return board


def ideas_activity_create(
    *,
    actor: Person,
    initiative: Initiative,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    description: str = "",
    threshold: int,
    categories: str = "",
) -> IdeaBoard:
    """Add an ideas activity to the initiative's co-design stage with its board, all or
    nothing; audited as both."""
    with transaction.atomic():
        activity = activity_create(
            actor=actor,
            initiative=initiative,
            co=Co.DESIGN,
            kind=IDEAS,
            title=title,
            description=description,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        return idea_board_set_up(
            activity=activity, actor=actor, threshold=threshold, categories=categories
        )


def idea_submit(
    *,
    board: IdeaBoard,
    person: Person | AnonymousUser,
    title: str,
    text: str,
    category: str = "",
    image: UploadedFile[bytes] | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Idea:
    """Add a resident's idea (public at once); the author follows it."""
    activity = board.activity
    require(person, IDEA_SUBMIT, activity)
    assert person.is_authenticated
    title, text, category = _clean(title), text.strip(), _clean(category)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give your idea a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title to %(n)s characters or fewer.") % {"n": TITLE_MAX}
    if not text:
        errors["text"] = _("Describe your idea.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("Keep the description to %(n)s characters or fewer.") % {"n": TEXT_MAX}
    allowed = board.category_list()
    if category and category not in allowed:
        errors["category"] = _("Choose one of the board's categories.")
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
    elif (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        errors["latitude"] = _("The map pin is not a place on Earth.")
    elif latitude is not None and longitude is not None:
        place = activity.eligible_place or activity.stage.initiative.place
        if (
            place is not None
            and place.boundary
            and not contains(place.boundary, lon=longitude, lat=latitude)
        ):
            errors["latitude"] = _("The map pin is outside %(place)s.") % {"place": place.name}
    cleaned = None
    if image is not None:
        try:
            cleaned = image_clean(image)
        except ValidationError as error:
            errors["image"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        idea = Idea(
            board=board,
            title=title,
            text=text,
            category=category,
            latitude=latitude,
            longitude=longitude,
            author=person,
        )
        if cleaned is not None:
            idea.image = cleaned
        idea.save()
        contribution_record(person=person, activity=activity, kind="idea.submit", mode=Mode.VOICE)
        follow_start(person=person, target=idea)
    return idea


def idea_support(*, idea: Idea, person: Person | AnonymousUser) -> bool:
    """Add the person's support; return False when they already support the idea."""
    require(person, IDEA_SUPPORT, idea.board.activity)
    assert person.is_authenticated
    try:
        with transaction.atomic():
            _support, created = IdeaSupport.objects.get_or_create(idea=idea, person=person)
            if created:
                contribution_record(
                    person=person,
                    activity=idea.board.activity,
                    kind="idea.support",
                    mode=Mode.VOICE,
                )
    except IntegrityError:  # two clicks at once: the other one made the row
        return False
    return created


def idea_answer(*, idea: Idea, actor: Person | AnonymousUser, status: str, text: str) -> IdeaAnswer:
    """Give (or change) the organisation's public answer; audited; the author and the
    idea's followers are told."""
    activity = idea.board.activity
    require(actor, IDEA_ANSWER, activity)
    assert actor.is_authenticated
    text = text.strip()
    errors: dict[str, str] = {}
    if status not in AnswerStatus.values:
        errors["status"] = _("Choose an answer.")
    if not text:
        errors["text"] = (
            _("Give the reasons: a rejection is explained in public.")
            if status == AnswerStatus.REJECTED
            else _("Write the public answer.")
        )
    elif len(text) > ANSWER_MAX:
        errors["text"] = _("Keep the answer to %(n)s characters or fewer.") % {"n": ANSWER_MAX}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        answer, created = IdeaAnswer.objects.update_or_create(
            idea=idea,
            defaults={
                "status": status,
                "text": text,
                "answered_by": actor,
                "answered_at": timezone.now(),
            },
        )
        audit_record(
            action="idea.answer" if created else "idea.answer_change",
            actor=actor,
            target=idea,
            data={"status": status},
            organisation=activity.stage.initiative.organisation,
        )
        index_object(search_sources()["idea"], idea)
        status_label = AnswerStatus(answer.status).label
        subject = Sentence(
            gettext_noop("Your idea “%(title)s” has an answer: %(status)s"),
            {"title": idea.title, "status": status_label},
        )
        url = idea.get_absolute_url()
        notify(idea.author, subject=subject, body=text, url=url, event="idea.answer", target=idea)
        notify_followers(
            idea,
            event="idea.answer",
            subject=Sentence(
                gettext_noop("The idea “%(title)s” has an answer: %(status)s"),
                {"title": idea.title, "status": status_label},
            ),
            body=text,
            url=url,
            exclude=[idea.author, actor],
        )
    return answer


def idea_become_commitment(
    *,
    idea: Idea,
    actor: Person | AnonymousUser,
    title: str = "",
    due_date: date | None = None,
) -> Commitment:
    """Turn an accepted idea into a commitment on the public tracker ("you said, we did"):
    the lineage says the idea became it, the idea's author follows it, and the author and
    the idea's followers are told. Once per idea; audited through the commitment."""
    activity = idea.board.activity
    require(actor, IDEA_ANSWER, activity)
    assert actor.is_authenticated
    answer = IdeaAnswer.objects.filter(idea=idea).first()
    if answer is None or answer.status != AnswerStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted idea becomes a commitment: accept it first."))
    title = (title or idea.title).strip()
    initiative = activity.stage.initiative
    with transaction.atomic():
        IdeaBoard.objects.select_for_update().filter(pk=idea.board_id).first()  # one at a time
        if Lineage.objects.filter(
            source_type=ContentType.objects.get_for_model(Idea),
            source_id=idea.pk,
            kind=LineageKind.BECAME,
        ).exists():
            raise ValidationError(_("This idea is already a commitment."))
        commitment = commitment_create(
            title=title[:200],
            description=_("From the idea “%(title)s”: %(answer)s")
            % {"title": idea.title, "answer": answer.text},
            organisation=initiative.organisation,
            owner=CommitmentOwner.ORGANISATION,
            actor=actor,
            initiative=initiative,
            due_date=due_date,
        )
        lineage_link(source=idea, target=commitment, kind=LineageKind.BECAME, actor=actor)
        if idea.author is not None and idea.author.anonymised_at is None:
            commitment_follow(commitment=commitment, person=idea.author)
        subject = Sentence(
            gettext_noop("The idea “%(title)s” is now a commitment"), {"title": idea.title}
        )
        body = Sentence(
            gettext_noop("Follow its progress on the commitments tracker: %(commitment)s"),
            {"commitment": commitment.title},
        )
        url = commitment.get_absolute_url()
        notify(idea.author, subject=subject, body=body, url=url, event="idea.commitment")
        notify_followers(
            idea,
            event="idea.commitment",
            subject=subject,
            body=body,
            url=url,
            exclude=[idea.author, actor],
        )
    return commitment
