"""Certificates of courses written in Chinese: germany-eu-entry (source zh, offered in zh, de, en) and a
small fixture course offered in Chinese and German only. The course title on real, signed PDFs (read with
pdftotext), and the certificate languages a course can be issued in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from app_helpers import active_ids, certificate, count, course_id, t
from certificate_helpers import need, run
from sqlalchemy import select

from app.auth.models import Role, User
from app.certificates import services
from app.certificates.labels import course_title_for
from app.courses.models import Course
from app.extensions import db
from tests.fixtures.learning import QuizTaker, import_folder

REPO = Path(__file__).resolve().parents[2]
EU_ENTRY = REPO / "courses" / "germany-eu-entry"
ZH_SAMPLE = REPO / "tests" / "data" / "zh-source-course" / "zh-sample"
EU_TITLES = yaml.safe_load((EU_ENTRY / "course.yaml").read_text(encoding="utf-8"))["title"]
SAMPLE_TITLES = yaml.safe_load((ZH_SAMPLE / "course.yaml").read_text(encoding="utf-8"))["title"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(app, public_id: str, tmp_path: Path) -> str:
    """What pdftotext reads on the stored, signed PDF, without whitespace (titles may wrap)."""
    path = tmp_path / f"{public_id}.pdf"
    path.write_bytes(certificate(app, public_id).pdf)
    return squeeze(run(need("pdftotext"), path, "-"))


def issue(app, user_id: int, slug: str, lang: str) -> str:
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == slug))
        made = services.issue_manually(db.session.get(User, user_id), course, lang, None, note="workshop")
        db.session.commit()
        return made.public_id


@pytest.fixture
def eu_entry(app) -> None:
    import_folder(app, EU_ENTRY)  # the other courses beside it on disk resolve its course: links


@pytest.fixture
def zh_sample(app) -> None:
    import_folder(app, ZH_SAMPLE)


@pytest.mark.parametrize(
    ("locale", "first", "second"),
    [
        ("de", "de", None),
        ("en", "en", None),
        ("zh", "zh", None),
        ("de+zh", "de", "zh"),
        ("en+zh", "en", "zh"),
    ],
)
def test_the_title_in_the_certificates_language_first_and_the_chinese_source_below(
    app, eu_entry, create_user, tmp_path, locale, first, second
):
    person = create_user(name="Wang Fang", name_zh="王芳", locale="zh")
    public_id = issue(app, person.id, "germany-eu-entry", locale)
    text = pdf_text(app, public_id, tmp_path)
    shown = [lang for lang in ("de", "en", "zh") if squeeze(EU_TITLES[lang]) in text]
    assert sorted(shown) == sorted(filter(None, (first, second)))
    if second:
        assert text.index(squeeze(EU_TITLES[first])) < text.index(squeeze(EU_TITLES[second]))
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate(app, public_id).pdf)
    subject = re.search(r"^Subject:\s+(.*)$", run(need("pdfinfo"), path), re.M)
    assert subject and subject[1] == EU_TITLES[first]


def test_completing_the_chinese_course_in_chinese_gives_a_chinese_certificate(
    app, eu_entry, create_user, auth, client, tmp_path
):
    person = create_user(name="Wang Fang", name_zh="王芳", locale="zh")
    auth.login(person.email)
    taker = QuizTaker(app, client)
    for module in yaml.safe_load((EU_ENTRY / "course.yaml").read_text(encoding="utf-8"))["modules"]:
        _attempt, response = taker.take(course="germany-eu-entry", module=module)
        assert response.status_code in (200, 302)
    (public_id,) = active_ids(app, person.id)
    cert = certificate(app, public_id)
    assert cert.lang == "zh" and cert.score_percent == 100
    assert list(cert.course_title) == ["zh", "de", "en"]  # the snapshot names the source language first
    text = pdf_text(app, public_id, tmp_path)
    assert "结业证书" in text and squeeze(EU_TITLES["zh"]) in text and "100%" in text
    assert squeeze(EU_TITLES["de"]) not in text


def test_every_certificate_language_is_offered_for_a_course_in_all_three(app, eu_entry):
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "germany-eu-entry"))
        assert services.certificate_langs(course) == ["de", "en", "zh", "de+zh", "en+zh"]


def test_a_course_without_english_offers_no_english_certificate(app, zh_sample):
    with app.app_context():
        course = db.session.scalar(select(Course).where(Course.slug == "zh-sample"))
        assert course.languages == ["zh", "de"]  # course.yaml writes [de, zh]: the source comes first
        assert services.certificate_langs(course) == ["de", "zh", "de+zh"]


def test_an_english_reader_completing_it_gets_the_source_language(
    app, zh_sample, create_user, auth, client, tmp_path
):
    person = create_user(name="Emily Price", locale="en")
    auth.login(person.email)
    QuizTaker(app, client).take(course="zh-sample", module="gmbh")
    (public_id,) = active_ids(app, person.id)
    assert certificate(app, public_id).lang == "zh"
    text = pdf_text(app, public_id, tmp_path)
    assert squeeze(SAMPLE_TITLES["zh"]) in text and squeeze(SAMPLE_TITLES["de"]) not in text
    page = client.get("/certificates").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="([^"]+)"', page)
    assert options == ["de", "zh", "de+zh"]
    cert = certificate(app, public_id)
    refused = client.post(f"/certificates/{public_id}/language", data={f"c{cert.id}-lang": "en+zh"})
    assert refused.status_code == 302 and active_ids(app, person.id) == [public_id]
    client.post(f"/certificates/{public_id}/language", data={f"c{cert.id}-lang": "de+zh"})
    (new_id,) = active_ids(app, person.id)
    text = pdf_text(app, new_id, tmp_path)
    assert text.index(squeeze(SAMPLE_TITLES["de"])) < text.index(squeeze(SAMPLE_TITLES["zh"]))


def test_issuing_by_hand_in_a_language_the_course_lacks_is_refused(app, zh_sample, create_user, auth, client):
    admin = create_user(role=Role.ADMIN, email="admin@example.org", locale="en")
    person = create_user(email="workshop@example.org", locale="en")
    auth.login(admin.email)
    form = {
        "email": person.email,
        "course": str(course_id(app, "zh-sample")),
        "lang": "en",
        "note": "attended the workshop",
    }
    page = client.post("/admin/certificates/issue", data=form).get_data(as_text=True)
    message = t(
        app,
        "This course is not offered in this language. Choose one of: %(languages)s.",
        "en",
        languages="Deutsch, 中文, Deutsch + 中文",
    )
    assert message in page
    assert count(app, user_id=person.id) == 0
    client.post("/admin/certificates/issue", data={**form, "lang": "de"})
    (public_id,) = active_ids(app, person.id)
    assert certificate(app, public_id).lang == "de"
    reissued = client.post(
        f"/admin/certificates/{public_id}/reissue", data={"lang": "en+zh"}, follow_redirects=True
    )
    assert message in reissued.get_data(as_text=True)
    assert active_ids(app, person.id) == [public_id]


def test_the_command_line_names_the_languages_offered(app, zh_sample, create_user, runner):
    person = create_user(email="cli@example.org", locale="en")
    result = runner.invoke(
        args=[
            "certs",
            "issue",
            "--email",
            person.email,
            "--course",
            "zh-sample",
            "--lang",
            "en",
            "--reason",
            "workshop",
        ]
    )
    assert result.exit_code == 1
    assert "zh-sample is not offered in en; choose one of: de, zh, de+zh" in result.output
    result = runner.invoke(
        args=["certs", "issue", "--email", person.email, "--course", "zh-sample", "--reason", "workshop"]
    )
    assert result.exit_code == 0, result.output
    assert certificate(app, result.output.strip()).lang == "zh"  # the user's English is not offered


def test_a_missing_title_falls_back_to_the_source_language_named_first():
    assert (
        course_title_for({"zh": "在德国设立企业", "de": "Gründen in Deutschland"}, "en") == "在德国设立企业"
    )
    assert course_title_for({"de": "Gründen", "zh": "设立"}, "en") == "Gründen"
    assert course_title_for({"de": "Gründen", "zh": "设立"}, "zh") == "设立"
