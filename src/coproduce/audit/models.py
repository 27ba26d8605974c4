"""The tamper-evident audit log: append-only events in one hash chain."""

from __future__ import annotations

from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """An append-only, hash-chained record of a staff action or decision-bearing write.

    ``hash`` covers this event's content and the previous event's hash, so changing or
    removing any past event breaks every later link (``coproduce audit verify``).
    """

    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Whose log the event belongs in (who may read it); outside the hash, so it can be
    # derived for events written before it existed. None: the site administrator's alone.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        # The table keeps the name it had when the log lived in governance.
        db_table = "governance_auditevent"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an event, once written, is never rewritten through the ORM.
        if self.pk is not None:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit events are append-only")

    @property
    def action_label(self) -> str:
        """The action in words: ``round.configure.refused`` reads "Round: configure refused"."""
        subject, _, rest = self.action.partition(".")
        subject = subject.replace("_", " ").capitalize()
        rest = rest.replace(".", " ").replace("_", " ")
        return f"{subject}: {rest}" if rest else subject

    @property
    def item_label(self) -> str:
        """The item in words: ``governance.commitment`` 16 reads "Commitment 16"."""
        if not self.object_type:
            return ""
        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            name = self.object_type.rpartition(".")[2].replace("_", " ").capitalize()
        else:
            name = str(model._meta.verbose_name).capitalize()
        return f"{name} {self.object_id}".strip()


class AuditChainHead(models.Model):
    """A single row locked while appending, so concurrent writers extend one chain."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        db_table = "governance_auditchainhead"
