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
