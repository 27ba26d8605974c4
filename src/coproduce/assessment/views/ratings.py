"""Pages for ratings: rate, "you said, we did", and staff answers."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coproduce.assessment.forms import LinkForm
from coproduce.assessment.models import Rating, ReportCategory
from coproduce.assessment.selectors.ratings import rating_summaries, ratings_public
from coproduce.assessment.services.ratings import rating_create, rating_link, rating_respond
from coproduce.initiatives.models import Initiative
from coproduce.initiatives.selectors import initiatives_for_user, lineage_of
from coproduce.organisations.permissions import Action, organisations_where
from coproduce.places.models import Place
from coproduce.ui.figures import bar_chart_figure
from coproduce.ui.forms import add_service_errors
from coproduce.ui.input import LONG_TEXT
from coproduce.ui.typing import AuthenticatedRequest

SCORES = [
    ("5", gettext_lazy("5 – very good")),
    ("4", gettext_lazy("4 – good")),
    ("3", gettext_lazy("3 – neither good nor poor")),
    ("2", gettext_lazy("2 – poor")),
    ("1", gettext_lazy("1 – very poor")),
]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("How good is it?"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("Tell us why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What we did"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _subject(
    request: HttpRequest,
) -> tuple[ReportCategory | None, Place | None, Initiative | None]:
    get = request.GET
    category = ReportCategory.objects.filter(code=get.get("category", "")).first()
    place = Place.objects.filter(slug=get.get("place", "")).first()
    initiative = initiatives_for_user(request.user).filter(slug=get.get("initiative", "")).first()
    return category, place, initiative


@login_required
def rating_new(request: AuthenticatedRequest) -> HttpResponse:
    category, place, initiative = _subject(request)
    subject = initiative or category or place
    if subject is None:
        context = {
            "categories": ReportCategory.objects.filter(active=True),
            "initiatives": initiatives_for_user(request.user),
        }
        return render(request, "assessment/rating_choose.html", context)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rating = rating_create(
                person=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                category=category if not initiative else None,
                place=place,
                initiative=initiative,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect(rating)
    return render(request, "assessment/rating_new.html", {"form": form, "subject": subject})


def you_said_we_did(request: HttpRequest) -> HttpResponse:
    ratings = ratings_public()
    summaries = rating_summaries(ratings)
    charts = [
        bar_chart_figure(
            [
                (f"{score} ★", count)
                for score, count in zip(range(1, 6), s.distribution, strict=True)
            ],
            title=_("Ratings of %(subject)s") % {"subject": s.label},
            headers=(_("Rating"), _("Ratings")),
            description=_("%(n)s ratings, mean %(mean)s out of 5") % {"n": s.count, "mean": s.mean},
        )
        for s in summaries[:6]
    ]
    answered = ratings.exclude(we_did="")
    page = Paginator(answered, 25).get_page(request.GET.get("page"))
    context = {"summaries": summaries, "charts": charts, "page": page}
    return render(request, "assessment/ratings.html", context)


def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(ratings_public(), pk=pk)
    return render(
        request, "assessment/rating_detail.html", {"rating": rating, "lineage": lineage_of(rating)}
    )


@login_required
def staff_ratings(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_where(request.user, Action.TRIAGE_REPORTS)
    if not organisations:
        raise PermissionDenied
    ratings = ratings_public().filter(organisation__in=organisations, we_did="")
    page = Paginator(ratings, 25).get_page(request.GET.get("page"))
    return render(request, "assessment/staff/ratings.html", {"page": page, "form": AnswerForm()})


def _rating_for_staff(request: AuthenticatedRequest, pk: int) -> Rating:
    rating = get_object_or_404(ratings_public(), pk=pk)
    if rating.organisation not in organisations_where(request.user, Action.TRIAGE_REPORTS):
        raise PermissionDenied
    return rating


@login_required
@require_POST
def staff_rating_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rating = _rating_for_staff(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        rating_respond(rating=rating, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Answer published under “You said, we did”."))
    else:
        messages.error(request, _("Say what was done: the answer is public."))
    return redirect("assessment_staff:ratings")


@login_required
def staff_rating_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rating = _rating_for_staff(request, pk)
    form = LinkForm(request.POST or None, organisation=rating.organisation)
    if request.method == "POST" and form.is_valid():
        rating_link(
            rating=rating,
            target=form.target_object(),
            actor=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Linked: the link shows on both pages."))
        return redirect(rating)
    return render(request, "assessment/staff/link.html", {"item": rating, "form": form})
