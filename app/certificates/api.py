"""POST /api/v1/verify: is this PDF (or Open Badges credential) a genuine certificate of ours?
GET /api/v1/verify/<id>: what is this ID?

An API for other systems (an HR tool checking applicants' certificates): no cookies, hence no CSRF
token; rate-limited like the upload form. The file comes as the multipart field ``pdf`` (or
``credential``) or as the raw request body: ``application/pdf``, or for a credential its JSON file
(``application/json``) or the JWT (``application/jwt``, ``application/vc+jwt``, ``text/plain``).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from app.certificates import services
from app.certificates.answers import certificate_json, upload_json, verdict_json, verdict_message
from app.certificates.issuing import verify_url
from app.certificates.present import looks_like_an_id
from app.certificates.routes import FORM_OVERHEAD, check_upload, upload_limit
from app.certificates.verification import MAX_UPLOAD_BYTES, UploadCheck, record_verdict, upload_verdict
from app.extensions import csrf, limiter
from app.form_limits import FORM_REFUSED, form_refused

bp = Blueprint("certificates_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.url_value_preprocessor
def _limit_upload_size(endpoint: str | None, values: dict | None) -> None:
    if request.method == "POST":
        request.max_content_length = MAX_UPLOAD_BYTES + FORM_OVERHEAD


def _answer(check: UploadCheck, status: int = 200):  # type: ignore[no-untyped-def]
    response = jsonify(upload_json(check, upload_verdict(check), str(get_locale())))
    response.headers["Cache-Control"] = "no-store"
    return response, status


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge):  # type: ignore[no-untyped-def]
    if form_refused(request):
        _title, message = FORM_REFUSED
        response = jsonify({"error": {"status": 413, "code": "too_many_fields", "message": str(message)}})
        response.headers["Cache-Control"] = "no-store"
        return response, 413
    return _answer(UploadCheck("too_large", ""), 413)


#: Request bodies taken as they are: the PDF, or the Open Badges credential (its JSON file or the JWT).
BODY_TYPES = {"application/pdf", "application/json", "application/jwt", "application/vc+jwt", "text/plain"}


@bp.post("/verify")
@upload_limit
def verify():
    if request.mimetype in BODY_TYPES:
        data = request.get_data(cache=False)
    elif "pdf" in request.files or "credential" in request.files:
        data = (request.files.get("pdf") or request.files["credential"]).read(MAX_UPLOAD_BYTES + 1)
    elif request.form.get("credential"):
        data = request.form["credential"].encode()
    else:
        message = _(
            'Send the PDF as the multipart form field "pdf" (or as the body with Content-Type application/pdf); '
            'an Open Badges credential as the field "credential" or as the body (application/json for its '
            "file, application/jwt for the JWT)."
        )
        response = jsonify({"error": {"status": 400, "code": "missing_file", "message": message}})
        return response, 400
    return _answer(check_upload(data))


@bp.get("/verify/<string(maxlength=64):public_id>")
@limiter.limit(lambda: current_app.config["API_ADDRESS_RATE_LIMIT"])
def verify_id(public_id: str):
    """The public facts of a certificate, as on its verification page."""
    canonical, certificate = services.find_certificate(public_id)
    if certificate is None:
        problem = "not_found" if canonical else "typo" if looks_like_an_id(public_id) else "malformed"
        verdict = record_verdict(None, problem)
        message = verdict_message(verdict, public_id=canonical)
        error = {"status": 404, "code": "not_found", "message": message}
        response = jsonify({**verdict_json(verdict, message), "error": error})
        response.headers["Cache-Control"] = "no-store"
        return response, 404
    lang = str(get_locale())
    link = verify_url(certificate.public_id)
    response = jsonify(certificate_json(certificate, lang, record_verdict(certificate), link))
    response.headers["Cache-Control"] = "no-store"
    return response
