"""How the language of a page is chosen."""

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db


def lang(client, **headers) -> str:
    page = client.get("/", headers=headers).get_data(as_text=True)
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_default_is_german(client):
    assert lang(client) == "de"


def test_accept_language(client):
    assert lang(client, **{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}) == "zh-Hans"
    assert lang(client, **{"Accept-Language": "en-GB,en;q=0.8"}) == "en"
    assert lang(client, **{"Accept-Language": "fr-FR"}) == "de"


def test_switch_beats_accept_language(client):
    client.post("/language", data={"lang": "en"})
    assert lang(client, **{"Accept-Language": "zh-CN"}) == "en"


def test_saved_preference_beats_everything_and_switch_saves_it(client, auth, app, create_user):
    create_user(email="li@example.cn", locale="zh")
    auth.login("li@example.cn")
    assert lang(client, **{"Accept-Language": "de"}) == "zh-Hans"
    client.post("/language", data={"lang": "de"})
    assert lang(client) == "de"
    with app.app_context():
        assert db.session.scalar(select(User.locale)) == "de"


def test_unknown_language_is_refused(client):
    assert client.post("/language", data={"lang": "xx"}).status_code == 400


def test_dates_follow_the_locale(client, auth, create_user):
    create_user(email="li@example.cn", locale="zh")
    auth.login("li@example.cn")
    assert "年" in client.get("/profile").get_data(as_text=True)
    client.post("/language", data={"lang": "de"})
    page = client.get("/profile").get_data(as_text=True)
    assert "年" not in page.split("<dd>", 3)[2]


def test_a_remembered_accept_language_answers_as_the_first_time(client, monkeypatch):
    """The choice is remembered per header text (app/i18n/locale.py): asked again, each header still
    gets its own language, and the memory stays bounded."""
    from app.i18n import locale

    headers = ["zh-CN,zh;q=0.9,en;q=0.5", "en-GB,en;q=0.8", "fr-FR", "*", "de-AT"]
    first = [lang(client, **{"Accept-Language": header}) for header in headers]
    again = [lang(client, **{"Accept-Language": header}) for header in headers]
    assert first == again == ["zh-Hans", "en", "de", "de", "de"]
    monkeypatch.setattr(locale, "LIMIT", 10)
    for number in range(15):
        assert lang(client, **{"Accept-Language": f"fr;q=0.{number % 9 + 1}, x-{number}"}) == "de"
        assert len(locale._MATCHED) <= locale.LIMIT
    long = "en;q=0.9, " + "x" * locale.REMEMBERED_LENGTH
    assert lang(client, **{"Accept-Language": long}) == "en"
    assert all(header != long for _, header in locale._MATCHED)


def test_each_language_is_one_locale_object_that_formats_as_babels(app):
    """Flask-Babel parsed the selector's code on every request, and Babel formats a locale's code anew on
    every str(); the selector now answers one object per language, equal to Babel's in every respect."""
    from babel import Locale
    from flask_babel import get_locale

    from app.i18n.locale import language

    for code in ("de", "en", "zh"):
        assert language(code) is language(code)
        assert language(code) == Locale.parse(code) and repr(language(code)) == repr(Locale.parse(code))
        assert str(language(code)) == code
    seen = []
    for header in ("zh-CN", "zh-CN", "en"):
        with app.test_request_context("/", headers={"Accept-Language": header}):
            seen.append(get_locale())
    assert seen[0] is seen[1] is language("zh") and seen[2] is language("en")
