"""Instructions per request of a page, in process (test client), counted by valgrind's callgrind: on a
machine shared with other work, CPU time moves by a third from run to run, instruction counts by a
fraction of a percent. Instrumentation is switched on only after start-up and a warm-up.

    .venv/bin/python bench/instructions.py INSTANCE_DIR PATH [--requests 50]

INSTANCE_DIR holds a migrated SQLite database ``b.db`` with the demo loaded (made there on the first run;
copied for each run, so visits change nothing, and two checkouts can be measured on the same data); PATH is a page of the demo participant (``--anonymous``: of a visitor not signed in), or ``floor`` for the bare page of bench/baseline_app.py.

PATH ``quiz:COURSE/MODULE`` measures the three requests of taking that module's quiz, each counted on its
own: the quiz page (a participant's first visit, which opens the attempt), the submission of right
answers (answered from the page as bench/load's participants do), and the result page it redirects to.
A request each for ``--requests`` (+ 5 warm-up) participants, created before the counting starts (with a
"stay signed in" session, so no password hash is computed), signed in by one page each and, as in the load
test, having read the module before its quiz.
With ``--database-url postgresql+psycopg://…`` the same runs on that PostgreSQL database instead, emptied,
migrated and loaded with the demo before each run (INSTANCE_DIR then holds only the signing keys).
Needs Debian's ``valgrind`` (callgrind_control).
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _wait_for(path: Path, process: subprocess.Popen | None = None) -> None:
    while not path.exists():
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the measured process ended early ({process.returncode})")
        time.sleep(0.1)


def _counted(signals: Path, phase: int, requests: list) -> None:  # type: ignore[type-arg]
    """Run ``requests`` (callables) between the signals of ``phase``: the parent counts only these."""
    (signals / f"ready{phase}").touch()
    _wait_for(signals / f"go{phase}")
    for request in requests:
        request()
    (signals / f"done{phase}").touch()
    _wait_for(signals / f"end{phase}")


def _participants(app, count: int) -> list:  # type: ignore[no-untyped-def, type-arg]
    """``count`` new participants (de, en, zh in turn), each a test client signed in by a first page."""
    from app.auth import services
    from app.extensions import db
    from bench.load.prepare import LOCALES, remember_cookie

    cookies = []
    with app.app_context():
        for number in range(1, count + 1):
            email = f"quiz-{number:04d}@bench.chinvalue.example"
            services.register(email, "x" * 20, "Bench Participant", None, LOCALES[number % 3], confirmed=True)
            db.session.commit()
            cookies.append(remember_cookie(email))
            db.session.commit()
    clients = []
    for cookie in cookies:
        client = app.test_client()
        client.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), cookie)
        assert client.get("/learning").status_code == 200
        clients.append(client)
    return clients


def quiz_child(app, target: str, requests: int, signals: Path) -> None:  # type: ignore[no-untyped-def]
    """Quiz page, submission and result page of ``target`` ("course/module"), one phase each."""
    from app.courses.models import Course
    from app.extensions import db
    from bench.load.prepare import answer_key
    from bench.load.quizform import answer, parse_form

    course_slug, module_slug = target.split("/")
    with app.app_context():
        course = db.session.scalar(db.select(Course).where(Course.slug == course_slug))
        module = next(m for m in course.modules if m.slug == module_slug)
        keys = {text.lang: answer_key(text.data) for text in module.published_quiz().texts}
    module_path, warm = f"/courses/{course_slug}/{module_slug}", 5
    path = f"{module_path}/quiz"
    clients = _participants(app, warm + requests)
    for client in clients:  # as in the load test, each reads the module before its quiz
        assert client.get(module_path).status_code == 200
    answers, results = {}, {}

    def open_quiz(client) -> None:  # type: ignore[no-untyped-def]
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        answers[client] = response.get_data(as_text=True)

    def submit(client) -> None:  # type: ignore[no-untyped-def]
        response = client.post(path, data=answers[client])
        assert response.status_code == 302 and "/attempts/" in response.headers["Location"], response.status
        results[client] = response.headers["Location"]

    def result(client) -> None:  # type: ignore[no-untyped-def]
        assert client.get(results[client]).status_code == 200

    for phase, step in enumerate((open_quiz, submit, result)):
        if step is submit:  # the answers are read from the pages before the counting (a browser's work)
            for client, page in answers.items():
                form = parse_form(page, "attempt")
                answers[client] = _multi(answer(form, keys[form.lang], random.Random(1)))
        for client in clients[:warm]:
            step(client)
        _counted(signals, phase, [functools.partial(step, client) for client in clients[warm:]])


def _multi(fields: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    from werkzeug.datastructures import MultiDict

    return MultiDict(fields)


def child(
    instance: Path, page: str, requests: int, signals: Path, database_url: str | None, anonymous: bool = False
) -> None:
    """Runs under callgrind: sign in, warm up, then the counted requests between two signals."""
    tmp = Path(tempfile.mkdtemp())
    if database_url is None:
        shutil.copy(instance / "b.db", tmp / "b.db")
    url = database_url or f"sqlite:///{tmp / 'b.db'}"
    os.environ.update(INSTANCE_PATH=str(tmp), SECRET_KEY="x" * 40, DATABASE_URL=url)
    if page.startswith("quiz:"):
        from app import create_app

        app = create_app("development")
        app.config["WTF_CSRF_ENABLED"] = False
        return quiz_child(app, page.removeprefix("quiz:"), requests, signals)
    if page == "floor":
        os.environ["BASELINE_BYTES"] = "16000"
        from bench.baseline_app import app

        client, path = app.test_client(), "/page"
    else:
        from app import create_app

        app = create_app("development")
        app.config["WTF_CSRF_ENABLED"] = False
        client, path = app.test_client(), page
        data = {"email": "participant@chinvalue.example", "password": "demo-participant-2026"}
        assert anonymous or client.post("/login", data=data).status_code == 302
    for _ in range(5):
        assert client.get(path).status_code == 200
    _counted(signals, 0, [functools.partial(client.get, path)] * requests)


def prepare(instance: Path | str, database_url: str | None = None) -> None:
    """Migrate ``instance/b.db`` (or the PostgreSQL database ``database_url``, emptied first) and load the
    demo into it."""
    instance = Path(instance)
    instance.mkdir(parents=True, exist_ok=True)
    url = database_url or f"sqlite:///{instance / 'b.db'}"
    os.environ.update(INSTANCE_PATH=str(instance), SECRET_KEY="x" * 40, DATABASE_URL=url)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.serving import demo_app

    demo_app(empty_first=bool(database_url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("page")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", help="PostgreSQL instead: emptied and loaded with the demo per run")
    parser.add_argument("--anonymous", action="store_true", help="the page as a visitor who is not signed in")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.instance, args.page, args.requests, args.child, args.database_url, args.anonymous)
    if args.database_url or not (args.instance / "b.db").exists():
        call = f"b.prepare({str(args.instance)!r}, {args.database_url!r})"
        subprocess.run([sys.executable, "-c", f"import bench.instructions as b; {call}"],
                       check=True, cwd=Path(__file__).resolve().parents[1], capture_output=True)  # fmt: skip
    names = ["quiz page", "submission", "result page"] if args.page.startswith("quiz:") else [args.page]
    with tempfile.TemporaryDirectory() as tmp:
        signals, out = Path(tmp), Path(tmp) / "callgrind.out"
        process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
             sys.executable, __file__, str(args.instance), args.page, "--requests", str(args.requests),
             "--child", str(signals), *(["--database-url", args.database_url] if args.database_url else []),
             *(["--anonymous"] if args.anonymous else [])],
            stdout=subprocess.DEVNULL, stderr=(signals / "log").open("w"),
        )  # fmt: skip
        control = ["callgrind_control", str(process.pid)]
        totals = []
        for phase in range(len(names)):
            _wait_for(signals / f"ready{phase}", process)
            subprocess.run([*control[:1], "-i", "on", *control[1:]], check=True, capture_output=True)
            (signals / f"go{phase}").touch()
            _wait_for(signals / f"done{phase}", process)
            subprocess.run([*control[:1], "-i", "off", *control[1:]], check=True, capture_output=True)
            subprocess.run([*control[:1], "-d", *control[1:]], check=True, capture_output=True)
            totals.append(_dumped(Path(tmp), len(totals) + 1))
            (signals / f"end{phase}").touch()
        process.wait()
    for name, total in zip(names, totals, strict=True):
        print(f"{args.page} {name}: {total / args.requests / 1e6:.2f} M instructions per request")


def _dumped(folder: Path, part: int) -> int:
    """The instructions of dump number ``part`` (each dump holds what was counted since the one before)."""
    dump = next(folder.glob(f"callgrind.out*.{part}"), None) or next(folder.glob("callgrind.out*"))
    summary = [line for line in dump.read_text().splitlines() if line.startswith(("summary:", "totals:"))]
    return int(summary[-1].split()[1])


if __name__ == "__main__":
    main()
