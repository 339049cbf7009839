"""Printed forms of the one-stop desk, rendered to PDF and Excel without Flask or a database."""
