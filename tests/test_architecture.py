"""The package rules hold: import-linter's contracts (.importlinter), and a pure app.content.

lint-imports runs as a subprocess on the real tree, so a new import that breaks a contract fails here.
"""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
WEB_AND_DB = ("flask", "flask_", "sqlalchemy", "werkzeug", "wtforms", "jinja2")


def _lint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def _features() -> set[str]:
    return {
        f"app.{path.name}"
        for path in (REPO / "app").iterdir()
        if (path / "__init__.py").is_file() and path.name != "content"
    }


def test_the_import_contracts_hold():
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "0 broken" in result.stdout


def test_a_broken_contract_fails_lint_imports(tmp_path):
    """The check can fail: a contract the tree breaks (the quiz parser reports `Problem`s) is reported."""
    config = tmp_path / "broken.ini"
    config.write_text(
        "[importlinter]\nroot_packages =\n    app\n\n"
        "[importlinter:contract:broken]\nname = must break\ntype = forbidden\n"
        "source_modules =\n    app.content.quiz.parser\nforbidden_modules =\n    app.content.problems\n"
    )
    result = _lint(str(config))
    assert result.returncode != 0
    assert "must break BROKEN" in result.stdout
    assert "app.content.quiz.parser -> app.content.problems" in result.stdout


def test_the_content_contract_forbids_every_feature_package():
    """A new feature package must be added to the contract, or app.content could import it unnoticed."""
    config = configparser.ConfigParser()
    config.read(REPO / ".importlinter")
    forbidden = set(config["importlinter:contract:content-is-pure"]["forbidden_modules"].split())
    assert _features() <= forbidden
    assert {
        "flask",
        "sqlalchemy",
        "flask_sqlalchemy",
        "flask_login",
        "flask_babel",
        "app.extensions",
    } <= forbidden


def test_importing_all_of_app_content_loads_no_web_framework_database_or_feature():
    script = (
        "import importlib, pkgutil, sys, app.content\n"
        "for info in pkgutil.walk_packages(app.content.__path__, 'app.content.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    loaded = result.stdout.split()
    assert "app.content.quiz.kinds.ordering" in loaded and "app.content.course.checker" in loaded
    assert [name for name in loaded if name.startswith(WEB_AND_DB)] == []
    features = _features() | {"app.extensions", "app.models", "app.config"}
    assert [name for name in loaded if ".".join(name.split(".")[:2]) in features] == []
