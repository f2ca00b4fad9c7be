"""Two app servers (gunicorn on 127.0.0.1 and 127.0.0.2) behind haproxy and one job worker, sharing
PostgreSQL and Redis, as docs/deployment.md describes them (bench/cluster.py starts them). A visitor may
meet either server on any request: what one server does, the other must know; mail and certificates go
through the job queue, as in production.

Runs in the PostgreSQL pass (TEST_DATABASE_URL on PostgreSQL; its server gets a database of its own) with
Redis on TEST_REDIS_URL (default redis://127.0.0.1:6379/0, keys under a prefix of their own). About a
minute: one course is migrated and imported, four gunicorn masters would be too many for CI, so each
server runs two workers.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from bench.cluster import BIN, ROOT, Cluster, base_environment, server_env
from bench.load.prepare import create_database, drop_database
from bench.load.quizform import answer, parse_form

pytestmark = pytest.mark.slow

PASSWORD = "two-servers-are-one-2026"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
ATTEMPT = re.compile(r"/attempts/\d+$")
PDF_LINK = re.compile(r'href="(/certificates/([A-Za-z0-9-]+)/pdf)"')


def _postgres() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("two app servers share PostgreSQL: runs in the PostgreSQL pass (TEST_DATABASE_URL)")
    parts = urlsplit(url.replace("+psycopg", ""))
    return f"{parts.hostname}:{parts.port or 5432}"


def _redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as s:
        s.sendall(b"PING\r\n")
        assert s.recv(16).startswith(b"+PONG"), f"no Redis at {url}"
    return url


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory):
    server = _postgres()
    redis_url = _redis_url()
    work = tmp_path_factory.mktemp("cluster")
    instance, secret = work / "instance", secrets.token_urlsafe(48)
    name = f"academy_cluster_test_{os.getpid()}"
    database_url = create_database(server, name)
    try:
        done = subprocess.run(
            [str(BIN / "python"), "-m", "bench.load.prepare", database_url, str(instance), secret,
             str(ROOT / "courses" / "ip-china"), str(work / "plan.json")],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        env = server_env(database_url, instance, secret, redis_url)
        env.update(RATELIMIT_KEY_PREFIX=f"test-cluster-{uuid.uuid4().hex}", LOGIN_RATE_LIMIT="5 per minute")
        with Cluster(env, work, workers=2) as running:
            running.plan = json.loads((work / "plan.json").read_text())  # type: ignore[attr-defined]
            running.instance = instance  # type: ignore[attr-defined]
            yield running
    finally:
        drop_database(server, name)


class Browser:
    """One browser whose cookies go to whichever server it is pointed at (all are one site to it)."""

    def __init__(self, forwarded_for: str | None = None) -> None:
        self.cookies: dict[str, str] = {}
        self.headers = {"Accept-Language": "en"}
        if forwarded_for:
            self.headers["X-Forwarded-For"] = forwarded_for

    def request(self, method: str, url: str, **kwargs) -> requests.Response:  # type: ignore[no-untyped-def]
        answer_ = requests.request(
            method,
            url,
            cookies=self.cookies,
            headers=self.headers,
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        for header in answer_.raw.headers.getlist("Set-Cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""') or "expires=thu, 01 jan 1970" in header.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return answer_

    def get(self, url: str) -> requests.Response:
        return self.request("GET", url)

    def post_form(self, page_url: str, data: dict | list, url: str | None = None) -> requests.Response:
        """Open the form's page, then send the form with that page's CSRF token."""
        page = self.get(page_url)
        assert page.status_code == 200, (page_url, page.status_code)
        token = CSRF.search(page.text)
        assert token, f"no CSRF token on {page_url}"
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        return self.request("POST", url or page_url, data=[("csrf_token", token.group(1)), *fields])

    def sign_in(self, base: str, email: str, password: str = PASSWORD) -> None:
        answer_ = self.post_form(f"{base}/login", {"email": email, "password": password})
        assert answer_.status_code == 302 and "/login" not in answer_.headers["Location"], answer_.text[-500:]

    def signed_in_at(self, base: str) -> bool:
        page = self.get(f"{base}/learning")
        assert page.status_code in (200, 302), page.status_code
        return page.status_code == 200


def _wait(probe, seconds: float = 60.0):  # type: ignore[no-untyped-def]
    """``probe()`` once it gives something: mail and certificates come from the job worker."""
    deadline = time.monotonic() + seconds
    while not (found := probe()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert found, "nothing came in time"
    return found


def _register(cluster: Cluster, email: str) -> None:
    """Sign up on the first server, confirm with the mailed link on the second."""
    first, second = (server.url for server in cluster.servers)
    form = {"email": email, "name": "Ada Zwei", "name_zh": "", "locale": "en"}
    answer_ = Browser().post_form(f"{first}/register", {**form, "password": PASSWORD, "confirm": PASSWORD})
    assert answer_.status_code == 200 and 'name="password"' not in answer_.text
    outbox = cluster.instance / "outbox"  # type: ignore[attr-defined]
    mail = _wait(lambda: next((p.read_text() for p in outbox.glob("*.eml") if email in p.read_text()), None))
    link = re.search(r"https?://[^/\s]+(/confirm/\S+)", mail.replace("=\n", ""))
    assert link, mail
    assert "/login" in Browser().get(second + link.group(1)).headers["Location"]


def test_a_visitor_goes_on_through_the_other_server(cluster: Cluster):
    first, second = (server.url for server in cluster.servers)
    assert urlsplit(first).hostname == "127.0.0.1" and urlsplit(second).hostname == "127.0.0.2"
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"
    _register(cluster, email)
    browser = Browser()
    browser.sign_in(first, email)
    page = browser.get(f"{second}/profile")
    assert page.status_code == 200 and 'value="Ada Zwei"' in page.text
    # A form opened on one server is accepted by the other (one secret, one CSRF token).
    fields = {"name": "Ada Drei", "name_zh": "", "locale": "en", "time_zone": ""}
    profile = browser.post_form(f"{first}/profile", fields, url=f"{second}/profile")
    assert profile.status_code in (200, 302), profile.status_code
    assert 'value="Ada Drei"' in browser.get(f"{first}/profile").text
    # Through the balancer, requests reach both servers and the visitor stays signed in throughout.
    served_before = _served(cluster)
    for _ in range(8):
        assert browser.get(f"{cluster.url}/learning").status_code == 200
    served = _served(cluster)
    assert all(served[name] - served_before[name] >= 3 for name in served), (served_before, served)


def _served(cluster: Cluster) -> dict[str, int]:
    """Requests each server got through haproxy (its statistics socket)."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(str(cluster.work / "haproxy.sock"))
        s.sendall(b"show stat\n")
        text = b"".join(iter(lambda: s.recv(65536), b"")).decode()
    rows = [line.split(",") for line in text.splitlines() if line and not line.startswith("#")]
    header = text.splitlines()[0].lstrip("# ").split(",")
    column = header.index("stot")
    return {row[1]: int(row[column]) for row in rows if row[0] == "app_servers" and row[1].startswith("app")}


def test_rate_limits_count_across_both_servers(cluster: Cluster):
    first, second = (server.url for server in cluster.servers)
    browser = Browser(forwarded_for=f"198.51.100.{random.randint(1, 254)}")
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.org"
    codes = []
    for attempt in range(6):
        base = (first, second)[attempt % 2]
        codes.append(browser.post_form(f"{base}/login", {"email": email, "password": "wrong"}).status_code)
    # "5 per minute": five refusals with the form again, the sixth is the limit, on whichever server.
    assert codes == [200, 200, 200, 200, 200, 429], codes
    blocked = browser.post_form(f"{first}/login", {"email": email, "password": "wrong"})
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers


def test_a_certificate_earned_on_one_server_is_downloaded_on_the_other(cluster: Cluster):
    first, second = (server.url for server in cluster.servers)
    email = f"cert-{uuid.uuid4().hex[:8]}@example.org"
    _register(cluster, email)
    browser = Browser()
    browser.sign_in(first, email)
    plan = cluster.plan  # type: ignore[attr-defined]
    course = plan["courses"][0]
    for module in course["modules"]:
        path = f"{first}/courses/{course['slug']}/{module}"
        assert browser.get(path).status_code == 200
        quiz = browser.get(f"{path}/quiz")
        assert quiz.status_code == 200, quiz.status_code
        form = parse_form(quiz.text, "attempt")
        key = plan["key"][f"{course['slug']}/{module}/{form.lang}"]
        sent = browser.request("POST", f"{path}/quiz", data=answer(form, key, random.Random(7)))
        assert sent.status_code == 302 and ATTEMPT.search(sent.headers["Location"]), sent.status_code
        assert "result-pass" in browser.get(first + urlsplit(sent.headers["Location"]).path).text
    # The certificate is issued by the job worker once the completion has committed ("being prepared"
    # until then), and it mails the participant.
    links = _wait(lambda: PDF_LINK.findall(browser.get(f"{second}/certificates").text))
    assert len(links) == 1, links
    issued = re.findall(r"certificate issued: (\S+) ", cluster.job_log())
    assert links[0][1] in issued, cluster.job_log()[-3000:]
    assert "Successfully completed certificates.issue" in cluster.job_log()
    outbox = cluster.instance / "outbox"  # type: ignore[attr-defined]
    ready = _wait(
        lambda: [p for p in outbox.glob("*.eml") if email in p.read_text() and links[0][1] in p.read_text()]
    )
    assert len(ready) == 1, ready
    pdf = browser.get(second + links[0][0])
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and links[0][1].encode() in pdf.content
    # Verification on the first server knows the certificate the second one served.
    assert browser.get(f"{first}/verify/{links[0][1]}").status_code == 200


def test_ending_sessions_reaches_both_servers(cluster: Cluster):
    first, second = (server.url for server in cluster.servers)
    email = f"sessions-{uuid.uuid4().hex[:8]}@example.org"
    _register(cluster, email)
    laptop, phone = Browser(), Browser()
    laptop.sign_in(first, email)
    phone.sign_in(second, email)
    assert all(b.signed_in_at(s) for b in (laptop, phone) for s in (first, second))

    # On the phone, through the first server: "sign out all other sessions". The laptop is out on both.
    ended = phone.post_form(
        f"{first}/profile/sessions", {"password": PASSWORD}, url=f"{first}/profile/sessions/others"
    )
    assert ended.status_code == 302, ended.status_code
    assert not laptop.signed_in_at(second) and not laptop.signed_in_at(first)
    assert phone.signed_in_at(second) and phone.signed_in_at(first)

    # An administrator ends every session from the command line: the phone is out on both servers.
    env = {**base_environment(), **cluster.env, "FLASK_APP": "app"}
    done = subprocess.run([str(BIN / "flask"), "sessions", "end", email], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0 and "ended 1 sessions" in done.stdout, done.stderr[-2000:]
    assert not phone.signed_in_at(first) and not phone.signed_in_at(second)


def test_no_errors_in_the_servers_logs(cluster: Cluster):
    """Last in this file: none of the above left an error or traceback in either server's log."""
    text = cluster.logs()
    assert not re.search(r"\bERROR\b|Traceback", text), text[-3000:]


def test_haproxy_configuration_is_valid(cluster: Cluster):
    checked = subprocess.run(["haproxy", "-c", "-f", str(cluster.work / "haproxy.cfg")],
                             capture_output=True, text=True, timeout=30)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert Path(cluster.work / "haproxy.cfg").read_text().count("check inter") == 2
