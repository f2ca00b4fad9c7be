"""Benchmark: issuing a long-term certificate (PAdES B-LT + document time stamp) against today's floor.

Same floor as bench/certificates.py (bare ReportLab page + stock pyHanko signature, measured here in the
same run) and today's B-B certificate for comparison. The time stamping authority and CRL server is
certomancer's Animator on 127.0.0.1 (the one the tests use), in a separate process, as a TSA would be.
A long-term signature asks the TSA twice (signature time stamp, document time stamp; the TSA's
certificate is learnt once per process), downloads the TSA's CRL, reads the development CA's CRL file
and then validates its own output as B-LTA. Over the internet each TSA and CRL request adds its round
trip; the figures here are the local floor of that work. Prints medians over N runs, ratios and sizes.

Usage: .venv/bin/python bench/certificates_ltv.py [--runs 20]
"""

import argparse
import asyncio
import hashlib
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyhanko.keys import load_cert_from_pemder  # noqa: E402
from pyhanko.sign import signers  # noqa: E402

from app.certificates.devpki import create_dev_pki, publish_crl  # noqa: E402
from app.certificates.ltv import LongTermSetup  # noqa: E402
from app.certificates.pdf import render_certificate  # noqa: E402
from app.certificates.signing import load_signer, sign_pdf, validate_pdf  # noqa: E402
from app.fonts import load_fonts  # noqa: E402
from bench.certificates import DATA, PASSPHRASE, bare_render, median_ms, stock_sign  # noqa: E402
from bench.figures import Figure, emit  # noqa: E402


def median_cpu_ms(action: Callable[[], object], runs: int) -> float:
    """CPU time of this process (all its threads): what a web worker spends, without the TSA's work."""
    timings = []
    for _ in range(runs):
        start = time.process_time()
        action()
        timings.append((time.process_time() - start) * 1000)
    return statistics.median(timings)


def serve(folder: str, queue, stop) -> None:  # type: ignore[no-untyped-def]
    """The certomancer TSA and CRL server, in its own process until `stop` is set."""
    from tests.certificates.ltv_helpers import start_services

    for services in start_services(Path(folder)):
        queue.put(services)
        stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="also print the figures for bench/run.py")
    args = parser.parse_args()

    fonts = load_fonts()
    context = multiprocessing.get_context("spawn")
    queue, stop = context.Queue(), context.Event()
    with tempfile.TemporaryDirectory() as folder:
        server = context.Process(target=serve, args=(str(Path(folder) / "tsa"), queue, stop), daemon=True)
        server.start()
        try:
            services = queue.get(timeout=120)
            pki = create_dev_pki(Path(folder) / "pki", "ChInValue Academy", passphrase=PASSPHRASE)
            ours = load_signer(pkcs12_path=pki.pkcs12, passphrase=PASSPHRASE)
            stock = signers.SimpleSigner.load_pkcs12(str(pki.pkcs12), passphrase=PASSPHRASE.encode())
            assert stock is not None
            setup = LongTermSetup(
                tsa_url=services.tsa_url,
                signer_roots=(load_cert_from_pemder(str(pki.ca_cert)),),
                tsa_roots=(load_cert_from_pemder(str(services.tsa_root)),),
                crl_file=publish_crl(pki, passphrase=PASSPHRASE),
            )
            our_pdf = render_certificate(DATA, "de+zh", fonts)
            stock_sign(bare_render(fonts), stock)  # warm-up: fonts, key parsing, the TSA's certificate
            plain = sign_pdf(our_pdf, ours)
            lta = sign_pdf(our_pdf, ours, long_term=setup)
            result = validate_pdf(lta, setup.signer_roots, timestamp_roots=setup.tsa_roots)
            assert result.valid and result.level == "B-LTA", result.summary

            floor = median_ms(lambda: stock_sign(bare_render(fonts), stock), args.runs)
            bb = median_ms(lambda: sign_pdf(render_certificate(DATA, "de+zh", fonts), ours), args.runs)
            ltv = median_ms(
                lambda: sign_pdf(render_certificate(DATA, "de+zh", fonts), ours, long_term=setup), args.runs
            )
            bb_cpu = median_cpu_ms(
                lambda: sign_pdf(render_certificate(DATA, "de+zh", fonts), ours), args.runs
            )
            ltv_cpu = median_cpu_ms(
                lambda: sign_pdf(render_certificate(DATA, "de+zh", fonts), ours, long_term=setup), args.runs
            )
            stamper = setup.timestamper()
            digest = hashlib.sha256(b"bench").digest()
            round_trip = median_ms(lambda: asyncio.run(stamper.async_timestamp(digest, "sha256")), args.runs)
            check = median_ms(
                lambda: validate_pdf(lta, setup.signer_roots, timestamp_roots=setup.tsa_roots), args.runs
            )
            check_plain = median_ms(lambda: validate_pdf(plain, setup.signer_roots), args.runs)
        finally:
            stop.set()
            server.join(timeout=30)

    print(f"medians over {args.runs} runs (de+zh certificate, RSA-2048, TSA and CRL server on 127.0.0.1)")
    print(f"  floor: bare ReportLab + stock pyHanko            {floor:7.1f} ms")
    print(f"  ours, PAdES B-B (today, no TSA)                  {bb:7.1f} ms   {bb / floor:5.2f} x floor")
    print(f"  ours, PAdES B-LT + document time stamp (B-LTA)   {ltv:7.1f} ms   {ltv / floor:5.2f} x floor")
    print(
        f"    CPU time in this process: B-B {bb_cpu:.1f} ms, B-LTA {ltv_cpu:.1f} ms (the TSA runs in its own)"
    )
    print(f"    of which: one time stamp from the local TSA    {round_trip:7.1f} ms   (two per certificate)")
    print(
        f"    of which: validating the result as B-LTA       {check:7.1f} ms   (B-B file: {check_plain:.1f} ms)"
    )
    print(f"  signed PDF de+zh: B-B {len(plain) / 1024:.1f} KB, B-LTA {len(lta) / 1024:.1f} KB")
    if args.json:
        emit(
            [
                Figure("certificate, long-term", "render + sign B-LTA", round(ltv, 1), "ms", round(floor, 1),
                       round(ltv / floor, 2), "reported (ours / ReportLab + pyHanko); local TSA"),
                Figure("certificate, long-term", "B-LTA / B-B", round(ltv, 1), "ms", round(bb, 1),
                       round(ltv / bb, 2), "reported (the price of long-term validation)"),
                Figure("certificate, long-term", "B-LTA / B-B, CPU of the worker", round(ltv_cpu, 1), "ms",
                       round(bb_cpu, 1), round(ltv_cpu / bb_cpu, 2), "reported (TSA excluded)"),
                Figure("certificate, long-term", "signed PDF de+zh", round(len(lta) / 1024, 1), "KB",
                       round(len(plain) / 1024, 1), round(len(lta) / len(plain), 2), "B-LTA / B-B"),
            ]
        )  # fmt: skip


if __name__ == "__main__":
    main()
