"""Self check-in codes: an HMAC of the workshop id and the current time window under the app's secret.

The room's screen shows a QR code of the check-in URL with the code; it changes every WINDOW seconds and
the previous window's code is still taken (someone scanned just before the change). Pure functions.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

WINDOW = 180  # seconds


def window_of(moment: datetime) -> int:
    return int(moment.timestamp()) // WINDOW


def code(secret: str, workshop_id: int, window: int) -> str:
    mac = hmac.new(secret.encode(), f"workshop-checkin:{workshop_id}:{window}".encode(), hashlib.sha256)
    return mac.hexdigest()[:16]


def current_code(secret: str, workshop_id: int, moment: datetime) -> str:
    return code(secret, workshop_id, window_of(moment))


def accepted(secret: str, workshop_id: int, given: str, moment: datetime) -> bool:
    """True for this window's code or the previous one's; constant-time comparison."""
    now = window_of(moment)
    given = (given or "")[:64]
    return any(hmac.compare_digest(code(secret, workshop_id, w), given) for w in (now, now - 1))
