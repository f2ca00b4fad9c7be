"""The Nu HTML checker (vnu.jar from the npm package vnu-jar in tools/vnu) on the pages the browser saw.

Every HTML document a visitor loads (``Visitor.goto``/``follow``) is kept, as the server sent it, in
``test-output/html/``; ``check()`` runs vnu once over all of them (one Java start) and returns its errors.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.server import ROOT

VNU_JAR = ROOT / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = ROOT / "test-output" / "html"
#: File name → the path it was served at, for readable findings.
_where: dict[str, str] = {}


def keep(path: str, body: bytes) -> None:
    """Store one served page (identical pages once)."""
    PAGES.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(body).hexdigest()[:16] + ".html"
    (PAGES / name).write_bytes(body)
    _where.setdefault(name, path)


def reset() -> None:
    """Forget the pages of an earlier run."""
    shutil.rmtree(PAGES, ignore_errors=True)
    _where.clear()


def kept(served: str = "") -> list[Path]:
    """The pages kept so far; only those served at a path containing ``served`` when it is given."""
    return sorted(PAGES / name for name, path in _where.items() if served in path)


@dataclass(frozen=True)
class Finding:
    page: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message}  [{self.extract.strip()[:120]}]"


def check(files: list[Path]) -> list[Finding]:
    """vnu's errors (not its warnings) on ``files``."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        raise RuntimeError(
            "the Nu HTML checker is not installed: run `make html-checker` (npm ci in tools/vnu; needs Java 17)"
        )
    done = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always",
         *map(str, files)],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [
        Finding(
            page=_where.get(Path(m.get("url", "")).name, m.get("url", "")),
            line=int(m.get("lastLine", 0)),
            message=m.get("message", ""),
            extract=m.get("extract", ""),
        )
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def summary(findings: list[Finding], examples: int = 3) -> str:
    """The findings grouped by message (most frequent first), each with a few pages where it occurs."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.message, []).append(finding)
    lines = []
    for message, found in sorted(groups.items(), key=lambda item: -len(item[1])):
        lines.append(f"{len(found)}× {message}")
        lines.extend(f"    {finding}" for finding in found[:examples])
    return "\n".join(lines)
