"""The holder's (and the HR API's) download of a certificate's Open Badges credential."""

from __future__ import annotations

from flask import current_app, jsonify

from app.certificates.keys import SigningNotConfigured
from app.certificates.models import Certificate
from app.openbadges import services


def credential_response(certificate: Certificate):  # type: ignore[no-untyped-def]
    """The credential file of a certificate as a download no cache keeps (it names the holder)."""
    try:
        body = services.download(certificate)
    except SigningNotConfigured as error:
        current_app.logger.error("Open Badges credential of %s: %s", certificate.public_id, error)
        return None
    response = jsonify(body)
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.public_id}-openbadge.json"'
    response.headers["Cache-Control"] = "no-store"
    return response
