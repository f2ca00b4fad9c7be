"""Long-term validation: PAdES B-LT plus a document time stamp (B-LTA) against a real RFC 3161 TSA.

The TSA and CRL server is certomancer's Animator on 127.0.0.1 (ltv_helpers.py). Every result is checked
by pyHanko's standards-based AdES LTA validation, by the pyHanko command line as an auditor runs it,
and by poppler's pdfsig; and our own validate_pdf must say which level the file reached.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
from certificate_helpers import PASSPHRASE, need, run
from ltv_helpers import P12_PASSPHRASE, TestServices, closed_port_url, start_services
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.policy_decl import (
    CertificateFetchingRule,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager

from app.certificates.devpki import DevPki, publish_crl
from app.certificates.ltv import LongTermSetup
from app.certificates.signing import load_signer, sign_pdf, validate_pdf


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory):
    yield from start_services(tmp_path_factory.mktemp("certomancer"))


def setup_for(services: TestServices, roots: list[Path], **changes) -> LongTermSetup:
    fields = {
        "tsa_url": services.tsa_url,
        "signer_roots": tuple(load_cert_from_pemder(str(root)) for root in roots),
        "tsa_roots": (load_cert_from_pemder(str(services.tsa_root)),),
        **changes,
    }
    return LongTermSetup(**fields)


@pytest.fixture(scope="module")
def dev_setup(services: TestServices, pki: DevPki) -> LongTermSetup:
    """The app's development PKI (CRL as a file) with the test TSA."""
    return setup_for(services, [pki.ca_cert], crl_file=publish_crl(pki, passphrase=PASSPHRASE))


@pytest.fixture(scope="module")
def lta(rendered: dict[str, bytes], signer, dev_setup: LongTermSetup) -> bytes:
    return sign_pdf(rendered["de+zh"], signer, long_term=dev_setup, reason="Certificate CV-TEST")


def ca_signer(services: TestServices, label: str):
    return load_signer(pkcs12_path=services.pkcs12(label), passphrase=P12_PASSPHRASE)


def ades_spec(signer_root: Path, tsa_root: Path) -> PdfSignatureValidationSpec:
    """pyHanko's AdES validation with explicit, separate trust for signer and TSA, and nothing fetched."""

    def policy(root: Path) -> CertValidationPolicySpec:
        return CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=[load_cert_from_pemder(str(root))]),
            revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
        )

    return PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=policy(signer_root),
            ts_cert_validation_policy=policy(tsa_root),
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY,
                certificate_fetching_rule=CertificateFetchingRule.NEVER_FETCH,
            ),
        )
    )


def ades_verdict(pdf: bytes, spec: PdfSignatureValidationSpec):
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures[0]
    now = dt.datetime.now(dt.UTC)
    return asyncio.run(
        ades_lta_validation(
            signature, spec, timing_info=ValidationTimingInfo(now, now, point_in_time_validation=True)
        )
    )


def test_with_a_tsa_the_certificate_is_b_lta(lta: bytes, rendered: dict[str, bytes], pki: DevPki, services):
    assert lta.startswith(rendered["de+zh"])  # incremental updates: the page bytes are untouched
    assert (
        lta.count(b"%%EOF") == 3
    )  # the page, the signature with its validation data, the document time stamp
    result = validate_pdf(lta, [pki.ca_cert], timestamp_roots=[services.tsa_root])
    assert result.valid and result.level == "B-LTA", result.summary
    assert result.summary.startswith("valid (PAdES B-LTA)")
    assert result.modification_level == "LTA_UPDATES"
    reader = PdfFileReader(io.BytesIO(lta))
    (stamp,) = reader.embedded_timestamp_signatures
    assert stamp.evaluate_signature_coverage().name == "ENTIRE_FILE"
    dss = DocumentSecurityStore.read_dss(reader)
    subjects = {cert.subject.native["common_name"] for cert in dss.load_certs()}
    assert {"Test Time Stamping Unit", "ChInValue Academy Certificates (development)"} <= subjects
    assert len(dss.crls) == 2  # the development CA's (from its file) and the TSA root's (fetched)
    assert any(line.startswith("GET /tsa/crls/tsa-root/") for line in services.requests)


def test_pyhanko_ades_lta_validation_passes_with_the_embedded_data_alone(lta: bytes, pki: DevPki, services):
    verdict = ades_verdict(lta, ades_spec(pki.ca_cert, services.tsa_root))
    assert verdict.ades_subindic.name == "OK" and verdict.api_status.bottom_line
    assert verdict.oldest_evidence_record_timestamp is not None  # the document time stamp
    wrong = ades_verdict(lta, ades_spec(services.ca_root, services.tsa_root))
    assert not wrong.api_status.bottom_line


def test_it_stays_valid_after_the_signing_certificate_expired(
    lta: bytes, signed: bytes, pki: DevPki, services
):
    from cryptography import x509

    expiry = x509.load_pem_x509_certificate(pki.signer_cert.read_bytes()).not_valid_after_utc
    later = expiry + dt.timedelta(days=30)
    result = validate_pdf(lta, [pki.ca_cert], timestamp_roots=[services.tsa_root], moment=later)
    assert result.valid and result.level == "B-LTA", result.summary
    assert "as of its time stamp" in result.summary
    plain = validate_pdf(signed, [pki.ca_cert], moment=later)  # B-B: nothing proves when it was signed
    assert plain.intact and not plain.trusted and not plain.valid and plain.level is None


def test_a_b_b_certificate_still_validates_as_before(signed: bytes, pki: DevPki):
    result = validate_pdf(signed, [pki.ca_cert])
    assert result.valid and result.level == "B-B" and result.summary.startswith("valid (PAdES B-B)")
    assert signed.count(b"%%EOF") == 2 and b"/DSS" not in signed


def test_a_signature_time_stamp_alone_is_b_t(rendered: dict[str, bytes], signer, pki: DevPki, services):
    stamped = sign_pdf(rendered["en"], signer, timestamper=HTTPTimeStamper(services.tsa_url))
    result = validate_pdf(stamped, [pki.ca_cert], timestamp_roots=[services.tsa_root])
    assert result.valid and result.level == "B-T", result.summary
    assert "no validation data" in result.summary
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=900)
    assert not validate_pdf(stamped, [pki.ca_cert], timestamp_roots=[services.tsa_root], moment=later).valid


def test_validation_data_without_revocation_information_is_not_b_lt(rendered, signer, pki: DevPki, services):
    """A DSS with the certificates but no CRLs (pyHanko told not to fetch and not to insist) proves
    nothing later: the updates after the signature are not sealed (refused unless asked), the level is
    B-T, and the file is no longer valid once the signing certificate has expired."""
    roots = [load_cert_from_pemder(str(pki.ca_cert)), load_cert_from_pemder(str(services.tsa_root))]
    meta = signers.PdfSignatureMetadata(
        field_name="Signature",
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=True,
        use_pades_lta=True,
        validation_context=ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        ),
    )
    pdf = signers.PdfSigner(meta, signer=signer, timestamper=HTTPTimeStamper(services.tsa_url)).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(rendered["de"]))
    )
    incomplete = pdf.getvalue()
    assert DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(incomplete))).crls == []
    strict = validate_pdf(incomplete, [pki.ca_cert], timestamp_roots=[services.tsa_root])
    assert strict.intact and strict.trusted and not strict.valid and strict.level is None
    relaxed = validate_pdf(
        incomplete, [pki.ca_cert], timestamp_roots=[services.tsa_root], allow_signature_updates=True
    )
    assert relaxed.valid and relaxed.level == "B-T", relaxed.summary
    assert "the embedded validation data do not validate" in relaxed.summary
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=900)
    assert not validate_pdf(
        incomplete,
        [pki.ca_cert],
        timestamp_roots=[services.tsa_root],
        allow_signature_updates=True,
        moment=later,
    ).valid


def test_time_stamps_need_the_tsa_root(lta: bytes, pki: DevPki):
    result = validate_pdf(lta, [pki.ca_cert])  # the TSA is not trusted: its stamps prove nothing
    assert result.intact and not result.valid and result.level is None
    assert "does not cover the whole document" in result.summary


def pyhanko_cli(*args: str | Path) -> subprocess.CompletedProcess:
    """The pyHanko command line (package pyhanko-cli), as an auditor runs it."""
    command = [sys.executable, "-m", "pyhanko", "sign", "adesverify", "--pretty-print", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_pyhanko_command_line_judges_it_valid(lta: bytes, pki: DevPki, services, tmp_path: Path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(lta)
    good = pyhanko_cli("--trust", pki.ca_cert, "--trust", services.tsa_root, "--trust-replace", path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "The signature is judged VALID." in good.stdout
    assert "The TSA certificate is trusted." in good.stdout
    foreign = pyhanko_cli("--trust", services.ca_root, "--trust", services.tsa_root, "--trust-replace", path)
    assert foreign.returncode != 0 and "judged VALID" not in foreign.stdout


def test_pyhanko_command_line_as_of_the_time_stamp(lta: bytes, pki: DevPki, services, tmp_path: Path):
    """An auditor whose TSA certificate has meanwhile expired checks the file as of its document time
    stamp: with the embedded validation data alone (nothing is fetched for a past validation time)."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(lta)
    (stamp,) = PdfFileReader(io.BytesIO(lta)).embedded_timestamp_signatures
    made_at = stamp.signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    before = len(services.requests)
    then = (made_at + dt.timedelta(minutes=1)).isoformat()
    check = pyhanko_cli(
        "--trust",
        pki.ca_cert,
        "--trust",
        services.tsa_root,
        "--trust-replace",
        "--validation-time",
        then,
        path,
    )
    assert check.returncode == 0 and "The signature is judged VALID." in check.stdout, (
        check.stdout + check.stderr
    )
    assert services.requests[before:] == []
    too_early = (made_at - dt.timedelta(days=2)).isoformat()  # before the signing certificate existed
    check = pyhanko_cli(
        "--trust",
        pki.ca_cert,
        "--trust",
        services.tsa_root,
        "--trust-replace",
        "--validation-time",
        too_early,
        path,
    )
    assert check.returncode != 0


def test_pdfsig_says_the_signature_is_valid(lta: bytes, pki: DevPki, services, tmp_path: Path):
    certutil = need("certutil")
    nss = tmp_path / "nss"
    nss.mkdir()
    run(certutil, "-N", "-d", f"sql:{nss}", "--empty-password")
    run(certutil, "-A", "-d", f"sql:{nss}", "-n", "dev CA", "-t", "CT,C,C", "-i", pki.ca_cert)
    run(certutil, "-A", "-d", f"sql:{nss}", "-n", "TSA root", "-t", "CT,C,C", "-i", services.tsa_root)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(lta)
    report = run(need("pdfsig"), "-nssdir", f"sql:{nss}", path)
    first, stamp = report.split("Signature #2")
    assert "Signature is Valid" in first and "Certificate is Trusted" in first
    assert "ETSI.CAdES.detached" in first
    assert "Test Time Stamping Unit" in stamp and "Total document signed" in stamp


def test_the_crl_comes_from_the_signing_certificates_distribution_point(rendered, services: TestServices):
    before = len(services.requests)
    pdf = sign_pdf(
        rendered["de"], ca_signer(services, "signer"), long_term=setup_for(services, [services.ca_root])
    )
    assert "GET /ca/crls/ca-root/latest.crl" in services.requests[before:]
    result = validate_pdf(pdf, [services.ca_root], timestamp_roots=[services.tsa_root])
    assert result.valid and result.level == "B-LTA", result.summary
    assert ades_verdict(pdf, ades_spec(services.ca_root, services.tsa_root)).api_status.bottom_line


def test_without_a_distribution_point_there_is_no_revocation_information(rendered, services: TestServices):
    """The CA's CRL is restricted to its distribution point, so it does not cover this certificate."""
    signer = ca_signer(services, "signer-nodp")
    with pytest.raises(SigningError, match="revocation status is unknown"):
        sign_pdf(rendered["de"], signer, long_term=setup_for(services, [services.ca_root]))
    setup = setup_for(services, [services.ca_root], crl_url=services.ca_crl_url)
    with pytest.raises(SigningError, match="revocation status is unknown"):
        sign_pdf(rendered["de"], signer, long_term=setup)


def test_signing_crl_url_supplies_the_crl_and_is_downloaded_once(rendered, signer, services, pki: DevPki):
    url = services.publish("/dev/ca.crl", publish_crl(pki, passphrase=PASSPHRASE).read_bytes())
    setup = setup_for(services, [pki.ca_cert], crl_url=url)
    before = len(services.requests)
    for lang in ("de", "en"):
        pdf = sign_pdf(rendered[lang], signer, long_term=setup)
        assert validate_pdf(pdf, [pki.ca_cert], timestamp_roots=[services.tsa_root]).level == "B-LTA"
    assert services.requests[before:].count("GET /dev/ca.crl") == 1
    broken = setup_for(services, [pki.ca_cert], crl_url=services.publish("/dev/junk.crl", b"not a CRL"))
    with pytest.raises(SigningError, match="cannot be downloaded: not a CRL"):
        sign_pdf(rendered["de"], signer, long_term=broken)


def test_a_revoked_signing_certificate_signs_nothing(rendered, services: TestServices):
    with pytest.raises(SigningError, match="revoked"):
        sign_pdf(
            rendered["de"],
            ca_signer(services, "signer-revoked"),
            long_term=setup_for(services, [services.ca_root]),
        )


def test_an_unreachable_tsa_is_a_clear_error(rendered, signer, dev_setup: LongTermSetup, services):
    url = closed_port_url()
    with pytest.raises(SigningError, match=f"The time stamping service {url} did not answer"):
        sign_pdf(rendered["de"], signer, long_term=LongTermSetup(**{**vars(dev_setup), "tsa_url": url}))
    not_a_tsa = services.publish("/not-a-tsa", b"<html>Hello</html>")
    with pytest.raises(SigningError, match="did not answer .*it answered application/pkix-crl"):
        sign_pdf(rendered["de"], signer, long_term=LongTermSetup(**{**vars(dev_setup), "tsa_url": not_a_tsa}))


def test_a_tsa_outside_the_configured_roots_is_refused(
    rendered, signer, dev_setup: LongTermSetup, pki: DevPki
):
    wrong_roots = (load_cert_from_pemder(str(pki.ca_cert)),)
    with pytest.raises(SigningError, match="does not chain to the configured roots.*Test Time Stamping Unit"):
        sign_pdf(
            rendered["de"], signer, long_term=LongTermSetup(**{**vars(dev_setup), "tsa_roots": wrong_roots})
        )


def test_changes_after_the_document_time_stamp_are_refused(lta: bytes, pki: DevPki, services):
    writer = IncrementalPdfFileWriter(io.BytesIO(lta))
    writer.add_stream_to_page(
        0, writer.add_object(generic.StreamObject(stream_data=b"q 1 1 1 rg 120 300 600 60 re f Q"))
    )
    out = io.BytesIO()
    writer.write(out)
    result = validate_pdf(out.getvalue(), [pki.ca_cert], timestamp_roots=[services.tsa_root])
    assert result.intact and not result.valid and result.level is None
    position = lta.index(b"/Title (") + len(b"/Title (") + 3
    changed = lta[:position] + b"X" + lta[position + 1 :]
    assert not validate_pdf(changed, [pki.ca_cert], timestamp_roots=[services.tsa_root]).intact


def test_a_renewed_archive_time_stamp_keeps_it_b_lta(lta: bytes, pki: DevPki, services):
    """Before the TSA's certificate expires, an archive adds a new document time stamp (pyHanko's
    PdfTimeStamper, as `pyhanko sign ltaupdate` does); the file stays valid at the same level."""
    roots = [load_cert_from_pemder(str(pki.ca_cert)), load_cert_from_pemder(str(services.tsa_root))]
    context = ValidationContext(trust_roots=roots, allow_fetching=True)
    stamper = signers.PdfTimeStamper(HTTPTimeStamper(services.tsa_url))
    renewed = stamper.update_archival_timestamp_chain(PdfFileReader(io.BytesIO(lta)), context, in_place=False)
    result = validate_pdf(renewed.getvalue(), [pki.ca_cert], timestamp_roots=[services.tsa_root])
    assert len(PdfFileReader(io.BytesIO(renewed.getvalue())).embedded_timestamp_signatures) == 2
    assert result.valid and result.level == "B-LTA", result.summary
