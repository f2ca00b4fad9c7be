"""Participants' certificates and the public verification pages. Thin views over app.certificates.services.

/verify/<id> is public and answers in the visitor's language (JSON for ``Accept: application/json``);
/verify and /verify/<id> also take an uploaded PDF and say whether it is a genuine, unchanged file.
"""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from app.certificates import (
    handlers,  # noqa: F401  (connects the completion signal when the app is built)
    services,
)
from app.certificates.forms import CERTIFICATE_LANGUAGES, LanguageForm, LookupForm, VerifyUploadForm
from app.certificates.ids import normalise_certificate_id
from app.certificates.keys import SigningNotConfigured, trust_roots
from app.certificates.present import (
    certificate_json,
    linkedin_url,
    looks_like_an_id,
    reason_text,
    status_text,
    titles_shown,
    upload_json,
    verdict_message,
)
from app.certificates.verification import MAX_UPLOAD_BYTES, UploadCheck, verify_upload
from app.extensions import db, limiter
from app.form_limits import FORM_REFUSED, form_refused
from app.main.errors import render_error

bp = Blueprint("certificates", __name__)

#: Room for the multipart framing and the CSRF token around an upload of MAX_UPLOAD_BYTES.
FORM_OVERHEAD = 64 * 1024
UPLOAD_ENDPOINTS = {"certificates.verify_index", "certificates.verify_page"}


def _upload_limit() -> str:
    return current_app.config.get("VERIFY_RATE_LIMIT", "20 per minute")


#: One budget per visitor for every way of uploading a file to check (pages and API).
upload_limit = limiter.shared_limit(_upload_limit, scope="certificate-verify-upload", methods=["POST"])


@bp.url_value_preprocessor
def _limit_upload_size(endpoint: str | None, values: dict | None) -> None:
    """Uploads may be 5 MB here. Set before the app's before_request hooks, since CSRF reads the form."""
    if request.method == "POST" and endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = MAX_UPLOAD_BYTES + FORM_OVERHEAD


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _lang() -> str:
    return str(get_locale())


def _no_store(response):  # type: ignore[no-untyped-def]
    response.headers["Cache-Control"] = "no-store"
    return response


def check_upload(data: bytes) -> UploadCheck:
    """Check uploaded bytes against our trust roots and the issued certificates."""
    try:
        roots = trust_roots(current_app.config, current_app.instance_path)
    except SigningNotConfigured as error:
        current_app.logger.error("Verification uploads cannot be checked: %s", error)
        return UploadCheck("unavailable", "")
    return verify_upload(data, roots)


def _read_upload(form: VerifyUploadForm) -> UploadCheck | None:
    """The verdict on the form's file, or None when the form has errors (shown next to the field)."""
    if not form.validate_on_submit():
        return None
    data = form.pdf.data.read(MAX_UPLOAD_BYTES + 1)
    return check_upload(data)


def _form_errors(form: VerifyUploadForm):  # type: ignore[no-untyped-def]
    """A JSON client's upload without a file: 400 with the field's message."""
    message = " ".join(str(error) for error in form.pdf.errors) or _("Please choose a PDF file.")
    return _no_store(jsonify({"error": {"status": 400, "message": message}})), 400


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge):  # type: ignore[no-untyped-def]
    if form_refused(request):
        return render_error(413, *FORM_REFUSED)
    check = UploadCheck("too_large", "")
    if wants_json():
        return _no_store(
            jsonify(upload_json(check, verdict_message(check), _lang(), services.today(), None))
        ), 413
    page = render_template(
        "certificates/verify.html",
        lookup=LookupForm(formdata=None),
        upload=VerifyUploadForm(formdata=None),
        check=check,
        message=verdict_message(check),
        back_to=(request.view_args or {}).get("public_id"),
    )
    return page, 413


# -- participants ---------------------------------------------------------------------------------------


@bp.get("/certificates")
@login_required
def mine():
    certificates = services.certificates_of(current_user.id)
    forms = {c.id: _language_form(c, formdata=None, lang=c.lang) for c in certificates if not c.revoked}
    links = {c.id: services.verify_url(c.public_id) for c in certificates}
    return render_template(
        "certificates/mine.html",
        certificates=certificates,
        pending=services.pending_courses(current_user.id),
        forms=forms,
        links=links,
        linkedin={c.id: linkedin_url(c, links[c.id]) for c in certificates if not c.revoked},
        today=services.today(),
        lang=_lang(),
        certificate_languages=CERTIFICATE_LANGUAGES,
        changes_left={c.id: services.MAX_LANGUAGE_CHANGES - c.language_changes for c in certificates},
        status_text=status_text,
    )


def _language_form(certificate, **kwargs) -> LanguageForm:  # type: ignore[no-untyped-def]
    """The language choice of one certificate: the languages its course is offered in."""
    form = LanguageForm(prefix=f"c{certificate.id}", **kwargs)
    offered = services.certificate_langs(certificate.course)
    form.lang.choices = [(code, CERTIFICATE_LANGUAGES[code]) for code in offered]
    return form


def _own(public_id: str):  # type: ignore[no-untyped-def]
    """The signed-in participant's active certificate with this id; 404 for anyone else's."""
    _canonical, certificate = services.find_certificate(public_id)
    if certificate is None or certificate.user_id != current_user.id or certificate.revoked:
        abort(404)
    return certificate


@bp.get("/certificates/<public_id>/pdf")
@login_required
def download(public_id: str):
    certificate = _own(public_id)
    return pdf_response(certificate)


def pdf_response(certificate):  # type: ignore[no-untyped-def]
    """The stored PDF as a download that no cache keeps, not even the browser's (a shared computer)."""
    response = send_file(
        io.BytesIO(certificate.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{certificate.public_id}.pdf",
        etag=False,
        conditional=False,
    )
    return _no_store(response)


@bp.post("/certificates/<public_id>/language")
@login_required
def change_language(public_id: str):
    certificate = _own(public_id)
    form = _language_form(certificate)
    if not form.validate_on_submit():
        flash(_("Please choose a language."), "error")
        return redirect(url_for(".mine"))
    try:
        new = services.change_language(certificate, current_user, form.lang.data)
    except services.TooManyChanges:
        flash(
            _(
                "You have already changed the language of this certificate %(count)d times.",
                count=services.MAX_LANGUAGE_CHANGES,
            ),
            "error",
        )
        return redirect(url_for(".mine"))
    except services.CertificateError:
        flash(_("The certificate could not be issued right now. Please try again later."), "error")
        return redirect(url_for(".mine"))
    db.session.commit()
    if new.id != certificate.id:
        flash(
            _(
                "Your certificate was issued again in the language you chose, with the new ID %(id)s. The old ID is no longer valid.",
                id=new.public_id,
            ),
            "success",
        )
    return redirect(url_for(".mine", _anchor=f"cert-{new.public_id}"))


@bp.post("/certificates/course/<int(max=2147483647):course_id>/issue")
@login_required
def request_certificate(course_id: int):
    """Issue the certificate of a completed course that has none yet (e.g. signing failed at completion)."""
    try:
        certificate = services.issue_for_completion(current_user.id, course_id)
    except services.NotEligible:
        abort(404)
    except services.CertificateError:
        flash(_("The certificate could not be issued right now. Please try again later."), "error")
        return redirect(url_for(".mine"))
    if certificate is None:
        flash(
            _("No certificate can be issued for this course. Please contact us if you think this is wrong."),
            "error",
        )
        return redirect(url_for(".mine"))
    db.session.commit()
    flash(_("Your certificate %(id)s is ready.", id=certificate.public_id), "success")
    return redirect(url_for(".mine", _anchor=f"cert-{certificate.public_id}"))


# -- public verification --------------------------------------------------------------------------------


@bp.route("/verify", methods=["GET", "POST"])
@upload_limit
def verify_index():
    lookup = LookupForm(request.args)
    if request.method == "GET" and request.args.get("id") and lookup.validate():
        typed = lookup.id.data.strip()
        return redirect(url_for(".verify_page", public_id=normalise_certificate_id(typed) or typed))
    upload = VerifyUploadForm()
    check = _read_upload(upload) if request.method == "POST" else None
    if wants_json() and request.method == "POST" and check is None:
        return _form_errors(upload)
    if wants_json() and check is not None:
        link = services.verify_url(check.certificate.public_id) if check.certificate else None
        return _no_store(jsonify(upload_json(check, verdict_message(check), _lang(), services.today(), link)))
    return render_template(
        "certificates/verify.html",
        lookup=lookup if request.args.get("id") else LookupForm(formdata=None),
        upload=upload,
        check=check,
        message=verdict_message(check) if check else None,
        back_to=None,
        **_details(check.certificate if check else None),
    )


def _details(certificate) -> dict:  # type: ignore[no-untyped-def]
    """What the templates need to show a certificate's facts and status."""
    if certificate is None:
        return {"certificate": None}
    today = services.today()
    return {
        "certificate": certificate,
        "status": certificate.status(today),
        "status_line": status_text(certificate, today),
        "titles": titles_shown(certificate, _lang()),
        "reason": reason_text(certificate.revoked_reason),
        "language_name": CERTIFICATE_LANGUAGES.get(certificate.lang, certificate.lang),
    }


def _unknown(text: str, canonical: str | None):  # type: ignore[no-untyped-def]
    """The friendly 404 for an id we cannot find: malformed, with a typo, or simply unknown."""
    if canonical is not None:
        problem, message = "unknown", _("There is no certificate with the ID %(id)s.", id=canonical)
    elif looks_like_an_id(text):
        problem = "typo"
        message = _(
            "This ID contains a typo: its last character does not match the others. Please compare it with the certificate once more."
        )
    else:
        problem = "malformed"
        message = _("This is not a certificate ID. IDs look like CV-7K3M-9QXD-2P8W-H.")
    if wants_json():
        body = {"status": problem, "id": canonical or text[:64], "message": message}
        return _no_store(jsonify(body)), 404
    lookup = LookupForm(formdata=None, id=text[:64])
    page = render_template("certificates/not_found.html", message=message, problem=problem, lookup=lookup)
    return page, 404


@bp.route("/verify/<public_id>", methods=["GET", "POST"])
@upload_limit
def verify_page(public_id: str):
    canonical, certificate = services.find_certificate(public_id)
    if certificate is None:
        return _unknown(public_id, canonical)
    if request.method == "GET" and canonical != public_id:
        return redirect(url_for(".verify_page", public_id=canonical), 301)
    upload = VerifyUploadForm()
    check = _read_upload(upload) if request.method == "POST" else None
    today = services.today()
    link = services.verify_url(certificate.public_id)
    if wants_json():
        if request.method == "POST" and check is None:
            return _form_errors(upload)
        if check is not None:
            other = services.verify_url(check.certificate.public_id) if check.certificate else None
            body = upload_json(check, verdict_message(check), _lang(), today, other)
        else:
            body = certificate_json(certificate, _lang(), today, link)
        return _no_store(jsonify(body))
    return render_template(
        "certificates/certificate.html",
        upload=upload,
        check=check,
        message=verdict_message(check) if check else None,
        same=check is not None and check.certificate is not None and check.certificate.id == certificate.id,
        other=_details(
            check.certificate
            if check and check.certificate and check.certificate.id != certificate.id
            else None
        ),
        verify_link=link,
        **_details(certificate),
    )
