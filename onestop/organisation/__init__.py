"""Organisation: units (agencies, any depth) with their one-stop desks, and their departments."""
