"""gunicorn's settings for ChInValue Academy, read by gunicorn from the folder it is started in.

gunicorn has no setting for its ``Server: gunicorn`` header, which tells every visitor (and scanner) what
serves the platform. Its response class is replaced by one that leaves the header out; the workers, forked
from the master that reads this file, inherit it. (tests/security/test_server_header.py starts gunicorn as
docs/deployment.md does and checks.)
"""

from gunicorn.http import wsgi as gunicorn_wsgi


class _ResponseWithoutServer(gunicorn_wsgi.Response):
    def default_headers(self) -> list[str]:
        return [line for line in super().default_headers() if not line.lower().startswith("server:")]


gunicorn_wsgi.Response = _ResponseWithoutServer  # type: ignore[misc]
