"""The HR API's Open Badges 3.0 credentials: the same visibility rules as the PDFs, a credential that
PyJWT verifies with the published key and that the verify API calls valid; timestamps with their offset."""

from __future__ import annotations

from datetime import datetime

from tests.certificates.openbadge_helpers import schema_errors, token_of, verified_with_pyjwt
from tests.fixtures.hrapi import bearer
from tests.orgs.org_helpers import complete


def _get(client, path: str, secret: str):  # type: ignore[no-untyped-def]
    return client.get(path, headers=bearer(secret))


def test_a_company_downloads_its_members_credentials_only(client, app, world, acme_token, beta_token):
    ours = complete(app, world.member.id, world.course_id)
    theirs = complete(app, world.other_member.id, world.course_id)
    entry = _get(client, "/api/v1/certificates", acme_token).get_json()["data"][0]
    assert entry["openbadge_url"].endswith(f"/api/v1/certificates/{ours}.json")
    response = _get(client, f"/api/v1/certificates/{ours}.json", acme_token)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = token_of(response.get_json())
    credential = verified_with_pyjwt(client, token)
    assert schema_errors(credential) == []
    names = [item["identityHash"] for item in credential["credentialSubject"]["identifier"]]
    assert names == ["Max Müller"] and "max@acme.example" not in response.get_data(as_text=True)
    verdict = client.post("/api/v1/verify", data=token, content_type="application/jwt").get_json()
    assert verdict["verdict"] == "valid" and verdict["certificate"]["id"] == ours
    for path, secret in (
        (f"/api/v1/certificates/{theirs}.json", acme_token),
        ("/api/v1/certificates/CV-AAAA-AAAA-AAAA-A.json", acme_token),
    ):
        error = _get(client, path, secret)
        assert error.status_code == 404 and error.get_json()["error"]["code"] == "not_found"
    assert _get(client, f"/api/v1/certificates/{theirs}.json", beta_token).status_code == 200
    assert client.get(f"/api/v1/certificates/{ours}.json").status_code == 401


def test_issued_at_carries_the_platforms_offset_like_the_verification_answers(client, app, world, acme_token):
    ours = complete(app, world.member.id, world.course_id)
    entry = _get(client, "/api/v1/certificates", acme_token).get_json()["data"][0]
    public = client.get(f"/api/v1/verify/{ours}").get_json()
    assert entry["issued_at"] == public["issued_at"]
    assert datetime.fromisoformat(entry["issued_at"]).utcoffset() is not None
    assert entry["issued_at"][-6:] in ("+01:00", "+02:00")
