"""The progress page and the download of a large export made by a job (app/orgs/export_jobs.py).

Only the manager who asked for the export sees it, and only while they manage the company."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user, login_required

from app.jobs.models import DONE, FAILED, OPEN
from app.jobs.queue import latest_run
from app.orgs import export_jobs
from app.orgs.guards import manager_membership

bp = Blueprint("org_exports", __name__)
KINDS = {"zip": export_jobs.ZIP, "xlsx": export_jobs.XLSX}


def _run(kind: str):  # type: ignore[no-untyped-def]
    manager_membership()  # 403 for anyone who does not manage a company (any more)
    name = KINDS.get(kind) or abort(404)
    run = latest_run(f"export:{current_user.id}:{name}")
    if run is not None and run.args and run.args[0] != manager_membership().org_id:
        return None  # made for a company this person no longer manages
    return run


@bp.get("/company/exports/<string(maxlength=8):kind>")
@login_required
def progress(kind: str):
    run = _run(kind)
    ready = run is not None and run.status == DONE and (run.result or {}).get("file")
    if ready and export_jobs.expired(run.created_at):
        ready = False
    return render_template(
        "orgs/export_progress.html",
        kind=kind,
        run=run,
        ready=ready,
        # Just asked for: the job may not be recorded yet (it is, right after the answer went out).
        waiting=(run is None and request.args.get("started") == "1")
        or (run is not None and run.status in OPEN),
        failed=run is not None and run.status == FAILED,
        size=(run.result or {}).get("size") if run else None,
    )


@bp.get("/company/exports/<string(maxlength=8):kind>/download")
@login_required
def download(kind: str):
    run = _run(kind)
    if run is None or run.status != DONE or export_jobs.expired(run.created_at):
        abort(404)
    name = (run.result or {}).get("file") or ""
    path = export_jobs.folder() / name
    if not name or "/" in name or not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=export_jobs.MIMETYPES[run.name],
        as_attachment=True,
        download_name=run.result["filename"],
    )
    response.headers["Cache-Control"] = "no-store"
    return response
