"""Tests for the procedure catalogue."""
