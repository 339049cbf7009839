"""Rate limits live in Redis; with Redis unreachable, limited pages (sign-in, lookup) still answer."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from onestop import PROJECT_ROOT

# In a process of its own: the limiter is one object shared by every app of a process, and an
# app pointing it at a dead Redis would break the rate limits of the tests that follow.
SCRIPT = """
import json
from onestop import create_app
app = create_app({"TESTING": True, "SECRET_KEY": "x", "LOOKUP_RATE_LIMIT": "3 per minute"})
client = app.test_client()
print(json.dumps({"statuses": [client.get("/lookup").status_code for _ in range(4)],
                  "storage": app.config["RATELIMIT_STORAGE_URI"],
                  "options": app.config["RATELIMIT_STORAGE_OPTIONS"]}))
"""


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_with_redis_down_limits_fall_back_to_memory(tmp_path: Path) -> None:
    dead_redis = f"redis://127.0.0.1:{unused_port()}/0"  # nothing listens there
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "x.sqlite3"),
        "REDIS_URL": dead_redis,
    }
    out = subprocess.run(  # noqa: S603 (runs this file's own SCRIPT)
        [sys.executable, "-c", SCRIPT],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(out.splitlines()[-1])
    assert result["storage"] == dead_redis
    # The limiter's Redis client waits no longer than the queues' (2 s to connect, 5 s to answer).
    assert result["options"] == {"socket_connect_timeout": 2, "socket_timeout": 5}
    # Still answering, and still limited, from each process's memory.
    assert result["statuses"] == [200, 200, 200, 429]
