"""Writes of pillar 3: projects and the learning log (projects, entries), effects and lessons."""
