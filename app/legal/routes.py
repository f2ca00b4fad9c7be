"""The legal pages, linked from every page's footer and from the registration form."""

from pathlib import Path

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.legal.texts import find

bp = Blueprint("legal", __name__)

TITLES = {"imprint": _l("Imprint"), "privacy-policy": _l("Privacy policy"), "contact": _l("Contact")}


def legal_dir() -> Path:
    """LEGAL_DIR, else the folder legal/ in the instance folder."""
    configured = current_app.config.get("LEGAL_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "legal"


def _page(page: str):  # type: ignore[no-untyped-def]
    lang = str(get_locale())
    text = find(legal_dir(), page, lang)
    return render_template("legal/page.html", page=page, title=TITLES[page], text=text, lang=lang)


@bp.get("/imprint")
def imprint():
    return _page("imprint")


@bp.get("/privacy-policy")
def privacy_policy():
    return _page("privacy-policy")


@bp.get("/contact")
def contact():
    return _page("contact")
