"""Accounts: staff users, roles, login and the permission rules."""
