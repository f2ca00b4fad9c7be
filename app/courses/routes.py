"""Serving course images. Their URLs carry the content hash, so they can be cached for ever."""

from flask import Blueprint, Response, abort
from sqlalchemy import select

from app.courses.models import CourseAsset
from app.extensions import db

bp = Blueprint("courses", __name__)

#: The image types the course checker accepts (no SVG: it can carry script).
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@bp.get("/assets/<string:sha256>/<path:name>")
def asset(sha256: str, name: str) -> Response:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        abort(404)
    found = db.session.execute(
        select(CourseAsset.mime, CourseAsset.data).where(CourseAsset.sha256 == sha256).limit(1)
    ).first()
    if found is None or found.mime not in IMAGE_TYPES:
        abort(404)
    response = Response(found.data, mimetype=found.mime)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    # Opened on its own, an image must not be able to do anything but show itself.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response.headers["Content-Disposition"] = "inline"
    return response
