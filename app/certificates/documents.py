"""One entry for every document someone presents for checking: a certificate's PDF or its Open Badges 3.0
credential (a JSON file or a pasted JWT). The page, the API and `flask certs verify` call ``check_document``.
"""

from __future__ import annotations

import logging

from flask import current_app

from app.certificates.keys import SigningNotConfigured, trust_roots
from app.certificates.verification import UploadCheck, verify_upload
from app.openbadges.verification import looks_like_credential, verify_credential

logger = logging.getLogger(__name__)


def check_document(data: bytes) -> UploadCheck:
    """The check of presented bytes: a credential when they look like JSON or a JWT, a PDF otherwise."""
    if looks_like_credential(data):
        return verify_credential(data)
    try:
        roots = trust_roots(current_app.config, current_app.instance_path)
    except SigningNotConfigured as error:
        logger.error("Verification uploads cannot be checked: %s", error)
        return UploadCheck("unavailable", "")
    return verify_upload(data, roots)
