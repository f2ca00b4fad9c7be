"""A deliberately localised question is graded by the keys of the learner's language, not the source's."""

from app.extensions import db
from app.quizzes.models import QuizAttempt
from tests.fixtures.learning import import_folder

#: The zh version of 'first-to-file' asks about German gift rules; its key is a), the source's is b).
LOCALIZED = """## {#first-to-file type=single localized=true}
在德国，向商业伙伴赠送礼品时，哪种做法通常风险最低？

- [x] a) 公开赠送价值不高、与业务相关的小礼品
- [ ] b) 签约前私下向采购负责人赠送贵重礼品
- [ ] c) 以现金或购物卡代替礼品
- [ ] d) 通过中间人转交礼品，不留记录

"""


def localize_zh(folder) -> None:
    path = folder / "basics" / "quiz.zh.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("## {#first-to-file"), text.index("## {#brand-protection")
    path.write_text(text[:start] + LOCALIZED + text[end:], encoding="utf-8")


def answer_first_question(app, client, taker, option: str) -> QuizAttempt:
    attempt_id, quiz, layout = taker.open()
    form = taker.form(attempt_id, quiz, layout, right=True)
    form["q-first-to-file"] = option
    response = client.post("/courses/sample/basics/quiz", data=form)
    assert response.status_code == 302
    with app.app_context():
        return db.session.get(QuizAttempt, attempt_id)


def test_a_localized_question_is_graded_by_its_own_language(
    app, client, auth, create_user, sample_dir, taker
):
    localize_zh(sample_dir)
    import_folder(app, sample_dir)

    create_user(email="zh@example.org", locale="zh")
    auth.login("zh@example.org")
    attempt = answer_first_question(app, client, taker, "a")
    assert attempt.lang == "zh" and attempt.results["first-to-file"]["correct"] and attempt.percent == 100
    auth.logout()

    create_user(email="zh2@example.org", locale="zh")
    auth.login("zh2@example.org")
    attempt = answer_first_question(app, client, taker, "b")  # the source's key is wrong in zh
    assert attempt.lang == "zh" and not attempt.results["first-to-file"]["correct"] and attempt.percent < 100
    auth.logout()

    create_user(email="de@example.org", locale="de")
    auth.login("de@example.org")
    attempt = answer_first_question(app, client, taker, "a")  # and the zh key is wrong in de
    assert attempt.lang == "de" and not attempt.results["first-to-file"]["correct"]
