"""Forms for reports and triage; attribute questions are added per category."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.assessment.models import (
    AttributeType,
    CategoryAttribute,
    CloseReason,
    ContactPreference,
    ReportCategory,
    ReportStatus,
)
from coproduce.places.models import Place, PlaceKind
from coproduce.ui.forms import IsoDateTimeInput
from coproduce.ui.input import LONG_TEXT, MAX_ID


def _areas() -> Any:
    return Place.objects.filter(kind__in=[PlaceKind.DISTRICT, PlaceKind.WARD]).order_by("name")


def attribute_field(attribute: CategoryAttribute) -> forms.Field:
    """Return a form field asking one GeoReport attribute."""
    common: dict[str, Any] = {"label": attribute.description, "required": attribute.required}
    if attribute.datatype_description:
        common["help_text"] = attribute.datatype_description
    choices = [(str(v["key"]), str(v["name"])) for v in attribute.values]
    if attribute.datatype == AttributeType.SINGLE:
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if attribute.datatype == AttributeType.MULTI:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if attribute.datatype == AttributeType.NUMBER:
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": "decimal"}), max_length=40, **common
        )
    if attribute.datatype == AttributeType.DATETIME:
        return forms.CharField(widget=IsoDateTimeInput(), max_length=40, **common)
    if attribute.datatype == AttributeType.TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}), max_length=LONG_TEXT, **common
        )
    return forms.CharField(max_length=300, **common)


class ReportForm(forms.Form):
    """A report: where, what, an optional photo, and how we may get in touch."""

    # Plain inputs: the map's pin fills them (web/static/web/map.js); without JavaScript
    # they are typed, or set by choosing an address from the search.
    lat = forms.FloatField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    lon = forms.FloatField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    address = forms.CharField(
        label=_("Address or nearest landmark"),
        required=False,
        max_length=300,
        help_text=_("Needed if you have not put a pin on the map."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Place.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("I don't know"),
    )
    description = forms.CharField(
        label=_("What is the problem?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT,
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 8 MB. We remove location data from photos."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    contact = forms.ChoiceField(
        label=_("Updates"),
        choices=ContactPreference.choices,
        initial=ContactPreference.EMAIL,
        widget=forms.RadioSelect,
    )
    contact_phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        help_text=_("Only if you would like a call."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, category: ReportCategory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category = category
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = _areas()
        self.attribute_codes = []
        for attribute in category.attributes.all():
            self.fields[f"attr_{attribute.code}"] = attribute_field(attribute)
            self.attribute_codes.append(attribute.code)

    def attribute_answers(self) -> dict[str, Any]:
        """The raw attribute answers, keyed by code, for the service to check."""
        data = self.cleaned_data
        return {code: data.get(f"attr_{code}") or "" for code in self.attribute_codes}


class AssistedReportForm(ReportForm):
    """A report taken by phone: staff type it in for the caller."""

    contact_name = forms.CharField(label=_("Caller's name"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Caller's email"), required=False)


class TriageForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "—"), *CloseReason.choices],
        required=False,
    )
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of report number"), required=False, min_value=1, max_value=MAX_ID
    )
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False
    )
    text = forms.CharField(
        label=_("Public update"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the report's page and sent to the reporter."),
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = staff


class FixedForm(forms.Form):
    fixed = forms.TypedChoiceField(
        label=_("Is it fixed?"),
        choices=[("yes", _("Yes, it is fixed")), ("no", _("No, it is not fixed"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Anything to add?"), required=False, max_length=2000)


class LinkForm(forms.Form):
    """Link an item to what came of it: pick a commitment or an initiative."""

    target = forms.ChoiceField(label=_("What came of it"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        from coproduce.governance.models import Commitment
        from coproduce.initiatives.models import Activity, Initiative

        super().__init__(*args, **kwargs)
        commitments = Commitment.objects.filter(organisation=organisation)
        initiatives = Initiative.objects.filter(organisation=organisation)
        activities = Activity.objects.filter(
            stage__initiative__organisation=organisation
        ).select_related("stage__initiative")
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [
            (_("Commitments"), [(f"commitment:{c.pk}", c.title) for c in commitments]),
            (_("Initiatives"), [(f"initiative:{i.pk}", i.title) for i in initiatives]),
            (
                _("Activities (a budgeting round, a workshop, a volunteering programme…)"),
                [(f"activity:{a.pk}", f"{a.stage.initiative}: {a.title}") for a in activities],
            ),
        ]

    def target_object(self) -> Any:
        from coproduce.governance.models import Commitment
        from coproduce.initiatives.models import Activity, Initiative

        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        models: dict[str, Any] = {
            "commitment": Commitment,
            "initiative": Initiative,
            "activity": Activity,
        }
        return models[kind].objects.get(pk=int(pk))
