"""The profile page: names and preferred language."""

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db


def test_update_profile(client, auth, app, create_user):
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    response = client.post("/profile", data={"name": "Anna Schmidt", "name_zh": "安娜", "locale": "en"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.name, user.name_zh, user.locale) == ("Anna Schmidt", "安娜", "en")
    assert 'lang="en"' in client.get("/profile").get_data(as_text=True)


def test_profile_needs_login(client):
    response = client.get("/profile")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
