"""The development PKI: certificate properties, file modes and idempotence."""

import stat
from pathlib import Path

import pytest
from certificate_helpers import PASSPHRASE
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12

from app.certificates.devpki import DOCUMENT_SIGNING, DevPki, create_dev_pki


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_ca_and_signer_have_the_right_extensions(pki: DevPki):
    ca = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
    signer = x509.load_pem_x509_certificate(pki.signer_cert.read_bytes())
    assert ca.issuer == ca.subject
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    assert signer.issuer == ca.subject
    assert not signer.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = signer.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert DOCUMENT_SIGNING in signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    signer.verify_directly_issued_by(ca)


def test_private_files_are_mode_600_and_encrypted(pki: DevPki):
    for path in (pki.ca_key, pki.signer_key, pki.pkcs12):
        assert mode(path) == 0o600, path
    assert b"ENCRYPTED PRIVATE KEY" in pki.signer_key.read_bytes()
    assert mode(pki.ca_cert) == 0o644
    key, cert, extra = pkcs12.load_key_and_certificates(pki.pkcs12.read_bytes(), PASSPHRASE.encode())
    assert key is not None and cert is not None and len(extra) == 1


def test_running_again_keeps_keys_and_force_replaces_them(tmp_path: Path):
    first = create_dev_pki(tmp_path, "Test GmbH", passphrase=PASSPHRASE, key_type="ec")
    files = {path: path.read_bytes() for path in vars(first).values()}
    again = create_dev_pki(tmp_path, "Test GmbH", passphrase=PASSPHRASE, key_type="ec")
    assert {path: path.read_bytes() for path in vars(again).values()} == files
    first.pkcs12.unlink()
    first.signer_cert.unlink()
    create_dev_pki(tmp_path, "Test GmbH", passphrase=PASSPHRASE, key_type="ec")
    assert first.signer_key.read_bytes() == files[first.signer_key]  # the key survives, the rest is redone
    assert first.pkcs12.exists() and first.signer_cert.exists()
    forced = create_dev_pki(tmp_path, "Test GmbH", passphrase=PASSPHRASE, key_type="ec", force=True)
    assert forced.ca_key.read_bytes() != files[first.ca_key]
    key = x509.load_pem_x509_certificate(forced.signer_cert.read_bytes()).public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"


def test_unknown_key_type_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="key type"):
        create_dev_pki(tmp_path, "Test GmbH", passphrase=PASSPHRASE, key_type="dsa")
