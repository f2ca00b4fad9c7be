"""Which PAdES baseline level a signature reaches, judged from the file alone (nothing is fetched).

- **B-B**: a valid signature.
- **B-T**: and a signature time stamp from a trusted time stamping authority (TSA).
- **B-LT**: and the document security store (DSS) holds the certificates and revocation information to
  validate signer and TSA *as of that time stamp*: pyHanko's point-in-time validation (``moment``) with
  ``allow_fetching=False`` and revocation information required for every certificate below a root.
- **B-LTA**: and document time stamps, each valid at its own time, seal the validation data.

The B-LT check is what keeps a certificate verifiable after the signing certificate has expired: the
signature is judged at the moment the TSA vouches for, with the revocation data collected then. It
still relies on the TSA: a document time stamp is only as good as the TSA's certificate and key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext


@dataclass(frozen=True)
class LevelCheck:
    """The long-term part of the verdict on one signature."""

    #: The signer's certificate was valid when the signature's time stamp was made (embedded data only).
    valid_at_time_stamp: bool
    #: The signature time stamp (genTime), when there is one.
    time_stamped_at: datetime | None
    #: Document time stamps seal the validation data, each valid as of its own time.
    sealed: bool
    #: Why the next level up was not reached ("" when B-LTA was).
    missing: str

    def level(self, valid_now: bool, time_stamp_trusted_now: bool) -> str | None:
        """The highest level reached, or None when the signature is not valid now nor at its time stamp."""
        if not (valid_now or self.valid_at_time_stamp):
            return None
        if self.valid_at_time_stamp:
            return "B-LTA" if self.sealed else "B-LT"
        return "B-T" if time_stamp_trusted_now else "B-B"


def assess(
    signature: EmbeddedPdfSignature,
    status: PdfSignatureStatus,
    roots: Sequence[asn1_x509.Certificate],
    timestamp_roots: Sequence[asn1_x509.Certificate],
) -> LevelCheck:
    """Check what the file itself proves about the signature (``status`` is pyHanko's verdict as of now).

    Never fetches: a check years later must give the same answer without any service still running.
    """
    time_stamp = status.timestamp_validity
    if time_stamp is None:
        return LevelCheck(False, None, False, "no signature time stamp")
    at = time_stamp.timestamp
    reader: PdfFileReader = signature.reader
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return LevelCheck(False, at, False, "no validation data (DSS)")
    then = validate_pdf_signature(
        signature,
        signer_validation_context=_embedded_only(dss, roots, at),
        ts_validation_context=_embedded_only(dss, timestamp_roots, at),
        skip_diff=True,
    )
    stamp_then = then.timestamp_validity
    if not (then.intact and then.valid and then.trusted and stamp_then is not None and stamp_then.trusted):
        return LevelCheck(False, at, False, "the embedded validation data do not validate the signature")
    sealed, missing = _sealed(reader, dss, timestamp_roots)
    return LevelCheck(True, at, sealed, missing)


def _sealed(
    reader: PdfFileReader, dss: DocumentSecurityStore, timestamp_roots: Sequence[asn1_x509.Certificate]
) -> tuple[bool, str]:
    """Whether document time stamps seal the validation data: the first one already covers a DSS, and
    each is valid as of its own time. (Later updates, such as validation data for a renewed time
    stamp, are judged by the difference analysis of the signature like any other update.)"""
    stamps = list(reader.embedded_timestamp_signatures)
    if not stamps:
        return False, "no document time stamp"
    if "/DSS" not in reader.get_historical_root(stamps[0].signed_revision):
        return False, "the validation data were added after the document time stamp"
    for stamp in stamps:
        made_at = stamp.signed_data["encap_content_info"]["content"].parsed["gen_time"].native
        status = validate_pdf_timestamp(
            stamp, validation_context=_embedded_only(dss, timestamp_roots, made_at), skip_diff=True
        )
        if not (status.intact and status.valid and status.trusted):
            return False, f"document time stamp of {made_at:%Y-%m-%d %H:%M} UTC not valid"
    return True, ""


def _embedded_only(
    dss: DocumentSecurityStore, roots: Sequence[asn1_x509.Certificate], moment: datetime
) -> ValidationContext:
    """Validation as of `moment` with the DSS's certificates, CRLs and OCSP answers and nothing else."""
    return dss.as_validation_context(
        {"trust_roots": list(roots), "moment": moment, "allow_fetching": False, "revocation_mode": "require"}
    )
