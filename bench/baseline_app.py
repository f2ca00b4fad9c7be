"""The floor for page benchmarks: a bare Flask app rendering a Jinja template of a given size.

BASELINE_BYTES sets the size of the rendered page (so it matches the page it is compared with); the page
loops over 40 rows like a real one. ``/page`` renders through ``render_template`` like the app's own pages,
so the template is compiled once and then taken from Jinja's cache. ``render_template_string`` (the floor
until 2026-12) compiles the template again on every request: a floor that spends most of its time in
Jinja's compiler makes any page look fast next to it. ``/page-recompiled`` keeps it for comparison.
"""

import os

from flask import Flask, render_template, render_template_string
from jinja2 import DictLoader

SIZE = int(os.environ.get("BASELINE_BYTES", "20000"))
ROWS = 40
ROW = "x" * max(SIZE // ROWS - 40, 10)
SOURCE = """<!doctype html><html lang="de"><head><title>{{ title }}</title></head><body><main>
{% for row in rows %}<p class="row-{{ loop.index }}">{{ row }}</p>
{% endfor %}</main></body></html>"""

app = Flask(__name__)
app.jinja_loader = DictLoader({"page.html": SOURCE})  # type: ignore[assignment]


@app.get("/healthz")
def healthz():
    return "ok"


@app.get("/page")
def page():
    return render_template("page.html", title="Baseline", rows=[ROW] * ROWS)


@app.get("/page-recompiled")
def page_recompiled():
    """The old floor: the same page, compiled on every request."""
    return render_template_string(SOURCE, title="Baseline", rows=[ROW] * ROWS)
