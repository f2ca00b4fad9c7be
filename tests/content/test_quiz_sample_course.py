"""The demo course under tests/data/sample-course: complete, consistent, and using every quiz feature."""

import hashlib
import struct
import zlib
from pathlib import Path

import yaml

from app.content.quiz.grading import grade_quiz
from app.content.quiz.model import QUESTION_TYPES
from app.content.quiz.parser import parse_quiz
from app.content.quiz.translation import compare_translation

COURSE = Path(__file__).parents[1] / "data" / "sample-course" / "sample"
LANGS = ("de", "en", "zh")


def source_rev(path: Path) -> str:
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return hashlib.sha256(data).hexdigest()[:12]


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_course_yaml_matches_the_layout():
    course = yaml.safe_load((COURSE / "course.yaml").read_text(encoding="utf-8"))
    assert course["slug"] == COURSE.name == "sample"
    assert (course["source_lang"], course["languages"], course["modules"]) == ("de", list(LANGS), ["basics"])
    assert set(course["title"]) == set(course["description"]) == set(LANGS)


def test_modules_exist_in_every_language_with_table_image_and_tip():
    for lang in LANGS:
        text = (COURSE / "basics" / f"module.{lang}.md").read_text(encoding="utf-8")
        assert "\n|---|---|\n" in text and "](../images/diagram.png)" in text and "\n:::tip\n" in text
        meta = front_matter(COURSE / "basics" / f"module.{lang}.md")
        assert meta["title"] and str(meta["current_as_of"]) == "2026-11-01"
        if lang != "de":
            assert meta["source_rev"] == source_rev(COURSE / "basics" / "module.de.md")


def test_the_image_is_a_valid_png():
    data = (COURSE / "images" / "diagram.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    offset, kinds = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
        kinds.append(kind)
        offset += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


def test_quizzes_parse_agree_and_carry_the_current_source_rev():
    source_path = COURSE / "basics" / "quiz.de.md"
    source, problems = parse_quiz(source_path.read_bytes(), str(source_path))
    assert problems == [] and source.lang == "de" and source.source_rev is None
    for lang in ("en", "zh"):
        path = COURSE / "basics" / f"quiz.{lang}.md"
        translation, problems = parse_quiz(path.read_bytes(), str(path))
        assert problems == []
        assert translation.lang == lang and translation.source_rev == source_rev(source_path)
        assert compare_translation(source, translation, str(path)) == []


def test_the_source_quiz_uses_every_type_and_feature():
    quiz, _ = parse_quiz((COURSE / "basics" / "quiz.de.md").read_bytes(), "quiz.de.md")
    questions = quiz.questions
    assert {q.type for q in questions} == set(QUESTION_TYPES)
    options = [o for q in questions for o in q.options]
    assert any(o.pinned for o in options) and any(o.feedback_md for o in options)
    assert any(q.hint_md for q in questions) and all(q.explanation_md for q in questions)
    assert {q.scoring for q in questions} == {"all", "partial", "partial-penalty"}
    assert any(q.points != 1 for q in questions) and any(q.shuffle is False for q in questions)
    assert {a.kind for q in questions for a in q.numeric_answers} >= {"abs", "rel", "range"}
    assert any(a.score < 1 for q in questions for a in q.numeric_answers)
    assert any(a.score < 1 and a.feedback_md for q in questions for a in q.text_answers)
    assert any(p.is_distractor for q in questions for p in q.pairs)


def test_accepted_text_answers_differ_by_language_and_grade_in_each():
    quizzes = {
        lang: parse_quiz((COURSE / "basics" / f"quiz.{lang}.md").read_bytes(), f"quiz.{lang}.md")[0]
        for lang in LANGS
    }
    assert grade_quiz(quizzes["zh"], {"office-name": "国知局"}).results["office-name"].correct
    assert not grade_quiz(quizzes["de"], {"office-name": "国知局"}).results["office-name"].correct
    assert grade_quiz(quizzes["de"], {"office-name": "ｃｎｉｐａ"}).results["office-name"].correct
