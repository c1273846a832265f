"""Forms of pillar 2, one module per area (plans, evidence, hr, strategies, advisers)."""
