"""Log each request as one structured line; refuse input that no view can use."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from coproduce.web.input import bad_request_responder, request_problem

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


def _namespace(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info.replace("\x00", "")).namespace
    except Resolver404:
        return None


def _page(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "web/bad_request.html", {"message": message}, status=400)


class BadInputMiddleware:
    """Answer 400 with a clear message to a NUL character, text that is not Unicode, or an
    over-long query value (``coproduce.web.input.request_problem``), before any view runs.

    The answer is an HTML page unless the URL's namespace registered its own format.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = request_problem(request)
        if problem is None:
            return self.get_response(request)
        respond = bad_request_responder(_namespace(request)) or _page
        return respond(request, problem)
