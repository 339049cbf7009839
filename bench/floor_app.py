"""A second baseline of bench/bench_load.py: the least a status lookup can cost in this stack.

Bare Flask (as bench/bare_app.py) plus exactly the lookup's own work and nothing of a product
around it: the app's statement (onestop.portal.status) over a raw psycopg connection kept per
thread (no pool, no liveness check), a small page compiled once, in Vietnamese only (no
translations, no layout, no menu), and no rate limit, session, sign-in or security headers.
Served with the same gunicorn settings as the app and the bare endpoint, it shows how far the
"half the bare endpoint" target leaves room for a complete page.
"""

from __future__ import annotations

import hmac
import os
import threading
from typing import Any

import psycopg
from flask import Flask, request
from sqlalchemy.dialects import postgresql

from onestop.portal.status import _PUBLIC_CASE

app = Flask(__name__)
URL = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
_compiled = _PUBLIC_CASE.compile(dialect=postgresql.dialect())
SQL = str(_compiled)
FIXED = {k: v for k, v in _compiled.params.items() if k != "code"}  # the JSON keys, the kind
_local = threading.local()

PAGE = app.jinja_env.from_string(
    """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tra cứu hồ sơ</title></head>
<body><h1>Tra cứu hồ sơ</h1>
<form method="get"><input name="code" value="{{ code }}"><input name="key" value="{{ key }}">
<button>Tra cứu</button></form>
{% if first %}<h2>Hồ sơ {{ first.code }}</h2><dl>
<dt>Thủ tục</dt><dd>{{ first.procedure_name }}</dd>
<dt>Tiếp nhận lúc</dt><dd>{{ first.accepted_at.strftime("%H:%M %d/%m/%Y") }}</dd>
<dt>Ngày hẹn trả kết quả</dt><dd>{{ first.due_at.strftime("%H:%M %d/%m/%Y") }}</dd>
<dt>Tình trạng</dt><dd>{{ first.status }}</dd><dt>Cơ quan giải quyết</dt><dd>{{ first.handling_unit }}</dd>
</dl><ol>{% for row in rows %}<li>{{ row.at.strftime("%H:%M %d/%m/%Y") }} {{ row.action }}</li>{% endfor %}</ol>
{% endif %}</body></html>"""
)


def connection() -> psycopg.Connection[Any]:
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = _local.conn = psycopg.connect(URL, autocommit=True)
    return conn


@app.get("/lookup")
def lookup() -> tuple[str, int]:
    code = request.args.get("code", "").strip().upper()
    key = request.args.get("key", "").strip().upper()
    cursor = connection().cursor(row_factory=psycopg.rows.namedtuple_row)
    rows = cursor.execute(SQL, {**FIXED, "code": code}).fetchall()
    found = bool(rows) and hmac.compare_digest(rows[0].lookup_code.encode(), key.encode())
    page = PAGE.render(code=code, key=key, first=rows[0] if found else None, rows=rows)
    return page, 200 if found or not code else 404
