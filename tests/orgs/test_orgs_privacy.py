"""Privacy by design: completion and certificates by default, scores and earlier activity only if shared."""

from __future__ import annotations

import re
from datetime import timedelta

from app.timeutil import utcnow
from tests.orgs.org_helpers import complete, in_progress, membership


def _member_rows(page: str, name: str) -> list[str]:
    return [row for row in re.findall(r"<tr>(.*?)</tr>", page, re.S) if name in row]


#: The score 91 as the dashboard ("91 %", "91%") or the CSV (",91," or ",91.0") writes it.
SCORE_91 = re.compile(r"(?<![\w-])91(?:[.,]0)?(?:\s?%|,|$)", re.M)


def test_scores_hidden_unless_shared(app, client, auth, world):
    public_id = complete(app, world.member.id, world.course_id, score=91.0)
    auth.login(world.manager.email)
    page = client.get("/company/dashboard").get_data(as_text=True)
    [row] = _member_rows(page, "Max Müller")
    assert "badge-done" in row and public_id in row
    assert not SCORE_91.search(row)  # (a certificate id may contain "91")
    csv = client.get("/company/report.csv").get_data(as_text=True)
    assert not SCORE_91.search(csv.split("Max Müller", 1)[1].splitlines()[0])
    auth.logout()

    auth.login(world.member.email)
    page = client.get("/company").get_data(as_text=True)
    assert "Share my quiz scores" in page and "checked" not in page
    client.post("/company/privacy", data={"share_scores": "y"})
    assert membership(app, world.member.id).share_scores
    auth.logout()

    auth.login(world.manager.email)
    [row] = _member_rows(client.get("/company/dashboard").get_data(as_text=True), "Max Müller")
    assert SCORE_91.search(row)


def test_activity_before_joining_hidden_unless_shared(app, client, auth, world):
    joined = membership(app, world.member.id).joined_at
    old = complete(app, world.member.id, world.course_id, when=joined - timedelta(days=5))
    auth.login(world.manager.email)
    [row] = _member_rows(client.get("/company/dashboard").get_data(as_text=True), "Max Müller")
    assert "badge-todo" in row and old not in row
    assert client.get(f"/company/certificates/{old}.pdf").status_code == 404
    auth.logout()

    auth.login(world.member.email)
    client.post("/company/privacy", data={"share_history": "y"})
    auth.logout()
    auth.login(world.manager.email)
    [row] = _member_rows(client.get("/company/dashboard").get_data(as_text=True), "Max Müller")
    assert "badge-done" in row and old in row
    assert client.get(f"/company/certificates/{old}.pdf").status_code == 200


def test_progress_started_before_joining_is_not_shown(app, client, auth, world):
    joined = membership(app, world.member.id).joined_at
    in_progress(app, world.member.id, world.course_id, when=joined - timedelta(days=1))
    auth.login(world.manager.email)
    [row] = _member_rows(client.get("/company/dashboard").get_data(as_text=True), "Max Müller")
    assert "badge-todo" in row


def test_turning_sharing_off_again(app, client, auth, world):
    complete(app, world.member.id, world.course_id, score=77.0)
    auth.login(world.member.email)
    client.post("/company/privacy", data={"share_scores": "y", "share_history": "y"})
    client.post("/company/privacy", data={})
    m = membership(app, world.member.id)
    assert not m.share_scores and not m.share_history


def test_moved_person_starts_private_in_the_new_company(app, client, auth, world):
    auth.login(world.member.email)
    client.post("/company/privacy", data={"share_scores": "y", "share_history": "y"})
    auth.logout()
    auth.login(world.admin.email)
    before = utcnow()
    response = client.post(
        "/admin/companies/move", data={"email": world.member.email, "org": str(world.beta), "role": "member"}
    )
    assert response.status_code == 302
    m = membership(app, world.member.id)
    assert m.org_id == world.beta and not m.share_scores and not m.share_history and m.joined_at >= before
