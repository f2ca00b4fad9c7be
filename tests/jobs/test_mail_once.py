"""The mail job delivers a message once however often it runs (a retry, an abandoned job run again after
its worker died, two workers at once): its Message-ID is recorded with the delivery. Eager, on the
suite's database and outbox folder; a real SMTP refusal (nothing listens) records nothing."""

from __future__ import annotations

import base64
import socket

from sqlalchemy import select

from app.extensions import db
from app.mail.jobs import send_mail
from app.mail.models import MailDelivery
from app.mail.outbox import build_message
from app.unit_of_work import unit_of_work


def _raw(app, to: str, message_id: str | None = None) -> tuple[str, str]:
    with app.app_context():
        message = build_message(to, "Hallo", "Ein Text.", message_id=message_id)
    return base64.b64encode(bytes(message)).decode("ascii"), str(message["Message-ID"])


def _run(app, raw: str) -> None:
    """One run of the job as perform() runs it: its own unit of work."""
    with app.app_context(), unit_of_work():
        send_mail(raw)


def _delivered(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(MailDelivery.message_id)))


def test_a_message_sent_by_two_runs_arrives_once(app, outbox):
    raw, message_id = _raw(app, "lena@example.org")
    _run(app, raw)
    _run(app, raw)
    other, other_id = _raw(app, "lena@example.org")  # the same text, a message of its own
    _run(app, other)
    ids = [m["Message-ID"] for m in outbox.messages()]
    assert sorted(ids) == sorted([message_id, other_id])
    assert sorted(_delivered(app)) == sorted([message_id, other_id])


def test_the_message_id_given_by_a_job_is_the_key(app, outbox):
    raw, message_id = _raw(app, "li@example.org", message_id="<reset-1@chinvalue.academy>")
    again, _same = _raw(app, "li@example.org", message_id="<reset-1@chinvalue.academy>")
    _run(app, raw)
    _run(app, again)  # the reset job run twice renders twice, with the Message-ID chosen in the request
    assert message_id == "<reset-1@chinvalue.academy>"
    assert [m["Message-ID"] for m in outbox.messages()] == [message_id]


def test_a_failed_delivery_is_not_recorded_and_its_retry_sends(app, outbox, monkeypatch):
    with socket.socket() as s:  # a port where nothing listens: the SMTP connection is refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    raw, message_id = _raw(app, "ada@example.org")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    try:
        _run(app, raw)
    except OSError:
        pass
    else:
        raise AssertionError("the refused connection did not raise")
    assert _delivered(app) == [] and outbox.messages() == []
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    _run(app, raw)
    assert [m["Message-ID"] for m in outbox.messages()] == [message_id]
    assert _delivered(app) == [message_id]
