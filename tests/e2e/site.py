"""What the browser tests know about the site: accounts, and a visitor with one browser context.

The visitor finds things the way a person does (labels, ids of form fields, the language menu) and
records what a person would notice: server errors and messages in the browser console.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, Response, expect

from tests.e2e import nu
from tests.e2e.server import ROOT, LiveServer

SCREENSHOTS = ROOT / "test-output" / "screenshots"
LANGUAGES = ("de", "en", "zh")
#: The <html lang> of each interface language.
HTML_LANG = {"de": "de", "en": "en", "zh": "zh-Hans"}


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    name: str


ADMIN = Account("admin@chinvalue.example", "demo-admin-2026", "Anna Admin")
TRAINER = Account("trainer@chinvalue.example", "demo-trainer-2026", "Li Wei")
#: Holds the demo certificate (market-entry-china) after `flask demo load`.
PARTICIPANT = Account("participant@chinvalue.example", "demo-participant-2026", "Jonas Becker")
PARTICIPANT_ZH = Account("teilnehmerin@chinvalue.example", "demo-participant-2026", "Wang Fang")
#: Created by the live server fixture with `flask users create`.
MANAGER = Account("personal@rheinland-bio.example", "e2e-manager-2026", "Petra Schmitz")
KEYBOARD_USER = Account("tastatur@example.org", "e2e-keyboard-2026", "Kim Tastatur")
WORKSHOP_USER = Account("werkstatt@example.org", "e2e-workshop-2026", "Greta Werkstatt")
#: Created with `flask orgs create`; MANAGER manages it.
COMPANY = "Rheinland Biotech GmbH"


class Visitor:
    """One person in one browser context (own cookies, own session)."""

    def __init__(self, context: BrowserContext, server: LiveServer) -> None:
        self.context = context
        self.server = server
        self.page: Page = context.new_page()
        self.problems: list[str] = []
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _on_response(self, response: Response) -> None:
        # Pages may answer 4xx on purpose (a 404 page); what they load (CSS, images, scripts) may not.
        if response.status >= 500 or response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        # A Content-Security-Policy violation or a script error shows up here; failed requests are
        # judged above by their status.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def goto(self, path: str) -> Response | None:
        response = self.page.goto(path)
        self._keep(response)
        return response

    def _keep(self, response: Response | None) -> None:
        """Keep the HTML the server sent, for the Nu HTML checker (tests/e2e/test_zz_html_checker.py)."""
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            return
        try:
            nu.keep(self.path(), response.body())
        except Exception:  # noqa: BLE001 - a redirect's or a download's body is not kept by the browser
            return

    def follow(self, target: Locator) -> None:
        """Click a link or a form's button and wait until the next page has loaded.

        Without the wait, a check that the old page also passes (a flash message, a heading) could run
        before the new page arrives, and the test would race its own navigation.
        """
        with self.page.expect_navigation() as navigation:
            target.click()
        self._keep(navigation.value)

    def login(self, account: Account) -> None:
        """Sign in through the form, as a person would."""
        self.goto("/login")
        self.page.locator("#email").fill(account.email)
        self.page.locator("#password").fill(account.password)
        self.follow(self.page.locator("#submit"))
        # In the header's menu, which is folded away on a phone.
        expect(self.page.locator("form[action='/logout']")).to_have_count(1)

    def open_from_trainer_home(self, course: str, href: str) -> None:
        """Reach a trainer page by links, as a trainer would: the header's trainer home, the course, ``href``."""
        self.follow(self.page.locator("header nav a[href='/trainer']"))
        self.follow(self.page.locator(f"main a[href='/trainer/courses/{course}']:not(.tag)"))  # not a badge
        self.follow(self.page.locator(f"main a[href='{href}']"))

    def set_language(self, lang: str) -> None:
        """Choose a language in the header menu (remembered on the profile when signed in)."""
        self.follow(self.page.locator(f".language-menu button[value='{lang}']"))
        expect(self.page.locator("html")).to_have_attribute("lang", HTML_LANG[lang])

    def screenshot(self, lang: str, name: str, full_page: bool = True) -> Path:
        """Save the page as test-output/screenshots/LANG/NAME.png."""
        path = SCREENSHOTS / lang / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def flash(self) -> str:
        """The text of the flashed messages on the page."""
        return " ".join(self.page.locator(".flashes .flash").all_inner_texts())

    def path(self) -> str:
        """The current URL without the server part."""
        return re.sub(r"^https?://[^/]+", "", self.page.url)
