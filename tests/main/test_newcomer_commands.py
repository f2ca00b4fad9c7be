"""What a newcomer meets first: `make run` on another port, and a clear word when the certificate fonts are
missing."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.fonts import main as check_fonts

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_takes_a_port_and_the_base_url_follows():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=5123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "--port 5123" in dry and "--port 5000" not in dry
    assert "SERVER_BASE_URL ?= http://127.0.0.1:$(PORT)" in (ROOT / "Makefile").read_text()
    assert "make run PORT=5001" in (ROOT / "README.md").read_text()


def test_font_check_names_the_packages_to_install(tmp_path, capsys):
    assert check_fonts(font_root=tmp_path) == 1
    said = capsys.readouterr().out
    assert "fonts-dejavu-core" in said and "apt-get install fonts-dejavu-core fonts-wqy-microhei" in said


def test_font_check_passes_with_the_fonts_installed(capsys):
    assert check_fonts() == 0  # CI installs fonts-dejavu-core and fonts-wqy-microhei
    assert "Certificate fonts:" in capsys.readouterr().out
