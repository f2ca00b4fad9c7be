"""Company pages: "My company" for participants, the dashboard, exports and invitations for managers.

Every object is checked on the server: a manager reaches only their own company's members, invitations
and certificates; anything else is a 404 (so ids cannot be probed), and non-managers get 403.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.certificates.models import Certificate
from app.orgs import (
    assignments,
    export_jobs,
    exports,
    invitation_routes,  # noqa: F401  (adds the invitation views to bp)
    joining,
    services,
)
from app.orgs.blueprint import bp
from app.orgs.charts import completions_chart
from app.orgs.forms import (
    ConfirmJoinForm,
    JoinForm,
    LeaveForm,
    PrivacyForm,
    RemindForm,
)
from app.orgs.guards import manager_membership
from app.orgs.models import Membership
from app.orgs.report import (
    Report,
    ReportFilter,
    all_courses,
    build_report,
    by_member,
    member_page,
)
from app.orgs.tables import report_table, status_labels, zip_entries
from app.timeutil import utcnow
from app.web.downloads import csv_download, pdf_download, xlsx_download, zip_download
from app.web.pager import page_number


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
            assigned=assignments.assignments_for(current_user.id) if membership else [],
            today=utcnow().date(),
            lang=_lang(),
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
def join_link(code: str):
    if not current_user.is_authenticated:
        return joining.newcomer_page(code)
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


@bp.get("/company/dashboard")
@login_required
def dashboard():
    """The members × courses table, 50 members a page; totals and chart cover the whole filtered set."""
    manager = manager_membership()
    courses = all_courses()
    f = ReportFilter.from_args(request.args, {c.id for c in courses})
    report = build_report(manager.org_id, f, courses)
    page = member_page(report.rows, page_number(request.args))
    chart = completions_chart(
        report.by_month,
        title=_("Completions per month"),
        desc=_("Courses completed by members of %(company)s in each month.", company=manager.org.name),
    )
    overdue = [v for v in assignments.assignments_of(manager.org_id, utcnow().date()) if v.overdue]
    return render_template(
        "orgs/dashboard.html",
        org=manager.org,
        report=report,
        f=f,
        page=page,
        lines=by_member(page.rows),
        overdue=overdue,
        remind_form=RemindForm(formdata=None),
        courses=courses,
        labels=status_labels(),
        chart=chart,
        lang=_lang(),
    )


def _file_stem(manager: Membership, what: str) -> str:
    return f"{manager.org.slug}-{what}-{utcnow():%Y-%m-%d}"


@bp.get("/company/report.csv")
@login_required
def report_csv():
    manager = manager_membership()
    report, _f = _report(manager)
    header, rows = report_table(report, _lang())
    return csv_download(exports.report_csv(header, rows), _file_stem(manager, "report") + ".csv")


@bp.get("/company/report.xlsx")
@login_required
def report_xlsx():
    manager = manager_membership()
    report, f = _report(manager)
    if export_jobs.too_large(len(report.rows)):
        return _export_later(manager, export_jobs.XLSX, f, "report")
    header, rows = report_table(report, _lang())
    data = exports.report_xlsx(header, rows, title=_("Progress"))
    return xlsx_download(data, _file_stem(manager, "report") + ".xlsx")


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
    certificate = _visible_certificate(manager, public_id)
    return pdf_download(certificate.pdf, f"{certificate.public_id}.pdf")


@bp.get("/company/certificates.zip")
@login_required
def certificates_zip():
    manager = manager_membership()
    report, f = _report(manager)
    if export_jobs.too_large(sum(1 for row in report.rows if row.certificate is not None)):
        return _export_later(manager, export_jobs.ZIP, f, "certificates")
    entries = zip_entries(report.rows, _lang())
    return zip_download(exports.stream_zip(entries), _file_stem(manager, "certificates") + ".zip")
