"""Signing out signs out, also after "Stay signed in": the browser keeps no cookie that signs it back in."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.site import KEYBOARD_USER


def test_stay_signed_in_then_sign_out(visitor):
    person = visitor("en-GB")
    page = person.page
    person.goto("/login")
    page.locator("#email").fill(KEYBOARD_USER.email)
    page.locator("#password").fill(KEYBOARD_USER.password)
    page.locator("#remember").check()
    person.follow(page.locator("#submit"))
    expect(page.locator("form[action='/logout']")).to_be_visible()
    assert any(c["name"] == "remember_token" for c in person.context.cookies())

    person.follow(page.locator("form[action='/logout'] [type=submit]"))
    expect(page.locator("form[action='/logout']")).to_have_count(0)
    assert not any(c["name"] == "remember_token" for c in person.context.cookies())
    # The next visit, as after closing the browser: still signed out.
    person.context.clear_cookies(name="session")
    person.goto("/profile")
    assert person.path().startswith("/login")
    expect(page.locator("form[action='/logout']")).to_have_count(0)
