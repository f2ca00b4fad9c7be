"""Demo workshops for `flask demo load`: one on site in Düsseldorf, one online from Suzhou, a delegation trip
in Shanghai's time zone, and one past workshop with attendance and the blended certificates it earned.

Made through the real services (times, seats, attendance, certificates); idempotent by English title.
The past workshop's registrations are written directly (registration closed when it began) and its
attendees are checked in through ``attendance.check_in``, which issues their certificates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.courses.models import Course
from app.extensions import db
from app.progress.models import CourseProgress
from app.timeutil import utcnow
from app.workshops import attendance, services
from app.workshops.models import CERTIFICATE_PATH, PREPARE, REGISTERED, Registration, Workshop

TRAINER = "trainer@chinvalue.example"
PARTICIPANT = "participant@chinvalue.example"
DUESSELDORF = "BIO.NRW, Merowingerplatz 1a, 40225 Düsseldorf"


@dataclass(frozen=True)
class _Spec:
    title: dict[str, str]
    description: dict[str, str]
    course: str
    #: Days from today (negative: in the past) and the local start hour, in ``zone``.
    days: int
    hour: int
    length_hours: int
    zone: str
    capacity: int
    cpd_hours: float
    venue: str | None = None
    online_url: str | None = None
    #: How many days it lasts (the delegation trip: two).
    days_long: int = 1


SPECS = (
    _Spec(
        {"de": "Verhandeln mit chinesischen Partnern – Workshoptag", "en": "Negotiating with Chinese partners – workshop day",
         "zh": "与中国伙伴谈判——研讨会日"},
        {"de": "Fallstudien, Rollenspiele und ein Bankett-Knigge; vorbereiten mit dem Kurs zu Werten in der deutsch-chinesischen Zusammenarbeit.",
         "en": "Case studies, role plays and banquet etiquette; prepare with the course on cultural values.",
         "zh": "案例研究、角色扮演与宴请礼仪；请先学习中德商务文化价值观课程。"},
        "sino-german-culture", 21, 9, 8, "Europe/Berlin", 24, 7, venue=DUESSELDORF,
    ),
    _Spec(
        {"de": "Schutz geistigen Eigentums: Live-Fragestunde aus Suzhou", "en": "IP protection in China: live Q&A from Suzhou",
         "zh": "在华知识产权保护：苏州线上答疑"},
        {"de": "Fragen an eine Patentanwältin im Suzhou Industrial Park, online.",
         "en": "Questions to a patent attorney in Suzhou Industrial Park, online.",
         "zh": "与苏州工业园区的专利律师在线交流。"},
        "ip-china", 35, 16, 2, "Asia/Shanghai", 100, 2, online_url="https://meet.chinvalue.example/suzhou-ip",
    ),
    _Spec(
        {"de": "Delegationsreise Shanghai: Markteintritt vor Ort", "en": "Delegation trip to Shanghai: market entry on site",
         "zh": "上海考察团：实地了解市场进入"},
        {"de": "Zwei Tage mit Behördenterminen, Partnerbesuchen und einem Workshop im German Centre.",
         "en": "Two days of meetings with authorities, partner visits and a workshop at the German Centre.",
         "zh": "两天行程：拜访主管部门、合作伙伴，并在德国中心参加研讨会。"},
        "market-entry-china", 60, 9, 9, "Asia/Shanghai", 15, 14,
        venue="German Centre for Industry and Trade, 88 Keyuan Road, Pudong, Shanghai", days_long=2,
    ),
    _Spec(
        {"de": "Markteintrittsstrategien – Workshoptag", "en": "Market-entry strategies – workshop day",
         "zh": "市场进入战略——研讨会日"},
        {"de": "Markteintrittsformen, Zulassung und Erstattung, mit Fallbeispielen aus NRW.",
         "en": "Entry modes, approval and reimbursement, with cases from North Rhine-Westphalia.",
         "zh": "市场进入方式、审批与报销，结合北威州企业案例。"},
        "market-entry-china", -20, 9, 8, "Europe/Berlin", 20, 7, venue=DUESSELDORF,
    ),
)  # fmt: skip
#: Attendees of the past workshop besides the demo participant (cohort members who completed its course).
PAST_ATTENDEES = 6


def _create(spec: _Spec, trainer: User, course: Course) -> Workshop:
    day = (datetime.now() + timedelta(days=spec.days)).replace(
        hour=spec.hour, minute=0, second=0, microsecond=0
    )
    ends = day + timedelta(days=spec.days_long - 1, hours=spec.length_hours)
    plan = services.Plan(
        title=spec.title, description=spec.description, starts=day, ends=ends, timezone=spec.zone,
        capacity=spec.capacity, format="online" if spec.venue is None else "on_site", venue=spec.venue,
        online_url=spec.online_url, cpd_hours=spec.cpd_hours,
        deadline=day - timedelta(days=2) if spec.days > 2 else None,
        courses={PREPARE: [course], CERTIFICATE_PATH: [course]}, trainers=[trainer],
    )  # fmt: skip
    return services.create_workshop(plan)


def _attend_past(workshop: Workshop, course: Course) -> int:
    """Register the demo participant and a few who completed the course; all but one attended."""
    completed = select(CourseProgress.user_id).where(
        CourseProgress.course_id == course.id, CourseProgress.completed_at.is_not(None)
    )
    demo = db.session.scalar(select(User).where(User.email == PARTICIPANT))
    others = db.session.scalars(
        select(User)
        .where(User.id.in_(completed), User.email != PARTICIPANT)
        .order_by(User.id)
        .limit(PAST_ATTENDEES)
    ).all()
    people = ([demo] if demo else []) + list(others)
    when = workshop.starts_at - timedelta(days=10)
    for person in people:
        db.session.add(
            Registration(workshop_id=workshop.id, user_id=person.id, status=REGISTERED, created_at=when)
        )
    workshop.registered_count = len(people)
    db.session.flush()
    for person in people[:-1] if len(people) > 1 else people:
        attendance.check_in(workshop, person.id, None, now=workshop.starts_at + timedelta(minutes=5))
    attendance.record_no_shows(workshop, now=utcnow())
    return len(people)


def demo_workshops() -> list[Workshop]:
    """Create the demo workshops that do not exist yet; returns those created. Flushes; the caller commits."""
    trainer = db.session.scalar(select(User).where(User.email == TRAINER))
    if trainer is None:
        return []
    existing = {workshop.title.get("en") for workshop in db.session.scalars(select(Workshop))}
    created = []
    for spec in SPECS:
        course = db.session.scalar(select(Course).where(Course.slug == spec.course))
        if course is None or spec.title["en"] in existing:
            continue
        workshop = _create(spec, trainer, course)
        if spec.days < 0:
            _attend_past(workshop, course)
        created.append(workshop)
    db.session.flush()
    return created
