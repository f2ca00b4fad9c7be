"""Audit log: security-relevant events that admins can read."""
