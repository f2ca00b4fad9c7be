"""Quiz files: the Markdown format, GIFT and Aiken, the stored JSON form, and grading."""
