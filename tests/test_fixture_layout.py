"""Shared builders live in tests/fixtures (loaded through ``pytest_plugins``), never in another folder's
conftest.py imported as a library: a conftest imported that way is a second module object whose fixtures
shadow the ones pytest loaded, and its folder's tests silently depend on another folder's setup."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def conftest_imports(path: Path, base: Path = TESTS) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [f"{path.relative_to(base)}:{node.lineno}: {n}" for n in names if n.endswith("conftest")]
    return found


def test_no_test_module_imports_a_conftest():
    offenders = [hit for path in sorted(TESTS.rglob("*.py")) for hit in conftest_imports(path)]
    assert offenders == []


def test_the_check_finds_both_import_forms(tmp_path):
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "from tests.learning import conftest as learning\nimport tests.orgs.conftest\nimport os\n"
    )
    assert conftest_imports(probe, tmp_path) == [
        "test_probe.py:1: tests.learning.conftest",
        "test_probe.py:2: tests.orgs.conftest",
    ]
