"""Load test: simulated participants against gunicorn + PostgreSQL on loopback (see bench/README.md)."""
