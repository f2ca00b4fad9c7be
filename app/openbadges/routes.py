"""What a verifier of our Open Badges 3.0 credentials dereferences, at stable public URLs, and the holder's
download of their credential.

- ``/.well-known/jwks.json`` and ``/openbadges/keys/<thumbprint>``: the public keys (a credential's ``kid``)
- ``/openbadges/issuer``: the issuer's Profile
- ``/openbadges/achievements/<course>[/<lang>]``: a course as an Achievement
- ``/openbadges/status/<n>``: revocation list n (a BitstringStatusListCredential as VC-JWT), current state
- ``/openbadges/credentials/<id>``: a credential's ID; leads to the certificate's verification page
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.certificates import services as certificate_services
from app.certificates.keys import SigningNotConfigured
from app.main.errors import render_error
from app.openbadges import services
from app.openbadges.download import credential_response
from app.openbadges.keys import public_jwk

bp = Blueprint("openbadges", __name__)

#: How long verifiers may keep a status list: a revocation shows everywhere within this time.
STATUS_MAX_AGE = 60


def _json(body: dict, *, max_age: int = 300, mimetype: str = "application/json") -> Response:
    response = current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype=mimetype)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers in browsers (wallets) read these too
    return response


def _unavailable():  # type: ignore[no-untyped-def]
    message = _("Open Badges credentials are not available at the moment. Please try again later.")
    return render_error(503, _("Not available"), message)


@bp.get(services.JWKS_PATH)
def jwks():
    try:
        return _json(services.jwks(), mimetype="application/jwk-set+json")
    except SigningNotConfigured as error:
        current_app.logger.error("Open Badges keys: %s", error)
        return _unavailable()


@bp.get(services.KEYS_PATH + "<string(maxlength=64):thumbprint>")
def key(thumbprint: str):
    try:
        found = services.keys().public.get(thumbprint)
    except SigningNotConfigured as error:
        current_app.logger.error("Open Badges keys: %s", error)
        return _unavailable()
    if found is None:
        abort(404)
    return _json(public_jwk(found), mimetype="application/jwk+json")


@bp.get(services.ISSUER_PATH)
def issuer():
    return _json(services.issuer_profile(), mimetype="application/ld+json")


@bp.get(services.ACHIEVEMENTS_PATH + "<string(maxlength=80):slug>")
@bp.get(services.ACHIEVEMENTS_PATH + "<string(maxlength=80):slug>/<string(length=2):lang>")
def achievement(slug: str, lang: str | None = None):
    course = services.course_by_slug(slug)
    if course is None or (lang is not None and lang not in course.languages):
        abort(404)
    return _json(services.achievement(course, lang or course.source_lang), mimetype="application/ld+json")


@bp.get(services.STATUS_PATH + "<int(min=1, max=100000):number>")
def status_list(number: int):
    try:
        token = services.status_list(number)
    except SigningNotConfigured as error:
        current_app.logger.error("Open Badges status list: %s", error)
        return _unavailable()
    response = current_app.response_class(token, mimetype=services.VC_JWT)
    response.headers["Cache-Control"] = f"public, max-age={STATUS_MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get(services.CREDENTIALS_PATH + "<string(maxlength=64):public_id>")
def credential_id(public_id: str):
    """A credential's ID leads to the verification page of its certificate (which shows its state)."""
    canonical, _certificate = certificate_services.find_certificate(public_id)
    if canonical is None:
        abort(404)
    return redirect(url_for("certificates.verify_page", public_id=canonical), 303)


@bp.get("/certificates/<public_id>/openbadge.json")
@login_required
def download(public_id: str):
    _canonical, certificate = certificate_services.find_certificate(public_id)
    if certificate is None or certificate.user_id != current_user.id or certificate.revoked:
        abort(404)
    return credential_response(certificate) or _unavailable()
