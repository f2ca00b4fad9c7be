"""Learning analytics for trainers: the cohort view and item analysis of quizzes, per language."""
