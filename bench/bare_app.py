"""The baseline of bench/bench_load.py: a bare Flask endpoint, served by the same gunicorn settings."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> dict[str, str]:
    return {"status": "ok"}
