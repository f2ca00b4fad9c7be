"""The PDF of a workshop certificate (attendance, or blended: course plus workshop).

The same page as a course certificate (frame, header, name, signature lines, QR code; pdf.py) with its
own words in the middle and its own facts below: date, place or "online", CPD hours and, for a blended
certificate, the course and the day it was completed. A pure function of the data, like
``render_certificate``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal

from app.certificates.labels import BABEL_LOCALES, LABELS, course_title_for, format_day, languages
from app.certificates.pdf import _RENDER_LOCK
from app.certificates.pdf.data import CertificateData
from app.certificates.pdf.drawing import GREY, NAVY
from app.certificates.pdf.page import CertificatePage, _Block
from app.fonts import FontSet, load_fonts, shape, unprintable
from app.workshops.models import ATTENDANCE, BLENDED

#: The words that differ from a course certificate, per kind and language.
WORDS: dict[str, dict[str, dict[str, str]]] = {
    ATTENDANCE: {
        "de": {"title": "Teilnahmebescheinigung", "completed": "am folgenden Workshop teilgenommen hat"},
        "en": {"title": "Certificate of Attendance", "completed": "has attended the workshop"},
        "zh": {"title": "研讨会出席证书", "completed": "已出席以下研讨会"},
    },
    BLENDED: {
        "de": {"title": "Zertifikat Blended Learning", "completed": "den folgenden Workshop besucht"},
        "en": {"title": "Blended Learning Certificate", "completed": "has attended the workshop"},
        "zh": {"title": "混合式学习证书", "completed": "已出席以下研讨会"},
    },
}
#: Labels of the facts and connectors shared by both kinds.
FACTS: dict[str, dict[str, str]] = {
    "de": {
        "date": "Datum", "place": "Ort", "online": "Online", "hours": "Fortbildungsstunden (CPD)",
        "and_course": "und den Online-Kurs erfolgreich abgeschlossen hat",
        "course_completed": "Kurs abgeschlossen am", "trainers": "Leitung",
    },
    "en": {
        "date": "Date", "place": "Place", "online": "Online", "hours": "CPD hours",
        "and_course": "and has successfully completed the online course",
        "course_completed": "Course completed on", "trainers": "Trainers",
    },
    "zh": {
        "date": "日期", "place": "地点", "online": "线上", "hours": "继续教育学时（CPD）",
        "and_course": "并顺利完成在线课程", "course_completed": "课程完成日期", "trainers": "培训师",
    },
}  # fmt: skip


@dataclass(frozen=True)
class WorkshopCertificateData:
    """What a workshop certificate prints beyond the common parts in ``base``.

    ``base.course_title`` holds the workshop's title per language, ``base.completed_on`` the certificate's
    date (the workshop's day; for a blended certificate the later of that day and the course completion).
    """

    base: CertificateData
    kind: str
    first_day: date
    last_day: date
    #: The venue, or None for an online workshop (printed as "Online").
    place: str | None
    hybrid: bool = False
    hours: float | None = None
    #: Blended only: the course's title per language and the day it was completed.
    course_title: Mapping[str, str] | None = None
    course_completed_on: date | None = None


def day_span(first: date, last: date, lang: str) -> str:
    """One day, or first – last day."""
    if first == last:
        return format_day(first, lang)
    return f"{format_day(first, lang)} – {format_day(last, lang)}"


def hours_text(hours: float, lang: str) -> str:
    """CPD hours as a number in the language's format (7,5 in German)."""
    return format_decimal(hours, format="#,##0.#", locale=BABEL_LOCALES[lang])


def place_text(data: WorkshopCertificateData, lang: str) -> str:
    online = FACTS[lang]["online"]
    if data.place is None:
        return online
    return f"{data.place} / {online}" if data.hybrid else data.place


def render_workshop_certificate(
    data: WorkshopCertificateData, locale: str, fonts: FontSet | None = None
) -> bytes:
    """Render a workshop certificate as PDF bytes.

    :raises UnprintableText: when a name has a character that cannot be drawn exactly.
    :raises ValueError: for an unknown kind or locale, or a name without printable characters.
    """
    if data.kind not in WORDS:
        raise ValueError(f"Unknown workshop certificate kind {data.kind!r}")
    langs = languages(locale)
    fonts = fonts or load_fonts()
    if not shape(data.base.name, fonts.faces(bold=True)).text.strip():
        raise ValueError("A certificate needs the participant's name in printable characters.")
    for name in (data.base.name, data.base.name_zh or ""):
        problem = unprintable(name, fonts.faces(bold=True))
        if problem is not None:
            raise problem
    with _RENDER_LOCK:
        return _WorkshopPage(data, langs, fonts).render().pdf


class _WorkshopPage(CertificatePage):
    """The course certificate's page with the workshop's words and facts."""

    def __init__(self, data: WorkshopCertificateData, langs: tuple[str, ...], fonts: FontSet) -> None:
        super().__init__(data.base, langs, fonts)
        self.workshop = data
        self.labels = [{**LABELS[lang], **FACTS[lang], **WORDS[data.kind][lang]} for lang in langs]

    def middle_blocks(self) -> list[_Block]:
        """Title, name, "has attended the workshop", its title and, when blended, the course."""
        blocks = super().middle_blocks()
        if self.workshop.kind != BLENDED or not self.workshop.course_title:
            return blocks
        course = course_title_for(self.workshop.course_title, self.langs[0])
        return [
            *blocks,
            _Block("connector", self.label("and_course"), 11.5, 8, False, GREY, gap=10),
            _Block("course", course, 15, 9, True, NAVY, lines=2, gap=10),
        ]

    def details(self, top: float) -> None:
        """Date, place, CPD hours and (blended) the course completion as labelled columns."""
        data, langs = self.workshop, self.langs
        columns: list[tuple[str, list[str]]] = [
            ("date", [day_span(data.first_day, data.last_day, lang) for lang in langs]),
            ("place", [place_text(data, lang) for lang in langs]),
        ]
        if data.hours is not None:
            columns.append(("hours", [hours_text(data.hours, langs[0])]))
        if data.kind == BLENDED and data.course_completed_on is not None:
            columns.append(
                ("course_completed", [format_day(data.course_completed_on, lang) for lang in langs])
            )
        self.columns(columns, top, value_lines=2)
