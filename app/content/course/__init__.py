"""Course folders: course.yaml, module files, links and cues, checked before anything is stored."""
