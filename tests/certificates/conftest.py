"""Fixtures for the certificate core: fonts, sample data, a development PKI and rendered PDFs (per session);
and for the feature in the app: the sample course completed by a participant, the app's development PKI.

The checks with poppler (pdftotext, pdffonts, pdfsig), zbarimg and certutil need the Debian packages
poppler-utils, zbar-tools and libnss3-tools; without them those tests are skipped, naming the package.
"""

from pathlib import Path

import pytest
from certificate_helpers import NAME, NAME_ZH, ORG, PASSPHRASE, make_data, need, run

from app.certificates.devpki import DevPki, create_dev_pki
from app.certificates.fonts import FontSet, load_fonts
from app.certificates.labels import LOCALES
from app.certificates.pdf import render_certificate
from app.certificates.signing import load_signer, sign_pdf


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    return load_fonts()


@pytest.fixture(scope="session")
def rendered(fonts: FontSet) -> dict[str, bytes]:
    """The sample certificate in every supported locale."""
    return {locale: render_certificate(make_data(), locale, fonts) for locale in LOCALES}


@pytest.fixture(scope="session")
def pdf_files(rendered: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfs")
    paths = {}
    for locale, pdf in rendered.items():
        paths[locale] = folder / f"certificate-{locale.replace('+', '-')}.pdf"
        paths[locale].write_bytes(pdf)
    return paths


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    return create_dev_pki(tmp_path_factory.mktemp("pki"), ORG, passphrase=PASSPHRASE)


@pytest.fixture(scope="session")
def other_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPki:
    """A second, unrelated CA: signatures from ours must not be trusted under it."""
    return create_dev_pki(
        tmp_path_factory.mktemp("other-pki"), "Somebody Else", passphrase=PASSPHRASE, key_type="ec"
    )


@pytest.fixture(scope="session")
def signer(pki: DevPki):
    return load_signer(pkcs12_path=pki.pkcs12, passphrase=PASSPHRASE)


@pytest.fixture(scope="session")
def signed(rendered: dict[str, bytes], signer) -> bytes:
    return sign_pdf(rendered["de+zh"], signer, reason="Certificate of completion", location="Düsseldorf")


@pytest.fixture(scope="session")
def nss_db(pki: DevPki, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An NSS database trusting our development CA, for poppler's pdfsig."""
    certutil = need("certutil")
    folder = tmp_path_factory.mktemp("nss")
    run(certutil, "-N", "-d", f"sql:{folder}", "--empty-password")
    run(certutil, "-A", "-d", f"sql:{folder}", "-n", "ChInValue dev CA", "-t", "CT,C,C", "-i", pki.ca_cert)
    return f"sql:{folder}"


@pytest.fixture(scope="session")
def timestamper(pki: DevPki):
    """An in-process time stamping authority issued by our dev CA (pyHanko's DummyTimeStamper)."""
    import datetime as dt

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    ca_key = serialization.load_pem_private_key(pki.ca_key.read_bytes(), password=PASSPHRASE.encode())
    ca_cert = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the dummy TSA is RSA-only
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ChInValue dev TSA")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key_der),
        certs_to_embed=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(ca_cert.public_bytes(der))]
        ),
    )


# -- the certificates feature in the app: the sample course, a completed participant, the app's dev PKI --


@pytest.fixture
def app_pki(app) -> DevPki:
    """The development PKI the app signs with (created under the instance folder on first use)."""
    from app.certificates.keys import dev_pki

    with app.app_context():
        return dev_pki(app.instance_path, app.config["CERT_ISSUER"], app.config.get("SIGNING_PASSPHRASE"))


@pytest.fixture
def app_nss_db(app_pki: DevPki, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An NSS database trusting the app's development CA, for poppler's pdfsig."""
    certutil = need("certutil")
    folder = tmp_path_factory.mktemp("app-nss")
    run(certutil, "-N", "-d", f"sql:{folder}", "--empty-password")
    run(certutil, "-A", "-d", f"sql:{folder}", "-n", "Academy dev CA", "-t", "CT,C,C", "-i", app_pki.ca_cert)
    return f"sql:{folder}"


@pytest.fixture
def participant(create_user):
    return create_user(email="lena@example.org", name=NAME, name_zh=NAME_ZH, locale="de")


@pytest.fixture
def completed(app, sample, participant, auth, taker):
    """The participant, signed in, has completed the sample course; returns their certificate's id."""
    from sqlalchemy import select

    from app.certificates.models import Certificate
    from app.extensions import db

    auth.login(participant.email)
    _attempt, response = taker.take(right=True)
    assert response.status_code in (200, 302)
    with app.app_context():
        return db.session.scalar(select(Certificate.public_id).where(Certificate.user_id == participant.id))
