"""What goes into the managers' downloads: the report table (CSV, XLSX) and the ZIP's entries and index."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.certificates.issuing import verify_url
from app.certificates.models import Certificate
from app.extensions import db
from app.orgs import exports
from app.orgs.report import Report, Row
from app.orgs.visibility import COMPLETED, IN_PROGRESS, NOT_STARTED
from app.timeutil import utcnow
from app.web import status as web_status
from app.web.csv import Cell


def status_labels() -> dict[str, str]:
    """The statuses of a member's course as shown on the page and in the exports."""
    return web_status.status_labels(NOT_STARTED, IN_PROGRESS, COMPLETED)


def report_table(report: Report, lang: str) -> tuple[list[str], list[list[Cell]]]:
    """The report's header and rows for CSV and XLSX, in the page's language."""
    labels = status_labels()
    header = [
        _("Name"), _("E-mail address"), _("Team"), _("Course"), _("Status"), _("Completed on"),
        _("Certificate"), _("Score (%%)").replace("%%", "%"),  # gettext without variables keeps "%%"
    ]  # fmt: skip
    rows = [
        [
            row.user.name,
            row.user.email,
            row.membership.team,
            row.course.title_in(lang),
            labels[row.status],
            row.completed_at.date() if row.completed_at else None,
            row.certificate.public_id if row.certificate else None,
            round(row.score, 1) if row.score is not None else None,
        ]
        for row in report.rows
    ]
    return header, rows


def zip_entries(rows: list[Row], lang: str) -> list[tuple[str, datetime, Callable[[], bytes]]]:
    """The ZIP's entries: each visible certificate as "Name_course.pdf" (ASCII, unique), then index.csv."""
    names = exports.UniqueNames()
    index = []
    entries = []
    for row in rows:
        certificate = row.certificate
        if certificate is None:
            continue
        person = exports.ascii_part(row.user.name, f"member-{row.user.id}")
        course = exports.ascii_part(row.course.slug, f"course-{row.course.id}")
        filename = names(f"{person}_{course}", ".pdf")
        index.append(
            [filename, row.user.name, row.user.email, row.membership.team, row.course.title_in(lang),
             certificate.public_id, certificate.completed_on, verify_url(certificate.public_id)]
        )  # fmt: skip
        entries.append((filename, certificate.issued_at, _pdf_loader(certificate.id)))
    header = [
        _("File"), _("Name"), _("E-mail address"), _("Team"), _("Course"), _("Certificate"),
        _("Completed on"), _("Verification"),
    ]  # fmt: skip
    index_csv = exports.report_csv(header, index)
    entries.append((names("index", ".csv"), utcnow(), lambda: index_csv))
    return entries


def _pdf_loader(certificate_id: int) -> Callable[[], bytes]:
    """Loads one PDF when the ZIP gets to it (one PDF in memory at a time)."""

    def load() -> bytes:
        pdf = db.session.scalar(select(Certificate.pdf).where(Certificate.id == certificate_id))
        return pdf or b""

    return load
