"""Every feature's models, imported in one place so that SQLAlchemy's metadata (and Alembic) sees them all."""

from app.auth.models import User
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

__all__ = [
    "Course", "CourseAsset", "CourseTrainer", "Module", "ModuleRevision", "ModuleText", "QuizRevision",
    "QuizText", "User",
]  # fmt: skip
