"""`flask courses cues`: the quiz-quality figures of every quiz as a table, to compare before and after
a revision of the quizzes (the warnings of `flask courses check` only say where a threshold is crossed)."""

from __future__ import annotations

from collections import Counter

from app.content.course.cues import quiz_views
from app.content.course.loader import LoadedCourse
from app.content.quiz.cues import LONG_KEY_RATIO, QuizFigures, quiz_figures


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "–"


def _positions(counter: Counter[int], width: int) -> str:
    return " ".join(str(counter.get(i, 0)) for i in range(width))


def _row(name: str, lang: str, f: QuizFigures, width: int) -> list[str]:
    return [
        name,
        lang,
        str(f.choice),
        _share(f.longest, f.choice),
        _share(f.clearly_longest, f.choice),
        str(f.single),
        _positions(f.positions, width),
        f"{f.true_keys}/{f.false_keys}",
    ]


def cue_table(courses: list[LoadedCourse]) -> list[str]:
    """The lines of the table: one row per quiz (and per translation with localised questions), a total
    row per course and one for all courses."""
    rows: list[tuple[str, str, QuizFigures]] = []
    totals: list[tuple[str, QuizFigures]] = []
    everything = []
    for course in courses:
        source_questions = []
        for view in quiz_views(course.spec, course.modules):
            rows.append((f"{course.spec.slug}/{view.module}", view.lang, quiz_figures(view.questions)))
            if view.lang == course.spec.source_lang:
                source_questions += view.questions
        totals.append((f"{course.spec.slug} (all quizzes)", quiz_figures(source_questions)))
        everything += source_questions
    overall = quiz_figures(everything)
    width = max([4, *(max(f.positions, default=0) + 1 for _n, _l, f in rows)])
    header = [
        "quiz",
        "lang",
        "choice",
        "key longest",
        f"key >{LONG_KEY_RATIO:g}×",
        "single",
        f"key at position 1..{width}",
        "t/f keys true/false",
    ]
    table = [header]
    table += [_row(name, lang, figures, width) for name, lang, figures in rows]
    table += [_row(name, "", figures, width) for name, figures in totals]
    table.append(_row("all courses", "", overall, width))
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(2 + len(rows), "  ".join("-" * w for w in widths))
    return lines
