"""The citizen portal: public case status lookup (and, later, accounts and online submission)."""
