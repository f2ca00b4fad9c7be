"""Signals other features subscribe to. Certificates listen for completed courses."""

from blinker import Namespace

_signals = Namespace()

#: Sent with sender=None, user_id=…, course_id=… once, when a participant completes a course.
course_completed = _signals.signal("course-completed")
