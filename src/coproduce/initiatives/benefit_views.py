"""The "Who benefits" page (public) and the staff forms that set thresholds and log outreach."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coproduce.initiatives.benefit_selectors import (
    BenefitPicture,
    BenefitRow,
    alerts_for_place,
    area_frame,
    benefit_periods,
    benefit_threshold,
    benefits_picture,
    can_manage_benefits,
)
from coproduce.initiatives.benefit_services import benefit_threshold_set, outreach_action_log
from coproduce.initiatives.benefits import (
    BenefitSource,
    Period,
    Summary,
    UnknownBenefitSource,
    benefit_source,
    benefit_sources,
)
from coproduce.initiatives.models import GroupKind
from coproduce.places.models import Place
from coproduce.ui.figures import bar_chart_svg, paired_bar_chart_svg
from coproduce.ui.typing import AuthenticatedRequest


class ThresholdForm(forms.Form):
    minimum_ratio = forms.DecimalField(
        label=gettext_lazy("Flag a group whose ratio is below"),
        min_value=Decimal("0.01"),
        max_value=Decimal("2"),
        decimal_places=2,
        max_digits=3,
        localize=True,
    )


class OutreachForm(forms.Form):
    group_kind = forms.ChoiceField(choices=GroupKind.choices)
    group = forms.CharField(max_length=64)
    period_start = forms.DateField()
    period_end = forms.DateField()
    what = forms.CharField(label=gettext_lazy("What was done"), max_length=2000)
    done_on = forms.DateField(label=gettext_lazy("When (YYYY-MM-DD)"))
    done_by = forms.CharField(label=gettext_lazy("By whom"), max_length=200)


def _number(value: float | None, decimals: int = 0) -> str:
    return "–" if value is None else number_format(value, decimal_pos=decimals, force_grouping=True)


def _percent(value: float | None) -> str:
    return "–" if value is None else _number(value * 100, 1) + "%"


def _table_row(row: BenefitRow, source: BenefitSource) -> dict[str, Any]:
    f = row.figures
    interval = "–"
    if f.ci_low is not None and f.ci_high is not None:
        interval = _("%(low)s to %(high)s") % {
            "low": _number(f.ci_low, 2),
            "high": _number(f.ci_high, 2),
        }
    return {
        "row": row,
        "population": _number(f.population),
        "units": _number(f.units),
        "amount": _number(f.amount, source.decimals),
        "per_1000": _number(None if f.per_head is None else f.per_head * 1000, 2),
        "benefit_share": _percent(f.benefit_share),
        "population_share": _percent(f.population_share),
        "ratio": _number(f.ratio, 2),
        "interval": interval,
        "median": _number(row.median, 1),
    }


def _chart(picture: BenefitPicture) -> str:
    source, rows = picture.source, picture.by_quintile
    label = str(source.label)
    if source.summary == Summary.MEDIAN:
        bars = [(r.label, r.median) for r in rows if r.median is not None]
        return bar_chart_svg(
            [(name, value) for name, value in bars if value is not None],
            title=_("%(benefit)s: median by deprivation quintile") % {"benefit": label},
            description="; ".join(f"{name}: {_number(value, 1)}" for name, value in bars),
            value_text=lambda v: _number(v, 1),
        )
    return paired_bar_chart_svg(
        [(r.label, r.figures.benefit_share, r.figures.population_share) for r in rows],
        series=(_("Share of the benefit"), _("Share of the population")),
        title=_("%(benefit)s: share of the benefit and of the population, by deprivation quintile")
        % {"benefit": label},
        description="; ".join(
            _("Quintile %(q)s: %(benefit)s of the benefit, %(population)s of the population")
            % {
                "q": r.label,
                "benefit": _percent(r.figures.benefit_share),
                "population": _percent(r.figures.population_share),
            }
            for r in rows
        ),
    )


def _period_choice(request: HttpRequest) -> tuple[str, Period, list[tuple[str, str, Period]]]:
    periods = benefit_periods(timezone.localdate())
    wanted = request.GET.get("period", "")
    key, _label, period = next((p for p in periods if p[0] == wanted), periods[0])
    return key, period, periods


def _place(request: HttpRequest) -> Place:
    slug = request.GET.get("place")
    if slug:
        return get_object_or_404(Place, slug=slug)
    place = Place.objects.filter(parent=None).order_by("pk").first()
    if place is None:
        raise Http404
    return place


def benefits(request: HttpRequest) -> HttpResponse:
    """Who benefits from what is funded, fixed and delivered, against the population served."""
    place = _place(request)
    period_key, period, periods = _period_choice(request)
    manage = can_manage_benefits(request.user, place)
    frame = area_frame(place)
    sections = []
    for source in benefit_sources():
        threshold = benefit_threshold(place, source)
        picture = benefits_picture(
            place,
            source,
            period,
            threshold=threshold.minimum_ratio if threshold else None,
            frame=frame,
        )
        sections.append(
            {
                "source": source,
                "picture": picture,
                "threshold": threshold,
                "chart": _chart(picture),
                "quintiles": [_table_row(r, source) for r in picture.by_quintile],
                "areas": [_table_row(r, source) for r in picture.by_area],
                "concentration": _number(picture.concentration, 3),
                "overall_median": _number(picture.overall_median, 1),
                "threshold_form": ThresholdForm(
                    initial={"minimum_ratio": threshold.minimum_ratio if threshold else "0.80"},
                    prefix=source.key,
                ),
            }
        )
    context = {
        "place": place,
        "places": Place.objects.filter(children__isnull=False).distinct().order_by("name"),
        "period_key": period_key,
        "period": period,
        "periods": periods,
        "sections": sections,
        "alerts": alerts_for_place(place),
        "manage": manage,
        "today": timezone.localdate(),
    }
    return render(request, "initiatives/benefits.html", context)


def _back(place: Place, period_key: str) -> HttpResponse:
    query = f"?place={place.slug}&period={period_key}" if period_key else f"?place={place.slug}"
    return redirect(reverse("web:benefits") + query)


def _source_or_404(key: str) -> BenefitSource:
    try:
        return benefit_source(key)
    except UnknownBenefitSource:
        raise Http404 from None


@login_required
@require_POST
def benefit_threshold_new(request: AuthenticatedRequest, slug: str, source: str) -> HttpResponse:
    place = get_object_or_404(Place, slug=slug)
    benefit = _source_or_404(source)
    form = ThresholdForm(request.POST, prefix=benefit.key)
    if not form.is_valid():
        messages.error(request, _("The threshold must be a ratio between 0.01 and 2."))
        return _back(place, request.POST.get("period", ""))
    try:
        benefit_threshold_set(
            actor=request.user,
            place=place,
            source=benefit,
            minimum_ratio=form.cleaned_data["minimum_ratio"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The threshold was set."))
    return _back(place, request.POST.get("period", ""))


@login_required
@require_POST
def outreach_action_new(request: AuthenticatedRequest, slug: str, source: str) -> HttpResponse:
    place = get_object_or_404(Place, slug=slug)
    benefit = _source_or_404(source)
    form = OutreachForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was done, when (a date as YYYY-MM-DD) and by whom."))
        return _back(place, request.POST.get("period", ""))
    data = form.cleaned_data
    try:
        outreach_action_log(
            actor=request.user,
            place=place,
            source=benefit,
            group_kind=GroupKind(data["group_kind"]),
            group=data["group"],
            period=Period(data["period_start"], data["period_end"]),
            what=data["what"],
            done_on=data["done_on"],
            done_by=data["done_by"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The outreach action was logged."))
    return _back(place, request.POST.get("period", ""))
