"""The browser editor's CodeMirror bundle: committed, built from the npm registry's packages in the lockfile,
with the licence of every package in it beside it (tools/editor, docs/authoring.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "editor"
VENDOR = ROOT / "app" / "static" / "vendor" / "codemirror"
REGISTRY = "https://registry.npmjs.org/"


def lock_packages() -> dict[str, dict]:
    lock = json.loads((TOOL / "package-lock.json").read_text())
    assert lock["lockfileVersion"] >= 2
    return {path.rsplit("node_modules/", 1)[1]: meta for path, meta in lock["packages"].items() if path}


def test_the_lockfile_names_only_registry_packages_with_checksums():
    packages = lock_packages()
    assert "@codemirror/view" in packages and "esbuild" in packages
    for name, meta in packages.items():
        assert meta.get("resolved", REGISTRY).startswith(REGISTRY), f"{name} comes from {meta['resolved']}"
        assert meta.get("integrity", "").startswith("sha512-"), f"{name} has no sha512 checksum"
        assert not meta.get("link"), f"{name} is a link to a local folder"
    manifest = json.loads((TOOL / "package.json").read_text())
    for name, spec in manifest["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{name}: {spec} is not an exact registry version"
        assert packages[name]["version"] == spec, f"{name}: the lockfile disagrees with package.json"


def test_the_bundle_is_committed_with_the_licences_of_what_it_holds():
    bundle = (VENDOR / "editor.bundle.js").read_text()
    assert len(bundle) > 100_000 and "cspNonce" in bundle  # CodeMirror's view, minified
    # No address to fetch anything from: the only URL is the SVG namespace.
    assert set(re.findall(r"https?://[^\s\"'`)]+", bundle)) == {"http://www.w3.org/2000/svg"}
    licences = (VENDOR / "LICENSES.txt").read_text()
    listed = dict(re.findall(r"^(\S+) (\d+\.\d+\.\d+\S*) \(MIT\)$", licences, re.M))
    packages = lock_packages()
    for name in (
        "@codemirror/view",
        "@codemirror/state",
        "@codemirror/lint",
        "@codemirror/lang-markdown",
        "style-mod",
    ):
        assert name in listed, f"{name} is missing from LICENSES.txt"
    for name, version in listed.items():
        assert packages[name]["version"] == version, (
            f"{name}: bundle built from {version}, lockfile says another"
        )
        assert packages[name]["license"] == "MIT"
    assert licences.count("Permission is hereby granted, free of charge") >= len(listed)


def test_the_editor_page_loads_the_bundle_from_this_host(editor, client):
    page = editor.open().get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "/static/vendor/codemirror/editor.bundle.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)
    served = client.get("/static/vendor/codemirror/editor.bundle.js")
    assert served.status_code == 200 and served.mimetype in ("text/javascript", "application/javascript")
