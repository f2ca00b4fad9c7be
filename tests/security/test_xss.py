"""Stored and reflected XSS: every text field people fill in, trainer Markdown, participants' answers, and
the query string and path of every page.

Elsewhere: the sanitiser's unit tests (tests/content/test_course_markdown.py), the editor's own checks
(tests/authoring/test_authoring_bad_input.py), junk in the account forms (tests/test_bad_input.py), and the
templates' lack of inline script (tests/main/test_security.py).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.routing import BuildError

from app.auth.models import Role
from app.extensions import db
from app.orgs.models import Membership, Organisation
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.authoring import read
from tests.orgs.org_helpers import make_invitation
from tests.security.html_checks import PAYLOAD, PAYLOADS, SHORT_PAYLOAD, assert_harmless, text_of


def sign_in(client, email: str) -> None:
    client.post("/logout")
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


def page_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


# -- account forms: what the visitor typed comes back in the form, never as markup ---------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_account_forms_echo_input_as_text(client, create_user, payload):
    register = client.post(
        "/register",
        data={"email": payload, "name": payload, "name_zh": payload, "locale": "de", "password": "x" * 10,
              "confirm": "x" * 10},
    )  # fmt: skip
    assert_harmless(register.get_data(as_text=True), payload=payload, where="register")
    for url, data in (
        ("/login", {"email": payload, "password": payload}),
        ("/forgot-password", {"email": payload}),
    ):
        assert_harmless(client.post(url, data=data).get_data(as_text=True), payload=payload, where=url)
    user = create_user(email="anna@example.org")
    sign_in(client, user.email)
    profile = client.post("/profile", data={"name": payload, "name_zh": payload, "locale": "de"})
    assert_harmless(profile.get_data(as_text=True), payload=payload, where="profile")


def test_names_with_quotes_and_ampersands_stay_text(app, client, create_user):
    """Latin names may contain apostrophes: they are escaped in text and in attribute values alike."""
    anna = create_user(email="o'hara&co@example.org", name="Anna O'Hara")
    admin = create_user(Role.ADMIN, email="admin@example.org")
    sign_in(client, anna.email)
    profile = page_of(client, "/profile")
    assert 'value="Anna O&#39;Hara"' in profile
    sign_in(client, admin.email)
    users = page_of(client, "/admin/users?q=o%27hara")
    assert "o&#39;hara&amp;co@<wbr>example<wbr>.org" in users and "o'hara&co@" not in users
    assert_harmless(users, where="admin users")


# -- companies, teams and invitations --------------------------------------------------------------------


def test_company_names_teams_and_invitations(app, client, world, create_user):
    sign_in(client, world.admin.email)
    created = client.post("/admin/companies", data={"name": PAYLOAD}, follow_redirects=True)
    assert_harmless(created.get_data(as_text=True), payload=PAYLOAD, where="company created")
    with app.app_context():
        org_id = db.session.scalar(select(Organisation.id).where(Organisation.name == PAYLOAD))
    assert org_id, "the company was not created"
    client.post(
        "/admin/companies/move",
        data={"email": world.participant.email, "org": str(org_id), "role": "manager"},
    )
    for url in ("/admin/companies", "/admin/audit"):
        assert_harmless(page_of(client, url), payload=PAYLOAD, where=url)
    assert PAYLOAD in text_of(page_of(client, "/admin/companies"))

    sign_in(client, world.participant.email)
    with app.app_context():
        own = db.session.scalar(select(Membership.id).where(Membership.user_id == world.participant.id))
    client.post(f"/company/members/{own}/team", data={"team": PAYLOAD[:60]})
    refused = client.post("/company/invitations", data={"email": PAYLOAD})
    assert refused.status_code == 400
    assert_harmless(refused.get_data(as_text=True), payload=PAYLOAD, where="invitation refused")
    client.post("/company/invitations", data={"email": "o'hara&co@example.org"})
    for url in (
        "/company",
        "/company/dashboard",
        "/company/invitations",
        "/company/dashboard?team=" + PAYLOAD[:60],
    ):
        page = page_of(client, url)
        assert_harmless(page, payload=PAYLOAD, where=url)
        assert_harmless(page, payload=PAYLOAD[:60], where=url)
    dashboard = page_of(client, "/company/dashboard")
    assert PAYLOAD in text_of(dashboard) and PAYLOAD[:60] in text_of(dashboard)
    assert "o'hara&co@" not in page_of(client, "/company/invitations")

    with app.app_context():
        manager = db.session.get(type(world.participant), world.participant.id)
        code = make_invitation(app, org_id, manager)
    newcomer = create_user(email="new@example.org", locale="en")
    sign_in(client, newcomer.email)
    join = page_of(client, f"/join/{code}")
    assert_harmless(join, payload=PAYLOAD, where="join link")
    assert PAYLOAD in text_of(join)


# -- trainer Markdown -------------------------------------------------------------------------------------

#: Every way we know to smuggle script into Markdown: raw HTML, SVG, MathML, URL schemes with their
#: disguises, data: URLs for links and images, forms, meta refresh, base, inline style, and a template.
HOSTILE_MARKDOWN = """

Sichtbarer Text vor den Angriffen.

<script>alert(1337)</script>

<svg onload="alert(1337)"><circle r="5"/></svg>

<svg><script>alert(1337)</script><a xlink:href="javascript:alert(1337)"><text>svg link</text></a></svg>

<img src=x onerror="alert(1337)"> <img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">

[js link](javascript:alert(1337)) [JS](JaVaScRiPt:alert(1337)) [entity](&#106;avascript:alert(1337))
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))
<javascript:alert(1337)> [ref link][r]

[r]: javascript:alert(1337)

![svg image](data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E) ![remote](https://evil.example/x.svg)

<a href="javascript:alert(1337)" onclick="alert(1337)">raw link</a> <a href="data:text/html,x">raw data link</a>

<iframe srcdoc="<script>alert(1337)</script>"></iframe> <object data="javascript:alert(1)"></object>

<math><mtext><table><mglyph><style><img src=x onerror=alert(1337)></style></mglyph></table></mtext></math>

<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>

<meta http-equiv="refresh" content="0;url=javascript:alert(1)"> <base href="javascript:alert(1)//">

<details open ontoggle=alert(1337)>d</details> <p style="background:url(javascript:alert(1))">styled</p>

:::warning <img src=x onerror=alert(1337)>
Callout <svg onload=alert(1337)>
:::

{{1337*1337}} {% raw %}

Sichtbarer Text nach den Angriffen.
"""

INLINE_ATTACKS = (
    "<script>alert(1337)</script><img src=x onerror=alert(1337)><svg onload=alert(1337)></svg> "
    "[js](javascript:alert(1337)) [data](data:text/html,x) ![i](data:image/svg+xml,x) {{1337*1337}} "
)


@pytest.fixture
def trainer_client(client, assigned):
    sign_in(client, "trainer@example.org")
    return client


def test_module_markdown_is_harmless_in_preview_and_for_learners(app, trainer_client, sample):
    client = trainer_client
    url = "/trainer/courses/sample/basics/module/de"
    text = read(sample, "module.de.md") + HOSTILE_MARKDOWN
    preview = client.post(url, data={"source": text, "preview": "Preview"}).get_data(as_text=True)
    assert_harmless(preview, where="preview")
    assert "Sichtbarer Text nach den Angriffen." in text_of(preview)
    assert 'src="https://evil.example' not in preview  # and the checker refuses to publish it:
    text = text.replace(" ![remote](https://evil.example/x.svg)", "")
    assert client.post(url, data={"source": text, "publish": "Publish"}).status_code == 302
    for page_url in (url, url + "/revisions/2"):
        assert_harmless(page_of(client, page_url), where=page_url)
    sign_in(client, "participant@example.org")
    learner = page_of(client, "/courses/sample/basics")
    assert_harmless(learner, where="module page")
    assert "Sichtbarer Text nach den Angriffen." in text_of(learner) and "raw link" in learner
    assert "evil.example" not in learner


def test_quiz_markdown_is_harmless_in_preview_quiz_and_result(app, trainer_client, sample, taker):
    client = trainer_client
    url = "/trainer/courses/sample/basics/quiz/de"
    text = read(sample, "quiz.de.md")
    for plain in ("Wer erhält in China", "Wer die Marke zuerst benutzt", "In China zählt grundsätzlich",
                  "Denken Sie an das Prinzip", "China folgt dem Prinzip „first to file“: Wer"):  # fmt: skip
        assert plain in text, plain
        text = text.replace(plain, INLINE_ATTACKS + plain, 1)
    preview = client.post(url, data={"source": text, "preview": "Preview"}).get_data(as_text=True)
    assert_harmless(preview, where="quiz preview")
    published = client.post(url, data={"source": text, "publish": "Publish"})
    assert published.status_code == 302, published.get_data(as_text=True)[-2000:]
    sign_in(client, "participant@example.org")
    assert_harmless(page_of(client, "/courses/sample/basics/quiz"), where="quiz")
    _attempt, result = taker.take(right=False)
    page = (
        client.get(result.headers["Location"]).get_data(as_text=True)
        if result.status_code == 302
        else (result.get_data(as_text=True))
    )
    assert_harmless(page, where="quiz result")
    assert "Wer erhält in China" in text_of(page)


def test_typed_answers_reach_trainers_as_text(app, client, sample, taker, users):
    sign_in(client, "participant@example.org")
    attempt_id, quiz, layout = taker.open()
    data = taker.form(attempt_id, quiz, layout, right=False)
    text_fields = [q["id"] for q in quiz["questions"] if q["type"] == "text"]
    assert text_fields
    for qid in text_fields:
        data[f"q-{qid}"] = PAYLOAD
    response = client.post("/courses/sample/basics/quiz", data=data, follow_redirects=True)
    assert response.status_code == 200
    result = response.get_data(as_text=True)
    assert_harmless(result, payload=PAYLOAD, where="result")
    assert PAYLOAD in text_of(result)
    sign_in(client, "trainer@example.org")
    with app.app_context():
        from app.courses.models import Course, CourseTrainer

        course_id = db.session.scalar(select(Course.id).where(Course.slug == "sample"))
        db.session.add(CourseTrainer(course_id=course_id, user_id=users["trainer"]))
        db.session.commit()
    stats = page_of(client, "/trainer/courses/sample/basics/stats")
    assert_harmless(stats, payload=PAYLOAD, where="statistics")
    assert "alert(1)" in text_of(stats)  # normalised and shortened, as text
    cohort = page_of(client, "/trainer/courses/sample/cohort?q=" + SHORT_PAYLOAD)
    assert_harmless(cohort, payload=SHORT_PAYLOAD, where="cohort")


# -- certificates: the notes on issue and revocation are shown to admins, never to those who verify -------


def test_certificate_notes_in_the_admin_list_and_not_on_the_public_page(
    app, client, runner, sample, create_user
):
    anna = create_user(email="anna@example.org")
    admin = create_user(Role.ADMIN, email="admin@example.org")
    issued = runner.invoke(
        args=["certs", "issue", "--email", anna.email, "--course", "sample", "--reason", PAYLOAD]
    )
    assert issued.exit_code == 0, issued.output
    public_id = issued.output.strip()
    sign_in(client, admin.email)
    client.post(f"/admin/certificates/{public_id}/revoke", data={"category": "other", "note": PAYLOAD})
    assert_harmless(page_of(client, "/admin/certificates"), payload=PAYLOAD, where="admin list")
    client.post("/logout")
    page = page_of(client, f"/verify/{public_id}")
    assert_harmless(page, payload=PAYLOAD, where="verification page")
    assert " ".join(PAYLOAD.split()) not in text_of(page)
    answer = client.get(f"/verify/{public_id}", headers={"Accept": "application/json"})
    assert answer.mimetype == "application/json" and answer.headers["X-Content-Type-Options"] == "nosniff"


# -- reflected: every page, with hostile query strings and path parts ---------------------------------------

#: Real values for URL parts, so that pages render fully and show what they reflect.
REAL_VALUES = {"slug": "sample", "module_slug": "basics", "kind": "module", "lang": "de"}
#: Query parameters the pages read (searches, filters, ids, redirects), and some they do not.
QUERY_NAMES = (
    "q", "id", "next", "status", "page", "kind", "email", "team", "course", "lang", "module", "revision",
    "attempts", "format", "table", "issued", "sort", "filter", "search", "code", "error", "message",
)  # fmt: skip


def _urls(app, rule) -> list[str]:
    """The rule with real values and the query payload, and with the short payload in its text parts."""
    adapter = app.url_map.bind("localhost")
    real, hostile = {}, {}
    for name, converter in rule._converters.items():
        numeric = type(converter).__name__ in ("IntegerConverter", "FloatConverter")
        real[name] = 1 if numeric else REAL_VALUES.get(name, "x")
        hostile[name] = 1 if numeric else SHORT_PAYLOAD
    urls = []
    for values, query in ((real, {key: PAYLOAD for key in QUERY_NAMES}), (hostile, {})):
        try:
            urls.append(adapter.build(rule.endpoint, {**values, **query}, method="GET"))
        except BuildError:
            continue
        if not rule.arguments:
            break
    return urls


@pytest.mark.parametrize("role", ["admin", "manager", "anonymous"])
def test_no_page_reflects_markup(app, client, world, role):
    if role != "anonymous":
        sign_in(client, world.admin.email if role == "admin" else world.manager.email)
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        for url in _urls(app, rule):
            response = client.get(url)
            assert response.status_code < 500, (url, response.status_code)
            body = response.get_data().decode("utf-8", "replace")
            if response.mimetype == "text/html":
                assert_harmless(body, payload=PAYLOAD, where=url)
                assert_harmless(body, payload=SHORT_PAYLOAD, where=url)
                checked += 1
            elif "<svg" in body or "<script" in body:
                assert response.mimetype in ("application/json", "text/csv"), (url, response.mimetype)
            location = response.headers.get("Location", "")
            assert not re.match(r"\s*(javascript|data|vbscript):", location, re.I), (url, location)
    assert checked > 30
