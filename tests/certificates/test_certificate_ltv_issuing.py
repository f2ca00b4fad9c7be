"""Long-term validation in the app: with SIGNING_TSA_URL the stored certificate is PAdES B-LTA and
verifies as genuine; a TSA that does not answer issues nothing (the completion is kept, the admin sees
the usual "could not be issued" message and the log says why). The TSA is certomancer's (ltv_helpers)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from app_helpers import active_ids, certificate, count, t
from cryptography import x509
from ltv_helpers import TestServices, closed_port_url, start_services

from app.auth.models import Role
from app.certificates.keys import SigningNotConfigured, signing_setup, trust_roots
from app.certificates.signing import validate_pdf


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory):
    yield from start_services(tmp_path_factory.mktemp("certomancer-app"))


@pytest.fixture
def with_tsa(app, services: TestServices, monkeypatch) -> TestServices:
    monkeypatch.setitem(app.config, "SIGNING_TSA_URL", services.tsa_url)
    monkeypatch.setitem(app.config, "SIGNING_TSA_TRUST_ROOTS", str(services.tsa_root))
    return services


def test_a_completion_stores_a_b_lta_certificate(app, with_tsa, sample, participant, auth, taker, app_pki):
    auth.login(participant.email)
    taker.take(right=True)
    (public_id,) = active_ids(app, participant.id)
    pdf = certificate(app, public_id).pdf
    with app.app_context():
        roots = trust_roots(app.config, app.instance_path)
    tsa_root = x509.load_pem_x509_certificate(with_tsa.tsa_root.read_bytes())
    assert roots.timestamp_roots == (tsa_root,) and list(roots) == [
        x509.load_pem_x509_certificate(app_pki.ca_cert.read_bytes())
    ]
    result = validate_pdf(pdf, roots)
    assert result.valid and result.level == "B-LTA", result.summary
    assert app_pki.ca_cert.with_name("ca.crl").exists()  # the development CA's CRL, embedded in the DSS
    answer = auth.client.post("/api/v1/verify", data={"pdf": (io.BytesIO(pdf), "c.pdf")}, csrf=False)
    assert answer.json["genuine"] is True
    assert answer.json["signature_level"] == "B-LTA" and answer.json["signature"]["level"] == "B-LTA"
    page = auth.client.post("/verify", data={"pdf": (io.BytesIO(pdf), "c.pdf")}).get_data(as_text=True)
    assert 'data-level="B-LTA"' in page and "PAdES B-LTA" in page


def test_an_unreachable_tsa_issues_nothing(
    app, services, sample, participant, auth, taker, client, create_user, monkeypatch, caplog, app_pki
):
    auth.login(participant.email)
    taker.take(right=True)  # without a TSA: the certificate is B-B, as before
    (public_id,) = active_ids(app, participant.id)
    assert validate_pdf(certificate(app, public_id).pdf, [app_pki.ca_cert]).level == "B-B"

    url = closed_port_url()
    monkeypatch.setitem(app.config, "SIGNING_TSA_URL", url)
    monkeypatch.setitem(app.config, "SIGNING_TSA_TRUST_ROOTS", str(services.tsa_root))
    admin = create_user(Role.ADMIN, email="admin@example.org")
    auth.logout()
    auth.login(admin.email)
    with caplog.at_level(logging.ERROR, logger="app.certificates.services"):
        response = client.post(f"/admin/certificates/{public_id}/reissue", data={"lang": "en"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert t(app, "The certificate could not be issued right now. Please try again later.") in page
    assert active_ids(app, participant.id) == [public_id]  # nothing half-done: no new one, the old one kept
    assert count(app, user_id=participant.id) == 1 and certificate(app, public_id).revoked_at is None
    assert f"The time stamping service {url} did not answer" in caplog.text


def test_a_completion_is_kept_when_the_tsa_fails(
    app, services, sample, participant, auth, taker, monkeypatch
):
    monkeypatch.setitem(app.config, "SIGNING_TSA_URL", closed_port_url())
    monkeypatch.setitem(app.config, "SIGNING_TSA_TRUST_ROOTS", str(services.tsa_root))
    auth.login(participant.email)
    _attempt, response = taker.take(right=True)
    assert response.status_code == 302
    assert count(app, user_id=participant.id) == 0
    page = auth.client.get("/certificates").get_data(as_text=True)
    assert t(app, "Issue my certificate") in page


def test_a_tsa_needs_its_trust_roots(tmp_path: Path, services: TestServices):
    with pytest.raises(SigningNotConfigured, match="SIGNING_TSA_TRUST_ROOTS is not"):
        signing_setup({"SIGNING_TSA_URL": services.tsa_url}, tmp_path)
    missing = str(tmp_path / "missing.pem")
    with pytest.raises(SigningNotConfigured, match="SIGNING_TSA_TRUST_ROOTS cannot be read"):
        signing_setup({"SIGNING_TSA_URL": services.tsa_url, "SIGNING_TSA_TRUST_ROOTS": missing}, tmp_path)
    setup = signing_setup(
        {"SIGNING_TSA_URL": services.tsa_url, "SIGNING_TSA_TRUST_ROOTS": str(services.tsa_root)}, tmp_path
    )
    assert setup.long_term is not None and setup.long_term.crl_file == tmp_path / "signing" / "ca.crl"
    assert signing_setup({}, tmp_path).long_term is None  # without a TSA nothing changes
