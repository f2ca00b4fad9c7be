"""Quiz-quality warnings of `flask courses check` (docs/authoring.md, "Quiz quality warnings").

The measurements live in app/content/quiz/cues.py; here they are applied to a course and reported where a
trainer can act: on the question, the option, line 1 of the quiz for a quiz-wide habit, and course.yaml
for course-wide settings. The source-language quiz is what is analysed for key length, key position and
hints (translations repeat its structure); a translation's localised questions are analysed in their own
language, as part of the quiz its learners see (the source's questions with the localised ones in place).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from app.content.course.modules import LoadedModule
from app.content.course.schema import CourseSpec
from app.content.messages import N_
from app.content.problems import Problem, warning
from app.content.quiz.cues import (
    HINT_OVERLAP_SHARE,
    KEY_POSITION_MIN,
    KEY_POSITION_SHARE,
    LONG_KEY_RATIO,
    LONG_KEY_SHARE,
    TRUEFALSE_MIN,
    TRUEFALSE_SHARE,
    above_options,
    hint_overlap,
    key_position,
    key_ratio,
    quiz_figures,
    truefalse_key,
)
from app.content.quiz.model import Question, Quiz

_MAX_LISTED = 5


@dataclass(frozen=True)
class QuizView:
    """A quiz as the learners of one language see it; `own` are the questions written in `quiz` itself."""

    module: str
    lang: str
    quiz: Quiz  #: the file whose lines are reported
    questions: list[Question]
    own: frozenset[str]  #: ids of the questions this file is responsible for


def quiz_views(spec: CourseSpec, modules: Iterable[LoadedModule]) -> list[QuizView]:
    """The source quiz of every module, and each translation that has localised questions."""
    views: list[QuizView] = []
    for module in modules:
        source = module.quizzes.get(spec.source_lang)
        if source is None:
            continue
        views.append(
            QuizView(
                module.slug,
                spec.source_lang,
                source,
                list(source.questions),
                frozenset(q.id for q in source.questions),
            )
        )
        for lang, quiz in module.quizzes.items():
            if quiz is None or lang == spec.source_lang:
                continue
            localized = {q.id: q for q in quiz.questions if q.localized}
            if not localized:
                continue
            questions = [localized.get(q.id, q) for q in source.questions]
            views.append(QuizView(module.slug, lang, quiz, questions, frozenset(localized)))
    return views


def course_cues(spec: CourseSpec, modules: list[LoadedModule], yaml_path: str) -> list[Problem]:
    """Every quiz-quality warning of the course."""
    problems: list[Problem] = []
    for view in quiz_views(spec, modules):
        problems += _long_keys(view) + _key_positions(view) + _hints(view)
    for module in modules:
        for quiz in module.quizzes.values():
            if quiz is not None:
                problems += _above(quiz)
    problems += _course_key_positions(spec, modules, yaml_path)
    problems += _truefalse_balance(spec, modules, yaml_path)
    problems += _unlimited_retakes(spec, modules, yaml_path)
    return problems


def _long_keys(view: QuizView) -> list[Problem]:
    """Too many keys that are the longest option: a summary on line 1 naming them, and a warning on
    each clearly longest one when those alone are too many."""
    figures = quiz_figures(view.questions)
    if not figures.choice:
        return []
    ratios = {q.id: r for q in view.questions if (r := key_ratio(q)) is not None}
    path = view.quiz.path
    problems = []
    if figures.clearly_longest / figures.choice > LONG_KEY_SHARE:
        for q in view.questions:
            ratio = ratios.get(q.id, 0)
            if q.id in view.own and ratio > LONG_KEY_RATIO:
                message = N_(
                    "question '%(id)s': the correct option is %(ratio)s× as long as the longest "
                    "distractor (write distractors as long and as specific as the key)",
                    id=q.id,
                    ratio=format(ratio, ".2f"),
                )
                problems.append(warning(path, q.line, message))
    longest = [qid for qid, ratio in ratios.items() if ratio > 1 and qid in view.own]
    if longest and (problems or figures.longest / figures.choice > LONG_KEY_SHARE):
        summary = N_(
            "in %(longest)s of %(choice)s choice questions the correct option is the longest, "
            "in %(clearly)s more than %(ratio)s× as long as every distractor "
            "(more than %(share)s is a cue: a reader can pick the longest option without "
            "having read the module): %(ids)s",
            longest=figures.longest,
            choice=figures.choice,
            clearly=figures.clearly_longest,
            ratio=format(LONG_KEY_RATIO, "g"),
            share=_share(LONG_KEY_SHARE),
            ids=", ".join(longest),
        )
        problems.append(warning(path, 1, summary))
    return problems


def _key_positions(view: QuizView) -> list[Problem]:
    figures = quiz_figures(view.questions)
    position, count = figures.top_position
    if figures.single < KEY_POSITION_MIN or count / figures.single <= KEY_POSITION_SHARE:
        return []
    if not any(q.id in view.own and key_position(q) == position for q in view.questions):
        return []  # the localised questions of a translation are not the ones at that position
    message = N_(
        "%(count)s of %(single)s single-choice questions have their correct option in position "
        "%(position)s (more than %(share)s): vary the key's position in source order "
        "(shuffling hides it from learners, not from the habit)",
        count=count,
        single=figures.single,
        position=position + 1,
        share=_share(KEY_POSITION_SHARE),
    )
    return [warning(view.quiz.path, 1, message)]


def _course_key_positions(spec: CourseSpec, modules: list[LoadedModule], yaml_path: str) -> list[Problem]:
    """The same habit across the course's source quizzes, which may each be too short to show it."""
    sources = [(m.slug, quiz) for m in modules if (quiz := m.quizzes.get(spec.source_lang)) is not None]
    figures = quiz_figures([q for _slug, quiz in sources for q in quiz.questions])
    position, count = figures.top_position
    if figures.single < KEY_POSITION_MIN or count / figures.single <= KEY_POSITION_SHARE:
        return []
    message = N_(
        "%(count)s of %(single)s single-choice questions of the course have their correct option in "
        "position %(position)s (more than %(share)s): vary the key's position in source order",
        count=count,
        single=figures.single,
        position=position + 1,
        share=_share(KEY_POSITION_SHARE),
    )
    return [warning(yaml_path, 1, message)]


def _hints(view: QuizView) -> list[Problem]:
    problems = []
    for q in view.questions:
        if q.id not in view.own:
            continue
        share, shared = hint_overlap(q)
        if shared and share >= HINT_OVERLAP_SHARE:
            words = ", ".join(f"'{term}'" for term in shared[:_MAX_LISTED])
            message = N_(
                "question '%(id)s': the hint repeats words of the correct answer (%(words)s): "
                "help the reasoning without naming the answer",
                id=q.id,
                words=words,
            )
            problems.append(warning(view.quiz.path, q.line, message))
    return problems


def _above(quiz: Quiz) -> list[Problem]:
    return [
        warning(
            quiz.path,
            option.line or q.line,
            N_(
                "option '%(option)s' of question '%(id)s' reads like 'all/none of the above': it tests "
                "elimination, not knowledge; write a real alternative",
                option=option.id,
                id=q.id,
            ),
        )
        for q in quiz.questions
        for option in above_options(q)
    ]


def _truefalse_balance(spec: CourseSpec, modules: list[LoadedModule], yaml_path: str) -> list[Problem]:
    found = [
        (q, source.path, key)
        for module in modules
        if (source := module.quizzes.get(spec.source_lang)) is not None
        for q in source.questions
        if (key := truefalse_key(q)) is not None
    ]
    trues = sum(1 for _q, _path, key in found if key)
    majority = trues >= len(found) - trues
    count = trues if majority else len(found) - trues
    if len(found) < TRUEFALSE_MIN or count / len(found) <= TRUEFALSE_SHARE:
        return []
    folder = os.path.dirname(yaml_path)
    where = ", ".join(
        f"{os.path.relpath(path, folder)}:{q.line}" for q, path, key in found if key == majority
    )
    message = N_(
        "%(count)s of %(total)s true/false questions of the course are keyed '%(key)s' "
        "(more than %(share)s): a reader who always answers '%(key)s' passes them; balance the keys (%(where)s)",
        count=count,
        total=len(found),
        key=str(majority).lower(),
        share=_share(TRUEFALSE_SHARE),
        where=where,
    )
    return [warning(yaml_path, 1, message)]


def _unlimited_retakes(spec: CourseSpec, modules: list[LoadedModule], yaml_path: str) -> list[Problem]:
    has_quiz = any(module.quizzes.get(spec.source_lang) is not None for module in modules)
    certified = spec.certificate.enabled and spec.completion == "quizzes"
    if not (has_quiz and certified and spec.attempts == 0 and spec.retake_wait_minutes == 0):
        return []
    key = next((k for k in ("attempts", "retake_wait_minutes", "certificate") if k in spec.key_lines), "")
    message = N_(
        "the course issues a certificate and allows unlimited attempts with no waiting time "
        "(attempts: 0, retake_wait_minutes: 0): a learner can retry until the answers stick; "
        "limit attempts or set retake_wait_minutes"
    )
    return [warning(yaml_path, spec.key_lines.get(key, 1), message)]


def _share(value: float) -> str:
    return N_("a third") if abs(value - 1 / 3) < 1e-9 else f"{value:.0%}".replace("%", " %")
