"""A company manager invites an employee by code and downloads the company's certificates as a ZIP."""

from __future__ import annotations

import csv
import io
import zipfile

from playwright.sync_api import expect

from tests.e2e.site import COMPANY, MANAGER, PARTICIPANT


def test_manager_invites_a_member_and_downloads_the_certificates_zip(visitor, tmp_path):
    manager = visitor()
    manager.login(MANAGER)
    manager.set_language("de")
    page = manager.page
    manager.follow(page.locator("header nav a[href='/company/dashboard']"))
    expect(page.locator("main h1")).to_contain_text(COMPANY)
    manager.follow(page.locator("main a[href='/company/invitations']").first)
    # No address: the invitation is a code to pass on.
    manager.follow(page.locator("form[action='/company/invitations'] [type=submit]"))
    code = page.locator(".orgs-created dd code").nth(1).inner_text()
    assert code

    # The employee types the code on "My company" and lets the company see the history from before.
    member = visitor()
    member.login(PARTICIPANT)
    member.set_language("de")
    member.follow(member.page.locator("header nav a[href='/company']"))
    member.page.locator("#code").fill(code)
    member.follow(member.page.locator("form[action='/company/join'] [type=submit]"))
    expect(member.page.locator(".flash-success")).to_contain_text(COMPANY)
    member.page.locator("#share_history").check()
    member.follow(member.page.locator("form[action='/company/privacy'] [type=submit]"))
    expect(member.page.locator(".flash-success")).to_be_visible()
    expect(member.page.locator("#share_history")).to_be_checked()

    # The manager sees the member and the certificate, and downloads them as a ZIP.
    manager.follow(page.locator("header nav a[href='/company/dashboard']"))
    expect(page.locator("#total-members")).to_have_text("2")  # the manager and the new member
    expect(page.locator("#total-certificates")).to_have_text("1")
    expect(page.locator(".orgs-table")).to_contain_text(PARTICIPANT.name)
    manager.screenshot("de", "company-dashboard-with-member")
    with page.expect_download() as download:
        page.locator("main a[href^='/company/certificates.zip']").click()
    path = tmp_path / "certificates.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pdfs = [name for name in names if name.endswith(".pdf")]
        assert len(pdfs) == 1 and "Becker" in pdfs[0] and "market-entry-china" in pdfs[0], names
        assert archive.read(pdfs[0]).startswith(b"%PDF-")
        index_name = next(name for name in names if name.endswith(".csv"))
        rows = list(csv.reader(io.StringIO(archive.read(index_name).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == pdfs
    assert rows[1][1] == PARTICIPANT.name
