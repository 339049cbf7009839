"""Onestop: case tracking for one-stop-shop desks."""
