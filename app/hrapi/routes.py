"""``/api/v1``: the company's members, progress and certificates for HR systems, behind a bearer token.

The token decides the company; every answer goes through the same visibility rules as the managers'
dashboard (app/orgs/visibility.py). A certificate of another company answers exactly like an unknown one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _

from app.courses.models import Course
from app.extensions import csrf, limiter
from app.hrapi import serialize
from app.hrapi.auth import current_token, rate_limit_key, token_required
from app.hrapi.errors import ApiError, error_response
from app.hrapi.openapi import openapi_document
from app.hrapi.pagination import envelope, page_from
from app.openbadges.download import credential_response
from app.orgs import services
from app.orgs.models import TEAM_MAX
from app.orgs.pages import members_page, report_page
from app.orgs.report import ReportFilter, all_courses
from app.orgs.visibility import STATUSES
from app.urls import external_url
from app.web.downloads import pdf_download

bp = Blueprint("hrapi", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _token_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["API_ADDRESS_RATE_LIMIT"]


# Per token (an HR system's sync job), and per address (guessing tokens costs as much as anything else).
limiter.limit(_token_limit, key_func=rate_limit_key)(bp)
limiter.limit(_address_limit)(bp)


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):  # type: ignore[no-untyped-def]
    response = error_response(error.status, error.code, error.message, **error.extra)
    if error.status == 401:
        challenge = 'Bearer realm="ChInValue Academy API"'
        if error.code == "invalid_token":
            challenge += ', error="invalid_token"'
        response.headers["WWW-Authenticate"] = challenge
    return response


@bp.after_request
def _no_store(response):  # type: ignore[no-untyped-def]
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _lang() -> str:
    return str(get_locale() or "de")


def _link(endpoint: str) -> Callable[[int], str]:
    """Page links that keep the query's filters."""
    args = {k: v for k, v in request.args.items() if k != "page"}

    def link(number: int) -> str:
        return external_url(endpoint, **args, page=number)

    return link


def _choice(name: str, allowed: dict[str, Any]) -> Any:
    """A filter value that must be one of ``allowed`` (None when absent); a 400 that lists them otherwise."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if raw not in allowed:
        raise ApiError(
            400,
            "invalid_parameter",
            _("%(name)s must be one of: %(values)s.", name=name, values=", ".join(sorted(allowed))),
            parameter=name,
        )
    return allowed[raw]


def _team() -> str | None:
    team = (request.args.get("team") or "").strip()
    if len(team) > TEAM_MAX or "\x00" in team:
        raise ApiError(
            400,
            "invalid_parameter",
            _("team must have at most %(max)s characters.", max=TEAM_MAX),
            parameter="team",
        )
    return team or None


def _filter(with_status: bool) -> tuple[ReportFilter, list[Course]]:
    courses = all_courses()
    course = _choice("course", {c.slug: c for c in courses})
    status = _choice("status", {s: s for s in STATUSES}) if with_status else None
    return ReportFilter(course_id=course.id if course else None, status=status, team=_team()), courses


@bp.get("/members")
@token_required
def members():
    asked = page_from(request.args)
    page = members_page(current_token().org_id, _team(), asked.number, asked.size)
    return jsonify(envelope(page, _link("hrapi.members"), serialize.member))


@bp.get("/progress")
@token_required
def progress():
    asked = page_from(request.args)
    f, courses = _filter(with_status=True)
    page = report_page(current_token().org_id, f, courses, asked.number, asked.size)
    return jsonify(envelope(page, _link("hrapi.progress"), serialize.progress))


@bp.get("/certificates")
@token_required
def certificates():
    asked = page_from(request.args)
    f, courses = _filter(with_status=False)
    page = report_page(current_token().org_id, f, courses, asked.number, asked.size, certified=True)
    lang = _lang()
    return jsonify(envelope(page, _link("hrapi.certificates"), lambda row: serialize.certificate(row, lang)))


def _visible(public_id: str):  # type: ignore[no-untyped-def]
    """A certificate the token's company may see; 404 exactly like an unknown ID otherwise."""
    certificate = services.visible_certificate(current_token().org_id, public_id)
    if certificate is None:
        raise ApiError(
            404,
            "not_found",
            _("Your company has no certificate with the ID %(id)s.", id=public_id[:40]),
        )
    return certificate


@bp.get("/certificates/<string(maxlength=40):public_id>.pdf")
@token_required
def certificate_pdf(public_id: str):
    certificate = _visible(public_id)
    return pdf_download(certificate.pdf, f"{certificate.public_id}.pdf")


@bp.get("/certificates/<string(maxlength=40):public_id>.json")
@token_required
def certificate_credential(public_id: str):
    """The certificate's Open Badges 3.0 credential (VC-JWT in the OB 3.0 API's answer form)."""
    response = credential_response(_visible(public_id))
    if response is None:
        raise ApiError(
            503,
            "unavailable",
            _("Open Badges credentials are not available at the moment. Please try again later."),
        )
    return response


@bp.get("/openapi.json")
def openapi():
    base = external_url("hrapi.members").rsplit("/members", 1)[0]
    response = jsonify(openapi_document(base, [course.slug for course in all_courses()]))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
