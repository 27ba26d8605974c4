"""Writes for reports: create, "me too", triage, "is it fixed?", lineage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coproduce.accounts.following import notify_followers
from coproduce.accounts.notifications import notify
from coproduce.assessment.attributes import Raw, attributes_clean
from coproduce.assessment.geo import valid_point
from coproduce.assessment.models import (
    ApiKey,
    CloseReason,
    ContactPreference,
    FixAnswer,
    Report,
    ReportCategory,
    ReportStatus,
    ReportSupport,
    ReportUpdate,
)
from coproduce.assessment.services.keys import api_key_reserve
from coproduce.audit.chain import audit_record
from coproduce.initiatives.models import Channel, Co, LineageKind, Mode
from coproduce.initiatives.services import contribution_record, lineage_link
from coproduce.organisations.permissions import Action, can
from coproduce.places.models import Place
from coproduce.places.services import place_at_point
from coproduce.ui.images import image_clean
from coproduce.ui.input import LONG_TEXT, SHORT_TEXT
from coproduce.ui.text import Paragraphs, Sentence

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


@dataclass(frozen=True)
class ReportInput:
    """What a reporter said, from any channel (web, phone, Open311)."""

    category: ReportCategory
    description: str
    lon: float | None = None
    lat: float | None = None
    address: str = ""
    area: Place | None = None
    photo: UploadedFile[bytes] | None = None
    attributes: Raw = field(default_factory=dict)
    contact: str = ContactPreference.EMAIL
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


def _text_limits() -> dict[str, int]:
    """The most characters each text of a report may have: the columns' sizes."""
    limits = {"description": LONG_TEXT}
    for name in ("address", "contact_name", "contact_email", "contact_phone"):
        column = Report._meta.get_field(name)
        assert isinstance(column, models.CharField)
        limits[name] = column.max_length or SHORT_TEXT
    return limits


def _check(data: ReportInput) -> tuple[dict[str, Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    for name, limit in _text_limits().items():
        if len(getattr(data, name).strip()) > limit:
            errors[name] = [
                _("Keep this to %(limit)s characters or fewer.") % {"limit": f"{limit:,}"}
            ]
    if not data.category.active:
        errors["category"] = [_("This category no longer takes reports.")]
    if not data.description.strip():
        errors["description"] = [_("Describe the problem.")]
    has_point = data.lon is not None and data.lat is not None
    if has_point and not valid_point(float(data.lon or 0), float(data.lat or 0)):
        errors["location"] = [_("The location is not a valid longitude and latitude.")]
    if not has_point and not data.address.strip():
        errors["location"] = [_("Say where the problem is: drop a pin or type an address.")]
    answers: dict[str, Any] = {}
    try:
        answers = attributes_clean(list(data.category.attributes.all()), data.attributes)
    except ValidationError as error:
        errors["attributes"] = [m for ms in error.message_dict.values() for m in ms]
    if data.contact not in ContactPreference.values:
        errors["contact"] = [_("Choose how we may contact you.")]
    if data.contact_email.strip():
        try:
            validate_email(data.contact_email.strip())
        except ValidationError:
            errors["contact_email"] = [_("Enter an email address like name@example.org.")]
    if data.contact == ContactPreference.PHONE and not data.contact_phone.strip():
        errors["contact_phone"] = [_("Give a phone number, or choose another way to hear back.")]
    return answers, errors


def report_create(
    *,
    data: ReportInput,
    reporter: Person | None,
    channel: Channel = Channel.ONLINE,
    recorded_by: Person | None = None,
    api_key: ApiKey | None = None,
) -> Report:
    """Store a new report and record it in the ledger; raise ValidationError, storing nothing.

    Staff-assisted (phone) reports need ``recorded_by`` with the right to enter them. A report
    sent with an Open311 ``api_key`` takes one of the key's reports for the hour in the same
    transaction; raise ApiKeyOverLimit when there are none left. If anything fails, the photo
    is removed again, so no file outlives a report that was not stored.
    """
    organisation = data.category.organisation
    if channel != Channel.ONLINE and (
        recorded_by is None or not can(recorded_by, Action.ENTER_ASSISTED, organisation)
    ):
        raise PermissionDenied(_("Only the organisation's staff can enter reports for others."))
    answers, errors = _check(data)
    photo = None
    if data.photo is not None:
        try:
            photo = image_clean(data.photo)
        except ValidationError as error:
            errors["photo"] = error.messages
    if errors:
        raise ValidationError(errors)
    place = data.area
    if data.lon is not None and data.lat is not None:
        place = place_at_point(lon=data.lon, lat=data.lat) or place
    report = Report(
        category=data.category,
        reporter=reporter,
        description=data.description.strip(),
        lon=data.lon,
        lat=data.lat,
        address=data.address.strip(),
        place=place,
        attributes=answers,
        contact=data.contact,
        contact_name=data.contact_name.strip(),
        contact_email=data.contact_email.strip(),
        contact_phone=data.contact_phone.strip(),
        channel=channel,
        recorded_by=recorded_by,
    )
    try:
        with transaction.atomic():
            if api_key is not None:
                report.api_key = api_key_reserve(api_key)
            if photo is not None:
                report.photo.save(photo.name or "photo.jpg", photo, save=False)
            report.save()
            _record(report, data.category, reporter, channel, recorded_by)
            _tell_place_followers(report)
    except BaseException:
        if report.photo.name:
            report.photo.delete(save=False)
        raise
    return report


def _record(
    report: Report,
    category: ReportCategory,
    reporter: Person | None,
    channel: Channel,
    recorded_by: Person | None,
) -> None:
    ReportUpdate.objects.create(report=report, author=reporter, status=ReportStatus.OPEN)
    contribution_record(
        person=reporter,
        activity=category.activity,
        co=Co.ASSESSMENT,
        kind="report",
        mode=Mode.VOICE,
        channel=channel,
        recorded_by=recorded_by,
    )
    if channel != Channel.ONLINE:
        audit_record(
            action="report.assisted_create",
            actor=recorded_by,
            target=report,
            data={"channel": channel, "category": category.code},
        )


def report_support(*, report: Report, person: Person) -> bool:
    """Add the person's "me too" to an open report; return False if already there."""
    if not report.is_open:
        raise ValidationError(_("This report is closed; report the problem again if it is back."))
    if report.reporter_id == person.pk:
        return False
    try:
        with transaction.atomic():
            ReportSupport.objects.create(report=report, person=person)
            contribution_record(
                person=person,
                activity=report.category.activity,
                co=Co.ASSESSMENT,
                kind="report-support",
                mode=Mode.VOICE,
            )
    except IntegrityError:
        return False
    return True


def _tell_place_followers(report: Report) -> None:
    """People who follow the report's area hear of a new problem there (as FixMyStreet's
    local alerts do)."""
    if report.place is None:
        return
    notify_followers(
        report.place,
        event="place.report",
        subject=Sentence(
            gettext_noop("New report in %(place)s: %(category)s"),
            {"place": report.place.name, "category": report.category.name},
        ),
        body=report.description[:300],
        url=report.get_absolute_url(),
        exclude=[report.reporter],
    )


def _notify_reporter(report: Report, update: ReportUpdate) -> Person | None:
    """Tell the reporter, as they asked; return them when they have an account."""
    if report.contact != ContactPreference.EMAIL:
        return None
    fixed = report.status == ReportStatus.CLOSED and report.close_reason == CloseReason.FIXED
    body = Paragraphs(
        Sentence(
            gettext_noop("Your report is now: %(status)s."),
            {"status": ReportStatus(report.status).label},
        ),
        update.text,
        Sentence(gettext_noop("Is it really fixed? Tell us on the report's page."))
        if fixed
        else "",
    )
    subject = Sentence(gettext_noop("Update on your report %(id)s"), {"id": report.pk})
    url = report.get_absolute_url()
    if report.reporter is not None:
        notify(
            report.reporter,
            subject=subject,
            body=body,
            url=url,
            event="report.status",
            target=report,
        )
        return report.reporter
    if report.contact_email:
        # Reports from Open311 apps and phone calls have an address but no account.
        from coproduce.assessment.tasks import email_address

        address = report.contact_email
        # No account, so no known language: the language the report was made in.
        written = (str(subject), str(body))
        transaction.on_commit(lambda: email_address.enqueue(address, *written, url))
    return None


def _apply_status(report: Report, status: ReportStatus, close_reason: str) -> None:
    now = timezone.now()
    if status != ReportStatus.OPEN and report.acknowledged_at is None:
        report.acknowledged_at = now
    report.status = status
    report.close_reason = close_reason if status == ReportStatus.CLOSED else ""
    report.closed_at = now if status == ReportStatus.CLOSED else None


def report_triage(
    *,
    report: Report,
    actor: Person,
    status: ReportStatus,
    close_reason: str = "",
    text: str = "",
    assignee: Person | None = None,
    duplicate_of: Report | None = None,
) -> ReportUpdate:
    """Change a report's status, assignee or add a public update; audit and tell the reporter."""
    if not can(actor, Action.TRIAGE_REPORTS, report.category.organisation):
        raise PermissionDenied(_("Only the organisation's staff can triage this report."))
    errors: dict[str, str] = {}
    if status == ReportStatus.CLOSED and close_reason not in CloseReason.values:
        errors["close_reason"] = _("Say why the report is closed.")
    if close_reason == CloseReason.DUPLICATE and (duplicate_of is None or duplicate_of == report):
        errors["duplicate_of"] = _("Name the report this one duplicates.")
    changed = status != report.status or assignee != report.assignee
    if not changed and not text.strip() and close_reason == report.close_reason:
        errors["text"] = _("Change something or write a public update.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = {"status": report.status, "assignee": report.assignee_id}
        _apply_status(report, status, close_reason)
        report.assignee = assignee
        report.duplicate_of = duplicate_of if close_reason == CloseReason.DUPLICATE else None
        report.updated_at = timezone.now()
        report.save()
        update = ReportUpdate.objects.create(
            report=report,
            author=actor,
            status=status,
            close_reason=report.close_reason,
            text=text.strip(),
        )
        audit_record(
            action="report.triage",
            actor=actor,
            target=report,
            data={
                "before": before,
                "status": status,
                "close_reason": report.close_reason,
                "assignee": assignee.pk if assignee else None,
                "text": update.text,
            },
        )
        if duplicate_of is not None and report.duplicate_of is not None:
            lineage_link(
                source=report, target=duplicate_of, kind=LineageKind.MERGED_INTO, actor=actor
            )
        told = _notify_reporter(report, update)
        if changed or update.text:
            notify_followers(
                report,
                event="report.status",
                subject=Sentence(
                    gettext_noop("Report %(id)s: %(status)s"),
                    {"id": report.pk, "status": ReportStatus(report.status).label},
                ),
                body=update.text,
                url=report.get_absolute_url(),
                exclude=[actor, told],
            )
    return update


def report_fix_reminders(*, after: timedelta = timedelta(days=14)) -> int:
    """Ask again "is it fixed?" of reporters whose report was closed as fixed ``after`` ago
    and who have not answered; each report is reminded once. Return how many were sent."""
    due = Report.objects.filter(
        status=ReportStatus.CLOSED,
        close_reason=CloseReason.FIXED,
        closed_at__lte=timezone.now() - after,
        fix_reminded_at=None,
        fix_answers=None,
        reporter__isnull=False,
        contact=ContactPreference.EMAIL,
    ).select_related("reporter")
    sent = 0
    for report in due:
        with transaction.atomic():
            report.fix_reminded_at = timezone.now()
            report.save(update_fields=["fix_reminded_at"])
            notify(
                report.reporter,
                subject=Sentence(
                    gettext_noop("Is it really fixed? Report %(id)s"), {"id": report.pk}
                ),
                body=Sentence(
                    gettext_noop(
                        "We closed your report as fixed. If the problem is still there, say so "
                        "on the report's page and we will open it again."
                    )
                ),
                url=report.get_absolute_url(),
            )
        sent += 1
    return sent


def can_answer_fixed(report: Report, person: Person) -> bool:
    """Return True when the person reported it and it was closed as fixed."""
    return (
        person.is_authenticated
        and report.reporter_id == person.pk
        and report.status == ReportStatus.CLOSED
        and report.close_reason == CloseReason.FIXED
    )


def report_fix_answer(*, report: Report, person: Person, fixed: bool, comment: str = "") -> None:
    """Record the reporter's answer to "is it fixed?"; a "no" reopens the report."""
    if not can_answer_fixed(report, person):
        raise PermissionDenied(_("Only the reporter can say whether a fixed report is fixed."))
    with transaction.atomic():
        FixAnswer.objects.create(report=report, person=person, fixed=fixed, comment=comment)
        if fixed:
            return
        report.status = ReportStatus.OPEN
        report.close_reason = ""
        report.closed_at = None
        report.reopened_count = models.F("reopened_count") + 1
        report.updated_at = timezone.now()
        report.save()
        report.refresh_from_db()
        text = _("The reporter says it is not fixed.") + (f" {comment}" if comment else "")
        ReportUpdate.objects.create(
            report=report, author=person, status=ReportStatus.OPEN, text=text.strip()
        )
        audit_record(action="report.reopen", actor=person, target=report, data={"comment": comment})


def report_link(*, report: Report, target: models.Model, actor: Person, note: str = "") -> None:
    """Link a report to what came of it (a commitment, an initiative, a proposal)."""
    if not can(actor, Action.TRIAGE_REPORTS, report.category.organisation):
        raise PermissionDenied(_("Only the organisation's staff can link this report."))
    lineage_link(source=report, target=target, kind=LineageKind.LED_TO, note=note, actor=actor)
