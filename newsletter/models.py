"""Models of the app (filled in by issue 14)."""
