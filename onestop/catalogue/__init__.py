"""Procedure catalogue: parse, validate and price procedure records (no Flask, no database)."""
