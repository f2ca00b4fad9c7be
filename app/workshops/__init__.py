"""Workshops: the live half of the series (dates, registration, attendance, blended certificates)."""
