"""The signing key and the trust roots, from the configuration.

Production signs with a configured key (a PKCS#12 bundle, or a PEM key and certificate chain) and
refuses to issue without one. Development and tests create a development CA and signing certificate
under instance/signing/ the first time they need it (create_dev_pki, idempotent), so a fresh checkout
issues certificates without any setup. Verification uploads are checked against SIGNING_TRUST_ROOTS,
or the development CA, or (lacking both) the configured certificate chain itself.

With SIGNING_TSA_URL, certificates are signed for long-term validation (ltv.py): the TSA's roots
(SIGNING_TSA_TRUST_ROOTS) must then be given explicitly, and the development CA publishes a CRL file.

Every page and command that may name SigningNotConfigured imports this module; cryptography and pyHanko
are imported by the functions that read keys, so that they load with the first signature or check.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography import x509
    from pyhanko.sign import signers

    from app.certificates.devpki import DevPki
    from app.certificates.ltv import LongTermSetup

logger = logging.getLogger(__name__)

#: Folder under the instance folder for the development PKI.
DEV_FOLDER = "signing"
#: Protects the development keys when SIGNING_PASSPHRASE is not set (development only).
DEV_PASSPHRASE = "chinvalue-development-only"  # noqa: S105 - a known value for throwaway dev keys

_DEV_LOCK = threading.Lock()
_DEV_PKI: dict[str, DevPki] = {}


class SigningNotConfigured(RuntimeError):
    """No usable signing key (or trust roots): the message says what to configure."""


@dataclass(frozen=True)
class SigningSetup:
    """What issuing needs: the (cached) signer, the long-term validation setup when a TSA is configured,
    and whether the key is the development one."""

    signer: signers.Signer
    long_term: LongTermSetup | None
    development: bool


class TrustRoots(tuple):
    """The roots a certificate's signature must chain to (the tuple itself), and those its time stamps
    may chain to (``timestamp_roots``; signing.validate_pdf reads them from here)."""

    timestamp_roots: tuple[x509.Certificate, ...] | None = None

    def __new__(cls, roots, timestamp_roots=None):  # type: ignore[no-untyped-def]
        made = super().__new__(cls, roots)
        made.timestamp_roots = timestamp_roots
        return made


def _path(value: Any) -> Path | None:
    return Path(value).expanduser() if value else None


def _configured(config: Mapping[str, Any]) -> bool:
    return bool(config.get("SIGNING_PKCS12") or (config.get("SIGNING_KEY") and config.get("SIGNING_CERT")))


def _passphrase(config: Mapping[str, Any]) -> str | None:
    return config.get("SIGNING_PASSPHRASE") or None


def dev_pki(instance_path: str | Path, org: str, passphrase: str | None = None) -> DevPki:
    """The development CA and signing certificate under instance/signing/, created on first use.

    A file lock keeps two worker processes from creating two CAs at once; the paths are cached.
    """
    from app.certificates.devpki import create_dev_pki

    folder = Path(instance_path) / DEV_FOLDER
    key = str(folder.resolve())
    with _DEV_LOCK:
        if key in _DEV_PKI and _DEV_PKI[key].pkcs12.exists():
            return _DEV_PKI[key]
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            existed = (folder / "signer.p12").exists()
            pki = create_dev_pki(folder, org, passphrase=passphrase or DEV_PASSPHRASE)
        if not existed:
            logger.warning(
                "No signing key configured: created a development CA and signing certificate in %s "
                "(never use it in production; see docs/certificates.md)",
                folder,
            )
        _DEV_PKI[key] = pki
        return pki


def signing_setup(config: Mapping[str, Any], instance_path: str | Path) -> SigningSetup:
    """The signer for new certificates, and the long-term validation setup when a TSA is configured.

    :raises SigningNotConfigured: in production without a signing key, when the configured files
        cannot be read or do not fit together, or when a TSA is configured without its trust roots.
    """
    from app.certificates.signing import load_signer  # pyHanko loads with the first signature

    passphrase = _passphrase(config)
    try:
        if config.get("SIGNING_PKCS12"):
            signer = load_signer(pkcs12_path=_path(config["SIGNING_PKCS12"]), passphrase=passphrase)
            return SigningSetup(signer, _long_term(config, signer, None), development=False)
        if config.get("SIGNING_KEY") or config.get("SIGNING_CERT"):
            if not (config.get("SIGNING_KEY") and config.get("SIGNING_CERT")):
                raise SigningNotConfigured("Set both SIGNING_KEY and SIGNING_CERT (PEM), or SIGNING_PKCS12.")
            signer = load_signer(
                key_path=_path(config["SIGNING_KEY"]),
                cert_path=_path(config["SIGNING_CERT"]),
                passphrase=passphrase,
            )
            return SigningSetup(signer, _long_term(config, signer, None), development=False)
    except (OSError, ValueError) as error:
        raise SigningNotConfigured(f"The configured signing key cannot be used: {error}") from error
    if config.get("ENV_NAME") == "production":
        raise SigningNotConfigured(
            "No signing key is configured, so no certificate can be issued. Set SIGNING_PKCS12 and "
            "SIGNING_PASSPHRASE (or SIGNING_KEY and SIGNING_CERT); see docs/certificates.md."
        )
    pki = dev_pki(instance_path, config.get("CERT_ISSUER") or "ChInValue Academy", passphrase)
    try:
        signer = load_signer(pkcs12_path=pki.pkcs12, passphrase=passphrase or DEV_PASSPHRASE)
    except ValueError as error:
        raise SigningNotConfigured(
            f"The development key in {pki.pkcs12.parent} cannot be opened ({error}); was it created with "
            "another SIGNING_PASSPHRASE? Delete the folder or run `flask certs init-signing --force`."
        ) from error
    return SigningSetup(signer, _long_term(config, signer, pki), development=True)


def _long_term(config: Mapping[str, Any], signer: signers.Signer, pki: DevPki | None) -> LongTermSetup | None:
    """The long-term validation setup, or None without SIGNING_TSA_URL (then certificates are B-B).

    The development CA has no CRL distribution point, so its CRL file (kept fresh here) is used.
    :raises SigningNotConfigured: without SIGNING_TSA_TRUST_ROOTS, or when a root file cannot be read.
    """
    url = (config.get("SIGNING_TSA_URL") or "").strip()
    if not url:
        return None
    from app.certificates.devpki import publish_crl
    from app.certificates.ltv import LongTermSetup
    from app.certificates.signing import asn1_certificate

    tsa_roots = _root_files(config.get("SIGNING_TSA_TRUST_ROOTS"))
    if not tsa_roots:
        raise SigningNotConfigured(
            "SIGNING_TSA_URL is set but SIGNING_TSA_TRUST_ROOTS is not: give the PEM file of the time "
            "stamping authority's root certificate (see docs/certificates.md, Long-term validation)."
        )
    if config.get("SIGNING_TRUST_ROOTS"):
        signer_roots = _loaded(_root_files(config["SIGNING_TRUST_ROOTS"]), "SIGNING_TRUST_ROOTS")
    elif pki is not None:
        signer_roots = _loaded([pki.ca_cert], "the development CA")
    else:
        signer_roots = ([signer.signing_cert, *signer.cert_registry])[-1:]
    crl_file = _path(config.get("SIGNING_CRL_FILE"))
    if crl_file is None and pki is not None:
        crl_file = publish_crl(pki, passphrase=_passphrase(config) or DEV_PASSPHRASE)
    username, password = config.get("SIGNING_TSA_USERNAME"), config.get("SIGNING_TSA_PASSWORD")
    return LongTermSetup(
        tsa_url=url,
        signer_roots=tuple(asn1_certificate(root) for root in signer_roots),
        tsa_roots=tuple(asn1_certificate(root) for root in _loaded(tsa_roots, "SIGNING_TSA_TRUST_ROOTS")),
        tsa_auth=(username, password or "") if username else None,
        crl_url=(config.get("SIGNING_CRL_URL") or "").strip() or None,
        crl_file=crl_file,
    )


def _root_files(value: Any) -> list[Path]:
    """PEM/DER file names, separated by commas or the path separator (or already a list)."""
    if isinstance(value, str):
        value = [part for chunk in value.split(",") for part in chunk.split(os.pathsep)]
    return [Path(str(part).strip()).expanduser() for part in value or () if str(part).strip()]


def _loaded(files: list[Path], setting: str) -> tuple[x509.Certificate, ...]:
    try:
        return _load_roots(tuple((str(path.resolve()), path.stat().st_mtime_ns) for path in files))
    except (OSError, ValueError) as error:
        raise SigningNotConfigured(f"{setting} cannot be read: {error}") from error


def trust_roots(config: Mapping[str, Any], instance_path: str | Path) -> TrustRoots:
    """The certificates a verification upload must chain to, with those its time stamps may chain to.

    SIGNING_TRUST_ROOTS (one or more PEM files, separated by commas or the path separator), else the
    development CA, else the top of the configured signing certificate's chain. Time stamps: the roots
    in SIGNING_TSA_TRUST_ROOTS (keep them after a TSA change: older certificates still carry its
    stamps), else the same roots.
    :raises SigningNotConfigured: when there is nothing to trust (production without any key).
    """
    files = _root_files(config.get("SIGNING_TRUST_ROOTS"))
    tsa_files = _root_files(config.get("SIGNING_TSA_TRUST_ROOTS"))
    tsa_roots = _loaded(tsa_files, "SIGNING_TSA_TRUST_ROOTS") if tsa_files else None
    if not files and not _configured(config) and config.get("ENV_NAME") != "production":
        files = [
            dev_pki(
                instance_path, config.get("CERT_ISSUER") or "ChInValue Academy", _passphrase(config)
            ).ca_cert
        ]
    if files:
        return TrustRoots(_loaded(files, "SIGNING_TRUST_ROOTS"), tsa_roots)
    if not _configured(config):
        raise SigningNotConfigured("Neither SIGNING_TRUST_ROOTS nor a signing key is configured.")
    signer = signing_setup({**config, "SIGNING_TSA_URL": None}, instance_path).signer
    chain = [signer.signing_cert, *signer.cert_registry]
    from cryptography import x509

    return TrustRoots((x509.load_der_x509_certificate(cert.dump()) for cert in chain[-1:]), tsa_roots)


@functools.lru_cache(maxsize=8)
def _load_roots(files: tuple[tuple[str, int], ...]) -> tuple[x509.Certificate, ...]:
    """Every certificate in the PEM (or DER) files (cached by path and mtime)."""
    from cryptography import x509

    roots: list[x509.Certificate] = []
    for name, _mtime in files:
        data = Path(name).read_bytes()
        if b"-----BEGIN" in data:
            roots.extend(x509.load_pem_x509_certificates(data))
        else:
            roots.append(x509.load_der_x509_certificate(data))
    return tuple(roots)


def describe(cert: x509.Certificate) -> str:
    """Subject and fingerprint of a certificate, for logs and `flask certs init-signing`."""
    from cryptography.hazmat.primitives import hashes

    fingerprint = cert.fingerprint(hashes.SHA256()).hex(":").upper()
    return f"{cert.subject.rfc4514_string()} (SHA-256 {fingerprint})"
