"""Certificate issuing as a job, run eagerly (no REDIS_URL) through the same code a worker runs: after
the completion commits, idempotent, retried, and a job that still fails is listed for admins to retry."""

from __future__ import annotations

from sqlalchemy import func, select

from app.audit.models import JOB_RETRIED, AuditEvent
from app.certificates.models import Certificate
from app.extensions import db
from app.jobs.models import DONE, FAILED, JobRun
from app.progress.models import CourseProgress

READY_DE = "Ihr Zertifikat ist fertig"


def _certificates(app, user_id: int) -> list[Certificate]:
    with app.app_context():
        return list(db.session.scalars(select(Certificate).where(Certificate.user_id == user_id)))


def _runs(app) -> list[JobRun]:
    with app.app_context():
        return list(db.session.scalars(select(JobRun).where(JobRun.name == "certificates.issue")))


def test_completion_issues_one_certificate_and_mails_when_ready(
    app, sample, participant, auth, taker, outbox
):
    auth.login(participant.email)
    _attempt, response = taker.take(right=True)
    assert response.status_code in (200, 302)
    [certificate] = _certificates(app, participant.id)
    [run] = _runs(app)
    assert (run.status, run.attempts, run.key) == (
        DONE,
        1,
        f"certificate:{participant.id}:{certificate.course_id}",
    )
    ready = [m for m in outbox.messages() if m["Subject"] == READY_DE]
    assert [m["To"] for m in ready] == [participant.email]
    body = outbox.body(ready[0])
    assert certificate.public_id in body and "/certificates" in body
    page = auth.client.get("/certificates").get_data(as_text=True)
    assert certificate.public_id in page and 'class="cert-preparing"' not in page


def test_the_job_is_idempotent(app, sample, participant, auth, taker, outbox):
    """Run again (a retry after a lost answer, a second completion signal): still one certificate, one mail."""
    from app.jobs.queue import dispatch

    auth.login(participant.email)
    taker.take(right=True)
    [certificate] = _certificates(app, participant.id)
    with app.test_request_context():
        dispatch("certificates.issue", [participant.id, certificate.course_id], None, participant.id)
        dispatch("certificates.issue", [participant.id, certificate.course_id], None, participant.id)
    assert [c.public_id for c in _certificates(app, participant.id)] == [certificate.public_id]
    assert len([m for m in outbox.messages() if m["Subject"] == READY_DE]) == 1
    assert [r.status for r in _runs(app)] == [DONE, DONE, DONE]


def test_a_signing_failure_keeps_the_completion_and_is_listed_for_admins_to_retry(
    app, sample, participant, auth, taker, create_user, missing_key, outbox
):
    from app.auth.models import Role

    auth.login(participant.email)
    _attempt, response = taker.take(right=True)
    assert response.status_code in (200, 302)
    assert _certificates(app, participant.id) == []
    with app.app_context():
        progress = db.session.scalar(select(CourseProgress).where(CourseProgress.user_id == participant.id))
        assert progress.completed_at is not None  # the completion stays
    [run] = _runs(app)
    assert run.status == FAILED and run.attempts == run.max_attempts == 5
    assert "signing key cannot be used" in run.error and str(missing_key.path) in run.error
    mine = auth.client.get("/certificates").get_data(as_text=True)
    assert "Zertifikat ausstellen" in mine  # the participant may ask again; nothing says "being prepared"
    assert not [m for m in outbox.messages() if m["Subject"] == READY_DE]

    admin = create_user(role=Role.ADMIN, email="admin@example.org", locale="en")
    client = app.test_client()
    client.post("/login", data={"email": admin.email, "password": "correct-horse-battery"})
    listing = client.get("/admin/jobs").get_data(as_text=True)
    assert f'id="job-{run.id}"' in listing and "signing key cannot be used" in listing
    assert client.post(f"/admin/jobs/{run.id}/retry", csrf=False).status_code == 400
    assert _runs(app)[0].status == FAILED

    missing_key.restore()  # the cause is fixed
    assert client.post(f"/admin/jobs/{run.id}/retry").status_code == 302
    [certificate] = _certificates(app, participant.id)
    [run] = _runs(app)
    assert (run.status, run.attempts, run.error) == (DONE, 1, None)
    with app.app_context():
        retried = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == JOB_RETRIED))
        assert retried.actor_id == admin.id and retried.target == f"job:{run.id}"
    assert [m["To"] for m in outbox.messages() if m["Subject"] == READY_DE] == [participant.email]
    assert client.post(f"/admin/jobs/{run.id}/retry").status_code == 302  # done: not queued again
    with app.app_context():
        assert db.session.scalar(select(func.count(Certificate.id))) == 1


def test_the_jobs_page_is_for_admins_only(app, create_user, auth):
    user = create_user()
    auth.login(user.email)
    assert auth.client.get("/admin/jobs").status_code == 403


def test_a_queue_that_cannot_be_reached_runs_the_job_here_not_never(
    app, sample, participant, auth, taker, outbox, monkeypatch, caplog
):
    """Redis down when the completion commits: the participant's answer is fine, and the certificate job
    (and its mail) run in this process, as without Redis; a warning says so."""
    from tests.e2e.server import free_port

    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    auth.login(participant.email)
    _attempt, response = taker.take(right=True)
    assert response.status_code in (200, 302)
    [run] = _runs(app)
    assert (run.status, run.attempts) == (DONE, 1)
    [certificate] = _certificates(app, participant.id)
    ready = [m for m in outbox.messages() if m["Subject"] == READY_DE]
    assert [m["To"] for m in ready] == [participant.email] and certificate.public_id in outbox.body(ready[0])
    assert "job queue cannot be reached" in caplog.text
