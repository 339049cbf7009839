"""`flask worker`, `flask cron` and `flask notifications …`: run inside the app context."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import click
from croniter import croniter
from flask import Flask, current_app
from flask.cli import with_appcontext

from onestop.api.sync import push_case_changes
from onestop.cases.stray_files import prune_stray_uploads
from onestop.db import db
from onestop.notifications import schedule
from onestop.notifications.sweep import sweep_outbox
from onestop.worker import MAINTENANCE, QUEUES, make_worker, redis_connection


@dataclass(frozen=True)
class Scheduled:
    func: Callable[..., int]
    cron: str | None = None  # in the TIMEZONE zone (Asia/Ho_Chi_Minh)
    interval: int | None = None  # seconds


# What runs on a clock. Deadlines and "already reminded" live in the database; these only
# say how often to look.
SCHEDULE = (
    Scheduled(sweep_outbox, interval=60),
    Scheduled(schedule.send_head_digests, cron="0 7 * * *"),
    Scheduled(schedule.remind_due_tomorrow, cron="30 7 * * *"),
    Scheduled(schedule.remind_overdue, cron="0 8 * * *"),
    Scheduled(schedule.send_monthly_reports, cron="0 8 1 * *"),
    Scheduled(push_case_changes, interval=300),
    # Sunday 03:00, when nobody uploads: files no row names, older than the grace period.
    Scheduled(prune_stray_uploads, cron="0 3 * * 0"),
)


@click.command("worker")
@click.option(
    "--queue", "queues", multiple=True, help=f"Queues to work on (default: {', '.join(QUEUES)})."
)
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--simple", is_flag=True, help="Run jobs in this process instead of a forked one.")
@with_appcontext
def worker_command(queues: tuple[str, ...], burst: bool, simple: bool) -> None:
    """Run an RQ worker whose jobs run inside the app context (needs REDIS_URL)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if redis_connection(app) is None:
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run in-process.")
    db.session.remove()  # nothing of the command's own context leaks into the jobs
    worker = make_worker(app, queues or QUEUES, simple=simple)
    # with_scheduler: moves retries with backoff (scheduled jobs) back into their queue.
    worker.work(burst=burst, with_scheduler=True)


def _use_zone(name: str) -> None:
    # rq's cron reads cron fields in the process's local time.
    os.environ["TZ"] = name
    time.tzset()


@click.command("cron")
@with_appcontext
def cron_command() -> None:
    """Run the schedule (reminders, digests, reports, the sweep, upload pruning) in TIMEZONE.

    With REDIS_URL: RQ's cron scheduler enqueues the jobs on the maintenance queue. Without:
    the same job functions run in this process at the same times (embedded mode).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    zone = app.config["TIMEZONE"]
    connection = redis_connection(app)
    if connection is not None:
        from rq.cron import CronScheduler

        _use_zone(zone)
        scheduler = CronScheduler(connection=connection, name=f"onestop-{os.getpid()}")
        for item in SCHEDULE:
            scheduler.register(
                item.func, MAINTENANCE, cron=item.cron, interval=item.interval, job_timeout=600
            )
        click.echo(f"cron: {len(SCHEDULE)} jobs on queue {MAINTENANCE!r}, zone {zone}")
        scheduler.start()
        return
    click.echo(f"cron (embedded, no REDIS_URL): {len(SCHEDULE)} jobs in-process, zone {zone}")
    run_embedded_schedule(app, ZoneInfo(zone))


def run_embedded_schedule(app: Flask, zone: ZoneInfo, *, stop_after: int | None = None) -> None:
    """Call the scheduled job functions at their times, each in a fresh app context."""
    now = datetime.now(zone)
    due = {item: now if item.interval else _next(item, now) for item in SCHEDULE}
    runs = 0
    while stop_after is None or runs < stop_after:
        item = min(due, key=lambda i: due[i])
        time.sleep(max((due[item] - datetime.now(zone)).total_seconds(), 0))
        with app.app_context():
            try:
                item.func()
            except Exception as error:  # one failing job must not stop the schedule
                app.logger.exception("%s failed: %s", item.func.__name__, error)
        due[item] = _next(item, datetime.now(zone))
        runs += 1


def _next(item: Scheduled, after: datetime) -> datetime:
    if item.interval:
        return after + timedelta(seconds=item.interval)
    assert item.cron is not None
    result: datetime = croniter(item.cron, after).get_next(datetime)
    return result


@click.group("notifications")
def notifications_group() -> None:
    """Inspect and push the notification outbox."""


@notifications_group.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Enqueue (or, without Redis, send) every outbox row still waiting; safe to repeat."""
    click.echo(f"{sweep_outbox()} notifications handed on.")


@notifications_group.command("run")
@click.argument("job", type=click.Choice([i.func.__name__ for i in SCHEDULE]))
@click.option("--at", default=None, help="Run as of this ISO instant (e.g. re-run a missed day).")
@with_appcontext
def run_command(job: str, at: str | None) -> None:
    """Run one scheduled job now, in this process."""
    item = next(i for i in SCHEDULE if i.func.__name__ == job)
    result = item.func() if item.func is sweep_outbox else item.func(at)
    click.echo(f"{job}: {result}")


def init_app(app: Flask) -> None:
    app.cli.add_command(worker_command)
    app.cli.add_command(cron_command)
    app.cli.add_command(notifications_group)
