"""A development PKI: a self-signed CA and a document-signing certificate issued by it.

Enough to sign certificates on a laptop, in CI and in tests, and to check that validators say
"trusted" only with our CA. Production uses a certificate from a real CA; the files have the same
shape (PEM key and chain, or a PKCS#12 bundle), so nothing else changes.

Idempotent: existing keys are reused (never overwritten unless force=True) and only missing files are
written. Private keys and the PKCS#12 bundle are written with mode 600.

For long-term validation (docs/certificates.md) the CA also publishes a CRL as a file, ca.crl
(publish_crl): a development CA has no web server, so the signing certificate carries no CRL
distribution point and the signing code reads the file instead.
"""

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

#: Microsoft's "Document Signing" extended key usage, recognised by Adobe and Windows.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class DevPki:
    """Paths of the files create_dev_pki writes."""

    ca_cert: Path
    ca_key: Path
    signer_cert: Path
    signer_key: Path
    signer_chain: Path
    pkcs12: Path


def create_dev_pki(
    folder: Path,
    org: str,
    *,
    passphrase: bytes | str,
    key_type: str = "rsa",
    force: bool = False,
    valid_days: int = 825,
) -> DevPki:
    """Create (or reuse) a development CA and document-signing certificate under `folder`.

    :param passphrase: protects the PEM private keys and the PKCS#12 bundle.
    :param key_type: "rsa" (RSA-2048, the most widely accepted) or "ec" (ECDSA P-256).
    :param force: replace existing keys and certificates.
    :raises ValueError: for an unknown key_type.
    """
    if key_type not in ("rsa", "ec"):
        raise ValueError(f"Unknown key type {key_type!r}; use 'rsa' or 'ec'.")
    secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = DevPki(
        ca_cert=folder / "ca.pem",
        ca_key=folder / "ca-key.pem",
        signer_cert=folder / "signer.pem",
        signer_key=folder / "signer-key.pem",
        signer_chain=folder / "signer-chain.pem",
        pkcs12=folder / "signer.p12",
    )
    if force:
        for path in vars(paths).values():
            path.unlink(missing_ok=True)

    ca_key, issued = _key(paths.ca_key, key_type, secret)  # a new key or certificate makes the rest stale
    if paths.ca_cert.exists() and not issued:
        ca_cert = x509.load_pem_x509_certificate(paths.ca_cert.read_bytes())
    else:
        ca_cert = _ca_certificate(ca_key, org, valid_days * 4)
        issued = True
        _write(paths.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM), private=False)

    signer_key, new_key = _key(paths.signer_key, key_type, secret)
    issued = issued or new_key
    if paths.signer_cert.exists() and not issued:
        signer_cert = x509.load_pem_x509_certificate(paths.signer_cert.read_bytes())
    else:
        signer_cert = _signer_certificate(signer_key, ca_key, ca_cert, org, valid_days)
        issued = True
        _write(paths.signer_cert, signer_cert.public_bytes(serialization.Encoding.PEM), private=False)
    if issued or not paths.signer_chain.exists():
        chain = b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in (signer_cert, ca_cert))
        _write(paths.signer_chain, chain, private=False)
    if issued or not paths.pkcs12.exists():
        bundle = pkcs12.serialize_key_and_certificates(
            name=f"{org} document signing".encode(),
            key=signer_key,
            cert=signer_cert,
            cas=[ca_cert],
            encryption_algorithm=serialization.BestAvailableEncryption(secret),
        )
        _write(paths.pkcs12, bundle, private=True)
    return paths


#: How long a development CRL is valid, and how much of that must be left for it to be used again.
CRL_VALID = dt.timedelta(days=7)
CRL_MARGIN = dt.timedelta(days=1)


def publish_crl(paths: DevPki, *, passphrase: bytes | str) -> Path:
    """The development CA's CRL (DER, nothing revoked) as ca.crl beside the CA, issued again when less
    than a day of its validity is left or when the CA has changed.

    :raises ValueError: when the CA key cannot be opened with the passphrase.
    """
    secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
    path = paths.ca_cert.with_name("ca.crl")
    ca_cert = x509.load_pem_x509_certificate(paths.ca_cert.read_bytes())
    now = dt.datetime.now(dt.UTC)
    if path.exists():
        current = x509.load_der_x509_crl(path.read_bytes())
        next_update = current.next_update_utc
        fresh = next_update is not None and next_update - now > CRL_MARGIN
        if fresh and current.issuer == ca_cert.subject and current.is_signature_valid(ca_cert.public_key()):
            return path
    ca_key = serialization.load_pem_private_key(paths.ca_key.read_bytes(), password=secret)
    assert isinstance(ca_key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(now + CRL_VALID)
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    draft = path.with_name(f".ca.crl.{os.getpid()}")  # replaced in one step: other workers may be reading it
    _write(draft, crl.public_bytes(serialization.Encoding.DER), private=False)
    os.replace(draft, path)
    return path


def _key(path: Path, key_type: str, passphrase: bytes) -> tuple[PrivateKey, bool]:
    """Load the private key at `path`, or generate and write one (mode 600); says whether it is new."""
    if path.exists():
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=passphrase)
        assert isinstance(loaded, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey)
        return loaded, False
    key: PrivateKey = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if key_type == "rsa"
        else ec.generate_private_key(ec.SECP256R1())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    _write(path, pem, private=True)
    return key, True


def _write(path: Path, data: bytes, *, private: bool) -> None:
    """Write a file; private ones are created with mode 600 so the key is never readable by others."""
    mode = 0o600 if private else 0o644
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.chmod(path, mode)


def _name(org: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ca_certificate(key: PrivateKey, org: str, valid_days: int) -> x509.Certificate:
    """A self-signed CA allowed to sign certificates and CRLs, and nothing else."""
    now = dt.datetime.now(dt.UTC)
    name = _name(org, f"{org} Development CA")
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _signer_certificate(
    key: PrivateKey, ca_key: PrivateKey, ca_cert: x509.Certificate, org: str, valid_days: int
) -> x509.Certificate:
    """A document-signing certificate: digitalSignature + nonRepudiation, e-mail/document signing EKUs."""
    now = dt.datetime.now(dt.UTC)
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(_name(org, f"{org} Certificates (development)"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(min(now + dt.timedelta(days=valid_days), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
