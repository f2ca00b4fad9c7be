"""Reading what the analytics pages show, in a fixed number of queries whatever the cohort size."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, exists, false, func, or_, select

from app.analytics.stats import AttemptRecord
from app.auth.models import User
from app.courses.models import PUBLISHED, Course, Module, QuizRevision, QuizText
from app.extensions import db
from app.progress.models import IN_PROGRESS, NOT_STARTED, PASSED, CourseProgress, ModuleProgress
from app.quizzes.models import QuizAttempt
from app.web.pager import page_number, paginate

STATUSES = (NOT_STARTED, IN_PROGRESS, PASSED)
SORTS = ("name", "-name", "progress", "-progress", "completed", "-completed")
PER_PAGE = 50
MAX_SEARCH = 100


# --- quiz statistics ---------------------------------------------------------------------------------


def revisions_with_counts(module_id: int) -> list[tuple[QuizRevision, int]]:
    """The module's quiz revisions, oldest first, each with its number of submitted attempts (one query)."""
    counts = (
        select(QuizAttempt.quiz_revision_id, func.count(QuizAttempt.id).label("n"))
        .where(QuizAttempt.module_id == module_id, QuizAttempt.submitted_at.is_not(None))
        .group_by(QuizAttempt.quiz_revision_id)
        .subquery()
    )
    rows = db.session.execute(
        select(QuizRevision, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.quiz_revision_id == QuizRevision.id)
        .where(QuizRevision.module_id == module_id)
        .order_by(QuizRevision.number)
    )
    return [(revision, int(n)) for revision, n in rows]


def default_revision(revisions: Sequence[tuple[QuizRevision, int]]) -> QuizRevision | None:
    """The latest revision that has attempts (a revision just published has none, and its statistics page
    would be empty), else the latest published one, else the latest one.

    :param revisions: (revision, number of submitted attempts), oldest first, as `revisions_with_counts`.
    """
    attempted = [r for r, n in revisions if n]
    published = [r for r, _n in revisions if r.status == PUBLISHED]
    return (attempted or published or [r for r, _n in revisions] or [None])[-1]


def revision_texts(revision_id: int) -> dict[str, QuizText]:
    return {
        text.lang: text
        for text in db.session.scalars(select(QuizText).where(QuizText.revision_id == revision_id))
    }


def attempt_records(revision_id: int) -> list[AttemptRecord]:
    """Every submitted attempt on a quiz revision, as plain records (one query, columns only)."""
    rows = db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.number,
            QuizAttempt.lang,
            QuizAttempt.percent,
            QuizAttempt.results,
            QuizAttempt.responses,
        )
        .where(QuizAttempt.quiz_revision_id == revision_id, QuizAttempt.submitted_at.is_not(None))
        .order_by(QuizAttempt.id)
    )
    return [
        AttemptRecord(user_id, number, lang, float(percent or 0), results or {}, responses or {})
        for user_id, number, lang, percent, results, responses in rows
    ]


# --- cohort ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortFilter:
    """The cohort view's filters, validated: anything unknown is ignored."""

    status: str | None = None
    #: The module ``status`` refers to; None: the course (passed = completed, else in progress).
    module: str | None = None
    lang: str | None = None
    search: str = ""
    completed: bool | None = None
    sort: str = "name"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str], modules: Sequence[str], langs: Sequence[str]) -> CohortFilter:
        status = args.get("status")
        module = args.get("module")
        lang = args.get("lang")
        completed = {"yes": True, "no": False}.get(args.get("completed") or "")
        sort = args.get("sort") or "name"
        return cls(
            status=status if status in STATUSES else None,
            module=module if module in modules else None,
            lang=lang if lang in langs else None,
            search=" ".join((args.get("q") or "").split())[:MAX_SEARCH],
            completed=completed,
            sort=sort if sort in SORTS else "name",
            page=min(page_number(args), 1_000_000),
        )

    def args(self, **changes: object) -> dict[str, object]:
        """The filter as query arguments (for links), with ``changes`` applied; empty values left out."""
        values: dict[str, object] = {
            "status": self.status,
            "module": self.module,
            "lang": self.lang,
            "q": self.search,
            "completed": {True: "yes", False: "no"}.get(self.completed)
            if self.completed is not None
            else None,
            "sort": self.sort if self.sort != "name" else None,
            "page": self.page if self.page != 1 else None,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "")}


@dataclass(frozen=True)
class Participant:
    id: int
    name: str
    name_zh: str | None
    email: str
    locale: str


@dataclass(frozen=True)
class CohortRow:
    participant: Participant
    percent: float
    modules_passed: int
    started_at: datetime
    completed_at: datetime | None
    score_percent: float | None
    #: module id -> the participant's progress in it (absent: not started).
    modules: dict[int, ModuleProgress] = field(default_factory=dict)

    def status(self, module_id: int) -> str:
        row = self.modules.get(module_id)
        if row is None:
            return NOT_STARTED
        return PASSED if row.status == PASSED else IN_PROGRESS


@dataclass(frozen=True)
class CohortPage:
    rows: list[CohortRow]
    total: int
    page: int
    pages: int
    per_page: int


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def _filtered(course: Course, f: CohortFilter, modules_by_slug: Mapping[str, Module]) -> Select:
    query = (
        select(User, CourseProgress)
        .join(CourseProgress, CourseProgress.user_id == User.id)
        .where(CourseProgress.course_id == course.id)
    )
    if f.lang:
        query = query.where(User.locale == f.lang)
    if f.search:
        pattern = _like(f.search)
        query = query.where(
            or_(
                func.lower(User.name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
                func.lower(func.coalesce(User.name_zh, "")).like(pattern, escape="\\"),
            )
        )
    if f.completed is True:
        query = query.where(CourseProgress.completed_at.is_not(None))
    elif f.completed is False:
        query = query.where(CourseProgress.completed_at.is_(None))
    if f.status:
        module = modules_by_slug.get(f.module or "")
        if module is None:  # the course as a whole
            if f.status == PASSED:
                query = query.where(CourseProgress.completed_at.is_not(None))
            elif f.status == IN_PROGRESS:
                query = query.where(CourseProgress.completed_at.is_(None))
            else:  # everyone in the cohort has opened a module
                query = query.where(false())
        else:
            row = exists().where(ModuleProgress.user_id == User.id, ModuleProgress.module_id == module.id)
            if f.status == NOT_STARTED:
                query = query.where(~row)
            elif f.status == PASSED:
                query = query.where(row.where(ModuleProgress.status == PASSED))
            else:
                query = query.where(row.where(ModuleProgress.status != PASSED))
    return query


def _sorted(query: Select, sort: str) -> Select:
    name = func.lower(User.name)
    keys = {
        "name": (name.asc(),),
        "-name": (name.desc(),),
        "progress": (CourseProgress.percent.asc(), name.asc()),
        "-progress": (CourseProgress.percent.desc(), name.asc()),
        "completed": (CourseProgress.completed_at.is_(None), CourseProgress.completed_at.asc(), name.asc()),
        "-completed": (CourseProgress.completed_at.is_(None), CourseProgress.completed_at.desc(), name.asc()),
    }
    return query.order_by(*keys[sort], User.id)


def _rows(
    pairs: Sequence[tuple[User, CourseProgress]], progress: Sequence[ModuleProgress]
) -> list[CohortRow]:
    by_user: dict[int, dict[int, ModuleProgress]] = {}
    for row in progress:
        by_user.setdefault(row.user_id, {})[row.module_id] = row
    return [
        CohortRow(
            participant=Participant(user.id, user.name, user.name_zh, user.email, user.locale),
            percent=course_row.percent,
            modules_passed=course_row.modules_passed,
            started_at=course_row.started_at,
            completed_at=course_row.completed_at,
            score_percent=course_row.score_percent,
            modules=by_user.get(user.id, {}),
        )
        for user, course_row in pairs
    ]


def cohort_page(course: Course, f: CohortFilter, per_page: int | None = None) -> CohortPage:
    """One page of the filtered cohort: three queries (count, participants, their module progress)."""
    per_page = per_page or PER_PAGE
    modules_by_slug = {m.slug: m for m in course.modules}
    query = _filtered(course, f, modules_by_slug)
    found = paginate(_sorted(query, f.sort), f.page, per_page, scalars=False)
    pairs = [tuple(row) for row in found.items]
    user_ids = [user.id for user, _row in pairs]
    progress = list(
        db.session.scalars(
            select(ModuleProgress).where(
                ModuleProgress.course_id == course.id, ModuleProgress.user_id.in_(user_ids)
            )
        )
    )
    return CohortPage(_rows(pairs, progress), found.total, found.page, found.pages, per_page)


def cohort_all(course: Course, f: CohortFilter) -> list[CohortRow]:
    """The whole filtered cohort (for the CSV export): two queries."""
    modules_by_slug = {m.slug: m for m in course.modules}
    query = _sorted(_filtered(course, f, modules_by_slug), f.sort)
    pairs = [tuple(row) for row in db.session.execute(query)]
    progress = list(
        db.session.scalars(
            select(ModuleProgress).where(
                ModuleProgress.course_id == course.id,
                ModuleProgress.user_id.in_(query.with_only_columns(User.id).order_by(None)),
            )
        )
    )
    return _rows(pairs, progress)
