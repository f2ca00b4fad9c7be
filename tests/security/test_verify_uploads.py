"""Hostile files on the verification upload (/verify, /verify/<id> and /api/v1/verify): a clear verdict in
the visitor's language, never a 500, never "genuine", quickly. Empty files, random bytes, text, a broken
PDF, an unsigned PDF and files over 5 MB: tests/certificates/test_certificate_verification.py."""

from __future__ import annotations

import io
import time
import zipfile
import zlib

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from app.certificates.keys import signing_setup
from app.certificates.signing import sign_pdf
from app.certificates.verification import MAX_UPLOAD_BYTES
from tests.certificates.app_helpers import verdict_text
from tests.security.html_checks import assert_harmless

JSON = {"Accept": "application/json"}


def plain_pdf(javascript: bool = False) -> bytes:
    """A one-page PDF made by hand; with ``javascript``, it runs a script when opened (/OpenAction)."""
    action = b"/OpenAction 4 0 R " if javascript else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + action + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\); this.exportDataObject\\({}\\);) >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.7\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def with_javascript_added(pdf: bytes) -> bytes:
    """An incremental update that makes the document run a script when it is opened, as a forger would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    action = writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/S"): generic.pdf_name("/JavaScript"),
                generic.pdf_name("/JS"): generic.pdf_string("app.alert('pwned')"),
            }
        )
    )
    writer.root[generic.pdf_name("/OpenAction")] = action
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def deflate_bomb(megabytes: int = 300) -> bytes:
    """A PDF whose cross-reference stream inflates from ~300 KB to ``megabytes`` MB of zeros."""
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(bytes(1024 * 1024)) for _ in range(megabytes)) + packer.flush()
    head = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    head += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref = len(head)
    head += (
        b"3 0 obj\n<< /Type /XRef /Size 4 /Root 1 0 R /W [1 4 2] /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(data)
    )
    return head + data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def signed_by_us(app) -> bytes:
    """A PDF signed with the app's own (development) key, but never issued: "not_issued", not "genuine"."""
    with app.app_context():
        setup = signing_setup(app.config, app.instance_path)
        return sign_pdf(plain_pdf(), setup.signer, reason="Certificate CV-TEST")


FILES = {
    "PDF with JavaScript": (lambda signed: plain_pdf(javascript=True), {"unsigned"}),
    "signed PDF with JavaScript added": (with_javascript_added, {"changed", "modified"}),
    "truncated signed PDF": (
        lambda signed: signed[: len(signed) // 2],
        {"unreadable", "unsigned", "changed"},
    ),
    "signed PDF cut before the end": (lambda signed: signed[:-30], {"unreadable", "changed", "unsigned"}),
    "ZIP archive": (lambda signed: zipped("certificate.txt", b"hello"), {"not_pdf"}),
    "ZIP with the PDF inside": (lambda signed: zipped("certificate.pdf", signed), {"not_pdf"}),
    "PDF header on a ZIP": (
        lambda signed: b"%PDF-1.7\n" + zipped("x.pdf", signed),
        {"unreadable", "unsigned"},
    ),
    "deeply nested arrays": (
        lambda signed: (
            b"%PDF-1.7\n1 0 obj\n"
            + b"[" * 200_000
            + b"]" * 200_000
            + b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF"
        ),
        {"unreadable", "unsigned"},
    ),
    "stream claiming 10 GB": (
        lambda signed: plain_pdf().replace(
            b"<< /Type /Pages", b"<< /Length 10000000000 >>\nstream\nxx\nendstream\n<< /Type /Pages", 1
        ),
        {"unreadable", "unsigned"},
    ),
    "inflates to 300 MB": (lambda signed: deflate_bomb(), {"unreadable"}),
    "our signature, not an issued certificate": (lambda signed: signed, {"not_issued"}),
}


@pytest.mark.parametrize("kind", FILES)
def test_hostile_files_get_a_clear_verdict(app, client, signed_by_us, kind):
    make, verdicts = FILES[kind]
    data = make(signed_by_us)
    assert len(data) <= MAX_UPLOAD_BYTES
    started = time.monotonic()
    page = client.post("/verify", data={"pdf": (io.BytesIO(data), "upload.pdf")})
    api = client.post("/api/v1/verify", data={"pdf": (io.BytesIO(data), "upload.pdf")}, csrf=False)
    raw = client.post("/api/v1/verify", data=data, content_type="application/pdf", csrf=False)
    assert time.monotonic() - started < 15, "checking a hostile file took too long"
    assert page.status_code == 200 and api.status_code == 200 and raw.status_code == 200
    assert api.json["verdict_reason"] in verdicts and api.json["genuine"] is False, api.json
    assert api.json["verdict"] == "not_genuine" and api.json["valid"] is False
    assert raw.json["verdict_reason"] == api.json["verdict_reason"]
    assert verdict_text(app, api.json["verdict_reason"]) in page.get_data(as_text=True)


def test_messages_in_the_visitors_language(app, client, signed_by_us):
    client.post("/language", data={"lang": "zh"})
    data = with_javascript_added(signed_by_us)
    page = client.post("/verify", data={"pdf": (io.BytesIO(data), "x.pdf")}).get_data(as_text=True)
    answer = client.post("/verify", data={"pdf": (io.BytesIO(data), "x.pdf")}, headers=JSON).json
    assert verdict_text(app, answer["verdict_reason"], lang="zh") in page
    assert answer["message"] == verdict_text(app, answer["verdict_reason"], lang="zh", html=False)


def test_file_name_and_type_are_not_trusted(app, client):
    """A hostile file name is never shown as markup; the declared type does not matter, the bytes do."""
    name = "<img src=x onerror=alert(1)>'.pdf"
    response = client.post(
        "/verify", data={"pdf": (io.BytesIO(b"GIF89a<script>alert(1)</script>"), name, "application/pdf")}
    )
    assert response.status_code == 200
    assert_harmless(response.get_data(as_text=True), payload=name)
    assert verdict_text(app, "not_pdf") in response.get_data(as_text=True)
    api = client.post("/api/v1/verify", data=plain_pdf(javascript=True), content_type="text/html", csrf=False)
    assert api.status_code in (200, 400) and api.mimetype == "application/json"


def test_an_oversized_body_is_refused_before_it_is_read(app, client):
    body = b"%PDF-1.7\n" + b"0" * (MAX_UPLOAD_BYTES + 200 * 1024)
    raw = client.post("/api/v1/verify", data=body, content_type="application/pdf", csrf=False)
    assert raw.status_code == 413 and raw.json["verdict_reason"] == "too_large"
    client.post("/language", data={"lang": "en"})
    page = client.post("/verify/CV-0000-0000-0000-0", data={"pdf": (io.BytesIO(body), "big.pdf")})
    assert page.status_code == 413
    assert verdict_text(app, "too_large", lang="en") in page.get_data(as_text=True)
    anywhere = {"name": "x" * (17 * 1024 * 1024)}  # over MAX_CONTENT_LENGTH (16 MB) on any form
    other = client.post("/profile", data=anywhere)
    assert other.status_code == 413 and "File too large" in other.get_data(as_text=True)
