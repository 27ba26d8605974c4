"""axe-core over every page a browser test visits, as whatever person the test signed in as.

How every page is reached without slowing the test: each page of a browser context created
through the ``chromium`` fixture (the ``page`` and ``phone_page`` fixtures, and the contexts tests
open themselves) runs axe once its document has loaded, in a listener, while the test goes on.
When the test moves to another page before axe has finished, the address is noted and loaded
again, in the same context (so as the same person), when the context closes. Each document is
checked once. axe needs scripts, so the pages of a context without JavaScript are loaded again
when it closes, in a context with scripts and the same cookies (the same person). An address
that cannot be loaded again (a download, a one-time link) is only checked if axe finished on
it the first time.

axe runs with its default rules: every WCAG 2.0/2.1/2.2 A and AA rule and the best-practice
rules (``region``, ``landmark-*``, ``heading-order``...), the AAA and experimental ones being
off by default. The issue asks for 0 violations of any impact, so any violation fails the test,
unless :data:`ALLOWED` names the rule and the page with a reason.

axe-core comes from npm (package.json's devDependencies) and is copied by
scripts/build_assets.sh into the static vendor folder (built by ``make setup``).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

AXE_SOURCE = Path(__file__).resolve().parents[1] / "src/coproduce/web/static/vendor/axe/axe.min.js"

#: (rule id, regular expression matched against the page's path) -> why it is allowed for now.
#: Keep it short and explain each entry; the accessibility statement lists what is left.
ALLOWED: dict[tuple[str, str], str] = {}

# Runs in the page: waits for the document to be loaded, loads axe once and runs it once per
# document; returns the address and the violations (or null when it was checked already).
_CHECK = """async (source) => {
  if (document.readyState !== "complete") {
    await new Promise((done) => window.addEventListener("load", done, {once: true}));
  }
  if (window.__axeChecked) return null;
  window.__axeChecked = true;
  if (typeof window.axe === "undefined") { (0, eval)(source); }
  const results = await window.axe.run(document, {resultTypes: ["violations"]});
  return {url: location.href, violations: results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")), count: v.nodes.length,
  }))};
}"""


def _path(url: str) -> str:
    """The address without the server and the fragment (``#vote`` is the same document)."""
    return re.sub(r"^https?://[^/]+", "", url).split("#")[0]


@dataclass
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    targets: list[str]
    count: int

    def __str__(self) -> str:
        shown = ", ".join(self.targets)
        more = (
            f" (+{self.count - len(self.targets)} more)" if self.count > len(self.targets) else ""
        )
        return f"{self.url}: {self.rule} [{self.impact}] {self.help}: {shown}{more}"


@dataclass
class AxeCheck:
    """The violations found in one test, over all its browser contexts."""

    violations: list[Violation] = field(default_factory=list)
    pages_checked: set[str] = field(default_factory=set)
    missed: list[str] = field(default_factory=list)
    contexts: list[Any] = field(default_factory=list)
    _running: int = 0
    _source: str | None = None

    @property
    def source(self) -> str:
        if self._source is None:
            if not AXE_SOURCE.exists():
                raise RuntimeError(
                    f"axe-core not found at {AXE_SOURCE}: run `make assets` "
                    "(scripts/build_assets.sh copies it from node_modules)"
                )
            self._source = AXE_SOURCE.read_text(encoding="utf-8")
        return self._source

    def check(self, page: Any) -> bool:
        """Run axe on the page's current document, once per document; False when the document
        went away before axe finished (the test had moved on)."""
        if page.is_closed() or not page.url.startswith("http"):
            return True
        try:
            found = page.evaluate(_CHECK, self.source)
        except Exception as error:
            if page.is_closed() or "destroyed" in str(error) or "navigat" in str(error):
                return False
            raise
        if found is None:
            return True
        path = _path(found["url"])
        self.pages_checked.add(path)
        for item in found["violations"]:
            if any(rule == item["id"] and re.search(pattern, path) for rule, pattern in ALLOWED):
                continue
            self.violations.append(
                Violation(
                    url=path,
                    rule=item["id"],
                    impact=item["impact"] or "",
                    help=item["help"],
                    targets=item["targets"],
                    count=item["count"],
                )
            )
        return True

    def _on_load(self, page: Any) -> None:
        url = page.url
        self._running += 1
        try:
            if not self.check(page):
                self.missed.append(url)
        finally:
            self._running -= 1

    def watch(self, context: Any, browser: Any, options: dict[str, Any]) -> Any:
        """Check each document the context's pages load (when it has loaded, in a listener);
        when the context closes, check again the addresses the test left before axe finished.

        axe needs scripts: in a context without JavaScript, the addresses are only noted, and
        loaded again at the end in a context with the same cookies (the same person)."""
        scripts = options.get("java_script_enabled", True)
        if scripts:
            context.on("page", lambda page: page.on("load", lambda: self._on_load(page)))
        else:
            context.on("page", lambda page: page.on("load", lambda: self.missed.append(page.url)))
        close = context.close

        def check_then_close(*args: Any, **kwargs: Any) -> None:
            if scripts:
                for page in context.pages:
                    while self._running and not page.is_closed():
                        page.wait_for_timeout(50)
                    self.check(page)
                self._revisit(context)
            else:
                like = {
                    key: value for key, value in options.items() if key != "java_script_enabled"
                }
                with_scripts = browser.new_context(storage_state=context.storage_state(), **like)
                self._revisit(with_scripts)
                with_scripts.close()
            close(*args, **kwargs)

        context.close = check_then_close
        self.contexts.append(context)
        return context

    def close_all(self) -> None:
        """Check and close the contexts a test left open."""
        for context in self.contexts:
            with contextlib.suppress(Exception):  # closed already
                context.close()

    def _revisit(self, context: Any) -> None:
        """Load again, in the given context, each address whose check was cut short because the
        test went on to another page (or that was seen without JavaScript)."""
        paths = {_path(url): url for url in self.missed}
        self.missed.clear()
        todo = [url for path, url in paths.items() if path not in self.pages_checked]
        if not todo:
            return
        page = context.new_page()
        for url in todo:
            try:
                response = page.goto(url)
            except Exception:  # a download, or an address that no longer answers
                continue
            if response is not None and response.ok:
                self.check(page)
                while self._running:  # this context's own listener may be the one checking
                    page.wait_for_timeout(50)
        page.close()

    def report(self) -> str:
        lines = [f"axe-core found {len(self.violations)} accessibility violation(s):"]
        lines += [f"  {violation}" for violation in self.violations]
        return "\n".join(lines)


class CheckedBrowser:
    """The session's Chromium, with each new context watched by the test's :class:`AxeCheck`."""

    def __init__(self, browser: Any, axe: AxeCheck) -> None:
        self._browser = browser
        self.axe = axe

    def new_context(self, **options: Any) -> Any:
        return self.axe.watch(self._browser.new_context(**options), self._browser, options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)
