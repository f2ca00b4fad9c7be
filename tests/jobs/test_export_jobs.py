"""Large company exports as jobs (eager here): over EXPORT_JOB_THRESHOLD the manager is sent to a progress
page and then downloads the file the job wrote; small exports still stream in the request."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.jobs.models import DONE, JobRun
from tests.orgs.org_helpers import complete


def _big(app, monkeypatch, threshold: int = 0) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "EXPORT_JOB_THRESHOLD", threshold)


def test_a_large_zip_is_made_by_a_job_with_a_progress_page(app, client, auth, world, monkeypatch):
    first = complete(app, world.member.id, world.course_id)
    second = complete(app, world.manager.id, world.course_id)
    complete(app, world.other_member.id, world.course_id)  # Beta's: never in Acme's ZIP
    _big(app, monkeypatch, threshold=1)
    auth.login(world.manager.email)
    started = client.get("/company/certificates.zip")
    assert started.status_code == 302 and started.location.endswith("/company/exports/zip?started=1")
    page = client.get("/company/exports/zip").get_data(as_text=True)
    assert "/company/exports/zip/download" in page  # eager: the job ran after the answer
    with app.app_context():
        run = db.session.scalar(select(JobRun).where(JobRun.name == "exports.certificates_zip"))
        assert (run.status, run.progress, run.user_id) == (DONE, 100, world.manager.id)
    download = client.get("/company/exports/zip/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "acme-gmbh-certificates-" in download.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 2 and "index.csv" in names
    index = zipfile.ZipFile(io.BytesIO(download.data)).read("index.csv").decode("utf-8-sig")
    assert first in index and second in index


def test_a_small_zip_still_streams(app, client, auth, world):
    complete(app, world.member.id, world.course_id)
    auth.login(world.manager.email)
    response = client.get("/company/certificates.zip", buffered=False)
    assert response.status_code == 200 and response.is_streamed


def test_a_large_report_is_made_by_a_job_in_the_managers_language(app, client, auth, world, monkeypatch):
    complete(app, world.member.id, world.course_id)
    _big(app, monkeypatch)
    auth.login(world.manager.email)
    assert client.get("/company/report.xlsx").status_code == 302
    download = client.get("/company/exports/xlsx/download")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.data)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Max Müller" in values and sheet.title == "Progress"  # the manager's English


def test_only_the_manager_who_asked_sees_the_export(app, client, auth, world, monkeypatch):
    complete(app, world.member.id, world.course_id)
    _big(app, monkeypatch)
    auth.login(world.manager.email)
    client.get("/company/certificates.zip")
    assert client.get("/company/exports/zip/download").status_code == 200
    assert client.get("/company/exports/pdf").status_code == 404
    auth.logout()
    auth.login(world.other_manager.email)  # Beta's manager: has asked for nothing
    assert client.get("/company/exports/zip/download").status_code == 404
    assert "no export to download" in client.get("/company/exports/zip").get_data(as_text=True)
    auth.logout()
    auth.login(world.member.email)  # not a manager
    assert client.get("/company/exports/zip").status_code == 403
