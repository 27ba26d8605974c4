"""Log each request as one structured line; answer health checks before anything else;
refuse input that no view can use; show the site's own error pages in the demo."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from coproduce.ui.input import bad_request_responder, request_problem

logger = logging.getLogger("coproduce.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class HealthCheckMiddleware:
    """Answer /healthz and /readyz first: load balancers ask over plain HTTP (no redirect to
    TLS) and by the server's address (no ALLOWED_HOSTS check); the answers hold nothing that
    depends on either."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from coproduce.web import views

        if request.method in ("GET", "HEAD"):
            if request.path_info == "/healthz":
                return views.healthz(request)
            if request.path_info == "/readyz":
                return views.readyz(request)
        return self.get_response(request)


def _namespace(request: HttpRequest) -> str | None:
    """The namespace of the URL, or of its nearest parent that resolves (the path may be bad)."""
    path = request.path_info.replace("\x00", "0")
    while path:
        try:
            return resolve(path).namespace
        except Resolver404:
            path = path.rstrip("/").rpartition("/")[0]
    return None


def bad_request_page(request: HttpRequest, message: str) -> HttpResponse:
    """The HTML page for input that cannot be used, saying why."""
    return render(request, "web/bad_request.html", {"message": message}, status=400)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's ``handler400``: a view's ``BadRequest(message)`` shows its message."""
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return bad_request_page(request, message or _("The request could not be understood."))


class BadInputMiddleware:
    """Answer 400 with a clear message to a NUL character, text that is not Unicode, or an
    over-long query value (``coproduce.ui.input.request_problem``), before any view runs.

    The answer is an HTML page unless the URL's namespace registered its own format.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = request_problem(request)
        if problem is None:
            return self.get_response(request)
        respond = bad_request_responder(_namespace(request)) or bad_request_page
        return respond(request, problem)


# Django's technical 404 and 500 pages (DEBUG only) both carry this line; the site's own do not.
_TECHNICAL_PAGE_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'


class FriendlyErrorPageMiddleware:
    """Replace Django's technical 404 and 500 pages with the site's own when the setting
    ``FRIENDLY_ERROR_PAGES`` is on: the demo runs with DEBUG, but residents trying it should
    see a page of the site, not the URLconf or a traceback (which the log still has)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.FRIENDLY_ERROR_PAGES
            and response.status_code in (404, 500)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and _TECHNICAL_PAGE_MARK in response.content
        ):
            status = response.status_code
            return render(request, f"{status}.html", {"request_path": request.path}, status=status)
        return response
