"""Downloads for managers: one certificate, all of them as a streamed ZIP, the report as CSV and XLSX."""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import load_workbook
from sqlalchemy import select

from app.certificates.models import Certificate
from app.extensions import db
from tests.orgs.org_helpers import add_members, complete


def test_one_certificate(app, client, auth, world):
    public_id = complete(app, world.member.id, world.course_id)
    auth.login(world.manager.email)
    response = client.get(f"/company/certificates/{public_id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and public_id.encode() in response.data


def test_revoked_certificate_is_not_served(app, client, auth, world):
    public_id = complete(app, world.member.id, world.course_id)
    with app.app_context():
        from app.timeutil import utcnow

        row = db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))
        row.revoked_at, row.active_key = utcnow(), None
        db.session.commit()
    auth.login(world.manager.email)
    assert client.get(f"/company/certificates/{public_id}.pdf").status_code == 404


def test_zip_is_streamed_with_readable_unique_names_and_an_index(app, client, auth, world, create_user):
    complete(app, world.member.id, world.course_id)
    complete(app, world.manager.id, world.course_id)
    twin = create_user(email="max2@acme.example", name="Max Müller")  # the same name twice
    chinese = create_user(email="li@acme.example", name="李雷")  # no Latin letters at all
    with app.app_context():
        from app.orgs.models import Membership

        for user in (twin, chinese):
            db.session.add(Membership(org_id=world.acme, user_id=user.id))
        db.session.commit()
    complete(app, twin.id, world.course_id)
    complete(app, chinese.id, world.course_id)
    complete(app, world.other_member.id, world.course_id)  # Beta's: never in Acme's ZIP

    auth.login(world.manager.email)
    response = client.get("/company/certificates.zip", buffered=False)  # as the app sends it
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    names = archive.namelist()
    pdfs = sorted(n for n in names if n.endswith(".pdf"))
    assert pdfs == sorted(
        [
            "Max-Muller_sample.pdf",
            "Max-Muller_sample-2.pdf",
            "Maria-Manager_sample.pdf",
            f"member-{chinese.id}_sample.pdf",
        ]
    )
    assert len(set(n.lower() for n in names)) == len(names)
    assert all(n.isascii() for n in names)
    for name in pdfs:
        assert archive.read(name).startswith(b"%PDF")
    index = list(csv.reader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert len(index) == 1 + 4
    assert {row[0] for row in index[1:]} == set(pdfs)
    assert "李雷" in {row[1] for row in index[1:]}
    assert "Eva Beta" not in archive.read("index.csv").decode("utf-8-sig")


def test_zip_follows_the_filter(app, client, auth, world):
    complete(app, world.member.id, world.course_id)
    with app.app_context():
        from app.orgs.models import Membership

        db.session.query(Membership).filter_by(user_id=world.member.id).update({"team": "Vertrieb"})
        db.session.commit()
    auth.login(world.manager.email)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/company/certificates.zip?team=Einkauf").get_data()))
    assert archive.namelist() == ["index.csv"]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/company/certificates.zip?team=Vertrieb").get_data()))
    assert len(archive.namelist()) == 2


def test_csv_report_defuses_formulas(app, client, auth, world, create_user):
    evil = create_user(email="evil@acme.example", name='=HYPERLINK("http://x")')
    with app.app_context():
        from app.orgs.models import Membership

        db.session.add(Membership(org_id=world.acme, user_id=evil.id))
        db.session.commit()
    complete(app, world.member.id, world.course_id)
    auth.login(world.manager.email)
    response = client.get("/company/report.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == 1 + 3
    assert "%%" not in ",".join(rows[0])
    assert any(row[0] == '\'=HYPERLINK("http://x")' for row in rows)
    member = next(row for row in rows if row[0] == "Max Müller")
    assert member[1] == "max@acme.example" and member[5] and member[6]


def test_xlsx_report_opens_in_openpyxl(app, client, auth, world):
    complete(app, world.member.id, world.course_id)
    auth.login(world.manager.email)
    response = client.get("/company/report.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 2
    assert any(row[0] == "Max Müller" for row in rows)


def test_many_certificates_stream_in_chunks(app, client, auth, world):
    add_members(app, world.acme, 20, world.course_id)
    auth.login(world.manager.email)
    response = client.get("/company/certificates.zip")
    chunks = list(response.response)
    assert len(chunks) >= 20  # one chunk per certificate, not one blob
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(chunks))).namelist()) == 21


def test_story_with_a_real_certificate(app, client, auth, world, taker):
    """The demo path: invited, takes the course, the manager sees it and downloads the signed certificate."""
    from tests.orgs.org_helpers import make_invitation

    code = make_invitation(app, world.acme, world.manager)
    auth.login(world.participant.email)
    assert client.post(f"/join/{code}").status_code == 302
    _attempt, response = taker.take(right=True)
    assert response.status_code in (200, 302)
    with app.app_context():
        public_id = db.session.scalar(
            select(Certificate.public_id).where(Certificate.user_id == world.participant.id)
        )
    assert public_id
    auth.logout()
    auth.login(world.manager.email)
    assert public_id in client.get("/company/dashboard").get_data(as_text=True)
    pdf = client.get(f"/company/certificates/{public_id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/company/certificates.zip").get_data()))
    assert "Pia-Solo_sample.pdf" in archive.namelist()
