"""Helpers that every feature's views share, kept below all features: downloads, the pager, status labels.

Nothing here knows a feature; features import from here, never from each other's routes.
"""
