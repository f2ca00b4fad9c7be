"""Entry point for production servers: ``gunicorn wsgi:app``.

Defaults to the production configuration, which refuses to start without a real SECRET_KEY.
"""

import os

from dotenv import load_dotenv

load_dotenv()

from app import create_app  # noqa: E402  (the environment must be loaded first)

app = create_app(os.environ.get("APP_CONFIG", "production"))
