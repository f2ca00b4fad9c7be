"""Security headers on every response, including a Content-Security-Policy with no inline script.

Everything the pages load comes from this host; no CDN, no web fonts, no analytics (GDPR, and pages that
work from China). Styles come from our stylesheets only; a page whose script must create a <style> element
(the trainer editor: CodeMirror writes its base theme that way) asks for ``csp_style_nonce()`` in its
template, and only that response allows style elements carrying this one-time nonce — never inline style
in general ('unsafe-inline') and never for scripts.
"""

import secrets

from flask import Flask, Response, g

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def csp_style_nonce() -> str:
    """This response's nonce for style elements made by our scripts (created on first use)."""
    if "csp_style_nonce" not in g:
        g.csp_style_nonce = secrets.token_urlsafe(18)
    return g.csp_style_nonce


def policy() -> str:
    """The policy for this response: CSP, plus the style nonce when the page asked for one."""
    nonce = g._get_current_object().get("csp_style_nonce")  # type: ignore[attr-defined]
    if nonce is None:
        return CSP
    return CSP.replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'")


#: Headers every response gets unless its view set its own (name, value; the CSP is per response).
FIXED = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def install(app: Flask) -> None:
    fixed = tuple(
        (name.lower(), name, value) for name, value in ((*FIXED, HSTS) if app.config.get("HSTS") else FIXED)
    )
    app.jinja_env.globals["csp_style_nonce"] = csp_style_nonce

    @app.after_request
    def add_headers(response: Response) -> Response:
        """The names a view set are looked up once: werkzeug's ``setdefault`` raises and catches a
        KeyError per missing header, eight times on every response."""
        headers = response.headers
        present = {name.lower() for name, _ in headers.items()}
        if "content-security-policy" not in present:
            headers.add("Content-Security-Policy", policy())
        for lower, name, value in fixed:
            if lower not in present:
                headers.add(name, value)
        if response.mimetype == "text/html" and "cache-control" not in present:
            headers.add("Cache-Control", "no-store")
        return response
