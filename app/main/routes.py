"""The home page and the health check."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from app.courses.models import Course
from app.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """The welcome page; each course card leads to its course once that course is published here."""
    courses = {course.slug: course for course in db.session.scalars(select(Course))}
    return render_template("main/index.html", courses=courses)


@bp.get("/healthz")
def healthz():
    """For load balancers: 200 when the app can reach its database, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
