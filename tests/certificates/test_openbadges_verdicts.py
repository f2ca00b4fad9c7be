"""Open Badges 3.0 credentials get the same verdicts as PDFs in every channel (page upload and paste, the
JSON of the upload, the API, `flask certs verify`): forged, signed with another key, expired, superseded."""

from __future__ import annotations

import io
import json
import re

import jwt
import pytest
from app_helpers import backdate_completion, course_id, set_certificate_settings
from cryptography.hazmat.primitives.asymmetric import ec
from openbadge_helpers import credential_file, segments, token_of, verified_with_pyjwt, with_payload

from app.certificates import services
from app.certificates.cli import EXIT_CODES
from app.extensions import db

JSON = {"Accept": "application/json"}
BADGE = re.compile(r'data-verdict="([a-z_]+)"')


def _answers(client, runner, tmp_path, token: str) -> dict[str, str]:
    """The verdict on one credential from every channel that takes a document."""
    document = json.dumps({"compactJwsStrings": [token]})
    path = tmp_path / "credential.json"
    path.write_text(document)
    cli = runner.invoke(args=["certs", "verify", str(path)])
    upload = {"pdf": (io.BytesIO(document.encode()), "credential.json")}
    answers = {
        "API JWT": client.post("/api/v1/verify", data=token, content_type="application/jwt").json["verdict"],
        "API JSON": client.post("/api/v1/verify", data=document, content_type="application/json").json[
            "verdict"
        ],
        "API field": client.post("/api/v1/verify", data={"credential": token}).json["verdict"],
        "upload JSON": client.post("/verify", data=upload, headers=JSON).json["verdict"],
        "paste page": BADGE.findall(
            client.post("/verify", data={"credential": token}).get_data(as_text=True)
        )[0],
        "CLI": cli.output.split(":", 1)[0],
    }
    assert cli.exit_code == EXIT_CODES[answers["CLI"]], cli.output
    return answers


def _one(answers: dict[str, str]) -> str:
    assert len(set(answers.values())) == 1, answers
    return next(iter(answers.values()))


def test_a_valid_credential_is_valid_everywhere(app, completed, client, runner, tmp_path):
    token = token_of(credential_file(client, completed))
    assert _one(_answers(client, runner, tmp_path, token)) == "valid"
    answer = client.post("/api/v1/verify", data=token, content_type="application/jwt").json
    assert answer["valid"] is True and answer["openbadge"]["key_id"] and answer["signature_level"] is None


@pytest.mark.parametrize(
    "change",
    ["name", "course title", "valid until", "status index", "claims"],
)
def test_a_changed_credential_is_not_genuine(app, completed, client, runner, tmp_path, change):
    token = token_of(credential_file(client, completed))
    _header, payload, _signature = segments(token)
    subject = payload["credentialSubject"]
    if change == "name":
        subject["identifier"][0]["identityHash"] = "Mallory Mustermann"
    elif change == "course title":
        subject["achievement"]["name"] = "Advanced course"
    elif change == "valid until":
        payload["validUntil"] = "2099-12-31T23:59:59+01:00"
    elif change == "status index":
        payload["credentialStatus"]["statusListIndex"] = "7"
    else:
        payload["nbf"] += 3600
    forged = with_payload(token, payload)
    assert _one(_answers(client, runner, tmp_path, forged)) == "not_genuine"
    answer = client.post("/api/v1/verify", data=forged, content_type="application/jwt").json
    assert (
        answer["verdict_reason"] == "changed" and answer["genuine"] is False and answer["certificate"] is None
    )


def test_a_credential_signed_with_another_key_is_not_genuine(app, completed, client, runner, tmp_path):
    token = token_of(credential_file(client, completed))
    header, payload, _signature = segments(token)
    stranger = ec.generate_private_key(ec.SECP256R1())
    # the same content and even our kid, signed with someone else's key
    ours_kid = jwt.encode(payload, stranger, algorithm="ES256", headers={"kid": header["kid"], "typ": "JWT"})
    their_kid = jwt.encode(
        payload, stranger, algorithm="ES256", headers={"kid": "https://evil.example/keys/1", "typ": "JWT"}
    )
    assert _one(_answers(client, runner, tmp_path, ours_kid)) == "not_genuine"
    reasons = {
        client.post("/api/v1/verify", data=t, content_type="application/jwt").json["verdict_reason"]
        for t in (ours_kid, their_kid)
    }
    assert reasons == {"changed", "untrusted"}
    # "none" and HMAC with the public key as secret are refused, whatever the kid says
    unsigned = jwt.encode(payload, None, algorithm="none", headers={"kid": header["kid"]})
    answer = client.post("/api/v1/verify", data=unsigned, content_type="application/jwt").json
    assert (answer["verdict"], answer["verdict_reason"]) == ("not_genuine", "untrusted")


def test_an_expired_certificates_credential_is_expired(app, completed, participant, client, runner, tmp_path):
    set_certificate_settings(app, validity_months=12)
    backdate_completion(app, participant.id, days=800)
    with app.app_context():
        public_id = services.issue_for_completion(participant.id, course_id(app)).public_id
        db.session.commit()
    token = token_of(credential_file(client, public_id))
    credential = verified_with_pyjwt(client, token, verify_exp=False)
    assert credential["validUntil"].endswith(("T23:59:59+01:00", "T23:59:59+02:00"))
    assert credential["exp"] == int(
        __import__("datetime").datetime.fromisoformat(credential["validUntil"]).timestamp()
    )
    with pytest.raises(jwt.ExpiredSignatureError):  # what any JWT library says on its own
        verified_with_pyjwt(client, token)
    assert _one(_answers(client, runner, tmp_path, token)) == "expired"


def test_a_superseded_certificates_credential_names_the_replacement(app, completed, client, runner, tmp_path):
    token = token_of(credential_file(client, completed))
    with app.app_context():
        new = services.reissue(services.find_certificate(completed)[1], None, "en").public_id
        db.session.commit()
    assert _one(_answers(client, runner, tmp_path, token)) == "superseded"
    answer = client.post("/api/v1/verify", data=token, content_type="application/jwt").json
    assert answer["replaced_by"]["id"] == new


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{}", "unreadable"),
        ('{"compactJwsStrings": ["a.b"]}', "unreadable"),
        ("eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln", "untrusted"),
        ("eyJub3QgYSBKV1Q", "unreadable"),
        ('{"type": ["VerifiableCredential", "OpenBadgeCredential"], "id": "x"}', "unsigned"),
        ("{not json", "unreadable"),
    ],
)
def test_junk_credentials_get_a_reason_never_an_error(app, client, body, reason):
    answer = client.post("/api/v1/verify", data=body, content_type="application/json")
    assert answer.status_code == 200
    assert (answer.json["verdict"], answer.json["verdict_reason"]) == ("not_genuine", reason)
    assert answer.json["message"] and answer.json["document"] == "openbadge"
    page = client.post("/verify", data={"credential": body}).get_data(as_text=True)
    assert BADGE.findall(page) == ["not_genuine"]


def test_the_credential_content_without_its_signature_proves_nothing(app, completed, client):
    _header, payload, _signature = segments(token_of(credential_file(client, completed)))
    answer = client.post("/api/v1/verify", data=json.dumps(payload), content_type="application/json").json
    assert (answer["verdict"], answer["verdict_reason"]) == ("not_genuine", "unsigned")


def test_in_production_without_a_key_there_is_no_credential(app, completed, client):
    app.config.update(ENV_NAME="production", OPENBADGES_KEY="")
    try:
        response = client.get(f"/certificates/{completed}/openbadge.json")
        assert response.status_code == 503
        answer = client.post(
            "/api/v1/verify", data="eyJhbGciOiJFUzI1NiJ9.e30.c2ln", content_type="application/jwt"
        )
        assert (answer.json["verdict"], answer.json["verdict_reason"]) == ("unknown", "unavailable")
        assert client.get("/openbadges/status/1").status_code == 503
    finally:
        app.config.update(ENV_NAME="testing")


def test_a_retired_key_still_verifies(app, completed, client, tmp_path):
    """After a change of key, credentials signed with the old one verify while it is listed as retired."""
    from cryptography.hazmat.primitives import serialization

    token = token_of(credential_file(client, completed))
    old = app.config.get("OPENBADGES_KEY")
    with app.app_context():
        from app.openbadges.services import keys

        previous = keys().signing
    public = tmp_path / "old.pem"
    public.write_bytes(
        previous.get_op_key("verify").public_bytes(  # type: ignore[union-attr]
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    fresh = tmp_path / "new.pem"
    fresh.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    try:
        app.config.update(OPENBADGES_KEY=str(fresh), OPENBADGES_RETIRED_KEYS="")
        dropped = client.post("/api/v1/verify", data=token, content_type="application/jwt").json
        assert (dropped["verdict"], dropped["verdict_reason"]) == ("not_genuine", "untrusted")
        app.config.update(OPENBADGES_RETIRED_KEYS=str(public))
        kept = client.post("/api/v1/verify", data=token, content_type="application/jwt").json
        assert kept["verdict"] == "valid"
        assert len(client.get("/.well-known/jwks.json").get_json()["keys"]) == 2
        new_token = token_of(credential_file(client, completed))
        assert segments(new_token)[0]["kid"] != segments(token)[0]["kid"]
        assert client.post("/api/v1/verify", data=new_token, content_type="application/jwt").json["valid"]
    finally:
        app.config.update(OPENBADGES_KEY=old or "", OPENBADGES_RETIRED_KEYS="")


def test_a_credential_still_verifies_after_the_holder_deleted_their_account(
    app, completed, participant, client
):
    """As a PDF copy does: our signature vouches for the name the record no longer has."""
    from app.privacy.deletion import erase_certificate_holder

    token = token_of(credential_file(client, completed))
    with app.app_context():
        erase_certificate_holder(participant.id)
        db.session.commit()
    answer = client.post("/api/v1/verify", data=token, content_type="application/jwt").json
    assert (answer["verdict"], answer["certificate"]["name"], answer["certificate"]["name_removed"]) == (
        "valid",
        None,
        True,
    )
    _header, payload, _signature = segments(token)
    payload["credentialSubject"]["achievement"]["name"] = "Something else"
    forged = client.post(
        "/api/v1/verify", data=with_payload(token, payload), content_type="application/jwt"
    ).json
    assert forged["verdict"] == "not_genuine"
