"""The wiring rules of docs/architecture.md hold: no feature imports another's routes (checked on a copy of the
tree with one such import added), every feature registers itself, importing switches nothing on, no big files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import app as app_package
from app import create_app, features

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    assert command, "lint-imports is missing: pip install -e '.[test]'"
    return subprocess.run(
        [command, "--config", str(config), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_import_linter_contracts_hold():
    result = _lint_imports(ROOT / ".importlinter")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contracts_catch_a_feature_importing_another_features_routes(tmp_path: Path):
    """The same rules against a copy of the tree with one forbidden import added: lint-imports must say no."""
    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT / "app", copy / "app", ignore=shutil.ignore_patterns("__pycache__", "static", "templates")
    )
    offender = copy / "app" / "orgs" / "offender.py"
    offender.write_text("from app.certificates.routes import bp  # noqa: F401\n")
    shutil.copy(ROOT / ".importlinter", copy / ".importlinter")
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run(
        [command, "--config", str(copy / ".importlinter"), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    assert "app.orgs.offender -> app.certificates.routes" in result.stdout


def test_every_feature_registers_itself_and_the_factory_lists_them():
    for feature in features():
        assert callable(getattr(feature, "init_app", None)), feature.__name__
    packages = {
        path.parent.name
        for path in (Path(app_package.__file__).parent).glob("*/__init__.py")
        if path.parent.name not in {"static", "templates", "web", "content"}
    }
    listed = {feature.__name__.removeprefix("app.") for feature in features()}
    assert packages - listed == {"mail"}, "every feature package with something to wire is in features()"


def test_importing_a_feature_switches_nothing_on():
    """The completion receivers and the user loader exist only once an app is built."""
    probe = textwrap.dedent(
        """
        import app.certificates.routes, app.certificates.handlers, app.workshops.notices, app.workshops.certify, app.auth.login
        from app.extensions import login_manager
        from app.progress.signals import course_completed
        print(len(course_completed.receivers), login_manager._user_callback is None)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["0", "True"]


def test_building_two_apps_wires_each_receiver_once(app):
    from app.certificates.handlers import issue_on_completion
    from app.progress.signals import course_completed
    from app.workshops.certify import on_course_completed

    second = create_app("testing")
    receivers = [ref() for ref in course_completed.receivers.values()]
    assert receivers == [issue_on_completion, on_course_completed]
    assert "token" in second.cli.commands["orgs"].commands
    assert {rule.endpoint for rule in second.url_map.iter_rules()} == {
        rule.endpoint for rule in app.url_map.iter_rules()
    }


def test_no_module_in_app_over_400_lines():
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "app").rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > 400} == {}
