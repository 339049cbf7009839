"""The operator commands: they run inside the app context and say what they did."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from onestop.notifications import cli


def test_worker_refuses_to_start_without_redis(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output


def test_sweep_and_scheduled_jobs_run_by_hand(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["notifications", "sweep"]).output == "0 notifications handed on.\n"
    result = runner.invoke(
        args=["notifications", "run", "remind_overdue", "--at", "2030-01-02T08:00:00+07:00"]
    )
    assert result.exit_code == 0 and result.output == "remind_overdue: 0\n"


def test_embedded_schedule_calls_the_same_job_functions(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    fake = (cli.Scheduled(lambda: calls.append("sweep") or 0, interval=60),)
    monkeypatch.setattr(cli, "SCHEDULE", fake)
    cli.run_embedded_schedule(app, ZoneInfo("Asia/Ho_Chi_Minh"), stop_after=1)
    assert calls == ["sweep"]
