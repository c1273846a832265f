"""Models arrive with their issue; see docs/architecture.md for what this app will own."""
