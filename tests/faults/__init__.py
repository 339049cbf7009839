"""Fault drills: what users see, and what is left in the database and on disk, when a piece breaks.

- test_postgres_restart.py: PostgreSQL restarted under load (a private server of the test's own).
- test_redis_down.py: Redis stopped during intake (a private redis-server of the test's own).
- test_upload_folder.py: the upload folder refuses files (not a folder, read-only, full).
- A worker killed mid-job: tests/notifications/test_worker_killed.py (a real `flask worker`
  process killed with SIGKILL while it holds an SMTP conversation).
"""
