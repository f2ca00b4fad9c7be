"""Parts of pages rendered once and served from memory (app/web/fragments.py): the layout's header per
language and kind of visitor, a module's text and navigation per published content. None of them may show
one person's state to another, a stale title after a publish (on any server), or the wrong language."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from flask import g
from markupsafe import escape
from sqlalchemy import select

from app import create_app
from app.auth.models import Role, User
from app.courses.models import CourseTrainer, Module
from app.extensions import db
from app.orgs import services as orgs
from app.progress.models import CourseProgress, ModuleProgress
from app.quizzes.models import EXTRA_ATTEMPT, QuizAttempt, QuizOverride
from app.timeutil import utcnow
from tests.fixtures.accounts import Auth
from tests.fixtures.learning import import_folder

MODULE = "/courses/sample/basics"


@pytest.fixture
def other_server(app):
    """A second app on the same database, as a second gunicorn host would be."""
    other = create_app({**app.config, "TESTING": True})
    other.test_client_class = app.test_client_class
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _signed_in(app, email: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert Auth(client).login(email).status_code == 302
    return client


def _attempt(user_id: int, module: Module, submitted_at: datetime, percent: float = 80.0) -> QuizAttempt:
    """A passed first attempt at ``module``'s quiz."""
    return QuizAttempt(
        user_id=user_id, module_id=module.id, quiz_revision_id=module.current_quiz_id, number=1, lang="de",
        layout={}, responses={}, results={}, score=1.0, max_score=1.0, submitted_at=submitted_at,
        percent=percent, pass_mark=50.0, passed=True,
    )  # fmt: skip


def _nav(page: str) -> str:
    return re.search(r'<ol class="module-nav">.*?</ol>', page, re.S).group(0)


def test_a_module_retitled_on_one_server_shows_its_new_title_on_the_other(
    app, sample, other_server, create_user
):
    user = create_user()
    there = _signed_in(other_server, user.email)
    page = there.get(MODULE).get_data(as_text=True)
    assert "die Grundlagen" in _nav(page)
    assert "die Grundlagen" in there.get(MODULE).get_data(as_text=True)  # now from the other's memory

    text = sample / "basics" / "module.de.md"
    text.write_text(text.read_text().replace("die Grundlagen", "das Wichtigste"))
    import_folder(app, sample)  # published through the first server

    page = there.get(MODULE).get_data(as_text=True)
    assert "das Wichtigste" in _nav(page) and "die Grundlagen" not in page


def test_a_module_retitled_on_one_server_shows_its_new_title_in_my_learnings_results_on_the_other(
    app, sample, other_server, create_user
):
    """The latest results' module titles are kept per content stamp: a publish shows the new title."""
    user = create_user()
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        db.session.add(_attempt(user.id, module, utcnow()))
        db.session.commit()
    there = _signed_in(other_server, user.email)
    for _ in range(2):  # the second from the other's memory
        assert "<td>Schutzrechte in China – die Grundlagen</td>" in there.get("/learning").get_data(
            as_text=True
        )

    text = sample / "basics" / "module.de.md"
    text.write_text(text.read_text().replace("die Grundlagen", "das Wichtigste"))
    import_folder(app, sample)  # published through the first server

    page = there.get("/learning").get_data(as_text=True)
    assert "<td>Schutzrechte in China – das Wichtigste</td>" in page and "die Grundlagen" not in page


def test_my_learnings_kept_result_lines_follow_the_viewers_zone_and_language(app, sample, create_user):
    """A line of the latest results is kept per app, for the next visit: another zone in the profile or
    another language shows the same result in that zone and language, not the line kept before."""
    user = create_user()
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        db.session.add(_attempt(user.id, module, datetime(2026, 12, 5, 23, 59)))
        db.session.commit()
    client = _signed_in(app, user.email)
    for _ in range(2):  # the second from memory
        page = client.get("/learning").get_data(as_text=True)
        assert "<tr><td>6.12.2026, 00:59 MEZ</td>" in page and ">Bestanden</a>" in page
    with app.app_context():
        db.session.get(User, user.id).timezone = "America/New_York"
        db.session.commit()
    page = client.get("/learning").get_data(as_text=True)
    assert "<tr><td>5.12.2026, 18:59 UTC-5</td>" in page and "00:59" not in page
    client.post("/language", data={"lang": "en"})
    page = client.get("/learning").get_data(as_text=True)
    assert ">Passed</a>" in page and "Bestanden" not in page


def test_the_navigation_follows_the_language(app, client, sample, create_user):
    user = create_user()
    Auth(client).login(user.email)
    german = client.get(MODULE).get_data(as_text=True)
    client.post("/language", data={"lang": "en"})
    english = client.get(MODULE).get_data(as_text=True)
    client.post("/language", data={"lang": "zh"})
    chinese = client.get(MODULE).get_data(as_text=True)
    assert "die Grundlagen" in _nav(german) and "Kurse" in german
    assert "the basics" in _nav(english) and "die Grundlagen" not in english and ">Courses<" in english
    assert "在华知识产权基础知识" in _nav(chinese) and '<html lang="zh-Hans">' in chinese


def test_one_participants_quiz_result_is_not_shown_to_another(app, sample, create_user):
    passed, fresh = create_user(), create_user()
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        db.session.add(_attempt(passed.id, module, utcnow(), percent=100.0))
        db.session.commit()
    first = _signed_in(app, passed.email).get(MODULE).get_data(as_text=True)
    second = _signed_in(app, fresh.email).get(MODULE).get_data(as_text=True)
    assert "Quiz bestanden" in first and "Zum Quiz" not in first
    assert "Zum Quiz" in second and "Quiz bestanden" not in second
    assert _nav(first) == _nav(second)  # the navigation is the same for both: shared


def test_the_header_is_per_kind_of_visitor(app, sample, create_user):
    admin, member, manager = create_user(Role.ADMIN), create_user(), create_user()
    with app.app_context():
        org = orgs.create_org("Acme GmbH")
        orgs.add_manager(org, db.session.get(User, manager.id))
        db.session.commit()
    pages = {
        name: _signed_in(app, user.email).get("/courses").get_data(as_text=True)
        for name, user in (("admin", admin), ("member", member), ("manager", manager))
    }
    pages["anonymous"] = app.test_client().get("/courses").get_data(as_text=True)
    assert "Administration" in pages["admin"] and "Administration" not in pages["member"]
    assert "Unternehmensübersicht" in pages["manager"] and "Unternehmensübersicht" not in pages["member"]
    assert "Abmelden" not in pages["anonymous"] and "Anmelden" in pages["anonymous"]
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"', page).group(1) for page in pages.values()]
    assert len(set(tokens)) == 4  # each browser gets its own token in the shared header


def test_two_visitors_in_turn_each_get_their_own_header_and_messages_in_the_kept_layout(
    app, sample, create_user
):
    """The four pages keep their whole layout (fragments.render_page): taking turns, each visitor still gets
    the navigation of their kind, their own CSRF token (accepted for them, refused for the other), the page
    they asked for in the language form (escaped) and the messages flashed to them, once."""
    admin = create_user(Role.ADMIN, name='<b>&"Admin')
    reader = create_user(name='<i>"Reader&')
    clients = {"admin": _signed_in(app, admin.email), "reader": _signed_in(app, reader.email)}
    tokens: dict[str, str] = {}
    for turn in range(2):
        for who, client in clients.items():
            if turn == 1 and who == "admin":
                with client.session_transaction() as session:
                    session["_flashes"] = [("info", '<b>&"Gespeichert')]
            for path in (MODULE, "/courses/sample", "/learning", "/courses"):
                asked = f'{path}?who={who}&x=<b>&"'
                page = client.get(asked).get_data(as_text=True)
                assert f'name="next" value="{escape(asked)}"' in page
                assert (">Administration</a></li>" in page) == (who == "admin") and "Abmelden" in page
                flashed = '<p class="flash flash-info" role="status">&lt;b&gt;&amp;&#34;Gespeichert</p>'
                assert page.count(flashed) == (turn == 1 and who == "admin" and path == MODULE)
                assert "\x00" not in page
                shown = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
                assert len(shown) == 1
                tokens[who] = shown.pop()
        assert tokens["admin"] != tokens["reader"]
        for who, other in (("admin", "reader"), ("reader", "admin")):
            language = {"lang": "de", "next": "/courses"}
            refused = clients[who].post("/language", data={**language, "csrf_token": tokens[other]})
            assert refused.status_code == 400
            accepted = clients[who].post("/language", data={**language, "csrf_token": tokens[who]})
            assert accepted.status_code == 302


def test_the_kept_pages_bytes_are_the_whole_rendered_pages(app, sample, create_user):
    """The four pages are joined from kept UTF-8 pieces (fragments.render_page), Chinese text included: the
    same text and headers as the page rendered whole (as it is with a flashed message), less the message
    (and the blank lines around it)."""
    client = _signed_in(app, create_user(name="李伟", locale="zh").email)
    token, flashes = (
        re.compile(rb'(name="csrf_token" value=")[^"]+'),
        re.compile(rb'<div class="flashes">.*?</div>', re.S),
    )
    for path in (MODULE, "/courses/sample", "/learning", "/courses"):
        kept = client.get(path)
        with client.session_transaction() as session:
            session["_flashes"] = [("info", "已保存")]
        whole = client.get(path)
        assert "已保存".encode() in whole.data and "课程".encode() in kept.data  # Courses
        pages = [token.sub(rb"\1", flashes.sub(b"", page.data)).split() for page in (kept, whole)]
        assert pages[0] == pages[1]
        for response in (kept, whole):
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
            assert response.headers["Content-Length"] == str(len(response.data))


def test_a_membership_change_drops_the_requests_manager_answer(app, create_user):
    """The manager question rides on the session check; a change of memberships in the same request
    drops that answer, so the header asks again."""
    user = create_user()
    with app.test_request_context():
        g.company_manager = False  # as the session check left it
        org = orgs.create_org("Beta AG")
        orgs.add_manager(org, db.session.get(User, user.id))  # flushes the membership
        assert "company_manager" not in g
        db.session.rollback()


def _modules(page: str) -> str:
    return re.search(r'<ol class="module-list">.*?</ol>', page, re.S).group(0)


def test_one_participants_module_statuses_are_not_shown_to_another(app, sample, create_user):
    """The course page's module list is shared; the status beside each module and a quiz a trainer
    granted again are the person's own, whoever's page was rendered first."""
    passed, fresh, granted = create_user(), create_user(), create_user()
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        db.session.add(
            ModuleProgress(
                user_id=passed.id, module_id=module.id, course_id=module.course_id, status="passed"
            )
        )
        db.session.add(
            QuizOverride(user_id=granted.id, module_id=module.id, kind=EXTRA_ATTEMPT, sequence=1, reason="x")
        )
        db.session.commit()
    #: client → (its status badge, whether its quiz was granted again)
    expected = {
        _signed_in(app, passed.email): ("badge-done", "Bestanden", False),
        _signed_in(app, fresh.email): ("badge-todo", "Nicht begonnen", False),
        _signed_in(app, granted.email): ("badge-todo", "Nicht begonnen", True),
    }
    clients = list(expected)
    for order in (clients, clients[::-1]):  # each first once: the first page fills the shared list
        app.extensions.get("fragments", {}).clear()
        for client in (*order, *order):
            modules = _modules(client.get("/courses/sample").get_data(as_text=True))
            badge, words, quiz_granted = expected[client]
            assert f'<span class="badge {badge}">{words}</span>' in modules
            assert modules.count('class="badge') == 1
            assert ("quiz-granted" in modules) is quiz_granted
    anonymous = _modules(app.test_client().get("/courses/sample").get_data(as_text=True))
    assert "badge" not in anonymous and "quiz-granted" not in anonymous and "\x00" not in anonymous


def test_the_module_status_word_follows_the_language_from_one_request_to_the_next(app, sample, create_user):
    """The badge words are kept per language's catalog: each request shows its own language's word."""
    client = _signed_in(app, create_user().email)
    for lang, words in (
        ("de", "Nicht begonnen"),
        ("en", "Not started"),
        ("zh", "未开始"),
        ("de", "Nicht begonnen"),
    ):
        client.post("/language", data={"lang": lang})
        assert f'<span class="badge badge-todo">{words}</span>' in _modules(
            client.get("/courses/sample").get_data(as_text=True)
        )


def test_a_trainer_assigned_shows_on_the_course_page_at_the_next_request(app, sample, create_user):
    """The trainers are not part of the published content (no new stamp): they are in the facts' key."""
    reader, trainer = create_user(), create_user(role=Role.TRAINER, name="Tina Trainer")
    client = _signed_in(app, reader.email)
    page = client.get("/courses/sample").get_data(as_text=True)
    assert "ChInValue Academy Trainer Team" in page and "Tina Trainer" not in page
    with app.app_context():
        course_id = db.session.scalar(select(Module.course_id).where(Module.slug == "basics"))
        db.session.add(CourseTrainer(course_id=course_id, user_id=trainer.id))
        db.session.commit()
    page = client.get("/courses/sample").get_data(as_text=True)
    assert "Tina Trainer" in page and "ChInValue Academy Trainer Team" not in page


def test_a_course_retitled_on_one_server_shows_on_my_learning_on_the_other(
    app, sample, other_server, create_user
):
    user = create_user()
    there = _signed_in(other_server, user.email)
    assert there.get(MODULE).status_code == 200  # the course is in progress: its card is on "My learning"
    assert "Beispielkurs – Schutzrechte" in there.get("/learning").get_data(as_text=True)
    assert "Beispielkurs – Schutzrechte" in there.get("/learning").get_data(as_text=True)  # from memory

    yaml = sample / "course.yaml"
    yaml.write_text(yaml.read_text().replace("Beispielkurs – Schutzrechte", "Neuer Kurs – Schutzrechte"))
    import_folder(app, sample)  # published through the first server

    page = there.get("/learning").get_data(as_text=True)
    assert "Neuer Kurs – Schutzrechte" in page and "Beispielkurs" not in page


def test_one_participants_progress_is_not_shown_to_another(app, sample, create_user):
    """The course page, the catalogue and the cards of "My learning" are shared per state (not started, at
    a percentage, completed); the date of completion (in the person's time zone) and the course score are
    the person's own, whoever's page was rendered first."""
    berlin, shanghai, halfway, fresh = create_user(), create_user(), create_user(), create_user()
    with app.app_context():
        course_id = db.session.scalar(select(Module.course_id).where(Module.slug == "basics"))
        db.session.get(User, shanghai.id).timezone = "Asia/Shanghai"
        done = datetime(2026, 11, 30, 20, 0)  # 21:00 in Berlin, 04:00 the next day in Shanghai
        for user, score in ((berlin, 90.0), (shanghai, 75.5)):
            db.session.add(
                CourseProgress(
                    user_id=user.id,
                    course_id=course_id,
                    percent=100.0,
                    completed_at=done,
                    score_percent=score,
                )
            )
        db.session.add(CourseProgress(user_id=halfway.id, course_id=course_id, percent=40.0))
        db.session.commit()
    #: client → what its course page, its catalogue and its "My learning" show, and what none may show
    expected = {
        _signed_in(app, berlin.email): (
            ["30. November 2026"],
            ["30.11.2026"],
            ["30. November 2026", "Kursergebnis: 90"],
            ["Dezember 2026", "01.12.2026", "valuenow", "75,5"],
        ),
        _signed_in(app, shanghai.email): (
            ["1. Dezember 2026"],
            ["01.12.2026"],
            ["1. Dezember 2026", "Kursergebnis: 75,5"],
            ["30. November", "30.11.2026", "valuenow", "Kursergebnis: 90"],
        ),
        _signed_in(app, halfway.email): (
            ['aria-valuenow="40"', "weitermachen"],
            ['aria-valuenow="40"', "Fortsetzen"],
            ['aria-valuenow="40"'],
            ["30. November", "Dezember", "Kurs beginnen", "Kursergebnis"],
        ),
        _signed_in(app, fresh.email): (
            ['aria-valuenow="0"', "Kurs beginnen"],
            ["Kurs ansehen"],
            [],
            ['valuenow="40"', "weitermachen", "Fortsetzen", "30. November", "Dezember", "Kursergebnis"],
        ),
    }
    clients = list(expected)
    for order in (clients, clients[::-1]):  # each first once: the first page fills the shared parts
        app.extensions.get("fragments", {}).clear()
        for client in (*order, *order):
            pages = [
                client.get(path).get_data(as_text=True)
                for path in ("/courses/sample", "/courses", "/learning")
            ]
            *shown, never = expected[client]
            for page, texts in zip(pages, shown, strict=True):
                assert all(text in page for text in texts), texts
            assert not [text for text in never if text in "".join(pages)], never
            assert "\x00" not in "".join(pages)


def test_a_full_store_drops_its_oldest_fragments_first(app, monkeypatch):
    """Past its size the store forgets the oldest fragments (an older stamp's), not everything at once."""
    from jinja2 import ChoiceLoader, DictLoader

    from app.web import fragments

    monkeypatch.setattr(fragments, "LIMIT", 30)
    loader = ChoiceLoader([DictLoader({"probe.html": "{{ text }}"}), app.jinja_env.loader])
    monkeypatch.setattr(app.jinja_env, "loader", loader)
    with app.test_request_context("/"):
        store = app.extensions.setdefault("fragments", fragments.Store())
        store.clear()
        for stamp in range(4):  # each fragment is "[stamp]" plus 7 spaces: 10 characters
            fragments.fragment("probe.html", ("probe", stamp), text=f"[{stamp}]" + " " * 7)
        assert [key[-1] for key in store] == [1, 2, 3]
        assert store.size == 30
        again = fragments.fragment("probe.html", ("probe", 3), text="other")
        assert str(again) == "[3]       "  # still kept: the newest one is served, not rendered again


def test_the_store_keeps_its_count_when_threads_fill_it_at_once(monkeypatch):
    """The development server serves in threads: fragments kept at the same time by several must neither
    fail (a dict changed while the oldest is looked for) nor let the count of characters drift."""
    import sys
    import threading

    from app.web import fragments

    monkeypatch.setattr(fragments, "LIMIT", 50)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    store, failures = fragments.Store(), []

    def fill(thread: int) -> None:
        try:
            for number in range(3000):
                store.keep((thread, number), ("x" * (1 + number % 9),))
        except Exception as exc:  # noqa: BLE001  (any failure is the finding)
            failures.append(exc)

    try:
        threads = [threading.Thread(target=fill, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switch)
    assert failures == []
    assert store.size == sum(len(html) for (html,) in store.values()) <= 50


def test_my_learnings_kept_body_is_each_persons_own_page_whoever_came_first(app, sample, create_user):
    """My learning's body is kept per number of cards and sections shown: a person with a course and results,
    one with a course only, one who completed it (suggestions shown, as to one with nothing) and one with
    nothing get, in either order, the page rendered for them alone."""
    with_results, started, done, fresh = create_user(), create_user(), create_user(), create_user()
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        for user in (with_results, started):
            db.session.add(CourseProgress(user_id=user.id, course_id=module.course_id, percent=40.0))
        db.session.add(
            CourseProgress(user_id=done.id, course_id=module.course_id, percent=100.0, completed_at=utcnow())
        )
        db.session.add(_attempt(with_results.id, module, datetime(2026, 12, 1, 9, 0)))
        db.session.commit()
    clients = [_signed_in(app, user.email) for user in (with_results, started, done, fresh)]

    def page(client) -> str:  # type: ignore[no-untyped-def]
        html = client.get("/learning").get_data(as_text=True)
        return re.sub(r'(name="csrf_token" value=")[^"]+', r"\1", html)

    alone = []
    for client in clients:
        app.extensions.get("fragments", {}).clear()
        alone.append(page(client))
    assert "<table" in alone[0] and "<table" not in alone[1]  # results, and none
    assert 'aria-valuenow="40"' in alone[1] and 'aria-valuenow="40"' not in alone[2]  # a card, and none
    card = '<article class="card course-card">'
    assert alone[2].count(card) == 1 and card not in alone[3]  # the completed course's card, and none
    for order in (clients, clients[::-1]):
        app.extensions.get("fragments", {}).clear()
        for client in (*order, *order):
            assert page(client) == alone[clients.index(client)]
