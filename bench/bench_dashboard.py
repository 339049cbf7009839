"""Benchmark: the province-wide dashboard for a year on 1,000,000 cases, against hand-written SQL.

Run: python bench/bench_dashboard.py [--url postgresql://postgres@127.0.0.1:5432/onestop_bench]
     [--cases 1000000] [--year 2025] [--rounds 7] [--regenerate]

The script creates the database if missing, migrates it, and generates the data in PostgreSQL
itself (INSERT ... SELECT generate_series in chunks, indexes built after the load) with a progress
bar: a few minutes on two cores. An existing database with the right number of cases is reused.
It then checks that the dashboard (onestop.reports.queries.breakdowns: one GROUPING SETS
statement plus the Python roll-up) and one independently hand-written SQL query give the same
numbers, and times both in alternating rounds; the medians are compared.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# Run from a checkout without installing it: prefer this tree's onestop over any installed one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import click
import sqlalchemy as sa
from flask_migrate import upgrade

from onestop import create_app
from onestop.cases.models import Case
from onestop.db import db
from onestop.reports.formulas import Figures, Period, Received, State
from onestop.reports.queries import (
    REPORT_RANDOM_PAGE_COST,
    REPORT_WORK_MEM,
    Breakdowns,
    Scope,
    Window,
    breakdowns,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OFFSET = 7 * 3600
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/onestop_bench"
UNITS = 60  # communes and agencies under the province
PROCEDURES = 50
OFFICERS_PER_UNIT = 3
DEPARTMENTS_PER_UNIT = 3  # officers 1..3 of a unit are its counter, its two departments' handlers
CHUNK = 50_000
# The data spans 1 Jan 2024 to 20 Nov 2026; "now" is fixed so every run sees the same figures.
DATA_START = datetime(2024, 1, 1, tzinfo=UTC)
DATA_SPAN_DAYS = 1054
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

# ---- data -----------------------------------------------------------------------------------

SETUP_SQL = [
    # The province (id 1) and its units, each with its materialised path.
    """INSERT INTO units (id, code, name, level, parent_id, path, place_name, desk_name,
           desk_address, desk_phone, office_hours, active, created_at, updated_at)
       SELECT g, 'B' || lpad(g::text, 3, '0') || '.00.00.H56', 'Đơn vị ' || g,
              CASE WHEN g = 1 THEN 'province' ELSE 'commune' END,
              CASE WHEN g = 1 THEN NULL ELSE 1 END,
              CASE WHEN g = 1 THEN '/1/' ELSE '/1/' || g || '/' END,
              '', '', '', '', '', true, now(), now()
       FROM generate_series(1, :units + 1) g""",
    """INSERT INTO users (id, username, full_name, email, phone, password_hash, role, unit_id,
           active, locale, failed_logins, created_at, updated_at)
       SELECT g, 'bench' || g, 'Cán bộ ' || g, '', '', 'x', 'counter_officer',
              2 + (g - 1) / :officers, true, 'vi', 0, now(), now()
       FROM generate_series(1, :units * :officers) g""",
    """INSERT INTO departments (id, unit_id, name, active, created_at, updated_at)
       SELECT g, 2 + (g - 1) / :departments, 'Phòng ' || g, true, now(), now()
       FROM generate_series(1, :units * :departments) g""",
    """INSERT INTO procedures (id, code, name, search_text, field_code, field_name,
           government_level, online_level, active, created_at, updated_at)
       SELECT g, '1.' || lpad(g::text, 6, '0'), 'Thủ tục ' || g, '', 'F' || (g % 8),
              'Lĩnh vực ' || (g % 8), 'commune', 2 + g % 2, true, now(), now()
       FROM generate_series(1, :procedures) g""",
    """INSERT INTO procedure_versions (id, procedure_id, number, content_hash, data, source_file,
           loaded_at)
       SELECT g, g, 1, md5(g::text), '{}', '', now() FROM generate_series(1, :procedures) g""",
    "UPDATE procedures SET current_version_id = id",
]

# One chunk of cases. Each row's randomness comes from random() (seeded per chunk), so the data
# is the same on every run. Times are whole seconds.
CASES_SQL = """
INSERT INTO cases (id, code, lookup_code, status, version, procedure_id, procedure_version_id,
    receiving_unit_id, handling_unit_id, channel, applicant_kind, applicant_name,
    applicant_id_number, applicant_phone, applicant_email, applicant_address, representative_name,
    representative_id_number, summary, sets, pages, copies, fee_paid, fee_receipt_number,
    notify_email, notify_sms, collect_at, submitted_at, accepted_at, due_at, due_explanation,
    finished_at, returned_at, refused_at, closed_at, supplement_count, paused_seconds,
    paused_since, first_supplement_at, first_supplement_back_at, second_supplement_at,
    first_supplement_due_at, received_by_id, holder_department_id, handler_id, satisfaction, created_at, updated_at)
SELECT id, 'B' || id, 'ABCDEF', status, 1, procedure_id, procedure_id, unit_id, unit_id, channel,
    'citizen', 'Nguyễn Văn ' || id, lpad(id::text, 12, '0'), '', '', '', '', '', '', 1, 1, 1, 0,
    '', false, false, '', accepted_at, accepted_at,
    -- the counter's "supplement received" moves the due date by the waiting
    accepted_at + limit_days * interval '1 day' + paused * interval '1 second',
    '[]',
    CASE WHEN status IN ('result_ready', 'returned', 'withdrawn', 'stopped') THEN closed_at END,
    CASE WHEN status = 'returned' THEN closed_at + interval '1 day' END,
    NULL, closed_at, supplements,
    paused,
    CASE WHEN waiting THEN last_asked END,
    CASE WHEN supplements > 0 THEN first_asked END,
    CASE WHEN supplements > 0 AND first_asked + pause_len * interval '1 second' < :now
         THEN first_asked + pause_len * interval '1 second' END,
    CASE WHEN supplements = 2 THEN second_asked END,
    CASE WHEN supplements > 0 THEN accepted_at + limit_days * interval '1 day' END,
    officer_id,
    -- a fifth are decided at the counter; the others sit with one of the unit's departments and,
    -- once received there, with one of its officers
    CASE WHEN r_outcome < 0.8 THEN (unit_id - 2) * :departments + 1
      + (r_outcome * 1000)::int % :departments END,
    CASE WHEN r_outcome < 0.7 THEN (unit_id - 2) * :officers + 1
      + (r_outcome * 997)::int % :officers END,
    -- a third of the returned cases are rated
    CASE WHEN status = 'returned' AND id % 3 = 0 THEN
      CASE WHEN id % 10 = 0 THEN 'not_satisfied' WHEN id % 9 = 0 THEN 'satisfied'
           ELSE 'very_satisfied' END END,
    accepted_at, accepted_at
FROM (
  SELECT *,
    CASE WHEN waiting THEN (supplements - 1) * pause_len ELSE supplements * pause_len END
      AS paused,
    CASE
      WHEN closed_at IS NOT NULL AND r_outcome < 0.03 THEN 'withdrawn'
      WHEN closed_at IS NOT NULL AND r_outcome < 0.04 THEN 'stopped'
      WHEN closed_at IS NOT NULL AND closed_at + interval '1 day' < :now THEN 'returned'
      WHEN closed_at IS NOT NULL THEN 'result_ready'
      WHEN waiting THEN 'supplement'
      ELSE 'in_progress'
    END AS status
  FROM (
    SELECT *,
      CASE WHEN finish_at < :now THEN finish_at END AS closed_at,
      supplements > 0 AND finish_at >= :now
        AND last_asked + pause_len * interval '1 second' >= :now AS waiting
    FROM (
      SELECT *,
        CASE WHEN supplements = 2 THEN second_asked ELSE first_asked END AS last_asked,
        -- rounds of pause_len seconds from 30 % of the allotted time; the finish comes after
        -- them (at least 35 % of the time plus two pauses per round)
        date_trunc('second', accepted_at
          + (limit_days * 86400 * speed + supplements * pause_len * 2) * interval '1 second'
        ) AS finish_at
      FROM (
        SELECT *,
          CASE WHEN planned = 0 OR first_asked >= :now THEN 0
               WHEN planned = 2 AND second_asked < :now THEN 2 ELSE 1 END AS supplements
        FROM (
          SELECT *,
            accepted_at + limit_days * 25920 * interval '1 second' AS first_asked,
            accepted_at + (limit_days * 25920 + 2 * pause_len) * interval '1 second'
              AS second_asked
          FROM (
            SELECT g AS id,
              2 + (random() * :units)::int % :units AS unit_id,
              1 + (random() * :procedures)::int % :procedures AS procedure_id,
              CASE WHEN random() < 0.45 THEN 'online' WHEN random() < 0.9 THEN 'direct'
                   ELSE 'post' END AS channel,
              date_trunc('second', :start + random() * :span * interval '1 day') AS accepted_at,
              1 + (random() * 20)::int AS limit_days,
              -- most finish well before the due date, some around it, a tenth late
              CASE WHEN random() < 0.1 THEN 1.05 + random() ELSE 0.35 + random() * 0.67 END
                AS speed,
              CASE WHEN random() < 0.02 THEN 2 WHEN random() < 0.12 THEN 1 ELSE 0 END AS planned,
              (86400 + random() * 5 * 86400)::int AS pause_len,
              random() AS r_outcome,
              random() AS r_officer
            FROM generate_series(:first, :last) g
          ) a
        ) b
      ) c
    ) d
  ) e
) f
CROSS JOIN LATERAL (
  SELECT (f.unit_id - 2) * :officers + 1 + (f.r_officer * :officers)::int % :officers
    AS officer_id
) o
"""

# Supplement rounds as the events the processing screens write (the reports read them for cases
# open at a past period's end), and ratings for a third of the returned cases.
EVENTS_SQL = [
    """INSERT INTO case_events (case_id, at, action, from_status, to_status, note, data)
       SELECT id, at, action, 'in_progress', 'supplement', '', '{}' FROM (
         SELECT id, first_supplement_at AS at, 'supplement_requested' AS action FROM cases
           WHERE first_supplement_at IS NOT NULL
         UNION ALL
         SELECT id, first_supplement_back_at, 'supplement_received' FROM cases
           WHERE first_supplement_back_at IS NOT NULL
         UNION ALL
         SELECT id, second_supplement_at, 'supplement_requested' FROM cases
           WHERE second_supplement_at IS NOT NULL
         UNION ALL
         SELECT id, second_supplement_at + (paused_seconds / 2) * interval '1 second',
                'supplement_received' FROM cases
           WHERE second_supplement_at IS NOT NULL AND paused_since IS NULL
       ) rounds""",
    """INSERT INTO case_ratings (case_id, level, comment, at, via)
       SELECT id, satisfaction, '', returned_at, 'counter'
       FROM cases WHERE satisfaction IS NOT NULL""",
]


def generate(engine: sa.Engine, cases: int) -> None:
    """Fill the empty, migrated database with the organisation, procedures and `cases` cases."""
    params: dict[str, Any] = {
        "units": UNITS,
        "officers": OFFICERS_PER_UNIT,
        "departments": DEPARTMENTS_PER_UNIT,
        "procedures": PROCEDURES,
        "now": NOW.replace(tzinfo=None),
        "start": DATA_START.replace(tzinfo=None),
        "span": DATA_SPAN_DAYS,
    }
    case_indexes = list(Case.__table__.indexes)
    with engine.begin() as conn:
        conn.execute(sa.text("SET maintenance_work_mem = '256MB'"))
        for statement in SETUP_SQL:
            conn.execute(sa.text(statement), params)
        # Loading first and indexing after is several times faster than indexing row by row.
        for index in case_indexes:
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {index.name}"))
    with click.progressbar(length=cases, label="Generating cases") as bar:
        for first in range(1, cases + 1, CHUNK):
            last = min(first + CHUNK - 1, cases)
            with engine.begin() as conn:
                conn.execute(sa.text("SELECT setseed(:s)"), {"s": (first % 9973) / 9973})
                conn.execute(sa.text(CASES_SQL), {**params, "first": first, "last": last})
            bar.update(last - first + 1)
    steps: list[Any] = [*EVENTS_SQL]
    with click.progressbar(steps + case_indexes, label="Events, ratings, indexes") as bar:
        for step in bar:
            with engine.begin() as conn:
                conn.execute(sa.text("SET maintenance_work_mem = '256MB'"))
                if isinstance(step, str):
                    conn.execute(sa.text(step))
                else:
                    step.create(conn)
    for table in (
        "units",
        "users",
        "departments",
        "procedures",
        "procedure_versions",
        "cases",
        "case_events",
    ):
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"  # (table names from the list above)
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        click.echo("VACUUM ANALYZE (so the report index is read index-only)...")
        conn.execute(sa.text("VACUUM ANALYZE"))


# ---- the hand-written query -----------------------------------------------------------------

# The same figures as onestop/reports/queries.py, written by hand in PostgreSQL's own date
# arithmetic (local dates by adding 7 hours instead of epoch seconds): one statement. (The bench
# data has no apology, so due_before_apology_at is left out.)
HAND_WRITTEN = """
WITH facts AS (
  SELECT c.handling_unit_id AS unit, c.holder_department_id AS department,
    c.procedure_id AS procedure, coalesce(c.handler_id, c.received_by_id) AS officer,
    to_char(c.accepted_at + interval '7 hours', 'YYYYMM')::int AS accepted_month,
    CASE WHEN c.closed_at < :e THEN to_char(c.closed_at + interval '7 hours', 'YYYYMM')::int END
      AS closed_month,
    CASE WHEN c.accepted_at < :s THEN 'carried' WHEN c.channel = 'online' THEN 'online'
         ELSE 'direct' END AS received,
    CASE
      WHEN c.closed_at < :e THEN
        CASE
          WHEN c.second_supplement_at < c.closed_at THEN 'late'
          WHEN c.first_supplement_at < c.closed_at
               AND (c.first_supplement_back_at IS NULL
                    OR c.first_supplement_back_at >= c.closed_at) THEN
            CASE WHEN (c.first_supplement_at + interval '7 hours')::date
                      > (c.first_supplement_due_at + interval '7 hours')::date THEN 'late'
                 WHEN (c.first_supplement_at + interval '7 hours')::date
                      < (c.first_supplement_due_at + interval '7 hours')::date THEN 'early'
                 ELSE 'on_time' END
          WHEN (c.closed_at + interval '7 hours')::date
               > (c.due_at + interval '7 hours')::date THEN 'late'
          WHEN (c.closed_at + interval '7 hours')::date
               < (c.due_at + interval '7 hours')::date THEN 'early'
          ELSE 'on_time'
        END
      WHEN c.second_supplement_at < :t THEN 'overdue'
      WHEN c.first_supplement_at < :t
           AND (c.first_supplement_back_at IS NULL OR c.first_supplement_back_at >= :t) THEN
        CASE WHEN (c.first_supplement_at + interval '7 hours')::date
                  > (c.first_supplement_due_at + interval '7 hours')::date THEN 'overdue'
             ELSE 'waiting' END
      WHEN :t_day > (c.due_at + interval '7 hours')::date THEN 'overdue'
      ELSE 'within'
    END AS state,
    CASE WHEN c.closed_at < :e AND c.status = 'withdrawn' THEN 1 ELSE 0 END AS withdrawn,
    c.satisfaction AS rating,
    CASE WHEN c.closed_at < :e
         THEN extract(epoch from c.closed_at - c.accepted_at) - c.paused_seconds ELSE 0 END
      AS seconds
  FROM cases c
  WHERE c.accepted_at < :e AND (c.closed_at IS NULL OR c.closed_at >= :s)
    AND c.handling_unit_id IN (SELECT id FROM units WHERE path LIKE :path)
)
SELECT grouping(unit, department, procedure, officer, accepted_month, closed_month) AS mask,
       unit, department, procedure, officer, accepted_month, closed_month,
       received, state, withdrawn, rating, count(*) AS n, sum(seconds) AS seconds
FROM facts
GROUP BY GROUPING SETS (
  (received, state, withdrawn, rating),
  (unit, received, state, withdrawn, rating),
  (department, received, state, withdrawn, rating),
  (procedure, received, state, withdrawn, rating),
  (officer, received, state, withdrawn, rating),
  (accepted_month, received, state, withdrawn, rating),
  (closed_month, received, state, withdrawn, rating))
"""
HAND_DIMS = ("unit", "department", "procedure", "officer", "accepted_month", "closed_month")


def hand_written(conn: sa.Connection, window: Window) -> list[Any]:
    t = window.judged_at
    # The same session settings the dashboard uses (no JIT, hash tables in memory).
    conn.execute(sa.text("SET jit = off"))
    conn.execute(sa.text(f"SET work_mem = '{REPORT_WORK_MEM}'"))
    conn.execute(sa.text(f"SET random_page_cost = {REPORT_RANDOM_PAGE_COST}"))
    return conn.execute(
        sa.text(HAND_WRITTEN),
        {
            "s": window.start.astimezone(UTC).replace(tzinfo=None),
            "e": window.end.astimezone(UTC).replace(tzinfo=None),
            "t": t.astimezone(UTC).replace(tzinfo=None),
            "t_day": t.astimezone(VN).date(),
            "path": "/1/%",
        },
    ).all()


def as_breakdowns(rows: list[Any]) -> Breakdowns:
    """Pivot the hand-written rows the way the dashboard does, to compare the numbers."""
    total = Figures()
    by: dict[str, dict[Any, Figures]] = {d: {} for d in HAND_DIMS}
    full = (1 << len(HAND_DIMS)) - 1
    for row in rows:
        m = row._mapping
        grouped = full ^ int(m["mask"])
        name = next(
            (d for i, d in enumerate(HAND_DIMS) if grouped & (1 << (len(HAND_DIMS) - 1 - i))),
            None,
        )
        target = total if name is None else by[name].setdefault(m[name], Figures())
        target.add(
            Received(m["received"]),
            State(m["state"]),
            int(m["n"]),
            withdrawn=bool(m["withdrawn"]),
            processing_seconds=round(m["seconds"] or 0),
            rating=m["rating"],
        )
    return Breakdowns(total=total, by=by)


def same_numbers(a: Breakdowns, b: Breakdowns) -> list[str]:
    """Where the two disagree (processing seconds within rounding of a second per case)."""

    def cells(f: Figures) -> tuple[Any, ...]:
        return (dict(f.received), dict(f.states), f.withdrawn, dict(f.ratings))

    problems = []
    pairs = [("total", a.total, b.total)] + [
        (f"{d}={k}", a.by[d].get(k, Figures()), b.by[d].get(k, Figures()))
        for d in HAND_DIMS
        for k in set(a.by[d]) | set(b.by[d])
    ]
    for name, x, y in pairs:
        if cells(x) != cells(y) or abs(x.processing_seconds - y.processing_seconds) > x.total:
            problems.append(f"{name}: {cells(x)} != {cells(y)}")
    return problems


def signed_in_supervisor(app: Any) -> Any:
    """A test client signed in as a province-wide supervisor (created on the first run)."""
    from onestop.accounts.models import Role, User
    from onestop.accounts.services import create_user
    from onestop.organisation.models import Unit

    password = "bench-supervisor-2026"  # noqa: S105 (a throwaway account in the bench database)
    with app.app_context():
        if db.session.scalar(sa.select(User.id).where(User.username == "bench_supervisor")) is None:
            province = db.session.get(Unit, 1)
            assert province is not None
            create_user(
                username="bench_supervisor",
                full_name="Giám sát",
                password=password,
                role=Role.SUPERVISOR,
                unit=province,
            )
            db.session.commit()
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    token = form.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": "bench_supervisor", "password": password, "csrf_token": token},
    )
    if response.status_code != 302:
        sys.exit("could not sign the bench supervisor in")
    return client


def backend_cpu(pid: int) -> float:
    """CPU seconds a local PostgreSQL backend has used (user + system), from /proc.

    Wall time on a shared two-core machine mostly measures the neighbours; CPU time shows what
    the statement itself costs, which is what a quiet server's wall time comes down to.
    """
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---- run ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    admin = sa.create_engine(
        sa.make_url(args.url).set(drivername="postgresql+psycopg", database="postgres"),
        isolation_level="AUTOCOMMIT",
    )
    name = sa.make_url(args.url).database
    with admin.connect() as conn:
        if args.regenerate:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()

    app = create_app(
        {"DATABASE_URL": args.url, "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False}
    )
    with app.app_context():
        upgrade()
        engine = db.engine
        with engine.connect() as conn:
            have = conn.scalar(sa.text("SELECT count(*) FROM cases"))
        if have != args.cases:
            if have:
                sys.exit(f"{name} holds {have} cases, not {args.cases}: use --regenerate")
            began = time.perf_counter()
            generate(engine, args.cases)
            click.echo(f"Generated in {time.perf_counter() - began:.0f} s")

        start, end = Period.year(args.year).bounds(VN)
        window = Window(start, end, NOW, OFFSET)
        scope = Scope("/1/")

        cpu: dict[str, list[float]] = {"dashboard": [], "hand-written SQL": []}

        def dashboard() -> Breakdowns:
            pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
            before = backend_cpu(pid) + time.process_time()
            result = breakdowns(db.session, scope, window)
            cpu["dashboard"].append(backend_cpu(pid) + time.process_time() - before)
            db.session.rollback()
            return result

        def baseline() -> list[Any]:
            with engine.connect() as conn:
                pid = conn.scalar(sa.text("SELECT pg_backend_pid()"))
                before = backend_cpu(pid) + time.process_time()
                rows = hand_written(conn, window)
                cpu["hand-written SQL"].append(backend_cpu(pid) + time.process_time() - before)
                return rows

        mine, theirs = dashboard(), as_breakdowns(baseline())
        problems = same_numbers(mine, theirs)
        if problems:
            sys.exit(
                "the dashboard and the hand-written SQL disagree:\n" + "\n".join(problems[:20])
            )
        client = signed_in_supervisor(app)
        page_url = f"/reports/?kind=year&year={args.year}"

        def page() -> None:
            response = client.get(page_url)
            if response.status_code != 200 or "kpi-on-time" not in response.get_data(True):
                sys.exit(f"the dashboard page failed: {response.status}")

        page()
        ours_t, base_t, page_t = [], [], []
        for _ in range(args.rounds):
            began = time.perf_counter()
            dashboard()
            ours_t.append(time.perf_counter() - began)
            began = time.perf_counter()
            baseline()
            base_t.append(time.perf_counter() - began)
            began = time.perf_counter()
            page()
            page_t.append(time.perf_counter() - began)
        with engine.connect() as conn:
            pg = conn.scalar(sa.text("SHOW server_version"))
            counted = mine.total.total

    for times in cpu.values():
        del times[0]  # the warm-up run that checked the numbers
    ours, base = statistics.median(ours_t), statistics.median(base_t)
    ratio = ours / base
    print(f"PostgreSQL {pg}, Python {platform.python_version()}, {args.cases:,} cases")
    print(f"Province-wide dashboard for {args.year}: {counted:,} cases counted, same numbers")
    print(f"  on-time rate {mine.total.on_time_rate:.2f} %, {len(mine.by['unit'])} units,")
    print(
        f"  {len(mine.by['department'])} departments (with the counter), "
        f"{len(mine.by['procedure'])} procedures, {len(mine.by['officer'])} officers"
    )
    print(f"| measure | median of {args.rounds} | min | max | CPU time, median |")
    print("|---|---:|---:|---:|---:|")
    for label, times, cpus in (
        ("dashboard (breakdowns)", ours_t, cpu["dashboard"]),
        ("hand-written SQL", base_t, cpu["hand-written SQL"]),
        ("the dashboard page, whole request", page_t, []),
    ):
        print(
            f"| {label} | {statistics.median(times) * 1000:.0f} ms | "
            f"{min(times) * 1000:.0f} ms | {max(times) * 1000:.0f} ms | "
            f"{f'{statistics.median(cpus) * 1000:.0f} ms' if cpus else '–'} |"
        )
    print(f"load average during the run: {os.getloadavg()[0]:.1f}")
    whole = statistics.median(page_t)
    print(
        f"ratio dashboard / hand-written: {ratio:.2f}× (target ≤ 1.5×); dashboard < 1 s: "
        f"{'yes' if ours < 1 else 'NO'}; whole page < 1 s: {'yes' if whole < 1 else 'NO'}"
    )
    if ours >= 1 or ratio > 1.5 or whole >= 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
