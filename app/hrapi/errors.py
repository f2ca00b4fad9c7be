"""The API's error object: ``{"error": {"status", "code", "message", ...}}`` in the client's language."""

from __future__ import annotations

from flask import Response, jsonify


class ApiError(Exception):
    """Raised by the API's views; turned into the error object with its HTTP status."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def error_response(status: int, code: str, message: str, **extra: object) -> Response:
    response = jsonify({"error": {"status": status, "code": code, "message": message, **extra}})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
