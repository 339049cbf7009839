"""Notifications to citizens and staff: outbox rows written with the event, sent by RQ jobs."""
