"""Browser tests: the real app in its own process, driven by Debian's Chromium through Playwright.

One server and one browser for this folder (set up like `make run`: migrations, `flask demo load`, plus a
company with its manager and two more accounts from the CLI), on a free 127.0.0.1 port with its own SQLite
database in a temporary instance folder. The tests share it, so each works with its own accounts and
courses. Both stop after the folder's last test (package scope): Playwright's sync API keeps an asyncio
loop running while it is open, and later tests that sign PDFs call asyncio.run(). The folder takes about
two minutes on a 2-core machine, ten seconds of which is the server's setup.

When they run:

- ``E2E=0`` switches them off (a machine without Chromium, a quick local run).
- On the PostgreSQL pass (``TEST_DATABASE_URL=postgresql…``) they are skipped unless ``E2E=1``: the browser
  tests check pages, forms and journeys, not the database; the SQLite pass of the same CI run has already
  run them, and a second run would only double CI time. The rest of the suite covers PostgreSQL.
- Otherwise they run, and a missing Chromium is a failure, not a skip: CI must never pass without them.

No browser is downloaded: Playwright starts ``/usr/bin/chromium`` (``E2E_CHROMIUM`` to use another).
Screenshots go to ``test-output/screenshots/LANG/``; a failing test leaves a screenshot of each of its
pages in ``test-output/failures/`` and prints the end of the server's log.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.e2e import nu
from tests.e2e.server import ROOT, LiveServer
from tests.e2e.site import COMPANY, KEYBOARD_USER, MANAGER, WORKSHOP_USER, Visitor

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FAILURES = ROOT / "test-output" / "failures"


def _skip_reason() -> str | None:
    flag = os.environ.get("E2E", "").strip()
    if flag == "0":
        return "E2E=0: browser tests switched off"
    if flag != "1" and os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        return "PostgreSQL pass: the browser tests ran on the SQLite pass (E2E=1 runs them here too)"
    return None


@pytest.fixture(scope="session")
def e2e_enabled() -> None:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="package")
def live_server(e2e_enabled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    for lang in ("de", "zh"):
        if not (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.mo").exists():
            pytest.fail("the catalogs are not compiled: run `make translations` (make test does)")
    server = LiveServer(tmp_path_factory.mktemp("e2e-instance"))
    accounts = [
        ("users", "create", "--email", account.email, "--password", account.password, "--name", account.name,
         "--lang", lang)
        for account, lang in ((MANAGER, "de"), (KEYBOARD_USER, "en"), (WORKSHOP_USER, "de"))
    ]  # fmt: skip
    server.cli(
        ("db", "upgrade"),
        ("demo", "load"),
        *accounts,
        ("orgs", "create", COMPANY),
        ("orgs", "add-manager", COMPANY, MANAGER.email),
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser(e2e_enabled) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
            "or set E2E=0 to skip the browser tests"
        )
    for stale in FAILURES.glob("*.png"):  # pictures of an earlier run's failures
        stale.unlink()
    nu.reset()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the test, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def visitor(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Visitor]]:
    """Factory: ``visitor()`` opens a fresh browser context (own cookies) on the live server
    (``javascript=False``: a browser with scripts switched off).

    After the test, a server error (HTTP 5xx), a resource that failed to load (CSS, image, script) or a
    message in the browser console (a Content-Security-Policy violation, a script error) fails it.
    """
    opened: list[Visitor] = []

    def open_visitor(locale: str = "de-DE", viewport: dict | None = None, javascript: bool = True) -> Visitor:
        context = browser.new_context(
            base_url=live_server.base_url,
            locale=locale,  # also the Accept-Language header
            viewport=viewport or {"width": 1280, "height": 900},
            accept_downloads=True,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(15_000)
        opened.append(Visitor(context, live_server))
        return opened[-1]

    yield open_visitor
    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    problems = [problem for v in opened for problem in v.problems]
    if failed:
        FAILURES.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", request.node.name)
        for number, v in enumerate(opened, start=1):
            v.page.screenshot(path=str(FAILURES / f"{stem}-{number}.png"), full_page=True)
        print("--- end of the server log ---\n" + "\n".join(live_server.log().splitlines()[-40:]))
    for v in opened:
        v.context.close()
    if problems and not failed:
        pytest.fail("the browser saw problems:\n" + "\n".join(problems))
