"""The signed-in landing page and health check."""
