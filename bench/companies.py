"""Companies of 10, 100 and 1,000 members: the managers' dashboard and the streamed ZIP of all certificates.

Setup (not timed): migrate, load the demo (its three real courses), then one company per size with its
manager, members with teams and privacy choices, a mix of course and module progress rows, and a real
signed certificate for every completion (issued by the certificate service, ~30 ms each).

Measured, for every size:
- the dashboard (GET /company/dashboard, in process): SQL statements per request (counted with a
  ``before_cursor_execute`` listener: the same number for every size), the median render time over
  ``--runs`` requests and its ratio to a bare Flask page of the same size rendered the same way;
- the ZIP of every certificate (GET /company/certificates.zip), consumed chunk by chunk in a fresh
  process each: time, size, peak RSS growth (``ru_maxrss`` before/after) and the tracemalloc peak of a
  second download. Bounded means the growth does not follow the archive's size.

    .venv/bin/python bench/companies.py [--runs 7] [--sizes 10,100,1000]
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/EMPTY_DB]

A PostgreSQL database must be empty (the benchmark refuses to touch one with tables): create it before
and drop it after the run (see bench/README.md).
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECRET = "bench-secret-key-0123456789-abcdefghijklmnop"
PASSWORD = "bench-manager-2026"  # noqa: S105 - a throwaway account in a throwaway database
DASHBOARD = "/company/dashboard"
ZIP = "/company/certificates.zip"

FIRST = ["Anna", "Jonas", "Lena", "Lukas", "Marie", "Felix", "Sophie", "Paul", "Jürgen", "Özlem", "Björn",
         "Katharina", "Hans-Peter", "Zoë", "Mehmet", "Ingrid", "Tobias", "Franziska", "Nils", "Aylin"]  # fmt: skip
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
        "Hoffmann", "Weiß", "Groß", "Krüger", "Köhler", "van der Berg", "Schäfer-Lindner"]  # fmt: skip
CHINESE = [("Wang Fang", "王芳"), ("Li Wei", "李伟"), ("Zhang Min", "张敏"), ("Liu Yang", "刘洋"),
           ("Chen Jing", "陈静"), ("Zhao Lei", "赵磊"), ("Huang Xin", "黄欣"), ("Zhou Tao", "周涛")]  # fmt: skip
TEAMS = ["Vertrieb", "Einkauf", "F&E", "Qualität", "Regulatory Affairs", "Geschäftsführung", None]


def _environment(instance: Path, database_url: str) -> dict[str, str]:
    return {
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "APP_CONFIG": "development",
        "SERVER_BASE_URL": "http://127.0.0.1:5000",
        "SIGNING_TSA_URL": "",  # no network: PAdES B-B, without a time stamp
    }


def _app(env: dict[str, str]):  # type: ignore[no-untyped-def]
    os.environ.update(env)
    import logging

    from app import create_app

    app = create_app("development")
    app.config["WTF_CSRF_ENABLED"] = False
    logging.getLogger().setLevel(logging.WARNING)  # not one log line per issued certificate
    return app


def _client(app, email: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


# -- setup ---------------------------------------------------------------------------------------------


def prepare(app, database_url: str, sizes: list[int]) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Migrate, load the demo and build one company per size; returns each company's manager e-mail."""
    from flask_migrate import upgrade
    from sqlalchemy import inspect

    from app.extensions import db

    with app.app_context():
        if database_url.startswith("postgresql") and inspect(db.engine).get_table_names():
            raise SystemExit("the PostgreSQL database is not empty: create a fresh one for the benchmark")
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        managers = {}
        for size in sizes:
            started = time.perf_counter()
            managers[size], issued = _company(size, random.Random(size))
            print(
                f"  setup: company of {size:,} members, {issued:,} signed certificates issued "
                f"in {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
        db.engine.dispose()
    return managers


def _company(size: int, rng: random.Random) -> tuple[str, int]:
    """A company of ``size`` members (its manager included), their progress and certificates."""
    from sqlalchemy import select

    from app.auth import services as accounts
    from app.auth.models import User
    from app.certificates.services import issue_for_completion
    from app.courses.models import Course, Module
    from app.extensions import db
    from app.orgs import services
    from app.orgs.models import Membership
    from app.timeutil import utcnow

    now = utcnow()
    org = services.create_org(f"Bench {size} GmbH")
    email = f"manager-{size}@bench.example"
    manager = accounts.register(email, PASSWORD, "Petra Prokurist", None, "de", confirmed=True).user
    services.add_manager(org, manager)
    users = [manager]
    for n in range(size - 1):
        if rng.random() < 0.2:
            name, name_zh = rng.choice(CHINESE)
        else:
            name, name_zh = f"{rng.choice(FIRST)} {rng.choice(LAST)}", None
        users.append(
            User(email=f"m{size}-{n}@bench.example", password_hash="!", name=name, name_zh=name_zh,  # noqa: S106 - no login
                 locale=rng.choice(("de", "de", "en", "zh")), email_confirmed_at=now)
        )  # fmt: skip
    db.session.add_all(users[1:])
    db.session.flush()
    memberships = {m.user_id: m for m in db.session.scalars(select(Membership))}
    for user in users:
        membership = memberships.get(user.id) or Membership(org_id=org.id, user_id=user.id)
        membership.team = rng.choice(TEAMS)
        membership.joined_at = now - timedelta(days=rng.randint(20, 720))
        membership.share_history = rng.random() < 0.7
        membership.share_scores = rng.random() < 0.4
        db.session.add(membership)
    db.session.flush()
    modules = {
        course.id: list(
            db.session.scalars(
                select(Module.id)
                .where(Module.course_id == course.id, Module.active)
                .order_by(Module.position)
            )
        )
        for course in db.session.scalars(select(Course))
    }
    completed = []
    for user in users:
        joined = memberships[user.id].joined_at if user.id in memberships else now - timedelta(days=30)
        for course_id, module_ids in modules.items():
            draw = rng.random()
            if draw < 0.36:
                completed.append((user.id, course_id))
                _progress(user.id, course_id, module_ids, len(module_ids), _moment(rng, joined, now), rng)
            elif draw < 0.66:
                _progress(user.id, course_id, module_ids, rng.randrange(len(module_ids)), None, rng)
    db.session.commit()
    for n, (user_id, course_id) in enumerate(completed, 1):
        issue_for_completion(user_id, course_id)
        if n % 50 == 0:
            db.session.commit()
    db.session.commit()
    return email, len(completed)


def _moment(rng: random.Random, joined, now):  # type: ignore[no-untyped-def]
    """A completion time: mostly after joining, some from before (history the member may not share)."""
    if rng.random() < 0.15:
        return joined - timedelta(days=rng.randint(1, 200))
    return joined + (now - joined) * rng.uniform(0.05, 0.98)


def _progress(user_id, course_id, module_ids, passed, completed_at, rng) -> None:  # type: ignore[no-untyped-def]
    """A course progress row and its module rows: ``passed`` modules passed, the next one opened."""
    from app.extensions import db
    from app.progress.models import IN_PROGRESS, PASSED, CourseProgress, ModuleProgress
    from app.timeutil import utcnow

    end = completed_at or utcnow() - timedelta(days=rng.randint(0, 300), hours=rng.randint(0, 23))
    start = end - timedelta(days=rng.randint(1, 40))
    score = round(rng.uniform(62, 100), 1)
    db.session.add(
        CourseProgress(
            user_id=user_id, course_id=course_id, started_at=start, last_visited_at=end,
            last_module_id=module_ids[min(passed, len(module_ids) - 1)], modules_passed=passed,
            percent=100.0 * passed / len(module_ids), completed_at=completed_at,
            score_percent=score if completed_at else None,
        )
    )  # fmt: skip
    for position, module_id in enumerate(module_ids[: passed + 1]):
        done = position < passed
        db.session.add(
            ModuleProgress(
                user_id=user_id, module_id=module_id, course_id=course_id, opened_at=start,
                status=PASSED if done else IN_PROGRESS, passed_at=end if done else None, attempts=1,
                best_percent=score if done else None, last_percent=score if done else None,
            )
        )  # fmt: skip


# -- the dashboard -------------------------------------------------------------------------------------


def _timed_get(client, path: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU milliseconds of one request (CPU time: what a busy machine does not inflate)."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    elapsed = ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def bare_page(size: int):  # type: ignore[no-untyped-def]
    """The floor: bench/baseline_app.py's template grown to ``size`` bytes; a test client for it."""
    from flask import Flask, render_template_string

    from bench.baseline_app import ROWS, TEMPLATE

    bare = Flask("bare")
    row = "x" * max(size // ROWS - 40, 10)

    @bare.get("/page")
    def page():  # type: ignore[no-untyped-def]
        return render_template_string(TEMPLATE, title="Baseline", rows=[row] * ROWS)

    client = bare.test_client()
    client.get("/page")
    return client


def dashboard(app, email: str, runs: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Queries, page size, and the median times of one manager's dashboard and of the bare page of the
    same size, requested in turn (so that a busy machine slows both alike)."""
    from sqlalchemy import event

    from app.extensions import db

    client = _client(app, email)
    for _ in range(2):
        page = client.get(DASHBOARD)
        assert page.status_code == 200, page.status_code
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        size = len(client.get(DASHBOARD).data)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    bare = bare_page(size)
    ours, floor = [], []
    for _ in range(runs):
        ours.append(_timed_get(client, DASHBOARD))
        floor.append(_timed_get(bare, "/page"))
    return {
        "queries": len(statements),
        "bytes": size,
        "ms": statistics.median(wall for wall, _cpu in ours),
        "cpu_ms": statistics.median(cpu for _wall, cpu in ours),
        "bare_ms": statistics.median(wall for wall, _cpu in floor),
        "bare_cpu_ms": statistics.median(cpu for _wall, cpu in floor),
    }


# -- the ZIP (in a fresh process per size, so that ru_maxrss starts from a clean slate) ------------------


def _maxrss_kb() -> int:
    """The process's peak RSS in KiB: VmHWM, which ``_reset_peak_rss`` can reset. Not ``ru_maxrss``
    alone: in a process started by another one it also holds the peak from before the exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _reset_peak_rss() -> int:
    """Reset the peak RSS to the current RSS (Linux >= 4.0), so that a start-up peak cannot hide the
    download's; returns the current RSS in KiB. Free heap memory is handed back to the system first, or
    the download could grow into it unseen."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        print("  (cannot reset the peak RSS: the growth shown is a lower bound)", file=sys.stderr)
    return _maxrss_kb()


def _download(client, target: Path) -> int:  # type: ignore[no-untyped-def]
    """Consume the ZIP chunk by chunk into ``target`` (on disk, not in memory); returns its size."""
    response = client.get(ZIP, buffered=False)
    assert response.status_code == 200, response.status_code
    size = 0
    with target.open("wb") as out:
        for chunk in response.response:
            size += len(chunk)
            out.write(chunk)
    response.close()
    return size


def zip_child(email: str) -> None:
    """Runs in its own process (env from the parent): one timed download, then one under tracemalloc."""
    app = _app({})
    client = _client(app, email)
    assert client.get("/company").status_code == 200  # templates, babel, the session: loaded
    target = Path(os.environ["INSTANCE_PATH"]) / f"bench-{os.getpid()}.zip"
    before = _reset_peak_rss()
    started, cpu = time.perf_counter(), time.process_time()
    size = _download(client, target)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    after = _maxrss_kb()
    tracemalloc.start()
    _download(client, target)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    control = _all_at_once(app, email)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        pdf_bytes = sum(i.file_size for i in archive.infolist() if i.filename.endswith(".pdf"))
    target.unlink()
    print(json.dumps({
        "bytes": size, "seconds": seconds, "cpu_seconds": cpu_seconds, "rss_before_kb": before, "rss_growth_kb": after - before,
        "tracemalloc_peak": peak, "pdfs": len(names) - 1, "pdf_bytes": pdf_bytes, "control_kb": control,
    }))  # fmt: skip


def _all_at_once(app, email: str) -> int:  # type: ignore[no-untyped-def]
    """The control: peak RSS growth (KiB) when the same company's PDFs are loaded all at once, as an
    unbounded download would; shows that the measurement sees memory that is really used."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.certificates.models import Certificate
    from app.extensions import db
    from app.orgs.models import Membership

    with app.app_context():
        org_id = db.session.scalar(select(Membership.org_id).join(User).where(User.email == email))
        in_org = select(Membership.user_id).where(Membership.org_id == org_id)
        before = _reset_peak_rss()
        pdfs = db.session.scalars(
            select(Certificate.pdf).where(Certificate.user_id.in_(in_org), Certificate.revoked_at.is_(None))
        ).all()
        growth = _maxrss_kb() - before
        del pdfs
    return growth


def certificates_zip(env: dict[str, str], email: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--zip-child", email],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"ZIP measurement failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- report --------------------------------------------------------------------------------------------


def _ratio(page: dict[str, float]) -> float:
    return page["cpu_ms"] / page["bare_cpu_ms"] if page["bare_cpu_ms"] else float("nan")


def figures(kind: str, pages: dict[int, dict[str, float]], zips: dict[int, dict[str, float]]) -> list:
    """The largest company's figures for bench/run.py's table (lower ratio = better)."""
    from bench.figures import Figure

    small, large = min(pages), max(pages)
    page, z = pages[large], zips[large]
    name = f"companies, {large:,} members ({kind})"
    growth, control = z["rss_growth_kb"] / 1024, z["control_kb"] / 1024
    return [
        Figure(name, "dashboard (CPU time)", round(page["cpu_ms"], 1), "ms", round(page["bare_cpu_ms"], 2),
               round(_ratio(page), 1), "well under 1,000 ms (ours / bare page of the same size)"),
        Figure(name, "dashboard (wall clock)", round(page["ms"], 1), "ms", round(page["bare_ms"], 2),
               round(page["ms"] / page["bare_ms"], 1), ""),
        Figure(name, f"dashboard queries ({small:,} members: baseline)", page["queries"], "queries",
               pages[small]["queries"], round(page["queries"] / pages[small]["queries"], 2), "= 1.00 (fixed)"),
        Figure(name, "certificates ZIP: peak RSS growth", round(growth, 1), "MB", round(control, 1),
               round(growth / control, 2) if control else None, "bounded (baseline: all PDFs in memory)"),
        Figure(name, "certificates ZIP: time", round(z["seconds"], 2), "s", None, None,
               f"{z['pdfs']:,} PDFs, {z['bytes'] / 2**20:.1f} MB"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="dashboard requests per size (median)")
    parser.add_argument("--sizes", default="10,100,1000", help="company sizes (members), comma-separated")
    parser.add_argument("--database", "--database-url", dest="database", default="")
    parser.add_argument("--json", action="store_true", help="also print the figures for bench/run.py")
    parser.add_argument("--zip-child", metavar="EMAIL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.zip_child:
        zip_child(args.zip_child)
        return
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp)
        database_url = args.database or f"sqlite:///{instance / 'bench.db'}"
        env = _environment(instance, database_url)
        app = _app(env)
        managers = prepare(app, database_url, sizes)
        pages = {size: dashboard(app, managers[size], args.runs) for size in sizes}
        zips = {size: certificates_zip(env, managers[size]) for size in sizes}
    kind = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    print(
        f"companies benchmark ({kind}; dashboard: median of {args.runs} requests in process, ratio on CPU time)"
    )
    print("  members | queries | page KB | dashboard ms | CPU ms | bare page ms | CPU ms | ratio")
    for size, page in pages.items():
        print(
            f"  {size:7,} | {page['queries']:7d} | {page['bytes'] / 1024:7.0f} | {page['ms']:12.1f} |"
            f" {page['cpu_ms']:6.1f} | {page['bare_ms']:12.2f} | {page['bare_cpu_ms']:6.2f} | {_ratio(page):5.0f}"
        )
    fixed = len({page["queries"] for page in pages.values()}) == 1
    print(f"  queries fixed whatever the size: {'yes' if fixed else 'NO'} (target: yes, and well under 1 s)")
    print(
        "  members | PDFs  | ZIP MB | seconds | CPU s | RSS before MB | peak RSS growth MB"
        " | tracemalloc peak MB | all PDFs at once MB"
    )
    for size, z in zips.items():
        print(
            f"  {size:7,} | {z['pdfs']:5d} | {z['bytes'] / 2**20:6.1f} | {z['seconds']:7.2f} |"
            f" {z['cpu_seconds']:5.2f} | {z['rss_before_kb'] / 1024:13.0f} | {z['rss_growth_kb'] / 1024:18.1f} |"
            f" {z['tracemalloc_peak'] / 2**20:19.1f} | {z['control_kb'] / 1024:19.1f}"
        )
    if args.json:
        from bench.figures import emit

        emit(figures(kind, pages, zips))


if __name__ == "__main__":
    main()
