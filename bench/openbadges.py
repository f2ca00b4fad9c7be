"""Benchmark: the Open Badges 3.0 credential of the demo certificate, signed and verified as the platform
does it, against the floor of the bare library doing the same cryptography on the same payload.

Ours (signing): gather the certificate's facts (record, course, module titles, pass marks), write the
credential in the certificate's language, serialise it and sign it (joserfc, ES256). Floor: joserfc's
``jws.serialize_compact`` of the finished payload with the key already loaded. Ours (verifying): what the
verify API does with a pasted JWT: find the key, check the signature, look the certificate up, rebuild
its credential and compare. Floor: joserfc's ``jws.deserialize_compact`` of the same token. Also the
revocation list (131,072 entries from the database, GZIP, signed) that verifiers fetch. SQLite, demo data.

Usage: .venv/bin/python bench/openbadges.py [--runs 200]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.certificates import median_ms  # noqa: E402
from bench.figures import Figure, emit  # noqa: E402


def _app(instance: Path):  # type: ignore[no-untyped-def]
    os.environ.update(
        INSTANCE_PATH=str(instance),
        DATABASE_URL=f"sqlite:///{instance / 'bench.db'}",
        APP_CONFIG="development",
        SERVER_BASE_URL="http://127.0.0.1:5000",
        SIGNING_TSA_URL="",
    )
    from app import create_app

    app = create_app("development")
    logging.getLogger().setLevel(logging.WARNING)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="also print the figures for bench/run.py")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder))
        from flask_migrate import upgrade
        from joserfc import jws
        from sqlalchemy import select

        from app.certificates.models import Certificate
        from app.extensions import db
        from app.openbadges import services
        from app.openbadges.jws import encode_payload
        from app.openbadges.verification import verify_credential

        with app.app_context():
            upgrade()
            loaded = app.test_cli_runner().invoke(args=["demo", "load"])
            assert loaded.exit_code == 0, loaded.output
        with app.test_request_context():
            certificate = db.session.scalar(
                select(Certificate).where(Certificate.revoked_at.is_(None)).limit(1)
            )
            assert certificate is not None, "the demo has no certificate"
            keyring = services.keys()
            key, kid = keyring.signing, services.kid_url(keyring.signing_id)
            token = services.signed_credential(certificate)
            payload = encode_payload(services.credential(certificate))
            header = {"alg": "ES256", "kid": kid, "typ": "JWT"}
            check = verify_credential(token.encode())
            assert check.genuine, check.verdict
            services.signed_credential(certificate)  # warm up: translations, the key's cache
            sign_ours = median_ms(lambda: services.signed_credential(certificate), args.runs)
            build = median_ms(lambda: encode_payload(services.credential(certificate)), args.runs)
            sign_floor = median_ms(
                lambda: jws.serialize_compact(header, payload, key, algorithms=["ES256"]), args.runs
            )
            verify_ours = median_ms(lambda: verify_credential(token.encode()), args.runs)
            verify_floor = median_ms(
                lambda: jws.deserialize_compact(token, key, algorithms=["ES256"]), args.runs
            )
            status_list = median_ms(lambda: services.status_list(1), max(10, args.runs // 10))
            size = len(token)

    print(
        f"Open Badges 3.0 credential of the demo certificate {certificate.public_id} ({size:,} bytes as JWT)"
    )
    print(
        f"  signing:   ours {sign_ours:.3f} ms (of which building the credential {build:.3f} ms), "
        f"bare joserfc ES256 {sign_floor:.3f} ms, ratio {sign_ours / sign_floor:.2f}"
    )
    print(
        f"  verifying: ours {verify_ours:.3f} ms, bare joserfc ES256 {verify_floor:.3f} ms, "
        f"ratio {verify_ours / verify_floor:.2f}"
    )
    print(f"  revocation list (131,072 entries, signed): {status_list:.2f} ms")
    if args.json:
        emit(
            [
                Figure(
                    "openbadges",
                    "sign credential",
                    sign_ours,
                    "ms",
                    sign_floor,
                    sign_ours / sign_floor,
                    "<= 5 ms",
                ),
                Figure("openbadges", "of which building it", build, "ms", None, None, "database + texts"),
                Figure(
                    "openbadges",
                    "verify credential",
                    verify_ours,
                    "ms",
                    verify_floor,
                    verify_ours / verify_floor,
                    "<= 10 ms",
                ),
                Figure("openbadges", "revocation list", status_list, "ms", None, None, "<= 20 ms"),
            ]
        )


if __name__ == "__main__":
    main()
