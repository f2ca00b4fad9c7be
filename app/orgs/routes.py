"""Company pages: "My company" for participants, the dashboard, exports and invitations for managers.

Every object is checked on the server: a manager reaches only their own company's members, invitations
and certificates; anything else is a 404 (so ids cannot be probed), and non-managers get 403.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.models import User, utcnow
from app.certificates.models import Certificate
from app.certificates.routes import pdf_response
from app.extensions import db
from app.orgs import export_jobs, exports, services
from app.orgs.charts import completions_chart
from app.orgs.forms import (
    ConfirmJoinForm,
    InviteForm,
    JoinForm,
    LeaveForm,
    PrivacyForm,
    RevokeInvitationForm,
    TeamForm,
)
from app.orgs.guards import manager_membership
from app.orgs.invitation_limits import invitation_mail_limits
from app.orgs.models import Invitation, Membership
from app.orgs.report import (
    Report,
    ReportFilter,
    all_courses,
    build_report,
    member_page,
    requested_page,
)
from app.orgs.tables import report_table, status_labels, zip_entries
from app.urls import external_url

bp = Blueprint("orgs", __name__)


@bp.app_context_processor
def _nav() -> dict:
    """``current_company_manager()`` for the navigation: one query per page, only when asked."""

    def current_company_manager() -> bool:
        if not current_user.is_authenticated:
            return False
        if "company_manager" not in g:
            membership = services.membership_of(current_user.id)
            g.company_manager = membership is not None and membership.is_manager
        return bool(g.company_manager)

    return {"current_company_manager": current_company_manager}


def _lang() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "de")


# -- participants --------------------------------------------------------------------------------------


def _company_page(join_form: JoinForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    membership = services.membership_of(current_user.id)
    privacy = None
    if membership is not None:
        privacy = PrivacyForm(
            formdata=None, share_scores=membership.share_scores, share_history=membership.share_history
        )
    return (
        render_template(
            "orgs/company.html",
            membership=membership,
            join_form=join_form or JoinForm(formdata=None),
            privacy_form=privacy,
            leave_form=LeaveForm(formdata=None),
        ),
        status,
    )


@bp.get("/company")
@login_required
def company():
    return _company_page()


@bp.post("/company/join")
@login_required
def join():
    form = JoinForm()
    if not form.validate_on_submit():
        return _company_page(form, 400)
    try:
        membership = services.join(form.code.data, current_user)
    except services.OrgError as error:
        form.code.errors = [str(error.message)]
        return _company_page(form, 400)
    flash(_("Welcome! You now belong to %(company)s.", company=membership.org.name), "success")
    return redirect(url_for("orgs.company"))


@bp.route("/join/<string(maxlength=64):code>", methods=["GET", "POST"])
@login_required
def join_link(code: str):
    form = ConfirmJoinForm()
    invitation = services.find_invitation(code)
    problem = None
    try:
        services.check_invitation(invitation, current_user)
    except services.OrgError as error:
        problem = str(error.message)
    if problem is None and form.validate_on_submit():
        try:
            services.join(code, current_user)
        except services.OrgError as error:  # someone else used it in the meantime
            problem = str(error.message)
        else:
            flash(_("Welcome! You now belong to %(company)s.", company=invitation.org.name), "success")
            return redirect(url_for("orgs.company"))
    return render_template(
        "orgs/join.html", invitation=invitation if problem is None else None, problem=problem, form=form
    ), (400 if problem else 200)


@bp.post("/company/privacy")
@login_required
def privacy():
    membership = services.membership_of(current_user.id)
    if membership is None:
        abort(404)
    form = PrivacyForm()
    if not form.validate_on_submit():
        flash(_("Your choices could not be saved. Please try again."), "error")
        return redirect(url_for("orgs.company"))
    services.set_privacy(
        membership, share_scores=form.share_scores.data, share_history=form.share_history.data
    )
    flash(_("Your privacy choices are saved."), "success")
    return redirect(url_for("orgs.company"))


@bp.post("/company/leave")
@login_required
def leave():
    form = LeaveForm()
    if not form.validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for("orgs.company"))
    try:
        org = services.leave(current_user)
    except services.OrgError as error:
        flash(str(error.message), "error")
        return redirect(url_for("orgs.company"))
    flash(_("You left %(company)s. It no longer sees your progress.", company=org.name), "success")
    return redirect(url_for("orgs.company"))


# -- managers: the report ------------------------------------------------------------------------------


def _report(manager: Membership) -> tuple[Report, ReportFilter]:
    courses = all_courses()
    f = ReportFilter.from_args(request.args, {c.id for c in courses})
    return build_report(manager.org_id, f, courses), f


def _dashboard_args(f: ReportFilter, page: int) -> dict[str, object]:
    """Query arguments that lead back to this view of the dashboard: its filters and page."""
    return {**f.args(), **({"page": page} if page > 1 else {})}


@bp.get("/company/dashboard")
@login_required
def dashboard():
    """The members × courses table, 50 members a page; totals and chart cover the whole filtered set."""
    manager = manager_membership()
    courses = all_courses()
    f = ReportFilter.from_args(request.args, {c.id for c in courses})
    report = build_report(manager.org_id, f, courses)
    page = member_page(report.rows, requested_page(request.args))
    chart = completions_chart(
        report.by_month,
        title=_("Completions per month"),
        desc=_(
            "Courses completed by members of %(company)s in each of the last twelve months.",
            company=manager.org.name,
        ),
    )
    return render_template(
        "orgs/dashboard.html",
        org=manager.org,
        report=report,
        f=f,
        page=page,
        here=_dashboard_args(f, page.page),
        courses=courses,
        labels=status_labels(),
        chart=chart,
        lang=_lang(),
        team_form=TeamForm(formdata=None),
    )


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def _file_stem(manager: Membership, what: str) -> str:
    return f"{manager.org.slug}-{what}-{utcnow():%Y-%m-%d}"


@bp.get("/company/report.csv")
@login_required
def report_csv():
    manager = manager_membership()
    report, _f = _report(manager)
    header, rows = report_table(report, _lang())
    response = _download(exports.report_csv(header, rows), "text/csv", _file_stem(manager, "report") + ".csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    return response


@bp.get("/company/report.xlsx")
@login_required
def report_xlsx():
    manager = manager_membership()
    report, f = _report(manager)
    if export_jobs.too_large(len(report.rows)):
        return _export_later(manager, export_jobs.XLSX, f, "report")
    header, rows = report_table(report, _lang())
    data = exports.report_xlsx(header, rows, title=_("Progress"))
    return _download(data, exports.XLSX_MIMETYPE, _file_stem(manager, "report") + ".xlsx")


def _export_later(manager: Membership, kind: str, f: ReportFilter, what: str) -> Response:
    """A large export: made by a job; the manager watches its progress page."""
    export_jobs.start(kind, manager.org_id, current_user.id, f, _lang(), _file_stem(manager, what))
    kind_name = "zip" if kind == export_jobs.ZIP else "xlsx"
    return redirect(url_for("org_exports.progress", kind=kind_name, started=1))


def _visible_certificate(manager: Membership, public_id: str) -> Certificate:
    """A certificate the manager's company may see; 404 for anything else (so ids cannot be probed)."""
    certificate = services.visible_certificate(manager.org_id, public_id)
    if certificate is None:
        abort(404)
    return certificate


@bp.get("/company/certificates/<string(maxlength=40):public_id>.pdf")
@login_required
def certificate_pdf(public_id: str):
    manager = manager_membership()
    return pdf_response(_visible_certificate(manager, public_id))


@bp.get("/company/certificates.zip")
@login_required
def certificates_zip():
    manager = manager_membership()
    report, f = _report(manager)
    if export_jobs.too_large(sum(1 for row in report.rows if row.certificate is not None)):
        return _export_later(manager, export_jobs.ZIP, f, "certificates")
    entries = zip_entries(report.rows, _lang())
    response = Response(stream_with_context(exports.stream_zip(entries)), mimetype="application/zip")
    response.headers.set(
        "Content-Disposition", "attachment", filename=_file_stem(manager, "certificates") + ".zip"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/company/members/<int(max=2147483647):membership_id>/team")
@login_required
def set_team(membership_id: int):
    manager = manager_membership()
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.org_id != manager.org_id:
        abort(404)
    f = ReportFilter.from_args(request.args, {c.id for c in all_courses()})
    back = url_for("orgs.dashboard", **_dashboard_args(f, requested_page(request.args)))
    form = TeamForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.team.errors) or _("Please try again."), "error")
        return redirect(back)
    services.set_team(membership, form.team.data)
    flash(_("Team saved for %(name)s.", name=membership.user.name), "success")
    return redirect(back)


# -- managers: invitations -----------------------------------------------------------------------------


def _invitations_page(
    manager: Membership, form: InviteForm, status: int = 200, created: Invitation | None = None
):  # type: ignore[no-untyped-def]
    invitations = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.org_id == manager.org_id)
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
            .limit(200)
        )
    )
    used_by = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_([i.used_by_id for i in invitations if i.used_by_id]))
        )
    }
    return render_template(
        "orgs/invitations.html",
        org=manager.org,
        form=form,
        invitations=invitations,
        used_by=used_by,
        created=created,
        created_link=external_url("orgs.join_link", code=created.code) if created else None,
        now=utcnow(),
        revoke_form=RevokeInvitationForm(formdata=None),
    ), status


@bp.get("/company/invitations")
@login_required
def invitations():
    manager = manager_membership()
    return _invitations_page(manager, InviteForm(formdata=None))


@bp.post("/company/invitations")
@login_required
@invitation_mail_limits
def create_invitation():
    manager = manager_membership()
    form = InviteForm()
    if not form.validate_on_submit():
        return _invitations_page(manager, form, 400)
    invitation = services.invite(manager.org, current_user, form.email.data or None)
    if invitation.email:
        flash(_("The invitation was sent to %(email)s.", email=invitation.email), "success")
    else:
        flash(_("A new invitation is ready: pass on the link or the code."), "success")
    return _invitations_page(manager, InviteForm(formdata=None), created=invitation)


@bp.post("/company/invitations/<int(max=2147483647):invitation_id>/revoke")
@login_required
def revoke_invitation(invitation_id: int):
    manager = manager_membership()
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.org_id != manager.org_id:
        abort(404)
    if not RevokeInvitationForm().validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for("orgs.invitations"))
    services.revoke_invitation(invitation)
    flash(_("The invitation was withdrawn."), "success")
    return redirect(url_for("orgs.invitations"))
