"""Trainer pages: the courses a trainer edits, the editor with preview and checks, revisions; and the
admin page that assigns trainers to a course. Every page checks, on the server, that the signed-in user
may manage the course (admins: every course; trainers: the courses they are assigned to)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from app.auth.access import admin_required
from app.auth.models import User
from app.authoring import assignment, diagnostics, files, history, services
from app.authoring.forms import MAX_SOURCE_BYTES, AssignTrainerForm, EditorForm, UnassignTrainerForm
from app.authoring.refs import file_or_abort
from app.authoring.review_due import modules_due
from app.content.course.currency import WATCH_HORIZON_DAYS
from app.courses.access import managed_courses, require_manage
from app.courses.models import Course
from app.courses.queries import get_course_or_404
from app.extensions import db
from app.i18n.locale import LANGUAGE_NAMES
from app.workshops.queries import upcoming_by_course

bp = Blueprint("authoring", __name__)


def _course_or_abort(slug: str) -> Course:
    course = get_course_or_404(slug)
    require_manage(current_user, course)
    return course


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):  # type: ignore[no-untyped-def]
    """A form larger than the server accepts never reaches the editor: say so in the editor's words."""
    message = _(
        "The text you sent is too large. A file edited here may have at most %(max)s KB; nothing was saved.",
        max=MAX_SOURCE_BYTES // 1000,
    )
    return render_template("errors/page.html", code=413, title=_("Text too large"), message=message), 413


@bp.get("/trainer")
@login_required
def index():
    if not current_user.is_trainer:
        abort(403)
    courses = managed_courses(current_user)
    due = modules_due(courses, str(get_locale()), date.today())
    return render_template(
        "authoring/index.html",
        courses=courses,
        due=due,
        watch_horizon_days=WATCH_HORIZON_DAYS,
        workshops=upcoming_by_course([c.id for c in courses]),
        stale=history.stale_counts(c.id for c in courses),
    )


@bp.get("/trainer/courses/<slug>")
@login_required
def course(slug: str):
    course = _course_or_abort(slug)
    return render_template("authoring/course.html", course=course, modules=files.course_files(course))


@bp.route("/trainer/courses/<slug>/<module_slug>/<kind>/<lang>", methods=["GET", "POST"])
@login_required
def edit(slug: str, module_slug: str, kind: str, lang: str):
    ref = file_or_abort(slug, module_slug, kind, lang)
    form = EditorForm()
    if request.method == "GET":
        draft = services.current_draft(ref)
        published = services.published_text(ref)
        form.source.data = draft.source if draft else (published.source if published else "")
        form.base.data = str(draft.base_number if draft else services.published_number(ref))
        return _editor(ref, form)
    inline = form.preview.data and _wants_json()
    if not form.validate_on_submit():
        if inline:
            return jsonify(diagnostics.of_form([e for errors in form.errors.values() for e in errors])), 422
        return _editor(ref, form, status=422)
    texts = {ref.lang: form.source.data}
    if form.with_drafts.data:
        texts.update({d.lang: d.source for d in services.other_drafts(ref)})
    if inline:
        check, _preview = services.examine(ref, texts)
        return jsonify(diagnostics.of_check(check, ref.path))
    if form.publish.data:
        return _publish(ref, form, texts)
    message, kind = None, "success"
    if form.save.data:
        try:
            services.save_draft(ref, form.source.data, current_user.id, form.base_number() or 0)
            db.session.flush()
            message = _("Draft saved. Learners still see the published version.")
        except IntegrityError:  # another editor created this file's draft at the same moment
            db.session.rollback()
            message, kind = (
                _("Someone else saved a draft of this file at the same moment. Please save again."),
                "error",
            )
    check, preview = services.examine(ref, texts)
    return _editor(ref, form, check=check, preview=preview, message=message, message_kind=kind)


def _wants_json() -> bool:
    """The editor's script checking as the trainer types (a form sent by the browser prefers HTML)."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _publish(ref: services.FileRef, form: EditorForm, texts: dict[str, str]):  # type: ignore[no-untyped-def]
    try:
        number = services.publish(ref, texts, current_user.id, form.base_number())
    except services.Outdated as outdated:
        db.session.rollback()
        form.base.data = str(outdated.current)
        message = _(
            "Revision %(current)d was published after you started from revision %(base)d. Compare it in the revisions; to replace it with your text, publish again.",
            current=outdated.current,
            base=outdated.base,
        )
        return _editor(ref, form, message=message, message_kind="error", status=409)
    except IntegrityError:
        return _published_concurrently(ref, form)
    except services.PublishRefused as refused:
        db.session.rollback()
        message = _("Not published: please fix the errors below first. Nothing was changed for learners.")
        return _editor(
            ref, form, refused.check, refused.preview, message=message, message_kind="error", status=422
        )
    try:
        db.session.flush()
    except IntegrityError:
        return _published_concurrently(ref, form)
    if number is None:
        flash(_("Nothing to publish: the text is the same as the published revision."), "info")
    else:
        flash(_("Published as revision %(number)d.", number=number), "success")
        _flash_stale(ref)
    return redirect(
        url_for(
            "authoring.edit", slug=ref.course.slug, module_slug=ref.module.slug, kind=ref.kind, lang=ref.lang
        )
    )


def _flash_stale(ref: services.FileRef) -> None:
    """After the source text changed: name the translations that now follow an older source text."""
    stale = history.stale_translations(ref) if ref.lang == ref.course.source_lang else []
    if stale:
        names = ", ".join(LANGUAGE_NAMES.get(s.ref.lang, s.ref.lang) for s in stale)
        flash(
            _(
                "These translations now follow an older source text: %(languages)s. Review them (see “Translations to review” below).",
                languages=names,
            ),
            "info",
        )


def _published_concurrently(ref: services.FileRef, form: EditorForm):  # type: ignore[no-untyped-def]
    """Two trainers published the same module at once: the other one won; nothing of this one was kept."""
    db.session.rollback()
    message = _(
        "Someone else published this file at the same moment. Please check its revisions and try again."
    )
    return _editor(ref, form, message=message, message_kind="error", status=409)


def _editor(  # type: ignore[no-untyped-def]
    ref: services.FileRef,
    form: EditorForm,
    check: services.Check | None = None,
    preview: services.Preview | None = None,
    message: str | None = None,
    message_kind: str = "success",
    status: int = 200,
):
    published = services.published_text(ref)
    return (
        render_template(
            "authoring/edit.html",
            ref=ref,
            form=form,
            draft=services.current_draft(ref),
            other_drafts=services.other_drafts(ref),
            published=published,
            number=services.published_number(ref),
            stale=history.stale_translations(ref) if ref.lang == ref.course.source_lang else [],
            check=check,
            preview=preview,
            message=message,
            message_kind=message_kind,
        ),
        status,
    )


@bp.get("/trainer/courses/<slug>/<module_slug>/<kind>/<lang>/revisions")
@login_required
def revisions(slug: str, module_slug: str, kind: str, lang: str):
    ref = file_or_abort(slug, module_slug, kind, lang)
    return render_template(
        "authoring/revisions.html",
        ref=ref,
        rows=history.revision_history(ref),
        current=services.published_number(ref),
        draft=services.current_draft(ref),
    )


@bp.get("/trainer/courses/<slug>/<module_slug>/<kind>/<lang>/revisions/<int(max=2147483647):number>")
@login_required
def revision(slug: str, module_slug: str, kind: str, lang: str, number: int):
    ref = file_or_abort(slug, module_slug, kind, lang)
    found = history.revision_of(ref, number) or abort(404)
    text = next((t for t in found.texts if t.lang == lang), None)
    author = db.session.get(User, found.author_id) if found.author_id else None
    translates = history.translation_source(ref, text.source, number) if text is not None else None
    return render_template(
        "authoring/revision.html", ref=ref, revision=found, text=text, author=author, translates=translates
    )


@bp.get("/admin/courses/<slug>/trainers")
@admin_required
def trainers(slug: str):
    course = get_course_or_404(slug)
    form = AssignTrainerForm()
    form.user.choices = [(u.id, f"{u.name} <{u.email}>") for u in assignment.assignable_users(course)]
    return render_template(
        "authoring/trainers.html",
        course=course,
        form=form,
        trainers=assignment.assigned_trainers(course),
        remove_form=UnassignTrainerForm(),
    )


@bp.post("/admin/courses/<slug>/trainers")
@admin_required
def assign(slug: str):
    course = get_course_or_404(slug)
    form = AssignTrainerForm()
    form.user.choices = [(u.id, u.name) for u in assignment.assignable_users(course)]
    user = db.session.get(User, form.user.data) if form.validate_on_submit() else None
    if user is None:
        flash(_("Please choose a trainer or an administrator who is not yet assigned."), "error")
        return redirect(url_for("authoring.trainers", slug=slug))
    try:
        assignment.assign_trainer(course, user)
    except assignment.AssignmentError:
        db.session.rollback()
        flash(_("Only trainers and administrators can be assigned to a course."), "error")
        return redirect(url_for("authoring.trainers", slug=slug))
    flash(_("%(name)s can now edit this course.", name=user.name), "success")
    return redirect(url_for("authoring.trainers", slug=slug))


@bp.post("/admin/courses/<slug>/trainers/<int(max=2147483647):user_id>/remove")
@admin_required
def unassign(slug: str, user_id: int):
    course = get_course_or_404(slug)
    if not UnassignTrainerForm().validate_on_submit():
        abort(400)
    user = db.session.get(User, user_id) or abort(404)
    if assignment.unassign_trainer(course, user_id):
        flash(_("%(name)s can no longer edit this course.", name=user.name), "success")
    return redirect(url_for("authoring.trainers", slug=slug))
