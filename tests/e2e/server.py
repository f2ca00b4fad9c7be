"""The real app as a separate process on a free loopback port, with its own throwaway SQLite database.

It is set up exactly as `make run` does (`flask db upgrade`, `flask demo load`), so the browser sees what a
newcomer sees; the only differences are the port, the temporary instance folder and generous login limits.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Settings of the developer's shell or .env that must not reach the test server (a real mail server, a
#: PostgreSQL database, a signing key, another instance folder …).
LEAKY = (
    "APP_CONFIG", "DATABASE_URL", "TEST_DATABASE_URL", "INSTANCE_PATH", "MAIL_SERVER", "MAIL_PORT",
    "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_OUTBOX", "SIGNING_PKCS12",
    "SIGNING_PASSPHRASE", "SIGNING_KEY", "SIGNING_CERT", "SIGNING_TRUST_ROOTS", "SIGNING_TSA_URL",
    "SIGNING_TSA_USERNAME", "SIGNING_TSA_PASSWORD", "SIGNING_TSA_TRUST_ROOTS", "SIGNING_CRL_URL", "SIGNING_CRL_FILE",
    "RATELIMIT_STORAGE_URI", "PROXY_COUNT", "SESSION_COOKIE_SECURE", "DEFAULT_LOCALE", "FLASK_DEBUG",
)  # fmt: skip

#: Runs several `flask` commands through Flask's own command line, as `flask ARGS` would, in one process.
RUN_COMMANDS = """
import json, sys
from flask.cli import cli
for args in json.loads(sys.argv[1]):
    code = cli.main(args=args, prog_name="flask", standalone_mode=False)
    if code:
        sys.exit(f"flask {' '.join(args)} exited with {code}")
"""


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it, or ``E2E_PORT`` when several runs share a
    machine and each keeps to its own ports)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", int(os.environ.get("E2E_PORT") or 0)))
        return sock.getsockname()[1]


class LiveServer:
    """``flask run`` in a subprocess; ``cli()`` runs other ``flask`` commands against the same database."""

    def __init__(self, instance: Path) -> None:
        self.instance = instance
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = instance / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        env = {key: value for key, value in os.environ.items() if key not in LEAKY}
        env.update(
            APP_CONFIG="development",
            FLASK_APP="app",
            FLASK_SKIP_DOTENV="1",  # a developer's .env must not point the test server elsewhere
            INSTANCE_PATH=str(instance),
            DATABASE_URL=f"sqlite:///{instance / 'academy.db'}",
            SECRET_KEY="e2e-secret-key-not-for-production-0123456789",
            SERVER_BASE_URL=self.base_url,
            DEFAULT_LOCALE="de",
            # The limits stay switched on (the real code path) but out of reach of a test run, which
            # signs in a dozen times a minute from one address.
            LOGIN_RATE_LIMIT="1000 per minute",
            RESET_RATE_LIMIT="1000 per minute",
            PYTHONUNBUFFERED="1",
        )
        self.env = env

    def cli(self, *commands: tuple[str, ...], timeout: float = 180) -> str:
        """Run ``flask`` commands (each a tuple of arguments) for this server's database, in order and in
        one process (the app's imports take seconds); returns their output, fails loudly on an error."""
        result = subprocess.run(
            [sys.executable, "-c", RUN_COMMANDS, json.dumps(commands)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"flask {commands} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self, timeout: float = 30) -> None:
        """Serve on the port and wait until /healthz answers."""
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "run", "--host", "127.0.0.1", "--port", str(self.port),
             "--no-reload", "--no-debugger", "--with-threads"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at once:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        """The server's output so far (shown when a browser test fails)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # -- the mail the server wrote to its outbox --------------------------------------------------------

    def mail_to(self, address: str, at_least: int = 1, wait: float = 15.0) -> list[Message]:
        """The messages to ``address`` in the outbox, oldest first. Mail leaves after the answer (a job run
        once the request has committed), so this waits up to ``wait`` seconds for ``at_least`` of them."""
        folder = self.instance / "outbox"
        deadline = time.monotonic() + wait
        while True:
            files = sorted(folder.glob("*.eml")) if folder.exists() else []
            messages = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
            found = [m for m in messages if m["To"] == address]
            if len(found) >= at_least or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def link_in_mail(self, address: str) -> str:
        """The first link in the newest message to ``address`` (an absolute URL on this server)."""
        messages = self.mail_to(address)
        assert messages, f"no mail to {address} in the outbox"
        body = messages[-1].get_body(preferencelist=("plain",)).get_content()
        found = re.search(r"https?://\S+", body)
        assert found, f"no link in the mail to {address}:\n{body}"
        return found.group(0)
