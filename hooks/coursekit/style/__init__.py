"""Formatting: each work's reference and in-text forms, in the course's citation style."""
