"""Where the app servers' CPU goes under load: py-spy samples one server's workers for a while, and each
sample is put down to the innermost library it was in (its own time, not what that library called).

py-spy (`pip install py-spy`) reads the workers' stacks from outside, without changing the code it
samples; only running frames are sampled (a worker waiting for a request or for PostgreSQL is not).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

#: Innermost frames that wait (for PostgreSQL's answer, Redis's, the next request) rather than compute:
#: py-spy takes a thread in psycopg's wait loop for a running one.
WAITING = ("Connection.wait (", "SyncWorker.wait (", "_read_from_socket (", "wait_c (")
#: (label, a piece of the frame's file path), checked from the innermost frame outwards.
PLACES = [
    ("password hashing (scrypt)", "/werkzeug/security.py"),
    ("certificate PDF and signature (ReportLab, pyHanko)", "/reportlab/"),
    ("certificate PDF and signature (ReportLab, pyHanko)", "/pyhanko"),
    ("certificate PDF and signature (ReportLab, pyHanko)", "/asn1crypto/"),
    ("certificate PDF and signature (ReportLab, pyHanko)", "/cryptography/"),
    ("PostgreSQL driver (psycopg)", "/psycopg"),
    ("SQLAlchemy (ORM, SQL compilation)", "/sqlalchemy/"),
    ("templates (Jinja2, MarkupSafe)", "/jinja2/"),
    ("templates (Jinja2, MarkupSafe)", "/markupsafe/"),
    ("templates (Jinja2, MarkupSafe)", "<template>"),
    ("templates (Jinja2, MarkupSafe)", ".html"),
    ("translations (Babel, gettext)", "/babel/"),
    ("translations (Babel, gettext)", "/flask_babel/"),
    ("translations (Babel, gettext)", "gettext.py"),
    ("Markdown, sanitising (markdown-it, nh3)", "/markdown_it/"),
    ("Markdown, sanitising (markdown-it, nh3)", "/nh3"),
    ("forms and CSRF (WTForms, Flask-WTF)", "/wtforms/"),
    ("forms and CSRF (WTForms, Flask-WTF)", "/flask_wtf/"),
    ("rate limits (Flask-Limiter, redis)", "/flask_limiter/"),
    ("rate limits (Flask-Limiter, redis)", "/limits/"),
    ("rate limits (Flask-Limiter, redis)", "/redis/"),
    ("sessions and sign-in (Flask-Login, itsdangerous)", "/flask_login/"),
    ("sessions and sign-in (Flask-Login, itsdangerous)", "/itsdangerous/"),
    ("our code (app/)", "/app/"),
    ("Flask, Werkzeug", "/werkzeug/"),
    ("Flask, Werkzeug", "/flask/"),
    ("gunicorn (HTTP parsing, sockets)", "/gunicorn/"),
]


def record(pid: int, seconds: int, out: Path) -> Path | None:
    """Sample gunicorn master ``pid`` and its workers for ``seconds``; the raw (collapsed) stacks."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        return None
    command = [spy, "record", "--pid", str(pid), "--subprocesses", "--duration", str(seconds)]
    command += ["--rate", "50", "--format", "raw", "--output", str(out), "--nonblocking"]
    command += ["--full-filenames"]
    subprocess.run(command, capture_output=True, timeout=seconds + 60)
    return out if out.exists() else None


def place(stack: str) -> str:
    frames = stack.split(";")
    if frames[-1].startswith(WAITING):
        return WAITED
    for frame in reversed(frames):
        for label, piece in PLACES:
            if piece in frame:
                return label
    return "Python standard library, other"


WAITED = "waiting (for PostgreSQL, Redis, a request), not CPU"


def summary(raw: Path) -> list[tuple[str, float]]:
    """(place, share of the samples that computed), largest first; then the share of samples that waited."""
    counts: Counter[str] = Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, number = line.rpartition(" ")
        if stack and number.isdigit():
            counts[place(stack)] += int(number)
    waited = counts.pop(WAITED, 0)
    total = sum(counts.values()) or 1
    shares = [(label, count / total) for label, count in counts.most_common()]
    return shares + [(f"{WAITED} (share of all samples)", waited / ((total + waited) or 1))]
