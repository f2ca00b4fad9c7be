"""File downloads (PDF, CSV, XLSX, ZIP) as responses that no cache keeps: they name people."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from flask import Response, send_file, stream_with_context

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def no_store(response: Response) -> Response:
    """Keep ``response`` out of every cache, the browser's included (a shared computer)."""
    response.headers["Cache-Control"] = "no-store"
    return response


def attachment(data: bytes, mimetype: str, filename: str) -> Response:
    """``data`` as a file to save under ``filename``."""
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return no_store(response)


def csv_download(data: bytes, filename: str) -> Response:
    """CSV bytes (UTF-8 with a byte-order mark, see app/web/csv.py) as a download."""
    response = attachment(data, "text/csv", filename)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    return response


def xlsx_download(data: bytes, filename: str) -> Response:
    """An Excel workbook as a download."""
    return attachment(data, XLSX_MIMETYPE, filename)


def pdf_download(data: bytes, filename: str) -> Response:
    """A PDF as a download without ETag or range answers: every request gets the whole, current file."""
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=filename,
        etag=False,
        conditional=False,
    )
    return no_store(response)


def zip_download(chunks: Iterable[bytes] | Iterator[bytes], filename: str) -> Response:
    """A ZIP archive streamed chunk by chunk while it is written (inside the request's context)."""
    response = Response(stream_with_context(chunks), mimetype="application/zip")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return no_store(response)
