"""Long-term validation at issue time: what pyHanko needs to sign PAdES B-LT plus a document time stamp.

A signature stays verifiable after its certificate expires only if a reader can prove two things years
later: *when* it was made (an RFC 3161 time stamp from a time stamping authority, TSA) and that the
certificates were valid and not revoked *then* (the chains of signer and TSA with their revocation
information, embedded in the PDF's document security store, DSS). A document time stamp over the
whole file then seals the DSS (PAdES B-LTA). The server collects all of it once, when it issues the
certificate: the TSA, and the CRLs (or OCSP answers) the certificates name, or the CA's CRL from
SIGNING_CRL_URL / SIGNING_CRL_FILE. Pages never contact any of these services.

Nothing is stored half-done: signing fails with a message naming what was missing.
"""

from __future__ import annotations

import datetime as dt
import functools
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import certifi
from asn1crypto import crl as asn1_crl
from asn1crypto import pem, tsp
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.fetchers.aiohttp_fetchers.util import LazySession
from pyhanko_certvalidator.fetchers.api import OwnedFetcherBackend

#: DSS layout: the validation data goes into the signature's own revision (a self-contained B-LT
#: signature), without the deprecated VRI entries, so the document time stamp covers the whole file.
DSS_SETTINGS = DSSContentSettings(
    include_vri=False, placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE
)
#: A time stamping client is reused (it caches the TSA's certificate) for at most this long.
TIMESTAMPER_TTL = 3600.0
#: A CRL from SIGNING_CRL_URL is fetched again after this long, or sooner if its nextUpdate is near.
CRL_TTL = dt.timedelta(hours=1)
MAX_CRL_BYTES = 32 * 1024 * 1024

_LOCK = threading.Lock()
_CRLS: dict[str, tuple[asn1_crl.CertificateList, dt.datetime]] = {}


class LongTermSigningError(RuntimeError):
    """The material for a long-term signature could not be gathered; the message says what."""


@dataclass(frozen=True)
class LongTermSetup:
    """The TSA and the trust and revocation sources for B-LTA signatures (from the configuration)."""

    tsa_url: str
    #: The roots our signing certificate chains to, and those the TSA's certificate chains to.
    signer_roots: tuple[asn1_x509.Certificate, ...]
    tsa_roots: tuple[asn1_x509.Certificate, ...]
    tsa_auth: tuple[str, str] | None = None
    #: The CA's CRL, for a signing certificate that names none itself (or to use a mirror).
    crl_url: str | None = None
    crl_file: Path | None = None
    #: Seconds to wait for the TSA and for CRL downloads.
    timeout: float = 10.0

    def timestamper(self) -> HTTPTimeStamper:
        """A client for the TSA, shared for an hour (saves the request pyHanko makes to learn the TSA's
        certificate)."""
        return _timestamper(
            self.tsa_url, self.tsa_auth, self.timeout, int(time.monotonic() // TIMESTAMPER_TTL)
        )

    def validation_context(self) -> ValidationContext:
        """A fresh context for one signature: it fetches revocation information from the URLs in the
        certificates and records what it used, which pyHanko then embeds.

        ``revocation_mode="require"``: every certificate below a root needs revocation information,
        otherwise the signature would not be verifiable later.
        :raises LongTermSigningError: when the configured CRL cannot be read or downloaded.
        """
        return ValidationContext(
            trust_roots=[*self.signer_roots, *self.tsa_roots],
            crls=self._configured_crls(),
            allow_fetching=True,
            revocation_mode="require",
            fetcher_backend=OwnedFetcherBackend(
                AIOHttpFetcherBackend(_TlsOnceSession(), per_request_timeout=self.timeout)
            ),
        )

    def _configured_crls(self) -> list[asn1_crl.CertificateList]:
        crls = []
        if self.crl_file is not None:
            try:
                crls.append(_parse_crl(Path(self.crl_file).read_bytes()))
            except (OSError, ValueError) as error:
                raise LongTermSigningError(
                    f"SIGNING_CRL_FILE {self.crl_file} cannot be read: {error}"
                ) from error
        if self.crl_url:
            crls.append(_cached_crl(self.crl_url, self.timeout))
        return crls


@functools.lru_cache(maxsize=4)
def _timestamper(url: str, auth: tuple[str, str] | None, timeout: float, _period: int) -> HTTPTimeStamper:
    return _TsaClient(url, timeout=timeout, auth=auth)


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS client context per process. pyHanko's HTTP clients build one per request, and loading the
    CA bundle costs 15-50 ms of CPU: three times per certificate otherwise."""
    return ssl.create_default_context(cafile=certifi.where())


class _TlsOnceSession(LazySession):
    """pyHanko's lazily opened HTTP session for CRL and OCSP downloads, with the shared TLS context."""

    def get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=_tls()))
        return self._session


class _TsaClient(HTTPTimeStamper):
    """pyHanko's RFC 3161 HTTP client, with the shared TLS context (one short session per request, as
    pyHanko does: every synchronous signing call runs its own event loop)."""

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        headers = await self.async_request_headers()
        try:
            async with (
                aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=_tls())) as session,
                session.post(
                    self.url,
                    headers=headers,
                    data=req.dump(),
                    auth=self.auth,
                    raise_for_status=True,
                    timeout=aiohttp.ClientTimeout(total=self.timeout),
                ) as response,
            ):
                kind = response.headers.get("Content-Type")
                data = await response.read()
        except (aiohttp.ClientError, OSError) as error:
            raise TimestampRequestError("Error while contacting timestamp service") from error
        if kind != "application/timestamp-reply":
            raise TimestampRequestError(f"Error while contacting timestamp service: it answered {kind}")
        return tsp.TimeStampResp.load(data)


def _parse_crl(data: bytes) -> asn1_crl.CertificateList:
    """A CRL in DER or PEM form. :raises ValueError: for anything else."""
    if pem.detect(data):
        _kind, _headers, data = pem.unarmor(data)
    try:
        crl = asn1_crl.CertificateList.load(data, strict=True)
        _ = crl["tbs_cert_list"]["issuer"].native, crl["tbs_cert_list"]["next_update"].native
    except Exception as error:  # noqa: BLE001 - asn1crypto raises many kinds of errors on junk
        raise ValueError(f"not a CRL ({type(error).__name__})") from error
    return crl


def _cached_crl(url: str, timeout: float) -> asn1_crl.CertificateList:
    """The CRL at `url`, downloaded at most once an hour and again before its nextUpdate.

    :raises LongTermSigningError: when it cannot be downloaded or is not a CRL.
    """
    now = dt.datetime.now(dt.UTC)
    with _LOCK:
        cached = _CRLS.get(url)
    if cached is not None and now < cached[1]:
        return cached[0]
    if not url.startswith(("http://", "https://")):
        raise LongTermSigningError(f"SIGNING_CRL_URL must be an http(s) URL, not {url!r}")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            crl = _parse_crl(response.read(MAX_CRL_BYTES + 1))
    except (OSError, ValueError) as error:
        raise LongTermSigningError(f"The CRL at {url} cannot be downloaded: {error}") from error
    next_update = crl["tbs_cert_list"]["next_update"].native
    expires = now + CRL_TTL
    if next_update is not None:
        expires = min(expires, next_update - dt.timedelta(minutes=5))
    with _LOCK:
        _CRLS[url] = (crl, expires)
    return crl


def explain(error: BaseException, setup: LongTermSetup) -> str:
    """pyHanko's error (and its causes) as one sentence saying what to check."""
    causes = []
    current: BaseException | None = error
    while current is not None and len(causes) < 4:
        text = str(current).strip()
        if text and text not in causes:
            causes.append(text)
        current = current.__cause__ or current.__context__
    detail = "; ".join(causes) or type(error).__name__
    lowered = detail.lower()
    if "timestamp service" in lowered:
        return f"The time stamping service {setup.tsa_url} did not answer ({detail})."
    if "unable to build a validation path" in lowered:
        return (
            f"A certificate does not chain to the configured roots ({detail}). Check SIGNING_TRUST_ROOTS "
            "and SIGNING_TSA_TRUST_ROOTS."
        )
    if "revoked" in lowered:
        return (
            f"A certificate in the chain has been revoked: no certificate can be signed with it ({detail})."
        )
    if "could not be validated" in lowered or "revocation" in lowered:
        return (
            "The validation data for a long-term signature is incomplete: a certificate could not be "
            f"validated or its revocation status is unknown ({detail}). Check the CRL or OCSP service the "
            "certificate names, or set SIGNING_CRL_URL or SIGNING_CRL_FILE."
        )
    return f"The long-term signature failed ({detail})."
