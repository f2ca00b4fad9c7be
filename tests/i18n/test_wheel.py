"""The built wheel carries its compiled catalogs: installed into a fresh virtual environment, away from the
source folder, it serves Chinese (setup.py's build hook; docs/deployment.md installs the wheel).

The wheel is built without build isolation (the build hook's requirements, setuptools and Babel, are in
the test extra), so the test needs no network. About 10–20 s.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]

CHECK = textwrap.dedent(
    """
    import os, sys
    import app
    from app import create_app
    assert app.__file__.startswith(sys.prefix), app.__file__  # the installed copy, not the source folder
    application = create_app("testing")
    print("DIRECTORY", application.config["BABEL_TRANSLATION_DIRECTORIES"])
    page = application.test_client().get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert page.status_code == 200, page.status_code
    sys.stdout.buffer.write(page.data)
    """
)


def _translation(lang: str, message: str) -> str:
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as source:
        found = read_po(source, locale=lang).get(message)
    assert found is not None and found.string, message
    return found.string


@pytest.mark.slow
def test_the_installed_wheel_serves_chinese(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels)],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    (wheel,) = wheels.glob("chinvalue_academy-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    # The dependencies come from the project's environment, added after the fresh one's own packages
    # (a path line in a .pth file: the project's editable install, a finder hook there, is not loaded).
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "project-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    instance = tmp_path / "instance"
    done = subprocess.run(
        [str(python), "-c", CHECK],
        capture_output=True, cwd=tmp_path, env={"INSTANCE_PATH": str(instance), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    output = done.stdout.decode()
    assert f"DIRECTORY {site / 'app' / 'translations'}" in output
    page = output.split("\n", 1)[1]
    assert 'lang="zh-Hans"' in page
    for message in ("Sign in", "Courses", "Skip to content"):
        assert _translation("zh", message) in page, message
