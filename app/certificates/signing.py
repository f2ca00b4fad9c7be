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
import dataclasses
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
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.certificates.levels import assess
from app.certificates.ltv import DSS_SETTINGS, LongTermSetup, LongTermSigningError, explain
from app.certificates.revisions import too_many_to_analyse, too_many_to_read

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
        signing_cert=asn1_certificate(cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs([asn1_certificate(other) for other in chain]),
        private_key=key,
    )


def asn1_certificate(cert: CertificateLike) -> asn1_x509.Certificate:
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
    long_term: LongTermSetup | None = None,
    timestamper: TimeStamper | None = None,
    reason: str | None = None,
    location: str | None = None,
    name: str | None = None,
) -> bytes:
    """Add an invisible PAdES baseline (SHA-256) signature with the signer's certificate chain embedded.

    :param long_term: a time stamping service and revocation sources: the result is PAdES B-LT with a
        document time stamp (B-LTA), checked at that level before it is returned.
    :param timestamper: only a signature time stamp (B-T); tests use pyHanko's DummyTimeStamper.
    :raises SigningError: when pyHanko cannot sign, or a long-term signature cannot be completed.
    """
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=name,
    )
    if long_term is not None:
        return _sign_long_term(pdf, signer, meta, long_term)
    return _sign(pdf, signer, meta, timestamper)


def _sign(
    pdf: bytes, signer: signers.Signer, meta: signers.PdfSignatureMetadata, timestamper: TimeStamper | None
) -> bytes:
    reserved = getattr(signer, "bytes_reserved", 16_384) + (TIMESTAMP_RESERVE if timestamper else 0)
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper)
    try:
        output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), bytes_reserved=reserved)
    except SigningError as error:
        if "larger than expected" not in str(error):
            raise
        logger.warning("Signature did not fit in %d bytes; letting pyHanko size it", reserved)
        output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return output.getvalue()


def _sign_long_term(
    pdf: bytes, signer: signers.Signer, meta: signers.PdfSignatureMetadata, setup: LongTermSetup
) -> bytes:
    """B-LT (validation data in the signature's revision) plus a document time stamp, then checked:
    a file that does not validate as B-LTA with its own data alone is never returned."""
    try:
        meta = dataclasses.replace(
            meta,
            embed_validation_info=True,
            use_pades_lta=True,
            validation_context=setup.validation_context(),
            dss_settings=DSS_SETTINGS,
        )
        signed = _sign(pdf, signer, meta, setup.timestamper())
    except LongTermSigningError as error:
        raise SigningError(str(error)) from error
    except Exception as error:  # noqa: BLE001 - network, TSA and path-validation errors of every kind
        raise SigningError(explain(error, setup)) from error
    check = validate_pdf(signed, setup.signer_roots, timestamp_roots=setup.tsa_roots)
    if not check.valid or check.level != "B-LTA":
        raise SigningError(f"The signed certificate does not validate as PAdES B-LTA: {check.summary}")
    return signed


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
    #: The PAdES baseline level the signature was validated at (B-B, B-T, B-LT, B-LTA), None if invalid.
    level: str | None = None

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
    timestamp_roots: Iterable[CertificateLike] | None = None,
    allow_signature_updates: bool = False,
    moment: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ValidationResult:
    """Check a PDF's signature against our trust roots; never raises, whatever the bytes.

    A long-term (B-LT/B-LTA) signature stays valid after the signing certificate expires: it is then
    judged as of its time stamp, with the validation data in the file and nothing fetched.
    :param timestamp_roots: the roots time stamps must chain to; default: ``trust_roots.timestamp_roots``
        if the roots carry them (keys.trust_roots does), else the trust roots themselves.
    :param allow_signature_updates: accept later updates that only add validation data or document
        time stamps (LTA_UPDATES) even when no valid document time stamp seals them; content, form or
        annotation changes are always rejected.
    :param moment: validate as if it were then (an aware datetime), e.g. to see how a file will fare
        after the signing certificate has expired.
    """
    if not isinstance(pdf, bytes | bytearray) or b"%PDF-" not in bytes(pdf[:1024]):
        return _rejected("not a PDF")
    if len(pdf) > max_bytes:
        return _rejected(f"file larger than {max_bytes // (1024 * 1024)} MB")
    if timestamp_roots is None:
        timestamp_roots = getattr(trust_roots, "timestamp_roots", None)
    try:
        roots = [asn1_certificate(root) for root in trust_roots]
        stamp_roots = (
            roots if timestamp_roots is None else [asn1_certificate(root) for root in timestamp_roots]
        )
    except (ValueError, TypeError, OSError) as error:
        return _rejected(f"unusable trust root: {error}")
    data = bytes(pdf)
    if too_many_to_read(data):
        return _rejected("too many revisions: updated after signing")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception as error:  # noqa: BLE001 - junk uploads can break a parser in any way
        return _rejected(f"unreadable PDF ({type(error).__name__})")
    if not signatures:
        return _rejected("no signature")
    if too_many_to_analyse(reader):
        return _rejected(f"too many revisions ({reader.xrefs.total_revisions}): updated after signing")
    if _in_event_loop():
        return _rejected("not checked: pyHanko cannot validate inside a running asyncio event loop")
    try:
        return _verdict(signatures[0], roots, stamp_roots, len(signatures), allow_signature_updates, moment)
    except Exception as error:  # noqa: BLE001
        logger.info("Signature validation failed", exc_info=True)  # pragma: no cover
        return _rejected(f"signature invalid ({type(error).__name__})")


def _verdict(
    signature,
    roots: Sequence[asn1_x509.Certificate],
    stamp_roots: Sequence[asn1_x509.Certificate],
    count: int,
    allow_updates: bool,
    moment: datetime | None,
) -> ValidationResult:
    """Turn pyHanko's status for the first (issuing) signature into our result."""
    status = validate_pdf_signature(
        signature,
        signer_validation_context=_context(roots, moment),
        ts_validation_context=_context(stamp_roots, moment),
    )
    intact = bool(status.intact and status.valid)
    check = assess(signature, status, roots, stamp_roots) if intact else None
    trusted = bool(status.trusted) or (check is not None and check.valid_at_time_stamp)
    modification = status.modification_level
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        coverage_ok = True
    else:
        coverage_ok = (
            (allow_updates or (check is not None and check.sealed))
            and status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and modification is not None
            and modification <= ModificationLevel.LTA_UPDATES
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
    level = None
    if not intact:
        summary = "signature invalid: the signed content was changed"
    elif not trusted:
        summary = "signature intact, but not made by a trusted certificate"
    elif not coverage_ok:
        summary = (
            "document modified after signing (ILLEGAL_MODIFICATIONS)"
            if not status.docmdp_ok
            else "signature does not cover the whole document"
        )
    else:
        assert check is not None
        stamp_now = status.timestamp_validity is not None and bool(status.timestamp_validity.trusted)
        level = check.level(valid_now=bool(status.trusted), time_stamp_trusted_now=stamp_now)
        summary = f"valid (PAdES {level}"
        if not status.trusted and check.time_stamped_at is not None:
            summary += f", as of its time stamp {check.time_stamped_at:%Y-%m-%d %H:%M} UTC"
        summary += ")" if not check.missing or level == "B-B" else f"; not B-LTA: {check.missing})"
    if count > 1:
        summary += f"; the file holds {count} signatures"
    return ValidationResult(
        intact=intact,
        trusted=trusted,
        coverage_ok=coverage_ok,
        modification_level=modification.name if modification is not None else None,
        signer_subject=subject,
        signed_at=signed_at,
        summary=f"{summary} [{status.summary()}]",
        level=level,
    )


def _context(roots: Sequence[asn1_x509.Certificate], moment: datetime | None) -> ValidationContext:
    """Validation now (or at `moment`), nothing fetched, revocation checked only where data is at hand."""
    return ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=moment
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
