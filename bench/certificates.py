"""Benchmark: our certificate render + signature against the floor of bare ReportLab + stock pyHanko.

Both run in this process with the same fonts (registered once, before timing). The floor draws the
same strings at fixed positions with no fitting, QR code or logo, and signs with pyHanko's stock
SimpleSigner (key re-parsed per signature, size estimated with a dry-run signature). Prints medians
over N runs, the ratio (aim: at most 1.5) and the PDF sizes.

Usage: .venv/bin/python bench/certificates.py [--runs 30]
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import signers  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from app.certificates.devpki import create_dev_pki  # noqa: E402
from app.certificates.pdf import CertificateData, render_certificate  # noqa: E402
from app.certificates.signing import load_signer, sign_pdf  # noqa: E402
from app.fonts import FontSet, load_fonts  # noqa: E402
from bench.figures import Figure, emit  # noqa: E402

PASSPHRASE = "bench-passphrase"  # noqa: S105 - protects a throwaway key in a temporary folder
DATA = CertificateData(
    cert_id="CV-7K3M-9QXD-2P8W-H",
    verify_url="https://academy.chinvalue.de/verify/CV-7K3M-9QXD-2P8W-H",
    name="Anna-Lena Müller-Weiß",
    name_zh="安娜·米勒",
    course_title={"de": "Markteintritt in China: Recht und Kultur", "zh": "进入中国市场：法律与文化"},
    completed_on=date(2026, 11, 25),
    score_percent=92.5,
    duration_minutes=210,
    issuer="NRW.Global Business – ChInValue",
    trainers=("Dr. Li Wei", "Jana Schmitz"),
    content_as_of=date(2026, 9, 1),
    valid_until=date(2028, 11, 25),
)


def bare_render(fonts: FontSet) -> bytes:
    """The same strings on the same page with the same fonts, placed by hand: no fitting, QR or logo."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4), pageCompression=1, initialFontName=fonts.latin.name)
    canvas.rect(20, 20, 801, 555)
    lines = [
        (fonts.latin_bold.name, 32, 470, "Teilnahmebescheinigung"),
        (fonts.cjk.name, 20, 440, "结业证书"),
        (fonts.latin.name, 11, 410, "Hiermit wird bestätigt, dass"),
        (fonts.cjk.name, 11, 396, "兹证明"),
        (fonts.latin_bold.name, 30, 360, DATA.name),
        (fonts.cjk.name, 20, 330, DATA.name_zh or ""),
        (fonts.latin_bold.name, 18, 280, DATA.course_title["de"]),
        (fonts.cjk.name, 14, 260, DATA.course_title["zh"]),
        (
            fonts.latin.name,
            11,
            200,
            "Abgeschlossen am 25. November 2026 · Ergebnis 92,5 % · 3 Stunden 30 Minuten",
        ),
        (fonts.cjk.name, 9, 186, "完成日期 2026年11月25日 成绩 学时 3小时30分钟 内容更新至 有效期至"),
        (fonts.latin.name, 10, 90, f"{DATA.issuer} · Dr. Li Wei, Jana Schmitz · {DATA.cert_id}"),
        (fonts.latin.name, 7, 60, DATA.verify_url),
    ]
    for font, size, y, text in lines:
        canvas.setFont(font, size)
        canvas.drawCentredString(420, y, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def stock_sign(pdf: bytes, signer: signers.SimpleSigner) -> bytes:
    """pyHanko's documented one-liner with default settings."""
    meta = signers.PdfSignatureMetadata(field_name="Signature")
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer).getvalue()


def median_ms(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="also print the figures for bench/run.py")
    args = parser.parse_args()

    fonts = load_fonts()
    with tempfile.TemporaryDirectory() as folder:
        pki = create_dev_pki(Path(folder), "ChInValue Academy", passphrase=PASSPHRASE)
        ours = load_signer(pkcs12_path=pki.pkcs12, passphrase=PASSPHRASE)
        stock = signers.SimpleSigner.load_pkcs12(str(pki.pkcs12), passphrase=PASSPHRASE.encode())
        assert stock is not None

        floor_pdf = bare_render(fonts)  # warm-up, and the inputs of the signing-only figures
        our_pdf = render_certificate(DATA, "de+zh", fonts)
        stock_sign(floor_pdf, stock)
        sign_pdf(our_pdf, ours)

        floor_render = median_ms(lambda: bare_render(fonts), args.runs)
        floor_sign = median_ms(lambda: stock_sign(floor_pdf, stock), args.runs)
        floor_total = median_ms(lambda: stock_sign(bare_render(fonts), stock), args.runs)
        our_render = median_ms(lambda: render_certificate(DATA, "de+zh", fonts), args.runs)
        our_sign = median_ms(lambda: sign_pdf(our_pdf, ours), args.runs)
        our_total = median_ms(lambda: sign_pdf(render_certificate(DATA, "de+zh", fonts), ours), args.runs)

        print(f"medians over {args.runs} runs (de+zh certificate, RSA-2048)")
        print(
            f"  floor: bare ReportLab {floor_render:6.1f} ms + stock pyHanko {floor_sign:6.1f} ms"
            f" = {floor_total:6.1f} ms"
        )
        print(
            f"  ours:  render_certificate {our_render:6.1f} ms + sign_pdf {our_sign:6.1f} ms"
            f" = {our_total:6.1f} ms"
        )
        print(f"  ratio ours / floor: {our_total / floor_total:.2f} (aim <= 1.5)")
        print("sizes:")
        sizes = {}
        for locale in ("de", "zh", "de+zh"):
            pdf = render_certificate(DATA, locale, fonts)
            signed = sign_pdf(pdf, ours)
            sizes[locale] = len(signed) / 1024
            print(f"  {locale:6} {len(pdf) / 1024:6.1f} KB unsigned, {len(signed) / 1024:6.1f} KB signed")
        if args.json:
            emit(
                [
                    Figure("certificate", "render + sign", round(our_total, 1), "ms", round(floor_total, 1),
                           round(our_total / floor_total, 2), "<= 1.5 (ours / ReportLab + pyHanko)"),
                    Figure("certificate", "signed PDF de+zh", round(sizes["de+zh"], 1), "KB"),
                ]
            )  # fmt: skip


if __name__ == "__main__":
    main()
