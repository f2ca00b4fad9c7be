"""Open Badges 3.0 credentials of our certificates: their facts, the signed credential, the issuer profile,
the achievements and the revocation lists, from the database and the configuration.

A credential is made when it is asked for (~1 ms), not stored: it states only what the certificate's
record states (a snapshot that never changes) and the course's current texts, so downloading it twice
gives the same credential with a fresh ES256 signature. Revocation is not in the credential but in its
status list, which is built from the database's current state whenever it is fetched.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from flask import current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.certificates import dates
from app.certificates.issuing import verify_url
from app.certificates.labels import languages
from app.certificates.models import Certificate
from app.courses.models import Course, Module, ModuleText, QuizRevision
from app.extensions import db
from app.openbadges import credential as vc
from app.openbadges import jws, status
from app.openbadges.keys import CredentialKeys, credential_keys, public_jwk
from app.quizzes.services import pass_mark_of

ISSUER_PATH = "/openbadges/issuer"
KEYS_PATH = "/openbadges/keys/"
ACHIEVEMENTS_PATH = "/openbadges/achievements/"
CREDENTIALS_PATH = "/openbadges/credentials/"
STATUS_PATH = "/openbadges/status/"
JWKS_PATH = "/.well-known/jwks.json"
#: Media type of a JWT-secured credential (VC-JOSE-COSE).
VC_JWT = "application/vc+jwt"


def base_url() -> str:
    """SERVER_BASE_URL (required in production), else this request's own address, else localhost."""
    configured = (current_app.config.get("SERVER_BASE_URL") or "").rstrip("/")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return "http://localhost:5000"


def url(path: str) -> str:
    return base_url() + path


def keys() -> CredentialKeys:
    """The Open Badges keys (raises SigningNotConfigured in production without OPENBADGES_KEY)."""
    return credential_keys(current_app.config, current_app.instance_path)


def kid_url(thumbprint: str) -> str:
    """The ``kid`` of a key: a URL that dereferences to its public JWK."""
    return url(KEYS_PATH + thumbprint)


def jwks() -> dict[str, Any]:
    """Every public key a credential of ours may be signed with (the current and retired ones)."""
    return {"keys": [public_jwk(key) for key in keys().public.values()]}


def issuer_profile() -> dict[str, Any]:
    """The issuer's Profile, as published at its ID."""
    return {
        "@context": list(vc.CONTEXT),
        "id": url(ISSUER_PATH),
        "type": ["Profile"],
        "name": current_app.config.get("CERT_ISSUER") or "ChInValue Academy",
        "url": base_url(),
    }


def _primary(lang: str) -> str:
    return languages(lang)[0]


def _module_titles(course: Course, lang: str) -> list[str]:
    """The active modules' titles in ``lang`` (else the source language), in course order (one query)."""
    rows = db.session.execute(
        select(Module.id, ModuleText.lang, ModuleText.title)
        .join(ModuleText, ModuleText.revision_id == Module.current_revision_id)
        .where(
            Module.course_id == course.id,
            Module.active.is_(True),
            ModuleText.lang.in_({lang, course.source_lang}),
        )
        .order_by(Module.position)
    )
    titles: dict[int, dict[str, str]] = {}
    for module_id, text_lang, title in rows:
        titles.setdefault(module_id, {})[text_lang] = title
    return [texts.get(lang) or texts[course.source_lang] for texts in titles.values() if texts]


def _pass_marks(course: Course) -> list[float]:
    """The pass marks of the course's active quizzes (one query)."""
    quizzes = db.session.scalars(
        select(QuizRevision)
        .join(Module, Module.current_quiz_id == QuizRevision.id)
        .where(Module.course_id == course.id, Module.active.is_(True), Module.has_quiz.is_(True))
    )
    return sorted({pass_mark_of(course, quiz) for quiz in quizzes})


def _number(value: float) -> str:
    return f"{value:g}"


def criteria(course: Course) -> str:
    """What earns the achievement, in the current locale: the course's completion rule, and the workshop."""
    modules = [module for module in course.modules if module.active]
    if course.settings.get("completion") == "reading":
        rule = _("Read every module of the course (%(count)d in total).", count=len(modules))
    else:
        marks = _pass_marks(course) or [float(course.settings.get("pass_mark", 70))]
        mark = _number(marks[0]) if len(marks) == 1 else f"{_number(marks[0])}–{_number(marks[-1])}"
        rule = _(
            "Complete every module of the course (%(count)d in total) and pass each module's quiz with at "
            "least %(mark)s %% of the points.",
            count=len(modules),
            mark=mark,
        )
    workshop = _("Trainers may also award it for taking part in the course's live ChInValue workshop.")
    return f"{rule} {workshop}"


def _texts(certificate: Certificate, course: Course, lang: str) -> vc.Texts:
    title = certificate.title_in(lang)
    with force_locale(lang):
        return vc.Texts(
            lang=lang,
            title=title,
            description=course.description_in(lang),
            criteria=criteria(course),
            credential_description=_(
                "Certificate of completion of the course “%(title)s”, issued by %(issuer)s.",
                title=title,
                issuer=certificate.issuer,
            ),
            evidence_name=_("Verification page of %(id)s", id=certificate.public_id),
            evidence_narrative=_(
                "The verification page says whether this certificate is valid, expired, revoked or replaced."
            ),
            score_name=_("Score"),
            tags=_module_titles(course, lang),
        )


def _end_of(day) -> datetime:  # type: ignore[no-untyped-def]
    """The last second of a calendar day in the platform's time zone (a certificate is valid through it)."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=dates.zone()) - timedelta(seconds=1)


def facts(certificate: Certificate) -> vc.Facts:
    """What the credential of ``certificate`` states."""
    course = certificate.course
    lang = _primary(certificate.lang)
    list_number, index = status.place(certificate.id)
    achievement = url(ACHIEVEMENTS_PATH + course.slug)
    return vc.Facts(
        public_id=certificate.public_id,
        credential_url=url(CREDENTIALS_PATH + certificate.public_id),
        name=certificate.name,
        name_zh=certificate.name_zh,
        issuer_url=url(ISSUER_PATH),
        issuer_name=certificate.issuer,
        site_url=base_url(),
        achievement_url=achievement,
        related=[(other, f"{achievement}/{other}") for other in course.languages if other != lang],
        valid_from=dates.local_time(certificate.issued_at),
        valid_until=_end_of(certificate.valid_until) if certificate.valid_until else None,
        verify_url=verify_url(certificate.public_id),
        status_list_url=url(f"{STATUS_PATH}{list_number}"),
        status_index=index,
        score_percent=certificate.score_percent,
        texts=_texts(certificate, course, lang),
    )


def credential(certificate: Certificate) -> dict[str, Any]:
    """The credential of a certificate, unsigned (what the JWS carries)."""
    return vc.build(facts(certificate))


def signed_credential(certificate: Certificate) -> str:
    """The certificate's Open Badges 3.0 credential as a compact JWS (VC-JWT, ES256).

    :raises SigningNotConfigured: without an Open Badges key (production without OPENBADGES_KEY).
    """
    keyring = keys()
    kid = kid_url(keyring.signing_id)
    return jws.sign(credential(certificate), keyring.signing, kid)  # type: ignore[arg-type]


def download(certificate: Certificate) -> dict[str, Any]:
    """The credential file: the form of the OB 3.0 API's answer for JWT-secured credentials."""
    return {"compactJwsStrings": [signed_credential(certificate)]}


def achievement(course: Course, lang: str) -> dict[str, Any]:
    """The course as an OB 3.0 Achievement in ``lang``, as published at its ID."""
    achievement_url = url(ACHIEVEMENTS_PATH + course.slug)
    with force_locale(lang):
        body: dict[str, Any] = {
            "@context": list(vc.CONTEXT),
            "id": achievement_url if lang == course.source_lang else f"{achievement_url}/{lang}",
            "type": ["Achievement"],
            "achievementType": "CertificateOfCompletion",
            "name": course.title_in(lang),
            "description": course.description_in(lang),
            "criteria": {"narrative": criteria(course)},
            "inLanguage": lang,
            "creator": {"id": url(ISSUER_PATH), "type": ["Profile"], "name": issuer_profile()["name"]},
        }
    tags = _module_titles(course, lang)
    if tags:
        body["tag"] = tags
    body["related"] = [
        {"id": achievement_url if other == course.source_lang else f"{achievement_url}/{other}",
         "type": ["Related"], "inLanguage": other}
        for other in course.languages
        if other != lang
    ]  # fmt: skip
    return body


def status_list(number: int) -> str:
    """Revocation list ``number`` as a signed BitstringStatusListCredential (VC-JWT), from the current state.

    :raises SigningNotConfigured: without an Open Badges key.
    """
    start, end = status.row_range(number)
    revoked = db.session.scalars(
        select(Certificate.id).where(
            Certificate.revoked_at.is_not(None), Certificate.id >= start, Certificate.id < end
        )
    )
    list_url = url(f"{STATUS_PATH}{number}")
    body = status.list_credential(
        list_url, url(ISSUER_PATH), (row - start for row in revoked), datetime.now(UTC)
    )
    keyring = keys()
    kid = kid_url(keyring.signing_id)
    return jws.sign(body, keyring.signing, kid, typ="vc+jwt")  # type: ignore[arg-type]


def course_by_slug(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))
