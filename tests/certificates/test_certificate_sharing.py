"""Sharing a certificate: the image of its page (PNG, for WeChat and the like), the LinkedIn link with the
organisation's ID, the Open Badge download on "My certificates"; and the signature level of an upload."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
from app_helpers import certificate
from PIL import Image

from app.certificates import services
from app.certificates.share_image import _cache
from app.extensions import db


def _linkedin(page: str) -> dict[str, list[str]]:
    link = re.search(r'href="(https://www.linkedin.com/profile/add\?[^"]+)"', page).group(1)
    return parse_qs(urlsplit(link.replace("&amp;", "&")).query)


def test_my_certificates_offers_the_open_badge_and_the_share_image(app, completed, client):
    page = client.get("/certificates").get_data(as_text=True)
    assert (
        f"/certificates/{completed}/openbadge.json" in page and f"/certificates/{completed}/share.png" in page
    )
    params = _linkedin(page)
    assert params["organizationName"] == ["ChInValue Academy"] and "organizationId" not in params


def test_the_linkedin_link_carries_the_organisation_id_when_configured(app, completed, client):
    app.config["LINKEDIN_ORGANIZATION_ID"] = "12345678"
    try:
        params = _linkedin(client.get("/certificates").get_data(as_text=True))
    finally:
        app.config["LINKEDIN_ORGANIZATION_ID"] = ""
    assert params["organizationId"] == ["12345678"] and "organizationName" not in params
    assert params["certId"] == [completed]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
def test_the_share_image_is_the_certificates_page(app, completed, client, tmp_path):
    _cache.clear()
    response = client.get(f"/certificates/{completed}/share.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == "no-store"
    image = Image.open(io.BytesIO(response.data))
    assert image.width > image.height > 1000  # A4 landscape, sharp enough for a phone
    # the same pixels as poppler renders from the stored PDF: it is the signed certificate's page
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate(app, completed).pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "132", "-singlefile", str(pdf), str(tmp_path / "p")], check=True
    )
    assert Image.open(tmp_path / "p.png").tobytes() == image.tobytes()
    assert client.get(f"/certificates/{completed}/share.png").data == response.data  # from the cache
    assert len(_cache) == 1


def test_only_the_holder_gets_the_image_and_the_credential(app, completed, client, auth, create_user):
    other = create_user(email="someone@example.org", name="Some One")
    auth.logout()
    auth.login(other.email)
    assert client.get(f"/certificates/{completed}/share.png").status_code == 404
    assert client.get(f"/certificates/{completed}/openbadge.json").status_code == 404
    auth.logout()
    assert client.get(f"/certificates/{completed}/openbadge.json").status_code in (302, 401)


def test_the_upload_answer_names_the_signature_level(app, completed, client):
    pdf = certificate(app, completed).pdf
    answer = client.post("/api/v1/verify", data=pdf, content_type="application/pdf").json
    assert answer["signature_level"] == "B-B" and answer["signature"]["level"] == "B-B"
    assert answer["document"] == "pdf" and answer["openbadge"] is None
    page = client.post("/verify", data={"pdf": (io.BytesIO(pdf), "c.pdf")}).get_data(as_text=True)
    assert 'data-level="B-B"' in page and "PAdES B-B" in page
    with app.app_context():
        services.revoke(services.find_certificate(completed)[1], "issued_in_error", None)
        db.session.commit()
    assert (
        client.post("/api/v1/verify", data=pdf, content_type="application/pdf").json["signature_level"]
        == "B-B"
    )
