"""GIFT export of the Chinese source quizzes of germany-eu-entry: `flask quiz convert --to gift` writes
Moodle questions in Chinese, reports what GIFT cannot hold with the quiz.zh.md line, and reads back to the
same questions."""

from pathlib import Path

import pytest

from app.content.quiz.gift import gift_to_quiz
from app.content.quiz.gift_export import quiz_to_gift
from app.content.quiz.parser import parse_quiz

COURSE = Path(__file__).resolve().parents[2] / "courses" / "germany-eu-entry"
QUIZZES = sorted(COURSE.glob("*/quiz.zh.md"))


def test_every_module_has_a_chinese_source_quiz():
    assert len(QUIZZES) == 6


@pytest.mark.parametrize("path", QUIZZES, ids=lambda path: path.parent.name)
def test_the_chinese_quiz_exports_to_gift_and_reads_back(runner, tmp_path, path):
    gift = tmp_path / "quiz.gift"
    result = runner.invoke(args=["quiz", "convert", str(path), "--to", "gift", "--out", str(gift)])
    assert result.exit_code == 0, result.output
    quiz, _problems = parse_quiz(path.read_bytes(), str(path))
    text = gift.read_text(encoding="utf-8")
    assert f"\n$CATEGORY: $course$/top/{quiz.title}\n" in text  # the title travels as Moodle's category
    reports = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    assert all(line.startswith(f"{path}:") for line in reports) and "Traceback" not in result.output
    for question in quiz.questions:
        if question.hint_md:  # hints have no GIFT form: reported on the question's line
            assert any(
                line.startswith(f"{path}:{question.line}: warning:") and "the hint" in line
                for line in reports
            )
    back, problems = gift_to_quiz(text, "quiz.gift")
    assert back is not None, [str(p) for p in problems]
    assert back.title == quiz.title
    exported = [q for q in quiz.questions if q.type != "ordering"]
    assert [q.id for q in back.questions] == [q.id for q in exported]
    for original, converted in zip(exported, back.questions, strict=True):
        assert converted.type == original.type
        assert converted.text_md == original.text_md  # Chinese text and full-width punctuation kept
        assert converted.explanation_md == original.explanation_md
        assert [(o.correct, o.text_md, o.feedback_md) for o in converted.options] == [
            (o.correct, o.text_md, o.feedback_md) for o in original.options
        ]
        assert [a.text for a in converted.text_answers] == [a.text for a in original.text_answers]
        assert [(p.left_md, p.right_md) for p in converted.pairs] == [
            (p.left_md, p.right_md) for p in original.pairs
        ]
        if original.type == "numeric":
            assert [(a.low, a.high) for a in converted.numeric_answers] == [
                (a.low, a.high) for a in original.numeric_answers
            ]


def test_gift_special_characters_in_chinese_text_are_escaped():
    source = (
        "---\ntitle: 测验\n---\n\n## {#q1 type=single}\n费用：{500欧元}＝多少？\n\n"
        "- [x] a) 约=500欧元 #含税\n- [ ] b) 不确定~\n"
    )
    quiz, _ = parse_quiz(source, "q.md")
    back, problems = gift_to_quiz(quiz_to_gift(quiz)[0], "q.gift")
    assert back is not None, [str(p) for p in problems]
    assert back.questions[0].text_md == "费用：{500欧元}＝多少？"
    assert [o.text_md for o in back.questions[0].options] == ["约=500欧元 #含税", "不确定~"]
