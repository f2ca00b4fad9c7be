"""What can go wrong with a workshop, as domain errors; routes and the CLI turn them into messages."""


class WorkshopError(ValueError):
    """A refused change; ``str(error)`` is an English sentence for the command line and the logs, ``code``
    names the problem for the pages (messages.py words it in the user's language), ``values`` fill it in."""

    def __init__(self, message: str, code: str = "invalid", **values: object) -> None:
        super().__init__(message)
        self.code, self.values = code, values


class BadTimes(WorkshopError):
    pass


class BadCapacity(WorkshopError):
    pass


class BadInput(WorkshopError):
    pass


class RegistrationClosed(WorkshopError):
    pass


class AlreadyRegistered(WorkshopError):
    pass


class NotRegistered(WorkshopError):
    pass


class CheckInRefused(WorkshopError):
    """A check-in that cannot count; ``reason`` is one of expired, not_registered, not_now, invalid."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"check-in refused: {reason}", reason)
        self.reason = reason
