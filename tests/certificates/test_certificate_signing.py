"""Signing with pyHanko, and the verdict on signed, tampered and junk files (ours and poppler's pdfsig)."""

import io
import os
import re
import threading
from pathlib import Path

import pytest
from certificate_helpers import PASSPHRASE, need, run
from PIL import Image
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator import ValidationContext
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.certificates.devpki import DevPki
from app.certificates.signing import load_signer, sign_pdf, validate_pdf


def pdfsig(pdf: bytes, tmp_path: Path, nss_db: str) -> str:
    """poppler's verdict as text: pdfsig always exits 0, so only its words count."""
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    return run(need("pdfsig"), "-nssdir", nss_db, path)


def incremental(pdf: bytes, change) -> bytes:
    """Append an incremental update made by `change(writer)`, as a forger would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_signed_certificate_is_valid_and_trusted(signed: bytes, pki: DevPki):
    result = validate_pdf(signed, [pki.ca_cert])
    assert result.valid and result.intact and result.trusted and result.coverage_ok
    assert result.modification_level == "NONE"
    assert "O=ChInValue Academy" in result.signer_subject
    assert result.signed_at is not None
    assert result.summary.startswith("valid")


def test_signature_is_invisible_pades_with_the_chain_embedded(signed: bytes, rendered: dict[str, bytes]):
    assert signed.startswith(rendered["de+zh"])  # an incremental update: the page bytes are untouched
    assert b"/ETSI.CAdES.detached" in signed
    assert b"/Rect [ 0 0 0 0 ]" in signed or b"/Rect [0 0 0 0]" in signed
    assert len(signed) - len(rendered["de+zh"]) < 16 * 1024


def test_another_ca_does_not_trust_it(signed: bytes, other_pki: DevPki):
    result = validate_pdf(signed, [other_pki.ca_cert])
    assert result.intact and not result.trusted and not result.valid
    assert "not made by a trusted certificate" in result.summary


def test_trust_roots_in_any_form(signed: bytes, pki: DevPki):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    pem = pki.ca_cert.read_bytes()
    cert = x509.load_pem_x509_certificate(pem)
    der = cert.public_bytes(serialization.Encoding.DER)
    for root in (pem, der, cert, pki.ca_cert):
        assert validate_pdf(signed, [root]).valid


def test_pem_key_and_chain_sign_as_well(rendered: dict[str, bytes], pki: DevPki):
    signer = load_signer(key_path=pki.signer_key, cert_path=pki.signer_chain, passphrase=PASSPHRASE)
    assert validate_pdf(sign_pdf(rendered["zh"], signer), [pki.ca_cert]).valid


def test_the_key_is_loaded_once(pki: DevPki, signer):
    assert load_signer(pkcs12_path=pki.pkcs12, passphrase=PASSPHRASE) is signer


def test_wrong_passphrase_and_wrong_arguments_are_refused(pki: DevPki):
    with pytest.raises(ValueError):
        load_signer(pkcs12_path=pki.pkcs12, passphrase="wrong")
    with pytest.raises(ValueError, match="either"):
        load_signer(key_path=pki.signer_key)


def test_ecdsa_signer(rendered: dict[str, bytes], other_pki: DevPki):
    signer = load_signer(pkcs12_path=other_pki.pkcs12, passphrase=PASSPHRASE)
    assert validate_pdf(sign_pdf(rendered["en"], signer), [other_pki.ca_cert]).valid


def test_time_stamped_signature(rendered: dict[str, bytes], signer, timestamper, pki: DevPki):
    signed = sign_pdf(rendered["de"], signer, timestamper=timestamper)
    result = validate_pdf(signed, [pki.ca_cert])
    assert result.valid, result.summary
    assert "TIMESTAMP_TOKEN<INTACT:TRUSTED>" in result.summary


def test_one_signer_signs_from_several_threads(rendered: dict[str, bytes], signer, pki: DevPki):
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.extend(sign_pdf(rendered["en"], signer) for _ in range(3)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 12
    assert all(validate_pdf(pdf, [pki.ca_cert]).valid for pdf in results)


def test_pdfsig_says_valid_and_trusted(signed: bytes, tmp_path: Path, nss_db: str):
    report = pdfsig(signed, tmp_path, nss_db)
    assert "Signature is Valid" in report
    assert "Certificate is Trusted" in report
    assert "Total document signed" in report


def test_a_changed_byte_breaks_the_signature(signed: bytes, pki: DevPki, tmp_path: Path, nss_db: str):
    position = signed.index(b"/Title (") + len(b"/Title (") + 3
    tampered = signed[:position] + b"X" + signed[position + 1 :]
    assert tampered != signed
    result = validate_pdf(tampered, [pki.ca_cert])
    assert not result.intact and not result.valid
    assert "Digest Mismatch" in pdfsig(tampered, tmp_path, nss_db)


def paint_over_the_name(writer: IncrementalPdfFileWriter) -> None:
    stream = generic.StreamObject(stream_data=b"q 1 1 1 rg 120 300 600 60 re f Q")
    writer.add_stream_to_page(0, writer.add_object(stream))


def change_the_info(writer: IncrementalPdfFileWriter) -> None:
    info = generic.DictionaryObject({generic.pdf_name("/Title"): generic.pdf_string("Certificate – Mallory")})
    writer.set_info(writer.add_object(info))


def cover_with_an_annotation(writer: IncrementalPdfFileWriter) -> None:
    appearance = generic.StreamObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
            generic.pdf_name("/BBox"): generic.ArrayObject(map(generic.FloatObject, (0, 0, 600, 60))),
        },
        stream_data=b"1 1 1 rg 0 0 600 60 re f",
    )
    annotation = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Square"),
            generic.pdf_name("/Rect"): generic.ArrayObject(map(generic.FloatObject, (120, 300, 720, 360))),
            generic.pdf_name("/IC"): generic.ArrayObject(map(generic.FloatObject, (1, 1, 1))),
            generic.pdf_name("/AP"): generic.DictionaryObject(
                {generic.pdf_name("/N"): writer.add_object(appearance)}
            ),
        }
    )
    page_ref, _resources = writer.find_page_for_modification(0)
    writer.register_annotation(page_ref, writer.add_object(annotation))


@pytest.mark.parametrize("change", [paint_over_the_name, change_the_info, cover_with_an_annotation])
def test_incremental_updates_are_rejected(signed: bytes, pki: DevPki, change):
    forged = incremental(signed, change)
    result = validate_pdf(forged, [pki.ca_cert])
    assert result.intact and result.trusted  # the original signature itself is untouched…
    assert not result.coverage_ok and not result.valid  # …but the file is not what was signed
    assert "modified after signing" in result.summary or "does not cover" in result.summary
    assert not validate_pdf(forged, [pki.ca_cert], allow_signature_updates=True).valid


def test_painting_over_fools_pdfsig_but_not_us(signed: bytes, pki: DevPki, tmp_path: Path, nss_db: str):
    forged = incremental(signed, paint_over_the_name)
    report = pdfsig(forged, tmp_path, nss_db)
    assert "Signature is Valid" in report and "Not total document signed" in report
    result = validate_pdf(forged, [pki.ca_cert])
    assert not result.valid and "ILLEGAL_MODIFICATIONS" in result.summary


def test_a_later_document_time_stamp_is_accepted_only_when_asked(signed: bytes, pki: DevPki, timestamper):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(pki.ca_cert))], allow_fetching=False)
    stamped = signers.PdfTimeStamper(timestamper).timestamp_pdf(writer, "sha256", context).getvalue()
    strict = validate_pdf(stamped, [pki.ca_cert])
    assert strict.intact and strict.trusted and not strict.coverage_ok
    relaxed = validate_pdf(stamped, [pki.ca_cert], allow_signature_updates=True)
    assert relaxed.valid and relaxed.modification_level == "LTA_UPDATES"


def big_unsigned_pdf() -> bytes:
    """A ~5 MB PDF: a page with an incompressible noise image."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    noise = Image.frombytes("RGB", (1300, 1300), os.urandom(1300 * 1300 * 3))
    canvas.drawImage(ImageReader(noise), 0, 0, 500, 500)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


JUNK = {
    "empty": lambda signed, plain: b"",
    "random bytes": lambda signed, plain: os.urandom(4096),
    "header and noise": lambda signed, plain: b"%PDF-1.7\n" + os.urandom(4096),
    "unsigned PDF": lambda signed, plain: plain,
    "truncated signed PDF": lambda signed, plain: signed[: len(signed) // 2],
    "signed PDF cut before %%EOF": lambda signed, plain: signed[:-40],
    "signed PDF with trailing garbage": lambda signed, plain: signed + b"\nthis is not part of it\n",
    "5 MB PDF": lambda signed, plain: big_unsigned_pdf(),
    "text": lambda signed, plain: "%PDF-1.4 not bytes",
}


@pytest.mark.parametrize("kind", JUNK)
def test_junk_never_raises(signed: bytes, rendered: dict[str, bytes], pki: DevPki, kind: str):
    result = validate_pdf(JUNK[kind](signed, rendered["de"]), [pki.ca_cert])
    assert not result.valid
    assert result.summary


def test_junk_reasons_are_specific(rendered: dict[str, bytes], pki: DevPki):
    assert validate_pdf(b"", [pki.ca_cert]).summary == "not a PDF"
    assert validate_pdf(rendered["de"], [pki.ca_cert]).summary == "no signature"
    assert re.match(r"unreadable PDF", validate_pdf(b"%PDF-1.7\n" + b"\0" * 100, [pki.ca_cert]).summary)
    assert "larger than" in validate_pdf(rendered["de"], [pki.ca_cert], max_bytes=1000).summary
