"""The words and formats on a certificate, per language.

They live in a small dictionary rather than in gettext: a certificate is rendered in the language the
participant chose, independent of the request that happens to issue it.
"""

from collections.abc import Mapping
from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_percent
from babel.units import format_unit

from app.langtags import BABEL_LOCALES

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Abschlusszertifikat",
        "intro": "Hiermit wird bestätigt, dass",
        "completed": "den folgenden Kurs erfolgreich abgeschlossen hat",
        "completed_on": "Abgeschlossen am",
        "score": "Ergebnis",
        "duration": "Umfang",
        "content_as_of": "Inhaltlicher Stand",
        "valid_until": "Gültig bis",
        "trainers": "Kursleitung",
        "issuer": "Ausgestellt von",
        "cert_id": "Zertifikats-ID",
        "verify": "Echtheit online prüfen",
    },
    "en": {
        "title": "Certificate of Completion",
        "intro": "This is to certify that",
        "completed": "has successfully completed the course",
        "completed_on": "Completed on",
        "score": "Score",
        "duration": "Duration",
        "content_as_of": "Content current as of",
        "valid_until": "Valid until",
        "trainers": "Trainers",
        "issuer": "Issued by",
        "cert_id": "Certificate ID",
        "verify": "Verify this certificate online",
    },
    "zh": {
        "title": "结业证书",
        "intro": "兹证明",
        "completed": "已顺利完成以下课程",
        "completed_on": "完成日期",
        "score": "成绩",
        "duration": "学时",
        "content_as_of": "内容更新至",
        "valid_until": "有效期至",
        "trainers": "培训师",
        "issuer": "签发机构",
        "cert_id": "证书编号",
        "verify": "扫码在线验证证书",
    },
}
#: Babel locale and PDF /Lang tag per language ("en" is British: "25 November 2026").
PDF_LANG = {"de": "de-DE", "en": "en-GB", "zh": "zh-CN"}
LOCALES: dict[str, tuple[str, ...]] = {
    "de": ("de",),
    "en": ("en",),
    "zh": ("zh",),
    "de+zh": ("de", "zh"),
    "en+zh": ("en", "zh"),
}


def languages(locale: str) -> tuple[str, ...]:
    """Languages of a certificate locale ("de", "en", "zh", "de+zh", "en+zh"; "zh_CN" and the like too)."""
    parts = tuple(part.strip().lower().replace("_", "-").split("-")[0] for part in locale.split("+"))
    for langs in LOCALES.values():
        if parts == langs:
            return langs
    raise ValueError(f"Unsupported certificate locale {locale!r}; use one of {', '.join(LOCALES)}.")


def format_day(day: date, lang: str) -> str:
    """A date as people write it: 25. November 2026, 25 November 2026, 2026年11月25日."""
    return format_date(day, "long", locale=BABEL_LOCALES[lang])


def format_duration(minutes: int, lang: str) -> str:
    """Hours and minutes in words (Babel's Chinese has only the short unit forms)."""
    hours, rest = divmod(max(0, minutes), 60)
    length = "short" if lang == "zh" else "long"
    parts = [format_unit(hours, "duration-hour", length=length, locale=BABEL_LOCALES[lang])] if hours else []
    if rest or not hours:
        parts.append(format_unit(rest, "duration-minute", length=length, locale=BABEL_LOCALES[lang]))
    return ("" if lang == "zh" else " ").join(parts)


def format_score(percent: float, lang: str) -> str:
    """A percentage with at most one decimal, in the locale's own pattern (92,5 % in German)."""
    pattern = Locale.parse(BABEL_LOCALES[lang]).percent_formats[None].pattern.replace("#,##0", "#,##0.#")
    return format_percent(percent / 100, format=pattern, locale=BABEL_LOCALES[lang])


def course_title_for(titles: Mapping[str, str], lang: str) -> str:
    """The course title in `lang`, else in the course's source language (certificates snapshot the
    titles source language first), else whichever exists."""
    for key in (lang, *titles):
        if titles.get(key):
            return titles[key]
    return ""
