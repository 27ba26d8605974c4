"""A smoke walk through a running Coproduce, as a resident and a load balancer would see it.

Usage::

    python scripts/smoke_walk.py http://127.0.0.1:8000

Every status is checked; the first surprise stops the walk with a non-zero exit. Requests
carry ``X-Forwarded-Proto: https``, as a TLS proxy in front of the app servers sends them, so
the production security settings (HTTPS redirect, secure cookies, strict CSRF referer check)
are exercised as deployed. Uses the standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

PASSWORD = "riverton-demo-2026"
RESIDENT = "resident@riverton.example"


class WalkError(Exception):
    """A step of the walk found something other than what a working site answers."""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Client:
    """One visitor: keeps its cookies (secure ones too: TLS ends at the proxy) and its timings."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    steps: list[tuple[str, str, int, float]] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, Any] | None = None,
        expect: int = 200,
        proxied: bool = True,
    ) -> Response:
        url = urllib.parse.urlsplit(self.base)
        host = url.netloc
        headers = {"Host": host, "Accept-Language": "en-gb"}
        if proxied:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{host}{path}"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        self.steps.append((method, path, response.status, time.perf_counter() - started))
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status != expect:
            raise WalkError(
                f"{method} {path}: expected {expect}, got {response.status}\n{response.text[:2000]}"
            )
        return response

    def get(self, path: str, *, expect: int = 200, proxied: bool = True) -> Response:
        return self.request("GET", path, expect=expect, proxied=proxied)

    def post(self, path: str, form: dict[str, Any], *, expect: int) -> Response:
        return self.request("POST", path, form=form, expect=expect)


def csrf_token(page: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if match is None:
        raise WalkError("no CSRF token in the form")
    return match.group(1)


def expect_in(needle: str, response: Response, where: str) -> None:
    if needle not in response.text:
        raise WalkError(f"{where}: {needle!r} not found in the page")


def walk_health(client: Client) -> None:
    # A load balancer asks over plain HTTP, past the TLS proxy: no redirect for it.
    if client.get("/healthz", proxied=False).json().get("status") != "ok":
        raise WalkError("/healthz does not say ok")
    if client.get("/readyz", proxied=False).json() != {"status": "ready"}:
        raise WalkError("/readyz does not say ready, or says more than that")
    client.get("/budgets/", proxied=False, expect=301)  # the site itself is HTTPS only


def walk_public(client: Client) -> dict[str, int]:
    home = client.get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home.text)
    if stylesheet is None:
        raise WalkError("the home page links no stylesheet")
    if not re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)):
        raise WalkError(f"the stylesheet is not a hashed, collected file: {stylesheet.group(1)}")
    css = client.get(stylesheet.group(1))
    if "text/css" not in (css.headers.get("Content-Type") or "") or len(css.body) < 1000:
        raise WalkError("the stylesheet is not served as CSS")
    client.get("/budgets/")
    rounds = client.get("/api/budgets").json()
    voting = next(r["id"] for r in rounds if r["phase"] == "voting")
    counted = next(r["id"] for r in rounds if r["results_published"])
    client.get(f"/budgets/{voting}/")
    expect_in("funded", client.get(f"/budgets/{counted}/results/"), "results")
    client.get("/assessment/reports/")
    if not client.get("/open311/v2/services.json").json():
        raise WalkError("Open311 lists no services")
    client.get("/open311/v2/requests.json")
    if "paths" not in client.get("/api/openapi.json").json():
        raise WalkError("the OpenAPI document has no paths")
    client.get(f"/budgets/{voting}/vote/", expect=302)  # signing in comes first
    return {"voting": voting, "counted": counted}


def walk_vote(client: Client, round_id: int) -> str:
    login = client.get("/accounts/login/")
    form = {"login": RESIDENT, "password": PASSWORD}
    client.post("/accounts/login/", form, expect=403)  # no CSRF token: refused
    client.post("/accounts/login/", {**form, "csrfmiddlewaretoken": csrf_token(login)}, expect=302)
    path = f"/budgets/{round_id}/vote/"
    ballot = client.get(path)
    costs = re.findall(
        r'name="choice" type="checkbox" value="(\d+)" data-cost="(\d+)"', ballot.text
    )
    if not costs:
        raise WalkError("the ballot offers no projects")
    cheapest = min(costs, key=lambda item: int(item[1]))[0]
    token = csrf_token(ballot)
    cast = {"choice": [cheapest], "action": "cast", "csrfmiddlewaretoken": token}
    answer = client.post(path, cast, expect=302)
    receipt_path = answer.headers.get("Location") or ""
    # The receipt page, with the signed link that says it is this voter's fresh ballot.
    if urlsplit(receipt_path).path != f"/budgets/{round_id}/receipt/":
        raise WalkError(f"the ballot did not lead to its receipt but to {receipt_path!r}")
    receipt = client.get(receipt_path)
    match = re.search(r'id="receipt-code">([A-Z0-9-]{6,})<', receipt.text)
    if match is None:
        raise WalkError("the receipt page shows no receipt code")
    return match.group(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the site's address, e.g. http://127.0.0.1:8000")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    client = Client(args.base.rstrip("/"))
    try:
        walk_health(client)
        rounds = walk_public(client)
        receipt = walk_vote(client, rounds["voting"])
    except (WalkError, OSError, ValueError, StopIteration) as problem:
        for method, path, status, seconds in client.steps:
            print(f"  {status} {method:<4} {path}  {seconds * 1000:7.1f} ms")
        print(f"smoke walk FAILED: {problem}", file=sys.stderr)
        return 1
    for method, path, status, seconds in client.steps:
        print(f"  {status} {method:<4} {path}  {seconds * 1000:7.1f} ms")
    elapsed = time.perf_counter() - started
    print(f"smoke walk passed: {len(client.steps)} requests in {elapsed:.1f} s; receipt {receipt}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
