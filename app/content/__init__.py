"""Course and quiz files as data: reading, checking, writing, rendering and grading them.

Pure Python: nothing here imports Flask, SQLAlchemy or a feature package, so the CLI, the web editor, the
importer and the tests share one implementation. `courses` and `quizzes` are the web features on top.
"""
