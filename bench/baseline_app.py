"""The floor for page benchmarks: a bare Flask app rendering a Jinja template of a given size.

BASELINE_BYTES sets the size of the rendered page (so it matches the page it is compared with); the page
loops over 40 rows like a real one.
"""

import os

from flask import Flask, render_template_string

app = Flask(__name__)
SIZE = int(os.environ.get("BASELINE_BYTES", "20000"))
ROWS = 40
ROW = "x" * max(SIZE // ROWS - 40, 10)
TEMPLATE = """<!doctype html><html lang="de"><head><title>{{ title }}</title></head><body><main>
{% for row in rows %}<p class="row-{{ loop.index }}">{{ row }}</p>
{% endfor %}</main></body></html>"""


@app.get("/healthz")
def healthz():
    return "ok"


@app.get("/page")
def page():
    return render_template_string(TEMPLATE, title="Baseline", rows=[ROW] * ROWS)
