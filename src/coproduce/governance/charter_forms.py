"""Forms for drafting, signing and reviewing two-way charters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.governance.models import CharterSide, CommunityKind, KeptRating
from coproduce.initiatives.models import Initiative
from coproduce.organisations.models import Organisation, OrganisationKind
from coproduce.places.models import Place
from coproduce.ui.forms import IsoDateInput
from coproduce.ui.input import LONG_TEXT, SHORT_TEXT


class CharterTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What both sides agree"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Residents can comment on this draft from the charter's page until signing."),
    )
    review_months = forms.IntegerField(
        label=_("Review every (months)"), min_value=1, max_value=60, initial=6
    )


class CharterForm(CharterTextForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    community_kind = forms.ChoiceField(label=_("The community is"), choices=CommunityKind.choices)
    community_group = forms.ModelChoiceField(
        label=_("Community group"),
        required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.COMMUNITY_GROUP),
        help_text=_("When the community is a group: its members can be named to sign."),
    )
    community_place = forms.ModelChoiceField(
        label=_("Place"),
        required=False,
        queryset=Place.objects.all(),
        help_text=_("When the community is a place's residents: verified residents can sign."),
    )
    community_name = forms.CharField(
        label=_("The community, in words"),
        required=False,
        max_length=200,
        help_text=_("Needed for a panel (e.g. “Riverton scrutiny panel”); optional otherwise."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative (optional)"),
        required=False,
        queryset=Initiative.objects.all(),
        help_text=_("One led by the organisation or by the community group."),
    )

    field_order = [
        "organisation",
        "community_kind",
        "community_group",
        "community_place",
        "community_name",
        "initiative",
        "title",
        "text",
        "review_months",
    ]

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pks = [organisation.pk for organisation in organisations]
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=pks)


class CharterCommitmentForm(forms.Form):
    side = forms.ChoiceField(label=_("Who commits"), choices=CharterSide.choices)
    title = forms.CharField(label=_("The commitment"), max_length=200)
    description = forms.CharField(
        label=_("More detail (optional)"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    indicator = forms.CharField(
        label=_("How we will know it was kept"),
        required=False,
        max_length=300,
        help_text=_("An indicator both sides can check, e.g. “minutes published within 10 days”."),
    )
    due_date = forms.DateField(label=_("Due"), required=False, widget=IsoDateInput())


class RepresentativeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the community's representative"),
        max_length=SHORT_TEXT,
        help_text=_("They need an account. They will sign and review for the community."),
    )


class CharterCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment on the draft"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Comments are public, with your name."),
    )


class CharterRatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well did the other side keep its commitments?"),
        coerce=int,
        choices=[("", _("Choose a rating")), *KeptRating.choices],
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your rating and reason are public."),
    )
