"""Browser and system from User-Agent headers as real browsers send them (app/sessions/useragent.py)."""

from __future__ import annotations

import pytest

from app.sessions.useragent import Device, describe

CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (CHROME_MAC, Device("Chrome 131", "macOS")),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/18.1 Mobile/15E148 Safari/604.1",
            Device("Safari 18", "iPhone"),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.6 Safari/605.1.15",
            Device("Safari 17", "macOS"),
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            Device("Firefox 128", "Linux"),
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
            Device("Samsung Internet 26", "Android"),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
            Device("Opera 115", "Windows"),
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; V2203A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
            "Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47",
            Device("WeChat 8", "Android"),
        ),
        (
            "Mozilla/5.0 (Linux; Android 12; HarmonyOS; ALN-AL00) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Version/4.0 Chrome/99.0.4844.88 HuaweiBrowser/14.0.5.300 Mobile Safari/537.36",
            Device("Huawei Browser 14", "HarmonyOS"),
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
            Device("Chrome 131", "iPad"),
        ),
        ("curl/8.5.0", Device("curl 8", None)),
        ("", Device(None, None)),
        (None, Device(None, None)),
        ("\x00<script>", Device(None, None)),
    ],
)
def test_describe(header, expected):
    assert describe(header) == expected


def test_a_huge_header_is_cut_before_matching():
    assert describe("Firefox/1" + "x" * 100_000 + "Windows") == Device("Firefox 1", None)
