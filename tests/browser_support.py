"""What the browser tests share: Debian's Chromium driven by Playwright, the two window sizes, a watch
on requests and errors, and axe-core's serious findings.

Playwright's own browser download is never used: /usr/bin/chromium is installed by scripts/test.sh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SERIOUS = {"serious", "critical"}
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium():
    """One headless Chromium (a module-scoped fixture yields from this)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/test.sh, or apt-get install -y chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Watch:
    """Every request that leaves the allowed origin (blocked), and every console or page error."""

    allowed: Callable[[str], bool]
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.route("**/*", self._route)
        context.on("request", self._request)
        context.on("page", self._page)

    def _route(self, route):
        if self.allowed(route.request.url):
            route.continue_()
        else:
            route.abort()

    def _request(self, request):
        if not self.allowed(request.url) and request.url not in self.outside:
            self.outside.append(request.url)

    def _page(self, page):
        page.on("console", lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))


def serious_findings(page, where: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation.get("impact") in SERIOUS:
            targets = [node["target"] for node in violation["nodes"]][:5]
            found.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return found
