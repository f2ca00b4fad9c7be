"""While Redis (the rate limits' shared storage) cannot be reached, sign-in still works and its limit still
holds, counted in the worker's memory; nothing answers 500.

In a process of its own: the rate limiter is one object per process, bound to the storage of the app that
was set up last, and the suite's app must keep its own.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, re, sys
from app import create_app
from app.extensions import db

app = create_app({
    "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1] + "/academy.db",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:%s/0" % sys.argv[2],
    "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0},
    "LOGIN_RATE_LIMIT": "3 per minute",
})
with app.app_context():
    db.create_all()
client = app.test_client()
codes = []
for _ in range(5):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"csrf_token": token, "email": "a@example.org", "password": "x"})
    codes.append(answer.status_code)
print(json.dumps(codes))
"""


def _closed_port() -> int:
    """A loopback port that nothing listens on (Redis is "down" there)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sign_in_is_limited_in_memory_while_redis_is_down(tmp_path: Path):
    env = {"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path), "APP_CONFIG": "testing"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(_closed_port())],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    # Three wrong passwords get the form again, then the limit: as with Redis, only counted in memory.
    assert codes == [200, 200, 200, 429, 429], codes
