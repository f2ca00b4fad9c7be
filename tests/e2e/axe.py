"""axe-core (as bundled by axe-playwright-python) on a page, with its findings as readable lines."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

#: The impacts that fail a test; "moderate" and "minor" findings are printed only.
BLOCKING = ("serious", "critical")
_axe = Axe()


def violations(page: Page) -> list[dict]:
    """axe's violations on the page as it is now (every rule axe runs by default)."""
    return _axe.run(page).response["violations"]


def describe(violation: dict, max_nodes: int = 4) -> str:
    """One violation: rule, impact, what it means, and where (selector, HTML, axe's hint)."""
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"]
    for node in violation["nodes"][:max_nodes]:
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        if summary:
            lines.append(f"       {summary[:300]}")
    if len(violation["nodes"]) > max_nodes:
        lines.append(f"    … and {len(violation['nodes']) - max_nodes} more")
    return "\n".join(lines)
