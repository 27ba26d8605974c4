"""Ideas outside budgeting: residents propose ideas, others support them (one support per
person, a database constraint), and ideas that reach the board's threshold get a formal,
public answer from the organisation ("you said, we did")."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IdeaBoard(models.Model):
    """An ideas activity: how many supports an idea needs for a formal answer."""

    activity = models.OneToOneField(
        "initiatives.Activity", on_delete=models.CASCADE, related_name="idea_board"
    )
    threshold = models.PositiveIntegerField(
        _("supports needed for an answer"),
        default=10,
        help_text=_("Ideas with at least this many supports get a formal, public answer."),
    )
    categories = models.TextField(
        _("categories"), blank=True, help_text=_("One a line; leave empty for none.")
    )

    def __str__(self) -> str:
        return str(self.activity_id)

    def get_absolute_url(self) -> str:
        return reverse("design:idea_board", args=[self.activity_id])

    def category_list(self) -> list[str]:
        return [line.strip() for line in self.categories.splitlines() if line.strip()]


class Idea(models.Model):
    board = models.ForeignKey(IdeaBoard, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("title"), max_length=140)
    text = models.TextField(_("idea"))
    category = models.CharField(_("category"), max_length=80, blank=True)
    image = models.ImageField(_("image"), upload_to="ideas/", blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("design:idea", args=[self.board.activity_id, self.pk])


class IdeaSupport(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["idea", "person"], name="idea_support_once"),
        ]


class AnswerStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    STUDIED = "studied", _("Being studied")
    REJECTED = "rejected", _("Rejected")
    ALREADY_DONE = "already_done", _("Already done")


class IdeaAnswer(models.Model):
    """The organisation's formal, public answer to an idea (one; answering again replaces it)."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="answer")
    status = models.CharField(_("answer"), max_length=20, choices=AnswerStatus.choices)
    text = models.TextField(_("public answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.get_status_display()
