"""Personal data: a participant downloads everything the platform holds about them, or deletes their account.

``export.py`` and ``deletion.py`` are the domain (plain functions, no request); ``routes.py`` the pages.
What is stored, exported and deleted is described for people in docs/privacy.md.
"""
