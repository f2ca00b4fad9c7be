"""The trainer editor's style nonce: CodeMirror writes its base theme into a <style> element, which the
CSP allows on that page only, by a nonce that changes with every response — never by 'unsafe-inline', and
never for scripts."""

from __future__ import annotations

import re

from tests.fixtures.authoring import file_url
from tests.security.test_headers import assert_secure, policy


def page_nonce(response) -> str:
    found = re.search(r'data-style-nonce="([^"]+)"', response.get_data(as_text=True))
    assert found, "the editor page names no nonce"
    return found.group(1)


def test_the_editor_page_allows_styles_with_its_own_nonce_only(editor):
    first, second = editor.open(), editor.open()
    for response in (first, second):
        assert response.status_code == 200
        assert_secure(response, "editor")
        csp = policy(response)
        assert csp["style-src"] == ["'self'", f"'nonce-{page_nonce(response)}'"]
        assert csp["script-src"] == ["'self'"] and csp["default-src"] == ["'self'"]
    assert page_nonce(first) != page_nonce(second)
    assert len(page_nonce(first)) >= 22  # at least 128 bits


def test_a_preview_answer_carries_a_fresh_nonce_too(editor, sample):
    response = editor.send("preview", (sample / "basics" / "quiz.de.md").read_text(encoding="utf-8"))
    assert policy(response)["style-src"] == ["'self'", f"'nonce-{page_nonce(response)}'"]


def test_other_pages_keep_the_plain_policy(editor):
    for path in ("/trainer", "/trainer/courses/sample", file_url() + "/revisions", "/"):
        response = editor.client.get(path)
        assert response.status_code == 200, path
        assert policy(response)["style-src"] == ["'self'"], path
        assert "nonce" not in response.headers["Content-Security-Policy"], path
