"""Mail about registrations, sent only once the transaction that caused it has committed.

``queue`` renders the message at once (in the recipient's language, while the data can be read) and hands
it to the mail job, which runs after the commit; a rolled-back request sends nothing.
"""

from __future__ import annotations

from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.mail.jobs import send_later
from app.mail.outbox import build_message
from app.timeutil import viewer_zone
from app.urls import external_url
from app.workshops import ics
from app.workshops.models import Registration

CONFIRMED, WAITLISTED, PROMOTED, CANCELLED_BY_YOU = "confirmed", "waitlisted", "promoted", "cancelled"
CHANGED, WORKSHOP_CANCELLED, REMINDER = "changed", "workshop_cancelled", "reminder"
SUBJECTS = {
    CONFIRMED: _l("Registered: %(title)s"),
    WAITLISTED: _l("On the waiting list: %(title)s"),
    PROMOTED: _l("A seat is free for you: %(title)s"),
    CANCELLED_BY_YOU: _l("Registration cancelled: %(title)s"),
    CHANGED: _l("Changed: %(title)s"),
    WORKSHOP_CANCELLED: _l("Called off: %(title)s"),
    REMINDER: _l("Tomorrow: %(title)s"),
}
#: Which mails carry the event: a seat (REQUEST) or its withdrawal (CANCEL).
WITH_EVENT = {CONFIRMED: "REQUEST", PROMOTED: "REQUEST", CHANGED: "REQUEST", REMINDER: "REQUEST",
              CANCELLED_BY_YOU: "CANCEL", WORKSHOP_CANCELLED: "CANCEL"}  # fmt: skip


def absolute(endpoint: str, **values: object) -> str:
    """An absolute link, also from the command line (SERVER_BASE_URL, else the development server)."""
    if has_request_context():
        return external_url(endpoint, **values)
    base = current_app.config.get("SERVER_BASE_URL") or "http://localhost:5000"
    with current_app.test_request_context(base_url=base):
        return external_url(endpoint, **values)


def domain() -> str:
    """The host part of the workshops' iCalendar UIDs."""
    return urlsplit(absolute("workshops.calendar")).hostname or "chinvalue.academy"


def render(kind: str, registration: Registration) -> EmailMessage:
    """The message for one registration in the recipient's language, with an .ics where it belongs."""
    user, workshop = registration.user, registration.workshop
    lang = user.locale if user.locale in ("de", "en", "zh") else "de"
    url = absolute("workshops.detail", workshop_id=workshop.id)
    with force_locale(lang):
        title = workshop.title_in(lang)
        text = render_template(
            "emails/workshop_notice.txt", kind=kind, user=user, workshop=workshop, title=title, url=url,
            zone=viewer_zone(user.timezone, lang), lang=lang,
            feed=absolute("workshops.my_workshops"),
        )  # fmt: skip
        message = build_message(user.email, str(SUBJECTS[kind]) % {"title": title}, text)
    method = WITH_EVENT.get(kind)
    if method:
        item = ics.event(workshop, lang, domain(), url, show_link=method == "REQUEST")
        if method == "CANCEL":
            item["status"] = "CANCELLED"
        body = ics.calendar([item], method=method)
        message.add_attachment(
            body,
            maintype="text",
            subtype="calendar",
            filename="workshop.ics",
            params={"method": method, "charset": "utf-8"},  # else mail clients read the titles as ASCII
        )
    return message


def queue(kind: str, registration: Registration) -> None:
    """Render now, send after the commit."""
    send_later(render(kind, registration))
