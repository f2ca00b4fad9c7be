"""Every feature's models, imported in one place so that SQLAlchemy's metadata (and Alembic) sees them all."""

from app.audit.models import AuditEvent  # noqa: F401  (registers the audit log)
from app.auth.models import User
from app.authoring.models import Draft  # noqa: F401  (registers the drafts table)
from app.certificates.models import Certificate  # noqa: F401  (registers the certificates table)
from app.courses.models import (
    Course,
    CourseAsset,
    CourseTrainer,
    Module,
    ModuleRevision,
    ModuleText,
    QuizRevision,
    QuizText,
)
from app.hrapi.models import ApiToken  # noqa: F401  (registers the API tokens)
from app.jobs.models import JobRun  # noqa: F401  (registers the background jobs)
from app.mail.models import MailDelivery  # noqa: F401  (registers the delivered messages)
from app.orgs.models import Invitation, Membership, Organisation  # noqa: F401  (registers the company tables)
from app.progress.models import CourseProgress, ModuleProgress
from app.quizzes.models import QuizAttempt
from app.sessions.models import UserSession  # noqa: F401  (registers the sign-in sessions)
from app.workshops.models import CalendarFeed, Registration, Workshop  # noqa: F401  (registers the workshops)

__all__ = [
    "Course", "CourseAsset", "CourseProgress", "CourseTrainer", "Module", "ModuleProgress", "ModuleRevision", "ModuleText",
    "QuizAttempt", "QuizRevision", "QuizText", "User",
]  # fmt: skip
