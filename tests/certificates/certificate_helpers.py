"""Constants and helpers shared by the certificate tests (conftest.py holds the fixtures)."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.certificates.pdf import CertificateData

PASSPHRASE = "dev-passphrase"
ORG = "ChInValue Academy"
NAME = "Anna-Lena Müller-Weiß"
NAME_ZH = "安娜·米勒"
TITLES = {
    "de": "Markteintritt in China: Recht und Kultur",
    "en": "Market entry in China: law and culture",
    "zh": "进入中国市场：法律与文化",
}
TOOLS = {
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfsig": "poppler-utils",
    "zbarimg": "zbar-tools",
    "certutil": "libnss3-tools",
}


def need(tool: str) -> str:
    """The tool's path, or skip the test naming the Debian package that provides it."""
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (Debian package {TOOLS[tool]})")
    return path


def run(*args: str | Path) -> str:
    """Run a command-line tool and return its standard output as text."""
    return subprocess.run([str(arg) for arg in args], capture_output=True, check=True).stdout.decode(
        errors="replace"
    )


def make_data(**changes) -> CertificateData:
    """A full certificate's data; keyword arguments replace fields."""
    fields = {
        "cert_id": "CV-7K3M-9QXD-2P8W-H",
        "verify_url": "https://academy.chinvalue.de/verify/CV-7K3M-9QXD-2P8W-H",
        "name": NAME,
        "name_zh": NAME_ZH,
        "course_title": TITLES,
        "completed_on": date(2026, 11, 25),
        "score_percent": 92.5,
        "duration_minutes": 210,
        "issuer": "NRW.Global Business – ChInValue",
        "trainers": ("Dr. Li Wei", "Jana Schmitz"),
        "content_as_of": date(2026, 9, 1),
        "valid_until": date(2028, 11, 25),
    }
    fields.update(changes)
    return CertificateData(**fields)
