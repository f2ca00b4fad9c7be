"""Fixtures for the background jobs: a participant, and a signing key that can be taken away and given
back through configuration (the sample course and the quiz taker come from tests/fixtures/learning.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def participant(create_user):
    return create_user(email="lena@example.org", name="Lena Vogel", locale="de")


class SigningKey:
    """A signing key file configured with SIGNING_PKCS12 that is missing until ``restore()``: signing
    fails for real (the key store cannot be read), as when a mounted key store is not there yet."""

    def __init__(self, source: Path, target: Path) -> None:
        self.source, self.path = source, target

    def restore(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.source, self.path)


@pytest.fixture
def missing_key(app, tmp_path, monkeypatch) -> SigningKey:
    from app.certificates.keys import DEV_PASSPHRASE, dev_pki

    with app.app_context():
        pki = dev_pki(app.instance_path, app.config["CERT_ISSUER"], None)
    key = SigningKey(pki.pkcs12, tmp_path / "keystore" / "signing.p12")
    monkeypatch.setitem(app.config, "SIGNING_PKCS12", str(key.path))
    monkeypatch.setitem(app.config, "SIGNING_PASSPHRASE", DEV_PASSPHRASE)
    return key
