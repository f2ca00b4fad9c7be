"""Every route and API endpoint, walked as each persona (anonymous, participant, members and managers of two
companies, an assigned and an unassigned trainer, admin), with the other side's ids, sequential and guessed
ids; the expected answers are in tests/access/expectations.py. A refused POST must change nothing.

Then the promise of issue 7: a manager never sees another company's people or certificates, neither on the
pages nor in the CSV, XLSX and ZIP downloads nor through the HR API with the company's token.
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.routing import IntegerConverter

from tests.access.expectations import (
    ANONYMOUS,
    CASES,
    LOGIN,
    MANAGER_A,
    MANAGER_B,
    PERSONAS,
    SHOWS_HOLDER,
    STRANGERS,
    Case,
)
from tests.access.scene import MAX_ID, Scene, changed_tables, snapshot

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _rules(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - IGNORED_METHODS
    }


class _AnyId(dict):
    """Placeholder values for matching the templates against the URL map without a database."""

    def __missing__(self, key: str) -> str:
        return "1"


def test_every_endpoint_is_classified(app):
    """A route without an entry in expectations.py fails here: decide who may use it, then add it."""
    covered = {(case.endpoint, case.method) for case in CASES}
    missing = sorted(_rules(app) - covered)
    assert not missing, (
        "endpoints without expectations (add them to tests/access/expectations.py): "
        + ", ".join(f"{method} {endpoint}" for endpoint, method in missing)
    )
    stale = sorted(covered - _rules(app))
    assert not stale, f"expectations for endpoints that no longer exist: {stale}"
    adapter = app.url_map.bind("localhost")
    for case in CASES:
        path = case.path.format_map(_AnyId()).split("?")[0]
        endpoint, _args = adapter.match(path, method=case.method)
        assert endpoint == case.endpoint, f"{case.method} {case.path} reaches {endpoint}, not {case.endpoint}"
        assert set(case.expect) == set(PERSONAS), (
            f"{case.method} {case.path}: expectations for {set(case.expect)}"
        )


def test_numeric_ids_in_urls_are_bounded(app):
    """Ids beyond the database's integer range would crash the query (a 500 instead of a 404)."""
    unbounded = [
        f"{rule.rule} ({name})"
        for rule in app.url_map.iter_rules()
        for name, converter in rule._converters.items()
        if isinstance(converter, IntegerConverter) and (converter.max is None or converter.max > MAX_ID)
    ]
    assert not unbounded, f"use <int(max=2147483647):...> in {unbounded}"


def _wrong_methods(app) -> list[Case]:
    """GET on every path that only takes POST: 405 for everyone (one path per endpoint)."""
    adapter = app.url_map.bind("localhost")
    found: dict[str, Case] = {}
    for case in CASES:
        if case.method != "POST" or case.endpoint in found:
            continue
        try:
            adapter.match(case.path.format_map(_AnyId()), method="GET")
        except MethodNotAllowed:
            found[case.endpoint] = Case(case.endpoint, "GET", case.path, dict.fromkeys(PERSONAS, 405))
    return list(found.values())


def _token(case: Case, persona: str, scene: Scene) -> str | None:
    if case.token == "company":
        return {MANAGER_A: scene.secrets["a"], MANAGER_B: scene.secrets["b"]}.get(persona)
    if case.token == "bogus":
        return "cva_" + "x" * 43
    return scene.secrets[case.token] if case.token else None


def _send(client, case: Case, persona: str, scene: Scene, csrf_token: str):  # type: ignore[no-untyped-def]
    """The request as sent (its text, to tell echoes from leaks) and the response."""
    path = case.path.format_map(scene.ids)
    secret = _token(case, persona, scene)
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    if case.method == "GET":
        return path, client.get(path, headers=headers)
    data = {key.format_map(scene.ids): value.format_map(scene.ids) for key, value in case.data.items()}
    sent = path + " " + " ".join(data.values())
    return sent, client.post(path, data={**data, "csrf_token": csrf_token}, headers=headers)


def _readable(data: bytes) -> bytes:
    """The bytes of a response, with ZIP containers (XLSX, the certificates' ZIP) opened: names and contents
    (XML parts with their character references resolved)."""
    if not data.startswith(b"PK"):
        return data
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            content = archive.read(name)
            if name.endswith(".xml"):
                content = html.unescape(content.decode("utf-8")).encode()
            parts += [name.encode(), content]
    return b"\n".join(parts)


def _leaks(case: Case, persona: str, scene: Scene, sent: str, response) -> list[str]:  # type: ignore[no-untyped-def]
    """Names, e-mail addresses and teams of a company that ``persona`` is a stranger to, found in the answer
    (unless the request itself carried them, or the page is a public verification)."""
    if case.endpoint in SHOWS_HOLDER:
        return []
    body = _readable(response.get_data())
    if response.is_json:
        body = json.dumps(response.get_json(), ensure_ascii=False).encode()
    return [
        mark
        for side, strangers in STRANGERS.items()
        if persona in strangers
        for mark in scene.private[side]
        if mark.encode() in body and mark not in sent
    ]


def _outcome(response) -> int | str:  # type: ignore[no-untyped-def]
    if response.status_code == 302 and urlsplit(response.location).path == "/login":
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_walk(app, client, scene, login, persona):
    if persona != ANONYMOUS:
        login(scene.emails[persona])
    csrf_token = client.csrf_token()  # valid for the whole session
    problems, known = [], None  # the database as the last guarded request left it
    for case in _wrong_methods(app) + CASES:
        guard = case.method == "POST" and persona not in case.writes
        before = (known or snapshot(app)) if guard else None
        sent, response = _send(client, case, persona, scene, csrf_token)
        path = sent.split(" ")[0]
        label = f"{case.method} {path}" + (f" (token {case.token})" if case.token else "") + f" as {persona}"
        expected, got = case.expect[persona], _outcome(response)
        if got != expected:
            problems.append(f"{label}: expected {expected}, got {got}")
        known = snapshot(app) if guard else None
        if before is not None and (changed := changed_tables(before, known)):
            problems.append(f"{label}: changed {', '.join(changed)} (expected no change)")
        if leaked := _leaks(case, persona, scene, sent, response):
            problems.append(f"{label}: shows {', '.join(leaked)}")
    assert not problems, "\n".join(problems)


# -- a manager never sees another company's people --------------------------------------------------------

PAGES = (
    "/company",
    "/company/dashboard",
    "/company/dashboard?status=completed",
    "/company/report.csv",
    "/company/report.xlsx",
    "/company/certificates.zip",
    "/company/invitations",
    "/company/api-tokens",
)


def _api_pages(client, path: str, secret: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every page of an API list, one item per page, following the ``next`` links."""
    pages, url = [], f"{path}?per_page=1"
    while url:
        response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        pages.append(response.get_json())
        following = pages[-1]["links"]["next"]
        url = following and urlsplit(following).path + "?" + urlsplit(following).query
        assert len(pages) < 50, "the API keeps paging"
    return pages


@pytest.mark.parametrize(("own", "other"), [("a", "b"), ("b", "a")])
def test_a_manager_never_sees_another_companys_people(app, client, scene, login, own, other):
    login(scene.emails[f"manager_{own}"])
    documents = {}
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, f"GET {path} as manager_{own}: {response.status_code}"
        documents[path] = _readable(response.get_data())
    member_ids: set[int] = set()
    for path in ("/api/v1/members", "/api/v1/progress", "/api/v1/certificates"):
        pages = _api_pages(client, path, scene.secrets[own])
        documents[f"{path} (token {own})"] = json.dumps(pages, ensure_ascii=False).encode()
        for page in pages:
            for item in page["data"]:
                member_ids.add(item["id"] if path.endswith("/members") else item["member_id"])
    leaks = defaultdict(list)
    for where, data in documents.items():
        for mark in scene.marks[other]:
            if mark.encode() in data:
                leaks[where].append(mark)
    assert not leaks, f"manager_{own} sees company {other.upper()}'s " + "; ".join(
        f"{where}: {', '.join(found)}" for where, found in leaks.items()
    )
    assert member_ids == scene.people[own], f"the API with {own.upper()}'s token lists members {member_ids}"
    # Not vacuous: the own company's member and certificate are there.
    own_member, own_certificate = scene.private[own][1], scene.ids[f"cert_{own}"]
    for path in (
        "/company/dashboard",
        "/company/report.csv",
        "/company/report.xlsx",
        "/company/certificates.zip",
    ):
        assert own_member.encode() in documents[path], f"{path} lacks {own_member}"
    assert own_certificate.encode() in documents["/company/certificates.zip"]
    assert own_certificate.encode() in documents[f"/api/v1/certificates (token {own})"]
