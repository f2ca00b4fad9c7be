"""The admins' page of background jobs: those that failed (with their error and a "retry" button), then
those still open, newest first."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SubmitField

from app.audit.models import JOB_RETRIED
from app.audit.services import record
from app.auth.access import admin_required
from app.extensions import db
from app.jobs.models import FAILED, OPEN, QUEUED, RETRYING, RUNNING, JobRun
from app.jobs.queue import retry

bp = Blueprint("jobs_admin", __name__, url_prefix="/admin/jobs")

#: How many rows each section shows (the oldest failures stay until retried).
LIMIT = 200
STATUS_LABELS = {
    QUEUED: _l("Waiting"),
    RUNNING: _l("Running"),
    RETRYING: _l("Failed, will be retried"),
    FAILED: _l("Failed"),
}
NAME_LABELS = {
    "certificates.issue": _l("Issue a certificate"),
    "exports.certificates_zip": _l("Certificates as ZIP"),
    "exports.company_report": _l("Company report (Excel)"),
}


class RetryForm(FlaskForm):
    submit = SubmitField(_l("Retry"))


@bp.get("")
@admin_required
def index():
    failed = db.session.scalars(
        select(JobRun).where(JobRun.status == FAILED).order_by(JobRun.updated_at.desc()).limit(LIMIT)
    ).all()
    running = db.session.scalars(
        select(JobRun).where(JobRun.status.in_(OPEN)).order_by(JobRun.created_at.desc()).limit(LIMIT)
    ).all()
    return render_template(
        "jobs/admin.html",
        failed=failed,
        running=running,
        form=RetryForm(),
        status_labels=STATUS_LABELS,
        name_labels=NAME_LABELS,
    )


@bp.post("/<int(max=2147483647):run_id>/retry")
@admin_required
def retry_job(run_id: int):
    form = RetryForm()
    if not form.validate_on_submit():
        abort(400)
    run = db.get_or_404(JobRun, run_id)
    if run.status != FAILED:
        flash(_("This job has not failed; it was not queued again."), "error")
        return redirect(url_for(".index"))
    record(JOB_RETRIED, actor_id=current_user.id, target=f"job:{run.id}", job=run.name, error=run.error)
    retry(run)
    flash(_("The job was queued again."), "success")
    return redirect(url_for(".index"))
