"""Simulated participants: register or sign in, read modules, take quizzes (locust, headless).

Started by bench/load/run.py, which prepares the database and the plan (LOAD_PLAN: courses, answer key,
accounts), serves the platform on 127.0.0.1 and checks the results afterwards (LOAD_RESULTS: per user,
the attempts whose submission got a success response; every failed request with its time). A share of
the users (LOAD_REGISTER_SHARE) registers through the form and confirms with the link from the mail
outbox (LOAD_OUTBOX); the others use an account prepared for them: those the plan gives a "stay signed
in" cookie from an earlier visit come back with it, as returning participants do, the rest sign in with
the form. A request that fails with a server error or a broken connection (a fault of the test) is
repeated at the next step, as a person reloads a page: a quiz submission that got no answer is sent again.
A sign-in that got no answer is not: a person whose sign-in hung waits before trying again, longer each
time (SIGN_IN_WAITS), and one who came back with "stay signed in" reloads the page rather than typing the
password (only a refused cookie sends them to the form).
Each simulated participant knows the answers to a quiz
with probability LOAD_KNOW_SHARE and guesses otherwise, so some pass, complete courses and receive
certificates, and some fail and move on. A few (LOAD_TWICE_SHARE) open a quiz in two tabs at once or
double-click its submit button: both tabs must show the same attempt, and both clicks its result.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
import uuid
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.load.quizform import answer, parse_form  # noqa: E402

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) if os.environ.get("LOAD_PLAN") else {}
OUTBOX = Path(os.environ.get("LOAD_OUTBOX", "outbox"))
REGISTER_SHARE = float(os.environ.get("LOAD_REGISTER_SHARE", "0.2"))
KNOW_SHARE = float(os.environ.get("LOAD_KNOW_SHARE", "0.8"))
TWICE_SHARE = float(os.environ.get("LOAD_TWICE_SHARE", "0.05"))
THINK = [float(v) for v in os.environ.get("LOAD_THINK", "2,6").split(",")]
#: A quiz submission that got a server error or no answer is sent again this often before giving up.
RESENDS = 8
#: Seconds a person waits after a sign-in (or a return with the remembered session) that got an error or
#: no answer before trying again: a page that hung is not reloaded in a tight loop, and the password (one
#: scrypt hash of ~0.1 s of CPU on the server) is not sent again at every step.
SIGN_IN_WAITS = (30, 60, 120, 240)
#: Requests that are not pages: the password hash (scrypt) of sign-in and sign-up, the link in the mail.
FORM = {"Content-Type": "application/x-www-form-urlencoded"}  #: a form of repeated fields, as browsers send
NOT_PAGES = {"login (submit)", "register (submit)", "confirm e-mail"}
ATTEMPT_URL = re.compile(r"/attempts/(\d+)$")
#: Names as participants type them (a name has letters only, no digits).
NAMES = [
    ("Anna Müller", ""),
    ("Jonas Becker", ""),
    ("Wang Fang", "王芳"),
    ("Li Wei", "李伟"),
    ("Zoë Dubois", ""),
]

_accounts = iter(PLAN.get("accounts", []))
_numbers = itertools.count(1)
USERS: list[Participant] = []
FAILURES: list[tuple[float, str, int, str]] = []  #: (time, request name, status, error) of each failure
PAGES: list[tuple[float, int]] = []  #: (time, milliseconds) of each page request


def location(response) -> str:  # type: ignore[no-untyped-def]
    """The Location header ("" also when no answer came at all)."""
    return (response.headers or {}).get("Location", "")


class Participant(FastHttpUser):
    wait_time = between(*THINK)
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        # Redirects are followed by hand: locust's fast client switches following off and on again around
        # each request that asks not to follow, which two requests at once (a double click) leave in the
        # wrong state.
        self.client.client.redirect_response_codes = frozenset()
        self.rng = random.Random()
        self.submitted: list[int] = []  #: attempts whose submission got a success response
        self.course: dict | None = None
        self.index, self.read, self.pending, self.resends = 0, False, None, 0
        self.registered = self.rng.random() < REGISTER_SHARE
        self.email = next(_accounts, None) if not self.registered else None
        self.signed_in = False
        self.tries, self.next_try = 0, 0.0  #: failed sign-ins so far, and when the person tries again
        self.cookie = PLAN.get("remember", {}).get(self.email or "")
        USERS.append(self)
        if self.email is None:
            self.registered = True
            self.email = self.register()
        if self.email:
            self.sign_in()

    def sign_in(self) -> None:
        """Come back with the remembered session, or sign in with the form; after a failure the person
        waits (SIGN_IN_WAITS) before trying again."""
        if time.time() < self.next_try:
            return
        self.signed_in = self.come_back() if self.cookie else self.login()
        if not self.signed_in:
            self.next_try = time.time() + SIGN_IN_WAITS[min(self.tries, len(SIGN_IN_WAITS) - 1)]
            self.tries += 1

    # -- accounts ------------------------------------------------------------------------------------

    def _form(self, path: str, name: str) -> dict[str, str]:
        page = self.client.get(path, name=name)
        return parse_form(page.text or "", "password").hidden if page.ok else {}

    def register(self) -> str | None:
        """Sign up through the form, then open the confirmation link from the outbox."""
        email = f"reg-{next(_numbers):04d}-{uuid.uuid4().hex[:6]}@{PLAN['domain']}"
        hidden = self._form("/register", "register (form)")
        name, name_zh = self.rng.choice(NAMES)
        data = {
            **hidden,
            "email": email,
            "name": name,
            "name_zh": name_zh,
            "locale": self.rng.choice(["de", "en", "zh"]),
            "password": PLAN["password"],
            "confirm": PLAN["password"],
        }
        with self.client.post("/register", data=data, name="register (submit)", catch_response=True) as r:
            if r.status_code != 200 or 'name="password"' in (r.text or ""):
                errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', r.text or "")
                r.failure(f"registration refused ({r.status_code}): {'; '.join(errors)[:200]}")
                return None
        link = self._confirmation_path(email)
        if link is None:
            return None
        with self.client.get(link, name="confirm e-mail", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 302 or "/login" not in location(r):
                r.failure(f"confirmation answered {r.status_code} {location(r)}")
        return email

    def _confirmation_path(self, email: str) -> str | None:
        """The link from the confirmation mail, which the job worker sends: a person waits a minute."""
        for _ in range(240):
            for path in sorted(OUTBOX.glob("*.eml"), reverse=True):
                message = message_from_bytes(path.read_bytes(), policy=policy.default)
                if message["To"] == email:
                    found = re.search(r"https?://[^/\s]+(/confirm/\S+)", message.get_body().get_content())
                    if found:
                        return found.group(1)
            time.sleep(0.25)
        self._fail("MAIL", "confirmation e-mail in outbox", f"no confirmation mail for {email}")
        return None

    def come_back(self) -> bool:
        """A participant who chose "stay signed in" on an earlier visit opens the platform again; a cookie
        the platform refused (a redirect to the sign-in form) sends them to the form next time."""
        with self.client.get(
            "/learning",
            name="my learning (returning)",
            headers={"Cookie": f"remember_token={self.cookie}"},
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"the remembered session was not taken ({r.status_code})")
                if r.status_code in (301, 302, 303):
                    self.cookie = None
                return False
        return True

    def login(self) -> bool:
        hidden = self._form("/login", "login (form)")
        if not hidden:  # the form did not come: nothing to send (a person reloads it later)
            return False
        data = {**hidden, "email": self.email, "password": PLAN["password"]}
        with self.client.post(
            "/login", data=data, name="login (submit)", allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 302 or "/login" in location(r):
                r.failure(f"sign-in refused ({r.status_code})")
                return False
        return True

    # -- learning ------------------------------------------------------------------------------------

    @task
    def step(self) -> None:
        """One thing a participant does between two pauses."""
        if not self.signed_in:
            if self.email:
                self.sign_in()  # after a failed sign-in (a fault), once the person has waited
            return
        if self.course is None:
            self.page("/courses", "catalogue")
            self.course = self.rng.choice(PLAN["courses"])
            self.index, self.read = 0, False
            self.page(f"/courses/{self.course['slug']}", "course page")
        elif self.pending is not None:
            self.submit()
        elif self.index >= len(self.course["modules"]):
            self.page("/learning", "my learning")
            self.page("/certificates", "my certificates")
            self.course = None
        elif not self.read:
            self.page(self._module_path(), "module page")
            self.read = True
        else:
            self.open_quiz()

    def page(self, path: str, name: str) -> None:
        """A page that must answer 200 (a redirect, e.g. to the sign-in form, is a failure)."""
        with self.client.get(path, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} {location(r)}")

    def _module_path(self) -> str:
        return f"/courses/{self.course['slug']}/{self.course['modules'][self.index]}"

    _server_trouble = False

    def _next_module(self) -> None:
        self.index, self.read, self.pending, self.resends = self.index + 1, False, None, 0

    def _at_once(self, action, times: int) -> list:  # type: ignore[no-untyped-def]
        """Run ``action`` ``times`` times concurrently, as two tabs or a double click would."""
        if times == 1:
            return [action()]
        jobs = [gevent.spawn(action) for _ in range(times)]
        gevent.joinall(jobs, raise_error=True)
        return [job.value for job in jobs]

    def open_quiz(self) -> None:
        """Open the quiz (sometimes in two tabs at once); a refusal (no attempt left, waiting time)
        sends the participant on."""
        path = self._module_path() + "/quiz"
        tabs = 2 if self.rng.random() < TWICE_SHARE else 1
        name = "quiz page" if tabs == 1 else "quiz page (two tabs)"
        pages = self._at_once(lambda: self.client.get(path, name=name, allow_redirects=False), tabs)
        response = pages[0]
        if response.status_code == 302:
            target = response.headers["Location"]
            self.page(target, "attempt result" if ATTEMPT_URL.search(target) else "module page")
            self._next_module()
        elif response.ok:
            forms = [parse_form(page.text or "", "attempt") for page in pages if page.ok]
            attempts = {form.hidden.get("attempt") for form in forms}
            if len(attempts) != 1 or len(forms) != tabs:
                self._fail(
                    "GET", name, f"two tabs got different attempts or pages: {sorted(map(str, attempts))}"
                )
            self.pending = forms[0]

    def _fail(self, method: str, name: str, message: str) -> None:
        self.environment.events.request.fire(
            request_type=method,
            name=name,
            response_time=0,
            response_length=0,
            exception=RuntimeError(message),
            context={},
        )

    def submit(self) -> None:
        """Send the answers (sometimes with a double click): every click must end at the attempt's result."""
        form, module = self.pending, self.course["modules"][self.index]
        known = self.rng.random() < KNOW_SHARE
        key = PLAN["key"].get(f"{self.course['slug']}/{module}/{form.lang}") if known else None
        path, fields = self._module_path() + "/quiz", urlencode(answer(form, key, self.rng))
        clicks = 2 if self.rng.random() < TWICE_SHARE else 1
        name = "quiz submit" if clicks == 1 else "quiz submit (double click)"

        def post() -> str | None:
            with self.client.post(
                path, data=fields, headers=FORM, name=name, allow_redirects=False, catch_response=True
            ) as r:
                found = ATTEMPT_URL.search(location(r)) if r.status_code == 302 else None
                if found and found.group(1) == form.hidden.get("attempt"):
                    r.success()
                    return found.group(0)
                r.failure(f"quiz not accepted ({r.status_code} {location(r)})")
                self._server_trouble = r.status_code == 0 or r.status_code >= 500
                return None

        results = [result for result in self._at_once(post, clicks) if result]
        if results:
            self.submitted.append(int(form.hidden["attempt"]))  # once, however often it was clicked
            self.page(results[0], "attempt result")
        elif self.resends < RESENDS and self._server_trouble:
            self.resends += 1  # no answer or a server error: send the same answers again next step
            self._server_trouble = False
            return
        self._next_module()


def _figures(entry) -> dict:  # type: ignore[no-untyped-def]
    percentile = entry.get_response_time_percentile
    return {
        "method": entry.method or "",
        "name": entry.name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        "p50": percentile(0.5),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
    }


def _pages(stats) -> dict:  # type: ignore[no-untyped-def]
    """Requests, failures and percentiles of the page requests alone (without sign-in and sign-up)."""
    times: dict[int, int] = {}
    requests = failures = 0
    for (name, _method), entry in stats.entries.items():
        if name in NOT_PAGES:
            continue
        requests, failures = requests + entry.num_requests, failures + entry.num_failures
        for value, count in entry.response_times.items():
            times[value] = times.get(value, 0) + count
    ordered, total = sorted(times.items()), sum(times.values())

    def percentile(share: float) -> float:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen >= share * total:
                return value
        return 0

    return {"requests": requests, "failures": failures, "p50": percentile(0.5), "p95": percentile(0.95),
            "p99": percentile(0.99)}  # fmt: skip


@events.request.add_listener
def note_failure(name, response_time, exception, response=None, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    """Every failed request with its time, and every page request's time and duration, so that run.py can
    tell faults' windows from the rest."""
    if name not in NOT_PAGES:
        PAGES.append((round(time.time(), 2), round(response_time)))
    if exception is not None:
        status = getattr(response, "status_code", 0) or 0
        FAILURES.append((time.time(), name, int(status), str(exception)[:160]))


@events.test_stop.add_listener
def write_results(environment, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    """Each simulated user's successful submissions, the failures and the request figures, once every user
    has stopped (locust's CSV files are written before the last users finish), for run.py."""
    target = os.environ.get("LOAD_RESULTS")
    if not target:
        return
    stats = environment.stats
    users = [{"email": u.email, "registered": u.registered, "submitted": u.submitted} for u in USERS]
    results = {
        "endpoints": [_figures(entry) for _key, entry in sorted(stats.entries.items())],
        "total": _figures(stats.total),
        "pages": _pages(stats),
        "errors": [f"{e.method} {e.name}: {e.error} x{e.occurrences}" for e in stats.errors.values()],
        "users": users,
        "failures": FAILURES,
        "page_times": PAGES,
    }
    Path(target).write_text(json.dumps(results))
