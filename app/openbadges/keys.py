"""The key that signs Open Badges 3.0 credentials (ES256, P-256), and the public keys we publish.

Production reads OPENBADGES_KEY (a PEM private key, encrypted with SIGNING_PASSPHRASE if that is set) and
refuses to sign without one; development and tests create a key under instance/signing/ the first time they
need it, as they do for the PDF signing key. Keys used earlier stay verifiable as long as their public part
is listed in OPENBADGES_RETIRED_KEYS (PEM files, separated by commas or the path separator).

A key is known by its RFC 7638 thumbprint, which is also the last part of the ``kid`` URL that
dereferences to its JWK (``/openbadges/keys/<thumbprint>``). cryptography and joserfc are imported by the
functions that read or make keys: they load with the first credential, not with every `flask` command.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.certificates.keys import DEV_FOLDER, DEV_PASSPHRASE, SigningNotConfigured

if TYPE_CHECKING:
    from joserfc.jwk import ECKey

logger = logging.getLogger(__name__)

#: The development key's file under the instance folder.
DEV_KEY_FILE = "openbadges-p256.pem"
ALGORITHM = "ES256"


@dataclass(frozen=True, eq=False)
class CredentialKeys:
    """The signing key (None when only verifying is possible) and every public key we vouch for."""

    signing: ECKey | None
    #: thumbprint -> public key, the signing key's included.
    public: dict[str, ECKey]

    @functools.cached_property
    def signing_id(self) -> str:
        """The signing key's thumbprint (the end of its ``kid`` URL)."""
        if self.signing is None:
            raise SigningNotConfigured("No Open Badges signing key is configured (OPENBADGES_KEY).")
        return self.signing.thumbprint()


def public_jwk(key: ECKey) -> dict[str, Any]:
    """The public JWK of a key, never its private part ("d")."""
    jwk = {name: value for name, value in key.as_dict(private=False).items() if name != "d"}
    return {**jwk, "kid": key.thumbprint(), "alg": ALGORITHM, "use": "sig"}


def _files(value: Any) -> list[Path]:
    if isinstance(value, str):
        value = [part for chunk in value.split(",") for part in chunk.split(os.pathsep)]
    return [Path(str(part).strip()).expanduser() for part in value or () if str(part).strip()]


def _load(name: str, _mtime: int, passphrase: bytes | None, private: bool) -> ECKey:
    """A P-256 key from a PEM file: a private key, or (for a retired key) also a public key or certificate.

    ``_keyring`` caches it by path and mtime.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from joserfc.jwk import ECKey

    data = Path(name).read_bytes()
    key: Any
    if b"PRIVATE KEY" in data:
        key = serialization.load_pem_private_key(data, password=passphrase if b"ENCRYPTED" in data else None)
        key = key if private else key.public_key()
    elif private:
        raise ValueError(f"{name} holds no private key.")
    elif b"CERTIFICATE" in data:
        key = x509.load_pem_x509_certificate(data).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    if (
        not isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey)
        or key.curve.name != "secp256r1"
    ):
        raise ValueError(f"{name} does not hold a P-256 (ES256) key.")
    return ECKey.import_key(key)


def dev_key_path(instance_path: str | Path, passphrase: str | None) -> Path:
    """The development key under instance/signing/, created (mode 600, encrypted) on first use."""
    folder = Path(instance_path) / DEV_FOLDER
    path = folder / DEV_KEY_FILE
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric import ec

            key = ec.generate_private_key(ec.SECP256R1())
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption((passphrase or DEV_PASSPHRASE).encode()),
            )
            fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
            os.replace(path.with_suffix(".tmp"), path)
            logger.warning(
                "No Open Badges key configured: created a development key in %s "
                "(never use it in production; see docs/certificates.md)",
                path,
            )
    return path


def credential_keys(config: Mapping[str, Any], instance_path: str | Path) -> CredentialKeys:
    """The Open Badges keys from the configuration (development: the key under instance/signing/).

    :raises SigningNotConfigured: when a configured file cannot be read or holds no P-256 key.
    """
    passphrase = config.get("SIGNING_PASSPHRASE") or None
    try:
        signing: tuple[str, int] | None = None
        signing_secret = passphrase
        if config.get("OPENBADGES_KEY"):
            signing = _stamp(Path(config["OPENBADGES_KEY"]).expanduser())
        elif config.get("ENV_NAME") != "production":
            signing = _stamp(dev_key_path(instance_path, passphrase))
            signing_secret = passphrase or DEV_PASSPHRASE
        retired = tuple(_stamp(path) for path in _files(config.get("OPENBADGES_RETIRED_KEYS")))
        return _keyring(signing, signing_secret.encode() if signing_secret else None, retired,
                        passphrase.encode() if passphrase else None)  # fmt: skip
    except (OSError, ValueError, TypeError) as error:
        raise SigningNotConfigured(f"The Open Badges key cannot be used: {error}") from error


def _stamp(path: Path) -> tuple[str, int]:
    return str(path.resolve()), path.stat().st_mtime_ns


@functools.lru_cache(maxsize=8)
def _keyring(
    signing: tuple[str, int] | None,
    signing_secret: bytes | None,
    retired: tuple[tuple[str, int], ...],
    secret: bytes | None,
) -> CredentialKeys:
    """The keys, loaded once per file version (the cache key holds each file's mtime)."""
    key = _load(*signing, signing_secret, True) if signing else None
    public = {old.thumbprint(): old for old in (_load(*stamp, secret, False) for stamp in retired)}
    if key is not None:
        public[key.thumbprint()] = key
    return CredentialKeys(key, public)
