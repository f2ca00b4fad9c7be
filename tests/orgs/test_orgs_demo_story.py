"""The issue's "done when", with the demo company: a manager invites a participant, sees their progress
appear, downloads their certificate and a ZIP, and an API client fetches the same through the demo token."""

from __future__ import annotations

import io
import re
import zipfile

from sqlalchemy import func, select

from app.demo.company import COMPANY, MANAGER, MEMBERS, demo_company
from app.extensions import db
from app.orgs.models import Membership


def test_the_demo_company_story(app, client, auth, create_user, sample, taker):
    cohort = [create_user(email=f"p{i}@cohort.example", name=f"Person {i}").email for i in range(3)]
    create_user(email=MANAGER, name="Katrin Schulz", locale="en")
    create_user(email="jonas@example.org", name="Jonas Becker", locale="en")
    with app.app_context():
        company = demo_company(cohort)
        db.session.commit()
        code, token = company.invitation.code, company.token
        assert db.session.scalar(select(func.count(Membership.id))) == 1 + min(MEMBERS, len(cohort))
        assert demo_company(cohort).invitation is None  # idempotent: nothing new the second time

    # The participant joins with the invitation link, then completes the course.
    auth.login("jonas@example.org")
    assert client.post(f"/join/{code}").status_code in (200, 302)
    assert COMPANY in client.get("/company").get_data(as_text=True)
    _attempt, response = taker.take(right=True)
    assert response.status_code in (200, 302)
    auth.logout()

    # The manager sees it, downloads the certificate and the ZIP.
    auth.login(MANAGER)
    page = client.get("/company/dashboard").get_data(as_text=True)
    assert "Jonas Becker" in page
    public_id = re.search(r"/company/certificates/(CV-[0-9A-Z-]+)\.pdf", page).group(1)
    pdf = client.get(f"/company/certificates/{public_id}.pdf").data
    assert pdf.startswith(b"%PDF")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/company/certificates.zip").data))
    assert any(name.startswith("Jonas") for name in archive.namelist()), archive.namelist()
    assert "index.csv" in archive.namelist()

    # The HR system reads the same through the demo token.
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/certificates", headers=headers).get_json()["data"]
    assert [c["id"] for c in listed] == [public_id]
    assert client.get(f"/api/v1/certificates/{public_id}.pdf", headers=headers).data == pdf
    progress = client.get("/api/v1/progress?status=completed", headers=headers).get_json()["data"]
    assert [row["member_name"] for row in progress] == ["Jonas Becker"]
