"""Large company exports (the certificate ZIP, the Excel report) as background jobs.

Small exports stream in the request as before; one with more certificates (ZIP) or rows (Excel) than
EXPORT_JOB_THRESHOLD is written by a job into ``instance/exports/``, while the manager watches its
progress page and then downloads it. The job checks at run time that the person still manages the
company, and builds the report with the filters and language of the request that asked for it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.jobs.queue import current_run_id, enqueue, set_progress
from app.jobs.registry import GiveUp, job
from app.orgs import exports, services
from app.orgs.report import ReportFilter, all_courses, build_report
from app.orgs.tables import report_table, zip_entries
from app.timeutil import utcnow

ZIP, XLSX = "exports.certificates_zip", "exports.company_report"
SUFFIX = {ZIP: ".zip", XLSX: ".xlsx"}
MIMETYPES = {ZIP: "application/zip", XLSX: exports.XLSX_MIMETYPE}


def too_large(count: int) -> bool:
    """Whether an export of ``count`` certificates or rows is made by a job instead of in the request."""
    return count > current_app.config["EXPORT_JOB_THRESHOLD"]


def start(kind: str, org_id: int, user_id: int, f: ReportFilter, lang: str, stem: str) -> None:
    """Queue the export (after the request commits); its progress page is found by the latest run."""
    enqueue(kind, org_id, user_id, f.args(), lang, stem, key=f"export:{user_id}:{kind}", user_id=user_id)


def folder() -> Path:
    path = Path(current_app.instance_path) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _report(org_id: int, user_id: int, filters: dict[str, Any]):  # type: ignore[no-untyped-def]
    membership = services.membership_of(user_id)
    if membership is None or membership.org_id != org_id or not membership.is_manager:
        raise GiveUp("the person who asked for this export no longer manages the company")
    courses = all_courses()
    f = ReportFilter.from_args({k: str(v) for k, v in filters.items()}, {c.id for c in courses})
    return build_report(org_id, f, courses)


def _finish(data_path: Path, stem: str, kind: str) -> None:
    set_progress(current_run_id(), 100, file=data_path.name, filename=stem + SUFFIX[kind],
                 size=data_path.stat().st_size)  # fmt: skip


def _target(kind: str) -> Path:
    return folder() / f"{current_run_id() or 0}-{secrets.token_hex(8)}{SUFFIX[kind]}"


@job(XLSX, attempts=2, backoff=(30,))
def company_report(org_id: int, user_id: int, filters: dict[str, Any], lang: str, stem: str) -> None:
    """The members × courses report as an Excel file."""
    report = _report(org_id, user_id, filters)
    set_progress(current_run_id(), 10)
    with force_locale(lang):
        header, rows = report_table(report, lang)
        data = exports.report_xlsx(header, rows, title=_("Progress"))
    path = _target(XLSX)
    path.write_bytes(data)
    _finish(path, stem, XLSX)


@job(ZIP, attempts=2, backoff=(30,))
def certificates_zip(org_id: int, user_id: int, filters: dict[str, Any], lang: str, stem: str) -> None:
    """Every visible certificate of the company's report as one ZIP, with progress per certificate."""
    report = _report(org_id, user_id, filters)
    with force_locale(lang):
        entries = zip_entries(report.rows, lang)
    path = _target(ZIP)
    with path.open("wb") as out:
        for chunk in exports.stream_zip(_counted(entries)):
            out.write(chunk)
    _finish(path, stem, ZIP)


def _counted(
    entries: list[tuple[str, datetime, Callable[[], bytes]]],
) -> Iterator[tuple[str, datetime, Callable[[], bytes]]]:
    """The entries, reporting progress every few percent as the ZIP takes them."""
    run_id, total, last = current_run_id(), max(len(entries), 1), -1
    for number, entry in enumerate(entries):
        percent = int(95 * number / total)
        if percent >= last + 5:
            set_progress(run_id, percent)
            last = percent
        yield entry


def expired(run_created: datetime, days: int = 7) -> bool:
    """Export files are kept a week; older ones are no longer offered."""
    return (utcnow() - run_created).days >= days
