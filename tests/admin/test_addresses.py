"""Long e-mail addresses on admin pages wrap after the @ and before dots, never mid-word, and stay whole
for screen readers and copying (a <wbr> adds no character)."""

from __future__ import annotations

import re

from app.auth.models import Role
from app.web.addresses import email_breaks


def test_breaks_after_the_at_and_before_dots_only():
    assert email_breaks("anna.schmidt@example.co.uk") == "anna<wbr>.schmidt@<wbr>example<wbr>.co<wbr>.uk"
    assert email_breaks("plain") == "plain"
    assert email_breaks(None) == ""


def test_the_address_is_escaped():
    shown = email_breaks('"<b>x</b>"@example.org')
    assert "<b>" not in shown and "&lt;b&gt;" in shown


def test_users_page_shows_the_whole_address_with_break_points(client, auth, create_user):
    create_user(Role.ADMIN, email="admin@example.org", locale="en")
    create_user(email="maximiliane.mustermann@weiterbildung.example.org")
    auth.login("admin@example.org")
    page = client.get("/admin/users?q=maximiliane").get_data(as_text=True)
    cell = re.search(r'<td class="cell-email">(.*?)</td>', page).group(1)
    assert cell == "maximiliane<wbr>.mustermann@<wbr>weiterbildung<wbr>.example<wbr>.org"
    assert cell.replace("<wbr>", "") == "maximiliane.mustermann@weiterbildung.example.org"
