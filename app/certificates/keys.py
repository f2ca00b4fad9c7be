"""The signing key and the trust roots, from the configuration.

Production signs with a configured key (a PKCS#12 bundle, or a PEM key and certificate chain) and
refuses to issue without one. Development and tests create a development CA and signing certificate
under instance/signing/ the first time they need it (create_dev_pki, idempotent), so a fresh checkout
issues certificates without any setup. Verification uploads are checked against SIGNING_TRUST_ROOTS,
or the development CA, or (lacking both) the configured certificate chain itself.
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
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from pyhanko.sign import signers

from app.certificates.devpki import DevPki, create_dev_pki
from app.certificates.signing import load_signer

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
    """What issuing needs: the (cached) signer, an optional time stamping service, and where it came from."""

    signer: signers.Signer
    timestamp_url: str | None
    development: bool


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
    """The signer for new certificates.

    :raises SigningNotConfigured: in production without a signing key, or when the configured files
        cannot be read or do not fit together.
    """
    passphrase = _passphrase(config)
    timestamp_url = config.get("TIMESTAMP_URL") or None
    try:
        if config.get("SIGNING_PKCS12"):
            signer = load_signer(pkcs12_path=_path(config["SIGNING_PKCS12"]), passphrase=passphrase)
            return SigningSetup(signer, timestamp_url, development=False)
        if config.get("SIGNING_KEY") or config.get("SIGNING_CERT"):
            if not (config.get("SIGNING_KEY") and config.get("SIGNING_CERT")):
                raise SigningNotConfigured("Set both SIGNING_KEY and SIGNING_CERT (PEM), or SIGNING_PKCS12.")
            signer = load_signer(
                key_path=_path(config["SIGNING_KEY"]),
                cert_path=_path(config["SIGNING_CERT"]),
                passphrase=passphrase,
            )
            return SigningSetup(signer, timestamp_url, development=False)
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
    return SigningSetup(signer, timestamp_url, development=True)


def trust_roots(config: Mapping[str, Any], instance_path: str | Path) -> tuple[x509.Certificate, ...]:
    """The certificates a verification upload must chain to.

    SIGNING_TRUST_ROOTS (one or more PEM files, separated by commas or the path separator), else the
    development CA, else the top of the configured signing certificate's chain.
    :raises SigningNotConfigured: when there is nothing to trust (production without any key).
    """
    configured = config.get("SIGNING_TRUST_ROOTS")
    if isinstance(configured, str):
        configured = [part for chunk in configured.split(",") for part in chunk.split(os.pathsep)]
    files = [Path(part.strip()).expanduser() for part in configured or () if str(part).strip()]
    if not files and not _configured(config) and config.get("ENV_NAME") != "production":
        files = [
            dev_pki(
                instance_path, config.get("CERT_ISSUER") or "ChInValue Academy", _passphrase(config)
            ).ca_cert
        ]
    if files:
        try:
            stamps = tuple((str(path.resolve()), path.stat().st_mtime_ns) for path in files)
            return _load_roots(stamps)
        except (OSError, ValueError) as error:
            raise SigningNotConfigured(f"SIGNING_TRUST_ROOTS cannot be read: {error}") from error
    if not _configured(config):
        raise SigningNotConfigured("Neither SIGNING_TRUST_ROOTS nor a signing key is configured.")
    signer = signing_setup(config, instance_path).signer
    chain = [signer.signing_cert, *signer.cert_registry]
    return tuple(x509.load_der_x509_certificate(cert.dump()) for cert in chain[-1:])


@functools.lru_cache(maxsize=8)
def _load_roots(files: tuple[tuple[str, int], ...]) -> tuple[x509.Certificate, ...]:
    """Every certificate in the PEM (or DER) files (cached by path and mtime)."""
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
    fingerprint = cert.fingerprint(hashes.SHA256()).hex(":").upper()
    return f"{cert.subject.rfc4514_string()} (SHA-256 {fingerprint})"
