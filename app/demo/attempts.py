"""A simulated cohort for the demo: participants who took the imported courses through the real services.

Each participant has an ability, each question a difficulty and a discrimination (a two-parameter logistic
model), so the questions differ in facility and stronger participants do better on every question – the
item statistics come out positive, as with real learners. In every quiz the first single-choice question
is much harder in one translation, as a mistranslated term would make it, so the per-language flag shows:
the course's last translation language (Chinese in the German-source courses, English in the
Chinese-source one), never its source language.

Attempts go through ``open_attempt``/``submit_attempt``: grading, progress and completions are real.
Only the timestamps are moved into the past afterwards, so that the cohort spreads over some weeks and
retake waiting times have passed.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

from app.auth.models import Role, User
from app.auth.passwords import hash_password
from app.content.quiz.data import quiz_from_data
from app.content.quiz.kinds import KINDS
from app.content.quiz.kinds.base import Guess
from app.content.quiz.model import Question, Quiz
from app.courses.models import Course, Module
from app.extensions import db
from app.progress import services as progress
from app.progress.models import CourseProgress, ModuleProgress
from app.quizzes import services as quizzes
from app.quizzes.models import QuizAttempt
from app.timeutil import utcnow

PASSWORD = "demo-participant-2026"  # noqa: S105  (documented demo login; `flask demo load` refuses production)
DOMAIN = "chinvalue.example"
LOCALES = ("de", "en", "zh")

GERMAN_FIRST = ("Lena", "Jonas", "Katharina", "Maximilian", "Sabine", "Thomas", "Julia", "Stefan", "Miriam",
                "Tobias", "Anja", "Matthias", "Franziska", "Jürgen", "Nele", "Sebastian")  # fmt: skip
GERMAN_LAST = ("Hoffmann", "Schmitz", "Wagner", "Schulz", "Köhler", "Krüger", "Neumann", "Fischer", "Weber",
               "Schäfer", "Richter", "Vogel", "Lange", "Brandt", "Hartmann", "Jansen", "Özdemir")  # fmt: skip
#: (Latin script as on the passport, Chinese characters)
CHINESE = (("Zhang Wei", "张伟"), ("Wang Fang", "王芳"), ("Li Na", "李娜"), ("Liu Yang", "刘洋"),
           ("Chen Jing", "陈静"), ("Yang Lei", "杨磊"), ("Zhao Min", "赵敏"), ("Huang Jie", "黄杰"),
           ("Zhou Xin", "周欣"), ("Wu Hao", "吴昊"), ("Xu Li", "徐丽"), ("Sun Qiang", "孙强"),
           ("Ma Lin", "马琳"), ("Zhu Tao", "朱涛"), ("Hu Yan", "胡燕"), ("Guo Peng", "郭鹏"))  # fmt: skip
#: Chinese colleagues who use the German or English interface.
CHINESE_ABROAD = (("Lin Yue", "林悦"), ("Gao Ming", "高明"), ("Tang Rui", "唐睿"), ("Deng Hui", "邓慧"),
                  ("Xie Nan", "谢楠"), ("Feng Jia", "冯佳"), ("Cao Yu", "曹宇"))  # fmt: skip
ENGLISH_FIRST = ("Emily", "James", "Hannah", "Michael", "Laura", "David", "Rachel", "Tom", "Grace", "Ben",
                 "Chloe", "Ryan", "Priya", "Daniel", "Olivia", "Samuel")  # fmt: skip
ENGLISH_LAST = ("Bennett", "Whitfield", "Price", "Grant", "Mitchell", "Okafor", "Harris", "Carter", "Walsh",
                "Patel", "Morgan", "Hughes", "Fraser", "Kaur", "Lindqvist", "Brooks", "Reyes")  # fmt: skip

WRONG_TEXT = {"de": "weiß nicht", "en": "not sure", "zh": "不知道"}


@dataclass(frozen=True)
class DemoCohort:
    """What ``simulate_cohort`` did."""

    participants: int
    attempts: int
    completions: int
    skipped: bool = False


@dataclass(frozen=True)
class _Person:
    email: str
    name: str
    name_zh: str | None
    locale: str


def _ascii(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in ".-")


def demo_people(count: int) -> list[_Person]:
    """``count`` participants with realistic names; the same list for every seed (idempotency)."""
    people: list[_Person] = []
    seen: set[str] = set()
    abroad = 0
    for i in range(count):
        locale, k = LOCALES[i % 3], i // 3
        if locale == "zh" or (locale == "de" and k % 5 == 4) or (locale == "en" and k % 6 == 5):
            # Chinese participants, and some Chinese colleagues living in NRW or abroad
            if locale == "zh":
                name, name_zh = CHINESE[(k * 5) % len(CHINESE)]
            else:
                name, name_zh = CHINESE_ABROAD[abroad % len(CHINESE_ABROAD)]
                abroad += 1
        elif locale == "de":
            name, name_zh = (
                f"{GERMAN_FIRST[k % len(GERMAN_FIRST)]} {GERMAN_LAST[(k * 7) % len(GERMAN_LAST)]}",
                None,
            )
        else:
            name, name_zh = (
                f"{ENGLISH_FIRST[k % len(ENGLISH_FIRST)]} {ENGLISH_LAST[(k * 5) % len(ENGLISH_LAST)]}",
                None,
            )
        local = _ascii(name.replace(" ", "."))
        email = f"{local}@{DOMAIN}"
        suffix = 2
        while email in seen:
            email = f"{local}{suffix}@{DOMAIN}"
            suffix += 1
        seen.add(email)
        people.append(_Person(email, name, name_zh, locale))
    return people


# --- the answer model --------------------------------------------------------------------------------


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass(frozen=True)
class _Item:
    difficulty: float
    discrimination: float
    #: Extra difficulty per language (the translation problem).
    lang_shift: dict[str, float]


def mistranslated_lang(course: Course) -> str | None:
    """The language of the simulated mistranslation: the course's last translation, never its source."""
    translations = [lang for lang in course.languages if lang != course.source_lang]
    return translations[-1] if translations else None


def _items(seed: int, course: Course, module: Module, questions: tuple[Question, ...]) -> dict[str, _Item]:
    trap = next((q.id for q in questions if q.type == "single"), None)
    shifted = mistranslated_lang(course)
    items = {}
    for q in questions:
        rng = random.Random(f"{seed}:{course.slug}:{module.slug}:{q.id}")
        if q.id == trap:
            items[q.id] = _Item(-2.2, 1.0, {shifted: 4.5} if shifted else {})
        else:
            items[q.id] = _Item(rng.uniform(-1.9, 1.0), rng.uniform(1.0, 2.4), {})
    return items


def _knows(rng: random.Random, ability: float, item: _Item, lang: str) -> bool:
    difficulty = item.difficulty + item.lang_shift.get(lang, 0.0)
    return rng.random() < _logistic(item.discrimination * (ability - difficulty))


def answer_fields(
    rng: random.Random, q: Question, layout: list[str], right: bool, lang: str, trap: bool
) -> dict[str, list[str]]:
    """Form fields for one question, answered right or (plausibly) wrong by the question type's handler."""
    guess = Guess(rng, right, lang, trap, unsure=WRONG_TEXT.get(lang, "?"))
    return KINDS[q.type].simulate(q, layout, guess)


def all_right_form(rng: random.Random, attempt: QuizAttempt, course: Course) -> dict[str, list[str]]:
    """The form of a learner who answers every question of `attempt` right (demo participants)."""
    texts = {text.lang: text.data for text in attempt.quiz_revision.texts}
    quiz = quiz_from_data(texts.get(attempt.lang) or texts[course.source_lang])
    form: dict[str, list[str]] = {}
    for question in quiz.questions:
        form.update(
            answer_fields(rng, question, attempt.layout.get(question.id, []), True, attempt.lang, False)
        )
    return form


# --- the simulation ----------------------------------------------------------------------------------


def _create_people(people: list[_Person]) -> list[User]:
    password_hash = hash_password(PASSWORD)  # hashed once: the demo accounts share one password
    now = utcnow()
    users = [
        User(email=p.email, password_hash=password_hash, name=p.name, name_zh=p.name_zh, locale=p.locale,
             role=Role.PARTICIPANT.value, email_confirmed_at=now)
        for p in people
    ]  # fmt: skip
    db.session.add_all(users)
    db.session.flush()
    return users


def simulate_cohort(seed: int = 7, participants: int = 36) -> DemoCohort:
    """Create demo participants and let them take the quizzes of every imported course.

    Idempotent: does nothing when the demo participants exist. Flushes; the caller commits.

    :param seed: the same seed gives the same answers.
    :param participants: how many; spread evenly over German, English and Chinese.
    """
    people = demo_people(participants)
    if db.session.scalar(select(User.id).where(User.email.in_([p.email for p in people])).limit(1)):
        return DemoCohort(0, 0, 0, skipped=True)
    users = _create_people(people)
    courses = list(db.session.scalars(select(Course).order_by(Course.id)))
    rng = random.Random(seed)
    now = utcnow()
    texts: dict[int, dict[str, Quiz]] = {}  # quiz revision id -> language -> quiz
    attempts = completions = 0
    for index, user in enumerate(users):
        ability = rng.gauss(0.0, 1.0)
        for course_index, course in enumerate(courses):
            # one participant per language and twelve does not start the course
            if (index // 3) % 12 == (course_index * 5 + 11) % 12:
                continue
            clock = now - timedelta(days=rng.uniform(14, 70))
            made, completed = _take_course(rng, seed, user, ability, course, clock, now, texts)
            attempts += made
            completions += completed
    _backdate_progress([u.id for u in users])
    db.session.flush()
    return DemoCohort(len(users), attempts, completions)


def _take_course(rng, seed, user, ability, course, clock, now, texts) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """One participant works through ``course`` until done or giving up; returns (attempts, completed)."""
    latest = now - timedelta(hours=1)
    attempts = 0
    modules = [m for m in course.modules if m.active]
    for position, module in enumerate(modules):
        if position and rng.random() > 0.88 + 0.04 * ability:
            if rng.random() < 0.5:
                progress.record_visit(user.id, module)  # opened the module, went no further
            return attempts, 0
        if not module.has_quiz:
            if progress.mark_read(user.id, module):
                return attempts, 1
            continue
        boost = 0.0
        while True:
            try:
                attempt = quizzes.open_attempt(user.id, module, course, user.locale, rng)
            except quizzes.AttemptRefused:
                return attempts, 0
            started = min(clock, latest)
            submission = _submit(rng, seed, attempt, course, module, ability + boost, texts)
            attempt.started_at = started
            attempt.submitted_at = min(started + timedelta(minutes=rng.uniform(4, 25)), latest)
            attempts += 1
            clock += timedelta(hours=rng.uniform(1.5, 48))
            if submission.completed_course:
                return attempts, 1
            if submission.attempt.passed:
                break
            if rng.random() > 0.75:
                return attempts, 0  # gave up for now: in progress
            boost += 0.45
    return attempts, 0


def _submit(rng, seed, attempt, course, module, ability, texts):  # type: ignore[no-untyped-def]
    revision = attempt.quiz_revision
    if revision.id not in texts:
        texts[revision.id] = {text.lang: quiz_from_data(text.data) for text in revision.texts}
    quiz = texts[revision.id].get(attempt.lang) or texts[revision.id][course.source_lang]
    items = _items(seed, course, module, quiz.questions)
    trap = next((q.id for q in quiz.questions if q.type == "single"), None)
    form: dict[str, list[str]] = {}
    for q in quiz.questions:
        right = _knows(rng, ability, items[q.id], attempt.lang)
        form.update(answer_fields(rng, q, attempt.layout.get(q.id, []), right, attempt.lang, q.id == trap))
    return quizzes.submit_attempt(attempt, course, form)


def _backdate_progress(user_ids: list[int]) -> None:
    """Move the progress timestamps to the (backdated) attempts, so the cohort spreads over weeks."""
    db.session.flush()
    first_try = (
        select(func.min(QuizAttempt.started_at))
        .where(
            QuizAttempt.user_id == ModuleProgress.user_id, QuizAttempt.module_id == ModuleProgress.module_id
        )
        .scalar_subquery()
    )
    first_pass = (
        select(func.min(QuizAttempt.submitted_at))
        .where(
            QuizAttempt.user_id == ModuleProgress.user_id,
            QuizAttempt.module_id == ModuleProgress.module_id,
            QuizAttempt.passed.is_(True),
        )
        .scalar_subquery()
    )
    db.session.execute(
        update(ModuleProgress)
        .where(ModuleProgress.user_id.in_(user_ids))
        .values(
            opened_at=func.coalesce(first_try, ModuleProgress.opened_at),
            passed_at=func.coalesce(first_pass, ModuleProgress.passed_at),
        )
        .execution_options(synchronize_session=False)
    )
    started = (
        select(func.min(ModuleProgress.opened_at))
        .where(
            ModuleProgress.user_id == CourseProgress.user_id,
            ModuleProgress.course_id == CourseProgress.course_id,
        )
        .scalar_subquery()
    )
    finished = (
        select(func.max(ModuleProgress.passed_at))
        .where(
            ModuleProgress.user_id == CourseProgress.user_id,
            ModuleProgress.course_id == CourseProgress.course_id,
        )
        .scalar_subquery()
    )
    db.session.execute(
        update(CourseProgress)
        .where(CourseProgress.user_id.in_(user_ids))
        .values(started_at=func.coalesce(started, CourseProgress.started_at))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(CourseProgress)
        .where(CourseProgress.user_id.in_(user_ids), CourseProgress.completed_at.is_not(None))
        .values(completed_at=func.coalesce(finished, CourseProgress.completed_at))
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
