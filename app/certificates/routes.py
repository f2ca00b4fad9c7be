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

from app.certificates import services
from app.certificates.answers import (
    certificate_json,
    upload_json,
    upload_message,
    verdict_json,
    verdict_label,
    verdict_message,
)
from app.certificates.documents import check_document
from app.certificates.errors import CertificateError, UnprintableName
from app.certificates.forms import CERTIFICATE_LANGUAGES, LanguageForm, LookupForm, VerifyUploadForm
from app.certificates.ids import normalise_certificate_id
from app.certificates.issuing import verify_url
from app.certificates.jobs import preparing
from app.certificates.models import Certificate
from app.certificates.present import (
    level_text,
    linkedin_url,
    looks_like_an_id,
    reason_text,
    status_text,
    titles_shown,
    unprintable_name_text,
)
from app.certificates.share_image import ShareImageUnavailable, share_png
from app.certificates.verdict import Verdict
from app.certificates.verification import (
    MAX_UPLOAD_BYTES,
    UploadCheck,
    record_verdict,
    upload_verdict,
)
from app.extensions import limiter
from app.form_limits import FORM_REFUSED, form_refused
from app.main.errors import render_error
from app.web.downloads import no_store, pdf_download

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


def check_upload(data: bytes) -> UploadCheck:
    """Check uploaded bytes (a PDF, or an Open Badges credential) against what we issued."""
    return check_document(data)


def _read_upload(form: VerifyUploadForm) -> UploadCheck | None:
    """The verdict on the form's file (or pasted credential), or None when the form has errors."""
    if not form.validate_on_submit():
        return None
    return check_upload(form.presented(MAX_UPLOAD_BYTES))


def _form_errors(form: VerifyUploadForm):  # type: ignore[no-untyped-def]
    """A JSON client's upload without a file: 400 with the field's message."""
    errors = [*form.pdf.errors, *form.credential.errors]
    message = " ".join(str(error) for error in errors) or _("Please choose a PDF file.")
    return no_store(jsonify({"error": {"status": 400, "message": message}})), 400


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge):  # type: ignore[no-untyped-def]
    if form_refused(request):
        return render_error(413, *FORM_REFUSED)
    check = UploadCheck("too_large", "")
    if wants_json():
        return _upload_answer(check), 413
    page = _verdict_page(
        "certificates/verify.html",
        413,
        lookup=LookupForm(formdata=None),
        upload=VerifyUploadForm(formdata=None),
        badge=_file_badge(check),
        back_to=(request.view_args or {}).get("public_id"),
        certificate=None,
    )
    return page


# -- participants ---------------------------------------------------------------------------------------


@bp.get("/certificates")
@login_required
def mine():
    certificates = services.certificates_of(current_user.id)
    pending = services.pending_courses(current_user.id)
    forms = {c.id: _language_form(c, formdata=None, lang=c.lang) for c in certificates if not c.revoked}
    links = {c.id: verify_url(c.public_id) for c in certificates}
    return render_template(
        "certificates/mine.html",
        certificates=certificates,
        pending=pending,
        preparing=preparing(current_user.id, [course.id for course in pending]),
        forms=forms,
        links=links,
        linkedin={
            c.id: linkedin_url(c, links[c.id], current_app.config.get("LINKEDIN_ORGANIZATION_ID"))
            for c in certificates
            if not c.revoked
        },
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
    return pdf_download(certificate.pdf, f"{certificate.public_id}.pdf")


@bp.get("/certificates/<public_id>/share.png")
@login_required
def share_image(public_id: str):
    """The certificate's page as a PNG, for sharing on WeChat and the like (rendered once, then cached)."""
    certificate = _own(public_id)
    try:
        png = share_png(certificate.pdf, certificate.sha256)
    except ShareImageUnavailable as error:
        current_app.logger.error("Share image of %s: %s", certificate.public_id, error)
        return render_error(
            503, _("Not available"), _("The image cannot be made at the moment. Please try again later.")
        )
    response = send_file(
        io.BytesIO(png),
        mimetype="image/png",
        download_name=f"{certificate.public_id}.png",
        etag=False,
        conditional=False,
    )
    return no_store(response)


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
    except UnprintableName as error:
        flash(unprintable_name_text(error.char), "error")
        return redirect(url_for(".mine"))
    except services.TooManyChanges:
        flash(
            _(
                "You have already changed the language of this certificate %(count)d times.",
                count=services.MAX_LANGUAGE_CHANGES,
            ),
            "error",
        )
        return redirect(url_for(".mine"))
    except CertificateError:
        flash(_("The certificate could not be issued right now. Please try again later."), "error")
        return redirect(url_for(".mine"))
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
    except UnprintableName as error:
        flash(unprintable_name_text(error.char), "error")
        return redirect(url_for(".mine"))
    except CertificateError:
        flash(_("The certificate could not be issued right now. Please try again later."), "error")
        return redirect(url_for(".mine"))
    if certificate is None:
        flash(
            _("No certificate can be issued for this course. Please contact us if you think this is wrong."),
            "error",
        )
        return redirect(url_for(".mine"))
    flash(_("Your certificate %(id)s is ready.", id=certificate.public_id), "success")
    return redirect(url_for(".mine", _anchor=f"cert-{certificate.public_id}"))


# -- public verification --------------------------------------------------------------------------------


def _verdict_page(template: str, status: int = 200, **context):  # type: ignore[no-untyped-def]
    """A verification page: never indexed by search engines (it shows a person's name)."""
    response = current_app.make_response((render_template(template, **context), status))
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _badge(verdict: Verdict, message: str, check: UploadCheck | None = None) -> dict:
    """What the verdict badge shows; with an uploaded file, the file's verdict replaces the certificate's."""
    link = verify_url(verdict.replacement) if verdict.replacement else None
    level = check.result.level if check is not None and check.result is not None else None
    return {
        "verdict": verdict,
        "label": verdict_label(verdict),
        "message": message,
        "check": check,
        "link": link,
        "level": level,
        "level_text": level_text(level) if level else None,
    }


def _upload_answer(check: UploadCheck, asked: Certificate | None = None):  # type: ignore[no-untyped-def]
    """The verdict on an uploaded file as JSON (``asked``: the certificate of the page it was sent to)."""
    return no_store(jsonify(upload_json(check, upload_verdict(check, asked), _lang())))


def _file_badge(check: UploadCheck, asked: Certificate | None = None) -> dict:
    verdict = upload_verdict(check, asked)
    return _badge(verdict, upload_message(check, verdict), check)


@bp.route("/verify", methods=["GET", "POST"])
@upload_limit
def verify_index():
    lookup = LookupForm(request.args)
    if request.method == "GET" and request.args.get("id") and lookup.validate():
        typed = lookup.id.data.strip()
        return redirect(url_for(".verify_page", public_id=normalise_certificate_id(typed) or typed))
    upload = VerifyUploadForm()
    check = _read_upload(upload) if request.method == "POST" else None
    if wants_json() and request.method == "POST":
        return _form_errors(upload) if check is None else _upload_answer(check)
    return _verdict_page(
        "certificates/verify.html",
        lookup=lookup if request.args.get("id") else LookupForm(formdata=None),
        upload=upload,
        badge=_file_badge(check) if check else None,
        back_to=None,
        **_details(check.certificate if check else None),
    )


def _details(certificate) -> dict:  # type: ignore[no-untyped-def]
    """What the templates need to show a certificate's facts."""
    if certificate is None:
        return {"certificate": None}
    return {
        "certificate": certificate,
        "titles": titles_shown(certificate, _lang()),
        "reason": reason_text(certificate.revocation_category),
        "language_name": CERTIFICATE_LANGUAGES.get(certificate.lang, certificate.lang),
    }


def _unknown(text: str, canonical: str | None):  # type: ignore[no-untyped-def]
    """The friendly 404 for an id we cannot find: malformed, with a typo, or simply unknown."""
    if canonical is not None:
        problem = "not_found"
    elif looks_like_an_id(text):
        problem = "typo"
    else:
        problem = "malformed"
    verdict = record_verdict(None, problem)
    message = verdict_message(verdict, public_id=canonical)
    if wants_json():
        status = {"not_found": "unknown"}.get(problem, problem)
        body = {**verdict_json(verdict, message), "status": status, "id": canonical or text[:64]}
        response = no_store(jsonify(body))
        response.headers["X-Robots-Tag"] = "noindex"
        return response, 404
    lookup = LookupForm(formdata=None, id=text[:64])
    return _verdict_page(
        "certificates/not_found.html", 404, badge=_badge(verdict, message), problem=problem, lookup=lookup
    )


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
    link = verify_url(certificate.public_id)
    if wants_json():
        if request.method == "POST":
            return _form_errors(upload) if check is None else _upload_answer(check, certificate)
        body = certificate_json(certificate, _lang(), record_verdict(certificate), link)
        response = no_store(jsonify(body))
        response.headers["X-Robots-Tag"] = "noindex"
        return response
    if check is not None:
        badge = _file_badge(check, certificate)
    else:
        verdict = record_verdict(certificate)
        badge = _badge(verdict, verdict_message(verdict))
    return _verdict_page(
        "certificates/certificate.html",
        upload=upload,
        badge=badge,
        same=check is not None and check.certificate is not None and check.certificate.id == certificate.id,
        other=_details(
            check.certificate
            if check and check.certificate and check.certificate.id != certificate.id
            else None
        ),
        verify_link=link,
        **_details(certificate),
    )
