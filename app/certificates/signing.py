"""PAdES signatures on certificates (pyHanko), and the verdict on an uploaded PDF.

Signing is made cheap enough to do at issue time: the private key is parsed once per process (stock
pyHanko re-parses it, and OpenSSL re-checks an RSA key, on every signature) and the space for the
signature is reserved up front, which saves pyHanko's dry-run signature. The field is invisible: the
page itself carries the visible design, and pyHanko's default stamp would pull in a non-embedded font.

Validation trusts pyHanko's difference analysis, not a reader's "signature is valid": an incremental
update that paints over the name keeps the original signature intact, so a certificate only passes
when the signature covers the whole file (or, if asked, only signature-maintenance updates follow).
It never raises on what an upload may contain; the reason is in the result.
"""

import asyncio
import functools
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)

FIELD_NAME = "CertificateSignature"
#: Room for a time stamp token with the TSA's certificate chain, in hex digits (2 per DER byte), as
#: pyHanko counts `bytes_reserved`.
TIMESTAMP_RESERVE = 2 * 12_288
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

CertificateLike = asn1_x509.Certificate | x509.Certificate | bytes | Path


class _KeyOnceSigner(signers.SimpleSigner):
    """A SimpleSigner that keeps the parsed private key instead of re-parsing it for every signature."""

    def __init__(
        self, *args: object, private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._private_key = private_key
        self.bytes_reserved = _reserve_for(self)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        digest = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}.get(
            digest_algorithm
        )
        key = self._private_key
        if digest is not None and mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), digest)
        if digest is not None and mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(digest))
        return super().sign_raw(data, digest_algorithm)


def _reserve_for(signer: signers.SimpleSigner) -> int:
    """A generous, fixed size for our CMS object in hex digits: the certificates plus 3 KB for the rest.

    The rest (signature value, signed attributes, structure) is under 1 KB for RSA-2048 and ECDSA.
    """
    certificates = [signer.signing_cert, *signer.cert_registry]
    return 2 * (sum(len(cert.dump()) for cert in certificates) + 3072)


def load_signer(
    *,
    pkcs12_path: Path | None = None,
    key_path: Path | None = None,
    cert_path: Path | None = None,
    passphrase: bytes | str | None = None,
) -> signers.Signer:
    """Load the signing key and certificate chain, once per process (cached by file, mtime and passphrase).

    Pass either a PKCS#12 bundle, or a PEM key plus a PEM file with the certificate (and its chain).
    :raises ValueError: when the files do not fit together or cannot be decrypted.
    """
    if (pkcs12_path is None) == (key_path is None or cert_path is None):
        raise ValueError("Pass either pkcs12_path, or key_path and cert_path.")
    secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
    paths = (pkcs12_path,) if pkcs12_path else (key_path, cert_path)
    stamps = tuple((str(Path(path).resolve()), Path(path).stat().st_mtime_ns) for path in paths if path)
    return _load_signer(stamps, secret)


@functools.lru_cache(maxsize=8)
def _load_signer(files: tuple[tuple[str, int], ...], passphrase: bytes | None) -> signers.Signer:
    """Parse key and certificates (the cache key includes mtimes, so a replaced key is picked up)."""
    if len(files) == 1:
        key, cert, extra = pkcs12.load_key_and_certificates(Path(files[0][0]).read_bytes(), passphrase)
        if key is None or cert is None:
            raise ValueError(f"{files[0][0]} holds no private key and certificate.")
        chain = list(extra)
    else:
        key = serialization.load_pem_private_key(Path(files[0][0]).read_bytes(), password=passphrase)
        cert, *chain = x509.load_pem_x509_certificates(Path(files[1][0]).read_bytes())
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("Only RSA and ECDSA signing keys are supported.")
    if cert.public_key().public_numbers() != key.public_key().public_numbers():
        raise ValueError("The signing certificate does not belong to the private key.")
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return _KeyOnceSigner(
        signing_cert=_asn1(cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(other) for other in chain]),
        private_key=key,
    )


def _asn1(cert: CertificateLike) -> asn1_x509.Certificate:
    """Any certificate form (pyca, asn1crypto, PEM/DER bytes, a file) as an asn1crypto certificate."""
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    if isinstance(cert, Path):
        cert = cert.read_bytes()
    if isinstance(cert, bytes):
        cert = (
            x509.load_pem_x509_certificate(cert)
            if cert.lstrip().startswith(b"-----")
            else x509.load_der_x509_certificate(cert)
        )
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def sign_pdf(
    pdf: bytes,
    signer: signers.Signer,
    *,
    timestamp_url: str | None = None,
    timestamper: TimeStamper | None = None,
    reason: str | None = None,
    location: str | None = None,
    name: str | None = None,
) -> bytes:
    """Add an invisible PAdES baseline (SHA-256) signature with the signer's certificate chain embedded.

    :param timestamp_url: an RFC 3161 time stamping service, for a signature time nobody can backdate.
    :param timestamper: a ready TimeStamper instead of a URL (tests use pyHanko's DummyTimeStamper).
    :raises SigningError: when pyHanko cannot sign (e.g. the time stamp service fails).
    """
    if timestamper is None and timestamp_url:
        timestamper = HTTPTimeStamper(timestamp_url)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=name,
    )
    reserved = getattr(signer, "bytes_reserved", 16_384) + (TIMESTAMP_RESERVE if timestamper else 0)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper)
    try:
        output = pdf_signer.sign_pdf(writer, bytes_reserved=reserved)
    except SigningError as error:
        if "larger than expected" not in str(error):
            raise
        logger.warning("Signature did not fit in %d bytes; letting pyHanko size it", reserved)
        output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return output.getvalue()


@dataclass(frozen=True)
class ValidationResult:
    """pyHanko's verdict on an uploaded certificate, reduced to what the verification page shows."""

    intact: bool
    trusted: bool
    coverage_ok: bool
    modification_level: str | None
    signer_subject: str
    signed_at: datetime | None
    summary: str

    @property
    def valid(self) -> bool:
        """Signed by a trusted key, unchanged since: the only state in which we vouch for the file."""
        return self.intact and self.trusted and self.coverage_ok


def _rejected(summary: str) -> ValidationResult:
    return ValidationResult(False, False, False, None, "", None, summary)


def validate_pdf(
    pdf: bytes,
    trust_roots: Iterable[CertificateLike],
    *,
    allow_signature_updates: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ValidationResult:
    """Check a PDF's signature against our trust roots; never raises, whatever the bytes.

    :param allow_signature_updates: accept later updates that only add validation data or document
        time stamps (LTA_UPDATES); content, form or annotation changes are always rejected.
    """
    if not isinstance(pdf, bytes | bytearray) or b"%PDF-" not in bytes(pdf[:1024]):
        return _rejected("not a PDF")
    if len(pdf) > max_bytes:
        return _rejected(f"file larger than {max_bytes // (1024 * 1024)} MB")
    try:
        roots = [_asn1(root) for root in trust_roots]
    except (ValueError, TypeError, OSError) as error:
        return _rejected(f"unusable trust root: {error}")
    try:
        reader = PdfFileReader(io.BytesIO(bytes(pdf)), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception as error:  # noqa: BLE001 - junk uploads can break a parser in any way
        return _rejected(f"unreadable PDF ({type(error).__name__})")
    if not signatures:
        return _rejected("no signature")
    if _in_event_loop():
        return _rejected("not checked: pyHanko cannot validate inside a running asyncio event loop")
    try:
        return _verdict(signatures[0], roots, len(signatures), allow_signature_updates)
    except Exception as error:  # noqa: BLE001
        logger.info("Signature validation failed", exc_info=True)  # pragma: no cover
        return _rejected(f"signature invalid ({type(error).__name__})")


def _verdict(
    signature, roots: Sequence[asn1_x509.Certificate], count: int, allow_updates: bool
) -> ValidationResult:
    """Turn pyHanko's status for the first (issuing) signature into our result."""
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    status = validate_pdf_signature(signature, signer_validation_context=context)
    level = status.modification_level
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        coverage_ok = True
    else:
        coverage_ok = (
            allow_updates
            and status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and level is not None
            and level <= ModificationLevel.LTA_UPDATES
            and bool(status.docmdp_ok)
            and _info_kept(signature)
        )
    subject = (
        x509.load_der_x509_certificate(status.signing_cert.dump()).subject.rfc4514_string()
        if status.signing_cert
        else ""
    )
    signed_at = (
        status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt
    )
    if not status.intact or not status.valid:
        summary = "signature invalid: the signed content was changed"
    elif not status.trusted:
        summary = "signature intact, but not made by a trusted certificate"
    elif not coverage_ok:
        summary = (
            "document modified after signing (ILLEGAL_MODIFICATIONS)"
            if not status.docmdp_ok
            else "signature does not cover the whole document"
        )
    else:
        summary = "valid"
    if count > 1:
        summary += f"; the file holds {count} signatures"
    return ValidationResult(
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        coverage_ok=coverage_ok,
        modification_level=level.name if level is not None else None,
        signer_subject=subject,
        signed_at=signed_at,
        summary=f"{summary} [{status.summary()}]",
    )


#: Document information that pyHanko itself rewrites in every incremental update.
_MAINTENANCE_INFO = {"/ModDate", "/Producer"}


def _info_kept(signature) -> bool:
    """Whether /Info (title, author…) still says what was signed: pyHanko's difference analysis lets a
    changed title pass as LTA_UPDATES, and a reader shows the title in its window."""
    reader = signature.reader

    def info(trailer) -> dict:
        entries = trailer.get("/Info")
        entries = entries.get_object() if entries is not None else {}
        return {key: str(value) for key, value in entries.items() if key not in _MAINTENANCE_INFO}

    return info(reader.get_historical_resolver(signature.signed_revision).trailer_view) == info(
        reader.trailer_view
    )


def _in_event_loop() -> bool:
    """pyHanko's synchronous validation starts its own event loop, which fails inside a running one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
