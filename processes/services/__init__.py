"""Writes of processes: one module per subject (processes, milestones, documents, sheets,
reminders, anchoring, team). Each function is keyword-only, validated, atomic and audited, and
records a ``ProcessEvent``."""
