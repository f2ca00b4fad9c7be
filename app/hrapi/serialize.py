"""The JSON shapes of the API (described in openapi.py): members, progress rows and certificates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.certificates.dates import local_time
from app.certificates.issuing import verify_url
from app.certificates.models import Certificate
from app.certificates.services import today
from app.orgs.models import Membership
from app.orgs.report import Row
from app.orgs.visibility import grant_for
from app.urls import external_url


def _when(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.replace(microsecond=0).isoformat() + "Z"
    return moment.isoformat()


def member(membership: Membership) -> dict[str, Any]:
    return {
        "id": membership.user_id,
        "name": membership.user.name,
        "email": membership.user.email,
        "team": membership.team,
        "role": membership.role,
        "joined_at": _when(membership.joined_at),
        "shares_scores": membership.share_scores,
        "shares_history": membership.share_history,
    }


def progress(row: Row) -> dict[str, Any]:
    return {
        "member_id": row.user.id,
        "member_name": row.user.name,
        "course": row.course.slug,
        "status": row.status,
        "completed_at": _when(row.completed_at),
        "score_percent": round(row.score, 1) if row.score is not None else None,
        "certificate_id": row.certificate.public_id if row.certificate else None,
    }


def certificate(row: Row, lang: str) -> dict[str, Any]:
    cert: Certificate = row.certificate  # type: ignore[assignment]
    shares_scores = grant_for(row.membership).scores
    return {
        "id": cert.public_id,
        "member_id": row.user.id,
        "name": cert.name,
        "course": row.course.slug,
        "course_title": cert.title_in(lang),
        "language": cert.lang,
        "status": cert.status(today()),
        "completed_on": _when(cert.completed_on),
        "issued_at": local_time(cert.issued_at).isoformat(),
        "valid_until": _when(cert.valid_until),
        "score_percent": cert.score_percent if shares_scores else None,
        "sha256": cert.sha256,
        "pdf_url": external_url("hrapi.certificate_pdf", public_id=cert.public_id),
        "openbadge_url": external_url("hrapi.certificate_credential", public_id=cert.public_id),
        "verify_url": verify_url(cert.public_id),
    }
