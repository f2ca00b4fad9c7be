"""The editor: preview with the checker's problems, drafts, publishing new revisions, revision history."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.authoring.models import Draft
from app.courses.models import Module, ModuleRevision, QuizRevision
from app.extensions import db
from tests.fixtures.authoring import (
    ADMIN,
    OTHER_TRAINER,
    PARTICIPANT,
    TRAINER,
    draft_count,
    file_url,
    module_revisions,
    quiz_revisions,
    read,
    textarea,
    visible_text,
)

WRONG_MARK = ("- [x] b) Wer die Marke zuerst beim CNIPA", "- [ ] b) Wer die Marke zuerst beim CNIPA")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_editor_opens_with_the_published_source(editor, sample):
    assert editor.source("quiz", "de") == read(sample, "quiz.de.md")
    assert editor.source("module", "zh") == read(sample, "module.zh.md")


def test_course_page_lists_every_file_with_revision(editor, sample):
    page = editor.client.get("/trainer/courses/sample").get_data(as_text=True)
    for kind in ("module", "quiz"):
        for lang in ("de", "en", "zh"):
            assert f'href="{file_url(kind, lang)}"' in page
            assert f"{kind}.{lang}.md" in page
    assert "Revision 1" in page


def test_preview_of_a_broken_quiz_shows_line_numbered_problems_and_publishes_nothing(app, editor, sample):
    broken = read(sample, "quiz.de.md").replace(*WRONG_MARK)
    response = editor.send("preview", broken)
    assert response.status_code == 200
    text = visible_text(response.get_data(as_text=True))
    line = line_of(broken, "## {#first-to-file")
    assert f"line {line}: a single question needs at least one correct option" in text
    assert "Errors: 1" in text
    assert textarea(response.get_data(as_text=True)) == broken  # the trainer's text stays in the editor
    assert quiz_revisions(app) == [1]
    assert draft_count(app) == 0


def test_preview_reports_errors_in_front_matter_and_syntax(editor, sample):
    text = "---\ntitle: Quiz\nfoo: 1\n---\n\n## {#q1 type=single}\nFrage?\n\n- [x] a) Ja\n"
    page = visible_text(editor.send("preview", text).get_data(as_text=True))
    assert re.search(r"line 3: [^·]*foo", page), page
    assert "line 6:" in page  # a single question needs two options


def test_preview_renders_a_valid_quiz_with_correct_answers_marked(editor, sample):
    source = read(sample, "quiz.en.md")
    page = editor.send("preview", source, lang="en").get_data(as_text=True)
    assert "No problems found." in page
    preview = page[page.index('id="preview-heading"') :]
    assert "Whoever files the trademark with CNIPA first" in preview
    assert preview.count("✓ correct") >= 6
    assert "37" in preview and "Correct order" in preview


def test_preview_of_a_module_shows_sanitised_html_and_stale_translations(editor, sample):
    changed = read(sample, "module.de.md").replace(
        "die Grundlagen\n\nSchutzrechte", "die Grundlagen\n\n**Neu:** Schutzrechte"
    )
    page = editor.send("preview", changed, kind="module").get_data(as_text=True)
    assert "<strong>Neu:</strong>" in page
    text = visible_text(page)
    assert "Errors: 0" in text
    assert "basics/module.en.md" in text and "stale translation" in text  # what the edit causes elsewhere


def test_save_draft_keeps_the_text_and_learners_still_see_the_published_version(
    app, client, auth, editor, sample, taker
):
    original = read(sample, "module.de.md")
    draft = original.replace("Schutzrechte wirken nur", "ENTWURF: Schutzrechte wirken nur")
    response = editor.send("save", draft, kind="module")
    assert response.status_code == 200
    assert "Draft saved." in response.get_data(as_text=True)
    assert editor.source("module", "de") == draft
    page = editor.client.get("/trainer/courses/sample").get_data(as_text=True)
    assert "saved by Tina Trainer" in page
    assert module_revisions(app) == [1]

    auth.logout()
    auth.login(PARTICIPANT)
    learner = client.get("/courses/sample/basics").get_data(as_text=True)
    assert "ENTWURF" not in learner and "Schutzrechte wirken nur" in learner
    auth.logout()

    auth.login(OTHER_TRAINER)  # not assigned: sees nothing of it
    assert client.get(file_url("module", "de")).status_code == 403
    auth.logout()
    auth.login(ADMIN)  # every editor of the course sees the draft and who saved it
    page = client.get(file_url("module", "de")).get_data(as_text=True)
    assert textarea(page) == draft and "saved by Tina Trainer" in page


def test_a_draft_may_have_errors(app, editor, sample):
    broken = read(sample, "quiz.de.md").replace(*WRONG_MARK)
    response = editor.send("save", broken)
    assert response.status_code == 200
    assert "Errors: 1" in visible_text(response.get_data(as_text=True))
    assert editor.source() == broken
    assert quiz_revisions(app) == [1]


def test_drafts_store_lf_line_endings_and_no_html(app, editor, sample):
    text = read(sample, "module.en.md").replace("\n", "\r\n") + "<b>raw</b>\r\n"
    editor.send("save", text, kind="module", lang="en")
    with app.app_context():
        draft = db.session.scalar(select(Draft))
        assert "\r" not in draft.source and draft.source.endswith("<b>raw</b>\n")
        assert (draft.kind, draft.lang, draft.base_number) == ("module", "en", 0)


def test_publishing_a_fixed_quiz_keeps_earlier_attempts_on_their_revision(
    app, client, auth, editor, sample, taker
):
    auth.logout()
    auth.login(PARTICIPANT)
    attempt_id, _response = taker.take(right=True)
    before = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Wer erhält in China grundsätzlich das Recht an einer Marke?" in before
    auth.logout()

    auth.login(TRAINER)
    fixed = read(sample, "quiz.de.md").replace(
        "Wer erhält in China grundsätzlich das Recht an einer Marke?",
        "Wer erhält in der Volksrepublik China grundsätzlich das Recht an einer Marke?",
    )
    editor.send("save", fixed)
    response = editor.send("publish", fixed, base="1")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Published as revision 2." in page
    assert textarea(page) == fixed
    assert quiz_revisions(app) == [1, 2]
    assert draft_count(app) == 0
    with app.app_context():
        revision = db.session.scalar(select(QuizRevision).where(QuizRevision.number == 2))
        assert revision.author_id is not None
        stale = {t.lang: t.stale for t in revision.texts}
        assert stale == {"de": False, "en": True, "zh": True}  # the translations now need a review
        assert module_revisions(app) == [1]  # the reading text was not touched
    auth.logout()

    auth.login(PARTICIPANT)
    after = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Wer erhält in China grundsätzlich das Recht an einer Marke?" in after
    assert "Volksrepublik" not in after
    new_attempt, quiz, _layout = taker.open()
    assert new_attempt != attempt_id
    assert "Volksrepublik" in quiz["questions"][0]["text_html"]


def test_publishing_the_same_text_creates_no_revision(app, editor, sample):
    response = editor.send("publish", read(sample, "quiz.de.md"))
    assert response.status_code == 302
    page = editor.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nothing to publish" in page
    assert quiz_revisions(app) == [1]


def test_a_broken_quiz_is_never_published(app, editor, sample):
    broken = read(sample, "quiz.de.md").replace(*WRONG_MARK)
    response = editor.send("publish", broken)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Not published" in page
    assert f"line {line_of(broken, '## {#first-to-file')}:" in visible_text(page)
    assert textarea(page) == broken
    assert quiz_revisions(app) == [1]


def test_a_translation_inconsistent_with_the_source_is_refused(app, editor, sample):
    en = read(sample, "quiz.en.md")
    inconsistent = en.replace("- [ ] a) Whoever uses", "- [x] a) Whoever uses").replace(
        "- [x] b) Whoever files", "- [ ] b) Whoever files"
    )
    response = editor.send("publish", inconsistent, lang="en")
    assert response.status_code == 422
    text = visible_text(response.get_data(as_text=True))
    assert f"line {line_of(inconsistent, '- [x] a) Whoever uses')}:" in text
    assert quiz_revisions(app) == [1]
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        en_text = next(t for t in module.published_quiz().texts if t.lang == "en")
        assert en_text.source == en


def test_a_source_change_that_breaks_translations_shows_their_errors(app, editor, sample):
    de = read(sample, "quiz.de.md")
    swapped = de.replace(
        "- [ ] a) Wer die Marke zuerst benutzt", "- [x] a) Wer die Marke zuerst benutzt"
    ).replace(*WRONG_MARK)
    response = editor.send("publish", swapped)
    assert response.status_code == 422
    text = visible_text(response.get_data(as_text=True))
    assert "basics/quiz.en.md" in text and "basics/quiz.zh.md" in text
    assert quiz_revisions(app) == [1]


def test_a_change_for_every_language_is_published_together_with_the_drafts(app, editor, sample):
    """Marking another option correct must reach all languages in one revision."""

    def swap(text: str, a: str, b: str) -> str:
        return text.replace(f"- [ ] a) {a}", f"- [x] a) {a}").replace(f"- [x] b) {b}", f"- [ ] b) {b}")

    en = swap(read(sample, "quiz.en.md"), "Whoever uses", "Whoever files")
    zh = swap(read(sample, "quiz.zh.md"), "最先使用", "最先向")
    de = swap(read(sample, "quiz.de.md"), "Wer die Marke zuerst benutzt", "Wer die Marke zuerst beim")
    assert editor.send("save", en, lang="en").status_code == 200
    assert editor.send("save", zh, lang="zh").status_code == 200
    page = editor.open().get_data(as_text=True)
    assert "with the saved drafts of the other languages" in page

    response = editor.send("preview", de, with_drafts="y")
    assert "Errors: 0" in visible_text(response.get_data(as_text=True))
    response = editor.send("publish", de, with_drafts="y")
    assert response.status_code == 302, visible_text(response.get_data(as_text=True))
    assert quiz_revisions(app) == [1, 2]
    assert draft_count(app) == 0
    with app.app_context():
        revision = db.session.scalar(select(QuizRevision).where(QuizRevision.number == 2))
        for text in revision.texts:
            first = text.data["questions"][0]
            assert [o["id"] for o in first["options"] if o["correct"]] == ["a"], text.lang


def test_publishing_over_a_newer_revision_asks_first(app, editor, sample):
    fixed = read(sample, "quiz.de.md").replace("Grundlagen – Quiz", "Grundlagen – Quiz (neu)")
    response = editor.send("publish", fixed, base="0")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Revision 1 was published after you started from revision 0" in page
    assert 'name="base" type="hidden" value="1"' in page
    assert quiz_revisions(app) == [1]
    assert editor.send("publish", fixed, base="1").status_code == 302
    assert quiz_revisions(app) == [1, 2]


def test_revisions_list_and_read_only_view(app, editor, sample):
    fixed = read(sample, "module.en.md").replace("the basics", "the fundamentals")
    assert editor.send("publish", fixed, kind="module", lang="en").status_code == 302
    page = editor.client.get(file_url("module", "en") + "/revisions").get_data(as_text=True)
    assert "Tina Trainer" in page and "import from files" in page
    assert f'href="{file_url("module", "en")}/revisions/1"' in page
    assert f'href="{file_url("module", "en")}/revisions/2"' in page
    old = editor.client.get(file_url("module", "en") + "/revisions/1").get_data(as_text=True)
    assert "IP rights in China – the basics" in old and "<textarea" not in old
    new = editor.client.get(file_url("module", "en") + "/revisions/2").get_data(as_text=True)
    assert "the fundamentals" in new
    with app.app_context():
        numbers = db.session.scalars(select(ModuleRevision.number).order_by(ModuleRevision.number)).all()
        assert numbers == [1, 2]


def test_two_trainers_publishing_at_once_do_not_cause_an_error_page(app, editor, sample, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from app.authoring import services

    def collide(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise IntegrityError("INSERT INTO quiz_revisions", {}, Exception("duplicate key"))

    monkeypatch.setattr(services, "publish", collide)
    response = editor.send("publish", read(sample, "quiz.de.md") + "\n")
    assert response.status_code == 409
    assert "Someone else published this file at the same moment" in response.get_data(as_text=True)
    assert quiz_revisions(app) == [1]


def test_publishing_does_not_bring_back_a_removed_quiz(app, editor, sample):
    """A quiz whose files were removed keeps its revisions (for attempts) but must stay removed."""
    with app.app_context():
        db.session.scalar(select(Module).where(Module.slug == "basics")).has_quiz = False
        db.session.commit()
    assert editor.source("quiz", "de") == ""
    changed = read(sample, "module.en.md").replace("the basics", "the fundamentals")
    assert editor.send("publish", changed, kind="module", lang="en").status_code == 302
    assert module_revisions(app) == [1, 2]
    with app.app_context():
        module = db.session.scalar(select(Module).where(Module.slug == "basics"))
        assert module.has_quiz is False
    assert quiz_revisions(app) == [1]
