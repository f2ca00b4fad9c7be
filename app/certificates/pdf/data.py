"""What a certificate prints, and what rendering it gives back: plain data, no database row."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on a certificate; no database row, so the renderer stays a pure function."""

    cert_id: str
    verify_url: str
    name: str
    course_title: Mapping[str, str]
    completed_on: date
    issuer: str
    name_zh: str | None = None
    score_percent: float | None = None
    duration_minutes: int | None = None
    trainers: tuple[str, ...] = ()
    content_as_of: date | None = None
    valid_until: date | None = None
    logo_path: Path | None = None
    signature_image_path: Path | None = None


@dataclass(frozen=True)
class Rendered:
    """A rendered certificate plus what the caller may want to show or test: warnings and the name's size."""

    pdf: bytes
    warnings: tuple[str, ...]
    name_size: float
    name_lines: int
