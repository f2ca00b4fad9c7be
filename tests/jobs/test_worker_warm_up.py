"""The job worker loads the signing and PDF libraries, the fonts and the mail templates before it forks."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from app import create_app
    from app import fonts
    from app.jobs.catalog import warm_up

    app = create_app("testing")
    heavy = ("pyhanko", "reportlab")
    assert not [name for name in heavy if name in sys.modules], "the app itself loads them lazily"
    warm_up(app)
    missing = [name for name in heavy if name not in sys.modules]
    assert not missing, missing
    assert fonts._LOADED, "the certificate fonts are registered"
    cached = [key for key in app.jinja_env.cache.keys() if "emails/" in str(key)]
    assert len(cached) >= 3, cached
    print("warm")
    """
)


def test_warm_up_loads_what_every_forked_job_would_load_again(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={"INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0 and done.stdout.strip() == "warm", done.stderr[-2000:]
