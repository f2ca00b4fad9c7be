"""Managing certificates: the admin list (search, revoke, re-issue) and issuing by hand.

Issuing by hand (for people who completed the live workshop) is open to admins and to trainers for
the courses they may manage; the list, revocation and re-issue are for admins.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from app.auth.access import admin_required
from app.auth.models import User
from app.certificates import services
from app.certificates.errors import CertificateError, UnprintableName
from app.certificates.forms import (
    CERTIFICATE_LANGUAGES,
    REVOCATION_CHOICES,
    CertificateSearchForm,
    ManualIssueForm,
    ReissueForm,
    RevokeForm,
)
from app.certificates.ids import normalise_certificate_id
from app.certificates.models import Certificate
from app.certificates.present import date_not_allowed_text, reason_text, status_text, unprintable_name_text
from app.courses.access import can_manage, managed_courses
from app.courses.models import Course
from app.extensions import db, login_manager
from app.web.downloads import pdf_download
from app.web.pager import page_number, paginate

bp = Blueprint("certificates_admin", __name__, url_prefix="/admin/certificates")

PER_PAGE = 50


def trainer_required(view):  # type: ignore[no-untyped-def]
    """Anonymous visitors are sent to sign in; participants get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_trainer:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _like(text: str) -> str:
    return "%" + text.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"


@bp.get("")
@admin_required
def index():
    search = CertificateSearchForm(request.args)
    query = (
        select(Certificate)
        .outerjoin(User, User.id == Certificate.user_id)  # certificates of deleted accounts too
        .join(Course, Course.id == Certificate.course_id)
    )
    if search.validate():
        text = (search.q.data or "").strip()
        if text:
            public_id = normalise_certificate_id(text)
            pattern = _like(text)
            query = query.where(
                or_(
                    Certificate.public_id == (public_id or text.upper()),
                    func.lower(Certificate.name).like(pattern, escape="\\"),
                    func.lower(User.email).like(pattern, escape="\\"),
                    func.lower(Course.slug).like(pattern, escape="\\"),
                )
            )
        if search.status.data == "active":
            query = query.where(Certificate.revoked_at.is_(None))
        elif search.status.data == "revoked":
            query = query.where(Certificate.revoked_at.is_not(None))
    query = query.options(selectinload(Certificate.user), selectinload(Certificate.issued_by))
    query = query.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    page = paginate(query, page_number(request.args), PER_PAGE)
    today = services.today()
    return render_template(
        "certificates/admin_list.html",
        page=page,
        search=search,
        today=today,
        lang=str(get_locale()),
        status_text=status_text,
        reason_text=reason_text,
        certificate_languages=CERTIFICATE_LANGUAGES,
        revoke_form=RevokeForm(formdata=None),
        revocation_choices=REVOCATION_CHOICES,
        reissue_form=ReissueForm(formdata=None),
    )


def _not_offered(error: services.LanguageNotOffered) -> str:
    names = ", ".join(CERTIFICATE_LANGUAGES[code] for code in error.offered)
    return _("This course is not offered in this language. Choose one of: %(languages)s.", languages=names)


def _certificate(public_id: str) -> Certificate:
    _canonical, certificate = services.find_certificate(public_id)
    if certificate is None:
        abort(404)
    return certificate


def _back():  # type: ignore[no-untyped-def]
    """Back to the list with the search the admin came from."""
    query = {key: value for key, value in request.args.items() if key in ("q", "status", "page")}
    return redirect(url_for(".index", **query))


@bp.post("/<public_id>/revoke")
@admin_required
def revoke(public_id: str):
    certificate = _certificate(public_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Please choose the reason for the revocation."), "error")
        return _back()
    try:
        services.revoke(certificate, form.category.data, current_user, form.note.data)
    except services.AlreadyRevoked:
        flash(_("%(id)s was already revoked.", id=certificate.public_id), "error")
        return _back()
    flash(_("%(id)s is revoked.", id=certificate.public_id), "success")
    return _back()


@bp.post("/<public_id>/reissue")
@admin_required
def reissue(public_id: str):
    certificate = _certificate(public_id)
    form = ReissueForm()
    if not form.validate_on_submit():
        flash(_("Please choose a language."), "error")
        return _back()
    try:
        new = services.reissue(certificate, current_user, form.lang.data)
    except services.HolderErased:
        flash(
            _("%(id)s cannot be re-issued: its holder has deleted their account.", id=certificate.public_id),
            "error",
        )
        return _back()
    except services.AlreadyIssued as error:
        flash(
            _(
                "%(id)s is the active certificate for this person and course; re-issue that one.",
                id=error.certificate.public_id,
            ),
            "error",
        )
        return _back()
    except services.LanguageNotOffered as error:
        flash(_not_offered(error), "error")
        return _back()
    except UnprintableName as error:
        flash(unprintable_name_text(error.char, certificate.name or ""), "error")
        return _back()
    except CertificateError:
        flash(_("The certificate could not be issued right now. Please try again later."), "error")
        return _back()
    flash(
        _("%(new)s was issued to replace %(old)s.", new=new.public_id, old=certificate.public_id), "success"
    )
    return _back()


@bp.get("/<public_id>/pdf")
@trainer_required
def download(public_id: str):
    certificate = _certificate(public_id)
    if not can_manage(current_user, certificate.course):
        abort(403)
    if certificate.pdf is None:  # dropped when the holder deleted their account
        abort(404)
    return pdf_download(certificate.pdf, f"{certificate.public_id}.pdf")


@bp.route("/issue", methods=["GET", "POST"])
@trainer_required
def issue():
    courses = managed_courses(current_user)
    lang = str(get_locale())
    form = ManualIssueForm()
    form.course.choices = [SelectChoice(course.id, course.title_in(lang)) for course in courses]
    if request.method == "POST" and form.course.data is not None:
        chosen = db.session.get(Course, form.course.data)
        if chosen is not None and not can_manage(current_user, chosen):
            abort(403)
    if request.method == "GET":
        form.lang.data = form.lang.data or lang
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(User.email == email))
        course = db.session.get(Course, form.course.data)
        if user is None:
            form.email.errors.append(_("There is no account with this e-mail address."))
        elif course is None:
            abort(404)
        else:
            try:
                certificate = services.issue_manually(
                    user, course, form.lang.data, current_user, form.completed_on.data, note=form.note.data
                )
            except services.NotAllowed:
                abort(403)
            except services.DateNotAllowed as error:
                form.completed_on.errors.append(date_not_allowed_text(error.earliest, error.latest))
            except services.AlreadyIssued as error:
                form.email.errors.append(
                    _(
                        "%(name)s already holds the active certificate %(id)s for this course.",
                        name=user.name,
                        id=error.certificate.public_id,
                    )
                )
            except services.LanguageNotOffered as error:
                form.lang.errors.append(_not_offered(error))
            except UnprintableName as error:
                form.email.errors.append(unprintable_name_text(error.char, user.name))
            except CertificateError:
                flash(_("The certificate could not be issued right now. Please try again later."), "error")
            else:
                flash(
                    _("Certificate %(id)s was issued to %(name)s.", id=certificate.public_id, name=user.name),
                    "success",
                )
                return redirect(url_for(".issue", issued=certificate.public_id))
    issued = None
    if request.args.get("issued"):
        _canonical, issued = services.find_certificate(request.args["issued"])
        if issued is not None and not can_manage(current_user, issued.course):
            issued = None
    return render_template("certificates/issue.html", form=form, courses=courses, issued=issued)
