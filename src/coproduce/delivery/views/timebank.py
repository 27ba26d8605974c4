"""Time bank pages: the banks, a bank's offers and requests, joining, recording and answering
exchanges, a member's statement (page and CSV); and the staff's bank page with its totals."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.delivery.models import (
    Account,
    ExchangeStatus,
    ListingCategory,
    ListingKind,
    TimeBank,
)
from coproduce.delivery.selectors import timebank as selectors
from coproduce.delivery.services import timebank as service
from coproduce.delivery.timebank_forms import (
    BankForm,
    BankSettingsForm,
    DeclineForm,
    ExchangeForm,
    ListingForm,
)
from coproduce.organisations.permissions import Action, organisations_where
from coproduce.ui.figures import bar_chart_figure
from coproduce.ui.forms import add_service_errors
from coproduce.ui.input import query_id
from coproduce.ui.typing import AuthenticatedRequest


def timebank_list(request: HttpRequest) -> HttpResponse:
    """Every time bank, and the reader's accounts with their balances."""
    banks = list(selectors.banks())
    mine: dict[int, int] = {}
    if request.user.is_authenticated:
        accounts = list(Account.objects.filter(person_id=request.user.pk))
        balances = selectors.balances_of(accounts)
        mine = {a.bank_id: balances[a.pk] for a in accounts}
    rows = [(bank, mine.get(bank.pk)) for bank in banks]
    return render(request, "delivery/timebank_list.html", {"rows": rows})


def timebank_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A bank: what members offer and ask for (by kind and category), and, for a member,
    their balance and the exchanges waiting for their answer."""
    bank = selectors.bank_for_user(request.user, pk)
    account = selectors.account_of(request.user, bank)
    kind = request.GET.get("kind", "")
    category = request.GET.get("category", "")
    kind = kind if kind in ListingKind.values else ""
    category = category if category in ListingCategory.values else ""
    context: dict[str, Any] = {
        "bank": bank,
        "account": account,
        "listings": selectors.listings_of(bank, kind=kind or None, category=category or None),
        "kind": kind,
        "category": category,
        "kinds": ListingKind.choices,
        "categories": ListingCategory.choices,
    }
    if account is not None:
        context["balance"] = selectors.balance_of(account)
        context["awaiting"] = selectors.awaiting(request.user).filter(bank=bank)  # type: ignore[arg-type]
        context["exchanges"] = selectors.exchanges_of(account)[:20]
        context["decline_form"] = DeclineForm()
    return render(request, "delivery/timebank_detail.html", context)


@login_required
@require_POST
def timebank_join(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bank = selectors.bank_for_user(request.user, pk)
    service.bank_join(bank=bank, person=request.user)
    messages.success(request, _("Welcome to the time bank."))
    return redirect(bank)


def _member_bank(request: AuthenticatedRequest, pk: int) -> TimeBank:
    bank = selectors.bank_for_user(request.user, pk)
    if selectors.account_of(request.user, bank) is None:
        raise PermissionDenied(_("Join the time bank first."))
    return bank


@login_required
def listing_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bank = _member_bank(request, pk)
    initial = {"kind": request.GET.get("kind", "offer")}
    form = ListingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            listing = service.listing_create(bank=bank, person=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Published for the time bank's members."))
            return redirect(listing)
    return render(request, "delivery/timebank_listing_form.html", {"form": form, "bank": bank})


def listing_page(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_user(request.user, pk)
    account = selectors.account_of(request.user, listing.bank)
    context = {
        "listing": listing,
        "bank": listing.bank,
        "account": account,
        "own": account is not None and listing.account_id == account.pk,
    }
    return render(request, "delivery/timebank_listing.html", context)


@login_required
@require_POST
def listing_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_for_user(request.user, pk)
    service.listing_close(listing=listing, person=request.user)
    messages.success(request, _("Taken down."))
    return redirect(listing.bank)


@login_required
def exchange_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record time given or received; the other member confirms it."""
    bank = _member_bank(request, pk)
    members = selectors.members_of(bank).exclude(person=request.user)
    listing_id = query_id(request, "listing")
    listing = (
        bank.listings.filter(pk=listing_id).select_related("account").first()
        if listing_id
        else None
    )
    initial: dict[str, Any] = {}
    if listing is not None and listing.account.person_id != request.user.pk:
        initial = {
            "other": listing.account_id,
            "description": listing.title,
            # Someone's offer: they gave me time; someone's request: I gave them time.
            "direction": "received" if listing.kind == ListingKind.OFFER else "gave",
        }
    form = ExchangeForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.exchange_record(
                bank=bank,
                person=request.user,
                other=data["other"],
                gave=data["direction"] == "gave",
                minutes=data["total"],
                description=data["description"],
                listing=listing,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded. It counts once the other member confirms it."))
            return redirect(bank)
    context = {"form": form, "bank": bank, "listing": listing}
    return render(request, "delivery/timebank_exchange_form.html", context)


@login_required
@require_POST
def exchange_act(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Confirm or decline (with a reason) an exchange one is a side of."""
    exchange = selectors.exchange_for_member(request.user, pk)
    do = request.POST.get("do", "")
    try:
        if do == "confirm":
            service.exchange_confirm(exchange=exchange, person=request.user)
            messages.success(request, _("Confirmed: the credits have moved."))
        elif do == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say why you decline (up to 500 characters)."))
            service.exchange_decline(
                exchange=exchange, person=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Declined: no credits moved."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(exchange.bank)


def _statement(request: AuthenticatedRequest, pk: int) -> tuple[TimeBank, Any]:
    bank = selectors.bank_for_user(request.user, pk)
    account = selectors.account_of(request.user, bank)
    if account is None:
        raise Http404
    return bank, selectors.statement_of(account)


@login_required
def statement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bank, lines = _statement(request, pk)
    context = {"bank": bank, "lines": lines, "balance": lines[-1].balance if lines else 0}
    return render(request, "delivery/timebank_statement.html", context)


@login_required
def statement_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The statement as CSV: date, what, other side, minutes in, out, running balance."""
    bank, lines = _statement(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"time-credits-{bank.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["date", "what", "other", "minutes_in", "minutes_out", "balance_minutes"])
    for line in lines:
        writer.writerow(
            [
                timezone.localtime(line.when).isoformat(timespec="minutes"),
                _csv_safe(line.what),
                _csv_safe(line.other),
                line.credit,
                line.debit,
                line.balance,
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@login_required
def staff_timebanks(request: AuthenticatedRequest) -> HttpResponse:
    """The organisations' time banks, and a form to open one."""
    organisations = organisations_where(request.user, Action.MANAGE_INITIATIVES)
    if not organisations:
        raise PermissionDenied
    form = BankForm(request.POST or None)
    chosen = organisations[0]
    wanted = request.POST.get("organisation") if request.method == "POST" else None
    if wanted:
        chosen = next((o for o in organisations if str(o.pk) == wanted), chosen)
    if request.method == "POST" and form.is_valid():
        try:
            bank = service.timebank_create(
                organisation=chosen, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The time bank is open."))
            return redirect("delivery_staff:timebank", pk=bank.pk)
    banks = list(selectors.banks().filter(organisation__in=organisations))
    rows, total = selectors.organisation_totals(banks)
    context = {
        "rows": rows,
        "total": total,
        "form": form,
        "organisations": organisations,
    }
    return render(request, "delivery/timebank_staff_list.html", context)


@login_required
def staff_timebank(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A bank's totals (issued, exchanged, members, active), the ledger's check, settings."""
    bank = selectors.bank_for_staff(request.user, pk)
    initial = {
        "credits_for_volunteering": bank.credits_for_volunteering,
        "overdraft_minutes": bank.overdraft_minutes,
    }
    form = BankSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.timebank_configure(bank=bank, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("delivery_staff:timebank", pk=bank.pk)
    totals = selectors.bank_totals(bank)
    months = selectors.issued_by_month(bank)
    context = {
        "bank": bank,
        "form": form,
        "totals": totals,
        "months": months,
        "problems": selectors.ledger_problems(bank),
        "figure": _totals_figure(totals),
        "pending": ExchangeStatus.PENDING,
    }
    return render(request, "delivery/timebank_staff.html", context)


def _totals_figure(totals: selectors.BankTotals) -> str:
    bars = [
        (_("Credits issued"), totals.issued / 60),
        (_("Credits exchanged"), totals.exchanged / 60),
        (_("Credits members hold"), totals.held / 60),
    ]
    return bar_chart_figure(
        bars,
        title=_("Time credits (hours)"),
        description=_("Credits issued, exchanged between members and held now, in hours."),
        headers=(_("What"), _("Hours")),
    )
