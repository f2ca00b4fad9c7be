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


#: Loaded when first used (a certificate, a PDF, an XLSX file, `flask db`, the first Markdown, YAML or
#: image read, an address list checked, a calendar, a QR code, a credential or key), never by starting the
#: app: every `flask` command, server start and test run would pay for them (bench/startup.py).
LOADED_ON_FIRST_USE = (
    "pyhanko", "pyhanko_certvalidator", "reportlab", "aiohttp", "alembic", "flask_migrate", "openpyxl", "redis",
    "markdown_it", "mdit_py_plugins", "nh3", "yaml", "PIL", "email_validator", "icalendar", "segno", "joserfc",
    "cryptography", "svglib", "lxml",
)  # fmt: skip


def _flask_then(tmp_path: Path, args: list[str], then: str) -> str:
    """Run `flask --app app <args>` in a fresh interpreter, then the Python lines ``then``: all it printed."""
    script = (
        "import gc, sys\n"
        "from flask.cli import cli\n"
        "try:\n"
        f"    cli.main(['--app', 'app', *{args!r}], prog_name='flask')\n"
        "except SystemExit:\n"
        "    pass\n"
    ) + then
    env = {"PATH": "/usr/bin:/bin", "APP_CONFIG": "testing", "INSTANCE_PATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def _flask_in_process(tmp_path: Path, *args: str) -> tuple[str, list[str]]:
    """Run `flask --app app <args>` in a fresh interpreter: its output and the modules it loaded."""
    printed = _flask_then(tmp_path, list(args), "print('-- modules --', *sorted(sys.modules), sep='\\n')\n")
    output, modules = printed.split("-- modules --\n")
    return output, modules.split()


def test_creating_the_app_and_listing_its_commands_loads_no_pdf_signing_or_migration_library(tmp_path):
    output, loaded = _flask_in_process(tmp_path, "--help")
    assert "certs " in output and "db " in output and "Perform database migrations." in output
    assert "app.certificates.routes" in loaded and "app.workshops.routes" in loaded  # the app was created
    assert [name for name in loaded if name.split(".")[0] in LOADED_ON_FIRST_USE] == []


def test_starting_the_app_configures_no_mapper_and_freezes_what_it_made(tmp_path):
    """Two costs of every `flask` command that hide outside the import list: an ORM loader option or alias
    built at import configures every mapper (0.1 s), and the cycle collector walking the start-up objects
    again and again (app/__init__.py freezes them)."""
    printed = _flask_then(
        tmp_path,
        ["--help"],
        "from app.extensions import db\n"
        "mappers = db.Model.registry.mappers\n"
        "print('--', len(mappers), sum(m.configured for m in mappers), gc.get_freeze_count())\n",
    )
    mappers, configured, frozen = map(int, printed.rsplit("-- ", 1)[1].split())
    assert mappers > 25 and configured == 0
    assert frozen > 100_000  # the modules, classes and URL rules of the app


def test_the_db_group_loads_flask_migrate_when_used(tmp_path):
    output, loaded = _flask_in_process(tmp_path, "db", "--help")
    assert "upgrade" in output and "--directory" in output
    assert "flask_migrate" in loaded and "alembic" in loaded
