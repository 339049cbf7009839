"""Rate limits live in Redis; with Redis unreachable, limited pages (sign-in, lookup) still answer."""

from __future__ import annotations

import socket
from pathlib import Path

from onestop import create_app


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_with_redis_down_limits_fall_back_to_memory(tmp_path: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": "sqlite:///" + str(tmp_path / "x.sqlite3"),
            "SECRET_KEY": "x",
            "REDIS_URL": f"redis://127.0.0.1:{unused_port()}/0",  # nothing listens there
            "LOOKUP_RATE_LIMIT": "3 per minute",
        }
    )
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("redis://")
    # The limiter's Redis client waits no longer than the queues' (2 s to connect, 5 s to answer).
    assert app.config["RATELIMIT_STORAGE_OPTIONS"] == {
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
    client = app.test_client()
    assert [client.get("/lookup").status_code for _ in range(4)] == [200, 200, 200, 429]
