"""Course pictures from the course folder to the page: imported into the database, served by us with their
real content type and long-lived cache headers, shown on the catalogue, the home page and the course page
with the alt text of the page's language; images from other sites never reach a page."""

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.courses.models import Course, CourseAsset, ModuleRevision
from app.extensions import db
from tests.content.course_files import image_bytes

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample-course" / "sample"
ALT = {"de": "Ein Siegel auf einem Dokument", "en": "A seal on a document", "zh": "文件上的印章"}
IMAGE_BLOCK = "image:\n  file: images/card.jpg\n  alt:\n" + "".join(f"    {k}: {v}\n" for k, v in ALT.items())


@pytest.fixture
def sample(tmp_path) -> Path:
    target = tmp_path / "courses" / "sample"
    shutil.copytree(SAMPLE, target)
    (target / "course.yaml").write_text(
        (target / "course.yaml").read_text(encoding="utf-8") + IMAGE_BLOCK, encoding="utf-8"
    )
    (target / "images" / "card.jpg").write_bytes(image_bytes("JPEG", (64, 36)))
    return target


@pytest.fixture
def imported(runner, sample) -> Path:
    result = runner.invoke(args=["courses", "import", str(sample)])
    assert result.exit_code == 0, result.output
    return sample


def card(app) -> dict:
    with app.app_context():
        return db.session.scalar(select(Course)).settings["image"]


def test_import_stores_the_picture_with_its_size_and_alt_texts(app, imported):
    image = card(app)
    assert image["alt"] == ALT and (image["width"], image["height"]) == (64, 36)
    assert re.fullmatch(r"/assets/[0-9a-f]{64}/card\.jpg", image["url"])
    with app.app_context():
        asset = db.session.scalar(select(CourseAsset).where(CourseAsset.path == "images/card.jpg"))
        assert asset.mime == "image/jpeg" and asset.data == (imported / "images/card.jpg").read_bytes()


def test_the_picture_is_served_immutable_with_its_type(app, client, imported):
    response = client.get(card(app)["url"])
    assert response.status_code == 200
    assert response.data == (imported / "images/card.jpg").read_bytes()
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert client.get(card(app)["url"].replace("/assets/", "/assets/0")).status_code == 404


def test_a_changed_picture_gets_a_new_url_and_the_old_one_stays(app, client, runner, imported):
    old = card(app)["url"]
    (imported / "images/card.jpg").write_bytes(image_bytes("JPEG", (32, 18)))
    assert runner.invoke(args=["courses", "import", str(imported)]).exit_code == 0
    new = card(app)
    assert new["url"] != old and (new["width"], new["height"]) == (32, 18)
    assert client.get(old).status_code == 200  # pages cached with the old URL still show a picture


@pytest.mark.parametrize("lang", ["de", "en", "zh"])
@pytest.mark.parametrize("path", ["/courses", "/courses/sample"])
def test_pages_show_the_picture_with_the_alt_text_of_their_language(app, client, imported, lang, path):
    page = client.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
    url = card(app)["url"]
    assert f'src="{url}" alt="{ALT[lang]}" width="64" height="36"' in page
    assert page.count(f'src="{url}"') == 1


def test_home_page_cards_show_the_demo_pictures(app, client, runner):
    assert runner.invoke(args=["courses", "import", "courses"]).exit_code == 0
    for lang, expected in (
        ("de", "Zwei sich überschneidende Sprechblasen"),
        ("zh", "两个相互重叠的对话气泡"),
    ):
        page = client.get("/", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert page.count('class="card-image"') == 4
        assert f'alt="{expected}' in page


def test_a_course_without_a_picture_shows_none(app, client, runner, sample):
    text = (sample / "course.yaml").read_text(encoding="utf-8").replace(IMAGE_BLOCK, "")
    (sample / "course.yaml").write_text(text, encoding="utf-8")
    (sample / "images/card.jpg").unlink()
    assert runner.invoke(args=["courses", "import", str(sample)]).exit_code == 0
    assert "card-image" not in client.get("/courses").get_data(as_text=True)


def test_a_remote_image_in_module_html_never_reaches_the_page(app, client, runner, auth, create_user, sample):
    module = sample / "basics" / "module.de.md"
    module.write_text(
        module.read_text(encoding="utf-8")
        + '\n<img src="https://tracker.example/pixel.png" alt="Zähler">\n'
        + '\n<p><img src="//cdn.example/x.png" alt="x"></p>\n',
        encoding="utf-8",
    )
    result = runner.invoke(args=["courses", "import", str(sample)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        html = db.session.scalar(select(ModuleRevision)).texts[0].html
    create_user(email="anna@example.org")
    auth.login("anna@example.org")
    page = client.get("/courses/sample/basics", headers={"Accept-Language": "de"}).get_data(as_text=True)
    for shown in (html, page):
        assert "tracker.example" not in shown and "cdn.example" not in shown
    assert re.search(r'<img src="/assets/[0-9a-f]{64}/diagram\.png" alt="[^"]+"', page)
