"""Trainer pages: the cohort of a course and the item analysis of a module's quiz, with CSV downloads.

Every page checks on the server that the signed-in user may manage the course (admins: all courses;
trainers: the courses assigned to them).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup

from app.analytics import charts, queries
from app.analytics.labels import quiz_labels
from app.analytics.scores import MIN_ALPHA_N, summarise, summarise_by_lang
from app.analytics.stats import QuizStats, first_attempts, localized_langs, quiz_stats, specs_from_data
from app.courses.access import managed_courses, require_manage
from app.courses.models import Course, Module
from app.courses.queries import active_modules, get_course_or_404, shown_texts
from app.progress.models import IN_PROGRESS, NOT_STARTED, PASSED
from app.web import csv as csv_export
from app.web.downloads import csv_download
from app.web.status import status_label, status_labels

bp = Blueprint("analytics", __name__, url_prefix="/trainer")

LANGUAGE_LABELS = {"de": _l("German"), "en": _l("English"), "zh": _l("Chinese")}
TYPE_LABELS = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "truefalse": _l("True or false"),
    "text": _l("Text answer"),
    "numeric": _l("Number"),
    "matching": _l("Matching"),
    "ordering": _l("Ordering"),
}


def _lang() -> str:
    return str(get_locale())


def share(value: float | None) -> str:
    """A share (0–1) as a whole percentage in the page's language; a dash when there is none."""
    return "–" if value is None else format_percent(value, "#,##0 %")


def percent(value: float | None) -> str:
    """A percentage (0–100) with one decimal in the page's language."""
    return "–" if value is None else format_decimal(value, "0.0") + "\u202f%"


def coefficient(value: float | None) -> str:
    return "–" if value is None else format_decimal(value, "0.00")


def _rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _managed(slug: str) -> Course:
    course = get_course_or_404(slug)
    require_manage(current_user, course)
    return course


def _csv(filename: str, header: list[str], rows: list[list[Any]]) -> Response:
    return csv_download(csv_export.to_csv(header, rows), filename)


def _language_names() -> dict[str, str]:
    return {code: str(label) for code, label in LANGUAGE_LABELS.items()}


# --- overview ----------------------------------------------------------------------------------------


@bp.get("/analytics")
@login_required
def overview():
    """The courses the user manages, with links to their cohort and quiz statistics."""
    if not current_user.is_trainer:
        abort(403)
    courses = managed_courses(current_user)
    lang = _lang()
    modules, titles = {}, {}
    for course in courses:  # a handful of courses per trainer
        modules[course.id] = active_modules(course)
        texts = shown_texts(course, lang)
        for module in modules[course.id]:
            titles[module.id] = texts[module.id].text.title if module.id in texts else module.slug
    return render_template(
        "analytics/overview.html", courses=courses, modules=modules, titles=titles, lang=lang
    )


# --- cohort ------------------------------------------------------------------------------------------


@bp.get("/courses/<slug>/cohort")
@login_required
def cohort(slug: str):
    """Participants × modules with status and scores; ``?format=csv`` downloads the filtered view."""
    course = _managed(slug)
    modules = active_modules(course)
    filters = queries.CohortFilter.from_args(
        request.args, [m.slug for m in modules], current_app.config["LANGUAGES"]
    )
    if request.args.get("format") == "csv":
        return _cohort_csv(course, modules, queries.cohort_all(course, filters))
    page = queries.cohort_page(course, filters)
    lang = _lang()
    texts = shown_texts(course, lang)
    return render_template(
        "analytics/cohort.html",
        course=course,
        modules=modules,
        titles={m.id: (texts[m.id].text.title if m.id in texts else m.slug) for m in modules},
        page=page,
        filters=filters,
        status_labels=status_labels(NOT_STARTED, IN_PROGRESS, PASSED),
        language_labels=LANGUAGE_LABELS,
        languages=current_app.config["LANGUAGES"],
        share=share,
        lang=lang,
    )


def _cohort_csv(course: Course, modules: list[Module], rows: list[queries.CohortRow]) -> Response:
    header = [
        _("Name"),
        _("Name in Chinese"),
        _("E-mail address"),
        _("Language"),
        _("Progress (percent)"),
        _("Modules passed"),
        _("Started"),
        _("Completed"),
        _("Course score (percent)"),
    ]
    for module in modules:
        header += [
            _("%(module)s: status", module=module.slug),
            _("%(module)s: best score (percent)", module=module.slug),
            _("%(module)s: attempts", module=module.slug),
            _("%(module)s: passed on", module=module.slug),
        ]
    table = []
    for row in rows:
        person = row.participant
        line: list[Any] = [
            person.name,
            person.name_zh,
            person.email,
            person.locale,
            row.percent,
            row.modules_passed,
            row.started_at,
            row.completed_at,
            row.score_percent,
        ]
        for module in modules:
            progress = row.modules.get(module.id)
            line += [
                status_label(row.status(module.id)),
                progress.best_percent if progress else None,
                progress.attempts if progress else 0,
                progress.passed_at if progress else None,
            ]
        table.append(line)
    return _csv(f"cohort-{course.slug}-{date.today().isoformat()}.csv", header, table)


# --- quiz statistics ---------------------------------------------------------------------------------


@bp.get("/courses/<slug>/<module_slug>/stats")
@login_required
def quiz_statistics(slug: str, module_slug: str):
    """Item analysis of one quiz revision (the published one unless ``?revision=<number>``);
    ``?attempts=all`` counts every attempt, ``?format=csv&table=questions|options`` downloads."""
    course = _managed(slug)
    module = next((m for m in course.modules if m.slug == module_slug), None)
    if module is None:
        abort(404)
    revisions = queries.revisions_with_counts(module.id)
    number = request.args.get("revision", type=int)
    if number is None:
        revision = queries.default_revision(revisions)
    else:
        revision = next((r for r, _n in revisions if r.number == number), None)
        if revision is None:
            abort(404)
    first_only = request.args.get("attempts") != "all"
    lang = _lang()
    context: dict[str, Any] = {
        "course": course,
        "module": module,
        "revisions": revisions,
        "revision": revision,
        "first_only": first_only,
        "lang": lang,
        "share": share,
        "coefficient": coefficient,
        "language_labels": LANGUAGE_LABELS,
        "type_labels": TYPE_LABELS,
    }
    if revision is None:
        return render_template("analytics/stats.html", stats=None, **context)
    texts = queries.revision_texts(revision.id)
    source = texts.get(course.source_lang) or next(iter(texts.values()), None)
    if source is None:
        return render_template("analytics/stats.html", stats=None, **context)
    shown = texts.get(lang) or source
    specs = specs_from_data(source.data)
    records = queries.attempt_records(revision.id)
    counted = first_attempts(records) if first_only else records
    stats = quiz_stats(
        specs,
        records,
        first_only=first_only,
        langs=course.languages,
        localized=localized_langs({code: text.data for code, text in texts.items() if text is not source}),
    )
    question_labels, part_labels = quiz_labels(shown.data)
    question_ids = [spec.id for spec in specs]
    scores = summarise(counted, question_ids)
    by_lang = summarise_by_lang(counted, question_ids, stats.langs)
    if request.args.get("format") == "csv":
        if request.args.get("table") == "options":
            return _options_csv(course, module, revision.number, stats, part_labels)
        return _questions_csv(course, module, revision.number, stats)
    return render_template(
        "analytics/stats.html",
        stats=stats,
        quiz=shown.data,
        part_labels=part_labels,
        overview_chart=_overview_chart(stats, question_labels),
        scores=scores,
        score_rows=[(_("All languages"), scores)]
        + [(str(LANGUAGE_LABELS.get(code, code)), s) for code, s in by_lang.items() if s.n],
        min_alpha_n=MIN_ALPHA_N,
        percent=percent,
        part_charts=_part_charts(stats, part_labels),
        **context,
    )


def _small_note(stats: QuizStats) -> str:
    return _("hollow: fewer than %(n)d attempts", n=stats.min_n)


def _overview_chart(stats: QuizStats, labels: dict[str, str]) -> Markup:
    flagged = [
        f"{q.position}. {q.id} ({', '.join(sorted(q.flagged_langs))})" for q in stats.questions if q.flags
    ]
    desc = _(
        "Share of points earned per question over %(n)d attempts; markers show each language.", n=stats.n
    )
    if flagged:
        desc += " " + _("Stands out by language: %(questions)s.", questions="; ".join(flagged))
    return charts.bar_chart(
        charts.facility_bars(stats, labels, share),
        chart_id="facility",
        title=_("Facility per question"),
        desc=desc,
        langs=[lang for lang in stats.langs if stats.n_by_lang.get(lang)],
        lang_names=_language_names(),
        small_note=_small_note(stats),
    )


def _part_charts(stats: QuizStats, part_labels: dict[str, dict[str, str]]) -> dict[str, Markup]:
    result = {}
    langs = [lang for lang in stats.langs if stats.n_by_lang.get(lang)]
    for q in stats.questions:
        if not (q.overall.choices or q.overall.pairs):
            continue
        if q.overall.pairs:
            title = _("Question %(number)d: right partner chosen per row", number=q.position)
        elif q.type == "ordering":
            title = _("Question %(number)d: items put in the right place", number=q.position)
        else:
            title = _("Question %(number)d: how often each option was chosen", number=q.position)
        result[q.id] = charts.bar_chart(
            charts.part_bars(q, langs, stats.min_n, part_labels.get(q.id, {}), share),
            chart_id=f"parts-{q.position}",
            title=title,
            desc=_("Share of %(n)d attempts; correct answers in green, markers per language.", n=q.overall.n),
            langs=langs,
            lang_names=_language_names(),
            small_note=_small_note(stats),
        )
    return result


def _csv_name(course: Course, module: Module, number: int, table: str) -> str:
    return f"stats-{course.slug}-{module.slug}-r{number}-{table}.csv"


def _questions_csv(course: Course, module: Module, number: int, stats: QuizStats) -> Response:
    header = [
        _("Question"),
        _("Question id"),
        _("Type"),
        _("Language"),
        _("Attempts"),
        _("Facility"),
        _("Full points"),
        _("Item-rest correlation"),
        _("Upper-lower index"),
        _("Stands out"),
    ]
    rows = []
    for q in stats.questions:
        cells = [(_("all"), q.overall)] + [(lang, q.by_lang[lang]) for lang in stats.langs]
        for group, cell in cells:
            rows.append(
                [
                    q.position,
                    q.id,
                    q.type,
                    group,
                    cell.n,
                    _rounded(cell.facility),
                    _rounded(cell.full_credit),
                    _rounded(cell.item_rest),
                    _rounded(cell.upper_lower),
                    _("yes")
                    if group in q.flagged_langs
                    else _("localised – not comparable")
                    if group in q.localized
                    else "",
                ]
            )
    return _csv(_csv_name(course, module, number, "questions"), header, rows)


def _options_csv(
    course: Course, module: Module, number: int, stats: QuizStats, part_labels: dict[str, dict[str, str]]
) -> Response:
    header = [
        _("Question"),
        _("Question id"),
        _("Language"),
        _("Row"),
        _("Answer"),
        _("Answer text"),
        _("Correct"),
        _("Count"),
        _("Share"),
        _("Attempts"),
    ]
    rows = []
    for q in stats.questions:
        labels = part_labels.get(q.id, {})
        cells = [(_("all"), q.overall)] + [(lang, q.by_lang[lang]) for lang in stats.langs]
        for group, cell in cells:
            for choice in cell.choices:
                rows.append([q.position, q.id, group, "", choice.id, labels.get(choice.id, ""), choice.correct,
                             choice.count, _rounded(choice.share), cell.n])  # fmt: skip
            for pair in cell.pairs:
                for choice in pair.choices:
                    rows.append([q.position, q.id, group, pair.left, choice.id,
                                 labels.get("right:" + choice.id, ""), choice.correct, choice.count,
                                 _rounded(choice.share), cell.n])  # fmt: skip
            for text, count in cell.answers:
                rows.append(
                    [q.position, q.id, group, "", "", text, "", count, _rounded(count / cell.n), cell.n]
                )
    return _csv(_csv_name(course, module, number, "options"), header, rows)
