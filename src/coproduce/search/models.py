"""The search index: one row per findable thing, kept in step by the sources' signals.

Full-text matching lives beside the table, not in the model: on PostgreSQL a stored
``tsvector`` column per language configuration with a GIN index each, on SQLite an FTS5
table kept in step by triggers (migration 0002 creates both for its database).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=40, blank=True)
    # Who may find it: everyone when public, else the members of its organisation (and
    # the site administrator), the same rule as the pages themselves.
    public = models.BooleanField(default=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("search entries")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_thing")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["place"], name="search_entry_place"),
            # Newest first, for listing without words and for words that match a lot.
            models.Index(fields=["-updated_at", "-id"], name="search_entry_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
