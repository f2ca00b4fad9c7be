"""app/web: the one pager (paging in SQL), the download responses, the one set of status words and the
templates' gettext."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import event, select

from app.auth.models import User
from app.extensions import db
from app.orgs import visibility
from app.progress import models as progress
from app.web.downloads import csv_download, pdf_download, xlsx_download, zip_download
from app.web.gettext import bound_gettext
from app.web.pager import BadNumber, page_number, paginate, strict_number
from app.web.status import BADGE_CLASSES, LABELS, badge_class, status_label, status_labels


@pytest.mark.parametrize(
    "raw, expected",
    [(None, 1), ("", 1), ("3", 3), (" 4 ", 4), ("0", 1), ("-2", 1), ("2.5", 1), ("abc", 1), ("\u0663", 1),
     ("9" * 12, 10**9)],
)  # fmt: skip
def test_page_number_forgives(raw, expected):
    assert page_number({} if raw is None else {"page": raw}) == expected


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "1.5", "201", "", "\u0661", "9" * 30])
def test_strict_number_refuses(raw):
    with pytest.raises(BadNumber) as error:
        strict_number({"per_page": raw}, "per_page", 50, 200)
    assert error.value.name == "per_page" and error.value.maximum == 200


def test_strict_number_defaults_and_accepts():
    assert strict_number({}, "page", 1, 10) == 1
    assert strict_number({"page": " 7 "}, "page", 1, 10) == 7


def test_paginate_counts_and_reads_one_page_in_sql(app, create_user):
    for n in range(7):
        create_user(email=f"pager{n}@example.org", name=f"Pager {n}")
    statements: list[str] = []
    with app.app_context():

        def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            query = select(User).where(User.email.like("pager%")).order_by(User.email)
            page = paginate(query, 2, 3)
            assert [u.email for u in page.items] == [
                "pager3@example.org",
                "pager4@example.org",
                "pager5@example.org",
            ]
            assert (page.page, page.pages, page.total, page.has_prev, page.has_next) == (2, 3, 7, True, True)
            assert len(statements) == 2 and "count" in statements[0].lower()
            assert "LIMIT" in statements[1].upper() and "OFFSET" in statements[1].upper()
            last = paginate(query, 99, 3)
            assert (last.page, [u.email for u in last.items]) == (3, ["pager6@example.org"])
            beyond = paginate(query, 99, 3, clamp=False)
            assert (beyond.page, beyond.items, beyond.total) == (99, [], 7)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)


def test_downloads_are_attachments_no_cache_keeps(app):
    with app.test_request_context():
        for response, mimetype, name in (
            (csv_download(b"a,b\r\n", "r.csv"), "text/csv", "r.csv"),
            (
                xlsx_download(b"PK", "r.xlsx"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "r.xlsx",
            ),
            (pdf_download(b"%PDF-1.7", "CV-1.pdf"), "application/pdf", "CV-1.pdf"),
            (zip_download(iter([b"PK", b"\x03\x04"]), "c.zip"), "application/zip", "c.zip"),
        ):
            assert response.mimetype == mimetype
            assert response.headers["Cache-Control"] == "no-store"
            assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
        assert csv_download(b"", "x.csv").headers["Content-Type"] == "text/csv; charset=utf-8"
        assert "ETag" not in pdf_download(b"%PDF", "a.pdf").headers


def test_one_set_of_status_words_covers_every_feature_and_language(app):
    codes = {progress.NOT_STARTED, progress.IN_PROGRESS, progress.PASSED, *visibility.STATUSES}
    assert codes == set(LABELS) == set(BADGE_CLASSES)
    assert (
        badge_class(None) == "badge-todo"
        and badge_class("passed") == badge_class("completed") == "badge-done"
    )
    with app.test_request_context():
        with force_locale("en"):
            english = status_labels(*LABELS)
        assert english["passed"] == "Passed"
        for lang in ("de", "zh"):
            with force_locale(lang):
                words = status_labels(*LABELS)
                assert all(words[code] != english[code] for code in LABELS), (lang, words)
                assert status_label(None) == words["not_started"]
        assert list(status_labels("completed", "not_started")) == ["completed", "not_started"]


class _Catalog:
    """A catalog that translates by upper-casing (so a test sees that it was asked)."""

    def ugettext(self, string: str) -> str:
        return string.upper().replace("%(NAME)S", "%(name)s")

    def ungettext(self, singular: str, plural: str, num: int) -> str:
        return (singular if num == 1 else plural).upper().replace("%(NUM)D", "%(num)d")


def test_template_gettext_escapes_values_where_the_template_escapes(app):
    """Inside loops and macros too (where Jinja calls them with a derived context), and never the catalog's
    own text; where escaping is off, values are left as they are."""
    page = (
        "{% macro greet(n) %}{{ _('hi %(name)s', name=n) }}{% endmacro %}"
        "{% for n in names %}{{ _('hi %(name)s', name=n) }}|{{ greet(n) }}|"
        "{{ ngettext('%(num)d <i>item</i>', '%(num)d <i>items</i>', loop.index) }};{% endfor %}"
        "{% autoescape false %}{{ _('hi %(name)s', name=names[0]) }}{% endautoescape %}"
    )
    template = app.jinja_env.from_string(page)
    with app.test_request_context():
        shown = template.render(names=["<b>", "&"], **bound_gettext(_Catalog()))
    assert shown == ("HI &lt;b&gt;|HI &lt;b&gt;|1 <I>ITEM</I>;HI &amp;|HI &amp;|2 <I>ITEMS</I>;HI <b>")


def test_a_blueprints_page_runs_the_default_context_processor_once(app):
    """Flask gives each blueprint a copy of the app's default processor (g, request, session); the app's
    alone runs (app/templating.py), and the page of a blueprint still gets all three."""
    from flask import render_template_string
    from flask.templating import _default_template_ctx_processor

    copies = [
        name
        for name, funcs in app.template_context_processors.items()
        if _default_template_ctx_processor in funcs
    ]
    assert copies == [None]
    with app.test_request_context("/imprint"):
        assert render_template_string("{{ request.path }} {{ g is defined }} {{ session is defined }}") == (
            "/imprint True True"
        )


def test_flask_asks_whether_a_function_is_a_coroutine_once_per_function(app, monkeypatch):
    """app/web/sync_checks.py: the second visit of a page asks nothing; the answers stay Flask's."""
    import inspect

    import flask.app

    asked: list[object] = []

    def counting(func):  # type: ignore[no-untyped-def]
        asked.append(func)
        return inspect.iscoroutinefunction(func)

    monkeypatch.setattr(flask.app, "iscoroutinefunction", counting)
    client = app.test_client()
    assert client.get("/imprint").status_code == 200
    asked.clear()
    assert client.get("/imprint").status_code == 200
    assert asked == []
    plain = lambda: None  # noqa: E731
    assert app.ensure_sync(plain) is plain and asked == [plain]


def test_the_layout_binds_each_languages_catalog_once_and_follows_the_language(app, monkeypatch):
    """app/templating.py: a language's facts and bound catalog are made once per app; a render in another
    language (a mail under force_locale, a switch) still gets that language's words."""
    import flask_babel
    from flask import render_template_string

    import app.templating as templating

    asked: list[str] = []
    real = flask_babel.get_translations

    def counting():  # type: ignore[no-untyped-def]
        asked.append(str(flask_babel.get_locale()))
        return real()

    monkeypatch.setattr(templating, "get_translations", counting)
    page = "{{ current_locale }} {{ html_lang }} {{ _('Sign in') }}"
    with app.test_request_context("/", headers={"Accept-Language": "de"}):
        first = render_template_string(page)
        with force_locale("zh"):
            chinese = render_template_string(page)
        again = render_template_string(page)
    assert first == again == "de de Anmelden"
    assert chinese == "zh zh-Hans 登录"
    assert asked.count("de") <= 1 and asked.count("zh") <= 1
