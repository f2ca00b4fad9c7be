"""Trainer authoring: edit a module's text or quiz in the browser, check it, save drafts, publish revisions."""
