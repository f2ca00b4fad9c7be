"""Importing a quiz file in the browser: upload, converted preview, then save as the quiz's draft.

The pages check, like the editor, that the signed-in user may manage the course; the draft is saved only
from the converted Markdown sent back by the preview page, never published here.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from app.authoring import services, upload
from app.authoring.forms import MAX_UPLOAD_BYTES, QuizUploadForm, SaveImportForm, upload_problem
from app.authoring.refs import file_or_abort
from app.extensions import db

bp = Blueprint("quiz_import", __name__)
IMPORT_URL = "/trainer/courses/<slug>/<module_slug>/quiz/<lang>/import"


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):  # type: ignore[no-untyped-def]
    """An upload beyond what the server reads at all: the same answer as a file over our own limit."""
    message = _(
        "The file is too large. A quiz file imported here may have at most %(max)s KB; nothing was saved.",
        max=MAX_UPLOAD_BYTES // 1000,
    )
    return render_template("errors/page.html", code=413, title=_("File too large"), message=message), 413


def _quiz_or_abort(slug: str, module_slug: str, lang: str) -> services.FileRef:
    return file_or_abort(slug, module_slug, "quiz", lang)


@bp.route(IMPORT_URL, methods=["GET", "POST"])
@login_required
def import_quiz(slug: str, module_slug: str, lang: str):
    ref = _quiz_or_abort(slug, module_slug, lang)
    form = QuizUploadForm()
    if request.method == "GET":
        return _page(ref, form)
    if not form.validate_on_submit():  # a missing or stale CSRF token
        abort(400)
    file = form.upload.data
    name = upload.safe_name(file.filename or "") if file else ""
    data = file.read(MAX_UPLOAD_BYTES + 1) if file and name else b""
    problem = upload_problem(name, data)
    if problem:
        form.upload.errors = [problem]
        return _page(ref, form, status=422)
    conversion = upload.convert_upload(ref, name, data)
    save = SaveImportForm(formdata=None, source=conversion.markdown or "")
    status = 200 if conversion.markdown else 422
    return _page(ref, form, conversion=conversion, save=save, status=status)


@bp.post(IMPORT_URL + "/save")
@login_required
def save_import(slug: str, module_slug: str, lang: str):
    ref = _quiz_or_abort(slug, module_slug, lang)
    form = SaveImportForm()
    if not form.validate_on_submit():
        upload_form = QuizUploadForm(formdata=None)
        message = " ".join(form.source.errors) or _("The form has expired. Please upload the file again.")
        upload_form.upload.errors = [message]
        return _page(ref, upload_form, status=422)
    try:
        services.save_draft(ref, form.source.data, current_user.id, services.published_number(ref))
        db.session.flush()
    except IntegrityError:  # another editor created this file's draft at the same moment
        db.session.rollback()
        flash(_("Someone else saved a draft of this file at the same moment. Please save again."), "error")
        return redirect(url_for("quiz_import.import_quiz", slug=slug, module_slug=module_slug, lang=lang))
    flash(
        _("The imported quiz was saved as a draft. Check it here; learners still see the published version."),
        "success",
    )
    return redirect(url_for("authoring.edit", slug=slug, module_slug=module_slug, kind="quiz", lang=lang))


def _page(ref, form, conversion=None, save=None, status=200):  # type: ignore[no-untyped-def]
    return (
        render_template(
            "authoring/import.html",
            ref=ref,
            form=form,
            conversion=conversion,
            save=save,
            draft=services.current_draft(ref),
        ),
        status,
    )
