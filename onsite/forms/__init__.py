"""Forms of pillar 3, one module per area (projects, entries, effects, lessons)."""
