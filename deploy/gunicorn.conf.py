"""gunicorn settings for Onestop: `gunicorn -c deploy/gunicorn.conf.py app:app`.

Sized for a 2-core server (the figures in docs/benchmarks.md were measured with the same
worker class, workers and threads). Every value can be overridden on the command line.
"""

import os

# Behind nginx on the same host; use a Unix socket or a private address, never a public one.
bind = os.environ.get("ONESTOP_BIND", "127.0.0.1:8000")
# Processes give CPU parallelism (Python runs one thread at a time per process); threads
# overlap the waits on PostgreSQL and Redis. About 2 processes per core, 4 threads each.
worker_class = "gthread"
workers = int(os.environ.get("ONESTOP_WORKERS", "4"))
threads = int(os.environ.get("ONESTOP_THREADS", "4"))
# A dashboard over a year of a province's cases takes seconds; nothing should take a minute.
timeout = 60
graceful_timeout = 30
# Idle keep-alive connections are closed after this. nginx as configured in deploy/ opens one
# connection per request, so it only matters for clients that keep theirs (the load benchmark
# keeps 32 and uses 30 s: a client that reuses a connection as the server closes it sees an error).
keepalive = 5
# Recycle workers now and then (memory held by a large report goes back to the system).
max_requests = 2000
max_requests_jitter = 200
# The proxy on this host may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = "127.0.0.1,::1"
# gunicorn 27's runtime control socket is not used; systemd manages the process.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = "info"
