"""When PostgreSQL cannot be reached (a restart), pages answer 503 with a retry page in the visitor's
language and Retry-After, rendered without the database; never a 500 or gunicorn's bare error.

In a process of its own, with an app whose database is a PostgreSQL address where nothing listens: the
suite's app must keep its own database (and the rate limiter, one per process, its storage).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from app import create_app

app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:%s/none" % sys.argv[1]})
client = app.test_client()
answers = []
for path, lang, signed_in, method in [
    ("/courses", "de", False, "GET"), ("/learning", "zh-CN,zh;q=0.9", True, "GET"),
    ("/courses/ip-china", "en", True, "GET"), ("/logout", "de", True, "POST"),
]:
    if signed_in:
        with client.session_transaction() as session:
            session["_user_id"] = "a-session-token"
    answer = client.open(path, method=method, headers={"Accept-Language": lang})
    answers.append({"status": answer.status_code, "retry": answer.headers.get("Retry-After"),
                    "body": answer.get_data(as_text=True)})
print(json.dumps(answers))
"""


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pages_answer_503_in_the_visitors_language_while_the_database_is_down(tmp_path: Path):
    env = {"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path), "APP_CONFIG": "testing"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(_closed_port())],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    courses, learning, course, logout = json.loads(done.stdout.strip().splitlines()[-1])
    for answer in (courses, learning, course, logout):
        assert answer["status"] == 503 and answer["retry"] == "10", answer["status"]
        assert "Traceback" not in answer["body"] and "503" in answer["body"]
    assert '<html lang="de">' in courses["body"] and "Gleich wieder da" in courses["body"]
    assert '<html lang="zh-Hans">' in learning["body"] and 'http-equiv="refresh"' in learning["body"]
    assert '<html lang="en">' in course["body"] and "Back in a moment" in course["body"]
    # A form that could not be saved says so, and is not sent again by a refresh.
    assert 'http-equiv="refresh"' not in logout["body"] and "erneut" in logout["body"]
