"""A real time stamping authority and CRL server on 127.0.0.1 for the long-term validation tests.

certomancer (by pyHanko's author) describes test PKIs in a configuration and its Animator serves them
as a WSGI app: RFC 3161 time stamps, CRLs and certificates. It runs here in a werkzeug server thread on
a free port. Two PKIs, each with its own root, so the trust given to validators is always explicit:

- ``tsa``: "Test TSA Root" and the time stamping unit, whose certificate names the root's CRL.
- ``ca``: a signing CA like a commercial one: ``signer`` names the CA's CRL (fetched at issue time from
  that distribution point), ``signer-nodp`` names none (and the CA's CRL, restricted to its
  distribution point, does not cover it) and ``signer-revoked`` is on the CRL. Signers are valid for a
  year, the TSA for twenty.

The app's own development PKI (devpki.py) is the third signer: it has no web server and publishes its
CRL as a file, which ``TestServices.publish`` can also serve (for SIGNING_CRL_URL).
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from werkzeug.serving import make_server

P12_PASSPHRASE = "test-pki-passphrase"
SIGNER_YEARS = 1
TSA_YEARS = 20
KEYS = ("tsa-root", "tsu", "ca-root", "signer", "signer-nodp", "signer-revoked")


@dataclass(frozen=True)
class TestServices:
    __test__ = False  # not a test class, whatever its name
    """Where the certomancer services listen, and the files the tests configure the app with."""

    base: str
    tsa_url: str
    tsa_root: Path
    ca_root: Path
    ca_crl_url: str
    folder: Path
    requests: list[str]
    files: dict[str, bytes]

    def pkcs12(self, label: str) -> Path:
        return self.folder / f"{label}.p12"

    def publish(self, path: str, data: bytes) -> str:
        """Serve `data` at `path` (a plain file download) and return its URL."""
        self.files[path] = data
        return self.base + path


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _config(now: dt.datetime) -> dict:
    """The certomancer configuration: keys from files, validity relative to now."""

    def valid(years: int) -> dict:
        return {
            "valid-from": _stamp(now - dt.timedelta(days=1)),
            "valid-to": _stamp(now + dt.timedelta(days=365 * years)),
        }

    def crl_dp(repo: str) -> dict:
        return {
            "id": "crl_distribution_points",
            "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": [repo]}},
        }

    key_usage = {
        "id": "key_usage",
        "critical": True,
        "smart-value": {"schema": "key-usage", "params": ["digital_signature", "non_repudiation"]},
    }
    signer = {
        "issuer": "ca-root",
        "validity": valid(SIGNER_YEARS),
        "extensions": [key_usage, crl_dp("ca-root")],
    }
    return {
        "keysets": {"test": {"path-prefix": "keys", "keys": {name: {"path": f"{name}.key.pem"} for name in KEYS}}},
        "pki-architectures": {
            "tsa": {
                "keyset": "test",
                "entity-defaults": {"country-name": "DE", "organization-name": "Test TSA"},
                "entities": {"tsa-root": {"common-name": "Test TSA Root"}, "tsu": {"common-name": "Test Time Stamping Unit"}},
                "certs": {
                    "tsa-root": {"subject": "tsa-root", "issuer": "tsa-root", "validity": valid(30), "profiles": ["simple-ca"]},
                    "tsu": {
                        "issuer": "tsa-root",
                        "validity": valid(TSA_YEARS),
                        "extensions": [
                            {"id": "key_usage", "critical": True, "smart-value": {"schema": "key-usage", "params": ["digital_signature"]}},
                            {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                            crl_dp("tsa-root"),
                        ],
                    },
                },
                "services": {
                    "crl-repo": {"tsa-root": {"for-issuer": "tsa-root", "signing-key": "tsa-root", "simulated-update-schedule": "P30D"}},
                    "time-stamping": {"tsu": {"signing-key": "tsu", "signing-cert": "tsu"}},
                },
            },
            "ca": {
                "keyset": "test",
                "entity-defaults": {"country-name": "DE", "organization-name": "Test Signing CA"},
                "entities": {
                    "ca-root": {"common-name": "Test Signing Root"},
                    "signer": {"organization-name": "ChInValue Academy", "common-name": "ChInValue Academy Certificates"},
                    "signer-nodp": {"organization-name": "ChInValue Academy", "common-name": "Certificates without CRL DP"},
                    "signer-revoked": {"organization-name": "ChInValue Academy", "common-name": "Revoked Certificates"},
                },
                "certs": {
                    "ca-root": {"subject": "ca-root", "issuer": "ca-root", "validity": valid(30), "profiles": ["simple-ca"]},
                    "signer": signer,
                    "signer-nodp": {**signer, "extensions": [key_usage]},
                    "signer-revoked": {  # revoked before the CRL's thisUpdate (the root's valid-from)
                        **signer,
                        "validity": {**valid(SIGNER_YEARS), "valid-from": _stamp(now - dt.timedelta(days=3))},
                        "revocation": {"revoked-since": _stamp(now - dt.timedelta(days=2)), "reason": "key_compromise"},
                    },
                },
                "services": {
                    "crl-repo": {"ca-root": {"for-issuer": "ca-root", "signing-key": "ca-root", "simulated-update-schedule": "P30D"}},
                },
            },
        },
    }  # fmt: skip


def _write_keys(folder: Path) -> None:
    (folder / "keys").mkdir(parents=True, exist_ok=True)
    for name in KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem_bytes = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (folder / "keys" / f"{name}.key.pem").write_bytes(pem_bytes)


def start_services(folder: Path) -> Iterator[TestServices]:
    """Generate the keys, start the Animator on a free port, yield its addresses and files, stop it."""
    _write_keys(folder)
    requests: list[str] = []
    files: dict[str, bytes] = {}
    holder: dict = {}

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        requests.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
        if environ["PATH_INFO"] in files:
            start_response("200 OK", [("Content-Type", "application/pkix-crl")])
            return [files[environ["PATH_INFO"]]]
        return holder["app"](environ, start_response)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    config = CertomancerConfig(
        _config(dt.datetime.now(dt.UTC)), key_search_dir=str(folder), external_url_prefix=base
    )
    holder["app"] = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    tsa, ca = config.get_pki_arch(ArchLabel("tsa")), config.get_pki_arch(ArchLabel("ca"))
    (folder / "tsa-root.pem").write_bytes(
        pem.armor("CERTIFICATE", tsa.get_cert(CertLabel("tsa-root")).dump())
    )
    (folder / "ca-root.pem").write_bytes(pem.armor("CERTIFICATE", ca.get_cert(CertLabel("ca-root")).dump()))
    for label in ("signer", "signer-nodp", "signer-revoked"):
        bundle = ca.package_pkcs12(
            CertLabel(label), certs_to_embed=[CertLabel("ca-root")], password=P12_PASSPHRASE.encode()
        )
        (folder / f"{label}.p12").write_bytes(bundle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield TestServices(
            base=base,
            tsa_url=f"{base}/tsa/tsa/tsu",
            tsa_root=folder / "tsa-root.pem",
            ca_root=folder / "ca-root.pem",
            ca_crl_url=f"{base}/ca/crls/ca-root/latest.crl",
            folder=folder,
            requests=requests,
            files=files,
        )
    finally:
        server.shutdown()
        thread.join()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (a port that was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"
