"""Areas served, their boundaries, population profiles and verified residents."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from coproduce.organisations.models import Organisation


class PlaceKind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    WARD = "ward", _("Ward")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


class Place(models.Model):
    """An area with a GeoJSON boundary, nested in a larger one (city → district → ward)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # The body that keeps the place's population profile (every organisation's weighted
    # results depend on it); places inside inherit it. None: the site administrator only.
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owning body"),
        help_text=_("Keeps the population profile of this place and the places inside it."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_places",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:place", args=[self.slug])

    def owning_body(self) -> Organisation | None:
        """Return the owner of this place or of the nearest place around it that has one."""
        for place in reversed(self.lineage()):
            if place.owner_id is not None:
                return place.owner
        return None

    def lineage(self) -> list[Place]:
        """Return this place and its ancestors, outermost first."""
        chain: list[Place] = []
        place: Place | None = self
        while place is not None:
            chain.append(place)
            place = place.parent
        return chain[::-1]


class PopulationGroup(models.Model):
    """How many people of one category (e.g. age band 18–24) live in a place."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="population_groups")
    dimension = models.SlugField(_("dimension"), max_length=64)
    category = models.CharField(_("category"), max_length=64)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        ordering: ClassVar[list[str]] = ["dimension", "category"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["place", "dimension", "category"], name="unique_population_group"
            )
        ]


class ResidencyMethod(models.TextChoices):
    STAFF = "staff", _("Verified by staff")
    REGISTER = "register", _("Matched against a register")


class Residency(models.Model):
    """A person verified as living in a place."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="residencies"
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="residencies")
    method = models.CharField(max_length=20, choices=ResidencyMethod.choices)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["person", "place"], name="unique_residency")
        ]


class RegisterEntry(models.Model):
    """One hashed identifier from a census or electoral register an organisation uploaded.

    Only a keyed hash is stored: the register itself never enters the database.
    """

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="register_entries")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    identifier_hash = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["place", "identifier_hash"], name="unique_register_entry"
            )
        ]


class Street(models.Model):
    """A named street (or landmark) of the local gazetteer, loaded by the council from CSV.

    ``position`` is where the address search puts the pin; ``line`` (a GeoJSON LineString,
    optional) is drawn on maps that have no tiles.
    """

    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    line = models.JSONField(_("line (GeoJSON LineString)"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
