"""Which browser on which system, from a User-Agent header, well enough for a person to recognise a device
in the list of their sessions. A few ordered patterns instead of a parsing library: the list only has to
tell "Firefox on Windows" from "WeChat on iPhone", and browsers that copy each other's tokens are tested
first (Edge and Opera contain "Chrome", Chrome contains "Safari").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: (name, pattern whose first group is the version, if any), most specific first.
BROWSERS = (
    ("WeChat", r"MicroMessenger/(\d+)"),
    ("QQ Browser", r"MQQBrowser/(\d+)|QQBrowser/(\d+)"),
    ("UC Browser", r"UCBrowser/(\d+)"),
    ("Huawei Browser", r"HuaweiBrowser/(\d+)"),
    ("Samsung Internet", r"SamsungBrowser/(\d+)"),
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Opera", r"OPR/(\d+)|Opera/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chromium", r"Chromium/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS)/(\d+)"),
    ("Safari", r"Version/(\d+)[\d.]* (?:Mobile/\S+ )?Safari/"),
    ("curl", r"curl/(\d+)"),
)
#: (name, pattern), most specific first: iPads and Android phones also say "Mac OS X" and "Linux".
SYSTEMS = (
    ("HarmonyOS", r"HarmonyOS|OpenHarmony"),
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Android", r"Android"),
    ("ChromeOS", r"CrOS"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("Linux", r"Linux|X11"),
)
_BROWSERS = tuple((name, re.compile(pattern)) for name, pattern in BROWSERS)
_SYSTEMS = tuple((name, re.compile(pattern)) for name, pattern in SYSTEMS)


@dataclass(frozen=True)
class Device:
    """A browser ("Firefox 133") and a system ("Windows"); None where the header does not say."""

    browser: str | None
    system: str | None


def describe(user_agent: str | None) -> Device:
    """The browser (with its major version) and the system named in ``user_agent``."""
    text = (user_agent or "")[:300]
    return Device(_browser(text), next((name for name, pattern in _SYSTEMS if pattern.search(text)), None))


def _browser(text: str) -> str | None:
    for name, pattern in _BROWSERS:
        found = pattern.search(text)
        if found:
            version = next((group for group in found.groups() if group), None)
            return f"{name} {version}" if version else name
    return None
