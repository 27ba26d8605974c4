"""Staff pages to set up report categories and their questions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.assessment.instruments import REPORT_CHANNEL
from coproduce.assessment.models import AttributeType, ReportCategory
from coproduce.assessment.services.categories import attribute_add, category_save, parse_values
from coproduce.initiatives.models import Activity
from coproduce.organisations.permissions import Action, organisations_where
from coproduce.ui.forms import add_service_errors
from coproduce.ui.input import LONG_TEXT
from coproduce.ui.typing import AuthenticatedRequest


class CategoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    code = forms.SlugField(
        label=gettext_lazy("Service code"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("Used by Open311 apps; made from the name if left empty."),
    )
    group = forms.CharField(label=gettext_lazy("Group"), required=False, max_length=80)
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=300)
    duplicate_distance_m = forms.IntegerField(
        label=gettext_lazy("Suggest open reports within (metres)"),
        min_value=0,
        max_value=10_000,
        initial=50,
    )
    activity = forms.ModelChoiceField(
        label=gettext_lazy("Report channel"), queryset=Activity.objects.none(), required=False
    )


class AttributeForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Question"), max_length=300)
    code = forms.SlugField(label=gettext_lazy("Code"), required=False, max_length=60)
    datatype = forms.ChoiceField(
        label=gettext_lazy("Kind of answer"), choices=AttributeType.choices
    )
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)
    values = forms.CharField(
        label=gettext_lazy("Values, one a line"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy('For lists; write "key: name" or just the name.'),
    )


@login_required
def categories(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_INITIATIVES)
    if not organisations:
        raise PermissionDenied
    form = CategoryForm(request.POST or None)
    channel = form.fields["activity"]
    assert isinstance(channel, forms.ModelChoiceField)
    channel.queryset = Activity.objects.filter(
        kind=REPORT_CHANNEL, stage__initiative__organisation__in=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            category = category_save(
                actor=request.user, organisation=organisations[0], **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Category saved."))
            return redirect("assessment_staff:category", pk=category.pk)
    listed = ReportCategory.objects.filter(organisation__in=organisations)
    return render(request, "assessment/staff/categories.html", {"form": form, "categories": listed})


@login_required
def category(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisations = organisations_where(request.user, Action.MANAGE_INITIATIVES)
    item = get_object_or_404(ReportCategory, pk=pk, organisation__in=organisations)
    form = AttributeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attribute_add(
                category=item,
                actor=request.user,
                code=data["code"],
                datatype=AttributeType(data["datatype"]),
                description=data["description"],
                required=data["required"],
                values=parse_values(data["values"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("assessment_staff:category", pk=item.pk)
    context = {"category": item, "form": form, "attributes": item.attributes.all()}
    return render(request, "assessment/staff/category.html", context)
