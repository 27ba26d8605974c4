"""Reading what people type or send: one place decides what no page or database can take.

Every page, the API and Open311 agree on a bad value: a NUL character (PostgreSQL cannot
store one in text), a character that is not Unicode text, a query value far longer than any
filter needs, a number that is not finite or is out of range, a date outside the calendar
the platform works in. ``BadInputMiddleware`` refuses the first three for every request;
views and services parse numbers and dates with the helpers here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

__all__ = [
    "ANSWER_LIMIT",
    "EARLIEST_DAY",
    "LATEST_DAY",
    "LONG_TEXT",
    "MAX_ID",
    "MAX_QUERY_VALUE",
    "SHORT_TEXT",
    "answer_number_parse",
    "bad_request_format_register",
    "bad_request_responder",
    "number_parse",
    "query_day",
    "query_id",
    "request_problem",
    "text_problem",
    "whole_number_parse",
]

MAX_QUERY_VALUE = 1000
"""Characters in one query-string value: ample for any filter, list of ids or search."""

SHORT_TEXT = 300
"""Characters in a name, title, address or note."""

LONG_TEXT = 4000
"""Characters in a description, reason, answer or plan: several paragraphs."""

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
"""Dates outside these are typing errors or probes; date arithmetic near year 9999 overflows."""

ANSWER_LIMIT = 1_000_000_000
"""An answer typed as a number (a depth, a count, an age) lies within plus or minus this."""

MAX_ID = 2**63 - 1
"""The largest primary key the database can hold (a signed 64-bit integer)."""

Responder = Callable[[HttpRequest, str], HttpResponse]
_responders: dict[str, Responder] = {}


def text_problem(value: str) -> str | None:
    """Return why ``value`` cannot be stored as text (a NUL, or a lone surrogate), else None."""
    if "\x00" in value:
        return _("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("contains a character that is not valid Unicode text")
    return None


def _pairs_problem(pairs: Iterable[tuple[str, list[str]]], *, max_length: int | None) -> str | None:
    for name, values in pairs:
        for text in (name, *values):
            if problem := text_problem(text):
                return _("The value of %(name)s %(problem)s.") % {
                    "name": repr(name.replace("\x00", "")),
                    "problem": problem,
                }
            if max_length is not None and len(text) > max_length:
                return _("The value of %(name)s is longer than %(max)s characters.") % {
                    "name": repr(name[:40]),
                    "max": max_length,
                }
    return None


def request_problem(request: HttpRequest) -> str | None:
    """Return a sentence saying what no view can use in the request's address or form, or None.

    The path, every query-string name and value, and every form field (not uploaded files)
    are checked for NUL characters; query values are also limited to ``MAX_QUERY_VALUE``.
    """
    if text_problem(request.path_info):
        return _("The address contains a NUL character.")
    problem = _pairs_problem(request.GET.lists(), max_length=MAX_QUERY_VALUE)
    if problem is None and request.method == "POST":
        problem = _pairs_problem(request.POST.lists(), max_length=None)
    return problem


def bad_request_format_register(namespace: str, respond: Responder) -> None:
    """Answer bad input to URLs in ``namespace`` with ``respond(request, message)``.

    An app whose URLs answer in their own format (JSON for the API, Open311's error
    document) registers it from ``AppConfig.ready``; every other URL gets an HTML page.
    """
    _responders[namespace] = respond


def bad_request_responder(namespace: str | None) -> Responder | None:
    """Return the responder registered for ``namespace``, or None for the HTML page."""
    return _responders.get(namespace or "")


def number_parse(text: str, *, minimum: float, maximum: float) -> float:
    """Return ``text`` as a finite number within [minimum, maximum]; raise ValueError saying why.

    NaN, infinities and values like ``1e400`` (which overflow to infinity) are refused.
    """
    try:
        number = float(text.strip())
    except ValueError:
        raise ValueError(_("must be a number")) from None
    if not math.isfinite(number):
        raise ValueError(_("must be a finite number"))
    if not minimum <= number <= maximum:
        raise ValueError(
            _("must be between %(minimum)s and %(maximum)s")
            % {"minimum": minimum, "maximum": maximum}
        )
    return number


def answer_number_parse(text: str) -> int | float:
    """Return a number typed as an answer, as an int when it is whole; raise ValueError.

    It must be finite and within plus or minus ``ANSWER_LIMIT``, so it can be stored as JSON.
    """
    number = number_parse(text, minimum=-ANSWER_LIMIT, maximum=ANSWER_LIMIT)
    return int(number) if number.is_integer() else number


def whole_number_parse(text: str, *, minimum: int = 0, maximum: int = MAX_ID) -> int:
    """Return ``text`` (ASCII digits, optional sign) as an int within range; raise ValueError."""
    cleaned = text.strip()
    digits = cleaned.removeprefix("-").removeprefix("+")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(MAX_ID)):
        raise ValueError(_("must be a whole number"))
    number = int(cleaned)
    if not minimum <= number <= maximum:
        raise ValueError(
            _("must be between %(minimum)s and %(maximum)s")
            % {"minimum": minimum, "maximum": maximum}
        )
    return number


def query_day(request: HttpRequest, name: str) -> date | None:
    """Return the query's ``name`` as a date (YYYY-MM-DD), or None if absent or unusable.

    As for any filter, a value that is not a date between 1900 and 2999 is ignored.
    """
    try:
        day = parse_date(request.GET.get(name, "").strip())
    except ValueError:
        return None
    return day if day is not None and EARLIEST_DAY <= day <= LATEST_DAY else None


def query_id(request: HttpRequest, name: str) -> int | None:
    """Return the query's ``name`` as a positive id, or None if absent or unusable (ignored)."""
    try:
        return whole_number_parse(request.GET.get(name, ""), minimum=1)
    except ValueError:
        return None
