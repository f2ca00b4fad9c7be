"""Open Badges 3.0: the holder's credential passes the 1EdTech JSON schema, its proof verifies with PyJWT and
the key the platform publishes, it says what the certificate says (and never the e-mail address), and its
status list bit turns on when the certificate is revoked."""

from __future__ import annotations

import json

from openbadge_helpers import (
    credential_file,
    schema_errors,
    segments,
    status_bit,
    token_of,
    verified_with_pyjwt,
)

from app.certificates import services
from app.extensions import db


def test_the_credential_passes_the_1edtech_schema_and_verifies_with_pyjwt(
    app, completed, participant, client
):
    token = token_of(credential_file(client, completed))
    credential = verified_with_pyjwt(client, token)
    assert schema_errors(credential) == []
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    # the VC-JWT claims of OB 3.0 agree with the credential
    assert credential["iss"] == credential["issuer"]["id"] and credential["jti"] == credential["id"]
    assert credential["sub"] == credential["credentialSubject"]["id"] and credential["sub"].startswith(
        "urn:uuid:"
    )
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    names = {item["identityHash"] for item in subject["identifier"] if item["identityType"] == "name"}
    assert names == {participant.name, participant.name_zh}
    assert participant.email not in json.dumps(credential, ensure_ascii=False)
    achievement = subject["achievement"]
    assert achievement["id"].endswith("/openbadges/achievements/sample")
    assert achievement["name"] == "Beispielkurs – Schutzrechte in China" and achievement["inLanguage"] == "de"
    assert "60 %" in achievement["criteria"]["narrative"]  # the sample quiz's own pass mark
    assert {related["inLanguage"] for related in achievement["related"]} == {"en", "zh"}
    assert achievement["tag"]  # the module titles
    assert credential["validFrom"][-6:] in ("+01:00", "+02:00")  # Europe/Berlin, with its offset
    assert "validUntil" not in credential and "exp" not in credential  # the sample course does not expire
    assert credential["evidence"][0]["id"].endswith(f"/verify/{completed}")
    assert credential["issuer"]["type"] == ["Profile"]
    assert not status_bit(client, credential)


def test_the_published_issuer_achievement_and_keys(app, completed, client):
    token = token_of(credential_file(client, completed))
    header, credential, _signature = segments(token)
    keys = client.get("/.well-known/jwks.json")
    assert keys.status_code == 200 and keys.headers["Access-Control-Allow-Origin"] == "*"
    assert header["kid"].rsplit("/", 1)[1] in {key["kid"] for key in keys.get_json()["keys"]}
    assert all("d" not in key for key in keys.get_json()["keys"])
    profile = client.get("/openbadges/issuer").get_json()
    assert profile["id"] == credential["issuer"]["id"] and profile["type"] == ["Profile"]
    achievement = client.get("/openbadges/achievements/sample/en").get_json()
    assert achievement["name"] == "Sample course – IP rights in China" and achievement["inLanguage"] == "en"
    assert client.get("/openbadges/achievements/sample/fr").status_code == 404
    assert client.get("/openbadges/keys/not-a-key").status_code == 404
    leads = client.get(f"/openbadges/credentials/{completed}")
    assert leads.status_code == 303 and leads.headers["Location"].endswith(f"/verify/{completed}")


def test_revocation_sets_the_status_bit_and_every_verdict_says_revoked(
    app, completed, client, runner, tmp_path
):
    document = credential_file(client, completed)
    token = token_of(document)
    credential = verified_with_pyjwt(client, token)
    with app.app_context():
        services.revoke(services.find_certificate(completed)[1], "issued_in_error", None, "test")
        db.session.commit()
    assert status_bit(client, credential)
    as_jwt = client.post("/api/v1/verify", data=token, content_type="application/jwt").get_json()
    as_file = client.post(
        "/api/v1/verify", data=json.dumps(document), content_type="application/json"
    ).get_json()
    for answer in (as_jwt, as_file):
        assert (answer["verdict"], answer["verdict_reason"], answer["valid"]) == (
            "revoked",
            "issued_in_error",
            False,
        )
        assert answer["genuine"] is True and answer["document"] == "openbadge"
        assert answer["certificate"]["id"] == completed
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document))
    cli = runner.invoke(args=["certs", "verify", str(path)])
    assert cli.exit_code == 5 and cli.output.startswith("revoked:"), cli.output
    # the holder no longer offers it
    assert client.get(f"/certificates/{completed}/openbadge.json").status_code == 404
