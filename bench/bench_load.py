"""Benchmark: the app under gunicorn on PostgreSQL, a mixed workload at 32 connections, and the
public status lookup against a bare Flask endpoint served the same way in the same run.

Run: python bench/bench_load.py [--url postgresql://postgres@127.0.0.1:5432/onestop_bench_load]
     [--redis-url redis://127.0.0.1:6379/<own db>] [--duration 60] [--connections 32]
     [--rounds 3] [--round-seconds 10] [--workers 4] [--threads 4] [--keep-alive 30] [--reuse]

1. Recreates the database (its name must contain "bench") and seeds it with the commands of
   `make run`: flask db upgrade, seed-demo, load-procedures, seed-demo-cases.
2. Serves the app and bench/bare_app.py with the same gunicorn settings (gthread workers).
3. Warms both up, then drives the mixed workload for --duration seconds: anonymous status
   lookups, counter intakes (form, accept with CSRF and the one-time token, the case page it
   redirects to), department queue pages and the supervisor dashboard, each user on its own
   connection, one request after the other with no think time.
4. Compares lookup-only load on the app with the bare endpoint in rounds taken in turn (the
   app's health check too, as the floor any page of the app stands on; and, if `wrk` is
   installed, the bare endpoint once more through wrk, a C client, to check the Python one).

Every request must answer 2xx or 3xx: the script exits 1 on any error, and 2 when lookups reach
less than half the bare endpoint's throughput. The load generator is asyncio + aiohttp in this
process (it signs in, keeps cookies and reads tokens out of pages); its CPU per request is printed
next to gunicorn's and PostgreSQL's, so its share of the machine is on the table.
The lookup and login rate limits are raised for the run (ONESTOP_LOOKUP_RATE_LIMIT,
ONESTOP_LOGIN_RATE_LIMIT): every simulated citizen comes from 127.0.0.1. The Redis database
--redis-url (default: REDIS_URL) is flushed before and after; without one, rate limits and
notifications stay in-process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

# Run from a checkout without installing it: prefer this tree's onestop over any installed one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench import load_workload as wl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/onestop_bench_load"
MIX = {"lookup": 16, "intake": 6, "queue": 6, "dashboard": 4}  # users (= connections) per kind
RATE_LIMIT = "1000000 per minute"
TARGET_RATIO = 0.5
SEED_COMMANDS = (["db", "upgrade"], ["seed-demo"], ["load-procedures"], ["seed-demo-cases"])


# ---- results ----------------------------------------------------------------------------------


@dataclass
class Stats:
    """Latencies (ms) and errors per request kind for one phase."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)

    def ok(self, kind: str, ms: float) -> None:
        self.latencies[kind].append(ms)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.samples) < 10:
            self.samples.append(f"{kind}: {detail}")

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + self.error_count

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class Phase:
    stats: Stats
    seconds: float
    client_cpu: float  # seconds of this process's CPU
    server_cpu: float  # seconds of the gunicorn processes' CPU
    database_cpu: float  # seconds of the bench database's PostgreSQL backends

    def rate(self, kind: str | None = None) -> float:
        if kind is None:
            return self.stats.requests / self.seconds
        return (len(self.stats.latencies[kind]) + self.stats.errors[kind]) / self.seconds


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# ---- processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def processes(match: Callable[[int, str, int], bool]) -> list[int]:
    """The pids whose (pid, command line, parent pid) match."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        if match(int(entry.name), cmdline, ppid):
            found.append(int(entry.name))
    return found


class Server:
    """One gunicorn master and its workers."""

    def __init__(self, target: str, args: argparse.Namespace, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable, "-m", "gunicorn", "--worker-class", "gthread",
            "--workers", str(args.workers), "--threads", str(args.threads),
            "--keep-alive", str(args.keep_alive),
            "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
            "--no-control-socket", target,
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)

    def pids(self) -> list[int]:
        master = self.process.pid
        return [master, *processes(lambda pid, cmd, ppid: ppid == master)]

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids())

    def wait_ready(self, path: str, timeout: float = 120) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        sys.exit(f"{self.url}{path} did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def database_cpu(name: str) -> float:
    """CPU of the PostgreSQL backends serving the bench database (they live as long as the pools)."""
    return sum(
        cpu_seconds(pid)
        for pid in processes(
            lambda pid, cmd, ppid: cmd.startswith("postgres:") and f" {name} " in cmd
        )
    )


# ---- the database -----------------------------------------------------------------------------


def sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def prepare_database(url: str, env: dict[str, str], reuse: bool) -> list[tuple[str, str]]:
    """Recreate and seed the bench database (or reuse a seeded one); return (code, key) pairs."""
    target = make_url(sqlalchemy_url(url))
    name = target.database or ""
    if "bench" not in name:
        sys.exit(f"refusing to recreate {name!r}: the bench database's name must contain 'bench'")
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not (reuse and exists):
            print(f"Recreating {name} and seeding it as `make run` does (about a minute)...")
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    if not (reuse and exists):
        for command in SEED_COMMANDS:
            subprocess.run(
                [sys.executable, "-m", "flask", "--app", "app", *command],
                cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
    engine = sa.create_engine(target)
    with engine.connect() as conn:
        conn.execute(sa.text("ANALYZE"))
        rows = conn.execute(
            sa.text("SELECT code, lookup_code FROM cases WHERE code IS NOT NULL ORDER BY id")
        ).all()
        pg_version = conn.scalar(sa.text("SHOW server_version"))
    engine.dispose()
    if not rows:
        sys.exit("the seeded database has no cases to look up")
    print(f"PostgreSQL {pg_version}, {len(rows)} cases to look up")
    return [(str(code), str(key)) for code, key in rows]


# ---- the load generator -----------------------------------------------------------------------


class Failed(Exception):
    """A request answered outside 2xx/3xx, or not at all (already counted)."""


class Client:
    """One simulated user: its own connection and cookie jar."""

    def __init__(self, base_url: str) -> None:
        self.session = aiohttp.ClientSession(
            base_url=base_url,
            connector=aiohttp.TCPConnector(limit=1),
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies from 127.0.0.1
            timeout=aiohttp.ClientTimeout(total=120),
        )
        self.stats = Stats()

    async def send(self, request: wl.Request) -> tuple[bytes, str | None]:
        data: aiohttp.FormData | dict[str, str] | None = None
        if request.multipart:
            data = aiohttp.FormData(default_to_multipart=True)
            for name, value in request.form.items():
                data.add_field(name, value)
        elif request.form:
            data = request.form
        start = time.perf_counter()
        try:
            async with self.session.request(
                request.method, request.path, data=data, allow_redirects=False
            ) as response:
                body = await response.read()
                status, location = response.status, response.headers.get("Location")
        except (aiohttp.ClientError, TimeoutError) as error:
            self.stats.error(request.kind, repr(error))
            raise Failed from error
        ms = (time.perf_counter() - start) * 1000
        if not 200 <= status < 400 or (request.expect_redirect and status not in (302, 303)):
            self.stats.error(request.kind, f"HTTP {status} {request.method} {request.path}")
            raise Failed
        self.stats.ok(request.kind, ms)
        return body, location

    async def sign_in(self, username: str) -> None:
        page, _ = await self.send(wl.login_page())
        await self.send(wl.login(page.decode(), username))

    async def close(self) -> None:
        await self.session.close()


Script = Callable[[Client, float], Awaitable[None]]


def looping(step: Callable[[Client], Awaitable[None]]) -> Script:
    """Repeat one user's step until the deadline; an error is counted and the user carries on."""

    async def run(client: Client, deadline: float) -> None:
        while time.perf_counter() < deadline:
            try:
                await step(client)
            except (Failed, wl.MissingToken) as error:
                if isinstance(error, wl.MissingToken):
                    client.stats.error("page tokens", str(error))
                await asyncio.sleep(0.05)

    return run


def scripts(codes: list[tuple[str, str]], year: int, seed: int) -> dict[str, Script]:
    rng = random.Random(seed)

    async def lookup(client: Client) -> None:
        await client.send(wl.lookup(*rng.choice(codes)))

    async def intake(client: Client) -> None:
        form, _ = await client.send(wl.intake_form())
        _, location = await client.send(wl.intake_accept(form.decode(), rng))
        await client.send(wl.case_page(location or ""))

    async def queue(client: Client) -> None:
        await client.send(wl.queue(rng))

    async def dashboard(client: Client) -> None:
        await client.send(wl.dashboard(rng, year))

    async def health(client: Client) -> None:
        await client.send(wl.health())

    async def bare(client: Client) -> None:
        await client.send(wl.bare())

    async def floor(client: Client) -> None:
        await client.send(wl.floor_lookup(*rng.choice(codes)))

    steps = {"lookup": lookup, "intake": intake, "queue": queue, "dashboard": dashboard}
    baselines = {"health": health, "bare": bare, "floor": floor}
    return {name: looping(step) for name, step in {**steps, **baselines}.items()}


SIGN_IN = {"intake": wl.COUNTER_OFFICER, "queue": wl.DEPARTMENT_OFFICER, "dashboard": wl.SUPERVISOR}


async def phase(
    server: Server, mix: dict[str, int], seconds: float, plan: dict[str, Script], database: str
) -> Phase:
    """Sign the users in, then run them all for `seconds`; measure wall time and CPU."""
    clients = [(kind, Client(server.url)) for kind, count in mix.items() for _ in range(count)]
    try:
        for kind, client in clients:
            if kind in SIGN_IN:
                await client.sign_in(SIGN_IN[kind])
        stats = Stats()  # signing in is not part of the measured work
        for _, client in clients:
            client.stats = stats
        cpu, server_cpu, db_cpu = time.process_time(), server.cpu(), database_cpu(database)
        start = time.perf_counter()
        await asyncio.gather(*(plan[kind](client, start + seconds) for kind, client in clients))
        return Phase(
            stats,
            time.perf_counter() - start,
            time.process_time() - cpu,
            server.cpu() - server_cpu,
            database_cpu(database) - db_cpu,
        )
    finally:
        for _, client in clients:
            await client.close()


# ---- the run ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--round-seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    # The users hold their connections like a proxy keeping its upstream connections: gunicorn's
    # default 2 s would close one that a user, starved of CPU on a busy machine, has not reused
    # in time, and a POST written as the server closes it fails (a keep-alive race, not the app).
    parser.add_argument("--keep-alive", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    scale = args.connections / sum(MIX.values())
    mix = {kind: max(1, round(n * scale)) for kind, n in MIX.items()}
    mix["lookup"] += args.connections - sum(mix.values())
    uploads = tempfile.mkdtemp(prefix="bench-load-")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": args.url,
        "SECRET_KEY": secrets.token_hex(32),
        "ONESTOP_UPLOAD_FOLDER": uploads,
        "ONESTOP_SESSION_COOKIE_SECURE": "false",  # plain HTTP on loopback
        "ONESTOP_REMEMBER_COOKIE_SECURE": "false",
        "ONESTOP_LOOKUP_RATE_LIMIT": RATE_LIMIT,
        "ONESTOP_LOGIN_RATE_LIMIT": RATE_LIMIT,
    }
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
        flush_redis(args.redis_url)
    codes = prepare_database(args.url, env, args.reuse)
    database = make_url(sqlalchemy_url(args.url)).database or ""
    year = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
    plan = scripts(codes, year, args.seed)

    load_before = os.getloadavg()
    app_server = Server("app:app", args, env)
    bare_server = Server("bench.bare_app:app", args, env)
    floor_server = Server("bench.floor_app:app", args, env)
    servers = (app_server, bare_server, floor_server)
    try:
        app_server.wait_ready("/healthz")
        bare_server.wait_ready("/")
        floor_server.wait_ready("/lookup")
        results = asyncio.run(run_all(args, mix, plan, servers, database))
    finally:
        for server in servers:
            server.stop()
        if args.redis_url:
            flush_redis(args.redis_url)
    report(args, mix, results, load_before, os.getloadavg())


@dataclass
class Results:
    warmup: list[Phase]
    mixed: Phase
    lookups: list[Phase]
    bares: list[Phase]
    healths: list[Phase]
    floors: list[Phase]  # the same lookups on bench/floor_app.py
    wrk: list[float]  # the bare endpoint measured by wrk, requests per second (if installed)


def wrk_rate(url: str, connections: int, seconds: float) -> float | None:
    """Requests per second wrk (C, one thread) gets from `url`; None without wrk."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    out = subprocess.run(
        [wrk, "-t1", f"-c{connections}", f"-d{seconds:.0f}s", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"wrk saw errors on the bare endpoint:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else None


async def run_all(
    args: argparse.Namespace,
    mix: dict[str, int],
    plan: dict[str, Script],
    servers: tuple[Server, Server, Server],
    database: str,
) -> Results:
    app_server, bare_server, floor_server = servers
    n, seconds = args.connections, args.round_seconds
    print(f"Warming up ({args.warmup:.0f} s each)...")
    warmup = [
        await phase(app_server, mix, args.warmup, plan, database),
        await phase(app_server, {"lookup": n}, args.warmup, plan, database),
        await phase(bare_server, {"bare": n}, args.warmup, plan, database),
        await phase(floor_server, {"floor": n}, args.warmup, plan, database),
    ]
    print(f"Mixed workload, {args.duration:.0f} s at {n} connections: {mix}")
    mixed = await phase(app_server, mix, args.duration, plan, database)
    results = Results(warmup, mixed, [], [], [], [], [])
    for number in range(1, args.rounds + 1):
        print(f"Round {number}/{args.rounds}: lookups, the bare endpoint, the health check...")
        results.lookups.append(await phase(app_server, {"lookup": n}, seconds, plan, database))
        results.bares.append(await phase(bare_server, {"bare": n}, seconds, plan, database))
        results.healths.append(await phase(app_server, {"health": n}, seconds, plan, database))
        results.floors.append(await phase(floor_server, {"floor": n}, seconds, plan, database))
        rate = await asyncio.to_thread(wrk_rate, bare_server.url + "/", n, seconds)
        if rate is not None:
            results.wrk.append(rate)
    return results


def flush_redis(url: str) -> None:
    from redis import Redis

    Redis.from_url(url).flushdb()


def overall_rate(phases: list[Phase]) -> float:
    return sum(p.stats.requests for p in phases) / sum(p.seconds for p in phases)


def report(
    args: argparse.Namespace,
    mix: dict[str, int],
    results: Results,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> None:
    mixed = results.mixed
    print()
    print(
        f"Python {platform.python_version()}, gunicorn {version('gunicorn')} "
        f"(gthread, {args.workers} workers x {args.threads} threads, keep-alive {args.keep_alive} s), "
        f"aiohttp {version('aiohttp')}, "
        f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after, "
        f"Redis: {'yes' if args.redis_url else 'no (in-process)'}"
    )
    print()
    print(f"Mixed workload: {mixed.seconds:.1f} s, {args.connections} connections")
    print()
    print("| request | users | requests | errors | per s | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    users = {
        "status lookup": mix["lookup"],
        "intake form": mix["intake"],
        "intake accept": mix["intake"],
        "case page": mix["intake"],
        "queue page": mix["queue"],
        "dashboard": mix["dashboard"],
    }
    for kind, count in users.items():
        values = mixed.stats.latencies[kind]
        print(
            f"| {kind} | {count} | {len(values) + mixed.stats.errors[kind]:,} | "
            f"{mixed.stats.errors[kind]} | {mixed.rate(kind):,.1f} | "
            f"{percentile(values, 0.5):,.1f} | {percentile(values, 0.99):,.1f} |"
        )
    every = [v for values in mixed.stats.latencies.values() for v in values]
    print(
        f"| **all** | {args.connections} | {mixed.stats.requests:,} | {mixed.stats.error_count} | "
        f"{mixed.rate():,.1f} | {percentile(every, 0.5):,.1f} | {percentile(every, 0.99):,.1f} |"
    )
    print()
    print(
        f"Lookups only against the bare endpoint: {args.rounds} rounds of {args.round_seconds:.0f} s "
        f"each, in turn, {args.connections} connections. The app's health check (one SELECT 1, "
        "no template) is the floor of any page of the app; wrk cross-checks the bare endpoint."
    )
    print()
    print("| round | status lookup /s | bare endpoint /s | lookup ÷ bare | health check /s | floor lookup /s | bare, wrk /s |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    rounds = zip(results.lookups, results.bares, results.healths, results.floors, strict=True)
    for number, (look, bare, health, floor) in enumerate(rounds, 1):
        wrk = f"{results.wrk[number - 1]:,.0f}" if len(results.wrk) >= number else "-"
        print(
            f"| {number} | {look.rate():,.0f} | {bare.rate():,.0f} | "
            f"{look.rate() / bare.rate():.2f}× | {health.rate():,.0f} | {floor.rate():,.0f} | {wrk} |"
        )
    look_rate = overall_rate(results.lookups)
    bare_rate = overall_rate(results.bares)
    health_rate = overall_rate(results.healths)
    floor_rate = overall_rate(results.floors)
    ratio = look_rate / bare_rate
    wrk_all = f"**{statistics.mean(results.wrk):,.0f}**" if results.wrk else "-"
    print(
        f"| **all rounds** | **{look_rate:,.0f}** | **{bare_rate:,.0f}** | **{ratio:.2f}×** | "
        f"**{health_rate:,.0f}** ({health_rate / bare_rate:.2f}×) | "
        f"**{floor_rate:,.0f}** ({floor_rate / bare_rate:.2f}×) | {wrk_all} |"
    )
    print()
    print("Latency and CPU per request, ms (CPU from /proc: this client, gunicorn, PostgreSQL):")
    print()
    print("| load | p50 | p99 | client CPU | gunicorn CPU | PostgreSQL CPU |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, phases in (
        ("mixed", [mixed]),
        ("status lookups only", results.lookups),
        ("bare endpoint", results.bares),
        ("health check", results.healths),
        ("floor lookup", results.floors),
    ):
        values = [v for p in phases for vs in p.stats.latencies.values() for v in vs]
        count = sum(p.stats.requests for p in phases)
        cpu = [sum(getattr(p, a) for p in phases) * 1000 / count
               for a in ("client_cpu", "server_cpu", "database_cpu")]  # fmt: skip
        print(
            f"| {name} | {percentile(values, 0.5):.1f} | {percentile(values, 0.99):.1f} | "
            f"{cpu[0]:.2f} | {cpu[1]:.2f} | {cpu[2]:.2f} |"
        )

    phases = (
        *results.warmup, mixed, *results.lookups, *results.bares, *results.healths,
        *results.floors,
    )  # fmt: skip
    error_count = sum(p.stats.error_count for p in phases)
    print()
    if error_count:
        print(f"FAILED: {error_count} requests answered outside 2xx/3xx or not at all, e.g.:")
        for sample in [x for p in phases for x in p.stats.samples][:10]:
            print(f"  {sample}")
        sys.exit(1)
    print("No errors: every request answered 2xx or 3xx.")
    if ratio < TARGET_RATIO:
        print(f"FAILED: status lookups reached {ratio:.2f}× the bare endpoint (target ≥ {TARGET_RATIO}×)")  # fmt: skip
        sys.exit(2)
    print(f"Status lookups reached {ratio:.2f}× the bare endpoint's throughput (target ≥ {TARGET_RATIO}×).")  # fmt: skip


if __name__ == "__main__":
    main()
