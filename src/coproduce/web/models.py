"""What the site as a whole keeps: feedback on the service from the phase banner's form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.ui.input import LONG_TEXT, SHORT_TEXT

FEEDBACK_TEXT = LONG_TEXT
"""Characters in one piece of feedback."""


class Feedback(models.Model):
    """A comment on the service, signed in or not; staff read it and mark it read."""

    text = models.TextField(_("feedback"), max_length=FEEDBACK_TEXT)
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    page = models.CharField(_("page it came from"), max_length=SHORT_TEXT, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return self.text[:60]
